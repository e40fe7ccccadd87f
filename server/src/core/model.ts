// The semantic model of one config: keys resolved against the schema and the
// values rules care about parsed once, with their spans. Built once per parse and
// shared by the rules, hover, completion and the workspace index.
//
// A big hub has thousands of peers and an editor rebuilds the model per keystroke,
// so a model is derived from the previous model of the same document when there is
// one (see `derive`): only the sections the edit touched are built again.

import type { ConfigDocument, EntryRef, Line, Section } from './parser.ts';
import { lookupKey, type KeyInfo, type KeyMatch, type SectionName } from './schema.ts';
import { cidrOrReason, parseCidr, parseEndpoint, parseIp, parsePort, splitList, type Cidr, type Endpoint, type IpAddress, type ListItem } from './values.ts';
import { stripSpaces } from './parser.ts';
// One naming heuristic for messages, look-ups and the outline.
import { attachedCommentStart, sectionCommentName } from './features/document.ts';

export interface ResolvedEntry extends EntryRef {
  /** Schema entry, when the key is known (in any section). */
  readonly match?: KeyMatch;
}

export interface CidrItem extends ListItem {
  readonly line: number;
  readonly cidr?: Cidr;
}

export interface AddressItem extends ListItem {
  readonly line: number;
  readonly cidr?: Cidr;
}

export interface PeerModel {
  readonly index: number;
  /**
   * Which build of the peer's lines this is: a peer that only moved or was renumbered (the same Line
   * objects, from the comment block above its header to its end: see buildModel) keeps the number of
   * the model it was moved from; a peer built from its lines gets a new one. Equal origins mean equal
   * lines, so the passes that keep results per peer (validation, routing, duplicate keys, the workspace
   * index) tell "moved" from "changed" by this alone.
   */
  readonly origin: number;
  readonly section: Section;
  readonly entries: readonly ResolvedEntry[];
  /** The effective (last) PublicKey entry, as wg reads duplicates. */
  readonly publicKey?: ResolvedEntry;
  readonly presharedKey?: ResolvedEntry;
  readonly endpoint?: ResolvedEntry & { readonly parsed?: Endpoint };
  readonly keepalive?: ResolvedEntry;
  /** Every AllowedIPs item of every AllowedIPs line, in order. */
  readonly allowedIps: readonly CidrItem[];
  /** `# Name = x` or a lone `# x` comment naming the peer, if any. */
  readonly name?: string;
}

export interface InterfaceModel {
  readonly sections: readonly Section[];
  readonly entries: readonly ResolvedEntry[];
  readonly privateKey?: ResolvedEntry;
  readonly listenPort?: ResolvedEntry;
  readonly mtu?: ResolvedEntry;
  readonly fwMark?: ResolvedEntry;
  readonly table?: ResolvedEntry;
  readonly saveConfig?: ResolvedEntry;
  readonly addresses: readonly AddressItem[];
  readonly dns: readonly (ListItem & { readonly line: number; readonly ip?: IpAddress })[];
  readonly name?: string;
}

export interface ConfigModel {
  readonly doc: ConfigDocument;
  readonly iface: InterfaceModel;
  readonly peers: readonly PeerModel[];
  /** Every entry of every known section, resolved, in document order. */
  readonly entries: readonly ResolvedEntry[];
  /** The resolved entries of each [Interface] or [Peer] section. */
  readonly bySection: ReadonlyMap<Section, readonly ResolvedEntry[]>;
  /** The peer model of each [Peer] section. */
  readonly peerOf: ReadonlyMap<Section, PeerModel>;
}

/** wg strips all whitespace from a value before reading it. */
export function wgValue(e: EntryRef): string {
  const text = e.node.valueText;
  // The usual case, nothing to strip, is known once per line: rules ask for keys' values several times.
  if (e.node.plainValue) return text;
  const v = stripSpaces(text);
  // wg-quick reads the file with bash's `read`, which drops NUL bytes.
  return v.includes('\u0000') ? v.split('\u0000').join('') : v;
}

