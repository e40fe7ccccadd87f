// Value parsers, each faithful to the tool it imitates (wg's config.c and glibc's
// inet_pton/getaddrinfo). They return a value or a reason, never throw, and work
// on plain strings: callers map results back to spans.

import { isValidKey } from './keys.ts';
import type { Target } from './schema.ts';
import { appTrimmedValue } from './strings.ts';

// ------------------------------------------------------------------ IP addresses

/** glibc inet_pton(AF_INET): exactly four decimal parts 0–255, no leading zeros. */
export function parseIPv4(s: string): number | undefined {
  let value = 0;
  let part = -1; // -1 = no digit yet in this part
  let parts = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (part === 0) return undefined; // leading zero
      part = part < 0 ? c - 48 : part * 10 + (c - 48);
      if (part > 255) return undefined;
    } else if (c === 46 /* . */) {
      if (part < 0 || parts === 3) return undefined;
      value = value * 256 + part;
      parts++;
      part = -1;
    } else {
      return undefined;
    }
  }
  if (part < 0 || parts !== 3) return undefined;
  return value * 256 + part;
}

/** glibc inet_pton(AF_INET6), including `::` compression and an embedded IPv4 tail. Returns a 128-bit value. */
export function parseIPv6(s: string): bigint | undefined {
  return readIPv6(s) ? wordsToBigInt(WORDS[0]!, WORDS[1]!, WORDS[2]!, WORDS[3]!) : undefined;
}

/** inet_pton(AF_INET6) into WORDS (four 32-bit words, most significant first): false when `s` is no address. */
function readIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false;
  // Hubs hold thousands of these: no substrings, group arrays or per-group BigInts.
  const groups = GROUPS;
  let count = 0;
  let gap = -1; // index in groups where `::` stands
  let i = 0;
  if (s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
    gap = 0;
    i = 2;
    if (i === s.length) {
      WORDS[0] = WORDS[1] = WORDS[2] = WORDS[3] = 0; // callers may read the words of the last parse
      return true;
    }
  } else if (s.charCodeAt(0) === 58) {
    return false;
  }
  const lastColon = s.lastIndexOf(':');
  while (i < s.length) {
    // Embedded IPv4 tail: the rest contains a '.' and no ':', and there is room for two groups.
    if (lastColon < i && s.indexOf('.', i) >= 0) {
      const v4 = parseIPv4(s.slice(i));
      if (v4 === undefined || count > 6) return false;
      groups[count++] = Math.floor(v4 / 65536);
      groups[count++] = v4 % 65536;
      break;
    }
    let j = i;
    let g = 0;
    while (j < s.length && j - i < 5) {
      const h = hexDigit(s.charCodeAt(j));
      if (h < 0) break;
      g = g * 16 + h;
      j++;
    }
    if (j === i || j - i > 4) return false;
    groups[count++] = g;
    if (count > 8) return false;
    if (j === s.length) break;
    if (s.charCodeAt(j) !== 58) return false;
    if (j + 1 < s.length && s.charCodeAt(j + 1) === 58) {
      if (gap >= 0) return false; // second `::`
      gap = count;
      i = j + 2;
      if (i === s.length) break;
    } else {
      i = j + 1;
      if (i === s.length) return false; // trailing single ':'
    }
  }
  if (gap >= 0) {
    if (count > 7) return false;
  } else if (count !== 8) {
    return false;
  }
  // Four 32-bit words (the groups after `::` moved to the end).
  const words = WORDS;
  words[0] = words[1] = words[2] = words[3] = 0;
  const after = gap < 0 ? count : gap; // groups [after, count) go to the end
  for (let k = 0; k < count; k++) {
    const at = k < after ? k : 8 - (count - k);
    words[at >> 1] += at & 1 ? groups[k]! : groups[k]! * 65536;
  }
  return true;
}

/** A 128-bit value from four 32-bit words (read unsigned): one BigInt per non-zero word. */
function wordsToBigInt(w0: number, w1: number, w2: number, w3: number): bigint {
  let v = 0n;
  if (w0 !== 0) v |= BigInt(w0 >>> 0) << 96n;
  if (w1 !== 0) v |= BigInt(w1 >>> 0) << 64n;
  if (w2 !== 0) v |= BigInt(w2 >>> 0) << 32n;
  if (w3 !== 0) v |= BigInt(w3 >>> 0);
  return v;
}


const GROUPS: number[] = new Array<number>(10).fill(0);
const WORDS: number[] = [0, 0, 0, 0];

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * glibc inet_aton, which getaddrinfo falls back to for host names: 1 to 4 parts, each decimal, octal
 * (leading 0) or hex (0x); the last part fills the remaining bytes (`1.2.3` is 1.2.0.3).
 */
export function parseInetAton(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) n = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) n = Number(p);
    else return undefined;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return undefined;
  let v = 0;
  for (const n of nums) v = v * 256 + n;
  return v * 2 ** (8 * (4 - nums.length)) + last;
}

