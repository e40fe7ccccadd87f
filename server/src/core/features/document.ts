// Structural helpers shared by the editor features: where a position falls, which
// lines belong to which section (comments directly above a header belong to it),
// and what a section is called. Positions from a client may be stale or out of
// range, so everything here clamps or returns undefined, never throws.

import { trimBlanksEnd, type ConfigDocument, type EntryLine, type LineNode, type Section } from '../parser.ts';
import { lookupKey, type KeyInfo, type SectionName } from '../schema.ts';
import type { Position, Range } from '../span.ts';
import { splitList, type ListItem } from '../values.ts';
import { KEY_PREFIX_SHOWN, isFileSecret, resemblesSecret } from './secrets.ts';
import { keySpans } from '../redact.ts';
import { directiveAt } from '../rules/suppressions.ts';
import { directiveOn } from '../rules/target-directive.ts';

/** The schema name of a parsed section kind (undefined for `[Foo]`). */
export function schemaSection(section: Section | undefined): SectionName | undefined {
  if (!section) return undefined;
  return section.kind === 'interface' ? 'Interface' : section.kind === 'peer' ? 'Peer' : undefined;
}

/**
 * A section's header as written when it has blanks inside its brackets (`[ Interface ]`): wg reads the
 * section, wg-quick and the apps do not recognise it (section-header-spacing). Undefined otherwise.
 */
export function spacedHeader(section: Section | undefined): string | undefined {
  const h = section?.header;
  if (!h || h.close < 0 || !/\s/.test(h.text.slice(h.open + 1, h.close))) return undefined;
  return h.text.slice(h.open, h.close + 1);
}

/**
 * The position inside the document, or undefined when its line does not exist (a stale request).
 * The character is clamped to the line.
 */
export function clampPosition(doc: ConfigDocument, pos: Position | undefined): Position | undefined {
  if (!pos || !Number.isInteger(pos.line) || pos.line < 0 || pos.line >= doc.lines.length) return undefined;
  const text = doc.lines[pos.line]!.node.text;
  const c = Number.isFinite(pos.character) ? Math.trunc(pos.character) : 0;
  return { line: pos.line, character: Math.max(0, Math.min(c, text.length)) };
}

/** The section whose header or body holds `line` (not counting comments attached to the next header). */
export function sectionAt(doc: ConfigDocument, line: number): Section | undefined {
  const i = sectionIndexAt(doc, line);
  return i < 0 ? undefined : doc.sections[i];
}