/**
 * The interface Address whose own address is `ip` (`10.0.0.1/24` for 10.0.0.1): the config's tunnel
 * address, reached only through its tunnel. Undefined when none is.
 */
export function addressAt(model: ConfigModel, ip: IpAddress): AddressItem | undefined {
  return model.iface.addresses.find((a) => a.cidr && a.cidr.family === ip.family && a.cidr.address === ip.value);
}

/**
 * Whether wg-quick saves the interface into this file on down (`SaveConfig = true`, any case): it
 * reads the value with the outer blanks trimmed, as valueText is (`tr ue` is no true to it).
 */
export function savesConfig(model: ConfigModel): boolean {
  const save = model.iface.saveConfig;
  return save !== undefined && /^true$/i.test(save.node.valueText);
}

/** Whether the interface listens on a fixed port (a ListenPort other than 0): a side others can dial. */
export function listensOnPort(model: ConfigModel): boolean {
  return listenPortOf(model) !== undefined;
}

/**
 * The port the interface listens on as wg reads its ListenPort (getaddrinfo: `00`, `+0` and `65536`
 * are 0, a random port; `70000` is 4464), or undefined: no ListenPort, 0, or no port at all (wg
 * refuses the file). One reading for every rule (the rule-docs review found `00` taken as a fixed port).
 */
export function listenPortOf(model: ConfigModel): number | undefined {
  const lp = model.iface.listenPort;
  return lp === undefined ? undefined : fixedPortOf(wgValue(lp));
}

/** listenPortOf for a ListenPort value as wg reads it (blanks removed): completion reads the text alone. */
export function fixedPortOf(value: string): number | undefined {
  const p = parsePort(value);
  return p.ok && p.value.port > 0 ? p.value.port : undefined;
}

export function isKey(e: ResolvedEntry, info: KeyInfo | string): boolean {
  return e.match?.info.name === (typeof info === 'string' ? info : info.name);
}

/**
 * The model of `doc`. `prev`, a model of an earlier version of the same document (the one whose
 * lines `reparse` reused), makes this cost what the edit touched rather than the whole file; without
 * it the last model built from a version sharing `doc`'s first or last Line is used, if any.
 * A [Peer] whose lines (with the comment block above its header and the line above that), place and
 * peer index are unchanged keeps its PeerModel object: per-peer caches downstream rely on that.
 */
export function buildModel(doc: ConfigDocument, prev?: ConfigModel): ConfigModel {
  const base = prev instanceof Model ? prev : recall(doc);
  if (base?.doc === doc) return base;
  const model = base ? derive(doc, base) : build(doc);
  if (base) forget(base);
  remember(model);
  return model;
}

class Model implements ConfigModel {
  readonly bySection: ReadonlyMap<Section, readonly ResolvedEntry[]>;
  readonly peerOf: ReadonlyMap<Section, PeerModel>;
  #entries: readonly ResolvedEntry[] | undefined = undefined;

  constructor(
    readonly doc: ConfigDocument,
    readonly iface: InterfaceModel,
    readonly peers: readonly PeerModel[],
    /** The resolved entries of section k of doc.sections (undefined for unknown sections). */
    readonly sectionEntries: readonly (readonly ResolvedEntry[] | undefined)[],
    /** The peer model of section k (undefined for other sections). */
    readonly sectionPeers: readonly (PeerModel | undefined)[],
  ) {
    this.bySection = new SectionMap(doc.sections, sectionEntries);
    this.peerOf = new SectionMap(doc.sections, sectionPeers);
  }

  /** Gathered on first use: few callers need one flat list, and an edit would rebuild it every time. */
  get entries(): readonly ResolvedEntry[] {
    if (this.#entries === undefined) {
      let total = 0;
      for (const list of this.sectionEntries) if (list) total += list.length;
      const out = new Array<ResolvedEntry>(total);
      let j = 0;
      for (const list of this.sectionEntries) if (list) for (let i = 0; i < list.length; i++) out[j++] = list[i]!;
      this.#entries = out;
    }
    return this.#entries;
  }
}

