// Diagnostics and quick fixes inside a real VS Code (issue 3's bar): the overlap, MTU and
// keepalive diagnostics appear on a fixture; each one's quick fix, applied through the
// editor, makes it go away.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openAsUser, resetEditors, waitForDiagnostics, waitForNoDiagnostics } from './util.ts';

const FIXTURE = 'editor/wg-rules.conf';

async function applyQuickFix(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic, code: string): Promise<string> {
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  // Actions at the diagnostic's range that edit the file (the command's result carries no diagnostics).
  const fixes = actions.filter((a) => a.edit && a.kind?.value === vscode.CodeActionKind.QuickFix.value);
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
