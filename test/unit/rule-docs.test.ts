// Rule documentation: every rule id has a page (docs/rules/<id>.md) whose title is the id,
// every page belongs to a rule, docs/README.md links every rule (and README.md counts them right), and each page's Example
// really triggers its rule while its Fixed snippet does not.
// Diagnostics link to these pages (codeDescription.href), so a missing page is a dead link.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/core/rules/catalogue.ts';
import { validateInWorkspace, type ValidateOptions } from '../../server/src/core/validate.ts';
import { WorkspaceModel } from '../../server/src/core/workspace.ts';

const ROOT = join(__dirname, '..', '..');
const RULES_DIR = join(ROOT, 'docs', 'rules');
const IDS = Object.keys(RULES).sort();

const page = (id: string) => readFileSync(join(RULES_DIR, `${id}.md`), 'utf8');

interface Block {
  readonly code: string;
  /**
   * Validation options; `file` is the example's path in the workspace (cross-file rules); `lineEnding`
   * `"cr"` turns the block's line breaks into lone CRs (a page cannot show them literally).
   */
  readonly options: ValidateOptions & { file?: string; lineEnding?: 'cr' };
}

/**
 * The ```ini blocks under a `## <heading>`, each with the `<!-- example-options: {…} -->` comment just
 * before it. Several blocks form a workspace (one file each); the diagnostics of the first are checked.
 */
function blocks(text: string, heading: string): Block[] {
  const at = text.search(new RegExp(`^## ${heading}\\s*$`, 'm'));
  if (at < 0) return [];
  const rest = text.slice(at + 3);
  const next = rest.search(/^## /m);
  const body = next < 0 ? rest : rest.slice(0, next);
  const out: Block[] = [];
  for (const m of body.matchAll(/(?:<!-- example-options: (\{.*?\}) -->\s*\n)?```ini\n([\s\S]*?)```/g)) {
    const options = m[1] ? (JSON.parse(m[1]) as Record<string, unknown>) : {};
    // Modes are written in octal ("644") in the pages.
    for (const k of ['fileMode', 'dirMode']) {
      if (typeof options[k] === 'string') options[k] = parseInt(options[k], 8);
    }
    const code = options.lineEnding === 'cr' ? m[2]!.replace(/\n/g, '\r') : m[2]!;
    out.push({ code, options: options as Block['options'] });
  }
  return out;
}

/** Rule ids reported for the first block, with the other blocks as its workspace. */
function rulesFor(list: readonly Block[]): Set<string> {
  const ws = new WorkspaceModel();
  const files = list.map((b, i) => ws.setText(`file:///docs-example/${b.options.file ?? `example${i}/wg0.conf`}`, b.code));
  const { file: _file, lineEnding: _eol, ...options } = list[0]!.options;
  return new Set(validateInWorkspace(ws, files[0]!, options).map((p) => p.rule));
}

/** `file: rule` of each warning or error of any block, with the others as its workspace. */
function seriousFor(list: readonly Block[]): string[] {
  const ws = new WorkspaceModel();
  const files = list.map((b, i) => ws.setText(`file:///docs-example/${b.options.file ?? `example${i}/wg0.conf`}`, b.code));
  return files.flatMap((f, i) => {
    const { file: _file, lineEnding: _eol, ...options } = list[i]!.options;
    return validateInWorkspace(ws, f, options)
      .filter((p) => p.severity === 'error' || p.severity === 'warning')
      .map((p) => `${list[i]!.options.file ?? `block ${i + 1}`}: ${p.rule}`);
  });
}

describe('rule docs', () => {
  test('the catalogue is not empty', () => {
    assert.ok(IDS.length > 0);
  });

  test('every rule id has a page titled "# <id>"', () => {
    const missing = IDS.filter((id) => !existsSync(join(RULES_DIR, `${id}.md`)));
    assert.deepEqual(missing, [], `rules without a page in docs/rules: ${missing.join(', ')}`);
    for (const id of IDS) {
      const first = page(id).split(/\r?\n/, 1)[0];
      assert.equal(first, `# ${id}`, `docs/rules/${id}.md must start with "# ${id}"`);
    }
  });

  test('every page in docs/rules belongs to a rule id (no orphans)', () => {
    const ids = new Set(IDS);
    const orphans = readdirSync(RULES_DIR).filter((f) => !(f.endsWith('.md') && ids.has(f.slice(0, -3))));
    assert.deepEqual(orphans, [], `files in docs/rules that match no rule id: ${orphans.join(', ')}`);
  });

  test('every page has the required sections', () => {
    for (const id of IDS) {
      const text = page(id);
      for (const h of ['What it catches', 'Why it matters', 'Example', 'Fixed', 'Quick fixes', 'Configuration']) {
        assert.match(text, new RegExp(`^## ${h}\\s*$`, 'm'), `docs/rules/${id}.md lacks "## ${h}"`);
      }
      assert.match(text, /^\*\*Default severity:\*\* (error|warning|information|hint)\b/m, `docs/rules/${id}.md lacks its default severity line`);
      const stated = /^\*\*Default severity:\*\* (\w+)/m.exec(text)![1];
      assert.equal(stated, RULES[id as keyof typeof RULES].severity, `docs/rules/${id}.md states another default severity than the catalogue`);
      assert.ok(text.includes(`"${id}": "off"`), `docs/rules/${id}.md does not show how to turn the rule off`);
    }
  });

  test('docs/README.md links every rule', () => {
    const index = readFileSync(join(ROOT, 'docs', 'README.md'), 'utf8');
    const unlinked = IDS.filter((id) => !index.includes(`](rules/${id}.md)`));
    assert.deepEqual(unlinked, [], `rules not linked from docs/README.md: ${unlinked.join(', ')}`);
  });

  test("README.md's rule count is the catalogue's", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.equal(/catalogue of (\d+) rules/.exec(readme)?.[1], String(IDS.length));
  });

  test("each page's Example triggers its rule and its Fixed snippet does not", () => {
    const wrong: string[] = [];
    for (const id of IDS) {
      const text = page(id);
      const example = blocks(text, 'Example');
      const fixed = blocks(text, 'Fixed');
      if (!example.length || !fixed.length) {
        wrong.push(`${id}: no \`\`\`ini block under Example or Fixed`);
        continue;
      }
      if (!rulesFor(example).has(id)) wrong.push(`${id}: the Example does not trigger it`);
      if (rulesFor(fixed).has(id)) wrong.push(`${id}: the Fixed snippet still triggers it`);
    }
    assert.deepEqual(wrong, []);
  });

  test('no Example raises a warning or an error of another rule than its own, but where the page is about that (docs audit: four did)', () => {
    // unknown-rule-id: the misspelt id suppresses nothing, so the MTU it meant to silence is reported: the point.
    const meant: Readonly<Record<string, readonly string[]>> = { 'unknown-rule-id': ['mtu-too-high'] };
    const wrong: string[] = [];
    for (const id of IDS) {
      for (const s of seriousFor(blocks(page(id), 'Example'))) if (![id, ...(meant[id] ?? [])].some((r) => s.endsWith(`: ${r}`))) wrong.push(`${id}: ${s}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('no Fixed snippet raises a warning or an error of another rule, in any of its files (docs review: six did)', () => {
    const wrong: string[] = [];
    for (const id of IDS) for (const s of seriousFor(blocks(page(id), 'Fixed'))) wrong.push(`${id}: ${s}`);
    assert.deepEqual(wrong, []);
  });
});
