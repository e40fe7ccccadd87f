// Applying one document's edits to its text, outside an editor (the CLI's --fix). Positions are
// converted by the parser's offsetAt, the same arithmetic the server uses for an editor's changes
// (a BOM is a character of line 0, as fix edits count it: see editsAfterBom).

import { offsetAt, parse } from '../parser.ts';
import type { TextEdit } from '../problem.ts';

/**
 * `text` with `edits` applied. The edits must not overlap (fixAllEdits guarantees it); they are
 * applied last first, so each one's positions refer to the original text, as in a WorkspaceEdit.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const doc = parse(text);
  const cuts = edits
    .map((e) => ({ from: offsetAt(doc, e.range.start), to: offsetAt(doc, e.range.end), insert: e.newText }))
    .map((c) => (c.from <= c.to ? c : { from: c.to, to: c.from, insert: c.insert }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  let out = '';
  let at = 0;
  for (const c of cuts) {
    if (c.from < at) throw new Error('applyTextEdits: overlapping edits');
    out += text.slice(at, c.from) + c.insert;
    at = c.to;
  }
  return out + text.slice(at);
}
