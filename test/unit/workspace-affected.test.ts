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
import { covers } from '../../server/src/core/values.ts';

const K = Array.from({ length: 6 }, () => generateKeyPair());
const show = (ws: WorkspaceModel, uri: string, target: Target) =>
  validateInWorkspace(ws, ws.get(uri)!, { target })
    // (With the titles and texts of its fixes: a fix reads other configs too, e.g. the Endpoint it dials,
    // and a title names configs.)
    .map((p) => `${p.rule}@${p.range.start.line}: ${p.message} ${JSON.stringify(p.fixes?.map((f) => [f.title, ...f.edits.map((e) => e.newText)]) ?? [])}`)
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
    // As the server does: an interface key that changed re-checks everything (near-miss typos anywhere).
    const all = before?.publicKey !== ws.get(u)?.publicKey ? ws.uris() : [];
    for (const a of [u, ...ws.affectedBy(u, before, target), ...all]) shown.set(a, show(ws, a, target));
  }
  const fresh = new WorkspaceModel();
  for (const [u, t] of Object.entries(final)) fresh.set(u, parse(t));
  return Object.keys(final).map((u) => ({ uri: u, shown: shown.get(u), fresh: show(fresh, u, target) }));
}

describe('affectedBy: edits whose effect on other configs was missed', () => {
  // Diff review: endpoint-in-tunnel's message and fix name the Endpoint another spoke dials the hub at; a
  // change of that spoke's Endpoint re-checked the hub only, and a.conf kept the old message and fix.
  test("a sibling's Endpoint for the hub, for a spoke dialing the hub's tunnel address", () => {
    const hub = `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${K[1]!.publicKey}\nAllowedIPs = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${K[2]!.publicKey}\nAllowedIPs = 10.0.0.3/32\n`;
    const spoke = (k: number, address: string, endpoint: string) => `[Interface]\nPrivateKey = ${K[k]!.privateKey}\nAddress = ${address}/24\n\n[Peer]\nPublicKey = ${K[0]!.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = ${endpoint}\nPersistentKeepalive = 25\n`;
    const texts = { 'file:///w/hub.conf': hub, 'file:///w/a.conf': spoke(1, '10.0.0.2', '10.0.0.1:51820'), 'file:///w/c.conf': spoke(2, '10.0.0.3', '10.0.0.1:51820') };
    for (const [from, to] of [['10.0.0.1:51820', 'vpn.example.com:51820'], ['vpn.example.com:51820', '10.0.0.1:51820'], ['vpn.example.com:51820', 'vpn.example.com:443']]) {
      const start = { ...texts, 'file:///w/c.conf': spoke(2, '10.0.0.3', from) };
      const results = afterEdits(start, [['file:///w/c.conf', spoke(2, '10.0.0.3', to)]]);
      for (const r of results) assert.deepEqual(r.shown, r.fresh, `${from} → ${to}: ${r.uri}`);
      // (Not vacuous: a.conf's result names c.conf's Endpoint when it is usable.)
      assert.equal(results.find((r) => r.uri === 'file:///w/a.conf')!.fresh.some((x) => x.includes(`(as c.conf dials hub.conf)`)), to !== '10.0.0.1:51820', to);
    }
  });

  test('a # wgls-target comment above [Interface] (profiles of one host compare it)', () => {
    const full = (line: string) => `# laptop\n${line}\n[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${K[1]!.publicKey}\nAllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n`;
    const split = `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${K[1]!.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n`;
    for (const [from, to] of [['# note', '# wgls-target android'], ['# wgls-target android', '# note']]) {
      for (const r of afterEdits({ 'file:///w/full.conf': full(from), 'file:///w/split.conf': split }, [['file:///w/full.conf', full(to)]])) assert.deepEqual(r.shown, r.fresh, `${from} → ${to}: ${r.uri}`);
    }
  });

  test('an AllowedIPs edit in one of two files with one key: a copy becomes a profile and back (staleness fuzz)', () => {
    const spoke = (allowed: string) => `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.2/24\n\n[Peer]\nPublicKey = ${K[1]!.publicKey}\nEndpoint = vpn.example.com:51820\nAllowedIPs = ${allowed}\n`;
    for (const [from, to] of [['10.0.0.0/24', '0.0.0.0/0'], ['0.0.0.0/0', '10.0.0.0/24']]) {
      const results = afterEdits({ 'file:///w/b/laptop.conf': spoke('10.0.0.0/24'), 'file:///w/b/tablet.conf': spoke(from) }, [['file:///w/b/tablet.conf', spoke(to)]]);
      for (const r of results) assert.deepEqual(r.shown, r.fresh, `${from} → ${to}: ${r.uri}`);
    }
  });

  // Diff review: copiesOf tells a profile from a copy by Endpoint and DNS too, which affectedBy did not
  // compare: the other file kept its reused-private-key after a DNS edit made the two profiles.
  test('a DNS or Endpoint edit in one of two files with one key: a copy becomes a profile and back', () => {
    const spoke = (dns: string, endpoint: string) =>
      `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.2/24\n${dns}\n\n[Peer]\nPublicKey = ${K[1]!.publicKey}\nEndpoint = ${endpoint}\nAllowedIPs = 10.0.0.0/24\n`;
    for (const [from, to] of [
      [spoke('DNS = 10.0.0.1', 'vpn.example.com:51820'), spoke('DNS = 1.1.1.1', 'vpn.example.com:51820')],
      [spoke('DNS = 1.1.1.1', 'vpn.example.com:51820'), spoke('DNS = 10.0.0.1', 'vpn.example.com:51820')],
      [spoke('DNS = 10.0.0.1', 'vpn.example.com:51820'), spoke('DNS = 10.0.0.1', '192.168.1.10:51820')],
      [spoke('DNS = 10.0.0.1', '192.168.1.10:51820'), spoke('DNS = 10.0.0.1', 'vpn.example.com:51820')],
      [spoke('DNS = 10.0.0.1', 'vpn.example.com:51820'), spoke('DNS = 10.0.0.1', 'VPN.example.com:51820')],
    ]) {
      const results = afterEdits({ 'file:///w/b/laptop.conf': spoke('DNS = 10.0.0.1', 'vpn.example.com:51820'), 'file:///w/b/tablet.conf': from! }, [['file:///w/b/tablet.conf', to!]]);
      for (const r of results) assert.deepEqual(r.shown, r.fresh, `${JSON.stringify(from)} → ${JSON.stringify(to)}: ${r.uri}`);
    }
    // The host's case is no other Endpoint: still a copy.
    const ws = new WorkspaceModel();
    ws.set('file:///w/b/laptop.conf', parse(spoke('DNS = 10.0.0.1', 'vpn.example.com:51820')));
    ws.set('file:///w/b/tablet.conf', parse(spoke('DNS = 10.0.0.1', 'VPN.example.com:51820')));
    assert.ok(show(ws, 'file:///w/b/laptop.conf', 'wg-quick').some((p) => p.includes('reused-private-key')));
  });

  test("an AllowedIPs edit of a hub's stanza under a key no config owns: the config it now routes is told (staleness fuzz)", () => {
    const [hub, lap, phone, gone] = [K[0]!, K[1]!, K[2]!, K[3]!];
    const hubText = (allowed: string) => `[Interface]\nPrivateKey = ${hub.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${gone.publicKey}\nAllowedIPs = ${allowed}\n\n[Peer]\nPublicKey = ${lap.publicKey}\nAllowedIPs = 10.0.0.2/32\n`;
    const phoneText = `[Interface]\nPrivateKey = ${phone.privateKey}\nAddress = 10.0.0.3/24\n\n[Peer]\nPublicKey = ${hub.publicKey}\nEndpoint = vpn.example.com:51820\nAllowedIPs = 10.0.0.0/24\n`;
    for (const [from, to] of [['10.0.0.4/32', '10.0.0.3/32'], ['10.0.0.3/32', '10.0.0.4/32']]) {
      const results = afterEdits({ 'file:///w/a/hub.conf': hubText(from), 'file:///w/b/phone.conf': phoneText }, [['file:///w/a/hub.conf', hubText(to)]]);
      for (const r of results) assert.deepEqual(r.shown, r.fresh, `${from} → ${to}: ${r.uri}`);
    }
  });

  test("an edit that moves a neighbour's end re-checks the config offered a direct tunnel to it (its fix appends there; diff review)", () => {
    const [hub, a, b] = [K[0]!, K[1]!, K[2]!];
    const hubText = `[Interface]\nPrivateKey = ${hub.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${a.publicKey}\nAllowedIPs = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${b.publicKey}\nAllowedIPs = 10.0.0.3/32\nEndpoint = 198.51.100.3:51821\n`;
    const aText = `[Interface]\nPrivateKey = ${a.privateKey}\nAddress = 10.0.0.2/24\n\n[Peer]\nPublicKey = ${hub.publicKey}\nAllowedIPs = 10.0.0.1/32\nEndpoint = 198.51.100.1:51820\nPersistentKeepalive = 25\n`;
    const bText = (tail: string) => `[Interface]\nPrivateKey = ${b.privateKey}\nAddress = 10.0.0.3/24\nListenPort = 51821\n\n[Peer]\nPublicKey = ${hub.publicKey}\nAllowedIPs = 10.0.0.1/32\nEndpoint = 198.51.100.1:51820\n${tail}`;
    const cache = new LineCache();
    const ws = new WorkspaceModel();
    const docs = new Map<string, ConfigDocument>();
    for (const [u, t] of [['file:///w/hub.conf', hubText], ['file:///w/a.conf', aText], ['file:///w/b.conf', bText('')]] as const) docs.set(u, ws.set(u, parse(t, cache)).doc);
    const before = ws.get('file:///w/b.conf');
    ws.set('file:///w/b.conf', reparse(docs.get('file:///w/b.conf')!, bText('PersistentKeepalive = 25\n'), cache));
    assert.ok(ws.affectedBy('file:///w/b.conf', before).has('file:///w/a.conf'));
    const direct = validateInWorkspace(ws, ws.get('file:///w/a.conf')!).find((p) => p.rule === 'unrouted-neighbor')!.fixes!.find((f) => f.title.startsWith('Add a direct tunnel'))!;
    assert.deepEqual(direct.edits.filter((e) => e.uri === 'file:///w/b.conf').map((e) => e.range.start.line), [10]);
  });

  test('a comment added to one of two byte-identical files re-checks the other (reused-private-key tells a backup from a copy)', () => {
    const text = `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${K[1]!.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n`;
    for (const [from, to] of [[text, `# tablet\n${text}`], [`# tablet\n${text}`, text]]) {
      const results = afterEdits({ 'file:///w/configs/phone.conf': text, 'file:///w/backup/phone.conf': from }, [['file:///w/backup/phone.conf', to]]);
      for (const r of results) assert.deepEqual(r.shown, r.fresh, r.uri);
    }
  });

  test("edits that change today's server-side rules elsewhere: a client's full tunnel (gateway-without-forwarding, default-route-to-client), a server's SaveConfig", () => {
    const [srv, cli] = [K[0]!, K[1]!];
    const server = (extra: string, allowed: string) => `[Interface]\nPrivateKey = ${srv.privateKey}\nAddress = 10.8.0.1/24\nListenPort = 51820\n${extra}\n[Peer]\nPublicKey = ${cli.publicKey}\nAllowedIPs = ${allowed}\n`;
    const client = (allowed: string, address = '10.8.0.2/32') => `[Interface]\nPrivateKey = ${cli.privateKey}\nAddress = ${address}\nDNS = 10.8.0.1\n\n[Peer]\nPublicKey = ${srv.publicKey}\nAllowedIPs = ${allowed}\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n`;
    const cases: Array<[Record<string, string>, Array<[string, string]>]> = [
      [{ 'file:///w/s.conf': server('', '10.8.0.2/32'), 'file:///w/c.conf': client('10.8.0.0/24') }, [['file:///w/c.conf', client('0.0.0.0/0, ::/0')]]],
      [{ 'file:///w/s.conf': server('', '10.8.0.2/32'), 'file:///w/c.conf': client('0.0.0.0/0') }, [['file:///w/c.conf', client('10.8.0.0/24')]]],
      [{ 'file:///w/s.conf': server('', '0.0.0.0/0'), 'file:///w/c.conf': client('0.0.0.0/0') }, [['file:///w/c.conf', client('0.0.0.0/0', '10.8.0.9/32')]]],
      [{ 'file:///w/s.conf': server('', '10.8.0.2/32') }, [['file:///w/c.conf', client('0.0.0.0/0')]]],
    ];
    for (const [texts, edits] of cases) for (const r of afterEdits(texts, edits)) assert.deepEqual(r.shown, r.fresh, `${r.uri} after ${edits.map(([u]) => u).join(', ')}`);
    const saved = `[Interface]\nPrivateKey = ${srv.privateKey}\nAddress = 10.8.0.1/24\nListenPort = 51820\n`;
    for (const [from, to] of [[saved, `${saved}SaveConfig = true\n`], [`${saved}SaveConfig = true\n`, saved]]) {
      for (const r of afterEdits({ 'file:///w/s.conf': from, 'file:///w/c.conf': client('10.8.0.0/24') }, [['file:///w/s.conf', to]])) assert.deepEqual(r.shown, r.fresh, r.uri);
    }
  });

  test('messages naming one of several configs with a key or an address name the first by URI, whatever order the index learned them in', () => {
    const lister = `[Interface]\nPrivateKey = ${K[4]!.privateKey}\nAddress = 10.0.0.9/24\n\n[Peer]\nPublicKey = ${K[2]!.publicKey.slice(0, 10)}${K[2]!.publicKey[10] === 'A' ? 'B' : 'A'}${K[2]!.publicKey.slice(11)}\nAllowedIPs = 10.0.0.3/32\n`;
    const owner = (address: string) => `[Interface]\nPrivateKey = ${K[2]!.privateKey}\nAddress = ${address}\n`;
    // b/phone.conf first, then a/hub.conf takes the same key: a fresh index reads a/ first.
    const results = afterEdits({ 'file:///w/c/lister.conf': lister, 'file:///w/b/phone.conf': owner('10.0.0.3/24'), 'file:///w/a/hub.conf': owner('10.0.0.5/24').replace(K[2]!.privateKey, K[5]!.privateKey) }, [['file:///w/a/hub.conf', owner('10.0.0.5/24')]]);
    for (const r of results) assert.deepEqual(r.shown, r.fresh, r.uri);
    assert.ok(results.find((r) => r.uri.endsWith('lister.conf'))!.shown!.some((m) => m.includes("hub.conf's differs from it by one character")));
  });

  test('the fixes of configs listing one interface come in URI order, whatever order the index learned them in (LSP review)', () => {
    const hub = `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n`;
    const spoke = (k: number) => `[Interface]\nPrivateKey = ${K[k]!.privateKey}\nAddress = 10.0.0.${k + 1}/32\n\n[Peer]\nPublicKey = ${K[0]!.publicKey}\nEndpoint = 192.0.2.1:51820\nAllowedIPs = 10.0.0.0/24\n`;
    const fixes = (ws: WorkspaceModel) => validateInWorkspace(ws, ws.get('file:///w/hub.conf')!).flatMap((p) => (p.fixes ?? []).map((f) => f.title));
    const fresh = new WorkspaceModel();
    fresh.set('file:///w/hub.conf', parse(hub));
    for (const k of [1, 2, 3]) fresh.set(`file:///w/s${k}.conf`, parse(spoke(k)));
    // Learned in another order, and s1 set again (an edit): it moves to the end of the index's set.
    const edited = new WorkspaceModel();
    for (const k of [3, 1, 2]) edited.set(`file:///w/s${k}.conf`, parse(spoke(k)));
    edited.set('file:///w/hub.conf', parse(hub));
    edited.set('file:///w/s1.conf', parse(`${spoke(1)}# edited\n`));
    assert.deepEqual(fixes(fresh), ['Add a [Peer] for s1.conf to hub.conf', 'Add a [Peer] for s2.conf to hub.conf', 'Add a [Peer] for s3.conf to hub.conf']);
    assert.deepEqual(fixes(edited), fixes(fresh));
  });

  test('a config whose base name another has comes or goes (the names in other configs\' messages)', () => {
    const server = `[Interface]\nPrivateKey = ${K[2]!.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${K[3]!.publicKey}\nAllowedIPs = 10.0.0.2/32\n`;
    const client = `[Interface]\nPrivateKey = ${K[3]!.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${K[2]!.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51821\n`;
    const other = `[Interface]\nPrivateKey = ${K[4]!.privateKey}\nAddress = 10.9.0.1/24\n`;
    const results = afterEdits({ 'file:///w/a/wg0.conf': server, 'file:///w/c/client.conf': client }, [['file:///w/b/wg0.conf', other]]);
    for (const r of results) assert.deepEqual(r.shown, r.fresh, r.uri);
    assert.ok(results.find((r) => r.uri.endsWith('client.conf'))!.fresh.some((m) => m.includes("a/wg0.conf's ListenPort")), 'the client names the server by folder now');
  });

  test('a keyless config of the same base name comes or goes: the config named after it says its own name anew (diff review)', () => {
    // a.conf lists d.conf, which does not list it back: a.conf's fix title quotes a.conf's name.
    const a = `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.1/24\n\n[Peer]\nPublicKey = ${K[1]!.publicKey}\nAllowedIPs = 10.0.0.4/32\n`;
    const d = `[Interface]\nPrivateKey = ${K[1]!.privateKey}\nAddress = 10.0.0.4/24\n`;
    const results = afterEdits({ 'file:///w/a.conf': a, 'file:///w/sub/d.conf': d }, [['file:///w/sub/a.conf', '[Interface]\n']]);
    for (const r of results) assert.deepEqual(r.shown, r.fresh, r.uri);
    assert.ok(results.find((r) => r.uri === 'file:///w/a.conf')!.fresh.some((m) => m.includes('w/a.conf')), 'a.conf is named by folder now');
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
  test("an Endpoint added to a hub's stanza for one spoke re-checks its neighbour offered a direct tunnel (a property test's counterexample)", () => {
    const hub = (endpoint: string) =>
      `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${K[2]!.publicKey}\n${endpoint}AllowedIPs = 10.0.0.3/32\n\n[Peer]\nPublicKey = ${K[1]!.publicKey}\nAllowedIPs = 10.0.0.2/32\n`;
    const spoke = (k: number, address: string) => `[Interface]\nPrivateKey = ${K[k]!.privateKey}\nAddress = ${address}\n\n[Peer]\nPublicKey = ${K[0]!.publicKey}\nEndpoint = 192.0.2.1:51820\nAllowedIPs = 10.0.0.1/32\n`;
    // (A comment line replaced: no line moves, so no later peer is re-checked for having moved.)
    const texts = { 'file:///w/wg0.conf': hub('# b\n'), 'file:///w/a.conf': spoke(1, '10.0.0.2/24'), 'file:///w/b.conf': spoke(2, '10.0.0.3/32') };
    const result = afterEdits(texts, [['file:///w/wg0.conf', hub('Endpoint = 198.51.100.7:51820\n')]]);
    for (const r of result) assert.deepEqual(r.shown, r.fresh, r.uri);
    const a = result.find((r) => r.uri === 'file:///w/a.conf')!;
    assert.ok(a.fresh.some((m) => m.includes('has an Endpoint in wg0.conf')), 'the message offers the direct tunnel');
  });
  test("an Endpoint added to a hub's stanza for a listening spoke re-checks the config that spoke lists unanswered (its fix dials it there; a property test's counterexample)", () => {
    // c listens and lists b, which does not list c back: b's fix writes a [Peer] dialing c at the host
    // other configs use for c. The hub's stanza for c gains an Endpoint: b's fix now writes it.
    const hub = (endpoint: string) => `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n[Peer]\nPublicKey = ${K[3]!.publicKey}\n${endpoint}`;
    const texts = {
      'file:///w/wg0.conf': hub('[Peer]\n'),
      'file:///w/b.conf': `[Interface]\nPrivateKey = ${K[2]!.privateKey}\nAddress = 10.0.0.3/32\n`,
      'file:///w/other/c.conf': `[Interface]\nPrivateKey = ${K[3]!.privateKey}\nAddress = 10.0.0.4/32\nListenPort = 51820\n[Peer]\nPublicKey = ${K[2]!.publicKey}\n`,
    };
    for (const edit of [hub('Endpoint = 192.0.2.1:51820\n'), hub('# x\nEndpoint = 192.0.2.1:51820\n[Peer]\n')]) {
      const result = afterEdits(texts, [['file:///w/wg0.conf', edit]]);
      for (const r of result) assert.deepEqual(r.shown, r.fresh, r.uri);
      const b = result.find((r) => r.uri === 'file:///w/b.conf')!;
      assert.ok(b.fresh.some((m) => m.includes('Endpoint = 192.0.2.1:51820')), 'the fix dials c where the hub does');
    }
  });
});

describe('filesWithAddressIn: the configs with an address in a subnet, from the sorted index', () => {
  test('agrees with a look at every config, for random addresses and subnets, across edits', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const ws = new WorkspaceModel();
    const addressOf = () => (rand(3) === 0 ? `fd00::${(rand(4) * 256 + rand(256)).toString(16)}/${[64, 112, 120, 128][rand(4)]}` : `10.${rand(3)}.${rand(4)}.${rand(256)}/${[16, 24, 30, 32][rand(4)]}`);
    const text = () => `[Interface]\nAddress = ${addressOf()}, ${addressOf()}\n`;
    for (let i = 0; i < 300; i++) ws.setText(`file:///w/c${i}.conf`, text());
    for (let round = 0; round < 3; round++) {
      for (let k = 0; k < 200; k++) {
        const all = [...ws.all()];
        const file = all[rand(all.length)]!;
        const subnet = file.model.iface.addresses[rand(2)]!.cidr!;
        const brute = [...ws.all()].filter((f) => f.model.iface.addresses.some((a) => a.cidr && a.cidr.family === subnet.family && covers(subnet, a.cidr.family, a.cidr.address))).map((f) => f.uri).sort();
        assert.deepEqual(ws.filesWithAddressIn(subnet.family, subnet.network, subnet.prefix).map((f) => f.uri).sort(), brute, `${subnet.family}:${subnet.network}/${subnet.prefix}`);
      }
      // Edits: the index is rebuilt for the next revision.
      for (let k = 0; k < 50; k++) ws.setText(`file:///w/c${rand(300)}.conf`, text());
      ws.delete(`file:///w/c${rand(300)}.conf`);
      ws.setText(`file:///w/c${rand(300)}.conf`, text());
    }
  });
});

describe('affectedBy: a line typed at the end of a hub', () => {
  // The spokes it lists back have no fix that appends a [Peer] to the hub: re-checking all of them at
  // every line typed at its end (adding a [Peer] there is the usual hub edit) was the cost of an edit.
  const spoke = (i: number) => `[Interface]\nPrivateKey = ${K[i]!.privateKey}\nAddress = 10.0.0.${i + 1}/32\n\n[Peer]\nPublicKey = ${K[0]!.publicKey}\nEndpoint = vpn.example.com:51820\nAllowedIPs = 10.0.0.0/24\n`;
  const hub = (tail: string) => `[Interface]\nPrivateKey = ${K[0]!.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n${[1, 2, 3].map((i) => `\n[Peer]\nPublicKey = ${K[i]!.publicKey}\nAllowedIPs = 10.0.0.${i + 1}/32\n`).join('')}${tail}`;
  test('re-checks the spoke whose stanza the line joins, not those listed back; the one not listed back is', () => {
    const cache = new LineCache();
    const ws = new WorkspaceModel();
    for (const i of [1, 2, 3, 4]) ws.set(`file:///w/s${i}.conf`, parse(spoke(i), cache));
    let doc = ws.set('file:///w/hub.conf', parse(hub(''), cache)).doc;
    const before = ws.get('file:///w/hub.conf');
    doc = ws.set('file:///w/hub.conf', reparse(doc, hub('# the office\n'), cache)).doc;
    // s3 owns the last stanza, which the comment line joins; s4, which the hub does not list, has a
    // counterpart-missing-peer fix that appends its [Peer] at the hub's end.
    assert.deepEqual([...ws.affectedBy('file:///w/hub.conf', before, 'wg-quick')].sort(), ['file:///w/s3.conf', 'file:///w/s4.conf']);
    assert.ok(doc.text.endsWith('# the office\n'));
  });
  test('what is shown after such lines is what a fresh build shows', () => {
    const texts = Object.fromEntries([[`file:///w/hub.conf`, hub('')], ...[1, 2, 3, 4].map((i) => [`file:///w/s${i}.conf`, spoke(i)])]);
    const edits: Array<[string, string]> = [['file:///w/hub.conf', hub('# a')], ['file:///w/hub.conf', hub('# a\n')], ['file:///w/hub.conf', hub(`# a\n\n[Peer]\nPublicKey = ${K[4]!.publicKey}\nAllowedIPs = 10.0.0.5/32\n`)], ['file:///w/hub.conf', hub('')]];
    for (const r of afterEdits(texts, edits)) assert.deepEqual(r.shown, r.fresh, r.uri);
  });
});
