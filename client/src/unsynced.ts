// Edits the server made for a file it cannot see as the editor has it.
//
// The server knows the text of the documents the client syncs (WireGuard documents) and, for every
// other config of the workspace, the text on disk. A config the user opened as another language
// (Plain Text, Properties: a choice the extension keeps) is not synced: when it also has unsaved
// changes, an edit the server computed for it from the disk lands on the wrong lines of the buffer
// (client review: "Generate a preshared key (here and in laptop.conf)" with laptop.conf open as Plain
// Text and two lines added at its top). Such an edit carries no document version to refuse it by,
// so it is refused here: the action is shown disabled with the reason, and an edit the server asks
// the client to apply is not applied.

import * as vscode from 'vscode';
import type { ApplyWorkspaceEditParams, ApplyWorkspaceEditResult } from 'vscode-languageclient/node';

/** The open, unsaved document at `uri` that the server does not see (not a WireGuard document). */
function unsyncedDirty(uri: string, languageId: string): vscode.TextDocument | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  return doc && doc.isDirty && doc.languageId !== languageId ? doc : undefined;
}

/** Why an edit touching these files cannot be applied now, or undefined when it can. */
export function staleReason(uris: Iterable<string>, languageId: string): string | undefined {
  for (const uri of uris) {
    const doc = unsyncedDirty(uri, languageId);
    if (!doc) continue;
    const name = doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1);
    return `${name} has unsaved changes and is open as ${doc.languageId}, so wgls only knows it as saved: save it, or switch it to WireGuard, and try again.`;
  }
  return undefined;
}

const editUris = (edit: vscode.WorkspaceEdit) => edit.entries().map(([uri]) => uri.toString());

/** Code actions whose edit would land on such a file: kept, disabled with the reason (no edit). */
export function disableStale(actions: (vscode.Command | vscode.CodeAction)[] | null | undefined, languageId: string): typeof actions {
  for (const action of actions ?? []) {
    if (!(action instanceof vscode.CodeAction) || !action.edit) continue;
    const reason = staleReason(editUris(action.edit), languageId);
    if (!reason) continue;
    action.edit = undefined;
    action.disabled = { reason };
  }
  return actions;
}

/** A resolved code action (its edit made when picked): without its edit, and the reason said, when stale. */
export function resolvedOrStale(action: vscode.CodeAction | null | undefined, languageId: string): vscode.CodeAction | null | undefined {
  const reason = action?.edit ? staleReason(editUris(action.edit), languageId) : undefined;
  if (!action || !reason) return action;
  action.edit = undefined;
  void vscode.window.showWarningMessage(`${action.title}: ${reason}`);
  return action;
}

/** workspace/applyEdit: refused (applied: false, with the reason) when it would land on such a file. */
export function refuseStale(params: ApplyWorkspaceEditParams, languageId: string): ApplyWorkspaceEditResult | undefined {
  const uris: string[] = Object.keys(params.edit.changes ?? {}).map((u) => vscode.Uri.parse(u).toString());
  for (const change of params.edit.documentChanges ?? []) {
    if ('textDocument' in change) uris.push(vscode.Uri.parse(change.textDocument.uri).toString());
  }
  const reason = staleReason(uris, languageId);
  if (!reason) return undefined;
  void vscode.window.showWarningMessage(`${params.label ? `${params.label}: ` : ''}${reason}`);
  return { applied: false, failureReason: reason };
}
