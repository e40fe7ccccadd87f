// Text pasted from a web page or a chat brings characters that look like a blank or like nothing: a
// no-break space, a zero-width space, an ideographic space. wg reads each as text (only ASCII blanks
// are blanks to it), so `MTU<NBSP>= 1420` is an unknown key. A message quoting `"MTU "` would name a
// difference nobody can see: messages write such characters as `<U+00A0>` and say what they are.
// Every case runs with LF and CRLF.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/core/parser.ts';
import { validate } from '../../server/src/core/validate.ts';
import { invisibleNote, showInvisibles } from '../../server/src/core/strings.ts';
import { applyTextEdits } from '../../server/src/core/edits/apply.ts';
import { fixAllEdits } from '../../server/src/core/edits/fix-all.ts';
import type { Target } from '../../server/src/core/schema.ts';

const KEY = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';

const CASES: ReadonlyArray<[string, string, string, string]> = [
  // [line, rule, quoted text the message must hold, note]
  ['MTU\u00a0= 1420', 'unknown-key', '"MTU<U+00A0>"', '<U+00A0> is a no-break space, which wg reads as text, not as a blank.'],
  ['ListenPort = 51820\u200b', 'invalid-port', '"51820<U+200B>"', '<U+200B> is a zero-width space, which wg reads as text, not as a blank.'],
  ['Address = 10.0.0.1/24,\u300010.0.0.2/24', 'invalid-address', '"<U+3000>10.0.0.2"', '<U+3000> is an ideographic space, which wg reads as text, not as a blank.'],
  [`PrivateKey\u00a0= ${KEY}`, 'unknown-key', '"PrivateKey<U+00A0>"', '<U+00A0> is a no-break space'],
];

