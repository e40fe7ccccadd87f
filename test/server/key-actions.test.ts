// Key and peer actions over JSON-RPC, against the real server: the light bulb offers them
// with the right titles and edits; "Add peer" through workspace/executeCommand makes the
// server send one workspace/applyEdit (create the spoke + append to the hub), which this
// client writes to disk; the server then sees both configs clean.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { publicKeyOf } from '../../server/src/core/keys.ts';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ApplyWorkspaceEditParams, CodeAction, CreateFile, TextDocumentEdit as LspTextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, REPO_ROOT, type PublishDiagnosticsParams } from './lsp-client.ts';

/** The server sends plain TextEdits only (no snippet edits). */
type TextDocumentEdit = Omit<LspTextDocumentEdit, 'edits'> & { edits: TextEdit[] };

const serious = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.severity === 1 || d.severity === 2).map((d) => d.code);
const privateKeys = (text: string) => [...text.matchAll(/^PrivateKey = (\S+)/gm)].map((m) => m[1]!);

/** Applies a WorkspaceEdit to files on disk, as an editor would (create never overwrites). */
function applyToDisk(params: ApplyWorkspaceEditParams): { applied: boolean; failureReason?: string } {
  for (const change of params.edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') return { applied: false, failureReason: `unexpected ${change.kind}` };
      const file = fileURLToPath(change.uri);
      if (existsSync(file) && !change.options?.overwrite) return { applied: false, failureReason: `${file} exists` };
      writeFileSync(file, '', { mode: 0o600 });
      continue;
    }
    const file = fileURLToPath(change.textDocument.uri);
    const doc = TextDocument.create(change.textDocument.uri, 'wireguard', 0, readFileSync(file, 'utf8'));
    writeFileSync(file, TextDocument.applyEdits(doc, (change as TextDocumentEdit).edits));
  }
  return { applied: true };
}

