// Behaviour a mutation review (2026-12-06) found no test pinned: a condition dropped, a constant moved or
// a table entry removed changed what a user sees, and every test still passed. Each case is the smallest
// config where the mutant's output differs, with what the original (correct per the reference and the
// rule pages) says. The mutation is named in the test, `file:what`, so a reader knows what it guards.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/core/parser.ts';
import { validate, validateInWorkspace } from '../../server/src/core/validate.ts';
import { WorkspaceModel } from '../../server/src/core/workspace.ts';
import { publicKeyOf } from '../../server/src/core/keys.ts';
import type { Problem } from '../../server/src/core/problem.ts';
import type { Target } from '../../server/src/core/schema.ts';

const PRIV = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
const PUB = 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=';
// Three more configs' keys (server, two clients) for the cross-file cases.
const S = 'KBRkywWzUwf2aQb5r5Tqi9+ksOk8a9nCfQDf9eAmt2U=';
const A = 'IAHhfFuD+WrRPJm/reKrTGLAjE41Dln3qJFioBmlbGY=';
const B = 'kMSFdA+I+snK+WcFylYRkBVgjOQussBEKVht6eYQuUc=';
const C = 'yIiUu/NZvWqs4CqTF9K6YQIlGC1p30ZuBZ3SkPOzTE4=';
const pub = (priv: string) => publicKeyOf(priv)!;

/** A client config with PRIV and one [Peer] (PUB): `iface` lines go into [Interface], `peer` lines into [Peer]. */
const client = (iface: string, peer: string, address = '10.0.0.2/32') =>
  `[Interface]\nPrivateKey = ${PRIV}\nAddress = ${address}\n${iface}\n[Peer]\nPublicKey = ${PUB}\n${peer}`;

function alone(text: string, target?: Target): Problem[] {
  return validate(parse(text), target ? { target } : {});
}

function inWorkspace(files: Record<string, string>, check: string): Problem[] {
  const ws = new WorkspaceModel();
  for (const [name, text] of Object.entries(files)) ws.setText(`file:///w/${name}`, text);
  return validateInWorkspace(ws, ws.get(`file:///w/${check}`)!, {});
}

const of = (ps: readonly Problem[], rule: string) => ps.filter((p) => p.rule === rule);
const titles = (p: Problem | undefined) => (p?.fixes ?? []).map((f) => f.title);

/** A server (S) at 10.0.0.1/24 listening on 51820, with `peers` as [Peer] stanzas. */
const server = (peers: string, head = '') => `${head}[Interface]\nPrivateKey = ${S}\nAddress = 10.0.0.1/24\nListenPort = 51820\n${peers}`;
const peerOf = (priv: string, allowed: string, extra = '') => `\n[Peer]\nPublicKey = ${pub(priv)}\nAllowedIPs = ${allowed}\n${extra}`;
/** A client with `priv` dialling the server S. */
const dialer = (priv: string, address: string, allowed: string, extra = '') =>
  `[Interface]\nPrivateKey = ${priv}\nAddress = ${address}\n\n[Peer]\nPublicKey = ${pub(S)}\nAllowedIPs = ${allowed}\nEndpoint = 203.0.113.1:51820\n${extra}`;

