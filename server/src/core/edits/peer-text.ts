// Small facts about a config that the peer-creating actions share: its display name,
// its tunnel host addresses, the host others reach it at, free file names.

import { bits, contains, formatIp, type Cidr, type Family } from '../values.ts';
import { peerRoutesEverything, SHORT_ROUTE } from '../rules/routing.ts';
import { addressAt, wgValue, type PeerModel } from '../model.ts';
import { isValidKey } from '../keys.ts';
import { basename, type WorkspaceFile, type WorkspaceModel } from '../workspace.ts';
import { uriIn } from './change.ts';
import { addressSubnets, describeSubnet } from './allocate.ts';
import { keySpans } from '../redact.ts';
import { looksSecret } from './peer-answers.ts';
import type { Target } from '../schema.ts';
import { readByQuick } from '../rules/apps.ts';
import { stripSpaces } from '../parser.ts';
import { AWG_SHARED, awgValue } from '../rules/cross-file.ts';
import type { InterfaceStanza } from './stanzas.ts';

/**
 * The `sysctl -w` that turns on forwarding for `families` (4 before 6): the hooks written here, and the
 * examples gateway-without-forwarding gives.
 */
export function forwardingSysctl(families: readonly Family[]): string {
  return `sysctl -w ${families.map((f) => (f === 4 ? 'net.ipv4.ip_forward=1' : 'net.ipv6.conf.all.forwarding=1')).join(' ')}`;
}

/** What the site-to-site examples use: forward between the tunnel and the LAN while the interface is up. */
const FORWARDING = {
  postUp: [forwardingSysctl([4]), 'iptables -A FORWARD -i %i -j ACCEPT; iptables -A FORWARD -o %i -j ACCEPT'],
  postDown: ['iptables -D FORWARD -i %i -j ACCEPT; iptables -D FORWARD -o %i -j ACCEPT'],
};

/**
 * What a full-tunnel server does for its clients, as examples/full-tunnel/server.conf: forward, and NAT
 * their traffic out of its uplink. Which interface that is the file cannot know: `eth0` stands for it, and
 * a comment above the hooks says so. (Without NAT the clients are "connected, and no internet":
 * gateway-without-forwarding, which a created server got at once before: actions review.)
 */
function gatewayHooks(v6: boolean): Partial<InterfaceStanza> {
  const nat = (tool: string, op: 'A' | 'D') => `${tool} -${op} FORWARD -i %i -j ACCEPT; ${tool} -t nat -${op} POSTROUTING -o eth0 -j MASQUERADE`;
  return {
    notes: ["eth0 in the hooks below stands for this host's uplink (the interface facing the internet): change it if yours differs."],
    postUp: [forwardingSysctl(v6 ? [4, 6] : [4]), nat('iptables', 'A'), ...(v6 ? [nat('ip6tables', 'A')] : [])],
    postDown: [nat('iptables', 'D'), ...(v6 ? [nat('ip6tables', 'D')] : [])],
  };
}

/** What a new config forwards for: a LAN (or a peer's), or full-tunnel clients' traffic to the internet (IPv6 too). */
export type Forwards = false | 'lan' | 'gateway' | 'gateway6';

/**
 * What a new config for `target` written next to `self` needs besides its keys and peers. A host that
 * forwards for a LAN, or for full-tunnel clients (`forwards`), gets wg-quick's hooks where wg-quick (or awg-quick) brings it up; the
 * apps and plain wg run no such hooks (Android, Apple and wg reject the keys; Windows runs hooks with
 * cmd, keeps only the last line and expands no %i): a comment says what to do instead. An AmneziaWG
 * config gets the file's target comment and the parameters both ends must share (S1–S4, H1–H4,
 * HeaderProtectionKey: amneziawg-params-mismatch), copied from `self`. Plain wg reads no Address or DNS:
 * the addresses become a comment saying how to assign them (`addresses`: what the new config would list).
 */