/**
 * A read-only Map from a document's Section objects to values stored by section index. Unlike a
 * Map it costs nothing to build (an edit of a 5,000-peer hub would otherwise rebuild two Maps of
 * 5,000 entries); `get` is O(1) for sections asked in document order and O(log n) otherwise.
 */
class SectionMap<V> implements ReadonlyMap<Section, V> {
  #hint = -1;
  #size = -1;
  constructor(
    private readonly sections: readonly Section[],
    private readonly byIndex: readonly (V | undefined)[],
  ) {}

  get size(): number {
    if (this.#size < 0) {
      let n = 0;
      for (let i = 0; i < this.sections.length; i++) if (this.byIndex[i] !== undefined) n++;
      this.#size = n;
    }
    return this.#size;
  }

  get(section: Section): V | undefined {
    const i = this.indexOf(section);
    return i < 0 ? undefined : this.byIndex[i];
  }

  has(section: Section): boolean {
    const i = this.indexOf(section);
    return i >= 0 && this.byIndex[i] !== undefined;
  }

  private indexOf(section: Section): number {
    const sections = this.sections;
    let i = this.#hint + 1;
    if (sections[i] !== section) {
      // Sections are in line order: find the one with this header line.
      let lo = 0;
      let hi = sections.length - 1;
      i = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const h = sections[mid]!.headerLine;
        if (h < section.headerLine) lo = mid + 1;
        else if (h > section.headerLine) hi = mid - 1;
        else {
          i = mid;
          break;
        }
      }
      if (i < 0 || sections[i] !== section) return -1;
    }
    this.#hint = i;
    return i;
  }

  forEach(callback: (value: V, key: Section, map: ReadonlyMap<Section, V>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.sections.length; i++) {
      const v = this.byIndex[i];
      if (v !== undefined) callback.call(thisArg, v, this.sections[i]!, this);
    }
  }

  *entries(): MapIterator<[Section, V]> {
    for (let i = 0; i < this.sections.length; i++) {
      const v = this.byIndex[i];
      if (v !== undefined) yield [this.sections[i]!, v];
    }
  }

  *keys(): MapIterator<Section> {
    for (let i = 0; i < this.sections.length; i++) if (this.byIndex[i] !== undefined) yield this.sections[i]!;
  }

  *values(): MapIterator<V> {
    for (let i = 0; i < this.sections.length; i++) {
      const v = this.byIndex[i];
      if (v !== undefined) yield v;
    }
  }

  [Symbol.iterator](): MapIterator<[Section, V]> {
    return this.entries();
  }
}

// ------------------------------------------------------------------ previous models

/**
 * The last model built for a document, found by the document's first and last Line objects (Line
 * objects belong to one document and outlive an edit that does not touch them), so callers that
 * do not pass `prev` still get incremental builds. The entries of a model that another was derived
 * from are dropped: only the newest model of each document stays reachable from here.
 */
const latest = new WeakMap<Line, Model>();

function anchors(doc: ConfigDocument): Line[] {
  const lines = doc.lines;
  return lines.length ? [lines[0]!, lines[lines.length - 1]!] : [];
}

function recall(doc: ConfigDocument): Model | undefined {
  for (const line of anchors(doc)) {
    const m = latest.get(line);
    if (m) return m;
  }
  return undefined;
}

function remember(model: Model): void {
  for (const line of anchors(model.doc)) latest.set(line, model);
}

function forget(model: Model): void {
  for (const line of anchors(model.doc)) if (latest.get(line) === model) latest.delete(line);
}

// ------------------------------------------------------------------ building

