// "Create counterpart": a [Peer] whose PublicKey matches no config in the workspace gets
// one. A new config next to this one, with a fresh key pair, takes the peer's place:
//  - its [Interface]: Address = the peer's host addresses from AllowedIPs (with this
//    side's subnet prefix when they are inside it), or, when it routes this side's whole
//    subnet (a hub, a full-tunnel server), an address in that subnet: this side's DNS
//    server there, else the lowest free one; ListenPort = the port this side dials when it
//    has an Endpoint for the peer;
//  - its [Peer] for this config: this interface's public key, the peer's PresharedKey,
//    AllowedIPs = the tunnel subnet when this side is the one listening for it (a hub:
//    the new peer reaches the rest through it) else this side's own host addresses;
//    Endpoint = host:ListenPort when some config already dials this side (the host is
//    known), else a commented `# Endpoint = <…>:port` line for the user to fill in,
//    since a made-up host would look like a real one;
// and this [Peer]'s PublicKey is replaced by the new public key. The new private key
// goes only into the new file.

import { peerRoutesEverything } from '../rules/routing.ts';
import type { PeerModel } from '../model.ts';
import type { WorkspaceFile, WorkspaceModel } from '../workspace.ts';
import { generateKeyPair, type KeyPair } from '../keys.ts';
import { bits, covers, formatIp } from '../values.ts';
import { commentText, interfaceStanza, peerStanza } from './stanzas.ts';
import { EditError, eolOf, insertLineAfter, setValue, toInterfaceName, type WorkspaceChange } from './change.ts';
import { addressTaken, nextFreeAddress, tunnelSubnets } from './allocate.ts';
import { copyablePresharedKey, newConfigExtras, type Forwards, dialEndpoint, displayName, freeConfigUri, hostPrefixes, lansOf, ofFamilies, spokeRoutes } from './peer-text.ts';
import { fileNameProblem } from '../rules/file.ts';
import { DEFAULT_TARGET, type Target } from '../schema.ts';

export interface CounterpartResult extends WorkspaceChange {
  readonly newUri: string;
  readonly publicKey: string;
}

