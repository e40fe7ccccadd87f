// A private key on a line no key name vouches for (found by fuzzing the server): a line missing its
// `=`, where the key's own `=` padding becomes the separator and the key the "key name"; a key under
// a misspelt name; a key in a broken header, in a comment, pasted into DNS. Whatever shows user text
// must hide it: diagnostics (messages, related information, fix titles), the outline, and the spans
// the privacy decorations hide. Every case runs with LF and CRLF.

import './property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/core/parser.ts';
import { validate } from '../../server/src/core/validate.ts';
import { documentSymbols } from '../../server/src/core/features/symbols.ts';
import { hover } from '../../server/src/core/features/hover.ts';
import { secretValueSpans } from '../../server/src/core/features/secrets.ts';
import { HIDDEN_KEY, keySpans, keySpansByRegex, redactFailure, redactKeys, redactSecretAssignments, redactUri } from '../../server/src/core/redact.ts';
import { TARGETS } from '../../server/src/core/schema.ts';
import { secretMasker as formatSecretMasker } from '../../server/src/cli/format.ts';

const KEY = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
const PUB = 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=';
/** A valid key with no digit and no '+' (found by search). */
const NO_DIGITS = 'qGeIZszOotqTDEWtI/VMvdVRUAvnsLLcCDVOsbyadFM=';
/** Any 20 characters of the key shown anywhere count as shown. */
const PIECES = [KEY.slice(0, 20), KEY.slice(12, 32), KEY.slice(23, 43)];

const LINES: ReadonlyArray<[string, string]> = [
  ['no "="', `PrivateKey ${KEY}`],
  ['a colon', `PrivateKey: ${KEY}`],
  ['a no-break space in the name', `Private\u00a0Key = ${KEY}`],
  ['a misspelt name', `PrivatKey = ${KEY}`],
  ['inside a broken header', `[PrivateKey = ${KEY}]`],
  ['pasted into DNS', `DNS = ${KEY}`],
  ['pasted into Address', `Address = ${KEY}`],
  ['a commented-out old key', `# PrivateKey = ${KEY}`],
  ['a key with a bad last character, no "="', `PrivateKey ${KEY.slice(0, 42)}N`],
  ['a key glued to its name', `PrivateKey${KEY}`],
  // One key in thousands has no digit and no '+': its '=' still gives it away.
  ['a key without digits, no "="', `PrivateKey ${NO_DIGITS}`],
  ['a key without digits, glued', `PrivateKey${NO_DIGITS}`],
  ['a key without digits in DNS', `DNS = ${NO_DIGITS}`],
  // Junk after the key's padding still leaves a key (security audit).
  ['a key and "===" in DNS', `DNS = ${KEY}===`],
  ['a key and "=x" in Table', `Table = ${KEY}=x`],
  ['a key and "==foo" in a hook', `PostUp = echo ${KEY}==foo`],
  ['a key "=" a key', `FooBar = ${KEY}=${KEY}`],
  ['a key in the name of a misspelt key', `PrivateKey${KEY}==x = 1`],
  ['a key as an Address item', `Address = 10.0.0.9/24, ${KEY}`],
  ['a key as a PublicKey with junk', `PublicKey = ${KEY}=x`],
  // A key split by a blank (wg removes it and reads the key), or cut short (secrets review).
  ['a split key in MTU', `MTU = ${KEY.slice(0, 22)} ${KEY.slice(22)}`],
  ['a split key in Table', `Table = ${KEY.slice(0, 9)} ${KEY.slice(9)}`],
  ['a split key in AllowedIPs', `AllowedIPs = ${KEY.slice(0, 22)} ${KEY.slice(22)}`],
  ['a split key in Address', `Address = ${KEY.slice(0, 22)} ${KEY.slice(22)}`],
  ['a split key under a misspelt name', `PrivateKye = ${KEY.slice(0, 22)} ${KEY.slice(22)}`],
  ['a split key in a comment', `DNS = 10.0.0.53 # ${KEY.slice(0, 30)} ${KEY.slice(30)}`],
  ['a key cut short in Address', `Address = ${KEY.slice(0, 30)}`],
  ['a key cut short in DNS', `DNS = ${KEY.slice(12, 40)}`],
  ['a key cut short in Endpoint', `Endpoint = ${KEY.slice(0, 30)}`],
  ['a key cut short in ListenPort', `ListenPort = ${KEY.slice(0, 30)}`],
  ['a key cut short in Table', `Table = ${KEY.slice(3, 33)}`],
  ['a key cut short under an unknown name', `Foo = ${KEY.slice(0, 30)}`],
  ['a key cut short under a misspelt name', `PrivateKye = ${KEY.slice(0, 30)}`],
  ['a key cut short in a hook', `PostUp = wg set %i private-key <(echo ${KEY.slice(0, 30)})`],
  // A second audit: the key's bytes written otherwise, and a misspelling without "private".
  ['the key in URL-safe base64 as an AllowedIPs item', `AllowedIPs = 10.0.0.2/32, ${KEY.replace(/\+/g, '-').replace(/\//g, '_')}`],
  ['the key under "Privkey"', `Privkey = ${KEY}`],
  ['no "=", the key split by two blanks', `PrivateKey ${KEY.slice(0, 20)}  ${KEY.slice(20)}`],
  // Pasted from a web page: a no-break space before the "=", a key split by an invisible character.
  ['a no-break space before the "="', `PrivateKey\u00a0= ${KEY}`],
  ['a key split by a zero-width space in DNS', `DNS = ${KEY.slice(0, 22)}\u200b${KEY.slice(22)}`],
  ['a key split by a no-break space in AllowedIPs', `AllowedIPs = ${KEY.slice(0, 22)}\u00a0${KEY.slice(22)}`],
];

