// The next free tunnel address in an interface's subnet: the lowest host address not
// taken by the interface itself, by any of its peers' AllowedIPs, or by the Address
// of any config in the workspace.

import type { WorkspaceFile, WorkspaceModel } from '../workspace.ts';
import { bits, cidrOrReason, formatIp, maskOf, splitList, type Cidr, type Family } from '../values.ts';
import { wgValue } from '../model.ts';
import { stripSpaces } from '../parser.ts';
import { lookupKey, type SectionName } from '../schema.ts';
import { closestKeys } from '../rules/keys.ts';
import type { AddressBook } from '../features/addressing.ts';

export interface Subnet {
  readonly family: Family;
  readonly network: bigint;
  readonly prefix: number;
}

export interface Allocation {
  /** The subnet addresses are taken from. */
  readonly subnet: Subnet;
  /** The free host address. */
  readonly address: bigint;
  /** Prefix length the new [Interface] Address gets (the interface's own, e.g. 24). */
  readonly prefix: number;
}

/**
 * The subnets to allocate from, one per family (the first Address of each). A host-only address
 * (`10.20.0.1/32`, as site-to-site configs write) has no subnet of its own: its /24 (IPv6: /64)
 * is used, and the new address is a host address too.
 */
export function tunnelSubnets(file: WorkspaceFile): Array<{ subnet: Subnet; prefix: number }> {
  const out: Array<{ subnet: Subnet; prefix: number }> = [];
  for (const a of file.model.iface.addresses) {
    const c = a.cidr;
    if (!c || out.some((o) => o.subnet.family === c.family)) continue;
    const hostOnly = c.prefix === bits(c.family);
    const prefix = hostOnly ? (c.family === 4 ? 24 : 64) : c.prefix;
    out.push({ subnet: { family: c.family, network: c.address & maskOf(c.family, prefix), prefix }, prefix: c.prefix });
  }
  return out;
}

/**
 * Every subnet `file`'s Addresses lie in (all of them, unlike tunnelSubnets' first per family): what a
 * spoke must route to reach each of the hub's addresses (a second `Address = 10.1.0.1/24` included).
 * A host-only Address counts as its tunnelSubnets subnet (/24, /64).
 */
export function addressSubnets(file: WorkspaceFile): Subnet[] {
  const out: Subnet[] = [];
  for (const a of file.model.iface.addresses) {
    const c = a.cidr;
    if (!c) continue;
    const prefix = c.prefix === bits(c.family) ? (c.family === 4 ? 24 : 64) : c.prefix;
    const subnet = { family: c.family, network: c.address & maskOf(c.family, prefix), prefix };
    if (!out.some((o) => o.family === subnet.family && o.network === subnet.network && o.prefix === subnet.prefix)) out.push(subnet);
  }
  return out;
}

function inSubnet(s: Subnet, family: Family, address: bigint): boolean {
  return family === s.family && (address & maskOf(s.family, s.prefix)) === s.network;
}

/**
 * Lowest free host of `subnet`. Taken: the addresses of every config in the workspace, and the
 * prefixes in `file`'s peers' AllowedIPs that are narrower than the subnet (routes as wide as the
 * subnet or wider, like 0.0.0.0/0, assign nothing). IPv4 skips the network and broadcast addresses
 * (except in /31 and /32), IPv6 the subnet-router anycast address (the all-zero host). Returns undefined when the subnet is full.
 */
export function nextFreeAddress(ws: WorkspaceModel, file: WorkspaceFile, subnet: Subnet): bigint | undefined {
  const total = bits(subnet.family);
  const size = 1n << BigInt(total - subnet.prefix);
  let first = subnet.network;
  let last = subnet.network + size - 1n;
  if (subnet.family === 4 && subnet.prefix < 31) {
    first++;
    last--;
  } else if (subnet.family === 6 && subnet.prefix < 127) {
    first++; // the subnet-router anycast address
  }
  const taken = takenRanges(ws, file, subnet);
  taken.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let candidate = first;
  for (const [lo, hi] of taken) {
    if (lo > candidate) break;
    if (hi >= candidate) candidate = hi + 1n;
  }
  return candidate <= last ? candidate : undefined;
}

/** Whether `address` of `subnet` is taken, as nextFreeAddress counts it. */
export function addressTaken(ws: WorkspaceModel, file: WorkspaceFile, subnet: Subnet, address: bigint): boolean {
  return takenRanges(ws, file, subnet).some(([lo, hi]) => lo <= address && address <= hi);
}

/**
 * The ranges of `subnet` taken (see nextFreeAddress), unsorted: `file`'s own and the others'.
 * Completion's next free address reads the others' part too (workspaceAddressBook), so the two never
 * hand out different addresses.
 */
