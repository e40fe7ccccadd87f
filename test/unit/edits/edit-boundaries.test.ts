// What the edits and the workspace index do at their edges, pinned after mutation testing (77 mutants
// of core/edits and core/workspace.ts; 18 survived the whole unit suite): which duplicate line a new
// key goes to, the file name of a new config, the line ending a new line takes, the next free address
// of a /31, the next free port, what Add peer writes for point-to-point, keepalive on a counterpart this
// side dials, the Ignore actions at 0:0, and the index's tie-breaks and invalidations. Cases whose
// texts the line endings change run with LF and CRLF.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/parser.ts';
import { generatePrivateKey, publicKeyOf } from '../../../server/src/core/keys.ts';
import { WorkspaceModel } from '../../../server/src/core/workspace.ts';
import { addPeer, type AddPeerOptions } from '../../../server/src/core/edits/add-peer.ts';
import { createCounterpart } from '../../../server/src/core/edits/counterpart.ts';
import { nextFreeAddress, tunnelSubnets } from '../../../server/src/core/edits/allocate.ts';
import { suppressionFixes } from '../../../server/src/core/edits/suppress.ts';
import { targetEdits } from '../../../server/src/core/edits/target.ts';
import { formatIp } from '../../../server/src/core/values.ts';
import type { Problem } from '../../../server/src/core/problem.ts';
import { applyEdits, exampleTexts, privateKeysIn } from './helpers.ts';
import { eachEol, type EolVariant } from '../fixtures/parser/eol.ts';
import { ALPHA, BRAVO, HUB, LAPTOP, PHONE_PUBLIC } from '../fixtures/example-keys.ts';

// Private keys of the examples' configs (a, c and s stand in for other hosts), and fixed new keys.
const HUB_PRIV = HUB.privateKey;
const A_PRIV = ALPHA.privateKey;
const C_PRIV = BRAVO.privateKey;
const S_PRIV = LAPTOP.privateKey;
const D_PRIV = 'MDXGyQAiwzBeCiHHcjM4EGp2M+N4G28L9/JnsQ+0sXk=';
const NEW_PRIV = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const PSK = 'lU+8Jmg5q+1EoM8WAfRu7RGuc9DijmcC5tHfXErmgpM=';
const PEER = PHONE_PUBLIC;
const iface = (priv: string, address: string, port?: number) => `[Interface]\nPrivateKey = ${priv}\nAddress = ${address}\n${port ? `ListenPort = ${port}\n` : ''}`;

function workspace(v: EolVariant, files: Record<string, string>): WorkspaceModel {
  const ws = new WorkspaceModel();
  for (const [uri, text] of Object.entries(files)) ws.setText(uri, v.convert(text));
  return ws;
}

/** The new config Add peer writes for `self` (its text), with fixed keys. */
function added(v: EolVariant, files: Record<string, string>, self: string, options: AddPeerOptions): string {
  const ws = workspace(v, files);
  const change = addPeer(ws, ws.get(self)!, options, () => false, { pair: { privateKey: NEW_PRIV, publicKey: publicKeyOf(NEW_PRIV)! }, psk: PSK });
  return change.creates[0]!.text;
}
const line = (text: string, key: string) => new RegExp(`^${key} = (.*?)\\r?$`, 'm').exec(text)?.[1];

test('the example keys of fixtures/example-keys.ts are those of examples/', () => {
  const key = (folder: string, name: string) => privateKeysIn(exampleTexts(folder).get(`file:///ws/${folder}/${name}.conf`)!);
  assert.deepEqual(key('point-to-point', 'alpha'), [ALPHA.privateKey]);
  assert.deepEqual(key('point-to-point', 'bravo'), [BRAVO.privateKey]);
  assert.deepEqual(key('hub-and-spoke', 'hub'), [HUB.privateKey]);
  assert.deepEqual(key('hub-and-spoke', 'laptop'), [LAPTOP.privateKey]);
  assert.equal(publicKeyOf(ALPHA.privateKey), ALPHA.publicKey);
  assert.equal(publicKeyOf(BRAVO.privateKey), BRAVO.publicKey);
  assert.match(exampleTexts('hub-and-spoke').get('file:///ws/hub-and-spoke/hub.conf')!, new RegExp(`# Name = phone\\n(?:.*\\n)?PublicKey = ${PHONE_PUBLIC.replace(/[+/]/g, '\\$&')}`));
});

