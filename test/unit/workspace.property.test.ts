// The workspace model's indexes are updated per change (only what changed moves); after any sequence
// of sets and deletes they must answer exactly like a model built from scratch with the final files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './property-seed.ts';
import fc from 'fast-check';
import { WorkspaceModel } from '../../server/src/core/workspace.ts';
import { generateKeyPair } from '../../server/src/core/keys.ts';

const RUNS = Number(process.env.WGLS_PROPERTY_RUNS ?? 200);
const PAIRS = Array.from({ length: 4 }, () => generateKeyPair());
const URIS = ['file:///w/a.conf', 'file:///w/b.conf', 'file:///w/c.conf'];

const config = fc
  .record({
    own: fc.option(fc.nat(3), { nil: undefined }),
    peers: fc.subarray([0, 1, 2, 3]),
    address: fc.option(fc.constantFrom('10.0.0.1/24', '10.0.0.2/24', 'fd00::1/64'), { nil: undefined }),
  })
  .map(({ own, peers, address }) =>
    [
      '[Interface]',
      own === undefined ? '' : `PrivateKey = ${PAIRS[own]!.privateKey}`,
      address ? `Address = ${address}` : '',
      ...peers.flatMap((i) => ['', '[Peer]', `PublicKey = ${PAIRS[i]!.publicKey}`, 'AllowedIPs = 10.9.0.0/24']),
    ].join('\n'),
  );

const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), uri: fc.constantFrom(...URIS), text: config }),
  fc.record({ kind: fc.constant('delete' as const), uri: fc.constantFrom(...URIS) }),
);

function answers(ws: WorkspaceModel) {
  const names = (files: readonly { uri: string }[]) => files.map((f) => f.uri).sort();
  return {
    owners: PAIRS.map((p) => names(ws.ownersOf(p.publicKey))),
    refs: PAIRS.map((p) => ws.referencesTo(p.publicKey).map((r) => r.file.uri).sort()),
    addresses: ['4:167772161', '4:167772162'].map((a) => names(ws.filesWithAddress(a))),
    privates: PAIRS.map((p) => names(ws.filesWithPrivateKey(p.privateKey))),
    near: PAIRS.map((p) => ws.nearMisses(p.publicKey.slice(0, 10) + (p.publicKey[10] === 'A' ? 'B' : 'A') + p.publicKey.slice(11))),
  };
}

test('incremental indexes equal indexes built from scratch', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
      const ws = new WorkspaceModel();
      const final = new Map<string, string>();
      for (const o of ops) {
        if (o.kind === 'set') {
          ws.setText(o.uri, o.text);
          final.set(o.uri, o.text);
        } else {
          ws.delete(o.uri);
          final.delete(o.uri);
        }
      }
      const fresh = new WorkspaceModel();
      for (const [uri, text] of final) fresh.setText(uri, text);
      assert.deepEqual(answers(ws), answers(fresh));
    }),
    { numRuns: RUNS },
  );
});

test('nearMisses: the same keys with few configs (compared one by one) and many (looked up by halves)', () => {
  const pairs = Array.from({ length: 40 }, () => generateKeyPair());
  const flip = (key: string, at: number) => key.slice(0, at) + (key[at] === 'A' ? 'B' : 'A') + key.slice(at + 1);
  for (const count of [3, 40]) {
    const ws = new WorkspaceModel();
    pairs.slice(0, count).forEach((p, i) => ws.setText(`file:///w/${i}.conf`, `[Interface]\nPrivateKey = ${p.privateKey}\n`));
    for (const p of pairs.slice(0, 3)) {
      for (const at of [0, 21, 22, 42]) assert.deepEqual(ws.nearMisses(flip(p.publicKey, at)), [p.publicKey], `${count} configs, slip at ${at}`);
      assert.deepEqual(ws.nearMisses(flip(flip(p.publicKey, 3), 30)), [], 'two characters apart');
      assert.deepEqual(ws.nearMisses(p.publicKey), [], 'the key itself');
    }
  }
});
