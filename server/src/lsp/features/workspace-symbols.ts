// workspace/symbol → core/features/symbols over the open documents (later: every
// config the workspace model has indexed).

import { workspaceSymbols as searchSymbols } from '../../core/features/symbols.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded, workspaceDocuments } from './workspace-lookup.ts';
import { bomDocument, toEditor } from '../bom.ts';

export const workspaceSymbols: Feature = {
  capabilities: { workspaceSymbolProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onWorkspaceSymbol((params) =>
      guarded(ctx, 'workspace symbols', [], () =>
        // Each symbol's range in the editor's columns (line 0 after a BOM an open document kept: ../bom.ts).
        searchSymbols(workspaceDocuments(ctx), params.query ?? '').map((s) => toEditor(bomDocument(ctx, s.location.uri), s)),
      ),
    );
  },
};
