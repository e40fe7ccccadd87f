// Boundaries and branches of the rules that no other test pinned: each case was found by mutation
// testing (a comparison flipped, a branch dropped, a range taken from the other file), and each
// mutant passed the whole unit suite. A case says what the engine reports (rule, severity, exact
// range) for a config at the edge, and often the config one step past it. Every case runs with LF
// and CRLF line endings.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/core/parser.ts';
import { validate, validateInWorkspace } from '../../server/src/core/validate.ts';
import { WorkspaceModel } from '../../server/src/core/workspace.ts';
import type { Problem } from '../../server/src/core/problem.ts';
import { isValidKey } from '../../server/src/core/keys.ts';
import { applyTextEdits } from '../../server/src/core/edits/apply.ts';
import { eachEol, type EolVariant } from './fixtures/parser/eol.ts';
import { ALPHA, BRAVO } from './fixtures/example-keys.ts';

// alpha.conf's keys, and bravo's (examples/point-to-point), as rules.test.ts names them.
const { privateKey: PRIV, publicKey: PUB_SELF } = ALPHA;
const { privateKey: BRAVO_PRIV, publicKey: PUB } = BRAVO;
// A hub and a third host of rules.test.ts (no example holds them).
const HUB_PUB = '73VEvmlyT3lr2s6EY189WVygqKa8EMsbGmH61P6IjjM=';
const CHARLIE_PRIV = 'cBDvdUDHhOeNI2NSq6I9wVGlwTVQqQ0b3ImhFDJ4U0Y=';

const iface = (extra = '') => `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\n${extra}`;
const peer = (lines: string) => `\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.2/32\n${lines}`;
const spoke = (priv: string, address: string, allowed: string) =>
  `[Interface]\nPrivateKey = ${priv}\nAddress = ${address}\n\n[Peer]\nPublicKey = ${HUB_PUB}\nAllowedIPs = ${allowed}\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n`;

/** alpha.conf's problems of `rules`, alone or in a folder with `others` (name → text). */
function problems(v: EolVariant, text: string, rules: readonly string[], others?: Readonly<Record<string, string>>): Problem[] {
  let all: Problem[];
  if (others) {
    const ws = new WorkspaceModel();
    for (const [name, t] of Object.entries(others)) ws.setText(`file:///ws/${name}`, v.convert(t));
    all = validateInWorkspace(ws, ws.setText('file:///ws/alpha.conf', v.convert(text)), {});
  } else {
    all = validate(parse(v.convert(text)), {});
  }
  return all.filter((p) => rules.includes(p.rule));
}

/** `rule severity line:col-line:col` of each problem. */
const shown = (ps: readonly Problem[]) => ps.map((p) => `${p.rule} ${p.severity} ${p.range.start.line}:${p.range.start.character}-${p.range.end.line}:${p.range.end.character}`);

function expectProblems(name: string, text: string, rules: readonly string[], expected: readonly string[], others?: Readonly<Record<string, string>>) {
  eachEol(name, test, (v) => assert.deepEqual(shown(problems(v, text, rules, others)), expected));
}

describe('severities that depend on the target', () => {
  expectProblems('duplicate-peer is an error for the Apple apps (they refuse the file)', `# wgls-target apple\n${iface()}${peer('')}${peer('')}`, ['duplicate-peer'], ['duplicate-peer error 10:12-10:56']);
  expectProblems('endpoint-unbracketed-ipv6 is an error for Windows', `# wgls-target windows\n${iface()}${peer('Endpoint = 2001:db8::1:51820\n')}`, ['endpoint-unbracketed-ipv6'], ['endpoint-unbracketed-ipv6 error 8:11-8:28']);
  expectProblems('Table = 4294967295 is read and ignored by Windows (information), not refused', `# wgls-target windows\n${iface('Table = 4294967295\n')}`, ['invalid-table'], ['invalid-table information 4:8-4:18']);
  expectProblems('an Endpoint host 010.0.0.255 on Android: a warning (the octet 255 is in range)', `# wgls-target android\n${iface()}${peer('Endpoint = 010.0.0.255:51820\n')}`, ['endpoint-host'], ['endpoint-host warning 8:11-8:28']);
  expectProblems('Windows: fd00::1/64 and fd00::1/48 are not the same address listed twice', `# wgls-target windows\n[Interface]\nPrivateKey = ${PRIV}\nAddress = fd00::1/64, fd00::1/48\n`, ['invalid-address'], []);
  expectProblems('an awg keepalive range with equal bounds (25-25) is valid', `# wgls-target amneziawg\n${iface()}${peer('Endpoint = 203.0.113.1:51820\nPersistentKeepalive = 25-25\n')}`, ['invalid-keepalive'], []);
});

