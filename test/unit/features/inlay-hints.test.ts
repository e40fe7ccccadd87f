// Inlay hints and the secret spans the client hides.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/parser.ts';
import { inlayHints } from '../../../server/src/core/features/inlay-hints.ts';
import { directoryOf } from '../../../server/src/core/features/peers.ts';
import { secretValueSpans } from '../../../server/src/core/features/secrets.ts';
import { publicKeyOf } from '../../../server/src/core/keys.ts';
import { eachEol } from '../fixtures/parser/eol.ts';
import { examples, fixture } from './helpers.ts';

const HUB = examples().find(([p]) => p.endsWith('hub.conf'))![1];
const LAPTOP = examples().find(([p]) => p.endsWith('laptop.conf'))![1];
const HUB_PRIV = 'GPw7ZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=';

describe('inlay hints', () => {
  eachEol('the derived public key after PrivateKey', test, (v) => {
    const hints = inlayHints(parse(v.convert(HUB)), undefined, { derivedPublicKey: true, peerNames: false });
    const pub = publicKeyOf(HUB_PRIV)!;
    assert.deepEqual(hints, [
      {
        position: { line: 5, character: 57 },
        label: `→ pub: ${pub.slice(0, 10)}…`,
        paddingLeft: true,
        tooltip: { kind: 'markdown', value: `Public key: \`${pub}\`\n\nThe other ends put it in their \`[Peer] PublicKey\`.` },
      },
    ]);
    assert.ok(!JSON.stringify(hints).includes(HUB_PRIV));
  });

  test('switched off, outside the range, or for an invalid key: nothing', () => {
    const doc = parse(HUB);
    assert.deepEqual(inlayHints(doc, undefined, { derivedPublicKey: false, peerNames: false }), []);
    assert.deepEqual(inlayHints(doc, { start: { line: 10, character: 0 }, end: { line: 20, character: 0 } }, { derivedPublicKey: true, peerNames: false }), []);
    assert.deepEqual(inlayHints(parse('[Interface]\nPrivateKey = abc\n'), undefined, { derivedPublicKey: true, peerNames: false }), []);
  });

  test('a range that starts or ends inside the line: the hint only when its position (the value end) is in it', () => {
    const doc = parse(HUB);
    const on = (sl: number, sc: number, el: number, ec: number) =>
      inlayHints(doc, { start: { line: sl, character: sc }, end: { line: el, character: ec } }, { derivedPublicKey: true, peerNames: false }).map((h) => h.position);
    assert.deepEqual(on(0, 0, 5, 0), []);
    assert.deepEqual(on(0, 0, 5, 56), []);
    assert.deepEqual(on(0, 0, 5, 57), [{ line: 5, character: 57 }]);
    assert.deepEqual(on(5, 57, 9, 0), [{ line: 5, character: 57 }]);
    assert.deepEqual(on(5, 58, 9, 0), []);
  });

  // From a review of the secondary editor features.
  test('two [Interface] sections: only the PrivateKey wg uses (the last) gets its public key', () => {
    const other = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
    const hints = inlayHints(parse(`[Interface]\nPrivateKey = ${HUB_PRIV}\n\n[Interface]\nPrivateKey = ${other}\n`), undefined, { derivedPublicKey: true, peerNames: false });
    assert.deepEqual(hints.map((h) => [h.position.line, h.label]), [[4, `→ pub: ${publicKeyOf(other)!.slice(0, 10)}…`]]);
  });

  test('a key with a blank inside (wg removes it) still shows its public key', () => {
    const spaced = `${HUB_PRIV.slice(0, 20)} ${HUB_PRIV.slice(20)}`;
    const hints = inlayHints(parse(`[Interface]\nPrivateKey = ${spaced}\n`), undefined, { derivedPublicKey: true, peerNames: false });
    assert.deepEqual(hints.map((h) => h.label), [`→ pub: ${publicKeyOf(HUB_PRIV)!.slice(0, 10)}…`]);
  });

  test('a config file named after a key: the peer-name hint and its tooltip hide it (UI review)', () => {
    const spoke = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
    const key = publicKeyOf(spoke)!;
    const named = 'cBDvdUDHhOeNI2NSq6I9wVGlwTVQqQ0b3ImhFDJ4U0Y=';
    const lookupPeer = directoryOf([{ uri: `file:///w/${encodeURIComponent(named)}.conf`, doc: parse(`[Interface]\nPrivateKey = ${spoke}\n`) }]);
    const [hint] = inlayHints(parse(`[Peer]\nPublicKey = ${key}\n`), undefined, { derivedPublicKey: false, peerNames: true, lookupPeer });
    assert.ok(hint);
    const shown = JSON.stringify(hint);
    for (const piece of [named.slice(0, 12), encodeURIComponent(named).slice(0, 12)]) assert.ok(!shown.includes(piece), shown);
  });

  test('a peer only named in another config: the tooltip does not say its private key is there', () => {
    const key = publicKeyOf(HUB_PRIV)!;
    const lookupPeer = directoryOf([{ uri: 'file:///w/other.conf', doc: parse(`[Interface]\nPrivateKey = ${'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk='}\n\n[Peer]\n# Name = mystery\nPublicKey = ${key}\n`) }]);
    const [hint] = inlayHints(parse(`[Peer]\nPublicKey = ${key}\n`), undefined, { derivedPublicKey: false, peerNames: true, lookupPeer });
    assert.equal(hint!.label, '→ mystery');
    assert.match(hint!.tooltip!.value, /^No config here holds the private key of this public key; `file:\/\/\/w\/other\.conf` names its \[Peer\] `mystery`\.$/);
  });

  test('peer names from a directory, when enabled', () => {
    const lookupPeer = directoryOf([
      { uri: 'file:///w/laptop.conf', doc: parse(LAPTOP) },
      { uri: 'file:///w/hub.conf', doc: parse(HUB) },
    ]);
    const text = HUB.replace('# Name = laptop\n', '');
    const hints = inlayHints(parse(text), undefined, { derivedPublicKey: false, peerNames: true, lookupPeer });
    assert.deepEqual(hints.map((h) => [h.position, h.label]), [[{ line: 14, character: 56 }, '→ laptop']]);
  });
});

describe('secret spans (what the privacy decorations hide)', () => {
  eachEol('every PrivateKey and PresharedKey value, however written', test, (v) => {
    const text = v.convert(fixture('secrets.conf'));
    const spans = secretValueSpans(parse(text));
    const lines = text.split(/\r?\n/);
    assert.deepEqual(
      spans.map((s) => lines[s.line]!.slice(s.start, s.end)),
      [...fixture('secrets.conf').matchAll(/(?:private\s*key|preshared\s*key)\s*=\s*([A-Za-z0-9+/=]+)/gi)].map((m) => m[1]),
    );
  });
});
