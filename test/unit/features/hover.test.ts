// Hover: directive docs from the schema (every key, every section), value hovers
// with exact ranges, stale positions, and the rule that secrets never appear.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/parser.ts';
import { hover } from '../../../server/src/core/features/hover.ts';
import { complete } from '../../../server/src/core/features/completion.ts';
import { directoryOf } from '../../../server/src/core/features/peers.ts';
import { KEYS, MAN_PAGES, SECTIONS, type Target } from '../../../server/src/core/schema.ts';
import { publicKeyOf } from '../../../server/src/core/keys.ts';
import { eachEol } from '../fixtures/parser/eol.ts';
import { examples, fixture, positionOf } from './helpers.ts';

const HUB = examples().find(([p]) => p.endsWith('hub.conf'))![1];
const LAPTOP = examples().find(([p]) => p.endsWith('laptop.conf'))![1];

async function hoverText(text: string, needle: string, delta = 0, options = {}) {
  const h = await hover(parse(text), positionOf(text, needle, delta), options);
  return h;
}

describe('hover: directives', () => {
  test('every key of the schema has a hover with syntax, readers, example and man link', async () => {
    for (const key of KEYS) {
      const text = `[${key.section}]\n${key.example}\n`;
      const h = await hover(parse(text), { line: 1, character: 1 }, { target: key.targets[0] });
      assert.ok(h, `no hover for ${key.name}`);
      const v = h.contents.value;
      assert.equal(h.contents.kind, 'markdown');
      assert.deepEqual(h.range, { start: { line: 1, character: 0 }, end: { line: 1, character: key.name.length } }, key.name);
      assert.ok(v.startsWith(`**${key.name}**`), key.name);
      assert.ok(v.includes(key.doc), `${key.name}: doc`);
      assert.ok(v.includes(`**Syntax:** ${key.syntax}`), `${key.name}: syntax`);
      assert.ok(v.includes('**Read by:**'), `${key.name}: readers`);
      assert.ok(v.includes(key.example), `${key.name}: example`);
      assert.ok(v.includes(MAN_PAGES[key.man]), `${key.name}: man page`);
      if (key.default) assert.ok(v.includes(`**Default:** ${key.default}`), `${key.name}: default`);
      assert.ok(!v.includes('⚠'), `${key.name}: no warning in its own section for its own target`);
    }
  });

  test('every section header has a hover', async () => {
    for (const s of SECTIONS) {
      const h = await hover(parse(`[${s.name}]  # c\n`), { line: 0, character: 2 });
      assert.ok(h?.contents.value.includes(s.doc), s.name);
      assert.deepEqual(h!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: s.name.length + 2 } });
    }
  });

  // Editor review: the [Interface] example showed wg an Address, which wg rejects.
  test("a section's example has only the keys the target reads", async () => {
    const example = async (text: string, target?: Target) => /```wireguard\n([\s\S]*?)\n```/.exec((await hover(parse(text), { line: text.indexOf('[') === 0 ? 0 : 1, character: 2 }, target ? { target } : {}))!.contents.value)![1];
    assert.equal(await example('[Interface]\n'), '[Interface]\nPrivateKey = <base64>\nAddress = 10.0.0.1/24\nListenPort = 51820');
    assert.equal(await example('[Interface]\n', 'wg'), '[Interface]\nPrivateKey = <base64>\nListenPort = 51820');
    assert.equal(await example('# wgls-target wg\n[Interface]\n'), '[Interface]\nPrivateKey = <base64>\nListenPort = 51820');
    const completion = complete(parse('# wgls-target wg\n\n'), { line: 1, character: 0 }).items.find((i) => i.label === '[Interface]')!;
    assert.equal(/```wireguard\n([\s\S]*?)\n```/.exec(completion.documentation!.value)![1], '[Interface]\nPrivateKey = <base64>\nListenPort = 51820');
  });

  test('a key hover names who reads it and warns about the target and the section', async () => {
    const h = await hover(parse('[Peer]\nPostUp = echo\n'), { line: 1, character: 0 }, { target: 'apple' });
    const v = h!.contents.value;
    assert.match(v, /\*\*Read by:\*\* wg-quick, Windows, AmneziaWG · \*\*rejected by:\*\* wg, Android, iOS\/macOS/);
    assert.match(v, /belongs in `\[Interface\]`, not `\[Peer\]`/);
    assert.match(v, /Your target, WireGuard for iOS \/ macOS, does not read `PostUp`/);
  });

  // Completion review: the hooks' doc said "wg-quick runs" for AmneziaWG too, and the Android-only keys
  // linked to wg-quick(8), which does not document them.
  test('a hook names the tool that runs it; the Android-only keys link to the parser that reads them', async () => {
    const hook = async (target: Target) => (await hover(parse('[Interface]\nPostUp = echo\n'), { line: 1, character: 0 }, { target }))!.contents.value;
    assert.match(await hook('amneziawg'), /^A shell command awg-quick runs with `bash` after the interface is up/m);
    assert.doesNotMatch(await hook('amneziawg'), /(?<!a)wg-quick runs/);
    assert.match(await hook('wg-quick'), /^A shell command wg-quick runs with `bash`/m);
    for (const name of ['ExcludedApplications', 'IncludedApplications']) {
      const v = (await hover(parse(`[Interface]\n${name} = com.example.app\n`), { line: 1, character: 0 }, { target: 'android' }))!.contents.value;
      assert.match(v, /See \[the Android app's parser \(Interface\.java\)\]\(https:\/\/git\.zx2c4\.com\/wireguard-android\/.*Interface\.java\)\./, name);
      assert.doesNotMatch(v, /wg-quick\.8/, name);
    }
  });

  // LSP review: in the blanks around `=` and after a value the key's doc came with the key's range, which
  // did not hold the cursor. Every hover's range now holds it; past the value there is none.
  test("a hover's range holds the cursor; the blanks past a value have no hover", async () => {
    const text = '[Interface]\n  Address   =   10.0.0.2/32  # c\nMTU =\n';
    const doc = parse(text);
    const lines = text.split('\n');
    const got: Array<[number, number, string | null]> = [];
    for (const line of [1, 2]) {
      for (let character = 0; character <= lines[line]!.length; character++) {
        const h = await hover(doc, { line, character });
        if (h) {
          const r = h.range!;
          assert.ok(r.start.line === line && r.start.character <= character && character <= r.end.character, `${line}:${character} ${JSON.stringify(r)}`);
        }
        got.push([line, character, h ? h.contents.value.split('\n')[0]!.slice(0, 13) : null]);
      }
    }
    const at = (line: number, character: number) => got.find(([l, c]) => l === line && c === character)![2];
    assert.equal(at(1, 10), '**Address** ·');
    assert.equal(at(1, 13), '**Address** ·');
    assert.equal(at(1, 20), '**10.0.0.2/32');
    assert.equal(at(1, 27), '**10.0.0.2/32');
    assert.equal(at(1, 28), null);
    assert.equal(at(1, 29), null);
    assert.equal(at(2, 5), '**MTU** · `[I');
  });

  // Completion/hover review: the MTU hover read `01420` as 1420 (ip reads octal, 784) and called `0x58c`
  // and `+1420` no number, where the invalid-mtu rule reads them as ip and the apps do.
  test('an MTU in hex, with a leading zero or a sign: read as the invalid-mtu rule reads it', async () => {
    const said = async (v: string) => (await hover(parse(`[Interface]\nMTU = ${v}\n`), { line: 1, character: 7 }))!.contents.value;
    assert.match(await said('01420'), /reads it as octal, 784; WireGuard for Windows and the apps as 1420\. Write 1420\./);
    assert.match(await said('0x58c'), /only `ip` \(wg-quick\) reads hex, as 1420; WireGuard for Windows and the apps reject it/);
    assert.match(await said('+1420'), /every tool reads it as 1420[^]*\*\*MTU 1420\*\*/);
    assert.match(await said('09'), /no number in it \(8 and 9 are no octal digits\); WireGuard for Windows and the apps as 9\. Write an MTU such as 1420\./);
    assert.match(await said('1420'), /^\*\*MTU 1420\*\*: 1500 − 80/);
  });

  test('case-insensitive keys hover as their canonical key', async () => {
    const h = await hover(parse('[Interface]\nlistenport = 1\n'), { line: 1, character: 3 });
    assert.ok(h?.contents.value.startsWith('**ListenPort**'));
  });

  test('the schema docs teach what users get wrong', () => {
    const doc = (name: string) => KEYS.find((k) => k.name === name)!.doc;
    for (const v of ['10.0.0.2/32', '10.0.0.0/24', '10.0.0.2/32, 192.168.1.0/24', '0.0.0.0/0, ::/0']) assert.ok(doc('AllowedIPs').includes(v), v);
    for (const v of ['1420', '1412', '1280', 'ping -M do -s']) assert.ok(doc('MTU').includes(v), v);
    for (const v of ['NAT', '25', 'behind NAT']) assert.ok(doc('PersistentKeepalive').includes(v), v);
    for (const v of ['forwarding', 'MASQUERADE', '%i', 'DOCKER-USER', 'ip_forward']) assert.ok(doc('PostUp').includes(v), v);
    for (const v of ['off', 'auto', 'main']) assert.ok(doc('Table').includes(`\`${v}\``), v);
    for (const v of ['servers', 'search domain']) assert.ok(doc('DNS').includes(v), v);
    assert.match(doc('SaveConfig'), /comments are lost/);
    assert.match(doc('FwMark'), /routing table/);
  });
});

