// Completion: section headers, the keys the current section still lacks (for the
// selected target), values with their reasons, and stanza snippets. Everything is
// driven by the schema table; the only invented data is the value lists below.

import { stripSpaces, type ConfigDocument, type EntryLine, type LineNode, type Section } from '../parser.ts';
import { TARGET_WORD, directiveOn, effectiveTarget, firstPeerLine } from '../rules/target-directive.ts';
import { DEFAULT_TARGET, SECTIONS, TARGETS, keysOfSection, lookupKey, type KeyInfo, type SectionName, type Target } from '../schema.ts';
import { generateKeyPair, generatePresharedKey } from '../keys.ts';
import { fixedPortOf } from '../model.ts';
import { bits, covers, formatIp, maskOf, parseCidr, type Cidr } from '../values.ts';
import type { Position, Range } from '../span.ts';
import { keyMarkdown, sectionMarkdown } from './docs.ts';
import { allValues, clampPosition, interfaceValue, lastValue, listItems, schemaSection, sectionAt, spacedHeader } from './document.ts';
import { newUniqueLocalSubnet, nextFreeAddress, subnetText, tunnelSubnets, type AddressBook } from './addressing.ts';
import type { PeerLookup } from './peers.ts';

/** LSP's CompletionItemKind values used here. */
export const CompletionKind = { Module: 9, Property: 10, Value: 12, Keyword: 14, Snippet: 15, EnumMember: 20, Struct: 22 } as const;
/** LSP's InsertTextFormat. */
export const InsertFormat = { PlainText: 1, Snippet: 2 } as const;

type Values<T> = T[keyof T];

export interface CompletionItem {
  label: string;
  kind: Values<typeof CompletionKind>;
  detail?: string;
  documentation?: { kind: 'markdown'; value: string };
  textEdit: { range: Range; newText: string };
  insertTextFormat?: Values<typeof InsertFormat>;
  sortText?: string;
  filterText?: string;
  /** Re-open the suggestions after inserting `Key = `, so values follow at once. */
  command?: { title: string; command: string };
}

export interface CompletionList {
  isIncomplete: boolean;
  items: CompletionItem[];
}

export interface CompletionOptions {
  readonly target?: Target;
  readonly lookupPeer?: PeerLookup;
  /** The addresses the rest of the workspace takes: the next free address is free there too. */
  readonly addressBook?: AddressBook;
}

/**
 * After `wgls-target` in a comment where it counts (before the first [Peer]): the target ids,
 * replacing the id being typed (all of it, when the cursor is inside one).
 */
function targetItems(doc: ConfigDocument, line: number, ch: number): CompletionList {
  const d = line < firstPeerLine(doc) ? directiveOn(doc, line) : undefined;
  // The cursor in the id or right after the separator (`wgls-targetandroid` is no directive).
  if (!d || ch < d.start || ch > d.end || d.start === d.word + TARGET_WORD.length) return EMPTY;
  const range = { start: { line, character: d.start }, end: { line, character: d.end } };
  return {
    isIncomplete: false,
    items: TARGETS.map((t, i) => ({ label: t.id, kind: CompletionKind.EnumMember, detail: t.label, documentation: { kind: 'markdown', value: `Check this file for ${t.label}, whatever the \`wgls.target\` setting says.` }, sortText: String(i), textEdit: { range, newText: t.id } })),
  };
}

const TRIGGER_SUGGEST = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
const EMPTY: CompletionList = { isIncomplete: false, items: [] };

