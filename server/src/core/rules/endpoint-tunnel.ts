// An Endpoint that points into the tunnel it is meant to bring up: the handshake has to reach the peer
// outside the tunnel, before there is one. Two cases, by the evidence:
// - the peer's own tunnel address: its config (the workspace's owner of the peer's key) has that
//   Address. Wrong for every target: the address exists only inside this tunnel.
// - an address of this interface's own subnet (`Address = 10.8.0.2/24`, `Endpoint = 10.8.0.1:51820`),
//   for wg-quick and awg-quick only: `ip address add 10.8.0.2/24 dev wg0` routes the subnet into the
//   tunnel (reference 2.6), so the encrypted packets loop. The apps keep their sockets out of the tunnel,
//   so there the inference would only be "probably unreachable": not reported without the other config.
// Found by the cross-file review: an Endpoint set to the server's tunnel address got no diagnostic.

import type { RuleContext } from './context.ts';
import { addressAt, type PeerModel } from '../model.ts';
import { lineRange } from '../span.ts';
import { quickName, readByQuick } from './apps.ts';
import { knownEndpoint } from '../edits/peer-text.ts';
import { endpointIsPeerAddress, ownSubnetAt, routesItself, tableMode } from './routing.ts';
import { sendsOnItsOwn } from './keepalive.ts';
import { targetOfFile } from './target-directive.ts';

/** One peer. Reads the interface's Addresses and, in a workspace, the peer's config and who dials it. */
export function checkEndpointInTunnel(ctx: RuleContext, peer: PeerModel): void {
  const ep = peer.endpoint?.parsed;
  const ip = ep?.ip;
  if (!ep || !ip) return;
  const range = lineRange(peer.endpoint!.line, peer.endpoint!.node.value);
  const shown = ep.hostKind === 'ipv6' ? `[${ep.host}]` : ep.host;
  const theirs = endpointIsPeerAddress(ctx, peer);
  if (theirs) {
    const { other, address } = theirs;
    const ws = ctx.workspace!;
    const found = knownEndpoint(ws.model, other);
    const known = found && { endpoint: found.text, file: found.by.name };
    // The other end dialling this one on its own brings the tunnel up anyway (roaming then replaces this
    // Endpoint with the address its packets come from): wrong, and harmless until that end stops dialling.
    // Not when its own Endpoint is this config's tunnel address: then each would excuse the other while
    // neither handshake arrives (diff review; as endpoint-port-mismatch's pair).
    const back = ws.file.publicKey ? other.peersByKey.get(ws.file.publicKey) : undefined;
    const backIp = back?.endpoint?.parsed?.ip;
    const backInTunnel = backIp !== undefined && addressAt(ws.file.model, backIp) !== undefined;
    const rescued = back !== undefined && !backInTunnel && sendsOnItsOwn(back, other, targetOfFile(ctx, other));
    ctx.report({
      rule: 'endpoint-in-tunnel',
      ...(rescued ? { severity: 'information' as const } : {}),
      range,
      message: `Endpoint ${shown} is ${other.name}'s own tunnel address (Address = ${address}): it exists only inside this tunnel, so ${
        rescued ? `this side cannot start the handshake (the tunnel comes up only because ${other.name} dials this side on its own)` : 'the handshake that would bring the tunnel up cannot reach it'
      }. Use the address ${other.name} is reached at from outside (its public IP or host name, or its LAN address)${known ? `, as ${known.file} does` : ''}.`,
      ...(known ? { fixes: [{ title: `Use ${known.endpoint} (as ${known.file} dials ${other.name})`, edits: [{ range, newText: known.endpoint }] }] } : {}),
    });
    return;
  }
  // (wg-quick and awg-quick assign the Address with `ip address add`: its subnet is routed into the tunnel.)
  if (!readByQuick(ctx.target)) return;
  const a = ownSubnetAt(ctx.model, ip);
  if (!a) return;
  // endpoint-in-allowed-ips says it when this peer's own AllowedIPs route it (the usual spoke): once. It
  // leaves Table = off and a table of its own alone (no AllowedIPs routes in the main table), where the
  // Address's subnet route still loops (diff review). Another peer's AllowedIPs are left to this rule.
  const table = tableMode(ctx.model, ctx.target);
  if (table !== 'off' && table !== 'custom' && routesItself(peer, ip)) return;
  ctx.report({
    rule: 'endpoint-in-tunnel',
    range,
    message: `Endpoint ${shown} is inside this interface's own tunnel subnet (Address = ${a.text.trim()}): ${quickName(ctx.target)} routes that subnet into the tunnel (ip address add), so the encrypted packets to it loop and the handshake never completes. Use the address the peer is reached at outside the tunnel: its public IP or host name (unless a more specific route outside the tunnel leads there).`,
  });
}
