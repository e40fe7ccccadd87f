// Code actions that edit another config get their edit at codeAction/resolve, for a client that
// resolves (VS Code): the language client drops the versions of a code action's edit, and VS Code
// keeps a listed action while its own document is unchanged, so an edit computed at listing time
// landed at stale positions once the other config was opened and edited (server/src/lsp/features/
// deferred-actions.ts). Against the real server over JSON-RPC, on a copy of the hub-and-spoke example.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, TextDocumentEdit as LspTextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, REPO_ROOT } from './lsp-client.ts';
import { generateKeyPair, publicKeyOf } from '../../server/src/core/keys.ts';

/** The server sends plain TextEdits only (no snippet edits). */
type TextDocumentEdit = Omit<LspTextDocumentEdit, 'edits'> & { edits: TextEdit[] };

const OTHER_KEY = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const RESOLVING = { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } } };

const changesOf = (a: CodeAction) => (a.edit?.documentChanges ?? []) as unknown as TextDocumentEdit[];
const apply = (text: string, edits: readonly TextEdit[]) => TextDocument.applyEdits(TextDocument.create('x', 'x', 0, text), [...edits]);

// A client that resolves but keeps no `data` (dataSupport) could not send back what finds the fix again.
const NO_DATA = { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } };

for (const [resolving, caps] of [[true, RESOLVING], [false, undefined], [false, NO_DATA]] as const) {
  describe(`actions that edit another config, client ${resolving ? 'resolves' : caps ? 'resolves but keeps no data' : 'does not resolve'} code actions`, () => {
    let client: LspClient;
    let dir: string;
    const uri = (name: string) => pathToFileURL(join(dir, name)).toString();
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'wgls-deferred-'));
      cpSync(join(REPO_ROOT, 'examples', 'hub-and-spoke'), dir, { recursive: true });
      for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o600);
      client = await LspClient.start({ rootPath: dir, ...(caps ? { capabilities: caps } : {}) });
      await client.waitForDiagnostics(uri('hub.conf'), () => true);
    });
    after(async () => {
      await client?.shutdown();
      rmSync(dir, { recursive: true, force: true });
    });

    /** The laptop open with another PresharedKey than the hub's for it: preshared-key-mismatch, and its fixes. */
    async function mismatch(): Promise<{ laptop: string; actions: CodeAction[] }> {
      const laptop = read('laptop.conf').replace(/^PresharedKey = .*$/m, `PresharedKey = ${OTHER_KEY}`);
      const doc = client.open(uri('laptop.conf'), laptop);
      // (Of this version: a publish for the text a test before closed may still be the latest.)
      const p = await client.waitForDiagnostics(uri('laptop.conf'), (d) => d.version === doc.version && d.diagnostics.some((x) => x.code === 'preshared-key-mismatch'));
      const diag = p.diagnostics.find((x) => x.code === 'preshared-key-mismatch')!;
      const ask = () => client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri('laptop.conf') }, range: diag.range, context: { diagnostics: [diag] } });
      // (Asked again while the fix is missing: a guard, the server answers once a config closed by a
      // test before is read back from disk, WorkspaceState.settled.)
      let actions = await ask();
      for (let i = 0; i < 200 && !intoHub(actions); i++) {
        await client.ping();
        actions = await ask();
      }
      return { laptop, actions };
    }
    const intoHub = (actions: CodeAction[]) => actions.find((a) => a.title === 'Write this PresharedKey into hub.conf');
    /**
     * The edit picking an action makes: resolved (a client that resolves), or the one the server sends when
     * the action's command runs (an action that reaches a closed config, for a client that does not
     * resolve), or the one listed with it. Undefined when refused.
     */
    const pickedEdit = async (a: CodeAction): Promise<WorkspaceEdit | undefined> => {
      if (resolving) return (await client.request<CodeAction>('codeAction/resolve', a)).edit;
      if (!a.command) return a.edit;
      const seen = client.applyEditRequests.length;
      await client.request('workspace/executeCommand', { command: a.command.command, arguments: a.command.arguments });
      return client.applyEditRequests[seen]?.edit;
    };
    const pickedChanges = async (a: CodeAction) => ((await pickedEdit(a))?.documentChanges ?? []) as unknown as TextDocumentEdit[];
    const here = (actions: CodeAction[]) => actions.find((a) => a.title === "Use hub.conf's PresharedKey here");

    test('listed: the fix for this file carries its edit; the one for the other config waits for resolve (if the client resolves)', async () => {
      const { actions } = await mismatch();
      assert.ok(here(actions)?.edit, 'the fix of this file has its edit');
      const other = intoHub(actions);
      assert.ok(other, `titles: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(other.edit, undefined);
      if (resolving) {
        assert.deepEqual(Object.keys(other.data as object).sort(), ['range', 'rule', 'title', 'uri', 'version', 'wgls']);
      } else {
        // A command that makes the edit when it runs: the hub is closed, and its edit would carry no version
        // the client could refuse it by (code-actions review).
        assert.equal(other.command?.command, 'wgls.server.applyAction');
        assert.deepEqual(Object.keys((other.command!.arguments![0] as { data: object }).data).sort(), ['range', 'rule', 'title', 'uri', 'version', 'wgls']);
        assert.deepEqual(changesOf({ title: '', edit: await pickedEdit(other) }).map((c) => c.textDocument), [{ uri: uri('hub.conf'), version: null }]);
      }
      client.close(uri('laptop.conf'));
    });

    test('the other config opened, edited, closed without saving: the edit is made from the disk, not the discarded text (resolve review)', async () => {
      const { actions } = await mismatch();
      const disk = read('hub.conf');
      // Listed now (a client that does not resolve) or later: either way after the close.
      const listed = intoHub(actions)!;
      client.open(uri('hub.conf'), `# 1\n# 2\n# 3\n# 4\n# 5\n${disk}`, { version: 3 });
      client.close(uri('hub.conf'));
      const edit = (await pickedChanges(listed))[0];
      assert.ok(edit, 'offered');
      assert.deepEqual(edit.textDocument, { uri: uri('hub.conf'), version: null });
      const after = apply(disk, edit.edits);
      const lines = disk.split('\n');
      const changed = after.split('\n').map((l, i) => (l === lines[i] ? -1 : i)).filter((i) => i >= 0);
      assert.equal(changed.length, 1, after);
      assert.equal(after.split('\n')[changed[0]!], `PresharedKey = ${OTHER_KEY}`);
      client.close(uri('laptop.conf'));
    });

    test(`new keys (a private key, a preshared key, a new config's key pair) are made ${resolving ? 'when the action is picked, not listed' : 'in the listing'}`, async () => {
      const keyOf = (a: CodeAction) => {
        const texts = (a.edit?.documentChanges ?? []).flatMap((c) => ('edits' in c ? c.edits.map((e) => ('newText' in e ? e.newText : '')) : []));
        return texts.join('\n').match(/[A-Za-z0-9+/]{43}=/g) ?? [];
      };
      const listed = async (u: string, line: number) =>
        client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] } });
      const picked = async (a: CodeAction) => (resolving ? client.request<CodeAction>('codeAction/resolve', a) : a);
      // A config without a key (not on disk): Generate a new private key, on its header.
      const keyless = uri('keyless.conf');
      client.open(keyless, '[Interface]\nAddress = 10.0.0.9/24\n');
      await client.waitForDiagnostics(keyless);
      const generate = (await listed(keyless, 0)).find((a) => a.title === 'Generate a new private key')!;
      assert.ok(generate);
      assert.equal(generate.edit === undefined, resolving);
      if (resolving) assert.deepEqual(generate.data, { wgls: 'private-key', uri: keyless, version: 1 });
      const first = keyOf(await picked(generate));
      assert.equal(first.length, 1);
      if (resolving) assert.notDeepEqual(keyOf(await picked(generate)), first, 'another key each time it is picked');
      client.close(keyless);
      // A peer no config owns on the hub: a preshared key for it alone, and a config for it.
      const hubText = `${read('hub.conf')}\n[Peer]\n# Name = gadget\nPublicKey = ${OTHER_KEY}\nAllowedIPs = 10.0.0.9/32\n`;
      client.open(uri('hub.conf'), hubText, { version: 5 });
      await client.waitForDiagnostics(uri('hub.conf'), (p) => p.version === 5);
      const gadget = hubText.split('\n').indexOf('# Name = gadget');
      const actions = await listed(uri('hub.conf'), gadget);
      const psk = actions.find((a) => a.title === 'Generate a preshared key')!;
      const create = actions.find((a) => a.title === 'Create a config for this peer (gadget.conf) with a new key pair')!;
      assert.ok(psk && create, actions.map((a) => a.title).join(' | '));
      for (const a of [psk, create]) assert.equal(a.edit === undefined, resolving, a.title);
      assert.ok(!JSON.stringify(actions).includes('A'.repeat(43)), 'no placeholder key is ever sent');
      assert.equal(keyOf(await picked(psk)).length, 1);
      const made = await picked(create);
      assert.deepEqual((made.edit?.documentChanges ?? [])[0], { kind: 'create', uri: uri('gadget.conf'), options: { overwrite: false, ignoreIfExists: false } });
      assert.match(JSON.stringify(made.edit), /PrivateKey = [A-Za-z0-9+/]{43}=/);
      if (resolving) assert.notEqual(JSON.stringify((await picked(create)).edit), JSON.stringify(made.edit), 'a new key pair each time it is picked');
      client.close(uri('hub.conf'));
    });

    test("a new key pair for the hub: its PrivateKey and every spoke's [Peer] for it, made when picked; the spokes clean after", async () => {
      const hubText = read('hub.conf');
      const hub = client.open(uri('hub.conf'), hubText);
      await client.waitForDiagnostics(uri('hub.conf'));
      const lines = hubText.split('\n');
      const ask = (line: number) => client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri('hub.conf') }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] } });
      const title = 'Replace the key pair with a new one (here and in laptop.conf and 2 more configs)';
      const header = (await ask(lines.indexOf('[Interface]'))).find((a) => a.title === title);
      assert.ok(header, 'on the header');
      const onKey = (await ask(lines.findIndex((l) => l.startsWith('PrivateKey')))).find((a) => a.title === title);
      assert.ok(onKey, 'on the PrivateKey line');
      assert.ok(!(await ask(lines.findIndex((l) => l.startsWith('ListenPort')))).some((a) => a.title.startsWith('Replace the key pair')), 'not on the other lines');
      // (The spokes are closed: a client that does not resolve gets a command, as for a fix.)
      assert.equal(header.edit, undefined);
      assert.equal(header.command?.command, resolving ? undefined : 'wgls.server.applyAction');
      const changes = await pickedChanges(header);
      assert.deepEqual(changes.map((c) => c.textDocument), [{ uri: uri('hub.conf'), version: hub.version }, ...['laptop', 'nas', 'phone'].map((n) => ({ uri: uri(`${n}.conf`), version: null }))]);
      const key = changes[0]!.edits[0]!.newText;
      assert.match(key, /^[A-Za-z0-9+/]{43}=$/);
      assert.equal(apply(hubText, changes[0]!.edits), hubText.replace(/^PrivateKey = .*$/m, `PrivateKey = ${key}`));
      const oldPublic = publicKeyOf(/^PrivateKey = (\S+)/m.exec(hubText)![1]!)!;
      // Applied to the open hub as the editor would, then to each spoke.
      client.edit(uri('hub.conf'), changes[0]!.edits[0]!.range, key);
      for (const c of changes.slice(1)) {
        const name = c.textDocument.uri.slice(c.textDocument.uri.lastIndexOf('/') + 1);
        // Only the public key goes to the spokes, never the new private key.
        assert.deepEqual(c.edits.map((e) => e.newText), [publicKeyOf(key)]);
        const spoke = read(name);
        const after = apply(spoke, c.edits);
        assert.equal(after, spoke.replace(oldPublic, publicKeyOf(key)!));
        // The spoke with the edit, open: both ends agree (no counterpart problem on either side).
        const opened = client.open(c.textDocument.uri, after);
        const p = await client.waitForDiagnostics(c.textDocument.uri, (d) => d.version === opened.version);
        assert.deepEqual(p.diagnostics.filter((d) => String(d.code).startsWith('counterpart') || d.code === 'peer-key-unknown').map((d) => d.code), [], name);
      }
      for (const n of ['laptop', 'nas', 'phone']) client.close(uri(`${n}.conf`));
      client.close(uri('hub.conf'));
    });

    // The review's case for a client that does not resolve: another tool wrote the closed hub (no file event)
    // between the listing and the pick. Listed with its edit, the new lines went to the old positions.
    test('the other config written on disk after the listing, no file event: refused, the file as the tool left it', async () => {
      const { actions } = await mismatch();
      const before = read('hub.conf');
      const moved = `# pulled from git\n# twice\n${before}`;
      writeFileSync(join(dir, 'hub.conf'), moved);
      try {
        const seen = client.messageRequests.length;
        const edit = await pickedEdit(intoHub(actions)!);
        if (edit) {
          // (A client that resolves may be answered from the new text once the server has read it.)
          assert.ok(resolving, 'a client that does not resolve is refused');
          const after = apply(moved, changesOf({ title: '', edit })[0]!.edits);
          assert.equal(after.split('\n').filter((l, i) => l !== moved.split('\n')[i]).length, 1, after);
        } else {
          assert.match(client.messageRequests[seen]?.message ?? '', /"Write this PresharedKey into hub\.conf" was not applied: a config it edits changed on disk/);
        }
        assert.equal(read('hub.conf'), moved);
      } finally {
        writeFileSync(join(dir, 'hub.conf'), before);
        client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('hub.conf'), type: 2 }] });
        client.close(uri('laptop.conf'));
      }
    });

    if (!resolving) return;

    test('the other config opened and edited after the listing: the resolved edit lands where its line is now', async () => {
      const { actions } = await mismatch();
      const listed = intoHub(actions)!;
      // The user opens the hub and types three comment lines at the top (unsaved) before picking the fix.
      const hubText = `# one\n# two\n# three\n${read('hub.conf')}`;
      const hub = client.open(uri('hub.conf'), hubText, { version: 4 });
      await client.waitForDiagnostics(uri('hub.conf'), (p) => p.version === 4);
      const resolved = await client.request<CodeAction>('codeAction/resolve', listed);
      const changes = changesOf(resolved);
      assert.deepEqual(changes.map((c) => c.textDocument), [{ uri: uri('hub.conf'), version: hub.version }]);
      const after = apply(hubText, changes[0]!.edits);
      // Only the laptop's PresharedKey line changed, and it is the laptop's key now.
      const before = hubText.split('\n');
      const changed = after.split('\n').map((l, i) => (l === before[i] ? -1 : i)).filter((i) => i >= 0);
      assert.equal(changed.length, 1, after);
      assert.equal(after.split('\n')[changed[0]!], `PresharedKey = ${OTHER_KEY}`);
      const laptopPeer = before.findIndex((l) => l === '# Name = laptop');
      assert.ok(changed[0]! > laptopPeer && changed[0]! < laptopPeer + 5, `line ${changed[0]} is in the laptop's [Peer] (from line ${laptopPeer})`);
      assert.equal(resolved.data, undefined);
      client.close(uri('hub.conf'));
      client.close(uri('laptop.conf'));
    });

    test('the other config changed on disk (a watched-file event) just before the fix is picked: made from the new text', async () => {
      const { actions } = await mismatch();
      const before = read('hub.conf');
      const moved = `# pulled from git\n# twice\n# three\n${before}`;
      writeFileSync(join(dir, 'hub.conf'), moved);
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('hub.conf'), type: 2 }] });
      try {
        const seen = client.messageRequests.length;
        const edit = changesOf(await client.request<CodeAction>('codeAction/resolve', intoHub(actions)!))[0];
        assert.ok(edit, `refused: ${client.messageRequests.slice(seen).map((m) => m.message).join(' | ')}`);
        const after = apply(moved, edit.edits);
        const changed = after.split('\n').map((l, i) => (l === moved.split('\n')[i] ? -1 : i)).filter((i) => i >= 0);
        assert.equal(changed.length, 1, after);
        assert.equal(after.split('\n')[changed[0]!], `PresharedKey = ${OTHER_KEY}`);
      } finally {
        writeFileSync(join(dir, 'hub.conf'), before);
        client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('hub.conf'), type: 2 }] });
        client.close(uri('laptop.conf'));
      }
    });

    test('data made by hand for a new private key of a config that has one: refused, the key stays (code-actions review)', async () => {
      const hubText = read('hub.conf');
      const hub = client.open(uri('hub.conf'), hubText);
      await client.waitForDiagnostics(uri('hub.conf'));
      const seen = client.messageRequests.length;
      const resolved = await client.request<CodeAction>('codeAction/resolve', { title: 'Generate a new private key', data: { wgls: 'private-key', uri: uri('hub.conf'), version: hub.version } });
      assert.equal(resolved.edit, undefined);
      assert.match(client.messageRequests[seen]?.message ?? '', /"Generate a new private key" was not applied: the config has a valid PrivateKey/);
      client.close(uri('hub.conf'));
    });

    test('its own document edited since the listing: not applied, and the user is told why', async () => {
      const { actions } = await mismatch();
      client.edit(uri('laptop.conf'), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# edited\n');
      const seen = client.messageRequests.length;
      const resolved = await client.request<CodeAction>('codeAction/resolve', intoHub(actions)!);
      assert.equal(resolved.edit, undefined);
      // (showWarningMessage is a window/showMessageRequest, sent before the answer.)
      const warning = client.messageRequests[seen]!;
      assert.equal(warning.type, 2);
      assert.match(warning.message, /"Write this PresharedKey into hub\.conf" was not applied: laptop\.conf changed since the fix was listed/);
      client.close(uri('laptop.conf'));
    });

    test('the fix gone by resolve time (the other config now agrees): not applied', async () => {
      const { actions } = await mismatch();
      const hubText = read('hub.conf');
      const laptopPeer = hubText.split('\n').findIndex((l) => l === '# Name = laptop');
      const pskLine = hubText.split('\n').findIndex((l, i) => i > laptopPeer && l.startsWith('PresharedKey'));
      client.open(uri('hub.conf'), hubText.split('\n').map((l, i) => (i === pskLine ? `PresharedKey = ${OTHER_KEY}` : l)).join('\n'), { version: 2 });
      await client.waitForDiagnostics(uri('laptop.conf'), (p) => !p.diagnostics.some((d) => d.code === 'preshared-key-mismatch'));
      const seen = client.messageRequests.length;
      const resolved = await client.request<CodeAction>('codeAction/resolve', intoHub(actions)!);
      assert.equal(resolved.edit, undefined);
      assert.match(client.messageRequests[seen]?.message ?? '', /the other config changed, and this fix no longer applies/);
      client.close(uri('hub.conf'));
      client.close(uri('laptop.conf'));
    });

    test('a new preshared key for both ends: made at resolve, the same key in both, each end at its current lines', async () => {
      const hubText = read('hub.conf');
      const hub = client.open(uri('hub.conf'), hubText);
      await client.waitForDiagnostics(uri('hub.conf'));
      const line = hubText.split('\n').indexOf('# Name = laptop');
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri('hub.conf') }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] } });
      const psk = actions.find((a) => a.title === 'Replace the preshared key with a new one (here and in laptop.conf)');
      assert.ok(psk, `titles: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(psk.edit, undefined);
      // The laptop opened and moved down two lines before the action is picked.
      const laptopText = `# a\n# b\n${read('laptop.conf')}`;
      const laptop = client.open(uri('laptop.conf'), laptopText, { version: 9 });
      await client.waitForDiagnostics(uri('laptop.conf'), (p) => p.version === 9);
      const resolved = await client.request<CodeAction>('codeAction/resolve', psk);
      const changes = changesOf(resolved);
      assert.deepEqual(changes.map((c) => c.textDocument), [{ uri: uri('hub.conf'), version: hub.version }, { uri: uri('laptop.conf'), version: laptop.version }]);
      const [ours, theirs] = changes.map((c) => c.edits[0]!.newText);
      assert.match(ours!, /^[A-Za-z0-9+/]{43}=$/);
      assert.equal(theirs, ours);
      const newLaptop = apply(laptopText, changes[1]!.edits);
      assert.equal(newLaptop, laptopText.replace(/^PresharedKey = .*$/m, `PresharedKey = ${ours}`));
      // Picked again: another key (made when picked, not when listed).
      const again = changesOf(await client.request<CodeAction>('codeAction/resolve', psk));
      assert.notEqual(again[0]!.edits[0]!.newText, ours);
      client.close(uri('laptop.conf'));
      client.close(uri('hub.conf'));
    });

    test('a new key pair picked after another config started to list this one: refused, the title named others', async () => {
      const laptopText = read('laptop.conf');
      client.open(uri('laptop.conf'), laptopText);
      await client.waitForDiagnostics(uri('laptop.conf'));
      const line = laptopText.split('\n').indexOf('[Interface]');
      const ask = () => client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri('laptop.conf') }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] } });
      const pair = (await ask()).find((a) => a.title === 'Replace the key pair with a new one (here and in hub.conf)');
      assert.ok(pair, (await ask()).map((a) => a.title).join(' | '));
      const laptopPublic = publicKeyOf(/^PrivateKey = (\S+)/m.exec(laptopText)![1]!)!;
      const other = generateKeyPair();
      client.open(uri('backup-hub.conf'), `[Interface]\nPrivateKey = ${other.privateKey}\nListenPort = 51821\nAddress = 10.8.0.1/24\n\n[Peer]\nPublicKey = ${laptopPublic}\nAllowedIPs = 10.8.0.2/32\n`);
      await client.waitForDiagnostics(uri('backup-hub.conf'));
      const seen = client.messageRequests.length;
      const resolved = await client.request<CodeAction>('codeAction/resolve', pair);
      assert.equal(resolved.edit, undefined);
      assert.match(client.messageRequests[seen]?.message ?? '', /the configs that list this one changed/);
      client.close(uri('backup-hub.conf'));
      client.close(uri('laptop.conf'));
    });

    test("a config for the peer, picked after another config took the peer's key: refused (diff review)", async () => {
      const gadget = generateKeyPair();
      const hubText = `${read('hub.conf')}\n[Peer]\n# Name = gadget\nPublicKey = ${gadget.publicKey}\nAllowedIPs = 10.0.0.9/32\n`;
      client.open(uri('hub.conf'), hubText, { version: 11 });
      await client.waitForDiagnostics(uri('hub.conf'), (p) => p.version === 11);
      const line = hubText.split('\n').indexOf('# Name = gadget');
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri('hub.conf') }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] } });
      const create = actions.find((a) => a.title.startsWith('Create a config for this peer'))!;
      assert.ok(create, actions.map((a) => a.title).join(' | '));
      // The gadget's own config opened meanwhile (it lists the hub back): the hub's document is unchanged.
      const hubKey = publicKeyOf(/^PrivateKey = (\S+)/m.exec(hubText)![1]!)!;
      client.open(uri('gadget-own.conf'), `[Interface]\nPrivateKey = ${gadget.privateKey}\nAddress = 10.0.0.9/24\n\n[Peer]\nPublicKey = ${hubKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = vpn.example.com:51820\nPersistentKeepalive = 25\n`);
      await client.waitForDiagnostics(uri('gadget-own.conf'));
      const seen = client.messageRequests.length;
      const resolved = await client.request<CodeAction>('codeAction/resolve', create);
      assert.equal(resolved.edit, undefined);
      assert.match(client.messageRequests[seen]?.message ?? '', /a config for the peer's key exists now/);
      client.close(uri('gadget-own.conf'));
      client.close(uri('hub.conf'));
    });

    test('a refusal quotes the title as sent back, with no key in it', async () => {
      const { actions } = await mismatch();
      client.edit(uri('laptop.conf'), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# edited\n');
      const seen = client.messageRequests.length;
      await client.request<CodeAction>('codeAction/resolve', { ...intoHub(actions)!, title: `Write ${OTHER_KEY} into hub.conf` });
      const message = client.messageRequests[seen]?.message ?? '';
      assert.match(message, /was not applied/);
      assert.ok(!message.includes(OTHER_KEY), message);
      client.close(uri('laptop.conf'));
    });

    test('resolve of an action that is not a deferred one comes back as it was; malformed params get InvalidParams', async () => {
      const plain = { title: 'x', kind: 'quickfix', data: { wgls: 'fix', uri: 42 } };
      assert.deepEqual(await client.request('codeAction/resolve', plain), plain);
      await assert.rejects(client.request('codeAction/resolve', { kind: 'quickfix' }), /title must be a string/);
    });
  });
}
