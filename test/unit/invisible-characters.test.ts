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
import type { Fix } from '../../server/src/core/problem.ts';
import { hover } from '../../server/src/core/features/hover.ts';

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
// names the character and where it is (never the key); when what the target then reads is a key, removing
// it is the preferred fix and one "Fix all" applies (no blank can be meant inside a key). An app that trims
// the character itself reads the key: Windows and the Apple apps trim Unicode spaces at the ends of a value
// (Go's strings.TrimSpace, Swift's .whitespacesAndNewlines), the Android app control characters at the end
// of a line (Java's String.trim), the Apple apps break lines at U+2028 (isNewline): a warning there.
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
      assert.ok(!/[\u00a0\u200b\u2028\u3000\u0001]/.test(p.message + (p.fixes ?? []).map((f) => f.title).join()), p.message);
      return p;
    };
    const fixes = (p: { fixes?: readonly Fix[] }) => p.fixes?.map((f) => [f.title, f.preferred ? 'preferred' : f.ask ? 'ask' : '']);
    const fixed = (t: string, f: Fix) => applyTextEdits(t, f.edits);
    const fixAll = (t: string, target?: Target) => applyTextEdits(t, fixAllEdits(validate(parse(t), target ? { target } : {})).edits);

    it('a no-break space after a private key: named, where it is, and removed by the preferred fix (also by Fix all)', () => {
      const t = text(`PrivateKey = ${KEY}\u00a0`);
      const p = one(t);
      assert.equal(p.severity, 'error');
      assert.deepEqual(p.range, { start: { line: 1, character: 13 }, end: { line: 1, character: 58 } });
      assert.equal(p.message, 'PrivateKey is not a valid key: it has <U+00A0>, a no-break space, after the key, which wg reads as part of the key. Without it the key is valid.');
      assert.deepEqual(fixes(p), [['Remove the no-break space', 'preferred']]);
      assert.equal(fixed(t, p.fixes![0]!), text(`PrivateKey = ${KEY}`));
      assert.equal(fixAll(t), text(`PrivateKey = ${KEY}`));
      assert.deepEqual(keyProblems(text(`PrivateKey = ${KEY}`)), []);
    });

    it('a zero-width space before a public key: "before the key"; the Android app reads it as part of the key', () => {
      const t = text(`PrivateKey = ${KEY}`, `PublicKey = \u200b${PUB}`);
      assert.match(one(t).message, /^PublicKey is not a valid key: it has <U\+200B>, a zero-width space, before the key, which wg reads/);
      assert.match(one(t, 'android').message, /which the Android app reads as part of the key/);
      assert.equal(fixed(t, one(t).fixes![0]!), text(`PrivateKey = ${KEY}`));
    });

    it('what each app trims itself: a warning for it, an error for wg and the others', () => {
      const nbsp = text(`PrivateKey = ${KEY}\u00a0`);
      for (const [target, severity, says] of [
        ['windows', 'warning', 'PrivateKey has <U+00A0>, a no-break space, after the key: Windows trims it off and so reads the key, but wg and wg-quick read it as part of the key and reject the file.'],
        ['apple', 'warning', 'PrivateKey has <U+00A0>, a no-break space, after the key: the Apple apps trim it off and so read the key, but wg and wg-quick read it as part of the key and reject the file.'],
        ['android', 'error', 'which the Android app reads as part of the key'],
        ['wg', 'error', 'which wg reads as part of the key'],
      ] as const) {
        const p = one(nbsp, target);
        assert.equal(p.severity, severity, target);
        assert.ok(p.message.includes(says), `${target}: ${p.message}`);
        assert.equal(fixed(nbsp, p.fixes![0]!), text(`PrivateKey = ${KEY}`), target);
      }
      // Two of them: "them".
      assert.match(one(text(`PrivateKey = \u00a0${KEY}\u3000`), 'windows').message, /invisible characters <U\+00A0> and <U\+3000> before and after the key: Windows trims them off/);
      // A zero-width space is no White_Space: Windows reads it as part of the key too.
      const zw = one(text(`PrivateKey = ${KEY}`, `PublicKey = ${PUB}\u200b`), 'windows');
      assert.equal(zw.severity, 'error');
      assert.match(zw.message, /which Windows reads as part of the key/);
      // Java's trim takes a control character from the end of the line (session review: an error there).
      const ctrl = one(text(`PrivateKey = ${KEY}\u0001`), 'android');
      assert.equal(ctrl.severity, 'warning');
      assert.match(ctrl.message, /^PrivateKey has <U\+0001>, a control character, after the key: the Android app trims it off and so reads the key/);
      assert.equal(one(text(`PrivateKey = ${KEY}\u0001`), 'windows').severity, 'error');
    });

    it('a blank inside the key as well: the apps keep it, so no warning; the fix removes only the character (session review)', () => {
      const t = text(`PrivateKey = ${KEY.slice(0, 20)} ${KEY.slice(20)}\u00a0`);
      for (const target of ['windows', 'apple', 'android'] as const) {
        const p = one(t, target);
        assert.equal(p.severity, 'error', target);
        assert.deepEqual(fixes(p), [['Remove the no-break space', 'ask']], target);
      }
      // wg drops the blank: its key is valid without the no-break space; the blank is left for value-whitespace.
      const p = one(t);
      assert.equal(p.message, 'PrivateKey is not a valid key: it has <U+00A0>, a no-break space, after the key, which wg reads as part of the key. Without it the key is valid.');
      assert.equal(fixAll(t), text(`PrivateKey = ${KEY.slice(0, 20)} ${KEY.slice(20)}`));
    });

    it('several characters: all named, where they are, "them"; a character in place of one of the key\'s leaves no key: named, its removal only offered', () => {
      const two = one(text(`PrivateKey = ${KEY.slice(0, 20)}\u200b\u00a0${KEY.slice(20)}`));
      assert.equal(two.message, 'PrivateKey is not a valid key: it has the invisible characters <U+200B> and <U+00A0> inside the key, which wg reads as part of the key. Without them the key is valid.');
      assert.deepEqual(fixes(two), [['Remove the invisible characters', 'preferred']]);
      assert.match(one(text(`PrivateKey = ${KEY.slice(0, 20)}\u200b${KEY.slice(20)}\u200b`)).message, /it has <U\+200B> twice, a zero-width space, inside and after the key, .* Without them the key is valid\.$/);
      const t = text(`PrivateKey = ${KEY.slice(0, 20)}\u00a0${KEY.slice(21)}`);
      const p = one(t);
      // The count is of what shows (43), not of what wg reads.
      assert.equal(p.message, 'PrivateKey is not a valid key: a key is 44 characters of base64; this one has 43. It also has <U+00A0>, a no-break space, inside the key, which wg reads as part of the key. Generate one with "wg genkey".');
      assert.deepEqual(fixes(p), [['Remove the no-break space', 'ask']]);
      assert.equal(fixAll(t), t);
    });

    it('a PublicKey that is this file\'s PrivateKey once the character goes: said, and the fix never applied by Fix all (session review)', () => {
      const t = text(`PrivateKey = ${KEY}`, `PublicKey = ${KEY}\u00a0`);
      for (const target of [undefined, 'windows'] as const) {
        const p = one(t, target);
        assert.match(p.message, /What is left is this file's own secret \(its PrivateKey or a PresharedKey\), which does not belong in a PublicKey\.$/);
        assert.deepEqual(fixes(p), [['Remove the no-break space', 'ask']]);
        assert.equal(fixAll(t, target), t);
      }
    });

    it('the hover reads the key as the target does: on Windows a no-break space after it is trimmed, so the public key is shown (session review)', async () => {
      const t = text(`PrivateKey = ${KEY}\u00a0`);
      const shown = async (target?: Target) => (await hover(parse(t), { line: 1, character: 20 }, target ? { target } : {}))?.contents.value ?? '';
      for (const target of ['windows', 'apple'] as const) assert.match(await shown(target), /^\*\*Private key\*\* \(hidden\)\n\n\*\*Public key:\*\* `lxhBxXo5BQD3Jn9SwoO1iFzzTLI2yqMMOQhS\/0I\+qiI=`/, target);
      assert.match(await shown(), /Not a valid key/);
    });

    it('one character several times, only them, after a blank, before a VT: counted, placed, and each fix writes what it says (second review)', () => {
      const twice = one(text(`PrivateKey = ${KEY}\u00a0\u00a0`), 'windows');
      assert.equal(twice.message, 'PrivateKey has <U+00A0> twice, a no-break space, after the key: Windows trims them off and so reads the key, but wg and wg-quick read them as part of the key and reject the file.');
      assert.deepEqual(fixes(twice), [['Remove every <U+00A0>', 'preferred']]);
      // Only them: no key for them to be before.
      const only = keyProblems(text(`PrivateKey = ${KEY}`, 'PresharedKey = \u00a0')).find((p) => p.message.startsWith('PresharedKey'))!;
      assert.equal(only.message, 'PresharedKey is not a valid key: its value is only <U+00A0>, a no-break space. Generate one with "wg genpsk".');
      // A control character, a blank, another: both after the key; the fix leaves no blank at the end.
      const t = text(`PrivateKey = ${KEY}\u0001 \u0002`);
      const ctrl = one(t, 'android');
      assert.match(ctrl.message, /^PrivateKey has the invisible characters <U\+0001> and <U\+0002> after the key: the Android app trims them off/);
      assert.equal(fixed(t, ctrl.fixes![0]!), text(`PrivateKey = ${KEY}`));
      // A vertical tab (a line break to the Apple apps) and the next line's text: the line is broken there.
      const vt = text(`PrivateKey = ${KEY}\u000bListenPort = 1`);
      const p = one(vt, 'windows');
      assert.match(p.message, /it is followed on its line by <U\+000B>, a control character, and more text/);
      assert.deepEqual(fixes(p), [['Break the line at <U+000B>', 'ask']]);
      assert.equal(fixed(vt, p.fixes![0]!), text(`PrivateKey = ${KEY}${eol}ListenPort = 1`));
    });

    it('a secret carrying an invisible character too: a PublicKey that is it once cleaned is never written out by Fix all, nor shown by the hover (second review)', async () => {
      const psk = 'lU+8Jmg5q+1EoM8WAfRu7RGuc9DijmcC5tHfXErmgpM=';
      const t = ['[Interface]', `PrivateKey = ${KEY}`, '', '[Peer]', `PublicKey = \u00a0${psk}`, `PresharedKey = ${psk}\u00a0`, 'AllowedIPs = 10.0.0.2/32', ''].join(eol);
      for (const target of [undefined, 'windows', 'apple'] as const) {
        const pub = keyProblems(t, target).find((p) => p.range.start.line === 4)!;
        assert.deepEqual(fixes(pub), [['Remove the no-break space', 'ask']], String(target));
        assert.equal(fixAll(t, target).split(eol)[4], `PublicKey = \u00a0${psk}`, String(target));
      }
      for (const target of ['windows', 'apple', 'wg-quick'] as const) {
        const shown = (await hover(parse(t), { line: 4, character: 20 }, { target }))?.contents.value ?? '';
        assert.match(shown, /^\*\*Public key\*\*: hidden\./, target);
        assert.ok(!shown.includes(psk.slice(0, 12)) && !shown.includes(psk.slice(-13, -1)), shown);
      }
    });

    it('a value of half a million blanks and no-break spaces before a key: the same problems for every target, read in one pass (a trim by regex took 100 s on Android)', () => {
      const t = text(`PrivateKey = ${'\u00a0 '.repeat(500_000)}${KEY}`);
      assert.match(one(t).message, /it has <U\+00A0> 500000 times, a no-break space, before the key/);
      assert.equal(one(t, 'windows').severity, 'warning');
      assert.match(one(t, 'android').message, /this one has 500044\. It also has <U\+00A0> 500000 times/);
    });

    it('where an app reads a key it trims, the peer rules compare that key: a duplicate, the own key and a private key hidden by a no-break space are found for it (second review)', () => {
      const own = 'lxhBxXo5BQD3Jn9SwoO1iFzzTLI2yqMMOQhS/0I+qiI='; // KEY's public key
      const t = ['[Interface]', `PrivateKey = ${KEY}`, '', '[Peer]', `PublicKey = ${PUB}`, '', '[Peer]', `PublicKey = ${PUB}\u00a0`, '', '[Peer]', `PublicKey = ${own}\u00a0`, '', '[Peer]', `PublicKey = ${KEY}\u00a0`, ''].join(eol);
      const peerRules = (target: Target) =>
        validate(parse(t), { target })
          .filter((p) => p.rule !== 'invalid-key' && p.rule !== 'missing-keepalive' && !p.rule.startsWith('allowed'))
          .map((p) => [p.rule, p.severity, p.range.start.line]);
      assert.deepEqual(peerRules('apple'), [['duplicate-peer', 'error', 7], ['self-peer', 'warning', 10], ['key-reuse', 'error', 13]]);
      assert.deepEqual(peerRules('windows'), [['duplicate-peer', 'warning', 7], ['self-peer', 'warning', 10], ['key-reuse', 'error', 13]]);
      // wg and Android read the no-break space: no key there to compare (invalid-key says so).
      assert.deepEqual(peerRules('wg-quick'), []);
      assert.deepEqual(peerRules('android'), []);
    });

    it('a NUL is left to value-whitespace (wg and wg-quick read it differently): no removal that would drop it (session review)', () => {
      const t = text(`PrivateKey = ${KEY.slice(0, 10)}\u0000${KEY.slice(10)}\u00a0`);
      const p = one(t);
      assert.equal(p.fixes, undefined);
      assert.equal(fixAll(t), t);
    });

    it('a line separator (U+2028) between a key and the next line: the Apple apps break the line there (a warning whose fix does too); elsewhere an error whose fix breaks the line', () => {
      const t = text(`PrivateKey = ${KEY}\u2028ListenPort = 51821`);
      const p = one(t);
      assert.equal(p.message, 'PrivateKey is not a valid key: it is followed on its line by <U+2028>, a line separator, and more text, which wg reads as part of the key (the Apple apps break the line there).');
      assert.deepEqual(fixes(p), [['Break the line at <U+2028>', 'ask']]);
      assert.equal(fixed(t, p.fixes![0]!), text(`PrivateKey = ${KEY}${eol}ListenPort = 51821`));
      const apple = one(t, 'apple');
      assert.equal(apple.severity, 'warning');
      assert.equal(
        apple.message,
        'PrivateKey is followed on its line by <U+2028>, a line separator: the Apple apps break the line there and read the key, and what follows as a line of its own (checked once the line is broken); wg and wg-quick read all of it as part of the key and reject the file.',
      );
      // The fix writes the two lines the apps see; what follows is then checked as a line of its own.
      assert.deepEqual(fixes(apple), [['Break the line at <U+2028>', 'preferred']]);
      const junk = text(`PrivateKey = ${KEY}\u2028junk`);
      const broken = fixed(junk, one(junk, 'apple').fixes![0]!);
      assert.deepEqual(validate(parse(broken), { target: 'apple' }).map((q) => [q.rule, q.range.start.line]), [['invalid-line', 2]]);
      // Nothing after it: removed.
      assert.deepEqual(fixes(one(text(`PrivateKey = ${KEY}\u2028`), 'apple')), [['Remove the line separator', 'preferred']]);
      // Before the key: the Apple apps end the line there, so no key is read.
      const before = one(text(`PrivateKey = \u2028${KEY}`), 'apple');
      assert.equal(before.severity, 'error');
      assert.match(before.message, /before the key, where the Apple apps break the line\. Without it the key is valid\.$/);
    });
  });
}
