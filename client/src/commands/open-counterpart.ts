// The code lens on a [Peer] (`↔ nas.conf`) runs this: open the counterpart config at its [Interface].

import * as vscode from 'vscode';

export const OPEN_COUNTERPART = 'wgls.openCounterpart';

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export function registerOpenCounterpart(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_COUNTERPART, async (uri: string, range?: LspRange) => {
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