function takenRanges(ws: WorkspaceModel, file: WorkspaceFile, subnet: Subnet): Array<[bigint, bigint]> {
  const taken = takenBy([file], file, subnet, [file]);
  for (const r of takenByOthers(ws, file, subnet, routingOf(ws, file))) taken.push([r[0], r[1]]);
  return taken;
}

/**
 * The configs whose routes to peers of their own take addresses of `file`'s subnet, but `file`: those
 * listing it (a spoke reaching another spoke directly: add-peer review, the new peer got that address and
 * the spoke sent its traffic elsewhere), and those it lists (a new spoke whose hub routes 10.0.0.7/32 to a
 * phone with no config here: editor review, completion offered it).
 */
function routingOf(ws: WorkspaceModel, file: WorkspaceFile): WorkspaceFile[] {
  const routing = new Set(file.publicKey ? ws.referencesTo(file.publicKey).map((r) => r.file) : []);
  for (const p of file.model.peers) {
    const other = p.publicKey && ws.counterpartOf(wgValue(p.publicKey), file.uri);
    if (other) routing.add(other);
  }
  routing.delete(file);
  return [...routing];
}

/** The ranges every config but `file` takes: their Addresses, and the routes of `routing` (routingOf). */
function takenByOthers(ws: WorkspaceModel, file: WorkspaceFile, subnet: Subnet, routing: readonly WorkspaceFile[]): Array<[bigint, bigint]> {
  const others: WorkspaceFile[] = [];
  for (const f of ws.all()) if (f.uri !== file.uri) others.push(f);
  return takenBy(others, file, subnet, routing);
}

/** The Addresses of `holders` in `subnet`, and the prefixes narrower than it that `routing` route (not to `file`). */
function takenBy(holders: readonly WorkspaceFile[], file: WorkspaceFile, subnet: Subnet, routing: readonly WorkspaceFile[]): Array<[bigint, bigint]> {
  const total = bits(subnet.family);
  const taken: Array<[bigint, bigint]> = [];
  for (const f of holders) {
    for (const a of f.model.iface.addresses) if (a.cidr && inSubnet(subnet, a.cidr.family, a.cidr.address)) taken.push([a.cidr.address, a.cidr.address]);
    hiddenTaken(f, subnet, 'Address', taken);
  }
  for (const f of routing) {
    for (const p of f.model.peers) {
      // (What another config routes to this one is this config's to hand out.)
      if (f !== file && p.publicKey && wgValue(p.publicKey) === file.publicKey) continue;
      for (const item of p.allowedIps) {
        const c = item.cidr;
        if (!c || c.sign === '-' || c.family !== subnet.family || c.prefix <= subnet.prefix) continue;
        if (!inSubnet(subnet, c.family, c.network)) continue;
        taken.push([c.network, c.network + (1n << BigInt(total - c.prefix)) - 1n]);
      }
    }
    hiddenTaken(f, subnet, 'AllowedIPs', taken);
  }
  return taken;
}

/**
 * What `f`'s misspelt `key` lines take of `subnet` (hiddenPrefixes), into `into`: an Address its host, a
 * route the prefix when narrower than the subnet.
 */
function hiddenTaken(f: WorkspaceFile, subnet: Subnet, key: 'Address' | 'AllowedIPs', into: Array<[bigint, bigint]>): void {
  const total = bits(subnet.family);
  for (const c of hiddenPrefixes(f, key)) {
    if (key === 'Address') {
      if (inSubnet(subnet, c.family, c.address)) into.push([c.address, c.address]);
    } else if (c.family === subnet.family && c.prefix > subnet.prefix && inSubnet(subnet, c.family, c.network)) {
      into.push([c.network, c.network + (1n << BigInt(total - c.prefix)) - 1n]);
    }
  }
}

/**
 * What the rest of the workspace takes of a subnet, for the completion of `uri` (its own text counts
 * there, from the document being typed; with both, the next free address is the one Add Peer would hand
 * out). Kept per subnet while the other configs, this one's key and the configs it is routed with stay
 * the same: completion asks on every keystroke, and the others' part reads every config of the workspace
 * (diff review: a spoke's Address completion went from 0.1 to 25 ms among 5,000). Undefined when the
 * index does not hold `uri` (not a WireGuard file yet).
 */
