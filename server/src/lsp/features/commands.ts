// Commands the server runs (workspace/executeCommand); their names, arguments and answers are the
// contract in ../protocol.ts, which the client calls through. The client's "Add peer…" asks the
// user, then calls wgls.server.addPeer with the answers; tests call the commands directly.
// Edits are applied with workspace/applyEdit: one WorkspaceEdit (e.g. create the new file and
// append to this one), so one undo reverts it all.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { redactKeys } from '../../core/redact.ts';
import { ResponseError, ErrorCodes, LSPErrorCodes } from 'vscode-languageserver';
import { EditQueue } from '../edit-queue.ts';
import type { Feature, ServerContext } from '../context.ts';
import { addPeer, PLACEHOLDER_HOST, TOPOLOGIES, takenPrefixes } from '../../core/edits/add-peer.ts';
import { EditError } from '../../core/edits/change.ts';
import { describeSubnet, nextFreeAddress, tunnelSubnets } from '../../core/edits/allocate.ts';
import { commonSpokeDns, knownEndpointHost } from '../../core/edits/peer-text.ts';
import { formatIp } from '../../core/values.ts';
import { savesConfig } from '../../core/model.ts';
import { changeToWorkspaceEdit, closedFilesCurrent, newEndTarget, uriTaken } from './key-actions.ts';
import { toWorkspaceEdit } from './code-actions.ts';
import { applyAction } from './deferred-actions.ts';
import type { ConfigDocument } from '../../core/parser.ts';
import { TARGETS } from '../../core/schema.ts';
import { effectiveTarget, targetDirective } from '../../core/rules/target-directive.ts';
import { quickName, wgName } from '../../core/rules/apps.ts';
import { targetEdits, targetFixEdits } from '../../core/edits/target.ts';
import { secretValueSpans } from '../../core/features/secrets.ts';
import { ADD_PEER, ADD_PEER_DEFAULTS, APPLY_ACTION, FILE_TARGET, SECRET_SPANS, SET_TARGET, type CommandArgs, type CommandResult, type ServerCommand } from '../protocol.ts';

/** The open document's parse, else the workspace's entry for the file. */
function docOf(ctx: ServerContext, uri: unknown): ConfigDocument {
  if (typeof uri !== 'string') fail('missing "uri": a WireGuard config');
  const doc = ctx.parsed(uri)?.doc ?? ctx.workspace.file(ctx.workspace.spelling(uri))?.doc;
  if (!doc) fail(`${shown(uri)} is not a WireGuard config the server knows`);
  return doc;
}

async function fileTarget(ctx: ServerContext, args: CommandArgs<typeof FILE_TARGET>): Promise<CommandResult<typeof FILE_TARGET>> {
  // Asked right after start-up or a settings change: answer with the settings the client has.
  await ctx.settingsSettled();
  const doc = docOf(ctx, args?.uri);
  const setting = ctx.settings(args.uri).target;
  const comment = targetDirective(doc);
  const own = comment?.target;
  return { target: own ?? setting, source: own ? 'comment' : 'setting', comment: comment !== undefined, setting, targets: TARGETS };
}

async function setTarget(ctx: ServerContext, args: CommandArgs<typeof SET_TARGET>): Promise<CommandResult<typeof SET_TARGET>> {
  // Closed in the editor: read it again first, and refuse when the disk no longer holds the text the edits
  // were made for (as Add peer does). The index's older text made the edit delete another tool's new
  // first line instead of the directive (command review).
  const closed = typeof args?.uri === 'string' && !ctx.parsed(args.uri) ? ctx.workspace.spelling(args.uri) : undefined;
  if (closed !== undefined) await ctx.workspace.fileChanged(closed, false);
  const doc = docOf(ctx, args?.uri);
  const target = args.target === null ? undefined : TARGETS.find((t) => t.id === args.target)?.id;
  if (args.target !== null && !target) fail(`unknown target "${String(args.target)}": one of ${TARGETS.map((t) => t.id).join(', ')}`);
  // A closed file: in the engine's columns, which are VS Code's for a file it opens (without its BOM); an
  // open one's text may keep the BOM (see lsp/bom.ts). Moved past a BOM on disk, the comment split the
  // header in two (code-actions review).
  const edits = closed !== undefined ? targetFixEdits(doc, target) : targetEdits(doc, target);
  if (!edits.length) return { applied: true };
  if (closed !== undefined && !closedFilesCurrent(ctx, { edits: [{ uri: closed }] })) fail(staleOnDisk(closed, 'Set target'));
  // Pinned to the version the edits were computed on (null: a file not open, as the other commands do).
  const edit = toWorkspaceEdit(ctx, args.uri, ctx.parsed(args.uri)?.document.version ?? null, edits);
  const label = target ? `Check this file for ${TARGETS.find((t) => t.id === target)!.label}` : 'Check this file for the wgls.target setting';
  const applied = await ctx.connection.workspace.applyEdit({ label, edit });
  return { applied: applied.applied };
}

