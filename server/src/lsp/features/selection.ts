// textDocument/selectionRange → core/features/selection.

import { selectionRanges } from '../../core/features/selection.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded } from './workspace-lookup.ts';
import { positionFromEditor, toEditor } from '../bom.ts';

export const selection: Feature = {
  capabilities: { selectionRangeProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onSelectionRanges((params) =>
      guarded(ctx, 'selection ranges', null, () => {
        const entry = ctx.parsed(params.textDocument.uri);
        if (!entry) return null;
        const doc = entry.doc;
        return toEditor(doc, selectionRanges(doc, params.positions.map((p) => positionFromEditor(doc, p))));
      }),
    );
  },
};
