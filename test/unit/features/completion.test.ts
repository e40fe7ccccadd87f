// Completion: headers, keys (walking the whole schema), values with reasons, the
// next free tunnel address, stanza snippets, exact edit ranges.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/parser.ts';
import { validate } from '../../../server/src/core/validate.ts';
import { complete, type CompletionItem } from '../../../server/src/core/features/completion.ts';
import { directoryOf } from '../../../server/src/core/features/peers.ts';
import { hover } from '../../../server/src/core/features/hover.ts';
import { KEYS, TARGETS, keysOfSection, lookupKey } from '../../../server/src/core/schema.ts';
import { effectiveTarget } from '../../../server/src/core/rules/target-directive.ts';
import { eachEol } from '../fixtures/parser/eol.ts';
import { examples } from './helpers.ts';
import { WorkspaceModel } from '../../../server/src/core/workspace.ts';
import { workspaceAddressBook } from '../../../server/src/core/edits/allocate.ts';
import { publicKeyOf } from '../../../server/src/core/keys.ts';

const HUB = examples().find(([p]) => p.endsWith('hub.conf'))![1];
const LAPTOP = examples().find(([p]) => p.endsWith('laptop.conf'))![1];
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
/** `text` with `item` accepted. */
const apply = (text: string, item: CompletionItem) => {
  const lines = text.split('\n');
  const { range, newText } = item.textEdit;
  const l = lines[range.start.line]!;
  lines[range.start.line] = l.slice(0, range.start.character) + newText + l.slice(range.end.character);
  return lines.join('\n');
};

const at = (text: string, line: number, character: number, options = {}) => complete(parse(text), { line, character }, options).items;

describe('completion: keys', () => {
  test('every key of the schema is offered in its section, for a target that reads it', () => {
    for (const key of KEYS) {
      const items = at(`[${key.section}]\n\n`, 1, 0, { target: key.targets[0] });
      const item = items.find((i) => i.label === key.name);
      assert.ok(item, `${key.name} not offered`);
      assert.equal(item.textEdit.newText, `${key.name} = `);
      assert.equal(item.detail, key.summary);
      assert.ok(item.documentation?.value.includes(key.doc), `${key.name}: documentation`);
    }
  });

  test('never a key of the other section, of another target, or already present (unless repeatable)', () => {
    for (const [path, text] of examples()) {
      const doc = parse(text);
      for (const target of TARGETS.map((t) => t.id)) {
        for (let line = 0; line < doc.lines.length; line++) {
          const items = complete(doc, { line, character: 0 }, { target }).items.filter((i) => i.kind === 10);
          const section = doc.sections.find((s) => line >= s.headerLine && line < s.endLine);
          if (!section || section.kind === 'unknown') {
            assert.deepEqual(items, [], `${path}:${line}`);
            continue;
          }
          const name = section.kind === 'interface' ? 'Interface' : 'Peer';
          const present = section.entries.filter((e) => e.line !== line).map((e) => lookupKey(e.node.keyText, name)?.info.name);
          for (const item of items) {
            const info = keysOfSection(name).find((k) => k.name === item.label);
            assert.ok(info, `${path}:${line} offers ${item.label} in [${name}]`);
            // The file's own `# wgls-target` comment (phone.conf has one) wins over the setting.
            const effective = effectiveTarget(doc, target);
            assert.ok(info.targets.includes(effective), `${path}:${line} offers ${item.label} to ${effective}`);
            assert.ok(info.repeatable || !present.includes(info.name), `${path}:${line} offers ${item.label} twice`);
          }
        }
      }
    }
  });

  test('DNS: no server the line already lists', () => {
    const text = '[Interface]\nAddress = 10.0.0.2/24\nDNS = 1.1.1.1, \n';
    const offered = labels(at(text, 2, 15));
    assert.ok(offered.length > 0);
    assert.ok(!offered.some((l) => l.split(/,\s*/).includes('1.1.1.1')), offered.join(' | '));
    assert.ok(offered.includes('10.0.0.1'));
  });

  test('a second [Interface]: keys set in the first count as present (wg merges them)', () => {
    const text = '[Interface]\nPrivateKey = x\nListenPort = 1\n[Interface]\n\n';
    const offered = labels(at(text, 4, 0));
    for (const k of ['PrivateKey', 'ListenPort']) assert.ok(!offered.includes(k), `${k} offered again: ${offered.join(', ')}`);
    assert.ok(offered.includes('Address'));
  });

  test('a partial key is replaced, and an existing `=` is kept', () => {
    const items = at('[Interface]\n  Lis\n', 1, 5);
    const listen = items.find((i) => i.label === 'ListenPort')!;
    assert.deepEqual(listen.textEdit, { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } }, newText: 'ListenPort = ' });
    assert.deepEqual(listen.command, { title: 'Suggest values', command: 'editor.action.triggerSuggest' });
    const edit = at('[Interface]\nLis = 51820\n', 1, 2).find((i) => i.label === 'ListenPort')!;
    assert.deepEqual(edit.textEdit, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, newText: 'ListenPort' });
    assert.equal(edit.command, undefined);
  });

  test('target filtering: the Apple apps get no hooks, Table or FwMark', () => {
    const apple = labels(at('[Interface]\n\n', 1, 0, { target: 'apple' }));
    for (const k of ['PrivateKey', 'ListenPort', 'Address', 'DNS', 'MTU']) assert.ok(apple.includes(k), k);
    for (const k of ['PostUp', 'Table', 'FwMark', 'SaveConfig', 'Jc']) assert.ok(!apple.includes(k), k);
    assert.ok(labels(at('[Interface]\n\n', 1, 0, { target: 'amneziawg' })).includes('Jc'));
  });

  test('Windows keeps only the last line of a hook: a second one is not offered, the hover says one line', () => {
    const text = '[Interface]\nPostUp = route add 10.9.0.0 mask 255.255.0.0 10.0.0.1\n\n';
    assert.ok(!labels(at(text, 2, 0, { target: 'windows' })).includes('PostUp'));
    assert.ok(labels(at(text, 2, 0, { target: 'windows' })).includes('PostDown'));
    assert.ok(labels(at(text, 2, 0, { target: 'wg-quick' })).includes('PostUp'), 'wg-quick runs each line');
    const doc = at(text, 2, 0, { target: 'windows' }).find((i) => i.label === 'PostDown')!.documentation as { value: string };
    assert.match(doc.value, /^\*\*PostDown\*\* · `\[Interface\]` · one line \(Windows keeps only the last\)/);
  });

  test('required keys sort first', () => {
    const items = at('[Peer]\n\n', 1, 0).filter((i) => i.kind === 10);
    const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.equal(sorted[0]!.label, 'PublicKey');
  });
});

