// Navigation between the two ends of a tunnel, over JSON-RPC: definition on a PublicKey,
// references on an [Interface], code lenses on matched [Peer]s (hub-and-spoke on disk).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, Location } from 'vscode-languageserver';
import { formatRange, LspClient, REPO_ROOT } from './lsp-client.ts';
import { generateKeyPair } from '../../server/src/core/keys.ts';

describe('navigation between tunnel ends', () => {
  let client: LspClient;
  let dir: string;
  const uri = (name: string) => pathToFileURL(join(dir, name)).toString();
  const lines = (name: string) => readFileSync(join(dir, name), 'utf8').split('\n');
  /** The value of a spoke's (only) PublicKey line, the hub's key: `line:12-line:56`. */
  const spokeKeyRange = (u: string) => {
    const line = lines(u.slice(u.lastIndexOf('/') + 1)).findIndex((l) => l.startsWith('PublicKey'));
    return `${line}:12-${line}:56`;
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wgls-nav-'));
    cpSync(join(REPO_ROOT, 'examples', 'hub-and-spoke'), dir, { recursive: true });
    for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o600);
    client = await LspClient.start({ rootPath: dir, configuration: { wgls: { rules: {} } } });
    await client.waitForDiagnostics(uri('hub.conf'), () => true);
    for (const f of ['hub.conf', 'laptop.conf']) client.open(uri(f), readFileSync(join(dir, f), 'utf8'));
    await client.waitForDiagnostics(uri('laptop.conf'));
  });
  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('definition on the laptop\'s PublicKey for the hub → hub.conf\'s [Interface] header', async () => {
    const line = lines('laptop.conf').findIndex((l) => l.startsWith('PublicKey'));
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('laptop.conf') }, position: { line, character: 20 } });
    const hubHeader = lines('hub.conf').indexOf('[Interface]');
    assert.deepEqual(defs.map((d) => [d.uri, formatRange(d.range)]), [[uri('hub.conf'), `${hubHeader}:0-${hubHeader}:11`]]);
    const none = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('laptop.conf') }, position: { line: 0, character: 0 } });
    assert.deepEqual(none, []);
  });

  test('definition with two configs owning the key: both, the one listing this config back first; none from a trailing comment (navigation review)', async () => {
    // A copy of the hub that lists nobody, open under a name that sorts before hub.conf.
    const hubText = readFileSync(join(dir, 'hub.conf'), 'utf8');
    const copy = hubText.split('\n[Peer]')[0]!;
    client.open(uri('a-copy.conf'), copy);
    await client.waitForDiagnostics(uri('a-copy.conf'));
    const line = lines('laptop.conf').findIndex((l) => l.startsWith('PublicKey'));
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('laptop.conf') }, position: { line, character: 20 } });
    assert.deepEqual(defs.map((d) => d.uri), [uri('hub.conf'), uri('a-copy.conf')]);
    client.close(uri('a-copy.conf'));
    await client.waitForDiagnostics(uri('a-copy.conf'), (p) => p.version === undefined);
    // A comment after the key is the comment's text.
    const laptop = readFileSync(join(dir, 'laptop.conf'), 'utf8').split('\n');
    laptop[line] = `${laptop[line]} # the hub`;
    client.edit(uri('laptop.conf'), { start: { line, character: 0 }, end: { line, character: lines('laptop.conf')[line]!.length } }, laptop[line]!);
    await client.waitForDiagnostics(uri('laptop.conf'));
    const fromComment = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('laptop.conf') }, position: { line, character: laptop[line]!.length - 2 } });
    assert.deepEqual(fromComment, []);
    const fromKey = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('laptop.conf') }, position: { line, character: 20 } });
    assert.deepEqual(fromKey.map((d) => d.uri), [uri('hub.conf')]);
    client.edit(uri('laptop.conf'), { start: { line, character: 0 }, end: { line, character: laptop[line]!.length } }, lines('laptop.conf')[line]!);
    await client.waitForDiagnostics(uri('laptop.conf'));
  });

  test('references on the hub\'s [Interface] (and its PrivateKey line) → the [Peer] in every spoke', async () => {
    const hubLines = lines('hub.conf');
    for (const line of [hubLines.indexOf('[Interface]'), hubLines.findIndex((l) => l.startsWith('PrivateKey'))]) {
      const refs = await client.request<Location[]>('textDocument/references', {
        textDocument: { uri: uri('hub.conf') },
        position: { line, character: 1 },
        context: { includeDeclaration: false },
      });
      assert.deepEqual(refs.map((r) => r.uri).sort(), ['laptop.conf', 'nas.conf', 'phone.conf'].map(uri).sort());
      const laptopRef = refs.find((r) => r.uri === uri('laptop.conf'))!;
      const pkLine = lines('laptop.conf').findIndex((l) => l.startsWith('PublicKey'));
      assert.equal(formatRange(laptopRef.range), `${pkLine}:12-${pkLine}:56`);
    }
    const withDecl = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: uri('hub.conf') },
      position: { line: hubLines.indexOf('[Interface]'), character: 1 },
      context: { includeDeclaration: true },
    });
    // The declaration (the hub's [Interface] header) first, then each spoke's PublicKey value.
    const header = hubLines.indexOf('[Interface]');
    assert.deepEqual([withDecl[0]!.uri, formatRange(withDecl[0]!.range)], [uri('hub.conf'), `${header}:0-${header}:11`]);
    assert.deepEqual(withDecl.slice(1).map((r) => r.uri).sort(), ['laptop.conf', 'nas.conf', 'phone.conf'].map(uri).sort());
    for (const r of withDecl.slice(1)) assert.equal(formatRange(r.range), spokeKeyRange(r.uri), r.uri);
  });

  test('references on a spoke\'s PublicKey value: every [Peer] with that key (the spokes listing the hub)', async () => {
    const line = lines('laptop.conf').findIndex((l) => l.startsWith('PublicKey'));
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uri('laptop.conf') }, position: { line, character: 15 }, context: { includeDeclaration: false } });
    assert.deepEqual(refs.map((r) => r.uri).sort(), ['laptop.conf', 'nas.conf', 'phone.conf'].map(uri).sort());
    for (const r of refs) assert.equal(formatRange(r.range), spokeKeyRange(r.uri), r.uri);
  });

  test('code lenses: one per matched [Peer] in the hub, "↔ <file>", opening the counterpart', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri('hub.conf') } });
    assert.deepEqual(lenses.map((l) => l.command?.title), ['↔ laptop.conf', '↔ phone.conf', '↔ nas.conf']);
    const first = lenses[0]!;
    assert.equal(first.command!.command, 'wgls.openCounterpart');
    assert.equal(first.command!.arguments![0], uri('laptop.conf'));
    const peerHeader = lines('hub.conf').indexOf('[Peer]');
    assert.equal(formatRange(first.range), `${peerHeader}:0-${peerHeader}:6`);
  });

  test('references list every [Peer] of a file with the key, the line asked from among them (duplicate-peer)', async () => {
    const u = uri('twice.conf');
    const laptopKey = lines('hub.conf').find((l, i, all) => l.startsWith('PublicKey') && all.slice(0, i).some((x) => x.includes('laptop')))!.split('= ')[1]!;
    client.open(u, `[Interface]\nAddress = 10.71.0.1/24\n\n[Peer]\nPublicKey = ${laptopKey}\nAllowedIPs = 10.71.0.2/32\n\n[Peer]\nPublicKey = ${laptopKey}\nAllowedIPs = 10.71.0.3/32\n`);
    await client.waitForDiagnostics(u);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: u }, position: { line: 4, character: 15 }, context: { includeDeclaration: false } });
    assert.deepEqual(refs.filter((r) => r.uri === u).map((r) => formatRange(r.range)), ['4:12-4:56', '8:12-8:56']);
    client.close(u);
  });

  test('a spoke closed with an unsaved key: the hub\'s lenses answer from the disk at once', async () => {
    const spoke = uri('phone.conf');
    const text = readFileSync(join(dir, 'phone.conf'), 'utf8');
    client.open(spoke, text);
    await client.waitForDiagnostics(spoke);
    const keyLine = text.split('\n').findIndex((l) => l.startsWith('PrivateKey'));
    client.edit(spoke, { start: { line: keyLine, character: 13 }, end: { line: keyLine, character: 17 } }, 'AAAA');
    await client.waitForDiagnostics(spoke, (p) => p.version === client.document(spoke).version);
    const titles = async () => (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri('hub.conf') } })).map((l) => l.command?.title);
    assert.ok(!(await titles()).includes('↔ phone.conf'), 'the unsaved key owns no [Peer] of the hub');
    // Closed without saving: the next answers (sent before the server read the file again) are the disk's.
    client.close(spoke);
    assert.deepEqual(await titles(), ['↔ laptop.conf', '↔ phone.conf', '↔ nas.conf']);
  });

  test('secrets: no private key in a workspace symbol, no key-named file in a lens title', async () => {
    const hubPrivate = lines('hub.conf').find((l) => l.startsWith('PrivateKey'))!.split('= ')[1]!;
    // A key with no '/' names a file; the config in it is the other end of a [Peer] of an open document.
    let pair = generateKeyPair();
    while (pair.publicKey.includes('/')) pair = generateKeyPair();
    const named = uri(`${pair.publicKey}.conf`);
    const u = uri('pasted.conf');
    client.open(named, `[Interface]\nPrivateKey = ${pair.privateKey}\nAddress = 10.72.0.2/32\n`);
    client.open(u, `[Interface]\nAddress = 10.72.0.1/24\n\n[Peer]\nPublicKey = ${hubPrivate}\nAllowedIPs = 10.72.0.9/32\n\n[Peer]\nPublicKey = ${pair.publicKey}\nAllowedIPs = 10.72.0.2/32\n`);
    await client.waitForDiagnostics(u);
    const symbols = JSON.stringify(await client.request('workspace/symbol', { query: '' }));
    assert.ok(!symbols.includes(hubPrivate.slice(0, 4)), 'the hub\'s private key, pasted as a PublicKey, names no symbol');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } });
    assert.equal(lenses.length, 1);
    assert.ok(!lenses[0]!.command!.title.includes(pair.publicKey.slice(0, 8)), lenses[0]!.command!.title);
    client.close(u);
    client.close(named);
  });

  test('no lens for a [Peer] whose key no config owns', async () => {
    const u = uri('lonely.conf');
    client.open(u, `[Interface]\nAddress = 10.70.0.1/24\n\n[Peer]\nPublicKey = ${'A'.repeat(43)}=\nAllowedIPs = 10.70.0.2/32\n`);
    await client.waitForDiagnostics(u);
    assert.deepEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } }), []);
    client.close(u);
  });
});
