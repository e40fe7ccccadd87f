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

import { ownCopy } from './strings.ts';
import type { Position, Range, Span } from './span.ts';

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
  /** Whether `valueText` holds no whitespace and no NUL: then wg reads it as it is (see wgValue). */
  readonly plainValue: boolean;
}

export interface InvalidLine extends LineBase {
  readonly kind: 'invalid';
  /** The non-comment text, trimmed. */
  readonly content: Span;
}

export type LineNode = BlankLine | CommentLine | SectionLine | EntryLine | InvalidLine;

/**
 * One physical line. The parse records where the line is and what shape it has (header, entry or
 * other: all that grouping into sections needs); its node (spans, key and value text) is built on
 * first access of `node` and kept. Most consumers read every node anyway, but a parse that only
 * allocates one small object per line is what keeps opening a big file cheap, and code that needs
 * just the structure (outline, folding, content detection) never pays for the rest.
 * Line objects are immutable and shared between document versions: `reparse` keeps the objects of
 * unchanged lines, so identity means "same text at the same place" to the caches built on it.
 */
export class Line {
  /**
   * Where the line comes from until its node is built, then the node: one field for both, as a big
   * file has one of these objects per line (four fields in all: the parse is allocation-bound).
   */
  #data: LineSource | LineNode;
  readonly #start: number;
  readonly #end: number;
  /** EOLS index << 2 | SHAPE_*: known from the parse without building the node. */
  readonly #bits: number;

  constructor(src: LineSource, start: number, end: number, bits: number) {
    this.#data = src;
    this.#start = start;
    this.#end = end;
    this.#bits = bits;
  }

