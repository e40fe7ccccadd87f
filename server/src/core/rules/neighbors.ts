// Neighbours: configs that list a peer this config lists too (the other spokes of its hub). A
// neighbour whose Address lies in one of this config's subnet Addresses, while no [Peer] here routes
// it, is unreachable from here (unrouted-neighbor). The rule and the workspace (which re-checks a
// config when a neighbour's address changes in a way the config reads) share these predicates.

import type { AddressItem } from '../model.ts';
import type { WorkspaceFile } from '../workspace.ts';
import { addressIn, keyAt, type Cidr } from '../values.ts';

const full = (c: Cidr) => (c.family === 4 ? 32 : 128);

/** An Address item that makes more than its own address on-link (not /32 or /128, not /0). */
export const isSubnetAddress = (a: AddressItem): boolean =>
  a.cidr !== undefined && a.cidr.sign === undefined && a.cidr.prefix > 0 && a.cidr.prefix < full(a.cidr);

/** The subnet Address of `file` that holds `c`'s address (other than its own address), if any. */
export function onLinkSubnet(file: WorkspaceFile, c: Cidr): AddressItem | undefined {
  for (const a of file.model.iface.addresses) {
    if (isSubnetAddress(a) && addressIn(c, a.cidr!) && c.address !== a.cidr!.address) return a;
  }
  return undefined;
}

/** Whether some [Peer] of `file` has an AllowedIPs item holding `c`'s address. */
export function routes(file: WorkspaceFile, c: Cidr): boolean {
  for (const p of file.model.peers) for (const i of p.allowedIps) if (i.cidr && i.cidr.sign !== '-' && addressIn(c, i.cidr)) return true;
  return false;
}

/**
 * Whether every address of the subnet Address `a` is routed to some [Peer] of `file` (an item as wide
 * or wider holds it, none is taken out of it): then no neighbour in it can be unrouted. A spoke that
 * routes its subnet through the hub, as nearly every one does, needs no look at the other configs.
 */
export function routesWholeSubnet(file: WorkspaceFile, a: AddressItem): boolean {
  const s = a.cidr!;
  let whole = false;
  for (const p of file.model.peers) {
    for (const i of p.allowedIps) {
      const c = i.cidr;
      if (!c || c.family !== s.family) continue;
      if (c.sign === '-') {
        if (addressIn(c, s) || addressIn(s, c)) return false;
      } else if (c.prefix <= s.prefix && addressIn(s, c)) whole = true;
    }
  }
  return whole;
}

/** Whether `file` takes `c`'s address as on-link but routes it to no peer: packets to it are dropped. */
export function unroutedOnLink(file: WorkspaceFile, c: Cidr): boolean {
  return onLinkSubnet(file, c) !== undefined && !routes(file, c);
}

/**
 * `routes` for many addresses against one file: a hub has thousands of AllowedIPs items, so they are
 * indexed once by prefix length (a hub has a handful of lengths) and each address is looked up at each.
 */
export class RouteIndex {
  #byLength: Map<number, Set<string>> | undefined;

  constructor(private readonly file: WorkspaceFile) {}

  has(c: Cidr): boolean {
    if (this.file.model.peers.length <= 16) return routes(this.file, c);
    const byLength = (this.#byLength ??= index(this.file));
    for (const [length, keys] of byLength) if (keys.has(keyAt(c, length))) return true;
    return false;
  }
}

/** The networks of `file`'s AllowedIPs items by prefix length (the keys name the family too). */
function index(file: WorkspaceFile): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const p of file.model.peers) {
    for (const i of p.allowedIps) {
      const c = i.cidr;
      if (!c || c.sign === '-') continue;
      let keys = out.get(c.prefix);
      if (!keys) out.set(c.prefix, (keys = new Set()));
      keys.add(keyAt(c, c.prefix));
    }
  }
  return out;
}