export function complete(doc: ConfigDocument, position: Position, options: CompletionOptions = {}): CompletionList {
  const pos = clampPosition(doc, position);
  if (!pos) return EMPTY;
  // A `# wgls-target` comment in the file overrides the setting (rules/target-directive.ts).
  const target = effectiveTarget(doc, options.target ?? DEFAULT_TARGET);
  const node = doc.lines[pos.line]!.node;
  const ch = pos.character;
  if (node.comment && ch > node.comment.start) return targetItems(doc, pos.line, ch);
  // At or before the `#` of a comment line: a key or header put there would take the comment as its
  // value (`PrivateKey = # note`, an empty value every tool rejects).
  if (node.kind === 'comment') return EMPTY;
  const section = sectionAt(doc, pos.line);

  if (node.kind === 'entry' && ch > node.eq) {
    const match = lookupKey(node.keyText, schemaSection(section));
    // Not for a key of the other section, or before any (wg: "Line unrecognized"): values offered
    // there would say the key belongs (completion review).
    if (!match || match.info.section !== schemaSection(section)) return EMPTY;
    return { isIncomplete: false, items: valueItems(doc, pos.line, ch, node, match.info, section, options) };
  }

  const replace = wordRange(node, pos.line, ch);
  const typed = node.text.slice(replace.start.character, ch).trimStart();
  const items: CompletionItem[] = [];
  // After a word on a line with no `=` (`PrivateKey |`): a key here would follow it (`PrivateKey MTU = `).
  const afterWord = node.kind !== 'entry' && node.kind !== 'section' && node.text.slice(0, replace.start.character).trim() !== '';
  // A header replaces the whole line's content only: on a `Key = value` line (the key replaced) or
  // after another word it would make `[Peer] = 1420` or `foo [Peer]` (review). On a blank line in the
  // middle of a section it would hand the section's later keys to the new one (completion review):
  // there only once `[` is typed.
  if (
    node.kind !== 'entry' &&
    !afterWord &&
    node.text.slice(replace.end.character, node.comment?.start ?? node.text.length).trim() === '' &&
    (node.kind !== 'blank' || atSectionTail(doc, section, pos.line))
  ) {
    items.push(...headerItems(doc, pos.line, replace, target));
  }
  if (afterWord) return { isIncomplete: false, items };
  if (typed.startsWith('[') || node.kind === 'section') return { isIncomplete: false, items };

  const name = schemaSection(section);
  if (name && section) {
    const hasEq = node.kind === 'entry';
    // wg merges every [Interface] into one: keys set in another count as present too.
    const sections = name === 'Interface' ? doc.sections.filter((s) => s.kind === 'interface') : [section];
    // The cursor in the blanks between key and `=` (the range must reach it): they stay after the name.
    // (`|= 1420`: a blank before the `=`; `Pers| 25`: none after the `=`, the blank is there.)
    const blanks = node.kind === 'entry' && ch > node.key.end ? node.text.slice(node.key.end, ch) : node.kind === 'entry' && node.text[replace.end.character] === '=' ? ' ' : '';
    const spaced = !hasEq && /^[ \t]/.test(node.text.slice(replace.end.character));
    items.push(...keyItems(sections, name, pos.line, target, replace, hasEq, blanks, spaced, spacedHeader(section)));
  }
  // (From column 0: an editor indents every line of a snippet by the text before it.)
  if (node.kind === 'blank' && atSectionTail(doc, section, pos.line)) items.push(...stanzaItems(doc, { start: { line: pos.line, character: 0 }, end: replace.end }, options, target));
  return { isIncomplete: false, items };
}

/** What the typed word covers: the key of an entry, or the line's content up to the cursor's word end. */
function wordRange(node: LineNode, line: number, ch: number): Range {
  let start: number;
  let end: number;
  if (node.kind === 'entry') {
    start = Math.min(node.key.start, ch);
    end = Math.max(node.key.end, ch);
  } else if (node.kind === 'section') {
    start = Math.min(node.open, ch);
    end = Math.max(node.close >= 0 ? node.close + 1 : node.name.end, ch);
  } else {
    const text = node.text;
    const limit = node.comment ? node.comment.start : text.length;
    start = ch;
    while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
    end = ch;
    while (end < limit && !/\s/.test(text[end]!)) end++;
  }
  return { start: { line, character: start }, end: { line, character: end } };
}