describe('values and keys', () => {
  test('values.ts paddingCleared: a key whose 43rd character has both padding bits set gets the fix that clears them', () => {
    const p = of(alone(client('', 'AllowedIPs = 10.0.0.0/24\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = 25\n').replace(PUB, PUB.replace(/E=$/, 'C='))), 'invalid-key')[0]!;
    assert.match(p.message, /43rd character leaves padding bits set/);
    assert.equal(p.fixes?.[0]?.edits[0]?.newText, PUB.replace(/E=$/, 'A='));
  });

  test('values.ts checkPort: a ListenPort above 65535 names the apps that reject it (not for AmneziaWG)', () => {
    const text = client('ListenPort = 70000\n', 'AllowedIPs = 10.0.0.0/24\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = 25\n');
    assert.match(of(alone(text), 'non-portable-port')[0]!.message, /wg accepts it through getaddrinfo, the Windows, Android and Apple apps reject it\./);
  });

  test('values.ts plusNumber: Windows reads PersistentKeepalive = +65535 as 65535 (a hint with the fix), not an error', () => {
    const p = of(alone(client('', 'AllowedIPs = 10.0.0.0/24\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = +65535\n'), 'windows'), 'invalid-keepalive')[0]!;
    assert.equal(p.severity, 'hint');
    assert.deepEqual(titles(p), ['Change to 65535']);
  });

  test("values.ts windowsKeepaliveError: a keepalive of 19 digits is Go's out-of-range error on Windows", () => {
    const p = of(alone(client('', 'AllowedIPs = 10.0.0.0/24\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = 1000000000000000000\n'), 'windows'), 'invalid-keepalive')[0]!;
    assert.equal(p.message, 'PersistentKeepalive: 1000000000000000000 is more than 65535 seconds (Windows: strconv.Atoi: parsing "1000000000000000000": value out of range).');
  });

  test('values.ts checkEndpoint: a port above 65535 in a value with a blank gets no fix (it would drop the host)', () => {
    const p = of(alone(client('', 'AllowedIPs = 10.0.0.0/24\nEndpoint = 203.0.113.1: 70000\nPersistentKeepalive = 25\n')), 'non-portable-port')[0]!;
    assert.ok(p);
    assert.deepEqual(titles(p), []);
  });
});

describe('keepalive', () => {
  test('keepalive.ts: PersistentKeepalive = 0 is set to 25 in place, not added as a second line', () => {
    const p = of(alone(client('', 'AllowedIPs = 10.0.0.0/24\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = 0\n')), 'missing-keepalive')[0]!;
    assert.deepEqual(titles(p), ['Set PersistentKeepalive = 25']);
    assert.deepEqual(p.fixes![0]!.edits.map((e) => [e.range.start.line, e.newText]), [[8, '25']]);
  });

  test('keepalive.ts hasCounterpart: a keepalive on the side that is dialled is keepalive-wrong-side alone when the other end lists it back', () => {
    const files = { 's.conf': server(peerOf(A, '10.0.0.2/32', 'PersistentKeepalive = 25\n')), 'c.conf': dialer(A, '10.0.0.2/32', '10.0.0.0/24') };
    assert.deepEqual(inWorkspace(files, 's.conf').map((p) => p.rule), ['keepalive-wrong-side']);
  });

  test('keepalive.ts: keepalive-without-endpoint when the config of that key does not list this side back', () => {
    // c.conf owns the peer's key but lists another server (B's key), not s.conf.
    const c = dialer(A, '10.0.0.2/32', '10.0.0.0/24').replace(pub(S), pub(B));
    const ps = inWorkspace({ 's.conf': server(peerOf(A, '10.0.0.2/32', 'PersistentKeepalive = 25\n')), 'c.conf': c }, 's.conf');
    assert.equal(of(ps, 'keepalive-without-endpoint').length, 1, ps.map((p) => p.rule).join(','));
  });
});

