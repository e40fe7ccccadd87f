// Add peer…: the new config and the [Peer] appended here, exactly; the next free tunnel
// address (gaps, ranges, other configs, exhaustion); never over an existing file; private
// keys only in their own file; CRLF files stay CRLF; the result passes every check.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addPeer, takenPrefixes, type AddPeerOptions } from '../../../server/src/core/edits/add-peer.ts';
import { createCounterpart } from '../../../server/src/core/edits/counterpart.ts';
import { interfaceStanza, peerStanza } from '../../../server/src/core/edits/stanzas.ts';
import { parse } from '../../../server/src/core/parser.ts';
import { sharedLanProblem, takenLanProblem } from '../../../server/src/core/edits/peer-answers.ts';
import { EditError } from '../../../server/src/core/edits/change.ts';
import { generateKeyPair, publicKeyOf } from '../../../server/src/core/keys.ts';
import { nextFreeAddress, tunnelSubnets } from '../../../server/src/core/edits/allocate.ts';
import { commonSpokeDns, knownEndpoint, knownEndpointHost } from '../../../server/src/core/edits/peer-text.ts';
import { formatIp } from '../../../server/src/core/values.ts';
import { applyChange, EOLS, exampleTexts, privateKeysIn, privateKeysStayHome, seriousProblems, workspaceOf } from './helpers.ts';
import { validateInWorkspace } from '../../../server/src/core/validate.ts';

const HUB = 'file:///ws/hub-and-spoke/hub.conf';
const PAIR = { privateKey: 'aFJ0ZXN0LWtleS1mb3Itd2dscy1hZGQtcGVlci0xMjM=', publicKey: '' };
PAIR.publicKey = publicKeyOf(PAIR.privateKey)!;
const PSK = 'cHNrLWZvci13Z2xzLWFkZC1wZWVyLXRlc3RzLTEyMzQ=';
const never = () => false;

function run(options: AddPeerOptions, texts = exampleTexts('hub-and-spoke'), uri = HUB, taken: (u: string) => boolean = never) {
  const ws = workspaceOf(texts);
  return { texts, result: addPeer(ws, ws.get(uri)!, options, taken, { pair: PAIR, psk: PSK }) };
}