const shows = (text: string) =>
  PIECES.some((p) => text.includes(p)) ||
  // Each half of a split key; a key cut short (30 characters, from 0, 3 or 12).
  [KEY.slice(0, 22), KEY.slice(22, 43), KEY.slice(0, 9), KEY.slice(9, 30), KEY.slice(3, 33), KEY.slice(12, 40)].some((p) => text.includes(p)) || text.includes(KEY.slice(0, 42)) || text.includes(NO_DIGITS.slice(0, 20)) || text.includes(NO_DIGITS.slice(20, 40));

for (const eol of ['\n', '\r\n']) {
  describe(`a key no name vouches for stays hidden (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    for (const [name, line] of LINES) {
      const text = ['[Interface]', line, 'Address = 10.0.0.1/24', 'ListenPort = 51820', '', '[Peer]', `PublicKey = ${PUB}`, 'AllowedIPs = 10.0.0.2/32', ''].join(eol);
      it(`${name}: diagnostics, for every target`, () => {
        for (const { id } of TARGETS) {
          for (const p of validate(parse(text), { target: id })) {
            const shown = [p.message, ...(p.related ?? []).map((r) => r.message), ...(p.fixes ?? []).map((f) => f.title)];
            for (const s of shown) assert.ok(!shows(s), `${id} ${p.rule}: ${s}`);
          }
        }
      });
      it(`${name}: the outline`, () => {
        assert.ok(!shows(JSON.stringify(documentSymbols(parse(text)))), JSON.stringify(documentSymbols(parse(text))));
      });
      it(`${name}: the privacy decorations cover it`, () => {
        const lines = text.split(eol);
        const spans = secretValueSpans(parse(text)).filter((s) => s.line === 1);
        // What is left visible, position by position (spans may overlap).
        const rest = [...lines[1]!].map((c, i) => (spans.some((s) => i >= s.start && i < s.end) ? ' ' : c)).join('');
        assert.ok(spans.length > 0 && !shows(rest), `left visible: ${rest}`);
      });
    }

    it('a public key stays visible where its name says it is one (outline, decorations)', () => {
      const text = ['[Interface]', `PrivateKey = ${KEY}`, '', '[Peer]', `PublicKey = ${PUB}`, 'AllowedIPs = 10.0.0.2/32', ''].join(eol);
      const spans = secretValueSpans(parse(text));
      assert.deepEqual(spans.map((s) => s.line), [1]);
      const peer = documentSymbols(parse(text))[1]!;
      assert.equal(peer.children!.find((c) => c.name === 'PublicKey')!.detail, PUB);
    });
  });
}

// A secret's name with no "=" after it, then a value of no key's shape (CLI review): a key cut short,
// a key with a "#" typed inside (the rest a comment), a password. Whatever follows the name is hidden.
const NAMED: ReadonlyArray<[string, string, string]> = [
  ['a key cut short, no "="', `PrivateKey ${KEY.slice(0, 16)}`, KEY.slice(0, 16)],
  ['a preshared key cut short, no "="', `PresharedKey ${KEY.slice(0, 18)}`, KEY.slice(0, 18)],
  ['a "#" typed inside the key', `PrivateKey ${KEY.slice(0, 19)}#${KEY.slice(20)}`, KEY.slice(20, 40)],
  ['a password, no "="', 'PrivateKey hunter2secretvalue', 'hunter2'],
  ['a password after a colon', 'PrivateKey: hunter2secretvalue', 'hunter2'],
  ['a password after a dash', 'PrivateKey - hunter2secretvalue', 'hunter2'],
  ['a password after a tab', 'PrivateKey\thunter2secretvalue', 'hunter2'],
  ['a password glued to the name', 'PrivateKeyhunter2secretvalue', 'hunter2'],
  ['a key piece in an unknown key', `PrivateKey ${KEY.slice(0, 15)} = x`, KEY.slice(0, 15)],
  ['a password in an unknown key', 'Privatekey hunter2secretvalue = x', 'hunter2'],
  ['a misspelt two-word name', 'Privte Key: hunter2secretvalue', 'hunter2'],
];

for (const eol of ['\n', '\r\n']) {
  describe(`what follows a secret's name stays hidden, whatever its shape (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    for (const [name, line, secret] of NAMED) {
      const text = ['[Interface]', line, 'Address = 10.0.0.1/24', ''].join(eol);
      it(`${name}: messages, the outline, the decorations`, () => {
        for (const { id } of TARGETS) {
          for (const p of validate(parse(text), { target: id })) {
            for (const s of [p.message, ...(p.related ?? []).map((r) => r.message), ...(p.fixes ?? []).map((f) => f.title)]) assert.ok(!s.includes(secret), `${id} ${p.rule}: ${s}`);
          }
        }
        assert.ok(!JSON.stringify(documentSymbols(parse(text))).includes(secret));
        const spans = secretValueSpans(parse(text)).filter((sp) => sp.line === 1);
        const rest = [...line].map((c, i) => (spans.some((sp) => i >= sp.start && i < sp.end) ? ' ' : c)).join('');
        assert.ok(!rest.includes(secret.slice(0, 7)), `left visible: ${rest}`);
        assert.match(rest, /^(PrivateKey|PresharedKey|Privatekey|Privte Key)/, 'the name stays readable');
      });
    }
    it('a name glued to a short word is a name: "PrivateKeyFile" is quoted as it is', () => {
      const text = ['[Interface]', 'PrivateKeyFile = /etc/wireguard/key', ''].join(eol);
      assert.match(validate(parse(text)).find((p) => p.rule === 'unknown-key')!.message, /^Unknown key "PrivateKeyFile" in \[Interface\]/);
    });
    it('"Private-Key" and "Preshared_Key" are names, as "Private Key" is: quoted and outlined as written (outline review)', () => {
      for (const name of ['Private-Key', 'Preshared_Key', 'private - key']) {
        const text = ['[Interface]', `${name} = x`, ''].join(eol);
        assert.equal(documentSymbols(parse(text))[0]!.children![0]!.name, name);
        assert.match(validate(parse(text)).find((p) => p.rule === 'unknown-key')!.message, new RegExp(`^Unknown key "${name}" in \\[Interface\\]`));
      }
      // With a word typed before the "=", that word is still hidden.
      const text = ['[Interface]', 'Private-Key hunter2 = x', 'Private-Keyhunter2 = x', ''].join(eol);
      assert.ok(!JSON.stringify(documentSymbols(parse(text))).includes('hunter2'));
      for (const p of validate(parse(text))) assert.ok(!p.message.includes('hunter2'), p.message);
    });
    it('a misspelt secret name glued to a value: the decoration hides the value from where the name ends (review)', () => {
      for (const [line, name] of [['PrivteKeyhunter2xyz = x', 'PrivteKey'], ['PresharedKyhunter2 = x', 'PresharedKy'], ['Privat_Keyhunter22 = x', 'Privat']]) {
        const text = ['[Interface]', line, ''].join(eol);
        const spans = secretValueSpans(parse(text)).filter((sp) => sp.line === 1);
        const rest = [...line].map((c, i) => (spans.some((sp) => i >= sp.start && i < sp.end) ? ' ' : c)).join('');
        assert.ok(rest.startsWith(name) && !rest.includes('hunter'), `${line}: left visible ${JSON.stringify(rest)}`);
        assert.ok(!JSON.stringify(documentSymbols(parse(text))).includes('hunter'), line);
      }
      // A name glued to a short word stays a name: "PrivKeyPath" is no secret with a value.
      assert.equal(documentSymbols(parse(['[Interface]', 'PrivKeyPath = /etc/wg/key', ''].join(eol)))[0]!.children![0]!.name, 'PrivKeyPath');
    });
    it('an unknown key holding a value says so in its message', () => {
      const text = ['[Interface]', 'PrivateKey hunter2 = x', ''].join(eol);
      assert.match(validate(parse(text)).find((p) => p.rule === 'unknown-key')!.message, /^Unknown key "PrivateKey \(value hidden\)" in \[Interface\]/);
    });
  });
}

// A second audit of the server over LSP (every request, raw traffic grepped) and of the CLI: keys in
// shapes the checks above did not know. Each case: the config's lines after [Interface], and the texts
// that must show nowhere (messages, related messages, fix titles, the outline, past the decorations).
const SLASHED = 'CBK0EsgmIrH45deX7Aj/+4StcBBxb7OlK/grQNX+UVM=';
/** A key whose 43 characters fail isKeyPiece (about 2.5% of keys: fewer changes of class). */
const PLAIN = 'sRxqPICNGrBM+oyp0YL0DIJtGCTPsj2spbPcXNeeyoo=';
const URL_SAFE = Buffer.from(KEY, 'base64').toString('base64url');
const HEX = Buffer.from(KEY, 'base64').toString('hex');
const ELEVENS = [0, 11, 22, 33].map((i) => KEY.slice(i, i + 11));
/** Every 10 characters of the URL-safe key (a piece between its `-` and `_` is short). */
const URL_SAFE_TENS = [0, 10, 20, 30].map((i) => URL_SAFE.slice(i, i + 10));
const SHAPES: ReadonlyArray<[string, readonly string[], readonly string[]]> = [
  ['a URL-safe key without padding in Address', [`Address = 10.9.0.1/24, ${URL_SAFE}`], URL_SAFE_TENS],
  ['a URL-safe key without padding in DNS', [`DNS = ${URL_SAFE}`], URL_SAFE_TENS],
  ['a URL-safe key without padding as a section name', [`[${URL_SAFE}]`], URL_SAFE_TENS],
  ['a URL-safe key without padding naming a peer', ['[Peer]', `# Name = ${URL_SAFE}`, `PublicKey = ${PUB}`, 'AllowedIPs = 10.0.0.2/32'], URL_SAFE_TENS],
  ['a key in four pieces in Address', [`Address = ${ELEVENS.join(' ')}`], ELEVENS],
  ['a key in four pieces naming a peer', ['[Peer]', `# Name = ${ELEVENS.join(' ')}`, `PublicKey = ${PUB}`, 'AllowedIPs = 10.0.0.2/32'], ELEVENS],
  ['a hex key in two halves in Address', [`Address = ${HEX.slice(0, 32)} ${HEX.slice(32)}`], [HEX.slice(0, 32), HEX.slice(32)]],
  ['a key cut short around a "/" in an Endpoint', ['[Peer]', `PublicKey = ${PUB}`, `Endpoint = ${SLASHED.slice(0, 30)}:51820`], [SLASHED.slice(0, 19), SLASHED.slice(20, 30)]],
  ['a PrivateKey wrapped onto the next line', [`PrivateKey = ${SLASHED.slice(0, 20)}`, SLASHED.slice(20)], [SLASHED.slice(20, 43)]],
  ['a key typed as two DNS items', [`DNS = ${SLASHED.slice(0, 22)}, ${SLASHED.slice(22)}`], [SLASHED.slice(0, 22), SLASHED.slice(22, 43)]],
  // A third review: a short wrapped end (under 20 characters), a key cut short to 22 around a "/", three
  // pieces of a key that fails isKeyPiece (its padding says key).
  ['a PrivateKey wrapped with 17 characters on the next line', [`PrivateKey = ${SLASHED.slice(0, 27)}`, SLASHED.slice(27)], [SLASHED.slice(27, 43)]],
  ['a wrapped end followed by a no-break space', [`PrivateKey = ${SLASHED.slice(0, 27)}`, `${SLASHED.slice(27)}\u00a0`], [SLASHED.slice(27, 43)]],
  ['a wrapped end followed by a left-to-right mark', [`PrivateKey = ${SLASHED.slice(0, 27)}`, `${SLASHED.slice(27)}\u200e`], [SLASHED.slice(27, 43)]],
  ['a key\'s end before a port', ['[Peer]', `PublicKey = ${PUB}`, `Endpoint = ${SLASHED.slice(27)}:51820`], [SLASHED.slice(27, 43)]],
  ['a key\'s end as a DNS server with a port', [`DNS = ${SLASHED.slice(27)}:53`], [SLASHED.slice(27, 43)]],
  ['a key cut to 22 characters around a "/" in an Endpoint', ['[Peer]', `PublicKey = ${PUB}`, `Endpoint = ${SLASHED.slice(0, 22)}:51820`], [SLASHED.slice(0, 19), SLASHED.slice(0, 22)]],
  // A key with a blank inside pasted into Address before its prefix: the padding then `/24`.
  ['a key in two pieces before a prefix in Address', [`Address = ${KEY.slice(0, 15)} ${KEY.slice(15)}/24`], [KEY.slice(0, 15), KEY.slice(15, 43)]],
  ['a key\'s end before a prefix', [`Address = ${SLASHED.slice(27)}/24`], [SLASHED.slice(27, 43)]],
  ['three pieces of a key that looks less random', [`Table = ${PLAIN.slice(0, 14)} ${PLAIN.slice(14, 28)} ${PLAIN.slice(28)}`], [PLAIN.slice(0, 14), PLAIN.slice(14, 28), PLAIN.slice(28, 43)]],
];

for (const eol of ['\n', '\r\n']) {
  describe(`keys in shapes a second audit found stay hidden (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    for (const [name, lines, secrets] of SHAPES) {
      const text = ['[Interface]', ...lines, ''].join(eol);
      const leaked = (t: string) => secrets.find((x) => t.includes(x));
      it(`${name}: diagnostics for every target, the outline, the decorations`, () => {
        for (const { id } of TARGETS) {
          for (const p of validate(parse(text), { target: id })) {
            for (const t of [p.message, ...(p.related ?? []).map((r) => r.message), ...(p.fixes ?? []).map((f) => f.title)]) assert.equal(leaked(t), undefined, `${id} ${p.rule}: ${t}`);
          }
        }
        assert.equal(leaked(JSON.stringify(documentSymbols(parse(text)))), undefined, JSON.stringify(documentSymbols(parse(text))));
        const spans = secretValueSpans(parse(text));
        text.split(eol).forEach((line, i) => {
          const rest = [...line].map((c, at) => (spans.some((sp) => sp.line === i && at >= sp.start && at < sp.end) ? ' ' : c)).join('');
          assert.equal(leaked(rest), undefined, `line ${i} left visible: ${rest}`);
        });
      });
    }
  });
}

describe('a key typed as two list items or split by any invisible character, at every split point (diff review)', () => {
  for (const key of [KEY, SLASHED]) {
    for (let cut = 10; cut <= 33; cut++) {
      const [a, b] = [key.slice(0, cut), key.slice(cut)];
      for (const line of [`Address = ${a}, ${b}`, `AllowedIPs = ${a},${b}`, `DNS = ${a}, ${b}`, `DNS = ${a}\u00ad${b}`, `Table = ${a}\u2028${b}`]) {
        it(`${JSON.stringify(line.slice(0, line.indexOf('=') + 2))}…, cut at ${cut} (${key === KEY ? 'no "/"' : 'with "/"'})`, () => {
          const text = ['[Interface]', line, 'Address = 10.0.0.1/24', ''].join('\n');
          for (const p of validate(parse(text))) {
            for (const t of [p.message, ...(p.fixes ?? []).map((f) => f.title)]) for (const half of [a, b.replace(/=$/, '')]) assert.ok(half.length < 12 || !t.includes(half), `${p.rule}: ${t}`);
          }
        });
      }
    }
  }
});

describe('redactKeys', () => {
  it('hides whole key-shaped tokens and nothing else', () => {
    assert.equal(redactKeys(`DNS item "${KEY}" is not`), `DNS item "${HIDDEN_KEY}" is not`);
    assert.equal(redactKeys(`a ${KEY.slice(0, 43)} b`), `a ${HIDDEN_KEY} b`);
    assert.equal(redactKeys(`Unknown key "PrivateKey${KEY}"`), `Unknown key "${HIDDEN_KEY}"`);
    // The 32 bytes as hex (what some tools print), and URL-safe base64.
    const hex = Buffer.from(KEY, 'base64').toString('hex');
    assert.equal(redactKeys(`Table "${hex}" is not a number`), `Table "${HIDDEN_KEY}" is not a number`);
    assert.equal(redactKeys(`item ${Buffer.from(KEY, 'base64').toString('base64url')}=`), `item ${HIDDEN_KEY}`);
    for (const kept of [
      '10.0.0.1/24, fd00::1/64',
      'vpn.example.com:51820',
      'PrivateKey is not a valid key: a key is 44 characters',
      '/etc/wireguard/wg0.conf',
      'A'.repeat(39),
      // A long word without a digit: an iptables comment in a PostUp.
      'PostDown = iptables -D FORWARD -m comment --comment AllowForwardingFromWireguardTunnelPeersAB -j ACCEPT',
      // CamelCase names with a year, and a path of them (a review of the key pieces: all were hidden).
      'File name "WireGuardHomeOffice2024.conf": "WireGuardHomeOffice2024" is 23 characters',
      'Table "MyRoutingTable2024XY" is not a number',
      'PostUp = /opt/PostUp/Scripts2024/HomeVPN/run %i',
      // Digits alone are no key (a table number, a serial).
      'Table = 1234567890123456789012345678901234567890',
      // An over-redaction review of the wider detection: names joined by - or _, a Windows PostUp of
      // short words, a sentence with CamelCase words, paths of short mixed-case segments, timestamps.
      'WG_Peer_01_Alice_iPhone_13_Pro_Max_HomeLab',
      'DESKTOP-A1B2C3D-Win11-Pro-x64-Build-22631',
      'HomeLab-K8s-Node01_WG-Gateway-Primary-EU1.example.com:51820',
      'netsh interface ipv4 set subinterface WireGuardTunnel mtu=1400 store=persistent',
      'Peer for NextcloudServer on Proxmox VirtualMachine101 in the basement',
      'PostUp = /Users/JohnDoe/Desktop/WG2/up.sh %i',
      '/opt/WG/Peers/Alice2/Keys/Pub',
      'AllowedIPs = 10.0.0.0/8, TCP/IPv4/IPv6/ICMPv6/DHCPv6',
      'sites/WgHub1/Peers/Bob2',
      // A path or URL after "=": no prefix length (diff review of the `/24` after a key's padding).
      'see https://example.com/a/b/setStatusCode=/200 ok',
      // Three to five words ending in "=" (no digit, "+" or "/" in them), ordinary numbers near a hex run.
      'Table = Main WireGuard Tunnel ForRemoteWorkers Enabled=',
      `add 1 be 2 ${'1'.repeat(60)}`,
      // Unknown keys glued to their "=" with a value after it: names, not a key's end (diff review).
      'PersistentKeepAliveInterval= 25',
      'ListenPortUDP= 51820',
      'DNSServerAddress= 1.1.1.1',
      'Table = MyVPNRoutingTable=',
      'echo SGVsbG8gV29ybGQ= | base64 -d',
      // A colon after an "=" is a key's port only with digits after it.
      'https://example.org/x/Abc12DefGhi=:',
      'Note: WgHub2Office= :)',
      '1700000000000 1700000000001 1700000000002 1700000000003 1700000000004',
    ]) {
      assert.equal(redactKeys(kept), kept);
    }
  });
});

describe('text of megabytes (slow review: a 9 MB Endpoint made the regexes overflow V8\'s stack)', () => {
  it('a run of key characters that long is hidden whole, keys around it still, nothing throws', () => {
    const run = 'a'.repeat(2_000_000);
    const blanks = ' '.repeat(2_000_000);
    assert.equal(redactKeys(`x "${run}" and ${KEY} then${blanks}end 10.0.0.1/24`), `x "${HIDDEN_KEY}" and ${HIDDEN_KEY} then${blanks}end 10.0.0.1/24`);
    assert.equal(redactKeys(`${KEY}${blanks}`), `${HIDDEN_KEY}${blanks}`);
  });
  it('hides at least what the regexes over the whole text hide: a key split by 1,001 blanks too (diff review)', async () => {
    const { default: fc } = await import('fast-check');
    const whole = (t: string) => keySpansByRegex(t);
    const piece = fc.oneof(
      fc.constantFrom(KEY, KEY.slice(0, 10), KEY.slice(10), KEY.slice(0, 19), KEY.slice(19), 'word', ',', '"', '10.0.0.1/24', ' '),
      fc.integer({ min: 1001, max: 1100 }).map((n) => ' '.repeat(n)),
      fc.integer({ min: 1001, max: 1100 }).map((n) => 'Ab1'.repeat(Math.ceil(n / 3))),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (parts) => {
        const t = parts.join('');
        const mine = keySpans(t);
        // Every character but a blank of what the regexes hide: a key split by a run of blanks longer than
        // LONG_RUN is hidden piece by piece around the run (a seed found the regexes' span taking the run in).
        const hidden = (i: number) => mine.some((m) => m.start <= i && i < m.end);
        for (const r of whole(t)) {
          for (let i = r.start; i < r.end; i++) {
            if (t[i] !== ' ' && !hidden(i)) assert.fail(`${JSON.stringify(r)} not hidden at ${i} in ${JSON.stringify(parts.map((p) => (p.length > 50 ? `${p.slice(0, 3)}×${p.length}` : p)))}`);
          }
        }
      }),
      { numRuns: 300 },
    );
    // Only a long run of blanks, no key anywhere: nothing hidden (and nothing thrown).
    assert.equal(redactKeys(`a${' '.repeat(5000)}b and more words`), `a${' '.repeat(5000)}b and more words`);
    const split = `DNS = ${KEY.slice(0, 15)}${' '.repeat(1001)}${KEY.slice(15)}`;
    assert.equal(redactKeys(split), `DNS = ${HIDDEN_KEY}`);
  });
  it('validation of a file with such a line reports, and hides, what it would for a short one', () => {
    for (const [key, value] of [['Endpoint', 'a'.repeat(9_000_000)], ['Endpoint', `[${'a'.repeat(9_000_000)}]x`], ['AllowedIPs', '1'.repeat(9_000_000)]]) {
      const text = `[Interface]\nPrivateKey = ${KEY}\nAddress = 10.0.0.1/24\n[Peer]\nPublicKey = 4/jkNyxDVA2cEJaACAxNFOSfuJLVLKKmbgs9dnzjmCM=\nAllowedIPs = 10.0.0.2/32\nPersistentKeepalive = 25\n${key} = ${value}\n`;
      const problems = validate(parse(text)).filter((p) => p.range.start.line === 7);
      assert.deepEqual(problems.map((p) => p.rule), [key === 'Endpoint' ? 'invalid-endpoint' : 'invalid-allowed-ip'], key);
      // Short, and the value not quoted (hidden where quoted; the Endpoint's add-port fix, which quoted it,
      // is not offered for a host no resolver takes).
      const m = problems[0]!.message;
      assert.ok(m.length < 400 && !/[a1]{40}/.test(m) && (key === 'Endpoint' || m.includes(HIDDEN_KEY)), m.slice(0, 400));
    }
  });
});

describe('hover quotes no key-shaped value but a PublicKey', () => {
  for (const [key, value] of [['DNS', KEY], ['MTU', KEY], ['Table', KEY], ['Endpoint', `${KEY}:51820`], ['PublicKey', PUB]] as const) {
    it(`${key} = <key-shaped>`, async () => {
      const text = `[Interface]\nAddress = 10.0.0.1/24\n${key === 'PublicKey' || key === 'Endpoint' ? '\n[Peer]\n' : ''}${key} = ${value}\n`;
      const line = text.split('\n').findIndex((l) => l.startsWith(key));
      const h = await hover(parse(text), { line, character: key.length + 5 });
      assert.ok(h, 'a hover');
      if (key === 'PublicKey') assert.ok(h.contents.value.includes(PUB), 'a PublicKey hover shows the key');
      else assert.ok(!shows(h.contents.value), h.contents.value);
    });
  }
});

describe("another config's private key pasted as a PublicKey (security audit)", () => {
  const OTHER = `[Interface]\nPrivateKey = ${KEY}\nAddress = 10.0.0.2/32\n`;
  const HERE = `[Interface]\nPrivateKey = ${NO_DIGITS}\nAddress = 10.0.0.1/24\n\n[Peer]\nPublicKey = ${KEY}\nAllowedIPs = 10.0.0.2/32\n`;
  it('is a key-reuse error naming the config whose key it is, and shows no key', async () => {
    const { WorkspaceModel } = await import('../../server/src/core/workspace.ts');
    const { validateInWorkspace } = await import('../../server/src/core/validate.ts');
    const ws = new WorkspaceModel();
    ws.set('file:///w/other.conf', parse(OTHER));
    const here = ws.set('file:///w/here.conf', parse(HERE));
    const problems = validateInWorkspace(ws, here);
    const reuse = problems.filter((p) => p.rule === 'key-reuse');
    assert.deepEqual(reuse.map((p) => [p.severity, p.range.start.line]), [['error', 5]]);
    assert.match(reuse[0]!.message, /other\.conf's PrivateKey/);
    assert.ok(!shows(JSON.stringify(problems)));
    // The editor features, given the workspace's private keys, hide it too.
    const secrets = ws.privateKeys();
    assert.ok(!shows(JSON.stringify(await hover(parse(HERE), { line: 5, character: 20 }, { secrets }))));
    assert.ok(!shows(JSON.stringify(documentSymbols(parse(HERE), secrets))));
    assert.ok(secretValueSpans(parse(HERE), secrets).some((s) => s.line === 5));
  });
  it('the peer in the outline is not named by a prefix of that key', () => {
    const names = documentSymbols(parse(HERE), new Set([KEY])).map((x) => x.name);
    assert.ok(!names.some((n) => n.includes(KEY.slice(0, 4))), names.join(' | '));
  });
  it('messages keep words that only a path on the line shares (no key there)', () => {
    const text = `[Interface]\nPrivateKey = ${NO_DIGITS}\nTable = routingtable1 # see /usr/local/share/wireguard/routingtable1/notes\n`;
    const m = validate(parse(text)).find((p) => p.rule === 'invalid-table')!.message;
    assert.match(m, /"routingtable1"/);
  });
  it('a key-shaped `# Name` is no name (names travel into other configs)', () => {
    const text = `[Interface]\n# Name = ${KEY}\nPrivateKey = ${NO_DIGITS}\n`;
    assert.ok(!shows(JSON.stringify(documentSymbols(parse(text)))));
  });
});

