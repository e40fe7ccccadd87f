// "WireGuard: Show as QR Code" in a real VS Code: a webview tab beside the config, sized for the
// text; nothing for a config too large or an editor that is not WireGuard. (The question before a
// code with a private key is a modal dialog, which a test cannot answer: `confirmed` skips it.)

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openAsUser, resetEditors, waitFor } from './util.ts';

const qrTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('QR: '));

suite('QR code', () => {
  teardown(resetEditors);

  test('the phone config opens as a QR code beside it; a second call replaces the tab', async () => {
    await activateExtension();
    const doc = await openAsUser('examples/hub-and-spoke/phone.conf');
    const shown = await vscode.commands.executeCommand<{ bytes: number; modules: number }>('wgls.showQrCode', { confirmed: true });
    // The text without its comments (client/src/qr.ts qrText, unit-tested with a decoder).
    const expected = doc.getText().split(/\r\n|\r|\n/).filter((l) => !l.trimStart().startsWith('#')).join('\n');
    assert.equal(shown?.bytes, Buffer.byteLength(expected));
    // Version 13 or so for a phone's few hundred bytes at level L: 4 × version + 17 modules a side.
    assert.ok(shown.modules >= 21 && shown.modules <= 177 && (shown.modules - 17) % 4 === 0, String(shown.modules));
    await waitFor(() => qrTabs().find((t) => t.label === 'QR: phone.conf'), { what: 'the QR tab' });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('wgls.showQrCode', { confirmed: true });
    await waitFor(() => (qrTabs().length === 1 ? true : undefined), { what: 'one QR tab, not two' });
    // The code shows the config's keys: closing the config's tab closes it too.
    const configTabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString());
    assert.ok(configTabs.length > 0);
    await vscode.window.tabGroups.close(configTabs);
    await waitFor(() => (qrTabs().length === 0 ? true : undefined), { what: 'the QR tab to close with its config' });
  });

  test('the code follows edits of its config; a config grown past what a code holds closes it', async () => {
    const api = (await activateExtension()).exports as { qrShown(): { uri: string; bytes: number } | undefined };
    const doc = await openAsUser('examples/hub-and-spoke/phone.conf');
    const editor = await vscode.window.showTextDocument(doc);
    const shown = await vscode.commands.executeCommand<{ bytes: number }>('wgls.showQrCode', { confirmed: true });
    assert.equal(api.qrShown()?.bytes, shown.bytes);
    // A DNS line added: the code is drawn again for the new text (a stale one would import the old config).
    const line = doc.getText().split(/\r?\n/).findIndex((l) => l.startsWith('Address'));
    await editor.edit((b) => b.insert(new vscode.Position(line + 1, 0), 'DNS = 10.0.0.1\n'));
    await waitFor(() => (api.qrShown()?.bytes === shown.bytes + 'DNS = 10.0.0.1\n'.length ? true : undefined), { what: 'the code redrawn with the DNS line' });
    // Past what a QR code holds: the tab closes rather than show the old text.
    await editor.edit((b) => b.insert(new vscode.Position(line + 1, 0), `PostUp = ${'x'.repeat(3000)}\n`));
    await waitFor(() => (qrTabs().length === 0 && api.qrShown() === undefined ? true : undefined), { what: 'the QR tab to close' });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('not for an editor that is not WireGuard', async () => {
    await activateExtension();
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'hello' });
    await vscode.window.showTextDocument(doc);
    assert.equal(await vscode.commands.executeCommand('wgls.showQrCode', { confirmed: true }), undefined);
    assert.deepEqual(qrTabs(), []);
  });
});
