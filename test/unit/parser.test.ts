// Table-driven parser tests: exact node (kind and every span) for every line,
// section grouping and preamble, EOLs and the byte-exact round trip.
// Each fixture runs twice, with LF and with CRLF line ends.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LineCache, parse, parseLine, print, sectionKind, type ConfigDocument } from '../../server/src/core/parser.ts';
import { PARSER_CASES, blank, entry, section } from './fixtures/parser/cases.ts';
import { eachEol } from './fixtures/parser/eol.ts';
import { plain, plainNode } from './fixtures/parser/plain.ts';

/** The grouping of a document as plain data: what the fixtures describe. */
function grouping(doc: ConfigDocument) {
  return {
    preamble: doc.preamble.map((e) => e.line),
    sections: doc.sections.map((s) => ({ kind: s.kind, headerLine: s.headerLine, endLine: s.endLine, entries: s.entries.map((e) => e.line) })),
  };
}

/** The references inside the grouping point at the document's own nodes. */
function assertGroupingConsistent(doc: ConfigDocument) {
  for (const ref of doc.preamble) assert.equal(ref.node, doc.lines[ref.line]!.node);
  for (const s of doc.sections) {
    assert.equal(s.header, doc.lines[s.headerLine]!.node);
    for (const ref of s.entries) assert.equal(ref.node, doc.lines[ref.line]!.node);
  }
}

describe('parse: fixtures', () => {
  for (const c of PARSER_CASES) {
    eachEol(c.name, test, (v) => {
      const text = v.convert(c.text);
      const doc = parse(text);
      assert.equal(doc.bom, c.bom ?? false, 'bom');
      assert.deepEqual(
        doc.lines.map((l) => plainNode(l.node)),
        c.lines,
        'line nodes',
      );
      const eols = c.eols ?? c.lines.map((_, i) => (i === c.lines.length - 1 ? '' : '\n'));
      assert.deepEqual(
        doc.lines.map((l) => l.eol),
        eols.map((e) => (e === '\n' ? v.eol : e)),
        'eols',
      );
      assert.deepEqual(grouping(doc), { preamble: c.preamble ?? [], sections: c.sections ?? [] });
      assertGroupingConsistent(doc);
      assert.equal(print(doc), text, 'round trip');
      assert.deepEqual(plain(parse(text, new LineCache())), plain(doc), 'same result with a cache');
      for (const l of doc.lines) assert.equal(l.text.length, l.length, 'length');
    });
  }
});

describe('parseLine', () => {
  test('agrees with parse for a single line', () => {
    for (const c of PARSER_CASES) {
      for (const node of c.lines) assert.deepEqual(plainNode(parseLine(node.text)), node, JSON.stringify(node.text));
    }
  });

  test('end-of-line characters inside the text count as whitespace', () => {
    // parse() never passes them, but the node must still be sane if a caller does.
    assert.deepEqual(plainNode(parseLine('Key = v\r')), entry('Key = v\r', [0, 3], 'Key', 4, [6, 7], 'v'));
    assert.deepEqual(parseLine('\r\n'), blank('\r\n'));
  });
});

describe('sectionKind', () => {
  const table: Array<[string, string]> = [
    ['Interface', 'interface'],
    ['INTERFACE', 'interface'],
    ['Inter face', 'interface'],
    ['\tpeer\v', 'peer'],
    ['Peers', 'unknown'],
    ['', 'unknown'],
    ['Interface\u00a0', 'unknown'], // a no-break space is not whitespace to wg
    ['İnterface', 'unknown'], // no Unicode case folding tricks
  ];
  for (const [name, kind] of table) test(`${JSON.stringify(name)} → ${kind}`, () => assert.equal(sectionKind(name), kind));
});

describe('LineCache', () => {
  eachEol('shares nodes between documents and versions', test, (v) => {
    const cache = new LineCache();
    const a = parse(v.convert('[Peer]\nPublicKey = k\n[Peer]\n'), cache);
    const b = parse(v.convert('# new\n[Peer]\nPublicKey = k\n'), cache);
    assert.equal(b.lines[1]!.node, a.lines[0]!.node);
    assert.equal(b.lines[2]!.node, a.lines[1]!.node);
    assert.equal(a.lines[2]!.node, a.lines[0]!.node, 'identical lines share one node');
    assert.deepEqual(plain(b), plain(parse(v.convert('# new\n[Peer]\nPublicKey = k\n'))));
  });

  test('stays correct when it overflows its limit', () => {
    const cache = new LineCache(2);
    const text = Array.from({ length: 50 }, (_, i) => `K${i % 7} = ${i % 5}`).join('\n');
    for (let round = 0; round < 3; round++) assert.deepEqual(plain(parse(text, cache)), plain(parse(text)));
  });

  test('a cached node is the same for the same text regardless of neighbours', () => {
    const cache = new LineCache();
    const first = parse('[Interface]', cache).lines[0]!.node;
    assert.deepEqual(first, section('[Interface]', 0, 10, [1, 10], 'Interface'));
    assert.equal(parse('x\n[Interface]\ny', cache).lines[1]!.node, first);
  });
});
