// "Add peer…": a new config next to this one (fresh keys, the next free tunnel address)
// and the matching [Peer] appended to this one, as one change. Three shapes:
//  - hub-spoke (default): this config is the hub; the new spoke dials it (Endpoint =
//    host:ListenPort, PersistentKeepalive = 25 since spokes are usually behind NAT) and
//    routes the tunnel subnet plus the LANs behind the other spokes, or everything;
//  - point-to-point: both ends listen (on the same port when the folder allows) and route only each other's
//    tunnel address;
//  - site-to-site: point-to-point plus the LANs behind each end, and forwarding on.
// Both ends share a fresh PresharedKey by default (post-quantum resistance at no cost,
// and the workspace checks keep the two copies in step). The new config's PrivateKey is
// written only into the new file; this config receives only the new public key.

import type { WorkspaceFile, WorkspaceModel } from '../workspace.ts';
import { generateKeyPair, generatePresharedKey, type KeyPair } from '../keys.ts';
import { bits, contains, formatCidr, formatIp, type Cidr } from '../values.ts';
import { appendStanza, commentText, interfaceStanza, peerStanza } from './stanzas.ts';
import { EditError, eolOf, uriIn, type WorkspaceChange } from './change.ts';
import { endpointAnswerProblem, looksSecret, parseDnsList, parsePrefixList, peerName, peerNameProblem, sharedLanProblem, takenLanProblem, type TakenPrefix } from './peer-answers.ts';
import { describeSubnet, freeListenPort, nextFreeAddress, tunnelSubnets } from './allocate.ts';
import { newConfigExtras, commonSpokeDns, displayName, hostPrefix, hostPrefixes, knownEndpoint, spokeRoutes } from './peer-text.ts';
import { peerLabel } from '../rules/label.ts';
import { fileNameProblem } from '../rules/file.ts';
import { DEFAULT_TARGET, type Target } from '../schema.ts';
import { HIDDEN_KEY, redactKeys } from '../redact.ts';

export type Topology = 'hub-spoke' | 'point-to-point' | 'site-to-site';
export const TOPOLOGIES: readonly Topology[] = ['hub-spoke', 'point-to-point', 'site-to-site'];

export interface AddPeerOptions {
  /** The new peer's name: its file is `<name>.conf`, so wg-quick's interface-name rule applies. */
  readonly name: string;
  readonly topology?: Topology;
  /** Networks behind the new peer (`192.168.1.0/24`, comma-separated), routed to it from here. */
  readonly lan?: string;
  /** Site-to-site: networks behind this side, routed to it from the new peer. */
  readonly localLan?: string;
  /** The host the new peer dials this side at; default: the one other configs use, else a placeholder. */
  readonly endpointHost?: string;
  /** Hub-spoke: the spoke sends everything through the hub (`0.0.0.0/0, ::/0`). */
  readonly fullTunnel?: boolean;
  /** A shared PresharedKey on both ends (default true). */
  readonly presharedKey?: boolean;
  /**
   * The new peer's DNS line (servers and search domains, comma- or space-separated; '' for none). A
   * full-tunnel spoke without one keeps asking the local network's resolver, outside the tunnel, so
   * when not given, a full-tunnel spoke gets the DNS line the hub's other spokes use (if any).
   */
  readonly dns?: string;
}

export interface AddPeerResult extends WorkspaceChange {
  readonly newUri: string;
  readonly publicKey: string;
  /** The new peer's tunnel addresses (`10.0.0.5/24`). */
  readonly addresses: readonly string[];
}

export const PLACEHOLDER_HOST = 'vpn.example.com';
const FULL_TUNNEL = ['0.0.0.0/0', '::/0'];

/**
 * Builds the change for "Add peer…" on `self`. `taken` says whether a URI already exists (on disk
 * or in the editor). Keys can be passed in (tests); by default they are fresh.
 */
