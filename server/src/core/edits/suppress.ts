// "Ignore this problem" actions, in the style of eslint's: a `# wgls-disable-next-line <id>`
// comment above the reported line, or `# wgls-disable <id>` for the whole file. An existing
// directive of the same kind takes the id instead of a second comment, so the edit touches one line.

import { editsAfterBom, leadingBlanks, type ConfigDocument } from '../parser.ts';
import type { Fix, Problem, TextEdit } from '../problem.ts';
import { directiveAt } from '../rules/suppressions.ts';
import { lineRange } from '../span.ts';
import { lineBreakBefore } from './change.ts';

/**
 * The two ways to silence `problem` in `doc`. No next-line one where a comment above cannot reach:
 * a blank or comment line (a next-line comment skips those), or a problem about the file rather than
 * a line (an empty range at 0:0, such as the BOM: a comment above line 0 would not move it).
 */
export function suppressionFixes(doc: ConfigDocument, problem: Problem): Fix[] {
  // No comment suppresses a report about comments (unused-suppression is judged after them): the one an
  // Ignore action wrote was itself reported unused, next to the report it was for (suppression review).
  if (problem.rule === 'unused-suppression') return [];
  const fixes: Fix[] = [];
  const { start, end } = problem.range;
  const line = start.line;
  const rule = problem.rule;
  const target = doc.lines[line];
  const aboutFile = line === 0 && start.character === 0 && end.line === 0 && end.character === 0;
  if (target && !aboutFile && target.node.kind !== 'blank' && target.node.kind !== 'comment') {
    fixes.push({ title: `Ignore ${rule} on this line`, edits: [nextLineEdit(doc, line, rule)] });
  }
  fixes.push({ title: `Ignore ${rule} in this file`, edits: [fileEdit(doc, rule)] });
  return fixes;
}

function nextLineEdit(doc: ConfigDocument, line: number, rule: string): TextEdit {
  // The comment lines right above (the ones the directive may already be among).
  for (let i = line - 1; i >= 0 && doc.lines[i]!.node.kind === 'comment'; i--) {
    const d = directiveAt(doc, i);
    if (d?.kind === 'disable-next-line' && d.ids !== 'all') return append(doc, i, d.end, rule);
  }
  const text = doc.lines[line]!.node.text;
  // ASCII blanks only: an NBSP in front of a comment would make the line invalid to wg.
  const indent = leadingBlanks(text);
  return insertBefore(doc, line, `${indent}# wgls-disable-next-line ${rule}`);
}

function fileEdit(doc: ConfigDocument, rule: string): TextEdit {
  const d = fileDirective(doc);
  return d ? append(doc, d.line, d.end, rule) : insertBefore(doc, 0, `# wgls-disable ${rule}`);
}

/**
 * The first `# wgls-disable <ids>` of `doc`, once per document version: a code action request over a
 * selection asks for every problem in it, and each would otherwise scan the whole file.
 */
const fileDirectives = new WeakMap<ConfigDocument, { line: number; end: number } | null>();
function fileDirective(doc: ConfigDocument): { line: number; end: number } | undefined {
  let found = fileDirectives.get(doc);
  if (found === undefined) {
    found = null;
    for (let i = 0; i < doc.lines.length && !found; i++) {
      if (doc.lines[i]!.node.kind !== 'comment') continue;
      const d = directiveAt(doc, i);
      if (d?.kind === 'disable' && d.ids !== 'all') found = { line: i, end: d.end };
    }
    fileDirectives.set(doc, found);
  }
  return found ?? undefined;
}

/** A one-line edit of `doc`, in the columns edits count (after a BOM). */
const edit = (doc: ConfigDocument, line: number, at: number, newText: string): TextEdit => editsAfterBom(doc, [{ range: lineRange(line, { start: at, end: at }), newText }])[0]!;

/** Adds `rule` to the id list ending at column `at` (after a trailing comma, without another). */
const append = (doc: ConfigDocument, line: number, at: number, rule: string) =>
  edit(doc, line, at, doc.lines[line]!.node.text.slice(0, at).trimEnd().endsWith(',') ? ` ${rule}` : `, ${rule}`);

/** `text` as a new line before `line`, with the document's line break. */
function insertBefore(doc: ConfigDocument, line: number, text: string): TextEdit {
  const eol = lineBreakBefore(doc, line);
  return edit(doc, line, 0, `${text}${eol}`);
}
