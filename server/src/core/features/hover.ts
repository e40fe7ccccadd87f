// Hover: what a directive does (from the schema table) and what a value means
// (a prefix's range, an endpoint's host and port, the public key of a private key).
// Secret values are never echoed: a PrivateKey hover shows the *derived public* key,
// a PresharedKey hover shows nothing of the value.

import { appTrimmedValue, invisiblesIn } from '../strings.ts';
import { stripSpaces, type ConfigDocument, type EntryLine, type Section } from '../parser.ts';
import { isFileSecret, resemblesSecret } from './secrets.ts';
import { DEFAULT_TARGET, TARGETS, lookupKey, sectionInfo, type KeyInfo, type Target } from '../schema.ts';
import { TARGET_WORD, targetDirective } from '../rules/target-directive.ts';
import { keepaliveOffRefusedBy, readAs } from '../rules/values.ts';
import { ANDROID_HOSTNAME, APP_NAME, appDoes, appOf, dnsServerFor, quickName, wgName } from '../rules/apps.ts';
import { isCanonicalDefault, tableModeOf } from '../rules/routing.ts';
import { publicKeyOfCached } from '../keys.ts';
import { lineRange, type Position, type Range } from '../span.ts';
import {
  formatCidr,
  formatIp,
  keyProblem,
  parseCidr,
  parseEndpoint,
  isDnsServer,
  parseFwMark,
  parseIp,
  parseKeepalive,
  parsePort,
  strtoulBase0,
  windowsReadsTable,
  type ListItem,
} from '../values.ts';
import { cidrRange, formatCount } from './cidr-range.ts';
import { keyMarkdown, sectionMarkdown, targetWarning } from './docs.ts';
import { clampPosition, interfaceValue, listItems, schemaSection, sectionAt, spacedHeader } from './document.ts';
import { fileStem, type PeerLookup } from './peers.ts';
import { keyPieces, redactKeys, redactWithPieces } from '../redact.ts';

export interface Hover {
  readonly contents: { readonly kind: 'markdown'; readonly value: string };
  readonly range: Range;
}

export interface HoverOptions {
  readonly target?: Target;
  /** Names public keys (open documents today, the workspace model later). */
  readonly lookupPeer?: PeerLookup;
  /** The document's URI, for command hints (`wg0` from `wg0.conf`). */
  readonly uri?: string;
  /** Other configs' private keys (blanks removed): a PublicKey that is one of them is hidden too. */
  readonly secrets?: ReadonlySet<string>;
}

const md = (value: string, range: Range): Hover => ({ contents: { kind: 'markdown', value }, range });
/**
 * `h` with key-shaped text hidden, and the pieces of the hovered line's keys (keyPieces): hovering one
 * half of a key typed as two DNS items quotes that half alone, which has no key's shape (secrets review).
 */
const hidingKeys = (h: Hover, line: string): Hover => ({ ...h, contents: { kind: 'markdown', value: redactWithPieces(h.contents.value, piecesOf(line)) } });

/** keyPieces of the last line hovered: moving along a line of megabytes asks for the same pieces again. */
let lastPieces: { readonly line: string; readonly pieces: readonly string[] } | undefined;
function piecesOf(line: string): readonly string[] {
  if (lastPieces?.line !== line) lastPieces = { line, pieces: keyPieces(line) };
  return lastPieces.pieces;
}