export function addPeer(
  ws: WorkspaceModel,
  self: WorkspaceFile,
  options: AddPeerOptions,
  taken: (uri: string) => boolean,
  keys: { pair?: KeyPair; psk?: string } = {},
  /** The tool the new config is for (the setting, or this file's `# wgls-target`): its file-name rule applies. */
  target: Target = DEFAULT_TARGET,
): AddPeerResult {
  checkOptionTypes(options);
  const topology = options.topology ?? 'hub-spoke';
  // (Quoted only when it cannot be a key: options come from any LSP client. Add-peer review.)
  if (!TOPOLOGIES.includes(topology)) throw new EditError(`Unknown topology "${looksSecret(topology) ? HIDDEN_KEY : redactKeys(topology)}" (${TOPOLOGIES.join(', ')}).`);
  // `laptop.conf` typed as the name is the file name: not laptop.conf.conf (the add-peer review).
  const name = peerName(options.name ?? '');
  const badName = peerNameProblem(name);
  if (badName) throw new EditError(badName);
  const nameProblem = fileNameProblem(`${name}.conf`, target);
  // (badName has refused any name with key-shaped text: a key has `/`, `+` or is longer than 15.)
  if (nameProblem) throw new EditError(`"${name}" cannot be a config name: ${nameProblem}`);
  if (!self.model.iface.sections.length) throw new EditError(`${self.name} has no [Interface] section.`);
  if (!self.publicKey) throw new EditError(`${self.name} has no valid PrivateKey, so the new peer cannot name it: generate one first.`);
  const newUri = uriIn(self.dir, `${name}.conf`);
  if (newUri === self.uri || taken(newUri) || ws.get(newUri)) throw new EditError(`${name}.conf already exists next to ${self.name}: choose another name.`);
  // A name one of this config's peers has (`# Name = nas`, any case), whose config lives elsewhere: two
  // [Peer]s of one name in the outline and messages. VS Code's input box refuses it; other clients call
  // the command directly (code-actions review).
  const lower = name.toLowerCase();
  const same = self.model.peers.find((p) => p.name?.toLowerCase() === lower);
  if (same) throw new EditError(`${self.name} already has a peer named "${same.name}": choose another name.`);
  const lan = parsePrefixList(options.lan, 'LAN behind the new peer');
  const dns = parseDnsList(options.dns ?? (topology === 'hub-spoke' && options.fullTunnel ? commonSpokeDns(ws, self) : undefined));
  const localLan = parsePrefixList(options.localLan, 'LAN behind this side');
  refuseTakenLans(self, options.lan);
  const shared = sharedLanProblem(options.localLan, options.lan);
  if (shared) throw new EditError(shared);

  // Tunnel addresses: the lowest free host of each of this side's subnets.
  const subnets = tunnelSubnets(self);
  if (!subnets.length) throw new EditError(`${self.name} has no Address, so there is no tunnel subnet to take an address from.`);
  const picked = subnets.map(({ subnet, prefix }) => {
    const address = nextFreeAddress(ws, self, subnet);
    if (address === undefined) throw new EditError(`No free address left in ${describeSubnet(subnet)} (${self.name}'s tunnel subnet).`);
    return { subnet, prefix, address };
  });
  // A point-to-point or site-to-site peer routes only this side's host. Where this side already has
  // other peers in the subnet (it is their hub), a subnet Address would claim those as reachable from
  // the new end, which routes none of them (unrouted-neighbor): the new end gets a host address.
  const hubbed = (s: (typeof picked)[number]['subnet']) =>
    self.model.peers.some((p) => p.allowedIps.some((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.prefix > s.prefix && contains(s, i.cidr)));
  const addresses = picked.map((p) =>
    topology !== 'hub-spoke' && p.prefix < bits(p.subnet.family) && hubbed(p.subnet) ? hostPrefix(p.subnet.family, p.address) : `${formatIp(p.subnet.family, p.address)}/${p.prefix}`,
  );
  const newHosts = picked.map((p) => hostPrefix(p.subnet.family, p.address));

  const pair = keys.pair ?? generateKeyPair();
  const psk = options.presharedKey === false ? undefined : (keys.psk ?? generatePresharedKey());
  const given = typeof options.endpointHost === 'string' ? options.endpointHost.trim() : '';
  const known = knownEndpoint(ws, self);
  const host = given ? endpointHost(given) : known?.host || PLACEHOLDER_HOST;
  // The port the others dial at that host (a port forward's), else the ListenPort.
  const dialPort = (listenPort: number) => (known && host === known.host ? known.port : listenPort);
  const selfName = displayName(self);
  const eol = eolOf(self.doc);

  let newText: string;
  let selfPeer: string;
  if (topology === 'hub-spoke') {
    if (self.listenPort === undefined) throw new EditError(`${self.name} has no ListenPort, so a spoke cannot dial it: set one first (51820 is usual).`);
    // The spoke reaches the whole tunnel subnet (the hub forwards between spokes) and the LANs behind other spokes.
    const routes = options.fullTunnel ? FULL_TUNNEL : spokeRoutes(self);
    const extras = newConfigExtras(self, target, lan.length > 0 && 'lan', addresses, ws.privateKeys());
    newText =
      (extras.head ? `${extras.head}${eol}` : '') +
      `# Spoke "${name}" of the hub-and-spoke VPN in ${commentText(self.name)} (written by wgls).${eol}${eol}` +
      interfaceStanza({ name, privateKey: pair.privateKey, addresses, dns, ...extras.iface }, eol) +
      eol +
      peerStanza({ name: selfName, publicKey: self.publicKey, presharedKey: psk, allowedIps: routes, endpoint: `${host}:${dialPort(self.listenPort)}`, keepalive: 25 }, eol);
    selfPeer = peerStanza({ name, publicKey: pair.publicKey, presharedKey: psk, allowedIps: [...newHosts, ...lan] }, eol);
  } else {
    // Both ends have a public address and listen: on this side's port, unless another config in
    // this folder (taken to be one host) already uses it. A side that listens on no fixed port cannot
    // be dialled, and this side's own Endpoint for the new end can only be a placeholder (its public
    // address is unknown here): the two would have no working Endpoint between them.
    if (self.listenPort === undefined) {
      throw new EditError(`${self.name} has no ListenPort, so the new end cannot dial it: set one first (51820 is usual), or add the peer as a spoke of a hub that listens.`);
    }
    const port = self.listenPort;
    const newPort = freeListenPort(ws, self, port);
    const siteToSite = topology === 'site-to-site';
    const label = siteToSite ? 'Site-to-site' : 'Point-to-point';
    // (A point-to-point end with a LAN behind it forwards too, as a spoke with one does: add-peer review.)
    const extras = newConfigExtras(self, target, (siteToSite || lan.length > 0) && 'lan', addresses, ws.privateKeys());
    newText =
      (extras.head ? `${extras.head}${eol}` : '') +
      `# ${label}: the other end of ${commentText(self.name)} (written by wgls).${eol}${eol}` +
      interfaceStanza({ name, privateKey: pair.privateKey, addresses, listenPort: newPort, dns, ...extras.iface }, eol) +
      eol +
      peerStanza(
        {
          name: selfName,
          publicKey: self.publicKey,
          presharedKey: psk,
          allowedIps: [...hostPrefixes(self), ...(siteToSite ? localLan : [])],
          endpoint: `${host}:${dialPort(port)}`,
        },
        eol,
      );
    selfPeer = peerStanza({ name, publicKey: pair.publicKey, presharedKey: psk, allowedIps: [...newHosts, ...lan], endpointHint: `<${name}'s public address>:${newPort}` }, eol);
  }

  return {
    newUri,
    publicKey: pair.publicKey,
    addresses,
    creates: [{ uri: newUri, text: newText }],
    edits: [{ uri: self.uri, ...appendStanza(self.doc.lines, selfPeer, eol) }],
  };
}

/** The options arrive as JSON from the client (or any LSP client): each must have its type. */
function checkOptionTypes(options: AddPeerOptions): void {
  if (typeof options !== 'object' || options === null) throw new EditError('The options of Add peer must be an object.');
  for (const key of ['name', 'topology', 'lan', 'localLan', 'endpointHost', 'dns'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') throw new EditError(`"${key}" must be a string.`);
  }
  for (const key of ['fullTunnel', 'presharedKey'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') throw new EditError(`"${key}" must be true or false.`);
  }
}

/**
 * The host part of the new config's `Endpoint = host:port` as the user typed it: a host name, an IPv4
 * address or an IPv6 address (bracketed here, as an endpoint needs). Anything else is refused rather
 * than written: text after a newline would become a line of its own (a PostUp runs as root), a `#`
 * would comment the port out, a stray `:` would move it.
 */
export function endpointHost(text: string): string {
  const reason = endpointAnswerProblem(text);
  if (reason) throw new EditError(reason);
  const t = text.trim();
  const bare = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
  return bare.includes(':') ? `[${bare}]` : bare;
}

/**
 * What a LAN behind the new peer may not overlap in `self`: a prefix another peer routes (two peers with
 * one prefix give it silently to the later one, and nested ones split it by longest match; default
 * routes, a /0 or the two /1 halves, aside: a more specific LAN is what they are for) and this side's
 * tunnel subnet. For the client's input box too (AddPeerDefaults), so the answer is refused where it is typed.
 */
export function takenPrefixes(self: WorkspaceFile): TakenPrefix[] {
  const out: TakenPrefix[] = [];
  const subnets = self.model.iface.addresses.flatMap((a) => (a.cidr ? [a.cidr] : []));
  // A spoke's host route inside the tunnel subnet adds nothing the subnet does not refuse: left out, a
  // 5,000-peer hub's list is a few entries, not 10,000 (1.6 MB per Add peer, a parse of each per keystroke).
  const inSubnet = (c: Cidr) => subnets.some((s) => contains(s, c));
  for (const p of self.model.peers) {
    for (const i of p.allowedIps) {
      if (i.cidr && i.cidr.sign !== '-' && i.cidr.prefix > 1 && !inSubnet(i.cidr)) out.push({ prefix: i.text.trim(), by: `which ${self.name} already routes to ${peerLabel(p)}: two peers cannot share addresses (the later one takes them)` });
    }
  }
  for (const a of self.model.iface.addresses) if (a.cidr) out.push({ prefix: formatCidr(a.cidr), by: `${self.name}'s tunnel subnet (Address = ${a.text.trim()})` });
  return out;
}

function refuseTakenLans(self: WorkspaceFile, lan: string | undefined): void {
  const problem = takenLanProblem(lan, takenPrefixes(self));
  if (problem) throw new EditError(problem);
}