export function workspaceAddressBook(ws: WorkspaceModel, uri: string): AddressBook | undefined {
  const file = ws.get(uri);
  if (!file) return undefined;
  const revision = ws.othersRevision(uri);
  // (Made when a subnet is asked for: most completions are no address, and a hub's routing reads each
  // of its peers: bench review, the completion of a key name on a 5,000-peer hub went from 0.3 to 1.6 ms.)
  let routing: WorkspaceFile[] | undefined;
  const kept = ws.memo(uri, BOOKS, () => new Map<string, KeptBook>());
  return {
    revision,
    taken: (subnet) => {
      routing ??= routingOf(ws, file);
      const key = `${subnet.family}/${subnet.network}/${subnet.prefix}`;
      let hit = kept.get(key);
      if (!hit || hit.revision !== revision || hit.publicKey !== file.publicKey || !sameFiles(hit.routing, routing)) {
        // Sorted once: completion walks them merged with the document's own (features/addressing.ts).
        const ranges = takenByOthers(ws, file, subnet, routing).sort(byStart);
        kept.set(key, (hit = { revision, publicKey: file.publicKey, routing, ranges }));
      }
      // This config's own misspelt Addresses and routes (`AllowedIP = 10.0.0.2/32`), which the document's
      // part does not read (diff review: completion offered 10.0.0.2, Add Peer 10.0.0.3). Rarely any.
      const own: Array<[bigint, bigint]> = [];
      hiddenTaken(file, subnet, 'Address', own);
      hiddenTaken(file, subnet, 'AllowedIPs', own);
      return own.length ? [...hit.ranges, ...own].sort(byStart) : hit.ranges;
    },
  };
}

interface KeptBook {
  readonly revision: number;
  readonly publicKey: string | undefined;
  readonly routing: readonly WorkspaceFile[];
  readonly ranges: ReadonlyArray<readonly [bigint, bigint]>;
}

/** The memo key of workspaceAddressBook's kept ranges (WorkspaceModel.memo). */
const BOOKS = {};

const byStart = (a: readonly [bigint, bigint], b: readonly [bigint, bigint]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

const sameFiles = (a: readonly WorkspaceFile[], b: readonly WorkspaceFile[]) => a.length === b.length && a.every((f, i) => f === b[i]);

/**
 * The prefixes a misspelling hides from the model: `key`'s values written under a near-miss name
 * (`AllowedIP`, `Adress`), or in a section that is not its own (`AllowedIPs` under `[Peers]`). unknown-key
 * and unknown-section offer the fix, Fix all may apply it; an address handed out meanwhile would then
 * collide (actions review: `AllowedIP = 10.0.0.2/32` and the new spoke got 10.0.0.2).
 */
function hiddenPrefixes(file: WorkspaceFile, key: 'AllowedIPs' | 'Address'): readonly Cidr[] {
  // Per file version: completion asks on every keystroke, and reads every config of the workspace
  // (diff review: a spoke's Address completion went from 0.1 to 25 ms in a workspace of 5,000).
  let memo = hiddenMemo.get(file);
  if (!memo) hiddenMemo.set(file, (memo = {}));
  return (memo[key] ??= findHiddenPrefixes(file, key));
}

const hiddenMemo = new WeakMap<WorkspaceFile, { AllowedIPs?: readonly Cidr[]; Address?: readonly Cidr[] }>();

function findHiddenPrefixes(file: WorkspaceFile, key: 'AllowedIPs' | 'Address'): Cidr[] {
  const own: SectionName = key === 'AllowedIPs' ? 'Peer' : 'Interface';
  const out: Cidr[] = [];
  const read = (e: { node: { valueText: string } }) => {
    for (const item of splitList(e.node.valueText, 0, key === 'Address')) {
      const c = cidrOrReason(stripSpaces(item.text), true);
      if (typeof c !== 'string' && c.sign !== '-') out.push(c);
    }
  };
  for (const section of file.doc.sections) {
    const resolved = file.model.bySection.get(section);
    if (!resolved) {
      // A section no tool knows (`[Peers]`): its keys as written.
      for (const e of section.entries) {
        const match = lookupKey(e.node.keyText, own);
        if (match ? match.info.name === key : closestKeys(e.node.keyText, own)[0]?.name === key) read(e);
      }
      continue;
    }
    // The model resolved these keys already (a 5,000-peer hub's are read without a lookup each, diff
    // review): `key` in the other section, or a key no tool knows that comes closest to `key`.
    const home = section.kind === own.toLowerCase();
    for (const e of resolved) {
      if (e.match ? !home && e.match.info.name === key : closestKeys(e.node.keyText, own)[0]?.name === key) read(e);
    }
  }
  return out;
}

export function describeSubnet(s: Subnet): string {
  return `${formatIp(s.family, s.network)}/${s.prefix}`;
}

/**
 * A ListenPort for a new config in `file`'s folder: `preferred`, or the next port no other config
 * there listens on (configs in one folder are taken to be one host, so they would clash).
 */
export function freeListenPort(ws: WorkspaceModel, file: WorkspaceFile, preferred: number): number {
  const used = new Set<number>();
  for (const f of ws.all()) if (f.dir === file.dir && f.uri !== file.uri && f.listenPort !== undefined) used.add(f.listenPort);
  let port = preferred;
  while (used.has(port) && port < 65535) port++;
  return port;
}
