// textDocument/selectionRange → core/features/selection.

import { selectionRanges, type SelectionRange } from '../../core/features/selection.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded } from './workspace-lookup.ts';
import { fromLineStart, positionFromEditor, toEditor } from '../bom.ts';

function chainFromLineStart(r: SelectionRange): SelectionRange {
  return { range: fromLineStart(r.range), ...(r.parent ? { parent: chainFromLineStart(r.parent) } : {}) };
}

export const selection: Feature = {
  capabilities: { selectionRangeProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onSelectionRanges((params) =>
      guarded(ctx, 'selection ranges', null, () => {
        const entry = ctx.parsed(params.textDocument.uri);
        if (!entry) return null;
        const doc = entry.doc;
        const ranges = toEditor(doc, selectionRanges(doc, params.positions.map((p) => positionFromEditor(doc, p))));
        // After a BOM, a range from the start of line 0 starts at column 1 in the editor: from column 0
        // (the BOM with it) instead, or the cursor at 0:0 lies in none of them and nothing is selected.
        return doc.bom ? ranges.map(chainFromLineStart) : ranges;
      }),
    );
  },
};
