// "Ignore <rule> on this line / in this file": the exact one-line edit (a new comment with the
// reported line's indentation and the file's line break, or `, <id>` appended to a directive that
// is already there), and after it the problem is gone while every other problem stays. LF and CRLF.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/parser.ts';
import { validate } from '../../../server/src/core/validate.ts';
import { suppressionFixes } from '../../../server/src/core/edits/suppress.ts';
import type { Problem } from '../../../server/src/core/problem.ts';
import { applyEdits, EOLS } from './helpers.ts';

const KEY = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
const PEER = 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=';

const ids = (problems: readonly Problem[]) => problems.map((p) => `${p.range.start.line}:${p.rule}`).sort();

function fixesFor(text: string, rule: string, line?: number) {
  const doc = parse(text);
  const problems = validate(doc);
  const p = problems.find((q) => q.rule === rule && (line === undefined || q.range.start.line === line));
  assert.ok(p, `expected a ${rule} problem in:\n${text}`);
  return { problems, problem: p, fixes: suppressionFixes(doc, p) };
}

/** The fix titled `title` applied: the new text, the lines it changed, and what validation says then. */
function apply(text: string, rule: string, title: string, line?: number) {
  const { problems, fixes } = fixesFor(text, rule, line);
  const fix = fixes.find((f) => f.title === title);
  assert.ok(fix, `no "${title}" among ${fixes.map((f) => f.title).join(', ')}`);
  assert.equal(fix.edits.length, 1);
  const after = applyEdits(text, fix.edits);
  return { before: problems, after, problems: validate(parse(after)) };
}

