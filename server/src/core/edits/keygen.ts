// Fresh keys written into configs: a PrivateKey for an [Interface], and one
// PresharedKey shared by both ends of a tunnel (the same value in this [Peer] and in
// the counterpart's [Peer] for this config, or the handshake fails).

import type { ConfigDocument } from '../parser.ts';
import type { ConfigModel, PeerModel, ResolvedEntry } from '../model.ts';
import { savesConfig, wgValue } from '../model.ts';
import { generatePresharedKey, generatePrivateKey, publicKeyOf } from '../keys.ts';
import type { WorkspaceFile, WorkspaceModel } from '../workspace.ts';
import { EditError, insertLineAfter, setValue, type WorkspaceChange } from './change.ts';

interface ConfigText {
  readonly uri: string;
  readonly doc: ConfigDocument;
  readonly model: ConfigModel;
}

const entriesNamed = (entries: readonly ResolvedEntry[], name: string) => entries.filter((e) => e.match?.info.name === name);

/**
 * Writes `key` as the interface's PrivateKey: replaces the last PrivateKey line (the one wg reads,
 * whichever line the fix was asked on), else inserts `PrivateKey = …` right after the first [Interface]
 * header.
 */
export function privateKeyChange(file: ConfigText, key: string = generatePrivateKey()): WorkspaceChange {
  const section = file.model.iface.sections[0];
  if (!section) throw new EditError('This config has no [Interface] section.');
  // Of several PrivateKey lines, the last, the one wg reads, whichever the fix was asked on: written into
  // an earlier one, the new key was ignored, and the line the duplicate-key fix deletes (code-actions review).
  const entries = entriesNamed(file.model.iface.entries, 'PrivateKey');
  const target = entries[entries.length - 1];
  const edit = target ? setValue(file.uri, target, key) : insertLineAfter(file.doc, file.uri, section.headerLine, `PrivateKey = ${key}`);
  return { creates: [], edits: [edit] };
}

/** Sets a peer's PresharedKey: replaces the effective one, or inserts it after PublicKey (or the header). */
function setPresharedKey(file: ConfigText, peer: PeerModel, psk: string) {
  const existing = entriesNamed(peer.entries, 'PresharedKey');
  const target = existing[existing.length - 1];
  if (target) return setValue(file.uri, target, psk);
  const after = peer.publicKey ? peer.publicKey.line : peer.section.headerLine;
  return insertLineAfter(file.doc, file.uri, after, `PresharedKey = ${psk}`);
}

export interface PresharedKeyChange extends WorkspaceChange {
  /** The config that received the same key, when the counterpart is in the workspace. */
  readonly counterpart?: WorkspaceFile;
}

/**
 * One new PresharedKey for `peer` in `self`, written into both ends: this [Peer] and the
 * counterpart's [Peer] for this config (when the workspace has it).
 */
export function presharedKeyChange(ws: WorkspaceModel, self: WorkspaceFile, peer: PeerModel, psk: string = generatePresharedKey()): PresharedKeyChange {
  const edits = [setPresharedKey(self, peer, psk)];
  // The config that owns the peer's key and lists this one back: with the key in two configs (a
  // copy next to the real one), the first owner may be the copy, and the key would land on one side.
  const owners = peer.publicKey ? ws.ownersOf(wgValue(peer.publicKey)).filter((f) => f.uri !== self.uri) : [];
  const other = owners.find((f) => self.publicKey !== undefined && f.peersByKey.has(self.publicKey)) ?? owners[0];
  const back = other && self.publicKey ? other.peersByKey.get(self.publicKey) : undefined;
  if (other && back) edits.push(setPresharedKey(other, back, psk));
  return { creates: [], edits, ...(other && back ? { counterpart: other } : {}) };
}

export interface KeyPairChange extends WorkspaceChange {
  /** The configs whose [Peer] for this one gets the new public key, by URI (this one's own file not among them). */
  readonly listedIn: readonly WorkspaceFile[];
  /** Other configs with the same PrivateKey (copies, profiles of one host): left with the old key. */
  readonly copies: readonly WorkspaceFile[];
  /**
   * The configs edited that have SaveConfig = true (this one first): `wg-quick down` of a running
   * interface writes its running configuration over the file, the old key with it (review).
   */
  readonly savers: readonly WorkspaceFile[];
}

/**
 * A new key pair for `self` (a key to rotate, or one that leaked): `key` becomes its PrivateKey, and
 * every [Peer] in the workspace that names its public key now names the new one, so both ends of each
 * tunnel still agree. Only the key values change: PresharedKeys, comments and layout stay. Every
 * PrivateKey line holding the old key is replaced, not only the last one wg reads: a leaked key must not
 * stay in the file (review). Copies of the config (the same PrivateKey elsewhere) keep the old pair:
 * which of them is still used is the user's to say, and reused-private-key names them.
 */
export function keyPairChange(ws: WorkspaceModel, self: WorkspaceFile, key: string = generatePrivateKey()): KeyPairChange {
  const old = self.publicKey;
  const pub = publicKeyOf(key);
  if (!old || !self.privateKey) throw new EditError('This config has no valid PrivateKey to replace.');
  if (!pub) throw new EditError('The new key is not a valid private key.');
  const edits = entriesNamed(self.model.iface.entries, 'PrivateKey')
    .filter((e) => wgValue(e) === self.privateKey)
    .map((e) => setValue(self.uri, e, key));
  const listedIn: WorkspaceFile[] = [];
  for (const { file } of ws.referencesTo(old)) {
    // Every [Peer] of the file with the key (a duplicate one too: left with the old key, it would be a
    // peer with no config behind it), its effective PublicKey line.
    let listed = false;
    for (const peer of file.model.peers) {
      if (!peer.publicKey || wgValue(peer.publicKey) !== old) continue;
      edits.push(setValue(file.uri, peer.publicKey, pub));
      listed = true;
    }
    if (listed && file.uri !== self.uri) listedIn.push(file);
  }
  const copies = ws.filesWithPrivateKey(self.privateKey).filter((f) => f.uri !== self.uri);
  const savers = [self, ...listedIn].filter((f) => savesConfig(f.model));
  return { creates: [], edits, listedIn, copies, savers };
}
