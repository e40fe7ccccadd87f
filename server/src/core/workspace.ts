// The workspace as the network it describes: every config, each [Interface]
// identified by the public key derived from its PrivateKey, each [Peer] matched to
// the config that owns its PublicKey (its counterpart). Indexes are updated per
// file, so a change to one spoke touches only that spoke's entries.
// Pure: the LSP glue feeds it texts (open documents and files found on disk).

import { decodeUriPart, ownCopy } from './strings.ts';
import { parse, type ConfigDocument, LineCache } from './parser.ts';
import { addressAt, buildModel, listenPortOf, wgValue, type ConfigModel, type PeerModel, type ResolvedEntry } from './model.ts';
import { publicKeyOfCached } from './keys.ts';
import { bits, keepaliveSeconds, maskOf, type Cidr, type Family } from './values.ts';
import { unroutedOnLink } from './rules/neighbors.ts';
import { DEFAULT_TARGET, type Target } from './schema.ts';
import { effectiveTarget, targetDirective } from './rules/target-directive.ts';

export interface WorkspaceFile {
  readonly uri: string;
  readonly doc: ConfigDocument;
  readonly model: ConfigModel;
  /** Public key of this config's interface (derived from its PrivateKey), if it has a valid one. */
  readonly publicKey?: string;
  /** The raw PrivateKey value (for reuse detection only; never shown). */
  readonly privateKey?: string;
  /** Peers by their PublicKey (the last one wins, as in wg). */
  readonly peersByKey: ReadonlyMap<string, PeerModel>;
  /** Tunnel host addresses of the interface (`10.0.0.2/24` → `4:10.0.0.2`). */
  readonly addressKeys: readonly string[];
  readonly listenPort?: number;
  /** Folder part of the URI: configs in one folder are taken to be one host's /etc/wireguard. */
  readonly dir: string;
  /**
   * The name messages, lenses and hovers call the file by: its base name, or with its folder's name in
   * front while another config of the workspace has the same base name (`laptop/wg0.conf`, when each
   * host's folder holds a `wg0.conf`, as /etc/wireguard does).
   */
  readonly name: string;
}

export interface PeerRef {
  readonly file: WorkspaceFile;
  readonly peer: PeerModel;
}

