// Commands the server runs (workspace/executeCommand). The client's "Add peer…" asks
// the user, then calls wgls.server.addPeer with the answers; tests call it directly.
//   wgls.server.addPeer          [{ uri, name, topology?, lan?, localLan?, endpointHost?, fullTunnel?, presharedKey?, dns? }]
//                                → { uri: the new config } after the client applied the edit
//   wgls.server.addPeerDefaults  [{ uri }] → { endpointHost, addresses, listenPort?, dns? } for the questions
//   wgls.server.fileTarget       [{ uri }] → { target, source: 'comment' | 'setting', comment, setting, targets }
//   wgls.server.setTarget        [{ uri, target: <id> | null }] → { applied }: writes, changes or removes the
//                                file's `# wgls-target` comment (null: back to the setting) with applyEdit
// The edit is applied with workspace/applyEdit: one WorkspaceEdit (create the new file,
// append to this one), so one undo reverts both.

import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import type { Feature, ServerContext } from '../context.ts';
import { addPeer, PLACEHOLDER_HOST, TOPOLOGIES, type AddPeerOptions } from '../../core/edits/add-peer.ts';
import { EditError } from '../../core/edits/change.ts';
import { describeSubnet, nextFreeAddress, tunnelSubnets } from '../../core/edits/allocate.ts';
import { commonSpokeDns, knownEndpointHost } from '../../core/edits/peer-text.ts';
import { formatIp } from '../../core/values.ts';
import { changeToWorkspaceEdit, uriTaken } from './key-actions.ts';
import { toWorkspaceEdit } from './code-actions.ts';
import type { ConfigDocument } from '../../core/parser.ts';
import { TARGETS, type Target } from '../../core/schema.ts';
import { targetDirective } from '../../core/rules/target-directive.ts';
import { targetEdits } from '../../core/edits/target.ts';

export const ADD_PEER = 'wgls.server.addPeer';
export const ADD_PEER_DEFAULTS = 'wgls.server.addPeerDefaults';
export const FILE_TARGET = 'wgls.server.fileTarget';
export const SET_TARGET = 'wgls.server.setTarget';

export interface FileTarget {
  readonly target: Target;
  /** Where it comes from: the file's `# wgls-target` comment, or the wgls.target setting. */
  readonly source: 'comment' | 'setting';
  /** Whether the file has a `# wgls-target` comment that counts or would (one naming no target). */
  readonly comment: boolean;
  readonly setting: Target;
  /** Every target, for the client's pick (the table lives in core/schema.ts). */
  readonly targets: ReadonlyArray<{ readonly id: Target; readonly label: string }>;
}

/** The open document's parse, else the workspace's entry for the file. */
function docOf(ctx: ServerContext, uri: unknown): ConfigDocument {
  if (typeof uri !== 'string') fail('missing "uri": a WireGuard config');
  const doc = ctx.parsed(uri)?.doc ?? ctx.workspace.file(uri)?.doc;
  if (!doc) fail(`${uri} is not a WireGuard config the server knows`);
  return doc;
}

export async function fileTarget(ctx: ServerContext, args: { uri: string }): Promise<FileTarget> {
  // Asked right after start-up or a settings change: answer with the settings the client has.
  await ctx.settingsSettled();
  const doc = docOf(ctx, args?.uri);
  const setting = ctx.settings().target;
  const comment = targetDirective(doc);
  const own = comment?.target;
  return { target: own ?? setting, source: own ? 'comment' : 'setting', comment: comment !== undefined, setting, targets: TARGETS };
}

export async function setTarget(ctx: ServerContext, args: { uri: string; target: string | null }): Promise<{ applied: boolean }> {
  const doc = docOf(ctx, args?.uri);
  const target = args.target === null ? undefined : TARGETS.find((t) => t.id === args.target)?.id;
  if (args.target !== null && !target) fail(`unknown target "${String(args.target)}": one of ${TARGETS.map((t) => t.id).join(', ')}`);
  const edits = targetEdits(doc, target);
  if (!edits.length) return { applied: true };
  // Pinned to the version the edits were computed on (null: a file not open, as the other commands do).
  const edit = toWorkspaceEdit(ctx, args.uri, ctx.parsed(args.uri)?.document.version ?? null, edits);
  const label = target ? `Check this file for ${TARGETS.find((t) => t.id === target)!.label}` : 'Check this file for the wgls.target setting';
  const applied = await ctx.connection.workspace.applyEdit({ label, edit });
  return { applied: applied.applied };
}

