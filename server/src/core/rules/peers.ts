// Peer identity: a peer that is this interface itself, two peers with one key,
// and a preshared key reused from a public or private key.

import type { RuleContext } from './context.ts';
import { publicKeyOfCached } from '../keys.ts';
import { wgValue } from '../model.ts';
import { lineRange } from '../span.ts';
import { peerLabel } from './label.ts';
import type { PeerModel } from '../model.ts';

export function checkPeers(ctx: RuleContext): void {
  const { model, target } = ctx;
  const priv = model.iface.privateKey ? wgValue(model.iface.privateKey) : undefined;
  const ownPublic = priv ? publicKeyOfCached(priv) : undefined;
  const byKey = new Map<string, PeerModel>();
  const keysInFile = new Set<string>();
  if (priv) keysInFile.add(priv);
  for (const peer of model.peers) if (peer.publicKey) keysInFile.add(wgValue(peer.publicKey));

  for (const peer of model.peers) {
    if (!peer.publicKey) continue;
    const key = wgValue(peer.publicKey);
    const range = lineRange(peer.publicKey.line, peer.publicKey.node.value);
    if (ownPublic && key === ownPublic) {
      ctx.report({
        rule: 'self-peer',
        range,
        message: "This PublicKey is this interface's own public key (derived from its PrivateKey): the kernel silently ignores this peer. Use the other end's public key.",
        related: [{ range: lineRange(model.iface.privateKey!.line, model.iface.privateKey!.node.key), message: 'this interface\'s PrivateKey' }],
      });
    }
    const first = byKey.get(key);
    if (first) {
      ctx.report({
        rule: 'duplicate-peer',
        severity: target === 'apple' ? 'error' : undefined,
        range,
        message: `Same PublicKey as ${peerLabel(first)}: wg merges the two sections, and this later one's AllowedIPs replace the earlier one's${
          target === 'apple' ? '; the Apple apps reject the file' : ''
        }.`,
        related: [{ range: lineRange(first.publicKey!.line, first.publicKey!.node.value), message: peerLabel(first) }],
      });
    } else {
      byKey.set(key, peer);
    }
    if (peer.presharedKey) {
      const psk = wgValue(peer.presharedKey);
      if (keysInFile.has(psk)) {
        ctx.report({
          rule: 'key-reuse',
          range: lineRange(peer.presharedKey.line, peer.presharedKey.node.value),
          message: 'This PresharedKey equals a public or private key in this file: a preshared key must be its own secret. Generate one with "wg genpsk".',
        });
      }
    }
  }
}
