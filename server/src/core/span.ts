// Spans and ranges shared by the engine. Columns count UTF-16 code units, as LSP does.

/** Columns within one line: [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A document range; the same shape as LSP's Range, so the glue passes it through untouched. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export function lineRange(line: number, span: Span): Range {
  return { start: { line, character: span.start }, end: { line, character: span.end } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(range: Range, pos: Position): boolean {
  return comparePositions(range.start, pos) <= 0 && comparePositions(pos, range.end) <= 0;
}
