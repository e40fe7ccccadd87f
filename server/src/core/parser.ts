// Lossless, error-tolerant parser for WireGuard configuration files.
//
// The format is line-oriented (every real parser reads it with getline), so the
// AST is too: each physical line becomes exactly one immutable node whose spans
// are columns *relative to that line*. Two consequences we rely on:
//  - one bad line can never affect another (recovery is at every newline);
//  - a node depends only on its line's text, so nodes are shared between document
//    versions (see `LineCache`) and an edit re-parses only the lines it touched.
// Columns are UTF-16 code units, which is what LSP positions count, so a node's
// span plus its line index is already an LSP position: nothing to convert.

import type { Span } from './span.ts';

export type LineKind = 'blank' | 'comment' | 'section' | 'entry' | 'invalid';
export type EndOfLine = '\n' | '\r\n' | '\r' | '';

interface LineBase {
  readonly kind: LineKind;
  /** The line's text without its end-of-line characters. */
  readonly text: string;
  /** `# …` up to the end of the line, if any (the first `#` starts it, as in every real parser). */
  readonly comment?: Span;
}

export interface BlankLine extends LineBase { readonly kind: 'blank' }
export interface CommentLine extends LineBase { readonly kind: 'comment'; readonly comment: Span }

export interface SectionLine extends LineBase {
  readonly kind: 'section';
  /** Column of `[`. */
  readonly open: number;
  /** Column of `]`, or -1 when the bracket is never closed. */
  readonly close: number;
  /** The text between the brackets, trimmed (may be empty). */
  readonly name: Span;
  readonly nameText: string;
  /** Non-space text after `]` and before any comment (wg rejects it). */
  readonly trailing?: Span;
}

export interface EntryLine extends LineBase {
  readonly kind: 'entry';
  /** The key, trimmed at both ends (inner spaces kept, as wg-quick does). */
  readonly key: Span;
  readonly keyText: string;
  /** Column of the first `=`. */
  readonly eq: number;
  /** The value after `=`, trimmed; empty span (start === end) when there is none. */
  readonly value: Span;
  readonly valueText: string;
}

export interface InvalidLine extends LineBase {
  readonly kind: 'invalid';
  /** The non-comment text, trimmed. */
  readonly content: Span;
}

export type LineNode = BlankLine | CommentLine | SectionLine | EntryLine | InvalidLine;

export interface Line {
  readonly node: LineNode;
  readonly eol: EndOfLine;
}

export type SectionKind = 'interface' | 'peer' | 'unknown';

export interface EntryRef {
  /** 0-based line index in the document. */
  readonly line: number;
  readonly node: EntryLine;
}

export interface Section {
  readonly kind: SectionKind;
  /** Line index of the `[…]` header. */
  readonly headerLine: number;
  readonly header: SectionLine;
  /** Line index one past the section's last line (the next header, or the line count). */
  readonly endLine: number;
  readonly entries: readonly EntryRef[];
}

export interface ConfigDocument {
  /** The input began with a UTF-8 byte order mark (U+FEFF); it is not part of line 0. */
  readonly bom: boolean;
  readonly lines: readonly Line[];
  /** Entries before the first section header (every real parser rejects them). */
  readonly preamble: readonly EntryRef[];
  readonly sections: readonly Section[];
}

/** Reuses line nodes across parses: a node depends only on its line's text. */
export class LineCache {
  private map = new Map<string, LineNode>();
  constructor(private readonly limit = 200_000) {}
  get(text: string): LineNode {
    let node = this.map.get(text);
    if (node === undefined) {
      node = parseLine(text);
      // A crude cap: long-lived servers see many distinct lines; start over rather than grow forever.
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(text, node);
    }
    return node;
  }
}

const BOM = 0xfeff;
const HASH = 0x23; // #
const LBRACKET = 0x5b; // [
const RBRACKET = 0x5d; // ]
const EQUALS = 0x3d; // =
const CR = 0x0d;
const LF = 0x0a;