describe('messages keep ordinary words next to names that are no keys (review of the key pieces)', () => {
  const iface = (extra: string) => `[Interface]\nPrivateKey = ${KEY}\nAddress = 10.0.0.1/24\n${extra}\n`;
  it('a CamelCase file name, Table name and hook path are quoted, and the key names stay', () => {
    const name = validate(parse(iface('')), { fileName: 'WireGuardHomeOffice2024.conf' }).find((p) => p.rule === 'file-name')!;
    assert.match(name.message, /"WireGuardHomeOffice2024" is 23 characters/);
    const table = validate(parse(iface('Table = MyRoutingTable2024XY'))).find((p) => p.rule === 'invalid-table');
    if (table) assert.ok(!table.message.includes(HIDDEN_KEY), table.message);
    for (const p of validate(parse(iface('PostUp = /opt/PostUp/Scripts2024/HomeVPN/run %i')), { target: 'android' })) assert.ok(!p.message.includes(HIDDEN_KEY), p.message);
  });
});

describe('redactSecretAssignments', () => {
  it('hides the value of a secret-sounding name, whole words only, two words at most', () => {
    assert.equal(redactSecretAssignments('a\\nPrivate Key = abc def\\nPrivteKey=xyz # c\\nAddress = 10.0.0.1/24'), `a\\nPrivate Key = ${HIDDEN_KEY}\\nPrivteKey=${HIDDEN_KEY} # c\\nAddress = 10.0.0.1/24`);
    assert.equal(redactSecretAssignments('Endpoint = privatehost.example:51820'), 'Endpoint = privatehost.example:51820');
  });
});


