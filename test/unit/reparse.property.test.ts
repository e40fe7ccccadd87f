// reparse(prev, edited) must equal parse(edited) for any text and any edit, while
// reusing the Line objects of unchanged lines (that is its point).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './property-seed.ts';
import fc from 'fast-check';
import { lineStarts, parse, reparse, print, type ConfigDocument } from '../../server/src/core/parser.ts';
import { buildModel } from '../../server/src/core/model.ts';
import { plainNode } from './fixtures/parser/plain.ts';
import { startsByWalking } from './fixtures/parser/starts.ts';

const RUNS = Number(process.env.WGLS_PROPERTY_RUNS ?? 500);
// Small alphabets make line endings, headers and equal lines collide often.
const piece = fc.constantFrom('\n', '\r', '\r\n', '[Peer]', 'A = 1', '#c', ' ', '=', 'x', '', '\uFEFF', '\n\n');
const text = fc.array(piece, { maxLength: 30 }).map((a) => a.join(''));

function shape(doc: ConfigDocument) {
  // The line starts the parse recorded (or the edit carried over) must be where the lines are.
  assert.deepEqual([...lineStarts(doc)], startsByWalking(doc), 'line starts');
  return {
    bom: doc.bom,
    lines: doc.lines.map((l) => [plainNode(l.node), l.eol]),
    sections: doc.sections.map((s) => [s.kind, s.headerLine, s.endLine, s.entries.map((e) => e.line)]),
    preamble: doc.preamble.map((e) => e.line),
  };
}

test('reparse equals parse for any edit', () => {
  fc.assert(
    fc.property(text, fc.nat(), fc.nat(), text, (before, a, b, insert) => {
      const from = Math.min(a, b) % (before.length + 1);
      const to = Math.max(a, b) % (before.length + 1);
      const after = before.slice(0, Math.min(from, to)) + insert + before.slice(Math.max(from, to));
      const prev = parse(before);
      const next = reparse(prev, after);
      assert.equal(print(next), after);
      assert.deepEqual(shape(next), shape(parse(after)));
    }),
    { numRuns: RUNS },
  );
});

test('an edit inside one line reuses every other Line object', () => {
  const lines = Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? '[Peer]' : `PublicKey = k${i}`));
  for (const eol of ['\n', '\r\n']) {
    const before = lines.join(eol);
    const prev = parse(before);
    const after = before.replace('PublicKey = k101', 'PublicKey = k101x');
    const next = reparse(prev, after);
    assert.equal(next.lines.length, prev.lines.length);
    const changed = next.lines.map((l, i) => (l === prev.lines[i] ? -1 : i)).filter((i) => i >= 0);
    assert.deepEqual(changed, [101]);
    assert.deepEqual(shape(next), shape(parse(after)));
  }
});

test('the model built after a reparse equals the model of a fresh parse (cached peers stay correct)', () => {
  const peerPiece = fc.constantFrom('[Peer]\n', '# Name = a\n', '# b\n', 'PublicKey = k1\n', 'PublicKey = k2\n', 'AllowedIPs = 10.0.0.1/32\n', 'AllowedIPs = 10.0.0.0/24, fd00::/64\n', 'Endpoint = 192.0.2.1:51820\n', 'PersistentKeepalive = 25\n', '\n', '[Interface]\n', 'x\n');
  const config = fc.array(peerPiece, { maxLength: 25 }).map((a) => a.join(''));
  fc.assert(
    fc.property(config, fc.nat(), fc.nat(), fc.array(peerPiece, { maxLength: 3 }).map((a) => a.join('')), (before, a, b, insert) => {
      const from = Math.min(a, b) % (before.length + 1);
      const to = Math.max(a, b) % (before.length + 1);
      const after = before.slice(0, from) + insert + before.slice(to);
      const prev = parse(before);
      buildModel(prev); // fills the peer cache with prev's lines
      const next = reparse(prev, after);
      const cached = buildModel(next);
      const fresh = buildModel(parse(after));
      assert.deepEqual(modelShape(cached), modelShape(fresh));
    }),
    { numRuns: RUNS },
  );
});

function modelShape(m: ReturnType<typeof buildModel>) {
  return m.peers.map((p) => ({
    index: p.index,
    header: p.section.headerLine,
    end: p.section.endLine,
    name: p.name,
    key: p.publicKey?.line,
    endpoint: p.endpoint?.line,
    keepalive: p.keepalive?.line,
    allowed: p.allowedIps.map((i) => [i.line, i.start, i.end, i.text]),
    entries: p.entries.map((e) => [e.line, e.node.keyText, e.node.valueText]),
  }));
}

test('reparse equals parse on big texts (the block-wise prefix and suffix comparison)', () => {
  // Texts of tens of kilobytes, so the common prefix and suffix are found by whole blocks first.
  const line = fc.constantFrom('[Peer]', 'PublicKey = k', 'AllowedIPs = 10.0.0.1/32', '# c', '', 'x = y', '\r');
  const big = fc.tuple(fc.array(line, { minLength: 1, maxLength: 8 }), fc.integer({ min: 200, max: 3000 })).map(([ls, n]) => Array.from({ length: n }, (_, i) => ls[i % ls.length]).join(n % 2 ? '\n' : '\r\n'));
  fc.assert(
    fc.property(big, fc.nat(), fc.nat(), text, (before, a, b, insert) => {
      const from = Math.min(a, b) % (before.length + 1);
      const to = Math.min(from + (Math.max(a, b) % 300), before.length);
      const after = before.slice(0, from) + insert + before.slice(to);
      const prev = parse(before);
      const next = reparse(prev, after);
      assert.equal(print(next), after);
      assert.deepEqual(shape(next), shape(parse(after)));
      // …and only the lines around the edit are new objects (a full re-parse would pass the checks above).
      const breaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;
      const old = new Set(prev.lines);
      const fresh = next.lines.filter((l) => !old.has(l)).length;
      assert.ok(fresh <= breaks(insert) + breaks(before.slice(from, to)) + 4, `${fresh} lines re-parsed`);
    }),
    { numRuns: Math.max(20, RUNS / 10) },
  );
});

test('sections outside the edit are kept: the same objects, or moved when lines were added', () => {
  const body = Array.from({ length: 100 }, (_, i) => `[Peer]\nPublicKey = k${i}\nAllowedIPs = 10.0.${i}.1/32\n`).join('');
  const prev = parse(body);
  const sameCount = reparse(prev, body.replace('PublicKey = k50\n', 'PublicKey = k50x\n'));
  const kept = sameCount.sections.filter((s, i) => s === prev.sections[i]).length;
  assert.equal(kept, 99, 'every section but the edited one is the same object');
  assert.notEqual(sameCount.sections[50], prev.sections[50]);
  const added = reparse(prev, body.replace('PublicKey = k50\n', 'PublicKey = k50\nPersistentKeepalive = 25\n'));
  assert.deepEqual(shape(added), shape(parse(body.replace('PublicKey = k50\n', 'PublicKey = k50\nPersistentKeepalive = 25\n'))));
  assert.ok(added.sections.slice(0, 50).every((s, i) => s === prev.sections[i]), 'sections before the edit are kept');
  assert.ok(added.sections.slice(51).every((s, i) => s !== prev.sections[51 + i] && s.headerLine === prev.sections[51 + i]!.headerLine + 1), 'sections after it moved down one line');
});
