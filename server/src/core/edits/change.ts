// What the key and peer actions produce: text edits (each naming its file) and new
// files to create. One change becomes one WorkspaceEdit in the glue, so the editor
// applies (and undoes) it as a whole. Helpers here touch only the lines they must.

import type { ConfigDocument } from '../parser.ts';
import type { ResolvedEntry } from '../model.ts';
import type { TextEdit } from '../problem.ts';
import { lineRange } from '../span.ts';
import type { Span } from '../span.ts';

export interface NewFile {
  readonly uri: string;
  readonly text: string;
}

export interface WorkspaceChange {
  /** Files to create; never over an existing one. */
  readonly creates: readonly NewFile[];
  /** Edits to existing files; every edit names its file. */
  readonly edits: readonly (TextEdit & { readonly uri: string })[];
}

/** An action that cannot be done, with the reason for the user. */
export class EditError extends Error {}

/**
 * Where a lone CR ending `line` is only trailing blanks to wg (which reads lines up to each LF and
 * strips blanks, CR among them): the empty lines after it, up to the first that ends in LF or CRLF, hold
 * no text. That is CR CR LF (or more CRs), a CRLF file converted to CRLF again, which the parser
 * (splitting at CR too) reads as a line ending in CR and empty lines. The index of that last empty line,
 * or -1 when text comes first (the CR joins two lines for wg).
 */
function crRunEnd(doc: ConfigDocument, line: number): number {
  const j = afterCrRun(doc, line);
  const l = doc.lines[j];
  return l !== undefined && l.length === 0 && l.eol !== '' ? j : -1;
}

/**
 * Whether the lone CR ending `line` joins it to text on a next line for wg and wg-quick, which break at
 * LF only (not a CR run ending the line: crRunEnd): then the blanks before the CR sit inside that line.
 */
export function crJoinsText(doc: ConfigDocument, line: number): boolean {
  return (doc.lines[afterCrRun(doc, line)]?.length ?? 0) > 0;
}

/** The first line after `line` that is not an empty line ending in a lone CR (maybe one past the last). */
function afterCrRun(doc: ConfigDocument, line: number): number {
  let j = line + 1;
  while (j < doc.lines.length && doc.lines[j]!.length === 0 && doc.lines[j]!.eol === '\r') j++;
  return j;
}

/** The line break ending line `line` as wg reads lines: a CR run (crRunEnd) whole. '' for the last line. */
function breakAt(doc: ConfigDocument, line: number): string {
  const eol = doc.lines[line]!.eol;
  if (eol !== '\r') return eol;
  const end = crRunEnd(doc, line);
  return end < 0 ? eol : '\r'.repeat(end - line) + doc.lines[end]!.eol;
}

/**
 * The line break to write in a document: its most common one as wg reads lines (the first of those on
 * a tie), LF for a one-line document. Most, not first: a CRLF file that gained one LF line from a tool
 * is still CRLF; a CR CR LF file gets CR CR LF. Never a lone CR, which joins lines for wg (quick-fix and
 * diff reviews): a file of lone CRs is one line to wg whatever is added, and LF is a line break to
 * every reader, the apps' too.
 */
export function eolOf(doc: ConfigDocument): string {
  // LF, CRLF, a CR run (crRunEnd): three counters.
  const counts = [0, 0, 0];
  const firsts = [Infinity, Infinity, Infinity];
  let run = '';
  const lines = doc.lines;
  for (let i = 0; i < lines.length; i++) {
    const eol = lines[i]!.eol;
    let k: number;
    if (eol === '\n') k = 0;
    else if (eol === '\r\n') k = 1;
    else if (eol === '\r') {
      const end = crRunEnd(doc, i);
      // A CR joining lines: never written. Its run's empty lines are skipped with it: each would scan
      // the same run again (quadratic: 100,000 lone CRs took 29 s, LSP review).
      if (end < 0) {
        i = afterCrRun(doc, i) - 1;
        continue;
      }
      k = 2;
      run ||= breakAt(doc, i);
      i = end; // its empty lines are part of it
    } else continue;
    if (counts[k]++ === 0) firsts[k] = i;
  }
  let best = -1;
  for (let k = 0; k < 3; k++) if (counts[k]! > 0 && (best < 0 || counts[k]! > counts[best]! || (counts[k] === counts[best] && firsts[k]! < firsts[best]!))) best = k;
  return best === 1 ? '\r\n' : best === 2 ? run : '\n';
}

/**
 * The line break to write after line `line` when adding a line there: the line's own (as wg reads it,
 * see breakAt), or the document's when the line has none (the last line) or ends in a lone CR that joins
 * it to the next line for wg: a new line must never be joined to the one before.
 */
export function lineBreakAfter(doc: ConfigDocument, line: number): string {
  const eol = breakAt(doc, line);
  return eol === '' || eol === '\r' ? eolOf(doc) : eol;
}

/**
 * The line break to write after a new line inserted before line `line`: that of the line before it as
 * wg reads lines (the empty lines of a CR run belong to the line that starts it), else the document's.
 */
export function lineBreakBefore(doc: ConfigDocument, line: number): string {
  let k = line - 1;
  if (k < 0) return lineBreakAfter(doc, 0);
  while (k > 0 && doc.lines[k]!.length === 0 && doc.lines[k - 1]!.eol === '\r') k--;
  return lineBreakAfter(doc, k);
}