for (const eol of ['\n', '\r\n']) {
  describe(`invisible characters are named in messages (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    for (const [line, rule, quoted, note] of CASES) {
      it(`${JSON.stringify(line.slice(0, 24))}: ${rule}`, () => {
        const text = ['[Interface]', `PrivateKey = ${KEY}`, line, ''].join(eol).replace(`PrivateKey = ${KEY}${eol}PrivateKey`, 'PrivateKey');
        const found = validate(parse(text)).filter((p) => p.rule === rule);
        assert.equal(found.length, 1, JSON.stringify(validate(parse(text)).map((p) => p.message)));
        const message = found[0]!.message;
        assert.ok(message.includes(quoted), message);
        assert.ok(message.includes(note), message);
        assert.ok(!/[\u00a0\u200b\u3000]/.test(message), message);
        assert.ok(!message.includes(KEY.slice(0, 20)), message);
      });
    }

    it('a fix makes the problem\'s text what it looks like; never preferred, never in Fix all (a blank may not be what was meant)', () => {
      const text = (line: string) => ['[Interface]', `PrivateKey = ${KEY}`, line, ''].join(eol);
      const fixes = (line: string) => validate(parse(text(line))).flatMap((p) => (p.fixes ?? []).map((f) => [p.rule, f.title, f.preferred ?? false, applyTextEdits(text(line), f.edits).split(eol)[2]]));
      assert.deepEqual(fixes('ListenPort = 51820\u200b'), [['invalid-port', 'Remove the zero-width space', false, 'ListenPort = 51820']]);
      assert.deepEqual(fixes('Address = 10.0.0.1/24,\u300010.0.0.2/24'), [['invalid-address', 'Replace the ideographic space with a blank', false, 'Address = 10.0.0.1/24, 10.0.0.2/24']]);
      assert.deepEqual(fixes('MTU\u00a0= 1420'), [
        ['unknown-key', 'Change to MTU', true, 'MTU = 1420'],
        ['unknown-key', 'Replace the no-break space with a blank', false, 'MTU = 1420'],
      ]);
      assert.deepEqual(fixAllEdits(validate(parse(text('ListenPort = 51820\u200b')))).edits, []);
      // Inside a value wg reads, a space between two characters goes: wg drops blanks there, so a blank
      // would make `vpnexample.com` (one host) out of what shows as two words; next to a comma or in a
      // wg-quick value (Address: a blank separates items) it is a blank.
      const peer = (line: string) => ['[Interface]', `PrivateKey = ${KEY}`, '[Peer]', 'PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=', line, ''].join(eol);
      const peerFixes = (line: string) => validate(parse(peer(line))).flatMap((p) => (p.fixes ?? []).filter((f) => f.ask).map((f) => [p.rule, f.title, applyTextEdits(peer(line), f.edits).split(eol)[4]]));
      assert.deepEqual(peerFixes('Endpoint = vpn\u00a0example.com:51820'), [['endpoint-host', 'Remove the no-break space', 'Endpoint = vpnexample.com:51820']]);
      assert.deepEqual(peerFixes('Endpoint = vpn\u00a0\u200bexample.com:51820'), [['endpoint-host', 'Remove the invisible characters', 'Endpoint = vpnexample.com:51820']]);
      assert.deepEqual(peerFixes('Endpoint = 192.0.2.1:5182\u20030'), [['invalid-endpoint', 'Remove the Unicode space', 'Endpoint = 192.0.2.1:51820']]);
      assert.deepEqual(peerFixes('AllowedIPs = 10.0.0.2/32,\u00a010.0.0.3/32'), [['invalid-allowed-ip', 'Remove the no-break space', 'AllowedIPs = 10.0.0.2/32,10.0.0.3/32']]);
      // Messages that quote the value show the character and offer the fix (they once said only "expected seconds").
      assert.deepEqual(peerFixes('PersistentKeepalive = 25\u200b'), [['invalid-keepalive', 'Remove the zero-width space', 'PersistentKeepalive = 25']]);
      assert.deepEqual(peerFixes('PersistentKeepalive =\u00a025'), [['invalid-keepalive', 'Replace the no-break space with a blank', 'PersistentKeepalive = 25']]);
      assert.deepEqual(fixes('FwMark = 0x1\u00a02').filter((f) => /space/.test(String(f[1]))), [['invalid-fwmark', 'Remove the no-break space', false, 'FwMark = 0x12']]);
      assert.deepEqual(fixes('MTU = 14\u00a020').filter((f) => /space/.test(String(f[1]))), [['invalid-mtu', 'Remove the no-break space', false, 'MTU = 1420']]);
      assert.deepEqual(peerFixes('AllowedIPs = 10.0.0.2/32\u00a0'), [['invalid-allowed-ip', 'Replace the no-break space with a blank', 'AllowedIPs = 10.0.0.2/32 ']]);
    });

    it('a message without such characters is as it was; ordinary non-ASCII text stays', () => {
      const text = ['[Interface]', '# Name = Büro 東京', `PrivateKey = ${KEY}`, 'MTU = 9000', ''].join(eol);
      for (const p of validate(parse(text))) assert.ok(!p.message.includes('<U+'), p.message);
      assert.equal(showInvisibles('Büro 東京 😀\tx'), 'Büro 東京 😀\tx');
      assert.equal(invisibleNote('plain'), undefined);
    });
  });
}

it('a run is named once with its length: a line of a million no-break spaces makes a short message (diff review)', () => {
  assert.equal(showInvisibles(`x${'\u00a0'.repeat(5)}y`), 'x<U+00A0 ×5>y');
  const text = `[Interface]\nMTU${'\u00a0'.repeat(1_000_000)}= 1420\n`;
  const p = validate(parse(text)).find((x) => x.rule === 'unknown-key')!;
  assert.ok(p.message.length < 400, `${p.message.length} characters`);
  assert.match(p.message, /"MTU<U\+00A0 ×1000000>"/);
});

it('a zero-width joiner inside a word or an emoji is spelling, not junk; what wg makes of a character is said of the problem\'s own text only', () => {
  assert.equal(showInvisibles('👨\u200d👩\u200d👧 Family iPad'), '👨\u200d👩\u200d👧 Family iPad');
  assert.equal(showInvisibles('پدر\u200cبزرگ'), 'پدر\u200cبزرگ');
  assert.equal(showInvisibles('MTU\u200d'), 'MTU<U+200D>');
  // A peer's name from a comment, with a no-break space, quoted by another problem: shown, but no note
  // about wg (it never reads comments) and no fix (the problem's range has no such character).
  const peer = (name: string) => `[Peer]\n# Name = ${name}\nPublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\nAllowedIPs = 10.0.0.2/32\n`;
  const text = `[Interface]\nPrivateKey = ${KEY}\n\n${peer('Alice\u00a0Phone')}\n${peer('Bob')}`;
  const dup = validate(parse(text)).find((x) => x.rule === 'duplicate-peer' && x.message.includes('Alice'));
  assert.ok(dup, JSON.stringify(validate(parse(text)).map((x) => [x.rule, x.message])));
  assert.match(dup.message, /Alice<U\+00A0>Phone/);
  assert.ok(!/which wg reads as text/.test(dup.message), dup.message);
  assert.ok(!(dup.fixes ?? []).some((f) => /blank|Remove the/.test(f.title)), JSON.stringify(dup.fixes));
});

