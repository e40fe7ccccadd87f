// Commands the server runs (workspace/executeCommand). The client's "Add peer…" asks
// the user, then calls wgls.server.addPeer with the answers; tests call it directly.
//   wgls.server.addPeer          [{ uri, name, topology?, lan?, localLan?, endpointHost?, fullTunnel?, presharedKey?, dns? }]
//                                → { uri: the new config } after the client applied the edit
//   wgls.server.addPeerDefaults  [{ uri }] → { endpointHost, addresses, listenPort?, dns? } for the questions
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

export const ADD_PEER = 'wgls.server.addPeer';
export const ADD_PEER_DEFAULTS = 'wgls.server.addPeerDefaults';

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
  capabilities: { executeCommandProvider: { commands: [ADD_PEER, ADD_PEER_DEFAULTS] } },
  register(ctx) {
    ctx.connection.onExecuteCommand(async (params) => {
      const arg = params.arguments?.[0] as Record<string, unknown> | undefined;
      switch (params.command) {
        case ADD_PEER:
          if (arg?.topology !== undefined && !TOPOLOGIES.includes(arg.topology as never)) fail(`unknown topology "${String(arg.topology)}"`);
          return runAddPeer(ctx, arg as unknown as AddPeerArguments);
        case ADD_PEER_DEFAULTS:
          return addPeerDefaults(ctx, arg as unknown as { uri: string });
        default:
          return fail(`unknown command ${params.command}`);
      }
    });
  },
};
