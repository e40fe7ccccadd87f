// The server's settings defaults and package.json's contributes.configuration must
// describe the same settings with the same defaults (after bash-language-server).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/lsp/settings.ts';
import { parse } from '../../server/src/core/parser.ts';
import { validate } from '../../server/src/core/validate.ts';
import { TARGETS } from '../../server/src/core/schema.ts';
import { RULE_IDS } from '../../server/src/core/rules/catalogue.ts';
import { findRulesBlock, rulesBlock } from '../../scripts/rule-settings.ts';

const manifestText = readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText);
const properties: Record<string, { default: unknown; enum?: string[] }> = manifest.contributes.configuration.properties;

/** { a: { b: 1 }, c: {} } → { 'wgls.a.b': 1, 'wgls.c': {} }; objects meant as maps (rules) stay whole. */
function flatten(obj: Record<string, unknown>, prefix = 'wgls', out: Record<string, unknown> = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const key = `${prefix}.${k}`;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) flatten(v as Record<string, unknown>, key, out);
    else out[key] = v;
  }
  return out;
}

/** Settings the client library reads itself (vscode-languageclient: the trace of the connection), with their defaults. */
const CLIENT_ONLY: Record<string, unknown> = { 'wgls.trace.server': 'messages' };

describe('settings', () => {
  it('package.json declares exactly the server settings, with the same defaults (and the client library\'s own)', () => {
    const server = flatten(DEFAULT_SETTINGS as unknown as Record<string, unknown>);
    assert.deepEqual(Object.keys(properties).sort(), [...Object.keys(server), ...Object.keys(CLIENT_ONLY)].sort());
    for (const [key, value] of Object.entries(CLIENT_ONLY)) assert.deepEqual(properties[key]!.default, value, key);
    for (const [key, value] of Object.entries(server)) assert.deepEqual(properties[key]!.default, value, key);
  });
  it('the target enum lists every target', () => {
    assert.deepEqual([...properties['wgls.target']!.enum!].sort(), TARGETS.map((t) => t.id).sort());
  });
  it('wgls.rules names every rule id (VS Code completes them in settings.json and flags others), as the catalogue says', () => {
    const rules = manifest.contributes.configuration.properties['wgls.rules'];
    assert.deepEqual(Object.keys(rules.properties), RULE_IDS);
    assert.equal(rules.additionalProperties, false);
    const { start, end, indent } = findRulesBlock(manifestText);
    assert.equal(manifestText.slice(start, end), rulesBlock(rules.markdownDescription, indent), 'package.json is behind the rule catalogue: run `node --import tsx scripts/rule-settings.ts`');
  });
  it('bad values fall back to the defaults', () => {
    assert.deepEqual(normalizeSettings({ target: 'nonsense', rules: 5, inlayHints: 'x' }), DEFAULT_SETTINGS);
    assert.deepEqual(normalizeSettings(null), DEFAULT_SETTINGS);
    assert.equal(normalizeSettings({ target: 'android' }).target, 'android');
  });
  it('a target in any case is that target, as the # wgls-target comment reads it; one that is none is said (settings review)', () => {
    assert.equal(normalizeSettings({ target: 'Android' }).target, 'android');
    assert.equal(normalizeSettings({ target: 'WG-Quick' }).target, 'wg-quick');
    const warned: string[] = [];
    assert.equal(normalizeSettings({ target: 'bogus' }, (m) => warned.push(m)).target, 'wg-quick');
    assert.deepEqual(warned, ['wgls: wgls.target "bogus" is no target (wg-quick, wg, windows, android, apple, amneziawg): checking for wg-quick']);
    normalizeSettings({ target: 'apple' }, (m) => warned.push(m));
    assert.equal(warned.length, 1);
  });
  it('a rule severity that is none is dropped (the rule keeps its default); case does not matter', () => {
    const rules = { 'mtu-too-high': 'Off', 'bom': 'ERROR', 'invalid-key': 'bogus', 'empty-value': 5, 'cr-line-ending': {}, 'unknown-key': 'hint' };
    assert.deepEqual(normalizeSettings({ rules }).rules, { 'mtu-too-high': 'off', bom: 'error', 'unknown-key': 'hint' });
    assert.deepEqual(normalizeSettings({ rules: ['off'] }).rules, {});
  });
  it('the engine ignores a severity that is none, whoever passes it', () => {
    const text = '[Interface]\nPrivateKey = MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=\nAddress = 10.0.0.1/24\nMTU = 1500\n';
    const p = validate(parse(text), { severities: { 'mtu-too-high': 'Off' as never } }).find((x) => x.rule === 'mtu-too-high');
    assert.equal(p?.severity, 'warning');
  });
});