export async function hover(doc: ConfigDocument, position: Position, given: HoverOptions = {}): Promise<Hover | null> {
  const pos = clampPosition(doc, position);
  if (!pos) return null;
  const node = doc.lines[pos.line]!.node;
  const ch = pos.character;
  const setting = given.target ?? DEFAULT_TARGET;
  if (node.comment && ch > node.comment.start) return targetHover(doc, pos.line, ch, setting);
  // The file's `# wgls-target` comment, if any, decides which tool the key docs speak for.
  const fileTarget = targetDirective(doc)?.target;
  const options: HoverOptions = fileTarget ? { ...given, target: fileTarget } : given;

  if (node.kind === 'section') {
    const section = sectionAt(doc, pos.line);
    const name = schemaSection(section);
    const end = node.close >= 0 ? node.close + 1 : node.name.end;
    if (!name || ch < node.open || ch > end) return null;
    return md(sectionMarkdown(sectionInfo(name), spacedHeader(section), options.target), lineRange(pos.line, { start: node.open, end }));
  }
  if (node.kind !== 'entry') return null;

  const section = sectionAt(doc, pos.line);
  const match = lookupKey(node.keyText, schemaSection(section));
  if (!match) return null;
  const info = match.info;
  const spacedText = spacedHeader(section);
  const spaced = spacedText === undefined || !section ? spacedText : headerShown(section, spacedText);
  const keyDoc = () =>
    keyMarkdown(info, {
      ...(options.target ? { target: options.target } : {}),
      ...(section ? { writtenIn: sectionLabel(section) } : { outsideSection: true }),
      ...(spaced !== undefined ? { spacedHeader: spaced } : {}),
    });

  if (ch >= node.key.start && ch <= node.eq) {
    // (Up to the cursor when it is in the blanks before `=`: the range holds it.)
    return md(keyDoc(), lineRange(pos.line, { start: node.key.start, end: Math.max(node.key.end, ch) }));
  }
  // Past a value, in the blanks before the line's end or its comment: nothing (LSP review: the key's doc
  // came with the key's range, which did not hold the cursor).
  if (node.value.start < node.value.end && ch > node.value.end) return null;
  if (ch < node.value.start || node.value.start === node.value.end) {
    // Between `=` and the value, or an empty value: the directive is what there is to explain, over the
    // entry up to the cursor (a range that holds it).
    return ch > node.eq ? md(keyDoc(), lineRange(pos.line, { start: node.key.start, end: Math.max(ch, node.eq + 1) })) : null;
  }
  const found = await hoverValue(doc, pos.line, ch, node, info, options);
  if (!found) return md(keyDoc(), lineRange(pos.line, node.value));
  // A value's hover replaces the key's doc, which says when the target rejects the key, or that the key
  // belongs in the other section (editor review: `Address` under [Peer] was explained as this host's
  // tunnel address): said here too.
  const writtenIn = section ? sectionLabel(section) : undefined;
  const misplaced = writtenIn !== undefined && writtenIn !== info.section ? `⚠ \`${info.name}\` belongs in \`[${info.section}]\`, not \`[${writtenIn}]\`: what follows is what it would mean there.` : undefined;
  const warnings = [misplaced, targetWarning(info, options.target)].filter((w) => w !== undefined);
  const valueHover = warnings.length ? { ...found, contents: { kind: found.contents.kind, value: `${warnings.join('\n\n')}\n\n${found.contents.value}` } } : found;
  // A value's hover quotes it: a key pasted into DNS or MTU is hidden. A PublicKey's shows it, a
  // PrivateKey's the public key derived from it (and never the value: its own test).
  return info.kind === 'public-key' || info.kind === 'private-key' ? valueHover : hidingKeys(valueHover, node.text);
}

/** On a `# wgls-target` comment: which tool the file is checked for, and why. */
function targetHover(doc: ConfigDocument, line: number, ch: number, setting: Target): Hover | null {
  const d = targetDirective(doc);
  if (!d || d.line !== line) return null;
  const end = Math.max(d.end, d.word + TARGET_WORD.length);
  if (ch < d.word || ch > end) return null;
  const label = (id: Target) => TARGETS.find((t) => t.id === id)!.label;
  const value = d.target
    ? `**wgls-target**: this file is checked for **${label(d.target)}** (\`${d.target}\`), whatever the \`wgls.target\` setting says (${setting} here). Every WireGuard tool ignores the comment.`
    : `**wgls-target**: ${d.id === '' ? 'no target named' : `\`${d.id}\` is no target`}, so this file is checked for the setting's, ${label(setting)} (\`${setting}\`). Targets: ${TARGETS.map((t) => `\`${t.id}\``).join(', ')}.`;
  return hidingKeys(md(value, lineRange(line, { start: d.word, end })), doc.lines[line]!.node.text);
}

function sectionLabel(section: Section): string {
  return section.kind === 'interface' ? 'Interface' : section.kind === 'peer' ? 'Peer' : headerShown(section, section.header.nameText);
}

/**
 * `text` from a section's header line with a key pasted there hidden, whole or in pieces (mutation review:
 * a key's hover under `[<a private key>]` quoted the header whole; the unknown-section diagnostic hid it).
 */
function headerShown(section: Section, text: string): string {
  return redactWithPieces(text, keyPieces(section.header.text));
}