async function secretSpans(ctx: ServerContext, args: CommandArgs<typeof SECRET_SPANS>): Promise<CommandResult<typeof SECRET_SPANS>> {
  const uri: unknown = args?.uri;
  const open = typeof uri === 'string' ? ctx.parsed(uri) : undefined;
  if (!open) fail(`${typeof uri === 'string' ? shown(uri) : String(uri)} is not an open WireGuard document`);
  return { version: open.document.version, spans: secretValueSpans(open.doc, ctx.workspace.model.privateKeys()) };
}

/** A URI as a message shows it: a file: URI as its path (decoded), any other as sent. */
function shown(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** Why a closed file's edit is refused: deleted, or changed on disk since the text the edit was made for. */
function staleOnDisk(uri: string, command: string): string {
  let gone = false;
  try {
    gone = !existsSync(fileURLToPath(uri));
  } catch {
    // (Not a file: URI Node reads: said as changed.)
  }
  return gone ? `${shown(uri)} no longer exists on disk: nothing was changed.` : `${shown(uri)} changed on disk meanwhile: run ${command} again.`;
}

function fail(message: string): never {
  // Messages quote the arguments they refuse: a key sent by mistake (or by a hostile client) is not echoed.
  throw new ResponseError(ErrorCodes.InvalidParams, redactKeys(message));
}

async function workspaceFile(ctx: ServerContext, uri: unknown) {
  if (typeof uri !== 'string') fail('missing "uri": the config to add a peer to');
  // The next free address must see every config, so let the background index finish (and configs just
  // closed be read back from disk).
  await ctx.workspace.settled();
  const file = ctx.workspace.file(uri);
  // Decoded before fail() redacts: a key in a percent-encoded URI (`%2B`, `%3D`) came back whole or in
  // part (server review).
  if (!file) fail(`${shown(uri)} is not a WireGuard config the server knows`);
  return file;
}

/**
 * A file: URI as the workspace spells it (workspace-state.ts spelling). A client may spell one file
 * otherwise (`%68ub.conf`, `./hub.conf`), and a closed file read under a second spelling would join the
 * workspace twice (its own key "reused"). An open document keeps the spelling it was opened under.
 */
function canonicalUri(ctx: ServerContext, uri: unknown): unknown {
  return typeof uri === 'string' ? ctx.workspace.spelling(uri) : uri;
}

/**
 * Refuses Add peer (and its defaults, before any question is asked) where the new peer's config cannot
 * be written: next to a document that is no file, or by a client that creates no files.
 */
function canWriteNewConfig(ctx: ServerContext, uri: unknown): void {
  if (typeof uri === 'string' && !uri.startsWith('file:')) fail('Save this config to a file first: the new peer\'s config is written next to it.');
  if (!ctx.editSupport().createFiles) fail('this editor does not create files for the language server (no "create" among its workspaceEdit resourceOperations), and Add peer writes the new peer\'s config to a new file');
}

async function runAddPeer(ctx: ServerContext, args: CommandArgs<typeof ADD_PEER>): Promise<CommandResult<typeof ADD_PEER>> {
  const uri = canonicalUri(ctx, args?.uri);
  canWriteNewConfig(ctx, uri);
  // Closed in the editor: read it again (another tool, or the last Add peer applied by a client that
  // sends no file events, may have changed it since the index read it).
  if (typeof uri === 'string' && !ctx.documents.get(uri)) await ctx.workspace.fileChanged(uri, false);
  const file = await workspaceFile(ctx, uri);
  let result;
  try {
    result = addPeer(ctx.workspace.model, file, args, (u) => uriTaken(ctx, u), undefined, newEndTarget(ctx, file.uri, file.doc));
  } catch (err) {
    if (err instanceof EditError) fail(err.message);
    throw err;
  }
  if (!closedFilesCurrent(ctx, result)) fail(staleOnDisk(file.uri, 'Add peer'));
  // (Checked at the start: the edit creates a file.)
  const edit = changeToWorkspaceEdit(ctx, result)!;
  const applied = await ctx.connection.workspace.applyEdit({ label: `Add peer ${args.name}`, edit });
  if (!applied.applied) fail(`The editor did not apply the change${applied.failureReason ? `: ${applied.failureReason}` : ''}.`);
  return { uri: result.newUri };
}

async function addPeerDefaults(ctx: ServerContext, args: CommandArgs<typeof ADD_PEER_DEFAULTS>): Promise<CommandResult<typeof ADD_PEER_DEFAULTS>> {
  const uri = canonicalUri(ctx, args?.uri);
  // (As Add peer itself: no new file next to a document that is no file.)
  canWriteNewConfig(ctx, uri);
  const file = await workspaceFile(ctx, uri);
  const known = knownEndpointHost(ctx.workspace.model, file);
  const addresses: string[] = [];
  let problem: string | undefined;
  for (const { subnet, prefix } of tunnelSubnets(file)) {
    const a = nextFreeAddress(ctx.workspace.model, file, subnet);
    if (a === undefined) problem = `No free address left in ${describeSubnet(subnet)}.`;
    else addresses.push(`${formatIp(subnet.family, a)}/${prefix}`);
  }
  if (!file.model.iface.addresses.length) problem = `${file.name} has no Address.`;
  // What Add peer would refuse whatever the answers, said before the first question (the client stops
  // on a problem) rather than after the last (client review).
  if (file.listenPort === undefined) problem = `${file.name} has no ListenPort, so the new peer cannot dial it: set one first (51820 is usual).`;
  if (!file.publicKey) problem = `${file.name} has no valid PrivateKey, so the new peer cannot name it: generate one first.`;
  if (!file.model.iface.sections.length) problem = `${file.name} has no [Interface] section.`;
  const dns = commonSpokeDns(ctx.workspace.model, file);
  // wg-quick down saves the running interface over the file: a [Peer] written while it is up is lost
  // then, name comment and all (command review: Add peer said nothing).
  // (awg-quick and awg for an AmneziaWG config: diff review.)
  const target = effectiveTarget(file.doc, ctx.settings(file.uri).target);
  const caution = savesConfig(file.model)
    ? `${file.name} has SaveConfig = true: if its interface is up, ${quickName(target)} down writes the running configuration over the file and the new [Peer] is lost. Take it down first (or add the peer with ${wgName(target)} set too).`
    : undefined;
  return {
    endpointHost: known ?? PLACEHOLDER_HOST,
    endpointKnown: known !== undefined,
    ...(file.listenPort !== undefined ? { listenPort: file.listenPort } : {}),
    addresses,
    ...(dns ? { dns } : {}),
    ...(problem ? { problem } : {}),
    ...(caution ? { caution } : {}),
    // Refused after the last question, these threw every answer away (client review): checked as typed.
    taken: takenPrefixes(file),
    target: newEndTarget(ctx, file.uri, file.doc),
    // (Two peers named alike are two "laptop"s in every message, lens and hint: refused as typed.)
    names: [...new Set(file.model.peers.flatMap((p) => (p.name ? [p.name.toLowerCase()] : [])))],
  };
}

/** Commands that edit files, one at a time (edit-queue.ts). */
const edits = new EditQueue(
  30_000,
  () => new ResponseError(LSPErrorCodes.RequestFailed, 'the editor has not answered the previous edit yet (it may be waiting for you, e.g. in a dialog); try again once it is applied or refused'),
);
function oneAtATime<T>(ctx: ServerContext, run: () => Promise<T>): Promise<T> {
  // Without workspace/applyEdit the request would go unanswered (or be refused) after the work.
  if (!ctx.canApplyEdit()) fail('this editor does not apply edits from the language server (no workspace/applyEdit capability)');
  return edits.run(run);
}

/**
 * Every command of the contract, implemented: a command added to protocol.ts and not here (or with
 * another shape) does not compile. Arguments come from the client unchecked; each handler checks what
 * it reads.
 */
const HANDLERS: { [C in ServerCommand]: (ctx: ServerContext, args: CommandArgs<C>) => Promise<CommandResult<C>> } = {
  [ADD_PEER]: (ctx, args) => {
    if (args?.topology !== undefined && !TOPOLOGIES.includes(args.topology)) fail(`unknown topology "${String(args.topology)}"`);
    return oneAtATime(ctx, () => runAddPeer(ctx, args));
  },
  [ADD_PEER_DEFAULTS]: addPeerDefaults,
  [FILE_TARGET]: fileTarget,
  [SET_TARGET]: (ctx, args) => oneAtATime(ctx, () => setTarget(ctx, args)),
  [SECRET_SPANS]: secretSpans,
  [APPLY_ACTION]: (ctx, args) =>
    oneAtATime(ctx, async () => {
      if (typeof args?.title !== 'string') fail('missing "title": the action\'s title');
      const applied = await applyAction(ctx, args.title, args.data);
      if (applied === undefined) fail('not an action wgls listed: its "data" is missing or malformed');
      return { applied };
    }),
};

const isCommand = (c: string): c is ServerCommand => Object.hasOwn(HANDLERS, c);

export const commands: Feature = {
  capabilities: { executeCommandProvider: { commands: Object.keys(HANDLERS) } },
  register(ctx) {
    ctx.connection.onExecuteCommand((params) => {
      const command = params.command;
      if (!isCommand(command)) return fail(`unknown command ${command}`);
      const handler = HANDLERS[command] as (ctx: ServerContext, args: unknown) => Promise<unknown>;
      return handler(ctx, params.arguments?.[0]);
    });
  },
};