/**
 * Inserts `text` as a new line after line `line` (keeping that line's own line break style). `uri`
 * names the file for a change across files; a quick fix in the document itself gives none.
 */
export function insertLineAfter(doc: ConfigDocument, uri: string, line: number, text: string): TextEdit & { uri: string };
export function insertLineAfter(doc: ConfigDocument, uri: undefined, line: number, text: string): TextEdit;
export function insertLineAfter(doc: ConfigDocument, uri: string | undefined, line: number, text: string): TextEdit {
  const len = doc.lines[line]!.node.text.length;
  return { ...(uri ? { uri } : {}), range: lineRange(line, { start: len, end: len }), newText: `${lineBreakAfter(doc, line)}${text}` };
}

export function replaceSpan(uri: string, line: number, span: Span, newText: string): TextEdit & { uri: string } {
  return { uri, range: lineRange(line, span), newText };
}

/** Writes `value` as an entry's value: in place of the old one, or after `= ` when the line has none (`Key =`). */
export function setValue(uri: string, entry: ResolvedEntry, value: string): TextEdit & { uri: string } {
  const n = entry.node;
  if (n.value.start === n.value.end) return replaceSpan(uri, entry.line, { start: n.eq + 1, end: n.value.end }, ` ${value}`);
  return replaceSpan(uri, entry.line, n.value, value);
}

/**
 * Appends items to a list value (AllowedIPs, Address, DNS) at the value's end: `, a, b`, or ` a, b` after
 * a dangling comma (`10.0.0.1/32,`), which would otherwise leave an empty item (`,,`) in the middle.
 */
export function appendToList(entry: ResolvedEntry, items: readonly string[]): TextEdit {
  const n = entry.node;
  const dangling = /,[ \t]*$/.test(n.valueText);
  return { range: lineRange(entry.line, { start: n.value.end, end: n.value.end }), newText: `${dangling ? ' ' : ', '}${items.join(', ')}` };
}

/** wg-quick's interface-name rule: the file name without `.conf` becomes the interface name. */
export const INTERFACE_NAME = /^[a-zA-Z0-9_=+.-]{1,15}$/;

/** A name usable as a config file name: letters, digits and `_=+.-` only, at most 15 characters. */
export function toInterfaceName(name: string): string {
  return name
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^a-zA-Z0-9_=+.-]/g, '')
    .replace(/^[.-]+/, '')
    .slice(0, 15);
}

/** URI of `name` in the folder `dir` (a URI without a trailing slash), encoded as VS Code encodes it. */
export function uriIn(dir: string, name: string): string {
  return `${dir}/${encodeURIComponent(name)}`;
}

/** The folder part of a URI. */
export function dirOf(uri: string): string {
  const clean = uri.replace(/[?#].*$/, '');
  return clean.slice(0, clean.lastIndexOf('/'));
}

const HOOK_KEY = /^\s*(pre|post)\s*(up|down)\s*$/i;
const isBlankAt = (text: string, i: number) => text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9;

/**
 * Deletes a whole line of `doc` including its line break (the previous one for the last line). A
 * trailing comment stays, alone on the line: removing a duplicate or useless setting is no reason to
 * lose what the user wrote about it (wg reads a comment-only line as nothing).
 */
export function deleteLineIn(doc: ConfigDocument, line: number): TextEdit {
  return deleteLinesIn(doc, [line])[0]!;
}

/**
 * Deletes these lines of `doc` as deleteLineIn does each, in edits that never overlap: consecutive
 * whole lines go in one edit. Two edits of deleteLineIn met on the line break when the last two lines
 * of a file without a final line break both went (the editor refuses overlapping edits: diff review).
 */
export function deleteLinesIn(doc: ConfigDocument, which: Iterable<number>): TextEdit[] {
  const lines = doc.lines;
  const edits: TextEdit[] = [];
  const whole: number[] = [];
  for (const line of [...new Set(which)].sort((a, b) => a - b)) {
    const kept = keptComment(doc, line);
    if (kept) edits.push(kept);
    else whole.push(line);
  }
  for (let i = 0; i < whole.length; ) {
    const first = whole[i]!;
    let last = first;
    while (i + 1 < whole.length && whole[i + 1] === last + 1) last = whole[++i]!;
    i++;
    if (last + 1 < lines.length) {
      edits.push({ range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' });
      continue;
    }
    const prev = lines[first - 1];
    edits.push({ range: { start: { line: Math.max(0, first - 1), character: prev ? prev.node.text.length : 0 }, end: { line: last, character: lines[last]!.node.text.length } }, newText: '' });
  }
  return edits;
}

/** The edit that empties `line` but for its trailing comment, when it has one to keep (deleteLineIn). */
function keptComment(doc: ConfigDocument, line: number): TextEdit | undefined {
  const node = doc.lines[line]!.node;
  // In a hook command, Windows and newer wg-quick keep a `#` that follows no blank (`echo "#1"`): that
  // is the command's text, not a comment to keep.
  const hook = node.kind === 'entry' && HOOK_KEY.test(node.keyText);
  if (node.kind === 'comment' || node.comment === undefined || (hook && !isBlankAt(node.text, node.comment.start - 1))) return undefined;
  let s = 0;
  while (s < node.comment.start && isBlankAt(node.text, s)) s++;
  return s < node.comment.start ? { range: { start: { line, character: s }, end: { line, character: node.comment.start } }, newText: '' } : undefined;
}