it('showInvisibles names control characters and format characters alike; invisibleNote the first', () => {
  assert.equal(showInvisibles('a\u0000b\u00adc\ufeffd\u2060'), 'a<U+0000>b<U+00AD>c<U+FEFF>d<U+2060>');
  assert.equal(invisibleNote('x\u0007y\u00a0'), '<U+0007> is a control character, which wg reads as text, not as a blank');
  assert.equal(invisibleNote('x\u2003'), '<U+2003> is a Unicode space, which wg reads as text, not as a blank');
});

it('alternating invisible characters make a short message too; the fix leaves a joiner inside an emoji alone (diff review)', () => {
  const text = `[Interface]\nMTU${'\u00a0\u200b'.repeat(500_000)}= 1420\n`;
  const p = validate(parse(text)).find((x) => x.rule === 'unknown-key')!;
  assert.ok(p.message.length < 400, `${p.message.length} characters`);
  for (const f of p.fixes ?? []) assert.ok(f.title.length < 120, f.title);
  // The control character is the problem; the emoji's joiners are spelling, kept by the fix.
  const emoji = '👨\u200d👩\u200d👧';
  const withEmoji = validate(parse(`[Interface]\nPrivateKey = ${KEY}\nAddress = ${emoji}\u00a0\n`));
  const fix = withEmoji.flatMap((x) => x.fixes ?? []).find((f) => /blank|Remove the/.test(f.title));
  assert.ok(fix, JSON.stringify(withEmoji.map((x) => [x.rule, x.fixes?.map((f) => f.title)])));
  assert.equal(fix.title, 'Replace the no-break space with a blank');
  assert.ok(fix.edits[0]!.newText.includes(emoji), JSON.stringify(fix.edits[0]!.newText));
});

