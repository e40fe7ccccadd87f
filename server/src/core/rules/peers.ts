// Peer identity: a peer that is this interface itself, two peers with one key,
// and a preshared key reused from a public or private key.
//
// The pass reads every peer's keys, but its results change only around the keys an edit touched:
// `PeerKeys` keeps the keys, who holds each and every peer's problems between versions of a file,
// and re-checks only the changed peers and the peers sharing a key with them. A peer that only moved
// (the same key lines: a line added above it) changes no key; its problems are made again only when
// it has some or shares its key (theirs name its line).

import type { RuleContext } from './context.ts';
import type { Problem } from '../problem.ts';
import type { Target } from '../schema.ts';
import { isValidKey, publicKeyOfCached } from '../keys.ts';
import { wgValue } from '../model.ts';
import { appTrimmedValue } from '../strings.ts';
import { lineRange } from '../span.ts';
import { peerLabel } from './label.ts';
import type { PeerModel, ResolvedEntry } from '../model.ts';
import { appDoes, appOf, wgName } from './apps.ts';

/** The pass's state for one file; a new one (or one from another file) just means a full pass. */
export class PeerKeys {
  peers: readonly PeerModel[] = [];
  target?: Target;
  priv?: string;
  /** Where the PrivateKey is (self-peer points at it). */
  privAt?: ResolvedEntry;
  /** Each peer's PublicKey and PresharedKey, as wg reads them. */
  keys: Array<string | undefined> = [];
  psks: Array<string | undefined> = [];
  /** Public key → the index of the peer with it, or the indices (ascending) when several have it. */
  byKey = new Map<string, Holders>();
  problems: Array<readonly Problem[]> = [];
}

/**
 * A key as the target reads it: wg's reading, or an app's when the app trims what makes wg's no key (a
 * no-break space pasted after it: invalid-key's warning), so that a duplicate or the interface's own key
 * is still found for that app (second review: a no-break space hid a duplicate peer the Apple apps reject).
 */
function keyRead(e: Parameters<typeof wgValue>[0], target: Target | undefined): string {
  const v = wgValue(e);
  const app = target ? appOf(target) : undefined;
  if (!app) return v;
  const raw = e.node.valueText;
  // Only a value whose ends are not plain ASCII can read otherwise (one check per key of a hub).
  const edge = (c: number) => c <= 0x20 || c >= 0x7f;
  if (raw === '' || (!edge(raw.charCodeAt(0)) && !edge(raw.charCodeAt(raw.length - 1)))) return v;
  if (isValidKey(v)) return v;
  const read = appTrimmedValue(raw, app);
  return isValidKey(read) ? read : v;
}

/** Each peer's problems, in peer order. */
export function checkPeers(ctx: RuleContext, state: PeerKeys = new PeerKeys()): ReadonlyArray<readonly Problem[]> {
  const { model, target } = ctx;
  const peers = model.peers;
  const priv = model.iface.privateKey ? keyRead(model.iface.privateKey, target) : undefined;
  const ownPublic = priv ? publicKeyOfCached(priv) : undefined;
  const privAt = model.iface.privateKey;
  const samePrivAt = privAt?.line === state.privAt?.line && privAt?.node === state.privAt?.node;
  const dirty = samePrivAt && state.priv === priv && state.target === target ? changedPeers(state, peers) : undefined;
  if (!dirty) {
    state.keys = new Array(peers.length);
    state.psks = new Array(peers.length);
    state.byKey = new Map();
    for (let i = 0; i < peers.length; i++) {
      const peer = peers[i]!;
      const key = (state.keys[i] = peer.publicKey ? keyRead(peer.publicKey, target) : undefined);
      state.psks[i] = peer.presharedKey ? keyRead(peer.presharedKey, target) : undefined;
      if (key !== undefined) push(state.byKey, key, i);
    }
  }
  state.peers = peers;
  state.priv = priv;
  state.privAt = privAt;
  state.target = target;
  // One argument object for every peer (no closure per peer: a cold hub checks 5,000).
  const at: PeerAt = { state, i: 0, ownPublic };
  if (!dirty) {
    state.problems = new Array(peers.length);
    for (let i = 0; i < peers.length; i++) {
      at.i = i;
      state.problems[i] = ctx.collectCall(checkPeerAt, at);
    }
  } else {
    for (const i of dirty) {
      at.i = i;
      state.problems[i] = ctx.collectCall(checkPeerAt, at);
    }
  }
  return state.problems;
}

interface PeerAt {
  readonly state: PeerKeys;
  i: number;
  readonly ownPublic: string | undefined;
}

const checkPeerAt = (ctx: RuleContext, at: PeerAt) => checkPeer(ctx, at.state, at.i, at.ownPublic);

/** Where a peer's PublicKey value is (the range its problems point at). */
const keyRange = (peer: PeerModel) => lineRange(peer.publicKey!.line, peer.publicKey!.node.value);

/**
 * Updates the key indexes for the peers that are not the same objects as last time and returns the
 * peers whose problems may have changed: those, and every peer sharing an old or new key with them
 * (which one comes first, and whether a preshared key equals some key, depends on them). A peer with
 * the same key entries as before only moved: it is re-checked if it had problems or shares its key.
 * Undefined when the peer list changed too much: a full pass is as cheap.
 */
