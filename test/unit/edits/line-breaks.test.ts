// The line break wgls writes into a document (eolOf): the document's most common one as wg reads lines,
// and the cost of finding it on runs of lone CRs.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, type ConfigDocument } from '../../../server/src/core/parser.ts';
import { eolOf } from '../../../server/src/core/edits/change.ts';

/** `doc` with its lines behind a proxy that counts every line read. */
function counted(doc: ConfigDocument): { doc: ConfigDocument; reads: () => number } {
  let n = 0;
  const lines = new Proxy(doc.lines, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^[0-9]+$/.test(key)) n++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { doc: { ...doc, lines } as ConfigDocument, reads: () => n };
}

describe('eolOf', () => {
  for (const [text, eol] of [
    ['[Interface]\nMTU = 1420\n', '\n'],
    ['[Interface]\r\nMTU = 1420\r\n', '\r\n'],
    ['[Interface]\r\nMTU = 1420\r\nListenPort = 1\n', '\r\n'],
    ['[Interface]\r\r\nMTU = 1420\r\r\n', '\r\r\n'],
    ['[Interface]\rMTU = 1420\r', '\n'],
    ['[Interface]', '\n'],
  ] as const) {
    test(`${JSON.stringify(text)} → ${JSON.stringify(eol)}`, () => assert.equal(eolOf(parse(text)), eol));
  }

  // From an LSP review: a run of lone CRs that ends in text (one line to wg) was scanned again from each
  // of its lines: 100,000 CRs took 29 s on every keystroke, the server answering nothing meanwhile.
  for (const [name, text] of [
    ['a run of lone CRs joining two lines', `[Interface]${'\r'.repeat(20_000)}ListenPort = 1`],
    ['CR CR LF lines', `[Interface]\r\r\n${'MTU = 1420\r\r\n'.repeat(10_000)}`],
    ['lone CRs between entries', `[Interface]\n${'MTU = 1\r'.repeat(20_000)}x`],
  ] as const) {
    test(`${name}: each line read a bounded number of times`, () => {
      const { doc, reads } = counted(parse(text));
      eolOf(doc);
      assert.ok(reads() <= 4 * doc.lines.length, `${reads()} line reads for ${doc.lines.length} lines`);
    });
  }
});