describe('routing', () => {
  test('routing.ts: Table = off outside the subnet offers the routes in PostUp, or Table at auto', () => {
    const p = of(alone(client('Table = off\n', 'AllowedIPs = 10.9.0.0/24\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = 25\n')), 'allowed-ips-not-routed')[0]!;
    assert.match(p.message, /Add the routes in PostUp, or leave Table at auto, unless routing is done outside this file\.$/);
  });

  test("routing.ts: a route into the local table is no default route of one's own: table-off-default-route stays", () => {
    const text = client('Table = off\nPostUp = ip route add 10.1.0.0/16 dev eth0 table local\n', 'AllowedIPs = 0.0.0.0/0\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = 25\n');
    assert.equal(of(alone(text), 'table-off-default-route').length, 1);
  });

  test('routing.ts: an ip6tables DROP on an AmneziaWG interface (awg0) is no IPv6 turned off: ipv6-leak stays a warning', () => {
    const text = client('PostUp = ip6tables -A OUTPUT -o awg0 -j DROP\n', 'AllowedIPs = 0.0.0.0/0\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = 25\n');
    assert.equal(of(alone(text), 'ipv6-leak')[0]?.severity, 'warning');
  });

  test('routing.ts NOT_PUBLIC: the exclude-private list written without 0.0.0.0/5 (1/8, 2/7, 4/6) is still a full tunnel', () => {
    const list =
      '1.0.0.0/8, 2.0.0.0/7, 4.0.0.0/6, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6, 16.0.0.0/4, 32.0.0.0/3, 64.0.0.0/2, 128.0.0.0/3, 160.0.0.0/5, 168.0.0.0/6, 172.0.0.0/12, 172.32.0.0/11, 172.64.0.0/10, 172.128.0.0/9, 173.0.0.0/8, 174.0.0.0/7, 176.0.0.0/4, 192.0.0.0/9, 192.128.0.0/11, 192.160.0.0/13, 192.169.0.0/16, 192.170.0.0/15, 192.172.0.0/14, 192.176.0.0/12, 192.192.0.0/10, 193.0.0.0/8, 194.0.0.0/7, 196.0.0.0/6, 200.0.0.0/5, 208.0.0.0/4';
    const rules = alone(client('', `AllowedIPs = ${list}\nEndpoint = 203.0.113.1:51820\n`).replace(/\n$/, '')).map((p) => p.rule);
    assert.ok(rules.includes('ipv6-leak') && rules.includes('full-tunnel-without-dns'), rules.join(','));
    assert.ok(!rules.includes('missing-keepalive'), 'a full tunnel sends on its own');
  });
});

describe('hooks', () => {
  const hooks = (lines: string) => alone(client(lines, 'AllowedIPs = 10.0.0.0/24\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = 25\n'));
  const postDownOf = (lines: string) => of(hooks(lines), 'postup-without-postdown').map((p) => p.fixes?.[0]?.edits[0]?.newText.trim());

  test('hooks.ts: `ip ro add` (an abbreviation of route) is a route to undo', () => {
    assert.deepEqual(postDownOf('PostUp = ip ro add 10.1.0.0/16 via 192.168.1.1\n'), ['PostDown = ip ro del 10.1.0.0/16 via 192.168.1.1']);
  });

  test('hooks.ts linkName: `mtu N` before the name is skipped: the undo deletes br9', () => {
    assert.deepEqual(postDownOf('PostUp = ip link add mtu 1400 br9 type bridge\n'), ['PostDown = ip link del br9']);
  });

  test("hooks.ts: iptables' -v and -p sctp with its -m sctp make no difference between PostUp and its PostDown", () => {
    assert.deepEqual(postDownOf('PostUp = iptables -v -A FORWARD -i %i -j ACCEPT\nPostDown = iptables -D FORWARD -i %i -j ACCEPT\n'), []);
    assert.deepEqual(postDownOf('PostUp = iptables -A INPUT -p sctp -m sctp --dport 5000 -j ACCEPT\nPostDown = iptables -D INPUT -p sctp --dport 5000 -j ACCEPT\n'), []);
  });

  test('hooks.ts: a delete in PreUp (not only PostUp) stops wg-quick up when it finds nothing', () => {
    const ps = alone(client('PreUp = ip addr del 10.0.0.1/24 dev %i\n', 'AllowedIPs = 10.0.0.0/24\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = 25\n', '10.0.0.1/24'));
    assert.deepEqual(of(ps, 'hook-delete-fails-up').map((p) => p.range.start.line), [3]);
  });

  test("hooks.ts: with FwMark = 0 (off), an ip rule of the default-route table is wg-quick's own to clean up", () => {
    const ps = alone(client('FwMark = 0\nPostUp = ip rule add from 10.0.0.2 table 51820\n', 'AllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = 203.0.113.1:51820\nPersistentKeepalive = 25\n'));
    assert.deepEqual(of(ps, 'postup-without-postdown'), []);
  });

  test('hooks.ts: SaveConfig = true in a file with a host name Endpoint (and no comments) says the name becomes an address', () => {
    const text = client('SaveConfig = true\n', 'AllowedIPs = 10.0.0.0/24\nEndpoint = vpn.example.com:51820\n');
    assert.match(of(alone(text), 'save-config-overwrites')[0]!.message, /hostname endpoints become fixed IP addresses/);
  });

  test('ip-rules.ts: the same rule added twice, deleted once in a for loop, leaves one behind', () => {
    assert.equal(postDownOf('PostUp = ip rule add from 10.0.0.2 table 100; ip rule add from 10.0.0.2 table 100\nPostDown = for i in 1; do ip rule del from 10.0.0.2 table 100; done\n').length, 1);
  });

  test("ip-rules.ts: `ip rule del table default` deletes the kernel's own rule (it exists): down does not stop there", () => {
    assert.deepEqual(of(hooks('PostUp = ip rule add from 10.0.0.2 table 100\nPostDown = ip rule del table default; ip rule del from 10.0.0.2 table 100\n'), 'postup-without-postdown'), []);
  });

  test('ip-rules.ts: `wg set %i` in PostDown fails (the interface is gone) and stops down', () => {
    const p = of(hooks('PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostDown = wg set %i fwmark 0; iptables -D FORWARD -i %i -j ACCEPT\n'), 'postup-without-postdown')[0]!;
    assert.match(p.message, /Down stops early: "wg set %i fwmark 0" fails: wg-quick has deleted the interface before PostDown runs/);
  });

  test('ip-rules.ts: `ip route flush table N` undoes the routes of that table (`ip r`, the shortest spelling)', () => {
    assert.deepEqual(of(hooks('PostUp = ip r add 10.1.0.0/16 via 192.168.1.1 table 100\nPostDown = ip route flush table 100\n'), 'postup-without-postdown'), []);
  });

  test('ip-rules.ts ipNumber: a leading-zero priority is octal to ip (pref 0100 is 64)', () => {
    assert.deepEqual(of(hooks('PostUp = ip rule add pref 0100 from 10.0.0.2 table 100\nPostDown = ip rule del pref 64\n'), 'postup-without-postdown'), []);
  });

  test('ip-rules.ts: `false` fails and stops down', () => {
    const p = of(hooks('PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostDown = false; iptables -D FORWARD -i %i -j ACCEPT\n'), 'postup-without-postdown')[0]!;
    assert.match(p.message, /Down stops early: "false" fails, and wg-quick runs down with set -e/);
  });
});

