// textDocument/documentSymbol → core/features/symbols (the outline).

import { documentSymbols } from '../../core/features/symbols.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded } from './workspace-lookup.ts';
import { toEditor } from '../bom.ts';

export const symbols: Feature = {
  capabilities: { documentSymbolProvider: { label: 'WireGuard' } },
  register(ctx: ServerContext) {
    ctx.connection.onDocumentSymbol((params) =>
      guarded(ctx, 'document symbols', null, () => {
        const entry = ctx.parsed(params.textDocument.uri);
        return entry ? toEditor(entry.doc, documentSymbols(entry.doc, ctx.workspace.model.privateKeys())) : null;
      }),
    );
  },
};