  /** The parsed line (built on first access). */
  get node(): LineNode {
    const data = this.#data;
    if (!(data instanceof LineSource)) return data;
    const text = data.text.slice(this.#start, this.#end);
    // Only short lines repeat (headers, blank lines, `PersistentKeepalive = 25`); a line with a key
    // or an address is unique, and caching it would only cost a hash and memory.
    const node = data.cache && text.length <= CACHED_LINE_MAX && text.charCodeAt(0) !== HASH ? data.cache.get(text) : parseLine(text);
    this.#data = node;
    return node;
  }

  /** The line's text without its end-of-line characters. */
  get text(): string {
    const data = this.#data;
    return data instanceof LineSource ? data.text.slice(this.#start, this.#end) : data.text;
  }

  /** The line's terminator: '' only for the last line. */
  get eol(): EndOfLine {
    return EOLS[this.#bits >> 2]!;
  }

  /** Length of `text` (no node or string is built). */
  get length(): number {
    return this.#end - this.#start;
  }

  /** Length of `text` and its terminator. */
  get fullLength(): number {
    return this.#end - this.#start + EOL_LENGTHS[this.#bits >> 2]!;
  }

  /** @internal structure() */
  get shape(): number {
    return this.#bits & 3;
  }

  /**
   * @internal structure(): the kind of a header line. The two usual spellings are recognised in
   * the source text, so grouping a big file into sections builds no header node.
   */
  get headerKind(): SectionKind {
    const data = this.#data;
    if (data instanceof LineSource) {
      const length = this.#end - this.#start;
      if (length === 6 && data.text.startsWith('[Peer]', this.#start)) return 'peer';
      if (length === 11 && data.text.startsWith('[Interface]', this.#start)) return 'interface';
    }
    return sectionKind((this.node as SectionLine).nameText);
  }
}

/** The text lines are cut from and the cache their nodes go through: one per parse, shared by its lines. */
class LineSource {
  constructor(
    readonly text: string,
    readonly cache: LineCache | undefined,
  ) {}
}

const EOLS: readonly EndOfLine[] = ['', '\n', '\r\n', '\r'];
const EOL_LENGTHS: readonly number[] = [0, 1, 2, 1];
const EOL_LF = 1 << 2;
const EOL_CRLF = 2 << 2;
const EOL_CR = 3 << 2;

/** Lines up to this long go through the LineCache. */
const CACHED_LINE_MAX = 32;

/** Line shapes recorded by the parse (what `structure` needs). */
const SHAPE_OTHER = 0;
const SHAPE_SECTION = 1;
const SHAPE_ENTRY = 2;

export type SectionKind = 'interface' | 'peer' | 'unknown';

export interface EntryRef {
  /** 0-based line index in the document. */
  readonly line: number;
  readonly node: EntryLine;
}

/** A `[…]` header and the lines up to the next one. Its entry list is gathered on first access. */
export class Section {
  readonly kind: SectionKind;
  /** Line index of the `[…]` header. */
  readonly headerLine: number;
  /** Line index one past the section's last line (the next header, or the line count). */
  readonly endLine: number;
  readonly #header: Line;
  #lines: readonly Line[] | undefined;
  #entries: readonly EntryRef[] | undefined;

  constructor(kind: SectionKind, headerLine: number, endLine: number, lines: readonly Line[]) {
    this.kind = kind;
    this.headerLine = headerLine;
    this.endLine = endLine;
    this.#header = lines[headerLine]!;
    this.#lines = lines;
    this.#entries = undefined;
  }

  get header(): SectionLine {
    return this.#header.node as SectionLine;
  }

  get entries(): readonly EntryRef[] {
    if (this.#entries === undefined) {
      const lines = this.#lines!;
      const out: EntryRef[] = [];
      for (let i = this.headerLine + 1; i < this.endLine; i++) {
        const l = lines[i]!;
        if (l.shape === SHAPE_ENTRY) out.push({ line: i, node: l.node as EntryLine });
      }
      this.#entries = out;
      this.#lines = undefined; // the document's line array may belong to an older version: let it go
    }
    return this.#entries;
  }

  /** The same section moved by `delta` lines (its lines unchanged), in `lines`. */
  shifted(delta: number, lines: readonly Line[]): Section {
    return new Section(this.kind, this.headerLine + delta, this.endLine + delta, lines);
  }
}

export interface ConfigDocument {
  /** The input began with a UTF-8 byte order mark (U+FEFF); it is not part of line 0. */
  readonly bom: boolean;
  readonly lines: readonly Line[];
  /** Entries before the first section header (every real parser rejects them). */
  readonly preamble: readonly EntryRef[];
  readonly sections: readonly Section[];
  /** The whole text (BOM included). After `applyEdit` it is joined from the lines on first access. */
  readonly text: string;
}

/** The document object: `text` is kept when known, else joined once on demand. */
class ParsedDocument implements ConfigDocument {
  #text: string | undefined;
  /**
   * @internal Where each line starts in the whole text (BOM included), and the text's length at
   * [lines.length]; see lineStarts. Set by parse and carried over by applyEdit and reparse.
   */
  starts: Int32Array | undefined = undefined;
  constructor(
    readonly bom: boolean,
    readonly lines: readonly Line[],
    readonly preamble: readonly EntryRef[],
    readonly sections: readonly Section[],
    text: string | undefined,
  ) {
    this.#text = text;
  }

  get text(): string {
    return (this.#text ??= print(this));
  }
}

/**
 * Reuses line nodes across parses: a node depends only on its line's text. Small on purpose: the lines
 * that repeat (headers, blank lines, `PersistentKeepalive = 25`) are few, while short unique lines (an
 * Endpoint) pass through too. With room for 200,000 entries, whose keys were views into each parsed
 * text, 40 opens of a 5,000-peer hub kept 49 MB alive (now 0.1 MB), and cold opens were slower.
 */
export class LineCache {
  private map = new Map<string, LineNode>();
  constructor(private readonly limit = 4096) {}
  get(text: string): LineNode {
    let node = this.map.get(text);
    if (node === undefined) {
      // Kept as a key and in the node, a cut of the document would keep the whole text alive (strings.ts).
      node = parseLine(ownCopy(text));
      // A crude cap: long-lived servers see many distinct lines; start over rather than grow forever.
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(node.text, node);
    }
    return node;
  }
}

const BOM = 0xfeff;
const HASH = 0x23; // #
const LBRACKET = 0x5b; // [
const RBRACKET = 0x5d; // ]
const CR = 0x0d;
const LF = 0x0a;

/** Whitespace as wg's `char_is_space` (plus the other ASCII blanks); Unicode spaces are not whitespace to wg. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === CR || c === LF;
}

/**
 * `s` without its trailing blanks as the parser counts them (ASCII only). Not String#trimEnd, which
 * also drops Unicode spaces (NBSP, U+3000…): those are text to wg, so an edit must keep them.
 */
export function trimBlanksEnd(s: string): string {
  let end = s.length;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end);
}

/** The leading blanks of `s` as the parser counts them (ASCII only; see trimBlanksEnd). */
export function leadingBlanks(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return s.slice(0, i);
}

/** Parses a whole text. Never throws. */
export function parse(text: string, cache?: LineCache): ConfigDocument {
  const bom = text.charCodeAt(0) === BOM;
  // An array of its final size: growing a 30,000-line array by push copies it a dozen times, in
  // the large-object space, and the parse is allocation-bound.
  const count = lineCount(text);
  const lines: Line[] = new Array(count);
  const starts = new Int32Array(count + 1);
  const rest = scanLines(text, bom ? 1 : 0, text.length, lines, cache, 0, starts);
  // The last line has no terminator; an input ending in a newline still has an
  // (empty) last line, as every editor shows it.
  lines[count - 1] = lastLine(text, rest, cache);
  starts[count - 1] = rest;
  starts[count] = text.length;
  return withStarts(structure(bom, lines, text), starts);
}

/**
 * Where each line of `doc` starts in the whole text (BOM included; line 0 at 1 after a BOM), and the
 * text's length at [lines.length]. Known from the parse and carried over by each edit, so finding a
 * position's offset is one look-up instead of a walk over every line before it (a keystroke in the
 * middle of a 30,000-line file walked 15,000 Line objects).
 */
export function lineStarts(doc: ConfigDocument): Int32Array {
  if (doc instanceof ParsedDocument && doc.starts) return doc.starts;
  const lines = doc.lines;
  const starts = new Int32Array(lines.length + 1);
  let offset = doc.bom ? 1 : 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = offset;
    offset += lines[i]!.fullLength;
  }
  starts[lines.length] = offset;
  return doc instanceof ParsedDocument ? (doc.starts = starts) : starts;
}

function withStarts(doc: ConfigDocument, starts: Int32Array): ConfigDocument {
  if (doc instanceof ParsedDocument) doc.starts = starts;
  return doc;
}

/**
 * The line starts of a document made of `prev`'s lines [0, from), then `middle` starting at offset
 * `middleStart`, then prev's lines [oldTo, …) shifted: what an edit keeps.
 */
function deriveStarts(prevStarts: Int32Array, from: number, middleStart: number, middle: readonly Line[], oldTo: number): Int32Array {
  const oldCount = prevStarts.length - 1;
  const starts = new Int32Array(from + middle.length + (oldCount - oldTo) + 1);
  starts.set(prevStarts.subarray(0, from));
  let offset = middleStart;
  for (let i = 0; i < middle.length; i++) {
    starts[from + i] = offset;
    offset += middle[i]!.fullLength;
  }
  const delta = offset - prevStarts[oldTo]!;
  const at = from + middle.length - oldTo;
  if (delta === 0) starts.set(prevStarts.subarray(oldTo), from + middle.length);
  else for (let j = oldTo; j <= oldCount; j++) starts[at + j] = prevStarts[j]! + delta;
  return starts;
}

/** The number of lines of `text`: one more than its terminators (LF, CRLF, lone CR). Native scans. */
function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== LF) n++;
  return n;
}

function lastLine(text: string, from: number, cache?: LineCache): Line {
  return new Line(new LineSource(text, cache), from, text.length, shapeOf(text, from, text.length));
}

/**
 * Writes the terminated lines of text[from, to) into `out` from index `at` (by default appends
 * them); returns where the unterminated rest starts. One pass over the characters: line ends and each line's shape, no strings or nodes.
 */
function scanLines(text: string, from: number, to: number, out: Line[], cache?: LineCache, at = out.length, starts?: Int32Array): number {
  const src = new LineSource(text, cache);
  // The next LF, CR and `=` at or after `start` (-1: none), each found by a native scan and looked
  // for again only once passed: every character is scanned a bounded number of times, and a line's
  // own characters are mostly not looked at in JS at all.
  let nextLf = text.indexOf('\n', from);
  let nextCr = text.indexOf('\r', from);
  let nextEq = text.indexOf('=', from);
  let start = from;
  for (;;) {
    const end = nextCr < 0 || (nextLf >= 0 && nextLf < nextCr) ? nextLf : nextCr;
    if (end < 0 || end >= to) break;
    if (nextEq >= 0 && nextEq < start) nextEq = text.indexOf('=', start);
    let eol = EOL_LF;
    let next = end + 1;
    if (end === nextCr) {
      if (end + 1 < text.length && text.charCodeAt(end + 1) === LF) {
        eol = EOL_CRLF;
        next++;
      } else {
        eol = EOL_CR;
      }
    }
    if (starts) starts[at] = start;
    out[at++] = new Line(src, start, end, eol | shapeAt(text, start, end, nextEq));
    start = next;
    if (nextLf >= 0 && nextLf < start) nextLf = text.indexOf('\n', start);
    if (nextCr >= 0 && nextCr < start) nextCr = text.indexOf('\r', start);
  }
  return start;
}

/**
 * The shape of the line text[start, end) (no terminator) given `eqAt`, the first `=` at or after
 * `start` (-1: none): a header starts with `[` (after blanks) and has no `=` before a `#`, or a `]`
 * before its first `=`; an entry has a `=` before any `#`; anything else is other.
 */
function shapeAt(text: string, start: number, end: number, eqAt: number): number {
  let f = start;
  while (f < end) {
    const c = text.charCodeAt(f);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0b && c !== 0x0c) break;
    f++;
  }
  if (f === end) return SHAPE_OTHER;
  const first = text.charCodeAt(f);
  if (first === HASH) return SHAPE_OTHER;
  let eq = eqAt >= 0 && eqAt < end ? eqAt : -1;
  for (let i = f + 1; i < eq; i++) {
    if (text.charCodeAt(i) === HASH) {
      eq = -1;
      break;
    }
  }
  if (first !== LBRACKET) return eq >= 0 ? SHAPE_ENTRY : SHAPE_OTHER;
  if (eq < 0) return SHAPE_SECTION;
  for (let i = f + 1; i < eq; i++) if (text.charCodeAt(i) === RBRACKET) return SHAPE_SECTION;
  return SHAPE_ENTRY;
}

/** The shape of text[from, to), a line without terminator (as scanLines decides it). */
function shapeOf(text: string, from: number, to: number): number {
  const out: Line[] = [];
  // A line end after `to` makes scanLines decide the shape of exactly this range.
  scanLines(text.slice(from, to) + '\n', 0, to - from + 1, out);
  return out[0]!.shape;
}

/**
 * Parses `text`, an edited version of the text `prev` was parsed from. Only the lines around the
 * edit are parsed: the common prefix and suffix of the two texts are found by comparing them in
 * blocks (memcmp speed, no per-line work), the unchanged lines before and after keep their Line
 * objects, and the sections that lie entirely outside the edit are kept too (moved when the edit
 * added or removed lines). The result equals `parse(text)` (property-tested); an editor re-parses
 * a big file per keystroke this way.
 */
export function reparse(prev: ConfigDocument, text: string, cache?: LineCache): ConfigDocument {
  const bom = text.charCodeAt(0) === BOM;
  const oldText = prev.text;
  if (oldText === text) return prev;
  const old = prev.lines;
  const prefix = commonPrefix(oldText, text);
  const suffix = commonSuffix(oldText, text, Math.min(oldText.length, text.length) - prefix);
  const oldStarts = lineStarts(prev);
  // Leading lines kept: those whose terminator ends before the first changed character, with one
  // character to spare (a lone CR followed by a new LF would become a CRLF). Never the last line.
  // That is every line up to the last one starting at or before prefix - 1 (line starts ascend).
  let p = 0;
  for (let hi = old.length - 1; p < hi; ) {
    const mid = (p + hi + 1) >> 1;
    if (oldStarts[mid]! <= prefix - 1) p = mid;
    else hi = mid - 1;
  }
  // Where the re-parsed lines start: unchanged lines before them, or the start of the text (past a BOM,
  // which the edit may have added or removed).
  const pos = p === 0 ? (bom ? 1 : 0) : oldStarts[p]!;
  // Trailing lines kept: those that start at least one character inside the common suffix (so the
  // terminator before them is unchanged), not overlapping the leading ones.
  const keepFrom = oldText.length - suffix + 1;
  let first = p;
  for (let hi = old.length; first < hi; ) {
    const mid = (first + hi) >> 1;
    if (oldStarts[mid]! >= keepFrom) hi = mid;
    else first = mid + 1;
  }
  const s = old.length - first;
  const oldStart = oldStarts[first]!;
  const newStart = oldStart - oldText.length + text.length;
  const middle: Line[] = [];
  const rest = scanLines(text, pos, s === 0 ? text.length : newStart, middle, cache);
  if (s === 0) middle.push(lastLine(text, rest, cache));
  else if (rest !== newStart) return parse(text, cache); // cannot happen (kept lines start after a terminator); stay safe
  // One allocation of the final size: growing a big array by push costs several times more.
  const lines = new Array<Line>(p + middle.length + s);
  for (let i = 0; i < p; i++) lines[i] = old[i]!;
  for (let i = 0; i < middle.length; i++) lines[p + i] = middle[i]!;
  const firstKept = p + middle.length;
  for (let i = 0; i < s; i++) lines[firstKept + i] = old[old.length - s + i]!;
  return withStarts(structure(bom, lines, text, { prev, from: p, oldTo: old.length - s, newTo: firstKept }), deriveStarts(oldStarts, p, pos, middle, old.length - s));
}

/** Length of the common prefix of a and b. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  // Whole blocks first: string equality runs at memory speed.
  for (let block = 4096; block >= 64; block >>= 4) {
    while (i + block <= n && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  }
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of a and b, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let k = 0;
  const la = a.length;
  const lb = b.length;
  for (let block = 4096; block >= 64; block >>= 4) {
    while (k + block <= max && a.slice(la - k - block, la - k) === b.slice(lb - k - block, lb - k)) k += block;
  }
  while (k < max && a.charCodeAt(la - k - 1) === b.charCodeAt(lb - k - 1)) k++;
  return k;
}

/** What reparse kept: old lines [0, from) and [oldTo, …) are new lines [0, from) and [newTo, …). */
interface Kept {
  readonly prev: ConfigDocument;
  readonly from: number;
  readonly oldTo: number;
  readonly newTo: number;
}

/**
 * Groups parsed lines into sections. Linear in the number of lines; after a reparse, only the
 * lines between the kept sections are walked and the kept Section objects are reused (or moved).
 */
export function structure(bom: boolean, lines: readonly Line[], text: string | undefined, kept?: Kept): ConfigDocument {
  let preamble: EntryRef[] | readonly EntryRef[] = [];
  const sections: Section[] = [];
  let walkFrom = 0;
  let walkTo = lines.length;
  let tail: readonly Section[] = [];
  let delta = 0;
  if (kept) {
    const prevSections = kept.prev.sections;
    // Sections that end before the first re-parsed line are unchanged; so is one that ends right at
    // it when that line is still a header (the header decides where the section ends).
    let k = 0;
    while (k < prevSections.length && (prevSections[k]!.endLine < kept.from || (prevSections[k]!.endLine === kept.from && lines[kept.from]?.shape === SHAPE_SECTION))) k++;
    if (k > 0) {
      for (let i = 0; i < k; i++) sections.push(prevSections[i]!);
      preamble = kept.prev.preamble;
      walkFrom = prevSections[k - 1]!.endLine;
    }
    // Sections whose header is at or after the first kept trailing line are unchanged too.
    let t = prevSections.length;
    while (t > k && prevSections[t - 1]!.headerLine >= kept.oldTo) t--;
    delta = kept.newTo - kept.oldTo;
    if (t < prevSections.length) {
      tail = prevSections.slice(t);
      walkTo = tail[0]!.headerLine + delta;
    }
  }
  // The open section: its kind and header line (-1: none yet).
  let kind: SectionKind = 'unknown';
  let headerLine = -1;
  const pre: EntryRef[] = [];
  for (let i = walkFrom; i < walkTo; i++) {
    const line = lines[i]!;
    const shape = line.shape;
    if (shape === SHAPE_SECTION) {
      if (headerLine >= 0) sections.push(new Section(kind, headerLine, i, lines));
      kind = line.headerKind;
      headerLine = i;
    } else if (shape === SHAPE_ENTRY && headerLine < 0 && walkFrom === 0) {
      pre.push({ line: i, node: line.node as EntryLine });
    }
  }
  if (headerLine >= 0) sections.push(new Section(kind, headerLine, walkTo, lines));
  if (walkFrom === 0) preamble = pre;
  for (const s of tail) sections.push(delta === 0 ? s : s.shifted(delta, lines));
  return new ParsedDocument(bom, lines, preamble, sections, text);
}

/** wg removes every whitespace character and compares case-insensitively: `[ inter face ]` is `[Interface]`. */
export function sectionKind(name: string): SectionKind {
  const squashed = stripSpaces(name).toLowerCase();
  return squashed === 'interface' ? 'interface' : squashed === 'peer' ? 'peer' : 'unknown';
}

/** The characters isSpace accepts, as a regex: one native scan answers "none here" (nearly every value). */
const ANY_SPACE = /[ \t\v\f\r\n]/;

export function stripSpaces(s: string): string {
  // Nearly every value has no inner whitespace: return it as is without building a copy. The regex
  // scan is native; a charCodeAt loop cost twice as much on the sliced strings values are.
  if (!ANY_SPACE.test(s)) return s;
  let i = 0;
  while (!isSpace(s.charCodeAt(i))) i++;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    if (!isSpace(s.charCodeAt(i))) out += s[i];
  }
  return out;
}

const EMPTY_LINE: LineNode = Object.freeze({ kind: 'blank', text: '' });

/** Parses one line (no end-of-line characters). Never throws. */
export function parseLine(text: string): LineNode {
  const n = text.length;
  // Native scans: the first `#` starts the comment; the first `=` before it separates.
  const hash = text.indexOf('#');
  let eq = text.indexOf('=');
  if (hash >= 0 && eq > hash) eq = -1;
  const contentEnd = hash < 0 ? n : hash;
  const comment: Span | undefined = hash < 0 ? undefined : { start: hash, end: n };
  let s = 0;
  while (s < contentEnd && isSpace(text.charCodeAt(s))) s++;
  let e = contentEnd;
  // NUL bytes at the end go with the blanks: wg's C strings end at the first one, and wg-quick reads the
  // file with bash's `read`, which drops them; either way `Address = 10.0.0.1/24\0` is the address and a
  // line of NULs is blank (the differential review ran both). A NUL inside text is another matter.
  while (e > s && (isSpace(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === 0)) e--;

  if (s === e) {
    // Empty lines are a sixth of a hub: one shared node (nodes are immutable; the LineCache shares them too).
    return comment ? { kind: 'comment', text, comment } : n === 0 ? EMPTY_LINE : { kind: 'blank', text };
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
    return new EntryNode(text, s, ke, eq, vs, Math.max(vs, e), hash);
  }
  return { kind: 'invalid', text, content: { start: s, end: e }, ...(comment ? { comment } : {}) };
}

/**
 * Entry lines are most of a config (a hub: four of five lines), so their node is one object of
 * numbers: spans are built when asked for (short-lived, they cost nothing to collect) and the key
 * and value text are cut once, on first use. Reading every node of a big file this way allocates
 * a third of what plain objects with span objects did.
 */
class EntryNode implements EntryLine {
  readonly kind = 'entry' as const;
  readonly text: string;
  readonly eq: number;
  readonly #keyStart: number;
  readonly #keyEnd: number;
  readonly #valueStart: number;
  readonly #valueEnd: number;
  /** Column of `#`, or -1. */
  readonly #hash: number;
  #keyText: string | undefined;
  #valueText: string | undefined;
  /** plainValue once known: 1 plain, 2 not, 0 not asked yet (rules ask per key of a hub several times). */
  #plain: number;

  constructor(text: string, keyStart: number, keyEnd: number, eq: number, valueStart: number, valueEnd: number, hash: number) {
    this.text = text;
    this.eq = eq;
    this.#keyStart = keyStart;
    this.#keyEnd = keyEnd;
    this.#valueStart = valueStart;
    this.#valueEnd = valueEnd;
    this.#hash = hash;
    this.#keyText = undefined;
    this.#valueText = undefined;
    this.#plain = 0;
  }

  get key(): Span {
    return { start: this.#keyStart, end: this.#keyEnd };
  }

  get value(): Span {
    return { start: this.#valueStart, end: this.#valueEnd };
  }

  get keyText(): string {
    return (this.#keyText ??= internKey(this.text, this.#keyStart, this.#keyEnd));
  }

  get valueText(): string {
    return (this.#valueText ??= this.text.slice(this.#valueStart, this.#valueEnd));
  }

  get plainValue(): boolean {
    if (this.#plain === 0) this.#plain = SPACE_OR_NUL.test(this.valueText) ? 2 : 1;
    return this.#plain === 1;
  }

  get comment(): Span | undefined {
    return this.#hash < 0 ? undefined : { start: this.#hash, end: this.text.length };
  }
}

/** isSpace's characters and NUL: one native scan. */
const SPACE_OR_NUL = /[ \t\v\f\r\n\0]/;

/**
 * Recently cut keys, by a hash of their length and end characters. A file spells the same few keys
 * thousands of times: the node of each line then holds the one string (not a copy per line), and
 * the key look-ups that follow hash it once.
 */
const KEYS_SEEN: Array<string | undefined> = new Array(64).fill(undefined);

function internKey(text: string, start: number, end: number): string {
  const length = end - start;
  if (length === 0) return '';
  const slot = (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1)) & 63;
  const seen = KEYS_SEEN[slot];
  if (seen !== undefined && seen.length === length && text.startsWith(seen, start)) return seen;
  const key = text.slice(start, end);
  // Only keys V8 copies when cut (under 13 characters) are kept: a longer cut points into the whole
  // document's text, which the table would then keep alive after the document is gone.
  if (length <= 12) KEYS_SEEN[slot] = key;
  return key;
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
  const name = { start: ns, end: ne };
  const nameText = text.slice(ns, ne);
  // Literal shapes rather than conditional spreads (which take V8's slow object-clone path): a hub
  // has a header per peer. Absent parts stay absent, not undefined.
  if (trailing) {
    return comment
      ? { kind: 'section', text, open: s, close, name, nameText, trailing, comment }
      : { kind: 'section', text, open: s, close, name, nameText, trailing };
  }
  return comment ? { kind: 'section', text, open: s, close, name, nameText, comment } : { kind: 'section', text, open: s, close, name, nameText };
}

/** Reproduces the exact input text (used by tests to prove the parse is lossless). */
export function print(doc: Pick<ConfigDocument, 'bom' | 'lines'>): string {
  const parts: string[] = new Array(doc.lines.length * 2 + 1);
  parts[0] = doc.bom ? '\uFEFF' : '';
  for (let i = 0; i < doc.lines.length; i++) {
    parts[2 * i + 1] = doc.lines[i]!.text;
    parts[2 * i + 2] = doc.lines[i]!.eol;
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Editing by position, as an editor sends changes (LSP `didChange`): no whole-text copy at all.

/** An LSP-style position: 0-based line and UTF-16 column. */
export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

/** Offset in the whole text (BOM included) of the start of line `line` (0 ≤ line < lines.length). */
function lineStart(doc: ConfigDocument, line: number): number {
  // Line 0's columns count the BOM (see width): its positions start at offset 0.
  return line === 0 ? 0 : lineStarts(doc)[line]!;
}

/**
 * Edits of `doc` (no `uri`: this document) in the columns editors and applyEdit count, where a BOM is
 * a character of line 0; rules and actions build them from node spans, which start after it. The
 * same array when nothing moves (no BOM, or nothing on line 0).
 */
export function editsAfterBom<T extends { readonly uri?: string; readonly range: Range }>(doc: ConfigDocument, edits: readonly T[]): readonly T[] {
  const onLine0 = (e: T) => e.uri === undefined && (e.range.start.line === 0 || e.range.end.line === 0);
  if (!doc.bom || !edits.some(onLine0)) return edits;
  const at = (p: Position): Position => (p.line === 0 ? { line: 0, character: p.character + 1 } : p);
  return edits.map((e) => (onLine0(e) ? { ...e, range: { start: at(e.range.start), end: at(e.range.end) } } : e));
}

/** Columns of a line as the editor counts them (a BOM is a character of line 0). */
function width(doc: ConfigDocument, line: number): number {
  return doc.lines[line]!.length + (line === 0 && doc.bom ? 1 : 0);
}

/**
 * A position moved inside the text as vscode-languageserver-textdocument's offsetAt does (the server
 * must agree with the editor on every change): lines past the end → the end of the text, negative
 * lines → the start, columns clamped to the line (never inside its terminator).
 */
function clampPosition(doc: ConfigDocument, pos: TextPosition): TextPosition {
  const last = doc.lines.length - 1;
  if (pos.line > last) return { line: last, character: width(doc, last) };
  if (pos.line < 0) return { line: 0, character: 0 };
  return { line: pos.line, character: Math.max(0, Math.min(pos.character, width(doc, pos.line))) };
}

/** The offset of a position in the whole text (BOM included), as the editor library computes it. */
export function offsetAt(doc: ConfigDocument, pos: TextPosition): number {
  const p = clampPosition(doc, pos);
  return lineStart(doc, p.line) + p.character;
}

/** The character right after a (clamped) position: a BOM typed after deleted text becomes a BOM. */
function firstCharAfter(doc: ConfigDocument, p: TextPosition): number {
  const l = doc.lines[p.line]!;
  const col = p.character - (p.line === 0 && doc.bom ? 1 : 0);
  if (col < l.length) return l.text.charCodeAt(col);
  return l.eol !== '' ? l.eol.charCodeAt(0) : p.line + 1 < doc.lines.length ? doc.lines[p.line + 1]!.text.charCodeAt(0) : NaN;
}

/**
 * Replaces the text between two positions with `insert` (an editor's incremental change; `start`
 * after `end` is swapped, as the editor library does). Only the lines the change touches, plus one
 * on each side (a CR and an LF meeting across the edge make one terminator), are parsed; every other
 * Line object and the sections outside are kept. The whole text is never built (a keystroke in a
 * 1 MB file costs what the changed lines cost); `doc.text` joins it on demand.
 * The result equals `parse()` of the edited text (property-tested against the editor library).
 */
export function applyEdit(prev: ConfigDocument, start: TextPosition, end: TextPosition, insert: string, cache?: LineCache): ConfigDocument {
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
  const s = clampPosition(prev, start);
  const e = clampPosition(prev, end);
  const old = prev.lines;
  // Re-parsed: the touched lines and one more on each side.
  const a = Math.max(0, s.line - 1);
  const b = Math.min(old.length - 1, e.line + 1);
  const starts = lineStarts(prev);
  const regionStart = starts[a]!;
  const from = lineStart(prev, s.line) + s.character;
  const to = lineStart(prev, e.line) + e.character;
  if (from === to && insert === '') return prev;
  // An edit at the very start can add or remove a BOM: then take the plain road.
  if (from === 0 && (prev.bom || insert.charCodeAt(0) === BOM || (insert === '' && firstCharAfter(prev, e) === BOM))) {
    return parse(insert + prev.text.slice(to), cache);
  }
  let region = '';
  for (let i = a; i <= b; i++) region += old[i]!.text + old[i]!.eol;
  const edited = region.slice(0, from - regionStart) + insert + region.slice(to - regionStart);
  const middle: Line[] = [];
  const rest = scanLines(edited, 0, edited.length, middle, cache);
  if (b === old.length - 1) middle.push(lastLine(edited, rest, cache));
  else if (rest !== edited.length) {
    const text = prev.text; // cannot happen (line b's terminator is intact); stay safe
    return parse(text.slice(0, from) + insert + text.slice(to), cache);
  }
  const tail = old.length - 1 - b;
  const lines = new Array<Line>(a + middle.length + tail);
  for (let i = 0; i < a; i++) lines[i] = old[i]!;
  for (let i = 0; i < middle.length; i++) lines[a + i] = middle[i]!;
  for (let i = 0; i < tail; i++) lines[a + middle.length + i] = old[b + 1 + i]!;
  return withStarts(structure(prev.bom, lines, undefined, { prev, from: a, oldTo: b + 1, newTo: a + middle.length }), deriveStarts(starts, a, regionStart, middle, b + 1));
}
