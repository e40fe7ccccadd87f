// How messages name a peer: its comment name when it has one, else its line.
import type { PeerModel } from '../model.ts';

export function peerLabel(peer: PeerModel): string {
  return peer.name ? `peer "${peer.name}" (line ${peer.section.headerLine + 1})` : `the [Peer] on line ${peer.section.headerLine + 1}`;
}