describe('completion: headers and stanzas', () => {
  test('headers at line start; [Interface] only while the file has none', () => {
    assert.deepEqual(labels(at('', 0, 0)).slice(0, 2), ['[Interface]', '[Peer]']);
    const items = at(HUB + '\n[', 30, 1);
    assert.deepEqual(labels(items), ['[Peer]']);
    assert.deepEqual(items[0]!.textEdit.range, { start: { line: 30, character: 0 }, end: { line: 30, character: 1 } });
  });

  test('a [Peer] stanza at the end of a section, with the next free address', () => {
    const items = at(HUB + '\n', 30, 0);
    const stanza = items.find((i) => i.label === '[Peer] stanza')!;
    assert.equal(stanza.insertTextFormat, 2);
    assert.match(stanza.textEdit.newText, /^\[Peer\]\nPublicKey = \$\{1:[^}]*\}\nAllowedIPs = \$\{2:10\.0\.0\.5\/32\}/);
    assert.match(stanza.detail!, /next free address in 10\.0\.0\.0\/24/);
    // Not in the middle of a section: the stanza would swallow the entries below it.
    assert.ok(!labels(at('[Interface]\n\nListenPort = 1\n', 1, 0)).includes('[Peer] stanza'));
  });

  // Editor review: `[Peer]` and `[Peer] stanza` right under an empty `[Peer]` left it empty above the new one.
  test('under an empty [Peer] or [Interface]: its keys, no section; once `[` is typed, the headers', () => {
    const text = '[Interface]\nPrivateKey = x\n\n[Peer]\n\n';
    const items = labels(at(text, 4, 0));
    assert.ok(items.includes('PublicKey') && !items.some((l) => l.startsWith('[')), items.join(' '));
    assert.ok(!labels(at('[Interface]\n\n', 1, 0)).some((l) => l.startsWith('[')));
    assert.deepEqual(labels(at('[Interface]\nPrivateKey = x\n\n[Peer]\n[\n', 4, 1)), ['[Peer]']);
  });

  test('no completion inside comments or for unknown keys', () => {
    assert.deepEqual(at('[Interface]\n# Lis\n', 1, 4), []);
    assert.deepEqual(at('[Interface]\nFoo = \n', 1, 6), []);
  });
});

