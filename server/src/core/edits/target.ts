// "Check this file for…": the edit that writes, changes or removes a file's `# wgls-target` comment
// (rules/target-directive.ts). Only the comment's line is touched: the id replaced in place, a new
// comment line above everything else, or the comment's line removed when it says nothing else.

import { editsAfterBom, type ConfigDocument } from '../parser.ts';
import type { TextEdit } from '../problem.ts';
import type { Target } from '../schema.ts';
import { targetDirective } from '../rules/target-directive.ts';

/** The edits that make `doc` checked for `target`, or for the setting's target when undefined. */
export function targetEdits(doc: ConfigDocument, target: Target | undefined): readonly TextEdit[] {
  const d = targetDirective(doc);
  const lines = doc.lines;
  let edits: TextEdit[];
  if (d && target) {
    if (d.target === target) return [];
    const text = lines[d.line]!.node.text;
    // `wgls-target.` has no separator before its id: write one.
    const lead = /[\s:=]/.test(text.slice(d.word + 'wgls-target'.length, d.start)) ? '' : ' ';
    edits = [{ range: { start: { line: d.line, character: d.start }, end: { line: d.line, character: d.end } }, newText: lead + target }];
  } else if (d) {
    const node = lines[d.line]!.node;
    const alone = node.kind === 'comment' && node.text.slice(node.comment!.start + 1, d.word).trim() === '' && node.text.slice(d.end).trim() === '';
    if (alone) {
      // The whole line, with its terminator (or the one before it, on the last line).
      const last = d.line === lines.length - 1;
      const start = last && d.line > 0 ? { line: d.line - 1, character: lines[d.line - 1]!.length } : { line: d.line, character: 0 };
      const end = last ? { line: d.line, character: lines[d.line]!.length } : { line: d.line + 1, character: 0 };
      edits = [{ range: { start, end }, newText: '' }];
    } else {
      // Other words in the comment stay; the directive and the blanks after it go.
      let to = d.end;
      while (to < node.text.length && (node.text[to] === ' ' || node.text[to] === '\t')) to++;
      edits = [{ range: { start: { line: d.line, character: d.word }, end: { line: d.line, character: to } }, newText: '' }];
    }
  } else if (target) {
    const eol = lines[0]!.eol || '\n';
    edits = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# wgls-target ${target}${eol}` }];
  } else {
    return [];
  }
  return editsAfterBom(doc, edits) as TextEdit[];
}