async function hoverValue(
  doc: ConfigDocument,
  line: number,
  ch: number,
  entry: EntryLine,
  info: KeyInfo,
  options: HoverOptions,
): Promise<Hover | null> {
  const valueRange = lineRange(line, entry.value);
  const value = entry.valueText;
  switch (info.kind) {
    // Keys as the target reads them: wg and awg remove a blank inside (value-whitespace says so), the
    // apps keep it and reject the key.
    case 'private-key':
      return md(privateKeyText(keyAsRead(value, options.target), options), valueRange);
    case 'preshared-key': {
      const v = keyAsRead(value, options.target);
      return md(
        info.name === 'HeaderProtectionKey' ? sharedKeyText('Header protection key', v, HEADER_KEY_ADVICE) : sharedKeyText('Preshared key', v, PRESHARED_ADVICE),
        valueRange,
      );
    }
    case 'public-key':
      return md(publicKeyText(doc, value, options), valueRange);
    case 'allowed-ips':
    case 'address-list': {
      const item = itemAt(entry, ch, info.kind === 'address-list');
      if (!item) return null;
      const target = options.target ?? DEFAULT_TARGET;
      const text = await cidrText(item.text, info.kind, target, info.kind === 'allowed-ips' ? defaultRouteNote(doc, target, item.text) : '');
      return text ? md(text, lineRange(line, item)) : null;
    }
    case 'dns-list': {
      // The apps split DNS on commas only (`1.1.1.1 8.8.8.8` is one item to them, as invalid-dns and
      // full-tunnel-without-dns read it: review); wg-quick on blanks too.
      const item = itemAt(entry, ch, !appOf(options.target ?? DEFAULT_TARGET));
      if (!item) return null;
      return md(dnsText(item.text, options.target), lineRange(line, item));
    }
    case 'endpoint': {
      const text = endpointText(value, options.target ?? DEFAULT_TARGET);
      return text ? md(text, valueRange) : null;
    }
    case 'port': {
      const p = parsePort(value);
      if (!p.ok) return null;
      const wgTool = wgName(options.target ?? DEFAULT_TARGET);
      const extra = p.value.service ? ` (the UDP service \`${p.value.service}\`; only ${wgTool} understands service names)` : '';
      const glibc = p.value.glibcOnly ? `\n\nWritten with ${p.value.glibcOnly}: only ${wgTool} accepts that; the apps reject it.` : '';
      const app = appOf(options.target ?? DEFAULT_TARGET);
      // An app rejects the file: no port to headline (non-portable-port is an error there; hover review).
      // (A service name too: the apps parse a number, wg asks getaddrinfo; diff review.)
      if (app && p.value.glibcOnly) return md(`**ListenPort** \`${value}\`: written with ${p.value.glibcOnly}, which ${appDoes(app, 'reject')}: the file does not load. Only ${wgTool} reads it, as UDP port ${p.value.port}.`, valueRange);
      if (app && p.value.service) return md(`**ListenPort** \`${value}\`: a service name, which ${appDoes(app, 'reject')} (a number is expected): the file does not load. Only ${wgTool} reads it, as the UDP service \`${p.value.service}\` (port ${p.value.port}).`, valueRange);
      return md(`**ListenPort** ${p.value.port === 0 ? '0: a random port' : `UDP port ${p.value.port}`}${extra}${glibc}`, valueRange);
    }
    case 'mtu':
      return md(mtuText(value, options.target), valueRange);
    case 'keepalive': {
      const k = parseKeepalive(value);
      if (!k.ok) return null;
      const refused = options.target ? keepaliveOffRefusedBy(options.target, value) : undefined;
      if (refused) return md(`**PersistentKeepalive** \`${value}\`: wg and wg-quick read it as off (no keepalives), but it is rejected by ${refused}. Write 0.`, valueRange);
      return md(
        k.value === 0
          ? '**PersistentKeepalive** off: no keepalives are sent.'
          : `**PersistentKeepalive** every ${k.value} s: an empty authenticated packet to the peer whenever the tunnel has been idle that long, which keeps NAT and firewall mappings open.`,
        valueRange,
      );
    }
    case 'fwmark': {
      const f = parseFwMark(value);
      if (!f.ok) return null;
      return md(
        f.value === 0 ? '**FwMark** off: packets are not marked.' : `**FwMark** ${f.value} = 0x${f.value.toString(16)}`,
        valueRange,
      );
    }
    case 'table':
      // WireGuard for Windows reads Table only as on/off: every other accepted value changes nothing.
      if (options.target === 'windows') {
        if (!windowsReadsTable(value)) return md(`**Table** \`${value}\`: WireGuard for Windows rejects the file; it takes \`off\`, \`auto\`, \`main\` or a number.`, valueRange);
        return md(
          value === 'off'
            ? '**Table = off**: WireGuard for Windows adds no routes, and its kill switch (blocking traffic outside the tunnel for a single peer with a /0) is off too.'
            : `**Table** \`${value}\`: WireGuard for Windows adds its routes as usual; only \`Table = off\` changes anything there (no routes, no kill switch).`,
          valueRange,
        );
      }
      return md(tableText(value, quickName(options.target ?? DEFAULT_TARGET)), valueRange);
    case 'bool': {
      const quick = quickName(options.target ?? DEFAULT_TARGET);
      if (/^true$/i.test(value)) {
        return md(`**SaveConfig = true**: \`${quick} down\` rewrites this file from the running interface and drops every comment.`, valueRange);
      }
      if (/^false$/i.test(value)) return md(`**SaveConfig = false**: \`${quick} down\` leaves this file alone (\`${quick} save\` still rewrites it).`, valueRange);
      return null;
    }
    default:
      return null;
  }
}