describe('completion: values', () => {
  const values = (text: string, needle: string, options = {}) => {
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.startsWith(needle));
    return at(text, line, lines[line]!.length, options);
  };

  test('fixed choices with their reasons', () => {
    const base = '[Interface]\nTable = \nSaveConfig = \nMTU = \nListenPort = \n[Peer]\nPersistentKeepalive = \n';
    assert.deepEqual(labels(values(base, 'Table')), ['auto', 'off', 'main']);
    assert.deepEqual(labels(values(base, 'SaveConfig')), ['false', 'true']);
    const mtu = values(base, 'MTU');
    assert.deepEqual(mtu.map((i) => [i.label, i.detail]), [
      ['1420', 'Ethernet / most broadband: 1500 − 80 (the wg-quick default)'],
      ['1412', 'PPPoE (DSL): 1492 − 80'],
      ['1280', 'cellular or unknown paths: the IPv6 minimum (Android/iOS default)'],
    ]);
    assert.equal(values(base, 'PersistentKeepalive')[0]!.label, '25');
    assert.deepEqual(labels(values(base, 'ListenPort')), ['51820']);
  });

  // Editor review: `MTU=` (completion triggered by the `=`) gave `MTU= 1420`.
  test("right after the `=`: a blank before the value only when the line has one before the `=`", () => {
    assert.equal(at('[Interface]\nMTU=\n', 1, 4)[0]!.textEdit.newText, '1420');
    assert.equal(at('[Interface]\nMTU =\n', 1, 5)[0]!.textEdit.newText, ' 1420');
    assert.equal(at('[Interface]\nMTU\t=\n', 1, 5)[0]!.textEdit.newText, ' 1420');
    const allowed = at('[Interface]\nAddress = 10.0.0.1/24\n[Peer]\nAllowedIPs=\n', 3, 11);
    assert.ok(allowed.length > 0 && allowed.every((i) => !i.textEdit.newText.startsWith(' ')), allowed.map((i) => i.textEdit.newText).join('|'));
  });

  test('the value range replaces the written value', () => {
    const items = at('[Interface]\nMTU = 15\n', 1, 8);
    assert.deepEqual(items[0]!.textEdit.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 8 } });
    const empty = at('[Interface]\nMTU = \n', 1, 6);
    assert.deepEqual(empty[0]!.textEdit.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 6 } });
  });

  eachEol('Address: the next free tunnel address, with its source', test, (v) => {
    const text = v.convert(HUB.replace('Address = 10.0.0.1/24', 'Address = '));
    const items = values(text.replace(/\r/g, ''), 'Address = ');
    assert.deepEqual(items.map((i) => i.label.replace(/^fd.*/, 'ULA')), ['10.0.0.1/24', 'ULA']);
    assert.equal(items[0]!.detail, 'next free address in 10.0.0.0/24 (subnet from assumed /24 around 10.0.0.2 (line 18); 3 in use)');
  });

  // Editor review: completion's next free address read only its own file, and offered a new spoke its
  // sibling's address (laptop.conf's 10.0.0.2), and a hub a spoke's address that Add Peer skips.
  test('the next free address is free in the workspace too: the siblings\' Addresses, what the hub routes', () => {
    const ws = new WorkspaceModel();
    for (const [path, text] of examples().filter(([p]) => p.includes('hub-and-spoke'))) ws.setText(`file:///ws/${path}`, text);
    const hubKey = publicKeyOf(/PrivateKey = (\S+)/.exec(HUB)![1]!);
    // A new spoke with no PrivateKey yet, its [Peer] for the hub routing the tunnel subnet.
    const spoke = `[Interface]\nAddress = \n\n[Peer]\nPublicKey = ${hubKey}\nAllowedIPs = 10.0.0.0/24\n`;
    const uri = 'file:///ws/examples/hub-and-spoke/new.conf';
    ws.setText(uri, spoke);
    const book = workspaceAddressBook(ws, uri);
    assert.equal(at(spoke, 1, 10)[0]!.label, '10.0.0.1/24', "alone, the file knows of no address in use (that is the hub's)");
    assert.equal(at(spoke, 1, 10, { addressBook: book })[0]!.label, '10.0.0.5/24');
    // The hub routes a phone with no config of its own: taken too.
    const hub = HUB.replace('AllowedIPs = 10.0.0.3/32', 'AllowedIPs = 10.0.0.3/32, 10.0.0.5/32');
    ws.setText('file:///ws/examples/hub-and-spoke/hub.conf', hub);
    assert.equal(at(spoke, 1, 10, { addressBook: workspaceAddressBook(ws, uri) })[0]!.label, '10.0.0.6/24');
    // The hub's own [Peer] stanza and AllowedIPs: not the Address of a config it does not list yet.
    ws.setText('file:///ws/examples/hub-and-spoke/hub.conf', HUB);
    ws.setText('file:///ws/tablet.conf', `[Interface]\nAddress = 10.0.0.5/24\n\n[Peer]\nPublicKey = ${hubKey}\nAllowedIPs = 10.0.0.0/24\n`);
    const hubBook = workspaceAddressBook(ws, 'file:///ws/examples/hub-and-spoke/hub.conf');
    const stanza = at(HUB + '\n', 30, 0, { addressBook: hubBook }).find((i) => i.label === '[Peer] stanza')!;
    assert.match(stanza.textEdit.newText, /AllowedIPs = \$\{2:10\.0\.0\.6\/32\}/);
    const lines = HUB.split('\n');
    const allowed = lines.findIndex((l) => l.startsWith('AllowedIPs = 10.0.0.3/32'));
    const withEmpty = [...lines.slice(0, allowed), 'AllowedIPs = ', ...lines.slice(allowed + 1)].join('\n');
    ws.setText('file:///ws/examples/hub-and-spoke/hub.conf', withEmpty);
    const offered = labels(at(withEmpty, allowed, 13, { addressBook: workspaceAddressBook(ws, 'file:///ws/examples/hub-and-spoke/hub.conf') }));
    assert.deepEqual(offered.filter((o) => o.endsWith('/32')), ['10.0.0.6/32'], 'not tablet.conf\'s 10.0.0.5, nor phone.conf\'s own 10.0.0.3 as a new peer\'s');
  });

  // Diff review: with the workspace's part kept, the file's own misspelt routes were no longer counted.
  test("the file's own misspelt AllowedIPs and Address count as taken, as Add Peer counts them", () => {
    for (const written of ['AllowedIP = 10.0.0.2/32', 'Allowed IPs = 10.0.0.2/32']) {
      const text = `[Interface]\nAddress = 10.0.0.1/24\n\n[Peer]\nPublicKey = ${'A'.repeat(42)}E=\n${written}\n\n[Peer]\nAllowedIPs = \n`;
      const ws = new WorkspaceModel();
      ws.setText('file:///w/hub.conf', text);
      const lines = text.split('\n');
      const line = lines.lastIndexOf('AllowedIPs = ');
      const offered = labels(at(text, line, 13, { addressBook: workspaceAddressBook(ws, 'file:///w/hub.conf') }));
      assert.equal(offered.find((l) => l.endsWith('/32')), '10.0.0.3/32', written);
    }
  });

  test('Address: a LAN routed to one peer is not the tunnel subnet when peers have host addresses', () => {
    const text = '[Interface]\nAddress = \n[Peer]\nAllowedIPs = 192.168.1.0/24\n[Peer]\nAllowedIPs = 10.8.0.2/32\n';
    assert.equal(at(text, 1, 10)[0]!.label, '10.8.0.1/24');
    const spoke = '[Interface]\nAddress = \n[Peer]\nAllowedIPs = 10.8.0.0/24\n';
    assert.equal(at(spoke, 1, 10)[0]!.label, '10.8.0.1/24', 'no host address: the route is the subnet');
  });

  test('Address: after an address, the family it lacks, never a second address in the same subnet', () => {
    const after = at('[Interface]\nAddress = 10.0.0.1/24, \n', 1, 23);
    assert.equal(after.length, 1);
    assert.match(after[0]!.label, /^fd[0-9a-f]{2}(:[0-9a-f]{1,4}){0,2}::1\/64$/);
    assert.match(after[0]!.detail!, /new unique local IPv6 subnet fd[0-9a-f:]+::\/64 \(random, RFC 4193\)/);
    assert.notEqual(after[0]!.label, at('[Interface]\nAddress = 10.0.0.1/24, \n', 1, 23)[0]!.label, 'a random global ID each time');
    assert.deepEqual(labels(at('[Interface]\nAddress = 10.0.0.1/24, fd00::1/64, \n', 1, 35)), [], 'both families there: nothing to add');
    // An address on another Address line counts; the item being replaced does not.
    assert.deepEqual(labels(at('[Interface]\nAddress = fd00::1/64\nAddress = \n', 2, 10)), ['10.0.0.1/24']);
    assert.equal(at('[Interface]\nAddress = 10.0.0.7/24\n', 1, 12)[0]!.label, '10.0.0.1/24');
  });

  test('Address: gaps are filled, network and broadcast skipped, wider routes are not allocations', () => {
    const text = '[Interface]\nAddress = 10.1.0.1/29\n[Peer]\nAllowedIPs = 10.1.0.3/32, 10.1.0.0/16\n';
    assert.equal(at(text, 1, 12)[0]!.label, '10.1.0.2/29');
    const full = '[Interface]\nAddress = 10.1.0.1/30\n[Peer]\nAllowedIPs = 10.1.0.2/32\n';
    assert.equal(at(full, 1, 12)[0]!.label, '10.0.0.1/24', 'no free host in the /30: the generic suggestion');
  });

  test('AllowedIPs: the peer\'s own address, a new address, the tunnel subnet, everything', () => {
    const lookupPeer = directoryOf([{ uri: 'file:///w/laptop.conf', doc: parse(LAPTOP) }]);
    const text = HUB.replace('AllowedIPs = 10.0.0.2/32', 'AllowedIPs = ');
    const items = complete(parse(text), { line: 17, character: 13 }, { lookupPeer }).items;
    // (No 0.0.0.0/0 on the hub: its [Peer] for a laptop that dials in; default-route-to-client.)
    assert.deepEqual(items.map((i) => i.label), ['10.0.0.2/32', '10.0.0.5/32', '10.0.0.0/24']);
    assert.match(items[0]!.detail!, /laptop's own address/);
    assert.match(items[2]!.detail!, /whole tunnel subnet \(from the Address on line 7\)/);
  });

  test('AllowedIPs: everything is offered for a peer this side dials, not for one that dials in (completion review)', () => {
    const peer = (iface: string, endpoint: string) => `[Interface]\nAddress = 10.0.0.1/24\n${iface}[Peer]\n${endpoint}AllowedIPs = 10.0.0.2/32, \n`;
    const all = (text: string) => labels(at(text, text.split('\n').length - 2, 26)).includes('0.0.0.0/0, ::/0');
    assert.equal(all(peer('ListenPort = 51820\n', '')), false);
    assert.equal(all(peer('ListenPort = 51820\n', 'Endpoint = 192.0.2.1:51820\n')), true);
    assert.equal(all(peer('', '')), true);
    assert.equal(all(peer('ListenPort = 0\n', '')), true);
  });

  test('AllowedIPs: nothing an item of the peer already covers (editor review: 10.0.0.1/32 after 10.0.0.0/24)', () => {
    assert.deepEqual(labels(at('[Peer]\nAllowedIPs = 10.0.0.0/24, \n', 1, 26)), ['0.0.0.0/0, ::/0']);
    // A host route elsewhere in the subnet still leaves the subnet and other hosts to suggest.
    assert.deepEqual(labels(at('[Interface]\nAddress = 10.0.0.1/24\n[Peer]\nAllowedIPs = 10.0.0.2/32, \n', 3, 26)), ['10.0.0.3/32', '10.0.0.0/24', '0.0.0.0/0, ::/0']);
  });

  test('an AllowedIPs list item is replaced on its own', () => {
    const items = at('[Peer]\nAllowedIPs = 10.0.0.2/32, 0.0\n', 1, 29);
    assert.deepEqual(items[0]!.textEdit.range, { start: { line: 1, character: 26 }, end: { line: 1, character: 29 } });
  });

  test('DNS: the tunnel\'s first address, then public resolvers', () => {
    const items = at('[Interface]\nAddress = 10.8.0.2/24\nDNS = \n', 2, 6);
    assert.equal(items[0]!.label, '10.8.0.1');
    assert.ok(labels(items).includes('1.1.1.1, 1.0.0.1'));
  });

  test('a new key for an empty PrivateKey/PresharedKey; nothing once one is there', () => {
    const [priv] = at('[Interface]\nPrivateKey = \n', 1, 13);
    // The key is inserted, never shown in the list (completion review): label and filter say what it is.
    assert.equal(priv!.label, 'New private key (like wg genkey)');
    assert.equal(priv!.filterText, 'New private key (like wg genkey)');
    assert.match(priv!.textEdit.newText, /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/);
    assert.match(priv!.detail!, /^public key [A-Za-z0-9+/]{43}=$/);
    const [psk] = at('[Peer]\nPresharedKey =\n', 1, 14);
    assert.equal(psk!.label, 'New preshared key (like wg genpsk)');
    assert.equal(psk!.filterText, ' New preshared key (like wg genpsk)');
    assert.match(psk!.textEdit.newText, /^ [A-Za-z0-9+/]{43}=$/);
    for (const item of [priv!, psk!]) assert.ok(!JSON.stringify({ ...item, textEdit: undefined }).includes(item.textEdit.newText.trim()), 'the key only in the edit');
    assert.deepEqual(at('[Interface]\nPrivateKey = abc\n', 1, 16), []);
  });

  test('AmneziaWG keys complete their example value', () => {
    assert.deepEqual(labels(at('[Interface]\nJc = \n', 1, 5, { target: 'amneziawg' })), ['4']);
  });

  test("AmneziaWG values agree with the interface's others: the completed file is no error (editor review)", () => {
    const awg = { target: 'amneziawg' as const };
    const hpk = 'HeaderProtectionKey = AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
    for (const [others, key, want] of [
      ['Jmax = 30', 'Jmin', '30'],
      ['Jmin = 100', 'Jmax', '100'],
      ['Jmin = 10\nJmax = 90', 'Jmin', '40'],
      [hpk, 'S3', '12'],
      ['H2 = 1020325452', 'H1', '1020325453'],
      ['H2 = 1020325400-1020325460\nH3 = 1020325461', 'H1', '1020325462'],
      ['H2 = 5', 'H1', '1020325452'],
    ] as const) {
      const text = `[Interface]\nPrivateKey = MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=\n${others}\n${key} = \n`;
      const line = text.split('\n').indexOf(`${key} = `);
      const got = labels(at(text, line, key.length + 3, awg));
      assert.deepEqual(got, [want], `${others} / ${key}`);
      const done = text.replace(`${key} = \n`, `${key} = ${want}\n`);
      assert.deepEqual(validate(parse(done), awg).filter((p) => p.rule === 'invalid-amneziawg-value' && p.range.start.line === line), [], `${others} / ${key}`);
    }
  });

  test('stale positions give an empty list', () => {
    assert.deepEqual(complete(parse(HUB), { line: 500, character: 0 }).items, []);
    assert.deepEqual(complete(parse(HUB), { line: -3, character: -1 }).items, []);
  });

  // From a review of completion as a demanding user: accepting a suggestion must leave a value that
  // means what the user picked.

  test('past a value, no second value to glue on (wg removes the blank: MTU 14201420)', () => {
    assert.deepEqual(at('[Interface]\nMTU = 1420 \n', 1, 11), []);
    assert.deepEqual(at('[Interface]\nTable = off \n', 1, 12), []);
    assert.deepEqual(at('[Peer]\nPersistentKeepalive = 25 # c\n', 1, 26), []);
    // AllowedIPs after an item and a blank (no comma): nothing; after the comma: the next item.
    assert.deepEqual(at('[Peer]\nAllowedIPs = 0.0.0.0/0 \n', 1, 23), []);
    assert.ok(at('[Peer]\nAllowedIPs = 0.0.0.0/0, \n', 1, 24).length > 0);
  });

  test('a new list item before another brings its comma: never two items glued into one (review)', () => {
    const peer = (allowed: string) => `[Interface]\nAddress = 10.0.0.1/24\n[Peer]\nAllowedIPs = ${allowed}\n`;
    const line3 = (text: string, ch: number) => apply(text, at(text, 3, ch)[0]!).split('\n')[3];
    // Just typed the comma, the next item already there.
    // (With a blank after the comma: completion review.)
    assert.match(line3(peer('10.0.0.2/32, 192.168.1.0/24'), 25), /^AllowedIPs = 10\.0\.0\.2\/32, \S+, 192\.168\.1\.0\/24$/);
    assert.match(line3(peer('10.0.0.2/32,'), 25), /^AllowedIPs = 10\.0\.0\.2\/32, \S+$/);
    // In the blanks between "=" and the list.
    assert.match(line3(peer('10.0.0.2/32'), 12), /^AllowedIPs = \S+, 10\.0\.0\.2\/32$/);
    const dns = '[Interface]\nDNS = 10.0.0.1\n';
    assert.equal(apply(dns, at(dns, 1, 5)[0]!).split('\n')[1], 'DNS = 1.1.1.1, 1.0.0.1, 10.0.0.1');
    // At the end, or before a comma: nothing added.
    assert.match(line3(peer('10.0.0.2/32, '), 26), /^AllowedIPs = 10\.0\.0\.2\/32, \S+$/);
    assert.match(line3(peer('10.0.0.2/32, , 10.9.0.0/16'), 26), /^AllowedIPs = 10\.0\.0\.2\/32, \S+, 10\.9\.0\.0\/16$/);
  });

  test('section headers only where they replace the whole line (review: `[Peer] = 1420`, `foo [Peer]`)', () => {
    const headers = (text: string, line: number, ch: number) => labels(at(text, line, ch)).filter((l) => l.startsWith('['));
    assert.deepEqual(headers('[Interface]\nMTU = 1420\n', 1, 0), []);
    assert.deepEqual(headers('[Interface]\nMTU = 1420\n', 1, 3), []);
    assert.deepEqual(headers('[Interface]\nfoo bar\n', 1, 7), []);
    assert.deepEqual(headers('[Interface]\n[Pe\n', 1, 3), ['[Peer]']);
    assert.deepEqual(headers('[Interface]\nPe\n', 1, 2), ['[Peer]']);
  });

  test('Android: one of ExcludedApplications and IncludedApplications (review)', () => {
    const keys = (text: string) => labels(at(text, 2, 0, { target: 'android' })).filter((l) => l.endsWith('Applications'));
    assert.deepEqual(keys('[Interface]\nExcludedApplications = com.a\n\n'), ['ExcludedApplications']);
    assert.deepEqual(keys('[Interface]\nIncludedApplications = com.a\n\n'), ['IncludedApplications']);
    assert.deepEqual(keys('[Interface]\nMTU = 1280\n\n').sort(), ['ExcludedApplications', 'IncludedApplications']);
  });

  test('right after "=", the choice replaces the value and keeps a blank before it', () => {
    const text = '[Interface]\nMTU = 1500\n';
    const item = at(text, 1, 5).find((i) => i.label === '1420')!;
    assert.equal(apply(text, item).split('\n')[1], 'MTU = 1420');
  });

  test('AllowedIPs: nothing the peer routes already; the missing half of a full tunnel', () => {
    assert.deepEqual(labels(at('[Peer]\nAllowedIPs = 0.0.0.0/0, \n', 1, 24)), ['::/0']);
    assert.deepEqual(labels(at('[Peer]\nAllowedIPs = ::/0\nAllowedIPs = \n', 2, 13)), ['0.0.0.0/0']);
    const text = '[Interface]\nAddress = 10.0.0.1/24\n[Peer]\nAllowedIPs = 10.0.0.0/24, \n';
    assert.ok(!labels(at(text, 3, 26)).includes('10.0.0.0/24'), labels(at(text, 3, 26)).join(' | '));
  });

  test('DNS: the resolver being completed is still offered (completing 1.1.1.1)', () => {
    assert.ok(labels(at('[Interface]\nDNS = 1.1.1.1\n', 1, 13)).includes('1.1.1.1, 1.0.0.1'));
  });

  test('no placeholder host for Endpoint, no example command for a hook', () => {
    assert.deepEqual(at('[Peer]\nEndpoint = \n', 1, 11), []);
    assert.deepEqual(at('[Peer]\nEndpoint = 1.2.3.4:51820\n', 1, 24), []);
    assert.deepEqual(at('[Interface]\nPostUp = \n', 1, 9), []);
  });

  test('Table for Windows: off, or the default (Windows acts on off only)', () => {
    assert.deepEqual(labels(at('[Interface]\nTable = \n', 1, 8, { target: 'windows' })), ['off', 'auto']);
  });

  test('no values for a key the target does not read (Table for wg or Android: the line is refused)', () => {
    for (const target of ['wg', 'android', 'apple'] as const) assert.deepEqual(at('[Interface]\nTable = \n', 1, 8, { target }), [], target);
    assert.deepEqual(at('# wgls-target android\n[Interface]\nTable = \n', 2, 8), []);
    assert.ok(labels(at('[Interface]\nTable = \n', 1, 8, { target: 'wg-quick' })).includes('off'));
  });
});

