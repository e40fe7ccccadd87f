// Key and peer actions in the light bulb, next to the quick fixes:
//  - Generate private key: on an [Interface] without a valid PrivateKey;
//  - Generate preshared key: on a [Peer]; the same new key goes into the counterpart;
//  - Create counterpart config: on a [Peer] whose PublicKey no config owns;
//  - Add peer…: on an [Interface] (runs the client's wgls.addPeer, which asks questions);
//  - Replace the key pair: on an [Interface]'s header or PrivateKey; the new public key goes into every
//    [Peer] that names the old one (core/edits/keygen.ts keyPairChange).
// The engine builds each change (core/edits); here it becomes one WorkspaceEdit, so the
// editor applies and undoes it across files as one step.
//
// The connection keeps one handler per request, so this module serves code actions for
// the quick fixes too: it registers code-actions.ts with its handler captured and
// answers with both lists.

import { createHash } from 'node:crypto';
import { lstatSync, statSync } from 'node:fs';
import { readCappedSync } from '../../read-capped.ts';
import { fileURLToPath } from 'node:url';
import { decodeUriPart } from '../../core/strings.ts';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
  type TextDocumentEdit,
  type CreateFile,
} from 'vscode-languageserver';
import type { ServerContext } from '../context.ts';
import { MAX_FILE_BYTES, stampOf } from '../workspace-state.ts';
import { toWorkspaceEdit } from './code-actions.ts';
import { runsWhenPicked, type Deferred } from './deferred-actions.ts';
import { toDiagnostic } from '../convert.ts';
import { editorDiagnostics } from './diagnostics.ts';
import type { WorkspaceChange } from '../../core/edits/change.ts';
import { keyPairChange, privateKeyChange, presharedKeyChange, type KeyPairChange } from '../../core/edits/keygen.ts';
import { createCounterpart } from '../../core/edits/counterpart.ts';
import { isKey, savesConfig, wgValue, type PeerModel } from '../../core/model.ts';
import { isValidKey } from '../../core/keys.ts';
import type { WorkspaceFile } from '../../core/workspace.ts';
import { editsAfterBom, type ConfigDocument } from '../../core/parser.ts';
import { effectiveTarget } from '../../core/rules/target-directive.ts';
import type { Target } from '../../core/schema.ts';
import { comparePositions, type Range } from '../../core/span.ts';
import { redactKeys } from '../../core/redact.ts';
import type { Problem } from '../../core/problem.ts';

/** Client command that asks for the new peer's details, then runs the server's wgls.server.addPeer. */
export const ADD_PEER_CLIENT_COMMAND = 'wgls.addPeer';

const intersects = (a: Range, b: Range) => comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;

/** Whether a request's `only` asks for `kind` (kinds are hierarchical: `source` covers `source.fixAll.wgls`). */
export const wanted = (kind: string, only: readonly string[] | undefined) => !only || only.some((k) => k === '' || kind === k || kind.startsWith(`${k}.`));

/**
 * Whether a URI names something that exists: an open document, a workspace config, or anything on
 * disk, a link included even when it leads nowhere (a new config written through it would land, with
 * its private key, wherever it points). A URI no path can be made of counts as taken.
 */