export interface AddPeerArguments extends AddPeerOptions {
  /** The config the new peer joins (the hub, or the other end). */
  readonly uri: string;
}

export interface AddPeerDefaults {
  readonly endpointHost: string;
  /** Whether some config already dials this one (so endpointHost is real, not a placeholder). */
  readonly endpointKnown: boolean;
  readonly listenPort?: number;
  /** The addresses the new peer would get (`10.0.0.5/24`), or why there are none. */
  readonly addresses: readonly string[];
  /** The DNS line the configs dialling this one use most, offered to the new peer. */
  readonly dns?: string;
  readonly problem?: string;
}

function fail(message: string): never {
  throw new ResponseError(ErrorCodes.InvalidParams, message);
}

async function workspaceFile(ctx: ServerContext, uri: unknown) {
  if (typeof uri !== 'string') fail('missing "uri": the config to add a peer to');
  // The next free address must see every config, so let the background index finish.
  await ctx.workspace.indexed;
  const file = ctx.workspace.file(uri);
  if (!file) fail(`${uri} is not a WireGuard config the server knows`);
  return file;
}

export async function runAddPeer(ctx: ServerContext, args: AddPeerArguments): Promise<{ uri: string }> {
  const file = await workspaceFile(ctx, args?.uri);
  let result;
  try {
    result = addPeer(ctx.workspace.model, file, args, (u) => uriTaken(ctx, u));
  } catch (err) {
    if (err instanceof EditError) fail(err.message);
    throw err;
  }
  const edit = changeToWorkspaceEdit(ctx, result);
  const applied = await ctx.connection.workspace.applyEdit({ label: `Add peer ${args.name}`, edit });
  if (!applied.applied) fail(`The editor did not apply the change${applied.failureReason ? `: ${applied.failureReason}` : ''}.`);
  return { uri: result.newUri };
}

export async function addPeerDefaults(ctx: ServerContext, args: { uri: string }): Promise<AddPeerDefaults> {
  const file = await workspaceFile(ctx, args?.uri);
  const known = knownEndpointHost(ctx.workspace.model, file);
  const addresses: string[] = [];
  let problem: string | undefined;
  for (const { subnet, prefix } of tunnelSubnets(file)) {
    const a = nextFreeAddress(ctx.workspace.model, file, subnet);
    if (a === undefined) problem = `No free address left in ${describeSubnet(subnet)}.`;
    else addresses.push(`${formatIp(subnet.family, a)}/${prefix}`);
  }
  if (!file.model.iface.addresses.length) problem = `${file.name} has no Address.`;
  const dns = commonSpokeDns(ctx.workspace.model, file);
  return {
    endpointHost: known ?? PLACEHOLDER_HOST,
    endpointKnown: known !== undefined,
    ...(file.listenPort !== undefined ? { listenPort: file.listenPort } : {}),
    addresses,
    ...(dns ? { dns } : {}),
    ...(problem ? { problem } : {}),
  };
}

export const commands: Feature = {
  capabilities: { executeCommandProvider: { commands: [ADD_PEER, ADD_PEER_DEFAULTS, FILE_TARGET, SET_TARGET] } },
  register(ctx) {
    ctx.connection.onExecuteCommand(async (params) => {
      const arg = params.arguments?.[0] as Record<string, unknown> | undefined;
      switch (params.command) {
        case ADD_PEER:
          if (arg?.topology !== undefined && !TOPOLOGIES.includes(arg.topology as never)) fail(`unknown topology "${String(arg.topology)}"`);
          return runAddPeer(ctx, arg as unknown as AddPeerArguments);
        case ADD_PEER_DEFAULTS:
          return addPeerDefaults(ctx, arg as unknown as { uri: string });
        case FILE_TARGET:
          return fileTarget(ctx, arg as unknown as { uri: string });
        case SET_TARGET:
          return setTarget(ctx, arg as unknown as { uri: string; target: string | null });
        default:
          return fail(`unknown command ${params.command}`);
      }
    });
  },
};