function itemAt(entry: EntryLine, ch: number, spaces: boolean): ListItem | undefined {
  return listItems(entry, spaces).find((i) => i.text !== '' && ch >= i.start && ch <= i.end);
}

// ------------------------------------------------------------------ keys

function privateKeyText(value: string, options: HoverOptions): string {
  const pub = publicKeyOfCached(value);
  if (!pub) {
    const problem = keyProblem(value);
    return `**Private key** (hidden)\n\nNot a valid key${problem ? `: ${problem}` : ''}, so no public key can be derived. Make a new one with \`wg genkey\`.`;
  }
  const owner = options.lookupPeer?.(pub);
  const iface = options.uri ? fileStem(options.uri) : 'wg0';
  return [
    '**Private key** (hidden)',
    `**Public key:** \`${pub}\`${owner ? ` (known as **${owner.name}**)` : ''}`,
    'The public key is what the other ends put in their `[Peer]` `PublicKey`; the private key never leaves this host.',
    `To print it yourself: \`wg show ${iface} public-key\` on the running interface, or ` +
      `\`sed -n 's/^ *PrivateKey *= *//p' ${iface}.conf | wg pubkey\`.`,
  ].join('\n\n');
}

/** A secret key both ends hold (a peer pair's PresharedKey, AmneziaWG's HeaderProtectionKey): never shown. */
function sharedKeyText(title: string, value: string, advice: string): string {
  const problem = keyProblem(value);
  return [`**${title}** (hidden)`, problem ? `Not a valid key: ${problem}.` : 'A valid 32-byte key.', advice].join('\n\n');
}

const PRESHARED_ADVICE =
  'Both ends must hold the same preshared key for each other, or neither; a mismatch silently prevents the handshake. Make one with `wg genpsk`.';
const HEADER_KEY_ADVICE = 'AmneziaWG 3.x: encrypts packet headers. Both ends of the tunnel need the same key (make one with `wg genpsk` or `awg genpsk`).';