describe('add peer: hub and spoke', () => {
  for (const eol of EOLS) {
    const tag = eol === '\n' ? 'LF' : 'CRLF';
    test(`${tag}: the new spoke and the hub's new [Peer], exactly`, () => {
      const texts = exampleTexts('hub-and-spoke', eol);
      const { result } = run({ name: 'tablet' }, texts);
      assert.equal(result.newUri, 'file:///ws/hub-and-spoke/tablet.conf');
      assert.deepEqual(result.addresses, ['10.0.0.5/24']);
      assert.equal(result.creates.length, 1);
      assert.equal(
        result.creates[0]!.text,
        [
          '# Spoke "tablet" of the hub-and-spoke VPN in hub.conf (written by wgls).',
          '',
          '[Interface]',
          '# Name = tablet',
          `PrivateKey = ${PAIR.privateKey}`,
          'Address = 10.0.0.5/24',
          '',
          '[Peer]',
          '# Name = hub',
          'PublicKey = Z+uhM8vv1jMVyihOo2Jf890iqMVo0aLY9tQ9+1g2xQk=',
          `PresharedKey = ${PSK}`,
          // The tunnel subnet, and the NAS's LAN behind the hub.
          'AllowedIPs = 10.0.0.0/24, 192.168.1.0/24',
          'Endpoint = vpn.example.com:51820',
          'PersistentKeepalive = 25',
          '',
        ].join(eol),
      );
      const hubLines = texts.get(HUB)!.split(eol);
      assert.deepEqual(result.edits, [
        {
          uri: HUB,
          // Appended after the last line, one blank line before the stanza; nothing else touched.
          range: { start: { line: hubLines.length - 1, character: 0 }, end: { line: hubLines.length - 1, character: 0 } },
          newText: ['', '[Peer]', '# Name = tablet', `PublicKey = ${PAIR.publicKey}`, `PresharedKey = ${PSK}`, 'AllowedIPs = 10.0.0.5/32', ''].join(eol),
        },
      ]);
      const after = applyChange(texts, result);
      if (eol === '\r\n') for (const [u, t] of after) assert.ok(!/[^\r]\n/.test(t), `${u} has a bare LF`);
      assert.deepEqual(seriousProblems(after, [result.newUri, HUB]), { [result.newUri]: [], [HUB]: [] });
    });
  }

  test('a CRLF hub with one LF line (its first) gets a CRLF stanza and a CRLF new file', () => {
    const texts = exampleTexts('hub-and-spoke', '\r\n');
    texts.set(HUB, texts.get(HUB)!.replace('\r\n', '\n'));
    const { result } = run({ name: 'tablet' }, texts);
    assert.match(result.edits[0]!.newText, /^\r\n\[Peer\]\r\n/);
    assert.ok(!/[^\r]\n/.test(result.edits[0]!.newText), 'the stanza has a bare LF');
    assert.ok(!/[^\r]\n/.test(result.creates[0]!.text), 'the new file has a bare LF');
  });

  test('a last line of blanks only is replaced: the new [Peer] starts its line, one blank line before it', () => {
    for (const [tail, expected] of [
      ['\n   ', '\n\n[Peer]'],
      ['\n\n \t', '\n\n[Peer]'],
      ['\n\u00a0', '\n\u00a0\n\n[Peer]'],
    ] as const) {
      const texts = exampleTexts('hub-and-spoke');
      const hub = texts.get(HUB)!.replace(/\n*$/, '') + tail;
      texts.set(HUB, hub);
      const after = applyChange(texts, run({ name: 'tablet' }, texts).result).get(HUB)!;
      const base = hub.slice(0, hub.length - tail.length);
      assert.ok(after.startsWith(base + expected), JSON.stringify([tail, after.slice(base.length, base.length + 14)]));
    }
  });

  test('a hub without a final line break keeps ending without one (edits review)', () => {
    for (const eol of EOLS) {
      const texts = exampleTexts('hub-and-spoke', eol);
      const hub = texts.get(HUB)!.replace(/(\r?\n)+$/, '');
      texts.set(HUB, hub);
      const after = applyChange(texts, run({ name: 'tablet' }, texts).result).get(HUB)!;
      assert.equal(after, `${hub}${eol}${eol}${['[Peer]', '# Name = tablet', `PublicKey = ${PAIR.publicKey}`, `PresharedKey = ${PSK}`, 'AllowedIPs = 10.0.0.5/32'].join(eol)}`);
    }
  });

  test('full tunnel, a LAN behind the new spoke, a given endpoint host, no PSK', () => {
    const { texts, result } = run({ name: 'router', lan: '192.168.7.0/24', fullTunnel: true, endpointHost: 'hub.example.org', presharedKey: false });
    const text = result.creates[0]!.text;
    assert.match(text, /^AllowedIPs = 0\.0\.0\.0\/0, ::\/0$/m);
    assert.match(text, /^DNS = 10\.0\.0\.1$/m, "a full-tunnel spoke gets the other spokes' DNS when none is given");
    assert.match(text, /^Endpoint = hub\.example\.org:51820$/m);
    assert.match(text, /^PostUp = sysctl -w net\.ipv4\.ip_forward=1$/m, 'a spoke with a LAN forwards');
    assert.doesNotMatch(text, /PresharedKey/);
    assert.match(result.edits[0]!.newText, /AllowedIPs = 10\.0\.0\.5\/32, 192\.168\.7\.0\/24/);
    const after = applyChange(texts, result);
    assert.deepEqual(seriousProblems(after, [result.newUri, HUB]), { [result.newUri]: [], [HUB]: [] });
  });

  test("the new config is for the file's target: hooks for wg-quick only, AmneziaWG's shared parameters copied (features review)", () => {
    const hubText = exampleTexts('hub-and-spoke').get(HUB)!;
    for (const target of ['android', 'apple', 'windows', 'wg'] as const) {
      const ws = workspaceOf(new Map([[HUB, hubText]]));
      const text = addPeer(ws, ws.get(HUB)!, { name: 'router', lan: '192.168.7.0/24' }, never, { pair: PAIR, psk: PSK }, target).creates[0]!.text;
      assert.doesNotMatch(text, /^Post(Up|Down)/m, `${target}: no wg-quick hooks (the app rejects them, or runs them with cmd)`);
      assert.match(text, /^# This host forwards between the tunnel and its LAN: turn IP forwarding on in its system/m, target);
      // Plain wg reads no Address (diff review): how to assign it, as a comment.
      if (target === 'wg') {
        assert.doesNotMatch(text, /^Address =/m);
        assert.match(text, /^# Address 10\.0\.0\.5\/24: plain wg assigns none \("ip address add 10\.0\.0\.5\/24 dev <interface>"\)$/m);
        const alone = workspaceOf(new Map([['file:///ws/router.conf', text]]));
        assert.deepEqual(validateInWorkspace(alone, alone.get('file:///ws/router.conf')!, { target: 'wg' }).filter((p) => p.severity === 'error').map((p) => p.rule), []);
      }
    }
    const awgHub = `# wgls-target amneziawg\n${hubText.replace('ListenPort = 51820', 'ListenPort = 51820\nJc = 4\nJmin = 40\nJmax = 70\nS1 = 52\nS2 = 83\nH1 = 1234\nH2 = 5678\nH3 = 9012\nH4 = 3456')}`;
    const texts = new Map([[HUB, awgHub]]);
    const ws = workspaceOf(texts);
    const result = addPeer(ws, ws.get(HUB)!, { name: 'tablet' }, never, { pair: PAIR, psk: PSK }, 'amneziawg');
    const text = result.creates[0]!.text;
    assert.match(text, /^# wgls-target amneziawg\n/);
    assert.match(text, /^S1 = 52\nS2 = 83\nH1 = 1234\nH2 = 5678\nH3 = 9012\nH4 = 3456$/m);
    assert.doesNotMatch(text, /^J(c|min|max) =/m, 'the junk-packet parameters may differ between the ends');
    const after = workspaceOf(applyChange(texts, result));
    for (const uri of [HUB, result.newUri]) {
      assert.deepEqual(validateInWorkspace(after, after.get(uri)!, {}).filter((p) => p.rule === 'amneziawg-params-mismatch'), [], uri);
    }
  });

  test("an AmneziaWG HeaderProtectionKey that is a config's PrivateKey stays home (add-peer review: it was copied into the new config)", () => {
    const hubText = exampleTexts('hub-and-spoke').get(HUB)!;
    const hubKey = /^PrivateKey = (\S+)/m.exec(hubText)![1]!;
    const otherKey = generateKeyPair().privateKey;
    for (const hpk of [hubKey, otherKey]) {
      const awgHub = `# wgls-target amneziawg\n${hubText.replace('ListenPort = 51820', `ListenPort = 51820\nS1 = 52\nS2 = 83\nS3 = 20\nS4 = 20\nHeaderProtectionKey = ${hpk}`)}`;
      const texts = new Map([[HUB, awgHub], ['file:///ws/hub-and-spoke/other.conf', `[Interface]\nPrivateKey = ${otherKey}\nAddress = 10.9.0.1/24\n`]]);
      const ws = workspaceOf(texts);
      const text = addPeer(ws, ws.get(HUB)!, { name: 'tablet' }, never, { pair: PAIR, psk: PSK }, 'amneziawg').creates[0]!.text;
      assert.doesNotMatch(text, /^HeaderProtectionKey =/m);
      assert.ok(!text.includes(hpk), 'no private key in the new config');
      assert.match(text, /^S1 = 52$/m);
    }
  });

  test('a DNS line for the new spoke (a full tunnel resolves through the hub), and the one its fellow spokes use as the offer', () => {
    const { texts, result } = run({ name: 'tablet', fullTunnel: true, dns: '10.0.0.1, home.lan' });
    const lines = result.creates[0]!.text.split('\n');
    assert.equal(lines[lines.indexOf('Address = 10.0.0.5/24') + 1], 'DNS = 10.0.0.1, home.lan');
    const after = applyChange(texts, result);
    assert.deepEqual(seriousProblems(after, [result.newUri, HUB]), { [result.newUri]: [], [HUB]: [] });
    // The offer: every spoke of the example hub has DNS = 10.0.0.1; none without them.
    const ws = workspaceOf(exampleTexts('hub-and-spoke'));
    assert.equal(commonSpokeDns(ws, ws.get(HUB)!), '10.0.0.1');
    const bare = exampleTexts('hub-and-spoke');
    for (const u of bare.keys()) bare.set(u, bare.get(u)!.replace(/^DNS = .*\n/m, ''));
    const ws2 = workspaceOf(bare);
    assert.equal(commonSpokeDns(ws2, ws2.get(HUB)!), undefined);
    assert.doesNotMatch(run({ name: 'tablet', fullTunnel: true }, bare).result.creates[0]!.text, /DNS/);
    // Given as '' (the user emptied the offer): none, even for a full tunnel.
    assert.doesNotMatch(run({ name: 'tablet', fullTunnel: true, dns: '' }).result.creates[0]!.text, /DNS/);
    // Not a full tunnel: the system resolver is fine, nothing is added unasked.
    assert.doesNotMatch(run({ name: 'tablet' }).result.creates[0]!.text, /DNS/);
  });

  test('a DNS item that is neither an address nor a domain name is refused, naming it', () => {
    assert.throws(() => run({ name: 'tablet', dns: '10.0.0.1, not a_host!' }), (e: unknown) => e instanceof EditError && /"a_host!"/.test(e.message));
  });

  test('an endpoint host is written only when it is one: never a second line, a comment or a stray colon', () => {
    for (const bad of ['a\nPostUp = rm -rf /', 'a\rPostUp = x', 'a # comment', 'a:1', 'host name', '[203.0.113.7]', '', '2001:db8::zz', '0x7f.1', '1.2.3']) {
      if (bad === '') continue; // empty: the guessed host (next test)
      assert.throws(() => run({ name: 'tablet', endpointHost: bad }), (e: unknown) => e instanceof EditError && e.message.includes(JSON.stringify(bad.trim())), JSON.stringify(bad));
    }
    // IPv6 gets its brackets; a scope stays inside them; names and IPv4 are written as given.
    for (const [given, written] of [
      ['2001:db8::7', '[2001:db8::7]:51820'],
      ['[2001:db8::7]', '[2001:db8::7]:51820'],
      ['fe80::1%eth0', '[fe80::1%eth0]:51820'],
      [' 203.0.113.7 ', '203.0.113.7:51820'],
      ['vpn.example.org.', 'vpn.example.org.:51820'],
    ]) {
      const text = run({ name: 'tablet', endpointHost: given }).result.creates[0]!.text;
      assert.equal(text.match(/^Endpoint = (.*)$/m)?.[1], written, given);
    }
  });

  test('options of the wrong type are refused by name (they come as JSON from any client)', () => {
    for (const [options, name] of [
      [{ name: 5 }, 'name'],
      [{ name: 'tablet', dns: ['10.0.0.1'] }, 'dns'],
      [{ name: 'tablet', lan: 7 }, 'lan'],
      [{ name: 'tablet', endpointHost: {} }, 'endpointHost'],
      [{ name: 'tablet', fullTunnel: 'yes' }, 'fullTunnel'],
    ] as const) {
      assert.throws(() => run(options as unknown as AddPeerOptions), (e: unknown) => e instanceof EditError && e.message.includes(`"${name}"`), name);
    }
  });

  test('the endpoint host is guessed from the spokes that dial the hub', () => {
    const texts = exampleTexts('hub-and-spoke');
    for (const u of texts.keys()) texts.set(u, texts.get(u)!.replaceAll('vpn.example.com', 'wg.home.example'));
    const { result } = run({ name: 'tablet' }, texts);
    assert.match(result.creates[0]!.text, /^Endpoint = wg\.home\.example:51820$/m);
  });

  test('private keys stay home: the hub edit carries only the new public key', () => {
    for (let i = 0; i < 20; i++) {
      const texts = exampleTexts('hub-and-spoke');
      const ws = workspaceOf(texts);
      const result = addPeer(ws, ws.get(HUB)!, { name: `p${i}` }, never);
      assert.equal(privateKeysStayHome(texts, result), undefined);
      const [own] = privateKeysIn(result.creates[0]!.text);
      assert.equal(publicKeyOf(own!), result.publicKey);
      assert.ok(result.edits[0]!.newText.includes(result.publicKey));
    }
  });

  test('never overwrites: an existing file (on disk or in the workspace) is an error naming it', () => {
    assert.throws(() => run({ name: 'laptop' }), (e: Error) => e instanceof EditError && /laptop\.conf already exists/.test(e.message));
    assert.throws(
      () => run({ name: 'tablet' }, undefined, HUB, (u) => u.endsWith('/tablet.conf')),
      (e: Error) => e instanceof EditError && /tablet\.conf already exists/.test(e.message),
    );
  });

  test("a name one of this config's peers has is refused, whatever its case (code-actions review)", () => {
    // The NAS's config is not in the folder: no file is in the way, the hub's [Peer] named nas is.
    const texts = exampleTexts('hub-and-spoke');
    const hubOnly = new Map([[HUB, texts.get(HUB)!]]);
    for (const name of ['nas', 'NAS', 'Nas.conf']) {
      assert.throws(() => run({ name }, hubOnly), (e: Error) => e instanceof EditError && e.message === 'hub.conf already has a peer named "nas": choose another name.', name);
    }
    assert.equal(run({ name: 'nas2' }, hubOnly).result.newUri, 'file:///ws/hub-and-spoke/nas2.conf');
  });

  test('a name typed with .conf is the file name, not x.conf.conf (add-peer review)', () => {
    assert.equal(run({ name: 'tablet.conf' }).result.newUri, 'file:///ws/hub-and-spoke/tablet.conf');
    assert.equal(run({ name: 'tablet.CONF' }).result.newUri, 'file:///ws/hub-and-spoke/tablet.conf');
    assert.throws(() => run({ name: 'laptop.conf' }), (e: Error) => e instanceof EditError && /laptop\.conf already exists/.test(e.message));
  });

  test('names wg-quick cannot use as an interface name are refused', () => {
    for (const name of ['', 'has space', 'much-too-long-name', 'a/b', 'é']) {
      assert.throws(() => run({ name }), EditError, name);
    }
  });

  test('a hub without ListenPort, without Address or without a valid key is refused with the reason', () => {
    const cases: Array<[string, (t: string) => string, RegExp]> = [
      ['ListenPort', (t) => t.replace(/^ListenPort.*\n/m, ''), /no ListenPort/],
      ['Address', (t) => t.replace(/^Address.*\n/m, ''), /no Address/],
      ['PrivateKey', (t) => t.replace(/^PrivateKey = .*$/m, 'PrivateKey = nope'), /no valid PrivateKey/],
    ];
    for (const [what, mutate, message] of cases) {
      const texts = exampleTexts('hub-and-spoke');
      texts.set(HUB, mutate(texts.get(HUB)!));
      assert.throws(() => run({ name: 'tablet' }, texts), (e: Error) => e instanceof EditError && message.test(e.message), what);
    }
  });
});

describe('next free tunnel address', () => {
  const hubWith = (address: string, allowed: string[], extra: Record<string, string> = {}) => {
    const peers = allowed.map((a) => `\n[Peer]\nPublicKey = ${generateKeyPair().publicKey}\nAllowedIPs = ${a}\n`).join('');
    const texts = new Map([[`file:///ws/x/hub.conf`, `[Interface]\nPrivateKey = ${generateKeyPair().privateKey}\nAddress = ${address}\nListenPort = 51820\n${peers}`], ...Object.entries(extra)]);
    const ws = workspaceOf(texts);
    const hub = ws.get('file:///ws/x/hub.conf')!;
    return tunnelSubnets(hub).map(({ subnet }) => {
      const a = nextFreeAddress(ws, hub, subnet);
      return a === undefined ? undefined : formatIp(subnet.family, a);
    });
  };

  test('the lowest free host: gaps are filled first', () => {
    assert.deepEqual(hubWith('10.0.0.1/24', ['10.0.0.2/32', '10.0.0.4/32']), ['10.0.0.3']);
    assert.deepEqual(hubWith('10.0.0.3/24', ['10.0.0.1/32']), ['10.0.0.2']);
  });

  test('prefixes narrower than the subnet take all their addresses; wider routes take none', () => {
    assert.deepEqual(hubWith('10.0.0.1/24', ['10.0.0.0/29, 0.0.0.0/0', '10.0.0.0/24']), ['10.0.0.8']);
  });

  test('the Address of any config in the workspace counts, other subnets do not', () => {
    const other = { 'file:///ws/y/spoke.conf': `[Interface]\nAddress = 10.0.0.2/24, 10.9.0.3/24\n` };
    assert.deepEqual(hubWith('10.0.0.1/24', [], other), ['10.0.0.3']);
  });

  test("what a config listing the hub routes to a peer of its own counts; what it routes to the hub does not (add-peer review)", () => {
    const hubKey = generateKeyPair();
    const texts = new Map([
      ['file:///ws/x/hub.conf', `[Interface]\nPrivateKey = ${hubKey.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${generateKeyPair().publicKey}\nAllowedIPs = 10.0.0.2/32\n`],
      // A spoke that reaches the hub for the first half of the subnet, and 10.0.0.3 directly.
      ['file:///ws/y/laptop.conf', `[Interface]\nPrivateKey = ${generateKeyPair().privateKey}\nAddress = 10.0.0.2/24\n\n[Peer]\nPublicKey = ${hubKey.publicKey}\nAllowedIPs = 10.0.0.0/25\nEndpoint = vpn.example.com:51820\n\n[Peer]\nPublicKey = ${generateKeyPair().publicKey}\nAllowedIPs = 10.0.0.3/32\n`],
    ]);
    const ws = workspaceOf(texts);
    const hub = ws.get('file:///ws/x/hub.conf')!;
    const [{ subnet }] = tunnelSubnets(hub);
    assert.equal(formatIp(subnet!.family, nextFreeAddress(ws, hub, subnet!)!), '10.0.0.4');
  });

  test('exhaustion: a full /30 (and /24) has none, and Add peer says so', () => {
    assert.deepEqual(hubWith('10.10.0.1/30', ['10.10.0.2/32']), [undefined]);
    const all = Array.from({ length: 253 }, (_, i) => `10.1.0.${i + 2}/32`);
    assert.deepEqual(hubWith('10.1.0.1/24', all), [undefined]);
    assert.deepEqual(hubWith('10.1.0.1/24', all.slice(0, 252)), ['10.1.0.254']);
    assert.throws(() => run({ name: 'gamma', topology: 'point-to-point' }, exampleTexts('point-to-point'), 'file:///ws/point-to-point/alpha.conf'), /No free address left in 10\.10\.0\.0\/30/);
  });

  test('IPv6 alongside IPv4: one address per family', () => {
    assert.deepEqual(hubWith('10.0.0.1/24, fd00::1/64', ['10.0.0.2/32, fd00::2/128']), ['10.0.0.3', 'fd00::3']);
  });

  test('host-only addresses (/32) allocate from their /24', () => {
    assert.deepEqual(hubWith('10.20.0.1/32', ['10.20.0.2/32, 192.168.20.0/24']), ['10.20.0.3']);
  });
});

describe('add peer: point-to-point and site-to-site', () => {
  test('point-to-point from a /24 hub: both listen, each routes the other host, this side gets an Endpoint placeholder', () => {
    const { texts, result } = run({ name: 'peer2', topology: 'point-to-point', endpointHost: '203.0.113.7' });
    const text = result.creates[0]!.text;
    assert.match(text, /^ListenPort = 51820$/m);
    // A host address: with the /24 it would claim the hub's spokes, which it does not route (unrouted-neighbor).
    assert.match(text, /^Address = 10\.0\.0\.5\/32$/m);
    assert.match(text, /^AllowedIPs = 10\.0\.0\.1\/32$/m);
    assert.match(text, /^Endpoint = 203\.0\.113\.7:51820$/m);
    assert.doesNotMatch(text, /PersistentKeepalive/);
    assert.match(result.edits[0]!.newText, /\n# Endpoint = <peer2's public address>:51820\n/);
    const after = applyChange(texts, result);
    assert.deepEqual(seriousProblems(after, [result.newUri, HUB]), { [result.newUri]: [], [HUB]: [] });
    const ws = workspaceOf(after);
    assert.deepEqual(validateInWorkspace(ws, ws.get(result.newUri)!, {}).filter((p) => p.rule === 'unrouted-neighbor'), []);
  });

  test('point-to-point with a LAN behind the new end: it forwards, as a spoke or a site with one does (add-peer review)', () => {
    const { result } = run({ name: 'peer2', topology: 'point-to-point', endpointHost: '203.0.113.7', lan: '192.168.77.0/24' });
    assert.match(result.creates[0]!.text, /^PostUp = sysctl -w net\.ipv4\.ip_forward=1$/m);
  });

  test('point-to-point or site-to-site from a config without ListenPort is refused (nothing could dial it)', () => {
    for (const topology of ['point-to-point', 'site-to-site'] as const) {
      assert.throws(
        () => run({ name: 'p2p', topology }, exampleTexts('hub-and-spoke'), 'file:///ws/hub-and-spoke/laptop.conf'),
        (e: unknown) => e instanceof EditError && /laptop\.conf has no ListenPort, so the new end cannot dial it/.test(e.message),
        topology,
      );
    }
  });

  test('site-to-site from office-a: LANs on both sides, forwarding on, no errors or warnings', () => {
    const texts = exampleTexts('site-to-site');
    const A = 'file:///ws/site-to-site/office-a.conf';
    const { result } = run({ name: 'office-c', topology: 'site-to-site', lan: '192.168.30.0/24', localLan: '192.168.10.0/24', endpointHost: 'a.example.net' }, texts, A);
    const text = result.creates[0]!.text;
    assert.match(text, /^Address = 10\.20\.0\.3\/32$/m);
    assert.match(text, /^AllowedIPs = 10\.20\.0\.1\/32, 192\.168\.10\.0\/24$/m);
    assert.match(text, /^PostUp = iptables -A FORWARD/m);
    assert.match(result.edits[0]!.newText, /AllowedIPs = 10\.20\.0\.3\/32, 192\.168\.30\.0\/24/);
    assert.deepEqual(seriousProblems(applyChange(texts, result), [result.newUri, A]), { [result.newUri]: [], [A]: [] });
  });

  test('site-to-site: a LAN behind this side that overlaps the new peer\'s LAN is refused (each end would route it to the other)', () => {
    const A = 'file:///ws/site-to-site/office-a.conf';
    for (const localLan of ['192.168.50.0/24', '192.168.50.0/25', '192.168.0.0/16']) {
      assert.throws(
        () => run({ name: 'c', topology: 'site-to-site', lan: '192.168.50.0/24', localLan, endpointHost: 'a.example.net' }, exampleTexts('site-to-site'), A),
        (e: unknown) => e instanceof EditError && /^LAN behind this side: .* overlaps the LAN behind the new peer \(192\.168\.50\.0\/24\)/.test(e.message),
        localLan,
      );
    }
  });

  test('a hub with two subnets of one family: the spoke routes both, and both configs stay clean', () => {
    const texts = exampleTexts('hub-and-spoke');
    texts.set(HUB, texts.get(HUB)!.replace('Address = 10.0.0.1/24', 'Address = 10.0.0.1/24, 10.1.0.1/24'));
    const { result } = run({ name: 'tablet', endpointHost: 'hub.example.org' }, texts);
    const text = result.creates[0]!.text;
    assert.match(text, /^Address = 10\.0\.0\.5\/24$/m);
    assert.match(text, /^AllowedIPs = 10\.0\.0\.0\/24, 10\.1\.0\.0\/24, 192\.168\.1\.0\/24$/m);
    const after = applyChange(texts, result);
    assert.deepEqual(seriousProblems(after, [result.newUri, HUB]), { [result.newUri]: [], [HUB]: [] });
  });

  test('the input boxes refuse what Add peer refuses, from takenPrefixes and the answers (client review: the answers were lost)', () => {
    const ws = workspaceOf(exampleTexts('hub-and-spoke'));
    const taken = takenPrefixes(ws.get(HUB)!);
    // The spokes' host routes inside the tunnel subnet are left out (the subnet refuses them): a
    // 5,000-peer hub's list stays short (diff review: 1.6 MB per Add peer).
    assert.deepEqual(taken.map((t) => t.prefix), ['192.168.1.0/24', '10.0.0.0/24']);
    for (const lan of ['192.168.1.0/24', '192.168.0.0/16', '10.0.0.0/8', '192.168.2.0/24', '192.168.2.0/24, 192.168.1.7/32']) {
      let server: string | undefined;
      try {
        run({ name: 'x', lan });
      } catch (e) {
        server = (e as Error).message;
      }
      assert.equal(takenLanProblem(lan, taken), server, lan);
    }
    const A = 'file:///ws/site-to-site/office-a.conf';
    for (const [lan, localLan] of [['192.168.50.0/24', '192.168.50.0/25'], ['192.168.50.0/24', '192.168.10.0/24']]) {
      let server: string | undefined;
      try {
        run({ name: 'c', topology: 'site-to-site', lan, localLan, endpointHost: 'a.example.net' }, exampleTexts('site-to-site'), A);
      } catch (e) {
        server = (e as Error).message;
      }
      assert.equal(sharedLanProblem(localLan, lan), server, localLan);
    }
  });

  test('a bad LAN is refused with the item', () => {
    assert.throws(() => run({ name: 'x', lan: '192.168.1.0/24, nonsense' }), /"nonsense" is not an IP prefix/);
  });

  test('a LAN another peer already routes, or inside the tunnel subnet, is refused (it would take the route)', () => {
    assert.throws(() => run({ name: 'x', lan: '192.168.1.0/24' }), (e: unknown) => e instanceof EditError && /192\.168\.1\.0\/24 overlaps 192\.168\.1\.0\/24, which hub\.conf already routes to peer "nas"/.test(e.message));
    assert.throws(() => run({ name: 'x', lan: '192.168.0.0/16' }), /overlaps 192\.168\.1\.0\/24/);
    assert.throws(() => run({ name: 'x', lan: '192.168.1.128/25' }), /overlaps 192\.168\.1\.0\/24/);
    assert.throws(() => run({ name: 'x', lan: '10.0.0.0/8' }), /overlaps 10\.0\.0\.0\/24, hub\.conf's tunnel subnet \(Address = 10\.0\.0\.1\/24\)/);
    assert.doesNotThrow(() => run({ name: 'x', lan: '192.168.2.0/24' }));
    // Next to a peer with the default route as two /1 halves: the more specific LAN wins, as meant.
    const texts = exampleTexts('hub-and-spoke');
    texts.set(HUB, texts.get(HUB)!.replace('AllowedIPs = 10.0.0.4/32, 192.168.1.0/24', 'AllowedIPs = 10.0.0.4/32, 192.168.1.0/24, 0.0.0.0/1, 128.0.0.0/1'));
    assert.doesNotThrow(() => run({ name: 'x', lan: '192.168.2.0/24' }, texts));
  });

  // Actions review: an upstream exit peer's default route was handed to each new spoke as a LAN behind the
  // hub: the spoke became a full tunnel with its own Endpoint inside it (endpoint-in-allowed-ips).
  test("a peer's default route (a /0, the /1 halves, the apps' exclude-private list) is no LAN a new spoke routes", () => {
    const exclude = '0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6, 16.0.0.0/4, 32.0.0.0/3, 64.0.0.0/2, 128.0.0.0/3, 160.0.0.0/5, 168.0.0.0/6, 172.0.0.0/12, 172.32.0.0/11, 172.64.0.0/10, 172.128.0.0/9, 173.0.0.0/8, 174.0.0.0/7, 176.0.0.0/4, 192.0.0.0/9, 192.128.0.0/11, 192.160.0.0/13, 192.169.0.0/16, 192.170.0.0/15, 192.172.0.0/14, 192.176.0.0/12, 192.192.0.0/10, 193.0.0.0/8, 194.0.0.0/7, 196.0.0.0/6, 200.0.0.0/5, 208.0.0.0/4';
    for (const upstream of ['0.0.0.0/1, 128.0.0.0/1', '0.0.0.0/0, ::/0', `${exclude}, ::/1, 8000::/1`, '0.0.0.0/1, 172.20.0.0/16']) {
      const texts = exampleTexts('hub-and-spoke');
      texts.set(HUB, `${texts.get(HUB)!.trimEnd()}\n\n[Peer]\n# Name = upstream\nPublicKey = ${generateKeyPair().publicKey}\nAllowedIPs = ${upstream}\nEndpoint = 198.51.100.7:51820\n`);
      const { result } = run({ name: 'tablet', endpointHost: '203.0.113.5' }, texts);
      const routes = /^AllowedIPs = (.*)$/m.exec(result.creates[0]!.text)![1];
      // A LAN behind the exit that routes less than a family (a /16 next to one /1) is still one.
      assert.equal(routes, upstream.includes('172.20.0.0/16') ? '10.0.0.0/24, 192.168.1.0/24, 172.20.0.0/16' : '10.0.0.0/24, 192.168.1.0/24', upstream);
      const after = applyChange(texts, result);
      const spoke = validateInWorkspace(workspaceOf(after), workspaceOf(after).get(result.newUri)!, {});
      assert.deepEqual(spoke.map((p) => p.rule), [], upstream);
    }
  });
});

// Actions review: a prefix the model does not read because of a typo (unknown-key, unknown-section offer the
// fix) was handed out again; once the typo was fixed, two peers claimed it (allowed-ips-overlap).
describe('add peer: addresses hidden by a misspelling are taken too', () => {
  const hub = (peer: string, iface = '') => `[Interface]\nPrivateKey = ${PAIR.privateKey.replace('aFJ0', 'dFJ0')}\nAddress = 10.0.0.1/24\nListenPort = 51820\n${iface}\n${peer}\n`;
  const other = `[Peer]\nPublicKey = ${publicKeyOf(PSK)}\n`;
  for (const [what, text] of [
    ['AllowedIP =', hub(`${other}AllowedIP = 10.0.0.2/32`)],
    ['allowed_ips =', hub(`${other}allowed_ips = 10.0.0.2/32, 10.0.0.3/32`)],
    ['[Peers]', hub(`[Peers]\nPublicKey = ${publicKeyOf(PSK)}\nAllowedIPs = 10.0.0.2/32`)],
    ['Peer] (the stanza reads as part of [Interface])', hub(`Peer]\nPublicKey = ${publicKeyOf(PSK)}\nAllowedIPs = 10.0.0.2/32`)],
    ['Adress = in another config', hub(other + 'AllowedIPs = 10.0.0.9/32')],
  ] as const) {
    test(what, () => {
      const texts = new Map([['file:///w/hub.conf', text]]);
      if (what.startsWith('Adress')) texts.set('file:///w/old.conf', `[Interface]\nAdress = 10.0.0.2/24, 10.0.0.3/24\n`);
      const ws = workspaceOf(texts);
      const result = addPeer(ws, ws.get('file:///w/hub.conf')!, { name: 'tablet', endpointHost: '203.0.113.5' }, never, { pair: PAIR, psk: PSK });
      assert.deepEqual(result.addresses, [what.startsWith('allowed_ips') || what.startsWith('Adress') ? '10.0.0.4/24' : '10.0.0.3/24']);
    });
  }
});

describe('add peer: the endpoint host offered', () => {
  // Actions review: behind a port forward the spokes dial the hub at another port than its ListenPort (as
  // endpoint-port-mismatch says to keep). The new spoke got their host with the ListenPort: no diagnostic,
  // and no handshake.
  // Diff review: a spoke dialing the hub's tunnel address (endpoint-in-tunnel) was the Endpoint copied.
  test("an Endpoint that is the hub's own tunnel address is not copied: the next config's, else the placeholder", () => {
    const tunnel = new Map([...exampleTexts('hub-and-spoke')].map(([uri, text]) => [uri, uri.endsWith('/laptop.conf') ? text.replace('vpn.example.com:51820', '10.0.0.1:51820') : text]));
    const ws = workspaceOf(tunnel);
    assert.deepEqual(knownEndpoint(ws, ws.get(HUB)!) && { host: knownEndpoint(ws, ws.get(HUB)!)!.host, by: knownEndpoint(ws, ws.get(HUB)!)!.by.name }, { host: 'vpn.example.com', by: 'nas.conf' });
    const all = new Map([...tunnel].map(([uri, text]) => [uri, text.replace('vpn.example.com:51820', '10.0.0.1:51820')]));
    const ws2 = workspaceOf(all);
    assert.equal(knownEndpoint(ws2, ws2.get(HUB)!), undefined);
    assert.match(addPeer(ws2, ws2.get(HUB)!, { name: 'tablet' }, never, { pair: PAIR, psk: PSK }).creates[0]!.text, /^Endpoint = vpn\.example\.com:51820$/m);
  });

  test('the port the other configs dial goes with their host (a port forward); a host typed otherwise gets the ListenPort', () => {
    const texts = new Map([...exampleTexts('hub-and-spoke')].map(([uri, text]) => [uri, text.replace('vpn.example.com:51820', 'vpn.example.com:443')]));
    const ws = workspaceOf(texts);
    const endpoint = (o: AddPeerOptions) => /^Endpoint = (.*)$/m.exec(addPeer(ws, ws.get(HUB)!, o, never, { pair: PAIR, psk: PSK }).creates[0]!.text)![1];
    assert.equal(endpoint({ name: 'tablet' }), 'vpn.example.com:443');
    assert.equal(endpoint({ name: 'tablet', endpointHost: 'vpn.example.com' }), 'vpn.example.com:443');
    assert.equal(endpoint({ name: 'tablet', endpointHost: '203.0.113.9' }), '203.0.113.9:51820');
    assert.equal(endpoint({ name: 'tablet', topology: 'point-to-point' }), 'vpn.example.com:443');
    // Create counterpart, and the other fixes that write the hub's Endpoint, use the same.
    const hub = ws.get(HUB)!;
    const phone = hub.model.peers.find((p) => p.name === 'phone')!;
    texts.delete('file:///ws/hub-and-spoke/phone.conf');
    const ws2 = workspaceOf(texts);
    const created = createCounterpart(ws2, ws2.get(HUB)!, ws2.get(HUB)!.model.peers[phone.index]!, never, PAIR);
    assert.match(created.creates[0]!.text, /^Endpoint = vpn\.example\.com:443$/m);
  });

  test('a key pasted as the host of the spokes\' Endpoint is not offered, nor written (secrets audit)', () => {
    // A private key without its `=` padding and with no `+` or `/` parses as a host name.
    const key = 'yL3IqVzPJF0wFE2eQLCjqyx20iGni5MVVPlSq5et3nw';
    const texts = new Map([...exampleTexts('hub-and-spoke')].map(([uri, text]) => [uri, uri.endsWith('/laptop.conf') ? text.replace('vpn.example.com:51820', `${key}:51820`) : text]));
    const ws = workspaceOf(texts);
    const hub = ws.get(HUB)!;
    // The other spokes still name the real host; with every one holding the key, none is offered.
    assert.equal(knownEndpointHost(ws, hub), 'vpn.example.com');
    const all = new Map([...texts].map(([uri, text]) => [uri, text.replace('vpn.example.com:51820', `${key}:51820`)]));
    const ws2 = workspaceOf(all);
    assert.equal(knownEndpointHost(ws2, ws2.get(HUB)!), undefined);
    const created = addPeer(ws2, ws2.get(HUB)!, { name: 'tablet' }, never, { pair: PAIR, psk: PSK }).creates[0]!.text;
    assert.ok(!created.includes(key.slice(0, 20)) && !created.includes(key.slice(20)), created);
  });

  test('a key given as the topology is not quoted in the refusal (add-peer review)', () => {
    const key = generateKeyPair().privateKey;
    assert.throws(() => run({ name: 'x', topology: key as AddPeerOptions['topology'] }), (err: Error) => err instanceof EditError && !err.message.includes(key.slice(0, 12)) && /Unknown topology "\(key hidden\)"/.test(err.message));
    assert.throws(() => run({ name: 'x', topology: 'mesh' as AddPeerOptions['topology'] }), /Unknown topology "mesh" \(hub-spoke, point-to-point, site-to-site\)/);
  });
});

// Actions review: names come from file names and `# Name` comments, and both can hold a line break (Linux and
// git allow one in a file name; the Apple apps end a line at U+2028). Written as they were, a hub named
// `hub<LF>[Interface]<LF>PreUp = …` gave every new spoke a second [Interface] whose hook wg-quick runs as root.
describe('add peer and create counterpart: names are written as one comment line', () => {
  test('every stanza writer (the cross-file fixes too) writes a name, a hint and a note on one line', () => {
    assert.equal(
      peerStanza({ name: 'a\n[Interface]\r\nPreUp = x\u2028', publicKey: PAIR.publicKey, endpointHint: '<a\nb>:51820' }),
      `[Peer]\n# Name = a [Interface] PreUp = x\nPublicKey = ${PAIR.publicKey}\n# Endpoint = <a b>:51820\n`,
    );
    assert.equal(interfaceStanza({ name: '\fx\u0085y', privateKey: PAIR.privateKey, addresses: [], notes: ['n\vPostUp = z'] }), `[Interface]\n# Name = x y\nPrivateKey = ${PAIR.privateKey}\n# n PostUp = z\n`);
  });

  const hubText = (name: string) => `[Interface]\n${name}PrivateKey = ${PAIR.privateKey.replace('aFJ0', 'bFJ0')}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\n# Name = laptop\nPublicKey = ${publicKeyOf(PSK)}\nAllowedIPs = 10.0.0.2/32\n`;
  for (const [what, uri, nameLine] of [
    ['a file name with line breaks', `file:///ws/x/${encodeURIComponent('hub\n[Interface]\nPreUp = touch /tmp/pwned\n#')}.conf`, ''],
    ['a file name with a CR and a VT', `file:///ws/x/${encodeURIComponent('hub\r[Interface]\vPreUp = touch /tmp/pwned')}.conf`, ''],
    ['a # Name comment with U+2028 and NEL', 'file:///ws/x/hub.conf', '# Name = hub\u2028PreUp = touch /tmp/pwned\u0085x\n'],
  ] as const) {
    test(what, () => {
      const texts = new Map([[uri, hubText(nameLine)]]);
      const ws = workspaceOf(texts);
      const hub = ws.get(uri)!;
      const added = addPeer(ws, hub, { name: 'phone', endpointHost: '203.0.113.5' }, never, { pair: PAIR, psk: PSK });
      const created = createCounterpart(ws, hub, hub.model.peers[0]!, never, { privateKey: PSK, publicKey: publicKeyOf(PSK)! });
      for (const text of [added.creates[0]!.text, created.creates[0]!.text]) {
        assert.doesNotMatch(text, /[\r\v\f\u0085\u2028\u2029]/, text);
        const doc = parse(text);
        assert.deepEqual(doc.sections.map((s) => s.kind), ['interface', 'peer'], text);
        assert.ok(!/^PreUp/m.test(text), text);
        // The name is still there, on its comment line (a comment's name ends where the Apple apps end the line).
        assert.match(text, nameLine ? /^# Name = hub$/m : /^# Name = hub \[Interface\] PreUp = touch \/tmp\/pwned( #)?$/m, text);
      }
    });
  }
});

// Mutation review of 9e25a23..HEAD: tests that kill the mutants the tests above let live.
describe('mutation gaps: add peer', () => {
  const hubKey = PAIR.privateKey.replace('aFJ0', 'dFJ0');
  const other = `[Peer]\nPublicKey = ${publicKeyOf(PSK)}\n`;
  const hub = (address: string, peer = '') => `[Interface]\nPrivateKey = ${hubKey}\nAddress = ${address}\nListenPort = 51820\n\n${other}${peer}\n`;
  const added = (hubText: string, old?: string) => {
    const texts = new Map([['file:///w/hub.conf', hubText]]);
    if (old) texts.set('file:///w/old.conf', old);
    const ws = workspaceOf(texts);
    return addPeer(ws, ws.get('file:///w/hub.conf')!, { name: 'tablet', endpointHost: '203.0.113.5' }, never, { pair: PAIR, psk: PSK });
  };
  test('MG-j: a misspelt AllowedIPs: an excluded prefix takes nothing, nor a prefix as wide as the subnet', () => {
    assert.deepEqual(added(hub('10.0.0.1/24', 'AllowedIP = -10.0.0.2/32')).addresses, ['10.0.0.2/24']);
    assert.deepEqual(added(hub('10.0.0.1/24', 'AllowedIP = 10.0.0.0/24')).addresses, ['10.0.0.2/24']);
  });
  test('MG-k: a misspelt Address elsewhere: its address counts whatever its prefix; a list separated by blanks (wg-quick splits on them)', () => {
    assert.deepEqual(added(hub('10.0.1.1/24'), '[Interface]\nAdress = 10.0.1.2/16\n').addresses, ['10.0.1.3/24']);
    assert.deepEqual(added(hub('10.0.0.1/24'), '[Interface]\nAdress = 10.0.0.2/24 10.0.0.3/24\n').addresses, ['10.0.0.4/24']);
  });
  test("MG-l: a hub's exit peer with an IPv6 full tunnel in short prefixes (fc00::/7 left out) hands none of them to a new spoke", () => {
    const text = added(hub('10.0.0.1/24, fd00::1/64', 'AllowedIPs = 10.0.0.2/32, ::/1, 8000::/2, c000::/3, e000::/4, f000::/5, f800::/6, fe00::/7\nEndpoint = 198.51.100.7:51820')).creates[0]!.text;
    assert.match(text, /^AllowedIPs = 10\.0\.0\.0\/24, fd00::\/64$/m, text);
  });
  test('MG-m: a file name with line breaks and no slash (the whole base name is the name) stays in its comment', () => {
    const uri = `file:///ws/x/${encodeURIComponent('hub\n[Interface]\nPreUp = reboot')}.conf`;
    const hubText = `[Interface]\nPrivateKey = ${PAIR.privateKey.replace('aFJ0', 'bFJ0')}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\n# Name = laptop\nPublicKey = ${publicKeyOf(PSK)}\nAllowedIPs = 10.0.0.2/32\n`;
    const ws = workspaceOf(new Map([[uri, hubText]]));
    const self = ws.get(uri)!;
    const spoke = addPeer(ws, self, { name: 'phone', endpointHost: '203.0.113.5' }, never, { pair: PAIR, psk: PSK });
    const created = createCounterpart(ws, self, self.model.peers[0]!, never, { privateKey: PSK, publicKey: publicKeyOf(PSK)! });
    for (const text of [spoke.creates[0]!.text, created.creates[0]!.text]) {
      assert.deepEqual(parse(text).sections.map((s) => s.kind), ['interface', 'peer'], text);
      assert.ok(!/^PreUp/m.test(text), text);
    }
  });
});

describe('mutation gaps: the Endpoint copied', () => {
  test('MG-p: an Endpoint at port 0 is no dial to copy (the ListenPort, as without one)', () => {
    const texts = new Map([...exampleTexts('hub-and-spoke')].map(([uri, text]) => [uri, text.replace('vpn.example.com:51820', 'vpn.example.com:0')]));
    const ws = workspaceOf(texts);
    assert.match(addPeer(ws, ws.get(HUB)!, { name: 'tablet', endpointHost: 'vpn.example.com' }, never, { pair: PAIR, psk: PSK }).creates[0]!.text, /^Endpoint = vpn\.example\.com:51820$/m);
  });
});