export function basename(uri: string): string {
  const clean = uri.replace(/[?#].*$/, '');
  return decodeUriPart(clean.slice(clean.lastIndexOf('/') + 1));
}

/**
 * The names of the configs sharing one base name, for messages: the base name alone, or while others
 * share it, the shortest end of each path that no other has (`laptop/wg0.conf`; `home/client10/client10.conf`
 * next to `office/client10/client10.conf`), else all but the first part. All of a group at once, by
 * counting the path ends of each length: one name at a time compared every other path per read, and a
 * repository of 300 copies of wg0.conf, one per folder, took seconds per check (performance review).
 */
function displayNames(uris: ReadonlySet<string>): Map<string, string> {
  const parts = new Map([...uris].map((u) => [u, decodeUriPart(u.replace(/[?#].*$/, '')).split('/')] as const));
  const out = new Map<string, string>();
  if (uris.size < 2) {
    for (const [u, p] of parts) out.set(u, p[p.length - 1]!);
    return out;
  }
  let longest = 0;
  for (const p of parts.values()) longest = Math.max(longest, p.length);
  for (let k = 2; k < longest && out.size < parts.size; k++) {
    const count = new Map<string, number>();
    for (const p of parts.values()) {
      const tail = p.slice(-k).join('/');
      count.set(tail, (count.get(tail) ?? 0) + 1);
    }
    for (const [u, p] of parts) if (!out.has(u) && k < p.length && count.get(p.slice(-k).join('/')) === 1) out.set(u, p.slice(-k).join('/'));
  }
  for (const [u, p] of parts) if (!out.has(u)) out.set(u, p.slice(-Math.max(2, p.length - 1)).join('/'));
  return out;
}

function dirname(uri: string): string {
  const clean = uri.replace(/[?#].*$/, '');
  return clean.slice(0, clean.lastIndexOf('/'));
}

/**
 * Two keys one substitution apart share their first half or their second half, so an index of each
 * half finds every candidate with two look-ups (then the exact distance is checked).
 */
export const halves = (key: string): [string, string] => [`<${key.slice(0, 22)}`, `>${key.slice(22)}`];

/** Up to this many interface keys, nearMisses compares with each rather than looking up halves. */
const FEW_OWNERS = 32;

/** Whether two keys differ in exactly one character (a typo). */
export function oneApart(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i) && ++diff > 1) return false;
  return diff === 1;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * key → the strings (URIs, keys) filed under it. A key with one (the usual case: a hub's thousands
 * of peer keys each appear in one file) is stored as that string, a Set only from the second on:
 * indexing a 5,000-peer hub made 5,000 one-element Sets.
 */
class Index {
  readonly #map = new Map<string, string | Set<string>>();

  add(key: string, value: string): void {
    const held = this.#map.get(key);
    // A new key is stored as a copy: keys are cuts of a document (a peer's PublicKey), and the Map
    // keeps its first key for as long as anyone files under it, long after that text was replaced.
    if (held === undefined) this.#map.set(ownCopy(key), value);
    else if (typeof held === 'string') {
      if (held !== value) this.#map.set(key, new Set([held, value]));
    } else held.add(value);
  }

  remove(key: string, value: string): void {
    const held = this.#map.get(key);
    if (held === undefined) return;
    if (typeof held === 'string') {
      if (held === value) this.#map.delete(key);
      return;
    }
    held.delete(value);
    if (held.size === 1) this.#map.set(key, held.values().next().value!);
  }

  /** What is filed under `key`, in the order it was added. */
  get(key: string): Iterable<string> {
    const held = this.#map.get(key);
    return held === undefined ? NONE : typeof held === 'string' ? [held] : held;
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  /** How many keys have something filed under them. */
  get size(): number {
    return this.#map.size;
  }

  keys(): Iterable<string> {
    return this.#map.keys();
  }

  /** Whether nothing but `value` is filed under `key` (no array made: asked per key of a hub). */
  only(key: string, value: string): boolean {
    const held = this.#map.get(key);
    return held === undefined || held === value;
  }
}

export class WorkspaceModel {
  private readonly files = new Map<string, WorkspaceFile>();
  /** interface public key → URIs of configs that own it */
  private readonly owners = new Index();
  /** peer PublicKey → URIs of configs that list it */
  private readonly referrers = new Index();
  private readonly byAddress = new Index();
  private readonly byPrivateKey = new Index();
  /** first or second half of an interface public key → the keys */
  private readonly nearKeys = new Index();
  private readonly lineCache = new LineCache();
  /** The configs with each base name (see WorkspaceFile.name). */
  private readonly baseNames = new Map<string, Set<string>>();
  /** Per base name, its configs' names in messages (displayNames), until a config of the name comes or goes. */
  private readonly names = new Map<string, Map<string, string>>();
  /** The configs of each folder. */
  private readonly byDir = new Map<string, Set<string>>();
  /** oneHostFolder's answers for the current revision. */
  private oneHostMemo = { revision: -1, dirs: new Map<string, boolean>() };
  /** Sets and deletes so far, in total and per file: their difference changes only when OTHER files change. */
  private revision = 0;
  private readonly ownRevisions = new Map<string, number>();
  /** Results derived from a file and kept across its versions (the validator's per-peer results). */
  private readonly memos = new Map<string, Map<object, unknown>>();
  /** Each file's peers' keys and who holds each key, so an edit moves only the changed peers. */
  private readonly peerKeys = new Map<string, { model: ConfigModel; keys: Array<string | undefined>; byKey?: Map<string, number[]> }>();
  /** The last set of each file, when it was such a move: which keys it touched (see `affectedBy`). */
  private readonly lastChange = new Map<string, { from: WorkspaceFile; to: WorkspaceFile; touched: Touched }>();

  /** Adds or replaces a config from its text. Returns the file entry. */
  setText(uri: string, text: string): WorkspaceFile {
    return this.set(uri, parse(text, this.lineCache));
  }

  set(uri: string, doc: ConfigDocument, model: ConfigModel = buildModel(doc)): WorkspaceFile {
    const old = this.files.get(uri);
    const priv = model.iface.privateKey ? wgValue(model.iface.privateKey) : undefined;
    const publicKey = priv ? publicKeyOfCached(priv) : undefined;
    const moved = old && this.movePeerKeys(uri, old, model);
    const peersByKey = moved ? moved.peersByKey : this.indexPeerKeys(uri, model);
    const addressKeys = model.iface.addresses.filter((a) => a.cidr).map((a) => `${a.cidr!.family}:${a.cidr!.address}`);
    const lp = listenPortOf(model);
    const file: WorkspaceFile = {
      uri,
      doc,
      model,
      ...(publicKey ? { publicKey } : {}),
      ...(priv && publicKey ? { privateKey: priv } : {}),
      peersByKey,
      addressKeys,
      ...(lp !== undefined ? { listenPort: lp } : {}),
      dir: dirname(uri),
      name: '',
    };
    const base = basename(uri);
    const baseNames = this.baseNames;
    // A getter: another config with the same base name may come or go later (and changes the revision
    // every result that names this file is kept under, so those are computed again). The group's names
    // are made once per change of the group (displayNames).
    const names = this.names;
    Object.defineProperty(file, 'name', {
      get: () => {
        let group = names.get(base);
        if (!group) names.set(base, (group = displayNames(baseNames.get(base) ?? new Set([uri]))));
        return group.get(uri) ?? basename(uri);
      },
      enumerable: true,
    });
    let same = baseNames.get(base);
    if (!same) baseNames.set(base, (same = new Set()));
    same.add(uri);
    names.delete(base);
    let inDir = this.byDir.get(file.dir);
    if (!inDir) this.byDir.set(file.dir, (inDir = new Set()));
    inDir.add(uri);
    this.files.set(uri, file);
    this.revision++;
    this.ownRevisions.set(uri, (this.ownRevisions.get(uri) ?? 0) + 1);
    // Only what changed moves in the indexes: an edit in a hub of thousands of peers touches one key.
    this.unindex(uri, old, file, moved?.touched.rekeyed);
    this.index(uri, file, old, moved?.touched.rekeyed);
    if (moved && old) this.lastChange.set(uri, { from: old, to: file, touched: moved.touched });
    else this.lastChange.delete(uri);
    return file;
  }

  /** Builds `uri`'s peer-key index from scratch; returns its peers by key. */
  private indexPeerKeys(uri: string, model: ConfigModel): PeersByKey {
    const peers = model.peers;
    const keys: Array<string | undefined> = new Array(peers.length);
    const last = new Map<string, number>();
    for (let i = 0; i < peers.length; i++) {
      const p = peers[i]!;
      if (!p.publicKey) continue;
      const k = (keys[i] = wgValue(p.publicKey));
      last.set(k, i);
    }
    // Who holds each key is built on the first edit (a file indexed from disk may never be edited).
    this.peerKeys.set(uri, { model, keys });
    return new PeersByKey(peers, last, NO_CHANGES, last.size);
  }

  /**
   * When `model` shares most PeerModel objects with `old`'s (an edit), moves only the changed peers in
   * `uri`'s peer-key index and returns the new peers by key (the old ones plus the change) and the keys
   * whose peer changed. Peers map keys to indices, so a peer that only moved (the same PublicKey line
   * at the same index: a line added above it) changes nothing but `touched.moved`. Undefined when a
   * rebuild is as cheap (or the index is not `old`'s).
   */
  private movePeerKeys(uri: string, old: WorkspaceFile, model: ConfigModel): { peersByKey: PeersByKey; touched: Touched } | undefined {
    const index = this.peerKeys.get(uri);
    const before = old.peersByKey;
    if (!index || index.model !== old.model || !(before instanceof PeersByKey)) return undefined;
    const peers = model.peers;
    const previous = old.model.peers;
    if (previous.length !== peers.length) return undefined;
    const changed: number[] = [];
    /** Keys of the peers that only moved (their PublicKey entry is the same node). */
    const moved: string[] = [];
    for (let i = 0; i < peers.length; i++) {
      const a = previous[i]!;
      const b = peers[i]!;
      if (a === b) continue;
      if (a.origin === b.origin) {
        const k = index.keys[i];
        if (k !== undefined) moved.push(k);
      } else if (changed.push(i) > 64 && changed.length > peers.length / 8) return undefined;
    }
    const byKey = (index.byKey ??= holdersOf(index.keys));
    const touched = new Set<string>();
    for (const i of changed) {
      const was = index.keys[i];
      const p = peers[i]!;
      const now = p.publicKey ? wgValue(p.publicKey) : undefined;
      if (was !== undefined) touched.add(was);
      if (now !== undefined) touched.add(now);
      if (was === now) continue;
      index.keys[i] = now;
      if (was !== undefined) {
        const list = byKey.get(was)!;
        list.splice(list.indexOf(i), 1);
        if (!list.length) byKey.delete(was);
      }
      if (now !== undefined) {
        const list = byKey.get(now);
        if (!list) byKey.set(now, [i]);
        else list.splice(sortedIndex(list, i), 0, i);
      }
    }
    index.model = model;
    // The last peer with a key wins, as in wg.
    const change = new Map<string, number | null>();
    for (const k of touched) {
      const list = byKey.get(k);
      const last = list ? list[list.length - 1]! : null;
      if (last !== (before.indexOf(k) ?? null)) change.set(k, last);
    }
    // Keys the file now lists or no longer lists: the configs listing them become or cease to be its
    // neighbours (unrouted-neighbor).
    const flipped: string[] = [];
    for (const k of touched) if (before.has(k) !== byKey.has(k)) flipped.push(k);
    return { peersByKey: before.with(peers, change), touched: { rekeyed: touched, moved, flipped } };
  }

  /**
   * Adds `file`'s index entries that `except` (its previous version) did not have. `touched`, when
   * known, holds every peer key whose presence may differ between the two.
   */
  private index(uri: string, file: WorkspaceFile, except?: WorkspaceFile, touched?: ReadonlySet<string>): void {
    if (file.publicKey && file.publicKey !== except?.publicKey) {
      this.owners.add(file.publicKey, uri);
      for (const h of halves(file.publicKey)) this.nearKeys.add(h, file.publicKey);
    }
    if (file.privateKey && file.privateKey !== except?.privateKey) this.byPrivateKey.add(file.privateKey, uri);
    for (const k of touched ?? file.peersByKey.keys()) if (file.peersByKey.has(k) && !except?.peersByKey.has(k)) this.referrers.add(k, uri);
    const before = new Set(except?.addressKeys);
    for (const a of new Set(file.addressKeys)) {
      if (before.has(a)) continue;
      this.byAddress.add(a, uri);
      this.addressChanges++;
    }
  }

  /** Removes `old`'s index entries that `keep` (its next version) does not have. */
  private unindex(uri: string, old: WorkspaceFile | undefined, keep?: WorkspaceFile, touched?: ReadonlySet<string>): void {
    if (!old) return;
    if (old.publicKey && old.publicKey !== keep?.publicKey) {
      this.owners.remove(old.publicKey, uri);
      if (!this.owners.has(old.publicKey)) for (const h of halves(old.publicKey)) this.nearKeys.remove(h, old.publicKey);
    }
    if (old.privateKey && old.privateKey !== keep?.privateKey) this.byPrivateKey.remove(old.privateKey, uri);
    for (const k of touched ?? old.peersByKey.keys()) if (old.peersByKey.has(k) && !keep?.peersByKey.has(k)) this.referrers.remove(k, uri);
    const after = new Set(keep?.addressKeys);
    for (const a of new Set(old.addressKeys)) {
      if (after.has(a)) continue;
      this.byAddress.remove(a, uri);
      this.addressChanges++;
    }
  }

  delete(uri: string): void {
    const old = this.files.get(uri);
    if (!old) return;
    this.files.delete(uri);
    const same = this.baseNames.get(basename(uri));
    same?.delete(uri);
    if (same?.size === 0) this.baseNames.delete(basename(uri));
    this.names.delete(basename(uri));
    const inDir = this.byDir.get(old.dir);
    inDir?.delete(uri);
    if (inDir?.size === 0) this.byDir.delete(old.dir);
    this.revision++;
    this.ownRevisions.delete(uri);
    this.memos.delete(uri);
    this.peerKeys.delete(uri);
    this.lastChange.delete(uri);
    this.unindex(uri, old);
  }

  /**
   * A number that changes whenever a file other than `uri` is set or deleted, and only then: results
   * that read other files (cross-file rules) stay valid while it stays the same.
   */
  othersRevision(uri: string): number {
    return this.revision - (this.ownRevisions.get(uri) ?? 0);
  }

  /** A value kept for `uri` across its versions, one per `key`; dropped when the file is deleted. */
  memo<T>(uri: string, key: object, make: () => T): T {
    if (!this.files.has(uri)) return make(); // not kept for a file that is gone
    let slots = this.memos.get(uri);
    if (!slots) this.memos.set(uri, (slots = new Map()));
    let value = slots.get(key) as T | undefined;
    if (value === undefined) slots.set(key, (value = make()));
    return value;
  }

  get(uri: string): WorkspaceFile | undefined {
    return this.files.get(uri);
  }

  all(): IterableIterator<WorkspaceFile> {
    return this.files.values();
  }

  /**
   * Whether a folder can be one host's (its /etc/wireguard, or one Windows machine's tunnels): not when it
   * holds both ends of a tunnel (a config and one that lists it), which no host has: then it is a
   * collection of hosts' configs. Once per folder and revision (rules ask it per pair of configs).
   */
  /** The configs in folder `dir` (in no set order). */
  *inFolder(dir: string): IterableIterator<WorkspaceFile> {
    for (const u of this.byDir.get(dir) ?? []) yield this.files.get(u)!;
  }

  oneHostFolder(dir: string): boolean {
    if (this.oneHostMemo.revision !== this.revision) this.oneHostMemo = { revision: this.revision, dirs: new Map() };
    let answer = this.oneHostMemo.dirs.get(dir);
    if (answer === undefined) {
      const here = [...(this.byDir.get(dir) ?? [])].map((u) => this.files.get(u)!);
      const keys = new Set(here.flatMap((f) => (f.publicKey === undefined ? [] : [f.publicKey])));
      answer = !here.some((f) => {
        for (const k of f.peersByKey.keys()) if (k !== f.publicKey && keys.has(k)) return true;
        return false;
      });
      this.oneHostMemo.dirs.set(dir, answer);
    }
    return answer;
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  get size(): number {
    return this.files.size;
  }

  #privateKeys: { revision: number; keys: ReadonlySet<string> } | undefined;

  /**
   * Every config's PrivateKey (blanks removed): a PublicKey elsewhere that holds one is a private key
   * pasted where a public one belongs, hidden wherever public keys are shown. Kept until a file changes.
   */
  privateKeys(): ReadonlySet<string> {
    if (this.#privateKeys?.revision !== this.revision) {
      const keys = new Set<string>();
      for (const f of this.files.values()) if (f.privateKey) keys.add(f.privateKey);
      this.#privateKeys = { revision: this.revision, keys };
    }
    return this.#privateKeys.keys;
  }

  /** Configs whose interface has this public key (normally one). */
  ownersOf(publicKey: string): readonly WorkspaceFile[] {
    return this.sortedGroup(0, this.owners, publicKey);
  }

  /** The counterpart of a peer: the config (other than `self`) that owns its PublicKey. */
  counterpartOf(peerKey: string, self?: string): WorkspaceFile | undefined {
    // Several configs may own one key (profiles of one host: one per server it dials): the other end
    // of `self`'s tunnel is the one that lists `self` back; failing that, the first.
    // Among several, the first by URI: the same answer whatever order the index holds them in.
    const mine = self === undefined ? undefined : this.files.get(self)?.publicKey;
    let best: WorkspaceFile | undefined;
    let bestListsBack = false;
    for (const u of this.owners.get(peerKey)) {
      if (u === self) continue;
      const f = this.files.get(u)!;
      const listsBack = mine !== undefined && f.peersByKey.has(mine);
      if (!best || (listsBack && !bestListsBack) || (listsBack === bestListsBack && u < best.uri)) {
        best = f;
        bestListsBack = listsBack;
      }
    }
    return best;
  }

  /**
   * Every [Peer] in the workspace that names this public key, by the URI of its config: which one a
   * message or a fix takes first must not depend on the order edits reached the index (an LSP review
   * found quick fixes listed in another order than a fresh server's).
   */
  referencesTo(publicKey: string): PeerRef[] {
    const out: PeerRef[] = [];
    for (const file of this.sortedGroup(3, this.referrers, publicKey)) {
      const peer = file.peersByKey.get(publicKey);
      if (peer) out.push({ file, peer });
    }
    return out;
  }

  /** The configs with this Address (`family:value`), by URI. */
  filesWithAddress(addressKey: string): readonly WorkspaceFile[] {
    return this.sortedGroup(1, this.byAddress, addressKey);
  }

  /** The configs with this PrivateKey, by URI. */
  filesWithPrivateKey(privateKey: string): readonly WorkspaceFile[] {
    return this.sortedGroup(2, this.byPrivateKey, privateKey);
  }

  #groups: { revision: number; byIndex: Array<Map<string, readonly WorkspaceFile[]>> } | undefined;

  /**
   * The files an index holds under `key`, by URI: what a message names first must not depend on the
   * order the index learned them in (a fresh server reads the folder in another order than a long-lived
   * one saw the edits). Sorted once per key and revision: the reuse checks ask for every file of a
   * group, and a provider's bundle of 2,000 profiles sorted 2,000 files per file.
   */
  private sortedGroup(which: 0 | 1 | 2 | 3, index: Index, key: string): readonly WorkspaceFile[] {
    if (this.#groups?.revision !== this.revision) this.#groups = { revision: this.revision, byIndex: [new Map(), new Map(), new Map(), new Map()] };
    const memo = this.#groups.byIndex[which]!;
    let files = memo.get(key);
    if (!files) {
      const uris = [...index.get(key)];
      if (uris.length > 1) uris.sort();
      files = uris.map((u) => this.files.get(u)!);
      memo.set(key, files);
    }
    return files;
  }

  /** byAddress's keys sorted by address, per family; rebuilt after the index's addresses changed. */
  #addressOrder: { changes: number; byFamily: Record<Family, AddressAt[]> } | undefined;
  /** Counts byAddress's changes (an Address edited, a config come or gone), for #addressOrder. */
  private addressChanges = 0;

  /**
   * The configs with an Address item whose address lies in `network`/`prefix` of `family` (each once, in
   * no particular order): a binary search in byAddress's keys, sorted again only when some config's
   * addresses changed. A spoke asking which configs lie in its subnet looked at every config, and 2,000
   * spokes re-checked after an edit of their hub took a second (navigation review).
   */
  filesWithAddressIn(family: Family, network: bigint, prefix: number): WorkspaceFile[] {
    if (this.#addressOrder?.changes !== this.addressChanges) {
      const byFamily: Record<Family, AddressAt[]> = { 4: [], 6: [] };
      // (Keys are `family:address`, as WorkspaceFile.addressKeys writes them.)
      for (const key of this.byAddress.keys()) byFamily[key[0] === '4' ? 4 : 6].push({ address: BigInt(key.slice(2)), key });
      for (const list of Object.values(byFamily)) list.sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
      this.#addressOrder = { changes: this.addressChanges, byFamily };
    }
    const list = this.#addressOrder.byFamily[family];
    const mask = maskOf(family, prefix);
    const lo = network & mask;
    // (The host bits all set: the network's last address.)
    const hi = lo | (maskOf(family, bits(family)) ^ mask);
    let i = 0;
    for (let j = list.length; i < j; ) {
      const mid = (i + j) >> 1;
      if (list[mid]!.address < lo) i = mid + 1;
      else j = mid;
    }
    const out = new Set<WorkspaceFile>();
    for (; i < list.length && list[i]!.address <= hi; i++) for (const uri of this.byAddress.get(list[i]!.key)) out.add(this.files.get(uri)!);
    return [...out];
  }

  /** Interface public keys one character away from `key` (a typo), excluding `key` itself, sorted. */
  nearMisses(key: string): readonly string[] {
    let out: string[] | undefined;
    // Asked for every peer key of a hub that matches no config. With few configs, comparing with each
    // interface key (most differ in their first two characters) beats building the halves' strings.
    const candidates = this.owners.size <= FEW_OWNERS ? this.owners.keys() : halves(key).flatMap((h) => [...this.nearKeys.get(h)]);
    for (const k of candidates) if (oneApart(k, key) && !out?.includes(k)) (out ??= []).push(k);
    // Sorted, so which one a message names does not depend on how the candidates were found.
    return out ? out.sort() : NONE;
  }

  /**
   * URIs whose cross-file diagnostics can change when `uri` changes: its counterparts, the configs
   * that list it, and those sharing an address or key with it. Call before and after an update.
   */
  related(uri: string): Set<string> {
    return this.relatedTo(this.files.get(uri));
  }

  /**
   * The URIs whose cross-file results can differ because `uri` went from `before` (its entry before the
   * last set or delete) to its current entry. After an edit that changed only peers (the same lines
   * for the interface, at the same place), that is the configs owning the keys of the changed or moved
   * peers: only their results read those peers; and when the end of the file moved or changed, the
   * configs listing this one (a fix of theirs appends a [Peer] stanza there), and the configs listing
   * a key the file started or stopped listing (its neighbours: unrouted-neighbor). Otherwise `related`
   * of both versions, and the neighbours of both when its addresses or listed keys changed. For the
   * Windows target, also every config in the same folder (before or after):
   * windows-tunnel-conflict compares a config's addresses and routes with theirs.
   */
  affectedBy(uri: string, before: WorkspaceFile | undefined, target: Target = DEFAULT_TARGET): Set<string> {
    const now = this.files.get(uri);
    const out = this.affectedInTunnels(uri, before, now);
    // A config of the same base name that came or went changes the names of the others (`a/wg0.conf`
    // while there is a `b/wg0.conf`): the configs whose messages name them say it anew.
    if (!before || !now) {
      for (const u of this.baseNames.get(basename(uri)) ?? []) {
        if (u === uri) continue;
        // (It too: its own results quote its name, "no [Peer] for w/a.conf" in a fix title: diff review.)
        out.add(u);
        for (const r of this.relatedTo(this.files.get(u))) out.add(r);
      }
      out.delete(uri);
    }
    if (this.windowsInFolder(target, before, now)) {
      // The folder's Windows configs compare their routes with this one's, if it is Windows' too.
      const routesMoved = !before || !now || before.publicKey !== now.publicKey || !sameAddresses(before, now) || !sameKeys(before, now) || !sameRoutes(before, now);
      const targetMoved = !before || !now || effectiveTarget(before.doc, target) !== effectiveTarget(now.doc, target);
      if (routesMoved || targetMoved) for (const g of this.files.values()) if (g.dir === now?.dir || g.dir === before?.dir) out.add(g.uri);
      out.delete(uri);
    }
    return out;
  }

  /**
   * Whether a config of the changed file's folder (before or after), the file included, is checked
   * for Windows: by the setting, or by its own `# wgls-target` comment.
   */
  private windowsInFolder(setting: Target, before: WorkspaceFile | undefined, now: WorkspaceFile | undefined): boolean {
    const windows = (f: WorkspaceFile | undefined) => f !== undefined && effectiveTarget(f.doc, setting) === 'windows';
    if (windows(before) || windows(now)) return true;
    for (const g of this.files.values()) if ((g.dir === now?.dir || g.dir === before?.dir) && windows(g)) return true;
    return false;
  }

  /**
   * The configs sharing this one's PrivateKey whose text equals it before the change but not after, or
   * the reverse: reused-private-key tells a byte-identical copy (a backup) from another one. Texts are
   * compared only within a key group and only at equal line counts (usually one file: nothing to do).
   */
  private sameTextFlips(uri: string, before: WorkspaceFile | undefined, now: WorkspaceFile | undefined, out: Set<string>): void {
    for (const key of new Set([before?.privateKey, now?.privateKey])) {
      if (key === undefined) continue;
      for (const u of this.byPrivateKey.get(key)) {
        const g = u === uri ? undefined : this.files.get(u);
        if (!g) continue;
        const equal = (f: WorkspaceFile | undefined) => f !== undefined && f.doc.lines.length === g.doc.lines.length && f.doc.text === g.doc.text;
        if (equal(before) !== equal(now)) out.add(u);
      }
    }
  }

  /** affectedBy without the Windows folder rule: the configs linked to this one by tunnels, keys and addresses. */
  private affectedInTunnels(uri: string, before: WorkspaceFile | undefined, now: WorkspaceFile | undefined): Set<string> {
    const out = this.linkedBy(uri, before, now);
    this.sameTextFlips(uri, before, now, out);
    out.delete(uri);
    return out;
  }

  private linkedBy(uri: string, before: WorkspaceFile | undefined, now: WorkspaceFile | undefined): Set<string> {
    const change = this.lastChange.get(uri);
    if (!before || !now || change?.from !== before || change.to !== now || !sameInterface(before, now)) {
      // An edit that leaves what the reuse checks read alone (a comment, MTU, a hook: most [Interface]
      // edits) changes nothing for configs related only by key, address or folder: a folder of 500
      // profiles sharing one key re-checked all of them per keystroke.
      const shared = !before || !now || !sameReuseFacts(before, now);
      const out = this.relatedTo(before, shared);
      for (const u of this.relatedTo(now, shared)) out.add(u);
      // Neighbours (configs listing a peer this one lists) read its addresses and its list of keys, and
      // its end (the direct tunnel unrouted-neighbor offers appends a [Peer] there).
      if (!before || !now || !sameAddresses(before, now) || !sameKeys(before, now) || !sameEnd(before, now)) {
        for (const f of [before, now]) if (f) this.addNeighbors(out, uri, f.peersByKey.keys(), [before, now]);
      }
      this.addDialersOf(out, [before?.peersByKey.keys() ?? [], now?.peersByKey.keys() ?? []], before, now);
      out.delete(uri);
      return out;
    }
    const out = new Set<string>();
    for (const k of change.touched.rekeyed) {
      for (const u of this.owners.get(k)) {
        out.add(u);
        // The neighbours of that peer's config through this one read its stanza here: unrouted-neighbor's
        // direct tunnel takes the peer's Endpoint from it (a property test found an Endpoint added here
        // that changed a neighbour's fixes unnamed).
        const g = this.files.get(u);
        if (g) this.addNeighbors(out, u, g.peersByKey.keys(), [g]);
      }
    }
    this.addDialersOf(out, [change.touched.rekeyed], before, now);
    if (change.touched.rekeyed.size) {
      // A copy is told from a profile by its routes (copiesOf): the configs sharing this one's key.
      if (now.privateKey) for (const u of this.byPrivateKey.get(now.privateKey)) out.add(u);
      // A config listing this one that it does not list back is told which [Peer] here was meant for
      // it, by key and AllowedIPs (misdirectedStanza): any changed peer may be that one.
      if (now.publicKey) {
        for (const u of this.referrers.get(now.publicKey)) {
          const k = this.files.get(u)?.publicKey;
          if (k === undefined || !now.peersByKey.has(k)) out.add(u);
        }
      }
    }
    if (change.touched.flipped.length) {
      this.addNeighbors(out, uri, change.touched.flipped, [now]);
      // reused-listen-port skips configs sharing a peer (two spokes of one hub), and every config of a
      // folder holding both ends of a tunnel: listing a key here changes either, for the folder's listeners.
      for (const g of this.files.values()) if (g.dir === now.dir && g.listenPort !== undefined) out.add(g.uri);
      // reused-address compares configs of one network (sharing a peer), and profiles of one host are
      // told apart by their peers.
      for (const a of now.addressKeys) for (const u of this.byAddress.get(a)) out.add(u);
      if (now.privateKey) for (const u of this.byPrivateKey.get(now.privateKey)) out.add(u);
      // A config listing this one picks, among the peers it shares with a neighbour, the one whose
      // config (this one, maybe) lists that neighbour: that changes with the keys listed here.
      if (now.publicKey) for (const u of this.referrers.get(now.publicKey)) out.add(u);
    }
    // Their results name the lines of a moved peer too.
    for (const k of change.touched.moved) for (const u of this.owners.get(k)) out.add(u);
    // (The same interface: the same public key before and after.) A fix of theirs that appends a [Peer]
    // here reads this file's end: the configs listing this one, and the neighbours offered a direct
    // tunnel to it (unrouted-neighbor).
    if (!sameEnd(before, now)) {
      // (Those it lists back have no such fix: a hub's spokes, re-checked at every line typed at its end.)
      if (now.publicKey) {
        for (const u of this.referrers.get(now.publicKey)) {
          const k = this.files.get(u)?.publicKey;
          if (k === undefined || !now.peersByKey.has(k)) out.add(u);
        }
      }
      this.addNeighbors(out, uri, now.peersByKey.keys(), [now]);
    }
    out.delete(uri);
    return out;
  }

  /**
   * For each of `keys` whose stanza here changed its Endpoint between `before` and `now`: the configs
   * dialing the key's owner at one of its tunnel addresses (endpoint-in-tunnel's fix takes the Endpoint
   * others use), and the configs the key's owner lists without being listed back, when it listens. Their counterpart-missing-peer fix
   * writes a [Peer] dialing the owner at the host other configs use for it (edits/peer-text.ts
   * dialEndpoint), maybe the one in this stanza (a property test found it changed unnamed).
   */
  private addDialersOf(out: Set<string>, keyLists: ReadonlyArray<Iterable<string>>, before: WorkspaceFile | undefined, now: WorkspaceFile | undefined): void {
    const endpoint = (f: WorkspaceFile | undefined, k: string) => {
      const e = f?.peersByKey.get(k)?.endpoint;
      return e ? wgValue(e) : undefined;
    };
    // A key no config owns is passed over at once (a hub's spokes are mostly not in the workspace): one
    // lookup each, and no set of a 5,000-peer hub's keys built per change.
    const done = new Set<string>();
    for (const keys of keyLists) for (const k of keys) {
      if (!this.owners.has(k) || done.has(k)) continue;
      done.add(k);
      if (endpoint(before, k) === endpoint(now, k)) continue;
      // The configs that dial the owner at one of its tunnel addresses: endpoint-in-tunnel offers them the
      // Endpoint another config dials it at, maybe this one (diff review: a stale fix and message).
      for (const u of this.referrers.get(k)) {
        const ip = this.files.get(u)?.peersByKey.get(k)?.endpoint?.parsed?.ip;
        if (!ip) continue;
        for (const o of this.owners.get(k)) {
          const owner = this.files.get(o);
          if (owner && addressAt(owner.model, ip)) out.add(u);
        }
      }
      for (const u of this.owners.get(k)) {
        const owner = this.files.get(u);
        if (!owner?.publicKey || owner.listenPort === undefined) continue;
        for (const [listed, peer] of owner.peersByKey.entries()) {
          if (peer.endpoint) continue;
          for (const t of this.owners.get(listed)) if (!this.files.get(t)?.peersByKey.has(owner.publicKey)) out.add(t);
        }
      }
    }
  }

  /**
   * Adds the configs listing one of `keys` (neighbours of `uri`, before or after a change) whose
   * unrouted-neighbor result can name `uri`: those taking one of its addresses (in `versions`) as
   * on-link without routing it. Others never name it, before or after.
   */
  private addNeighbors(out: Set<string>, uri: string, keys: Iterable<string>, versions: ReadonlyArray<WorkspaceFile | undefined>): void {
    const addresses: Cidr[] = [];
    for (const v of versions) for (const a of v?.model.iface.addresses ?? []) if (a.cidr && a.cidr.sign === undefined) addresses.push(a.cidr);
    if (!addresses.length) return;
    for (const k of keys) {
      // A hub's spokes' keys are listed by the hub alone: nothing to look at for most keys.
      if (this.referrers.only(k, uri)) continue;
      for (const u of this.referrers.get(k)) {
        if (u === uri || out.has(u)) continue;
        const g = this.files.get(u);
        if (g && addresses.some((c) => unroutedOnLink(g, c))) out.add(u);
      }
    }
  }

  /**
   * `related` of a file entry; also right for the entry a file had before its last change. Without
   * `shared`, only the configs linked by tunnels (listed keys, its own key listed elsewhere), not those
   * sharing its PrivateKey, an Address or its folder's ports (see sameReuseFacts).
   */
  private relatedTo(f: WorkspaceFile | undefined, shared = true): Set<string> {
    const out = new Set<string>();
    if (!f) return out;
    const uri = f.uri;
    // (Near-miss keys need nothing here: that diagnostic sits on the listing side, which is `uri` itself.)
    for (const k of f.peersByKey.keys()) for (const u of this.owners.get(k)) out.add(u);
    // (Configs listing a key one character away from this interface's key are not included: the
    // caller re-checks everything when an interface key itself changes, which is rare.)
    if (f.publicKey) for (const u of this.referrers.get(f.publicKey)) out.add(u);
    if (shared) {
      for (const a of f.addressKeys) for (const u of this.byAddress.get(a)) out.add(u);
      if (f.privateKey) for (const u of this.byPrivateKey.get(f.privateKey)) out.add(u);
      // The folder's listeners: reused-listen-port compares those of one port, in a folder that holds no
      // two ends of a tunnel (which this config's keys may make or unmake).
      for (const g of this.files.values()) if (g.dir === f.dir && g.listenPort !== undefined) out.add(g.uri);
    }
    out.delete(uri);
    return out;
  }

  /** Whether a peer has a keepalive interval above 0. */
  static keepalive(peer: PeerModel, target?: Target): number {
    if (!peer.keepalive) return 0;
    return keepaliveSeconds(wgValue(peer.keepalive), target) ?? 0;
  }
}

/**
 * The keys of the peers an edit changed: `rekeyed`, those of the peers whose PublicKey line changed
 * (old and new), and `moved`, those of the peers that only moved.
 */
interface Touched {
  readonly rekeyed: ReadonlySet<string>;
  readonly moved: readonly string[];
  /** Keys listed before and not after, or the reverse. */
  readonly flipped: readonly string[];
}

/** Key → indices of the peers holding it, ascending. */
function holdersOf(keys: ReadonlyArray<string | undefined>): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === undefined) return;
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  });
  return byKey;
}

function sortedIndex(list: readonly number[], i: number): number {
  let at = list.length;
  while (at > 0 && list[at - 1]! > i) at--;
  return at;
}

/**
 * Whether two versions of a file agree on what other configs' results read of it besides its peers
 * and its end (see `sameEnd`): the [Interface] lines (same objects at the same place) and line 0
 * (fixes copy its line ending).
 */
function sameInterface(a: WorkspaceFile, b: WorkspaceFile): boolean {
  const x = a.doc.lines;
  const y = b.doc.lines;
  if (x[0] !== y[0]) return false;
  // The lines before the first section hold the `# wgls-target` comment (profiles of one host compare
  // it across files): the same lines, or not the same interface.
  const headA = a.doc.sections[0]?.headerLine ?? x.length;
  const headB = b.doc.sections[0]?.headerLine ?? y.length;
  if (headA !== headB) return false;
  for (let i = 1; i < headA; i++) if (x[i] !== y[i]) return false;
  const sa = a.model.iface.sections;
  const sb = b.model.iface.sections;
  if (sa.length !== sb.length) return false;
  for (let s = 0; s < sa.length; s++) {
    const { headerLine, endLine } = sa[s]!;
    if (sb[s]!.headerLine !== headerLine || sb[s]!.endLine !== endLine) return false;
    for (let i = headerLine; i < endLine; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

/** The same Address items at the same places. */
function sameAddresses(a: WorkspaceFile, b: WorkspaceFile): boolean {
  const x = a.model.iface.addresses;
  const y = b.model.iface.addresses;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p.line !== q.line || p.start !== q.start || p.end !== q.end || p.text !== q.text) return false;
  }
  return true;
}

/** The same AllowedIPs items at the same places, peer by peer. */
function sameRoutes(a: WorkspaceFile, b: WorkspaceFile): boolean {
  const x = a.model.peers;
  const y = b.model.peers;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue;
    const p = x[i]!.allowedIps;
    const q = y[i]!.allowedIps;
    if (p.length !== q.length) return false;
    for (let j = 0; j < p.length; j++) {
      if (p[j]!.line !== q[j]!.line || p[j]!.start !== q[j]!.start || p[j]!.end !== q[j]!.end || p[j]!.text !== q[j]!.text) return false;
    }
  }
  return true;
}

/** The same peer keys listed. */
/**
 * Whether two versions of a file agree on everything the reuse checks of OTHER configs read of it
 * (rules/cross-file.ts checkReuse, checkListedBy's siblings, copiesOf, oneNetwork, sharedPeer):
 * its keys and listed keys, its Addresses, its AllowedIPs, its ListenPort and the lines they quote, its
 * target comment.
 */
/**
 * What reaches the peers and the names, as copiesOf compares it (rules/cross-file.ts): each listed peer
 * key with its Endpoint as wg reads it, and the DNS items; lowercased (`VPN.example.com` is the same
 * host). A copy of a config for another device keeps it; a profile of one host (the server's LAN and WAN
 * address, a Pi-hole and a public resolver) does not. Once per file version.
 */
export function reachOf(f: WorkspaceFile): string {
  let reach = reachCache.get(f);
  if (reach === undefined) {
    const endpoints = f.model.peers.map((p) => `${p.publicKey ? wgValue(p.publicKey) : ''}@${p.endpoint ? wgValue(p.endpoint).toLowerCase() : ''}`);
    const dns = f.model.iface.dns.map((d) => d.text.toLowerCase()).sort();
    reachCache.set(f, (reach = `${endpoints.sort().join(' ')}|${dns.join(' ')}`));
  }
  return reach;
}
const reachCache = new WeakMap<WorkspaceFile, string>();

function sameReuseFacts(a: WorkspaceFile, b: WorkspaceFile): boolean {
  const samePlace = (x: ResolvedEntry | undefined, y: ResolvedEntry | undefined) =>
    x === y || (x !== undefined && y !== undefined && x.line === y.line && x.node.key.start === y.node.key.start && x.node.key.end === y.node.key.end && x.node.value.start === y.node.value.start && x.node.value.end === y.node.value.end);
  return (
    a.privateKey === b.privateKey &&
    a.publicKey === b.publicKey &&
    a.listenPort === b.listenPort &&
    a.dir === b.dir &&
    samePlace(a.model.iface.privateKey, b.model.iface.privateKey) &&
    samePlace(a.model.iface.listenPort, b.model.iface.listenPort) &&
    sameAddresses(a, b) &&
    sameKeys(a, b) &&
    // A copy routes the same networks to the same peers, at the same Endpoints, with the same DNS (copiesOf).
    sameRoutes(a, b) &&
    reachOf(a) === reachOf(b) &&
    targetDirective(a.doc)?.target === targetDirective(b.doc)?.target
  );
}

function sameKeys(a: WorkspaceFile, b: WorkspaceFile): boolean {
  if (a.peersByKey.size !== b.peersByKey.size) return false;
  for (const k of a.peersByKey.keys()) if (!b.peersByKey.has(k)) return false;
  return true;
}

/** The same line count and last two lines: a fix that appends a [Peer] stanza reads those. */
function sameEnd(a: WorkspaceFile, b: WorkspaceFile): boolean {
  const x = a.doc.lines;
  const y = b.doc.lines;
  const n = x.length;
  return n === y.length && x[n - 1] === y[n - 1] && x[n - 2] === y[n - 2];
}

const NO_CHANGES: ReadonlyMap<string, number | null> = new Map();

/** An address some config has, with its key in byAddress (filesWithAddressIn). */
interface AddressAt {
  readonly address: bigint;
  readonly key: string;
}

/**
 * A file's peers by PublicKey, immutable: one version's map shares its base with the previous
 * version's and adds the keys that changed (null: gone), so an edit in a hub of thousands of peers
 * does not copy thousands of entries. The changes are folded into a new base once they pile up.
 * Keys map to peer indices, read in this version's peers: a peer that only moved needs no change.
 */
class PeersByKey implements ReadonlyMap<string, PeerModel> {
  constructor(
    private readonly peers: readonly PeerModel[],
    private readonly base: ReadonlyMap<string, number>,
    private readonly changes: ReadonlyMap<string, number | null>,
    readonly size: number,
  ) {}

  /** This map for the version with `peers`, with `change` applied. */
  with(peers: readonly PeerModel[], change: ReadonlyMap<string, number | null>): PeersByKey {
    if (change.size === 0) return new PeersByKey(peers, this.base, this.changes, this.size);
    let size = this.size;
    const changes = new Map(this.changes);
    for (const [k, i] of change) {
      size += (i !== null ? 1 : 0) - (this.has(k) ? 1 : 0);
      changes.set(k, i);
    }
    if (changes.size <= 32 + this.base.size / 16) return new PeersByKey(peers, this.base, changes, size);
    const base = new Map<string, number>();
    for (const [k, i] of this.base) if (!changes.has(k)) base.set(k, i);
    for (const [k, i] of changes) if (i !== null) base.set(k, i);
    return new PeersByKey(peers, base, NO_CHANGES, base.size);
  }

  /** The index of the peer with `key`, if any. */
  indexOf(key: string): number | undefined {
    const i = this.changes.get(key);
    return i === undefined ? this.base.get(key) : (i ?? undefined);
  }

  get(key: string): PeerModel | undefined {
    const i = this.indexOf(key);
    return i === undefined ? undefined : this.peers[i];
  }

  has(key: string): boolean {
    const i = this.changes.get(key);
    return i === undefined ? this.base.has(key) : i !== null;
  }

  *entries(): MapIterator<[string, PeerModel]> {
    for (const [k, i] of this.base) if (!this.changes.has(k)) yield [k, this.peers[i]!];
    for (const [k, i] of this.changes) if (i !== null) yield [k, this.peers[i]!];
  }

  *keys(): MapIterator<string> {
    // No [key, peer] pairs: callers walk the keys of hubs.
    for (const k of this.base.keys()) if (!this.changes.has(k)) yield k;
    for (const [k, i] of this.changes) if (i !== null) yield k;
  }

  *values(): MapIterator<PeerModel> {
    for (const [, p] of this.entries()) yield p;
  }

  [Symbol.iterator](): MapIterator<[string, PeerModel]> {
    return this.entries();
  }

  forEach(callback: (value: PeerModel, key: string, map: ReadonlyMap<string, PeerModel>) => void, thisArg?: unknown): void {
    for (const [k, p] of this.entries()) callback.call(thisArg, p, k, this);
  }
}
