// New configs made by the server's edits (Add peer, Create counterpart) hold a private key: they
// are made readable by their owner only (chmod 600), as wg(8) asks and wg-quick warns about ("is
// world accessible"). A CreateFile in a WorkspaceEdit has no mode, so the file would otherwise
// get the umask's (usually 644). The chmod lands when VS Code has created the (still empty) file,
// before the key in the editor's buffer is saved to it.
//
// Only files an edit of this server announced are touched: the creates of every workspace/applyEdit
// it sends, and the files a code action's edit writes that do not exist yet (the edit of an action that
// makes a new config comes when the action is picked, codeAction/resolve: announced then).

import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import { CancellationToken, type Middleware } from 'vscode-languageclient/node';

/**
 * Files an edit of the server will create, by URI (as vscode.Uri spells it), with when they were
 * announced. A code action's edit may never be applied: an announcement lapses after a while (the
 * user creating that file by hand later gets no chmod), and the oldest go first past a bound.
 */
const announced = new Map<string, number>();
const LAPSE_MS = 10 * 60_000;
const MAX_ANNOUNCED = 200;

function announce(uri: string): void {
  announced.delete(uri);
  announced.set(uri, Date.now());
  for (const first of announced.keys()) {
    if (announced.size <= MAX_ANNOUNCED) break;
    announced.delete(first);
  }
}

/** Whether `uri` was announced recently; forgets it either way. */
function claim(uri: string): boolean {
  const at = announced.get(uri);
  announced.delete(uri);
  return at !== undefined && Date.now() - at < LAPSE_MS;
}

const spelled = (uri: string) => vscode.Uri.parse(uri).toString();
/** Whether nothing exists at `uri` yet (a file the edit will create). */
const missing = (uri: vscode.Uri) => vscode.workspace.fs.stat(uri).then(() => false, () => true);

/** Announces the files a code action's edit writes that do not exist yet (other than `document`). */
async function announceNewFiles(action: vscode.CodeAction, document?: vscode.Uri): Promise<void> {
  for (const [uri] of action.edit?.entries() ?? []) {
    if (uri.scheme === 'file' && uri.toString() !== document?.toString() && (await missing(uri))) announce(uri.toString());
  }
}

export const protectMiddleware: Middleware = {
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    for (const action of actions ?? []) if (action instanceof vscode.CodeAction) await announceNewFiles(action, document.uri);
    return actions;
  },
  async resolveCodeAction(item, token, next) {
    const resolved = await next(item, token);
    if (resolved) await announceNewFiles(resolved);
    return resolved;
  },
  workspace: {
    handleApplyEdit(params, next) {
      for (const change of params.edit.documentChanges ?? []) {
        if ('kind' in change && change.kind === 'create' && change.uri.startsWith('file:')) announce(spelled(change.uri));
      }
      return next(params, CancellationToken.None);
    },
  },
};

export function registerProtect(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.onDidCreateFiles(async (e) => {
      for (const file of e.files) {
        if (!claim(file.toString())) continue;
        try {
          await fsp.chmod(file.fsPath, 0o600);
        } catch {
          // Not a local file system that keeps POSIX modes (e.g. Windows): nothing to do.
        }
      }
    }),
  );
}
