// The code lens on a [Peer] (`↔ nas.conf`) runs this: open the counterpart config at its [Interface].

import * as vscode from 'vscode';

export const OPEN_COUNTERPART = 'wgls.openCounterpart';

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export function registerOpenCounterpart(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_COUNTERPART, async (uri?: unknown, range?: LspRange) => {
      // From a keybinding (no arguments): the lens of the [Peer] at the cursor (client review: it threw).
      if (typeof uri !== 'string') return openFromCursor();
      const selection = range ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) : undefined;
      const target = vscode.Uri.parse(uri);
      try {
        await vscode.window.showTextDocument(target, { preview: false, ...(selection ? { selection } : {}) });
      } catch (err) {
        // The lens was computed before the file went (deleted, moved, unreadable): say which and why.
        void vscode.window.showErrorMessage(`Cannot open ${target.fsPath || uri}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
}

/** Runs the `↔` lens of the section holding the cursor in the active WireGuard editor, or says why not. */
async function openFromCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'wireguard') {
    void vscode.window.showInformationMessage('Open the Other End of This Peer: put the cursor in a [Peer] of a WireGuard config.');
    return;
  }
  const doc = editor.document;
  const line = editor.selection.active.line;
  // The header of the section holding the cursor: the last line at or above it that starts with `[`;
  // from a comment directly above a header (`# Name = laptop`), that header, as the outline counts it
  // (UI review: the previous peer's other end opened).
  const isHeader = (i: number) => /^[\t-\r ]*\[/.test(doc.lineAt(i).text);
  let below = line;
  while (below < doc.lineCount && /^[\t-\r ]*#/.test(doc.lineAt(below).text)) below++;
  let header = below > line && below < doc.lineCount && isHeader(below) ? below : line;
  while (header >= 0 && !isHeader(header)) header--;
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 1000)) ?? [];
  const lens = header < 0 ? undefined : lenses.find((l) => l.range.start.line === header && l.command?.command === OPEN_COUNTERPART);
  if (!lens?.command) {
    void vscode.window.showInformationMessage('No other end in this workspace for the section at the cursor: no config holds the private key of its PublicKey.');
    return;
  }
  await vscode.commands.executeCommand(OPEN_COUNTERPART, ...(lens.command.arguments ?? []));
}