function headerItems(doc: ConfigDocument, line: number, range: Range, target: Target): CompletionItem[] {
  const hasInterface = doc.sections.some((s) => s.kind === 'interface' && s.headerLine !== line);
  return SECTIONS.filter((s) => s.repeatable || !hasInterface).map((s) => ({
    label: `[${s.name}]`,
    kind: CompletionKind.Module,
    detail: s.summary,
    documentation: { kind: 'markdown', value: sectionMarkdown(s, undefined, target) },
    textEdit: { range, newText: `[${s.name}]` },
    filterText: `[${s.name}]`,
    sortText: `2-${s.name}`,
  }));
}

/** Keys of the section accepted by the target and not yet present (repeatable keys always). */
/** `header`: the section's header as written when it has blanks inside its brackets (see spacedHeader). */
function keyItems(sections: readonly Section[], name: SectionName, line: number, target: Target, range: Range, hasEq: boolean, blanks = '', spaced = false, header?: string): CompletionItem[] {
  const present = new Set<string>();
  for (const section of sections) {
    for (const e of section.entries) {
      if (e.line === line) continue;
      const m = lookupKey(e.node.keyText, name);
      if (m) present.add(m.info.name);
    }
  }
  return keysOfSection(name)
    // (Windows keeps only the last line of each hook, as duplicate-key says: no second one offered.)
    .filter((k) => k.targets.includes(target) && ((k.repeatable && !(target === 'windows' && k.kind === 'command')) || !present.has(k.name)))
    // (ExcludedApplications once IncludedApplications is set: invalid-applications.)
    .filter((k) => k.excludes === undefined || !present.has(k.excludes))
    .map((k) => ({
      label: k.name,
      kind: CompletionKind.Property,
      detail: k.summary,
      documentation: { kind: 'markdown', value: keyMarkdown(k, { target, ...(header !== undefined ? { spacedHeader: header } : {}) }) },
      textEdit: { range, newText: hasEq ? k.name + blanks : spaced ? `${k.name} =` : `${k.name} = ` },
      // Required keys first, then the schema's order (most used first); under `[ Interface ]` the keys
      // only wg-quick reads last: they fail there (the documentation says why).
      sortText: `${header !== undefined && !k.targets.includes('wg') ? 2 : k.requiredBy?.includes(target) ? 0 : 1}-${String(keysOfSection(name).indexOf(k)).padStart(2, '0')}`,
      ...(hasEq || !hasValueItems(k) ? {} : { command: TRIGGER_SUGGEST }),
    }));
}

function hasValueItems(k: KeyInfo): boolean {
  return k.kind !== 'endpoint' && k.kind !== 'command' && k.kind !== 'public-key' && k.kind !== 'app-list';
}

/** True when nothing but blank lines and comments follows `line` in its section: a stanza fits there. */
function atSectionTail(doc: ConfigDocument, section: Section | undefined, line: number): boolean {
  if (!section) return doc.sections.every((s) => s.headerLine > line) ? doc.sections.length === 0 : true;
  // Under an [Interface] or [Peer] with no entry yet (a header just typed) its keys come next, not another
  // section: accepted, `[Peer]` left an empty section above the new one (missing-public-key; editor review).
  // Once `[` is typed the headers are offered (the line is then no blank).
  if (section.entries.length === 0 && (section.kind === 'interface' || section.kind === 'peer')) return false;
  return section.entries.every((e) => e.line < line);
}

