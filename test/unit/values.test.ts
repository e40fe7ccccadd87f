// Value parsers: the numeric sort keys of a CIDR (`k0`, `k1`, `k2`) are its BigInt network cut into
// exact pieces, for every family, prefix and address (they are computed from the parser's words, not
// from the BigInt), so comparing them orders networks exactly as comparing the BigInts does; the
// address and network BigInts, made on first use, equal BigInt arithmetic on the address.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareNetworks, formatIp, networkKey, parseCidr } from '../../server/src/core/values.ts';

const RUNS = Number(process.env.WGLS_PROPERTY_RUNS ?? 300);

const v6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const v4 = fc.bigInt({ min: 0n, max: (1n << 32n) - 1n });
// Addresses with long runs of zero or one bits too, where masks and rounding matter most.
const edgy = (bits: number) =>
  fc.tuple(fc.integer({ min: 0, max: bits }), fc.integer({ min: 0, max: bits }), fc.boolean()).map(([a, b, ones]) => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const run = ((1n << BigInt(hi - lo)) - 1n) << BigInt(lo);
    return ones ? run : ((1n << BigInt(bits)) - 1n) ^ run;
  });

test('parseCidr: k0, k1, k2 are the network\'s top 48, next 48 and last 32 bits (IPv4: the network, 0, 0)', () => {
  const cases = fc.oneof(
    fc.tuple(fc.constant(6 as const), fc.oneof(v6, edgy(128)), fc.integer({ min: 0, max: 128 })),
    fc.tuple(fc.constant(4 as const), fc.oneof(v4, edgy(32)), fc.integer({ min: 0, max: 32 })),
  );
  fc.assert(
    fc.property(cases, ([family, address, prefix]) => {
      const text = `${formatIp(family, address)}/${prefix}`;
      const parsed = parseCidr(text);
      assert.ok(parsed.ok, text);
      const c = parsed.value;
      const bits = family === 4 ? 32n : 128n;
      const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << (bits - BigInt(prefix));
      assert.equal(c.network, address & mask, text);
      const n = c.network;
      if (family === 4) assert.deepEqual([c.k0, c.k1, c.k2], [Number(n), 0, 0], text);
      else assert.deepEqual([c.k0, c.k1, c.k2], [Number(n >> 80n), Number((n >> 32n) & ((1n << 48n) - 1n)), Number(n & 0xffffffffn)], text);
    }),
    { numRuns: RUNS * 3 },
  );
  // Networks whose high 64 bits round to the same double (two /64s next to each other).
  const a = parseCidr('fd00:0:0:1::9/128');
  const b = parseCidr('fd00:0:0:2::1/128');
  assert.ok(a.ok && b.ok);
  assert.ok(a.value.k0 < b.value.k0 || (a.value.k0 === b.value.k0 && a.value.k1 < b.value.k1));
});

test('parseCidr: comparing the keys in turn orders networks as comparing the BigInts does', () => {
  fc.assert(
    fc.property(fc.oneof(v6, edgy(128)), fc.oneof(v6, edgy(128)), fc.integer({ min: 0, max: 128 }), (a, b, prefix) => {
      const x = parseCidr(`${formatIp(6, a)}/${prefix}`);
      const y = parseCidr(`${formatIp(6, b)}/${prefix}`);
      assert.ok(x.ok && y.ok);
      const [p, q] = [x.value, y.value];
      const byKeys = Math.sign(p.k0 - q.k0 || p.k1 - q.k1 || p.k2 - q.k2);
      const exact = p.network < q.network ? -1 : p.network > q.network ? 1 : 0;
      assert.equal(byKeys, exact);
    }),
    { numRuns: RUNS * 3 },
  );
});

test('parseCidr: the address, network and host-bits flag (made without BigInts) match BigInt arithmetic; networkKey gives the same keys', () => {
  const cases = fc.oneof(
    fc.tuple(fc.constant(6 as const), fc.oneof(v6, edgy(128)), fc.integer({ min: 0, max: 128 }), fc.boolean()),
    fc.tuple(fc.constant(4 as const), fc.oneof(v4, edgy(32)), fc.integer({ min: 0, max: 32 }), fc.boolean()),
  );
  fc.assert(
    fc.property(cases, ([family, address, prefix, bare]) => {
      const bits = family === 4 ? 32 : 128;
      const text = bare ? formatIp(family, address) : `${formatIp(family, address)}/${prefix}`;
      const parsed = parseCidr(text);
      assert.ok(parsed.ok, text);
      const c = parsed.value;
      const length = bare ? bits : prefix;
      const mask = length === 0 ? 0n : ((1n << BigInt(length)) - 1n) << BigInt(bits - length);
      assert.equal(c.address, address, text);
      assert.equal(c.network, address & mask, text);
      assert.equal(c.hostBitsSet, (address & mask) !== address, text);
      assert.equal(c.prefix, length, text);
      assert.equal(c.bare, bare, text);
      const key = networkKey(family, address, length);
      assert.equal(compareNetworks(key, c), 0, text);
      assert.deepEqual([key.k0, key.k1, key.k2], [c.k0, c.k1, c.k2], text);
    }),
    { numRuns: RUNS * 3 },
  );
});