describe('what a third review found, with the names and hovers it quoted', () => {
  it('an unknown key glued to its "=" is named in its message (not "(key hidden)")', () => {
    for (const key of ['PersistentKeepAliveInterval', 'ListenPortUDP', 'DNSServerAddress']) {
      const text = `[Interface]\n${key}= 25\n`;
      assert.match(validate(parse(text)).find((p) => p.rule === 'unknown-key')!.message, new RegExp(`^Unknown key "${key}"`));
    }
  });
  it('hovering one half of a key typed as two DNS items shows neither half', async () => {
    const { hover } = await import('../../server/src/core/features/hover.ts');
    for (let cut = 12; cut <= 31; cut++) {
      const line = `DNS = 1.1.1.1, ${KEY.slice(0, cut)}, ${KEY.slice(cut)}`;
      const doc = parse(`[Interface]\nPrivateKey = ${PUB}\n${line}\n`);
      for (const at of [line.indexOf(KEY.slice(0, 4)) + 2, line.lastIndexOf(KEY.slice(cut, cut + 4)) + 2]) {
        const h = await hover(doc, { line: 2, character: at }, {});
        assert.ok(h, `cut ${cut}: a hover at ${at}`);
        const shown = JSON.stringify(h);
        assert.ok(!shown.includes(KEY.slice(0, cut)) && !shown.includes(KEY.slice(cut, 43)), `cut ${cut}: ${shown}`);
      }
    }
  });
});