function stanzaItems(doc: ConfigDocument, range: Range, options: CompletionOptions, target: Target): CompletionItem[] {
  const items: CompletionItem[] = [];
  const subnets = tunnelSubnets(doc);
  const v4 = subnets.find((s) => s.family === 4) ?? subnets[0];
  const free = v4 ? nextFreeAddress(doc, v4, options.lookupPeer, options.addressBook) : undefined;
  const allowed = free ? `${free.address}/${bits(free.subnet.family)}` : '10.0.0.2/32';
  items.push({
    label: '[Peer] stanza',
    kind: CompletionKind.Snippet,
    detail: free ? `New peer at ${allowed}: the next free address in ${subnetText(free.subnet)}` : 'New peer',
    documentation: { kind: 'markdown', value: 'A new `[Peer]` with its public key, the addresses routed to it and (optionally) where to reach it.' },
    textEdit: { range, newText: `[Peer]\nPublicKey = \${1:<the peer's public key>}\nAllowedIPs = \${2:${allowed}}\n\${3:Endpoint = \${4:host}:\${5:51820}}\n$0` },
    insertTextFormat: InsertFormat.Snippet,
    sortText: '3-peer',
  });
  if (!doc.sections.some((s) => s.kind === 'interface')) {
    items.push({
      label: '[Interface] stanza',
      kind: CompletionKind.Snippet,
      detail: target === 'wg' ? 'This host: a new private key and its port' : 'This host: a new private key, its tunnel address and port',
      documentation: { kind: 'markdown', value: 'A new `[Interface]` with a freshly generated private key.' },
      textEdit: {
        range,
        // Plain wg reads no Address ("Line unrecognized"): the address is set with `ip address add`.
        newText:
          target === 'wg'
            ? `[Interface]\nPrivateKey = ${generateKeyPair().privateKey}\nListenPort = \${1:51820}\n$0`
            : `[Interface]\nPrivateKey = ${generateKeyPair().privateKey}\nAddress = \${1:10.0.0.1/24}\nListenPort = \${2:51820}\n$0`,
      },
      insertTextFormat: InsertFormat.Snippet,
      sortText: '3-interface',
    });
  }
  return items;
}

// ------------------------------------------------------------------ values

interface ValueChoice {
  readonly value: string;
  readonly detail: string;
  readonly doc?: string;
  /** What the list shows, when not the value: a generated key is inserted, never shown (completion review). */
  readonly label?: string;
}

function valueItems(
  doc: ConfigDocument,
  line: number,
  ch: number,
  entry: EntryLine,
  info: KeyInfo,
  section: Section | undefined,
  options: CompletionOptions,
): CompletionItem[] {
  const list = info.kind === 'allowed-ips' || info.kind === 'address-list' || info.kind === 'dns-list';
  const range = list ? itemRange(entry, line, ch, info.kind !== 'allowed-ips') : scalarRange(entry, line, ch);
  if (!range) return [];
  // Right after the `=` (in the line's own style: `MTU=` gets `MTU=1420`, not `MTU= 1420`: editor review),
  // or a new item right after a comma: a blank before the value.
  const empty = range.start.character === range.end.character;
  const spacedEq = entry.eq > 0 && (entry.text[entry.eq - 1] === ' ' || entry.text[entry.eq - 1] === '\t');
  const lead = (range.start.character === entry.eq + 1 && spacedEq) || (list && empty && entry.text[range.start.character - 1] === ',') ? ' ' : '';
  // A new item before another (`10.0.0.2/32,| 192.168.1.0/24`, `=| 10.0.0.2/32`): its comma after it,
  // else the two would be glued into one item (review).
  // Before a comment glued to the cursor (`MTU = |# note`): a blank between.
  const tail = list && empty ? commaBefore(entry, ch) : entry.text[range.end.character] === '#' ? ' ' : '';
  const target = effectiveTarget(doc, options.target ?? DEFAULT_TARGET);
  // A key the target does not read (Table for wg or Android): no values to offer, the line is refused.
  if (!info.targets.includes(target)) return [];
  const choices = valueChoices(doc, info, section, options, entry, line, ch, target);
  return choices.map((c, i) => ({
    label: c.label ?? c.value,
    kind: CompletionKind.Value,
    detail: c.detail,
    ...(c.doc ? { documentation: { kind: 'markdown' as const, value: c.doc } } : {}),
    textEdit: { range, newText: lead + c.value + tail },
    ...(lead || c.label ? { filterText: lead + (c.label ?? c.value) } : {}),
    sortText: String(i).padStart(2, '0'),
  }));
}

