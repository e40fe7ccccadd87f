// PersistentKeepalive and NAT. A heuristic (WireGuard cannot know about NAT; see
// docs/rules/missing-keepalive.md): a side with no ListenPort that dials a peer's
// Endpoint is an initiator on an ephemeral port, typically behind NAT. If its peer
// must reach it unprompted (it is not a full-tunnel client that only ever
// initiates), the NAT mapping must be kept open from this side.

import type { RuleContext } from './context.ts';
import type { ConfigModel, PeerModel } from '../model.ts';
import type { Target } from '../schema.ts';
import { WorkspaceModel } from '../workspace.ts';
import { listensOnPort, wgValue } from '../model.ts';
import { keepaliveSeconds } from '../values.ts';
import { lineRange } from '../span.ts';
import { valueRange } from './values.ts';
import { isPrivateNetworkAddress, peerRoutesEverything, tableMode } from './routing.ts';
import { lineBreakAfter } from '../edits/change.ts';

/**
 * Whether the side whose [Peer] is `p` (in `file`, read as `target`) sends to that peer on its own, as soon
 * as it is up: an Endpoint, and a keepalive or a full tunnel (it sends whatever its host sends; with
 * Table = off it routes nothing there). The peer's handshake then reaches it without an Endpoint of its own.
 */
export function sendsOnItsOwn(p: PeerModel, file: { readonly model: ConfigModel }, target: Target): boolean {
  return p.endpoint !== undefined && (WorkspaceModel.keepalive(p, target) > 0 || (tableMode(file.model, target) !== 'off' && (peerRoutesEverything(p, 4) || peerRoutesEverything(p, 6))));
}

/** Whether this side listens on a fixed port (the per-peer check's one interface fact). */
export function hasListenPort(ctx: RuleContext): boolean {
  return listensOnPort(ctx.model);
}

/**
 * One peer. Reads the workspace (is the counterpart there?) and, for its fix, line 0's line ending:
 * the validator keeps the result only while those and the interface's ListenPort stay the same.
 */
export function checkPeerKeepalive(ctx: RuleContext, peer: PeerModel, hasListenPort: boolean): void {
  {
    const seconds = peer.keepalive ? (keepaliveSeconds(wgValue(peer.keepalive), ctx.target) ?? 0) : 0;
    if (peer.keepalive && seconds > 0) {
      if (seconds < 10) {
        ctx.report({
          rule: 'keepalive-too-short',
          range: valueRange(peer.keepalive),
          message: `A keepalive every ${seconds} s is chatty (a packet every ${seconds} s even when idle: mobile batteries and data); NATs rarely need less than 25 s.`,
          fixes: [{ title: 'Change to 25', preferred: true, edits: [{ range: valueRange(peer.keepalive), newText: '25' }] }],
        });
      } else if (seconds > 120) {
        ctx.report({
          rule: 'keepalive-too-long',
          range: valueRange(peer.keepalive),
          message: `A keepalive every ${seconds} s is too rare to hold most NAT mappings (many expire idle UDP after 30–120 s); 25 s is the documented value.`,
          fixes: [{ title: 'Change to 25', preferred: true, edits: [{ range: valueRange(peer.keepalive), newText: '25' }] }],
        });
      }
      // With the counterpart in the workspace, keepalive-wrong-side knows better (and can fix it there).
      if (!peer.endpoint && hasListenPort && !hasCounterpart(ctx, peer)) {
        ctx.report({
          rule: 'keepalive-without-endpoint',
          range: valueRange(peer.keepalive),
          message: 'This side has no Endpoint for the peer, so it cannot send keepalives until the peer has made contact; the side behind NAT (the peer) should set PersistentKeepalive instead.',
        });
      }
      return;
    }
    if (!hasListenPort && peer.endpoint && !isFullTunnel(peer) && !onLinkEndpoint(peer)) {
      ctx.report({
        rule: 'missing-keepalive',
        range: lineRange(peer.endpoint.line, peer.endpoint.node.key),
        message:
          // (Said as a condition: a road-warrior laptop that only ever dials out needs nothing. Real-world review.)
          'This side has no ListenPort and dials the peer, so it is probably behind NAT; without PersistentKeepalive the NAT mapping expires when idle, and the peer can no longer reach this side until it sends again. If the peer must reach this side unprompted (a server, a NAS, SSH to it), add PersistentKeepalive = 25.',
        fixes: [addKeepaliveFix(ctx, peer)],
      });
    } else if (hasListenPort && peer.endpoint && !isFullTunnel(peer) && !onLinkEndpoint(peer)) {
      // (A peer dialled on a private network is on this side's LAN either way: no NAT to keep open. Docs review.)
      // A fixed ListenPort says nothing about NAT (a laptop kept from a server template, behind CGNAT),
      // but the other end having no Endpoint for this side does: only this side can start the tunnel.
      const other = dialsAlone(ctx, peer);
      if (other) {
        ctx.report({
          rule: 'missing-keepalive',
          range: lineRange(peer.endpoint.line, peer.endpoint.node.key),
          message: `${other} has no Endpoint for this side, so only this side can start the tunnel: if it is behind NAT (a laptop, a phone, CGNAT), the mapping expires when idle and ${other} can no longer reach it. Add PersistentKeepalive = 25 (unless this side has a public address).`,
          fixes: [addKeepaliveFix(ctx, peer)],
        });
      }
    }
  }
}