/** Whitespace as wg's `char_is_space` (plus the other ASCII blanks); Unicode spaces are not whitespace to wg. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === CR || c === LF;
}

/** Parses a whole text. Never throws. */
export function parse(text: string, cache?: LineCache): ConfigDocument {
  const bom = text.charCodeAt(0) === BOM;
  const body = bom ? text.slice(1) : text;
  const lines: Line[] = [];
  const start = scanLines(body, 0, body.length, lines, cache);
  // The last line has no terminator; an input ending in a newline still has an
  // (empty) last line, as every editor shows it.
  const last = body.slice(start);
  lines.push({ node: cache ? cache.get(last) : parseLine(last), eol: '' });
  return structure(bom, lines);
}

/** Appends the terminated lines of body[from, to) to `out`; returns where the unterminated rest starts. */
function scanLines(body: string, from: number, to: number, out: Line[], cache?: LineCache): number {
  let start = from;
  for (let i = from; i < to; i++) {
    const c = body.charCodeAt(i);
    if (c !== LF && c !== CR) continue;
    const lineText = body.slice(start, i);
    let eol: EndOfLine = '\n';
    if (c === CR) {
      if (i + 1 < body.length && body.charCodeAt(i + 1) === LF) {
        eol = '\r\n';
        i++;
      } else {
        eol = '\r';
      }
    }
    out.push({ node: cache ? cache.get(lineText) : parseLine(lineText), eol });
    start = i + 1;
  }
  return start;
}

/**
 * Parses `text`, an edited version of the text `prev` was parsed from: the unchanged lines before and
 * after the edit keep their Line objects (compared in place, no split of the whole text), only the
 * lines in between are parsed. The result equals `parse(text)`; an editor re-parses a big file per
 * keystroke this way.
 */
export function reparse(prev: ConfigDocument, text: string, cache?: LineCache): ConfigDocument {
  const bom = text.charCodeAt(0) === BOM;
  if (bom !== prev.bom) return parse(text, cache);
  const body = bom ? text.slice(1) : text;
  const old = prev.lines;
  const terminatedAt = (l: Line, at: number) =>
    body.startsWith(l.node.text, at) &&
    body.startsWith(l.eol, at + l.node.text.length) &&
    // A lone CR followed by LF would now be one CRLF terminator.
    !(l.eol === '\r' && body.charCodeAt(at + l.node.text.length + 1) === LF);
  // Leading lines: never the last one, which has no terminator.
  let p = 0;
  let pos = 0;
  while (p < old.length - 1 && terminatedAt(old[p]!, pos)) {
    pos += old[p]!.node.text.length + old[p]!.eol.length;
    p++;
  }
  // Trailing lines, not overlapping the leading ones; each must start right after a terminator.
  let s = 0;
  let end = body.length;
  while (old.length - 1 - s >= p) {
    const l = old[old.length - 1 - s]!;
    const start = end - l.node.text.length - l.eol.length;
    if (start < pos || !terminatedAt(l, start)) break;
    if (start > pos) {
      const c = body.charCodeAt(start - 1);
      if ((c !== LF && c !== CR) || (c === CR && body.charCodeAt(start) === LF)) break;
    }
    end = start;
    s++;
  }
  const lines: Line[] = old.slice(0, p);
  const rest = scanLines(body, pos, end, lines, cache);
  if (s === 0) {
    const last = body.slice(rest);
    lines.push({ node: cache ? cache.get(last) : parseLine(last), eol: '' });
  } else if (rest !== end) {
    return parse(text, cache); // cannot happen (the trailing lines start after a terminator); stay safe
  }
  for (let i = old.length - s; i < old.length; i++) lines.push(old[i]!);
  return structure(bom, lines);
}

/** Groups parsed lines into sections. Linear in the number of lines. */
export function structure(bom: boolean, lines: readonly Line[]): ConfigDocument {
  const preamble: EntryRef[] = [];
  const sections: Section[] = [];
  let current: { kind: SectionKind; headerLine: number; header: SectionLine; entries: EntryRef[] } | undefined;
  const close = (endLine: number) => {
    if (current) sections.push({ ...current, endLine });
  };
  for (let i = 0; i < lines.length; i++) {
    const node = lines[i]!.node;
    if (node.kind === 'section') {
      close(i);
      current = { kind: sectionKind(node.nameText), headerLine: i, header: node, entries: [] };
    } else if (node.kind === 'entry') {
      (current ? current.entries : preamble).push({ line: i, node });
    }
  }
  close(lines.length);
  return { bom, lines, preamble, sections };
}

