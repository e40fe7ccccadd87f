// textDocument/hover → core/features/hover.

import { hover as hoverAt } from '../../core/features/hover.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded, peerLookup } from './workspace-lookup.ts';
import { positionFromEditor, toEditor } from '../bom.ts';

export const hover: Feature = {
  capabilities: { hoverProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onHover((params) =>
      guarded(ctx, 'hover', null, async () => {
        const entry = ctx.parsed(params.textDocument.uri);
        if (!entry) return null;
        const doc = entry.doc;
        return toEditor(doc, await hoverAt(doc, positionFromEditor(doc, params.position), {
          target: ctx.settings(params.textDocument.uri).target,
          lookupPeer: peerLookup(ctx),
          uri: params.textDocument.uri,
          secrets: ctx.workspace.model.privateKeys(),
        }));
      }),
    );
  },
};
