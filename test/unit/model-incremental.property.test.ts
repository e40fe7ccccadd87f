// A model derived from the model of an earlier version (buildModel(doc, prev), or the implicit
// look-up of the last model of the same document) must equal a model built from a fresh parse, and
// must keep exactly the PeerModel objects of the peers the edits did not touch: per-peer caches
// downstream are keyed by PeerModel identity.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './property-seed.ts';
import fc from 'fast-check';
import { parse, reparse, type Section } from '../../server/src/core/parser.ts';
import { buildModel, type ConfigModel, type PeerModel } from '../../server/src/core/model.ts';
import { attachedCommentStart } from '../../server/src/core/features/document.ts';
import { generateHub } from '../../bench/generate.ts';

const RUNS = Number(process.env.WGLS_PROPERTY_RUNS ?? 300);

// Lines that matter to the model: each header kind, naming comments (`# Name = …`, a lone `# x`, a
// sentence), every key the model reads with good and bad values, blanks and junk.
const line = fc.constantFrom(
  '[Peer]', '[Peer]', '[Interface]', '[Foo]', '[Peer] # c',
  '# Name = a', '# b', '# not a name, a sentence.',
  'PublicKey = k1', 'PublicKey = k2', 'PresharedKey = p',
  'AllowedIPs = 10.0.0.1/32, fd00::1/128', 'AllowedIPs = 10.0.0.0/33', 'AllowedIPs = +10.1.0.0/16,,',
  'Endpoint = 192.0.2.1:51820', 'Endpoint = [fd00::1]:51820', 'Endpoint = host',
  'PersistentKeepalive = 25', 'Address = 10.0.0.1/24 fd00::1/64', 'DNS = 1.1.1.1, x', 'PrivateKey = s', 'ListenPort = 51820',
  'Unknown = 1', '', '', 'x',
  // One character away from a header: a small edit splits or joins sections without adding a line.
  '[Peer=]', '#[Peer]',
);
const config = fc.tuple(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n')).map(([ls, eol]) => ls.join(eol));
const insertion = fc.array(fc.oneof(line, fc.constantFrom('\n', '\r\n', '\n\n', ' ', '#')), { maxLength: 4 }).map((a) => a.join('\n'));
/** An edit as fractions of the text length, so it applies to whichever text it meets. */
const edit = fc.oneof(
  fc.record({ from: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.nat(40), insert: insertion, build: fc.boolean() }),
  // Typing inside a line: no line added or removed, so later sections stay in place.
  fc.record({ from: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.nat(2), insert: fc.constantFrom('', '1', '=', '#', ' ', ']', '['), build: fc.boolean() }),
);

function applyEdit(text: string, e: { from: number; length: number; insert: string }): string {
  const from = Math.floor(e.from * text.length);
  return text.slice(0, from) + e.insert + text.slice(Math.min(text.length, from + e.length));
}

/** Everything a model holds, as plain data (Section objects compared by what they hold). */
function content(m: ConfigModel) {
  const section = (s: Section) => ({ kind: s.kind, headerLine: s.headerLine, endLine: s.endLine, header: s.header, entries: s.entries.map((e) => [e.line, e.node]) });
  // `origin` names a build, not content (checkIdentity checks what it promises).
  const peer = ({ origin: _origin, ...p }: PeerModel) => ({ ...p, section: section(p.section) });
  return {
    iface: { ...m.iface, sections: m.iface.sections.map(section) },
    peers: m.peers.map(peer),
    entries: m.entries,
    bySection: [...m.bySection].map(([s, entries]) => [section(s), entries]),
    peerOf: [...m.peerOf].map(([s, p]) => [section(s), peer(p)]),
    sizes: [m.bySection.size, m.peerOf.size],
  };
}

/** The maps answer for the document's own Section objects, consistently with `peers`. */
function checkMaps(m: ConfigModel): void {
  for (const [s] of m.bySection) assert.ok(m.doc.sections.includes(s));
  for (const s of m.doc.sections) {
    const known = s.kind !== 'unknown';
    assert.equal(m.bySection.has(s), known);
    assert.equal(m.peerOf.has(s), s.kind === 'peer');
    const peer = m.peerOf.get(s);
    if (peer) assert.equal(m.bySection.get(s), peer.entries);
    // The model reads entries from the lines; they must be the parser's entry list.
    const entries = m.bySection.get(s);
    if (entries) assert.deepStrictEqual(entries.map((e) => [e.line, e.node]), s.entries.map((e) => [e.line, e.node]));
  }
  assert.deepEqual([...m.peerOf.values()], m.peers);
  let forEachCount = 0;
  m.bySection.forEach(() => forEachCount++);
  assert.equal(forEachCount, m.bySection.size);
  assert.equal(m.peerOf.get(parse('[Peer]').sections[0]!), undefined, 'a foreign Section is not a key');
}

/**
 * The identity contract: a peer whose lines (from the line above its attached comment block to its
 * end), place and index are unchanged keeps its PeerModel; every other peer gets a new one.
 */
function checkIdentity(prev: ConfigModel, next: ConfigModel): void {
  const oldPeers = new Set(prev.peers);
  for (const q of next.peers) {
    const s = q.section;
    const from = Math.max(0, attachedCommentStart(next.doc, s.headerLine) - 1);
    const p = prev.peers.find((p) => p.section.headerLine === s.headerLine && p.section.endLine === s.endLine && p.index === q.index);
    let same = p !== undefined;
    for (let i = from; same && i < s.endLine; i++) same = next.doc.lines[i] === prev.doc.lines[i];
    if (same) assert.equal(q, p, `peer ${q.index} (line ${s.headerLine}) is unchanged: same object`);
    else assert.ok(!oldPeers.has(q), `peer ${q.index} (line ${s.headerLine}) changed or moved: a new object`);
  }
  // The origin contract the per-peer caches rely on: a peer with an earlier peer's origin has that
  // peer's lines (the same Line objects, from the comment block above its header to its end), moved.
  const byOrigin = new Map(prev.peers.map((p) => [p.origin, p]));
  for (const q of next.peers) {
    const p = byOrigin.get(q.origin);
    if (!p) continue;
    const moved = q.section.headerLine - p.section.headerLine;
    assert.equal(q.section.endLine - moved, p.section.endLine, `peer ${q.index} has peer ${p.index}'s origin: the same length`);
    const from = Math.max(0, attachedCommentStart(next.doc, q.section.headerLine) - 1);
    for (let i = from; i < q.section.endLine; i++) assert.equal(next.doc.lines[i], prev.doc.lines[i - moved], `peer ${q.index} has peer ${p.index}'s origin: line ${i}`);
  }
}

test('a model derived from an earlier version equals a fresh one and keeps the unchanged peers', () => {
  fc.assert(
    fc.property(config, fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
      let doc = parse(text);
      let model = buildModel(doc);
      for (const [i, e] of edits.entries()) {
        text = applyEdit(text, e);
        doc = reparse(doc, text);
        // Skipped builds: the previous model is then several versions old (the LSP validates after a pause).
        if (!e.build && i < edits.length - 1) continue;
        const next = buildModel(doc, model);
        assert.deepStrictEqual(content(next), content(buildModel(parse(text))));
        checkMaps(next);
        checkIdentity(model, next);
        model = next;
      }
    }),
    { numRuns: RUNS },
  );
});

