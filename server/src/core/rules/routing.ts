// Routing between the peers of one interface: overlapping AllowedIPs (the kernel's
// trie gives an exact duplicate to the later peer, silently), default routes, IPv6
// leaks, DNS outside the tunnel and endpoints routed into the tunnel.

import type { RuleContext } from './context.ts';
import type { CidrItem, PeerModel } from '../model.ts';
import { PrefixIndex } from '../prefix-index.ts';
import { formatCidr, formatIp, type Cidr, type Family } from '../values.ts';
import { wgValue } from '../model.ts';
import { lineRange } from '../span.ts';
import { peerLabel } from './label.ts';
import { removeListItemFix } from './values.ts';
import { deleteLine } from './keys.ts';

/** At most this many related locations per diagnostic. */
const MAX_RELATED = 20;

interface Claim {
  readonly peer: PeerModel;
  readonly item: CidrItem;
  readonly cidr: Cidr;
  /** Position in file order, to know which peer wins a tie. */
  readonly order: number;
}

export function checkRouting(ctx: RuleContext): void {
  const claims: Claim[] = [];
  for (const peer of ctx.model.peers) {
    for (const item of peer.allowedIps) {
      if (item.cidr && item.cidr.sign !== '-') claims.push({ peer, item, cidr: item.cidr, order: claims.length });
    }
  }
  checkOverlaps(ctx, claims);
  checkDefaultRoutes(ctx, claims);
  const index = new PrefixIndex<Claim>();
  for (const c of claims) index.add(c.cidr, c);
  checkDns(ctx, index);
  checkEndpoints(ctx, index);
}

const itemRange = (c: Claim) => lineRange(c.item.line, c.item);

/**
 * Prefixes are either nested or disjoint, so after sorting by (family, network, length) a stack of
 * the currently open prefixes finds every container in one pass: O(n log n), no pairwise scan.
 */
function checkOverlaps(ctx: RuleContext, claims: readonly Claim[]) {
  const sorted = claims
    .filter((c) => c.cidr.prefix > 0)
    .sort((a, b) =>
      a.cidr.family - b.cidr.family || (a.cidr.network < b.cidr.network ? -1 : a.cidr.network > b.cidr.network ? 1 : 0) || a.cidr.prefix - b.cidr.prefix || a.order - b.order,
    );
  const stack: Claim[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    while (stack.length && !contains(stack[stack.length - 1]!.cidr, c.cidr)) stack.pop();
    // Exact duplicates sit next to each other; report each group once.
    const prev = sorted[i - 1];
    if (prev && same(prev.cidr, c.cidr)) {
      stack.push(c);
      continue;
    }
    let j = i;
    while (j + 1 < sorted.length && same(sorted[j + 1]!.cidr, c.cidr)) j++;
    if (j > i) reportDuplicates(ctx, sorted.slice(i, j + 1));
    // The nearest container that belongs to another peer.
    for (let k = stack.length - 1; k >= 0; k--) {
      const outer = stack[k]!;
      if (outer.peer === c.peer) continue;
      ctx.report({
        rule: 'allowed-ips-nested',
        range: itemRange(c),
        message: `${formatCidr(c.cidr)} lies inside ${formatCidr(outer.cidr)} of ${peerLabel(outer.peer)}: traffic for ${formatCidr(c.cidr)} goes to this peer (the longest prefix wins), the rest of ${formatCidr(outer.cidr)} to the other.`,
        related: [{ range: itemRange(outer), message: `${formatCidr(outer.cidr)} of ${peerLabel(outer.peer)}` }],
      });
      break;
    }
    stack.push(c);
  }
}

function reportDuplicates(ctx: RuleContext, group: Claim[]) {
  const byPeer = new Map<PeerModel, Claim>();
  for (const c of group) byPeer.set(c.peer, c); // the last item of each peer
  if (byPeer.size < 2) return; // the same peer twice is duplicate-allowed-ip
  const claims = [...byPeer.values()].sort((a, b) => a.order - b.order);
  const winner = claims[claims.length - 1]!;
  // Related information and names are capped: a pathological file can have thousands of claimants.
  const shown = claims.slice(0, MAX_RELATED + 1);
  const losers = claims.length - 1;
  for (const c of claims) {
    const others = shown.filter((o) => o !== c).slice(0, MAX_RELATED);
    ctx.report({
      rule: 'allowed-ips-overlap',
      range: itemRange(c),
      message:
        c === winner
          ? `${formatCidr(c.cidr)} is also claimed by ${losers > 3 ? `${losers} other peers` : others.map((o) => peerLabel(o.peer)).join(', ')}; this later peer silently takes it and the others lose that route.`
          : `${formatCidr(c.cidr)} is also claimed by ${peerLabel(winner.peer)}, which comes later and silently takes it: this peer gets no traffic for ${formatCidr(c.cidr)}.`,
      related: (c === winner ? others : [winner]).map((o) => ({ range: itemRange(o), message: `${formatCidr(o.cidr)} of ${peerLabel(o.peer)}` })),
      fixes: [...counterpartAddressFix(ctx, c), removeClaimFix(ctx, c)],
    });
  }
}

