// First/last address and size of a prefix, with the ip-cidr package. ip-cidr is an
// ES module; loading it with import() works both in the esbuild bundle and under
// tsx in tests (a static import from this CommonJS-compiled code does not), so the
// callers of this module are async.

import { formatIp, type Cidr } from '../values.ts';

type IpCidrClass = typeof import('ip-cidr').default;
let loading: Promise<IpCidrClass> | undefined;

function ipCidr(): Promise<IpCidrClass> {
  loading ??= import('ip-cidr').then((m) => m.default);
  return loading;
}

export interface CidrRange {
  readonly first: string;
  readonly last: string;
  /** Number of addresses in the prefix. */
  readonly size: bigint;
}

export async function cidrRange(c: Pick<Cidr, 'family' | 'network' | 'prefix'>): Promise<CidrRange> {
  const IPCIDR = await ipCidr();
  const range = new IPCIDR(`${formatIp(c.family, c.network)}/${c.prefix}`);
  const first = range.start<bigint>({ type: 'bigInteger' });
  const last = range.end<bigint>({ type: 'bigInteger' });
  return { first: formatIp(c.family, first), last: formatIp(c.family, last), size: range.size as unknown as bigint };
}

/** `256 addresses`, `2^64 addresses`: exact when readable, a power of two when not. */
export function formatCount(size: bigint): string {
  if (size === 1n) return '1 address';
  if (size <= 1_000_000n) return `${size.toLocaleString('en-US')} addresses`;
  const log = size.toString(2).length - 1;
  return `2^${log} addresses`;
}