function build(doc: ConfigDocument): Model {
  const sections = doc.sections;
  const sectionEntries = new Array<readonly ResolvedEntry[] | undefined>(sections.length).fill(undefined);
  const sectionPeers = new Array<PeerModel | undefined>(sections.length).fill(undefined);
  const peers: PeerModel[] = [];
  for (let k = 0; k < sections.length; k++) {
    const section = sections[k]!;
    if (section.kind === 'peer') {
      const peer = buildPeer(doc, section, k, peers.length);
      sectionEntries[k] = peer.entries;
      sectionPeers[k] = peer;
      peers.push(peer);
    } else if (section.kind === 'interface') {
      sectionEntries[k] = resolveSection(doc, section, 'Interface');
    }
  }
  return new Model(doc, buildInterface(doc, sectionEntries), peers, sectionEntries, sectionPeers);
}

/**
 * The model of `doc` from `prev`, the model of another version of it, reusing what the lines that
 * differ cannot affect. A section's model depends on its own lines, the comment block above its
 * header and the line above that block (see dependencyStart). The lines equal (same Line objects)
 * at the start and at the end of both versions are found first: the sections whose dependencies lie
 * in the common start are unchanged, those whose dependencies lie in the common end are unchanged
 * but moved by the difference in line count; both runs are copied without looking at each section
 * (an edit of a 5,000-peer hub should cost what the edit touched). `reparse` keeps nothing else, but
 * when versions were skipped (a model is built per validation, not per keystroke) unchanged sections
 * can also sit between two edits (also when both ends changed): those are matched by their header's
 * Line object. The rest is built afresh; with no Line in common, that is every section.
 */
function derive(doc: ConfigDocument, prev: Model): Model {
  const lines = doc.lines;
  const oldLines = prev.doc.lines;
  const shared = Math.min(lines.length, oldLines.length);
  let head = 0;
  while (head < shared && lines[head] === oldLines[head]) head++;
  let tail = 0;
  while (tail < shared - head && lines[lines.length - 1 - tail] === oldLines[oldLines.length - 1 - tail]) tail++;
  // Even with both ends changed (several edits between two builds), the sections in between may be kept.
  const delta = lines.length - oldLines.length;
  const tailStart = lines.length - tail;

  const sections = doc.sections;
  const oldSections = prev.doc.sections;
  const n = sections.length;
  const shift = n - oldSections.length;
  // Sections [0, first) lie in the common start. The last of them may have ended later before the edit.
  let first = firstIndex(sections, (s) => s.endLine > head);
  while (first > 0 && !sameSection(oldSections[first - 1], sections[first - 1]!, 0)) first--;
  // Sections [last, n) lie in the common end with their dependencies, which start in line order: if
  // the first section there depends on a line before it, the next one does not.
  let last = Math.max(first, firstIndex(sections, (s) => s.headerLine >= tailStart));
  if (last < n && dependencyStart(doc, sections[last]!.headerLine) < tailStart) last++;
  while (last < n && (last - shift < first || !sameSection(oldSections[last - shift], sections[last]!, delta))) last++;

  const sectionEntries = new Array<readonly ResolvedEntry[] | undefined>(n);
  const sectionPeers = new Array<PeerModel | undefined>(n);
  const peers: PeerModel[] = [];
  for (let k = 0; k < first; k++) {
    sectionEntries[k] = prev.sectionEntries[k];
    const peer = (sectionPeers[k] = prev.sectionPeers[k]);
    // `!== undefined`, not truthiness: that would read each peer object (a cache miss per peer).
    if (peer !== undefined) peers.push(peer);
  }
  // The interface model is kept unless an [Interface] changed, moved, appeared or went.
  let ifaceKept = true;
  for (let k = first; k < last - shift; k++) if (oldSections[k]!.kind === 'interface') ifaceKept = false;

  let byHeader: Map<Line, number> | undefined;
  for (let k = first; k < last; k++) {
    const section = sections[k]!;
    if (section.kind === 'unknown') continue;
    // The same section elsewhere in the previous version, if its dependencies are the same lines.
    byHeader ??= headerIndex(prev.doc, first, last - shift);
    let oldIndex = byHeader.get(lines[section.headerLine]!) ?? -1;
    let moved = 0;
    if (oldIndex >= 0) {
      moved = section.headerLine - oldSections[oldIndex]!.headerLine;
      if (!sameSection(oldSections[oldIndex], section, moved) || !sameDependencies(doc, prev.doc, section, moved)) oldIndex = -1;
    }
    if (section.kind === 'interface') {
      sectionEntries[k] = resolveSection(doc, section, 'Interface');
      ifaceKept = false;
      continue;
    }
    const oldPeer = oldIndex >= 0 ? prev.sectionPeers[oldIndex] : undefined;
    const index = peers.length;
    const peer = oldPeer && moved === 0 && oldPeer.index === index ? oldPeer : oldPeer ? movePeer(oldPeer, section, moved, index) : buildPeer(doc, section, k, index);
    sectionEntries[k] = peer.entries;
    sectionPeers[k] = peer;
    peers.push(peer);
  }

  // Peer indices in the common end change together: by the first one's.
  let renumbered = false;
  for (let k = last; k < n; k++) {
    const p = prev.sectionPeers[k - shift];
    if (p !== undefined) {
      renumbered = p.index !== peers.length;
      break;
    }
  }
  for (let k = last; k < n; k++) {
    const oldEntries = prev.sectionEntries[k - shift];
    const oldPeer = prev.sectionPeers[k - shift];
    if (delta === 0 && !renumbered) {
      sectionEntries[k] = oldEntries;
      sectionPeers[k] = oldPeer;
      if (oldPeer !== undefined) peers.push(oldPeer);
      continue;
    }
    const section = sections[k]!;
    if (oldPeer) {
      const peer = movePeer(oldPeer, section, delta, peers.length);
      sectionEntries[k] = peer.entries;
      sectionPeers[k] = peer;
      peers.push(peer);
    } else if (section.kind === 'interface' && delta === 0) {
      sectionEntries[k] = oldEntries;
    } else if (section.kind === 'interface') {
      sectionEntries[k] = resolveSection(doc, section, 'Interface');
      ifaceKept = false;
    }
  }
  return new Model(doc, ifaceKept ? prev.iface : buildInterface(doc, sectionEntries), peers, sectionEntries, sectionPeers);
}