function publicKeyText(doc: ConfigDocument, written: string, options: HoverOptions): string {
  // A secret pasted as a public key: hover never shows it (key-reuse reports it). Judged as written, as
  // the target reads it and without pasted invisible characters (a leading no-break space hid a PSK from
  // both checks: review).
  const readings = [...new Set([written, keyAsRead(written, options.target), invisiblesIn(stripSpaces(written))?.cleaned ?? written])];
  if (readings.some((v) => isFileSecret(doc, v, options.secrets))) {
    return "**Public key**: hidden. This value is a secret (this file's PrivateKey or PresharedKey, or another config's PrivateKey), in a field that is shown and copied to other configs. Put the other end's public key here (`wg pubkey` of its private key).";
  }
  // A near copy of one (a character changed or lost): hidden as the outline hides it (mutation review:
  // the outline showed "(hidden)", the hover the whole value).
  if (readings.some((v) => resemblesSecret(doc, v, options.secrets))) {
    return "**Public key**: hidden. This value looks like a copy of a secret (this file's PrivateKey or PresharedKey, or another config's PrivateKey) with a character changed, added or lost. Put the other end's public key here (`wg pubkey` of its private key).";
  }
  const value = keyAsRead(written, options.target);
  const privWritten = interfaceValue(doc, 'PrivateKey')?.entry.valueText;
  const priv = privWritten === undefined ? undefined : keyAsRead(privWritten, options.target);
  const problem = keyProblem(value);
  // No valid key: what is key-shaped in it may be a private key with junk after it (`K=x`).
  const parts = [`**Public key** \`${problem ? redactKeys(value) : value}\``];
  if (problem) parts.push(`Not a valid key: ${problem}.`);
  const own = priv ? publicKeyOfCached(priv) : undefined;
  if (own && own === value) {
    parts.push("⚠ This is this interface's **own** public key: the kernel silently ignores a peer with it.");
  }
  const owner = options.lookupPeer?.(value);
  if (owner) {
    // (A file named after a key is no name to show.)
    const file = options.uri === owner.uri ? undefined : `\`${redactKeys(fileStem(owner.uri))}.conf\``;
    const where = file ? ` in ${file}` : '';
    // Only a config holding the private key is the owner's own; another config merely names the peer.
    parts.push(
      owner.ownsKey
        ? `Belongs to **${owner.name}**${where}${owner.addresses?.length ? `, tunnel address ${owner.addresses.map((a) => `\`${a}\``).join(', ')}` : ''}.`
        : `Named **${owner.name}** in ${file ? `${file}'s` : "this file's"} [Peer] for it (its own config is not in the workspace).`,
    );
  }
  return parts.join('\n\n');
}

// ------------------------------------------------------------------ addresses

/**
 * What becomes of an AllowedIPs /0 as a route on `target` (reference §2.5): wg adds none; wg-quick a
 * default route unless its Table says otherwise; Windows one, with the kill switch for a lone peer,
 * unless Table = off; the apps route it into the tunnel.
 */
function defaultRouteNote(doc: ConfigDocument, target: Target, item: string): string {
  if (target === 'wg') return 'plain wg adds no routes: route it yourself';
  const table = stripSpaces(interfaceValue(doc, 'Table')?.entry.valueText ?? '');
  if (target === 'windows') {
    if (table === 'off') return 'but with Table = off Windows adds no routes and no kill switch';
    // The kill switch looks for `0.0.0.0/0` or `::/0` as written (reference 2.5, S12).
    return isCanonicalDefault(item)
      ? 'Windows routes it, and with a single peer blocks traffic outside the tunnel (kill switch)'
      : `Windows routes it, but its kill switch needs \`${item.includes(':') ? '::/0' : '0.0.0.0/0'}\` written exactly: none for this one`;
  }
  if (target === 'android' || target === 'apple') return 'the app routes it into the tunnel';
  const quick = quickName(target);
  switch (tableModeOf(table, target)) {
    case 'off':
      return `but with Table = off ${quick} adds no route for it`;
    case 'auto':
      return `${quick} installs it as a default route`;
    case 'main':
      // As table-main-default-route says (hover review: this read "in table main, not the main one").
      return `with Table = ${table} ${quick} adds it to the main table as a plain default route: \`${quick} up\` fails with "File exists" where the host has a default route`;
    default:
      return `${quick} puts it in routing table \`${table}\`, not the main one${/^(off|auto|main)$/i.test(table) ? ` (a table name: ${quick} reads off, auto and main in lower case only)` : ''}`;
  }
}

/** Who adds the route of an Address subnet, and the verb, for a sentence's start: "wg-quick routes", "The Apple apps route". */
function routerOf(target: Target): string {
  const app = appOf(target);
  if (!app) return `${quickName(target)} routes`;
  const said = appDoes(app, 'route');
  return said[0]!.toUpperCase() + said.slice(1);
}

/** What becomes of an Address's subnet on `target`, for the Address hover. */
function subnetRouting(target: Target): string {
  // Linux (ip address add) and Apple (includedRoutes) route it (reference 2.6); Android adds a route per
  // AllowedIPs item and none for the Address (GoBackend, reference 2.5: hover review).
  if (target === 'android') return 'The Android app routes only AllowedIPs into the tunnel (a route each), none for the Address: the subnet is reached through the tunnel where a peer\'s AllowedIPs cover it.';
  return `${routerOf(target)} the whole subnet into the tunnel.`;
}