describe('keepalive bounds', () => {
  const keepalive = (n: number) => `${iface()}${peer(`Endpoint = 203.0.113.1:51820\nPersistentKeepalive = ${n}\n`)}`;
  const rules = ['keepalive-too-short', 'keepalive-too-long'];
  expectProblems('10 and 120 seconds are fine', keepalive(10), rules, []);
  expectProblems('120 seconds is fine', keepalive(120), rules, []);
  expectProblems('9 seconds is too short', keepalive(9), rules, ['keepalive-too-short information 8:22-8:23']);
  expectProblems('121 seconds is too long', keepalive(121), rules, ['keepalive-too-long warning 8:22-8:25']);

  eachEol('the missing keepalive is added after the peer\'s last line, not under its header', test, (v) => {
    const text = v.convert(`${iface()}${peer('Endpoint = 203.0.113.1:51820\n')}`);
    const [p] = problems(v, text, ['missing-keepalive']);
    assert.deepEqual(shown([p!]), ['missing-keepalive hint 7:0-7:8']);
    const fix = p!.fixes!.find((f) => f.title === 'Add PersistentKeepalive = 25')!;
    assert.equal(applyTextEdits(text, fix.edits), v.convert(`${iface()}${peer('Endpoint = 203.0.113.1:51820\nPersistentKeepalive = 25\n')}`));
  });
});

describe('MTU', () => {
  expectProblems('IPv6 only in a peer\'s AllowedIPs still needs an MTU of 1280', `${iface('MTU = 1200\n')}\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.2/32, fd00::2/128\nEndpoint = 203.0.113.1:51820\n`, ['mtu-too-low-for-ipv6'], ['mtu-too-low-for-ipv6 warning 3:6-3:10']);
  expectProblems('no peers: 1430 is too high for an IPv6 path (a warning, not the IPv4-only note)', iface('MTU = 1430\n'), ['mtu-too-high'], ['mtu-too-high warning 3:6-3:10']);
  expectProblems('an MTU over 65535 is invalid, not also too high', iface('MTU = 70000\n'), ['mtu-too-high', 'invalid-mtu'], ['invalid-mtu error 3:6-3:11']);
});

describe('keys', () => {
  expectProblems('a PresharedKey that is this file\'s own PrivateKey is key reuse', `${iface()}\n[Peer]\nPublicKey = ${PUB}\nPresharedKey = ${PRIV}\nAllowedIPs = 10.0.0.2/32\n`, ['key-reuse'], ['key-reuse warning 6:15-6:59']);
  expectProblems('a PreUp that sets the private key (wg-quick ≥ 1.0.20260223 runs PreUp after addconf) stands for it', '[Interface]\nAddress = 10.0.0.1/24\nPreUp = wg set %i private-key /etc/wireguard/k\n', ['missing-private-key'], []);

  eachEol('clearing the padding bits gives a valid key, also when the last character has bit 1 set (z)', test, (v) => {
    for (const last of ['z', 'x', 'b', 'F']) {
      const text = v.convert(`${iface()}\n[Peer]\nPublicKey = ${PUB.slice(0, 42)}${last}=\nAllowedIPs = 10.0.0.2/32\n`);
      const [p] = problems(v, text, ['invalid-key']);
      assert.deepEqual(shown([p!]), ['invalid-key error 5:12-5:56'], last);
      const fix = p!.fixes!.find((f) => f.title === 'Clear the padding bits (the same 32 bytes)')!;
      const key = /^PublicKey = (\S+)$/m.exec(applyTextEdits(text, fix.edits))![1]!;
      assert.ok(isValidKey(key), `${last}: ${key}`);
      assert.equal(Buffer.from(key, 'base64').subarray(0, 31).toString('hex'), Buffer.from(`${PUB.slice(0, 42)}${last}=`, 'base64').subarray(0, 31).toString('hex'));
    }
  });
});

