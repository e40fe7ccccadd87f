// A line added or removed moves the peers after it: new PeerModels with the same keys at the same
// indices. The workspace keeps its peer-key index for them (it maps keys to indices), so what it
// answers must be this version's peers, and the configs whose results name a moved peer's lines
// must be among those an edit affects.

import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, reparse, LineCache } from '../../server/src/core/parser.ts';
import { WorkspaceModel } from '../../server/src/core/workspace.ts';
import { validateInWorkspace } from '../../server/src/core/validate.ts';
import { generateKeyPair } from '../../server/src/core/keys.ts';
import { movedProblem } from '../../server/src/core/rules/context.ts';
import type { Fix, Problem } from '../../server/src/core/problem.ts';

const HUB = 'file:///w/wg0.conf';
const SPOKE = 'file:///w/spoke.conf';
const hubPair = generateKeyPair();
const spokePair = generateKeyPair();
const others = Array.from({ length: 3 }, () => generateKeyPair());

/** A hub whose second peer is the spoke, with a PresharedKey the spoke does not have. */
function hubLines(): string[] {
  return [
    '[Interface]',
    `PrivateKey = ${hubPair.privateKey}`,
    'ListenPort = 51820',
    '[Peer]',
    `PublicKey = ${others[0]!.publicKey}`,
    'AllowedIPs = 10.0.0.10/32',
    '[Peer]',
    `PublicKey = ${spokePair.publicKey}`,
    `PresharedKey = ${others[2]!.publicKey}`,
    'AllowedIPs = 10.0.0.2/32',
    '[Peer]',
    `PublicKey = ${others[1]!.publicKey}`,
    'AllowedIPs = 10.0.0.11/32',
    'Endpoint = 192.0.2.3:51820',
    '',
    '# end',
    '',
  ];
}
const spokeText = ['[Interface]', `PrivateKey = ${spokePair.privateKey}`, 'Address = 10.0.0.2/32', '[Peer]', `PublicKey = ${hubPair.publicKey}`, 'Endpoint = 192.0.2.1:51820'].join('\n');

function workspace(lines: readonly string[]) {
  const cache = new LineCache();
  const ws = new WorkspaceModel();
  const doc = parse(lines.join('\n'), cache);
  ws.set(HUB, doc);
  ws.set(SPOKE, parse(spokeText));
  return { ws, doc, cache };
}

/** Every peer the file's index answers is this version's PeerModel at its index. */
function assertCurrent(ws: WorkspaceModel): void {
  const file = ws.get(HUB)!;
  const peers = file.model.peers;
  for (const [key, peer] of file.peersByKey) {
    assert.equal(peer, peers[peer.index], `stale peer for ${key}`);
    assert.equal(file.peersByKey.get(key), peer);
  }
  for (const p of [spokePair, ...others]) {
    for (const ref of ws.referencesTo(p.publicKey)) if (ref.file.uri === HUB) assert.equal(ref.peer, peers[ref.peer.index]);
  }
}

test('after Enter above some peers, the peer-key index answers the moved peers, not their old models', () => {
  const lines = hubLines();
  const { ws, doc, cache } = workspace(lines);
  validateInWorkspace(ws, ws.get(HUB)!, {});
  let d = doc;
  for (const at of [4, 4, 8, 5]) {
    lines.splice(at, 0, '');
    d = reparse(d, lines.join('\n'), cache);
    ws.set(HUB, d);
    assertCurrent(ws);
    const key = ws.get(HUB)!.peersByKey.get(spokePair.publicKey)!;
    assert.equal(d.lines[key.publicKey!.line]!.text, `PublicKey = ${spokePair.publicKey}`);
  }
});

test('an edit that moves a peer without changing the line count affects the configs owning its key', () => {
  const lines = hubLines();
  const { ws, doc, cache } = workspace(lines);
  const before = validateInWorkspace(ws, ws.get(SPOKE)!, {});
  // One didChange with two changes (a multi-cursor edit, say), applied one after the other: a line of
  // the first peer goes and one is added to the third. The second peer (the spoke's) keeps its Line
  // objects and index and moves up by one line; the file keeps its line count and interface.
  const edited = [...lines];
  edited.splice(5, 1);
  const between = reparse(doc, edited.join('\n'), cache);
  edited.splice(11, 0, 'PersistentKeepalive = 25');
  assert.equal(edited.length, lines.length);
  const old = ws.get(HUB);
  ws.set(HUB, reparse(between, edited.join('\n'), cache));
  assertCurrent(ws);
  const after = validateInWorkspace(ws, ws.get(SPOKE)!, {});
  // The spoke's preshared-key-mismatch points at the hub's moved PresharedKey line.
  assert.notDeepEqual(after, before);
  assert.ok(ws.affectedBy(HUB, old).has(SPOKE));
});

