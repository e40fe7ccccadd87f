// Value parsers: the numeric sort keys of a CIDR (`k0`…`k3`) are its BigInt network cut into
// 32-bit words (top bit flipped, signed: small integers to V8), for every family, prefix and address (they are computed from the parser's words, not
// from the BigInt), so comparing them orders networks exactly as comparing the BigInts does; the
// address and network BigInts, made on first use, equal BigInt arithmetic on the address.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './property-seed.ts';
import fc from 'fast-check';
import { decodeUriPart, elideLongWords, hasLongWord } from '../../server/src/core/strings.ts';
import { addressIn, compareNetworks, covers, formatIp, networkKey, parseCidr } from '../../server/src/core/values.ts';

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

/** The key of a 32-bit word: top bit flipped, read as signed. */
const key = (word: bigint) => Number(BigInt.asIntN(32, word ^ 0x80000000n));

test('parseCidr: k0…k3 are the network\'s four 32-bit words, flipped and signed (IPv4: the network, then 0s); all small integers', () => {
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
      const words = family === 4 ? [n, 0n, 0n, 0n] : [n >> 96n, (n >> 64n) & 0xffffffffn, (n >> 32n) & 0xffffffffn, n & 0xffffffffn];
      const keys = [c.k0, c.k1, c.k2, c.k3];
      assert.deepEqual(keys, words.map(key), text);
      for (const k of keys) assert.ok(Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31, text);
    }),
    { numRuns: RUNS * 3 },
  );
  // Networks whose high 64 bits round to the same double (two /64s next to each other).
  const a = parseCidr('fd00:0:0:1::9/128');
  const b = parseCidr('fd00:0:0:2::1/128');
  assert.ok(a.ok && b.ok);
  assert.ok(compareNetworks(a.value, b.value) < 0);
});

test('parseCidr: comparing the keys in turn orders networks as comparing the BigInts does', () => {
  fc.assert(
    fc.property(fc.oneof(v6, edgy(128)), fc.oneof(v6, edgy(128)), fc.integer({ min: 0, max: 128 }), (a, b, prefix) => {
      const x = parseCidr(`${formatIp(6, a)}/${prefix}`);
      const y = parseCidr(`${formatIp(6, b)}/${prefix}`);
      assert.ok(x.ok && y.ok);
      const [p, q] = [x.value, y.value];
      const byKeys = Math.sign(p.k0 - q.k0 || p.k1 - q.k1 || p.k2 - q.k2 || p.k3 - q.k3);
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
      const k = networkKey(family, address, length);
      assert.equal(compareNetworks(k, c), 0, text);
      assert.deepEqual([k.k0, k.k1, k.k2, k.k3], [c.k0, c.k1, c.k2, c.k3], text);
    }),
    { numRuns: RUNS * 3 },
  );
});

test('addressIn (words, no BigInt) answers as BigInt containment does, near and far from the boundary', () => {
  const cases = fc.oneof(
    fc.tuple(fc.constant(6 as const), fc.oneof(v6, edgy(128)), fc.oneof(v6, edgy(128)), fc.integer({ min: 0, max: 128 }), fc.integer({ min: 0, max: 128 })),
    fc.tuple(fc.constant(4 as const), fc.oneof(v4, edgy(32)), fc.oneof(v4, edgy(32)), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 32 })),
  );
  fc.assert(
    fc.property(cases, fc.boolean(), ([family, outerAddress, innerAddress, prefix, innerPrefix], near) => {
      const bits = family === 4 ? 32 : 128;
      // Half the time the inner address shares the outer's first `prefix` bits but for the last one or two.
      const flipBit = BigInt(bits - Math.max(1, prefix));
      const inner = near ? outerAddress ^ (innerAddress & 1n ? 1n << flipBit : 1n) : innerAddress;
      const outer = parseCidr(`${formatIp(family, outerAddress)}/${prefix}`);
      const c = parseCidr(`${formatIp(family, inner)}/${innerPrefix}`);
      assert.ok(outer.ok && c.ok);
      assert.equal(addressIn(c.value, outer.value), covers(outer.value, family, inner), `${formatIp(family, inner)} in ${formatIp(family, outerAddress)}/${prefix}`);
    }),
    { numRuns: RUNS * 3 },
  );
  const a = parseCidr('10.0.0.7/32');
  const v6net = parseCidr('fd00::/64');
  assert.ok(a.ok && v6net.ok);
  assert.equal(addressIn(a.value, v6net.value), false);
});

test('parseCidr: the reason names what is wrong, in the words of the text', () => {
  const reason = (t: string) => {
    const c = parseCidr(t);
    return c.ok ? 'ok' : c.reason;
  };
  assert.equal(reason('/32'), '"/32" has no address before the "/"');
  assert.equal(reason('10.0.0.300/32'), '"10.0.0.300" is not an IP address');
  assert.equal(reason('10.0.0.1/x'), '"/x" is not a prefix length');
  assert.equal(reason('10.0.0.1/33'), '/33 is longer than 32 bits');
  assert.equal(reason(''), 'empty item');
});

test('elideLongWords: as the regex it replaced on any text, and no stack overflow on a word of megabytes (slow review)', async () => {
  const { default: fc } = await import('fast-check');
  const cut = (w: string, at: number) => (w.charCodeAt(at) >= 0xdc00 && w.charCodeAt(at) <= 0xdfff && at > 0 ? at - 1 : at);
  const reference = (t: string) => (t.length <= 80 ? t : t.replace(/\S{81,}/g, (w) => `${w.slice(0, cut(w, 48))}…${w.slice(cut(w, w.length - 16))}`));
  const piece = fc.constantFrom('a', 'b', ' ', '\t', '\u00a0', '\u3000', '😀', 'x'.repeat(40), '=', ',');
  fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (parts) => assert.equal(elideLongWords(parts.join('')), reference(parts.join('')))), { numRuns: 2000 });
  // hasLongWord, which says whether a message needs elideLongWords, agrees with it on the same texts.
  fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (parts) => assert.equal(hasLongWord(parts.join('')), elideLongWords(parts.join('')) !== parts.join(''))), { numRuns: 2000 });
  assert.equal(hasLongWord(`a ${'x'.repeat(80)}\u00a0b`), false);
  assert.equal(hasLongWord(`a ${'x'.repeat(81)}\u00a0b`), true);
  const huge = `Endpoint ${'h0.example:1,'.repeat(700_000)} here`;
  const e = elideLongWords(huge);
  assert.equal(e, `Endpoint ${huge.slice(9, 9 + 48)}…${huge.slice(-21, -5)} here`);
});

test('decodeUriPart: a bad escape keeps only itself encoded; elideLongWords never cuts an emoji in half (review)', () => {
  assert.equal(decodeUriPart('file:///w/caf%C3%A9%FF%20100%.conf'), 'file:///w/café%FF 100%.conf');
  const e = elideLongWords('x'.repeat(47) + '😀'.repeat(40));
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(e), JSON.stringify(e));
});

