// "Who is this public key?" Hover, inlay hints and completion ask it through a
// `PeerLookup`, so the source can change without touching them: today a directory
// built from the open documents, later the workspace model (every indexed config).

import type { ConfigDocument } from '../parser.ts';
import { publicKeyOfCached } from '../keys.ts';
import { allValues, lastValue, listItems, sectionCommentName } from './document.ts';
import { decodeUriPart } from '../strings.ts';
import { redactKeys } from '../redact.ts';

export interface PeerIdentity {
  /** What the key's owner is called: its interface's comment name or its file name. */
  readonly name: string;
  /** The config that holds the matching private key (or that names the peer). */
  readonly uri: string;
  /** Whether `uri` holds the private key; false when it only names a `[Peer]` with this key. */
  readonly ownsKey: boolean;
  /** Addresses of the owner's `[Interface]`, when its own config is known. */
  readonly addresses?: readonly string[];
}

export type PeerLookup = (publicKey: string) => PeerIdentity | undefined;

export interface NamedDocument {
  readonly uri: string;
  readonly doc: ConfigDocument;
}

/** `wg0` for `file:///etc/wireguard/wg0.conf`. */
export function fileStem(uri: string): string {
  const base = decodeUriPart(uri.replace(/[?#].*$/, '').split('/').pop() ?? uri);
  return base.replace(/\.conf(\.wg)?$/i, '').replace(/\.wg$/i, '') || base;
}

/**
 * A directory of the given documents. An `[Interface]` whose private key derives to the key is the best
 * answer (named by its comment name or file name); a named `[Peer]` section with that key is the fallback.
 */
export function directoryOf(docs: Iterable<NamedDocument>): PeerLookup {
  const owners = new Map<string, PeerIdentity>();
  const named = new Map<string, PeerIdentity>();
  for (const { uri, doc } of docs) {
    doc.sections.forEach((s, index) => {
      if (s.kind === 'interface') {
        const priv = lastValue(s, 'PrivateKey')?.entry.valueText;
        const pub = priv ? publicKeyOfCached(priv) : undefined;
        if (!pub || owners.has(pub)) return;
        const addresses = allValues(s, 'Address').flatMap(({ entry }) =>
          listItems(entry, true)
            .map((i) => i.text)
            .filter((t) => t !== ''),
        );
        // (A file named after a key is no name to show: hover and inlay tooltips quote it.)
        owners.set(pub, { name: sectionCommentName(doc, index) ?? redactKeys(fileStem(uri)), uri, ownsKey: true, addresses });
      } else if (s.kind === 'peer') {
        const pub = lastValue(s, 'PublicKey')?.entry.valueText;
        const name = sectionCommentName(doc, index);
        if (pub && name && !named.has(pub)) named.set(pub, { name, uri, ownsKey: false });
      }
    });
  }
  return (publicKey) => owners.get(publicKey) ?? named.get(publicKey);
}
