// Fixes judged by the text they leave (from a review that applied every fix and re-validated):
// the problem is gone, no new one appears, and nothing else moves. LF and CRLF.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/parser.ts';
import { validate, type ValidateOptions } from '../../../server/src/core/validate.ts';
import { applyTextEdits } from '../../../server/src/core/edits/apply.ts';
import { suppressionFixes } from '../../../server/src/core/edits/suppress.ts';
import { format } from '../../../server/src/core/features/formatting.ts';
import { fixAllEdits } from '../../../server/src/core/edits/fix-all.ts';
import { generateKeyPair, generatePresharedKey } from '../../../server/src/core/keys.ts';
import { WorkspaceModel } from '../../../server/src/core/workspace.ts';
import { validateInWorkspace } from '../../../server/src/core/validate.ts';

const KEY = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
const PUB = 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=';

for (const eol of ['\n', '\r\n']) {
  const text = (...lines: string[]) => [...lines, ''].join(eol);
  describe(`fix results (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    for (const [name, line, rule, options] of [
      ['AllowedIPs of commas only', 'AllowedIPs = , # todo', 'invalid-allowed-ip', {}],
      ['Address of commas only', 'Address = ,', 'invalid-address', {}],
      ['DNS of commas only (Windows)', 'DNS = ,', 'invalid-dns', { target: 'windows' }],
    ] as Array<[string, string, string, ValidateOptions]>) {
      it(`${name}: one problem, and its fix removes the line`, () => {
        const inPeer = line.startsWith('AllowedIPs');
        const t = inPeer
          ? text('[Interface]', `PrivateKey = ${KEY}`, 'Address = 10.0.0.1/24', '', '[Peer]', `PublicKey = ${PUB}`, 'AllowedIPs = 10.0.0.2/32', line, 'Endpoint = 192.0.2.1:51820')
          : text('[Interface]', `PrivateKey = ${KEY}`, 'Address = 10.0.0.1/24', line);
        const at = t.split(eol).indexOf(line);
        const got = validate(parse(t), options).filter((p) => p.rule === rule && p.range.start.line === at);
        assert.equal(got.length, 1, JSON.stringify(got.map((p) => p.range)));
        const after = applyTextEdits(t, got[0]!.fixes!.find((f) => f.preferred)!.edits);
        assert.ok(!after.includes(line), after);
        assert.deepEqual(validate(parse(after), options).filter((p) => p.severity === 'error').map((p) => p.rule), []);
      });
    }

    for (const [name, line, rule, fixed, options] of [
      ['Address', 'Address = 10.0.0.2/24, 10.0.0.5/24 ,', 'invalid-address', 'Address = 10.0.0.2/24, 10.0.0.5/24', {}],
      ['DNS (Windows)', 'DNS = 10.0.0.53 , # resolver', 'invalid-dns', 'DNS = 10.0.0.53 # resolver', { target: 'windows' }],
      ['AllowedIPs', 'AllowedIPs = 10.0.0.2/32 ,', 'invalid-allowed-ip', 'AllowedIPs = 10.0.0.2/32', {}],
    ] as Array<[string, string, string, string, ValidateOptions]>) {
      it(`${name}: removing a trailing empty item leaves no blank at the end of the value`, () => {
        const t = line.startsWith('AllowedIPs')
          ? text('[Interface]', `PrivateKey = ${KEY}`, 'Address = 10.0.0.1/24', '', '[Peer]', `PublicKey = ${PUB}`, line)
          : text('[Interface]', `PrivateKey = ${KEY}`, 'Address = 10.0.0.1/24', line);
        const at = t.split(eol).indexOf(line);
        const got = validate(parse(t), options).filter((p) => p.rule === rule && p.range.start.line === at);
        assert.equal(got.length, 1, JSON.stringify(got.map((p) => p.message)));
        assert.equal(applyTextEdits(t, got[0]!.fixes!.find((f) => f.preferred)!.edits).split(eol)[at], fixed);
      });
    }

    it('a NUL byte inside a wg value: wg stops there, wg-quick drops it; both readings offered, Fix all takes neither (meaning review)', () => {
      const t = text('[Interface]', `PrivateKey = ${KEY}`, 'ListenPort = 518\u0000 20', 'MTU = 14\u000020');
      const problems = validate(parse(t), { target: 'wg' });
      const port = problems.find((p) => p.rule === 'value-whitespace' && p.range.start.line === 2)!;
      assert.match(port.message, /wg stops reading the value there \("518"\), wg-quick drops the byte \("51820"\)/);
      assert.deepEqual(port.fixes!.map((f) => [f.title, !!f.preferred, !!f.ask]), [['Change to 518 (what wg reads)', false, true], ['Change to 51820 (what wg-quick reads)', false, true]]);
      assert.ok(!fixAllEdits(problems).edits.some((e) => e.range.start.line === 2), 'Fix all leaves the port alone');
      // MTU is wg-quick's alone: one reading, and it is the fix.
      const mtu = validate(parse(t)).find((p) => p.rule === 'value-whitespace' && p.range.start.line === 3)!;
      assert.deepEqual(mtu.fixes!.map((f) => [f.title, !!f.preferred]), [['Change to 1420', true]]);
    });

    it('whitespace inside a wg-quick value: one fix per word that could be meant, none preferred (not 12801420, not 1500bytes)', () => {
      const fixesOf = (line: string) => {
        const t = text('[Interface]', `PrivateKey = ${KEY}`, 'Address = 10.0.0.1/24', line);
        const p = validate(parse(t)).find((x) => x.rule === 'value-whitespace')!;
        return p.fixes!.map((f) => [f.title, !!f.preferred, !!f.ask, applyTextEdits(t, f.edits).split(/\r?\n/)[3]]);
      };
      assert.deepEqual(fixesOf('MTU = 1280 1420'), [
        ['Change to 1280', false, true, 'MTU = 1280'],
        ['Change to 1420', false, true, 'MTU = 1420'],
      ]);
      assert.deepEqual(fixesOf('MTU = 1500 bytes'), [['Change to 1500', false, true, 'MTU = 1500']]);
      assert.deepEqual(fixesOf('SaveConfig = yes true'), [['Change to true', false, true, 'SaveConfig = true']]);
      assert.deepEqual(fixesOf('MTU = auto matic'), []);
      // Numbers no MTU can be: no fix that leaves invalid-mtu (quick-fix review).
      assert.deepEqual(fixesOf('MTU = 14 20'), []);
      assert.deepEqual(fixesOf('MTU = 1420 99999'), [['Change to 1420', false, true, 'MTU = 1420']]);
    });

    it('an Endpoint without a port: the fix reads the port written after a blank, ";" or "]", and ends the error', () => {
      const PEER = 'NPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
      for (const [written, fixed] of [
        ['[2001:db8::1]51820', '[2001:db8::1]:51820'],
        ['[2001:db8::1]x', '[2001:db8::1]:51820'],
        ['vpn.example.com 51820', 'vpn.example.com:51820'],
        ['vpn.example.com;51820', 'vpn.example.com:51820'],
        ['1.2.3.4 , 4500', '1.2.3.4:4500'],
        ['vpn.example.com:', 'vpn.example.com:51820'],
        // A number no port (0, past 65535) was not meant as one (diff review).
        ['1.2.3.4 70000', '1.2.3.4:51820'],
        ['[2001:db8::1]99999', '[2001:db8::1]:51820'],
      ]) {
        const t = text('[Interface]', `PrivateKey = ${KEY}`, '[Peer]', `PublicKey = ${PEER}`, 'AllowedIPs = 10.0.0.2/32', `Endpoint = ${written}`, 'PersistentKeepalive = 25');
        const here = (x: string) => validate(parse(x)).filter((p) => p.range.start.line === 5);
        const problems = here(t);
        // One problem: no value-whitespace whose fix (what wg reads, vpn.example.com51820) is no endpoint either.
        assert.deepEqual(problems.map((p) => [p.rule, p.fixes?.map((f) => f.title)]), [['invalid-endpoint', [`Change to ${fixed}`]]], written);
        const after = applyTextEdits(t, problems[0]!.fixes![0]!.edits);
        assert.equal(after.split(eol)[5], `Endpoint = ${fixed}`);
        assert.deepEqual(here(after), [], written);
      }
    });

    it('a spaced IPv6 Endpoint keeps value-whitespace (wg reads fd00::151820: no missing port to fix there)', () => {
      const t = text('[Interface]', `PrivateKey = ${KEY}`, '[Peer]', 'PublicKey = NPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=', 'AllowedIPs = 10.0.0.2/32', 'Endpoint = fd00::1 51820', 'PersistentKeepalive = 25');
      assert.ok(validate(parse(t)).some((p) => p.rule === 'value-whitespace' && p.range.start.line === 5));
    });

    it('formatting keeps a BOM in front of a blank first line it removes', () => {
      const t = `\uFEFF${text('', '[Interface]', `PrivateKey = ${KEY}`)}`;
      const after = applyTextEdits(t, format(parse(t)));
      assert.equal(after, `\uFEFF${text('[Interface]', `PrivateKey = ${KEY}`)}`);
    });

    it('"Ignore … on this line" after a trailing comma adds no second comma', () => {
      const t = text('[Interface]', `PrivateKey = ${KEY}`, '#wgls-disable-next-line\tnon-canonical-key,', 'ListenPort = +5');
      const doc = parse(t);
      const p = validate(doc).find((x) => x.rule === 'non-portable-port')!;
      const f = suppressionFixes(doc, p).find((x) => x.title.includes('on this line'))!;
      assert.equal(applyTextEdits(t, f.edits).split(eol)[2], '#wgls-disable-next-line\tnon-canonical-key, non-portable-port');
    });
  });
}

// A CRLF file converted to CRLF again ends its lines in CR CR LF: the parser (splitting at CR too) reads a
// line ending in CR and an empty one; wg reads one line, the first CR a trailing blank. A fix that adds a
// line must write that break, never a lone CR, which joins the new line to the one before for wg
// (quick-fix review: "Add PersistentKeepalive" and the counterpart fixes did).
for (const BREAK of ['\r\r\n', '\r\r\r\n']) describe(`fixes in a file whose lines end in ${JSON.stringify(BREAK)}`, () => {
  const crcrlf = (...lines: string[]) => [...lines, ''].join(BREAK);
  /** Whether every CR is a blank before an LF to wg (none joins two lines). */
  const noLoneCr = (t: string) => !/\r+(?![\r\n])/.test(t);
  const hub = generateKeyPair();
  const spoke = generateKeyPair();
  const psk = generatePresharedKey();

  it('one file: every fix that adds a line keeps the breaks, and nothing new is reported', () => {
    for (const [name, t, rule] of [
      ['missing-keepalive', crcrlf('[Interface]', `PrivateKey = ${KEY}`, 'Address = 10.0.0.2/32', '', '[Peer]', `PublicKey = ${PUB}`, 'Endpoint = 192.0.2.1:51820', 'AllowedIPs = 10.0.0.0/24'), 'missing-keepalive'],
      ['missing-keepalive, no break after the last line', crcrlf('[Interface]', `PrivateKey = ${KEY}`, 'Address = 10.0.0.2/32', '', '[Peer]', `PublicKey = ${PUB}`, 'Endpoint = 192.0.2.1:51820', 'AllowedIPs = 10.0.0.0/24').slice(0, -BREAK.length), 'missing-keepalive'],
      ['postup-without-postdown', crcrlf('[Interface]', `PrivateKey = ${KEY}`, 'Address = 10.0.0.1/24', 'ListenPort = 51820', 'PostUp = iptables -A FORWARD -i %i -j ACCEPT', '', '[Peer]', `PublicKey = ${PUB}`, 'AllowedIPs = 10.0.0.2/32'), 'postup-without-postdown'],
    ] as const) {
      const before = validate(parse(t));
      assert.deepEqual(before.filter((p) => p.rule === 'cr-line-ending'), [], name);
      const fix = before.find((p) => p.rule === rule)!.fixes!.find((f) => f.preferred)!;
      const after = applyTextEdits(t, fix.edits);
      assert.ok(noLoneCr(after), `${name}: ${JSON.stringify(after)}`);
      assert.ok(after.split(BREAK).length > t.split(BREAK).length, name);
      const problems = validate(parse(after));
      assert.deepEqual(problems.filter((p) => p.rule === rule || p.severity === 'error').map((p) => p.rule), [], name);
    }
  });

  it('suppression fixes (a comment line added before a line, or at the top) keep the breaks (diff review)', () => {
    const t = crcrlf('[Interface]', `PrivateKey = ${KEY}`, 'ListenPort = 51820', 'PostUp = iptables -A FORWARD -i %i -j ACCEPT', '', '[Peer]', `PublicKey = ${PUB}`, 'AllowedIPs = 10.0.0.2/32');
    const doc = parse(t);
    const problems = validate(doc);
    assert.ok(problems.length > 0);
    for (const p of problems) {
      for (const f of suppressionFixes(doc, p)) {
        const after = applyTextEdits(t, f.edits);
        assert.ok(noLoneCr(after), `${f.title}: ${JSON.stringify(after)}`);
        assert.deepEqual(validate(parse(after)).filter((x) => x.rule === 'cr-line-ending'), [], f.title);
      }
    }
  });

  it('across files: the [Peer] added to the hub and the PresharedKey written there keep its breaks', () => {
    const hubText = crcrlf('[Interface]', `PrivateKey = ${hub.privateKey}`, 'Address = 10.8.0.1/24', 'ListenPort = 51820', '', '[Peer]', `PublicKey = ${spoke.publicKey}`, 'AllowedIPs = 10.8.0.2/32');
    const spokeText = (priv: string, address: string, extra = '') =>
      `[Interface]\nPrivateKey = ${priv}\nAddress = ${address}\n\n[Peer]\nPublicKey = ${hub.publicKey}\n${extra}AllowedIPs = 10.8.0.0/24\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n`;
    const other = generateKeyPair();
    const ws = new WorkspaceModel();
    ws.setText('file:///w/hub.conf', hubText);
    ws.setText('file:///w/s1.conf', spokeText(spoke.privateKey, '10.8.0.2/32', `PresharedKey = ${psk}\n`));
    const s2 = ws.setText('file:///w/s2.conf', spokeText(other.privateKey, '10.8.0.3/32'));
    const s1Problems = validateInWorkspace(ws, ws.get('file:///w/s1.conf')!);
    for (const [problems, rule] of [
      [validateInWorkspace(ws, s2), 'counterpart-missing-peer'],
      [s1Problems, 'preshared-key-mismatch'],
    ] as const) {
      const fix = problems.find((p) => p.rule === rule)!.fixes!.find((f) => f.edits.some((e) => 'uri' in e && e.uri === 'file:///w/hub.conf'))!;
      const after = applyTextEdits(hubText, fix.edits.filter((e) => 'uri' in e && e.uri === 'file:///w/hub.conf'));
      assert.ok(noLoneCr(after), `${rule}: ${JSON.stringify(after)}`);
      const check = new WorkspaceModel();
      const problemsAfter = validateInWorkspace(check, check.setText('file:///w/hub.conf', after));
      assert.deepEqual(problemsAfter.filter((p) => p.severity === 'error').map((p) => p.rule), [], rule);
    }
  });
});

describe('a one-line file ending in a lone CR', () => {
  it('a suppression comment added above it ends in LF, not in a CR that would hide the header (diff review)', () => {
    const t = '[Interface]\r';
    const doc = parse(t);
    for (const p of validate(doc)) {
      for (const f of suppressionFixes(doc, p)) {
        const after = applyTextEdits(t, f.edits);
        assert.ok(!/\r(?!\r?\n)[^\n]*\[Interface\]/.test(after), `${f.title}: ${JSON.stringify(after)}`);
      }
    }
  });
});
