// affectedBy names every config whose results an edit of another can change: after each edit the
// edited config and the ones named are validated again (as the server does), and what is shown then
// must equal a workspace built from the final texts. Cases a review found stale.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, reparse, LineCache, type ConfigDocument } from '../../server/src/core/parser.ts';
import { WorkspaceModel } from '../../server/src/core/workspace.ts';
import { validateInWorkspace } from '../../server/src/core/validate.ts';
import { generateKeyPair } from '../../server/src/core/keys.ts';
import type { Target } from '../../server/src/core/schema.ts';

const K = Array.from({ length: 6 }, () => generateKeyPair());
const show = (ws: WorkspaceModel, uri: string, target: Target) =>
  validateInWorkspace(ws, ws.get(uri)!, { target })
    .map((p) => `${p.rule}@${p.range.start.line}: ${p.message}`)
    .sort();

/** Applies `edits` (a URI and its new text: a new file when unknown) as the server does; returns what is shown and what a fresh build shows. */
function afterEdits(texts: Record<string, string>, edits: ReadonlyArray<[string, string]>, target: Target = 'wg-quick') {
  const cache = new LineCache();
  const ws = new WorkspaceModel();
  const docs = new Map<string, ConfigDocument>();
  for (const [u, t] of Object.entries(texts)) docs.set(u, ws.set(u, parse(t, cache)).doc);
  const shown = new Map<string, string[]>();
  for (const u of Object.keys(texts)) shown.set(u, show(ws, u, target));
  const final = { ...texts };
  for (const [u, t] of edits) {
    const before = ws.get(u);
    const prev = docs.get(u);
    docs.set(u, ws.set(u, prev ? reparse(prev, t, cache) : parse(t, cache)).doc);
    final[u] = t;
    for (const a of [u, ...ws.affectedBy(u, before, target)]) shown.set(a, show(ws, a, target));
  }
  const fresh = new WorkspaceModel();
  for (const [u, t] of Object.entries(final)) fresh.set(u, parse(t));
  return Object.keys(final).map((u) => ({ uri: u, shown: shown.get(u), fresh: show(fresh, u, target) }));
}

describe('affectedBy: edits whose effect on other configs was missed', () => {
  test('a # wgls-target comment above [Interface] (profiles of one host compare it)', () => {
    const full = (line: string) => `# laptop\n${line}\n[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${K[1]!.publicKey}\nAllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n`;
    const split = `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${K[1]!.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n`;
    for (const [from, to] of [['# note', '# wgls-target android'], ['# wgls-target android', '# note']]) {
      for (const r of afterEdits({ 'file:///w/full.conf': full(from), 'file:///w/split.conf': split }, [['file:///w/full.conf', full(to)]])) assert.deepEqual(r.shown, r.fresh, `${from} → ${to}: ${r.uri}`);
    }
  });

  test('a config whose base name another has comes or goes (the names in other configs\' messages)', () => {
    const server = `[Interface]\nPrivateKey = ${K[2]!.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${K[3]!.publicKey}\nAllowedIPs = 10.0.0.2/32\n`;
    const client = `[Interface]\nPrivateKey = ${K[3]!.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${K[2]!.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51821\n`;
    const other = `[Interface]\nPrivateKey = ${K[4]!.privateKey}\nAddress = 10.9.0.1/24\n`;
    const results = afterEdits({ 'file:///w/a/wg0.conf': server, 'file:///w/c/client.conf': client }, [['file:///w/b/wg0.conf', other]]);
    for (const r of results) assert.deepEqual(r.shown, r.fresh, r.uri);
    assert.ok(results.find((r) => r.uri.endsWith('client.conf'))!.fresh.some((m) => m.includes("a/wg0.conf's ListenPort")), 'the client names the server by folder now');
  });

  test('the hub starting or stopping to list a spoke changes whether the other spokes are its neighbours (unrouted-neighbor)', () => {
    const [hub, a, b] = [K[0]!, K[1]!, K[2]!];
    const spoke = (me: typeof a, address: string) => `[Interface]\nPrivateKey = ${me.privateKey}\nAddress = ${address}\n\n[Peer]\nPublicKey = ${hub.publicKey}\nAllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n`;
    const hubText = (peers: ReadonlyArray<[typeof a, string]>) =>
      `[Interface]\nPrivateKey = ${hub.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n${peers.map(([k, ip]) => `\n[Peer]\nPublicKey = ${k.publicKey}\nAllowedIPs = ${ip}\n`).join('')}`;
    const texts = { 'file:///w/hub.conf': hubText([[a, '10.0.0.2/32']]), 'file:///w/a.conf': spoke(a, '10.0.0.2/24'), 'file:///w/b.conf': spoke(b, '10.0.0.3/24') };
    const both = hubText([[a, '10.0.0.2/32'], [b, '10.0.0.3/32']]);
    for (const edits of [[['file:///w/hub.conf', both]], [['file:///w/hub.conf', both], ['file:///w/hub.conf', texts['file:///w/hub.conf']]]] as Array<Array<[string, string]>>) {
      const results = afterEdits(texts, edits);
      for (const r of results) assert.deepEqual(r.shown, r.fresh, r.uri);
      const neighbours = results.find((r) => r.uri.endsWith('/a.conf'))!.fresh.some((m) => m.startsWith('unrouted-neighbor'));
      assert.equal(neighbours, edits.length === 1, 'neighbours exactly while the hub lists both');
    }
  });
});

