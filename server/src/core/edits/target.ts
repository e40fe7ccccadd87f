// "Check this file for…": the edit that writes, changes or removes a file's `# wgls-target` comment
// (rules/target-directive.ts). Only the comments' lines are touched: the id replaced in place, a new
// comment line above everything else, or each such comment removed (its whole line when the line
// says nothing else).

import { editsAfterBom, type ConfigDocument } from '../parser.ts';
import type { TextEdit } from '../problem.ts';
import { eolOf } from './change.ts';
import { targetNamed, type Target } from '../schema.ts';
import { directiveOn, firstPeerLine, idEdit, otherCaseWords, targetDirective, TARGET_WORD, type TargetDirective } from '../rules/target-directive.ts';

/**
 * The edits that make `doc` checked for `target`, or for the setting's target when undefined, in the
 * editor's columns (after a BOM, line 0's count it: see editsAfterBom), for a command to apply.
 */
export function targetEdits(doc: ConfigDocument, target: Target | undefined): readonly TextEdit[] {
  return editsAfterBom(doc, targetFixEdits(doc, target));
}

/**
 * The same edits in the engine's columns, for a problem's fix: the validator moves fix edits past a
 * BOM itself (moved twice, the comment would land inside `[Interface]`).
 */
export function targetFixEdits(doc: ConfigDocument, target: Target | undefined): TextEdit[] {
  const d = targetDirective(doc);
  let edits: TextEdit[];
  if (target && d) {
    if (d.target === target) return [];
    edits = [idEdit(doc, d, target)];
  } else if (target && otherCase(doc)) {
    // `# WGLS-TARGET apple`, which counts for nothing (ignored-target-comment): rewritten as the directive,
    // rather than a second comment above it that left the first, and its warning, behind (UI review).
    const o = otherCase(doc)!;
    edits = [{ range: { start: { line: o.line, character: o.word }, end: { line: o.line, character: o.end } }, newText: `wgls-target ${target}` }];
  } else if (target) {
    // The file's own line break (its most common), not line 0's: a CRLF file whose first line a tool
    // wrote with LF stays CRLF.
    const eol = eolOf(doc);
    edits = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# wgls-target ${target}${eol}` }];
  } else {
    // Back to the setting: every comment that counts or could (a second one would count once the first went).
    edits = [];
    const to = firstPeerLine(doc);
    for (let i = 0; i < to; i++) {
      const found = directiveOn(doc, i);
      if (found) edits.push(removal(doc, found));
    }
    if (!edits.length) return [];
  }
  return edits;
}

/**
 * The first `wgls-target` comment written in another case before the first [Peer] (`# WGLS-TARGET apple`):
 * where its word starts and its id (if any) ends.
 */
function otherCase(doc: ConfigDocument): { line: number; word: number; end: number } | undefined {
  const found = otherCaseWords(doc)[0];
  if (!found) return undefined;
  const { line, word } = found;
  // The word after it is replaced only when it names a target (`apple`): `# WGLS-TARGET for my laptop`
  // keeps "for" (diff review).
  const m = /^[ \t]*[:=]?[ \t]*([A-Za-z0-9_-]+)/.exec(doc.lines[line]!.node.text.slice(word + TARGET_WORD.length));
  return { line, word, end: word + TARGET_WORD.length + (m && targetNamed(m[1]!) ? m[0].length : 0) };
}

/** What may separate the directive from the rest of its comment: blanks and punctuation. */
const SEPARATORS = String.raw` \t,;:.\u2013\u2014-`;
const SEPARATOR = new RegExp(`[${SEPARATORS}]`);
/** Anything else (or a `#`): a comment holding some says more than the directive. */
const WORD = new RegExp(`[^#${SEPARATORS}]`);

/** The edit that takes the directive out of its line, and the line out of the file if nothing else is on it. */
function removal(doc: ConfigDocument, d: TargetDirective): TextEdit {
  const line = doc.lines[d.line]!;
  const node = line.node;
  const hash = node.comment!.start;
  const text = node.text;
  const wordsBefore = WORD.test(text.slice(hash + 1, d.word));
  const wordsAfter = WORD.test(text.slice(d.end));
  if (wordsBefore && !wordsAfter) {
    // The directive ends the comment: it goes with the blanks, separators and a `#` before it (`# my vpn, wgls-target wg`).
    let from = d.word;
    while (from > hash + 1 && (SEPARATOR.test(text[from - 1]!) || text[from - 1] === '#')) from--;
    return { range: { start: { line: d.line, character: from }, end: { line: d.line, character: text.length } }, newText: '' };
  }
  if (wordsBefore || wordsAfter) {
    // Other words of the comment stay; the directive and the blanks after it go, and when it opened the
    // comment the separators after it too, one more `#` among them (`# wgls-target wg # phone` → `# phone`).
    let to = d.end;
    if (wordsBefore) while (to < text.length && (text[to] === ' ' || text[to] === '\t')) to++;
    else {
      while (to < text.length && SEPARATOR.test(text[to]!)) to++;
      if (text[to] === '#') for (to++; to < text.length && (text[to] === ' ' || text[to] === '\t'); ) to++;
    }
    return { range: { start: { line: d.line, character: d.word }, end: { line: d.line, character: to } }, newText: '' };
  }
  if (node.kind !== 'comment') {
    // A trailing comment of an entry or header: the comment and the blanks before it go, the rest stays.
    let from = hash;
    while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
    return { range: { start: { line: d.line, character: from }, end: { line: d.line, character: text.length } }, newText: '' };
  }
  // A line of its own: the line with its terminator (the last line is emptied instead, so no two
  // removals ever meet across a line break).
  const end = line.eol ? { line: d.line + 1, character: 0 } : { line: d.line, character: text.length };
  return { range: { start: { line: d.line, character: 0 }, end }, newText: '' };
}
