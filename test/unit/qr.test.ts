// The QR code of a config decodes to the config (jsQR, a decoder independent of the encoder): the
// text the WireGuard apps would import. Rendered to pixels here as a phone camera would see it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { QR_MAX_BYTES, needsConfirmation, qrCode, qrSvg, qrText, type QrCode } from '../../client/src/qr.ts';

const PHONE = readFileSync(join(__dirname, '..', '..', 'examples', 'hub-and-spoke', 'phone.conf'), 'utf8');

/** The code as an RGBA image: `scale` pixels per module, a 4-module white border. */
function decode(code: QrCode, scale = 4): string | undefined {
  const side = (code.size + 8) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let r = 0; r < code.size; r++) {
    for (let c = 0; c < code.size; c++) {
      if (!code.isDark(r, c)) continue;
      for (let y = 0; y < scale; y++) {
        for (let x = 0; x < scale; x++) {
          const i = (((r + 4) * scale + y) * side + (c + 4) * scale + x) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
    }
  }
  const found = jsQR(data, side, side);
  return found ? new TextDecoder().decode(new Uint8Array(found.binaryData)) : undefined;
}

describe('QR code of a config', () => {
  test('the example phone config decodes back to itself without comments, LF line ends and no BOM', () => {
    const expected = PHONE.split('\n')
      .filter((l) => !l.trimStart().startsWith('#'))
      .join('\n');
    assert.ok(expected.includes('PrivateKey = ') && !expected.includes('#'));
    for (const text of [PHONE, PHONE.replace(/\n/g, '\r\n'), `\uFEFF${PHONE}`]) {
      const code = qrCode(qrText(text));
      assert.ok(!('tooLarge' in code));
      assert.equal(decode(code), expected);
    }
  });

  test('qrText drops comment lines and trailing comments, and keeps every other line as written', () => {
    assert.equal(qrText('# top\n[Interface]  # the host\nAddress = 10.0.0.2/32 # phone\n#PrivateKey = old\n\nDNS = 1.1.1.1\n'), '[Interface]\nAddress = 10.0.0.2/32\n\nDNS = 1.1.1.1\n');
  });

  test('the question comes whenever the code would carry something shaped like a key', () => {
    const key = 'MDXGyQAiwzBeCiHHcjM4EGp2M+N4G28L9/JnsQ+0sXk=';
    for (const text of [`PrivateKey = ${key}`, `presharedkey=${key}`, `PrivateKey ${key}`, `[Peer]\nPublicKey = ${key}`]) assert.ok(needsConfirmation(qrText(text)), text);
    // A key split by a blank (wg removes it), without its padding, cut short, or any value of a secret's
    // name: the code still carries it (client review).
    for (const text of [`PrivateKey = ${key.slice(0, 20)} ${key.slice(20)}`, `PrivateKey = ${key.slice(0, 43)}`, `PrivateKey = ${key.slice(0, 30)}`, 'PresharedKey = hunter2', `DNS = ${key.slice(0, 43)}`]) {
      assert.ok(needsConfirmation(qrText(text)), text);
    }
    assert.ok(!needsConfirmation(qrText('[Interface]\nAddress = 10.0.0.2/32\nDNS = 10.0.0.1\n[Peer]\nAllowedIPs = 0.0.0.0/0\nEndpoint = vpn.example.com:51820\n')));
    // A commented-out key does not travel (qrText drops it), so it needs no question.
    assert.ok(!needsConfirmation(qrText(`#PrivateKey = ${key}\n[Interface]\nAddress = 10.0.0.2/32\n`)));
  });

  test('UTF-8 comments survive (byte mode, not Latin-1)', () => {
    const text = `# Téléphone d'Anaïs 📱\n${PHONE}`;
    const code = qrCode(text);
    assert.ok(!('tooLarge' in code));
    assert.equal(decode(code), text);
  });

  test('a config too large for any QR code says how large it is', () => {
    const big = `${PHONE}${'# padding line of a large hub config\n'.repeat(100)}`;
    const code = qrCode(big);
    assert.ok('tooLarge' in code && code.tooLarge === Buffer.byteLength(big) && code.tooLarge > QR_MAX_BYTES);
    // The largest that fits still decodes.
    const max = 'x'.repeat(QR_MAX_BYTES);
    const fits = qrCode(max);
    assert.ok(!('tooLarge' in fits) && fits.size === 177);
    assert.equal(decode(fits), max);
  });

  test('the SVG draws exactly the dark modules, inside a quiet zone', () => {
    const code = qrCode(PHONE) as QrCode;
    const svg = qrSvg(code);
    let dark = 0;
    for (let r = 0; r < code.size; r++) for (let c = 0; c < code.size; c++) if (code.isDark(r, c)) dark++;
    assert.equal(svg.match(/M\d+ \d+h1v1h-1z/g)?.length, dark);
    assert.match(svg, new RegExp(`viewBox="0 0 ${code.size + 8} ${code.size + 8}"`));
    assert.ok(!svg.includes('<script') && !svg.includes('href'));
  });
});
