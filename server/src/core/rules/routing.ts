// Routing between the peers of one interface: overlapping AllowedIPs (the kernel's
// trie gives an exact duplicate to the later peer, silently), default routes, IPv6
// leaks, DNS outside the tunnel and endpoints routed into the tunnel.

import type { RuleContext } from './context.ts';
import type { AddressItem, CidrItem, ConfigModel, InterfaceModel, PeerModel } from '../model.ts';
import type { WorkspaceFile } from '../workspace.ts';
import type { Fix, Problem, TextEdit } from '../problem.ts';
import { lookupKey, type Target } from '../schema.ts';
import { bits, compareNetworks, covers, formatCidr, formatIp, hostCidr, ipTableNumber, maskOf, networkKey, parseCidr, parseFwMark, type Cidr, type Family, type IpAddress, type NetworkKey } from '../values.ts';
import { addressAt, isKey, listensOnPort, wgValue } from '../model.ts';
import { lineRange } from '../span.ts';
import { peerLabel } from './label.ts';
import { appOf, dnsServerFor, inBlankItem, quickName, readByQuick } from './apps.ts';
import { deleteLine } from './keys.ts';
import { interfaceName } from './hooks.ts';
import { commandWords, hookCommands, toolName } from './shell-words.ts';
import { parseIpCommand } from './ip-rules.ts';
import { appendToList, deleteLinesIn, eolOf, insertLineAfter } from '../edits/change.ts';

/** At most this many related locations per diagnostic. */
const MAX_RELATED = 20;

/**
 * One AllowedIPs item of one peer. It names the peer and the item by index, not by object: a peer that
 * only moved (a line added above it) has a new PeerModel but the same claims, so they stay in place.
 */
interface Claim {
  /** The peer's index, and the item's in its allowedIps. */
  readonly index: number;
  readonly k: number;
  readonly cidr: Cidr;
}

/**
 * A claim's position in file order, to know which peer wins a tie (peer index, then item); 2^20
 * items per peer before orders collide, far beyond any line length. Computed, not stored: above
 * index 2047 it is no small integer, and a stored one would be a heap number per claim.
 */
const orderOf = (c: Claim) => c.index * 1048576 + c.k;

/** A peer's Endpoint address, for "which endpoints lie inside this prefix". */
interface EndpointAt {
  readonly family: Family;
  readonly value: bigint;
  readonly peer: number;
}

const NOTHING: readonly Problem[] = Object.freeze([]);

interface Nested {
  readonly inner: Claim;
  readonly outer: Claim;
  /** Made by noteOf when first reported, then kept with the record (re-made when the record is). */
  problem?: Problem;
}

interface Overlap {
  readonly cidr: Cidr;
  /** Its duplicate-claim problems (allowed-ips-overlap). */
  readonly problems: readonly Problem[];
  /**
   * The claim lies inside another peer's container (allowed-ips-nested). Its note is made when first
   * reported, and only if its container holds few enough to be reported one by one (reportOverlaps):
   * moving the thousands of spokes inside a site's /8 makes no note for each.
   */
  readonly nested?: Nested;
}

/**
 * The pass's state for one file, kept between its versions. The claims (AllowedIPs items) are kept
 * sorted; the overlap problems are kept per prefix and the endpoint problems per peer, so a version
 * whose peers are mostly the same objects re-checks only the prefixes its changed peers claimed or
 * claim, the prefixes nested inside those, and the endpoints inside them. A peer that only moved
 * (the same prefixes and endpoint at the same index) changes no claim: which problems exist depends
 * on the prefixes and the peer indices alone, so only the existing problems are made again (their
 * ranges and labels read the new lines). A new state (or one kept under another key) just means a
 * full pass.
 */
export class Routing {
  key?: string;
  peers: readonly PeerModel[] = [];
  claimsOf: Claim[][] = [];
  /** Every claim, by (family, network, prefix, order). */
  sorted: Claim[] = [];
  /** How many claims have each prefix length, per family (index 0: IPv4, 1: IPv6). */
  lengths: [number[], number[]] = [[], []];
  /** Claims of /0 and /1 (default routes), in file order. */
  low: Claim[] = [];
  /** Overlap problems per claimed prefix (only prefixes that have some). */
  overlaps = new Map<string, Overlap>();
  /**
   * Per run of equal networks in `sorted` (by the index of its last claim): its last claim of a peer other
   * than the last claim's (null: none), found once (see containerOf). Valid while `sorted` is unchanged.
   */
  otherThanLast = new Map<number, Claim | null>();
  /** Peers' endpoint addresses, by (family, value, peer). */
  endpoints: EndpointAt[] = [];
  endpointProblems: Array<readonly Problem[]> = [];
}

/**
 * Where wg-quick puts the routes of AllowedIPs (its `Table`): `auto` (unset; a /0 goes to its own
 * table behind the fwmark rule, which keeps the tunnel's own packets out), `main` (every route, a /0
 * too, in the main table: no such rule), `off` (no routes at all) or another table (`custom`: the
 * routes go there, and only rules the user adds send traffic to it).
 */
export type TableMode = 'auto' | 'main' | 'off' | 'custom';

export function tableMode(model: ConfigModel, target: Target): TableMode {
  return tableModeOf(model.iface.table ? wgValue(model.iface.table) : '', target);
}

/** tableMode of a Table value as wg-quick reads it (`''`: none). */
export function tableModeOf(table: string, target: Target): TableMode {
  // WireGuard for Windows acts on `off` alone: any other value adds the routes as usual (reference 3).
  if (target === 'windows') return table === 'off' ? 'off' : 'auto';
  // The Android and Apple apps read no Table (the key is rejected): they route every AllowedIP.
  if (target === 'android' || target === 'apple') return 'auto';
  if (table === '' || table === 'auto') return 'auto';
  if (table === 'off') return 'off';
  // 254 is the main table's number: `table 254` is `table main` to ip (so are 0xfe and 0376: ipTableNumber),
  // and the kernel puts routes for table 0 (unspecified: `0`, `-0`) in main too.
  // (`unspec` is table 0's name in iproute2's rt_tables.)
  const n = table === 'main' ? 254 : table === 'unspec' ? 0 : ipTableNumber(table);
  return n === 254 || n === 0 ? 'main' : 'custom';
}

/**
 * Whether AllowedIPs routes are in use as routes for the full-tunnel rules: wg-quick's own handling
 * (auto), or the main table without a /0 (two /1 halves there work like a full tunnel; a /0 there makes
 * `wg-quick up` fail or loop, which table-main-default-route reports, so no leak is reported besides).
 */
function fullTunnelRoutes(table: TableMode, state: Routing): boolean {
  return table === 'auto' || (table === 'main' && !state.low.some((c) => c.cidr.prefix === 0));
}

export function checkRouting(ctx: RuleContext, state: Routing = new Routing()): void {
  const peers = ctx.model.peers;
  const table = tableMode(ctx.model, ctx.target);
  // What the kept problems read outside the peers: Table (endpoints), the target, the Addresses (an
  // endpoint in their subnet is endpoint-in-tunnel's) and the other files (the overlap fix that uses the
  // counterpart's Address).
  const ws = ctx.workspace;
  const addresses = ctx.model.iface.addresses.map((a) => a.text).join(',');
  const key = `${ctx.target}|${table}|${addresses}|${ws ? `${ws.model.othersRevision(ws.file.uri)}|${ws.file.uri}` : ''}`;
  const diff = key === state.key ? changedPeers(state.peers, peers) : undefined;
  if (diff && !updateTooLarge(state, peers, diff.changed)) update(ctx, state, diff.changed, diff.moved, table);
  else rebuild(ctx, state, table);
  state.key = key;
  state.peers = peers;
  reportOverlaps(ctx, state);
  checkMultipleDefaults(ctx, state);
  // Plain wg adds no routes and reads no Address or DNS: only the overlaps and the /0 claims (its
  // cryptokey routing) and the endpoints speak for it.
  if (ctx.target !== 'wg') {
    checkDefaultRoutes(ctx, state);
    checkTableWithoutRoutes(ctx);
    checkTableRouteExists(ctx);
    checkFwMarkTable(ctx, state.low);
    checkAddressFamilies(ctx, state);
    checkFullTunnelDns(ctx, state);
    checkDns(ctx, state);
  }
  for (const list of state.endpointProblems) for (const p of list) ctx.report(p);
}

/**
 * The peers that are not the same objects as last time: `changed`, the indices of those built anew
 * (their claims or endpoint may differ), and `moved`, whether any other (the same lines, moved: the
 * same origin) is among them. Undefined when a full pass is as cheap.
 */
function changedPeers(before: readonly PeerModel[], now: readonly PeerModel[]): { changed: number[]; moved: boolean } | undefined {
  if (before.length !== now.length) return undefined;
  const changed: number[] = [];
  let moved = false;
  for (let i = 0; i < now.length; i++) {
    const a = before[i]!;
    const b = now[i]!;
    if (a === b) continue;
    if (a.origin === b.origin) moved = true;
    else if (changed.push(i) > 64 && changed.length > now.length / 8) return undefined;
  }
  return { changed, moved };
}

function claimsOf(peer: PeerModel, index: number): Claim[] {
  const items = peer.allowedIps;
  let n = 0;
  for (let k = 0; k < items.length; k++) if (isClaim(items[k]!.cidr)) n++;
  // Of its final size: kept per peer until the next version, and a pushed-to array has room for 17.
  const out: Claim[] = new Array(n);
  for (let k = 0, j = 0; j < n; k++) {
    const cidr = items[k]!.cidr;
    if (isClaim(cidr)) out[j++] = { index, k, cidr };
  }
  return out;
}

/** Whether an AllowedIPs item claims a prefix (a `-` item removes one, an invalid one does nothing). */
const isClaim = (cidr: Cidr | undefined): cidr is Cidr => cidr !== undefined && cidr.sign !== '-';

/** The peer and the AllowedIPs item of a claim, in this version of the file. */
const peerOf = (ctx: RuleContext, c: Claim): PeerModel => ctx.model.peers[c.index]!;
const itemOf = (ctx: RuleContext, c: Claim): CidrItem => ctx.model.peers[c.index]!.allowedIps[c.k]!;

function endpointOf(peer: PeerModel, index: number): EndpointAt | undefined {
  const ip = peer.endpoint?.parsed?.ip;
  return ip ? { family: ip.family, value: ip.value, peer: index } : undefined;
}

