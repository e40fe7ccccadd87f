// What the editor features know beyond one file: every config of the workspace (open
// or indexed from disk), through the workspace model's indexes; the features only see
// a `PeerLookup` and an `AddressBook`.

import { redactFailure, redactKeys } from '../../core/redact.ts';
import { fileStem, type NamedDocument, type PeerLookup } from '../../core/features/peers.ts';
import type { ServerContext } from '../context.ts';
import type { AddressBook } from '../../core/features/addressing.ts';
import { workspaceAddressBook } from '../../core/edits/allocate.ts';

/** Every config of the workspace, open or indexed from disk (open ones with the editor's text). */
export function workspaceDocuments(ctx: ServerContext): NamedDocument[] {
  return [...ctx.workspace.model.all()].map((f) => ({ uri: f.uri, doc: f.doc }));
}

/**
 * Who owns a public key: the config whose PrivateKey derives to it (named by its `# Name` comment or its
 * file name), else a `[Peer]` somewhere that names it. Map look-ups in the workspace model: no scan.
 */
export function peerLookup(ctx: ServerContext): PeerLookup {
  const ws = ctx.workspace.model;
  return (publicKey) => {
    const owner = ws.ownersOf(publicKey)[0];
    if (owner) {
      return {
        name: owner.model.iface.name ?? redactKeys(fileStem(owner.uri)),
        uri: owner.uri,
        ownsKey: true,
        // Valid addresses only: an item that is no address may be anything (a key pasted there).
        addresses: owner.model.iface.addresses.filter((a) => a.cidr).map((a) => a.text),
      };
    }
    for (const ref of ws.referencesTo(publicKey)) if (ref.peer.name) return { name: ref.peer.name, uri: ref.file.uri, ownsKey: false };
    return undefined;
  };
}

/** What the other configs of the workspace take of a subnet, for `uri`'s completion (edits/allocate.ts). */
export const addressBook = (ctx: ServerContext, uri: string): AddressBook | undefined => workspaceAddressBook(ctx.workspace.model, uri);

/** Runs a handler; a failure is logged (never the document text: it may hold keys) and answered with `fallback`. */
export async function guarded<T>(ctx: ServerContext, what: string, fallback: T, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    ctx.connection.console.error(`wgls: ${what} failed: ${redactFailure(err)}`);
    return fallback;
  }
}
