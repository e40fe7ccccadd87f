// wgls.privacy.hideKeys: hide PrivateKey and PresharedKey values behind `••••••••`
// while screen sharing. Display only: the text is made invisible and zero-width by a
// decoration, the document is untouched. The line holding a cursor shows the real
// value so it can still be edited.

import * as vscode from 'vscode';
import { parse } from '../../server/src/core/parser.ts';
import { secretValueSpans, type SecretSpan } from '../../server/src/core/features/secrets.ts';

const SETTING = 'wgls.privacy.hideKeys';
const MASK = '••••••••';
export const TOGGLE_COMMAND = 'wgls.toggleHideKeys';

export function registerPrivacy(context: vscode.ExtensionContext, languageId: string): void {
  const decoration = vscode.window.createTextEditorDecorationType({
    // Invisible and (in a monospace font) zero-width: letter-spacing of minus one character.
    opacity: '0',
    letterSpacing: '-1ch',
    after: { contentText: MASK, color: new vscode.ThemeColor('editorLineNumber.foreground') },
  });
  const cache = new Map<string, { version: number; spans: SecretSpan[] }>();
  const spansOf = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    const hit = cache.get(key);
    if (hit && hit.version === doc.version) return hit.spans;
    const spans = secretValueSpans(parse(doc.getText()));
    cache.set(key, { version: doc.version, spans });
    return spans;
  };
  const enabled = () => vscode.workspace.getConfiguration().get<boolean>(SETTING, false);
  // One command to flip it before sharing a screen: written where the value that counts is set (a
  // workspace value wins over the user's, so flipping only the user's would change nothing).
  context.subscriptions.push(
    vscode.commands.registerCommand(TOGGLE_COMMAND, async () => {
      const set = vscode.workspace.getConfiguration().inspect<boolean>(SETTING);
      // (A window-scoped setting: no folder value.)
      const where = set?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration().update(SETTING, !enabled(), where);
      void vscode.window.setStatusBarMessage(enabled() ? 'wgls: key values hidden' : 'wgls: key values shown', 3000);
    }),
  );

  const update = (editor: vscode.TextEditor) => {
    if (!enabled() || editor.document.languageId !== languageId) {
      editor.setDecorations(decoration, []);
      return;
    }
    const cursorLines = new Set(editor.selections.map((s) => s.active.line));
    const ranges = spansOf(editor.document)
      .filter((s) => !cursorLines.has(s.line))
      .map((s) => new vscode.Range(s.line, s.start, s.line, s.end));
    editor.setDecorations(decoration, ranges);
  };
  const updateAll = () => vscode.window.visibleTextEditors.forEach(update);

  context.subscriptions.push(
    decoration,
    vscode.window.onDidChangeVisibleTextEditors(updateAll),
    vscode.window.onDidChangeTextEditorSelection((e) => update(e.textEditor)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      for (const editor of vscode.window.visibleTextEditors) if (editor.document === e.document) update(editor);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => cache.delete(d.uri.toString())),
    // A language change (content detection, or the user's pick) arrives as a close and an open of the
    // same document, which the editor keeps showing: without this its keys stayed readable until the
    // cursor moved.
    vscode.workspace.onDidOpenTextDocument((d) => {
      for (const editor of vscode.window.visibleTextEditors) if (editor.document === d) update(editor);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTING)) updateAll();
    }),
  );
  updateAll();
}