/**
 * iproute2's get_addr_ipv4 (`ip address add`): 1 to 4 parts ≤ 255, each read by strtoul with base 0
 * (decimal, 0 octal, 0x hex: `010` is 8), missing ones zero (`10.1` is 10.1.0.0, not inet_aton's 10.0.0.1).
 */
export function parseIPv4Loose(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length > 4) return undefined;
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const n = i < parts.length ? strtoulBase0(parts[i]!, 255) : 0;
    if (n === undefined) return undefined;
    v = v * 256 + n;
  }
  return v;
}

/**
 * C's strtoul with base 0 over the whole of `s`, as iproute2 reads numbers (get_unsigned, table ids):
 * leading blanks, a sign, then `0x` hex, `0` octal or decimal. Undefined when something is left over,
 * nothing was read, or the value is above `max` (a negative one wraps to a huge unsigned value; -0 is 0).
 */
export function strtoulBase0(s: string, max: number): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))$/.exec(s);
  if (!m) return undefined;
  const n = m[2] !== undefined ? parseInt(m[2], 16) : m[3] !== undefined ? parseInt(m[3], 8) : Number(m[4]);
  if (m[1] === '-' && n !== 0) return undefined;
  return n <= max ? n : undefined;
}

/** A table number as `ip route … table V` reads it (rtnl_rttable_a2n): strtoul with base 0, at most 2^32 − 1. */
export const ipTableNumber = (v: string): number | undefined => strtoulBase0(v, 0xffffffff);

/**
 * An Address item as `ip address add` reads it (iproute2 get_prefix_1): the address (IPv4 by
 * get_addr_ipv4 above, IPv6 strictly), then after the first `/` a prefix read by strtoul with base 0
 * (`/+24`, `/0x18`, `/030` are /24; `/-0` is /0) or an IPv4 netmask (`/255.255.255.0`; `/any` is /0), at most the
 * address's length; none means a single address. Undefined when `ip` rejects it.
 */
export function iprouteAddress(text: string): { family: Family; value: bigint; prefix: number } | undefined {
  const slash = text.indexOf('/');
  const ip = slash < 0 ? text : text.slice(0, slash);
  let family: Family;
  let value: bigint;
  if (ip.includes(':')) {
    const v = parseIPv6(ip);
    if (v === undefined) return undefined;
    family = 6;
    value = v;
  } else {
    const v = parseIPv4Loose(ip);
    if (v === undefined) return undefined;
    family = 4;
    value = BigInt(v);
  }
  const total = family === 4 ? 32 : 128;
  if (slash < 0) return { family, value, prefix: total };
  const mask = text.slice(slash + 1);
  // get_addr_1 reads `default`, `any` and `all` as the all-zero address: a netmask of /0.
  let prefix = mask === 'default' || mask === 'any' || mask === 'all' ? 0 : strtoulBase0(mask, 0xffffffff);
  if (prefix === undefined) {
    // A dotted netmask: its bits must be contiguous (mask2bits).
    const m = parseIPv4Loose(mask);
    if (m === undefined || !mask.includes('.')) return undefined;
    const host = ~m >>> 0; // the host bits: contiguous when host + 1 is a power of two
    if ((host & (host + 1)) !== 0) return undefined;
    prefix = Math.clz32(host);
  }
  return prefix <= total ? { family, value, prefix } : undefined;
}

export type Family = 4 | 6;

export interface IpAddress {
  readonly family: Family;
  /** The address as an unsigned integer (32 or 128 bits). */
  readonly value: bigint;
}

export function parseIp(s: string): IpAddress | undefined {
  const v = parseIpValue(s);
  return v === undefined ? undefined : { family: s.includes(':') ? 6 : 4, value: v };
}

/** parseIp's value alone (its family: 6 if `s` has a `:`), without the object. */
function parseIpValue(s: string): bigint | undefined {
  if (s.includes(':')) return parseIPv6(s);
  const v = parseIPv4(s);
  return v === undefined ? undefined : BigInt(v);
}

export function bits(family: Family): number {
  return family === 4 ? 32 : 128;
}

/** An address as a host route: `10.0.0.2/32`, `fd00::2/128`. */
export function hostCidr(family: Family, value: bigint): string {
  return `${formatIp(family, value)}/${family === 4 ? 32 : 128}`;
}