describe('Add peer, point-to-point', () => {
  eachEol('the new end keeps the subnet prefix of a config with no peers yet', test, (v) => {
    const text = added(v, { 'file:///ws/a.conf': iface(A_PRIV, '10.9.0.1/24', 51820) }, 'file:///ws/a.conf', { name: 'b', topology: 'point-to-point' });
    assert.equal(line(text, 'Address'), '10.9.0.2/24');
  });

  eachEol('a peer that already routes the whole subnet: the new end still gets the subnet prefix', test, (v) => {
    const a = `${iface(A_PRIV, '10.9.0.1/24', 51820)}\n[Peer]\nPublicKey = Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=\nAllowedIPs = 10.9.0.0/24\nEndpoint = 198.51.100.1:51820\n`;
    assert.equal(line(added(v, { 'file:///ws/a.conf': a }, 'file:///ws/a.conf', { name: 'b', topology: 'point-to-point' }), 'Address'), '10.9.0.2/24');
  });

  eachEol('a port another config of the folder listens on is not given again; two in a row are skipped; other folders do not count', test, (v) => {
    const a = { 'file:///ws/a.conf': iface(A_PRIV, '10.9.0.1/24', 51820) };
    const opts = { name: 'b', topology: 'point-to-point' } as const;
    assert.equal(line(added(v, { ...a, 'file:///ws/c.conf': iface(C_PRIV, '10.50.0.1/24', 51820) }, 'file:///ws/a.conf', opts), 'ListenPort'), '51821');
    assert.equal(line(added(v, { ...a, 'file:///ws/c.conf': iface(C_PRIV, '10.50.0.1/24', 51820), 'file:///ws/d.conf': iface(D_PRIV, '10.51.0.1/24', 51821) }, 'file:///ws/a.conf', opts), 'ListenPort'), '51822');
    assert.equal(line(added(v, { ...a, 'file:///other/c.conf': iface(C_PRIV, '10.50.0.1/24', 51820) }, 'file:///ws/a.conf', opts), 'ListenPort'), '51820');
  });

  eachEol('a local LAN and a full tunnel are site-to-site and hub-and-spoke answers: point-to-point ignores them', test, (v) => {
    const lan = added(v, { 'file:///ws/a.conf': iface(A_PRIV, '10.9.0.1/24', 51820) }, 'file:///ws/a.conf', { name: 'b', topology: 'point-to-point', localLan: '192.168.10.0/24' });
    assert.equal(line(lan, 'AllowedIPs'), '10.9.0.1/32');
    const hub = `${iface(HUB_PRIV, '10.9.0.1/24', 51820)}\n[Peer]\nPublicKey = PJQOF+rxDyVej6mNuWkh26w2POmdHfbQBPtYU42myUI=\nAllowedIPs = 10.9.0.2/32\n`;
    const spoke = `${iface(S_PRIV, '10.9.0.2/24')}DNS = 10.9.0.1\n\n[Peer]\nPublicKey = Z+uhM8vv1jMVyihOo2Jf890iqMVo0aLY9tQ9+1g2xQk=\nAllowedIPs = 0.0.0.0/0\nEndpoint = vpn.example.com:51820\n`;
    const full = added(v, { 'file:///ws/hub.conf': hub, 'file:///ws/s.conf': spoke }, 'file:///ws/hub.conf', { name: 'b', topology: 'point-to-point', fullTunnel: true });
    assert.equal(line(full, 'DNS'), undefined, 'no DNS line');
  });
});

describe('Create a config for this peer', () => {
  const hub = (peerLines: string) => `${iface(HUB_PRIV, '10.9.0.1/24', 51820)}\n[Peer]\n${peerLines}PublicKey = ${PEER}\nAllowedIPs = 10.9.0.2/32\n`;
  const create = (v: EolVariant, text: string) => {
    const ws = workspace(v, { 'file:///ws/hub.conf': text });
    const self = ws.get('file:///ws/hub.conf')!;
    return createCounterpart(ws, self, self.model.peers[0]!, () => false, { privateKey: NEW_PRIV, publicKey: publicKeyOf(NEW_PRIV)! });
  };
  eachEol('a peer named ".laptop" gets laptop.conf, not a hidden file', test, (v) => {
    assert.equal(create(v, hub('# Name = .laptop\n')).newUri, 'file:///ws/laptop.conf');
  });
  eachEol('the other end of a peer this side dials listens on the dialled port and needs no keepalive', test, (v) => {
    const text = create(v, hub('# Name = office\n').replace('AllowedIPs = 10.9.0.2/32\n', 'AllowedIPs = 10.9.0.2/32\nEndpoint = 198.51.100.7:51000\n')).creates[0]!.text;
    assert.equal(line(text, 'ListenPort'), '51000');
    assert.equal(line(text, 'PersistentKeepalive'), undefined);
  });
});

describe('addresses', () => {
  test('in a /31 the other address is handed out, the network address included (RFC 3021)', () => {
    const ws = new WorkspaceModel();
    const self = ws.setText('file:///ws/a.conf', iface(A_PRIV, '10.9.0.1/31', 51820));
    const { subnet } = tunnelSubnets(self)[0]!;
    assert.equal(formatIp(subnet.family, nextFreeAddress(ws, self, subnet)!), '10.9.0.0');
  });
});

