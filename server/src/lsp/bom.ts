// Line 0 of a document that starts with a BOM, at the LSP boundary.
//
// The engine counts line 0's columns after the BOM (core/parser.ts: the BOM is not part of the
// line). VS Code strips the BOM from the text it sends (and writes it back on save), so for it the
// two agree; a client that keeps the BOM in an open document's text counts it as character 0 of
// line 0. For such a document the positions a request brings are moved here into the engine's
// columns, and the ranges an answer holds into the editor's. Documents not open in the editor are
// left as they are: the editor will open them as VS Code does, without the BOM. (Fix edits are moved
// by the engine itself, see editsAfterBom.)

import type { ConfigDocument } from '../core/parser.ts';
import type { Position, Range } from '../core/span.ts';
import type { ServerContext } from './context.ts';

/** The open document at `uri` when its text starts with a BOM (the only case where columns differ). */
export function bomDocument(ctx: ServerContext, uri: string): ConfigDocument | undefined {
  const doc = ctx.parsed(uri)?.doc;
  return doc?.bom ? doc : undefined;
}

/** A position of the editor's in the engine's columns (the BOM itself is column 0 there too). */
export function positionFromEditor(doc: ConfigDocument | undefined, p: Position): Position {
  if (!doc?.bom || p.line !== 0 || !(p.character > 0)) return p;
  return { line: 0, character: p.character - 1 };
}

export function rangeFromEditor(doc: ConfigDocument | undefined, r: Range): Range {
  return doc?.bom ? { start: positionFromEditor(doc, r.start), end: positionFromEditor(doc, r.end) } : r;
}

/**
 * `value` (an answer: plain JSON data) with every position on line 0 one column to the right, for a
 * document whose text starts with a BOM; `value` itself otherwise. A copy: engine results may be
 * shared or cached. A position is an object of exactly `line` and `character`, as LSP spells it.
 */
export function toEditor<T>(doc: ConfigDocument | undefined, value: T extends PromiseLike<unknown> ? never : T): T {
  // (Not a promise, which would copy as {}: await the answer first; the type says so.)
  return doc?.bom ? (shift(value) as T) : value;
}

function shift(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shift);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 2 && typeof o.line === 'number' && typeof o.character === 'number') {
    return o.line === 0 ? { line: 0, character: o.character + 1 } : o;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = shift(o[k]);
  return out;
}

/**
 * An editor range (toEditor's) that starts at the start of line 0 in the engine, from column 0 instead of
 * 1 after a BOM, where it would leave the cursor at 0:0 (before the BOM) in no range: for ranges that
 * only show where something is (selection, outline), never for edits, which would then replace the BOM.
 */
export function fromLineStart(r: Range): Range {
  return r.start.line === 0 && r.start.character === 1 ? { start: { line: 0, character: 0 }, end: r.end } : r;
}

/** Whether an editor position lies before a document's BOM (0:0), where nothing can be written. */
export function beforeBom(doc: ConfigDocument | undefined, p: Position): boolean {
  return !!doc?.bom && p.line === 0 && p.character === 0;
}