describe('many pieces on one line (a fifth review)', () => {
  it('redactWithPieces over an index hides exactly what searching for every piece hides', async () => {
    const { default: fc } = await import('fast-check');
    const { generatePrivateKey } = await import('../../server/src/core/keys.ts');
    const { keyPieces, redactWithPieces, redactWithEachPiece } = await import('../../server/src/core/redact.ts');
    const keys = Array.from({ length: 40 }, () => generatePrivateKey());
    const sep = fc.constantFrom(' ', '\t', ', ', ',', '\u00a0', '\u200b', ' ; ');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 39 }), fc.array(fc.integer({ min: 4, max: 40 }), { minLength: 1, maxLength: 4 }), sep, fc.constantFrom('"', 'x=', '=', '/', ' ', '(', ''), fc.constantFrom('"', '/24', '=', ' is bad', ''), (k, cuts, s, before, after) => {
        const key = keys[k]!;
        const at = [...new Set(cuts)].sort((a, b) => a - b);
        const parts = [0, ...at].map((c, i) => key.slice(c, at[i] ?? 44)).filter(Boolean);
        // Forty key ends more on the line: past the 32 pieces the loop handles.
        const line = `DNS = ${parts.join(s)}, ${keys.map((x) => x.slice(20)).join(', ')}`;
        const pieces = keyPieces(line);
        for (const quoted of [...parts, parts.join(s), parts.slice(0, 2).join(s)]) {
          const message = `Value ${before}${quoted}${after} here`;
          assert.equal(redactWithPieces(message, pieces), redactWithEachPiece(message, pieces), message);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('a key wrapped onto the lines below its name (secrets review: the short tail was shown)', () => {
  const WRAPS: ReadonlyArray<[string, readonly number[]]> = [
    ...[6, 11, 20, 33, 38, 40].map((cut): [string, readonly number[]] => [`at ${cut}`, [cut]]),
    ['in three lines', [15, 30]],
    ['in four lines', [10, 22, 36]],
  ];
  for (const eol of ['\n', '\r\n']) {
    for (const name of ['PrivateKey', 'PresharedKey']) {
      for (const [label, cuts] of WRAPS) {
        it(`${name} ${label}${eol === '\r\n' ? ' (CRLF)' : ''}: no message, outline name or echoed line shows a piece, the privacy spans cover them`, () => {
          const pieces = [0, ...cuts].map((c, i, all) => KEY.slice(c, all[i + 1] ?? KEY.length));
          const section = name === 'PrivateKey' ? `[Interface]\nAddress = 10.0.0.1/24` : `[Interface]\nPrivateKey = ${PUB}\n\n[Peer]\nPublicKey = ${PUB}`;
          const lines = `${section}\n${name} = ${pieces[0]}\n${pieces.slice(1).join('\n')}\nAllowedIPs = 10.0.0.2/32\n`.split('\n');
          const text = lines.join(eol);
          const doc = parse(text);
          const first = lines.indexOf(`${name} = ${pieces[0]}`) + 1;
          const shown = JSON.stringify([validate(doc), documentSymbols(doc)]);
          for (const p of pieces.slice(1)) {
            const bare = p.replace(/=$/, '');
            if (bare.length >= 5) assert.ok(!shown.includes(bare), `"${bare}" shown: ${shown.slice(0, 400)}`);
          }
          const spans = secretValueSpans(doc);
          const mask = formatSecretMasker(text);
          pieces.slice(1).forEach((p, i) => {
            assert.deepEqual(spans.filter((s) => s.line === first + i), [{ line: first + i, start: 0, end: p.length }]);
            assert.equal(mask(first + i, p), '•'.repeat(p.length));
          });
        });
      }
    }
  }
  it('under a misspelt name, a colon or no "=" too, as the line above is hidden (diff review)', () => {
    for (const head of ['PrivteKey = ', 'PrivateKey: ', 'PrivateKey ', 'Preshared Key = ']) {
      const text = `[Interface]\n${head}${KEY.slice(0, 34)}\n${KEY.slice(34)}\nAddress = 10.0.0.1/24\n`;
      const doc = parse(text);
      assert.deepEqual(secretValueSpans(doc).filter((s) => s.line === 2), [{ line: 2, start: 0, end: 10 }], head);
      const shown = JSON.stringify([validate(doc), documentSymbols(doc)]);
      assert.ok(!shown.includes(KEY.slice(34, 43)), `${head}: ${shown}`);
      assert.equal(formatSecretMasker(text)(2, KEY.slice(34)), '•'.repeat(10));
    }
  });
  it('a known key below a short secret, a line of base64 past the length of a key, or one under a comment is no piece of it', () => {
    const doc = parse(`[Interface]\nPrivateKey = ${KEY.slice(0, 30)}\nDNS=\nDNS\n\n[Peer]\nPresharedKey = ${KEY.slice(0, 30)}\nabcdefghijklmnopqrstuvwxyz=\nPublicKey = ${PUB}\n# note\nWhatever=\n`);
    assert.deepEqual(secretValueSpans(doc).map((s) => s.line), [1, 6]);
  });
});

describe('redactFailure: what the server logs of a failure (secrets review: two handlers logged raw stacks)', () => {
  it('hides a key, a secret assignment and a wrapped key quoted in an error message, and keeps the stack', () => {
    const err = new TypeError(`cannot read "${KEY}" in\nPrivateKey = ${KEY.slice(0, 33)}\n${KEY.slice(33)}\nPresharedKey hunter2-Secret!`);
    const shown = redactFailure(err);
    for (const secret of [KEY.slice(0, 20), KEY.slice(33, 43), 'hunter2']) assert.ok(!shown.includes(secret), shown);
    assert.match(shown, /^TypeError: cannot read/);
    assert.match(shown, /\n {4}at /);
    assert.equal(redactFailure(`thrown ${KEY}`), `thrown ${HIDDEN_KEY}`);
  });
});

// Mutation review of features/ and redact.ts: three places that showed what the rest hides.
for (const eol of ['\n', '\r\n']) {
  describe(`what the mutation review found (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    const lines = (...l: string[]) => [...l, ''].join(eol);
    const hoverText = async (text: string, line: number, character: number) => (await hover(parse(text), { line, character }))?.contents.value ?? '';

    it("a PublicKey that is this file's PrivateKey with a character changed: the hover hides it, as the outline does", async () => {
      const near = `${KEY.slice(0, 42)}k=`;
      const text = lines('[Interface]', `PrivateKey = ${KEY}`, '', '[Peer]', `PublicKey = ${near}`, 'AllowedIPs = 10.0.0.2/32');
      const shown = await hoverText(text, 4, 20);
      assert.match(shown, /^\*\*Public key\*\*: hidden\. This value looks like a copy of a secret/);
      for (const p of [...PIECES, near.slice(22)]) assert.ok(!shown.includes(p), shown);
      assert.equal(documentSymbols(parse(text))[1]!.children!.find((c) => c.name === 'PublicKey')?.detail, '(hidden)');
      // A public key that merely is another key is shown (the hover's point).
      assert.match(await hoverText(lines('[Interface]', `PrivateKey = ${KEY}`, '', '[Peer]', `PublicKey = ${PUB}`), 4, 20), new RegExp(`^\\*\\*Public key\\*\\* \`${PUB.replace(/[+/]/g, '\\$&')}\``));
    });

    it('a hex key pasted into MTU: no decimal reading of it in the hover or the message (its leading bits)', async () => {
      const hex = Buffer.from(KEY, 'base64').toString('hex');
      const text = lines('[Interface]', `PrivateKey = ${PUB}`, `MTU = 0x${hex}`);
      const leading = BigInt(`0x${hex}`).toString().slice(0, 8);
      const shown = await hoverText(text, 2, 10);
      assert.match(shown, /only `ip` \(wg-quick\) reads hex, as a number of 77 digits;/);
      const mtu = validate(parse(text)).find((p) => p.rule === 'invalid-mtu')!;
      assert.match(mtu.message, /"ip" reads a number of 77 digits, above 65535/);
      for (const t of [shown, mtu.message]) {
        assert.ok(!t.includes(leading) && !/e\+\d/.test(t) && !t.includes(hex.slice(0, 16)), t);
      }
      // Past what a double holds (320 hex digits): still a count, not "Infinity" (session review).
      assert.match(validate(parse(lines('[Interface]', `MTU = 0x${hex.repeat(5)}`))).find((p) => p.rule === 'invalid-mtu')!.message, /"ip" reads a number of over 300 digits, above 65535/);
      // A small hex MTU is still read out: the number is the point there.
      assert.match(await hoverText(lines('[Interface]', 'MTU = 0x58c'), 1, 7), /reads hex, as 1420;/);
    });

    it('a key pasted as a section header, whole or in two pieces: the hover of a key under it does not quote the header', async () => {
      for (const header of [`[${KEY.slice(0, 43)}]`, `[Peer ${KEY.slice(0, 43)}]`, `[ ${KEY.slice(0, 22)} ${KEY.slice(22, 43)} ]`]) {
        const shown = await hoverText(lines(header, 'DNS = 1.1.1.1'), 1, 1);
        assert.match(shown, /`DNS` belongs in `\[Interface\]`, not `\[.*\(key hidden\).*\]`/, shown);
        for (const p of [KEY.slice(0, 12), KEY.slice(12, 22), KEY.slice(22, 34), KEY.slice(31, 43)]) assert.ok(!shown.includes(p), `${header}: ${shown}`);
      }
    });
  });
}