function rebuild(ctx: RuleContext, state: Routing, table: TableMode): void {
  const peers = ctx.model.peers;
  // One list per family: peers usually list their addresses in the order they were added, so each
  // family's claims come nearly sorted and the sort runs in about linear time; one mixed list (v4, v6,
  // v4, …) has no such runs (the 10,000 claims of a generated hub: 1.2 → 0.4 ms).
  const byFamily: [Claim[], Claim[]] = [[], []];
  state.claimsOf = new Array(peers.length);
  state.lengths = [[], []];
  state.low = [];
  state.endpoints = [];
  for (let i = 0; i < peers.length; i++) {
    const claims = (state.claimsOf[i] = claimsOf(peers[i]!, i));
    for (const c of claims) {
      byFamily[c.cidr.family === 4 ? 0 : 1].push(c);
      count(state, c, 1);
      if (c.cidr.prefix <= 1) state.low.push(c);
    }
    const ep = endpointOf(peers[i]!, i);
    if (ep) state.endpoints.push(ep);
  }
  // compareClaims orders by family first: the IPv4 list, then the IPv6 one.
  const all = (state.sorted = byFamily[0].sort(compareClaims).concat(byFamily[1].sort(compareClaims)));
  state.otherThanLast.clear();
  state.endpoints.sort(compareEndpoints);
  state.overlaps = new Map();
  // A prefix claimed once, with no shorter prefix (but /0) claimed in its family, has nothing to
  // report: no checkPrefix for it. In a hub of /32 and /128 peers that is every prefix.
  const shortest = [shortestClaimed(state.lengths[0]), shortestClaimed(state.lengths[1])];
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && same(all[j + 1]!.cidr, all[i]!.cidr)) j++;
    const cidr = all[i]!.cidr;
    if (cidr.prefix > 0 && (j > i || shortest[cidr.family === 4 ? 0 : 1]! < cidr.prefix)) checkPrefix(ctx, state, i, j);
    i = j + 1;
  }
  state.endpointProblems = new Array(peers.length);
  for (let i = 0; i < peers.length; i++) state.endpointProblems[i] = checkEndpoint(ctx, state, peers[i]!, table);
}

/**
 * Whether the changed peers hold so many claims that re-inserting them one by one costs more than a
 * full pass: each insertion moves the sorted list, so one peer with 40,000 items on its AllowedIPs
 * line made an edit anywhere take 20 s (robustness review).
 */
function updateTooLarge(state: Routing, peers: readonly PeerModel[], changed: readonly number[]): boolean {
  let claims = 0;
  for (const i of changed) claims += state.claimsOf[i]!.length + peers[i]!.allowedIps.length;
  return claims > 64 && claims > state.sorted.length / 8;
}

function update(ctx: RuleContext, state: Routing, changed: readonly number[], moved: boolean, table: TableMode): void {
  const peers = ctx.model.peers;
  const touched: Claim[] = [];
  const endpoints = new Set<number>(changed);
  let lowChanged = false;
  for (const i of changed) {
    for (const c of state.claimsOf[i]!) {
      removeAt(state.sorted, c);
      count(state, c, -1);
      touched.push(c);
      lowChanged ||= c.cidr.prefix <= 1;
    }
    const claims = (state.claimsOf[i] = claimsOf(peers[i]!, i));
    for (const c of claims) {
      state.sorted.splice(lowerBound(state.sorted, c.cidr, orderOf(c)), 0, c);
      count(state, c, 1);
      touched.push(c);
      lowChanged ||= c.cidr.prefix <= 1;
    }
    const before = state.endpoints.findIndex((e) => e.peer === i);
    if (before >= 0) state.endpoints.splice(before, 1);
    const ep = endpointOf(peers[i]!, i);
    if (ep) state.endpoints.splice(endpointBound(state.endpoints, ep.family, ep.value, ep.peer), 0, ep);
  }
  if (lowChanged) state.low = state.claimsOf.flatMap((claims) => claims.filter((c) => c.cidr.prefix <= 1));
  state.otherThanLast.clear();
  // The prefixes whose overlap problems may change: those the changed peers claimed or claim (who else
  // claims them, and their labels), and those nested inside them (their nearest container).
  const prefixes = new Map<string, Cidr>();
  // Each touched prefix scanned once: a line repeating one prefix thousands of times would scan its
  // thousands of equal claims once per copy.
  const scanned = new Set<string>();
  for (const t of touched) {
    const { family, network, prefix } = t.cidr;
    const touchedKey = keyOf(t.cidr);
    if (scanned.has(touchedKey)) continue;
    scanned.add(touchedKey);
    const end = network + (1n << BigInt((family === 4 ? 32 : 128) - prefix));
    if (prefix > 0) {
      prefixes.set(keyOf(t.cidr), t.cidr);
      for (let k = lowerBound(state.sorted, { family, k0: t.cidr.k0, k1: t.cidr.k1, k2: t.cidr.k2, k3: t.cidr.k3, prefix: 0 }, -Infinity); k < state.sorted.length; k++) {
        const d = state.sorted[k]!.cidr;
        if (d.family !== family || d.network >= end) break;
        if (d.prefix > prefix) prefixes.set(keyOf(d), d);
      }
    }
    for (let k = endpointBound(state.endpoints, family, network, -Infinity); k < state.endpoints.length; k++) {
      const e = state.endpoints[k]!;
      if (e.family !== family || e.value >= end) break;
      endpoints.add(e.peer);
    }
  }
  if (moved) {
    // The problems that exist stay (see Routing), but may name a moved peer's lines: made again.
    for (const [key, o] of state.overlaps) prefixes.set(key, o.cidr);
    for (let i = 0; i < peers.length; i++) if (state.endpointProblems[i]!.length) endpoints.add(i);
  }
  for (const [key, cidr] of prefixes) {
    const i = lowerBound(state.sorted, cidr, -Infinity);
    const j = lowerBound(state.sorted, cidr, Infinity) - 1;
    if (j >= i) checkPrefix(ctx, state, i, j, key);
    else state.overlaps.delete(key);
  }
  for (const i of endpoints) state.endpointProblems[i] = checkEndpoint(ctx, state, peers[i]!, table);
}

/** The shortest prefix length from 1 up that some claim has (Infinity: none). */
function shortestClaimed(lengths: readonly number[]): number {
  for (let len = 1; len < lengths.length; len++) if (lengths[len]) return len;
  return Infinity;
}

function count(state: Routing, c: Claim, by: number) {
  const lengths = state.lengths[c.cidr.family === 4 ? 0 : 1];
  lengths[c.cidr.prefix] = (lengths[c.cidr.prefix] ?? 0) + by;
}

const keyOf = (c: Cidr) => `${c.family}/${c.network}/${c.prefix}`;

/** (family, network, prefix, order); the network by its exact numeric keys (see Cidr.k0). */
function compareClaims(a: Claim, b: Claim): number {
  return compareNetworks(a.cidr, b.cidr) || orderOf(a) - orderOf(b);
}

