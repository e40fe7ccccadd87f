// The server keeps open documents as ParsedTextDocuments (lsp/documents.ts) instead of the LSP
// library's TextDocument: every TextDocument method must answer exactly as the library's does,
// and updates through the TextDocuments configuration must give the library's text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './property-seed.ts';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocuments } from '../../server/src/lsp/documents.ts';
import { parse } from '../../server/src/core/parser.ts';
import { plain } from './fixtures/parser/plain.ts';

const RUNS = Number(process.env.WGLS_PROPERTY_RUNS ?? 300);
const piece = fc.constantFrom('\n', '\r', '\r\n', '[Peer]', 'A = 1', '#c', ' ', 'x', '', '\uFEFF', 'é', '😀');
const text = fc.array(piece, { maxLength: 25 }).map((a) => a.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 10 }), character: fc.integer({ min: -1, max: 12 }) });
const change = fc.oneof(
  fc.record({ range: fc.record({ start: position, end: position }), text }),
  fc.record({ text }), // a full-text change
);

test('ParsedTextDocument answers like the library TextDocument, through any updates', () => {
  fc.assert(
    fc.property(text, fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 3 }), fc.array(position, { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: -2, max: 80 }), { minLength: 1, maxLength: 5 }), (initial, updates, positions, offsets) => {
      const docs = new ParsedDocuments();
      let ours = docs.configuration.create('file:///x.conf', 'wireguard', 1, initial);
      let reference = TextDocument.create('file:///x.conf', 'wireguard', 1, initial);
      const check = () => {
        assert.equal(ours.getText(), reference.getText());
        assert.equal(ours.lineCount, reference.lineCount);
        assert.equal(ours.version, reference.version);
        for (const p of positions) {
          assert.equal(ours.offsetAt(p), reference.offsetAt(p), `offsetAt ${JSON.stringify(p)}`);
          assert.equal(ours.getLineRange(p.line).end.character, reference.getLineRange(p.line).end.character, `getLineRange ${p.line}`);
          assert.deepEqual(ours.getLineRange(p.line), reference.getLineRange(p.line));
          assert.equal(ours.getEOLCharacters(p.line), reference.getEOLCharacters(p.line));
          assert.equal(ours.getText({ start: p, end: positions[0]! }), reference.getText({ start: p, end: positions[0]! }));
        }
        for (const o of offsets) assert.deepEqual(ours.positionAt(o), reference.positionAt(o), `positionAt ${o}`);
        assert.deepEqual(plain(docs.get(ours)), plain(parse(reference.getText())));
      };
      check();
      for (const changes of updates) {
        const version = ours.version + 1;
        ours = docs.configuration.update(ours, changes, version);
        // One change at a time, recreated from its text after each: the library's line table is wrong
        // after a change at a position past the end (a later change in the same batch would then
        // land elsewhere; editors never send such positions).
        for (const c of changes) reference = TextDocument.create('file:///x.conf', 'wireguard', version, TextDocument.update(reference, [c], version).getText());
        check();
      }
    }),
    { numRuns: RUNS },
  );
});
