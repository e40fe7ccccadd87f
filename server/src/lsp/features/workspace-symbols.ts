// workspace/symbol → core/features/symbols over every config the workspace has indexed (open or not).

import { workspaceSymbols as searchSymbols } from '../../core/features/symbols.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded, workspaceDocuments } from './workspace-lookup.ts';
import { bomDocument, toEditor } from '../bom.ts';

export const workspaceSymbols: Feature = {
  capabilities: { workspaceSymbolProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onWorkspaceSymbol((params) =>
      guarded(ctx, 'workspace symbols', [], () => {
        // What the index has read so far, without waiting for it: the editor asks again as the query is
        // typed (and a server test watches the index's progress through this request).
        // Each symbol's range in the editor's columns (line 0 after a BOM an open document kept: ../bom.ts);
        // a PublicKey holding some config's private key is named without it, as in the outline.
        return searchSymbols(workspaceDocuments(ctx), params.query ?? '', undefined, ctx.workspace.model.privateKeys()).map((s) => toEditor(bomDocument(ctx, s.location.uri), s));
      }),
    );
  },
};
