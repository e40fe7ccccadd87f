// The two ends of every tunnel, across files. A [Peer] in file A whose PublicKey is
// the public key of file B's PrivateKey has B as its counterpart; B should list A
// back, and the two stanzas must agree (PSK, addresses, endpoint and port).
// Each check runs from both files, so both show the problem, each with its own
// fix where one exists; relatedInformation points at the other file.

import { Collector, type RuleContext } from './context.ts';
import type { Target } from '../schema.ts';
import { targetDirective, targetOfFile } from './target-directive.ts';
import type { AddressItem, CidrItem, ConfigModel, PeerModel, ResolvedEntry } from '../model.ts';
import { buildModel, savesConfig, wgValue } from '../model.ts';
import type { PeerRef, WorkspaceFile, WorkspaceModel } from '../workspace.ts';
import { lineRange, type Range } from '../span.ts';
import type { Fix, RelatedInfo, TextEdit } from '../problem.ts';
import { bits, contains, covers, formatCidr, formatIp, hostCidr, keyAt, networkKey, parsePort, type Cidr, type Family, type NetworkKey } from '../values.ts';
import { WorkspaceModel as WM, halves, oneApart, reachOf } from '../workspace.ts';
import { appendStanza, peerStanza } from '../edits/stanzas.ts';
import { appendToList, deleteLinesIn, eolOf, insertLineAfter, setValue } from '../edits/change.ts';
import { copyablePresharedKey, dialEndpoint, displayName, forwardingSysctl, hostPrefixes, ofFamilies } from '../edits/peer-text.ts';
import { addressSubnets, describeSubnet } from '../edits/allocate.ts';
import { endpointIsPeerAddress, peerRoutesEverything, SHORT_ROUTE, tableMode } from './routing.ts';
import { sendsOnItsOwn } from './keepalive.ts';
import type { ConfigDocument } from '../parser.ts';
import { peerLabel } from './label.ts';
import { isSubnetAddress, onLinkSubnet, RouteIndex, routesWholeSubnet } from './neighbors.ts';
import { appOf, quickName, readByQuick, wgName } from './apps.ts';
import { isValidKey, ZERO_KEY } from '../keys.ts';
import { checkAmneziaValues } from './values.ts';
import { parse } from '../parser.ts';
import { redactKeys } from '../redact.ts';
import { commandWords, hookCommands, toolName } from './shell-words.ts';

const peerKeyRange = (peer: PeerModel): Range =>
  peer.publicKey ? lineRange(peer.publicKey.line, peer.publicKey.node.value) : lineRange(peer.section.headerLine, peer.section.header.name);
const headerRange = (file: WorkspaceFile): Range | undefined => {
  const s = file.model.iface.sections[0];
  return s ? lineRange(s.headerLine, s.header.name) : undefined;
};
const at = (file: WorkspaceFile, range: Range, message: string): RelatedInfo => ({ uri: file.uri, range, message });
/** `a.conf, b.conf and 5 more`: messages stay short however many files are involved. */
const names = (files: readonly WorkspaceFile[]) => {
  // By URI: the same text whatever order the workspace index holds them in.
  const sorted = byUri(files);
  return sorted.length <= 3 ? sorted.map((f) => f.name).join(', ') : `${sorted.slice(0, 2).map((f) => f.name).join(', ')} and ${sorted.length - 2} more`;
};
/**
 * `files` by URI. Most lists come sorted already (the workspace's groups are, and a filter keeps their
 * order): those are returned as they are, the check linear, where sorting each one again per config was
 * most of checking 2,000 configs that share an Address (performance review).
 */