// Moving a moved peer's results with it (fuzz review: a hub where every peer had a warning re-checked
// every peer below an added line): only what lies in the peer's lines and names no line number.
describe('movedProblem', () => {
  const range = (line: number, a = 0, b = 4) => ({ start: { line, character: a }, end: { line, character: b } });
  const p = (extra: Partial<Problem> = {}): Problem => ({ rule: 'invalid-key', severity: 'error', range: range(10), message: 'PublicKey is not a valid key.', ...extra });
  it('shifts the range, the related ranges and the fixes; a fix shared by two problems stays shared', () => {
    const fix: Fix = { title: 'Change to 25', edits: [{ range: range(11, 22, 24), newText: '25' }] };
    const fixes = new Map<Fix, Fix>();
    const a = movedProblem(p({ related: [{ range: range(12), message: 'the other' }], fixes: [fix] }), 3, 9, 14, fixes)!;
    const b = movedProblem(p({ fixes: [fix] }), 3, 9, 14, fixes)!;
    assert.deepEqual([a.range.start.line, a.related![0]!.range.start.line, a.fixes![0]!.edits[0]!.range.start.line], [13, 15, 14]);
    assert.equal(a.fixes![0], b.fixes![0]);
    // An end at the next section's first column is inside.
    assert.ok(movedProblem(p({ fixes: [{ title: 'Remove', edits: [{ range: { start: { line: 13, character: 0 }, end: { line: 14, character: 0 } }, newText: '' }] }] }), 1, 9, 14, new Map()));
  });
  it('not moved: a line number in its words or a fix title, a range outside the peer (the [Interface] above), another file', () => {
    assert.equal(movedProblem(p({ message: 'MTU is set again on line 12: …' }), 1, 9, 14, new Map()), undefined);
    assert.equal(movedProblem(p({ fixes: [{ title: 'Remove this earlier MTU line (keep line 12)', edits: [{ range: range(10), newText: '' }] }] }), 1, 9, 14, new Map()), undefined);
    assert.equal(movedProblem(p({ related: [{ range: range(2), message: 'ListenPort' }] }), 1, 9, 14, new Map()), undefined);
    assert.equal(movedProblem(p({ related: [{ range: range(10), message: 'x', uri: 'file:///other.conf' }] }), 1, 9, 14, new Map()), undefined);
    assert.equal(movedProblem(p({ range: range(14) }), 1, 9, 14, new Map()), undefined);
  });
});

// Diff review: a per-peer problem that reads more of the file than the peer's lines (the file's secrets, its
// line break) was kept, or moved, across an edit elsewhere that changed what it read.
describe('per-peer results that read the file are made again', () => {
  const incrementalEqualsFresh = (base: string, edited: string) => {
    const uri = 'file:///w/wg0.conf';
    const cache = new LineCache();
    const ws = new WorkspaceModel();
    let doc = parse(base, cache);
    validateInWorkspace(ws, ws.set(uri, doc));
    doc = reparse(doc, edited, cache);
    const inc = validateInWorkspace(ws, ws.set(uri, doc));
    const fresh = new WorkspaceModel();
    return [inc, validateInWorkspace(fresh, fresh.set(uri, parse(edited)))] as const;
  };
  it("a PublicKey that is this file's secret once its no-break space goes: a PresharedKey added above, or replacing a line", () => {
    const [k, own] = [generateKeyPair(), generateKeyPair()];
    const base = ['[Interface]', `PrivateKey = ${own.privateKey}`, 'Address = 10.0.0.1/24', '', '[Peer]', `PublicKey = ${k.privateKey}\u00a0`, 'AllowedIPs = 10.0.0.2/32', ''];
    for (const edited of [[base[0]!, `PresharedKey = ${k.privateKey}`, ...base.slice(1)], [base[0]!, base[1]!, `PresharedKey = ${k.privateKey}`, ...base.slice(3)]]) {
      const [inc, fresh] = incrementalEqualsFresh(base.join('\n'), edited.join('\n'));
      const key = (ps: readonly Problem[]) => ps.filter((p) => p.rule === 'invalid-key').map((p) => [p.range.start.line, p.message, p.fixes?.[0]?.preferred]);
      assert.deepEqual(key(inc), key(fresh));
      assert.match(String(key(fresh)[0]![1]), /this file's own secret/);
    }
  });
});