describe('across files', () => {
  test('cross-file.ts: a server without forwarding hooks, which dials a full-tunnel client that does not listen, is told', () => {
    const files = {
      's.conf': server(peerOf(A, '10.0.0.2/32', 'Endpoint = 198.51.100.2:51820\n')),
      'c1.conf': dialer(A, '10.0.0.2/32', '0.0.0.0/0').replace(/Endpoint = .*\n/, ''),
    };
    assert.match(of(inWorkspace(files, 's.conf'), 'gateway-without-forwarding')[0]?.message ?? '', /^c1\.conf sends all its traffic here \(0\.0\.0\.0\/0\)/);
  });

  test("cross-file.ts: an installer's mark within the first 10 lines silences gateway-without-forwarding", () => {
    const files = { 's.conf': server(peerOf(A, '10.0.0.2/32'), '# managed\n# line1\n# line2\n# line3\n# They are used by wireguard-install\n'), 'a.conf': dialer(A, '10.0.0.2/32', '0.0.0.0/0') };
    assert.deepEqual(of(inWorkspace(files, 's.conf'), 'gateway-without-forwarding'), []);
  });

  test('cross-file.ts: one /1 is no full tunnel (only both halves are)', () => {
    const files = { 's.conf': server(peerOf(A, '10.0.0.2/32')), 'a.conf': dialer(A, '10.0.0.2/32', '10.0.0.0/24, 128.0.0.0/1') };
    assert.deepEqual(of(inWorkspace(files, 's.conf'), 'gateway-without-forwarding'), []);
  });

  test('cross-file.ts: up to three full-tunnel clients are named one by one', () => {
    const files = {
      's.conf': server(peerOf(A, '10.0.0.2/32') + peerOf(B, '10.0.0.3/32') + peerOf(C, '10.0.0.4/32')),
      'a.conf': dialer(A, '10.0.0.2/32', '0.0.0.0/0'),
      'b.conf': dialer(B, '10.0.0.3/32', '0.0.0.0/0'),
      'c.conf': dialer(C, '10.0.0.4/32', '0.0.0.0/0'),
    };
    assert.match(of(inWorkspace(files, 's.conf'), 'gateway-without-forwarding')[0]?.message ?? '', /^a\.conf, b\.conf, c\.conf send all their traffic here/);
  });

  test("cross-file.ts endpointSetByHook: the other end's PostUp `wg set %i peer KEY endpoint …` counts as its Endpoint", () => {
    const a = `[Interface]\nPrivateKey = ${A}\nAddress = 10.0.0.2/24\n\n[Peer]\nPublicKey = ${pub(B)}\nAllowedIPs = 10.0.0.3/32\n`;
    const b = `[Interface]\nPrivateKey = ${B}\nAddress = 10.0.0.3/24\nPostUp = wg set %i peer ${pub(A)} endpoint 192.0.2.7:51820\n\n[Peer]\nPublicKey = ${pub(A)}\nAllowedIPs = 10.0.0.2/32\n`;
    assert.deepEqual(of(inWorkspace({ 'a.conf': a, 'b.conf': b }, 'a.conf'), 'no-endpoint-either-side'), []);
  });

  test('cross-file.ts: allowed-ips-both-ways compares every item of both ends (3 × 2 here)', () => {
    const a = `[Interface]\nPrivateKey = ${A}\nAddress = 10.0.0.2/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${pub(B)}\nAllowedIPs = 10.0.0.3/32, 192.168.50.0/24, 10.1.0.0/16\nEndpoint = 192.0.2.3:51820\n`;
    const b = `[Interface]\nPrivateKey = ${B}\nAddress = 10.0.0.3/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${pub(A)}\nAllowedIPs = 10.0.0.2/32, 192.168.50.0/24\nEndpoint = 192.0.2.2:51820\n`;
    const p = of(inWorkspace({ 'a.conf': a, 'b.conf': b }, 'a.conf'), 'allowed-ips-both-ways');
    assert.deepEqual(p.map((x) => [x.range.start.line, x.range.start.character]), [[7, 26]]);
  });

  test("cross-file.ts near misses: a peer key one character off this config's own public key is no typo of another config", () => {
    const ownTypo = pub(A).replace(/^(.{5})./, (_, head: string) => `${head}${pub(A)[5] === 'A' ? 'B' : 'A'}`);
    const a = `[Interface]\nPrivateKey = ${A}\nAddress = 10.0.0.2/24\n\n[Peer]\nPublicKey = ${ownTypo}\nAllowedIPs = 10.0.0.3/32\nEndpoint = 192.0.2.3:51820\n`;
    const b = dialer(B, '10.0.0.3/32', '0.0.0.0/0').replace(pub(S), pub(C));
    assert.deepEqual(of(inWorkspace({ 'a.conf': a, 'b.conf': b }, 'a.conf'), 'near-miss-peer-key'), []);
  });

  test("cross-file.ts: a PublicKey that is this file's own PrivateKey is one key-reuse, not also another config's", () => {
    const a = `[Interface]\nPrivateKey = ${A}\nAddress = 10.0.0.2/24\n\n[Peer]\nPublicKey = ${A}\nAllowedIPs = 10.0.0.3/32\nEndpoint = 192.0.2.3:51820\n`;
    const b = dialer(B, '10.0.0.3/32', '0.0.0.0/0').replace(pub(S), pub(C));
    const reuse = of(inWorkspace({ 'a.conf': a, 'b.conf': b }, 'a.conf'), 'key-reuse');
    assert.equal(reuse.length, 1);
    assert.match(reuse[0]!.message, /^This PublicKey is this file's PrivateKey/);
  });
});