describe('addresses and hosts', () => {
  expectProblems('`1:2:3:4::5:6:7:8` (a :: standing for no group) is no IPv6 address to inet_pton', `${iface()}\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 1:2:3:4::5:6:7:8/128\n`, ['invalid-allowed-ip'], ['invalid-allowed-ip error 6:13-6:33']);
  expectProblems('010.0.0.1/32: a form only ip reads, at the full-length prefix too', '[Interface]\nPrivateKey = ' + PRIV + '\nAddress = 010.0.0.1/32\n', ['invalid-address'], ['invalid-address warning 2:10-2:22']);
  expectProblems('a 63-character host label is fine', `${iface()}${peer(`Endpoint = ${'a'.repeat(63)}.example.com:51820\n`)}`, ['endpoint-host', 'invalid-endpoint'], []);
  expectProblems('a 64-character host label is not', `${iface()}${peer(`Endpoint = ${'a'.repeat(64)}.example.com:51820\n`)}`, ['endpoint-host', 'invalid-endpoint'], ['endpoint-host error 7:11-7:93']);
  const name = (length: number) => ('a'.repeat(62) + '.').repeat(5).slice(0, length);
  expectProblems('a 253-character host name is fine', `${iface()}${peer(`Endpoint = ${name(253)}:51820\n`)}`, ['endpoint-host', 'invalid-endpoint'], []);
  expectProblems('a 254-character host name is not', `${iface()}${peer(`Endpoint = ${name(254)}:51820\n`)}`, ['endpoint-host', 'invalid-endpoint'], ['endpoint-host error 7:11-7:271']);
  expectProblems('a zone on a link-local address past fe80::/16 (fe90::, still fe80::/10) is fine', `${iface()}${peer('Endpoint = [fe90::1%eth0]:51820\n')}`, ['invalid-endpoint'], []);

  eachEol('`[2001:db8::1]:` (no port after the colon): the whole value, with the fix', test, (v) => {
    const text = `${iface()}${peer('Endpoint = [2001:db8::1]:\n')}`;
    const [p] = problems(v, text, ['invalid-endpoint']);
    assert.deepEqual(shown([p!]), ['invalid-endpoint error 7:11-7:25']);
    assert.deepEqual(p!.fixes!.map((f) => f.title), ['Change to [2001:db8::1]:51820']);
  });

  eachEol('`vpn.example.com 0`: port 0 is no port, the fix adds 51820', test, (v) => {
    const [p] = problems(v, `${iface()}${peer('Endpoint = vpn.example.com 0\n')}`, ['invalid-endpoint']);
    assert.deepEqual(shown([p!]), ['invalid-endpoint error 7:11-7:28']);
    assert.deepEqual(p!.fixes!.map((f) => f.title), ['Change to vpn.example.com:51820']);
  });
});

describe('routing', () => {
  expectProblems('Table = off: AllowedIPs equal to the Address subnet is on-link, routed', `${iface('Table = off\n')}\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 203.0.113.1:51820\n`, ['allowed-ips-not-routed'], []);
});

describe('across two files', () => {
  const bravo = (extra: string, peerLines: string) => `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.2/24\n${extra}\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 10.0.0.1/32\n${peerLines}`;
  expectProblems(
    'no-endpoint-either-side is on this file\'s [Peer], also when the other file\'s is on another line',
    `${iface()}\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.2/32\n`,
    ['no-endpoint-either-side'],
    ['no-endpoint-either-side warning 5:12-5:56'],
    { 'bravo.conf': bravo('\n\n', '') },
  );
  expectProblems(
    'a `-` item covering the other end\'s Address does not route it (allowed-ips-miss-address)',
    `${iface()}\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.9.0.0/16, -10.0.0.2/32\n`,
    ['allowed-ips-miss-address'],
    ['allowed-ips-miss-address warning 6:13-6:38'],
    { 'bravo.conf': bravo('ListenPort = 51820\n', 'Endpoint = 203.0.113.9:51820\n') },
  );
  eachEol('Endpoint port 0: endpoint-port-mismatch offers no "Set ListenPort = 0"', test, (v) => {
    const ps = problems(v, `${iface()}${peer('Endpoint = 203.0.113.1:0\n')}`, ['endpoint-port-mismatch'], { 'bravo.conf': bravo('', '') });
    assert.deepEqual(shown(ps), ['endpoint-port-mismatch warning 7:23-7:24']);
    assert.deepEqual(ps[0]!.fixes ?? [], []);
  });
  expectProblems('two spokes with one address: reused-address, not also an unrouted neighbour', spoke(PRIV, '10.0.0.2/24', '10.0.0.1/32'), ['unrouted-neighbor', 'reused-address'], ['reused-address warning 2:10-2:21'], {
    'charlie.conf': spoke(CHARLIE_PRIV, '10.0.0.2/24', '10.0.0.0/24'),
  });
  expectProblems('an Address of /0 names no subnet of neighbours', spoke(PRIV, '10.0.0.2/0', '10.0.0.1/32'), ['unrouted-neighbor'], [], {
    'charlie.conf': spoke(CHARLIE_PRIV, '10.0.0.3/24', '10.0.0.0/24'),
  });
});
