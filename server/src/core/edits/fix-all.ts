// "Fix all auto-fixable problems" (and VS Code's `source.fixAll` on save): the preferred fix of every
// problem whose rule is marked `fixAll` in the catalogue (mechanical fixes: a spelling, a form of the
// same value every tool reads alike), in one edit of this file. Fixes marked `ask` (a guess in that
// case), fixes that edit another file or would overlap a fix already taken are left to the user. No
// fix that deletes a line is here: a line can hold a comment, a suppression or a secret. Like eslint
// --fix, one pass: what the next validation still reports is fixed by running it again.

import type { Problem, TextEdit } from '../problem.ts';
import { isFixAllRule } from '../rules/catalogue.ts';
import { comparePositions, type Range } from '../span.ts';

export function isAutoFixable(problem: Problem): boolean {
  return mechanicalFix(problem) !== undefined;
}

/** The edits of the problem's preferred fix when Fix all may apply it: a marked rule, no `ask`, this file only. */
function mechanicalFix(problem: Problem): readonly TextEdit[] | undefined {
  if (!isFixAllRule(problem.rule)) return undefined;
  const fix = problem.fixes?.find((f) => f.preferred);
  if (!fix || fix.ask || fix.edits.length === 0 || fix.edits.some((e) => e.uri !== undefined)) return undefined;
  return fix.edits;
}

/** Two edits that may not go into one WorkspaceEdit: overlapping ranges, or two at one position. */
function conflict(a: Range, b: Range): boolean {
  if (comparePositions(a.start, b.start) === 0) return true;
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

/**
 * The edits of every auto-fixable problem among `problems` (a file's final list: suppressed and
 * disabled rules are already out), in document order, none overlapping another; `fixed`: how many
 * problems they fix.
 */
export function fixAllEdits(problems: readonly Problem[]): { edits: TextEdit[]; fixed: number } {
  const taken: TextEdit[] = [];
  let fixed = 0;
  // Taken edits by each line they touch, so a conflict check looks at neighbours only.
  const byLine = new Map<number, TextEdit[]>();
  for (const p of problems) {
    const edits = mechanicalFix(p);
    if (!edits) continue;
    const clashes = edits.some((e) => {
      for (let l = e.range.start.line; l <= e.range.end.line; l++) {
        if (byLine.get(l)?.some((t) => conflict(t.range, e.range))) return true;
      }
      return false;
    });
    if (clashes) continue;
    fixed++;
    for (const e of edits) {
      taken.push(e);
      for (let l = e.range.start.line; l <= e.range.end.line; l++) {
        const list = byLine.get(l);
        if (list) list.push(e);
        else byLine.set(l, [e]);
      }
    }
  }
  return { edits: taken.sort((a, b) => comparePositions(a.range.start, b.range.start)), fixed };
}