export function formatIp(family: Family, value: bigint): string {
  if (family === 4) {
    const n = Number(value);
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (≥ 2) of zero groups.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

// ------------------------------------------------------------------ prefixes

export interface Cidr {
  readonly family: Family;
  /** The address as written (host bits possibly set). */
  readonly address: bigint;
  /** The address with host bits cleared: what the kernel stores. */
  readonly network: bigint;
  readonly prefix: number;
  /** Written without `/N` (means /32 or /128). */
  readonly bare: boolean;
  readonly hostBitsSet: boolean;
  /** wg ≥ v1.0.20250521 `+`/`-` prefix (incremental AllowedIPs). */
  readonly sign?: '+' | '-';
  /**
   * `network` as four 32-bit words, each with its top bit flipped so that comparing them as signed
   * integers, in turn, orders networks as comparing the BigInts does (IPv4: the one word, then 0s).
   * Signed 32-bit values are small integers to V8: a field holding a larger number (a 48-bit key, or
   * an unsigned word from 2^31) is a heap number of its own, two or three more objects per item of a
   * hub that the garbage collector copies while the file opens.
   */
  readonly k0: number;
  readonly k1: number;
  readonly k2: number;
  readonly k3: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

// Every mask computed once: BigInt arithmetic allocates, and masks are asked for per item.
const MASKS: Record<Family, bigint[]> = {
  4: Array.from({ length: 33 }, (_, p) => (p === 0 ? 0n : ((1n << BigInt(p)) - 1n) << BigInt(32 - p))),
  6: Array.from({ length: 129 }, (_, p) => (p === 0 ? 0n : ((1n << BigInt(p)) - 1n) << BigInt(128 - p))),
};

export function maskOf(family: Family, prefix: number): bigint {
  return MASKS[family][prefix]!;
}

/**
 * `IP[/prefix]` as wg reads AllowedIPs items (config.c parse_allowedips): the mask is decimal digits only,
 * at most 32 or 128. `allowSign` accepts a leading `+`/`-`.
 */
export function parseCidr(text: string, allowSign = false): Parsed<Cidr> {
  const c = cidrOrReason(text, allowSign);
  return typeof c === 'string' ? { ok: false, reason: c } : { ok: true, value: c };
}

/** parseCidr without the result object: the value, or why there is none. */
export function cidrOrReason(text: string, allowSign = false): Cidr | string {
  let s = text;
  let sign: '+' | '-' | undefined;
  if (allowSign && (s.startsWith('+') || s.startsWith('-'))) {
    sign = s[0] as '+' | '-';
    s = s.slice(1);
  }
  if (s === '') return 'empty item';
  const slash = s.indexOf('/');
  const ipText = slash < 0 ? s : s.slice(0, slash);
  // `10.0.0.2 /32` split on the blank: a mask alone.
  if (ipText === '') return `"${s}" has no address before the "/"`;
  const family: Family = ipText.includes(':') ? 6 : 4;
  // The address as 32-bit words (IPv4: one), no BigInt: a hub has thousands of items, and most
  // readers only compare networks (by the numeric keys below).
  let w0: number;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  if (family === 4) {
    const v4 = parseIPv4(ipText);
    if (v4 === undefined) return `"${ipText}" is not an IP address`;
    w0 = v4;
  } else {
    if (!readIPv6(ipText)) return `"${ipText}" is not an IP address`;
    w0 = WORDS[0]!;
    w1 = WORDS[1]!;
    w2 = WORDS[2]!;
    w3 = WORDS[3]!;
  }
  const total = family === 4 ? 32 : 128;
  let prefix = total;
  if (slash >= 0) {
    const m = s.slice(slash + 1);
    if (!isDigits(m)) return `"/${m}" is not a prefix length`;
    prefix = Number(m);
    if (prefix > total) return `/${m} is longer than ${total} bits`;
  }
  // Words as signed 32-bit values from here on (see Cidr.k0).
  w0 |= 0;
  w1 |= 0;
  w2 |= 0;
  w3 |= 0;
  const m0 = maskWord(w0, prefix);
  const m1 = maskWord(w1, prefix - 32);
  const m2 = maskWord(w2, prefix - 64);
  const m3 = maskWord(w3, prefix - 96);
  const hostBitsSet = m0 !== w0 || m1 !== w1 || m2 !== w2 || m3 !== w3;
  return new CidrValue(family, prefix, slash < 0, hostBitsSet, sign, flip(m0), flip(m1), flip(m2), flip(m3), w0, w1, w2, w3);
}

/**
 * A parsed AllowedIPs or Address item. The address and network BigInts are made on first use (and
 * kept): parsing a 5,000-peer hub would otherwise build 20,000 of them that nothing reads.
 */
class CidrValue implements Cidr {
  #address: bigint | undefined = undefined;
  #network: bigint | undefined = undefined;

  constructor(
    readonly family: Family,
    readonly prefix: number,
    readonly bare: boolean,
    readonly hostBitsSet: boolean,
    readonly sign: '+' | '-' | undefined,
    readonly k0: number,
    readonly k1: number,
    readonly k2: number,
    readonly k3: number,
    /** The address as written, as signed 32-bit words (IPv4: w0 alone). */
    private readonly w0: number,
    private readonly w1: number,
    private readonly w2: number,
    private readonly w3: number,
  ) {}

  get address(): bigint {
    return (this.#address ??= this.family === 4 ? BigInt(this.w0 >>> 0) : wordsToBigInt(this.w0, this.w1, this.w2, this.w3));
  }

  /** @internal addressIn: whether the address masked to `outer.prefix` bits is `outer`'s network. */
  addressIn(outer: Cidr): boolean {
    const p = outer.prefix;
    return (
      flip(maskWord(this.w0, p)) === outer.k0 &&
      flip(maskWord(this.w1, p - 32)) === outer.k1 &&
      flip(maskWord(this.w2, p - 64)) === outer.k2 &&
      flip(maskWord(this.w3, p - 96)) === outer.k3
    );
  }

  /** @internal keyAt */
  keyAt(prefix: number): string {
    return `${this.family}:${flip(maskWord(this.w0, prefix))}:${flip(maskWord(this.w1, prefix - 32))}:${flip(maskWord(this.w2, prefix - 64))}:${flip(maskWord(this.w3, prefix - 96))}/${prefix}`;
  }

  get network(): bigint {
    if (this.#network === undefined) {
      // A full-length prefix masks nothing: share the address rather than make an equal BigInt.
      this.#network = this.hostBitsSet || this.prefix < (this.family === 4 ? 32 : 128) ? this.address & maskOf(this.family, this.prefix) : this.address;
    }
    return this.#network;
  }
}

/** A network by its exact numeric keys (see Cidr.k0) and prefix length: what sorting and searching compare. */
export interface NetworkKey {
  readonly family: Family;
  readonly k0: number;
  readonly k1: number;
  readonly k2: number;
  readonly k3: number;
  readonly prefix: number;
}

/** Whether the prefix `inner` lies inside `outer` (or is it): same family, no shorter, within its network. */
export function contains(outer: Pick<Cidr, 'family' | 'network' | 'prefix'>, inner: Pick<Cidr, 'family' | 'network' | 'prefix'>): boolean {
  return outer.prefix <= inner.prefix && covers(outer, inner.family, inner.network);
}

/** Whether `address` (of `family`) lies inside `outer`. */
export function covers(outer: Pick<Cidr, 'family' | 'network' | 'prefix'>, family: Family, address: bigint): boolean {
  if (outer.family !== family) return false;
  const shift = BigInt((family === 4 ? 32 : 128) - outer.prefix);
  return address >> shift === outer.network >> shift;
}

/**
 * Whether the address of `c` (as written: host bits count) lies inside `outer`. Word arithmetic, no
 * BigInt: the cross-file rules ask it for every address of a workspace per validation.
 */
export function addressIn(c: Cidr, outer: Cidr): boolean {
  if (c.family !== outer.family) return false;
  return c instanceof CidrValue ? c.addressIn(outer) : covers(outer, c.family, c.address);
}

/**
 * A string naming the network of `c`'s address masked to `prefix` bits: equal strings, equal networks
 * (the network of `c` itself is `keyAt(c, c.prefix)`). Word arithmetic for parsed items.
 */
export function keyAt(c: Cidr, prefix: number): string {
  if (c instanceof CidrValue) return c.keyAt(prefix);
  const k = networkKey(c.family, c.address, prefix);
  return `${k.family}:${k.k0}:${k.k1}:${k.k2}:${k.k3}/${prefix}`;
}

/** Orders (family, network, prefix) as comparing the network BigInts would: negative, 0 or positive. */
export function compareNetworks(a: NetworkKey, b: NetworkKey): number {
  return a.family - b.family || a.k0 - b.k0 || a.k1 - b.k1 || a.k2 - b.k2 || a.k3 - b.k3 || a.prefix - b.prefix;
}

/** The key of `address` masked to `prefix` bits (BigInt arithmetic: for look-ups, not bulk work). */
export function networkKey(family: Family, address: bigint, prefix: number): NetworkKey {
  const n = address & maskOf(family, prefix);
  if (family === 4) return { family, k0: flip(Number(n)), k1: FLIPPED_0, k2: FLIPPED_0, k3: FLIPPED_0, prefix };
  const word = (shift: bigint) => flip(Number((n >> shift) & 0xffffffffn));
  return { family, k0: word(96n), k1: word(64n), k2: word(32n), k3: word(0n), prefix };
}

/** The signed 32-bit `word` with all but its first `bits` bits cleared (`bits` may be ≤ 0 or ≥ 32). */
function maskWord(word: number, bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return word;
  return word & (-1 << (32 - bits));
}

/** A 32-bit word with its top bit flipped: signed order of the results is unsigned order of the words. */
const flip = (word: number) => (word ^ 0x80000000) | 0;
const FLIPPED_0 = flip(0);

/** /^[0-9]+$/ without the regex. */
function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function formatCidr(c: Pick<Cidr, 'family' | 'network' | 'prefix'>): string {
  return `${formatIp(c.family, c.network)}/${c.prefix}`;
}

/** Does `outer` contain `inner` (same family, shorter or equal prefix, same network bits)? */
export function cidrContains(outer: Pick<Cidr, 'family' | 'network' | 'prefix'>, inner: Pick<Cidr, 'family' | 'network' | 'prefix'>): boolean {
  return (
    outer.family === inner.family &&
    outer.prefix <= inner.prefix &&
    (inner.network & maskOf(outer.family, outer.prefix)) === outer.network
  );
}

export function cidrContainsAddress(outer: Pick<Cidr, 'family' | 'network' | 'prefix'>, ip: IpAddress): boolean {
  return outer.family === ip.family && (ip.value & maskOf(outer.family, outer.prefix)) === outer.network;
}

// ------------------------------------------------------------------ lists

export interface ListItem {
  readonly text: string;
  /** Columns of the trimmed item within the line. */
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a comma list into trimmed items with their columns. `valueStart` is the value's column in the
 * line. Empty items (a trailing or doubled comma) are kept, with an empty text, so rules can flag them.
 * With `spaces`, whitespace also separates items (wg-quick's Address/DNS word splitting).
 */
export function splitList(value: string, valueStart: number, spaces = false): ListItem[] {
  const items: ListItem[] = [];
  let i = 0;
  const n = value.length;
  const isSep = (c: number) => c === 44 || (spaces && (c === 32 || c === 9));
  while (i <= n) {
    let s = i;
    while (s < n && (value.charCodeAt(s) === 32 || value.charCodeAt(s) === 9)) s++;
    let e = s;
    while (e < n && value.charCodeAt(e) !== 44 && !(spaces && (value.charCodeAt(e) === 32 || value.charCodeAt(e) === 9))) e++;
    const itemEnd = e;
    // skip trailing blanks up to the separator
    let next = e;
    while (next < n && (value.charCodeAt(next) === 32 || value.charCodeAt(next) === 9)) next++;
    if (spaces && next < n && value.charCodeAt(next) !== 44 && next > e) {
      // whitespace-separated item: the blanks were the separator
      items.push({ text: value.slice(s, itemEnd), start: valueStart + s, end: valueStart + itemEnd });
      i = next;
      continue;
    }
    items.push({ text: value.slice(s, itemEnd), start: valueStart + s, end: valueStart + itemEnd });
    if (next >= n) break;
    if (isSep(value.charCodeAt(next))) i = next + 1;
    else i = next;
    if (i === n && value.charCodeAt(n - 1) === 44) {
      items.push({ text: '', start: valueStart + n, end: valueStart + n });
      break;
    }
  }
  return items;
}

// ------------------------------------------------------------------ scalars

/** wg's key rule, kept here so every value check lives in one place. */
export { isValidKey };

/** The kind of problem a key value has, in wg's own words where it has them. */
export function keyProblem(text: string): string | undefined {
  if (isValidKey(text)) return undefined;
  if (text.length !== 44) return `a key is 44 characters of base64; this one has ${text.length}`;
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return 'a key is standard base64 (A–Z, a–z, 0–9, +, /) ending in "="';
  if (!/[AEIMQUYcgkosw048]=$/.test(text)) {
    return 'the 43rd character leaves padding bits set: this is not the base64 of 32 bytes (wg: "Key is not the correct length or format")';
  }
  return undefined;
}

/** Whether WireGuard for Windows accepts a Table value: `off`, `auto`, `main` or a uint32 (reference §3.1 Table). */
export function windowsReadsTable(v: string): boolean {
  return /^(off|auto|main)$/.test(v) || (/^[0-9]+$/.test(v) && Number(v) <= 0xffffffff);
}

/** `off` (any case) or an unsigned decimal whose first character is a digit (wg's parse_persistent_keepalive). */
export function parseKeepalive(text: string): Parsed<number> {
  if (text.toLowerCase() === 'off') return { ok: true, value: 0 };
  // (The value quoted: a no-break space in `=<NBSP>25` is then shown and named, see rules/context.ts.)
  if (!/^[0-9]+$/.test(text)) return { ok: false, reason: `"${text}" is not a number of seconds (0–65535) or "off"` };
  const v = Number(text);
  if (v > 65535) return { ok: false, reason: `${text} is more than 65535 seconds` };
  return { ok: true, value: v };
}

/** `20-30`: awg-tools' u16 range for PersistentKeepalive (low ≤ high ≤ 65535); its low end, else undefined. */
export function keepaliveRange(v: string): number | undefined {
  const m = /^([0-9]+)-([0-9]+)$/.exec(v);
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  return lo <= hi && hi <= 65535 ? lo : undefined;
}

/**
 * The keepalive interval a value sets, in seconds: as wg reads it (`off` is 0), or for the amneziawg
 * target an awg range (`20-30`: at least its low end); undefined when it sets none (invalid-keepalive
 * says why: a range is no number to wg).
 */
export function keepaliveSeconds(v: string, target?: Target): number | undefined {
  // As the app reads it: Windows and the Apple apps trim Unicode blanks off a value, Android control
  // characters off its line (invalid-keepalive warns of them; the keepalive rules must not read no
  // keepalive then: diff review).
  if (target === 'windows' || target === 'apple' || target === 'android') v = appTrimmedValue(v, target);
  const k = parseKeepalive(v);
  return k.ok ? k.value : target === 'amneziawg' ? keepaliveRange(v) : undefined;
}

/** wg's parse_fwmark: `off` (any case), decimal, or `0x` hex (lower-case x) up to 0xffffffff. */
export function parseFwMark(text: string): Parsed<number> {
  if (text.toLowerCase() === 'off') return { ok: true, value: 0 };
  let v: number;
  if (/^0x[0-9a-fA-F]+$/.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^[0-9]+$/.test(text)) v = Number(text);
  else {
    return {
      ok: false,
      reason: /^0X/.test(text) ? 'hex needs a lower-case "0x" prefix' : `"${text}" is not "off", a decimal number or 0x-prefixed hex`,
    };
  }
  if (!(v <= 0xffffffff)) return { ok: false, reason: `${text} is larger than 0xffffffff` };
  return { ok: true, value: v };
}

export interface PortValue {
  /** The port the system will actually use. */
  readonly port: number;
  /** A UDP service name from /etc/services rather than a number. */
  readonly service?: string;
  /** Written with a form only glibc accepts (`-0`, > 65535). */
  readonly glibcOnly?: string;
  /** Above 65535: glibc wraps it (port = the number mod 65536), most likely a typo of another port. */
  readonly wrapped?: true;
  /**
   * Written with a leading `+` (and at most 65535): glibc's getaddrinfo, Go's Atoi (Windows), Java's
   * parseInt (Android) and Swift's integer parsing (Apple) all read it; only the highlighters do not.
   */
  readonly plusSign?: true;
  /** `-0`: glibc, Go's Atoi (Windows) and Java's parseInt (Android) read 0 (Swift: not established). */
  readonly negativeZero?: true;
}

/**
 * The UDP service names of Debian's /etc/services (netbase 6.4), names and aliases: wg passes ports to
 * getaddrinfo, so these resolve there (`domain` → 53) and nowhere else. A name missing here (e.g.
 * `http`, TCP only) fails in wg with "Servname not supported for ai_socktype".
 */
const UDP_SERVICES: Record<string, number> = {
  echo: 7,
  discard: 9,
  sink: 9,
  null: 9,
  daytime: 13,
  chargen: 19,
  ttytst: 19,
  source: 19,
  fsp: 21,
  fspd: 21,
  time: 37,
  timserver: 37,
  tacacs: 49,
  domain: 53,
  bootps: 67,
  bootpc: 68,
  tftp: 69,
  kerberos: 88,
  kerberos5: 88,
  krb5: 88,
  'kerberos-sec': 88,
  sunrpc: 111,
  portmapper: 111,
  ntp: 123,
  'netbios-ns': 137,
  'netbios-dgm': 138,
  snmp: 161,
  'snmp-trap': 162,
  snmptrap: 162,
  'cmip-man': 163,
  'cmip-agent': 164,
  xdmcp: 177,
  ipx: 213,
  'ptp-event': 319,
  'ptp-general': 320,
  rpc2portmap: 369,
  codaauth2: 370,
  clearcase: 371,
  'Clearcase': 371,
  ldap: 389,
  svrloc: 427,
  https: 443,
  kpasswd: 464,
  isakmp: 500,
  rtsp: 554,
  'asf-rmcp': 623,
  ldp: 646,
  biff: 512,
  comsat: 512,
  who: 513,
  whod: 513,
  syslog: 514,
  talk: 517,
  ntalk: 518,
  route: 520,
  router: 520,
  routed: 520,
  gdomap: 538,
  'dhcpv6-client': 546,
  'dhcpv6-server': 547,
  ldaps: 636,
  tinc: 655,
  'domain-s': 853,
  openvpn: 1194,
  'ms-sql-m': 1434,
  datametrics: 1645,
  'old-radius': 1645,
  'sa-msg-port': 1646,
  'old-radacct': 1646,
  l2f: 1701,
  l2tp: 1701,
  radius: 1812,
  'radius-acct': 1813,
  radacct: 1813,
  nfs: 2049,
  gnunet: 2086,
  'rtcm-sc104': 2101,
  venus: 2430,
  'venus-se': 2431,
  codasrv: 2432,
  'codasrv-se': 2433,
  mon: 2583,
  icpv2: 3130,
  icp: 3130,
  isns: 3205,
  nut: 3493,
  'ipsec-nat-t': 4500,
  iax: 4569,
  sip: 5060,
  'sip-tls': 5061,
  mdns: 5353,
  'gnutella-svc': 6346,
  'gnutella-rtr': 6347,
  babel: 6696,
  'afs3-fileserver': 7000,
  'afs3-callback': 7001,
  'afs3-prserver': 7002,
  'afs3-vlserver': 7003,
  'afs3-kaserver': 7004,
  'afs3-volser': 7005,
  'afs3-bos': 7007,
  'afs3-update': 7008,
  'afs3-rmtsys': 7009,
  kerberos4: 750,
  'kerberos-iv': 750,
  kdc: 750,
  'kerberos-master': 751,
  'kerberos_master': 751,
  'passwd-server': 752,
  'passwd_server': 752,
  'zephyr-srv': 2102,
  'zephyr-clt': 2103,
  'zephyr-hm': 2104,
  'moira-ureg': 779,
  'moira_ureg': 779,
  predict: 1210,
  rplay: 5555,
  'sgi-cmsd': 17001,
  'sgi-crsd': 17002,
  'sgi-gcd': 17003,
  asp: 27374,};

/**
 * What getaddrinfo(NULL, value, UDP) makes of a port (wg's ListenPort and Endpoint port): decimal with an
 * optional `+`, taken modulo 65536 without complaint (`70000` → 4464), or a UDP service name.
 */
export function parsePort(text: string): Parsed<PortValue> {
  // The usual case first: up to five plain digits, at most 65535 (what the general path makes of it).
  if (text.length > 0 && text.length <= 5 && isDigits(text)) {
    const port = Number(text);
    if (port <= 65535) return { ok: true, value: { port } };
  }
  if (/^-0+$/.test(text)) return { ok: true, value: { port: 0, glibcOnly: 'a negative zero', negativeZero: true } };
  if (/^[+-]?[0-9]+$/.test(text)) {
    const digits = text.replace(/^[+-]/, '');
    // glibc reads the port with strtoul (a `-` negates modulo 2^64) and keeps the result in an int
    // (struct gaih_service): a number whose low 32 bits make it negative, or one past ULONG_MAX (-1), is
    // looked up as a service name instead, and fails ("Servname not supported for ai_socktype":
    // 2147483648, 2^64 and -1 do; 4294967296 gives port 0 and -4294967295 port 1; the differential
    // reviews ran them with wg setconf). Otherwise htons() keeps the low 16 bits.
    const n = BigInt(digits);
    const big = text.startsWith('-') ? (0x10000000000000000n - n) % 0x10000000000000000n : n;
    if (n > 0xffffffffffffffffn || (big & 0xffffffffn) >= 0x80000000n) return { ok: false, reason: `"${text}" is no port number to getaddrinfo (${text.startsWith('-') ? 'negative' : 'too large'}: it reads it as a negative int)` };
    const port = Number(big % 65536n);
    const glibcOnly = text.startsWith('-') ? `a negative number (the system uses ${port})` : big > 65535n ? `a number above 65535 (the system uses ${port})` : undefined;
    const plusSign = text.startsWith('+') && !glibcOnly;
    return { ok: true, value: { port, ...(glibcOnly ? { glibcOnly } : {}), ...(big > 65535n ? { wrapped: true as const } : {}), ...(plusSign ? { plusSign: true as const } : {}) } };
  }
  const service = UDP_SERVICES[text];
  if (service !== undefined) return { ok: true, value: { port: service, service: text } };
  return { ok: false, reason: `"${text}" is not a port number (0–65535)` };
}

export interface Endpoint {
  readonly host: string;
  readonly port: PortValue;
  readonly bracketed: boolean;
  readonly hostKind: 'ipv4' | 'ipv6' | 'hostname';
  /** IPv6 zone (`%eth0`), if any. */
  readonly scope?: string;
  /** Parsed address for IP hosts. */
  readonly ip?: IpAddress;
  /** Columns of host and port within the value text. */
  readonly hostStart: number;
  readonly hostEnd: number;
  readonly portStart: number;
}

export type EndpointProblem =
  | { kind: 'no-port'; reason: string }
  | { kind: 'unclosed-bracket'; reason: string }
  | { kind: 'bad-port'; reason: string; portStart: number }
  | { kind: 'bad-host'; reason: string };

/** wg's parse_endpoint: `[host]:port`, otherwise split at the last `:`. */
export function parseEndpoint(text: string): { ok: true; value: Endpoint } | { ok: false; problem: EndpointProblem } {
  let host: string;
  let portText: string;
  let hostStart: number;
  let portStart: number;
  let bracketed = false;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { ok: false, problem: { kind: 'unclosed-bracket', reason: 'the "[" before the IPv6 address is never closed' } };
    bracketed = true;
    host = text.slice(1, close);
    hostStart = 1;
    if (text[close + 1] !== ':' || close + 2 >= text.length) {
      return { ok: false, problem: { kind: 'no-port', reason: 'missing ":port" after "]"' } };
    }
    portStart = close + 2;
    portText = text.slice(portStart);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0 || colon === text.length - 1) {
      return { ok: false, problem: { kind: 'no-port', reason: 'missing ":port"' } };
    }
    host = text.slice(0, colon);
    hostStart = 0;
    portStart = colon + 1;
    portText = text.slice(portStart);
  }
  const port = parsePort(portText);
  if (!port.ok) return { ok: false, problem: { kind: 'bad-port', reason: port.reason, portStart } };
  let scope: string | undefined;
  let hostForIp = host;
  const pct = host.indexOf('%');
  if (pct >= 0 && host.includes(':')) {
    scope = host.slice(pct + 1);
    hostForIp = host.slice(0, pct);
  }
  if (host === '') return { ok: false, problem: { kind: 'bad-host', reason: 'the host is empty' } };
  const at = { host, port: port.value, bracketed, hostStart, portStart, scope };
  const v6 = host.includes(':') ? parseIPv6(hostForIp) : undefined;
  if (v6 !== undefined) return { ok: true, value: endpointValue(at, 'ipv6', { family: 6, value: v6 }) };
  if (bracketed || host.includes(':')) {
    return { ok: false, problem: { kind: 'bad-host', reason: `"${host}" is not an IPv6 address` } };
  }
  const v4 = parseIPv4(host);
  if (v4 !== undefined) return { ok: true, value: endpointValue(at, 'ipv4', { family: 4, value: BigInt(v4) }) };
  if (!isHostname(host)) {
    return { ok: false, problem: { kind: 'bad-host', reason: `"${host}" is neither an IP address nor a valid host name` } };
  }
  // `0x7f.1` has the shape of a name, but getaddrinfo reads it as 127.0.0.1 (inet_aton): a legacy
  // IPv4 form, which endpoint-host reports with the dotted quad (as it does `1.2.3`).
  if (parseInetAton(host) !== undefined) {
    return { ok: false, problem: { kind: 'bad-host', reason: `"${host}" is a legacy IPv4 form` } };
  }
  return { ok: true, value: endpointValue(at, 'hostname', undefined) };
}

/**
 * The Endpoint object, with `scope` and `ip` present only when set. Written out as literals: spreading
 * a conditional object per endpoint is slow and makes objects of many shapes.
 */
function endpointValue(
  at: { host: string; port: PortValue; bracketed: boolean; hostStart: number; portStart: number; scope: string | undefined },
  hostKind: Endpoint['hostKind'],
  ip: IpAddress | undefined,
): Endpoint {
  const { host, port, bracketed, hostStart, portStart, scope } = at;
  const hostEnd = hostStart + host.length;
  if (scope) {
    return ip ? { host, port, bracketed, hostStart, hostEnd, portStart, scope, hostKind, ip } : { host, port, bracketed, hostStart, hostEnd, portStart, scope, hostKind };
  }
  return ip ? { host, port, bracketed, hostStart, hostEnd, portStart, hostKind, ip } : { host, port, bracketed, hostStart, hostEnd, portStart, hostKind };
}

/** RFC 1123 host name (labels of letters, digits and inner hyphens); a trailing dot is allowed. */
export function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  const labels = (s.endsWith('.') ? s.slice(0, -1) : s).split('.');
  return labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l)) && !/^[0-9.]+$/.test(s);
}

/**
 * Why `text` cannot be the host of an Endpoint someone types in (a host name, IPv4, or IPv6 with or
 * without brackets and an optional scope), or undefined. Add peer and its input box ask it.
 */
export function endpointHostProblem(text: string): string | undefined {
  const t = text.trim();
  const bracketed = t.startsWith('[') && t.endsWith(']');
  const bare = bracketed ? t.slice(1, -1) : t;
  // An IPv6 scope (`fe80::1%eth0`) is allowed: wg reads it in brackets.
  const [ip, scope] = bare.split('%', 2) as [string, string | undefined];
  const v6 = ip.includes(':') && parseIp(ip) !== undefined && (scope === undefined || /^[A-Za-z0-9_.-]{1,15}$/.test(scope));
  if (v6 || (!bracketed && parseIp(bare)?.family === 4)) return undefined;
  // `0x7f.1`, `1.2.3`: names to isHostname, legacy IPv4 forms to getaddrinfo (endpoint-host).
  if (!bracketed && isHostname(bare) && parseInetAton(bare) === undefined) return undefined;
  return `${JSON.stringify(t)} is not a host name or IP address for the Endpoint (e.g. vpn.example.com, 203.0.113.7 or 2001:db8::1).`;
}

/** wg-quick's test for a DNS item that is a nameserver (linux.bash): digits and dots, or anything with a colon. */
export function isDnsServer(item: string): boolean {
  return /^[0-9.]+$/.test(item) || item.includes(':');
}

/** `fe80::1%eth0`: an IPv6 address and a zone (an interface name or index). */
export function zonedIpv6(text: string): boolean {
  const at = text.indexOf('%');
  return at > 0 && /^[A-Za-z0-9_.-]+$/.test(text.slice(at + 1)) && parseIp(text.slice(0, at))?.family === 6;
}
