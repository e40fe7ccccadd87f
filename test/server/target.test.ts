// "Check this file for…" over JSON-RPC: wgls.server.fileTarget says which target a file is checked
// for and why; wgls.server.setTarget writes, changes or removes its `# wgls-target` comment through
// workspace/applyEdit (pinned to the document's version), and the diagnostics follow.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT, testUri, type PublishDiagnosticsParams } from './lsp-client.ts';
import { applyTextEdits } from '../../server/src/core/edits/apply.ts';
import { generateKeyPair } from '../../server/src/core/keys.ts';

const VALID = readFileSync(join(REPO_ROOT, 'examples', 'point-to-point', 'alpha.conf'), 'utf8');
// A hook: wg-quick runs it, the Android app refuses the key.
const PHONE = VALID.replace('[Interface]\n', '[Interface]\nPostUp = logger up\nPostDown = logger down\n');
const refused = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'key-not-supported-by-target').length;

describe('wgls.server.fileTarget / setTarget', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({
      configuration: { wgls: { rules: {} } },
      capabilities: { workspace: { applyEdit: true, workspaceEdit: { documentChanges: true }, configuration: true } },
      // The editor's part: apply the edit to the open document (last edit first), as a new version.
      onApplyEdit: (params) => {
        for (const change of (params.edit.documentChanges ?? []) as TextDocumentEdit[]) {
          const doc = client.document(change.textDocument.uri);
          if (change.textDocument.version !== doc.version) return { applied: false, failureReason: 'stale version' };
          const edits = [...change.edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
          client.change(doc.uri, doc.version + 1, edits.map((e) => ({ range: e.range, text: (e as TextEdit).newText })));
        }
        return { applied: true };
      },
    });
  });
  after(async () => {
    await client?.shutdown();
  });

  const run = <T>(command: string, args: unknown) => client.request<T>('workspace/executeCommand', { command, arguments: [args] });
  const fileTarget = (uri: string) => run<{ target: string; source: string; comment: boolean; setting: string; targets: { id: string }[] }>('wgls.server.fileTarget', { uri });

  test('a refused argument is quoted with keys hidden (security review: errors echoed a key sent as a target)', async () => {
    const key = 'GPw7ZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=';
    const uri = testUri('refused.conf');
    client.open(uri, PHONE);
    await client.waitForDiagnostics(uri);
    await assert.rejects(run('wgls.server.setTarget', { uri, target: key }), (err: { message: string }) => {
      assert.ok(!err.message.includes(key.slice(0, 20)), err.message);
      assert.match(err.message, /\(key hidden\)/);
      return true;
    });
    client.close(uri);
  });

  test('from the setting, to a comment, to another target, back to the setting', async () => {
    const uri = testUri('phone.conf');
    client.open(uri, PHONE);
    assert.equal(refused(await client.waitForDiagnostics(uri)), 0);
    const start = await fileTarget(uri);
    assert.deepEqual({ ...start, targets: start.targets.map((t) => t.id) }, { target: 'wg-quick', source: 'setting', comment: false, setting: 'wg-quick', targets: ['wg-quick', 'wg', 'windows', 'android', 'apple', 'amneziawg'] });

    assert.deepEqual(await run('wgls.server.setTarget', { uri, target: 'android' }), { applied: true });
    assert.equal(client.document(uri).getText(), `# wgls-target android\n${PHONE}`);
    assert.equal(refused(await client.waitForDiagnostics(uri)), 2);
    assert.deepEqual(await fileTarget(uri).then((t) => [t.target, t.source]), ['android', 'comment']);
    assert.equal(client.applyEditRequests.at(-1)?.label, 'Check this file for WireGuard for Android');

    await run('wgls.server.setTarget', { uri, target: 'apple' });
    assert.equal(client.document(uri).getText(), `# wgls-target apple\n${PHONE}`);
    await run('wgls.server.setTarget', { uri, target: null });
    assert.equal(client.document(uri).getText(), PHONE);
    assert.equal(refused(await client.waitForDiagnostics(uri)), 0);
    assert.deepEqual(await fileTarget(uri).then((t) => [t.target, t.source]), ['wg-quick', 'setting']);
    // Nothing to change: no edit sent.
    const sent = client.applyEditRequests.length;
    assert.deepEqual(await run('wgls.server.setTarget', { uri, target: null }), { applied: true });
    assert.equal(client.applyEditRequests.length, sent);
    client.close(uri);
  });

  test('a misspelt comment: checked for the setting, but there is a comment to remove', async () => {
    const uri = testUri('misspelt.conf');
    client.open(uri, `# wgls-target andriod\n${PHONE}`);
    assert.deepEqual(await fileTarget(uri).then((t) => [t.target, t.source, t.comment]), ['wg-quick', 'setting', true]);
    await run('wgls.server.setTarget', { uri, target: null });
    assert.equal(client.document(uri).getText(), PHONE);
    client.close(uri);
  });

  test('an unknown target or document is an error, not a crash', async () => {
    const uri = testUri('other.conf');
    client.open(uri, PHONE);
    await assert.rejects(run('wgls.server.setTarget', { uri, target: 'bsd' }), /unknown target "bsd"/);
    await assert.rejects(fileTarget('file:///nowhere/none.conf'), /not a WireGuard config the server knows/);
    assert.equal(client.document(uri).getText(), PHONE);
    client.close(uri);
  });
});

