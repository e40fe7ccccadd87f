// textDocument/documentSymbol → core/features/symbols (the outline).

import { documentSymbols } from '../../core/features/symbols.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded } from './workspace-lookup.ts';
import type { DocumentSymbol } from 'vscode-languageserver';
import { fromLineStart, toEditor } from '../bom.ts';

export const symbols: Feature = {
  capabilities: { documentSymbolProvider: { label: 'WireGuard' } },
  register(ctx: ServerContext) {
    ctx.connection.onDocumentSymbol((params) =>
      guarded(ctx, 'document symbols', null, () => {
        const entry = ctx.parsed(params.textDocument.uri);
        if (!entry) return null;
        const symbols = toEditor(entry.doc, documentSymbols(entry.doc, ctx.workspace.model.privateKeys()));
        // After a BOM, a section on line 0 starts at the line's start (as smart select's ranges): else the
        // cursor at 0:0 is in no symbol, and the breadcrumbs show none.
        return entry.doc.bom ? symbols.map(wholeLine0) : symbols;
      }),
    );
  },
};

function wholeLine0<S extends Pick<DocumentSymbol, 'range'> & { children?: S[] }>(s: S): S {
  return { ...s, range: fromLineStart(s.range), ...(s.children ? { children: s.children.map(wholeLine0) } : {}) };
}
