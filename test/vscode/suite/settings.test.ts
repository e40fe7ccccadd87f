// The wgls.rules setting as a user edits it in VS Code: the JSON editor completes rule ids
// (package.json lists each with its summary) and marks an id no rule has.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, resetEditors, waitFor, workspaceUri } from './util.ts';

const SETTINGS = '.vscode/settings.json';

suite('settings', () => {
  teardown(async () => {
    await resetEditors();
    await vscode.workspace.fs.delete(workspaceUri(SETTINGS)).then(undefined, () => undefined);
  });

  test('settings.json completes rule ids inside wgls.rules and flags an unknown one', async () => {
    await activateExtension();
    const uri = workspaceUri(SETTINGS);
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "wgls.rules": {\n    \n  }\n}\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const labels = await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(2, 4));
      const l = (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return l.some((x) => x.includes('unrouted-neighbor')) ? l : undefined;
    }, { what: 'rule ids offered in settings.json' });
    for (const id of ['invalid-line', 'missing-keepalive', 'windows-tunnel-conflict']) assert.ok(labels.some((l) => l.includes(id)), `${id} offered: ${labels.join(', ')}`);

    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(2, 4), '"missing-keepalve": "off"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const flagged = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(uri).find((x) => x.range.start.line === 2);
      return d ? d.message : undefined;
    }, { what: 'a diagnostic on the misspelt rule id' });
    assert.match(flagged, /not allowed|missing-keepalve/i);
  });
});