async function cidrText(text: string, kind: 'allowed-ips' | 'address-list', target: Target, routeNote = ''): Promise<string | undefined> {
  const parsed = parseCidr(text, kind === 'allowed-ips');
  if (!parsed.ok) return undefined;
  const c = parsed.value;
  const range = await cidrRange(c);
  const net = formatCidr(c);
  const single = c.prefix === (c.family === 4 ? 32 : 128);
  const lines: string[] = [];
  if (kind === 'address-list') {
    const host = formatIp(c.family, c.address);
    lines.push(`**${text}**: this host is \`${host}\` inside the tunnel`);
    if (!single) {
      lines.push(
        `Tunnel subnet \`${net}\`: ${range.first} – ${range.last}, ${formatCount(range.size)}. ${subnetRouting(target)}`,
      );
      if (!c.hostBitsSet) lines.push(`⚠ \`${host}\` is the subnet's network address; a host address such as \`${formatIp(c.family, c.network + 1n)}/${c.prefix}\` is usual.`);
    } else {
      lines.push('A single address (no subnet is routed).');
    }
    return lines.join('\n\n');
  }
  const what =
    c.prefix === 0
      ? `all ${c.family === 4 ? 'IPv4' : 'IPv6'} traffic (a full tunnel${routeNote ? `; ${routeNote}` : ''})`
      : single
        ? 'a single address'
        : `a network of ${formatCount(range.size)}`;
  lines.push(`**${net}**: ${what}`);
  if (!single) lines.push(`${range.first} – ${range.last}`);
  if (c.bare) lines.push(`Written without a prefix: means \`/${c.prefix}\`.`);
  if (c.hostBitsSet) lines.push(`Written as \`${text}\`: the host bits are ignored, the kernel stores \`${net}\`.`);
  if (c.sign) {
    const app = appOf(target);
    // The apps reject a sign (reference 3.2 AllowedIPs): an error there, as allowed-ip-sign says.
    if (app) lines.push(`⚠ \`${c.sign}\` before an item: ${appDoes(app, 'reject')} the file. Only wg ≥ v1.0.20250521 reads it (${c.sign === '+' ? 'added to' : 'removed from'} the peer's allowed IPs).`);
    else lines.push(c.sign === '+' ? 'Added to the peer\'s existing allowed IPs (wg ≥ v1.0.20250521 only).' : 'Removed from the peer\'s allowed IPs (wg ≥ v1.0.20250521 only).');
  }
  lines.push('Packets to these addresses go to this peer; packets from this peer are accepted only from them.');
  return lines.join('\n\n');
}


function dnsText(item: string, target?: Target): string {
  // The Android app takes no-IP items that its host name pattern allows as search domains and rejects
  // the rest (reference §3.1 DNS); the invalid-dns rule says so too.
  if (target === 'android' && !parseIp(item) && !ANDROID_HOSTNAME.test(item)) {
    return `**DNS** \`${item}\`: neither an IP address nor a host name to the Android app, which rejects the file ("Cannot parse IP address").`;
  }
  // The apps take what is no IP address for a search domain (reference 3.1 DNS); wg-quick goes by the
  // look of it (dnsServerFor, as the rules).
  const app = target ? appOf(target) : undefined;
  if (app && /\s/.test(item.trim())) {
    return `**DNS** \`${item.trim()}\`: one item to ${APP_NAME[app]}, which ${app === 'apple' ? 'split' : 'splits'} DNS on commas only and ${app === 'apple' ? 'take' : 'takes'} it for a search domain, so it sets no DNS server. Separate the items with commas.`;
  }
  const server = dnsServerFor(target ?? DEFAULT_TARGET, item);
  if (server) return `**DNS server** \`${item}\`: queries go to it while the tunnel is up; make sure some peer's \`AllowedIPs\` covers it, or the queries bypass the tunnel.`;
  const domain = `**Search domain** \`${item}\`: appended to short names (\`nas\` → \`nas.${item}\`).`;
  if (app) return isDnsServer(item) ? `${domain}\n\n⚠ It looks like a server's address but is no valid IP address: ${appDoes(app, 'take')} it for a search domain, so it sets no DNS server.` : domain;
  return `${domain} ${quickName(target ?? DEFAULT_TARGET)} ignores search domains when \`DNS\` lists no server.`;
}