describe('completion: keys, from the review', () => {
  test('at the "#" of a comment line: nothing (a key there would take the comment as its value)', () => {
    assert.deepEqual(at('[Interface]\n# comment\n', 1, 0), []);
    assert.deepEqual(at('[Interface]\n  # comment\n', 1, 1), []);
  });

  test('the cursor in the blanks before "=": the blank stays', () => {
    const text = '[Interface]\nListenPort = 5\n';
    const item = at(text, 1, 11).find((i) => i.label === 'ListenPort')!;
    assert.equal(apply(text, item).split('\n')[1], 'ListenPort = 5');
  });

  test('the [Interface] stanza for plain wg has no Address (wg rejects it)', () => {
    const wg = at('\n', 0, 0, { target: 'wg' }).find((i) => i.label === '[Interface] stanza')!;
    assert.ok(!wg.textEdit.newText.includes('Address'), wg.textEdit.newText);
    const quick = at('\n', 0, 0).find((i) => i.label === '[Interface] stanza')!;
    assert.match(quick.textEdit.newText, /\nAddress = /);
  });
});

describe('completion: where nothing, or less, is offered (completion review)', () => {
  test('no [Peer] header on a blank line in the middle of a section (it would take the later keys); at its end, and once `[` is typed', () => {
    const text = '[Interface]\nPrivateKey = x\n\nAddress = 10.0.0.1/24\n\n';
    const headers = (line: number, ch = 0, t = text) => labels(at(t, line, ch)).filter((l) => l === '[Peer]' || l === '[Interface]');
    assert.deepEqual(headers(2), []);
    assert.deepEqual(headers(4), ['[Peer]']);
    assert.deepEqual(headers(2, 1, text.replace('x\n\n', 'x\n[\n')), ['[Peer]']);
  });

  test('no values for a key of the other section, or before any section', () => {
    assert.deepEqual(at('[Interface]\nPrivateKey = x\n[Peer]\nMTU = \n', 3, 6), []);
    assert.deepEqual(at('[Interface]\nAllowedIPs = \n', 1, 13), []);
    assert.deepEqual(at('MTU = \n[Interface]\n', 0, 6), []);
    assert.deepEqual(labels(at('[Interface]\nMTU = \n', 1, 6)), ['1420', '1412', '1280']);
  });

  test('no key after a word already typed on a line without `=` (`PrivateKey |` made `PrivateKey MTU = `)', () => {
    assert.deepEqual(at('[Interface]\nPrivateKey \n', 1, 11), []);
  });

  test('blanks as the rest of the line needs them: before a glued comment, before `=`, before a value already there', () => {
    const one = (text: string, line: number, ch: number, label: string) => apply(text, at(text, line, ch).find((i) => i.label === label)!).split('\n')[line];
    assert.equal(one('[Interface]\nMTU = # note\n', 1, 6, '1420'), 'MTU = 1420 # note');
    assert.equal(one('[Interface]\n= 1420\n', 1, 0, 'MTU'), 'MTU = 1420');
    assert.equal(one('[Interface]\nMt 1420\n', 1, 2, 'MTU'), 'MTU = 1420');
    assert.equal(one('[Interface]\nDNS = 1.1.1.1,\n', 1, 14, '9.9.9.9, 149.112.112.112'), 'DNS = 1.1.1.1, 9.9.9.9, 149.112.112.112');
  });

  test('a stanza on an indented blank line replaces the indentation (an editor indents each snippet line by it)', () => {
    const [stanza] = at('[Interface]\nPrivateKey = x\n    \n', 2, 4).filter((i) => i.label === '[Peer] stanza');
    assert.deepEqual(stanza!.textEdit.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } });
  });
});