/** The first index whose claim is not before (network, prefix, order). */
function lowerBound(sorted: readonly Claim[], key: NetworkKey, order: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const d = compareNetworks(sorted[mid]!.cidr, key);
    if (d < 0 || (d === 0 && orderOf(sorted[mid]!) < order)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function removeAt(sorted: Claim[], c: Claim) {
  const at = lowerBound(sorted, c.cidr, orderOf(c));
  if (sorted[at] !== c) throw new Error('wgls: routing claims out of step');
  sorted.splice(at, 1);
}

function compareEndpoints(a: EndpointAt, b: EndpointAt): number {
  return a.family - b.family || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) || a.peer - b.peer;
}

function endpointBound(list: readonly EndpointAt[], family: Family, value: bigint, peer: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = list[mid]!;
    const before = e.family !== family ? e.family < family : e.value !== value ? e.value < value : e.peer < peer;
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The claims of exactly this network and prefix, in file order. */
function claimsAt(state: Routing, key: NetworkKey): Claim[] {
  const sorted = state.sorted;
  const out: Claim[] = [];
  for (let k = lowerBound(sorted, key, -Infinity); k < sorted.length; k++) {
    if (compareNetworks(sorted[k]!.cidr, key) !== 0) break;
    out.push(sorted[k]!);
  }
  return out;
}

/**
 * The claim of `key`'s network nearest to win for a prefix of peer `peer` inside it: the run's last claim
 * of another peer (the later claim of a duplicated container wins the tie in the kernel), or undefined.
 * In O(log n): the run's last claim, else the memo of its last claim of another peer than that one. Every
 * prefix inside a container copied the container's whole run to find it: 8,000 peers each routing
 * 10.0.0.0/8 and a /32 took 7 s (performance review).
 */
function containerOf(state: Routing, key: NetworkKey, peer: number): Claim | undefined {
  const sorted = state.sorted;
  const end = lowerBound(sorted, key, Infinity) - 1;
  if (end < 0 || compareNetworks(sorted[end]!.cidr, key) !== 0) return undefined;
  const last = sorted[end]!;
  if (last.index !== peer) return last;
  let other = state.otherThanLast.get(end);
  if (other === undefined) {
    other = null;
    for (let k = end - 1; k >= 0 && compareNetworks(sorted[k]!.cidr, key) === 0; k--) {
      if (sorted[k]!.index !== last.index) {
        other = sorted[k]!;
        break;
      }
    }
    state.otherThanLast.set(end, other);
  }
  return other ?? undefined;
}

/** Every claim containing `ip`, longest prefix first (file order within one prefix). */
function containing(state: Routing, ip: IpAddress): Claim[] {
  const lengths = state.lengths[ip.family === 4 ? 0 : 1];
  const out: Claim[] = [];
  for (let len = ip.family === 4 ? 32 : 128; len >= 0; len--) {
    if (lengths[len]) for (const c of claimsAt(state, networkKey(ip.family, ip.value, len))) out.push(c);
  }
  return out;
}

function itemRange(ctx: RuleContext, c: Claim) {
  const item = itemOf(ctx, c);
  return lineRange(item.line, item);
}

/**
 * The overlap problems of one claimed prefix, sorted[i..j] (all its claims, in file order): an exact
 * duplicate across peers, and the nearest shorter prefix of another peer that contains it (prefixes
 * are nested or disjoint, so each shorter length has at most one candidate network).
 */
function checkPrefix(ctx: RuleContext, state: Routing, i: number, j: number, key?: string) {
  const group = state.sorted.slice(i, j + 1);
  const c = group[0]!;
  const problems = j > i ? ctx.collect(() => reportDuplicates(ctx, group)) : NOTHING;
  let nested: Nested | undefined;
  const lengths = state.lengths[c.cidr.family === 4 ? 0 : 1];
  for (let len = c.cidr.prefix - 1; len >= 1; len--) {
    if (!lengths[len]) continue;
    const outer = containerOf(state, networkKey(c.cidr.family, c.cidr.network, len), c.index);
    if (outer) {
      nested = { inner: c, outer };
      break;
    }
  }
  if (problems.length || nested) state.overlaps.set(key ?? keyOf(c.cidr), nested ? { cidr: c.cidr, problems, nested } : { cidr: c.cidr, problems });
  else if (key) state.overlaps.delete(key);
}

/**
 * Reports the overlap problems kept per prefix. The nested ones are grouped by their container: a
 * container holding more than MAX_RELATED prefixes of other peers (a site peer's 10.0.0.0/8 around a
 * hub's thousands of /32 spokes: valid routing, longest match) gets one summary on the container
 * instead of one note per prefix, which would flood the Problems view and the editor with thousands of
 * diagnostics, re-sent on every keystroke. Grouped here, when reporting, so the per-prefix results
 * stay what each prefix alone decides (the incremental update keeps them exactly as a rebuild would).
 */
function reportOverlaps(ctx: RuleContext, state: Routing): void {
  // By the container's place (its peer and item: one claim), not its object, which a kept record may
  // hold an equal older copy of. A number: no string to build per prefix on every keystroke.
  const groups = new Map<number, Nested[]>();
  for (const o of state.overlaps.values()) {
    for (const p of o.problems) ctx.report(p);
    if (!o.nested) continue;
    const key = orderOf(o.nested.outer);
    const list = groups.get(key);
    if (list) list.push(o.nested);
    else groups.set(key, [o.nested]);
  }
  const lists = [...groups.values()].sort((a, b) => orderOf(a[0]!.outer) - orderOf(b[0]!.outer));
  for (const list of lists) {
    const outer = list[0]!.outer;
    if (list.length <= MAX_RELATED) {
      for (const n of list) ctx.report((n.problem ??= noteOf(ctx, n)));
      continue;
    }
    list.sort((a, b) => orderOf(a.inner) - orderOf(b.inner));
    const label = peerLabel(peerOf(ctx, outer));
    ctx.report({
      rule: 'allowed-ips-nested',
      range: itemRange(ctx, outer),
      message: `${formatCidr(outer.cidr)} of ${label} holds ${list.length} more specific prefixes of other peers (such as ${formatCidr(list[0]!.inner.cidr)} of ${peerLabel(peerOf(ctx, list[0]!.inner))}): traffic for each goes to its own peer (the longest prefix wins), the rest of ${formatCidr(outer.cidr)} to this one.`,
      related: list.slice(0, MAX_RELATED).map((n) => ({ range: itemRange(ctx, n.inner), message: `${formatCidr(n.inner.cidr)} of ${peerLabel(peerOf(ctx, n.inner))}` })),
    });
  }
}

/** The allowed-ips-nested note of one claim inside its container (made in this version's lines). */
function noteOf(ctx: RuleContext, n: Nested): Problem {
  const { inner: c, outer } = n;
  const label = peerLabel(peerOf(ctx, outer));
  return ctx.collect(() =>
    ctx.report({
      rule: 'allowed-ips-nested',
      range: itemRange(ctx, c),
      message: `${formatCidr(c.cidr)} lies inside ${formatCidr(outer.cidr)} of ${label}: traffic for ${formatCidr(c.cidr)} goes to this peer (the longest prefix wins), the rest of ${formatCidr(outer.cidr)} to the other.`,
      related: [{ range: itemRange(ctx, outer), message: `${formatCidr(outer.cidr)} of ${label}` }],
    }),
  )[0]!;
}

function reportDuplicates(ctx: RuleContext, group: Claim[]) {
  const byPeer = new Map<number, Claim>();
  for (const c of group) byPeer.set(c.index, c); // the last item of each peer
  if (byPeer.size < 2) return; // the same peer twice is duplicate-allowed-ip
  const claims = [...byPeer.values()].sort((a, b) => orderOf(a) - orderOf(b));
  const winner = claims[claims.length - 1]!;
  // Related information and names are capped: a pathological file can have thousands of claimants.
  const shown = claims.slice(0, MAX_RELATED + 1);
  const losers = claims.length - 1;
  for (const c of claims) {
    const others = shown.filter((o) => o !== c).slice(0, MAX_RELATED);
    ctx.report({
      rule: 'allowed-ips-overlap',
      range: itemRange(ctx, c),
      message:
        c === winner
          ? `${formatCidr(c.cidr)} is also claimed by ${losers > 3 ? `${losers} other peers` : others.map((o) => peerLabel(peerOf(ctx, o))).join(', ')}; this later peer silently takes it and the others lose that route.`
          : `${formatCidr(c.cidr)} is also claimed by ${peerLabel(peerOf(ctx, winner))}, which comes later and silently takes it: this peer gets no traffic for ${formatCidr(c.cidr)}.`,
      related: (c === winner ? others : [winner]).map((o) => ({ range: itemRange(ctx, o), message: `${formatCidr(o.cidr)} of ${peerLabel(peerOf(ctx, o))}` })),
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
  const peer = peerOf(ctx, c);
  if (!ws || !peer.publicKey) return [];
  const other = ws.model.counterpartOf(wgValue(peer.publicKey), ws.file.uri);
  const own = other?.model.iface.addresses.find((a) => a.cidr && a.cidr.family === c.cidr.family);
  if (!other || !own?.cidr || covers(c.cidr, own.cidr.family, own.cidr.address)) return [];
  const host = hostCidr(own.cidr.family, own.cidr.address);
  return [{ title: `Change to ${host} (${other.name}'s Address)`, preferred: true, edits: [{ range: itemRange(ctx, c), newText: host }] }];
}

/**
 * Removes the claim from its peer (the other peer keeps the prefix): every item of that peer with the
 * same prefix, since a peer that lists it twice would still claim it after losing one. An AllowedIPs
 * line left without an item goes whole (an empty one after a dangling comma does not count).
 */
function removeClaimFix(ctx: RuleContext, c: Claim): Fix {
  const peer = peerOf(ctx, c);
  const all = peer.allowedIps;
  const gone = new Set<number>();
  for (let k = 0; k < all.length; k++) {
    const x = all[k]!.cidr;
    if (k === c.k || (x && x.sign === c.cidr.sign && x.family === c.cidr.family && same(x, c.cidr))) gone.add(k);
  }
  const kept = (k: number) => !gone.has(k) && all[k]!.text.trim() !== '';
  const edits: TextEdit[] = [];
  const lines = new Set<number>();
  const emptied: number[] = [];
  for (const k of gone) {
    const item = all[k]!;
    if (lines.has(item.line)) continue;
    lines.add(item.line);
    // The items of this line: consecutive in the peer's list.
    let first = k;
    while (first > 0 && all[first - 1]!.line === item.line) first--;
    let last = k;
    while (last + 1 < all.length && all[last + 1]!.line === item.line) last++;
    let keptBefore = false;
    let anyKept = false;
    for (let j = first; j <= last; j++) if (kept(j)) anyKept = true;
    if (!anyKept) {
      emptied.push(item.line);
      continue;
    }
    // Each removed item takes the comma before it once an item stays before it, else the one after it
    // (up to the next item): the ranges of neighbours touch and never overlap.
    for (let j = first; j <= last; j++) {
      if (kept(j)) keptBefore = true;
      if (!gone.has(j)) continue;
      const x = all[j]!;
      const prev = all[j - 1];
      const start = keptBefore ? (gone.has(j - 1) ? prev!.end : prev!.start + prev!.text.trimEnd().length) : x.start;
      const end = keptBefore ? x.end : all[j + 1]!.start;
      edits.push({ range: lineRange(x.line, { start, end }), newText: '' });
    }
  }
  // The lines left without an item go in edits that never overlap (two of them the file's last lines).
  edits.push(...deleteLinesIn(ctx.doc, emptied));
  return { title: `Remove ${formatCidr(c.cidr)} from ${peerLabel(peer)}`, preferred: false, edits };
}

function same(a: Cidr, b: Cidr) {
  return compareNetworks(a, b) === 0;
}

/**
 * A /0 claimed by several peers: wg gives it to the last (routes or not, its own cryptokey routing).
 * Peers are told apart by key: two sections with one PublicKey are one peer to wg (duplicate-peer says
 * what that does to the first section's AllowedIPs), not two peers competing for the route.
 */
function checkMultipleDefaults(ctx: RuleContext, state: Routing) {
  for (const family of [4, 6] as Family[]) {
    const defaults = state.low.filter((c) => c.cidr.family === family && c.cidr.prefix === 0);
    const peers = new Set(defaults.map((c) => peerIdentity(ctx, c.index))).size;
    if (peers > 1) {
      const winner = defaults[defaults.length - 1]!;
      for (const c of defaults) {
        if (c.index === winner.index && c !== winner) continue;
        ctx.report({
          rule: 'multiple-default-routes',
          range: itemRange(ctx, c),
          message:
            ctx.target === 'wg'
              ? `${formatCidr(c.cidr)} is claimed by ${peers} peers: wg gives it to the last, ${peerLabel(peerOf(ctx, winner))}, and takes it from the others.`
              : `${formatCidr(c.cidr)} is claimed by ${peers} peers: only the last, ${peerLabel(peerOf(ctx, winner))}, gets the default route.`,
          related: (c.index === winner.index ? defaults.filter((o) => o.index !== c.index).slice(0, MAX_RELATED) : [winner]).map((o) => ({ range: itemRange(ctx, o), message: peerLabel(peerOf(ctx, o)) })),
        });
      }
    }
  }
}

/** Who a [Peer] section is to wg: its key (sections repeating one are one peer), else its place. */
function peerIdentity(ctx: RuleContext, index: number): string {
  const key = ctx.model.peers[index]!.publicKey;
  return key ? wgValue(key) : `#${index}`;
}

/**
 * With a Table of its own choosing, wg-quick adds each AllowedIPs route with `ip route add … table T`,
 * without the check it makes with auto (which skips a route the interface has already). The kernel puts
 * routes of its own in two tables when wg-quick adds an IPv4 Address: the subnet's in main (an Address
 * shorter than /32), the address itself in local. The same route again fails ("RTNETLINK answers: File
 * exists") and `wg-quick up` stops; the differential review ran both. (IPv6 prefix routes have another
 * metric than `ip route add` gives, and do not collide.)
 */
function checkTableRouteExists(ctx: RuleContext) {
  const table = ctx.model.iface.table;
  if (!table || !readByQuick(ctx.target)) return;
  const mode = tableMode(ctx.model, ctx.target);
  const v = wgValue(table);
  const local = v === 'local' || ipTableNumber(v) === 255;
  if (mode !== 'main' && !local) return;
  const kernel = new Map<string, AddressItem>();
  for (const a of ctx.model.iface.addresses) {
    const c = a.cidr;
    if (!c || c.family !== 4 || c.sign !== undefined) continue;
    if (local) kernel.set(`${c.address}/32`, a);
    else if (c.prefix < 32) kernel.set(`${c.network}/${c.prefix}`, a);
  }
  if (!kernel.size) return;
  for (const peer of ctx.model.peers) {
    const items = peer.allowedIps;
    for (let k = 0; k < items.length; k++) {
      const c = items[k]!.cidr;
      if (!c || c.family !== 4 || c.sign === '-') continue;
      const a = kernel.get(`${c.network}/${c.prefix}`);
      if (!a) continue;
      ctx.report({
        rule: 'table-route-exists',
        range: lineRange(items[k]!.line, items[k]!),
        // Not "remove the item": the peer's AllowedIPs are also the source check on receive.
        message: `Table = ${v}${local || v === 'main' ? '' : ' (the main table)'}: ${quickName(ctx.target)} adds ${formatCidr(c)} to that table with "ip route add", where the kernel put the same route for Address ${a.text}${local ? ' (its local route)' : ''}: "${quickName(ctx.target)} up" fails with "RTNETLINK answers: File exists". Leave Table at auto: it adds the same routes to the main table and skips those that exist.`,
        related: [{ range: lineRange(a.line, a), message: `Address ${a.text}` }, { range: lineRange(table.line, table.node.value), message: `Table = ${v}` }],
        fixes: [{ title: 'Change Table to auto', preferred: true, edits: [{ range: lineRange(table.line, table.node.value), newText: 'auto' }] }],
      });
    }
  }
}

/** default-route-to-client on the full-tunnel claim `c` of a peer that dials in. */
function reportDefaultToClient(ctx: RuleContext, c: Claim, family: Family): void {
  const peer = peerOf(ctx, c);
  const client = ctx.workspace && peer.publicKey ? ctx.workspace.model.counterpartOf(wgValue(peer.publicKey), ctx.workspace.file.uri) : undefined;
  const host = (a: AddressItem) => hostCidr(a.cidr!.family, a.cidr!.address);
  const own = client?.model.iface.addresses.filter((a) => a.cidr && a.cidr.sign === undefined) ?? [];
  // The client's own addresses the other items of this [Peer] do not route yet: of this family, and of
  // the other unless this [Peer]'s /0 of that family gets its own report (and fix).
  const routedHere = (a: AddressItem) => peer.allowedIps.some((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.prefix > 1 && i.cidr.family === a.cidr!.family && covers(i.cidr, a.cidr!.family, a.cidr!.address));
  const zeroOf = (f: Family) => peer.allowedIps.some((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.family === f && i.cidr.prefix === 0);
  const hosts = [...new Set(own.filter((a) => !routedHere(a) && (a.cidr!.family === family || !zeroOf(a.cidr!.family))).map(host))];
  // Without the client's config, an example from this side's own subnet (the address after its own).
  const mine = ctx.model.iface.addresses.find((a) => a.cidr && a.cidr.sign === undefined && a.cidr.family === family && a.cidr.prefix < bits(a.cidr.family) - 1);
  const example = mine ? hostCidr(mine.cidr!.family, mine.cidr!.address + 1n) : undefined;
  const fixes: Fix[] = [];
  // A /0 alone (the halves and public lists are several items): replaced by the client's addresses, or
  // removed when the other items route those of its family already (its line with it when it is alone).
  if (client && c.cidr.prefix === 0) {
    const item = itemOf(ctx, c);
    if (hosts.length) {
      fixes.push({ title: `Route ${client.name}'s address${hosts.length > 1 ? 'es' : ''} ${hosts.join(', ')} instead`, preferred: true, edits: [{ range: lineRange(item.line, item), newText: hosts.join(', ') }] });
    } else if (own.length) {
      // Its addresses of this family routed by the other items already, or none of this family at all.
      const why = own.some((a) => a.cidr!.family === family) ? `the other items route ${client.name}'s ${family === 4 ? 'IPv4' : 'IPv6'} address already` : `${client.name} has no ${family === 4 ? 'IPv4' : 'IPv6'} address`;
      fixes.push({ ...removeClaimFix(ctx, c), preferred: true, title: `Remove ${formatCidr(c.cidr)} (${why})` });
    }
  }
  ctx.report({
    rule: 'default-route-to-client',
    range: itemRange(ctx, c),
    message: `${fullTunnelText(c)} goes to ${peerLabel(peer)}, which has no Endpoint here while this side listens (ListenPort): a server whose [Peer] for a client got the client's full-tunnel AllowedIPs? Once the tunnel is up, this host sends all its ${family === 4 ? 'IPv4' : 'IPv6'} traffic (an SSH session too) into it, to a peer that is unreachable until it connects. A server routes a client's own address here${client ? ` (${client.name}: ${own.map(host).join(', ') || 'no Address'})` : example ? ` (e.g. ${example})` : ''}; the full tunnel belongs in the client's config.`,
    ...(fixes.length ? { fixes } : {}),
  });
}

/** A peer this side cannot dial (no Endpoint) while it listens itself: a client that connects to it. */
function dialsIn(ctx: RuleContext, peer: PeerModel): boolean {
  return !peer.endpoint && listensOnPort(ctx.model);
}

/**
 * allowed-ips-not-routed: Table = off (wg-quick adds no route) or a table of its own (it puts the routes
 * there and, but for a /0 with auto, adds no `ip rule` to look it up), with AllowedIPs outside every
 * subnet Address (whose connected route reaches the tunnel anyway) and no PreUp/PostUp that could route
 * them: the tunnel comes up, handshakes, and carries nothing there (the network-truth fuzz: Table = off,
 * 1234 or 253 with a /32 Address). Information: routing done outside the file is a real setup. A /0 with
 * Table = off is table-off-default-route's.
 */
function checkTableWithoutRoutes(ctx: RuleContext) {
  if (!readByQuick(ctx.target)) return;
  const { iface, peers } = ctx.model;
  const table = tableMode(ctx.model, ctx.target);
  const entry = iface.table;
  if ((table !== 'off' && table !== 'custom') || !entry) return;
  const v = wgValue(entry);
  // A number only (a name may be one the host defines; `Off`, `Auto` are invalid-table's). Not local
  // (255: rule 0 looks it up first); 253 (default) is looked up after main, whose default route wins.
  const n = table === 'custom' ? ipTableNumber(v) : undefined;
  if (table === 'custom' && (n === undefined || n === 255)) return;
  if (iface.entries.some((e) => (isKey(e, 'PreUp') || isKey(e, 'PostUp')) && e.node.valueText !== '')) return;
  const onLink = iface.addresses.flatMap((a) => (a.cidr && a.cidr.sign === undefined && a.cidr.prefix < bits(a.cidr.family) ? [a.cidr] : []));
  const unrouted: Array<{ item: CidrItem; peer: PeerModel }> = [];
  for (const peer of peers) {
    for (const item of peer.allowedIps) {
      const c = item.cidr;
      // (With off, a /0 or a /1 half is table-off-default-route's.)
      if (!c || c.sign === '-' || (table === 'off' && c.prefix <= 1)) continue;
      if (onLink.some((s) => s.family === c.family && s.prefix <= c.prefix && covers(s, c.family, c.network))) continue;
      unrouted.push({ item, peer });
    }
  }
  if (!unrouted.length) return;
  // Table = auto would make a /0 (or a /1 half) a full tunnel for the whole host: not offered for it.
  const wide = unrouted.some((u) => u.item.cidr!.prefix <= 1);
  const shown = unrouted.slice(0, 3).map((u) => `${formatCidr(u.item.cidr!)} (${peerLabel(u.peer)})`).join(', ') + (unrouted.length > 3 ? ` and ${unrouted.length - 3} more` : '');
  const why =
    table === 'off'
      ? `Table = off: ${quickName(ctx.target)} adds no route, and ${shown} ${unrouted.length > 1 ? 'lie' : 'lies'} outside this interface's Address subnet`
      : n === 253
        ? `Table = ${v}: ${quickName(ctx.target)} puts the routes of AllowedIPs in table 253 (default), which the system looks up only after the main table, whose default route (nearly every host has one) takes ${shown} first`
        : `Table = ${v}: ${quickName(ctx.target)} puts the routes of AllowedIPs in table ${v} and adds no rule that looks that table up (it does for a /0 only with Table = auto), so ${shown} ${unrouted.length > 1 ? 'have' : 'has'} no route the system uses`;
  const range = lineRange(entry.line, entry.node.value);
  // Routes on the interface itself need no PostDown: they go with it at down.
  const routes = table === 'off' && unrouted.length <= 20 ? unrouted.map((u) => `PostUp = ip ${u.item.cidr!.family === 6 ? '-6 ' : ''}route add ${formatCidr(u.item.cidr!)} dev %i`) : [];
  ctx.report({
    rule: 'allowed-ips-not-routed',
    range,
    message: `${why}: packets to ${unrouted.length > 1 ? 'them' : 'it'} do not enter the tunnel, though it comes up and handshakes, and no PreUp/PostUp here routes ${unrouted.length > 1 ? 'them' : 'it'}. ${table === 'off' ? 'Add the routes in PostUp' : `Add "ip rule" lines for table ${v} in PostUp`}${wide ? '' : ', or leave Table at auto'}, unless routing is done outside this file.`,
    related: unrouted.slice(0, 20).map((u) => ({ range: lineRange(u.item.line, u.item), message: formatCidr(u.item.cidr!) })),
    fixes: [
      ...(routes.length ? [{ title: `Add PostUp routes for ${routes.length > 1 ? `the ${routes.length} prefixes` : formatCidr(unrouted[0]!.item.cidr!)} (ip route add … dev %i)`, edits: [insertLineAfter(ctx.doc, undefined, entry.line, routes.join(eolOf(ctx.doc)))] }] : []),
      ...(wide ? [] : [{ title: 'Change Table to auto', edits: [{ range, newText: 'auto' }] }]),
    ],
  });
}

/** `claims`: the /0 and /1 claims in file order (all these checks look at). Routes: not for plain wg. */
function checkDefaultRoutes(ctx: RuleContext, state: Routing) {
  const claims = state.low;
  const table = tableMode(ctx.model, ctx.target);
  const tableOff = table === 'off';
  // (A /0, or the two /1 halves the apps write for it: both full tunnels, neither routed with off. The
  // halves are not allowed-ips-not-routed's, whose fixes would route the host's every packet.)
  const fullOf = (family: Family) => claims.find((c) => c.cidr.family === family && c.cidr.prefix === 0) ?? (tableOff ? halvesOf(claims, family) : undefined);
  // A hook that adds routes or rules itself is what Table = off is for (hooksRouteThemselves).
  const routesItself = hooksRouteThemselves(ctx);
  for (const family of [4, 6] as Family[]) {
    const full = fullOf(family);
    if (full && tableOff && !routesItself && (family === 4 || !fullOf(4))) {
      const text = full.cidr.prefix === 0 ? formatCidr(full.cidr) : fullTunnelText(full);
      ctx.report({
        rule: 'table-off-default-route',
        range: itemRange(ctx, full),
        message:
          ctx.target === 'windows'
            ? `Table = off: Windows adds no route and keeps its kill-switch off, so ${text} sends nothing through the tunnel until you route it yourself.`
            : `Table = off: ${quickName(ctx.target)} adds no route, so ${text} sends nothing through the tunnel until you route it yourself.`,
      });
    }
  }
  // Table = main: a /0 goes to the main table by `ip route add`, not through add_default with its own
  // table and fwmark rules (linux.bash add_route). Next to the host's default route that fails ("File
  // exists", as with FwMark = 254: see fwmark-routing-table); past one of higher metric it takes all
  // traffic, the tunnel's own packets included.
  const table0 = ctx.model.iface.table;
  const zero = table === 'main' && table0 && readByQuick(ctx.target) ? claims.find((c) => c.cidr.prefix === 0) : undefined;
  if (zero && table0) {
    const range = lineRange(table0.line, table0.node.value);
    ctx.report({
      rule: 'table-main-default-route',
      range,
      message: `Table = ${wgValue(table0) === 'main' ? 'main' : `${wgValue(table0)} (the main table)`} with ${formatCidr(zero.cidr)} (AllowedIPs of ${peerLabel(peerOf(ctx, zero))}): ${quickName(ctx.target)} adds the default route to the main table without the fwmark rules it uses with auto, so "${quickName(ctx.target)} up" fails with "RTNETLINK answers: File exists" where the host has a default route (nearly everywhere), and where that route has a higher metric the tunnel takes all traffic, its own encrypted packets included. Leave Table at auto for a full tunnel.`,
      related: [{ range: itemRange(ctx, zero), message: formatCidr(zero.cidr) }],
      fixes: [{ title: 'Change to auto', preferred: true, edits: [{ range, newText: 'auto' }] }],
    });
  }
  // A full tunnel (a /0, the two /1 halves, a public-address list) to a peer that dials in (no Endpoint)
  // on a side that listens: a server whose [Peer] for a client got the client's AllowedIPs. Once up, the
  // host routes everything into the tunnel (its SSH session too) and is cut off until that client
  // connects. Every such /0 (a server may also have an exit peer of its own with one); the halves or a
  // list when no /0 of the family is there. With Table = main a /0 makes `wg-quick up` fail first
  // (table-main-default-route says so); the halves there go to the main table and cut the host off alike.
  if (table === 'auto' || table === 'main') {
    for (const family of [4, 6] as Family[]) {
      const zeros = claims.filter((c) => c.cidr.family === family && c.cidr.prefix === 0);
      const full = fullTunnel(state, family);
      const found = zeros.length ? (table === 'auto' ? zeros : []) : full ? [full] : [];
      // The /1 halves: both to this peer (halves split between two peers are no full tunnel to either).
      const oneHolder = (c: Claim) => c.cidr.prefix !== 1 || claims.some((o) => o.cidr.family === family && o.cidr.prefix === 1 && o !== c && o.index === c.index);
      for (const c of found) if (dialsIn(ctx, peerOf(ctx, c)) && oneHolder(c)) reportDefaultToClient(ctx, c, family);
    }
  }
  // Windows blocks untunnelled traffic (its kill-switch) only with exactly one peer whose AllowedIPs hold a
  // canonical 0.0.0.0/0 or ::/0, and Table not off (addressconfig.go). With more peers it silently does not.
  const canonicalDefault = canonicalDefaultOf(ctx, claims);
  if (ctx.target === 'windows' && canonicalDefault && ctx.model.peers.length > 1 && !tableOff) {
    ctx.report({
      rule: 'windows-kill-switch-off',
      range: itemRange(ctx, canonicalDefault),
      message: `With ${ctx.model.peers.length} peers, WireGuard for Windows does not enable its kill-switch (it does only for a single peer with ${itemOf(ctx, canonicalDefault).text}): traffic may leave outside the tunnel while it is down.`,
    });
  }
  // Full tunnel for IPv4 only: IPv6 keeps flowing outside the tunnel. Not with Table = off (no routes:
  // nothing is tunnelled by wg-quick, table-off-default-route says so) or another table (the routes
  // go there, and only the user's own rules send traffic to it).
  const v4 = fullTunnelRoutes(table, state) ? fullTunnel(state, 4) : undefined;
  // (Not for a /0 to a client that dials in: default-route-to-client says it is a mistake itself.)
  // Not on Windows with its kill-switch on (one peer, a canonical 0.0.0.0/0, Table not off): it blocks
  // every packet outside the tunnel, IPv6 too; nothing leaks (heuristics review, netquirk.md).
  const killSwitch = windowsKillSwitch(ctx, table, claims) || androidBlocksIpv6(ctx);
  if (v4 && !killSwitch && !fullTunnel(state, 6) && !dialsIn(ctx, peerOf(ctx, v4))) {
    // A hook that turns IPv6 off or rejects it outside the tunnel (a kill-switch's ip6tables line) may
    // leave nothing to leak: a hint then, which says so.
    const blocked = hooksBlockIpv6(ctx);
    // After the /0 or /1 item; after a long list, at the end of the reported item's line.
    const items = peerOf(ctx, v4).allowedIps;
    let last = v4.k;
    if (v4.cidr.prefix > 1) {
      while (last + 1 < items.length && items[last + 1]!.line === items[v4.k]!.line) last++;
      // Not after the empty item of a trailing comma (`…, 208.0.0.0/4,`): that would make `,, ::/0`.
      while (last > v4.k && items[last]!.text.trim() === '') last--;
    }
    const after = items[last]!;
    ctx.report({
      rule: 'ipv6-leak',
      ...(blocked ? { severity: 'hint' as const } : {}),
      range: itemRange(ctx, v4),
      message: blocked
        ? `All IPv4 goes through the tunnel (${fullTunnelText(v4)}), but IPv6 is not covered (no ::/0). A hook here seems to turn IPv6 off or reject it outside the tunnel (${blocked}); if it does, nothing leaks, and ::/0 makes sure.`
        : `All IPv4 goes through the tunnel (${fullTunnelText(v4)}), but IPv6 is not covered (no ::/0): on a network with IPv6, that traffic bypasses the VPN.${
            // (Said, or users of an IPv4-only provider expect IPv6 through the VPN after the fix: real-world review.)
            ctx.model.iface.addresses.some((a) => a.cidr?.family === 6) ? '' : ' With no IPv6 Address here, ::/0 blocks it (IPv6 goes into the tunnel and is dropped): no leak, and no IPv6 either.'
          }`,
      fixes: [{ title: 'Add ::/0', preferred: true, edits: [{ range: lineRange(after.line, { start: after.end, end: after.end }), newText: ', ::/0' }] }],
    });
  }
}

/** The claim of a canonical `0.0.0.0/0` or `::/0` (as written), which Windows' kill-switch looks for. */
function canonicalDefaultOf(ctx: RuleContext, claims: readonly Claim[]): Claim | undefined {
  return claims.find((c) => c.cidr.prefix === 0 && isCanonicalDefault(itemOf(ctx, c).text));
}

/** An AllowedIPs item Windows' kill-switch takes for a default route: `0.0.0.0/0` or `::/0` as written (reference 2.5, S12). */
export function isCanonicalDefault(item: string): boolean {
  return item === '0.0.0.0/0' || item === '::/0';
}

/** Whether the target is Windows and its kill-switch on: one peer, a canonical /0, Table not off (addressconfig.go). */
function windowsKillSwitch(ctx: RuleContext, table: TableMode, claims: readonly Claim[]): boolean {
  return ctx.target === 'windows' && ctx.model.peers.length === 1 && table !== 'off' && canonicalDefaultOf(ctx, claims) !== undefined;
}

/**
 * Whether the Android app blocks IPv6 outside the tunnel: with exactly one peer and a /0 in its AllowedIPs
 * GoBackend does not call `allowFamily` (its "Kill-switch semantics", reference §2.5), and Android blocks a
 * family the VPN has no address, route or DNS server of. So without any IPv6 Address, AllowedIPs item or
 * DNS server nothing leaks
 * (real-world configs review: every IPv4-only provider export was warned). With an IPv6 Address but no ::/0
 * the family is the VPN's and what it does not route leaves outside: that leak stays reported.
 */
function androidBlocksIpv6(ctx: RuleContext): boolean {
  if (ctx.target !== 'android' || ctx.model.peers.length !== 1) return false;
  const items = ctx.model.peers[0]!.allowedIps;
  if (!items.some((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.prefix === 0)) return false;
  // (An IPv6 DNS server is one too: Android then lets IPv6 pass outside the tunnel. Review.)
  return !ctx.model.iface.addresses.some((a) => a.cidr?.family === 6) && !items.some((i) => i.cidr?.family === 6) && !ctx.model.iface.dns.some((d) => d.ip?.family === 6);
}

/**
 * Whether a PreUp/PostUp adds routes or rules itself (policy routing: what Table = off is for), as
 * table-off-default-route takes it: an `ip rule add`, or an `ip route add` into the tunnel (`dev %i`) or
 * into a table of its own (not main or local). Commands as bash splits them (an `echo "ip rule add …"` is
 * no rule), only where wg-quick's hooks run (Windows runs them in cmd, the apps not at all).
 */
function hooksRouteThemselves(ctx: RuleContext): boolean {
  if (!readByQuick(ctx.target)) return false;
  const ifname = interfaceName(ctx);
  for (const e of ctx.model.iface.entries) {
    if (!(isKey(e, 'PreUp') || isKey(e, 'PostUp')) || e.node.valueText === '') continue;
    for (const c of hookCommands(e)) {
      const ip = parseIpCommand(c.text, ['add', 'append', 'replace'], ifname);
      if (!ip) continue;
      if (ip.object === 'rule') return true;
      const table = ip.selectors.find((x) => x.startsWith('table '))?.slice('table '.length);
      if (ip.selectors.includes('dev %i') || (table !== undefined && !['main', '254', 'local', '255'].includes(table))) return true;
    }
  }
  return false;
}

/**
 * What in a PreUp/PostUp hook seems to keep IPv6 from leaving outside the tunnel: `disable_ipv6=1`
 * (sysctl), or an `ip6tables` OUTPUT rule that rejects or drops what leaves outside the tunnel (the
 * kill-switch recipes); undefined when none. A heuristic: each command's words are read, not run.
 */
function hooksBlockIpv6(ctx: RuleContext): string | undefined {
  // Only where wg-quick's hooks run (the apps run none; Windows runs them in cmd, without these tools).
  if (!readByQuick(ctx.target)) return undefined;
  const ifname = interfaceName(ctx);
  const tunnel = (dev: string | undefined) => dev === '%i' || (ifname !== undefined && dev === ifname);
  for (const e of ctx.model.iface.entries) {
    if (!(isKey(e, 'PreUp') || isKey(e, 'PostUp')) || e.node.valueText === '') continue;
    for (const c of hookCommands(e)) {
      // For every existing interface (`all`; `default` is for interfaces made later, `conf.%i.` the tunnel's).
      if (/\bconf[./]all[./]disable_ipv6\s*=\s*1/.test(c.text)) return 'disable_ipv6=1';
      const w = commandWords(c.text);
      if (!/^ip6tables(?:-legacy|-nft)?$/.test(toolName(w[0]))) continue;
      const add = w.findIndex((x) => x === '-I' || x === '-A' || x === '--insert' || x === '--append');
      const j = w.findIndex((x) => x === '-j' || x === '--jump');
      if (add < 0 || w[add + 1] !== 'OUTPUT' || j < 0 || !/^(?:REJECT|DROP)$/.test(w[j + 1] ?? '')) continue;
      // What it drops: everything not leaving by the tunnel (`! -o %i`, whatever else it matches: the
      // kill-switch recipes exempt marks and local addresses), or everything leaving by an uplink
      // (`-o eth0`) or by any interface (a catch-all after the tunnel's ACCEPT). Not a rule for the tunnel
      // itself, loopback or another tunnel, one port, one protocol or one address.
      const o = w.findIndex((x) => x === '-o' || x === '--out-interface');
      const negated = o > 0 && w[o - 1] === '!';
      const narrowed = w.some((x) => /^(?:-p|--protocol|-d|--destination|--dst|-s|--source|--src|--dport|--destination-port|--sport|--source-port|-m)$/.test(x));
      const uplink = (dev: string | undefined) => dev !== undefined && !tunnel(dev) && !/^(?:lo|wg|tun|tap|awg)/.test(dev);
      if ((o >= 0 && negated && tunnel(w[o + 1])) || (!narrowed && (o < 0 || (!negated && uplink(w[o + 1]))))) return `ip6tables … OUTPUT … -j ${w[j + 1]}`;
    }
  }
  return undefined;
}

/**
 * The claim that makes `family` a full tunnel: a /0; the second of its two /1 halves (how Windows
 * writes a full tunnel without its kill-switch, and how people avoid wg-quick's fwmark rules); or,
 * when prefixes of /16 or shorter together cover every public address (the list the Android and
 * Windows apps write for "Exclude private IPs": 0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, … without 10/8,
 * 172.16/12 and 192.168/16), the shortest of them. Longer prefixes are not counted: no full-tunnel
 * list is made of them.
 */
function fullTunnel(state: Routing, family: Family): Claim | undefined {
  const claims = state.low;
  return claims.find((c) => c.cidr.family === family && c.cidr.prefix === 0) ?? halvesOf(claims, family) ?? coversPublic(state, family);
}

/** The upper /1 half of `family` when both halves are claimed (the apps' spelling of a /0). */
function halvesOf(claims: readonly Claim[], family: Family): Claim | undefined {
  return claims.some((c) => c.cidr.family === family && c.cidr.prefix === 1 && c.cidr.network === 0n)
    ? claims.find((c) => c.cidr.family === family && c.cidr.prefix === 1 && c.cidr.network !== 0n)
    : undefined;
}

/** How a full-tunnel claim reads in a message: `0.0.0.0/0`, `128.0.0.0/1 and its other half`, … */
function fullTunnelText(c: Claim): string {
  const text = formatCidr(c.cidr);
  if (c.cidr.prefix === 0) return text;
  if (c.cidr.prefix === 1) return `${text} and its other half`;
  return `${text} and the other prefixes that together cover every public ${c.cidr.family === 4 ? 'IPv4' : 'IPv6'} address`;
}

/**
 * What a full tunnel need not cover: IPv4's private, loopback, link-local, shared (CGNAT, 100.64/10),
 * "this network", multicast and reserved ranges; for IPv6, everything outside global unicast 2000::/3.
 */
const NOT_PUBLIC: Record<Family, readonly (readonly [bigint, bigint])[]> = {
  4: ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/3'].map(spanOf),
  6: [
    [0n, 0x2000n << 112n],
    [0x4000n << 112n, 1n << 128n],
  ],
};

/** How many addresses NOT_PUBLIC leaves, per family (as a float: a bound, not an exact count). */
const PUBLIC_SIZE: Record<Family, number> = {
  4: 2 ** 32 - NOT_PUBLIC[4].reduce((n, [a, b]) => n + Number(b - a), 0),
  6: 2 ** 125,
};

/** The addresses of a prefix, [first, past the last). */
function spanOf(text: string): readonly [bigint, bigint] {
  const c = parseCidr(text);
  if (!c.ok) throw new Error(`wgls: bad built-in prefix ${text}`);
  return [c.value.network, c.value.network + (1n << BigInt(bits(c.value.family) - c.value.prefix))];
}

/** Whether claim `c` is shorter than `best` (then earlier in the file): the one a full-tunnel note names. */
const shorter = (c: Claim, best: Claim | undefined) => !best || c.cidr.prefix < best.cidr.prefix || (c.cidr.prefix === best.cidr.prefix && orderOf(c) < orderOf(best));

/**
 * The shortest (then first) of `family`'s claims of /16 or shorter when together they cover every
 * public address of the family (NOT_PUBLIC aside), else undefined. Per validation this is first a
 * bound from the count of claims per prefix length (Routing.lengths): a hub whose peers route
 * thousands of /32s, or even /16s, cannot cover the public space, and costs nothing here. Only past
 * the bound are the claims swept, from Routing.sorted (already in network order).
 */
function coversPublic(state: Routing, family: Family): Claim | undefined {
  const width = bits(family);
  const lengths = state.lengths[family === 4 ? 0 : 1];
  let total = 0;
  for (let len = 0; len <= SHORT_ROUTE && len < lengths.length; len++) if (lengths[len]) total += lengths[len]! * 2 ** (width - len);
  if (total < PUBLIC_SIZE[family]) return undefined;
  // Past the bound (a list like the apps' "Exclude private IPs"): the short claims, in network order.
  const short = state.sorted.filter((c) => c.cidr.family === family && c.cidr.prefix <= SHORT_ROUTE);
  if (!sweepCovers(family, short.map((c) => c.cidr))) return undefined;
  let best: Claim | undefined;
  for (const c of short) if (shorter(c, best)) best = c;
  return best;
}

/** Whether `sorted` (prefixes of `family`, in network order) together cover every public address of it. */
function sweepCovers(family: Family, sorted: readonly Cidr[]): boolean {
  const width = bits(family);
  const skip = NOT_PUBLIC[family];
  const end = 1n << BigInt(width);
  let i = 0;
  let at = 0n;
  let r = 0;
  while (at < end) {
    while (r < skip.length && skip[r]![1] <= at) r++;
    if (r < skip.length && skip[r]![0] <= at) {
      at = skip[r]![1];
      continue;
    }
    // The furthest any prefix starting at or before `at` reaches.
    let reach = at;
    for (; i < sorted.length && sorted[i]!.network <= at; i++) {
      const stop = sorted[i]!.network + (1n << BigInt(width - sorted[i]!.prefix));
      if (stop > reach) reach = stop;
    }
    if (reach === at) return false;
    at = reach;
  }
  return true;
}

/**
 * Whether one peer's AllowedIPs make a full tunnel of a family (as fullTunnel judges the whole file): a
 * /0, both /1 halves, or prefixes of /16 or shorter covering every public address. For per-peer rules.
 */
export function peerRoutesEverything(peer: PeerModel, family: Family): boolean {
  const short: Cidr[] = [];
  let halves = 0;
  for (const i of peer.allowedIps) {
    const c = i.cidr;
    if (!c || c.sign === '-' || c.family !== family || c.prefix > SHORT_ROUTE) continue;
    if (c.prefix === 0) return true;
    if (c.prefix === 1) halves |= c.network === 0n ? 1 : 2;
    short.push(c);
  }
  if (halves === 3) return true;
  return short.length > 0 && sweepCovers(family, short.sort(compareNetworks));
}

/** The longest prefix that counts towards a full tunnel (the apps' "exclude private IPs" list goes down to a /16). */
export const SHORT_ROUTE = 16;

/** Routing tables iproute2 reserves: a default route put there by wg-quick collides with the system's. */
const RESERVED_TABLES: Readonly<Record<number, string>> = { 253: 'default', 254: 'main', 255: 'local' };

/**
 * S18: with a /0 route and Table unset or `auto`, wg-quick's add_default takes the configured FwMark as
 * its routing table number (`ip rule add not fwmark N table N`, `ip route add 0/0 dev wg0 table N`);
 * only without one does it pick a free table from 51820 up. `claims`: the /0 and /1 claims.
 */
function checkFwMarkTable(ctx: RuleContext, claims: readonly Claim[]) {
  if (ctx.target !== 'wg-quick' && ctx.target !== 'amneziawg') return;
  const { iface } = ctx.model;
  if (tableMode(ctx.model, ctx.target) !== 'auto') return;
  const defaultRoute = claims.find((c) => c.cidr.prefix === 0);
  if (!defaultRoute) return;
  const mark = iface.fwMark;
  if (!mark) return;
  const parsed = parseFwMark(wgValue(mark));
  if (!parsed.ok || parsed.value === 0) return;
  const n = parsed.value;
  // 51820 (0xca6c) is the mark and table wg-quick picks itself when the table is free, and what it writes
  // back with SaveConfig = true: nothing to say (real-world review: a file wg-quick saved drew the note).
  if (n === 51820) return;
  const quick = quickName(ctx.target);
  const reserved = RESERVED_TABLES[n];
  // (`Table = auto` written out is the same as none: say which it is.)
  const table = iface.table ? `Table = ${wgValue(iface.table)}` : 'no Table';
  ctx.report({
    rule: 'fwmark-routing-table',
    severity: reserved ? 'warning' : undefined,
    range: lineRange(mark.line, mark.node.value),
    message: reserved
      ? `With ${formatCidr(defaultRoute.cidr)} and ${table}, ${quick} uses FwMark ${n} as its routing table too, and ${n} is the system's "${reserved}" table: ${quick} adds its default route there${
          n === 254 ? `, so wherever main already has one (nearly every host) "${quick} up" fails with "RTNETLINK answers: File exists"` : ', among the system\'s own routes'
        }. Use another mark, or remove FwMark and let ${quick} pick a free table.`
      : `With ${formatCidr(defaultRoute.cidr)} and ${table}, ${quick} uses FwMark ${n} as the number of its routing table too ("ip rule add not fwmark ${n} table ${n}"): make sure no other routing uses table ${n}. Without FwMark it picks a free table from 51820 up.`,
    related: [{ range: itemRange(ctx, defaultRoute), message: `${formatCidr(defaultRoute.cidr)} of ${peerLabel(peerOf(ctx, defaultRoute))}` }],
    fixes: [{ title: `Remove FwMark (${quick} picks a free table and mark)`, edits: [deleteLine(ctx, mark.line)] }],
  });
}

/** Targets that give the interface its Address (and add routes from AllowedIPs): those that read the key. */
const ASSIGNS_ADDRESSES: readonly Target[] = lookupKey('Address', 'Interface')!.info.targets;

/**
 * S15: AllowedIPs route a prefix of a family into the tunnel while [Interface] has no Address of that
 * family. The packets then leave with a link-local or another interface's source address, which the
 * other end's AllowedIPs for this peer do not hold, so it drops them (seen on a real tunnel: handshake,
 * bytes received, no reply). A /0 or /1 is left alone: `::/0` on an IPv4-only client is the usual way to
 * keep IPv6 from leaking (the ipv6-leak fix adds it). Silent without any Address (set by a hook, or a
 * config for plain wg), with Table = off (no routes added), and when the other end's config accepts a
 * network of that family from this one (a site-to-site gateway forwarding its LAN).
 */
function checkAddressFamilies(ctx: RuleContext, state: Routing) {
  if (!ASSIGNS_ADDRESSES.includes(ctx.target)) return;
  const { iface, peers } = ctx.model;
  checkNoAddress(ctx);
  // An Address item that does not parse has its own error; which family it meant is anyone's guess.
  // (An empty item, a trailing comma, is skipped by wg-quick: no guess needed.)
  if (!iface.addresses.length || iface.addresses.some((a) => !a.cidr && a.text !== '') || tableMode(ctx.model, ctx.target) === 'off') return;
  for (const family of [4, 6] as const) {
    if (iface.addresses.some((a) => a.cidr?.family === family)) continue;
    // Any claim of this family longer than /1? (Counts per length: nothing to scan in a usual config.)
    const lengths = state.lengths[family === 4 ? 0 : 1];
    let routed = false;
    for (let len = 2; len < lengths.length && !routed; len++) routed = !!lengths[len];
    if (!routed) continue;
    let first: Claim | undefined;
    for (let i = 0; i < peers.length && !first; i++) first = state.claimsOf[i]!.find((c) => c.cidr.family === family && c.cidr.prefix > 1);
    if (!first) continue;
    // A gateway forwarding a LAN of this family (site-to-site): the other end accepts that LAN from this
    // peer, and this host's own packets leave from its address there. Known only with the other config.
    if (acceptsNetworkFrom(ctx, peerOf(ctx, first), family)) continue;
    const name = family === 4 ? 'IPv4' : 'IPv6';
    const addressLine = iface.addresses[0]!.line;
    const own = ownHostOf(ctx, peerOf(ctx, first), family);
    const addressEntry = iface.entries.find((e) => e.line === addressLine)!;
    ctx.report({
      rule: 'family-without-address',
      range: itemRange(ctx, first),
      message: `${formatCidr(first.cidr)} is routed into the tunnel, but [Interface] has no ${name} Address: packets to it leave with a link-local or another interface's source address, which the other end does not accept from this peer, so it drops them. Add this host's ${name} tunnel address to Address${own ? ` (${own.text} is what ${own.from} routes to it)` : ''}.`,
      related: [{ range: lineRange(addressLine, addressEntry.node.value), message: `Address (no ${name})` }],
      fixes: own
        ? [
            {
              title: `Add ${own.text} to Address (as ${own.from} routes to this host)`,
              preferred: true,
              edits: [appendToList(addressEntry, [own.text])],
            },
          ]
        : [],
    });
  }
}

/** This host's address of `family` as the peer's own config routes it back (a /32 or /128 there), if it is in the workspace. */
/** The config of `peer` (in the workspace) and its [Peer] for this config, when both are known. */
/**
 * No Address at all, which is usually a hook's job or a config for plain wg (so silent alone), while the
 * other end's config routes a host address to this one and no PreUp/PostUp here could set it: the
 * interface comes up without an address, handshakes, and the other end drops what it sends (the
 * network-truth fuzz: the Address line deleted, handshake yes, no ping either way). Reported as
 * family-without-address on the [Interface] header, with that address as the fix.
 */
function checkNoAddress(ctx: RuleContext) {
  const { iface, peers } = ctx.model;
  const section = iface.sections[0];
  if (!readByQuick(ctx.target) || !section || iface.entries.some((e) => isKey(e, 'Address') || ((isKey(e, 'PreUp') || isKey(e, 'PostUp')) && e.node.valueText !== ''))) return;
  for (const peer of peers) {
    // Only a host route inside the other end's own Address subnet is this host's tunnel address: a /32 to
    // a public site behind an exit server, or to one LAN host behind a gateway, is not (review).
    const own = tunnelHostOf(ctx, peer, 4) ?? tunnelHostOf(ctx, peer, 6);
    if (!own) continue;
    const h = section.header;
    ctx.report({
      rule: 'family-without-address',
      // (Addresses set outside the file, by ifupdown or networkd, are a real setup: information.)
      severity: 'information',
      range: lineRange(section.headerLine, { start: h.open, end: h.close >= 0 ? h.close + 1 : h.text.length }),
      message: `[Interface] has no Address, and ${own.from} routes ${own.text}, in its tunnel subnet, to this config: ${quickName(ctx.target)} gives the interface no address, so what it sends into the tunnel leaves with another interface's source address, which ${own.from} drops (the tunnel handshakes, nothing gets through). Add Address = ${own.text}, unless the address is set outside this file (then check it for plain wg: # wgls-target wg).`,
      fixes: [{ title: `Add Address = ${own.text} (as ${own.from} routes to this host)`, preferred: true, edits: [insertLineAfter(ctx.doc, undefined, section.headerLine, `Address = ${own.text}`)] }],
    });
    return;
  }
}

/** ownHostOf, when the host route lies in one of the other end's own Address subnets (a tunnel address). */
function tunnelHostOf(ctx: RuleContext, peer: PeerModel, family: Family): { text: string; from: string } | undefined {
  const end = otherEnd(ctx, peer);
  if (!end) return undefined;
  const subnets = end.other.model.iface.addresses.flatMap((a) => (a.cidr && a.cidr.family === family && a.cidr.prefix < bits(family) ? [a.cidr] : []));
  const host = end.back.allowedIps.find((i) => i.cidr && i.cidr.family === family && i.cidr.prefix === bits(family) && !i.cidr.sign && subnets.some((s) => covers(s, family, i.cidr!.address)));
  return host ? { text: formatCidr(host.cidr!), from: end.other.name } : undefined;
}

function otherEnd(ctx: RuleContext, peer: PeerModel): { other: WorkspaceFile; back: PeerModel } | undefined {
  const ws = ctx.workspace;
  if (!ws || !peer.publicKey || !ws.file.publicKey) return undefined;
  const other = ws.model.counterpartOf(wgValue(peer.publicKey), ws.file.uri);
  const back = other?.peersByKey.get(ws.file.publicKey);
  return other && back ? { other, back } : undefined;
}

/** Whether the config of `peer` accepts from this one a network (not a host address) of `family`. */
function acceptsNetworkFrom(ctx: RuleContext, peer: PeerModel, family: Family): boolean {
  const back = otherEnd(ctx, peer)?.back;
  return !!back?.allowedIps.some((i) => i.cidr && i.cidr.family === family && !i.cidr.sign && i.cidr.prefix > 1 && i.cidr.prefix < (family === 4 ? 32 : 128));
}

function ownHostOf(ctx: RuleContext, peer: PeerModel, family: Family): { text: string; from: string } | undefined {
  const end = otherEnd(ctx, peer);
  const host = end?.back.allowedIps.find((i) => i.cidr && i.cidr.family === family && i.cidr.prefix === (family === 4 ? 32 : 128) && !i.cidr.sign);
  return host ? { text: formatCidr(host.cidr!), from: end!.other.name } : undefined;
}

/**
 * A full tunnel for IPv4 with no DNS server: names are still resolved by the system's resolver,
 * usually the local network's router, and wg-quick keeps the local network's routes outside the
 * tunnel (its `suppress_prefixlength 0` rule; the apps do likewise), so the queries leave outside it.
 * Silent when a hook configures DNS itself (resolvectl, resolvconf), for `::/0` alone (the usual IPv6
 * leak block on a split tunnel: IPv4, DNS included, is not tunnelled anyway), and with a Table other
 * than auto or main (off: no routes; a number: the /0 goes to that table, with no rule sending traffic
 * there). With main the /0 replaces the default route, and the LAN's own route is still more specific.
 */
function checkFullTunnelDns(ctx: RuleContext, state: Routing) {
  if (!ASSIGNS_ADDRESSES.includes(ctx.target)) return;
  const { iface } = ctx.model;
  const table = tableMode(ctx.model, ctx.target);
  if (!iface.sections.length || !fullTunnelRoutes(table, state)) return;
  const full = fullTunnel(state, 4);
  // For wg-quick a server is what looks like one (digits and dots, or a colon), even when it is no valid
  // IP (`1.1.1`: resolvconf gets it, invalid-dns says what is wrong with it). The apps take such an item,
  // and a blank-separated list (one item to them), for a search domain: no server.
  const quick = readByQuick(ctx.target);
  const app = appOf(ctx.target);
  const server = (d: (typeof iface.dns)[number]) => dnsServerFor(ctx.target, d.text) && !(app && !quick && blankSeparated(ctx, d));
  if (!full || iface.dns.some(server)) return;
  if (dialsIn(ctx, peerOf(ctx, full))) return; // default-route-to-client
  if (iface.entries.some((e) => (isKey(e, 'PreUp') || isKey(e, 'PostUp')) && SETS_DNS.test(e.node.valueText))) return;
  // IPv6 too when it is tunnelled as well (a network review read "All IPv4" of `0.0.0.0/0, ::/0`).
  const v6 = fullTunnel(state, 6);
  const all = v6 ? `All traffic goes through the tunnel (${fullTunnelText(full)}, ${fullTunnelText(v6)})` : `All IPv4 traffic goes through the tunnel (${fullTunnelText(full)})`;
  ctx.report({
    rule: 'full-tunnel-without-dns',
    range: itemRange(ctx, full),
    // (On Windows with its kill-switch on, a resolver outside the tunnel is blocked, not leaked to.)
    message:
      windowsKillSwitch(ctx, table, state.low)
        ? `${all}, but [Interface] has no DNS server: names are still sent to the system's resolver, and when that is on the local network (the usual case), the kill-switch blocks it, so lookups fail. Add a DNS line with a resolver reached through the tunnel.`
        : `${all}, but [Interface] has no DNS server: names are still resolved by the system's resolver, and when that is on the local network (the usual case), it stays reachable outside the tunnel and every lookup leaks. Add a DNS line with a resolver reached through the tunnel.`,
    fixes: fullTunnelDnsFixes(ctx, peerOf(ctx, full)),
  });
}

/**
 * A PreUp/PostUp that sets the resolver itself (full-tunnel-without-dns then has nothing to say):
 * resolvectl dns/domain, systemd-resolve --set-dns, resolvconf -a, a write to resolv.conf, nmcli or
 * networksetup setting DNS. Not what undoes it (resolvectl revert, resolvconf -d, in a Down hook
 * anyway), nor a word that only mentions DNS (restarting dnsmasq, an iptables comment): the rule-docs
 * review found those silencing the rule.
 */
const SETS_DNS = /\bresolvectl\s+(?:dns|domain)\s+\S+\s+\S|\bsystemd-resolve\b[^;&|]*--set-dns|\bresolvconf\b[^;&|]*\s-a\b|(?:>>?|\btee\b(?:\s+-a)?)\s*\/etc\/resolv\.conf|\b(?:sed\s+-i|cp|mv|install|ln)\b[^;&|]*\s\/etc\/resolv\.conf\b|\bnmcli\b[^;&|]*\bdns\b|\bnetworksetup\b[^;&|]*-setdnsservers/i;

/**
 * With the peer's own config in the workspace: its tunnel address, which works only if it runs a
 * resolver (so not preferred, and said so). Not the DNS its other clients use: that would make every
 * client's result depend on all the others (quadratic over a hub's spokes, and stale when a sibling
 * changes, as siblings do not affect each other's results).
 */
function fullTunnelDnsFixes(ctx: RuleContext, peer: PeerModel) {
  const ws = ctx.workspace;
  const { iface } = ctx.model;
  if (!ws || !peer.publicKey) return [];
  const other = ws.model.counterpartOf(wgValue(peer.publicKey), ws.file.uri);
  if (!other) return [];
  const after = iface.addresses.length ? iface.addresses[iface.addresses.length - 1]!.line : iface.privateKey?.line ?? iface.sections[0]!.headerLine;
  const own = other.model.iface.addresses.find((a) => a.cidr)?.cidr;
  if (!own) return [];
  const address = formatIp(own.family, own.address);
  return [{ title: `Add DNS = ${address} (${other.name}'s tunnel address, if it runs a resolver)`, edits: [insertLineAfter(ctx.doc, undefined, after, `DNS = ${address}`)] }];
}

function blankSeparated(ctx: RuleContext, d: { line: number; start: number }): boolean {
  const node = ctx.doc.lines[d.line]!.node;
  return node.kind === 'entry' && inBlankItem(node.valueText, d.start - node.value.start);
}

/** [network, prefix] of the ranges that are not publicly routed: private, shared, loopback, link-local, multicast. */
const NON_PUBLIC: Readonly<Record<Family, ReadonlyArray<readonly [bigint, number]>>> = {
  4: [[0x00000000n, 8], [0x0a000000n, 8], [0x64400000n, 10], [0x7f000000n, 8], [0xa9fe0000n, 16], [0xac100000n, 12], [0xc0a80000n, 16], [0xc0000000n, 24], [0xc6120000n, 15], [0xe0000000n, 3]],
  6: [[0n, 127], [0xfc00n << 112n, 7], [0xfe80n << 112n, 10], [0xff00n << 112n, 8]],
};

/** The networks a host reaches without NAT in between: RFC 1918, link-local, IPv6 ULA (not CGNAT's 100.64/10). */
const PRIVATE_NETWORK: Readonly<Record<Family, ReadonlyArray<readonly [bigint, number]>>> = {
  4: [[0x0a000000n, 8], [0xac100000n, 12], [0xc0a80000n, 16], [0xa9fe0000n, 16]],
  6: [[0xfc00n << 112n, 7], [0xfe80n << 112n, 10]],
};

const inNetworks = (ip: IpAddress, table: Readonly<Record<Family, ReadonlyArray<readonly [bigint, number]>>>) =>
  table[ip.family].some(([net, prefix]) => (ip.value & maskOf(ip.family, prefix)) === net);

/** Whether an address lies in no private, shared, loopback, link-local or multicast range. */
function isPublicAddress(ip: IpAddress): boolean {
  // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address it holds.
  if (ip.family === 6 && ip.value >> 32n === 0xffffn) return isPublicAddress({ family: 4, value: ip.value & 0xffffffffn });
  return !inNetworks(ip, NON_PUBLIC);
}

/** Whether an address is one of a private network (PRIVATE_NETWORK): a LAN's or a cloud network's. */
export function isPrivateNetworkAddress(ip: IpAddress): boolean {
  return inNetworks(ip, PRIVATE_NETWORK);
}

interface OwnAddresses {
  /** `family:address` of each Address as written. */
  readonly hosts: ReadonlySet<string>;
  /** Whether some Address's subnet holds `ip`. */
  inSubnet(ip: IpAddress): boolean;
}

/**
 * The interface's addresses for look-ups: a hash per address and per subnet, probed once per prefix
 * length in use, not a scan of every Address per DNS server (4,000 of each took a second).
 */
function ownAddresses(addresses: InterfaceModel['addresses']): OwnAddresses {
  const hosts = new Set<string>();
  const nets = new Set<string>();
  const lengths = new Set<string>();
  for (const a of addresses) {
    if (!a.cidr) continue;
    hosts.add(`${a.cidr.family}:${a.cidr.address}`);
    nets.add(`${a.cidr.family}:${a.cidr.network}/${a.cidr.prefix}`);
    lengths.add(`${a.cidr.family}/${a.cidr.prefix}`);
  }
  const byLength = [...lengths].map((l) => l.split('/').map(Number) as [Family, number]);
  return {
    hosts,
    inSubnet: (ip) => byLength.some(([family, prefix]) => family === ip.family && nets.has(`${family}:${ip.value & maskOf(family, prefix)}/${prefix}`)),
  };
}

function checkDns(ctx: RuleContext, state: Routing) {
  const { iface, peers } = ctx.model;
  if (peers.length === 0) return;
  const app = appOf(ctx.target);
  let own: OwnAddresses | undefined;
  for (const d of iface.dns) {
    if (!d.ip) continue;
    if (containing(state, d.ip).length) continue;
    // `DNS = 1.1.1.1 8.8.8.8` is one search domain to an app (invalid-dns says so), no server.
    if (app && blankSeparated(ctx, d)) continue;
    // The Address's own subnet is routed into the tunnel too (ip addr add 10.0.0.2/24).
    const ip = d.ip;
    own ??= ownAddresses(iface.addresses);
    // This host itself (a hub running its own resolver) needs no peer.
    if (own.hosts.has(`${ip.family}:${ip.value}`)) continue;
    const inSubnet = own.inSubnet(ip);
    // A public resolver outside a split tunnel is reached directly, as a split tunnel means to (a
    // wg-easy client for the home LAN with DNS = 1.1.1.1): nothing to say (false-positive review).
    if (!inSubnet && isPublicAddress(ip)) continue;
    ctx.report({
      rule: 'dns-not-routed',
      range: lineRange(d.line, d),
      message: inSubnet
        ? `DNS server ${d.text} is in this interface's subnet, so queries go into the tunnel, but no peer's AllowedIPs include it: they are dropped.`
        : `DNS server ${d.text} is outside every peer's AllowedIPs: queries to it leave outside the tunnel (or fail if it is only reachable through it).`,
    });
  }
}

/**
 * The Address (as written) of the config that owns `peer`'s key which is the peer's Endpoint IP: the
 * peer's own tunnel address, dialled from outside the tunnel (endpoint-in-tunnel). Undefined when the
 * workspace has no such config, or the Endpoint is no IP or none of its addresses.
 */
export function endpointIsPeerAddress(ctx: RuleContext, peer: PeerModel): { other: WorkspaceFile; address: string } | undefined {
  const ip = peer.endpoint?.parsed?.ip;
  const ws = ctx.workspace;
  if (!ip || !ws || !peer.publicKey) return undefined;
  const other = ws.model.counterpartOf(wgValue(peer.publicKey), ws.file.uri);
  const a = other && addressAt(other.model, ip);
  return other && a ? { other, address: a.text.trim() } : undefined;
}

/**
 * The Address whose subnet (neither a host prefix nor /0) holds `ip`, other than that address itself:
 * wg-quick's `ip address add` routes that subnet into the tunnel (endpoint-in-tunnel).
 */
export function ownSubnetAt(model: ConfigModel, ip: IpAddress): CidrItem | undefined {
  for (const a of model.iface.addresses) {
    const c = a.cidr;
    if (!c || c.sign !== undefined || c.family !== ip.family || c.prefix === bits(c.family) || c.prefix === 0) continue;
    if (covers(c, ip.family, ip.value) && ip.value !== c.address) return a;
  }
  return undefined;
}

/** Whether one of `peer`'s own AllowedIPs (a claim narrower than /0) holds `ip`. */
export const routesItself = (peer: PeerModel, ip: IpAddress): boolean =>
  peer.allowedIps.some((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.prefix > 0 && covers(i.cidr, ip.family, ip.value));

/** The targets whose tool adds AllowedIPs as kernel routes (plain `wg` adds none). */
const LOOPING_TARGETS: readonly Target[] = ['wg-quick', 'amneziawg'];

/** A peer's Endpoint routed into the tunnel (through any peer's AllowedIPs). */
function checkEndpoint(ctx: RuleContext, state: Routing, peer: PeerModel, table: TableMode): readonly Problem[] {
  const ip = peer.endpoint?.parsed?.ip;
  // Only where routes are plain kernel routes: the apps keep their own sockets out of the tunnel
  // (WireGuardNT binds to the default-route interface, Android protect()s them, Apple's extension
  // bypasses itself). With Table = off wg-quick adds no route at all; with a table of its own it adds
  // them there, where only rules the user adds send traffic (a policy the text does not show).
  if (!ip || !LOOPING_TARGETS.includes(ctx.target) || table === 'off' || table === 'custom') return NOTHING;
  // wg-quick keeps the endpoint outside a /0 with its fwmark rule (Table auto); any narrower prefix
  // loops. (A /0 with Table = main is table-main-default-route's: wg-quick up fails first, mostly.)
  const claims = containing(state, ip);
  const hit = claims.find((c) => c.cidr.prefix > 0);
  // The peer's own tunnel address (its config says so): endpoint-in-tunnel names the cause, once. So it
  // does for an address of this interface's own subnet that another peer's AllowedIPs route (the
  // Address's route loops whatever they say); this peer's own AllowedIPs are the usual spoke's mistake,
  // named here (the cross-file review found both rules on one Endpoint).
  if (!hit || endpointIsPeerAddress(ctx, peer)) return NOTHING;
  // (Unless another peer's route is more specific than the subnet, a /32 of the endpoint: that route is
  // the loop to name, and endpoint-in-tunnel's "a more specific route outside the tunnel" would not help:
  // diff review.)
  const subnet = routesItself(peer, ip) ? undefined : ownSubnetAt(ctx.model, ip);
  if (subnet && !claims.some((c) => c.cidr.prefix > subnet.cidr!.prefix)) return NOTHING;
  return ctx.collect(() =>
    ctx.report({
      rule: 'endpoint-in-allowed-ips',
      range: lineRange(peer.endpoint!.line, peer.endpoint!.node.value),
      message: `Endpoint ${peer.endpoint!.parsed!.host} is inside ${formatCidr(hit.cidr)} (AllowedIPs of ${hit.index === peer.index ? 'this peer' : peerLabel(peerOf(ctx, hit))}): the encrypted packets would be routed into the tunnel itself. Exclude the endpoint from AllowedIPs or add a host route for it outside the tunnel.`,
      related: [{ range: itemRange(ctx, hit), message: formatCidr(hit.cidr) }],
    }),
  );
}