describe('wgls.server.fileTarget right after start-up', () => {
  test("answers with the user's setting, not the default the server starts with", async () => {
    // The settings pull starts with `initialized`; the client asks at once, before its answer is back.
    const client = await LspClient.start({ configuration: { wgls: { target: 'android', rules: {} } } });
    try {
      const uri = testUri('early.conf');
      client.open(uri, PHONE);
      const t = await client.request<{ target: string; source: string }>('workspace/executeCommand', { command: 'wgls.server.fileTarget', arguments: [{ uri }] });
      assert.deepEqual([t.target, t.source], ['android', 'setting']);
    } finally {
      await client.shutdown();
    }
  });
});

// A multi-root workspace: the phone configs' folder says `"wgls.target": "android"` in its
// .vscode/settings.json, the servers' folder says nothing. Each file is checked for its folder's.
describe('per-folder settings (multi-root)', () => {
  let client: LspClient;
  let phones: string;
  let servers: string;
  before(async () => {
    phones = mkdtempSync(join(tmpdir(), 'wgls-phones-'));
    servers = mkdtempSync(join(tmpdir(), 'wgls-servers-'));
    client = await LspClient.start({
      rootPath: servers,
      moreFolders: [phones],
      configuration: { wgls: { rules: {} } },
      folderConfiguration: { [phones]: { wgls: { target: 'android', rules: { 'missing-keepalive': 'off' } } } },
    });
  });
  after(async () => {
    await client?.shutdown();
    for (const d of [phones, servers]) if (d) rmSync(d, { recursive: true, force: true });
  });

  test("each file is checked for its folder's target; the window-wide settings stay the workspace's", async () => {
    const phone = pathToFileURL(join(phones, 'phone.conf')).toString();
    const server = pathToFileURL(join(servers, 'wg0.conf')).toString();
    client.open(phone, PHONE);
    client.open(server, PHONE);
    // (The first publish may come before the settings pull has landed: wait for the folder's.)
    await client.waitForDiagnostics(phone, (p) => refused(p) === 2); // the Android app refuses PostUp and PostDown
    assert.ok(client.configurationRequests.some((r) => r.items.some((i) => i.scopeUri === pathToFileURL(phones).toString())), 'the folder asked for');
    const onServer = await client.waitForDiagnostics(server);
    assert.equal(refused(onServer), 0, 'wg-quick (the default) runs hooks');
    assert.equal(refused(client.diagnostics(server)!), 0);
    const t = await client.request<{ target: string; setting: string }>('workspace/executeCommand', { command: 'wgls.server.fileTarget', arguments: [{ uri: phone }] });
    assert.deepEqual([t.target, t.setting], ['android', 'android']);
    client.close(phone);
    client.close(server);
  });
});

