// Tunnel addressing within one file: which subnet the tunnel uses and which host
// addresses in it are already taken, so completion can offer the next free one and
// say where the subnet came from.

import { randomBytes } from 'node:crypto';
import type { ConfigDocument } from '../parser.ts';
import { bits, formatCidr, formatIp, maskOf, parseCidr, parseEndpoint, parseIp, type Cidr, type Family } from '../values.ts';
import { allValues, lastValue, listItems } from './document.ts';
import type { PeerLookup } from './peers.ts';

export interface TunnelSubnet {
  readonly family: Family;
  readonly network: bigint;
  readonly prefix: number;
  /** Human explanation of where the subnet was found ("Address on line 6"). */
  readonly source: string;
}

interface Item {
  readonly cidr: Cidr;
  readonly line: number;
  readonly key: 'Address' | 'AllowedIPs' | 'DNS';
}

/** Per parsed document (one per version): completion asks many times while the text stays the same. */
const itemsMemo = new WeakMap<ConfigDocument, Item[]>();

function itemsOf(doc: ConfigDocument): Item[] {
  let items = itemsMemo.get(doc);
  if (!items) itemsMemo.set(doc, (items = collectItems(doc)));
  return items;
}

function collectItems(doc: ConfigDocument): Item[] {
  const out: Item[] = [];
  for (const s of doc.sections) {
    if (s.kind === 'interface') {
      for (const key of ['Address', 'DNS'] as const) {
        for (const { line, entry } of allValues(s, key)) {
          for (const it of listItems(entry, true)) {
            const c = parseCidr(it.text);
            if (c.ok) out.push({ cidr: c.value, line, key });
          }
        }
      }
    } else if (s.kind === 'peer') {
      for (const { line, entry } of allValues(s, 'AllowedIPs')) {
        for (const it of listItems(entry)) {
          const c = parseCidr(it.text, true);
          if (c.ok && c.value.sign !== '-') out.push({ cidr: c.value, line, key: 'AllowedIPs' });
        }
      }
    }
  }
  return out;
}

const hostPrefix = (c: Pick<Cidr, 'family' | 'prefix'>) => c.prefix === bits(c.family);

/**
 * The tunnel subnets of a file, one per family at most: the prefix of an `[Interface] Address` (the usual
 * `10.0.0.1/24`); failing that, a peer's AllowedIPs prefix that holds another peer's host route (a hub
 * listing spokes); failing that, the /24 (IPv4) or /64 (IPv6) around a host route; failing that, any
 * non-default AllowedIPs prefix (a spoke routing the tunnel subnet).
 */
const subnetsMemo = new WeakMap<ConfigDocument, TunnelSubnet[]>();

export function tunnelSubnets(doc: ConfigDocument): TunnelSubnet[] {
  let subnets = subnetsMemo.get(doc);
  if (!subnets) subnetsMemo.set(doc, (subnets = findSubnets(doc)));
  return subnets;
}

function findSubnets(doc: ConfigDocument): TunnelSubnet[] {
  const items = itemsOf(doc);
  const result: TunnelSubnet[] = [];
  for (const family of [4, 6] as const) {
    const mine = items.filter((i) => i.cidr.family === family);
    const fromAddress = mine.find((i) => i.key === 'Address' && !hostPrefix(i.cidr));
    if (fromAddress) {
      result.push({ family, network: fromAddress.cidr.network, prefix: fromAddress.cidr.prefix, source: `the Address on line ${fromAddress.line + 1}` });
      continue;
    }
    const routes = mine.filter((i) => i.key === 'AllowedIPs' && i.cidr.prefix > 0 && !hostPrefix(i.cidr));
    const hosts = mine.filter((i) => hostPrefix(i.cidr) && i.key !== 'DNS');
    // A route holding a peer's host address is the tunnel subnet; failing that, host addresses say more
    // than a route that holds none (on a hub, that is a LAN behind one peer, not the tunnel).
    const route = routes.find((r) => hosts.some((h) => (h.cidr.network & maskOf(family, r.cidr.prefix)) === r.cidr.network)) ?? (hosts.length ? undefined : routes[0]);
    if (route) {
      result.push({ family, network: route.cidr.network, prefix: route.cidr.prefix, source: `the AllowedIPs on line ${route.line + 1}` });
      continue;
    }
    const host = hosts[0];
    if (host) {
      const prefix = family === 4 ? 24 : 64;
      result.push({
        family,
        network: host.cidr.network & maskOf(family, prefix),
        prefix,
        source: `assumed /${prefix} around ${formatIp(family, host.cidr.network)} (line ${host.line + 1})`,
      });
    }
  }
  return result;
}

export interface FreeAddress {
  readonly subnet: TunnelSubnet;
  readonly address: string;
  /** How many addresses of the subnet are in use in this file (and by known peers). */
  readonly taken: number;
}

/**
 * What the workspace takes of a subnet beyond what this document says (the glue reads it from the
 * workspace index: every other config's Address, what the configs this one lists and those listing it
 * route, this config's own misspelt lines; edits/allocate.ts workspaceAddressBook, on the ranges Add Peer
 * allocates by). `revision` changes whenever the other configs do.
 */