/** The first index whose section satisfies `after` (false then true along the sections), or the count. */
function firstIndex(sections: readonly Section[], after: (s: Section) => boolean): number {
  let lo = 0;
  let hi = sections.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(sections[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Is `old` the same section as `section`, moved by `moved` lines (given equal lines in between)? */
function sameSection(old: Section | undefined, section: Section, moved: number): boolean {
  return old !== undefined && old.kind === section.kind && old.headerLine + moved === section.headerLine && old.endLine + moved === section.endLine;
}

/**
 * The first line a section's model depends on: the comment block directly above its header names it,
 * and the line above that block ends the block (were it a comment, the block would be longer). -1
 * when the block reaches the first line: then the section depends on where the document starts.
 */
function dependencyStart(doc: ConfigDocument, headerLine: number): number {
  return attachedCommentStart(doc, headerLine) - 1;
}

/** Index of the old sections [from, to) by their header's Line. */
function headerIndex(oldDoc: ConfigDocument, from: number, to: number): Map<Line, number> {
  const map = new Map<Line, number>();
  for (let k = from; k < to; k++) map.set(oldDoc.lines[oldDoc.sections[k]!.headerLine]!, k);
  return map;
}

function sameDependencies(doc: ConfigDocument, oldDoc: ConfigDocument, section: Section, moved: number): boolean {
  const from = dependencyStart(doc, section.headerLine);
  if (from < 0 && moved !== 0) return false;
  const lines = doc.lines;
  const oldLines = oldDoc.lines;
  for (let i = Math.max(0, from); i < section.endLine; i++) if (lines[i] !== oldLines[i - moved]) return false;
  return true;
}

/**
 * A section's entries, resolved. Read from the lines rather than `section.entries`, which the parser
 * builds on first use: the rules never ask for it, so a cold build would make 25,000 EntryRefs of a
 * 5,000-peer hub only to copy them. Arrays are allocated at their final size (a model lives long).
 */
function resolveSection(doc: ConfigDocument, section: Section, name: SectionName): ResolvedEntry[] {
  const lines = doc.lines;
  let count = 0;
  for (let i = section.headerLine + 1; i < section.endLine; i++) if (lines[i]!.node.kind === 'entry') count++;
  const out: ResolvedEntry[] = new Array(count);
  let j = 0;
  for (let i = section.headerLine + 1; j < count; i++) {
    const node = lines[i]!.node;
    if (node.kind !== 'entry') continue;
    const match = lookupKey(node.keyText, name);
    out[j++] = match ? { line: i, node, match } : { line: i, node };
  }
  return out;
}

function buildPeer(doc: ConfigDocument, section: Section, sectionIndex: number, index: number): PeerModel {
  const entries = resolveSection(doc, section, 'Peer');
  // One pass: hubs have thousands of peers, so no per-key filtering.
  let allowedIps: CidrItem[] | undefined;
  let publicKey: ResolvedEntry | undefined;
  let presharedKey: ResolvedEntry | undefined;
  let endpointEntry: ResolvedEntry | undefined;
  let keepalive: ResolvedEntry | undefined;
  for (const e of entries) {
    const name = e.match?.info.name;
    if (name === undefined || e.node.valueText === '') continue;
    if (name === 'AllowedIPs') {
      const items = splitList(e.node.valueText, e.node.value.start);
      // Nearly always one AllowedIPs line: its items fill an array of their number.
      let k = allowedIps ? allowedIps.length : 0;
      if (allowedIps) allowedIps.length += items.length;
      else allowedIps = new Array(items.length);
      for (const item of items) {
        const c = cidrOrReason(stripSpaces(item.text), true);
        allowedIps[k++] = typeof c !== 'string' ? { text: item.text, start: item.start, end: item.end, line: e.line, cidr: c } : { text: item.text, start: item.start, end: item.end, line: e.line };
      }
    } else if (name === 'PublicKey') publicKey = e;
    else if (name === 'PresharedKey') presharedKey = e;
    else if (name === 'Endpoint') endpointEntry = e;
    else if (name === 'PersistentKeepalive') keepalive = e;
  }
  let endpoint: PeerModel['endpoint'];
  if (endpointEntry) {
    const p = parseEndpoint(wgValue(endpointEntry));
    endpoint = p.ok ? { line: endpointEntry.line, node: endpointEntry.node, match: endpointEntry.match, parsed: p.value } : endpointEntry;
  }
  const name = sectionCommentName(doc, sectionIndex);
  // One object shape for every peer (absent fields are undefined): cheaper than conditional spreads.
  return { index, origin: newOrigin(), section, entries, allowedIps: allowedIps ?? [], publicKey, presharedKey, endpoint, keepalive, name };
}

/**
 * A peer whose lines are unchanged but moved by `delta` lines (or renumbered): a new model (its
 * positions differ, and downstream caches key on identity) that reuses what was parsed.
 */
function movePeer(old: PeerModel, section: Section, delta: number, index: number): PeerModel {
  if (delta === 0) {
    const { origin, entries, allowedIps, publicKey, presharedKey, endpoint, keepalive, name } = old;
    return { index, origin, section, entries, allowedIps, publicKey, presharedKey, endpoint, keepalive, name };
  }
  // The same lines moved: the same nodes, each line number shifted. Plain loops into arrays of their
  // final size: an Enter in the middle of a big hub moves thousands of peers.
  const oldEntries = old.entries;
  const entries: ResolvedEntry[] = new Array(oldEntries.length);
  let publicKey: ResolvedEntry | undefined;
  let presharedKey: ResolvedEntry | undefined;
  let endpoint: PeerModel['endpoint'];
  let keepalive: ResolvedEntry | undefined;
  // The endpoint is a copy of its entry (with `parsed`): found by its line.
  const endpointLine = old.endpoint === undefined ? -1 : old.endpoint.line;
  for (let i = 0; i < oldEntries.length; i++) {
    const o = oldEntries[i]!;
    const e: ResolvedEntry = o.match ? { line: o.line + delta, node: o.node, match: o.match } : { line: o.line + delta, node: o.node };
    entries[i] = e;
    if (o === old.publicKey) publicKey = e;
    else if (o === old.presharedKey) presharedKey = e;
    else if (o === old.keepalive) keepalive = e;
    if (o.line === endpointLine) {
      const parsed = old.endpoint!.parsed;
      endpoint = parsed ? { line: e.line, node: e.node, match: e.match, parsed } : e;
    }
  }
  const oldItems = old.allowedIps;
  const allowedIps: CidrItem[] = new Array(oldItems.length);
  for (let k = 0; k < oldItems.length; k++) {
    const i = oldItems[k]!;
    allowedIps[k] = i.cidr ? { text: i.text, start: i.start, end: i.end, line: i.line + delta, cidr: i.cidr } : { text: i.text, start: i.start, end: i.end, line: i.line + delta };
  }
  return { index, origin: old.origin, section, entries, allowedIps, publicKey, presharedKey, endpoint, keepalive, name: old.name };
}

/**
 * Origins are counted: a number, nothing to allocate or keep alive, and a later build has a larger
 * one (the validator relies on it to skip a look-up). A small integer for 2^30 builds; past that,
 * still exact as a double.
 */
let lastOrigin = 0;
const newOrigin = () => ++lastOrigin;

const last = (entries: readonly ResolvedEntry[], name: string) => {
  let found: ResolvedEntry | undefined;
  for (const e of entries) if (e.match?.info.name === name && e.node.valueText !== '') found = e;
  return found;
};

const all = (entries: readonly ResolvedEntry[], name: string) =>
  entries.filter((e) => e.match?.info.name === name && e.node.valueText !== '');

function buildInterface(doc: ConfigDocument, sectionEntries: readonly (readonly ResolvedEntry[] | undefined)[]): InterfaceModel {
  const sections: Section[] = [];
  const entries: ResolvedEntry[] = [];
  let first = -1;
  for (let k = 0; k < doc.sections.length; k++) {
    const section = doc.sections[k]!;
    if (section.kind !== 'interface') continue;
    if (first < 0) first = k;
    sections.push(section);
    for (const e of sectionEntries[k]!) entries.push(e);
  }

  // Object literals, not spreads: a pasted list can hold millions of items (a 6 MB DNS line took
  // seconds through `{ ...item, ...(ip ? { ip } : {}) }`).
  const addresses: AddressItem[] = [];
  for (const e of all(entries, 'Address')) {
    for (const { text, start, end } of splitList(e.node.valueText, e.node.value.start, true)) {
      const c = parseCidr(text);
      addresses.push(c.ok ? { text, start, end, line: e.line, cidr: c.value } : { text, start, end, line: e.line });
    }
  }
  const dns: Array<ListItem & { readonly line: number; readonly ip?: IpAddress }> = [];
  for (const e of all(entries, 'DNS')) {
    for (const { text, start, end } of splitList(e.node.valueText, e.node.value.start, true)) {
      const ip = parseIp(text);
      dns.push(ip ? { text, start, end, line: e.line, ip } : { text, start, end, line: e.line });
    }
  }

  return {
    sections,
    entries,
    privateKey: last(entries, 'PrivateKey'),
    listenPort: last(entries, 'ListenPort'),
    mtu: last(entries, 'MTU'),
    fwMark: last(entries, 'FwMark'),
    table: last(entries, 'Table'),
    saveConfig: last(entries, 'SaveConfig'),
    addresses,
    dns,
    ...(first >= 0 ? withName(sectionCommentName(doc, first)) : {}),
  };
}

function withName(name: string | undefined): { name?: string } {
  return name ? { name } : {};
}
