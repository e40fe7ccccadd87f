// What the editor features know beyond one file, for now: the other open documents.
// The workspace model (a later issue) will replace `peerLookup` with an index of
// every config in the workspace; the features only see a `PeerLookup`.

import { directoryOf, type NamedDocument, type PeerLookup } from '../../core/features/peers.ts';
import type { ServerContext } from '../context.ts';

export function openDocuments(ctx: ServerContext): NamedDocument[] {
  const out: NamedDocument[] = [];
  for (const document of ctx.documents.all()) {
    const entry = ctx.parsed(document.uri);
    if (entry) out.push({ uri: document.uri, doc: entry.doc });
  }
  return out;
}

/** A lookup over the open documents, built on first use (most requests never ask). */
export function peerLookup(ctx: ServerContext): PeerLookup {
  let lookup: PeerLookup | undefined;
  return (publicKey) => (lookup ??= directoryOf(openDocuments(ctx)))(publicKey);
}

/** Runs a handler; a failure is logged (never the document text: it may hold keys) and answered with `fallback`. */
export async function guarded<T>(ctx: ServerContext, what: string, fallback: T, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    ctx.connection.console.error(`wgls: ${what} failed: ${(err as Error).stack ?? String(err)}`);
    return fallback;
  }
}