/**
 * What a value choice replaces: the value (from the cursor when it is in the blanks before it), or
 * nothing at the cursor when there is none. Undefined past a value (`MTU = 1420 |`): a second value
 * there would be glued to the first (wg removes the blank: 14201420).
 */
function scalarRange(entry: EntryLine, line: number, ch: number): Range | undefined {
  const { start, end } = entry.value;
  if (end === start) return { start: { line, character: ch }, end: { line, character: ch } };
  if (ch > end) return undefined;
  return { start: { line, character: Math.min(ch, start) }, end: { line, character: end } };
}

/**
 * The list item under the cursor, or an empty range at the cursor after `=` or a comma. Undefined
 * after an item with only blanks between (`0.0.0.0/0 |`): a new item there, without its comma, is
 * glued to the last one by wg (AllowedIPs) or read as one by the apps.
 */
function itemRange(entry: EntryLine, line: number, ch: number, spaces: boolean): Range | undefined {
  // The cursor right after a comma, at the first character of the next item (`a,|b`), starts a new item
  // before it: replacing `b` would lose it (completion review).
  const item = listItems(entry, spaces).find((i) => ch >= i.start && ch <= i.end && i.text !== '' && !(ch === i.start && entry.text[ch - 1] === ','));
  if (item) return { start: { line, character: item.start }, end: { line, character: item.end } };
  const before = entry.text.slice(entry.eq + 1, ch).trimEnd();
  if (before !== '' && !before.endsWith(',')) return undefined;
  return { start: { line, character: ch }, end: { line, character: ch } };
}

/** What a new list item at `ch` needs after it: a comma (and a blank) when another item follows, a blank before a glued comment, else nothing. */
function commaBefore(entry: EntryLine, ch: number): string {
  const rest = entry.text.slice(ch, Math.max(ch, entry.value.end));
  const blanks = /^[ \t]*/.exec(rest)![0].length;
  // (A comment glued to the cursor gets the blank before it the formatter writes: `a, b # x`.)
  if (blanks === rest.length || rest[blanks] === ',') return entry.text[ch] === '#' ? ' ' : '';
  return blanks > 0 ? ',' : ', ';
}

const RESOLVERS: readonly ValueChoice[] = [
  { value: '1.1.1.1, 1.0.0.1', detail: 'Cloudflare' },
  { value: '9.9.9.9, 149.112.112.112', detail: 'Quad9 (blocks malicious domains)' },
  { value: '8.8.8.8, 8.8.4.4', detail: 'Google Public DNS' },
];