/** wg removes every whitespace character and compares case-insensitively: `[ inter face ]` is `[Interface]`. */
export function sectionKind(name: string): SectionKind {
  const squashed = stripSpaces(name).toLowerCase();
  return squashed === 'interface' ? 'interface' : squashed === 'peer' ? 'peer' : 'unknown';
}

export function stripSpaces(s: string): string {
  // Nearly every value has no inner whitespace: return it as is without building a copy.
  let i = 0;
  while (i < s.length && !isSpace(s.charCodeAt(i))) i++;
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    if (!isSpace(s.charCodeAt(i))) out += s[i];
  }
  return out;
}

/** Parses one line (no end-of-line characters). Never throws. */
export function parseLine(text: string): LineNode {
  const n = text.length;
  let hash = -1;
  let eq = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === HASH) {
      hash = i;
      break;
    }
    if (c === EQUALS && eq < 0) eq = i;
  }
  const contentEnd = hash < 0 ? n : hash;
  const comment: Span | undefined = hash < 0 ? undefined : { start: hash, end: n };
  let s = 0;
  while (s < contentEnd && isSpace(text.charCodeAt(s))) s++;
  let e = contentEnd;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;

  if (s === e) {
    return comment ? { kind: 'comment', text, comment } : { kind: 'blank', text };
  }
  // A `[` line is a header even when it holds a `=`: wg treats `[Foo]` as a key line and fails,
  // but a header-shaped line is what the user meant, so report it as an (unknown) section.
  if (text.charCodeAt(s) === LBRACKET && (eq < 0 || bracketClosesBefore(text, s, eq))) {
    return sectionLine(text, s, e, comment);
  }
  if (eq >= 0) {
    let ke = eq;
    while (ke > s && isSpace(text.charCodeAt(ke - 1))) ke--;
    let vs = eq + 1;
    while (vs < e && isSpace(text.charCodeAt(vs))) vs++;
    const ve = Math.max(vs, e);
    return {
      kind: 'entry',
      text,
      key: { start: s, end: ke },
      keyText: text.slice(s, ke),
      eq,
      value: { start: vs, end: ve },
      valueText: text.slice(vs, ve),
      ...(comment ? { comment } : {}),
    };
  }
  return { kind: 'invalid', text, content: { start: s, end: e }, ...(comment ? { comment } : {}) };
}

function bracketClosesBefore(text: string, from: number, limit: number): boolean {
  for (let i = from; i < limit; i++) if (text.charCodeAt(i) === RBRACKET) return true;
  return false;
}

function sectionLine(text: string, s: number, e: number, comment: Span | undefined): SectionLine {
  let close = -1;
  for (let i = s + 1; i < e; i++) {
    if (text.charCodeAt(i) === RBRACKET) {
      close = i;
      break;
    }
  }
  const innerEnd = close < 0 ? e : close;
  let ns = s + 1;
  while (ns < innerEnd && isSpace(text.charCodeAt(ns))) ns++;
  let ne = innerEnd;
  while (ne > ns && isSpace(text.charCodeAt(ne - 1))) ne--;
  let trailing: Span | undefined;
  if (close >= 0) {
    let ts = close + 1;
    while (ts < e && isSpace(text.charCodeAt(ts))) ts++;
    if (ts < e) trailing = { start: ts, end: e };
  }
  return {
    kind: 'section',
    text,
    open: s,
    close,
    name: { start: ns, end: ne },
    nameText: text.slice(ns, ne),
    ...(trailing ? { trailing } : {}),
    ...(comment ? { comment } : {}),
  };
}

/** Reproduces the exact input text (used by tests to prove the parse is lossless). */
export function print(doc: ConfigDocument): string {
  let out = doc.bom ? '\uFEFF' : '';
  for (const line of doc.lines) out += line.node.text + line.eol;
  return out;
}