test('without `prev`, the last model of the same document is used', () => {
  fc.assert(
    fc.property(config, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
      let doc = parse(text);
      let model = buildModel(doc);
      for (const e of edits) {
        text = applyEdit(text, e);
        doc = reparse(doc, text);
        const next = buildModel(doc);
        assert.deepStrictEqual(content(next), content(buildModel(parse(text))));
        const lines = doc.lines;
        const old = model.doc.lines;
        // It is found by the first or the last Line; with neither, nothing is promised but correctness.
        if (lines[0] === old[0] || lines[lines.length - 1] === old[old.length - 1]) checkIdentity(model, next);
        assert.equal(buildModel(doc), next, 'the same document: the same model');
        model = next;
      }
    }),
    { numRuns: RUNS },
  );
});

test('a model derived from an unrelated or a later version is still right', () => {
  fc.assert(
    fc.property(config, config, edit, (a, b, e) => {
      const unrelated = buildModel(parse(b));
      assert.deepStrictEqual(content(buildModel(parse(a), unrelated)), content(buildModel(parse(a))));
      // Backwards: the model of the edited text as `prev` for the original.
      const doc = parse(a);
      const edited = buildModel(reparse(doc, applyEdit(a, e)));
      assert.deepStrictEqual(content(buildModel(doc, edited)), content(buildModel(parse(a))));
    }),
    { numRuns: RUNS },
  );
});

test('a one-line edit in a big hub rebuilds one peer and keeps the rest', () => {
  const text = generateHub(300);
  const doc = parse(text);
  const model = buildModel(doc);
  const edited = text.replace('# Name = peer-150', '# Name = renamed');
  const next = buildModel(reparse(doc, edited), model);
  const changed = next.peers.filter((p, i) => p !== model.peers[i]);
  assert.deepEqual(changed.map((p) => p.name), ['renamed']);
  assert.equal(next.iface, model.iface);
  // A line added above peer 150 moves every later peer: new objects, same content as a fresh build.
  const added = edited.replace('# Name = renamed', '# Name = renamed\nPersistentKeepalive = 25');
  const moved = buildModel(reparse(next.doc, added), next);
  assert.ok(moved.peers.slice(0, 149).every((p, i) => p === next.peers[i]));
  assert.ok(moved.peers.slice(149).every((p, i) => p !== next.peers[149 + i]));
  assert.deepStrictEqual(content(moved), content(buildModel(parse(added))));
});

test('edge cases of reuse: a header made mid-line, unchanged peers between two edits', () => {
  const check = (versions: string[]) => {
    let doc = parse(versions[0]!);
    const first = buildModel(doc);
    for (const v of versions.slice(1)) doc = reparse(doc, v);
    const next = buildModel(doc, first);
    assert.deepStrictEqual(content(next), content(buildModel(parse(versions[versions.length - 1]!))));
    checkIdentity(first, next);
    return { first, next };
  };
  // Deleting the `=` of `[Pe=er]` makes a header: the section above now ends there (its lines are kept).
  check(['[Peer]\nPublicKey = a\n[Pe=er]\nPublicKey = b\n', '[Peer]\nPublicKey = a\n[Peer]\nPublicKey = b\n']);
  // Two edits that add no line, with no model built in between: the peers between them are kept.
  const hub = generateHub(20);
  const twice = [hub, hub.replace('# Name = peer-03', '# Name = peer-3'), hub.replace('# Name = peer-03', '# Name = peer-3').replace('# Name = peer-17', '# Name = peer-X')];
  const r = check(twice);
  assert.equal(r.next.peers.filter((p, i) => p !== r.first.peers[i]).length, 2);
});