describe('hover: values', () => {
  test('an AllowedIPs item shows its network, first–last address and count', async () => {
    const h = await hover(parse(HUB), positionOf(HUB, '192.168.1.0/24', 3, 1));
    assert.deepEqual(h!.range, { start: { line: 28, character: 26 }, end: { line: 28, character: 40 } });
    assert.match(h!.contents.value, /^\*\*192\.168\.1\.0\/24\*\*: a network of 256 addresses/);
    assert.match(h!.contents.value, /192\.168\.1\.0 – 192\.168\.1\.255/);
  });

  test('host bits, bare addresses, default routes and IPv6 prefixes', async () => {
    const text = '[Peer]\nAllowedIPs = 10.0.0.1/24, 10.9.9.9, 0.0.0.0/0, fd00::/64\n';
    const at = async (needle: string) => (await hoverText(text, needle))!.contents.value;
    assert.match(await at('10.0.0.1/24'), /kernel stores `10\.0\.0\.0\/24`/);
    assert.match(await at('10.9.9.9'), /\*\*10\.9\.9\.9\/32\*\*: a single address[\s\S]*means `\/32`/);
    assert.match(await at('0.0.0.0/0'), /all IPv4 traffic/);
    assert.match(await at('fd00::/64'), /2\^64 addresses[\s\S]*fd00:: – fd00::ffff:ffff:ffff:ffff/);
  });

  test('an Address item explains host and tunnel subnet', async () => {
    const h = await hoverText(HUB, '10.0.0.1/24', 2);
    assert.deepEqual(h!.range, { start: { line: 6, character: 10 }, end: { line: 6, character: 21 } });
    assert.match(h!.contents.value, /this host is `10\.0\.0\.1`[\s\S]*Tunnel subnet `10\.0\.0\.0\/24`: 10\.0\.0\.0 – 10\.0\.0\.255, 256 addresses/);
  });

  // Editor review: an Address under [Peer] was explained as this host's tunnel address, with no warning.
  test("a value of a key in the other section says so first (the key's hover does)", async () => {
    const text = '[Interface]\nPrivateKey = GPw7ZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=\n\n[Peer]\nAddress = 10.0.0.1/24\n';
    const h = await hover(parse(text), { line: 4, character: 14 });
    assert.match(h!.contents.value, /^⚠ `Address` belongs in `\[Interface\]`, not `\[Peer\]`: what follows is what it would mean there\.\n\n/);
    const home = await hover(parse(text.replace('[Peer]\nAddress', 'Address')), { line: 3, character: 14 });
    assert.doesNotMatch(home!.contents.value, /belongs in/);
  });

  test('an Endpoint shows host and port, and that host names are resolved once', async () => {
    const h = await hoverText(LAPTOP, 'vpn.example.com');
    assert.match(h!.contents.value, /host `vpn\.example\.com`, UDP port 51820/);
    assert.match(h!.contents.value, /wg resolves it \*\*once\*\*, when the tunnel comes up \(`wg-quick up`\)/);
    // Each target's own reader (hover review: the apps were told what wg does).
    assert.match((await hoverText(LAPTOP, 'vpn.example.com', 0, { target: 'android' }))!.contents.value, /the Android app looks it up again at most once a minute/);
    assert.match((await hoverText(LAPTOP, 'vpn.example.com', 0, { target: 'windows' }))!.contents.value, /A host name, looked up when the tunnel comes up\./);
    assert.match((await hoverText(LAPTOP, 'vpn.example.com', 0, { target: 'amneziawg' }))!.contents.value, /awg resolves it \*\*once\*\*, when the tunnel comes up \(`awg-quick up`\)/);
    const ip = await hover(parse('[Peer]\nEndpoint = [2001:db8::1]:51820\n'), { line: 1, character: 14 });
    assert.match(ip!.contents.value, /host `2001:db8::1`, UDP port 51820[\s\S]*An IPv6 address/);
  });

  test('a PrivateKey shows the derived public key and a command hint, never itself', async () => {
    const priv = 'GPw7ZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=';
    const h = await hover(parse(HUB), positionOf(HUB, priv, 5), { uri: 'file:///etc/wireguard/wg0.conf' });
    const v = h!.contents.value;
    assert.ok(v.includes(`**Public key:** \`${publicKeyOf(priv)}\``));
    assert.ok(v.includes('wg show wg0 public-key'));
    assert.ok(!v.includes(priv));
  });

  test('the public key is named when a directory knows its owner', async () => {
    const lookupPeer = directoryOf([
      { uri: 'file:///w/hub.conf', doc: parse(HUB) },
      { uri: 'file:///w/laptop.conf', doc: parse(LAPTOP) },
    ]);
    const h = await hover(parse(HUB), positionOf(HUB, 'PJQOF+', 3), { lookupPeer, uri: 'file:///w/hub.conf' });
    assert.match(h!.contents.value, /Belongs to \*\*laptop\*\* in `laptop\.conf`, tunnel address `10\.0\.0\.2\/24`/);
  });

  test('a config named after a key: its name is hidden where the hover quotes it (security review)', async () => {
    const laptopKey = /PrivateKey = (\S+)/.exec(LAPTOP)![1]!;
    const stem = laptopKey.slice(0, 43); // a file named after the key, without its padding
    const lookupPeer = directoryOf([{ uri: `file:///w/${stem}.conf`, doc: parse(LAPTOP.replace(/^# Name = .*\n/m, '')) }]);
    const h = await hover(parse(HUB), positionOf(HUB, 'PJQOF+', 3), { lookupPeer, uri: 'file:///w/hub.conf' });
    const v = h!.contents.value;
    assert.ok(!v.includes(stem.slice(0, 20)), v);
    assert.match(v, /Belongs to \*\*\(key hidden\)\*\* in `\(key hidden\)\.conf`/);
  });

  test('a peer only named by another config is not said to belong to it (hover review)', async () => {
    // hub.conf alone: it names the laptop's key in a [Peer]; the laptop's own config is not known.
    const lookupPeer = directoryOf([{ uri: 'file:///w/hub.conf', doc: parse(HUB) }]);
    const h = await hover(parse(HUB), positionOf(HUB, 'PJQOF+', 3), { lookupPeer, uri: 'file:///w/other.conf' });
    const v = h!.contents.value;
    assert.ok(!v.includes('Belongs to'), v);
    assert.match(v, /Named \*\*laptop\*\* in `hub\.conf`'s \[Peer\] for it \(its own config is not in the workspace\)/);
  });

  test('value hovers keep the target warning; a /0 says what becomes of it per target and Table (hover review)', async () => {
    const fw = '[Interface]\nFwMark = 0x51820\n';
    assert.match((await hoverText(fw, '0x51820', 2, { target: 'android' }))!.contents.value, /^⚠ Your target, .*, does not read `FwMark` and rejects the file\.\n\n\*\*FwMark\*\* 333856/);
    assert.match((await hoverText(fw, '0x51820', 2, { target: 'wg-quick' }))!.contents.value, /^\*\*FwMark\*\* 333856/);
    const full = (table: string) => `[Interface]\n${table}[Peer]\nAllowedIPs = 0.0.0.0/0\n`;
    const at = async (text: string, target: string) => (await hoverText(text, '0.0.0.0/0', 1, { target }))!.contents.value;
    assert.match(await at(full(''), 'wg-quick'), /all IPv4 traffic \(a full tunnel; wg-quick installs it as a default route\)/);
    assert.match(await at(full('Table = off\n'), 'wg-quick'), /\(a full tunnel; but with Table = off wg-quick adds no route for it\)/);
    assert.match(await at(full('Table = 1234\n'), 'wg-quick'), /wg-quick puts it in routing table `1234`, not the main one\)/);
    // Table = main (or 254) is the main table, as table-main-default-route says (hover review: "in table main, not the main one").
    for (const t of ['main', '254']) assert.match(await at(full(`Table = ${t}\n`), 'wg-quick'), new RegExp(`with Table = ${t} wg-quick adds it to the main table as a plain default route: \`wg-quick up\` fails with "File exists"`), t);
    assert.match(await at(full('Table = Off\n'), 'amneziawg'), /awg-quick puts it in routing table `Off`, not the main one \(a table name: awg-quick reads off, auto and main in lower case only\)/);
    assert.match(await at(full(''), 'windows'), /Windows routes it, and with a single peer blocks traffic outside the tunnel \(kill switch\)/);
    // Windows' kill switch looks for 0.0.0.0/0 as written.
    assert.match((await hoverText(full('').replace('0.0.0.0/0', '0.0.0.1/0'), '0.0.0.1/0', 1, { target: 'windows' }))!.contents.value, /its kill switch needs `0\.0\.0\.0\/0` written exactly: none for this one/);
    assert.match(await at(full(''), 'wg'), /plain wg adds no routes/);
    assert.match(await at(full('Table = off\n'), 'windows'), /with Table = off Windows adds no routes and no kill switch/);
    assert.match((await hoverText(full('Table = off\n'), 'off', 1, { target: 'windows' }))!.contents.value, /^\*\*Table = off\*\*: WireGuard for Windows adds no routes, and its kill switch .* is off too/);
  });

  test('a second [Interface] counts as wg-quick merges them: its Table and PrivateKey are the ones hovered (editor review)', async () => {
    const [k1, k2] = ['MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=', 'kNHZ0TeJkrgqZop7BSbbJsjCHTC3KhppKY5bH1ySqX4='];
    const text = `[Interface]\nPrivateKey = ${k2}\nAddress = 10.0.0.1/24\n[Interface]\nPrivateKey = ${k1}\nTable = off\n[Peer]\nPublicKey = ${publicKeyOf(k1)}\nAllowedIPs = 0.0.0.0/0\n`;
    assert.match((await hoverText(text, '0.0.0.0/0', 1))!.contents.value, /but with Table = off wg-quick adds no route for it/);
    assert.match((await hoverText(text, publicKeyOf(k1)!, 2))!.contents.value, /this interface's \*\*own\*\* public key/);
    // The first section's key is not the one wg uses: no false warning for its public key.
    const other = text.replace(`PublicKey = ${publicKeyOf(k1)}`, `PublicKey = ${publicKeyOf(k2)}`);
    assert.doesNotMatch((await hoverText(other, publicKeyOf(k2)!, 2))!.contents.value, /own/);
  });

  test('an Endpoint port as a service name or with a + is flagged, as for ListenPort (editor review)', async () => {
    const ep = (port: string) => `[Peer]\nEndpoint = 192.0.2.1:${port}\n`;
    assert.match((await hoverText(ep('domain'), '192.0.2.1', 1))!.contents.value, /UDP port 53 \(service `domain`\)[\s\S]*⚠ A service name: only wg understands it; the apps need the number, 53\./);
    assert.match((await hoverText(ep('+5'), '192.0.2.1', 1))!.contents.value, /⚠ A `\+` before the port: the Android app rejects it; write 5\./);
    assert.doesNotMatch((await hoverText(ep('51820'), '192.0.2.1', 1))!.contents.value, /⚠/);
  });

  test('DNS servers and search domains, MTU, keepalive, table', async () => {
    const text = '[Interface]\nDNS = 10.0.0.1, corp.example\nMTU = 1412\nTable = Off\n[Peer]\nPersistentKeepalive = 25\n';
    assert.match((await hoverText(text, '10.0.0.1'))!.contents.value, /^\*\*DNS server\*\*/);
    assert.match((await hoverText(text, 'corp.example'))!.contents.value, /^\*\*Search domain\*\*.*ignores search domains when `DNS` lists no server/);
    assert.match((await hoverText(text, '1412'))!.contents.value, /PPPoE/);
    assert.match((await hoverText(text, 'Off'))!.contents.value, /case-sensitively/);
    assert.match((await hoverText(text, '25'))!.contents.value, /every 25 s/);
  });

  test('values hover as the target reads them', async () => {
    const off = '[Interface]\nPrivateKey = x\n[Peer]\nPersistentKeepalive = OFF\n';
    assert.match((await hoverText(off, 'OFF', 1))!.contents.value, /^\*\*PersistentKeepalive\*\* off: no keepalives/);
    assert.match((await hoverText(off, 'OFF', 1, { target: 'android' }))!.contents.value, /but it is rejected by the Android, Apple and AmneziaWG parsers\. Write 0\./);
    assert.match((await hoverText(off, 'OFF', 1, { target: 'windows' }))!.contents.value, /rejected by Windows \(lower-case "off" only\)/);
    const table = '[Interface]\nTable = 1234\n';
    assert.match((await hoverText(table, '1234', 1))!.contents.value, /routing table `1234`/);
    assert.match((await hoverText(table, '1234', 1, { target: 'windows' }))!.contents.value, /only `Table = off` changes anything/);
    // What Windows rejects (invalid-table says so) is not "routes as usual" (editor review).
    for (const v of ['Off', 'foo', '-1', '99999999999']) {
      assert.match((await hoverText(`[Interface]\nTable = ${v}\n`, v, 1, { target: 'windows' }))!.contents.value, /WireGuard for Windows rejects the file/, v);
    }
    // Who routes an Address subnet, by target.
    const address = '[Interface]\nAddress = 10.0.0.1/24\n';
    for (const [target, who] of [['wg-quick', 'wg-quick routes'], ['windows', 'Windows routes'], ['apple', 'The Apple apps route'], ['amneziawg', 'awg-quick routes']]) {
      assert.match((await hoverText(address, '0.1/', 0, { target }))!.contents.value, new RegExp(`${who} the whole subnet`), target);
    }
    // The Android app adds a route per AllowedIPs item, none for the Address (hover review).
    assert.match((await hoverText(address, '0.1/', 0, { target: 'android' }))!.contents.value, /The Android app routes only AllowedIPs into the tunnel \(a route each\), none for the Address/);
    assert.match((await hoverText('[Interface]\nMTU = 99999999999999999999999\n', '999', 1))!.contents.value, /`99999999999999999999999`: above 65535/);
    assert.match((await hoverText('# wgls-target\n[Interface]\n', 'wgls', 1))!.contents.value, /no target named, so this file/);
  });

  test('what the target does with a value, as its diagnostics say (hover review)', async () => {
    // DNS: the apps take what is no IP address for a search domain; wg-quick goes by its look.
    const dns = '[Interface]\nDNS = 1.1.1, corp.example\n';
    assert.match((await hoverText(dns, '1.1.1', 1))!.contents.value, /^\*\*DNS server\*\* `1\.1\.1`/);
    for (const target of ['windows', 'apple']) {
      assert.match((await hoverText(dns, '1.1.1', 1, { target }))!.contents.value, /^\*\*Search domain\*\* `1\.1\.1`[\s\S]*⚠ It looks like a server's address but is no valid IP address: .* it for a search domain, so it sets no DNS server\./, target);
      assert.doesNotMatch((await hoverText(dns, 'corp.example', 1, { target }))!.contents.value, /wg-quick/, target);
    }
    assert.match((await hoverText('[Interface]\nDNS = fe80::1%eth0\n', 'fe80', 1, { target: 'windows' }))!.contents.value, /^\*\*DNS server\*\*/);
    // AllowedIPs with a sign: only wg reads it; the apps reject the file.
    const signed = '[Peer]\nAllowedIPs = +10.0.0.0/8\n';
    assert.match((await hoverText(signed, '10.0.0.0', 1))!.contents.value, /Added to the peer's existing allowed IPs \(wg ≥ v1\.0\.20250521 only\)/);
    assert.match((await hoverText(signed, '10.0.0.0', 1, { target: 'windows' }))!.contents.value, /⚠ `\+` before an item: Windows rejects the file\./);
    // MTU above 1440 does not fit even over IPv4 (mtu-too-high); 1421–1440 only over IPv6.
    const mtu = (v: string) => hoverText(`[Interface]\nMTU = ${v}\n`, `= ${v}`, 2).then((h) => h!.contents.value);
    assert.match(await mtu('1500'), /Above 1440 it does not fit a 1500-byte path even over IPv4/);
    assert.match(await mtu('1430'), /Above 1420 risks fragmentation when an endpoint is reached over IPv6/);
    // A ListenPort only wg reads: no port to headline for an app.
    assert.match((await hoverText('[Interface]\nListenPort = 70000\n', '70000', 1, { target: 'windows' }))!.contents.value, /^\*\*ListenPort\*\* `70000`: written with .*, which Windows rejects: the file does not load\./);
    for (const target of ['windows', 'android', 'apple'] as const) {
      const h = (await hoverText('[Interface]\nListenPort = domain\n', 'domain', 1, { target }))!.contents.value;
      assert.match(h, /^\*\*ListenPort\*\* `domain`: a service name, which .* rejects? \(a number is expected\): the file does not load\./, target);
    }
    // SaveConfig names the target's wg-quick.
    assert.match((await hoverText('[Interface]\nSaveConfig = true\n', 'true', 1, { target: 'amneziawg' }))!.contents.value, /`awg-quick down` rewrites this file/);
  });

  test('key docs as the target reads the key: hooks run by cmd on Windows, Table without names (hover review)', async () => {
    const hook = (await hoverText('[Interface]\nPostUp = echo\n', 'PostUp', 1, { target: 'windows' }))!.contents.value;
    assert.match(hook, /runs with `cmd \/c`, as Local System, after the tunnel is up, and only when the registry value/);
    assert.match(hook, /`%WIREGUARD_TUNNEL_NAME%`/);
    assert.doesNotMatch(hook, /-i %i/);
    assert.match((await hoverText('[Interface]\nPostUp = echo\n', 'PostUp', 1))!.contents.value, /wg-quick runs with `bash`[\s\S]*-i %i/);
    assert.match((await hoverText('[Interface]\nTable = off\n', 'Table', 1, { target: 'windows' }))!.contents.value, /\*\*Syntax:\*\* `auto`, `off`, `main` or a table number \(names are rejected\)/);
  });

  test('MTU, DNS and HeaderProtectionKey as the target reads them (completion and hover review)', async () => {
    const mtu = (v: string, target?: string) => hoverText(`[Interface]\nMTU = ${v}\n`, `= ${v}`, 2, target ? { target } : {}).then((h) => h!.contents.value);
    assert.match(await mtu('0', 'android'), /^\*\*MTU 0\*\*: automatic: the Android app uses 1280/);
    assert.match(await mtu('0', 'apple'), /automatic/);
    // Not "below 68, which no system accepts": 0 is automatic to android.c and the apps (docs review).
    assert.match(await mtu('0'), /`ip link set mtu` \(wg-quick\) and Windows refuse it; only android\.c and the Android and Apple apps read 0, as automatic/);
    assert.match(await mtu('67'), /below 68/);
    assert.match(await mtu('500', 'windows'), /Windows rejects it/);
    assert.match(await mtu('500'), /fits a path MTU of 580/);
    const dns = '[Interface]\nDNS = invalid_value\n';
    assert.match((await hoverText(dns, 'invalid_value', 1, { target: 'android' }))!.contents.value, /the Android app, which rejects the file/);
    assert.match((await hoverText(dns, 'invalid_value', 1))!.contents.value, /^\*\*Search domain\*\*/);
    const hpk = `[Interface]\nHeaderProtectionKey = ${'A'.repeat(43)}=\n`;
    const h = (await hoverText(hpk, '= A', 3, { target: 'amneziawg' }))!.contents.value;
    assert.match(h, /^\*\*Header protection key\*\* \(hidden\)/);
    assert.ok(!h.includes('AAAAAAAA') && !/preshared key for each other/.test(h), h);
    // A key with a blank inside is the key to wg (value-whitespace says so): its public key, not "45 characters".
    const HUB_PRIV = 'GPw7ZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=';
    const split = `[Interface]\nPrivateKey = ${HUB_PRIV.slice(0, 20)} ${HUB_PRIV.slice(20)}\n`;
    const ph = (await hoverText(split, HUB_PRIV.slice(0, 20), 3))!.contents.value;
    assert.ok(ph.includes(`**Public key:** \`${publicKeyOf(HUB_PRIV)}\``), ph);
    assert.ok(!ph.includes('Not a valid key') && !ph.includes(HUB_PRIV.slice(0, 20)), ph);
    // The apps keep the blank and reject the key (value-whitespace is an error there): so does the hover.
    const app = (await hoverText(split, HUB_PRIV.slice(0, 20), 3, { target: 'windows' }))!.contents.value;
    assert.match(app, /Not a valid key/);
    // A PublicKey with a blank: the key wg reads, named as this interface's own when it is.
    const pub = publicKeyOf(HUB_PRIV)!;
    const ownPeer = `[Interface]\nPrivateKey = ${HUB_PRIV}\n\n[Peer]\nPublicKey = ${pub.slice(0, 20)} ${pub.slice(20)}\n`;
    const own = (await hoverText(ownPeer, `PublicKey = ${pub.slice(0, 5)}`, 13))!.contents.value;
    assert.match(own, /this interface's \*\*own\*\* public key/);
    // The key's syntax as the target reads it: no `off` for awg and the apps.
    const ka = '[Peer]\nPersistentKeepalive = 25\n';
    assert.match((await hoverText(ka, 'Persistent', 1, { target: 'amneziawg' }))!.contents.value, /\*\*Syntax:\*\* seconds 0–65535, or a range of them/);
    assert.match((await hoverText(ka, 'Persistent', 1))!.contents.value, /\*\*Syntax:\*\* `off` or seconds 0–65535/);
  });
});

describe('hover: what the docs review found the hovers leave out or contradict', () => {
  test('[ Interface ] (blanks inside the brackets): the header and the wg-quick keys under it say wg-quick does not recognise it', async () => {
    const text = '[ Interface ]\nPrivateKey = x\nAddress = 10.0.0.1/24\n';
    const header = (await hoverText(text, 'Interface'))!.contents.value;
    assert.match(header, /^\*\*\[Interface\]\*\* · one per file\n\n⚠ `\[ Interface \]` has blanks inside its brackets: wg reads it as `\[Interface\]`, but wg-quick and the apps do not recognise the section/);
    const address = (await hoverText(text, 'Address'))!.contents.value;
    assert.match(address, /⚠ Under `\[ Interface \]` \(blanks inside the brackets\) wg-quick and the apps do not recognise the section: `Address` reaches wg, which fails \("Line unrecognized"\)\. Write `\[Interface\]`\./);
    // wg reads PrivateKey itself: no warning for it; none for the usual header either.
    assert.ok(!(await hoverText(text, 'PrivateKey'))!.contents.value.includes('⚠'));
    assert.ok(!(await hoverText('[Interface]\nAddress = 10.0.0.1/24\n', 'Interface'))!.contents.value.includes('⚠'));
    assert.ok(!(await hoverText('[Interface]\nAddress = 10.0.0.1/24\n', 'Address'))!.contents.value.includes('⚠'));
  });

  test('a key before any section says every tool rejects it; Windows reads `off` in lower case only', async () => {
    const outside = (await hoverText('Address = 10.0.0.1/24\n[Interface]\n', 'Address'))!.contents.value;
    assert.match(outside, /⚠ Outside any section: every tool rejects the line \(the Apple apps import the file and drop it\)\. Put it under `\[Interface\]`\./);
    const windows = (await hoverText('[Peer]\nPersistentKeepalive = 25\n', 'Persistent', 1, { target: 'windows' }))!.contents.value;
    assert.match(windows, /\*\*Syntax:\*\* `off` \(lower case only\) or seconds 0–65535/);
  });

  test('PrivateKey names the PostUp wg-quick(8) shows; Address routes its subnet on Linux and Apple, not Android; a Table of its own is looked up by no rule', async () => {
    const key = (await hoverText('[Interface]\nPrivateKey = x\n', 'PrivateKey'))!.contents.value;
    assert.match(key, /`PostUp = wg set %i private-key <\(pass WireGuard\/private-keys\/%i\)` as wg-quick\(8\) shows \(a `PreUp` only with wg-quick ≥ v1\.0\.20260223/);
    const address = (await hoverText('[Interface]\nAddress = 10.0.0.1/24\n', 'Address'))!.contents.value;
    assert.match(address, /On Linux \(`ip address add`\) and in the Apple apps the prefix also routes that whole subnet into the tunnel; the Android app routes only `AllowedIPs`/);
    const table = (await hoverText('[Interface]\nTable = 1234\n', '1234', 1))!.contents.value;
    assert.match(table, /^\*\*Table\*\* `1234`: routes go to routing table `1234` .*and wg-quick adds no `ip rule` that looks that table up \(a \/0 included\)/);
    assert.match((await hoverText('[Interface]\nTable = 1234\n', 'Table'))!.contents.value, /puts the routes in that table \(a \/0 too\) and adds no `ip rule` to look it up/);
  });
});

describe('hover: robustness', () => {
  test('stale or odd positions never throw', async () => {
    const doc = parse(HUB);
    assert.equal(await hover(doc, { line: -1, character: 0 }), null);
    assert.equal(await hover(doc, { line: 999, character: 0 }), null);
    assert.equal(await hover(doc, { line: Number.NaN, character: 0 }), null);
    // A character past the end is clamped to the line's end (the value's last character).
    const h = await hover(doc, { line: 7, character: 500 });
    assert.match(h!.contents.value, /UDP port 51820/);
    assert.equal(await hover(doc, { line: 1, character: 4 }), null, 'comment');
    assert.equal(await hover(parse('[Peer]\nFoo = 1\n'), { line: 1, character: 1 }), null, 'unknown key');
    for (let line = 0; line < doc.lines.length; line++) {
      for (let character = 0; character <= doc.lines[line]!.node.text.length + 1; character++) await hover(doc, { line, character });
    }
  });
});

describe('hover: secrets never appear', () => {
  const SECRET_CONFIG = fixture('secrets.conf');
  const secrets = [...SECRET_CONFIG.matchAll(/(?:private\s*key|preshared\s*key)\s*=\s*([A-Za-z0-9+/=]+)/gi)].map((m) => m[1]!);

  eachEol('every position of every PrivateKey/PresharedKey line, every target', test, async (v) => {
    assert.ok(secrets.length >= 4);
    const text = v.convert(SECRET_CONFIG);
    const doc = parse(text);
    let hovers = 0;
    for (let line = 0; line < doc.lines.length; line++) {
      const lineText = doc.lines[line]!.node.text;
      if (!/private\s*key|preshared\s*key/i.test(lineText)) continue;
      for (let character = 0; character <= lineText.length; character++) {
        for (const target of ['wg-quick', 'apple'] as const) {
          const h = await hover(doc, { line, character }, { target, uri: 'file:///x/wg0.conf' });
          if (!h) continue;
          hovers++;
          for (const secret of secrets) {
            // Not the key, and not any 8-character piece of it.
            for (let i = 0; i + 8 <= secret.length; i++) {
              assert.ok(!h.contents.value.includes(secret.slice(i, i + 8)), `line ${line}:${character} shows part of a secret`);
            }
          }
        }
      }
    }
    assert.ok(hovers > 100, `hovered ${hovers} times`);
  });
});
