// Code actions that edit a config other than the one they are listed for (a cross-file quick fix,
// a preshared key written to both ends), and those that write a new key (a private key, a preshared key,
// a new config's key pair), get their edit when the user picks them (codeAction/resolve), not when the
// light bulb lists them.
//
// Why: VS Code keeps a listed action while the document it was listed for is unchanged, and the
// language client drops the versions of a code action's edit (it checks them only for
// workspace/applyEdit). The other config may be opened and edited in between, in a split editor
// or on disk: an edit computed when the list was made would land at the old positions, inside
// whatever now stands there. At resolve time the server's copy of every open document is the
// editor's (notifications arrive before the request), so the edit is computed from the texts it
// will be applied to; a fix that no longer exists, or a closed file that changed on disk, is
// refused with a message instead. A new key is made only when it is used: VS Code asks for the
// actions at every cursor move (the light bulb), and each listing made keys and sent them over.
//
// A client that does not resolve code actions gets the edit in the listing, except where it reaches a
// config closed in the editor: that action is a command (wgls.server.applyAction) that does what resolve
// does when it runs, and sends the edit with workspace/applyEdit (runsWhenPicked).

import type { CodeAction, Command } from 'vscode-languageserver';
import { APPLY_ACTION, type CommandArgs } from '../protocol.ts';
import type { ServerContext } from '../context.ts';
import type { Fix } from '../../core/problem.ts';
import { keyPairChange, presharedKeyChange, privateKeyChange } from '../../core/edits/keygen.ts';
import { createCounterpart } from '../../core/edits/counterpart.ts';
import { comparePositions, type Range } from '../../core/span.ts';
import { decodeUriPart } from '../../core/strings.ts';
import { redactKeys } from '../../core/redact.ts';
import { toWorkspaceEdit } from './code-actions.ts';
import { isNumber, isObject, isRange } from '../params.ts';
import { changeToWorkspaceEdit, closedFilesCurrent, counterpartCreatable, listedInOf, newEndTarget, uriTaken } from './key-actions.ts';

/**
 * What a deferred action carries in `data` to be found again: the problem's fix, the peer's PSK, the
 * interface's new private key (the line it replaces, or -1), the peer's new config (its file), or the
 * interface's new key pair (the configs whose [Peer] for it changes, as listed).
 */
export type Deferred =
  | { readonly wgls: 'fix'; readonly uri: string; readonly version: number; readonly rule: string; readonly range: Range; readonly title: string }
  | { readonly wgls: 'psk'; readonly uri: string; readonly version: number; readonly headerLine: number; readonly counterpart: string }
  | { readonly wgls: 'private-key'; readonly uri: string; readonly version: number }
  | { readonly wgls: 'create'; readonly uri: string; readonly version: number; readonly headerLine: number; readonly newUri: string }
  | { readonly wgls: 'key-pair'; readonly uri: string; readonly version: number; readonly listedIn: string };

/** Whether a fix edits a document other than `uri` (the ones whose edit waits for resolve). */
export const editsElsewhere = (fix: Pick<Fix, 'edits'>, uri: string) => fix.edits.some((e) => e.uri !== undefined && e.uri !== uri);

/**
 * For a client that does not resolve code actions: an action whose edit reaches a config closed in the
 * editor is listed as a command (wgls.server.applyAction) that makes the edit when it runs, as resolve
 * does, and refuses it with a message when it no longer fits. Listed with its edit, a closed file's edit
 * carried no version the client could refuse it by: changed on disk after the listing, the file took the
 * edit at the old positions (code-actions review: a new [Peer] split another peer's lines). Undefined
 * (list the edit) when nothing it edits is closed, or the client cannot apply an edit the server sends.
 */
export function runsWhenPicked(ctx: ServerContext, change: { readonly edits: readonly { readonly uri?: string }[] }, uri: string, title: string, data: Deferred): { command: Command } | undefined {
  const closed = change.edits.some((e) => e.uri !== undefined && e.uri !== uri && !ctx.parsed(e.uri));
  if (!closed || !ctx.canApplyEdit()) return undefined;
  return { command: { title, command: APPLY_ACTION, arguments: [{ title, data } satisfies CommandArgs<typeof APPLY_ACTION>] } };
}

/**
 * wgls.server.applyAction: the action's edit made now (resolveCodeAction) and applied, or refused (the user
 * is told why). Undefined when `data` is not an action wgls listed.
 */
export async function applyAction(ctx: ServerContext, title: string, data: unknown): Promise<boolean | undefined> {
  if (!deferredOf(data)) return undefined;
  // As codeAction/resolve: the other configs all read, a config just closed too.
  await ctx.workspace.settled();
  const resolved = resolveCodeAction(ctx, { title, data });
  if (!resolved.edit) return false;
  return (await ctx.connection.workspace.applyEdit({ label: title, edit: resolved.edit })).applied;
}