describe('key and peer actions over LSP (hub-and-spoke copy on disk)', () => {
  let client: LspClient;
  let dir: string;
  const uri = (name: string) => pathToFileURL(join(dir, name)).toString();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wgls-keys-'));
    cpSync(join(REPO_ROOT, 'examples', 'hub-and-spoke'), dir, { recursive: true });
    for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o600);
    client = await LspClient.start({
      rootPath: dir,
      configuration: { wgls: { rules: {} } },
      capabilities: { workspace: { applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] }, configuration: true } },
      onApplyEdit: applyToDisk,
    });
    // The index is done once the closed hub has its diagnostics.
    await client.waitForDiagnostics(uri('hub.conf'), () => true);
  });
  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const actionsAt = (u: string, line: number) =>
    client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] } });
  /**
   * The edit an action makes when picked: listed with it, or sent by its command (this client does not
   * resolve, and an action reaching a closed config runs as wgls.server.applyAction); the files on disk
   * are put back after.
   */
  async function editWhenPicked(a: CodeAction): Promise<WorkspaceEdit | undefined> {
    if (a.command?.command !== 'wgls.server.applyAction') return a.edit;
    assert.equal(a.edit, undefined);
    const saved = new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const seen = client.applyEditRequests.length;
    await client.request('workspace/executeCommand', { command: a.command.command, arguments: a.command.arguments });
    for (const [f, text] of saved) writeFileSync(join(dir, f), text);
    return client.applyEditRequests[seen]?.edit;
  }

  test('on the hub: "Add peer…" at [Interface]; on a [Peer]: a new PSK written to both ends, one edit, the closed spoke unversioned', async () => {
    const text = readFileSync(join(dir, 'hub.conf'), 'utf8');
    const doc = client.open(uri('hub.conf'), text);
    await client.waitForDiagnostics(uri('hub.conf'));
    const lines = text.split('\n');
    const ifaceActions = await actionsAt(uri('hub.conf'), lines.indexOf('[Interface]'));
    const add = ifaceActions.find((a) => a.title === 'Add peer…');
    assert.ok(add, `titles: ${ifaceActions.map((a) => a.title)}`);
    assert.deepEqual(add.command, { title: 'Add peer…', command: 'wgls.addPeer', arguments: [uri('hub.conf')] });
    assert.ok(!ifaceActions.some((a) => /private key/.test(a.title)), 'a valid key is not offered a replacement');

    const laptopLine = lines.indexOf('# Name = laptop');
    const peerActions = await actionsAt(uri('hub.conf'), laptopLine);
    assert.deepEqual(peerActions.map((a) => a.title), ['Replace the preshared key with a new one (here and in laptop.conf)']);
    // (laptop.conf is closed: the action is a command that makes the edit when it runs.)
    const changes = (await editWhenPicked(peerActions[0]!))!.documentChanges as unknown as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => c.textDocument), [{ uri: uri('hub.conf'), version: doc.version }, { uri: uri('laptop.conf'), version: null }]);
    const [ours, theirs] = changes.map((c) => c.edits[0]!.newText);
    assert.equal(ours, theirs);
    assert.match(ours!, /^[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(ours, 'mTbCjWbtc399zgTbRd/bvCPLOAyEmZVT46Jce5qCOrs=');
    client.close(uri('hub.conf'));
  });

  test('generate private key: offered as the quick fix of invalid-key, with the diagnostic', async () => {
    const u = uri('broken.conf');
    client.open(u, '[Interface]\nPrivateKey = not-a-key\nAddress = 10.9.0.1/24\n');
    const p = await client.waitForDiagnostics(u);
    const diag = p.diagnostics.find((d) => d.code === 'invalid-key')!;
    assert.ok(diag);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: diag.range, context: { diagnostics: [diag] } });
    const gen = actions.find((a) => a.title === 'Generate a new private key')!;
    assert.ok(gen, `titles: ${actions.map((a) => a.title)}`);
    assert.equal(gen.kind, 'quickfix');
    assert.equal(gen.diagnostics?.[0]?.code, 'invalid-key');
    const edit = (gen.edit!.documentChanges![0] as unknown as TextDocumentEdit).edits[0]!;
    assert.deepEqual(edit.range, diag.range);
    client.edit(u, edit.range, edit.newText);
    const fixed = await client.waitForDiagnostics(u);
    assert.ok(!fixed.diagnostics.some((d) => d.code === 'invalid-key'));
    client.close(u);
  });

  // A template's placeholder (`PrivateKey =   # fill in`) is empty-value, not invalid-key: the action was
  // offered on the header only (code-actions review). The key goes into that line; the comment stays.
  test('generate private key: offered on an empty PrivateKey too, written into its line', async () => {
    const u = uri('template.conf');
    client.open(u, '[Interface]\nPrivateKey =   # fill in\nAddress = 10.9.0.1/24\n');
    const diag = (await client.waitForDiagnostics(u)).diagnostics.find((d) => d.code === 'empty-value')!;
    assert.equal(diag?.range.start.line, 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: diag.range, context: { diagnostics: [diag] } });
    const gen = actions.find((a) => a.title === 'Generate a new private key')!;
    assert.ok(gen, `titles: ${actions.map((a) => a.title)}`);
    assert.equal(gen.diagnostics?.[0]?.code, 'empty-value');
    const text = TextDocument.applyEdits(client.document(u), (gen.edit!.documentChanges![0] as unknown as TextDocumentEdit).edits);
    assert.match(text, /^\[Interface\]\nPrivateKey = [A-Za-z0-9+/]{43}= +# fill in\nAddress = 10\.9\.0\.1\/24\n$/);
    client.close(u);
  });

  // Asked on the earlier of two invalid PrivateKey lines, the key went into that line, which wg ignores: the
  // later invalid one still won (code-actions review). It goes into the last, whichever line asked.
  test('generate private key: of two invalid PrivateKey lines, into the one wg reads', async () => {
    const u = uri('twice-bad.conf');
    client.open(u, '[Interface]\nPrivateKey = bad # 1\nPrivateKey = also-bad # 2\nAddress = 10.9.0.1/24\n');
    const first = (await client.waitForDiagnostics(u)).diagnostics.find((d) => d.code === 'invalid-key' && d.range.start.line === 1)!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: first.range, context: { diagnostics: [first] } });
    const gen = actions.find((a) => a.title === 'Generate a new private key')!;
    const text = TextDocument.applyEdits(client.document(u), (gen.edit!.documentChanges![0] as unknown as TextDocumentEdit).edits);
    assert.match(text, /^\[Interface\]\nPrivateKey = bad # 1\nPrivateKey = [A-Za-z0-9+/]{43}= # 2\n/);
    client.close(u);
  });

  test('generate private key in a document whose text keeps a BOM: the line goes after the header, BOM counted', async () => {
    const u = uri('bom.conf');
    client.open(u, '\uFEFF[Interface]\nAddress = 10.9.0.1/24\n');
    await client.waitForDiagnostics(u);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u }, range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, context: { diagnostics: [] },
    });
    const gen = actions.find((a) => a.title === 'Generate a new private key')!;
    assert.ok(gen, `titles: ${actions.map((a) => a.title)}`);
    const edits = (gen.edit!.documentChanges![0] as unknown as TextDocumentEdit).edits;
    const text = TextDocument.applyEdits(client.document(u), edits);
    assert.match(text, /^\uFEFF\[Interface\]\nPrivateKey = [A-Za-z0-9+/]{43}=\nAddress = 10\.9\.0\.1\/24\n$/);
    client.close(u);
  });

  test('create counterpart: on a [Peer] no config owns; a CreateFile that never overwrites, this file gets only the public key', async () => {
    const u = uri('edge.conf');
    const unknownPeer = 'A'.repeat(43) + '=';
    const text = `[Interface]\nPrivateKey = ${privateKeys(readFileSync(join(dir, 'hub.conf'), 'utf8'))[0]!.replace(/^G/, 'H')}\nAddress = 10.50.0.1/24\nListenPort = 51999\n\n[Peer]\n# Name = gadget\nPublicKey = ${unknownPeer}\nAllowedIPs = 10.50.0.9/32\n`;
    client.open(u, text);
    await client.waitForDiagnostics(u);
    const actions = await actionsAt(u, 6);
    const create = actions.find((a) => a.title.startsWith('Create a config for this peer'))!;
    assert.equal(create?.title, 'Create a config for this peer (gadget.conf) with a new key pair');
    const [cf, content, self] = create.edit!.documentChanges! as unknown as [CreateFile, TextDocumentEdit, TextDocumentEdit];
    assert.deepEqual(cf, { kind: 'create', uri: uri('gadget.conf'), options: { overwrite: false, ignoreIfExists: false } });
    assert.equal(content.textDocument.uri, uri('gadget.conf'));
    const newText = content.edits[0]!.newText;
    assert.match(newText, /^Address = 10\.50\.0\.9\/24$/m);
    assert.equal(self.textDocument.uri, u);
    assert.equal(self.edits.length, 1);
    assert.match(self.edits[0]!.newText, /^[A-Za-z0-9+/]{43}=$/);
    // The new private key is only in the new file; this file's own key is in no edit.
    const [newKey] = privateKeys(newText);
    assert.ok(newKey && !self.edits[0]!.newText.includes(newKey));
    assert.ok(!newText.includes(privateKeys(text)[0]!));
    client.close(u);
  });

  // Actions review: the key pair's title named the configs with SaveConfig = true (wg-quick down writes the
  // old key back over one end); the PSK and Create counterpart actions change a key in them too and did not.
  test('the PSK and Create counterpart titles name a config with SaveConfig = true', async () => {
    const text = readFileSync(join(dir, 'hub.conf'), 'utf8').replace('[Interface]\n', '[Interface]\nSaveConfig = true\n');
    client.open(uri('hub.conf'), text);
    await client.waitForDiagnostics(uri('hub.conf'));
    const titles = (await actionsAt(uri('hub.conf'), text.split('\n').indexOf('# Name = laptop'))).map((a) => a.title);
    assert.deepEqual(titles, ['Replace the preshared key with a new one (here and in laptop.conf); hub.conf has SaveConfig = true: take its tunnel down first']);
    client.close(uri('hub.conf'));
    const u = uri('edge-saved.conf');
    const edge = `[Interface]\nSaveConfig = true\nPrivateKey = ${privateKeys(text)[0]!.replace(/^G/, 'J')}\nAddress = 10.51.0.1/24\nListenPort = 51998\n\n[Peer]\n# Name = widget\nPublicKey = ${'B'.repeat(43)}=\nAllowedIPs = 10.51.0.9/32\n`;
    client.open(u, edge);
    await client.waitForDiagnostics(u);
    const create = (await actionsAt(u, 7)).filter((a) => a.title.startsWith('Create a config')).map((a) => a.title);
    assert.deepEqual(create, ['Create a config for this peer (widget.conf) with a new key pair; edge-saved.conf has SaveConfig = true: take its tunnel down first']);
    client.close(u);
  });

  // Mutation review of 9e25a23..HEAD: both ends saved (the PSK is written to both).
  test('MG-o: the PSK title names both ends when both have SaveConfig = true', async () => {
    const saved = (name: string) => readFileSync(join(dir, name), 'utf8').replace('[Interface]\n', '[Interface]\nSaveConfig = true\n');
    const hubText = saved('hub.conf');
    client.open(uri('laptop.conf'), saved('laptop.conf'));
    await client.waitForDiagnostics(uri('laptop.conf'));
    client.open(uri('hub.conf'), hubText);
    await client.waitForDiagnostics(uri('hub.conf'));
    const titles = (await actionsAt(uri('hub.conf'), hubText.split('\n').indexOf('# Name = laptop'))).map((a) => a.title);
    assert.deepEqual(titles, ['Replace the preshared key with a new one (here and in laptop.conf); hub.conf and laptop.conf have SaveConfig = true: take their tunnels down first']);
    client.close(uri('hub.conf'));
    client.close(uri('laptop.conf'));
  });

  test('create counterpart: a name taken by a document open under another spelling of its URI (a literal +) is taken (command review)', async () => {
    const u = uri('edge2.conf');
    const unknownPeer = 'C'.repeat(43) + '=';
    const text = `[Interface]\nPrivateKey = ${privateKeys(readFileSync(join(dir, 'hub.conf'), 'utf8'))[0]!.replace(/^G/, 'K')}\nAddress = 10.51.0.1/24\nListenPort = 51996\n\n[Peer]\n# Name = a+b\nPublicKey = ${unknownPeer}\nAllowedIPs = 10.51.0.9/32\n`;
    // Unsaved, open under Node's spelling (vscode-uri writes a%2Bb.conf): the new config may not take its name.
    const unsaved = pathToFileURL(join(dir, 'a+b.conf')).toString();
    assert.match(unsaved, /a\+b\.conf$/);
    client.open(unsaved, '# not saved yet\n');
    client.open(u, text);
    await client.waitForDiagnostics(u);
    const create = (await actionsAt(u, 6)).find((a) => a.title.startsWith('Create a config for this peer'))!;
    assert.equal(create?.title, 'Create a config for this peer (a+b-2.conf) with a new key pair');
    client.close(u);
    client.close(unsaved);
  });

  test("the other end of a file marked for an app is for the folder's setting: a phone's hub gets wg-quick's hooks", async () => {
    const u = uri('gadget-phone.conf');
    const unknownPeer = 'B'.repeat(43) + '=';
    // A phone's config (marked android) dialling a hub that no config here owns, with a LAN behind the hub.
    const text = `# wgls-target android\n[Interface]\nPrivateKey = ${privateKeys(readFileSync(join(dir, 'hub.conf'), 'utf8'))[0]!.replace(/^G/, 'J')}\nAddress = 10.70.0.2/24\nListenPort = 51997\n\n[Peer]\n# Name = homehub\nPublicKey = ${unknownPeer}\nAllowedIPs = 10.70.0.1/32, 192.168.70.0/24\n`;
    client.open(u, text);
    await client.waitForDiagnostics(u);
    const create = (await actionsAt(u, 7)).find((a) => a.title.startsWith('Create a config for this peer'))!;
    assert.ok(create, 'offered');
    const newText = (create.edit!.documentChanges![1] as unknown as TextDocumentEdit).edits[0]!.newText;
    assert.match(newText, /^PostUp = sysctl -w net\.ipv4\.ip_forward=1$/m, 'the hub is a wg-quick host (the setting), not an Android phone');
    assert.doesNotMatch(newText, /wgls-target/);
    client.close(u);
  });

  test('no Create counterpart for a key one character off a config\'s own (a typo: near-miss-peer-key fixes it)', async () => {
    const u = uri('typo.conf');
    const laptop = publicKeyOf(privateKeys(readFileSync(join(dir, 'laptop.conf'), 'utf8'))[0]!)!;
    const typo = (laptop[0] === 'A' ? 'B' : 'A') + laptop.slice(1);
    const text = `[Interface]\nPrivateKey = ${privateKeys(readFileSync(join(dir, 'hub.conf'), 'utf8'))[0]!.replace(/^G/, 'H')}\nAddress = 10.60.0.1/24\nListenPort = 51998\n\n[Peer]\n# Name = gizmo\nPublicKey = ${typo}\nAllowedIPs = 10.60.0.9/32\n`;
    client.open(u, text);
    await client.waitForDiagnostics(u);
    const titles = (await actionsAt(u, 6)).map((a) => a.title);
    assert.ok(titles.some((t) => t.startsWith('Generate a preshared key')), titles.join(' | '));
    assert.ok(!titles.some((t) => t.startsWith('Create a config for this peer')), titles.join(' | '));
    client.close(u);
  });

  test('Add peer writes the new config for the target setting: plain wg gets no Address line, a comment saying how instead', async () => {
    client.setConfiguration('wgls', { rules: {}, target: 'wg' });
    // Settled once the (closed) hub is checked as plain wg: Address is no key of wg's.
    await client.waitForDiagnostics(uri('hub.conf'), (p) => p.diagnostics.some((d) => d.code === 'key-not-supported-by-target'));
    try {
      await client.request('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: uri('hub.conf'), name: 'plain' }] });
      const text = readFileSync(join(dir, 'plain.conf'), 'utf8');
      assert.doesNotMatch(text, /^Address =/m);
      assert.match(text, /^# Address 10\.0\.0\.5\/24: plain wg assigns none \("ip address add 10\.0\.0\.5\/24 dev <interface>"\)$/m);
      assert.match(text, /^PrivateKey = \S+$/m);
    } finally {
      client.setConfiguration('wgls', { rules: {} });
      const hubText = readFileSync(join(dir, 'hub.conf'), 'utf8');
      writeFileSync(join(dir, 'hub.conf'), hubText.slice(0, hubText.indexOf('\n[Peer]\n# Name = plain')));
      rmSync(join(dir, 'plain.conf'), { force: true });
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('plain.conf'), type: 3 }, { uri: uri('hub.conf'), type: 2 }] });
      await client.waitForDiagnostics(uri('hub.conf'), (p) => p.diagnostics.every((d) => d.code !== 'key-not-supported-by-target'));
    }
  });

  test('Add peer with the closed hub\'s URI spelled otherwise (%68ub.conf, ./): the edit and the result use the index\'s spelling, the hub is not indexed twice', async () => {
    const odd = uri('hub.conf').replace(/\/hub\.conf$/, '/./%68ub.conf');
    const defaults = await client.request<{ addresses: string[] }>('workspace/executeCommand', { command: 'wgls.server.addPeerDefaults', arguments: [{ uri: odd }] });
    assert.ok(defaults.addresses.length > 0, JSON.stringify(defaults));
    const result = await client.request<{ uri: string }>('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: odd, name: 'slate' }] });
    assert.equal(result.uri, uri('slate.conf'));
    const req = client.applyEditRequests.at(-1)!;
    const hubEdit = (req.edit.documentChanges as unknown as TextDocumentEdit[]).find((c) => 'textDocument' in c && c.textDocument.uri !== uri('slate.conf'))!;
    assert.equal(hubEdit.textDocument.uri, uri('hub.conf'));
    // One hub in the index: opened, it has no second self sharing its PrivateKey.
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('slate.conf'), type: 1 }, { uri: uri('hub.conf'), type: 2 }] });
    const hubText = readFileSync(join(dir, 'hub.conf'), 'utf8');
    client.open(uri('hub.conf'), hubText);
    const diags = await client.waitForDiagnostics(uri('hub.conf'), (p) => p.version === client.document(uri('hub.conf')).version && p.diagnostics.every((d) => d.code !== 'counterpart-missing-peer'));
    assert.deepEqual(diags.diagnostics.filter((d) => d.code === 'reused-private-key' || d.code === 'reused-listen-port'), []);
    assert.equal(client.diagnostics(odd), undefined, 'nothing published under the odd spelling');
    client.close(uri('hub.conf'));
    // Put the folder back as the next test expects it.
    writeFileSync(join(dir, 'hub.conf'), hubText.slice(0, hubText.indexOf('\n[Peer]\n# Name = slate')));
    rmSync(join(dir, 'slate.conf'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('slate.conf'), type: 3 }, { uri: uri('hub.conf'), type: 2 }] });
    // The events are handled in the background: until slate.conf has left the index, its address is
    // taken and the next test's spoke gets the one after (a flake seen twice). Asked until it is free.
    const nextAddress = async () =>
      (await client.request<{ addresses: string[] }>('workspace/executeCommand', { command: 'wgls.server.addPeerDefaults', arguments: [{ uri: uri('hub.conf') }] })).addresses[0];
    for (let tries = 0; (await nextAddress()) !== '10.0.0.5/24'; tries++) {
      assert.ok(tries < 500, 'slate.conf never left the index');
      await client.ping();
    }
  });

  test('addPeerDefaults carries what the input boxes check: the prefixes taken and the new config\'s target', async () => {
    const d = await client.request<{ taken: Array<{ prefix: string; by: string }>; target: string; names: string[] }>('workspace/executeCommand', { command: 'wgls.server.addPeerDefaults', arguments: [{ uri: uri('hub.conf') }] });
    assert.equal(d.target, 'wg-quick');
    // The names the hub's peers have: the name box refuses a second "laptop".
    assert.deepEqual([...d.names].sort(), ['laptop', 'nas', 'phone']);
    assert.ok(d.taken.some((t) => t.prefix === '192.168.1.0/24' && /already routes to peer "nas"/.test(t.by)), JSON.stringify(d.taken));
    assert.ok(d.taken.some((t) => t.prefix === '10.0.0.0/24' && /tunnel subnet/.test(t.by)), JSON.stringify(d.taken));
  });

  test('addPeerDefaults asks to confirm for a hub with SaveConfig = true (wg-quick down would write the new [Peer] away; command review)', async () => {
    const defaults = (u: string) => client.request<{ caution?: string; problem?: string }>('workspace/executeCommand', { command: 'wgls.server.addPeerDefaults', arguments: [{ uri: u }] });
    assert.equal((await defaults(uri('hub.conf'))).caution, undefined);
    const saved = uri('saved.conf');
    client.open(saved, readFileSync(join(dir, 'hub.conf'), 'utf8').replace('[Interface]\n', '[Interface]\nSaveConfig = true\n'));
    await client.waitForDiagnostics(saved);
    const d = await defaults(saved);
    assert.equal(d.problem, undefined, 'not a refusal');
    assert.equal(d.caution, 'saved.conf has SaveConfig = true: if its interface is up, wg-quick down writes the running configuration over the file and the new [Peer] is lost. Take it down first (or add the peer with wg set too).');
    client.close(saved);
    // An AmneziaWG config: its tools named (diff review).
    const awg = uri('saved-awg.conf');
    client.open(awg, `# wgls-target amneziawg\n${readFileSync(join(dir, 'hub.conf'), 'utf8').replace('[Interface]\n', '[Interface]\nSaveConfig = true\n')}`);
    await client.waitForDiagnostics(awg);
    assert.match((await defaults(awg)).caution ?? '', /awg-quick down writes the running configuration .* add the peer with awg set too/);
    client.close(awg);
  });

  test('Add peer via workspace/executeCommand: one applyEdit creates the spoke and appends to the hub; both are then clean', async () => {
    const hubBefore = readFileSync(join(dir, 'hub.conf'), 'utf8');
    const result = await client.request<{ uri: string }>('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: uri('hub.conf'), name: 'tablet' }] });
    assert.equal(result.uri, uri('tablet.conf'));
    const req = client.applyEditRequests.at(-1)!;
    assert.equal(req.label, 'Add peer tablet');
    const [cf, content, hubEdit] = req.edit.documentChanges! as unknown as [CreateFile, TextDocumentEdit, TextDocumentEdit];
    assert.equal(req.edit.documentChanges!.length, 3);
    assert.deepEqual(cf, { kind: 'create', uri: uri('tablet.conf'), options: { overwrite: false, ignoreIfExists: false } });
    assert.deepEqual(content.textDocument, { uri: uri('tablet.conf'), version: null });
    assert.deepEqual(hubEdit.textDocument, { uri: uri('hub.conf'), version: null });
    const spoke = readFileSync(join(dir, 'tablet.conf'), 'utf8');
    assert.match(spoke, /^Address = 10\.0\.0\.5\/24$/m);
    assert.match(spoke, /^Endpoint = vpn\.example\.com:51820$/m);
    // Private keys: the spoke's only in the spoke; none in the hub edit.
    assert.equal(privateKeys(spoke).length, 1);
    assert.ok(!hubEdit.edits.some((e) => /PrivateKey/.test(e.newText) || e.newText.includes(privateKeys(spoke)[0]!)));
    const hubAfter = readFileSync(join(dir, 'hub.conf'), 'utf8');
    assert.ok(hubAfter.startsWith(hubBefore), 'the hub keeps every line it had');
    assert.match(hubAfter.slice(hubBefore.length), /^\n\[Peer\]\n# Name = tablet\nPublicKey = \S+\nPresharedKey = \S+\nAllowedIPs = 10\.0\.0\.5\/32\n$/);

    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('tablet.conf'), type: 1 }, { uri: uri('hub.conf'), type: 2 }] });
    // Both files are reloaded from disk asynchronously: wait until the spoke has been checked against the new hub.
    const spokeDiags = await client.waitForDiagnostics(uri('tablet.conf'), (p) => p.diagnostics.every((d) => d.code !== 'counterpart-missing-peer'));
    assert.deepEqual(serious(spokeDiags), []);
    // The hub is re-checked once it lists the spoke (the spoke names the hub, so no counterpart-missing-peer).
    const hubDiags = await client.waitForDiagnostics(uri('hub.conf'), (p) => p.diagnostics.every((d) => d.code !== 'counterpart-missing-peer'));
    assert.deepEqual(serious(hubDiags), []);
  });

  test('Add peer with a name that exists: a clear error, nothing applied', async () => {
    const before = client.applyEditRequests.length;
    await assert.rejects(
      client.request('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: uri('hub.conf'), name: 'laptop' }] }),
      /laptop\.conf already exists/,
    );
    assert.equal(client.applyEditRequests.length, before);
  });

  test('the defaults the client asks with: the guessed endpoint host, the next address, the spokes\' DNS', async () => {
    const d = await client.request<{ endpointHost: string; endpointKnown: boolean; addresses: string[]; dns?: string }>('workspace/executeCommand', {
      command: 'wgls.server.addPeerDefaults',
      arguments: [{ uri: uri('hub.conf') }],
    });
    assert.equal(d.endpointHost, 'vpn.example.com');
    assert.equal(d.endpointKnown, true);
    assert.deepEqual(d.addresses, ['10.0.0.6/24']);
    assert.equal(d.dns, '10.0.0.1');
  });
  test('the defaults say what Add peer would refuse whatever the answers, before the first question (client review)', async () => {
    const ask = (u: string) => client.request<{ problem?: string }>('workspace/executeCommand', { command: 'wgls.server.addPeerDefaults', arguments: [{ uri: u }] });
    const key = 'aFJ0ZXN0LWtleS1mb3Itd2dscy1hZGQtcGVlci0xMjM=';
    client.open(uri('nolisten.conf'), `[Interface]\nPrivateKey = ${key}\nAddress = 10.77.0.1/24\n`);
    client.open(uri('nokey.conf'), '[Interface]\nAddress = 10.78.0.1/24\nListenPort = 51999\n');
    assert.match((await ask(uri('nolisten.conf'))).problem ?? '', /nolisten\.conf has no ListenPort/);
    assert.match((await ask(uri('nokey.conf'))).problem ?? '', /nokey\.conf has no valid PrivateKey/);
    client.close(uri('nolisten.conf'));
    client.close(uri('nokey.conf'));
  });

  // From a review of the commands that write other files.
  test('Add peer twice with the hub closed and no file events: the second reads the hub again, a new address', async () => {
    const addresses: string[] = [];
    for (const name of ['twice1', 'twice2']) {
      await client.request('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: uri('hub.conf'), name }] });
      addresses.push(/^Address = (\S+)$/m.exec(readFileSync(join(dir, `${name}.conf`), 'utf8'))![1]!);
    }
    assert.notEqual(addresses[0], addresses[1]);
    const hub = readFileSync(join(dir, 'hub.conf'), 'utf8');
    assert.equal(hub.match(/^# Name = twice\d$/gm)!.length, 2);
    assert.ok(hub.endsWith(`AllowedIPs = ${addresses[1]!.replace(/\/\d+$/, '/32')}\n`), hub.slice(-200));
  });

  test('Add peer twice at once with the hub closed: one after the other, two addresses (add-peer review)', async () => {
    const names = ['together1', 'together2'];
    await Promise.all(names.map((name) => client.request('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: uri('hub.conf'), name }] })));
    const addresses = names.map((name) => /^Address = (\S+)$/m.exec(readFileSync(join(dir, `${name}.conf`), 'utf8'))![1]!);
    assert.notEqual(addresses[0], addresses[1]);
    const hub = readFileSync(join(dir, 'hub.conf'), 'utf8');
    assert.equal(hub.match(/^# Name = together\d$/gm)!.length, 2);
    const routes = hub.match(/^AllowedIPs = .*$/gm)!;
    assert.equal(new Set(routes).size, routes.length, 'no route twice in the hub');
  });

  test('the hub changed on disk with no event: Add peer appends at its real end, nothing lands inside a peer', async () => {
    const before = readFileSync(join(dir, 'hub.conf'), 'utf8');
    const edited = `# edited by another tool\n# twice\n# three lines\n${before}`;
    writeFileSync(join(dir, 'hub.conf'), edited);
    await client.request('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: uri('hub.conf'), name: 'late' }] });
    const after = readFileSync(join(dir, 'hub.conf'), 'utf8');
    assert.ok(after.startsWith(edited), 'every line kept, in place');
    assert.match(after.slice(edited.length), /^\n\[Peer\]\n# Name = late\nPublicKey = \S+\nPresharedKey = \S+\nAllowedIPs = \S+\n$/);
  });

  test('a PSK action for a closed end changed on disk is not offered with stale positions', async () => {
    const laptop = readFileSync(join(dir, 'laptop.conf'), 'utf8');
    const hubText = readFileSync(join(dir, 'hub.conf'), 'utf8');
    client.open(uri('hub.conf'), hubText);
    await client.waitForDiagnostics(uri('hub.conf'));
    const peerLine = hubText.split('\n').findIndex((l, i, all) => l === '[Peer]' && all.slice(i, i + 4).some((x) => x === '# Name = laptop'));
    const ask = () => client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri('hub.conf') }, range: { start: { line: peerLine, character: 0 }, end: { line: peerLine, character: 0 } }, context: { diagnostics: [] } });
    const psk = (actions: CodeAction[]) => actions.find((a) => /preshared key/.test(a.title) && /laptop\.conf/.test(a.title));
    assert.ok(psk(await ask()), 'offered while laptop.conf is as read');
    writeFileSync(join(dir, 'laptop.conf'), `# moved down\n${laptop}`);
    assert.equal(psk(await ask()), undefined, 'not offered with positions of the old text');
    // Read again meanwhile (in the background): offered again, at the line the key is on now.
    let again: CodeAction | undefined;
    for (let i = 0; i < 200 && !again; i++) {
      await client.ping();
      again = psk(await ask());
    }
    assert.ok(again, 'offered again once laptop.conf was read again');
    const laptopEdit = ((await editWhenPicked(again))!.documentChanges as TextDocumentEdit[]).find((c) => c.textDocument.uri === uri('laptop.conf'))!;
    assert.equal(laptopEdit.edits[0]!.range.start.line, laptop.split('\n').findIndex((l) => l.startsWith('PresharedKey')) + 1);
    client.close(uri('hub.conf'));
    writeFileSync(join(dir, 'laptop.conf'), laptop);
  });

  test('a key pair action for a client that does not resolve: not offered with the positions of a closed config changed on disk (review); a SaveConfig hub is named', async () => {
    const hubText = readFileSync(join(dir, 'hub.conf'), 'utf8');
    const laptopText = readFileSync(join(dir, 'laptop.conf'), 'utf8');
    client.open(uri('laptop.conf'), laptopText);
    await client.waitForDiagnostics(uri('laptop.conf'));
    const header = laptopText.split('\n').indexOf('[Interface]');
    const pair = async () => (await actionsAt(uri('laptop.conf'), header)).find((a) => a.title.startsWith('Replace the key pair'));
    assert.equal((await pair())?.title, 'Replace the key pair with a new one (here and in hub.conf)');
    // (This client does not resolve, and the hub is closed: a command that makes the edit when it runs.)
    assert.equal((await pair())?.command?.command, 'wgls.server.applyAction');
    // Three lines more at the top of the closed hub, and no file event.
    writeFileSync(join(dir, 'hub.conf'), `# a\n# b\n# c\n${hubText}`);
    assert.equal(await pair(), undefined, 'not offered with positions of the old text');
    // Read again meanwhile (in the background): offered again, the hub's key where it is now.
    let again: CodeAction | undefined;
    for (let i = 0; i < 200 && !again; i++) {
      await client.ping();
      again = await pair();
    }
    assert.ok(again, 'offered again once hub.conf was read again');
    const hubEdit = ((await editWhenPicked(again))!.documentChanges as TextDocumentEdit[]).find((c) => c.textDocument.uri === uri('hub.conf'))!;
    const oldPublic = publicKeyOf(privateKeys(laptopText)[0]!)!;
    assert.equal(hubEdit.edits[0]!.range.start.line, hubText.split('\n').findIndex((l) => l.includes(oldPublic)) + 3);
    // The hub with SaveConfig = true: named in the title.
    writeFileSync(join(dir, 'hub.conf'), hubText.replace('[Interface]\n', '[Interface]\nSaveConfig = true\n'));
    let saving: CodeAction | undefined;
    for (let i = 0; i < 200 && !saving?.title.includes('SaveConfig'); i++) {
      await client.ping();
      saving = await pair();
    }
    assert.equal(saving?.title, 'Replace the key pair with a new one (here and in hub.conf); hub.conf has SaveConfig = true: take its tunnel down first');
    client.close(uri('laptop.conf'));
    writeFileSync(join(dir, 'hub.conf'), hubText);
  });

  test('names no tool can use are refused; a link that leads nowhere counts as taken', async () => {
    for (const [name, why] of [['.', /cannot be a config name/], ['..', /cannot be a config name/], ['.hidden', /not starting with \. or -/], ['-x', /not starting with \. or -/]] as const) {
      await assert.rejects(client.request('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: uri('hub.conf'), name }] }), why, name);
    }
    symlinkSync(join(dir, 'nowhere', 'stolen.conf'), join(dir, 'trap.conf'));
    await assert.rejects(client.request('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: uri('hub.conf'), name: 'trap' }] }), /trap\.conf already exists/);
    assert.ok(!existsSync(join(dir, 'nowhere')));
  });

  test('an untitled document: no Add peer or Create counterpart (a new file goes next to this one)', async () => {
    const untitled = 'untitled:Untitled-1';
    const hubText = readFileSync(join(REPO_ROOT, 'examples', 'hub-and-spoke', 'hub.conf'), 'utf8').replace(/^PublicKey = .*$/m, 'PublicKey = ZmVlZGZhY2VmZWVkZmFjZWZlZWRmYWNlZmVlZGZhY2U=');
    client.open(untitled, hubText);
    await client.waitForDiagnostics(untitled);
    await assert.rejects(client.request('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: untitled, name: 'x' }] }), /Save this config to a file first/);
    await assert.rejects(client.request('workspace/executeCommand', { command: 'wgls.server.addPeerDefaults', arguments: [{ uri: untitled }] }), /Save this config to a file first/);
    for (let line = 0; line < hubText.split('\n').length; line++) {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: untitled }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] } });
      assert.ok(!actions.some((a) => /Add peer|Create a config/.test(a.title)), `line ${line}: ${actions.map((a) => a.title).join(' | ')}`);
    }
    client.close(untitled);
  });
});

describe('commands that edit, with a client that does not apply edits (edits review)', () => {
  test('without the workspace/applyEdit capability, Add peer and Set target are refused with the reason, and no edit is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgls-no-apply-'));
    cpSync(join(REPO_ROOT, 'examples', 'hub-and-spoke'), dir, { recursive: true });
    for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o600);
    const hub = pathToFileURL(join(dir, 'hub.conf')).toString();
    const client = await LspClient.start({ rootPath: dir, configuration: { wgls: { rules: {} } }, capabilities: { workspace: { configuration: true } } });
    try {
      await client.waitForDiagnostics(hub, () => true);
      await assert.rejects(client.request('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: hub, name: 'one' }] }), /no workspace\/applyEdit capability/);
      await assert.rejects(client.request('workspace/executeCommand', { command: 'wgls.server.setTarget', arguments: [{ uri: hub, target: 'android' }] }), /no workspace\/applyEdit capability/);
      assert.deepEqual(client.applyEditRequests, []);
      assert.ok(!existsSync(join(dir, 'one.conf')));
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a client that declares no WorkspaceEdit shapes (LSP review: documentChanges and CreateFile are capabilities)', () => {
  test('fixes and key actions come as a plain `changes` map, nothing that creates a file is offered, and Add peer says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgls-plain-edits-'));
    cpSync(join(REPO_ROOT, 'examples', 'hub-and-spoke'), dir, { recursive: true });
    for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o600);
    const hub = pathToFileURL(join(dir, 'hub.conf')).toString();
    const laptop = pathToFileURL(join(dir, 'laptop.conf')).toString();
    // applyEdit, but no workspace.workspaceEdit: neither documentChanges nor resource operations.
    const client = await LspClient.start({ rootPath: dir, configuration: { wgls: { rules: {} } }, capabilities: { workspace: { applyEdit: true, configuration: true } } });
    try {
      await client.waitForDiagnostics(hub, () => true);
      // A peer no config owns (Create a config would be offered to VS Code) and an item with host bits set.
      const text = readFileSync(join(dir, 'hub.conf'), 'utf8').replace('AllowedIPs = 10.0.0.2/32', 'AllowedIPs = 10.0.0.2/24') + `\n[Peer]\n# Name = gadget\nPublicKey = ${'C'.repeat(43)}=\nAllowedIPs = 10.0.0.9/32\n`;
      const doc = client.open(hub, text);
      const diagnostics = (await client.waitForDiagnostics(hub)).diagnostics;
      const lines = text.split('\n');
      const at = (line: number) =>
        client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: hub }, range: { start: { line, character: 0 }, end: { line, character: lines[line]!.length } }, context: { diagnostics: diagnostics.filter((d) => d.range.start.line === line) } });

      const hostBits = lines.indexOf('AllowedIPs = 10.0.0.2/24');
      const mask = (await at(hostBits)).find((a) => /10\.0\.0\.0\/24/.test(a.title));
      assert.ok(mask, (await at(hostBits)).map((a) => a.title).join(' | '));
      assert.equal(mask.edit?.documentChanges, undefined);
      assert.deepEqual(Object.keys(mask.edit?.changes ?? {}), [hub]);
      assert.equal(TextDocument.applyEdits(doc, mask.edit!.changes![hub]!).split('\n')[hostBits], 'AllowedIPs = 10.0.0.0/24');

      // The laptop's PSK is written to both ends at once: two files, one `changes` map (no resolve either).
      const laptopPeer = lines.indexOf('# Name = laptop') - 1;
      // (laptop.conf is closed: run as a command, whose edit the server sends; this client applies nothing.)
      const psk = (await at(laptopPeer + 2)).find((a) => a.title.startsWith('Replace the preshared key'));
      assert.equal(psk?.command?.command, 'wgls.server.applyAction', JSON.stringify(psk));
      assert.deepEqual(await client.request('workspace/executeCommand', { command: psk.command.command, arguments: psk.command.arguments }), { applied: false });
      const sent = client.applyEditRequests.at(-1)!.edit;
      assert.deepEqual(Object.keys(sent.changes ?? {}).sort(), [hub, laptop].sort());
      assert.equal(sent.documentChanges, undefined);

      const gadget = lines.indexOf('# Name = gadget');
      const titles = (await at(gadget)).map((a) => a.title);
      assert.ok(titles.some((t) => t.startsWith('Generate a preshared key')), titles.join(' | '));
      assert.ok(!titles.some((t) => t.startsWith('Create a config for this peer')), titles.join(' | '));

      const header = lines.indexOf('[Interface]');
      assert.ok(!(await at(header)).some((a) => a.title === 'Add peer…'), 'Add peer is not offered (diff review)');
      const sentBefore = client.applyEditRequests.length;
      await assert.rejects(client.request('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: hub, name: 'one' }] }), /no "create" among its workspaceEdit resourceOperations/);
      assert.equal(client.applyEditRequests.length, sentBefore);
      assert.ok(!existsSync(join(dir, 'one.conf')));
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
