// Which tool the active WireGuard file is checked for, in the status bar, and "WireGuard: Check This
// File For…" to change it. The server decides both: wgls.server.fileTarget reads the file's
// `# wgls-target` comment (or the setting), wgls.server.setTarget writes, changes or removes that
// comment with one undoable edit. This file only shows and asks.

import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { configUri, fileTargetOf, runOnServer, type FileTarget } from './server.ts';
import { SET_TARGET } from '../../../server/src/lsp/protocol.ts';

export const CHOOSE_TARGET = 'wgls.chooseTarget';

/** What the status bar item shows now (undefined: hidden): the extension's API hands it to tests. */
let shown: { readonly text: string; readonly tooltip: string } | undefined;
export const targetStatus = () => shown;

/** The pick's item for removing the comment. */
const SETTING = 'setting';

export function registerTarget(context: vscode.ExtensionContext, client: LanguageClient, languageId: string): void {
  const item = vscode.window.createStatusBarItem('wgls.target', vscode.StatusBarAlignment.Right, 100);
  item.name = 'WireGuard target';
  item.command = CHOOSE_TARGET;
  context.subscriptions.push(item);

  let asked = 0;
  const refresh = async () => {
    const doc = vscode.window.activeTextEditor?.document;
    // Counted before hiding too: an answer still on its way for another file must not show the item.
    const ask = ++asked;
    // Only a running server is asked: this runs at every editor switch and typing pause, and starting a
    // server the client gave up on (it crashed five times) began a crash loop with a notification per
    // crash (client review). It starts with the first WireGuard document; the item shows once it runs.
    if (!doc || doc.languageId !== languageId || !client.isRunning()) {
      item.hide();
      shown = undefined;
      return;
    }
    try {
      const t = await fileTargetOf(client, doc.uri.toString());
      if (ask !== asked) return; // a newer question is on its way
      item.text = `$(shield) ${t.target}`;
      item.tooltip = `wgls checks this file for ${labelOf(t, t.target)}: ${t.source === 'comment' ? 'its # wgls-target comment' : 'the wgls.target setting'}. Click to change.`;
      item.show();
      shown = { text: item.text, tooltip: item.tooltip };
    } catch {
      if (ask === asked) {
        item.hide(); // not a file the server knows (yet)
        shown = undefined;
      }
    }
  };
  // The comment may change with any edit of the file; ask again once typing pauses.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 150);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void refresh()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) soon();
    }),
    // The language of the active file may be settled just after it opens (content detection).
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) soon();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('wgls.target')) soon();
    }),
    { dispose: () => timer && clearTimeout(timer) },
    client.onDidChangeState((e) => {
      if (e.newState === State.Running || e.newState === State.Stopped) void refresh();
    }),
  );
  void refresh();

  context.subscriptions.push(
    vscode.commands.registerCommand(CHOOSE_TARGET, async (choice?: string, target?: string | vscode.Uri) => {
      const uri = configUri(target, languageId);
      if (!uri) {
        void vscode.window.showErrorMessage('Check this file for…: open a WireGuard config first.');
        return undefined;
      }
      // A file the editor cannot write (a git: or other read-only view) cannot take the comment:
      // say so before asking rather than after.
      if (vscode.workspace.fs.isWritableFileSystem(vscode.Uri.parse(uri).scheme) === false) {
        void vscode.window.showErrorMessage(`Check this file for…: this view of the file is read-only, so it cannot take a # wgls-target comment. Open the file itself, or set wgls.target for every file.`);
        return undefined;
      }
      try {
        const now = await fileTargetOf(client, uri);
        const picked = choice ?? (await pick(now));
        if (picked === undefined) return undefined;
        const result = await runOnServer(client, SET_TARGET, { uri, target: picked === SETTING ? null : picked });
        if (!result.applied) throw new Error('the editor did not apply the change (is the file read-only?). The wgls.target setting applies to every file.');
        await refresh();
        return (await fileTargetOf(client, uri)).target;
      } catch (err) {
        void vscode.window.showErrorMessage(`Check this file for…: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    }),
  );
}

async function pick(now: FileTarget): Promise<string | undefined> {
  const items: Array<vscode.QuickPickItem & { id: string }> = now.targets.map((t) => ({
    id: t.id,
    label: t.id,
    description: t.label + (t.id === now.target ? ' (now)' : ''),
    detail: t.id === now.setting ? 'the wgls.target setting' : undefined,
  }));
  if (now.comment) items.push({ id: SETTING, label: 'Use the setting', description: `${now.setting}: remove the # wgls-target comment` });
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: `Which tool must accept this file? It writes a # wgls-target comment (now: ${now.target})` });
  return chosen?.id;
}

function labelOf(t: FileTarget, id: string): string {
  return t.targets.find((x) => x.id === id)?.label ?? id;
}
