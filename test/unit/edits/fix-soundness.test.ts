// Fixes that were offered where they could not help (a review applied every fix of ~10,000 mutated
// configs on every target and re-validated): each either traded its problem for a new error or left
// it. Now such a fix is not offered, and the one that helps still is. LF and CRLF.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/parser.ts';
import { validate, validateInWorkspace } from '../../../server/src/core/validate.ts';
import { applyTextEdits } from '../../../server/src/core/edits/apply.ts';
import { suppressionFixes } from '../../../server/src/core/edits/suppress.ts';
import { WorkspaceModel } from '../../../server/src/core/workspace.ts';
import { publicKeyOf } from '../../../server/src/core/keys.ts';
import type { Target } from '../../../server/src/core/schema.ts';

const K1 = 'oAjFWekBi/DuTlRoqdS0rpbC2KS2HhPhcHRvXE5Pz34=';
const K2 = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
const PUB = 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=';
const PSK = 'mTbCjWbtc399zgTbRd/bvCPLOAyEmZVT46Jce5qCOrs=';

for (const eol of ['\n', '\r\n']) {
  const lines = (...l: string[]) => [...l, ''].join(eol);
  const titles = (text: string, target: Target, rule: string) =>
    validate(parse(text), { target })
      .filter((p) => p.rule === rule)
      .flatMap((p) => (p.fixes ?? []).map((f) => f.title));

  describe(`fixes offered only where they help (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    const peer = (endpoint: string) => lines('[Interface]', `PrivateKey = ${K1}`, '', '[Peer]', `PublicKey = ${PUB}`, 'AllowedIPs = 10.0.0.2/32', `Endpoint = ${endpoint}`, 'PersistentKeepalive = 25');

    it('invalid-endpoint without a port: no ":51820" after what is no host (it became endpoint-host)', () => {
      for (const ep of ['0.0.0.0/0', '[]', K2, ',10.0.0.2/32', '256.1.1.1', '-foo', 'a..b', '[fe80::1%]', '[%]', `${'a'.repeat(300)}`]) assert.deepEqual(titles(peer(ep), 'wg-quick', 'invalid-endpoint'), [], ep);
      // Per target: brackets around an IPv4 address are an error on Windows and Android only.
      assert.deepEqual(titles(peer('[1.2.3.4]'), 'windows', 'invalid-endpoint'), []);
      assert.deepEqual(titles(peer('[1.2.3.4]'), 'wg-quick', 'invalid-endpoint'), ['Change to [1.2.3.4]:51820']);
      // Still for a host, an address, a bracketed IPv6 address, and names getaddrinfo reads with a warning.
      for (const [ep, fixed] of [['vpn.example.com', 'vpn.example.com:51820'], ['[fd00::1]', '[fd00::1]:51820'], ['1.2.3', '1.2.3:51820'], ['vpn_1.example.com', 'vpn_1.example.com:51820'], ['vpn.example.com 51821', 'vpn.example.com:51821']]) {
        assert.deepEqual(titles(peer(ep), 'wg-quick', 'invalid-endpoint'), [`Change to ${fixed}`], ep);
      }
    });

    it('an app reading items split at commas only: commas only where every piece is an item then', () => {
      const iface = (line: string) => lines('[Interface]', `PrivateKey = ${K1}`, 'Address = 10.0.0.1/24', line);
      for (const [target, line, rule] of [
        ['windows', 'Address = 1 0.0.0.2/24', 'invalid-address'],
        ['android', 'Address = 10.0.0.2/24 ;x', 'invalid-address'],
        ['apple', 'Address = : :/0', 'invalid-address'],
        ['windows', 'DNS = 1 0.30.0.1', 'invalid-dns'],
        ['windows', 'DNS = iptables -D FORWARD -i wg0 -j ACCEPT', 'invalid-dns'],
        ['android', 'DNS = fe80::1%eth0 1.1.1.1', 'invalid-dns'],
      ] as Array<[Target, string, string]>) {
        const text = iface(line);
        assert.ok(validate(parse(text), { target }).some((p) => p.rule === rule), `${target} ${line}: still reported`);
        assert.deepEqual(titles(text, target, rule), [], `${target} ${line}`);
      }
      for (const [target, line, rule, fixed] of [
        ['windows', 'Address = 10.0.0.2/24 fd00::2/64', 'invalid-address', '10.0.0.2/24, fd00::2/64'],
        ['android', 'Address = 10.0.0.2 /24', 'invalid-address', '10.0.0.2/24'],
        ['windows', 'DNS = 10.0.0.53 1.1.1.1', 'invalid-dns', '10.0.0.53, 1.1.1.1'],
        ['apple', 'DNS = 10.0.0.53 home.arpa', 'invalid-dns', '10.0.0.53, home.arpa'],
      ] as Array<[Target, string, string, string]>) {
        const text = iface(line);
        assert.deepEqual(titles(text, target, rule), [`Change to ${fixed}`], `${target} ${line}`);
        const fix = validate(parse(text), { target }).find((p) => p.rule === rule)!.fixes![0]!;
        assert.ok(!validate(parse(applyTextEdits(text, fix.edits)), { target }).some((p) => p.rule === rule), `${target} ${line}: fixed`);
      }
    });

    it('value-whitespace of an MTU: no word offered that is below 576 (invalid-mtu, an error on Windows)', () => {
      const text = lines('[Interface]', `PrivateKey = ${K1}`, 'MTU = 1 420');
      for (const target of ['windows', 'wg-quick'] as const) assert.deepEqual(titles(text, target, 'value-whitespace'), [], target);
      assert.deepEqual(titles(lines('[Interface]', `PrivateKey = ${K1}`, 'MTU = 1280 1420'), 'windows', 'value-whitespace'), ['Change to 1280', 'Change to 1420']);
    });

    it('missing-interface of a file with no section: on the first line with content, where "Ignore … on this line" works', () => {
      const text = lines('# a phone config, pasted without its header', '', `PrivateKey = ${K1}`, 'Address = 10.0.0.2/32');
      const p = validate(parse(text), { target: 'windows' }).find((x) => x.rule === 'missing-interface')!;
      assert.equal(p.range.start.line, 2);
      const ignore = suppressionFixes(parse(text), p).find((f) => f.title === 'Ignore missing-interface on this line')!;
      const after = applyTextEdits(text, ignore.edits);
      assert.ok(!validate(parse(after), { target: 'windows' }).some((x) => x.rule === 'missing-interface'), after);
      // Nothing but comments: line 0, and no next-line comment offered (it could not reach a comment line).
      const comments = lines('# only', '# comments');
      const q = validate(parse(comments), { target: 'android' }).find((x) => x.rule === 'missing-interface')!;
      assert.equal(q.range.start.line, 0);
      assert.deepEqual(suppressionFixes(parse(comments), q).map((f) => f.title), ['Ignore missing-interface in this file']);
    });
  });

  describe(`cross-file fixes copy only what is valid where it comes from (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    const problemsIn = (files: Record<string, string>, at: string, rule: string, target: Target = 'wg-quick') => {
      const ws = new WorkspaceModel();
      for (const [u, t] of Object.entries(files)) ws.set(u, parse(t));
      return validateInWorkspace(ws, ws.get(at)!, { target }).filter((p) => p.rule === rule);
    };

    it('preshared-key-mismatch: an invalid PresharedKey is never copied; the valid one is, preferred', () => {
      const hub = (psk: string) => lines('[Interface]', `PrivateKey = ${K1}`, 'Address = 10.9.0.1/24', 'ListenPort = 51820', '', '[Peer]', `PublicKey = ${publicKeyOf(K2)}`, `PresharedKey = ${psk}`, 'AllowedIPs = 10.9.0.2/32');
      const spoke = lines('[Interface]', `PrivateKey = ${K2}`, 'Address = 10.9.0.2/32', '', '[Peer]', `PublicKey = ${publicKeyOf(K1)}`, `PresharedKey = ${PSK}`, 'AllowedIPs = 10.9.0.0/24', 'Endpoint = hub.example.com:51820', 'PersistentKeepalive = 25');
      for (const broken of [PSK.slice(0, 43), 'not-a-key', 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBml=']) {
        const files = { 'file:///w/hub.conf': hub(broken), 'file:///w/spoke.conf': spoke };
        const atSpoke = problemsIn(files, 'file:///w/spoke.conf', 'preshared-key-mismatch');
        assert.equal(atSpoke.length, 1, broken);
        assert.deepEqual(atSpoke[0]!.fixes!.map((f) => [f.title, !!f.preferred]), [['Write this PresharedKey into hub.conf', true]], broken);
        const atHub = problemsIn(files, 'file:///w/hub.conf', 'preshared-key-mismatch');
        assert.deepEqual(atHub[0]!.fixes!.map((f) => [f.title, !!f.preferred]), [["Use spoke.conf's PresharedKey here", true]], broken);
      }
    });

    it("counterpart-missing-peer: the [Peer] written into the other end copies no PresharedKey that is a private key or no key", () => {
      for (const psk of [K1, K2, 'notakey', PSK]) {
        const files = {
          'file:///w/hub.conf': lines('[Interface]', `PrivateKey = ${K1}`, 'Address = 10.0.0.1/24', 'ListenPort = 51820', '', '[Peer]', `PublicKey = ${publicKeyOf(K2)}`, `PresharedKey = ${psk}`, 'AllowedIPs = 10.0.0.2/32'),
          'file:///w/spoke.conf': lines('[Interface]', `PrivateKey = ${K2}`, 'Address = 10.0.0.2/32'),
        };
        const fixes = [...problemsIn(files, 'file:///w/hub.conf', 'counterpart-missing-peer'), ...problemsIn(files, 'file:///w/spoke.conf', 'counterpart-missing-peer')].flatMap((p) => p.fixes ?? []);
        const stanza = fixes.find((f) => f.title === 'Add a [Peer] for hub.conf to spoke.conf');
        assert.ok(stanza, `${psk}: ${fixes.map((f) => f.title)}`);
        const text = stanza.edits.map((e) => e.newText).join('');
        // Copied only when it is a valid key and nobody's private key.
        assert.equal(text.includes(psk), psk === PSK, psk);
      }
    });

    it("amneziawg-params-mismatch: a value that is an error in its own file (H1 = 2 takes H2's default) is not copied", () => {
      const hub = lines('[Interface]', `PrivateKey = ${K1}`, 'Address = 10.9.0.1/24', 'ListenPort = 51820', 'H1 = 1', '', '[Peer]', `PublicKey = ${publicKeyOf(K2)}`, 'AllowedIPs = 10.9.0.2/32');
      const spoke = (h1: string) => lines('[Interface]', `PrivateKey = ${K2}`, 'Address = 10.9.0.2/32', h1, '', '[Peer]', `PublicKey = ${publicKeyOf(K1)}`, 'AllowedIPs = 10.9.0.0/24', 'Endpoint = hub.example.com:51820', 'PersistentKeepalive = 25');
      const fixes = (h1: string) => problemsIn({ 'file:///w/hub.conf': hub, 'file:///w/spoke.conf': spoke(h1) }, 'file:///w/hub.conf', 'amneziawg-params-mismatch', 'amneziawg').flatMap((p) => (p.fixes ?? []).map((f) => f.title));
      assert.deepEqual(fixes('H1 = 2'), []);
      // A valid value still is (H1 = 5 overlaps nothing)…
      assert.deepEqual(fixes('H1 = 5'), ["Use spoke.conf's H1 = 5"]);
      // …unless it clashes with what the receiving file sets itself (its H2 = 4-6).
      const hubH2 = hub.replace(`H1 = 1${eol}`, `H1 = 1${eol}H2 = 4-6${eol}`);
      const into = (h1: string) => problemsIn({ 'file:///w/hub.conf': hubH2, 'file:///w/spoke.conf': spoke(`${h1}${eol}H2 = 4-6`) }, 'file:///w/hub.conf', 'amneziawg-params-mismatch', 'amneziawg').flatMap((p) => (p.fixes ?? []).map((f) => f.title));
      assert.deepEqual(into('H1 = 5'), []);
      assert.deepEqual(into('H1 = 9'), ["Use spoke.conf's H1 = 9"]);
    });
  });
}