describe('ignore actions', () => {
  for (const eol of EOLS) {
    const tag = eol === '\n' ? 'LF' : 'CRLF';
    const lines = (...l: string[]) => l.join(eol) + eol;
    const base = lines('[Interface]', `PrivateKey = ${KEY}`, 'MTU = 1500', 'Foo = 1', '', '[Peer]', `  PublicKey = ${PEER}`, '  AllowedIPs = 10.0.0.1/32', '  Bar = 2');

    test(`${tag}: on this line inserts a comment above with the line's indentation`, () => {
      const r = apply(base, 'unknown-key', 'Ignore unknown-key on this line', 8);
      assert.equal(r.after, base.replace(`  Bar = 2${eol}`, `  # wgls-disable-next-line unknown-key${eol}  Bar = 2${eol}`));
      // Only that one problem is gone; everything else (shifted by the new line) stays.
      const expected = ids(r.before.filter((p) => !(p.rule === 'unknown-key' && p.range.start.line === 8)));
      assert.deepEqual(ids(r.problems.map((p) => ({ ...p, range: { ...p.range, start: { ...p.range.start, line: p.range.start.line > 8 ? p.range.start.line - 1 : p.range.start.line } } }))), expected);
    });

    test(`${tag}: on this line joins a next-line directive already above`, () => {
      const text = base.replace(`MTU = 1500${eol}`, `# wgls-disable-next-line unknown-key  ${eol}MTU = 1500${eol}`);
      const r = apply(text, 'mtu-too-high', 'Ignore mtu-too-high on this line');
      assert.equal(r.after, text.replace('# wgls-disable-next-line unknown-key', '# wgls-disable-next-line unknown-key, mtu-too-high'));
      assert.ok(!r.problems.some((p) => p.rule === 'mtu-too-high'));
    });

    test(`${tag}: in this file inserts a directive at the top, or joins the one there`, () => {
      const r = apply(base, 'unknown-key', 'Ignore unknown-key in this file', 3);
      assert.equal(r.after, `# wgls-disable unknown-key${eol}${base}`);
      assert.deepEqual(r.problems.filter((p) => p.rule === 'unknown-key'), []);
      assert.ok(r.problems.some((p) => p.rule === 'mtu-too-high'));

      const withDirective = lines('# notes', '# wgls-disable mtu-too-high') + base;
      const again = apply(withDirective, 'unknown-key', 'Ignore unknown-key in this file', 5);
      assert.equal(again.after, withDirective.replace('# wgls-disable mtu-too-high', '# wgls-disable mtu-too-high, unknown-key'));
      assert.deepEqual(again.problems.filter((p) => p.rule === 'unknown-key' || p.rule === 'mtu-too-high'), []);
    });
  }

  test('a comment above holding another kind of directive is left alone; a new next-line comment goes below it', () => {
    const text = `[Interface]\nPrivateKey = ${KEY}\n# wgls-disable-line unknown-key\nMTU = 1500\n`;
    const r = apply(text, 'mtu-too-high', 'Ignore mtu-too-high on this line');
    assert.equal(r.after, text.replace('MTU = 1500', '# wgls-disable-next-line mtu-too-high\nMTU = 1500'));
    assert.ok(!r.problems.some((p) => p.rule === 'mtu-too-high'));
  });

  test('after a BOM: the comment goes after it, and an id is appended at the right column', () => {
    const bom = '\uFEFF';
    const text = `${bom}[Interface]\nPrivateKey = ${KEY}\nMTU = 1500\nFoo = 1\n`;
    const file = apply(text, 'mtu-too-high', 'Ignore mtu-too-high in this file');
    assert.equal(file.after, `${bom}# wgls-disable mtu-too-high\n[Interface]\nPrivateKey = ${KEY}\nMTU = 1500\nFoo = 1\n`);
    assert.deepEqual(ids(file.problems), ['0:bom', '4:unknown-key']);
    const again = apply(file.after, 'unknown-key', 'Ignore unknown-key in this file');
    assert.equal(again.after, file.after.replace('# wgls-disable mtu-too-high', '# wgls-disable mtu-too-high, unknown-key'));
    assert.deepEqual(ids(again.problems), ['0:bom']);
  });

  test('a problem about the file (the BOM, reported at 0:0) gets only the file-wide action, which silences it', () => {
    const text = `\uFEFF[Interface]\nPrivateKey = ${KEY}\n`;
    const { fixes } = fixesFor(text, 'bom');
    assert.deepEqual(fixes.map((f) => f.title), ['Ignore bom in this file']);
    assert.deepEqual(ids(apply(text, 'bom', 'Ignore bom in this file').problems), []);
  });

  test('no Ignore actions for unused-suppression: no comment suppresses it (suppression review: the comment written was reported unused too)', () => {
    const doc = parse('[Interface]\nMTU = 1420 # wgls-disable-line mtu-too-high\n');
    const [p] = validate(doc).filter((x) => x.rule === 'unused-suppression');
    assert.ok(p);
    assert.deepEqual(suppressionFixes(doc, p), []);
  });

  test('no next-line action for a problem on a blank or comment line, but the file-wide one', () => {
    // A problem reported on a comment line cannot be reached by a next-line directive (it skips comments).
    const text = `[Interface]\nPrivateKey = ${KEY}\n`;
    const doc = parse(`${text}# a comment\n`);
    const problem: Problem = { rule: 'unknown-key', severity: 'warning', message: 'x', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } } } as Problem;
    assert.deepEqual(suppressionFixes(doc, problem).map((f) => f.title), ['Ignore unknown-key in this file']);
  });
});

describe('ignore actions keep a section\'s name (settings review: a lone "# bob" above [Peer] stopped naming it)', () => {
  for (const eol of EOLS) {
    test(`the directive written above a header, below its name comment (${eol === '\n' ? 'LF' : 'CRLF'})`, async () => {
      const { documentSymbols } = await import('../../../server/src/core/features/symbols.ts');
      const text = [`[Interface]`, `PrivateKey = ${KEY}`, '', '# bob', '[Peer]', 'AllowedIPs = 10.0.0.2/32', ''].join(eol);
      const { after, problems } = apply(text, 'missing-public-key', 'Ignore missing-public-key on this line');
      assert.deepEqual(ids(problems).filter((p) => p.endsWith('missing-public-key')), []);
      assert.deepEqual(documentSymbols(parse(after)).map((s) => s.name), ['Interface', 'bob']);
    });
    test(`a # wgls-target line there hides no name either (${eol === '\n' ? 'LF' : 'CRLF'}; diff review)`, async () => {
      const { documentSymbols } = await import('../../../server/src/core/features/symbols.ts');
      const text = ['# laptop', '# wgls-target android', '[Interface]', `PrivateKey = ${KEY}`, ''].join(eol);
      assert.deepEqual(documentSymbols(parse(text)).map((s) => s.name), ['laptop']);
    });
  }
});
