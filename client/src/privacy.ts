// wgls.privacy.hideKeys: hide PrivateKey and PresharedKey values behind `••••••••`
// while screen sharing. Display only: the text is made invisible and zero-width by a
// decoration, the document is untouched. The line holding the cursor of the active editor
// shows the real value so it can still be edited. The spans are computed here at once, then replaced by the
// server's for the same version: the server also knows the other configs' private keys (one pasted
// here as a PublicKey is a secret this document alone cannot reveal).

import * as vscode from 'vscode';
import { parse, stripSpaces } from '../../server/src/core/parser.ts';
import { secretValueSpans, type SecretSpan } from '../../server/src/core/features/secrets.ts';
import type { SecretSpans } from '../../server/src/lsp/protocol.ts';

/** Asks the server for a document's secret spans (undefined: no server to ask). */
export type AskSecretSpans = (uri: string) => Promise<SecretSpans> | undefined;

const SETTING = 'wgls.privacy.hideKeys';
const MASK = '••••••••';
export const TOGGLE_COMMAND = 'wgls.toggleHideKeys';

/** The spans hidden in the visible editor of a document (for tests, through the extension's API). */
export type HiddenKeys = (uri: string) => readonly SecretSpan[] | undefined;

export function registerPrivacy(context: vscode.ExtensionContext, languageId: string, ask: AskSecretSpans): HiddenKeys {
  const decoration = vscode.window.createTextEditorDecorationType({
    // Invisible and (in a monospace font) zero-width: letter-spacing of minus one character.
    opacity: '0',
    letterSpacing: '-1ch',
    after: { contentText: MASK, color: new vscode.ThemeColor('editorLineNumber.foreground') },
  });
  const cache = new Map<string, { version: number; spans: SecretSpan[] }>();
  // The values the server last said are secret here although this document alone does not show it
  // (another config's private key pasted as a PublicKey): the spans computed here at each keystroke
  // count them too, so such a key does not show while the server's answer for the new version is on
  // its way. They stay in this process, like the document's text.
  const learned = new Map<string, ReadonlySet<string>>();
  const local = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    const hit = cache.get(key);
    if (hit && hit.version === doc.version) return hit.spans;
    const spans = secretValueSpans(parse(doc.getText()), learned.get(key));
    cache.set(key, { version: doc.version, spans });
    return spans;
  };
  // The server's answers, and the version last asked about per document: one question per version
  // (and again when the workspace changes, see onDidChangeDiagnostics), never a loop.
  const remote = new Map<string, { version: number; spans: readonly SecretSpan[] }>();
  const asked = new Map<string, number>();
  const askServer = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    const version = doc.version;
    if (asked.get(key) === version) return;
    const answer = ask(key);
    if (!answer) return;
    asked.set(key, version);
    answer.then(
      (r) => {
        if (r.version !== doc.version || doc.isClosed) return;
        remote.set(key, r);
        const values = new Set<string>();
        for (const sp of r.spans) if (sp.line < doc.lineCount) values.add(stripSpaces(doc.lineAt(sp.line).text.slice(sp.start, sp.end)));
        learned.set(key, values);
        cache.delete(key);
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === doc) update(editor);
      },
      () => undefined,
    );
  };
  const spansOf = (doc: vscode.TextDocument): readonly SecretSpan[] => {
    const r = remote.get(doc.uri.toString());
    if (r && r.version === doc.version) return r.spans;
    askServer(doc);
    return local(doc);
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

  const hidden = new Map<string, readonly SecretSpan[]>();
  const update = (editor: vscode.TextEditor) => {
    const key = editor.document.uri.toString();
    if (!enabled() || editor.document.languageId !== languageId) {
      editor.setDecorations(decoration, []);
      hidden.delete(key);
      return;
    }
    // Only where the user works: an editor beside it keeps its cursor (restored, say, onto a PrivateKey
    // line) and would show that key to everyone watching.
    const cursorLines = new Set(editor === vscode.window.activeTextEditor ? editor.selections.map((s) => s.active.line) : []);
    const spans = spansOf(editor.document).filter((s) => !cursorLines.has(s.line));
    editor.setDecorations(decoration, spans.map((s) => new vscode.Range(s.line, s.start, s.line, s.end)));
    hidden.set(key, spans);
  };
  const updateAll = () => vscode.window.visibleTextEditors.forEach(update);

  context.subscriptions.push(
    decoration,
    vscode.window.onDidChangeVisibleTextEditors(updateAll),
    vscode.window.onDidChangeActiveTextEditor(updateAll),
    vscode.window.onDidChangeTextEditorSelection((e) => update(e.textEditor)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      for (const editor of vscode.window.visibleTextEditors) if (editor.document === e.document) update(editor);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      const key = d.uri.toString();
      cache.delete(key);
      remote.delete(key);
      asked.delete(key);
      hidden.delete(key);
      learned.delete(key);
    }),
    // Another config changed (a private key added or removed elsewhere): the server republishes the
    // diagnostics of the files it affects, so ask again for those.
    vscode.languages.onDidChangeDiagnostics((e) => {
      if (!enabled()) return;
      const changed = new Set(e.uris.map((u) => u.toString()));
      for (const editor of vscode.window.visibleTextEditors) {
        const key = editor.document.uri.toString();
        if (!changed.has(key) || editor.document.languageId !== languageId) continue;
        asked.delete(key);
        askServer(editor.document);
      }
    }),
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
  return (uri) => hidden.get(uri);
}
