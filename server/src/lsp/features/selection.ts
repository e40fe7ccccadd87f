// textDocument/selectionRange → core/features/selection.

import { selectionRanges } from '../../core/features/selection.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded } from './workspace-lookup.ts';

export const selection: Feature = {
  capabilities: { selectionRangeProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onSelectionRanges((params) =>
      guarded(ctx, 'selection ranges', null, () => {
        const entry = ctx.parsed(params.textDocument.uri);
        return entry ? selectionRanges(entry.doc, params.positions) : null;
      }),
    );
  },
};