function changedPeers(state: PeerKeys, peers: readonly PeerModel[]): Set<number> | undefined {
  if (state.peers.length !== peers.length || state.problems.length !== peers.length) return undefined;
  const changed: number[] = [];
  const dirty = new Set<number>();
  for (let i = 0; i < peers.length; i++) {
    const before = state.peers[i]!;
    const peer = peers[i]!;
    if (before === peer) continue;
    if (before.origin === peer.origin) {
      if (state.problems[i]!.length) dirty.add(i);
      // The other holders of its key name its line in their problems.
      const key = state.keys[i];
      const holders = key === undefined ? undefined : state.byKey.get(key);
      if (typeof holders === 'object') for (const j of holders) dirty.add(j);
    } else if (changed.push(i) > 64 && changed.length > peers.length / 8) return undefined;
  }
  for (const i of changed) dirty.add(i);
  const touched = new Set<string>();
  /** Keys now in the file that were not, or the reverse: preshared keys equal to them change status. */
  const flipped = new Set<string>();
  for (const i of changed) {
    const peer = peers[i]!;
    const key = peer.publicKey ? keyRead(peer.publicKey, state.target) : undefined;
    const psk = peer.presharedKey ? keyRead(peer.presharedKey, state.target) : undefined;
    const oldKey = state.keys[i];
    if (oldKey !== undefined) touched.add(oldKey);
    if (key !== undefined) touched.add(key);
    if (oldKey !== key) {
      if (oldKey !== undefined && !pull(state.byKey, oldKey, i)) flipped.add(oldKey);
      if (key !== undefined && !push(state.byKey, key, i)) flipped.add(key);
      state.keys[i] = key;
    }
    state.psks[i] = psk;
  }
  for (const k of touched) {
    const holders = state.byKey.get(k);
    if (typeof holders === 'number') dirty.add(holders);
    else if (holders) for (const j of holders) dirty.add(j);
  }
  // Preshared keys equal to a touched key (rare; a scan of strings is cheaper than another index).
  if (flipped.size) state.psks.forEach((psk, j) => psk !== undefined && flipped.has(psk) && dirty.add(j));
  return dirty;
}

function checkPeer(ctx: RuleContext, state: PeerKeys, i: number, ownPublic: string | undefined): void {
  const key = state.keys[i];
  if (key === undefined) return;
  const peers = ctx.model.peers;
  const peer = peers[i]!;
  if (state.priv !== undefined && key === state.priv) {
    // A private key pasted as a public key: the tunnel cannot work, and the secret is now in a field
    // that is shown, shared and copied to the other end's config.
    ctx.report({
      rule: 'key-reuse',
      severity: 'error',
      range: keyRange(peer),
      message: "This PublicKey is this file's PrivateKey: a secret in a field that is shown and copied to other configs, and no peer has it as its key. Put the other end's public key here, and generate a new PrivateKey (this one is exposed).",
    });
  }
  if (ownPublic && key === ownPublic) {
    const { privateKey } = ctx.model.iface;
    ctx.report({
      rule: 'self-peer',
      range: keyRange(peer),
      message: "This PublicKey is this interface's own public key (derived from its PrivateKey): WireGuard silently ignores this peer. Use the other end's public key.",
      related: [{ range: lineRange(privateKey!.line, privateKey!.node.key), message: 'this interface\'s PrivateKey' }],
    });
  }
  const holders = state.byKey.get(key)!;
  const firstIndex = typeof holders === 'number' ? holders : holders[0]!;
  if (firstIndex !== i) {
    const first = peers[firstIndex]!;
    const apple = ctx.target === 'apple';
    ctx.report({
      rule: 'duplicate-peer',
      severity: apple ? 'error' : undefined,
      range: keyRange(peer),
      message:
        ctx.target === 'windows' || ctx.target === 'android'
          ? `Same PublicKey as ${peerLabel(first)}: ${appDoes(ctx.target, 'accept')} both sections, and which AllowedIPs win there is not established (wg merges them, the later replacing the earlier's). Keep one [Peer] per key.`
          : `Same PublicKey as ${peerLabel(first)}: ${wgName(ctx.target)} merges the two sections, and this later one's AllowedIPs replace the earlier one's${apple ? '; the Apple apps reject the file' : ''}.`,
      related: [{ range: lineRange(first.publicKey!.line, first.publicKey!.node.value), message: peerLabel(first) }],
    });
  }
  const psk = state.psks[i];
  if (psk !== undefined && (state.byKey.has(psk) || psk === state.priv)) {
    ctx.report({
      rule: 'key-reuse',
      range: lineRange(peer.presharedKey!.line, peer.presharedKey!.node.value),
      message: `This PresharedKey equals a public or private key in this file: a preshared key must be its own secret. Generate one with "${wgName(ctx.target)} genpsk".`,
    });
  }
}

type Holders = number | number[];

/** Adds holder `i` of `key`; false when `key` had none. */
function push(map: Map<string, Holders>, key: string, i: number): boolean {
  const holders = map.get(key);
  if (holders === undefined) {
    map.set(key, i); // one holder, no array: the usual case, thousands of times per file
    return false;
  }
  const list = typeof holders === 'number' ? [holders] : holders;
  let at = list.length;
  while (at > 0 && list[at - 1]! > i) at--;
  list.splice(at, 0, i);
  map.set(key, list);
  return true;
}

/** Removes holder `i` of `key`; false when `key` has none left. */
function pull(map: Map<string, Holders>, key: string, i: number): boolean {
  const holders = map.get(key);
  if (holders === undefined) return false;
  if (typeof holders === 'number') {
    if (holders === i) map.delete(key);
    return holders !== i;
  }
  const at = holders.indexOf(i);
  if (at >= 0) holders.splice(at, 1);
  if (holders.length === 1) map.set(key, holders[0]!);
  return true;
}
