import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LANGUAGE_ID, activateExtension, closeDocument, contentDetectionSettled, insertLine, openAsUser, openDocument, openFixture, resetEditors, waitFor, waitForDiagnostics, waitForLanguage, waitForNoDiagnostics } from './util.ts';

suite('language detection', () => {
  teardown(resetEditors);

  test('a file named home.conf whose first header is [Interface] becomes wireguard', async () => {
    const doc = await openFixture('home.conf');
    assert.match(doc.lineAt(0).text, /^#/, 'fixture must start with a comment, so only content detection can apply');
    await waitForLanguage(doc, LANGUAGE_ID);
  });

  test('a header after 250 lines of comments is found, as the server and the CLI find it (client review: 200 lines only)', async () => {
    const doc = await openFixture('late-header.conf');
    assert.equal(doc.lineAt(251).text, '[Interface]');
    await waitForLanguage(doc, LANGUAGE_ID);
  });

  // VS Code reopens it as "properties": content detection must apply again (it once did only the first time).
  test('a file recognised by its content is recognised again when reopened', async () => {
    // (A fixture no test opens with openTextDocument, whose reference would keep it open.)
    let doc = await openAsUser('reopened.conf');
    doc = await waitForLanguage(doc, LANGUAGE_ID);
    await closeDocument(doc);
    const reopened = await openAsUser('reopened.conf');
    await waitForLanguage(reopened, LANGUAGE_ID);
  });

  test('a config pasted into a new untitled document is recognised', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'plaintext');
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# pasted\n[Interface]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\nAddress = 10.0.0.2/32\n'));
    const wg = await waitForLanguage(doc, LANGUAGE_ID);
    // The user picks INI after that: theirs, kept while they type on.
    const ini = await vscode.languages.setTextDocumentLanguage(wg, 'ini');
    const again = await vscode.window.showTextDocument(ini);
    await again.edit((b) => b.insert(new vscode.Position(4, 0), 'ListenPort = 51820\n'));
    // A probe typed into after it: the untitled watcher looks at both in one batch, the edited document first.
    const probe = await vscode.workspace.openTextDocument({ content: '' });
    await (await vscode.window.showTextDocument(probe, vscode.ViewColumn.Two)).edit((b) => b.insert(new vscode.Position(0, 0), '[Interface]\n'));
    await waitForLanguage(probe, LANGUAGE_ID);
    await contentDetectionSettled();
    assert.equal(openDocument(ini.uri)?.languageId, 'ini', 'the user\'s pick was overridden');
  });

  // The saved side of File: Compare with Saved holds the keys too, and the privacy masks apply to
  // WireGuard documents only. (The client review expected it to stay "properties"; in code-server it
  // takes the file's language already, with or without `showModifications` in DETECTED_SCHEMES: this
  // guards what the user needs, the key masked.)
  test('the saved side of Compare with Saved of a config recognised by its content is wireguard, its key hidden', async () => {
    const api = (await activateExtension()).exports as { hiddenKeys(uri: string): ReadonlyArray<{ line: number }> | undefined };
    const settings = vscode.workspace.getConfiguration();
    await settings.update('wgls.privacy.hideKeys', true, vscode.ConfigurationTarget.Global);
    try {
      const doc = await waitForLanguage(await openAsUser('compared.conf'), LANGUAGE_ID);
      await vscode.window.showTextDocument(doc);
      await insertLine(doc, 5, 'ListenPort = 51820');
      await vscode.commands.executeCommand('workbench.files.action.compareWithSaved');
      const saved = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'showModifications' && d.uri.path.endsWith('compared.conf')), { what: 'the saved side to open' });
      await waitForLanguage(saved, LANGUAGE_ID);
      await waitFor(() => api.hiddenKeys(saved.uri.toString())?.some((s) => s.line === 4), { what: "the saved side's PrivateKey to be hidden" });
    } finally {
      await settings.update('wgls.privacy.hideKeys', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('wireguard/fragment.conf is wireguard by its path', async () => {
    const doc = await openFixture('wireguard/fragment.conf');
    assert.doesNotMatch(doc.getText(), /^\s*\[/m, 'fixture must have no section header, so only its path can apply');
    assert.equal(doc.languageId, LANGUAGE_ID);
  });

  test('a .conf deeper below a wireguard folder is not claimed by its path (roles/wireguard/files/sysctl.conf)', async () => {
    const doc = await openFixture('wireguard/clients/fragment.conf');
    assert.doesNotMatch(doc.getText(), /^\s*\[/m, 'fixture must have no section header, so only its path could apply');
    await contentDetectionSettled();
    assert.notEqual(openDocument(doc.uri)?.languageId, LANGUAGE_ID);
  });

  test('a language set by hand sticks: never switched back, also after closing and reopening', async () => {
    // Opened like a user would, so closing the editor really closes the document.
    let doc = await openAsUser('sticky.conf');
    doc = await waitForLanguage(doc, LANGUAGE_ID);
    await waitForDiagnostics(doc.uri, 'mtu-too-high');

    doc = await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    await contentDetectionSettled();
    assert.equal(openDocument(doc.uri)?.languageId, 'plaintext', 'the extension switched the file back after a manual change');
    // Not a WireGuard config to the user any more: none of the problems the server still finds on disk.
    await waitForNoDiagnostics(doc.uri);

    await closeDocument(doc);
    // Closed: the file's problems on disk are shown again (the server is told of no plain-text close:
    // client review, they stayed hidden).
    await waitForDiagnostics(doc.uri, 'mtu-too-high');
    const reopened = await openAsUser('sticky.conf');
    await contentDetectionSettled();
    // Reopened in the language picked by hand: none again.
    await waitForNoDiagnostics(reopened.uri);
    // VS Code itself forgets a hand-picked language once the document is closed and gives
    // the file its default (.conf → properties); what matters here is that content
    // detection, which claimed this file before, respects the user's decision.
    assert.notEqual(openDocument(reopened.uri)?.languageId, LANGUAGE_ID, 'the extension overrode the manual choice after reopening');
  });

  // VS Code reopens a .conf as "properties"; the client restores the language the user picked.
  test('a file reopened after a manual change keeps the hand-picked language (plaintext)', async () => {
    let doc = await openAsUser('sticky.conf');
    doc = await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    await closeDocument(doc);
    const reopened = await openAsUser('sticky.conf');
    await contentDetectionSettled();
    assert.equal(openDocument(reopened.uri)?.languageId, 'plaintext');
  });
});
