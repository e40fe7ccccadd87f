// textDocument/formatting and rangeFormatting → core/features/formatting. The
// editor's tab/space options do not apply: the canonical form has no indentation.

import { format } from '../../core/features/formatting.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded } from './workspace-lookup.ts';

export const formatting: Feature = {
  capabilities: { documentFormattingProvider: true, documentRangeFormattingProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onDocumentFormatting((params) =>
      guarded(ctx, 'formatting', null, () => {
        const entry = ctx.parsed(params.textDocument.uri);
        return entry ? format(entry.doc) : null;
      }),
    );
    ctx.connection.onDocumentRangeFormatting((params) =>
      guarded(ctx, 'range formatting', null, () => {
        const entry = ctx.parsed(params.textDocument.uri);
        return entry ? format(entry.doc, params.range) : null;
      }),
    );
  },
};
