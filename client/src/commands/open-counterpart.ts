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
      await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preview: false, ...(selection ? { selection } : {}) });
    }),
  );
}