/** The action's `data` if it is one of ours and well-formed (a client sends back whatever it kept). */
function deferredOf(data: unknown): Deferred | undefined {
  if (!isObject(data) || typeof data.uri !== 'string' || !isNumber(data.version)) return undefined;
  if (data.wgls === 'fix' && typeof data.rule === 'string' && isRange(data.range) && typeof data.title === 'string') return data as Deferred;
  if (data.wgls === 'psk' && isNumber(data.headerLine) && typeof data.counterpart === 'string') return data as Deferred;
  if (data.wgls === 'private-key') return data as Deferred;
  if (data.wgls === 'create' && isNumber(data.headerLine) && typeof data.newUri === 'string') return data as Deferred;
  if (data.wgls === 'key-pair' && typeof data.listedIn === 'string') return data as Deferred;
  return undefined;
}

const sameRange = (a: Range, b: Range) => comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
const nameOf = (uri: string) => decodeUriPart(uri.slice(uri.lastIndexOf('/') + 1));

/**
 * codeAction/resolve: the edit of a deferred action, computed now. An action that is not ours, or
 * already has its edit, comes back as it is. One that cannot be computed any more comes back without
 * an edit (the editor then changes nothing) and the user is told why.
 */
export function resolveCodeAction(ctx: ServerContext, action: CodeAction): CodeAction {
  const d = deferredOf(action.data);
  if (!d || action.edit) return action;
  const { data: _data, ...rest } = action;
  const refuse = (why: string) => {
    // (The title as the client sent it back: a key in it is not echoed, as commands.ts fail() does.)
    void ctx.connection.window.showWarningMessage(redactKeys(`wgls: "${action.title}" was not applied: ${why}. Open the light bulb again for the current fixes.`));
    return rest;
  };
  const entry = ctx.parsed(d.uri);
  if (!entry) return refuse(`${nameOf(d.uri)} is no longer open`);
  if (entry.document.version !== d.version) return refuse(`${nameOf(d.uri)} changed since the fix was listed`);
  // Any open document edited in the same turn: its change is in the model before the edit is computed.
  for (const doc of ctx.documents.all()) ctx.workspace.syncOpen(doc.uri);
  if (d.wgls === 'fix') {
    const problem = (ctx.problems(d.uri) ?? []).find((p) => p.rule === d.rule && sameRange(p.range, d.range) && p.fixes?.some((f) => f.title === d.title));
    const fix = problem?.fixes?.find((f) => f.title === d.title);
    if (!fix) return refuse('the other config changed, and this fix no longer applies');
    if (!closedFilesCurrent(ctx, fix, d.uri)) return refuse('a config it edits changed on disk (it is being read again)');
    return { ...rest, edit: toWorkspaceEdit(ctx, d.uri, d.version, fix.edits) };
  }
  const file = ctx.workspace.file(d.uri);
  if (!file || file.doc !== entry.doc) return refuse(`${nameOf(d.uri)} is not checked yet`);
  const pinned = { uri: d.uri, version: d.version };
  if (d.wgls === 'private-key') {
    // (Same version as listed: the [Interface] and its PrivateKey lines are where they were.) Listed only
    // for a config without a valid key: data made by hand for one with a key would replace its identity.
    if (file.publicKey) return refuse('the config has a valid PrivateKey');
    return { ...rest, edit: changeToWorkspaceEdit(ctx, privateKeyChange(file), pinned)! };
  }
  if (d.wgls === 'key-pair') {
    let change;
    try {
      change = keyPairChange(ctx.workspace.model, file);
    } catch {
      return refuse('the config has no valid PrivateKey any more');
    }
    // (A config that lists this one, opened, written or deleted since the listing: the title named others.)
    if (listedInOf(change) !== d.listedIn) return refuse('the configs that list this one changed');
    if (!closedFilesCurrent(ctx, change, d.uri)) return refuse('a config it edits changed on disk (it is being read again)');
    return { ...rest, edit: changeToWorkspaceEdit(ctx, change, pinned)! };
  }
  const peer = file.model.peers.find((p) => p.section.headerLine === d.headerLine);
  if (!peer) return refuse('the peer is not where it was');
  if (d.wgls === 'create') {
    // (Another config may own the peer's key by now, opened or written since the listing: diff review.)
    if (!counterpartCreatable(ctx, file, peer)) return refuse("a config for the peer's key exists now");
    let made;
    try {
      made = createCounterpart(ctx.workspace.model, file, peer, (u) => uriTaken(ctx, u), undefined, newEndTarget(ctx, d.uri, entry.doc));
    } catch {
      return refuse('no config can be made for the peer any more');
    }
    // (Another file took the name meanwhile: the title named the old one.)
    if (made.newUri !== d.newUri) return refuse(`${nameOf(d.newUri)} exists now`);
    const edit = changeToWorkspaceEdit(ctx, made, pinned);
    return edit ? { ...rest, edit } : refuse('this editor does not create files for the language server');
  }
  const change = presharedKeyChange(ctx.workspace.model, file, peer);
  if ((change.counterpart?.uri ?? '') !== d.counterpart) return refuse(d.counterpart ? `the peer's other end is no longer ${nameOf(d.counterpart)}` : 'the peer has an other end in the workspace now');
  if (!closedFilesCurrent(ctx, change, d.uri)) return refuse(`${nameOf(d.counterpart)} changed on disk (it is being read again)`);
  // (A preshared key creates no file: the edit is always there.)
  return { ...rest, edit: changeToWorkspaceEdit(ctx, change, pinned)! };
}