export function uriTaken(ctx: ServerContext, uri: string): boolean {
  // (A document open, unsaved maybe, under another spelling of the name, `a+b.conf` for vscode-uri's
  // `a%2Bb.conf`, is the same file: taken (command review).)
  if (ctx.documents.get(uri) || ctx.workspace.model.get(uri) || ctx.workspace.isOpenFile(uri)) return true;
  try {
    lstatSync(fileURLToPath(uri));
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/**
 * Whether the files an edit changes that the editor does not have open still hold the text the edit
 * was computed from. One changed on disk with no event the server heard of (another tool, a client
 * that watches nothing) would get the edit at stale positions: it is read again instead, and the
 * edit not offered. Cheap on the usual path (code actions are asked on every cursor move): one stat,
 * compared with the size and time the index read the file at, and `memo` answers a file once per
 * request; only a file whose stat differs is read and compared.
 */
export function closedFilesCurrent(ctx: ServerContext, change: { readonly edits: readonly { readonly uri?: string }[] }, except?: string, memo = new Map<string, boolean>()): boolean {
  let current = true;
  for (const uri of new Set(change.edits.map((e) => e.uri))) {
    if (uri === undefined || uri === except || ctx.documents.get(uri)) continue;
    let same = memo.get(uri);
    if (same === undefined) {
      same = diskMatches(ctx, uri);
      memo.set(uri, same);
      if (!same) void ctx.workspace.fileChanged(uri, false).catch(() => undefined);
    }
    current &&= same;
  }
  return current;
}

function diskMatches(ctx: ServerContext, uri: string): boolean {
  let file: string;
  try {
    file = fileURLToPath(uri);
    const st = statSync(file);
    if (ctx.workspace.diskStamp(uri) === stampOf(st)) return true;
  } catch {
    return false;
  }
  try {
    // (At most what the index reads: a file swapped for a /proc link must not be read to its end.)
    return readCappedSync(file, MAX_FILE_BYTES)?.toString('utf8') === ctx.workspace.model.get(uri)?.doc.text;
  } catch {
    return false;
  }
}

/**
 * One WorkspaceEdit for an engine change: new files first (CreateFile that fails rather than
 * overwrite, then their text), then the edits to existing documents, pinned to their versions
 * (`pinned`: the version the change was computed from; other open documents: their current
 * version; closed files: null). Undefined when the change creates a file and the client did not say
 * it applies CreateFile: the caller offers nothing, or says why.
 */
export function changeToWorkspaceEdit(ctx: ServerContext, change: WorkspaceChange, pinned?: { uri: string; version: number }): WorkspaceEdit | undefined {
  if (change.creates.length && !ctx.editSupport().createFiles) return undefined;
  const uri = pinned?.uri ?? '';
  const version = pinned?.version ?? 0;
  const creates: Array<CreateFile | TextDocumentEdit> = change.creates.flatMap((c) => [
    { kind: 'create', uri: c.uri, options: { overwrite: false, ignoreIfExists: false } } satisfies CreateFile,
    { textDocument: { uri: c.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text }] },
  ]);
  // The engine counts line 0's columns after a BOM; a client that kept the BOM in an open document's
  // text (VS Code strips it, others do not) counts it. Closed files: as VS Code will open them, without.
  const edits = change.edits.map((e) => {
    const doc = ctx.parsed(e.uri)?.doc;
    return doc?.bom ? { ...e, range: editsAfterBom(doc, [{ range: e.range }])[0]!.range } : e;
  });
  const rest = toWorkspaceEdit(ctx, uri, version, edits);
  return creates.length ? { documentChanges: [...creates, ...(rest.documentChanges ?? [])] } : rest;
}

/** The key/peer actions for a range of a document. */
export function keyActionsFor(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const entry = ctx.parsed(uri);
  const file = ctx.workspace.file(uri);
  if (!entry || !file || file.doc !== entry.doc) return [];
  const version = entry.document.version;
  const only = params.context.only;
  const line = params.range.start.line;
  const actions: CodeAction[] = [];
  const problems = ctx.problems(uri) ?? [];
  // (Only Create a config for this peer makes a file: the others always have an edit.)
  const edit = (change: WorkspaceChange) => changeToWorkspaceEdit(ctx, change, { uri, version })!;

  // In the [Interface] section.
  const iface = file.model.iface.sections.find((s) => line >= s.headerLine && line < s.endLine);
  if (iface) {
    const keyProblems = problems.filter(
      // (`PrivateKey =   # fill in`: empty-value, a template's placeholder; the key goes into that line.)
      (p) =>
        (p.rule === 'missing-private-key' || ((p.rule === 'invalid-key' || p.rule === 'empty-value') && isPrivateKeyLine(file, p.range.start.line))) &&
        intersects(p.range, params.range),
    );
    const onHeader = line === iface.headerLine;
    if (!file.publicKey && (keyProblems.length || onHeader) && wanted(CodeActionKind.QuickFix, only)) {
      actions.push({
        title: 'Generate a new private key',
        kind: CodeActionKind.QuickFix,
        // The diagnostics as published (after a BOM kept in the text, line 0 moved: code actions review),
        // and preferred only when no fix of the problem is (Windows reads a key with its padding bits set:
        // "Clear the padding bits" keeps it, and one preferred fix is what Auto Fix applies).
        ...(keyProblems.length
          ? {
              diagnostics: editorDiagnostics(ctx, uri, keyProblems.map((p: Problem) => toDiagnostic(p, uri)) as Diagnostic[]),
              // Nor when another PrivateKey line holds a valid key (the one that wins is no key): removing the
              // invalid line keeps this config's identity, a new key changes it (duplicate-key prefers that).
              ...(keyProblems.some((p) => p.fixes?.some((f) => f.preferred)) || hasValidPrivateKeyLine(file) ? {} : { isPreferred: true }),
            }
          : {}),
        // The key is made when the action is picked, for a client that resolves (./deferred-actions.ts).
        ...(ctx.canResolveEdits()
          ? { data: { wgls: 'private-key', uri, version } satisfies Deferred }
          : { edit: edit(privateKeyChange(file)) }),
      });
    }
    // A new key pair, for a key to rotate or one that leaked: on the header or the PrivateKey line only
    // (not on every line of the section, where the light bulb would offer it beside every fix).
    // (On a PrivateKey line it replaces: one with another value is not this key.) The change is computed
    // only there: the light bulb asks at every cursor move in the section.
    if (file.publicKey && (onHeader || isPrivateKeyLine(file, line)) && wanted(CodeActionKind.RefactorRewrite, only)) {
      const later = ctx.canResolveEdits();
      const change = keyPairChange(ctx.workspace.model, file, later ? PLACEHOLDER_KEY : undefined);
      // A client that does not resolve gets the edit now: not with positions of a closed config that
      // changed on disk (review: the key landed on a blank line of the hub), as the PSK action.
      const onKey = change.edits.some((e) => e.uri === uri && e.range.start.line === line);
      if ((onHeader || onKey) && (later || closedFilesCurrent(ctx, change, uri))) {
        const title = keyPairTitle(change);
        const data: Deferred = { wgls: 'key-pair', uri, version, listedIn: listedInOf(change) };
        actions.push({ title, kind: CodeActionKind.RefactorRewrite, ...(later ? { data } : (runsWhenPicked(ctx, change, uri, title, data) ?? { edit: edit(change) })) });
      }
    }
    // (Add peer writes the new peer's config to a new file: not for a client that creates none.)
    if (onHeader && file.publicKey && uri.startsWith('file:') && ctx.editSupport().createFiles && wanted(CodeActionKind.RefactorRewrite, only)) {
      actions.push({ title: 'Add peer…', kind: CodeActionKind.RefactorRewrite, command: { title: 'Add peer…', command: ADD_PEER_CLIENT_COMMAND, arguments: [uri] } });
    }
  }

  // In a [Peer] section.
  const peer = file.model.peers.find((p) => line >= p.section.headerLine && line < p.section.endLine);
  if (peer && wanted(CodeActionKind.RefactorRewrite, only)) {
    // (A placeholder key when the action is resolved later: the listing needs only where it writes.)
    const later = ctx.canResolveEdits();
    const psk = presharedKeyChange(ctx.workspace.model, file, peer, later ? PLACEHOLDER_KEY : undefined);
    const verb = peer.presharedKey ? 'Replace the preshared key with a new one' : 'Generate a preshared key';
    if (closedFilesCurrent(ctx, psk, uri)) {
      // (A file named after a key is named without it, as the code lenses do: session review.)
      // (SaveConfig: as the key pair's title, wg-quick down would write the old key back over one end.)
      const title = (psk.counterpart ? `${verb} (here and in ${redactKeys(psk.counterpart.name)})` : verb) + saversNote([file, ...(psk.counterpart ? [psk.counterpart] : [])]);
      // The key and the edit (written to both ends, maybe) are made when the action is picked, for a
      // client that resolves actions, and for one that does not when the other end is closed (a command:
      // ./deferred-actions.ts, runsWhenPicked).
      const data: Deferred = { wgls: 'psk', uri, version, headerLine: peer.section.headerLine, counterpart: psk.counterpart?.uri ?? '' };
      actions.push({ title, kind: CodeActionKind.RefactorRewrite, ...(later ? { data } : (runsWhenPicked(ctx, psk, uri, title, data) ?? { edit: edit(psk) })) });
    }
    // (A new file goes next to this one: an untitled document has no folder.)
    if (counterpartCreatable(ctx, file, peer) && uri.startsWith('file:') && ctx.editSupport().createFiles) {
      try {
        const c = createCounterpart(ctx.workspace.model, file, peer, (u) => uriTaken(ctx, u), later ? PLACEHOLDER_PAIR : undefined, newEndTarget(ctx, uri, entry.doc));
        const name = decodeUriPart(c.newUri.slice(c.newUri.lastIndexOf('/') + 1));
        actions.push({
          // (It gives this [Peer] the new public key: a SaveConfig file would get the old one back.)
          title: `Create a config for this peer (${name}) with a new key pair${saversNote([file])}`,
          kind: CodeActionKind.RefactorRewrite,
          ...(later ? { data: { wgls: 'create', uri, version, headerLine: peer.section.headerLine, newUri: c.newUri } satisfies Deferred } : { edit: edit(c) }),
        });
      } catch {
        // No config can be made (no free name): offer nothing.
      }
    }
  }
  return actions;
}

/** Whether a PrivateKey line of the interface holds a valid key (the file's key is the last one's). */
function hasValidPrivateKeyLine(file: WorkspaceFile): boolean {
  return file.model.iface.entries.some((e) => isKey(e, 'PrivateKey') && isValidKey(wgValue(e)));
}

/**
 * Whether a config can be made for `peer` of `file`: its key is no config's (none owns it) and no typo of
 * one (near-miss-peer-key offers the right key: a new config would take the real one's place and its
 * Address), and this config has a key the new one can name. Asked when listed and again when picked.
 */
export function counterpartCreatable(ctx: ServerContext, file: WorkspaceFile, peer: PeerModel): boolean {
  if (!file.publicKey) return false;
  const key = peer.publicKey ? wgValue(peer.publicKey) : undefined;
  if (key !== undefined && ctx.workspace.model.counterpartOf(key, file.uri)) return false;
  return !(key !== undefined && ctx.workspace.model.nearMisses(key).some((k) => k !== file.publicKey));
}

/**
 * The configs a key pair change edits besides this one, as the deferred action knows them (checked at
 * resolve): a digest, not the URIs, which were 53 KB of `data` per cursor move for a hub of 2,000 (review).
 */
export const listedInOf = (change: KeyPairChange) =>
  createHash('sha256')
    .update(change.listedIn.map((f) => f.uri).join('\n'))
    .digest('base64url');

/** `Replace the key pair with a new one (here and in hub.conf)`; copies that keep the old pair are named. */
export function keyPairTitle(change: KeyPairChange): string {
  const where = change.listedIn.length ? ` (here and in ${configNames(change.listedIn)})` : '';
  const copies = change.copies.length ? `; ${configNames(change.copies)} ${change.copies.length === 1 ? 'keeps' : 'keep'} the old one` : '';
  return `Replace the key pair with a new one${where}${copies}${saversNote(change.savers)}`;
}

/** `a.conf and b.conf`, or `a.conf and 4 more configs`, a file named after a key without the key (session review). */
const configNames = (files: readonly WorkspaceFile[]) =>
  redactKeys(files.length <= 2 ? files.map((f) => f.name).join(' and ') : `${files[0]!.name} and ${files.length - 1} more configs`);

/**
 * `; hub.conf has SaveConfig = true: take its tunnel down first` for the configs among `files` that save
 * themselves, else ''. wg-quick down writes a running interface's configuration over such a file: an old
 * key back over one end, so the two no longer agree (actions review: the PSK and Create counterpart
 * actions did not say so, the key pair's did).
 */
export function saversNote(files: readonly WorkspaceFile[]): string {
  const savers = files.filter((f) => savesConfig(f.model));
  if (!savers.length) return '';
  return `; ${configNames(savers)} ${savers.length === 1 ? 'has' : 'have'} SaveConfig = true: take ${savers.length === 1 ? 'its tunnel' : 'their tunnels'} down first`;
}

/** Stand-ins for keys made at resolve: a listing computes where an action writes, never the key. */
const PLACEHOLDER_KEY = 'A'.repeat(43) + '=';
const PLACEHOLDER_PAIR = { privateKey: PLACEHOLDER_KEY, publicKey: PLACEHOLDER_KEY };

function isPrivateKeyLine(file: { model: { iface: { entries: readonly { line: number; match?: { info: { name: string } } }[] } } }, line: number): boolean {
  return file.model.iface.entries.some((e) => e.line === line && e.match?.info.name === 'PrivateKey');
}

/**
 * The target of a config written for the other end of `doc` (Add peer, Create a config for this peer):
 * the folder's setting. A file's own `# wgls-target` speaks for that file alone (a phone's config marked
 * `android` next to the wg-quick hub it dials), except AmneziaWG: both ends of its tunnels run it.
 */
export function newEndTarget(ctx: ServerContext, uri: string, doc: ConfigDocument): Target {
  const setting = ctx.settings(uri).target;
  return effectiveTarget(doc, setting) === 'amneziawg' ? 'amneziawg' : setting;
}