function valueChoices(
  doc: ConfigDocument,
  info: KeyInfo,
  section: Section | undefined,
  options: CompletionOptions,
  entry: EntryLine,
  line: number,
  ch: number,
  target: Target,
): ValueChoice[] {
  switch (info.kind) {
    case 'table':
      // Windows reads the key but acts on `off` only (reference §3.1 Table).
      if (target === 'windows') {
        return [
          { value: 'off', detail: 'add no routes for AllowedIPs (you route yourself)' },
          { value: 'auto', detail: 'the default: routes for AllowedIPs (Windows treats every value but off alike)' },
        ];
      }
      return [
        { value: 'auto', detail: 'default (Linux): main table, /0 routes in their own table with fwmark rules' },
        { value: 'off', detail: 'add no routes (you route yourself, e.g. in PostUp)' },
        { value: 'main', detail: 'everything in the main table, a /0 without the fwmark rules (fails with "File exists" next to the host\'s default route)' },
      ];
    case 'bool':
      return [
        { value: 'false', detail: 'wg-quick down leaves this file alone (keeps comments; wg-quick save still rewrites)' },
        { value: 'true', detail: 'rewrite this file from the live interface on down; comments are lost' },
      ];
    case 'mtu':
      return [
        { value: '1420', detail: 'Ethernet / most broadband: 1500 − 80 (the wg-quick default)' },
        { value: '1412', detail: 'PPPoE (DSL): 1492 − 80' },
        { value: '1280', detail: 'cellular or unknown paths: the IPv6 minimum (Android/iOS default)' },
      ];
    case 'keepalive':
      return [
        { value: '25', detail: 'every 25 s: the documented value that keeps NAT mappings open' },
        { value: '0', detail: 'off (the default); portable, unlike "off"' },
      ];
    case 'port':
      return [{ value: '51820', detail: 'the conventional WireGuard port' }];
    case 'fwmark':
      return [{ value: 'off', detail: 'no mark (the default)' }];
    case 'private-key':
      if (entry.valueText !== '') return [];
      {
        const pair = generateKeyPair();
        return [{ value: pair.privateKey, label: 'New private key (like wg genkey)', detail: `public key ${pair.publicKey}`, doc: 'A fresh key made like `wg genkey`, inserted here and never shown. Give the public key to the other ends.' }];
      }
    case 'preshared-key':
      if (entry.valueText !== '') return [];
      if (info.name === 'HeaderProtectionKey') {
        return [{ value: generatePresharedKey(), label: 'New header protection key (like wg genpsk)', detail: 'needs S1–S4 of at least 12', doc: 'A fresh key, inserted here and never shown. Put the **same** key in the other end\'s config; with it each of S1–S4 must be at least 12 (amneziawg-go).' }];
      }
      return [{ value: generatePresharedKey(), label: 'New preshared key (like wg genpsk)', detail: 'the same key goes into the other end', doc: 'A fresh key made like `wg genpsk`, inserted here and never shown. Put the **same** key in the peer\'s `[Peer]` section for this host.' }];
    case 'address-list':
      return addressChoices(doc, options, line, ch);
    case 'allowed-ips':
      return allowedIpChoices(doc, section, options, line, ch);
    case 'dns-list':
      return dnsChoices(doc, entry, ch);
    case 'uint16':
    case 'u32-range':
      return amneziaChoice(doc, info, line) ?? exampleChoice(info);
    default:
      return exampleChoice(info);
  }
}

/**
 * An AmneziaWG value that agrees with the interface's other ones (the rules of checkAmneziaValues):
 * Jmin not above Jmax, Jmax not below Jmin, each of S1–S4 at least 12 with a HeaderProtectionKey, an H
 * range overlapping no other. The schema's fixed example broke them (editor review). Undefined: the
 * example fits.
 */
function amneziaChoice(doc: ConfigDocument, info: KeyInfo, line: number): ValueChoice[] | undefined {
  /** The interface's other values, as awg reads them (blanks removed; the last line of a key counts). */
  const values = new Map<string, string>();
  for (const s of doc.sections) {
    if (s.kind !== 'interface') continue;
    for (const e of s.entries) {
      const name = lookupKey(e.node.keyText, 'Interface')?.info.name;
      const v = stripSpaces(e.node.valueText);
      if (name && e.line !== line && v !== '') values.set(name, v);
    }
  }
  const example = Number(info.example.slice(info.example.indexOf('=') + 1).trim());
  const number = (name: string) => (/^[0-9]+$/.test(values.get(name) ?? '') ? Number(values.get(name)) : undefined);
  const name = info.name;
  if (name === 'Jmin' && (number('Jmax') ?? Infinity) < example) return [{ value: String(number('Jmax')), detail: 'at most Jmax' }];
  if (name === 'Jmax' && (number('Jmin') ?? -1) > example) return [{ value: String(number('Jmin')), detail: 'at least Jmin' }];
  if (/^S[1-4]$/.test(name) && values.has('HeaderProtectionKey') && example < 12) return [{ value: '12', detail: 'at least 12 with HeaderProtectionKey' }];
  if (/^H[1-4]$/.test(name)) {
    const taken = ['H1', 'H2', 'H3', 'H4'].flatMap((h, i) => {
      if (h === name) return [];
      const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(values.get(h) ?? '');
      // An H not written is its message type (1–4) to amneziawg-go.
      return m ? [[Number(m[1]), Number(m[2] ?? m[1])]] : [[i + 1, i + 1]];
    });
    // Past each range it falls in (at most three: v only grows).
    let v = example;
    for (let hit = taken.find(([lo, hi]) => v >= lo! && v <= hi!); hit; hit = taken.find(([lo, hi]) => v >= lo! && v <= hi!)) v = hit[1]! + 1;
    if (v !== example && v <= 0xffffffff) return [{ value: String(v), detail: 'overlaps no other header' }];
  }
  return undefined;
}