export function newConfigExtras(
  self: WorkspaceFile,
  target: Target,
  forwards: Forwards,
  addresses: readonly string[],
  /** The workspace's private keys (`self`'s too): a value that is one is never copied into the new config. */
  privateKeys: ReadonlySet<string>,
): { readonly head: string; readonly iface: Partial<InterfaceStanza> } {
  const gateway = forwards === 'gateway' || forwards === 'gateway6';
  const forwarding = gateway
    ? "This host forwards its clients' traffic to the internet: turn IP forwarding and NAT on in its system (wgls writes hooks for wg-quick only)."
    : 'This host forwards between the tunnel and its LAN: turn IP forwarding on in its system (wgls writes hooks for wg-quick only).';
  const hooks = forwards ? (readByQuick(target) ? (gateway ? gatewayHooks(forwards === 'gateway6') : FORWARDING) : { notes: [forwarding] }) : {};
  if (target === 'wg') {
    const assign = addresses.map((a) => `Address ${a}: plain wg assigns none ("ip address add ${a} dev <interface>")`);
    return { head: '', iface: { addresses: [], dns: [], notes: [...assign, ...(forwards ? [forwarding] : [])] } };
  }
  if (target !== 'amneziawg') return { head: '', iface: hooks };
  const extra = AWG_SHARED.flatMap((name) => {
    const found = awgValue(self, name);
    // A HeaderProtectionKey that is this or another config's PrivateKey stays home: copied, it spread a
    // private key into one more file (add-peer review); the params check then says the two differ.
    if (found && privateKeys.has(stripSpaces(found.value))) return [];
    return found ? [`${name} = ${found.value}`] : [];
  });
  return { head: '# wgls-target amneziawg', iface: { ...hooks, extra } };
}



/**
 * The LANs `peer` routes for `hub`: its claimed prefixes outside every subnet of the hub's Addresses
 * (a spoke's own /32 in the tunnel is no LAN), default routes aside: a /0, a /1, and the short prefixes
 * of a peer that routes all of a family with them (the two /1 halves, the apps' "exclude private IPs"
 * list). An upstream exit peer's `0.0.0.0/1, 128.0.0.0/1` handed to a new spoke made it a full tunnel
 * whose own Endpoint was routed into the tunnel (add-peer review).
 */
export function lansOf(hub: WorkspaceFile, peer: PeerModel): string[] {
  const subnets = addressSubnets(hub);
  const everything = { 4: peerRoutesEverything(peer, 4), 6: peerRoutesEverything(peer, 6) };
  const lan = (c: Cidr) => c.sign !== '-' && c.prefix > 1 && !(everything[c.family] && c.prefix <= SHORT_ROUTE) && !subnets.some((s) => contains(s, c));
  return peer.allowedIps.filter((i) => i.cidr && lan(i.cidr)).map((i) => `${formatIp(i.cidr!.family, i.cidr!.network)}/${i.cidr!.prefix}`);
}

/**
 * What a spoke of `hub` routes to it: every subnet of the hub's Addresses (a second one of a family
 * too: else the spoke cannot reach the hub's other address) and the LANs behind the hub's other peers
 * (`except`: the spoke's own [Peer] in the hub, whose LAN is behind the spoke itself).
 */
export function spokeRoutes(hub: WorkspaceFile, except?: PeerModel): string[] {
  const tunnel = addressSubnets(hub).map(describeSubnet);
  const lans = hub.model.peers.filter((p) => p !== except).flatMap((p) => lansOf(hub, p));
  return [...new Set([...tunnel, ...lans])];
}

/**
 * The prefixes of `routes` in a family one of `addresses` has (IPv6 ones hold a colon); all of them when
 * `addresses` is empty or none is left. A dual-stack hub's `fd08::/64` routed to a new end that only has an
 * IPv4 address goes nowhere (family-without-address: actions review).
 */
export function ofFamilies(routes: readonly string[], addresses: readonly string[]): string[] {
  const v6 = (p: string) => p.includes(':');
  const kept = routes.filter((r) => addresses.some((a) => v6(a) === v6(r)));
  return kept.length ? kept : [...routes];
}

/**
 * `# Name = hub`, else the file's base name without `.conf` (written into other configs as a name: not
 * the `folder/wg0` messages use while base names collide).
 */
export function displayName(file: WorkspaceFile): string {
  return file.model.iface.name ?? basename(file.uri).replace(/\.conf$/i, '');
}

/** The interface's own addresses as host prefixes (`10.0.0.1/24` → `10.0.0.1/32`). */
export function hostPrefixes(file: WorkspaceFile): string[] {
  return file.model.iface.addresses.filter((a) => a.cidr).map((a) => hostPrefix(a.cidr!.family, a.cidr!.address));
}

export function hostPrefix(family: Family, address: bigint): string {
  return `${formatIp(family, address)}/${bits(family)}`;
}

/**
 * The host name or address other configs use to reach `file` (the host of an Endpoint some [Peer]
 * for it has), IPv6 in brackets; undefined when no config in the workspace dials it.
 */
export function knownEndpointHost(ws: WorkspaceModel, file: WorkspaceFile): string | undefined {
  return knownEndpoint(ws, file)?.host;
}