// A key copied from a web page or a chat may bring a no-break or zero-width space along. The message
// names the character and where it is (never the key); when what is left is a key, removing it is the
// preferred fix and one "Fix all" applies (no blank can be meant inside a key). Windows and the Apple
// apps trim Unicode spaces at the ends of a value (Go's strings.TrimSpace, Swift's
// .whitespacesAndNewlines): for them such a key works, a warning. The Apple apps also break the line
// at U+2028 (isNewline).
const PUB = 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=';
for (const eol of ['\n', '\r\n']) {
  describe(`invisible characters in a key (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    const text = (privateKeyLine: string, publicKeyLine = `PublicKey = ${PUB}`) =>
      ['[Interface]', privateKeyLine, 'ListenPort = 51820', '', '[Peer]', publicKeyLine, 'AllowedIPs = 10.0.0.2/32', ''].join(eol);
    const keyProblems = (t: string, target?: Target) => validate(parse(t), target ? { target } : {}).filter((p) => p.rule === 'invalid-key');
    const one = (t: string, target?: Target) => {
      const found = keyProblems(t, target);
      assert.equal(found.length, 1, JSON.stringify(found.map((p) => p.message)));
      const p = found[0]!;
      // Never the key, nor the invisible character itself.
      assert.ok(!p.message.includes(KEY.slice(0, 12)) && !p.message.includes(KEY.slice(-12)), p.message);
      assert.ok(!/[\u00a0\u200b\u2028]/.test(p.message), p.message);
      return p;
    };
    const fixed = (t: string, f: { edits: Parameters<typeof applyTextEdits>[1] }) => applyTextEdits(t, f.edits);

    it('a no-break space after a private key: named, where it is, and removed by the preferred fix (also by Fix all)', () => {
      const t = text(`PrivateKey = ${KEY}\u00a0`);
      const p = one(t);
      assert.equal(p.severity, 'error');
      assert.deepEqual(p.range, { start: { line: 1, character: 13 }, end: { line: 1, character: 58 } });
      assert.equal(p.message, 'PrivateKey is not a valid key: it has <U+00A0> (a no-break space) after the key, which wg reads as part of the key. Without it the key is valid.');
      assert.deepEqual(p.fixes?.map((f) => [f.title, f.preferred, f.ask]), [['Remove the no-break space', true, undefined]]);
      assert.equal(fixed(t, p.fixes![0]!), text(`PrivateKey = ${KEY}`));
      assert.equal(applyTextEdits(t, fixAllEdits(validate(parse(t))).edits), text(`PrivateKey = ${KEY}`));
      assert.deepEqual(keyProblems(text(`PrivateKey = ${KEY}`)), []);
    });

    it('a zero-width space before a public key: "before the key"; the Android app reads it as part of the key', () => {
      const t = text(`PrivateKey = ${KEY}`, `PublicKey = \u200b${PUB}`);
      assert.match(one(t).message, /^PublicKey is not a valid key: it has <U\+200B> \(a zero-width space\) before the key, which wg reads/);
      assert.match(one(t, 'android').message, /which the Android app reads as part of the key/);
      assert.equal(fixed(t, one(t).fixes![0]!), text(`PrivateKey = ${KEY}`));
    });

    it('Windows and the Apple apps trim a no-break space at the ends: a warning there, an error for wg and Android', () => {
      const t = text(`PrivateKey = ${KEY}\u00a0`);
      for (const [target, severity, says] of [
        ['windows', 'warning', 'Windows trims it off and so reads the key, but wg, wg-quick and the Android app'],
        ['apple', 'warning', 'the Apple apps trim it off and so read the key, but wg'],
        ['android', 'error', 'which the Android app reads as part of the key'],
        ['wg', 'error', 'which wg reads as part of the key'],
      ] as const) {
        const p = one(t, target);
        assert.equal(p.severity, severity, target);
        assert.ok(p.message.includes(says), `${target}: ${p.message}`);
        assert.equal(fixed(t, p.fixes![0]!), text(`PrivateKey = ${KEY}`), target);
      }
      // A zero-width space is no White_Space: Windows reads it as part of the key too.
      const zw = one(text(`PrivateKey = ${KEY}`, `PublicKey = ${PUB}\u200b`), 'windows');
      assert.equal(zw.severity, 'error');
      assert.match(zw.message, /which Windows reads as part of the key/);
    });

    it('two different characters are both named; a character in place of one of the key\'s leaves no key: named, and its removal only offered', () => {
      const two = one(text(`PrivateKey = ${KEY.slice(0, 20)}\u200b\u00a0${KEY.slice(20)}`));
      assert.equal(two.message, 'PrivateKey is not a valid key: it has the invisible characters <U+200B> and <U+00A0>, which wg reads as part of the key. Without them the key is valid.');
      assert.deepEqual(two.fixes?.map((f) => [f.title, f.preferred]), [['Remove the invisible characters', true]]);
      const t = text(`PrivateKey = ${KEY.slice(0, 20)}\u00a0${KEY.slice(21)}`);
      const p = one(t);
      assert.equal(p.message, 'PrivateKey is not a valid key: a key is standard base64 (A–Z, a–z, 0–9, +, /) ending in "=". It has <U+00A0> (a no-break space) inside the key, which wg reads as part of the key. Generate one with "wg genkey".');
      assert.deepEqual(p.fixes?.map((f) => [f.title, f.preferred, f.ask]), [['Remove the no-break space', undefined, true]]);
      assert.deepEqual(fixAllEdits(validate(parse(t))).edits, []);
    });

    it('a line separator (U+2028) between a key and the next line: the Apple apps break the line there (a warning, no fix); elsewhere an error whose fix breaks the line', () => {
      const t = text(`PrivateKey = ${KEY}\u2028ListenPort = 51821`);
      const p = one(t);
      assert.equal(p.message, 'PrivateKey is not a valid key: a key is 44 characters of base64; this one has 61. It has <U+2028> (a line separator) inside the key, which wg reads as part of the key. Generate one with "wg genkey".');
      assert.deepEqual(p.fixes?.map((f) => [f.title, f.ask]), [['Break the line at <U+2028>', true]]);
      assert.equal(fixed(t, p.fixes![0]!), text(`PrivateKey = ${KEY}${eol}ListenPort = 51821`));
      const apple = one(t, 'apple');
      assert.equal(apple.severity, 'warning');
      assert.equal(apple.message, 'PrivateKey is followed by <U+2028> (a line separator) on its line: the Apple apps break the line there and read the key, and what follows as a line of its own; wg, wg-quick and the Android app read all of it as the key and reject the file.');
      assert.equal(apple.fixes, undefined);
    });
  });
}
