// Folding: each section (from its header to its last non-blank line; comments that
// introduce the next section stay visible), and runs of two or more comment lines.

import type { ConfigDocument } from '../parser.ts';
import { sectionExtent } from './document.ts';

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

export function foldingRanges(doc: ConfigDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  doc.sections.forEach((s, index) => {
    const { last } = sectionExtent(doc, index);
    if (last > s.headerLine) out.push({ startLine: s.headerLine, endLine: last, kind: 'region' });
  });
  let runStart = -1;
  for (let i = 0; i <= doc.lines.length; i++) {
    const isComment = i < doc.lines.length && doc.lines[i]!.node.kind === 'comment';
    if (isComment && runStart < 0) runStart = i;
    if (!isComment && runStart >= 0) {
      if (i - 1 > runStart) out.push({ startLine: runStart, endLine: i - 1, kind: 'comment' });
      runStart = -1;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