/**
 * The Endpoint other configs dial `file` at (knownEndpointHost's, with its port): the port may differ
 * from `file`'s ListenPort behind a port forward (`home.example.org:443` to 51820, as endpoint-port-mismatch
 * says to suppress), and a new end dials what works for the others (actions review: it got the host with
 * the ListenPort, and no diagnostic said it could not connect).
 */
export function knownEndpoint(ws: WorkspaceModel, file: WorkspaceFile): { host: string; port: number; by: WorkspaceFile; text: string } | undefined {
  if (!file.publicKey) return undefined;
  // (The first config by URI when several disagree: referencesTo's order.)
  for (const ref of ws.referencesTo(file.publicKey)) {
    const ep = ref.peer.endpoint?.parsed;
    // Not a config's [Peer] for itself (self-peer, an error there): no one dials it at that Endpoint,
    // and the cached results of its own peers would depend on its own stanzas (a property test).
    if (!ep || ref.file.publicKey === file.publicKey) continue;
    // Not a key pasted as the host (`Endpoint = <a private key without its = padding>:51820` parses as a
    // host name): it would be offered in the input box and written into the new config (secrets audit).
    // (Nor a key cut short: a host name of 16 base64 characters with capitals, small letters and digits.)
    if (looksSecret(ep.host)) continue;
    // Nor `file`'s own tunnel address: reached only through the tunnel (endpoint-in-tunnel), copied it made
    // the new config's tunnel unable to come up (diff review).
    const ip = ep.ip;
    if (ip && addressAt(file.model, ip)) continue;
    // Nor port 0, which no one listens on (mutation review: copied, the new config dialed nothing).
    if (ep.port.port === 0) continue;
    return { host: ep.hostKind === 'ipv6' ? `[${ep.host}]` : ep.host, port: ep.port.port, by: ref.file, text: wgValue(ref.peer.endpoint!) };
  }
  return undefined;
}

/**
 * The Endpoint a config that dials `file` (listening on `port`) writes for it: the one other configs use,
 * else a hint to fill in (`# Endpoint = <hub's public address>:51820`), never a made-up host that would
 * look real. Shared by the counterpart Add peer writes and the back-reference quick fix.
 */
export function dialEndpoint(ws: WorkspaceModel, file: WorkspaceFile, port: number): { endpoint: string } | { endpointHint: string } {
  const known = knownEndpoint(ws, file);
  return known ? { endpoint: `${known.host}:${known.port}` } : { endpointHint: `<${displayName(file)}'s public address>:${port}` };
}

/**
 * The DNS line the configs that dial `file` use most (the hub's spokes usually share one resolver),
 * as written there; undefined when none has one. A new spoke is offered the same.
 */
export function commonSpokeDns(ws: WorkspaceModel, file: WorkspaceFile): string | undefined {
  if (!file.publicKey) return undefined;
  const counts = new Map<string, number>();
  for (const ref of ws.referencesTo(file.publicKey)) {
    const dns = ref.file.model.iface.dns.map((d) => d.text).filter(Boolean).join(', ');
    // Not a list with a key pasted in it: it would be offered, and written, into the new config.
    if (dns && keySpans(dns).length === 0) counts.set(dns, (counts.get(dns) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [dns, n] of counts) if (best === undefined || n > counts.get(best)!) best = dns;
  return best;
}

/** `base.conf` in `dir`, else `base-2.conf`, `base-3.conf`…, trimmed so the name stays ≤ 15 characters. */
export function freeConfigUri(dir: string, base: string, taken: (uri: string) => boolean, refused: (name: string) => boolean = () => false): { uri: string; name: string } {
  for (let n = 1; n < 1000; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const name = `${base.slice(0, 15 - suffix.length)}${suffix}`;
    const uri = uriIn(dir, `${name}.conf`);
    // (Each name as it will be written: cut short and numbered, it is asked again.)
    if (!taken(uri) && !refused(name)) return { uri, name };
  }
  throw new Error('no free file name');
}

/**
 * A [Peer]'s PresharedKey as it may be copied into another config: a valid key that is no config's
 * PrivateKey (invalid-key and key-reuse say what is wrong with the others; a copy would spread it into
 * one more file). Undefined for none.
 */
export function copyablePresharedKey(ws: WorkspaceModel, peer: PeerModel): string | undefined {
  const written = peer.presharedKey ? wgValue(peer.presharedKey) : undefined;
  return written !== undefined && isValidKey(written) && !ws.privateKeys().has(written) ? written : undefined;
}
