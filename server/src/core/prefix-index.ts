// Which prefixes contain an address, in time proportional to the number of distinct
// prefix lengths (≤ 33 or 129), not the number of prefixes: the lookup behind
// "is this DNS server / endpoint / counterpart address routed", safe for hubs of
// thousands of peers.

import { maskOf, type Family, type IpAddress } from './values.ts';

export class PrefixIndex<T> {
  private readonly byLength: Array<Map<bigint, T[]>> = [];
  private readonly lengths: Array<Set<number>> = [new Set(), new Set()];

  add(prefix: { family: Family; network: bigint; prefix: number }, payload: T): void {
    const slot = (prefix.family === 4 ? 0 : 200) + prefix.prefix;
    let map = this.byLength[slot];
    if (!map) this.byLength[slot] = map = new Map();
    const list = map.get(prefix.network);
    if (list) list.push(payload);
    else map.set(prefix.network, [payload]);
    this.lengths[prefix.family === 4 ? 0 : 1]!.add(prefix.prefix);
  }

  /** Every payload whose prefix contains `ip`, longest prefix first. */
  containing(ip: IpAddress): T[] {
    const out: T[] = [];
    const lengths = [...this.lengths[ip.family === 4 ? 0 : 1]!].sort((a, b) => b - a);
    for (const len of lengths) {
      const hit = this.byLength[(ip.family === 4 ? 0 : 200) + len]!.get(ip.value & maskOf(ip.family, len));
      if (hit) out.push(...hit);
    }
    return out;
  }
}