function endpointText(value: string, target: Target): string | undefined {
  // The target's wg (`awg` for AmneziaWG): the one reader of the forms only it takes.
  const wgTool = wgName(target);
  const ep = parseEndpoint(value);
  if (!ep.ok) return undefined;
  const e = ep.value;
  const lines = [`**Endpoint** host \`${e.host}\`, UDP port ${e.port.port}${e.port.service ? ` (service \`${e.port.service}\`)` : ''}`];
  if (e.hostKind === 'hostname') {
    // What each reader does is established for wg and Android only (reference 3.2 Endpoint).
    const app = appOf(target);
    lines.push(
      app === 'android'
        ? 'A host name: the Android app looks it up again at most once a minute, preferring IPv4 results.'
        : app
          ? 'A host name, looked up when the tunnel comes up.'
          : `A host name: ${wgTool} resolves it **once**, when the tunnel comes up (\`${quickName(target)} up\`). If its address changes later, the tunnel keeps using the old one until restarted (or until \`reresolve-dns.sh\` from wireguard-tools runs).`,
    );
  } else {
    lines.push(e.hostKind === 'ipv4' ? 'An IPv4 address.' : `An IPv6 address${e.scope ? ` on interface \`${e.scope}\`` : ''}.`);
  }
  if (!e.bracketed && e.hostKind === 'ipv6') {
    // For an app target, what that app does (completion review: "only wg reads this" on Windows, whose
    // endpoint-unbracketed-ipv6 is an error).
    const app = appOf(target);
    lines.push(`⚠ Unbracketed IPv6: ${app ? `${appDoes(app, 'reject')} it` : `${wgTool} and ${quickName(target)} read it${target === 'amneziawg' ? ', but it is easy to misread' : ', the apps reject it'}`}; write \`[${e.host}]:${e.port.port}\`.`);
  }
  if (e.port.glibcOnly) lines.push(`⚠ The port is written with ${e.port.glibcOnly}: only ${wgTool} accepts that.`);
  // As non-portable-port says them (editor review: the ListenPort hover warned, this one did not).
  else if (e.port.service) lines.push(`⚠ A service name: only ${wgTool} understands it; the apps need the number, ${e.port.port}.`);
  else if (e.port.plusSign) lines.push(`⚠ A \`+\` before the port: the Android app rejects it; write ${e.port.port}.`);
  lines.push('The peer may roam: after each authenticated packet, wg updates the endpoint to where the packet came from.');
  return lines.join('\n\n');
}

const MTU_NOTES: Record<string, string> = {
  '1420': '1500 − 80: Ethernet and most broadband; what wg-quick picks on a 1500-byte link.',
  '1412': '1492 − 80: PPPoE (DSL) links.',
  '1280': 'the IPv6 minimum; the default of the Android and iOS apps; safe on cellular and unknown paths.',
  '1440': '1500 − 60: enough only when every endpoint is reached over IPv4.',
};