const byUri = (files: readonly WorkspaceFile[]): readonly WorkspaceFile[] => {
  for (let i = 1; i < files.length; i++) if (files[i - 1]!.uri > files[i]!.uri) return [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  return files;
};

// The validator runs these in pieces, in this order: `checkPeerCounterpart` per peer, then
// `checkFileCounterparts`. A peer's result depends on the peer, on this config's public key, name and
// addresses, and on the other files; the validator keeps it while none of those changed.

export function checkPeerCounterpart(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile, peer: PeerModel): void {
  {
    if (!peer.publicKey) return;
    const key = wgValue(peer.publicKey);
    // Another config's private key pasted where the peer's public key belongs (this file's own: peers.ts).
    if (key !== self.privateKey && ws.privateKeys().has(key)) {
      // (The first by URI when several configs share the key: the same name in the editor and the CLI.)
      const owner = ws.filesWithPrivateKey(key).find((f) => f.uri !== self.uri);
      ctx.report({
        rule: 'key-reuse',
        severity: 'error',
        range: peerKeyRange(peer),
        message: `This PublicKey is ${owner ? `${owner.name}'s` : "another config's"} PrivateKey: a secret in a field that is shown and copied to other configs, and no peer has it as its key. Put ${owner ? `${owner.name}'s` : 'the other end\'s'} public key here, and generate a new PrivateKey there (this one is exposed).`,
      });
      return;
    }
    const other = ws.counterpartOf(key, self.uri);
    if (!other) {
      checkNearMiss(ctx, ws, self, peer, key);
      return;
    }
    const back = self.publicKey ? other.peersByKey.get(self.publicKey) : undefined;
    if (!back) {
      const meant = self.publicKey ? misdirectedStanza(ws, other, self) : undefined;
      if (meant) {
        // Its [Peer] for this config is there, under a key one character off or an old one.
        ctx.report({
          rule: 'counterpart-missing-peer',
          range: peerKeyRange(peer),
          message:
            meant.why === 'typo'
              ? `This is ${other.name}'s key, but its [Peer] for this interface has a PublicKey one character off (a copy-paste slip): the tunnel cannot come up until it has this config's public key.`
              : meant.why === 'self'
                ? `This is ${other.name}'s key, but its [Peer] that routes this config's address ${meant.address} has ${other.name}'s own public key (self-peer: wg ignores that stanza): the tunnel cannot come up until it has this config's public key.`
                : `This is ${other.name}'s key, but ${other.name} has no [Peer] with this config's public key; its [Peer] that routes this config's address ${meant.address} has a key no config in the workspace owns (this config's old key, from before a new PrivateKey?): the tunnel cannot come up until it has the current one.`,
          related: [at(other, peerKeyRange(meant.peer), `${other.name}: its [Peer] for this config, with another key`)],
          fixes: [replaceKeyFix(other, meant.peer, self), ...(meant.why === 'old' ? [{ ...addBackReferenceFix(ws, other, self, peer), preferred: false }] : [])],
        });
      } else if (self.publicKey) {
        // A config wg-quick rewrites at down (SaveConfig = true) may hold peers added at runtime (`wg set`,
        // the DigitalOcean tutorial's way) that its text shows only after the next down.
        const unseen = unseenPeers(other.model, 'this interface', 'there', targetOfFile(ctx, other));
        ctx.report({
          rule: 'counterpart-missing-peer',
          ...(unseen ? { severity: 'information' as const } : {}),
          range: peerKeyRange(peer),
          message: unseen
            ? `This is ${other.name}'s key, but ${other.name} has no [Peer] for this interface${unseen.inText}. ${unseen.note}`
            : `This is ${other.name}'s key, but ${other.name} has no [Peer] for this interface: the tunnel cannot come up until it lists this config's public key.`,
          related: headerRange(other) ? [at(other, headerRange(other)!, `${other.name}: no [Peer] for ${self.name}`)] : [],
          fixes: [addBackReferenceFix(ws, other, self, peer)],
        });
      }
      return;
    }
    checkPair(ctx, self, peer, other, back);
  }
}


/** The checks of the config as a whole: who lists it, and what it shares with other configs. */
export function checkFileCounterparts(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile): void {
  checkListedBy(ctx, ws, self);
  checkReuse(ctx, ws, self);
  checkNeighbors(ctx, ws, self);
  if (readByQuick(ctx.target)) checkForwarding(ctx, ws, self);
  if (ctx.target === 'windows') checkWindowsConflicts(ctx, ws, self);
  if (ctx.target === 'amneziawg') checkAwgParams(ctx, ws, self);
}

/**
 * A hook that turns forwarding on (a sysctl, a write to /proc), NATs or forwards with the firewall, loads
 * firewall rules from a file, or runs a script (`PostUp = /etc/wireguard/helper/add-nat-routing.sh`,
 * a command outside the system's bin folders): what a rules file or a script does the config cannot
 * say. Not a hook that only opens the port (`iptables -A INPUT …`, `ufw allow 51820/udp`,
 * `firewall-cmd --add-port`), turns forwarding off, or runs a system binary (`/usr/bin/resolvectl`).
 */
const FORWARDING = new RegExp(
  [
    String.raw`(ip_forward|forwarding)\s*=\s*1`,
    String.raw`\b(echo|printf)\s+["']?1["']?[^;&|]*(>|\|\s*(sudo\s+)?tee\b)[^;&|]*\/proc\/sys\/net\/\S*(ip_forward|forwarding)`,
    String.raw`\bsysctl\s+(-\w+\s+)*(-p|--system|--load)\b`,
    'MASQUERADE|SNAT',
    String.raw`\bip6?tables\b[^;&|]*(-t\s*nat|--table\s+nat|(-[AIDRP]|--(append|insert|policy))\s+FORWARD\b)`,
    String.raw`\bip6?tables-restore\b`,
    String.raw`\bnft\b[^;&|]*((?<![\/\w.])nat\b|masquerade|(?<![\/\w.])forward\b|\s-f\b)`,
    String.raw`\bnftables\b`,
    String.raw`\bufw\s+route\b`,
    String.raw`\bfirewall-cmd\b[^;&|]*(masquerade|forward)`,
    String.raw`\bpfctl\b`,
    String.raw`\bsystemctl\b[^;&|]*(nat|firewall|iptables|nftables)`,
    String.raw`(\/\S*|(^|[;&|(]|\b(sudo|bash|sh|python3?|perl))\s*[\w.-]+)\.(sh|bash|py|pl)(?=$|[\s;&|)'"])`,
    String.raw`(^|[;&|(]|\bsudo)\s*\/(?!(usr\/)?s?bin\/)\S+`,
  ].join('|'),
  'i',
);

/**
 * Configs that send all their traffic here (a full tunnel: 0.0.0.0/0 or ::/0, or all of a family in pieces,
 * in their [Peer] for this one, listed back) while this config's hooks enable no forwarding and no NAT: the
 * handshake works and nothing beyond this host is reached ("connected but no internet"), unless the host
 * forwards and NATs by other means (sysctl.conf, its firewall), which the file cannot show: information
 * only. Without such clients, the configs that route a LAN through this one (checkLanForwarding).
 */
function checkForwarding(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile) {
  if (!self.publicKey) return;
  // A server an installer manages sets forwarding and NAT outside the file (real-world review: PiVPN's
  // and wireguard-install's servers got the finding although their installers did both).
  if (installerManaged(self.doc)) return;
  const forwarded = forwardedFamilies(self.model);
  if (forwarded.size === 2) return;
  // With one family's forwarding in the hooks, the other family's traffic is what goes no further (a
  // hook for IPv4 silenced the rule for the clients' ::/0 too: standing item of the 2026-12-06 notes).
  const only: Family | undefined = forwarded.size ? (forwarded.has(4) ? 6 : 4) : undefined;
  const hasAddress = (family: Family) => self.model.iface.addresses.some((a) => a.cidr?.family === family);
  // (A family this side has no address of carries no client traffic here: diff review, an IPv6-only
  // server with ip6tables hooks was told its clients' IPv4 goes no further.)
  if (only !== undefined && !hasAddress(only)) return checkLanForwarding(ctx, ws, self, only);
  // A /0 one a server gives a client that dials it (default-route-to-client's mistake, on the other side):
  // no traffic of a client to forward.
  const clients = sendersHere(ctx, ws, self, (ref) => (!ref.peer.endpoint && listensFile(ref.file) ? undefined : fullTunnelItem(ref.peer, only)));
  if (!clients.length) {
    checkLanForwarding(ctx, ws, self, only);
    return;
  }
  if (only !== undefined) {
    reportGateway(ctx, self, clients, (who) =>
      `${who} ${clients.length > 1 ? 'send all their' : 'sends all its'} IPv${only} traffic here (${shownItem(clients[0]!.item)}), but the hooks here forward or NAT IPv${only === 4 ? 6 : 4} only: unless this host does it by other means (sysctl.d, its firewall), that traffic arrives here and goes no further. For example: ${forwardingExample([only], true)} (eth0: the uplink; and the PostDown that undoes it).`,
    );
    return;
  }
  // The example covers the families the clients send here and this side has an address of.
  const v6 = hasAddress(6) && clients.some((c) => peerRoutesEverything(c.file.peersByKey.get(self.publicKey!)!, 6));
  const example = forwardingExample(v6 ? [4, 6] : [4], true);
  reportGateway(ctx, self, clients, (who) =>
    `${who} ${clients.length > 1 ? 'send' : 'sends'} all ${clients.length > 1 ? 'their' : 'its'} traffic here (${shownItem(clients[0]!.item)}), but no hook here turns on forwarding or NAT: unless this host does it by other means (installers such as PiVPN and Algo set it in sysctl.d and the firewall), the tunnel comes up and nothing beyond this host is reached. For example: ${example} (eth0: the uplink; and the PostDown that undoes it).`,
  );
}

/**
 * What installers that set forwarding and NAT themselves (sysctl.d, their firewall rules) write into the
 * server's config: PiVPN's `### begin <client> ###` markers around each peer, and Nyr's wireguard-install
 * header (`# Do not alter the commented lines` / `# They are used by wireguard-install`).
 */
const INSTALLER_MARK = /^(?:### begin \S.* ###|# They are used by wireguard-install)\s*$/;

/** Whether an installer's mark is where it writes it: in the first lines, or right above the first [Peer]. */
function installerManaged(doc: ConfigDocument): boolean {
  const lines = doc.lines;
  const first = doc.sections.find((x) => x.kind === 'peer')?.headerLine;
  for (let i = 0; i < Math.min(10, lines.length); i++) if (INSTALLER_MARK.test(lines[i]!.node.text)) return true;
  return first !== undefined && first > 0 && INSTALLER_MARK.test(lines[first - 1]!.node.text);
}

/** gateway-without-forwarding's example hook: forwarding for `families`, with their NAT out of `eth0` when `nat`. */
function forwardingExample(families: readonly Family[], nat: boolean): string {
  const masquerade = nat ? families.map((f) => `${f === 4 ? 'iptables' : 'ip6tables'} -t nat -A POSTROUTING -o eth0 -j MASQUERADE`) : [];
  return `PostUp = ${[forwardingSysctl(families), ...masquerade].join('; ')}`;
}

/** A full-tunnel item as the message shows it: a /0 alone, the first of the pieces with the rest named. */
const shownItem = (item: CidrItem): string => `${formatCidr(item.cidr!)}${item.cidr!.prefix > 0 ? ' and the rest of the list' : ''}`;

/**
 * The address families this config's hooks forward or NAT (FORWARDING), command by command: one that
 * names a family (`net.ipv4.ip_forward=1`, `/proc/sys/net/ipv6/…`, `iptables`, `ip6tables`) counts for
 * it; one that does not (`sysctl -p`, `nft`, a script, the firewall services) for both, as the file
 * cannot say what it does.
 */
function forwardedFamilies(model: ConfigModel): ReadonlySet<Family> {
  const out = new Set<Family>();
  for (const e of model.iface.entries) {
    if (e.match?.info.kind !== 'command') continue;
    for (const { text } of hookCommands(e)) {
      if (!FORWARDING.test(text)) continue;
      // By the tool (`iptables-up.sh` is a script: diff review); sysctl and a write to /proc by the key
      // they name; anything else (nft, a script, the firewall services) for both.
      const tool = toolName(commandWords(text)[0]);
      const keyed = /^(?:sysctl|echo|printf)$/.test(tool);
      const v4 = /^iptables(?:-(?:restore|nft|legacy))?$/.test(tool) || (keyed && /ipv4|ip_forward/i.test(text));
      const v6 = /^ip6tables(?:-(?:restore|nft|legacy))?$/.test(tool) || (keyed && /ipv6/i.test(text));
      if (v4 || !v6) out.add(4);
      if (v6 || !v4) out.add(6);
    }
  }
  return out;
}

/**
 * The item of a [Peer]'s AllowedIPs that makes it a full tunnel: a /0, or the first piece of all of a
 * family (the /1 halves, the apps' "exclude private IPs" list: diff review, that list was taken for a LAN
 * and the example left out the NAT such a client needs). Undefined for a split tunnel. With `family`, of
 * that family only.
 */
function fullTunnelItem(peer: PeerModel, family?: Family): CidrItem | undefined {
  const of = (c: Cidr) => family === undefined || c.family === family;
  const all = peer.allowedIps.find((i) => i.cidr && i.cidr.prefix === 0 && i.cidr.sign !== '-' && of(i.cidr));
  if (all || !((family !== 6 && peerRoutesEverything(peer, 4)) || (family !== 4 && peerRoutesEverything(peer, 6)))) return all;
  return peer.allowedIps.find((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.prefix <= SHORT_ROUTE && of(i.cidr) && peerRoutesEverything(peer, i.cidr.family));
}

/**
 * Configs that route a LAN through this one (a prefix outside this config's Address subnets, neither a
 * default route nor a single host): a site-to-site peer, a spoke reaching the LAN behind another spoke.
 * This host must forward those packets (to its LAN, or on to the peer behind which the LAN is), and no hook
 * here turns forwarding on: the tunnel comes up and the LAN stays out of reach, unless the host forwards by
 * other means. Information, as the full-tunnel case above (cross-file review: a site-to-site pair without
 * hooks got no finding at all). A host route is left out: it may be another address of this host itself.
 */
function checkLanForwarding(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile, only?: Family) {
  const subnets = addressSubnets(self);
  const senders = sendersHere(ctx, ws, self, (ref) => {
    // (Not the pieces of a default route: a sender routing all of a family is a full tunnel, above.)
    const everything = { 4: peerRoutesEverything(ref.peer, 4), 6: peerRoutesEverything(ref.peer, 6) };
    return ref.peer.allowedIps.find((i) => {
      const c = i.cidr;
      return (
        c !== undefined && c.sign !== '-' && (only === undefined || c.family === only) && c.prefix > 1 && c.prefix < bits(c.family) && !(everything[c.family] && c.prefix <= SHORT_ROUTE) &&
        !subnets.some((s) => s.family === c.family && (contains(s, c) || contains(c, s)))
      );
    });
  });
  if (!senders.length) return;
  const first = formatCidr(senders[0]!.item.cidr!);
  // The forwarding of the families routed here (an IPv6 LAN needs IPv6's).
  const families = ([4, 6] as const).filter((f) => senders.some((c) => c.item.cidr!.family === f));
  reportGateway(ctx, self, senders, (who) =>
    `${who} ${senders.length > 1 ? 'route LANs' : `routes ${first}`} through this config, but ${only === undefined ? 'no hook here turns on forwarding' : `the hooks here forward or NAT IPv${only === 4 ? 6 : 4} only`}: unless this host forwards by other means (sysctl.d, its firewall), packets for ${first} arrive here and go no further. For example: ${forwardingExample(families, false)} (and the PostDown that undoes it; the LAN's hosts need a route back through this host, or NAT).`,
  );
}

/** A config that sends traffic through this one, and the AllowedIPs item of its [Peer] for it that says so. */
interface Sender {
  readonly file: WorkspaceFile;
  readonly item: CidrItem;
}

/**
 * The configs listing this one back whose [Peer] for it has an item `pick` finds, by URI. Read from the
 * configs listing this one (the index), not from every peer: a hub of thousands pays nothing. A sender
 * whose routes do not carry its AllowedIPs (Table = off or a table of its own) sends nothing here. One
 * config stored twice (PiVPN keeps each client in /etc/wireguard/configs and ~/configs) is one sender: the
 * count said 6 configs for 3 (real-world review). By its key, the first by URI.
 */
function sendersHere(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile, pick: (ref: PeerRef) => CidrItem | undefined): Sender[] {
  const found: Sender[] = [];
  for (const ref of ws.referencesTo(self.publicKey!)) {
    if (ref.file.uri === self.uri || !ref.file.publicKey || !self.peersByKey.has(ref.file.publicKey)) continue;
    const mode = tableMode(ref.file.model, targetOfFile(ctx, ref.file));
    if (mode === 'off' || mode === 'custom') continue;
    const item = pick(ref);
    if (item) found.push({ file: ref.file, item });
  }
  found.sort((a, b) => (a.file.uri < b.file.uri ? -1 : a.file.uri > b.file.uri ? 1 : 0));
  const seen = new Set<string>();
  return found.filter((c) => !seen.has(c.file.publicKey!) && seen.add(c.file.publicKey!));
}

/** gateway-without-forwarding on this config's [Interface], naming the senders (`message` gets their names). */
function reportGateway(ctx: RuleContext, self: WorkspaceFile, senders: readonly Sender[], message: (who: string) => string) {
  const range = headerRange(self);
  if (!range) return;
  const who = senders.length <= 3 ? senders.map((c) => c.file.name).join(', ') : `${senders.length} configs (${names(senders.map((c) => c.file))})`;
  ctx.report({
    rule: 'gateway-without-forwarding',
    range,
    message: message(who),
    related: senders.slice(0, 20).map((c) => at(c.file, lineRange(c.item.line, c.item), `${c.file.name}: AllowedIPs ${formatCidr(c.item.cidr!)}`)),
  });
}

/**
 * The AmneziaWG parameters both ends of a tunnel must share: each side pads its handshake packets with
 * S1–S4 junk bytes and stamps them with the H1–H4 message types, and the other strips and recognises them
 * by its own values (so do they encrypt headers with HeaderProtectionKey). Jc, Jmin, Jmax and I1–I5 only
 * shape the junk a side sends before its handshake, and may differ.
 */
export const AWG_SHARED = ['S1', 'S2', 'S3', 'S4', 'H1', 'H2', 'H3', 'H4', 'HeaderProtectionKey'] as const;

export function awgValue(file: WorkspaceFile, name: string): { value: string; entry: ResolvedEntry } | undefined {
  let found: { value: string; entry: ResolvedEntry } | undefined;
  for (const e of file.model.iface.entries) if (e.match?.info.name === name && e.node.valueText !== '') found = { value: wgValue(e), entry: e };
  return found;
}

/**
 * A parameter's value as the two ends compare it: S1–S4 as numbers (unset is 0: no junk prefix), H1–H4
 * as the range `lo-hi` (`N` is `N-N`; unset is WireGuard's own message type, 1 to 4), the key as written.
 * An unparsable value stays as written (its own rule reports it).
 */
function awgCompared(name: string, v: string | undefined): string {
  if (/^S[1-4]$/.test(name)) return v === undefined ? '0' : /^[0-9]+$/.test(v) ? String(Number(v)) : v;
  if (/^H[1-4]$/.test(name)) {
    if (v === undefined) return `${name[1]}-${name[1]}`;
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(v);
    return m ? `${Number(m[1])}-${Number(m[2] ?? m[1])}` : v;
  }
  return v ?? '';
}

/**
 * The parameter named by each invalid-amneziawg-value problem of `file`'s [Interface], with `name = value`
 * set first when given. Checked on a small text of its AmneziaWG parameters only (all the check reads of
 * an [Interface]), not the whole file: a hub of thousands of peers is not walked again per fix. Only when
 * a fix would copy a value (the ends disagree: rare).
 */
function awgErrorsIn(file: WorkspaceFile, set?: { readonly name: string; readonly value: string }): string[] {
  const names: string[] = [];
  const lines = ['[Interface]'];
  const add = (key: string, value: string) => {
    names.push(key);
    lines.push(`${key} = ${value}`);
  };
  for (const e of file.model.iface.entries) {
    const key = e.match?.info.name;
    if (!key || !e.match!.info.targets.every((t) => t === 'amneziawg') || e.node.valueText === '') continue;
    add(key, key === set?.name ? set.value : wgValue(e));
  }
  if (set && !names.includes(set.name)) add(set.name, set.value);
  const doc = parse(lines.join('\n'));
  const c = new Collector(doc, buildModel(doc), 'amneziawg', {});
  return c
    .collect(() => checkAmneziaValues(c))
    .filter((p) => p.rule === 'invalid-amneziawg-value')
    .map((p) => names[p.range.start.line - 1]!);
}

/**
 * Whether copying `name = value` from `from` into `into` is a fix: the value is no error where it comes
 * from (`H1 = 2` alone overlaps H2's default) and makes none where it goes (`H1 = 5` into a file whose
 * own H2 is 4-6): fix reviews.
 */
function awgCopyable(from: WorkspaceFile, into: WorkspaceFile, name: string, value: string): boolean {
  return !awgErrorsIn(from).includes(name) && awgErrorsIn(into, { name, value }).length <= awgErrorsIn(into).length;
}

/** amneziawg-params-mismatch: per counterpart that lists this config back, each shared parameter. */
function checkAwgParams(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile): void {
  if (!self.publicKey) return;
  const seen = new Set<string>();
  const others: Array<{ peer: PeerModel; other: WorkspaceFile }> = [];
  for (const peer of self.model.peers) {
    if (!peer.publicKey) continue;
    const other = ws.counterpartOf(wgValue(peer.publicKey), self.uri);
    if (!other || seen.has(other.uri) || !other.peersByKey.has(self.publicKey)) continue;
    seen.add(other.uri);
    others.push({ peer, other });
  }
  for (const name of AWG_SHARED) {
    const mine = awgValue(self, name);
    const here = awgCompared(name, mine?.value);
    // A hub whose value its other spokes share: the odd spoke is what is wrong, and the fix writes
    // there. "Use a.conf's S1" on the hub broke every other spoke (cross-file review).
    const agree = others.filter(({ other }) => awgCompared(name, awgValue(other, name)?.value) === here).map(({ other }) => other.name);
    for (const { peer, other } of others) {
      const theirs = awgValue(other, name);
      if (awgCompared(name, theirs?.value) === here) continue;
      const secret = name === 'HeaderProtectionKey';
      const said = (v: typeof mine, where: string) => (v === undefined ? `not set ${where}` : secret ? `set ${where}` : `${v.value} ${where}`);
      const shared = agree.length ? ` (as in ${agree.length > 2 ? `${agree.slice(0, 2).join(', ')} and ${agree.length - 2} more` : agree.join(' and ')})` : '';
      let fixes: Fix[] = [];
      if (!secret && agree.length && mine) {
        const fix: Fix = { title: `Use ${name} = ${mine.value} in ${other.name}`, edits: [theirs ? { uri: other.uri, range: lineRange(theirs.entry.line, theirs.entry.node.value), newText: mine.value } : insertAfterInterface(other, `${name} = ${mine.value}`)] };
        if (awgCopyable(self, other, name, mine.value)) fixes = [fix];
      } else if (!secret && agree.length && theirs) {
        // Unset here and in the others: the odd file's lines go (diff review: there was no fix at all).
        const lines = other.model.iface.entries.filter((e) => e.match?.info.name === name);
        fixes = [{ title: `Remove ${name} from ${other.name}`, edits: deleteLinesIn(other.doc, lines.map((e) => e.line)).map((e) => ({ uri: other.uri, ...e })) }];
      } else if (!secret && !agree.length && theirs) {
        const fix: Fix = { title: `Use ${other.name}'s ${name} = ${theirs.value}`, edits: mine ? [{ range: lineRange(mine.entry.line, mine.entry.node.value), newText: theirs.value }] : [insertAfterInterface(self, `${name} = ${theirs.value}`)] };
        if (awgCopyable(other, self, name, theirs.value)) fixes = [fix];
      }
      ctx.report({
        rule: 'amneziawg-params-mismatch',
        range: mine ? lineRange(mine.entry.line, mine.entry.node.value) : (headerRange(self) ?? peerKeyRange(peer)),
        message: `${name} is ${said(mine, 'here')}${shared} but ${said(theirs, `in ${other.name}`)}${secret && mine && theirs ? ', another key' : ''}: each end reads the other's packets with its own value, so no handshake completes. Both ends must use the same ${name}.`,
        related: theirs ? [at(other, lineRange(theirs.entry.line, theirs.entry.node.value), `${other.name}: ${name}`)] : headerRange(other) ? [at(other, headerRange(other)!, `${other.name}: no ${name}`)] : [],
        ...(fixes.length ? { fixes } : {}),
      });
    }
  }
}

/**
 * The PresharedKey wg uses for `peer`, and the section that sets it: [Peer] sections with one PublicKey
 * are one peer to wg, each setting what it names, so a second section without a PresharedKey keeps the
 * first one's (the network fuzz: a duplicated [Peer] was told "the handshake fails", and it did not). The
 * last one set wins; that section (else the key's first) is where a mismatch is reported and fixed.
 * Keys with several sections are found once per model.
 */
function effectivePsk(file: WorkspaceFile, peer: PeerModel): { psk: string | undefined; section: PeerModel } {
  const merged = peer.publicKey ? mergedPsks(file).get(wgValue(peer.publicKey)) : undefined;
  if (merged) return { psk: noZero(merged.psk ?? undefined), section: merged.section };
  return { psk: noZero(peer.presharedKey ? wgValue(peer.presharedKey) : undefined), section: peer };
}

/**
 * No PresharedKey for an all-zero one: the protocol's "no preshared key" is 32 zero bytes, mixed into every
 * handshake, so the two agree (cross-file review: an error on a working tunnel). invalid-key says it is a
 * placeholder.
 */
const noZero = (psk: string | undefined) => (psk === ZERO_KEY ? undefined : psk);

const mergedPsksMemo = new WeakMap<ConfigModel, Map<string, { psk: string | null; section: PeerModel }>>();

/**
 * What a [Peer]'s cross-file results read of the other sections of its file: the merged PresharedKeys
 * of repeated keys and the sections holding them (the validator keeps a peer's results while this stays
 * the same). '' nearly always.
 */
export function mergedPskDigest(file: Pick<WorkspaceFile, 'model' | 'peersByKey'>): string {
  const m = mergedPsks(file);
  return m.size ? JSON.stringify([...m].map(([k, v]) => [k, v.psk, v.section.index])) : '';
}

/** For each PublicKey with several [Peer] sections: the last PresharedKey set among them (null: none), and its section. */
function mergedPsks(file: Pick<WorkspaceFile, 'model' | 'peersByKey'>): Map<string, { psk: string | null; section: PeerModel }> {
  const model = file.model;
  let out = mergedPsksMemo.get(model);
  if (out) return out;
  out = new Map();
  // No key repeated (nearly always): as many distinct keys in the workspace's index as peers with one.
  // Counted without hashing a key: a 5,000-peer hub is re-validated per keystroke (a set of keys per
  // model cost 2.3 ms of each edit's 3; the bench's edit bars went from 2.4× to 5×).
  let keyed = 0;
  for (const p of model.peers) if (p.publicKey !== undefined) keyed++;
  if (keyed === file.peersByKey.size) {
    mergedPsksMemo.set(model, out);
    return out;
  }
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const p of model.peers) {
    if (!p.publicKey) continue;
    const k = wgValue(p.publicKey);
    if (seen.has(k)) repeated.add(k);
    else seen.add(k);
  }
  if (repeated.size) {
    for (const p of model.peers) {
      if (!p.publicKey) continue;
      const k = wgValue(p.publicKey);
      if (!repeated.has(k)) continue;
      if (p.presharedKey) out.set(k, { psk: wgValue(p.presharedKey), section: p });
      else if (!out.has(k)) out.set(k, { psk: null, section: p });
    }
  }
  mergedPsksMemo.set(model, out);
  return out;
}

/** One matched pair: `peer` in `self` for `other`, and `back` in `other` for `self`. */
function checkPair(ctx: RuleContext, self: WorkspaceFile, peer: PeerModel, other: WorkspaceFile, back: PeerModel) {
  // PresharedKey: identical on both ends, or absent on both (as wg merges [Peer] sections of one key:
  // compared, reported and fixed at the section that sets it, once; the diff review).
  const own = effectivePsk(self, peer);
  const far = effectivePsk(other, back);
  const mine = own.psk;
  const theirs = far.psk;
  if (mine !== theirs && own.section === peer) {
    // (Their side: the section that sets it, where a fix writes.)
    const there = far.section;
    const range = peer.presharedKey ? lineRange(peer.presharedKey.line, peer.presharedKey.node.value) : peerKeyRange(peer);
    const theirRange = there.presharedKey ? lineRange(there.presharedKey.line, there.presharedKey.node.value) : peerKeyRange(there);
    const fixes: Fix[] = [];
    // A PresharedKey that is some config's PrivateKey (key-reuse says so) is never copied: the fix would
    // write that private key into one more file (fix-soundness review). A new one for both ends is then
    // the way, which key-reuse's message says.
    const privateKeys = ctx.workspace?.model.privateKeys();
    // Nor is one that is no key (invalid-key reports it): it would be a new error in the other file, by a
    // preferred fix (fix review).
    const copyable = (psk: string | undefined): psk is string => psk !== undefined && isValidKey(psk) && !privateKeys?.has(psk);
    if (copyable(theirs)) fixes.push({ title: `Use ${other.name}'s PresharedKey here`, preferred: true, edits: setPskEdits(ctx.doc, self.uri, peer, theirs) });
    if (copyable(mine)) fixes.push({ title: `Write this PresharedKey into ${other.name}`, preferred: !copyable(theirs), edits: setPskEdits(other.doc, other.uri, there, mine) });
    ctx.report({
      rule: 'preshared-key-mismatch',
      range,
      message: !mine
        ? `${other.name} has a PresharedKey for this interface but this [Peer] has none: the handshake fails silently.`
        : !theirs
          ? `This [Peer] has a PresharedKey but ${other.name} has none for this interface: the handshake fails silently.`
          : `The PresharedKey differs from the one ${other.name} has for this interface: the handshake fails silently.`,
      related: [at(other, theirRange, `${other.name}: ${theirs ? 'its PresharedKey' : 'no PresharedKey'}`)],
      fixes,
    });
  }

  checkBothWays(ctx, self, peer, other, back);

  // AllowedIPs must cover the counterpart's own tunnel addresses (the source check on receive), of
  // the families it routes to this side at all: a dual-stack hub whose [Peer] for an IPv4-only spoke
  // routes only IPv4 never sends it IPv6.
  // Nor of a family this config has no Address of when what the other end routes of it to this key is
  // host routes to another profile's Addresses (same PrivateKey): a laptop's IPv4-only home profile next
  // to its dual-stack travel one is sent no IPv6 (topology review).
  const ownFamilies = new Set(self.model.iface.addresses.flatMap((a) => (a.cidr ? [a.cidr.family] : [])));
  // (The profiles looked up only then: most configs have an Address of every family routed to them.)
  const profileHas = (family: number, address: bigint) =>
    self.privateKey !== undefined && ctx.workspace!.model.filesWithPrivateKey(self.privateKey).some((f) => f.uri !== self.uri && f.addressKeys.includes(`${family}:${address}`));
  const anotherProfiles = (family: number) =>
    ownFamilies.size > 0 &&
    !ownFamilies.has(family as 4 | 6) &&
    back.allowedIps.every((i) => !i.cidr || i.cidr.sign === '-' || i.cidr.family !== family || (i.cidr.prefix === bits(i.cidr.family) && profileHas(family, i.cidr.address)));
  const routesBack = (family: number) => back.allowedIps.some((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.family === family) && !anotherProfiles(family);
  const missing = other.model.iface.addresses.filter(
    (a) => a.cidr && routesBack(a.cidr.family) && !peer.allowedIps.some((i) => i.cidr && i.cidr.sign !== '-' && covers(i.cidr, a.cidr!.family, a.cidr!.address)),
  );
  if (missing.length && other.model.iface.addresses.length) {
    const lastAllowed = [...peer.entries].reverse().find((e) => e.match?.info.name === 'AllowedIPs' && e.node.valueText !== '');
    const routed = peer.allowedIps.flatMap((i) => (i.cidr && i.cidr.sign !== '-' ? [formatCidr(i.cidr)] : []));
    const hosts = missing.map((a) => hostCidr(a.cidr!.family, a.cidr!.address));
    const range = lastAllowed ? lineRange(lastAllowed.line, lastAllowed.node.value) : peerKeyRange(peer);
    const edits: TextEdit[] = lastAllowed
      ? [appendToList(lastAllowed, hosts)]
      : [insertAfterPeer(ctx.doc, peer, `AllowedIPs = ${hosts.join(', ')}`)];
    // The address may be a sibling's (two spokes with one Address, reused-address): routing it here would
    // take it from that sibling. Then the Address is what is wrong (topology review).
    const taken = missing.flatMap((a) => {
      const owner = self.publicKey ? addressTwin(ctx.workspace!.model, a, other, self.publicKey) : undefined;
      return owner ? [{ a, owner }] : [];
    });
    if (taken.length) {
      const { a, owner } = taken[0]!;
      const own = hostRoute(peer, a.cidr!.family);
      const shown = `${formatIp(a.cidr!.family, a.cidr!.address)}`;
      ctx.report({
        rule: 'allowed-ips-miss-address',
        range,
        message: `AllowedIPs for ${other.name} do not include its address ${hosts.join(', ')}, but ${shown} is also the Address of ${owner.name}, which dials this config too: two configs claim one address. Give ${other.name} an address of its own${own ? ` (${own}, as routed here)` : ''}; routing ${shown} here would clash with ${owner.name}.`,
        related: [...missing.map((m) => at(other, lineRange(m.line, m), `${other.name}: Address ${m.text}`)), ...owner.model.iface.addresses.filter((b) => b.cidr && b.cidr.family === a.cidr!.family && b.cidr.address === a.cidr!.address).map((b) => at(owner, lineRange(b.line, b), `${owner.name}: Address ${b.text}`))],
        ...(own ? { fixes: [{ title: `Set ${other.name}'s Address to ${own}/${a.cidr!.prefix}`, preferred: true, edits: [{ uri: other.uri, range: lineRange(a.line, a), newText: `${own}/${a.cidr!.prefix}` }] }] } : {}),
      });
    } else {
      ctx.report({
        rule: 'allowed-ips-miss-address',
        range,
        // Said for both readings: every packet from that address is lost, while traffic the other end
        // forwards under another address (NAT: a server for its LAN) passes (false-positive review).
        message: `AllowedIPs for ${other.name} do not include its own address ${hosts.join(', ')}: every packet ${other.name} sends from that address is dropped here, and nothing here is routed to it${routed.length ? ` (what the AllowedIPs route, ${routed.slice(0, 3).join(', ')}${routed.length > 3 ? ', …' : ''}, still goes there, and traffic ${other.name} forwards under another address, NATed, still comes back)` : ''}.`,
        related: missing.map((a) => at(other, lineRange(a.line, a), `${other.name}: Address ${a.text}`)),
        fixes: [{ title: `Add ${hosts.join(', ')} to AllowedIPs`, preferred: true, edits }],
      });
    }
  }

  // Someone must be able to start the handshake.
  // (Nor when a hook sets one: `wg set %i peer KEY endpoint "$(…)"`, an address known only at run time.)
  if (!peer.endpoint && !back.endpoint && !(other.publicKey && endpointSetByHook(self.model, other.publicKey)) && !(self.publicKey && endpointSetByHook(other.model, self.publicKey))) {
    ctx.report({
      rule: 'no-endpoint-either-side',
      range: peerKeyRange(peer),
      message: `Neither this config nor ${other.name} has an Endpoint for the other: no side can start a handshake. Give the side that can be reached (the one with a public address and ListenPort) an Endpoint in the other's [Peer].`,
      related: [at(other, peerKeyRange(back), `${other.name}: its [Peer] for this config, without Endpoint`)],
    });
  }

  // Endpoint port = the counterpart's ListenPort, when this side must dial. When the counterpart dials
  // this side on its own (an Endpoint for this side's ListenPort there and a PersistentKeepalive: it sends at once when it comes
  // up), this Endpoint is not needed for the tunnel to come up, and its port is usually the one the
  // counterpart's NAT mapped, as learned from a handshake (what SaveConfig and `wg showconf` write
  // out): roaming keeps it current. Without the keepalive the counterpart sends only when it has
  // traffic, so this side's own packets go to this port and are lost (the network test shows it).
  // Likewise a full-tunnel client (it sends whatever the host sends, so it dials at once), and a file
  // wg-quick writes itself (SaveConfig = true: its Endpoints are the learned ones, rewritten at down).
  // (A full tunnel with Table = off routes nothing: that end sends nothing here on its own.) Asked only
  // for a peer with an Endpoint: the sweeps are not for every pair of a hub.
  const ep = peer.endpoint?.parsed;
  // The other config is read as its own target does (its `# wgls-target`: an awg keepalive range there).
  const otherTarget = targetOfFile(ctx, other);
  // When both ends dial on their own, each would excuse the other, and two ends that both dial the wrong
  // port got no finding at all (cross-file review): then only a dial that lands (its port is this side's
  // ListenPort) excuses this one. A port that differs may be a port forward or NAT, so when only the
  // other end dials it still excuses this side (its own Endpoint finding says "unless a port forward…").
  const backLands = () => self.listenPort !== undefined && back.endpoint?.parsed?.port.port === self.listenPort;
  const dialsOnItsOwn = () => sendsOnItsOwn(back, other, otherTarget) && (backLands() || !sendsOnItsOwn(peer, self, ctx.target));
  const saved = readByQuick(ctx.target) && savesConfig(self.model);
  // (A ListenPort wg cannot read at all is invalid-port's, in that file: wg refuses the file.)
  const unreadable = other.model.iface.listenPort !== undefined && !parsePort(wgValue(other.model.iface.listenPort)).ok;
  // (An Endpoint that is the other end's tunnel address is endpoint-in-tunnel's: its port is beside the point.)
  if (ep && peer.endpoint && !saved && !unreadable && !dialsOnItsOwn() && !endpointIsPeerAddress(ctx, peer)) {
    const port = ep.port.port;
    // The port as written, when the value is what wg reads; else (blanks or a NUL inside, which wg drops
    // or stops at) the whole value, and the fix writes it whole: host as wg reads it, the new port.
    const read = wgValue(peer.endpoint);
    const asWritten = read === peer.endpoint.node.valueText;
    const portRange = asWritten
      ? lineRange(peer.endpoint.line, { start: peer.endpoint.node.value.start + ep.portStart, end: peer.endpoint.node.value.end })
      : lineRange(peer.endpoint.line, peer.endpoint.node.value);
    const withPort = (p: number) => (asWritten ? String(p) : `${read.slice(0, ep.portStart)}${p}`);
    const lp = other.model.iface.listenPort;
    if (other.listenPort === undefined) {
      // A ListenPort line that reads as 0 (`0`, `00`, `65536`) is set in place: a second line would be a
      // duplicate-key (the rule-docs review). Port 0 here is no port to set there.
      const zero = lp ? `ListenPort = ${wgValue(lp)}, a random port` : 'no ListenPort';
      ctx.report({
        rule: 'endpoint-port-mismatch',
        range: portRange,
        message: `${other.name} has ${zero}: it listens on a random port, so this Endpoint cannot reach it reliably.${port > 0 ? ` Set ListenPort = ${port} in ${other.name}.` : ''}`,
        related: lp ? [at(other, lineRange(lp.line, lp.node.value), `${other.name}: ListenPort ${wgValue(lp)}`)] : headerRange(other) ? [at(other, headerRange(other)!, `${other.name}: no ListenPort`)] : [],
        ...(port > 0
          ? { fixes: [{ title: `Set ListenPort = ${port} in ${other.name}`, edits: [lp ? setValue(other.uri, lp, String(port)) : insertAfterInterface(other, `ListenPort = ${port}`)] }] }
          : {}),
      });
    } else if (other.listenPort !== port) {
      ctx.report({
        rule: 'endpoint-port-mismatch',
        range: portRange,
        message: `Port ${port} is not ${other.name}'s ListenPort (${other.listenPort}): unless a port forward maps it there (then keep it, and ignore this finding on the line), the handshake never arrives.`,
        related: lp ? [at(other, lineRange(lp.line, lp.node.value), `${other.name}: ListenPort ${other.listenPort}`)] : [],
        fixes: [{ title: `Change the port to ${other.listenPort}`, preferred: true, edits: [{ range: portRange, newText: withPort(other.listenPort) }] }],
      });
    }
  }

  // Keepalive belongs on the side that dials (behind NAT), not the side without an Endpoint.
  const seconds = WM.keepalive(peer, ctx.target);
  if (seconds > 0 && !peer.endpoint && back.endpoint && WM.keepalive(back, otherTarget) === 0) {
    ctx.report({
      rule: 'keepalive-wrong-side',
      range: lineRange(peer.keepalive!.line, peer.keepalive!.node.value),
      message: `PersistentKeepalive is set here, but this side has no Endpoint for ${other.name} and cannot send it first; ${other.name} dials this side and is the one that must keep its NAT mapping open.`,
      related: [at(other, peerKeyRange(back), `${other.name}: its [Peer] for this config, without PersistentKeepalive`)],
      // An existing line (`PersistentKeepalive = 0`) gets the value: a second line is duplicate-key, and
      // the Apple apps reject a repeated key (add-peer review).
      fixes: [
        back.keepalive
          ? { title: `Set PersistentKeepalive = ${seconds} in ${other.name}`, preferred: true, edits: [setValue(other.uri, back.keepalive, String(seconds))] }
          : { title: `Add PersistentKeepalive = ${seconds} to ${other.name}`, preferred: true, edits: [insertAfterPeerIn(other, back, `PersistentKeepalive = ${seconds}`)] },
      ],
    });
  }
}

/**
 * allowed-ips-both-ways: the same prefix routed by both ends to each other (a site's LAN written into
 * both [Peer]s of a site-to-site pair, or 0.0.0.0/0 on both ends of one tunnel). Each end sends packets
 * for it to the other, which sends them back, until their TTL runs out. Inside either end's own Address
 * subnet (two ends routing their common tunnel subnet) the addresses are the ends' own, which is how a
 * tunnel is addressed: not reported.
 */
function checkBothWays(ctx: RuleContext, self: WorkspaceFile, peer: PeerModel, other: WorkspaceFile, back: PeerModel) {
  const mine = peer.allowedIps.filter((i) => i.cidr && i.cidr.sign !== '-');
  const theirs = back.allowedIps.filter((i) => i.cidr && i.cidr.sign !== '-');
  // Route lists of thousands of items on both ends: not compared pairwise.
  if (mine.length * theirs.length > 4096) return;
  const own = [...self.model.iface.addresses, ...other.model.iface.addresses].flatMap((a) => (a.cidr && !a.cidr.sign ? [a.cidr] : []));
  const inOwnSubnet = (c: Cidr) => own.some((a) => a.family === c.family && a.prefix <= c.prefix && covers(a, c.family, c.network));
  // A /0 both ways between a server and a client that dials it: the server's /0 is the mistake, and
  // default-route-to-client says so there (the client's full tunnel is right).
  // A loop needs routes on both ends: not where an end adds none (plain wg, Table = off) or adds them to a
  // table of its own (only the user's rules send traffic there).
  const routes = (f: WorkspaceFile, target: Target) => {
    if (target === 'wg') return false;
    const mode = tableMode(f.model, target);
    return mode === 'auto' || mode === 'main';
  };
  const otherTarget = targetOfFile(ctx, other);
  if (!routes(self, ctx.target) || !routes(other, otherTarget)) return;
  const serverAndClient = (listensFile(self) && !peer.endpoint) || (listensFile(other) && !back.endpoint);
  for (const m of mine) {
    for (const t of theirs) {
      const a = m.cidr!;
      const b = t.cidr!;
      if (a.family !== b.family) continue;
      // Only the same prefix on both ends: a LAN inside the other end's wider route (a spoke with a LAN
      // behind it that sends everything else to its hub) is local to the end it is behind, whose own more
      // specific route keeps its packets there.
      if (a.prefix !== b.prefix || !covers(b, a.family, a.network) || inOwnSubnet(a) || (a.prefix === 0 && serverAndClient)) continue;
      const inner = a;
      ctx.report({
        rule: 'allowed-ips-both-ways',
        range: lineRange(m.line, m),
        message: `Both ends route ${formatCidr(inner)} to each other: this config sends it to ${other.name}, and ${other.name} sends it here (its AllowedIPs ${formatCidr(b)}), so packets for it go back and forth until their TTL runs out. Route it only towards the end it is behind.`,
        related: [at(other, lineRange(t.line, t), `${other.name}: AllowedIPs ${formatCidr(b)}`)],
      });
      break;
    }
  }
}

/** Whether a config listens on a fixed port (a ListenPort other than 0): a side others dial. */
function listensFile(f: WorkspaceFile): boolean {
  return f.listenPort !== undefined && f.listenPort !== 0;
}

/** Configs that list this interface: each should be listed back. */
function checkListedBy(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile) {
  if (!self.publicKey) return;
  const range = headerRange(self);
  if (!range) return;
  // Other configs with this identity (profiles of one host, one per server): a server one of them lists
  // back is that profile's, not this one's.
  const siblings = self.privateKey === undefined ? [] : ws.filesWithPrivateKey(self.privateKey).filter((f) => f.uri !== self.uri);
  for (const ref of ws.referencesTo(self.publicKey)) {
    if (ref.file.uri === self.uri || !ref.file.publicKey || self.peersByKey.has(ref.file.publicKey)) continue;
    if (siblings.some((f) => f.peersByKey.has(ref.file.publicKey!))) continue;
    const meant = misdirectedStanza(ws, self, ref.file);
    // A key one character off: near-miss-peer-key says so on that [Peer], with the fix.
    if (meant?.why === 'typo') continue;
    if (meant) {
      ctx.report({
        rule: 'counterpart-missing-peer',
        range: peerKeyRange(meant.peer),
        message:
          meant.why === 'self'
            ? `${ref.file.name} lists this interface as a peer, but no [Peer] here has its public key; this [Peer] routes its address ${meant.address} under this interface's own public key (self-peer: wg ignores it). Put ${ref.file.name}'s public key here.`
            : `${ref.file.name} lists this interface as a peer, but no [Peer] here has its public key; this [Peer] routes its address ${meant.address} under a key no config in the workspace owns (${ref.file.name}'s old key, from before a new PrivateKey?). Put ${ref.file.name}'s current public key here.`,
        related: [at(ref.file, peerKeyRange(ref.peer), `${ref.file.name}: its [Peer] for this config`)],
        // (A self-peer's stanza is meant for that config: no second one offered beside it.)
        fixes: [replaceKeyFix(self, meant.peer, ref.file), ...(meant.why === 'self' ? [] : [{ ...addBackReferenceFix(ws, self, ref.file, ref.peer), preferred: false }])],
      });
      continue;
    }
    const unseen = unseenPeers(self.model, ref.file.name, 'here', ctx.target);
    ctx.report({
      rule: 'counterpart-missing-peer',
      ...(unseen ? { severity: 'information' as const } : {}),
      range,
      message: unseen
        ? `${ref.file.name} lists this interface as a peer, but this config has no [Peer] for ${ref.file.name}${unseen.inText}. ${unseen.note}`
        : `${ref.file.name} lists this interface as a peer, but this config has no [Peer] for ${ref.file.name}: the tunnel cannot come up.`,
      related: [at(ref.file, peerKeyRange(ref.peer), `${ref.file.name}: its [Peer] for this config`)],
      fixes: [addBackReferenceFix(ws, self, ref.file, ref.peer)],
    });
  }
}

/**
 * Alternative profiles of one host: in one folder (one host's /etc/wireguard, as reused-listen-port
 * takes it), with the same PrivateKey and the same `# wgls-target`, and either no peer in common (one
 * profile per site or server it dials: a VPN provider's bundle of one file per server) or an Address in
 * common, routed differently (a split and a full tunnel to one server), at other Endpoints or with other
 * DNS (reachOf), or not at all (no peers yet). Brought up one at a time, they are no two hosts fighting
 * over one identity or one address. The same file in two hosts' folders is a copy, and so is one with an
 * Address in common, the same routes and the same reach next to it (laptop.conf copied to tablet.conf,
 * the classic way two devices end up with one key).
 *
 * Returns the configs sharing `self`'s PrivateKey that are NOT its profiles, by URI. A provider's
 * bundle holds hundreds of profiles of one key (900 took 1.2 s compared pair by pair), so the group is
 * indexed once per workspace revision: by folder and target, then by listed peer key. Within a folder
 * and target only the files that share a peer with `self`, or list none, can be copies.
 *
 * `maybeProfiles`: those of them in another folder (same target) that the same evidence would make
 * profiles in one folder: a provider's bundle unzipped one country per folder, a home profile kept in
 * `old/` (real-world review: an error on each). A copy on another device still keeps the peers, routes
 * and reach, so it is not among them.
 */
function copiesOf(ws: WorkspaceModel, self: WorkspaceFile): { readonly copies: readonly WorkspaceFile[]; readonly maybeProfiles: ReadonlySet<WorkspaceFile> } {
  const none = { copies: [], maybeProfiles: new Set<WorkspaceFile>() };
  if (self.privateKey === undefined) return none;
  const files = ws.filesWithPrivateKey(self.privateKey);
  if (files.length < 2) return none;
  const group = keyGroupOf(files);
  const place = group.placeOf.get(self)!;
  const out: WorkspaceFile[] = [];
  const maybeProfiles = new Set<WorkspaceFile>();
  const mine = hostFacts(self);
  // Another folder or another target: another device, unless (another folder, one target) the evidence
  // below says profiles.
  if (place.files.length < files.length) {
    for (const f of files) {
      if (group.placeOf.get(f) === place) continue;
      out.push(f);
      if (hostFacts(f).target !== mine.target) continue;
      // As in one folder: a file with a peer in common (or either with none) by profileOf; with no peer
      // in common, a provider's bundle only when both are clients that dial their servers (two servers
      // with one key and different clients are the copied-template mistake: diff review).
      const inCommon = [...self.peersByKey.keys()].some((k) => f.peersByKey.has(k));
      const comparable = inCommon || self.peersByKey.size === 0 || f.peersByKey.size === 0;
      if (comparable ? profileOf(self, f, mine) : dials(self) && dials(f)) maybeProfiles.add(f);
    }
  }
  const candidates = new Set<WorkspaceFile>();
  if (self.peersByKey.size === 0) for (const f of place.files) candidates.add(f);
  else {
    for (const k of self.peersByKey.keys()) for (const f of place.byPeer.get(k) ?? []) candidates.add(f);
    for (const f of place.peerless) candidates.add(f);
  }
  for (const f of candidates) if (f !== self && !profileOf(self, f, mine)) out.push(f);
  return { copies: out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)), maybeProfiles };
}

/** Whether a config dials a peer (an Endpoint) and does not listen: a client. */
const dials = (f: WorkspaceFile): boolean => !listensFile(f) && f.model.peers.some((p) => p.endpoint !== undefined);

/**
 * Whether `f` (with `self`'s key, listing a peer in common or none) is a profile of `self`'s host: an
 * Address in common (not necessarily all: a dual-stack travel profile next to an IPv4-only home one;
 * topology review), routed differently (a split and a full tunnel of one host), dialling the peers at
 * other Endpoints (the server's LAN and WAN address) or with other DNS servers (a Pi-hole profile and a
 * public one): a copy to another device keeps all of that (real-world configs review). With no peer to
 * route to, the same Addresses, all of them: nothing else tells a copy.
 */
function profileOf(self: WorkspaceFile, f: WorkspaceFile, mine: HostFacts): boolean {
  const theirs = hostFacts(f);
  if (sharesAddress(self, f) && (mine.routes !== theirs.routes || mine.reach !== theirs.reach)) return true;
  return self.addressKeys.length > 0 && mine.addresses === theirs.addresses && self.peersByKey.size === 0;
}

/** The `wg` (or `awg`) commands of `model`'s PreUp and PostUp, as bash splits them: their text and words. */
function* wgHookCommands(model: ConfigModel): Generator<{ text: string; words: string[] }> {
  for (const e of model.iface.entries) {
    const name = e.match?.info.name;
    if (name !== 'PreUp' && name !== 'PostUp') continue;
    for (const c of hookCommands(e)) {
      const words = commandWords(c.text);
      if (/^a?wg$/.test(toolName(words[0]))) yield { text: c.text, words };
    }
  }
}

/**
 * Why a config's text may not show a [Peer] it has when up (counterpart-missing-peer is then information,
 * on either side): a hook loads peers from another file, or SaveConfig = true writes peers added at
 * runtime (`wg set`) at the next down. `listed`: who the missing [Peer] is for, as the message names it;
 * `where`: the config as the message places it. Undefined when neither: the peer is missing.
 */
function unseenPeers(model: ConfigModel, listed: string, where: 'here' | 'there', target: Target): { inText: string; note: string } | undefined {
  const loads = peersLoadedBy(model);
  if (loads) return { inText: ' in its text', note: `It loads peers from another file ("${loads}"): if that file lists ${listed}, the tunnel comes up; if not, it cannot.` };
  // (`target`: the tool of the config that saves itself; awg and awg-quick for AmneziaWG: cross-file review.)
  // (Only wg-quick and awg-quick save a file: the apps and plain wg reject the key, diff review.)
  if (readByQuick(target) && savesConfig(model)) return { inText: '', note: `It has SaveConfig = true: if the peer was added at runtime (${wgName(target)} set), ${quickName(target)} writes it ${where} at the next down; if not, the tunnel cannot come up.` };
  return undefined;
}

/**
 * The PreUp/PostUp command of `model` that loads peers from another file (`wg addconf %i peers.conf`, or
 * setconf, syncconf; awg alike): its text, keys hidden, or undefined. The peers it loads are not in this
 * text, so a peer missing here may be there (topology review: a hub keeping its peers in wg0-peers.conf).
 */
function peersLoadedBy(model: ConfigModel): string | undefined {
  for (const c of wgHookCommands(model)) if (/^(?:addconf|setconf|syncconf)$/.test(c.words[1] ?? '') && c.words.length >= 4) return redactKeys(c.text);
  return undefined;
}

/** Whether a PreUp/PostUp of `model` sets the Endpoint of the peer `key` (`wg set %i peer KEY endpoint …`). */
function endpointSetByHook(model: ConfigModel, key: string): boolean {
  for (const { words } of wgHookCommands(model)) {
    if (words[1] !== 'set') continue;
    const at = words.findIndex((w, i) => w === 'peer' && words[i + 1] === key);
    if (at < 0) continue;
    // Its options run to the next `peer`.
    const next = words.indexOf('peer', at + 2);
    if (words.slice(at + 2, next < 0 ? undefined : next).includes('endpoint')) return true;
  }
  return false;
}

/** Whether two configs have an Address in common (same address, whatever the prefix length). */
function sharesAddress(a: WorkspaceFile, b: WorkspaceFile): boolean {
  return a.addressKeys.some((k) => b.addressKeys.includes(k));
}

/** Files of one PrivateKey in one folder with one target comment: where profiles of one host can be. */
interface Place {
  readonly files: WorkspaceFile[];
  /** The files listing each peer key. */
  readonly byPeer: Map<string, WorkspaceFile[]>;
  /** The files listing no peer at all. */
  readonly peerless: WorkspaceFile[];
}

interface KeyGroup {
  readonly placeOf: Map<WorkspaceFile, Place>;
}

/** Keyed by the array filesWithPrivateKey returns, a new one per workspace revision. */
const keyGroups = new WeakMap<readonly WorkspaceFile[], KeyGroup>();
function keyGroupOf(files: readonly WorkspaceFile[]): KeyGroup {
  let group = keyGroups.get(files);
  if (!group) {
    const places = new Map<string, Place>();
    const placeOf = new Map<WorkspaceFile, Place>();
    for (const f of files) {
      const id = `${f.dir}\0${hostFacts(f).target ?? ''}`;
      let place = places.get(id);
      if (!place) places.set(id, (place = { files: [], byPeer: new Map(), peerless: [] }));
      place.files.push(f);
      placeOf.set(f, place);
      if (f.peersByKey.size === 0) place.peerless.push(f);
      for (const k of f.peersByKey.keys()) {
        const list = place.byPeer.get(k);
        if (list) list.push(f);
        else place.byPeer.set(k, [f]);
      }
    }
    keyGroups.set(files, (group = { placeOf }));
  }
  return group;
}

interface HostFacts {
  readonly target: string | undefined;
  /** The set of Addresses, sorted and joined. */
  readonly addresses: string;
  /** Each listed peer key with its AllowedIPs networks, sorted and joined: equal for a copy. */
  readonly routes: string;
  /** Each listed peer key with its Endpoint, and the DNS items (reachOf): equal for a copy too. */
  readonly reach: string;
}

/** A file's facts that copiesOf compares, computed once per file version. */
const hostFactsOf = new WeakMap<WorkspaceFile, HostFacts>();
function hostFacts(f: WorkspaceFile): HostFacts {
  let facts = hostFactsOf.get(f);
  if (!facts) {
    const routes = f.model.peers.map((p) => `${p.publicKey ? wgValue(p.publicKey) : ''}=${p.allowedIps.flatMap(({ cidr: c }) => (c ? [keyAt(c, c.prefix)] : [])).sort().join(',')}`);
    facts = { target: targetDirective(f.doc)?.target, addresses: [...new Set(f.addressKeys)].sort().join(' '), routes: routes.sort().join(' '), reach: reachOf(f) };
    hostFactsOf.set(f, facts);
  }
  return facts;
}

/** Whether two configs belong to one network: one lists the other, they list a peer in common, or share a key. */
function oneNetwork(ws: WorkspaceModel, a: WorkspaceFile, b: WorkspaceFile): boolean {
  return (
    (a.publicKey !== undefined && b.peersByKey.has(a.publicKey)) ||
    (b.publicKey !== undefined && a.peersByKey.has(b.publicKey)) ||
    (a.privateKey !== undefined && a.privateKey === b.privateKey) ||
    meetAtOnePeer(ws, a, b)
  );
}

/**
 * Cloudflare WARP's server key, the same in every profile wgcf and warp-cli export. The service gives
 * every account the IPv4 Address 172.16.0.2 and tells accounts apart by key, so two WARP profiles (two
 * machines' accounts kept in one repository: real-world sweep) share this peer and an Address without
 * being one network.
 */
const WARP_PUBLIC_KEY = 'bmXOC+F1FxEMF9dyiK2H5/1SUtzH0JuVo51h2wPfgyo=';

/**
 * VPN services that give every client the same tunnel Address and tell them apart by key (as WARP, whose
 * server key says it): each recognised by the Address and a DNS server its downloads carry together.
 * Two configs for one of their servers (two devices' downloads, two variants of one server) are no two
 * peers of one network with one address (real-world review: a reused-address warning on each).
 */
const SHARED_ADDRESS_SERVICES: ReadonlyArray<{ readonly name: string; readonly address: string; readonly dns: readonly string[] }> = [
  { name: 'Proton VPN', address: '10.2.0.2', dns: ['10.2.0.1'] },
  { name: 'NordVPN (NordLynx)', address: '10.5.0.2', dns: ['103.86.96.100', '103.86.99.100'] },
  { name: 'Surfshark', address: '10.14.0.2', dns: ['162.252.172.57', '149.154.159.92'] },
];

/** The index in SHARED_ADDRESS_SERVICES of the service `f` is a download of, or -1. */
function sharedAddressService(f: WorkspaceFile): number {
  const iface = f.model.iface;
  return SHARED_ADDRESS_SERVICES.findIndex(
    (s) => iface.addresses.some((a) => a.cidr?.family === 4 && formatIp(4, a.cidr.address) === s.address) && iface.dns.some((d) => d.ip?.family === 4 && s.dns.includes(formatIp(4, d.ip.value))),
  );
}

/**
 * Whether a peer both configs list may see them both: a config of its own lists both (two spokes at
 * their hub), or it has no config in the workspace (then it may). Two failover servers with one
 * gateway address, each listing one client whose profiles each list one server, never meet.
 */
function meetAtOnePeer(ws: WorkspaceModel, a: WorkspaceFile, b: WorkspaceFile): boolean {
  const [walk, other] = a.peersByKey.size <= b.peersByKey.size ? [a, b] : [b, a];
  let service: number | undefined;
  for (const k of walk.peersByKey.keys()) {
    if (!other.peersByKey.has(k) || k === WARP_PUBLIC_KEY) continue;
    const owners = ws.ownersOf(k);
    if (owners.length === 0) {
      // Two downloads from one VPN service that gives every client one Address: its server tells them
      // apart by key, as WARP's does.
      service ??= sharedAddressService(a);
      if (service >= 0 && service === sharedAddressService(b)) continue;
      return true;
    }
    if (a.publicKey === undefined || b.publicKey === undefined) return true;
    if (owners.some((o) => o.peersByKey.has(a.publicKey!) && o.peersByKey.has(b.publicKey!))) return true;
  }
  return false;
}

function checkReuse(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile) {
  const { copies, maybeProfiles } = copiesOf(ws, self);
  // The same file byte for byte (PiVPN keeps each client in two folders; a backup): one device stored
  // twice as likely as two devices, so a warning that says both (false-positive review). (Not less: a
  // config copied from the phone's folder to the laptop's is byte for byte too, and the real mistake.)
  const sameText = copies.length > 0 && copies.every((f) => f.doc.text === self.doc.text);
  // Profiles of this host kept in other folders, by the evidence: a warning that says both readings too.
  const profiles = !sameText && copies.length > 0 && copies.every((f) => maybeProfiles.has(f));
  if (copies.length) {
    const pk = self.model.iface.privateKey!;
    const many = copies.length > 1;
    ctx.report({
      rule: 'reused-private-key',
      ...(sameText || profiles ? { severity: 'warning' as const } : {}),
      range: lineRange(pk.line, pk.node.key),
      message: sameText
        ? `${names(copies)} ${many ? 'are' : 'is'} this same file, byte for byte: a backup is harmless, but two devices using it fight over the tunnel (one identity). If a second device uses it, generate a new key for it.`
        : profiles
          ? `${names(copies)} ${many ? 'use' : 'uses'} the same PrivateKey from another folder: profiles of this host brought up one at a time may share it (${many ? 'they dial' : 'it dials'} other servers, or ${many ? 'route' : 'routes'} the same Address differently), but two devices with one identity fight over the tunnel. If another device uses it, generate a new key for it.`
          : `${names(copies)} ${many ? 'use' : 'uses'} the same PrivateKey: two hosts with one identity fight over the tunnel. Generate a new key for one of them.`,
      related: copies.slice(0, 20).map((f) => at(f, lineRange(f.model.iface.privateKey!.line, f.model.iface.privateKey!.node.key), `${f.name}: the same PrivateKey`)),
    });
  }
  // (Profiles that may be one host's share their Address by design, as a byte-for-byte copy does.)
  const copySet = copies.length ? new Set(copies.filter((f) => !maybeProfiles.has(f))) : undefined;
  for (const a of self.model.iface.addresses) {
    if (!a.cidr) continue;
    // Only within one network: configs that list each other, share a peer (two spokes of one hub) or an
    // identity. Every default wg-easy or PiVPN install numbers its clients alike, and two of them in one
    // repository are no conflict. Profiles of one host share their Address by design: of the configs
    // with this config's key, only its copies count.
    const others = byUri(
      ws
        .filesWithAddress(`${a.cidr.family}:${a.cidr.address}`)
        .filter((f) => f.uri !== self.uri && (self.privateKey !== undefined && f.privateKey === self.privateKey ? copySet?.has(f) === true && !sameText : oneNetwork(ws, self, f))),
    );
    if (!others.length) continue;
    ctx.report({
      rule: 'reused-address',
      range: lineRange(a.line, a),
      message: `${formatIp(a.cidr.family, a.cidr.address)} is also the Address of ${names(others)}: two peers with one tunnel address make routing and the source check ambiguous.`,
      related: others.slice(0, 20).flatMap((f) =>
        f.model.iface.addresses
          .filter((b) => b.cidr && b.cidr.family === a.cidr!.family && b.cidr.address === a.cidr!.address)
          .map((b) => at(f, lineRange(b.line, b), `${f.name}: Address ${b.text}`)),
      ),
    });
  }
  // (Only this folder's configs, not every config of the workspace per config, which was quadratic in a
  // folder of many (slow review); whether the folder is one host's, asked once, at the first config that
  // shares the port: it reads every key of the folder, a 5,000-peer hub's per keystroke.)
  if (self.listenPort !== undefined && self.model.iface.listenPort) {
    const lp = self.model.iface.listenPort;
    const others: WorkspaceFile[] = [];
    let oneHost: boolean | undefined;
    for (const f of ws.inFolder(self.dir)) {
      if (f.uri === self.uri || f.listenPort !== self.listenPort) continue;
      if (!(oneHost ??= ws.oneHostFolder(self.dir))) break;
      // Two ends of one tunnel kept side by side are not one host, nor two spokes of one hub.
      const peers = (self.publicKey && f.peersByKey.has(self.publicKey)) || (f.publicKey && self.peersByKey.has(f.publicKey));
      if (peers || sharedPeer(ws, self, f)) continue;
      others.push(f);
    }
    if (others.length) {
      // One report however many share the port.
      ctx.report({
        rule: 'reused-listen-port',
        range: lineRange(lp.line, lp.node.value),
        message: `${names(others)}, in the same folder (taken to be the same host), also ${others.length > 1 ? 'listen' : 'listens'} on ${self.listenPort}: the second interface to come up fails to bind.`,
        related: byUri(others).slice(0, 20).flatMap((f) => (f.model.iface.listenPort ? [at(f, lineRange(f.model.iface.listenPort.line, f.model.iface.listenPort.node.value), `${f.name}: ListenPort`)] : [])),
      });
    }
  }
}

/**
 * Neighbours this config cannot reach: configs that list a peer this one lists too (the other spokes
 * of its hub) whose Address lies in this interface's Address subnet, while no [Peer] here routes it.
 * The subnet's connected route sends their packets into the interface, no peer's AllowedIPs match,
 * and they are dropped (the kernel module fails the send with ENOKEY, "Required key not available";
 * wireguard-go drops them silently): the usual "spokes cannot reach each other". Only neighbours
 * count: a subnet holds many addresses no config has (a hub's unassigned ones), and a config listed
 * by this one but not covered is allowed-ips-miss-address. Plain wg applies no Address: not for it.
 * What the result reads of other files, the workspace's affectedBy knows (see rules/neighbors.ts).
 */
function checkNeighbors(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile) {
  if (ctx.target === 'wg' || !self.model.peers.length || !self.model.iface.addresses.some(isSubnetAddress)) return;
  const routed = new RouteIndex(self);
  const missedBy = new Map<AddressItem, Array<{ file: WorkspaceFile; item: AddressItem; via: PeerModel }>>();
  let open = false;
  // Only a config with an address in one of this one's subnets can be a neighbour there: those, from
  // the workspace's sorted addresses, not every config (each of 2,000 spokes looked at all of them).
  const candidates = new Set<WorkspaceFile>();
  for (const a of self.model.iface.addresses) if (isSubnetAddress(a)) for (const f of ws.filesWithAddressIn(a.cidr!.family, a.cidr!.network, a.cidr!.prefix)) candidates.add(f);
  for (const f of candidates) {
    // (A config this one lists itself is no neighbour: its [Peer] here routes it, or
    // allowed-ips-miss-address says it does not: a full mesh.)
    if (f.uri === self.uri || (f.publicKey !== undefined && self.peersByKey.has(f.publicKey))) continue;
    // Only a subnet some of whose addresses go to no peer can hold an unrouted neighbour. Nearly every
    // spoke routes its whole subnet through the hub: then it looks at no more configs (a look at every
    // config from each of N spokes was quadratic: 3.7 s for 2,000 wg-easy style /24 spokes, slow review).
    // Asked at the first config that could be a neighbour: a hub, which lists them all, never asks (its
    // 10,000 routes walked per keystroke cost a 5,000-peer hub's edits a third of a millisecond).
    if (!open) {
      if (!self.model.iface.addresses.some((a) => isSubnetAddress(a) && !routesWholeSubnet(self, a))) return;
      open = true;
    }
    let via: PeerModel | null | undefined;
    for (const b of f.model.iface.addresses) {
      const c = b.cidr;
      if (!c || c.sign !== undefined) continue;
      const a = onLinkSubnet(self, c);
      if (!a) continue;
      if (via === undefined) {
        const shared = sharedPeer(ws, self, f);
        via = shared && forwardsBetween(ws, shared, self, f) ? shared : null;
      }
      if (via === null) break;
      if (routed.has(c)) continue;
      const list = missedBy.get(a) ?? [];
      // One entry per neighbour and subnet, however many of its addresses lie there.
      if (list[list.length - 1]?.file !== f) list.push({ file: f, item: b, via });
      missedBy.set(a, list);
    }
  }
  for (const a of self.model.iface.addresses) {
    const missed = missedBy.get(a);
    if (!missed) continue;
    // In URI order: the message must not depend on which config the workspace learned of first.
    missed.sort((x, y) => (x.file.uri < y.file.uri ? -1 : x.file.uri > y.file.uri ? 1 : 0));
    const subnet = a.cidr!;
    const net = formatCidr(subnet);
    const via = missed[0]!.via;
    const hub = via.publicKey ? ws.counterpartOf(wgValue(via.publicKey), self.uri) : undefined;
    const viaName = hub ? hub.name : peerLabel(via);
    const who = missed.length <= 3 ? missed.map((m) => `${m.file.name} (${formatIp(m.item.cidr!.family, m.item.cidr!.address)})`).join(', ') : `${missed.length} configs (${names(missed.map((m) => m.file))})`;
    const lastAllowed = [...via.entries].reverse().find((e) => e.match?.info.name === 'AllowedIPs' && e.node.valueText !== '');
    const widen: TextEdit = lastAllowed
      ? appendToList(lastAllowed, [net])
      : insertAfterPeer(ctx.doc, via, `AllowedIPs = ${net}`);
    const host = hostCidr(subnet.family, subnet.address);
    const many = missed.length > 1;
    // A neighbour the shared peer reaches at an Endpoint listens itself: in a mesh (or a mesh missing a
    // link) the usual cure is a direct tunnel, not a detour through a third host.
    const direct = many || !hub ? undefined : directTunnelFix(ctx, self, missed[0]!.file, hub);
    ctx.report({
      rule: 'unrouted-neighbor',
      range: lineRange(a.line, a),
      message: `${who} ${many ? 'lie' : 'lies'} in this interface's subnet ${net} and ${many ? 'share' : 'shares'} a peer (${viaName}) with this config, but no [Peer] here routes ${many ? 'them' : 'it'}: packets to ${many ? 'them' : 'it'} ${
        // The Android app adds a route per AllowedIPs item and none for the Address (reference 2.5, 2.6).
        ctx.target === 'android' ? 'never enter the tunnel (the Android app routes only AllowedIPs, none for the Address)' : `enter the tunnel and are dropped${appOf(ctx.target) ? '' : ' (the kernel module says "Required key not available")'}`
      }. Route ${net} through ${viaName} (which must forward between its peers)${direct ? `, give both a [Peer] for each other (${missed[0]!.file.name} has an Endpoint in ${viaName}: a direct tunnel, as in a mesh)` : ''}, or make this Address ${host} if they are meant to stay apart.`,
      related: missed.slice(0, 20).map((m) => at(m.file, lineRange(m.item.line, m.item), `${m.file.name}: Address ${m.item.text}`)),
      fixes: [
        { title: `Route ${net} through ${viaName}`, preferred: true, edits: [widen] },
        ...(direct ? [direct] : []),
        { title: `Make the Address ${host}`, edits: [{ range: lineRange(a.line, a), newText: host }] },
      ],
    });
  }
}

/**
 * A [Peer] for each other in `self` and `f`, when `hub` (the peer they share) reaches `f` at an
 * Endpoint: `f` listens, so `self` can dial it there; `f` gets `self`'s Endpoint from `hub` when it has
 * one (else `self` dials, and `f` learns it). Each routes the other's own addresses (host routes).
 */
function directTunnelFix(ctx: RuleContext, self: WorkspaceFile, f: WorkspaceFile, hub: WorkspaceFile): Fix | undefined {
  // (`f` listing this config already: only this side is missing, which counterpart-missing-peer fixes.)
  if (!self.publicKey || !f.publicKey || f.peersByKey.has(self.publicKey)) return undefined;
  const toF = hub.peersByKey.get(f.publicKey);
  if (!toF?.endpoint) return undefined;
  const toSelf = hub.peersByKey.get(self.publicKey);
  const hosts = (file: WorkspaceFile) => file.model.iface.addresses.flatMap((x) => (x.cidr && x.cidr.sign === undefined ? [hostCidr(x.cidr.family, x.cidr.address)] : []));
  const name = (file: WorkspaceFile) => file.name.replace(/\.conf$/, '');
  // Each file's own line break (its most common), as Add peer writes them.
  const eolSelf = eolOf(ctx.doc);
  const eolF = eolOf(f.doc);
  const here = peerStanza({ name: name(f), publicKey: f.publicKey, allowedIps: hosts(f), endpoint: wgValue(toF.endpoint) }, eolSelf);
  const there = peerStanza({ name: name(self), publicKey: self.publicKey, allowedIps: hosts(self), ...(toSelf?.endpoint ? { endpoint: wgValue(toSelf.endpoint) } : {}) }, eolF);
  return {
    title: `Add a direct tunnel: a [Peer] for ${f.name} here and one for this config in ${f.name}`,
    edits: [appendStanza(ctx.doc.lines, here, eolSelf), { uri: f.uri, ...appendStanza(f.doc.lines, there, eolF) }],
  };
}

/**
 * Whether the peer both configs list can carry packets between them: when the workspace has its own
 * config(s), one of them lists both (a hub and its spokes). A client both list (one laptop, two
 * failover hubs, each of its profiles listing one hub) forwards nothing; an unknown one may.
 */
function forwardsBetween(ws: WorkspaceModel, via: PeerModel, self: WorkspaceFile, f: WorkspaceFile): boolean {
  if (!via.publicKey || !self.publicKey || !f.publicKey) return true;
  const owners = ws.ownersOf(wgValue(via.publicKey));
  return owners.length === 0 || owners.some((o) => o.peersByKey.has(self.publicKey!) && o.peersByKey.has(f.publicKey!));
}

/**
 * The peer of `self` that `f` lists too, through which `f` is to be reached: of the shared keys, one
 * whose config (when the workspace has it) lists `f` back (the hub that forwards to it), else the
 * first in `self`'s order. Depends on the set of shared keys only, not on the order of `f`'s peers.
 * Walks the shorter peer list: either may be a hub of thousands.
 */
function sharedPeer(ws: WorkspaceModel, self: WorkspaceFile, f: WorkspaceFile): PeerModel | undefined {
  const [walk, other] = self.model.peers.length <= f.model.peers.length ? [self, f] : [f, self];
  let best: PeerModel | undefined;
  let bestForwards = false;
  for (const p of walk.model.peers) {
    if (!p.publicKey) continue;
    const key = wgValue(p.publicKey);
    if (!other.peersByKey.has(key)) continue;
    const mine = self.peersByKey.get(key)!;
    const forwards = f.publicKey !== undefined && (ws.counterpartOf(key, self.uri)?.peersByKey.has(f.publicKey) ?? false);
    if (!best || (forwards && !bestForwards) || (forwards === bestForwards && mine.index < best.index)) {
      best = mine;
      bestForwards = forwards;
    }
  }
  return best;
}

/**
 * WireGuard for Windows: starting a tunnel stops every running tunnel that shares an address or a
 * route with it, compared exactly (conf/config.go IntersectsWith, called by the manager's Start): each
 * Address as a host and masked to its prefix, and each AllowedIPs item masked. Configs in one folder
 * are taken to be one machine's tunnels, as for reused-listen-port, except two that are not one
 * machine's: the two ends of a tunnel (one lists the other), and configs with a peer in common (the
 * spokes of one hub, kept side by side, all list the hub).
 */
function checkWindowsConflicts(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile) {
  let mine: Map<string, RouteItem> | undefined;
  let selfFull: number | undefined;
  // A config of the folder marked for another tool (`# wgls-target android`) is not this machine's tunnel.
  let oneHost: boolean | undefined;
  const hits: Array<{ f: WorkspaceFile; own: RouteItem; theirs: RouteItem }> = [];
  for (const f of ws.inFolder(self.dir)) {
    if (f.uri === self.uri || targetOfFile(ctx, f) !== 'windows') continue;
    // (Asked at the first other Windows config: it reads every key of the folder.)
    if (!(oneHost ??= ws.oneHostFolder(self.dir))) return;
    if (listsOther(self, f) || sharedPeer(ws, self, f)) continue;
    // Profiles of one device (one PrivateKey: a VPN provider's file per server) are run one at a time:
    // that one stops the other is what they are for (heuristics review: 3,540 warnings for 60 files).
    if (self.privateKey !== undefined && f.privateKey === self.privateKey) continue;
    // Two full tunnels of one family (each routes its /0, with its routes on) are alternatives too: only one
    // can carry that default route, so no one runs both (real-world review: every profile of a folder of
    // provider files, each with its own key and the same address, was warned about the 16 others). Not an
    // IPv4 and an IPv6 one, nor one with Table = off, which carries no default route (diff review).
    const selfDefaults = (selfFull ??= defaultFamilies(self));
    if (selfDefaults && (defaultFamilies(f) & selfDefaults) !== 0) continue;
    mine ??= routesOf(self);
    for (const theirs of routeItems(f)) {
      const own = mine.get(theirs.key);
      if (own) {
        hits.push({ f, own, theirs });
        break;
      }
    }
  }
  if (!hits.length) return;
  // By URI: which conflict the message quotes, and where it sits, must not depend on the order the
  // folder's configs reached the index (an LSP review: a fresh server reported another line).
  hits.sort((a, b) => (a.f.uri < b.f.uri ? -1 : a.f.uri > b.f.uri ? 1 : 0));
  // One report per file, however many tunnels it conflicts with (as reused-listen-port).
  const [first] = hits;
  const { own, theirs } = first!;
  const others = hits.length === 1 ? first!.f.name : `${hits.length} other tunnels (${hits.slice(0, 3).map((h) => h.f.name).join(', ')}${hits.length > 3 ? ', …' : ''})`;
  ctx.report({
    rule: 'windows-tunnel-conflict',
    range: lineRange(own.line, own.span),
    message:
      hits.length === 1
        ? `On Windows, starting this tunnel stops ${others} and starting ${others} stops this one: ${describe(own)} here equals ${describe(theirs)} there, and WireGuard for Windows never runs two tunnels with an equal address or route.`
        : `On Windows, starting this tunnel stops ${others}, and starting any of them stops this one: ${describe(own)} here equals ${describe(theirs)} in ${first!.f.name}, and WireGuard for Windows never runs two tunnels with an equal address or route.`,
    related: hits.slice(0, 10).map((h) => at(h.f, lineRange(h.theirs.line, h.theirs.span), `${h.f.name}: ${describe(h.theirs)}`)),
  });
}

/** One address or route as Windows compares it, and where it is written. */
interface RouteItem {
  readonly key: string;
  /** What it is, for messages: `Address 10.0.0.2/24 (as 10.0.0.0/24)`. */
  readonly kind: 'Address' | 'AllowedIPs';
  readonly text: string;
  readonly as?: string;
  readonly line: number;
  readonly span: { readonly start: number; readonly end: number };
}

const describe = (r: RouteItem) => `${r.kind} ${r.text}${r.as ? ` (as ${r.as})` : ''}`;
const keyOf = (k: NetworkKey) => `${k.family}:${k.k0}:${k.k1}:${k.k2}:${k.k3}/${k.prefix}`;

/** A config's addresses (as hosts, then masked) and masked AllowedIPs items, in file order. */
function* routeItems(file: WorkspaceFile): Generator<RouteItem> {
  for (const a of file.model.iface.addresses) {
    const c = a.cidr;
    if (!c) continue;
    const bits = c.family === 4 ? 32 : 128;
    const host = `${formatIp(c.family, c.address)}/${bits}`;
    yield { key: keyOf(networkKey(c.family, c.address, bits)), kind: 'Address', text: a.text, ...(c.prefix !== bits || a.text !== host ? { as: host } : {}), line: a.line, span: a };
    if (c.prefix !== bits) yield { key: keyOf(c), kind: 'Address', text: a.text, as: formatCidr(c), line: a.line, span: a };
  }
  for (const peer of file.model.peers) {
    for (const item of peer.allowedIps) {
      const c = item.cidr;
      if (!c || c.sign === '-') continue;
      yield { key: keyOf(c), kind: 'AllowedIPs', text: item.text, ...(c.hostBitsSet || c.bare ? { as: formatCidr(c) } : {}), line: item.line, span: item };
    }
  }
}

/**
 * The families a config sends its default route of to a peer on Windows (0.0.0.0/0: bit 4, ::/0: bit 6,
 * as a bit set: 1 << 4, 1 << 6); none with Table = off, which adds no routes there.
 */
function defaultFamilies(file: WorkspaceFile): number {
  if (tableMode(file.model, 'windows') === 'off') return 0;
  let families = 0;
  for (const p of file.model.peers) for (const i of p.allowedIps) if (i.cidr?.prefix === 0 && i.cidr.sign !== '-') families |= 1 << i.cidr.family;
  return families;
}

/** The first item of each key. */
function routesOf(file: WorkspaceFile): Map<string, RouteItem> {
  const out = new Map<string, RouteItem>();
  for (const r of routeItems(file)) if (!out.has(r.key)) out.set(r.key, r);
  return out;
}

/** Whether one of the two configs lists the other as a peer. */
const listsOther = (a: WorkspaceFile, b: WorkspaceFile) =>
  (a.publicKey !== undefined && b.peersByKey.has(a.publicKey)) || (b.publicKey !== undefined && a.peersByKey.has(b.publicKey));

function checkNearMiss(ctx: RuleContext, ws: WorkspaceModel, self: WorkspaceFile, peer: PeerModel, key: string) {
  const near = ws.nearMisses(key).filter((k) => k !== self.publicKey);
  if (!near.length) return;
  const owner = ws.ownersOf(near[0]!)[0]!;
  ctx.report({
    rule: 'near-miss-peer-key',
    range: peerKeyRange(peer),
    message: `No config in the workspace has this public key, but ${owner.name}'s differs from it by one character: a copy-paste slip?`,
    related: headerRange(owner) ? [at(owner, headerRange(owner)!, `${owner.name}: its interface`)] : [],
    fixes: [{ title: `Use ${owner.name}'s public key`, preferred: true, edits: [{ range: peerKeyRange(peer), newText: near[0]! }] }],
  });
}

// ------------------------------------------------------------------ edits

function insertAfterPeer(doc: ConfigDocument, peer: PeerModel, text: string): TextEdit {
  const last = peer.entries[peer.entries.length - 1];
  return insertLineAfter(doc, undefined, last ? last.line : peer.section.headerLine, text);
}

function insertAfterPeerIn(file: WorkspaceFile, peer: PeerModel, text: string): TextEdit {
  const last = peer.entries[peer.entries.length - 1];
  return insertLineAfter(file.doc, file.uri, last ? last.line : peer.section.headerLine, text);
}

function insertAfterInterface(file: WorkspaceFile, text: string): TextEdit {
  const entries = file.model.iface.entries;
  const line = entries.length ? entries[entries.length - 1]!.line : file.model.iface.sections[0]!.headerLine;
  return insertLineAfter(file.doc, file.uri, line, text);
}

function setPskEdits(doc: ConfigDocument, uri: string, peer: PeerModel, psk: string): TextEdit[] {
  if (peer.presharedKey) return [{ uri, range: lineRange(peer.presharedKey.line, peer.presharedKey.node.value), newText: psk }];
  const after = peer.publicKey ? peer.publicKey.line : peer.section.headerLine;
  return [insertLineAfter(doc, uri, after, `PresharedKey = ${psk}`)];
}

/**
 * Another config with `a` (an Address of `other`) as its own Address that lists `key` too: a sibling of
 * `other` at the same hub. Read from the other files only (this config's other peers would make a
 * peer's result depend on its siblings, which the validator does not re-check it for).
 */
function addressTwin(ws: WorkspaceModel, a: AddressItem, other: WorkspaceFile, key: string): WorkspaceFile | undefined {
  return ws.filesWithAddress(`${a.cidr!.family}:${a.cidr!.address}`).find((f) => f.uri !== other.uri && f.publicKey !== key && f.peersByKey.has(key) && f.privateKey !== other.privateKey);
}

/** The one host route (/32 or /128) of `family` in the peer's AllowedIPs, as an address; undefined if not exactly one. */
function hostRoute(peer: PeerModel, family: number): string | undefined {
  const hosts = peer.allowedIps.filter((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.family === family && i.cidr.prefix === (family === 4 ? 32 : 128));
  return hosts.length === 1 ? formatIp(hosts[0]!.cidr!.family, hosts[0]!.cidr!.network) : undefined;
}

/**
 * The [Peer] of `file` most likely meant for `cfg` (which lists `file`) when none has `cfg`'s public key:
 * one whose key is one character off `cfg`'s (a typo), else one whose key no config in the workspace
 * owns while it has a host route to one of `cfg`'s addresses (a key rotated at one end only), else the
 * only such one that dials `cfg`'s ListenPort and routes a subnet (not everything) holding one. Asked
 * only when the back-reference is missing, but then for every such config (a hub of thousands), so
 * `file`'s peers are indexed once per version. Reads `file` and the index, not `cfg`'s other peers.
 */
function misdirectedStanza(ws: WorkspaceModel, file: WorkspaceFile, cfg: WorkspaceFile): { peer: PeerModel; why: 'typo' | 'old' | 'self'; address?: string } | undefined {
  const key = cfg.publicKey!;
  const index = stanzaIndexOf(file);
  for (const half of halves(key)) {
    for (const k of index.byHalf.get(half) ?? []) if (oneApart(k, key)) return { peer: file.peersByKey.get(k)!, why: 'typo' };
  }
  for (const a of cfg.model.iface.addresses) {
    if (!a.cidr || a.cidr.sign !== undefined) continue;
    for (const p of index.byHost.get(`${a.cidr.family}:${a.cidr.address}`) ?? []) {
      const k = wgValue(p.publicKey!);
      // `file`'s own public key pasted there (self-peer: wg ignores the stanza), the commonest slip.
      if (k !== key && k === file.publicKey) return { peer: p, why: 'self', address: formatIp(a.cidr.family, a.cidr.address) };
      if (k !== key && ws.ownersOf(k).length === 0) return { peer: p, why: 'old', address: formatIp(a.cidr.family, a.cidr.address) };
    }
  }
  // A client's [Peer] for its server routes the tunnel subnet, no host route: the one stanza under an
  // unowned key that dials `cfg`'s ListenPort and routes a subnet holding `cfg`'s address (no default
  // route: a VPN provider's [Peer] for 0.0.0.0/0 on port 51820 covers every address, diff review) is the
  // one (cross-file review: "Add a [Peer]" was offered, next to the stale one). Without the Endpoint, a
  // subnet route is no evidence (it may be another network's gateway). Few such stanzas in a hub.
  if (cfg.listenPort === undefined || index.broad.length > BROAD_MAX) return undefined;
  const found: Array<{ peer: PeerModel; address: string }> = [];
  for (const p of index.broad) {
    const k = wgValue(p.publicKey!);
    if (k === key || p.endpoint?.parsed?.port.port !== cfg.listenPort || ws.ownersOf(k).length > 0) continue;
    for (const a of cfg.model.iface.addresses) {
      if (!a.cidr || a.cidr.sign !== undefined) continue;
      if (p.allowedIps.some((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.prefix > 1 && covers(i.cidr, a.cidr!.family, a.cidr!.address))) {
        found.push({ peer: p, address: formatIp(a.cidr.family, a.cidr.address) });
        break;
      }
    }
  }
  return found.length === 1 ? { peer: found[0]!.peer, why: 'old', address: found[0]!.address } : undefined;
}

/** More [Peer]s with a subnet route than this, and misdirectedStanza does not look among them (a hub of LAN gateways). */
const BROAD_MAX = 64;

interface StanzaIndex {
  /** Peer keys by their first or second half (`<…`, `>…`): a key one character off shares one. */
  readonly byHalf: Map<string, string[]>;
  /** Peers with a PublicKey by each host route (/32, /128) in their AllowedIPs, `family:address`. */
  readonly byHost: Map<string, PeerModel[]>;
  /** Peers with a PublicKey and a route wider than one host. */
  readonly broad: PeerModel[];
}

const stanzaIndexes = new WeakMap<WorkspaceFile, StanzaIndex>();
function stanzaIndexOf(file: WorkspaceFile): StanzaIndex {
  let index = stanzaIndexes.get(file);
  if (!index) {
    const byHalf = new Map<string, string[]>();
    const byHost = new Map<string, PeerModel[]>();
    const add = <T>(map: Map<string, T[]>, k: string, v: T) => {
      const list = map.get(k);
      if (list) list.push(v);
      else map.set(k, [v]);
    };
    for (const k of file.peersByKey.keys()) for (const h of halves(k)) add(byHalf, h, k);
    const broad: PeerModel[] = [];
    for (const p of file.model.peers) {
      if (!p.publicKey) continue;
      let wide = false;
      for (const i of p.allowedIps) {
        const c = i.cidr;
        if (c && c.sign !== '-' && c.prefix === (c.family === 4 ? 32 : 128)) add(byHost, `${c.family}:${c.network}`, p);
        else if (c && c.sign !== '-') wide = true;
      }
      if (wide) broad.push(p);
    }
    stanzaIndexes.set(file, (index = { byHalf, byHost, broad }));
  }
  return index;
}

/** Puts `cfg`'s public key into `file`'s [Peer] `peer` (its PublicKey value). */
function replaceKeyFix(file: WorkspaceFile, peer: PeerModel, cfg: WorkspaceFile): Fix {
  return { title: `Use ${cfg.name}'s public key in ${file.name}'s [Peer]`, preferred: true, edits: [{ uri: file.uri, range: peerKeyRange(peer), newText: cfg.publicKey! }] };
}

/** Writes into `target` the [Peer] stanza for `listed` that `listed`'s own [Peer] implies. */
function addBackReferenceFix(ws: WorkspaceModel, target: WorkspaceFile, listed: WorkspaceFile, listedPeer: PeerModel): Fix {
  // Its PresharedKey, unless that is no key (invalid-key says so) or some config's PrivateKey (key-reuse):
  // never written into one more file (review; as preshared-key-mismatch's fixes). Then none: the
  // mismatch is reported and a new key for both ends is the way.
  const psk = copyablePresharedKey(ws, listedPeer);
  // As Add peer writes the other end (edits/counterpart.ts): when `listed` listens and its [Peer] for
  // `target` has no Endpoint, `target` is its spoke and dials it: it routes `listed`'s tunnel subnets
  // (the other spokes too), dials it at the host other configs use (else a hint to fill in) and keeps
  // its NAT mapping open. A stanza with `listed`'s own addresses and nothing else left the tunnel with
  // no Endpoint on either side (add-peer review). (`listed`'s interface and other files only: its other
  // peers would make this peer's cached result depend on its siblings.)
  const dials = listed.listenPort !== undefined && !listedPeer.endpoint;
  const subnets = dials ? addressSubnets(listed).map(describeSubnet) : [];
  // The file's own line break (its most common), not line 0's: a CRLF file whose first line a tool
  // wrote with LF stays CRLF (add-peer review).
  const eol = eolOf(target.doc);
  const stanza = peerStanza(
    {
      name: displayName(listed),
      publicKey: listed.publicKey!,
      presharedKey: psk,
      allowedIps: ofFamilies(subnets.length ? subnets : hostPrefixes(listed), target.model.iface.addresses.map((a) => a.text)),
      ...(dials ? { ...dialEndpoint(ws, listed, listed.listenPort!), keepalive: 25 } : {}),
    },
    eol,
  );
  return {
    title: `Add a [Peer] for ${listed.name} to ${target.name}`,
    preferred: true,
    edits: [{ uri: target.uri, ...appendStanza(target.doc.lines, stanza, eol) }],
  };
}