export interface AddressBook {
  readonly revision: number;
  /** Sorted by start. */
  taken(subnet: Pick<TunnelSubnet, 'family' | 'network' | 'prefix'>): ReadonlyArray<readonly [bigint, bigint]>;
}

/**
 * Per document version, subnet and workspace revision: completion asks on every keystroke in a value,
 * and the answer only changes with the text or the other configs.
 */
const freeMemo = new WeakMap<ConfigDocument, Map<string, FreeAddress | undefined>>();

/**
 * The lowest host address of the subnet not used by this file: not an `Address`, not inside a peer's
 * AllowedIPs narrower than the subnet (wider ones are routes, not allocations), not a DNS server or an
 * endpoint, and not the known address of any of this file's peers; nor, with `book`, one the workspace
 * takes (completion offered a sibling spoke's address to a new spoke: editor review).
 */
export function nextFreeAddress(doc: ConfigDocument, subnet: TunnelSubnet, lookupPeer?: PeerLookup, book?: AddressBook): FreeAddress | undefined {
  let memo = freeMemo.get(doc);
  if (!memo) freeMemo.set(doc, (memo = new Map()));
  const key = `${subnet.family}/${subnet.network}/${subnet.prefix}/${lookupPeer ? 1 : 0}/${book ? book.revision : '-'}`;
  if (!memo.has(key)) memo.set(key, computeNextFree(doc, subnet, lookupPeer, book));
  return memo.get(key);
}

function computeNextFree(doc: ConfigDocument, subnet: TunnelSubnet, lookupPeer?: PeerLookup, book?: AddressBook): FreeAddress | undefined {
  const { family, network, prefix } = subnet;
  const total = bits(family);
  const size = 1n << BigInt(total - prefix);
  const inSubnet = (v: bigint) => (v & maskOf(family, prefix)) === network;
  const used: Array<[bigint, bigint]> = [];
  const take = (c: Pick<Cidr, 'family' | 'network' | 'prefix' | 'address'>, asHost: boolean) => {
    if (c.family !== family) return;
    if (asHost) {
      if (inSubnet(c.address)) used.push([c.address, c.address]);
    } else if (c.prefix > prefix && inSubnet(c.network)) {
      used.push([c.network, c.network + (1n << BigInt(total - c.prefix)) - 1n]);
    }
  };
  for (const i of itemsOf(doc)) take(i.cidr, i.key !== 'AllowedIPs');
  for (const s of doc.sections) {
    if (s.kind !== 'peer') continue;
    const ep = lastValue(s, 'Endpoint')?.entry.valueText;
    const parsed = ep ? parseEndpoint(ep) : undefined;
    if (parsed?.ok && parsed.value.ip?.family === family && inSubnet(parsed.value.ip.value)) {
      used.push([parsed.value.ip.value, parsed.value.ip.value]);
    }
    const pub = lastValue(s, 'PublicKey')?.entry.valueText;
    for (const a of (pub && lookupPeer?.(pub)?.addresses) || []) {
      const c = parseCidr(a);
      if (c.ok) take(c.value, true);
      else {
        const ip = parseIp(a);
        if (ip && ip.family === family && inSubnet(ip.value)) used.push([ip.value, ip.value]);
      }
    }
  }
  used.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // The workspace's ranges are sorted already (AddressBook): the two lists are walked merged, not copied
  // and sorted together (thousands of configs' addresses on every keystroke in a value).
  const others = book?.taken(subnet) ?? [];
  // Skip the network address (and, for IPv4 subnets with a broadcast address, the broadcast).
  const first = size > 2n ? network + 1n : network;
  const last = family === 4 && size > 2n ? network + size - 2n : network + size - 1n;
  // Sorted by start, one pass suffices: once a range starts beyond the candidate, all later ones do too.
  // Addresses in use are counted in the same pass, overlapping ranges once.
  let candidate = first;
  let found = false;
  let taken = 0n;
  let reach = -1n;
  for (let i = 0, j = 0; i < used.length || j < others.length; ) {
    const [start, end] = j >= others.length || (i < used.length && used[i]![0] <= others[j]![0]) ? used[i++]! : others[j++]!;
    if (!found) {
      if (start > candidate) found = true;
      else if (end >= candidate) candidate = end + 1n;
    }
    const from = start > reach ? start : reach + 1n;
    if (end >= from) taken += end - from + 1n;
    if (end > reach) reach = end;
  }
  if (candidate > last) return undefined;
  return { subnet, address: formatIp(family, candidate), taken: Number(taken) };
}

export function subnetText(subnet: Pick<TunnelSubnet, 'family' | 'network' | 'prefix'>): string {
  return formatCidr(subnet);
}

/**
 * A new unique local IPv6 /64 (RFC 4193 section 3.2): `fd` and a random 40-bit global ID, subnet 0.
 * Random rather than the `fd00::/64` of tutorials, so that two tunnels joined later do not collide.
 */
export function newUniqueLocalSubnet(): bigint {
  const id = BigInt('0x' + randomBytes(5).toString('hex'));
  return (0xfdn << 120n) | (id << 80n);
}
