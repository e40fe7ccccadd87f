// The semantic model of one config: keys resolved against the schema and the
// values rules care about parsed once, with their spans. Built once per parse and
// shared by the rules, hover, completion and the workspace index.

import type { ConfigDocument, EntryRef, Line, Section } from './parser.ts';
import { lookupKey, type KeyInfo, type KeyMatch, type SectionName } from './schema.ts';
import { parseCidr, parseEndpoint, parseIp, splitList, type Cidr, type Endpoint, type IpAddress, type ListItem } from './values.ts';
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

function sectionName(kind: Section['kind']): SectionName | undefined {
  return kind === 'interface' ? 'Interface' : kind === 'peer' ? 'Peer' : undefined;
}

function resolve(entries: readonly EntryRef[], section: SectionName | undefined): ResolvedEntry[] {
  const out: ResolvedEntry[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const match = lookupKey(e.node.keyText, section);
    out[i] = match ? { line: e.line, node: e.node, match } : e;
  }
  return out;
}

const last = (entries: readonly ResolvedEntry[], name: string) => {
  let found: ResolvedEntry | undefined;
  for (const e of entries) if (e.match?.info.name === name && e.node.valueText !== '') found = e;
  return found;
};

const all = (entries: readonly ResolvedEntry[], name: string) =>
  entries.filter((e) => e.match?.info.name === name && e.node.valueText !== '');

/** wg strips all whitespace from a value before reading it. */
export function wgValue(e: EntryRef): string {
  const v = stripSpaces(e.node.valueText);
  // wg-quick reads the file with bash's `read`, which drops NUL bytes.
  return v.includes('\u0000') ? v.split('\u0000').join('') : v;
}

export function isKey(e: ResolvedEntry, info: KeyInfo | string): boolean {
  return e.match?.info.name === (typeof info === 'string' ? info : info.name);
}

export function buildModel(doc: ConfigDocument): ConfigModel {
  const ifaceSections: Section[] = [];
  const ifaceEntries: ResolvedEntry[] = [];
  const peers: PeerModel[] = [];
  const allEntries: ResolvedEntry[] = [];
  const bySection = new Map<Section, readonly ResolvedEntry[]>();
  const peerOf = new Map<Section, PeerModel>();

  for (let sectionIndex = 0; sectionIndex < doc.sections.length; sectionIndex++) {
    const section = doc.sections[sectionIndex]!;
    const name = sectionName(section.kind);
    if (!name) continue;
    if (section.kind === 'peer') {
      const { entries, peer } = peerSection(doc, section, sectionIndex, peers.length);
      bySection.set(section, entries);
      for (const e of entries) allEntries.push(e);
      peers.push(peer);
      peerOf.set(section, peer);
      continue;
    }
    const entries = resolve(section.entries, name);
    bySection.set(section, entries);
    for (const e of entries) allEntries.push(e);
    ifaceSections.push(section);
    ifaceEntries.push(...entries);
  }

  const addresses: AddressItem[] = [];
  for (const e of all(ifaceEntries, 'Address')) {
    for (const item of splitList(e.node.valueText, e.node.value.start, true)) {
      const c = parseCidr(item.text);
      addresses.push({ ...item, line: e.line, ...(c.ok ? { cidr: c.value } : {}) });
    }
  }
  const dns = all(ifaceEntries, 'DNS').flatMap((e) =>
    splitList(e.node.valueText, e.node.value.start, true).map((item) => {
      const ip = parseIp(item.text);
      return { ...item, line: e.line, ...(ip ? { ip } : {}) };
    }),
  );

  const iface: InterfaceModel = {
    sections: ifaceSections,
    entries: ifaceEntries,
    privateKey: last(ifaceEntries, 'PrivateKey'),
    listenPort: last(ifaceEntries, 'ListenPort'),
    mtu: last(ifaceEntries, 'MTU'),
    table: last(ifaceEntries, 'Table'),
    saveConfig: last(ifaceEntries, 'SaveConfig'),
    addresses,
    dns,
    ...(ifaceSections[0] ? withName(sectionCommentName(doc, doc.sections.indexOf(ifaceSections[0]))) : {}),
  };
  return { doc, iface, peers, entries: allEntries, bySection, peerOf };
}

function withName(name: string | undefined): { name?: string } {
  return name ? { name } : {};
}

/**
 * A [Peer]'s resolved entries and model, reused across versions of a document while its lines are the
 * same Line objects at the same place (reparse keeps unchanged lines' objects): a keystroke in a hub of
 * thousands of peers rebuilds one peer, not all. The comment block above the header and the line above
 * it are part of the key (a `# name` comment there names the peer), and so is the peer's index.
 */
interface CachedPeer {
  readonly headerLine: number;
  readonly endLine: number;
  readonly index: number;
  readonly lines: readonly Line[];
  readonly entries: ResolvedEntry[];
  readonly peer: PeerModel;
}

const peerCache = new WeakMap<Line, CachedPeer>();

function peerSection(doc: ConfigDocument, section: Section, sectionIndex: number, index: number): { entries: ResolvedEntry[]; peer: PeerModel } {
  const from = Math.max(0, attachedCommentStart(doc, section.headerLine) - 1);
  const key = doc.lines[section.headerLine]!;
  const hit = peerCache.get(key);
  if (hit && hit.headerLine === section.headerLine && hit.endLine === section.endLine && hit.index === index && sameLines(doc.lines, from, hit.lines)) {
    return hit;
  }
  const entries = resolve(section.entries, 'Peer');
  const peer = buildPeer(doc, section, sectionIndex, entries, index);
  peerCache.set(key, { headerLine: section.headerLine, endLine: section.endLine, index, lines: doc.lines.slice(from, section.endLine), entries, peer });
  return { entries, peer };
}

function sameLines(lines: readonly Line[], from: number, cached: readonly Line[]): boolean {
  for (let i = 0; i < cached.length; i++) if (lines[from + i] !== cached[i]) return false;
  return true;
}

function buildPeer(doc: ConfigDocument, section: Section, sectionIndex: number, entries: ResolvedEntry[], index: number): PeerModel {
  // One pass: hubs have thousands of peers, so no per-key filtering.
  const allowedIps: CidrItem[] = [];
  let publicKey: ResolvedEntry | undefined;
  let presharedKey: ResolvedEntry | undefined;
  let endpointEntry: ResolvedEntry | undefined;
  let keepalive: ResolvedEntry | undefined;
  for (const e of entries) {
    const name = e.match?.info.name;
    if (name === undefined || e.node.valueText === '') continue;
    if (name === 'AllowedIPs') {
      for (const item of splitList(e.node.valueText, e.node.value.start)) {
        const c = parseCidr(stripSpaces(item.text), true);
        allowedIps.push(c.ok ? { text: item.text, start: item.start, end: item.end, line: e.line, cidr: c.value } : { text: item.text, start: item.start, end: item.end, line: e.line });
      }
    } else if (name === 'PublicKey') publicKey = e;
    else if (name === 'PresharedKey') presharedKey = e;
    else if (name === 'Endpoint') endpointEntry = e;
    else if (name === 'PersistentKeepalive') keepalive = e;
  }
  let endpoint: PeerModel['endpoint'];
  if (endpointEntry) {
    const p = parseEndpoint(wgValue(endpointEntry));
    endpoint = p.ok ? { ...endpointEntry, parsed: p.value } : endpointEntry;
  }
  const name = sectionCommentName(doc, sectionIndex);
  // One object shape for every peer (absent fields are undefined): cheaper than conditional spreads.
  return { index, section, entries, allowedIps, publicKey, presharedKey, endpoint, keepalive, name };
}