/**
 * When the peer's own config is in the workspace and its tunnel address is not the claimed prefix, the
 * claim is most likely a copy-paste slip: offer that config's address instead (preferred).
 */
function counterpartAddressFix(ctx: RuleContext, c: Claim) {
  const ws = ctx.workspace;
  if (!ws || !c.peer.publicKey) return [];
  const other = ws.model.counterpartOf(wgValue(c.peer.publicKey), ws.file.uri);
  const own = other?.model.iface.addresses.find((a) => a.cidr && a.cidr.family === c.cidr.family);
  if (!other || !own?.cidr || contains(c.cidr, { ...own.cidr, network: own.cidr.address, prefix: c.cidr.family === 4 ? 32 : 128 })) return [];
  const host = `${formatIp(own.cidr.family, own.cidr.address)}/${own.cidr.family === 4 ? 32 : 128}`;
  return [{ title: `Change to ${host} (${other.name}'s Address)`, preferred: true, edits: [{ range: itemRange(c), newText: host }] }];
}

/** Removes the item from its AllowedIPs line (the other peer keeps the prefix). */
function removeClaimFix(ctx: RuleContext, c: Claim) {
  const items = c.peer.allowedIps.filter((i) => i.line === c.item.line);
  const entry = c.peer.entries.find((e) => e.line === c.item.line)!;
  const fix = removeListItemFix(entry, items, c.item);
  // The only item of the line: remove the whole line instead of leaving `AllowedIPs =`.
  if (items.length === 1) return { ...fix, preferred: false, title: `Remove ${formatCidr(c.cidr)} from ${peerLabel(c.peer)}`, edits: [deleteLine(ctx, c.item.line)] };
  return { ...fix, preferred: false, title: `Remove ${formatCidr(c.cidr)} from ${peerLabel(c.peer)}` };
}

function same(a: Cidr, b: Cidr) {
  return a.family === b.family && a.prefix === b.prefix && a.network === b.network;
}

function contains(outer: Cidr, inner: Cidr) {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const bits = outer.family === 4 ? 32n : 128n;
  const shift = bits - BigInt(outer.prefix);
  return inner.network >> shift === outer.network >> shift;
}

