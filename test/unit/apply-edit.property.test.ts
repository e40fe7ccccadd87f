// applyEdit (the server's per-keystroke path) must agree with the editor library on the text of
// every change, positions out of range and reversed ranges included, and with a fresh parse on
// the result; and it must re-parse only the lines around the change (its point).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './property-seed.ts';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdit, lineStarts, offsetAt, parse, type ConfigDocument } from '../../server/src/core/parser.ts';
import { startsByWalking } from './fixtures/parser/starts.ts';
import { plain } from './fixtures/parser/plain.ts';

const RUNS = Number(process.env.WGLS_PROPERTY_RUNS ?? 500);
// Small alphabets make CR/LF pairs, BOMs, headers and equal lines collide often.
const piece = fc.constantFrom('\n', '\r', '\r\n', '[Peer]', 'A = 1', '#c', ' ', '=', 'x', '', '\uFEFF', '\n\n', 'PublicKey = k');
const text = fc.array(piece, { maxLength: 30 }).map((a) => a.join(''));
const position = fc.record({ line: fc.integer({ min: -2, max: 14 }), character: fc.integer({ min: -2, max: 16 }) });
const change = fc.record({ start: position, end: position, text });

function apply(doc: ConfigDocument, c: { start: { line: number; character: number }; end: { line: number; character: number }; text: string }) {
  return applyEdit(doc, c.start, c.end, c.text);
}

test('applyEdit = the editor library + parse, for any sequence of changes', () => {
  fc.assert(
    fc.property(text, fc.array(change, { minLength: 1, maxLength: 4 }), (before, changes) => {
      let doc = parse(before);
      let reference = TextDocument.create('file:///x', 'wireguard', 1, before);
      for (const c of changes) {
        assert.equal(offsetAt(doc, c.start), reference.offsetAt(c.start), 'offsetAt start');
        assert.equal(offsetAt(doc, c.end), reference.offsetAt(c.end), 'offsetAt end');
        doc = apply(doc, c);
        const updated = TextDocument.update(reference, [{ range: { start: c.start, end: c.end }, text: c.text }], reference.version + 1);
        // The library's text is right, but after a change at a position past the end its line table
        // is not (offsetAt gives NaN); a fresh document from the same text keeps the comparison fair.
        reference = TextDocument.create('file:///x', 'wireguard', updated.version, updated.getText());
        assert.equal(doc.text, reference.getText());
        assert.deepEqual(plain(doc), plain(parse(reference.getText())));
        assert.deepEqual([...lineStarts(doc)], startsByWalking(doc), 'line starts carried over by the edit');
      }
    }),
    { numRuns: RUNS },
  );
});

test('applyEdit re-parses only the lines around the change, on big documents too', () => {
  const line = fc.constantFrom('[Peer]', 'PublicKey = k', 'AllowedIPs = 10.0.0.1/32', '# c', '', 'x = y');
  const big = fc.tuple(fc.array(line, { minLength: 1, maxLength: 6 }), fc.integer({ min: 50, max: 2000 }), fc.constantFrom('\n', '\r\n', '\r'))
    .map(([ls, n, eol]) => Array.from({ length: n }, (_, i) => ls[i % ls.length]).join(eol));
  fc.assert(
    fc.property(big, fc.nat(), fc.nat(5), fc.nat(20), fc.nat(20), text, (before, at, span, c1, c2, insert) => {
      const prev = parse(before);
      const startLine = at % prev.lines.length;
      const start = { line: startLine, character: c1 };
      const end = { line: startLine + span, character: c2 };
      const next = applyEdit(prev, start, end, insert);
      const reference = TextDocument.update(TextDocument.create('file:///x', 'wireguard', 1, before), [{ range: { start, end }, text: insert }], 2);
      assert.equal(next.text, reference.getText());
      assert.deepEqual(plain(next), plain(parse(reference.getText())));
      const breaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;
      const old = new Set(prev.lines);
      const fresh = next.lines.filter((l) => !old.has(l)).length;
      // The touched lines (span + 1), what the insert adds, and one line on each side. Except an edit
      // at the very start that adds, removes or follows a BOM: applyEdit then parses the whole text.
      // (A column past the end of line 0 is its end: on an empty first line, column 1 is the start too.)
      const firstColumn = Math.min(span === 0 ? Math.min(c1, c2) : c1, prev.lines[0]!.length + (prev.bom ? 1 : 0));
      const atStart = startLine === 0 && firstColumn === 0;
      if (atStart && (prev.bom || next.bom)) return;
      assert.ok(fresh <= span + 1 + breaks(insert) + 2, `${fresh} lines re-parsed`);
    }),
    { numRuns: Math.max(30, RUNS / 5) },
  );
});

test('a keystroke keeps every other Line and Section object', () => {
  const body = Array.from({ length: 300 }, (_, i) => `[Peer]\nPublicKey = k${i}\nAllowedIPs = 10.0.${i % 250}.1/32\n`).join('');
  for (const eol of ['\n', '\r\n']) {
    const prev = parse(body.replaceAll('\n', eol));
    const line = 3 * 150 + 1; // PublicKey of peer 150
    const next = applyEdit(prev, { line, character: 16 }, { line, character: 16 }, 'x');
    assert.equal(next.lines[line]!.node.text, 'PublicKey = k150x');
    assert.deepEqual(next.lines.map((l, i) => (l === prev.lines[i] ? -1 : i)).filter((i) => i >= 0), [line - 1, line, line + 1]);
    assert.deepEqual(next.sections.map((s, i) => (s === prev.sections[i] ? -1 : i)).filter((i) => i >= 0), [150]);
  }
});