/**
 * Whether the peer's Endpoint is an address of a private network (RFC 1918, link-local, IPv6 ULA): the peer
 * is on this side's LAN (or a VPC's), with no NAT in between to keep open (reference §10.2, signal 4;
 * topology review: a laptop's home profile dialling the router at 192.168.1.1). Not CGNAT's 100.64/10,
 * which is a NAT.
 */
function onLinkEndpoint(peer: PeerModel): boolean {
  const ip = peer.endpoint?.parsed?.ip;
  return ip !== undefined && isPrivateNetworkAddress(ip);
}

/** The name of the peer's own config when the workspace has it and it has no Endpoint for this side. */
function dialsAlone(ctx: RuleContext, peer: PeerModel): string | undefined {
  const ws = ctx.workspace;
  if (!ws || !peer.publicKey || !ws.file.publicKey) return undefined;
  const other = ws.model.counterpartOf(wgValue(peer.publicKey), ws.file.uri);
  const back = other?.peersByKey.get(ws.file.publicKey);
  if (!other || !back || back.endpoint) return undefined;
  // Some config dials this side (a hub's other spokes, a site): it is reachable from outside.
  for (const ref of ws.model.referencesTo(ws.file.publicKey)) if (ref.peer.endpoint) return undefined;
  return other.name;
}

function hasCounterpart(ctx: RuleContext, peer: PeerModel): boolean {
  const ws = ctx.workspace;
  if (!ws || !peer.publicKey || !ws.file.publicKey) return false;
  const other = ws.model.counterpartOf(wgValue(peer.publicKey), ws.file.uri);
  return !!other && other.peersByKey.has(ws.file.publicKey);
}

/** A full-tunnel client routes everything through the peer: `0.0.0.0/0`, the /1 halves, "Exclude private IPs". */
function isFullTunnel(peer: PeerModel): boolean {
  return peerRoutesEverything(peer, 4) || peerRoutesEverything(peer, 6);
}

export function addKeepaliveFix(ctx: RuleContext, peer: PeerModel) {
  if (peer.keepalive) {
    return { title: 'Set PersistentKeepalive = 25', preferred: true, edits: [{ range: valueRange(peer.keepalive), newText: '25' }] };
  }
  // After the section's last entry, keeping the line ending style of the file.
  const last = peer.entries[peer.entries.length - 1];
  const line = last ? last.line : peer.section.headerLine;
  const text = ctx.doc.lines[line]!.node.text;
  const eol = lineBreakAfter(ctx.doc, line);
  return {
    title: 'Add PersistentKeepalive = 25',
    preferred: true,
    edits: [{ range: lineRange(line, { start: text.length, end: text.length }), newText: `${eol}PersistentKeepalive = 25` }],
  };
}