// Fuzz and diff reviews: a key in a document's URI (its + / = percent-escaped) in a log line.
describe('redactUri', () => {
  const key = 'Z+uhM8vv1jMVyihOo2Jf890iqMVo0aLY9tQ9+1g2xQk=';
  const leaks = (text: string) => [key.slice(0, 16), 'uhM8vv1jMVyihOo2', 'jMVyihOo2Jf890iq', 'Jf890iqMVo0aLY9t'].some((p) => text.includes(p));
  it('hides a key in the path, escaped or not, also past a malformed escape elsewhere', () => {
    for (const uri of [`file:///etc/${key}/wg0.conf`, `file:///etc/${encodeURIComponent(key)}/wg0.conf`, `file:///x/%E0%A4%A/${encodeURIComponent(key)}.conf`]) {
      const shown = redactUri(uri);
      assert.ok(!leaks(shown), shown);
      assert.match(shown, /\(key hidden\)/, uri);
    }
    assert.equal(redactUri('file:///etc/wireguard/wg%200.conf'), 'file:///etc/wireguard/wg 0.conf');
  });
});

// The collector remembers messages it leaves as they are (rules/context.ts, plainMessages), for the whole
// process: only for a line without key pieces. A text quoted plainly from one file may be the end of a
// wrapped key in another, where it must still be hidden, whichever file was checked first (diff review:
// without the guard the memo showed the key's end).
describe('a message remembered as plain in one file is still redacted where it is a piece of a key', () => {
  const KEY = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
  const tail = 'abcdefXYZqwe=';
  const plain = `[Interface]\nAddress = 10.0.0.1/24\n${tail}\n`;
  const wrapped = `[Interface]\nPrivateKey = ${KEY.slice(0, 30)}\n${tail}\nAddress = 10.0.0.1/24\n`;
  const onLine2 = (text: string) => validate(parse(text)).filter((p) => p.range.start.line === 2).map((p) => p.message);
  it('the plain file first, then the wrapped key: hidden', () => {
    assert.ok(onLine2(plain).some((m) => m.includes('abcdefXYZqwe')), 'quoted where it is no key');
    const messages = onLine2(wrapped);
    assert.ok(messages.length > 0);
    for (const m of messages) assert.ok(!m.includes('abcdefXYZqwe'), m);
    assert.ok(messages.some((m) => m.includes(HIDDEN_KEY)), messages.join(' | '));
  });
});
