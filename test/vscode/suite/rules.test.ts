// Diagnostics and quick fixes inside a real VS Code (issue 3's bar): the overlap, MTU and
// keepalive diagnostics appear on a fixture; each one's quick fix, applied through the
// editor, makes it go away.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, diagnosticsFor, openAsUser, resetEditors, waitFor, waitForDiagnostics, waitForNoDiagnostics, workspaceUri } from './util.ts';

const FIXTURE = 'editor/wg-rules.conf';

async function applyQuickFix(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic, code: string): Promise<string> {
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  // Actions at the diagnostic's range that edit the file (the command's result carries no diagnostics).
  // Not the "Ignore …" actions: these tests are about fixing the config, not silencing wgls.
  const fixes = actions.filter((a) => a.edit && a.kind?.value === vscode.CodeActionKind.QuickFix.value && !a.title.startsWith('Ignore '));
  const fix = fixes.find((a) => a.isPreferred) ?? fixes[0];
  assert.ok(fix, `a quick fix for ${code}; offered: ${actions.map((a) => a.title).join('; ')}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit!), `the quick fix "${fix.title}" applies`);
  return fix.title;
}

suite('diagnostics and quick fixes', () => {
  teardown(resetEditors);

  for (const code of ['mtu-too-high', 'allowed-ips-overlap', 'missing-keepalive']) {
    test(`${code} appears, and its quick fix clears it`, async () => {
      await activateExtension();
      const doc = await openAsUser(FIXTURE);
      assert.equal(doc.languageId, 'wireguard');
      const [diagnostic] = await waitForDiagnostics(doc.uri, code);
      const title = await applyQuickFix(doc, diagnostic!, code);
      await waitForNoDiagnostics(doc.uri, code, { what: `${code} to go away after "${title}"` });
    });
  }

  test('"Ignore … on this line" writes the comment above, silences only that problem, and undoes', async () => {
    await activateExtension();
    const doc = await openAsUser(FIXTURE);
    const original = doc.getText();
    const [mtu] = await waitForDiagnostics(doc.uri, 'mtu-too-high');
    await waitForDiagnostics(doc.uri, 'allowed-ips-overlap');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, mtu!.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const titles = actions.map((a) => a.title);
    const ignore = actions.find((a) => a.title === 'Ignore mtu-too-high on this line');
    assert.ok(ignore?.edit, `offered: ${titles.join('; ')}`);
    // The real fixes come first; the ignore actions close the menu.
    const fix1420 = titles.indexOf('Set MTU to 1420 (Ethernet / broadband: 1500 − 80)');
    assert.ok(fix1420 >= 0 && titles.indexOf('Ignore mtu-too-high on this line') > fix1420, titles.join('; '));
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    const line = mtu!.range.start.line;
    assert.equal(doc.lineAt(line).text, '# wgls-disable-next-line mtu-too-high');
    assert.equal(doc.lineAt(line + 1).text, 'MTU = 1500');
    await waitForNoDiagnostics(doc.uri, 'mtu-too-high', { what: 'mtu-too-high to go after the ignore comment' });
    assert.ok(diagnosticsFor(doc.uri, 'allowed-ips-overlap').length > 0, 'the other problems stay');
    // One undo takes the comment out again and the warning comes back.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === original, { what: 'undo to restore the file' });
    await waitForDiagnostics(doc.uri, 'mtu-too-high');
  });

  test('the MTU fix writes 1420 exactly where the value was', async () => {
    await activateExtension();
    const doc = await openAsUser(FIXTURE);
    const [diagnostic] = await waitForDiagnostics(doc.uri, 'mtu-too-high');
    assert.equal(doc.getText(diagnostic!.range), '1500');
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Warning);
    await applyQuickFix(doc, diagnostic!, 'mtu-too-high');
    assert.equal(doc.lineAt(diagnostic!.range.start.line).text, 'MTU = 1420');
  });
});

suite('fix all', () => {
  const FIXALL = 'editor/wg-fixall.conf';
  const FIXED = [
    '[Interface]',
    'PrivateKey = eIbXf41T0di/WFKdeFeOyLgOOVrbZMfS01v24iukf0g=',
    'Address = 10.78.0.2/24',
    'ListenPort = 51830',
    '',
    '[Peer]',
    'PublicKey = lKHs0I2XPS3GnK2lbAuYYfwx3+rM9HVsVSB2qphOwkw=',
    'AllowedIPs = 10.78.0.1/32',
    '',
  ].join('\n');
  const body = (doc: vscode.TextDocument) => doc.getText().split('\n').slice(2).join('\n');

  teardown(async () => {
    await resetEditors();
    await vscode.workspace.fs.delete(workspaceUri('.vscode/settings.json')).then(undefined, () => undefined);
  });

  test('the source.fixAll action repairs every mechanical problem in one edit, comments kept', async () => {
    await activateExtension();
    const doc = await openAsUser(FIXALL);
    await waitForDiagnostics(doc.uri, 'key-spacing');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.SourceFixAll.value)) ?? [];
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.wgls');
    assert.ok(fixAll?.edit, `offered: ${actions.map((a) => `${a.title} (${a.kind?.value})`).join('; ')}`);
    assert.equal(fixAll.title, 'Fix all auto-fixable problems (4)');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.equal(body(doc), FIXED);
    assert.ok(doc.lineAt(0).text.startsWith('# Only mechanical mistakes'), 'the comment stays');
    await waitForNoDiagnostics(doc.uri, undefined, { what: 'every diagnostic to go after Fix all' });
  });

  test('editor.codeActionsOnSave runs it when the file is saved', async () => {
    await activateExtension();
    await vscode.workspace.getConfiguration('editor', { languageId: 'wireguard' }).update('codeActionsOnSave', { 'source.fixAll.wgls': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    const doc = await openAsUser(FIXALL);
    await waitForDiagnostics(doc.uri, 'non-portable-port');
    // A change so there is something to save, then an explicit save (what Ctrl+S does).
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(doc.lineCount - 1, 0), '# saved\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor(() => !doc.isDirty && body(doc).startsWith('[Interface]'), { what: 'the save to apply Fix all' });
    assert.equal(body(doc), FIXED + '# saved\n');
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
    assert.equal(onDisk, doc.getText());
  });

  test('on save a CRLF file stays CRLF, every line of it', async () => {
    await activateExtension();
    await vscode.workspace.getConfiguration('editor', { languageId: 'wireguard' }).update('codeActionsOnSave', { 'source.fixAll.wgls': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    const crlf = workspaceUri('editor/wg-fixall-crlf.conf');
    // The fixture as written (the test above saved its copy fixed).
    const broken = ['# two comment lines', '# as the fixture has', '[interface]', 'privatekey = eIbXf41T0di/WFKdeFeOyLgOOVrbZMfS01v24iukf0g=', 'Address = 10.78.0.2/24', 'ListenPort = +51830', '', '[Peer]', 'Public Key = lKHs0I2XPS3GnK2lbAuYYfwx3+rM9HVsVSB2qphOwkw=', 'AllowedIPs = 10.78.0.1/32', ''];
    await vscode.workspace.fs.writeFile(crlf, new TextEncoder().encode(broken.join('\r\n')));
    try {
      const doc = await openAsUser('editor/wg-fixall-crlf.conf');
      await waitForDiagnostics(doc.uri, 'non-portable-port');
      await vscode.window.showTextDocument(doc);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(doc.lineCount - 1, 0), '# saved\r\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitFor(() => !doc.isDirty && !diagnosticsFor(doc.uri, 'non-portable-port').length && doc.getText().includes('ListenPort = 51830'), { what: 'the save to apply Fix all' });
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
      assert.equal(onDisk.split('\r\n').slice(2).join('\n'), FIXED + '# saved\n');
      assert.ok(!/[^\r]\n/.test(onDisk), 'no line ends in a bare LF');
    } finally {
      await resetEditors();
      await vscode.workspace.fs.delete(crlf).then(undefined, () => undefined);
    }
  });
});

suite('per-file target', () => {
  teardown(resetEditors);

  test('# wgls-target: the misspelt id is reported and completes; its fix makes the file the app\'s, and undoes', async () => {
    await activateExtension();
    const doc = await openAsUser('editor/wg-phone.conf');
    const original = doc.getText();
    const [ignored] = await waitForDiagnostics(doc.uri, 'ignored-target-comment');
    assert.deepEqual([ignored!.range.start.line, ignored!.range.start.character, ignored!.range.end.character], [0, 14, 21]);
    // Checked for the setting's wg-quick meanwhile: the hooks are fine there.
    assert.deepEqual(diagnosticsFor(doc.uri, 'key-not-supported-by-target'), []);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 17));
    const labels = (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(['wg-quick', 'android', 'apple'].every((id) => labels.includes(id)), labels.join(', '));
    const title = await applyQuickFix(doc, ignored!, 'ignored-target-comment');
    assert.equal(title, 'Check this file for WireGuard for Android (wgls-target android)');
    assert.equal(doc.lineAt(0).text, '# wgls-target android');
    const refused = await waitForDiagnostics(doc.uri, 'key-not-supported-by-target');
    assert.deepEqual(refused.map((d) => doc.lineAt(d.range.start.line).text.split(' ')[0]), ['PostUp', 'PostDown']);
    await waitForNoDiagnostics(doc.uri, 'ignored-target-comment');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === original, { what: 'undo to restore the misspelt comment' });
    await waitForNoDiagnostics(doc.uri, 'key-not-supported-by-target', { what: 'wg-quick rules again after undo' });
  });

  test('"Check This File For…" writes the comment and returns the new target; "Use the setting" removes it; undo restores', async () => {
    const ext = (await activateExtension()) as vscode.Extension<{ targetStatus: () => { text: string; tooltip: string } | undefined }>;
    const status = () => ext.exports.targetStatus();
    const doc = await openAsUser('editor/wg-phone.conf');
    const original = doc.getText();
    const second = doc.lineAt(1).text;
    await waitForDiagnostics(doc.uri, 'ignored-target-comment');
    // The status bar shows the setting's target while the comment is misspelt...
    await waitFor(() => status()?.text === '$(shield) wg-quick', { what: () => `the status bar at wg-quick; shows ${JSON.stringify(status())}` });
    assert.match(status()!.tooltip, /the wgls\.target setting/);
    assert.equal(await vscode.commands.executeCommand('wgls.chooseTarget', 'apple'), 'apple');
    assert.equal(doc.lineAt(0).text, '# wgls-target apple');
    // ...and the comment's once it names one.
    await waitFor(() => status()?.text === '$(shield) apple', { what: () => `the status bar at apple; shows ${JSON.stringify(status())}` });
    assert.match(status()!.tooltip, /its # wgls-target comment/);
    await waitForDiagnostics(doc.uri, 'key-not-supported-by-target');
    assert.equal(await vscode.commands.executeCommand('wgls.chooseTarget', 'setting'), 'wg-quick');
    assert.equal(doc.lineAt(0).text, second, 'the comment line is gone, the rest stays');
    await waitForNoDiagnostics(doc.uri, 'key-not-supported-by-target', { what: "wg-quick's rules once the comment is gone" });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === original, { what: 'two undos to restore the misspelt comment' });
    // Hidden for an editor that is not WireGuard.
    await openAsUser('README.md');
    await waitFor(() => status() === undefined, { what: () => `the status bar hidden on README.md; shows ${JSON.stringify(status())}` });
  });
});