/**
 * The next free address of each tunnel subnet the interface has no address in yet (a second address
 * in the same subnet is no use: after `Address = 10.0.0.1/24, ` the IPv6 half is what is missing),
 * then a new unique local IPv6 subnet when the interface has no IPv6 address and no IPv6 subnet is
 * known. The item being completed (the one at `line`, `ch`) does not count as an address it has.
 */
function addressChoices(doc: ConfigDocument, options: CompletionOptions, line: number, ch: number): ValueChoice[] {
  const have = interfaceAddresses(doc, line, ch);
  const out: ValueChoice[] = [];
  let v6 = have.some((c) => c.family === 6);
  for (const subnet of tunnelSubnets(doc)) {
    if (subnet.family === 6) v6 = true;
    if (have.some((c) => c.family === subnet.family && (c.address & maskOf(c.family, subnet.prefix)) === subnet.network)) continue;
    const free = nextFreeAddress(doc, subnet, options.lookupPeer, options.addressBook);
    if (!free) continue;
    out.push({
      value: `${free.address}/${subnet.prefix}`,
      detail: `next free address in ${subnetText(subnet)} (subnet from ${subnet.source}; ${free.taken} in use)`,
    });
  }
  if (out.length === 0 && !have.some((c) => c.family === 4)) out.push({ value: '10.0.0.1/24', detail: 'first host of a new private tunnel subnet' });
  if (!v6) {
    const ula = newUniqueLocalSubnet();
    out.push({
      value: `${formatIp(6, ula + 1n)}/64`,
      detail: `first host of a new unique local IPv6 subnet ${formatIp(6, ula)}/64 (random, RFC 4193)`,
      doc: 'A random 40-bit global ID, as RFC 4193 asks, so two networks joined later do not collide. Give every peer an address in this `/64` (`…::2/128`, `…::3/128`) and route `::/0` too if the tunnel carries all traffic.',
    });
  }
  return out;
}

/** The parsed items of every `Address` line of the [Interface] sections, but the one at `line`, `ch`. */
function interfaceAddresses(doc: ConfigDocument, line: number, ch: number): Cidr[] {
  const out: Cidr[] = [];
  for (const s of doc.sections) {
    if (s.kind !== 'interface') continue;
    for (const v of allValues(s, 'Address')) {
      for (const item of listItems(v.entry, true)) {
        if (v.line === line && ch >= item.start && ch <= item.end) continue;
        const c = parseCidr(item.text);
        if (c.ok) out.push(c.value);
      }
    }
  }
  return out;
}