// A .code-workspace with one folder: the folder's .vscode/settings.json differs from the workspace's
// (the .code-workspace file's), so the one folder is asked for too.
describe('per-folder settings (a workspace file with one folder)', () => {
  test("the folder's target applies", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wgls-one-'));
    const client = await LspClient.start({
      rootPath: folder,
      configuration: { wgls: { rules: {} } },
      folderConfiguration: { [folder]: { wgls: { target: 'android', rules: {} } } },
    });
    try {
      const phone = pathToFileURL(join(folder, 'phone.conf')).toString();
      client.open(phone, PHONE);
      await client.waitForDiagnostics(phone, (p) => refused(p) === 2);
    } finally {
      await client.shutdown();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('a workspace folder added later', () => {
  test('is indexed and checked with its own settings', async () => {
    const first = mkdtempSync(join(tmpdir(), 'wgls-first-'));
    const added = mkdtempSync(join(tmpdir(), 'wgls-added-'));
    writeFileSync(join(added, 'phone.conf'), PHONE, { mode: 0o600 });
    const client = await LspClient.start({
      rootPath: first,
      configuration: { wgls: { rules: {} } },
      folderConfiguration: { [added]: { wgls: { target: 'android' } } },
    });
    try {
      assert.deepEqual(client.initializeResult.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
      const phone = pathToFileURL(join(added, 'phone.conf')).toString();
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: pathToFileURL(added).toString(), name: 'added' }], removed: [] } });
      // Indexed (never opened), and checked for the folder's target: the Android app refuses the hooks.
      await client.waitForDiagnostics(phone, (p) => refused(p) === 2);
    } finally {
      await client.shutdown();
      for (const d of [first, added]) rmSync(d, { recursive: true, force: true });
    }
  });

  test('removed again: its configs leave the workspace (diagnostics cleared) but those still open', async () => {
    const first = mkdtempSync(join(tmpdir(), 'wgls-first-'));
    const added = mkdtempSync(join(tmpdir(), 'wgls-added-'));
    writeFileSync(join(added, 'phone.conf'), PHONE, { mode: 0o600 });
    writeFileSync(join(added, 'tablet.conf'), PHONE, { mode: 0o600 });
    const client = await LspClient.start({ rootPath: first, configuration: { wgls: { target: 'android' } } });
    try {
      const folder = { uri: pathToFileURL(added).toString(), name: 'added' };
      const phone = pathToFileURL(join(added, 'phone.conf')).toString();
      const tablet = pathToFileURL(join(added, 'tablet.conf')).toString();
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
      await client.waitForDiagnostics(phone, (p) => refused(p) === 2);
      client.open(tablet, PHONE);
      await client.waitForDiagnostics(tablet, (p) => refused(p) === 2);
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
      await client.waitForDiagnostics(phone, (p) => p.diagnostics.length === 0);
      // The open one stays: its diagnostics were not cleared (the round trip lets any publish land first).
      await client.request('textDocument/hover', { textDocument: { uri: tablet }, position: { line: 0, character: 1 } });
      assert.equal(refused(client.diagnostics(tablet)!), 2);
      client.close(tablet);
    } finally {
      await client.shutdown();
      for (const d of [first, added]) rmSync(d, { recursive: true, force: true });
    }
  });
});