describe('completion: under a header wg-quick does not recognise (docs review)', () => {
  test('[ Interface ]: the keys only wg-quick reads come last, their documentation saying why; wg\'s own keys as usual', () => {
    const items = at('[ Interface ]\n\n', 1, 0);
    const address = items.find((i) => i.label === 'Address')!;
    const privateKey = items.find((i) => i.label === 'PrivateKey')!;
    assert.match(address.sortText!, /^2-/);
    assert.match((address.documentation as { value: string }).value, /⚠ Under `\[ Interface \]` \(blanks inside the brackets\) wg-quick and the apps do not recognise the section: `Address` reaches wg/);
    assert.match(privateKey.sortText!, /^[01]-/);
    assert.ok(!(privateKey.documentation as { value: string }).value.includes('⚠'));
    const usual = at('[Interface]\n\n', 1, 0).find((i) => i.label === 'Address')!;
    assert.match(usual.sortText!, /^[01]-/);
    assert.ok(!(usual.documentation as { value: string }).value.includes('⚠'));
  });
});

// Completion review (this session): what a list item inserts right after a comma, and three key docs.
describe('completion review', () => {
  eachEol('right after a comma with no blank, an item is a new one before the next: the next is kept; a glued comment gets its blank', test, (v) => {
    const text = (line: string) => v.convert(`[Interface]\nAddress = 10.0.0.1/24\n[Peer]\n${line}\n`);
    const pick = (line: string, ch: number) => {
      const item = at(text(line), 3, ch).find((i) => i.label === '10.0.0.3/32')!;
      return v.convert(apply(text(line), item)).split(v.eol)[3];
    };
    const line = 'AllowedIPs = 10.0.0.2/32,192.168.1.0/24';
    assert.equal(pick(line, line.indexOf(',') + 1), 'AllowedIPs = 10.0.0.2/32, 10.0.0.3/32, 192.168.1.0/24');
    assert.equal(pick('AllowedIPs = 10.0.0.2/32,# x', 'AllowedIPs = 10.0.0.2/32,'.length), 'AllowedIPs = 10.0.0.2/32, 10.0.0.3/32 # x');
    // Inside an item, the item is replaced (what is typed there filters it).
    assert.equal(pick('AllowedIPs = 10.0.0.2/32, 192.168.1.0/24', 'AllowedIPs = 10.0.0.2/32, 192.'.length), 'AllowedIPs = 10.0.0.2/32, 10.0.0.3/32');
  });

  test('the hover of an unbracketed IPv6 Endpoint says what the target does with it (an app rejects it)', async () => {
    const shown = async (target: (typeof TARGETS)[number]['id']) =>
      ((await hover(parse('[Peer]\nEndpoint = 2001:db8::1:51820\n'), { line: 1, character: 14 }, { target }))?.contents.value ?? '').split('\n').find((l) => l.startsWith('⚠ Unbracketed'));
    assert.equal(await shown('windows'), '⚠ Unbracketed IPv6: Windows rejects it; write `[2001:db8::1]:51820`.');
    assert.equal(await shown('apple'), '⚠ Unbracketed IPv6: the Apple apps reject it; write `[2001:db8::1]:51820`.');
    assert.equal(await shown('wg-quick'), '⚠ Unbracketed IPv6: wg and wg-quick read it, the apps reject it; write `[2001:db8::1]:51820`.');
    assert.equal(await shown('amneziawg'), '⚠ Unbracketed IPv6: awg and awg-quick read it, but it is easy to misread; write `[2001:db8::1]:51820`.');
  });

  test('key docs: a keepalive default every target reads; a custom Table takes a /0 too; DNS speaks of servers inside the tunnel', () => {
    const keepalive = lookupKey('PersistentKeepalive')!.info;
    assert.equal(keepalive.default, '0 (no keepalive)');
    const table = lookupKey('Table')!.info.doc;
    assert.ok(table.includes('puts the routes in that table (a /0 too) and adds no `ip rule`'), table);
    const dns = lookupKey('DNS')!.info.doc;
    assert.ok(dns.includes("A server inside the tunnel (a private address, such as the hub's) must be covered by some peer's `AllowedIPs`"), dns);
    assert.ok(!dns.includes('or queries leak outside it'), dns);
  });
});
