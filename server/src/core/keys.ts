// WireGuard keys with Node's own X25519 (node:crypto), byte-compatible with
// `wg genkey`, `wg pubkey` and `wg genpsk`: 32 bytes in standard base64 (44
// characters with one `=`), private keys clamped as curve25519 requires.
// node:crypto is allowed in the engine: it is pure computation, no I/O.

import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { ownCopy } from './strings.ts';

// Keys go in and out of OpenSSL as JWK, not DER: OpenSSL 3's DER decoder and encoder cost ~0.4 ms and
// ~0.1 ms per key here, a JWK import or export ~40 µs (publicKeyOf 630 → 45 µs, a new pair 150 → 50 µs).

/** base64url (JWK) → standard base64 (wg). */
const fromJwk = (value: string | undefined) => Buffer.from(value ?? '', 'base64url');

/** 1 for the standard base64 alphabet, 2 for the characters whose low two bits are zero (a key's 43rd). */
const BASE64 = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64[c.charCodeAt(0)] = 1;
for (const c of 'AEIMQUYcgkosw048') BASE64[c.charCodeAt(0)] = 2;

/**
 * wg's `key_from_base64` rule: 44 characters, the last `=`, and the 43rd character leaving the two
 * padding bits zero. (Windows is laxer about those bits; every other parser is this strict.)
 */
export function isValidKey(text: string): boolean {
  // A table loop rather than a regex: a hub holds tens of thousands of keys.
  if (text.length !== 44 || text.charCodeAt(43) !== 61 || (BASE64[text.charCodeAt(42)] ?? 0) !== 2) return false;
  for (let i = 0; i < 42; i++) if (!BASE64[text.charCodeAt(i)]) return false;
  return true;
}

export function decodeKey(text: string): Buffer | undefined {
  return isValidKey(text) ? Buffer.from(text, 'base64') : undefined;
}

/** The clamping `wg genkey` applies (curve25519_clamp_secret). */
export function clamp(secret: Buffer): Buffer {
  const k = Buffer.from(secret);
  k[0]! &= 248;
  k[31] = (k[31]! & 127) | 64;
  return k;
}

export function generatePrivateKey(): string {
  return clamp(randomBytes(32)).toString('base64');
}

export function generatePresharedKey(): string {
  return randomBytes(32).toString('base64');
}

/** `wg pubkey`: the X25519 public key of a private key, or undefined if the key is not valid. */
export function publicKeyOf(privateKey: string): string | undefined {
  const raw = decodeKey(privateKey);
  if (!raw) return undefined;
  // Node 20 reads only `d` of a private JWK (`x` must be a string and is not used): OpenSSL derives
  // the public half from the scalar, which X25519 clamps itself, so unclamped keys give wg's result.
  // A Node that checks `x` against `d` refuses the empty one: then the DER road (same result, slower).
  // Only the public half is exported, so no second copy of the private key is made as a string.
  try {
    const key = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: raw.toString('base64url'), x: '' }, format: 'jwk' });
    return fromJwk(createPublicKey(key).export({ format: 'jwk' }).x).toString('base64');
  } catch {
    return publicKeyOfDer(raw);
  }
}

/** @internal publicKeyOf through PKCS#8/SPKI DER: the portable road (~0.6 ms a key in OpenSSL 3). */
export function publicKeyOfDer(raw: Buffer): string {
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX_LENGTH).toString('base64');
}

/** PKCS#8 DER prefix of a raw 32-byte X25519 private key (RFC 8410). */
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
/** SPKI DER prefix length of an X25519 public key; the raw key is the last 32 bytes. */
const SPKI_PREFIX_LENGTH = 12;

export interface KeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/**
 * A new key pair, as `wg genkey | tee priv | wg pubkey` makes: 32 random bytes clamped as `wg genkey`
 * writes them, and their public key. Not generateKeyPairSync('x25519') with a JWK export: on Node
 * 20.20 (OpenSSL 3.0) exporting the keys it makes as JWK deadlocks now and then (the main thread
 * waits on a lock forever; 4 of 6 runs of 20,000 exports here), and its DER encodings cost 150 µs.
 * This road (a fresh key imported, its public half exported once) ran 2.4 million times clean here.
 */
export function generateKeyPair(): KeyPair {
  const privateKey = generatePrivateKey();
  return { privateKey, publicKey: publicKeyOf(privateKey)! };
}

const derived = new Map<string, string | undefined>();
const DERIVED_MAX = 10_000;

/**
 * publicKeyOf with a memo: rules ask for the same interface key on every keystroke, and indexing a
 * workspace then validating it asks for every config's key twice. Room for 10,000 keys (about 2 MB):
 * with 1,000, a workspace of 3,000 configs cleared it over and over and spent most of its time in X25519.
 */
export function publicKeyOfCached(privateKey: string): string | undefined {
  if (derived.has(privateKey)) return derived.get(privateKey);
  const pub = publicKeyOf(privateKey);
  if (derived.size >= DERIVED_MAX) derived.clear();
  // A copy: the key is a cut of its document, which the memo would otherwise keep alive (strings.ts).
  derived.set(ownCopy(privateKey), pub);
  return pub;
}

/** The all-zero key (32 zero bytes): a placeholder, and the protocol's "no preshared key". */
export const ZERO_KEY = 'A'.repeat(43) + '=';