// Set target on a file that is not open: the edit goes to the file on disk (version null), so it must be
// made for the text on disk now, not the one the index read before another tool changed it (command review:
// the user's new first line was deleted instead of the directive).
describe('setTarget on a closed file', () => {
  const BOM = '\uFEFF';
  /**
   * A server for `dir` whose client does the editor's part for a file it has not open, as VS Code does:
   * the edits applied to its text without a BOM, saved with it (an edit pinned to a version is refused).
   */
  const start = (dir: string) =>
    LspClient.start({
      rootPath: dir,
      configuration: { wgls: { rules: {} } },
      capabilities: { workspace: { applyEdit: true, workspaceEdit: { documentChanges: true }, configuration: true } },
      onApplyEdit: (params) => {
        for (const change of (params.edit.documentChanges ?? []) as TextDocumentEdit[]) {
          if (change.textDocument.version !== null) return { applied: false, failureReason: 'expected a closed file' };
          const path = fileURLToPath(change.textDocument.uri);
          const text = readFileSync(path, 'utf8');
          const bom = text.startsWith(BOM);
          writeFileSync(path, (bom ? BOM : '') + applyTextEdits(bom ? text.slice(1) : text, change.edits as TextEdit[]));
        }
        return { applied: true };
      },
    });

  test('the edit is made for the text on disk now; a deleted file is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgls-closed-target-'));
    const file = join(dir, 'tgt.conf');
    writeFileSync(file, `# wgls-target android\n${PHONE}`, { mode: 0o600 });
    const uri = pathToFileURL(file).toString();
    const client = await start(dir);
    const run = (args: unknown) => client.request('workspace/executeCommand', { command: 'wgls.server.setTarget', arguments: [args] });
    try {
      await client.waitForDiagnostics(uri);
      // Another tool adds a first line; no file event reaches the server.
      writeFileSync(file, `# my important comment\n# wgls-target android\n${PHONE}`);
      assert.deepEqual(await run({ uri, target: null }), { applied: true });
      assert.equal(readFileSync(file, 'utf8'), `# my important comment\n${PHONE}`);
      rmSync(file);
      await assert.rejects(run({ uri, target: 'apple' }), /tgt\.conf no longer exists on disk: nothing was changed\./);
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // VS Code opens a closed file without its BOM (and writes it back on save): an edit for a closed file is
  // made in those columns. Shifted past the BOM as for an open one that kept it, the comment split the
  // header (`[# wgls-target android⏎Interface]`: code-actions review).
  test('a file that starts with a BOM gets edits in the columns VS Code opens it with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgls-closed-bom-'));
    const file = join(dir, 'tgt.conf');
    writeFileSync(file, `${BOM}${PHONE.replace(/\n/g, '\r\n')}`, { mode: 0o600 });
    const uri = pathToFileURL(file).toString();
    const client = await start(dir);
    const run = (args: unknown) => client.request('workspace/executeCommand', { command: 'wgls.server.setTarget', arguments: [args] });
    try {
      await client.waitForDiagnostics(uri);
      assert.deepEqual(await run({ uri, target: 'android' }), { applied: true });
      assert.equal(readFileSync(file, 'utf8'), `${BOM}# wgls-target android\r\n${PHONE.replace(/\n/g, '\r\n')}`);
      assert.deepEqual(await run({ uri, target: 'apple' }), { applied: true });
      assert.equal(readFileSync(file, 'utf8'), `${BOM}# wgls-target apple\r\n${PHONE.replace(/\n/g, '\r\n')}`);
      assert.deepEqual(await run({ uri, target: null }), { applied: true });
      assert.equal(readFileSync(file, 'utf8'), `${BOM}${PHONE.replace(/\n/g, '\r\n')}`);
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the target other configs are read with (settings review)', () => {
  // Two gateways routing one LAN each way: allowed-ips-both-ways under wg-quick (it adds both routes),
  // nothing under plain wg (which adds none).
  const pair = () => {
    const [a, b] = [generateKeyPair(), generateKeyPair()];
    const conf = (self: { privateKey: string }, address: string, peer: string, other: string) =>
      `[Interface]\nPrivateKey = ${self.privateKey}\nAddress = ${address}\nListenPort = 51820\n\n[Peer]\nPublicKey = ${peer}\nAllowedIPs = ${other}/32, 192.168.50.0/24\nEndpoint = 192.0.2.${other.endsWith('1') ? 1 : 2}:51820\n`;
    return { a: conf(a, '10.0.0.1/24', b.publicKey, '10.0.0.2'), b: conf(b, '10.0.0.2/24', a.publicKey, '10.0.0.1') };
  };
  const bothWays = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'allowed-ips-both-ways');

  test('a target set while the files are checked changes the cross-file findings at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgls-target-links-'));
    const { a, b } = pair();
    writeFileSync(join(dir, 'a.conf'), a, { mode: 0o600 });
    writeFileSync(join(dir, 'b.conf'), b, { mode: 0o600 });
    const client = await LspClient.start({ rootPath: dir, configuration: { wgls: { target: 'wg', rules: {} } } });
    try {
      const uri = pathToFileURL(join(dir, 'a.conf')).toString();
      await client.waitForDiagnostics(uri, (p) => !bothWays(p) && p.diagnostics.some((d) => d.code === 'key-not-supported-by-target'));
      client.setConfiguration('wgls', { target: 'wg-quick', rules: {} });
      await client.waitForDiagnostics(uri, bothWays);
      client.setConfiguration('wgls', { target: 'wg', rules: {} });
      await client.waitForDiagnostics(uri, (p) => !bothWays(p));
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("in a multi-root workspace, the other config is read with its own folder's target", async () => {
    const root = mkdtempSync(join(tmpdir(), 'wgls-target-folders-'));
    const [A, B] = [join(root, 'A'), join(root, 'B')];
    const { a, b } = pair();
    for (const [folder, text, name] of [[A, a, 'a.conf'], [B, b, 'b.conf']] as const) {
      mkdirSync(folder);
      writeFileSync(join(folder, name), text, { mode: 0o600 });
    }
    const client = await LspClient.start({ rootPath: A, moreFolders: [B], configuration: { wgls: { rules: {} } }, folderConfiguration: { [B]: { wgls: { target: 'wg' } } } });
    try {
      const bUri = pathToFileURL(join(B, 'b.conf')).toString();
      // b.conf is checked for wg (its folder's setting): it adds no routes, so a.conf's LAN is not routed both ways.
      await client.waitForDiagnostics(bUri, (p) => p.diagnostics.some((d) => d.code === 'key-not-supported-by-target'));
      const aUri = pathToFileURL(join(A, 'a.conf')).toString();
      const published = await client.waitForDiagnostics(aUri, () => true);
      assert.ok(!bothWays(published), JSON.stringify(published.diagnostics.map((d) => d.code)));
    } finally {
      await client.shutdown();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
