// Editor intelligence inside a real VS Code (issue 4's bars): hover teaches AllowedIPs,
// completion is section-aware, the outline names peers, formatting gives the expected text.

import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as vscode from 'vscode';
import { activateExtension, openAsUser, resetEditors, waitFor, workspaceUri } from './util.ts';

const HUB = 'examples/hub-and-spoke/hub.conf';

async function openAsWireGuard(relPath: string): Promise<vscode.TextDocument> {
  await activateExtension();
  const doc = await openAsUser(relPath);
  return doc.languageId === 'wireguard' ? doc : vscode.languages.setTextDocumentLanguage(doc, 'wireguard');
}

const hoverText = (hovers: vscode.Hover[]) =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

function insertAtTop(uri: vscode.Uri, text: string): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), text);
  return edit;
}

function deleteFirstLine(uri: vscode.Uri): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  edit.delete(uri, new vscode.Range(0, 0, 1, 0));
  return edit;
}

suite('editor intelligence', () => {
  teardown(resetEditors);

  test('hover on AllowedIPs shows its four meanings', async () => {
    const doc = await openAsWireGuard(HUB);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('AllowedIPs'));
    const text = await waitFor(async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 3))) ?? [];
      const t = hoverText(hovers);
      return t.includes('AllowedIPs') ? t : undefined;
    }, { what: 'a hover on AllowedIPs' });
    for (const meaning of ['10.0.0.2/32', '10.0.0.0/24', '10.0.0.2/32, 192.168.1.0/24', '0.0.0.0/0, ::/0']) {
      assert.ok(text.includes(meaning), `the hover explains ${meaning}:\n${text}`);
    }
  });

  test('completion inside [Peer] offers PersistentKeepalive and not ListenPort', async () => {
    const doc = await openAsWireGuard(HUB);
    const lines = doc.getText().split('\n');
    const peerLine = lines.findIndex((l) => l.startsWith('AllowedIPs = 10.0.0.3/32'));
    // A new empty line inside the phone's [Peer].
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(peerLine + 1, 0), '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const labels = await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(peerLine + 1, 0));
      const l = (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return l.length ? l : undefined;
    }, { what: 'completion items in [Peer]' });
    assert.ok(labels.some((l) => l.startsWith('PersistentKeepalive')), `PersistentKeepalive offered: ${labels.join(', ')}`);
    assert.ok(!labels.some((l) => l.startsWith('ListenPort')), `ListenPort not offered: ${labels.join(', ')}`);
    assert.ok(!labels.some((l) => l.startsWith('PublicKey')), `PublicKey (already present) not offered: ${labels.join(', ')}`);
  });

  test('the outline of the hub lists the Interface and every peer by name', async () => {
    const doc = await openAsWireGuard(HUB);
    const names = await waitFor(async () => {
      const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? [];
      return symbols.length ? symbols.map((s) => s.name) : undefined;
    }, { what: 'document symbols of hub.conf' });
    assert.equal(names.length, 4, names.join(', '));
    assert.match(names[0]!, /Interface|hub/);
    for (const peer of ['laptop', 'phone', 'nas']) assert.ok(names.some((n) => n.includes(peer)), `${peer} in ${names.join(', ')}`);
  });

  test('hover on a PrivateKey written with a blank inside: its public key, never the key (wg removes the blank)', async () => {
    await activateExtension();
    const pair = generateKeyPairSync('x25519');
    const privateKey = Buffer.from(pair.privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('base64');
    const publicKey = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    const split = `${privateKey.slice(0, 20)} ${privateKey.slice(20)}`;
    const doc = await vscode.workspace.openTextDocument({ language: 'wireguard', content: `[Interface]\nPrivateKey = ${split}\nListenPort = 51820\n` });
    await vscode.window.showTextDocument(doc);
    const text = await waitFor(async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 16))) ?? [];
      const t = hoverText(hovers);
      return t.includes('**Private key**') ? t : undefined;
    }, { what: 'the PrivateKey hover' });
    assert.ok(text.includes(`**Public key:** \`${publicKey}\``), text);
    assert.ok(!text.includes(privateKey.slice(0, 20)) && !text.includes(privateKey.slice(20, 40)) && !text.includes('Not a valid key'), text);
  });

  test('the Hide/Show Key Values command flips wgls.privacy.hideKeys', async () => {
    await activateExtension();
    const read = () => vscode.workspace.getConfiguration().get<boolean>('wgls.privacy.hideKeys');
    const before = read();
    await vscode.commands.executeCommand('wgls.toggleHideKeys');
    await waitFor(() => read() === !before, { what: 'the setting to flip' });
    await vscode.commands.executeCommand('wgls.toggleHideKeys');
    await waitFor(() => read() === before, { what: 'the setting to flip back' });
  });

  test('hidden key values: the own secrets, and another config\'s private key pasted as a PublicKey', async () => {
    const api = (await activateExtension()).exports as { hiddenKeys(uri: string): ReadonlyArray<{ line: number; start: number; end: number }> | undefined };
    // A fresh private key, as wg genkey writes it (base64, not the JWK's base64url).
    const privateKey = () => Buffer.from(generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('base64');
    const [alpha, beta] = [privateKey(), privateKey()];
    const betaText = `[Interface]\nPrivateKey = ${beta}\n\n[Peer]\nPublicKey = ${alpha}\nAllowedIPs = 10.9.0.1/32\n`;
    const folder = workspaceUri('privacy');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'alpha.conf'), new TextEncoder().encode(`[Interface]\nPrivateKey = ${alpha}\nListenPort = 51820\n`));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'beta.conf'), new TextEncoder().encode(betaText));
    const settings = vscode.workspace.getConfiguration();
    await settings.update('wgls.privacy.hideKeys', true, vscode.ConfigurationTarget.Global);
    try {
      const doc = await openAsWireGuard('privacy/beta.conf');
      const lines = await waitFor(() => {
        const spans = api.hiddenKeys(doc.uri.toString());
        return spans?.some((s) => s.line === 4) ? spans.map((s) => s.line) : undefined;
      }, { what: 'the PublicKey holding alpha.conf\'s private key to be hidden (the server knows it from the workspace index)' });
      assert.deepEqual(lines, [1, 4]);
      const at4 = api.hiddenKeys(doc.uri.toString())!.find((s) => s.line === 4)!;
      assert.equal(doc.lineAt(4).text.slice(at4.start, at4.end), alpha);
      // An edit moves the pasted key down a line: hidden at once, before the server's answer for the new
      // version (the client learned the value from the last answer).
      assert.ok(await vscode.workspace.applyEdit(insertAtTop(doc.uri, '# moved\n')));
      assert.ok(api.hiddenKeys(doc.uri.toString())?.some((s) => s.line === 5), 'the moved key is hidden at once');
      assert.ok(await vscode.workspace.applyEdit(deleteFirstLine(doc.uri)));
      await waitFor(() => api.hiddenKeys(doc.uri.toString())?.some((s) => s.line === 4), { what: 'the key back on line 4 to be hidden' });
      // The cursor's line shows its value, in the active editor only.
      const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      editor.selection = new vscode.Selection(1, 0, 1, 0);
      await waitFor(() => !api.hiddenKeys(doc.uri.toString())?.some((s) => s.line === 1), { what: 'the PrivateKey line under the cursor to show' });
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'notes', language: 'plaintext' }), vscode.ViewColumn.Two);
      await waitFor(() => api.hiddenKeys(doc.uri.toString())?.some((s) => s.line === 1), { what: 'the PrivateKey line to hide again once another editor is active' });
    } finally {
      await settings.update('wgls.privacy.hideKeys', undefined, vscode.ConfigurationTarget.Global);
      await resetEditors();
      await vscode.workspace.fs.delete(folder, { recursive: true });
    }
  });

  test('a word is a whole key, address or host: double-click and Ctrl+Right take it at once (editor.wordSeparators for [wireguard])', async () => {
    const doc = await openAsWireGuard(HUB);
    const editor = await vscode.window.showTextDocument(doc);
    const lines = doc.getText().split('\n');
    const wordAt = async (prefix: string) => {
      const line = lines.findIndex((l) => l.startsWith(prefix));
      const start = lines[line]!.indexOf('=') + 2;
      editor.selection = new vscode.Selection(line, start, line, start);
      await vscode.commands.executeCommand('cursorWordEndRightSelect');
      return doc.getText(editor.selection);
    };
    const key = await wordAt('PublicKey');
    assert.match(key, /^[A-Za-z0-9+/]{43}=$/, 'the whole public key, + / and = included');
    assert.match(await wordAt('AllowedIPs'), /^[0-9a-f.:]+\/[0-9]+$/, 'a whole CIDR item');
  });

  test('format document on a messy config gives the expected text', async () => {
    const doc = await openAsWireGuard('editor/wg-messy.conf');
    const expected = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('editor/wg-messy.formatted.txt')));
    const edits = await waitFor(
      async () => (await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 2, insertSpaces: true })) ?? undefined,
      { what: 'formatting edits' },
    );
    const edit = new vscode.WorkspaceEdit();
    edit.set(doc.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.getText(), expected);
    // Formatting a formatted file changes nothing.
    const again = (await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 2, insertSpaces: true })) ?? [];
    assert.deepEqual(again, []);
  });
});
