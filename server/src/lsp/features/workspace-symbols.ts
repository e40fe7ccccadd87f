// workspace/symbol → core/features/symbols over the open documents (later: every
// config the workspace model has indexed).

import { workspaceSymbols as searchSymbols } from '../../core/features/symbols.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded, workspaceDocuments } from './workspace-lookup.ts';

export const workspaceSymbols: Feature = {
  capabilities: { workspaceSymbolProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onWorkspaceSymbol((params) =>
      guarded(ctx, 'workspace symbols', [], () => searchSymbols(workspaceDocuments(ctx), params.query ?? '')),
    );
  },
};