/** The index in `doc.sections` of the section holding `line` (a binary search), or -1. */
export function sectionIndexAt(doc: ConfigDocument, line: number): number {
  let lo = 0;
  let hi = doc.sections.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = doc.sections[mid]!;
    if (line < s.headerLine) hi = mid - 1;
    else if (line >= s.endLine) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The entry on a line, if the line is a `key = value` line. */
export function entryAt(doc: ConfigDocument, line: number): EntryLine | undefined {
  const node = doc.lines[line]?.node;
  return node?.kind === 'entry' ? node : undefined;
}

/** The schema entry for an entry line, resolved in its section. */
export function keyInfoOf(entry: EntryLine, section: Section | undefined): KeyInfo | undefined {
  return lookupKey(entry.keyText, schemaSection(section))?.info;
}

export function isBlank(node: LineNode): boolean {
  return node.kind === 'blank';
}

/**
 * First line of the comment block directly above a header (no blank line in between): such comments
 * describe the section below (`# Name = phone` above `[Peer]`), not the one they sit in.
 */
export function attachedCommentStart(doc: ConfigDocument, headerLine: number): number {
  let i = headerLine;
  while (i > 0 && doc.lines[i - 1]!.node.kind === 'comment') i--;
  return i;
}

export interface SectionExtent {
  /** First line: the header, or the first comment directly above it. */
  readonly start: number;
  /** Last line holding something (not blank, not a comment attached to the next header). */
  readonly last: number;
}

/** The lines a section really spans, for outlines, folding and selection. */
export function sectionExtent(doc: ConfigDocument, index: number): SectionExtent {
  const s = doc.sections[index]!;
  const next = doc.sections[index + 1];
  const start = attachedCommentStart(doc, s.headerLine);
  let end = next ? attachedCommentStart(doc, next.headerLine) : s.endLine;
  // The attached block of the next header may reach back to this header only if the section is empty.
  end = Math.max(end, s.headerLine + 1);
  let last = end - 1;
  while (last > s.headerLine && isBlank(doc.lines[last]!.node)) last--;
  return { start, last };
}

/** A whole-lines range from `start` to the end of `last`. */
export function linesRange(doc: ConfigDocument, start: number, last: number): Range {
  return { start: { line: start, character: 0 }, end: { line: last, character: doc.lines[last]!.node.text.length } };
}

export function documentRange(doc: ConfigDocument): Range {
  const last = doc.lines.length - 1;
  return { start: { line: 0, character: 0 }, end: { line: last, character: doc.lines[last]!.node.text.length } };
}

/** Text of a comment without `#` and surrounding blanks. */
export function commentText(node: LineNode): string {
  if (!node.comment) return '';
  const text = node.text.slice(node.comment.start, node.comment.end);
  // A heading's marks (`### laptop`, `#### Peers ####`, `# ## bob`) are not part of the name (formatting
  // review: the outline showed `## laptop`): runs of `#` at the start, each ending at a blank or the end.
  // Closing marks go only where the opening ones were doubled: `# C#` keeps its `#`.
  const marks = /^#+(?:[ \t]+#+(?=[ \t]|$))*/.exec(text)![0];
  const inner = text.slice(marks.length).trim();
  return marks.replace(/[ \t]/g, '').length > 1 ? inner.replace(/(?:^|[ \t]+)#+$/, '').trim() : inner;
}

/** `# Name = laptop` (also `Name: laptop`), the convention wg-quick users and several tools follow. */
const NAME_COMMENT = /^name\s*[=:]\s*(.+)$/i;

/**
 * A plain comment that reads like a name (`# laptop`, `# Alice's phone`) rather than a sentence:
 * short, few words, no sentence punctuation, no `=`.
 */
function nameLike(text: string): boolean {
  return (
    text.length > 0 &&
    text.length <= 40 &&
    text.split(/\s+/).length <= 4 &&
    !/[=.:;!?,]$/.test(text) &&
    !text.includes('=') &&
    !DIRECTIVE_COMMENT.test(text) &&
    !TOOL_NOTE.test(text)
  );
}

/**
 * What tools write above what they generate (`# Generated by wg-easy`, `# Do not edit`), a date
 * (`# added 2024-05-01`), a note to self (`# TODO rotate key`) and a file's heading (`# WireGuard
 * configuration`, `# Interface settings`): notes, not names, which the outline, the hovers and the
 * stanzas Add Peer writes into other configs would show (editor review). (At the start only: `# Bob
 * (managed by IT)` is a name.)
 */
const TOOL_NOTE =
  /^(?:auto-?)?generated\b|^do(?: not|n't) edit\b|^(?:managed|created|written|edited|added|updated) (?:by|on|at)\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|^(?:todo|fixme|xxx|hack)\b|^(?:note|nb|bug|warning|important)\s*[:!-]|^note to\b|\b(?:config(?:uration)?|settings)$/i;

/** wgls's own comments (`# wgls-target android`, `# wgls-disable …`): settings, not names. */
const DIRECTIVE_COMMENT = /^wgls-/i;

/**
 * Whether a name holds what looks like a piece of a key: a run of 16 key characters or more with upper
 * and lower case letters and a digit, `+` or `/` in it (`# GPw7ZlRFegeGicvrcJC3EEOIsocxVl`, 30 characters of
 * a PrivateKey, named a peer: formatting review). A random piece of 16 has all three 93% of the time; a
 * name rarely does (`MyMacBookProLaptop` has no digit, `iPhone15ProMax` is 14 long). It depends on the name
 * alone, not on the file's keys: a peer's name is kept across edits of other sections (session review: a
 * check against the PrivateKey went stale when the key was pasted in).
 */
export function looksLikeKeyPiece(name: string): boolean {
  for (const run of name.match(/[A-Za-z0-9+/]{16,}/g) ?? []) {
    if (/[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9+/]/.test(run)) return true;
  }
  return false;
}

/**
 * The name a user gave a section in a comment: `# Name = x` directly above or inside it wins; otherwise
 * a name-like comment line directly above the header or directly below it. A key-shaped name
 * (`# Name = <a private key>`) is no name: names are shown everywhere (hover, inlay hints, code lenses,
 * symbols) and written into other configs by Add peer and Create counterpart.
 */
export function sectionCommentName(doc: ConfigDocument, index: number): string | undefined {
  const name = commentName(doc, index);
  return name !== undefined && (keySpans(name).length > 0 || looksLikeKeyPiece(name)) ? undefined : name;
}

function commentName(doc: ConfigDocument, index: number): string | undefined {
  const s = doc.sections[index]!;
  const above = attachedCommentStart(doc, s.headerLine);
  const next = doc.sections[index + 1];
  const bodyEnd = next ? Math.max(attachedCommentStart(doc, next.headerLine), s.headerLine + 1) : s.endLine;
  // The block above the header, then the header and the body: a `# Name = x` anywhere there wins.
  for (let i = above; i < bodyEnd; i++) {
    const node = doc.lines[i]!.node;
    if (node.kind !== 'comment' && node.kind !== 'section') continue;
    const name = nameComment(node);
    if (name !== undefined) return name;
  }
  // The comment line right above the header (a heading may stand above it: `# Peers`, then `# bob`).
  // Suppression comments in between are neither the name nor in its way: the Ignore fix writes one
  // right above the header (settings review: `# bob` stopped naming its peer).
  // (A `# wgls-target` line likewise.)
  const directive = (i: number) => directiveAt(doc, i) !== undefined || directiveOn(doc, i) !== undefined;
  let k = s.headerLine - 1;
  while (k > above && directive(k)) k--;
  if (above < s.headerLine && !directive(k)) {
    const t = commentText(doc.lines[k]!.node);
    if (nameLike(t)) return t;
  }
  if (s.header.comment) {
    const t = commentText(s.header);
    if (nameLike(t)) return t;
  }
  const below = doc.lines[s.headerLine + 1]?.node;
  if (below?.kind === 'comment' && s.headerLine + 1 < bodyEnd) {
    const t = commentText(below);
    if (nameLike(t)) return t;
  }
  return undefined;
}

/** The x of a `# Name = x` comment. Called for every comment line of a hub, so most are turned down by one character. */
function nameComment(node: LineNode): string | undefined {
  const c = node.comment;
  if (!c) return undefined;
  let i = c.start + 1;
  // Past heading marks and blanks (`## Name = x`, `# ## Name = x`).
  while (i < c.end) {
    const ch = node.text.charCodeAt(i);
    if (ch !== HASH && ch !== 32 && ch !== 9) break;
    i++;
  }
  const first = node.text.charCodeAt(i);
  // A printable ASCII character other than n/N cannot start `name` once trimmed; anything else
  // (other blanks, non-ASCII) takes the exact path.
  if (first > 32 && first < 127 && (first | 32) !== 110) return undefined;
  if ((first | 32) === 110) {
    // Matched in place from the `n` (no trimmed copy of the comment first): every peer of a generated
    // hub has a `# Name = x`. A match means the exact path matches with the same name, except when
    // all after the separator is blank (the exact path trims that away and finds no name).
    NAME_AT.lastIndex = i;
    const m = NAME_AT.exec(node.text);
    if (m) {
      const name = m[1]!.trim();
      return name === '' ? undefined : name;
    }
  }
  const m = NAME_COMMENT.exec(commentText(node));
  return m ? m[1]!.trim() : undefined;
}

const HASH = 0x23;

/** NAME_COMMENT from a given position to the end of the line (sticky). */
const NAME_AT = /name\s*[=:]\s*(.+)$/iy;

/** The last value of a key in a section (last one wins for scalars), with its line. */
export function lastValue(section: Section, key: string): { line: number; entry: EntryLine } | undefined {
  let found: { line: number; entry: EntryLine } | undefined;
  for (const e of section.entries) {
    if (lookupKey(e.node.keyText, schemaSection(section))?.info.name === key) found = { line: e.line, entry: e.node };
  }
  return found;
}

/**
 * The interface's value of a key as wg and wg-quick read it: the last one in any [Interface] section
 * (they merge repeated sections; duplicate-interface reports them). inlay-hints reads PrivateKey so too.
 */
export function interfaceValue(doc: ConfigDocument, key: string): { line: number; entry: EntryLine } | undefined {
  let found: { line: number; entry: EntryLine } | undefined;
  for (const s of doc.sections) if (s.kind === 'interface') found = lastValue(s, key) ?? found;
  return found;
}

/** Every entry of a key in a section, in order (repeatable keys accumulate). */
export function allValues(section: Section, key: string): Array<{ line: number; entry: EntryLine }> {
  return section.entries
    .filter((e) => lookupKey(e.node.keyText, schemaSection(section))?.info.name === key)
    .map((e) => ({ line: e.line, entry: e.node }));
}

/** `3xK9ab…`: enough of a public key to recognise it, as the Windows and Android apps show them. */
export function shortKey(key: string, length = 8): string {
  return key.length > length ? `${key.slice(0, length)}…` : key;
}

/** What to call a section in outlines and hints: its comment name, or `Peer 3xK9…`, or `Interface`. */
/** `others`: other configs' private keys, which a PublicKey here may hold (no prefix of one is shown). */
export function sectionDisplayName(doc: ConfigDocument, index: number, others?: ReadonlySet<string>): string {
  const s = doc.sections[index]!;
  const named = sectionCommentName(doc, index);
  if (named) return named;
  if (s.kind === 'interface') return 'Interface';
  if (s.kind === 'peer') {
    const pk = lastValue(s, 'PublicKey')?.entry.valueText;
    // Not a word of a secret pasted as a public key (key-reuse).
    if (pk && (isFileSecret(doc, pk, others) || resemblesSecret(doc, pk, others))) return 'Peer (key hidden)';
    return pk ? `Peer ${shortKey(pk, KEY_PREFIX_SHOWN)}` : 'Peer';
  }
  return `[${s.header.nameText}]`;
}

/** A comma list's items with surrounding blanks trimmed (columns in the line); empty items kept. */
export function listItems(entry: EntryLine, spaces = false): ListItem[] {
  return splitList(entry.valueText, entry.value.start, spaces).map((i) => {
    // ASCII blanks only: `1.1.1.1\u00a0` is another item than `1.1.1.1` to wg (see trimBlanksEnd).
    const text = trimBlanksEnd(i.text);
    return { text, start: i.start, end: i.start + text.length };
  });
}