export function createCounterpart(
  ws: WorkspaceModel,
  self: WorkspaceFile,
  peer: PeerModel,
  taken: (uri: string) => boolean,
  pair: KeyPair = generateKeyPair(),
  /** The tool the new config is for: a peer name its file-name rule refuses (`CON` on Windows) is not used. */
  target: Target = DEFAULT_TARGET,
): CounterpartResult {
  if (!self.publicKey) throw new EditError(`${self.name} has no valid PrivateKey, so the new config cannot name it: generate one first.`);
  const named = toInterfaceName(peer.name ?? '');
  const refused = (n: string) => fileNameProblem(`${n}.conf`, target) !== undefined;
  const base = named && !refused(named) ? named : `peer-${peer.index + 1}`;
  const { uri: newUri, name } = freeConfigUri(self.dir, base, (u) => u === self.uri || !!ws.get(u) || taken(u), refused);

  // Its addresses: the host routes this side has for it, with the subnet prefix this side uses. When this
  // side has tunnel subnets, only the host routes in them: a /32 elsewhere is a host behind the peer
  // (`192.168.1.50/32` on its LAN), not an address of its interface (the add-peer review); with none
  // there, it is the gateway below.
  const subnets = tunnelSubnets(self);
  const hostRoutes = peer.allowedIps.filter((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.prefix === bits(i.cidr.family));
  const inTunnel = hostRoutes.filter((i) => subnets.some(({ subnet }) => covers(subnet, i.cidr!.family, i.cidr!.address)));
  const addresses = (subnets.length ? inTunnel : hostRoutes)
    .map((i) => {
      const c = i.cidr!;
      const own = self.model.iface.addresses.find((a) => a.cidr && a.cidr.family === c.family && a.cidr.prefix < bits(c.family) && (c.address >> BigInt(bits(c.family) - a.cidr.prefix)) === (a.cidr.network >> BigInt(bits(c.family) - a.cidr.prefix)));
      return `${formatIp(c.family, c.address)}/${own ? own.cidr!.prefix : bits(c.family)}`;
    });
  // No host route for it (a spoke's [Peer] for its hub routes the whole subnet, a full tunnel 0.0.0.0/0):
  // it is the gateway of this side's subnet, at this side's DNS server there (the hub usually runs
  // it), else the lowest free address.
  if (!addresses.length) {
    for (const { subnet } of subnets) {
      const routed = peer.allowedIps.some((i) => i.cidr && i.cidr.sign !== '-' && i.cidr.prefix <= subnet.prefix && covers(i.cidr, subnet.family, subnet.network));
      if (!routed) continue;
      // (A DNS address another config of the workspace has, or a peer of this one, is someone else's.)
      const dns = self.model.iface.dns.find((d) => d.ip && d.ip.family === subnet.family && covers(subnet, subnet.family, d.ip.value) && !addressTaken(ws, self, subnet, d.ip.value));
      const address = dns?.ip?.value ?? nextFreeAddress(ws, self, subnet);
      if (address !== undefined) addresses.push(`${formatIp(subnet.family, address)}/${subnet.prefix}`);
    }
  }
  const dialedPort = peer.endpoint?.parsed?.port.port;
  // This side listens and the peer has no Endpoint here: the peer dials in (a spoke of this hub).
  const spoke = self.listenPort !== undefined && !peer.endpoint;
  // A spoke routes what Add peer gives one: the hub's subnets and the LANs behind its other peers.
  const routes = spoke ? spokeRoutes(self, peer) : [];
  // A LAN behind it (this side routes more than its tunnel address to it): it forwards, as Add peer's do.
  const lan = lansOf(self, peer);
  // (Not an invalid one, or one that is some config's PrivateKey: as the back-reference fix.)
  const psk = copyablePresharedKey(ws, peer);
  const eol = eolOf(self.doc);

  // A full-tunnel client's server forwards and NATs its traffic (IPv6 too when the client sends ::/0 and the
  // server gets an IPv6 address); a peer with a LAN behind it forwards to it.
  const v6 = peerRoutesEverything(peer, 6);
  const gateway = peerRoutesEverything(peer, 4) || v6;
  const forwards: Forwards = gateway ? (v6 && addresses.some((a) => a.includes(':')) ? 'gateway6' : 'gateway') : lan.length > 0 && 'lan';
  const extras = newConfigExtras(self, target, forwards, addresses, ws.privateKeys());
  const text =
    (extras.head ? `${extras.head}${eol}` : '') +
    commentText(`# The other end of ${self.name}'s [Peer] ${peer.name ? `"${peer.name}"` : `#${peer.index + 1}`} (written by wgls).`) + `${eol}${eol}` +
    interfaceStanza({ name: peer.name ?? name, privateKey: pair.privateKey, addresses, ...(dialedPort !== undefined ? { listenPort: dialedPort } : {}), ...extras.iface }, eol) +
    eol +
    peerStanza(
      {
        name: displayName(self),
        publicKey: self.publicKey,
        presharedKey: psk,
        allowedIps: ofFamilies(routes.length ? routes : hostPrefixes(self), addresses),
        ...(self.listenPort === undefined ? {} : dialEndpoint(ws, self, self.listenPort)),
        // It dials (its Endpoint written, or left for the user to fill in) and has no ListenPort of its
        // own: probably behind NAT, as Add peer's spokes.
        ...(self.listenPort !== undefined && dialedPort === undefined ? { keepalive: 25 } : {}),
      },
      eol,
    );

  // The [Peer]'s PublicKey line, also one with no value yet (`PublicKey =`): a second line would leave
  // that one in place, an empty value wg rejects (the add-peer review).
  const keyLine = peer.publicKey ?? [...peer.entries].reverse().find((e) => e.match?.info.name === 'PublicKey');
  const keyEdit = keyLine ? setValue(self.uri, keyLine, pair.publicKey) : insertLineAfter(self.doc, self.uri, peer.section.headerLine, `PublicKey = ${pair.publicKey}`);
  return { newUri, publicKey: pair.publicKey, creates: [{ uri: newUri, text }], edits: [keyEdit] };
}