function mtuText(value: string, target?: Target): string {
  // (The same readings as the invalid-mtu rule, rules/values.ts: a sign every tool takes, hex and a
  // leading zero as `ip link set mtu` reads them (strtoul, base 0) and the apps do not. Hover review:
  // `01420` was shown as 1420, `0x58c` and `+1420` as no number.)
  if (/^\+[0-9]+$/.test(value)) {
    const plain = String(Number(value.slice(1)));
    return `**MTU** \`${value}\`: every tool reads it as ${plain}; the sign is unusual, write ${plain}.\n\n${mtuText(plain, target)}`;
  }
  if (/^0[xX][0-9a-fA-F]+$/.test(value)) {
    const read = strtoulBase0(value, Infinity)!;
    return `**MTU** \`${value}\`: only \`ip\` (wg-quick) reads hex, as ${readAs(read)}; WireGuard for Windows and the apps reject it. Write it in decimal.`;
  }
  if (/^0[0-9]+$/.test(value) && !/^0+$/.test(value)) {
    const decimal = Number(value);
    const octal = strtoulBase0(value, Infinity);
    const write = decimal >= 576 && decimal <= 65535 ? `Write ${decimal}.` : 'Write an MTU such as 1420.';
    return `**MTU** \`${value}\`: a leading zero: \`ip\` (wg-quick) reads ${octal === undefined ? 'no number in it (8 and 9 are no octal digits)' : `it as octal, ${readAs(octal)}`}; WireGuard for Windows and the apps as ${readAs(decimal)}. ${write}`;
  }
  const n = Number(value);
  if (n === 0 && /^0+$/.test(value) && (target === 'android' || target === 'apple')) {
    return `**MTU 0**: automatic: the ${target === 'android' ? 'Android app uses 1280' : 'Apple apps use 1280 on iOS, 80 below the link on macOS'}.`;
  }
  // (0 is "automatic" to android.c and the apps, as invalid-mtu says: not refused by every system. Hover review.)
  if (n === 0 && /^0+$/.test(value)) return `**MTU** \`${value}\`: \`ip link set mtu\` (${quickName(target ?? DEFAULT_TARGET)}) and Windows refuse it; only android.c and the Android and Apple apps read 0, as automatic.`;
  if (/^[0-9]+$/.test(value) && n < 68) return `**MTU** \`${value}\`: below 68, which no system accepts.`;
  if (/^[0-9]+$/.test(value) && n < 576 && (target === 'windows' || target === 'apple')) {
    return `**MTU ${n}**: below 576: ${target === 'windows' ? 'Windows rejects it ("Invalid MTU")' : "the Apple apps' editor refuses to save the tunnel"}; a working tunnel needs 1280–1420 on most links.`;
  }
  // (A number too large to be an MTU: said as written, never as 1e+23.)
  if (/^[0-9]+$/.test(value) && n > 65535) return `**MTU** \`${value}\`: above 65535, the largest MTU there is.`;
  const note = MTU_NOTES[value];
  if (note) return `**MTU ${value}**: ${note}`;
  if (!/^[0-9]+$/.test(value)) return `**MTU** \`${value}\` is not a number.`;
  // As mtu-too-high: over IPv4 WireGuard adds 60 bytes, over IPv6 80 (reference 8).
  const warn =
    n < 1280
      ? ' Below 1280, IPv6 cannot run over the tunnel.'
      : n > 1440
        ? ' Above 1440 it does not fit a 1500-byte path even over IPv4: larger packets are fragmented or dropped.'
        : n > 1420
          ? ' Above 1420 risks fragmentation when an endpoint is reached over IPv6 on a 1500-byte link.'
          : '';
  return `**MTU ${n}**: fits a path MTU of ${n + 80} (WireGuard adds up to 80 bytes).${warn}`;
}

function tableText(value: string, quick: string): string {
  switch (value) {
    case 'off':
      return `**Table = off**: ${quick} adds no routes at all; route the AllowedIPs yourself (e.g. in \`PostUp\`).`;
    case 'auto':
      return '**Table = auto** (the default): on Linux, routes go to the main table; `0.0.0.0/0` and `::/0` get their own table and fwmark rules (macOS and the BSDs split them into two /1 routes plus endpoint host routes).';
    case 'main':
      // As table-main-default-route says it (hover review).
      return `**Table = main**: routes go to the main table, a default route included, without the fwmark rules: with a /0, \`${quick} up\` fails with "File exists" where the host has a default route, or the tunnel takes its own packets.`;
    default:
      if (/^(off|auto|main)$/i.test(value)) return `**Table** \`${value}\`: ${quick} compares case-sensitively, so this is a table *name*, not \`${value.toLowerCase()}\`.`;
      // (As allowed-ips-not-routed says it: the table nobody looks up is the fact to know. Hover review.)
      return `**Table** \`${value}\`: routes go to routing table \`${value}\` (a number, or a name from /etc/iproute2/rt_tables), and ${quick} adds no \`ip rule\` that looks that table up (a /0 included): packets reach those routes only with rules you add, e.g. \`PostUp = ip rule add …\`. macOS wg-quick accepts only \`auto\`, \`main\` and \`off\`.`;
  }
}

/** A key value as the target reads it: wg and awg remove blanks inside (and so do their targets' hovers); the apps do not. */
function keyAsRead(value: string, target: Target | undefined): string {
  // An app trims what wg reads as part of the key (a no-break space after it on Windows), as invalid-key says.
  const app = target ? appOf(target) : undefined;
  return app ? appTrimmedValue(value, app) : stripSpaces(value);
}
