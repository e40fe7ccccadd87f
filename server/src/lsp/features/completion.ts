// textDocument/completion → core/features/completion.

import { complete } from '../../core/features/completion.ts';
import type { Feature, ServerContext } from '../context.ts';
import { addressBook, guarded, peerLookup } from './workspace-lookup.ts';
import { beforeBom, positionFromEditor, toEditor } from '../bom.ts';

export const completion: Feature = {
  capabilities: { completionProvider: { triggerCharacters: ['[', '=', ','], resolveProvider: false } },
  register(ctx: ServerContext) {
    ctx.connection.onCompletion((params) =>
      guarded(ctx, 'completion', null, () => {
        const entry = ctx.parsed(params.textDocument.uri);
        if (!entry) return null;
        const doc = entry.doc;
        // Before a BOM (a client that keeps it in the text): an item's range must hold the cursor, and one
        // from 0:0 would replace the BOM. Nothing is offered there.
        if (beforeBom(doc, params.position)) return null;
        return toEditor(doc, complete(doc, positionFromEditor(doc, params.position), {
            target: ctx.settings(params.textDocument.uri).target,
            lookupPeer: peerLookup(ctx),
            addressBook: addressBook(ctx, params.textDocument.uri),
          }));
      }),
    );
  },
};