describe('line endings of a new line', () => {
  test('as many CRLF as LF: the first one in the file wins', () => {
    const text = `# a\r\n[Interface]\nPrivateKey = ${HUB_PRIV}`;
    assert.equal(applyEdits(text, targetEdits(parse(text), 'windows')), `# wgls-target windows\r\n${text}`);
    const other = `# a\n[Interface]\r\nPrivateKey = ${HUB_PRIV}`;
    assert.equal(applyEdits(other, targetEdits(parse(other), 'windows')), `# wgls-target windows\n${other}`);
  });
  test('an Ignore comment in a CR CR LF file ends as its neighbours do', () => {
    const text = '[Interface]\r\r\nFooBar = 1\r\r\n';
    const problem = { rule: 'unknown-key', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } }, message: 'm', severity: 'error' } as unknown as Problem;
    const onLine = suppressionFixes(parse(text), problem).find((f) => f.title.endsWith('on this line'))!;
    assert.equal(onLine.edits[0]!.newText, '# wgls-disable-next-line unknown-key\r\r\n');
  });
});

describe('Ignore actions', () => {
  test('a problem on line 0 from column 0 (a header) is offered "on this line" too, not only "in this file"', () => {
    const text = `[interface]\nPrivateKey = ${HUB_PRIV}\n`;
    const problem = { rule: 'non-canonical-section-header', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } }, message: 'm', severity: 'warning' } as unknown as Problem;
    assert.deepEqual(suppressionFixes(parse(text), problem).map((f) => f.title), ['Ignore non-canonical-section-header on this line', 'Ignore non-canonical-section-header in this file']);
  });
});

describe('the workspace index', () => {
  test('two configs own a peer\'s key and neither lists this one back: the first by URI is its other end', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/hub.conf', `${iface(HUB_PRIV, '10.9.0.1/24', 51820)}\n[Peer]\nPublicKey = ${publicKeyOf(S_PRIV)}\nAllowedIPs = 10.9.0.2/32\n`);
    ws.setText('file:///ws/z.conf', iface(S_PRIV, '10.9.0.2/24'));
    ws.setText('file:///ws/a-copy.conf', iface(S_PRIV, '10.9.0.2/24'));
    assert.equal(ws.counterpartOf(publicKeyOf(S_PRIV)!, 'file:///ws/hub.conf')?.uri, 'file:///ws/a-copy.conf');
  });

  test('a [Peer] for its own key does not make a folder hold several hosts', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/hub.conf', `${iface(HUB_PRIV, '10.9.0.1/24', 51820)}\n[Peer]\nPublicKey = PJQOF+rxDyVej6mNuWkh26w2POmdHfbQBPtYU42myUI=\nAllowedIPs = 10.9.0.2/32\n\n[Peer]\nPublicKey = ${publicKeyOf(HUB_PRIV)}\nAllowedIPs = 10.9.0.1/32\n`);
    assert.equal(ws.oneHostFolder('file:///ws'), true);
  });

  test('a config that stops being for Windows re-checks its folder (windows-tunnel-conflict goes)', () => {
    const ws = new WorkspaceModel();
    const a = `[Interface]\nPrivateKey = ${S_PRIV}\nAddress = 10.9.0.2/24\n`;
    ws.setText('file:///ws/a.conf', `# wgls-target windows\n${a}`);
    ws.setText('file:///ws/b.conf', iface(HUB_PRIV, '10.7.0.1/24'));
    const before = ws.get('file:///ws/a.conf');
    ws.setText('file:///ws/a.conf', a);
    assert.deepEqual([...ws.affectedBy('file:///ws/a.conf', before)].sort(), ['file:///ws/b.conf']);
  });

  test('with more than 32 configs, deleting one of two owners of a key keeps its near misses found', () => {
    const ws = new WorkspaceModel();
    const keys = Array.from({ length: 40 }, () => generatePrivateKey());
    keys.forEach((k, i) => ws.setText(`file:///ws/c${String(i).padStart(2, '0')}.conf`, iface(k, `10.9.${i}.1/24`)));
    const pub = publicKeyOf(keys[0]!)!;
    const typo = pub.slice(0, 5) + (pub[5] === 'A' ? 'B' : 'A') + pub.slice(6);
    ws.setText('file:///ws/zz-copy.conf', iface(keys[0]!, '10.99.0.1/24'));
    assert.deepEqual(ws.nearMisses(typo), [pub]);
    ws.delete('file:///ws/zz-copy.conf');
    assert.deepEqual(ws.nearMisses(typo), [pub], 'c00 still owns the key');
  });
});