function checkDefaultRoutes(ctx: RuleContext, claims: readonly Claim[]) {
  const tableOff = ctx.model.iface.table?.node.valueText === 'off';
  for (const family of [4, 6] as Family[]) {
    const defaults = claims.filter((c) => c.cidr.family === family && c.cidr.prefix === 0);
    const peers = [...new Set(defaults.map((c) => c.peer))];
    if (peers.length > 1) {
      const winner = defaults[defaults.length - 1]!;
      for (const c of defaults) {
        if (c.peer === winner.peer && c !== winner) continue;
        ctx.report({
          rule: 'multiple-default-routes',
          range: itemRange(c),
          message: `${formatCidr(c.cidr)} is claimed by ${peers.length} peers: only the last, ${peerLabel(winner.peer)}, gets the default route.`,
          related: (c.peer === winner.peer ? defaults.filter((o) => o.peer !== c.peer).slice(0, MAX_RELATED) : [winner]).map((o) => ({ range: itemRange(o), message: peerLabel(o.peer) })),
        });
      }
    }
    if (defaults.length && tableOff && (family === 4 || !claims.some((c) => c.cidr.family === 4 && c.cidr.prefix === 0))) {
      ctx.report({
        rule: 'table-off-default-route',
        range: itemRange(defaults[0]!),
        message: `Table = off: wg-quick adds no route, so ${formatCidr(defaults[0]!.cidr)} sends nothing through the tunnel until you route it yourself (and Windows' kill-switch stays off).`,
      });
    }
  }
  // Windows blocks untunnelled traffic (its kill-switch) only with exactly one peer whose AllowedIPs hold a
  // canonical 0.0.0.0/0 or ::/0, and Table not off (addressconfig.go). With more peers it silently does not.
  const canonicalDefault = claims.find((c) => c.cidr.prefix === 0 && (c.item.text === '0.0.0.0/0' || c.item.text === '::/0'));
  if (ctx.target === 'windows' && canonicalDefault && ctx.model.peers.length > 1 && !tableOff) {
    ctx.report({
      rule: 'windows-kill-switch-off',
      range: itemRange(canonicalDefault),
      message: `With ${ctx.model.peers.length} peers, WireGuard for Windows does not enable its kill-switch (it does only for a single peer with ${canonicalDefault.item.text}): traffic may leave outside the tunnel while it is down.`,
    });
  }
  // Full tunnel for IPv4 only: IPv6 keeps flowing outside the tunnel. A /0 or its two /1 halves (how
  // Windows writes a full tunnel without kill-switch) count as full.
  const full = (family: Family) =>
    claims.find((c) => c.cidr.family === family && c.cidr.prefix === 0) ??
    (claims.some((c) => c.cidr.family === family && c.cidr.prefix === 1 && c.cidr.network === 0n) ? claims.find((c) => c.cidr.family === family && c.cidr.prefix === 1 && c.cidr.network !== 0n) : undefined);
  const v4 = full(4);
  if (v4 && !full(6)) {
    ctx.report({
      rule: 'ipv6-leak',
      range: itemRange(v4),
      message: `All IPv4 goes through the tunnel (${formatCidr(v4.cidr)}${v4.cidr.prefix === 1 ? ' and its other half' : ''}), but IPv6 is not covered (no ::/0): on a network with IPv6, that traffic bypasses the VPN.`,
      fixes: [{ title: 'Add ::/0', preferred: true, edits: [{ range: lineRange(v4.item.line, { start: v4.item.end, end: v4.item.end }), newText: ', ::/0' }] }],
    });
  }
}

function checkDns(ctx: RuleContext, index: PrefixIndex<Claim>) {
  const { iface, peers } = ctx.model;
  if (peers.length === 0) return;
  for (const d of iface.dns) {
    if (!d.ip) continue;
    if (index.containing(d.ip).length) continue;
    // The Address's own subnet is routed into the tunnel too (ip addr add 10.0.0.2/24).
    const ip = d.ip;
    // This host itself (a hub running its own resolver) needs no peer.
    if (iface.addresses.some((a) => a.cidr && a.cidr.family === ip.family && a.cidr.address === ip.value)) continue;
    const inSubnet = iface.addresses.some((a) => a.cidr && a.cidr.family === ip.family && (ip.value & mask(a.cidr)) === a.cidr.network);
    ctx.report({
      rule: 'dns-not-routed',
      range: lineRange(d.line, d),
      message: inSubnet
        ? `DNS server ${d.text} is in this interface's subnet, so queries go into the tunnel, but no peer's AllowedIPs include it: they are dropped.`
        : `DNS server ${d.text} is outside every peer's AllowedIPs: queries to it leave outside the tunnel (or fail if it is only reachable through it).`,
    });
  }
}

function mask(c: Cidr): bigint {
  const bits = c.family === 4 ? 32 : 128;
  return c.prefix === 0 ? 0n : ((1n << BigInt(c.prefix)) - 1n) << BigInt(bits - c.prefix);
}

function checkEndpoints(ctx: RuleContext, index: PrefixIndex<Claim>) {
  const tableOff = ctx.model.iface.table?.node.valueText === 'off';
  for (const peer of ctx.model.peers) {
    const ip = peer.endpoint?.parsed?.ip;
    if (!ip) continue;
    // wg-quick keeps the endpoint outside a /0 with its fwmark rule; any narrower prefix loops.
    const hit = index.containing(ip).find((c) => c.cidr.prefix > 0 || tableOff);
    if (!hit) continue;
    ctx.report({
      rule: 'endpoint-in-allowed-ips',
      range: lineRange(peer.endpoint!.line, peer.endpoint!.node.value),
      message: `Endpoint ${peer.endpoint!.parsed!.host} is inside ${formatCidr(hit.cidr)} (AllowedIPs of ${hit.peer === peer ? 'this peer' : peerLabel(hit.peer)}): the encrypted packets would be routed into the tunnel itself. Exclude the endpoint from AllowedIPs or add a host route for it outside the tunnel.`,
      related: [{ range: itemRange(hit), message: formatCidr(hit.cidr) }],
    });
  }
}
