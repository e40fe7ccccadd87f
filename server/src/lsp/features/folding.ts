// textDocument/foldingRange → core/features/folding.

import { foldingRanges } from '../../core/features/folding.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded } from './workspace-lookup.ts';

export const folding: Feature = {
  capabilities: { foldingRangeProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onFoldingRanges((params) =>
      guarded(ctx, 'folding ranges', null, () => {
        const entry = ctx.parsed(params.textDocument.uri);
        return entry ? foldingRanges(entry.doc) : null;
      }),
    );
  },
};
