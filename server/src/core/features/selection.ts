// Smart selection (expand/shrink): list item → value → entry → section → document.

import { trimBlanksEnd, type ConfigDocument } from '../parser.ts';
import { comparePositions, lineRange, rangeContains, type Position, type Range } from '../span.ts';
import { clampPosition, documentRange, keyInfoOf, linesRange, listItems, sectionAt, sectionExtent, sectionIndexAt } from './document.ts';

export interface SelectionRange {
  range: Range;
  parent?: SelectionRange;
}

const LIST_KINDS = new Set(['allowed-ips', 'address-list', 'dns-list', 'app-list']);

function contains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

function same(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

export function selectionRanges(doc: ConfigDocument, positions: readonly Position[]): SelectionRange[] {
  return positions.map((p) => selectionRange(doc, p));
}

function selectionRange(doc: ConfigDocument, position: Position): SelectionRange {
  const whole = documentRange(doc);
  const pos = clampPosition(doc, position);
  // A stale position still gets an answer (LSP wants one per position): the whole document.
  if (!pos) return { range: whole };
  const chain: Range[] = []; // innermost first
  const node = doc.lines[pos.line]!.node;
  const ch = pos.character;
  const section = sectionAt(doc, pos.line);
  if (node.kind === 'entry') {
    const info = keyInfoOf(node, section);
    // A hook's command runs to the end of the line, `#` included, as the formatter and wg-quick
    // (≥ 1.0.20260223) read it: `echo "a # b"` is one value, not a value and a comment (editor review).
    const value = info?.kind === 'command' && node.value.end > node.value.start ? { start: node.value.start, end: trimBlanksEnd(node.text).length } : node.value;
    if (ch >= value.start && ch <= value.end && value.end > value.start) {
      if (info && LIST_KINDS.has(info.kind)) {
        const spaces = info.kind === 'address-list' || info.kind === 'dns-list';
        const item = listItems(node, spaces).find((i) => i.text !== '' && ch >= i.start && ch <= i.end);
        if (item) chain.push(lineRange(pos.line, item));
      }
      chain.push(lineRange(pos.line, value));
    } else if (ch >= node.key.start && ch <= node.key.end) {
      chain.push(lineRange(pos.line, node.key));
    }
    // In a comment after the value: the comment first (the entry does not hold it; the line does).
    else if (node.comment && ch >= node.comment.start) chain.push(lineRange(pos.line, node.comment));
    chain.push(lineRange(pos.line, { start: node.key.start, end: Math.max(value.end, node.eq + 1) }));
  } else if (node.kind === 'section') {
    if (ch >= node.name.start && ch <= node.name.end && node.name.end > node.name.start) chain.push(lineRange(pos.line, node.name));
    else if (node.comment && ch >= node.comment.start) chain.push(lineRange(pos.line, node.comment));
    chain.push(lineRange(pos.line, { start: node.open, end: node.close >= 0 ? node.close + 1 : node.text.length }));
  } else if (node.comment) {
    chain.push(lineRange(pos.line, node.comment));
  }
  if (node.kind !== 'blank') chain.push(lineRange(pos.line, { start: 0, end: node.text.length }));
  {
    // The section whose extent (as the outline has it) holds the line: a comment block right above the
    // next header belongs to that section, not to the one it sits in (or to none, above the first).
    const index = section ? sectionIndexAt(doc, pos.line) : -1;
    for (const k of [index, index + 1]) {
      if (k < 0) continue;
      if (k >= doc.sections.length) continue;
      const extent = sectionExtent(doc, k);
      if (pos.line >= extent.start && pos.line <= extent.last) {
        chain.push(linesRange(doc, extent.start, extent.last));
        break;
      }
    }
  }
  chain.push(whole);

  // Outermost first, dropping duplicates and anything that would not contain its child.
  let result: SelectionRange | undefined;
  for (const range of chain.filter((r) => rangeContains(r, pos)).reverse()) {
    if (result && (same(result.range, range) || !contains(result.range, range))) continue;
    result = result ? { range, parent: result } : { range };
  }
  return result!;
}
