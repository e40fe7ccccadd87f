// Writes package.json's `wgls.rules` setting from the rule catalogue: one property per rule id,
// so that VS Code completes the ids in settings.json (with each rule's summary and default) and
// flags an id no rule has. Run after adding a rule: `node --import tsx scripts/rule-settings.ts`
// (test/unit/settings.test.ts fails until package.json matches the catalogue).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../server/src/core/rules/catalogue.ts';

export const SEVERITIES = ['off', 'error', 'warning', 'information', 'hint'];

/** The `wgls.rules` properties the catalogue implies. */
export function ruleProperties(): Record<string, { type: 'string'; enum: string[]; markdownDescription: string }> {
  const out: Record<string, { type: 'string'; enum: string[]; markdownDescription: string }> = {};
  for (const [id, info] of Object.entries(RULES)) {
    out[id] = { type: 'string', enum: SEVERITIES, markdownDescription: `${info.summary} Default: \`${info.severity}\`.` };
  }
  return out;
}

/** The `"wgls.rules": {…}` block of package.json, indented as there: one line per rule. */
export function rulesBlock(description: string, indent: string): string {
  const i2 = `${indent}  `;
  const i3 = `${i2}  `;
  const severities = JSON.stringify(SEVERITIES).replace(/,/g, ', ');
  const rows = Object.entries(ruleProperties()).map(
    ([id, p]) => `${i3}${JSON.stringify(id)}: { "type": "string", "enum": ${severities}, "markdownDescription": ${JSON.stringify(p.markdownDescription)} }`,
  );
  return [
    `${indent}"wgls.rules": {`,
    `${i2}"type": "object",`,
    `${i2}"default": {},`,
    `${i2}"properties": {`,
    rows.join(',\n'),
    `${i2}},`,
    // An id no rule has is a typo: VS Code marks it in settings.json.
    `${i2}"additionalProperties": false,`,
    `${i2}"markdownDescription": ${JSON.stringify(description)},`,
    `${i2}"scope": "resource"`,
    `${indent}}`,
  ].join('\n');
}

/** The `"wgls.rules"` block in the manifest's text: where it starts and ends, and its indentation. */
export function findRulesBlock(text: string): { start: number; end: number; indent: string } {
  const at = text.indexOf('"wgls.rules": {');
  if (at < 0) throw new Error('package.json has no "wgls.rules" setting');
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = text.slice(lineStart, at);
  const end = text.indexOf(`\n${indent}}`, at) + indent.length + 2;
  return { start: lineStart, end, indent };
}

if (process.argv[1]?.endsWith('rule-settings.ts')) {
  const path = join(__dirname, '..', 'package.json');
  const text = readFileSync(path, 'utf8');
  const manifest = JSON.parse(text);
  const description: string = manifest.contributes.configuration.properties['wgls.rules'].markdownDescription;
  const { start, end, indent } = findRulesBlock(text);
  const next = text.slice(0, start) + rulesBlock(description, indent) + text.slice(end);
  JSON.parse(next); // still JSON
  writeFileSync(path, next);
  console.log(`package.json: wgls.rules lists ${Object.keys(ruleProperties()).length} rules`);
}