function allowedIpChoices(doc: ConfigDocument, section: Section | undefined, options: CompletionOptions, line: number, ch: number): ValueChoice[] {
  const out: ValueChoice[] = [];
  // What the peer routes already (every AllowedIPs line of it; not the item being completed).
  const listed = new Set<string>();
  for (const v of section ? allValues(section, 'AllowedIPs') : []) {
    for (const item of listItems(v.entry)) if (!(v.line === line && ch >= item.start && ch <= item.end)) listed.add(stripSpaces(item.text));
  }
  const pub = section ? lastValue(section, 'PublicKey')?.entry.valueText : undefined;
  const peer = pub ? options.lookupPeer?.(pub) : undefined;
  for (const a of peer?.addresses ?? []) {
    const slash = a.indexOf('/');
    const host = slash < 0 ? a : a.slice(0, slash);
    out.push({ value: `${host}/${host.includes(':') ? 128 : 32}`, detail: `${peer!.name}'s own address: just this peer` });
  }
  for (const subnet of tunnelSubnets(doc)) {
    const free = nextFreeAddress(doc, subnet, options.lookupPeer, options.addressBook);
    if (free && !out.some((o) => o.value.startsWith(`${free.address}/`))) {
      out.push({ value: `${free.address}/${bits(subnet.family)}`, detail: `a new peer: the next free address in ${subnetText(subnet)}` });
    }
    out.push({ value: subnetText(subnet), detail: `the whole tunnel subnet (from ${subnet.source}): reach every peer through this one` });
  }
  // Not to a peer that dials in (this side listens, the peer has no Endpoint): a server's route of
  // everything to a client, which default-route-to-client warns of (completion review).
  // (The ListenPort as the rules read it: model.ts listenPortOf.)
  const port = interfaceValue(doc, 'ListenPort')?.entry.valueText;
  const dialsIn = section !== undefined && port !== undefined && fixedPortOf(stripSpaces(port)) !== undefined && !lastValue(section, 'Endpoint');
  if (dialsIn) {
    // (Nothing offered for all traffic.)
  } else if (!listed.has('0.0.0.0/0') && !listed.has('::/0')) out.push({ value: '0.0.0.0/0, ::/0', detail: 'all traffic: a full-tunnel VPN through this peer' });
  else if (!listed.has('::/0')) out.push({ value: '::/0', detail: 'all IPv6 traffic too (with 0.0.0.0/0: a full tunnel, no IPv6 leak)' });
  else if (!listed.has('0.0.0.0/0')) out.push({ value: '0.0.0.0/0', detail: 'all IPv4 traffic too (with ::/0: a full tunnel)' });
  // Nor what an item of the peer already covers (`10.0.0.0/24, ` then 10.0.0.5/32: allowed-ips-nested).
  const routes = [...listed].flatMap((t) => {
    const c = parseCidr(t, true);
    return c.ok && c.value.sign !== '-' ? [c.value] : [];
  });
  const covered = (value: string) => {
    const c = parseCidr(value);
    return c.ok && routes.some((r) => r.family === c.value.family && r.prefix <= c.value.prefix && covers(r, r.family, c.value.network));
  };
  return out.filter((c) => !listed.has(c.value) && !covered(c.value));
}

function dnsChoices(doc: ConfigDocument, entry: EntryLine, ch: number): ValueChoice[] {
  const out: ValueChoice[] = [];
  for (const subnet of tunnelSubnets(doc)) {
    const first = formatIp(subnet.family, subnet.network + 1n);
    out.push({ value: first, detail: `first address of the tunnel subnet ${subnetText(subnet)}: usually the hub running a resolver` });
  }
  // Not a server the line already lists (in another item than the one being completed, which the
  // choice replaces: completing `1.1` still offers 1.1.1.1).
  const listed = new Set(listItems(entry, true).filter((i) => !(ch >= i.start && ch <= i.end)).map((i) => i.text));
  return [...out, ...RESOLVERS].filter((c) => !c.value.split(/,\s*/).some((v) => listed.has(v)));
}

function exampleChoice(info: KeyInfo): ValueChoice[] {
  // An example host or command is no value to accept: it would look real and be wrong.
  if (info.kind === 'endpoint' || info.kind === 'command') return [];
  const eq = info.example.indexOf('=');
  const value = eq < 0 ? '' : info.example.slice(eq + 1).trim();
  if (!value || value.startsWith('<')) return [];
  return [{ value, detail: 'example' }];
}
