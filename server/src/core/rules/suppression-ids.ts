// unknown-rule-id: a suppression comment (`# wgls-disable-next-line reused-privte-key`) naming an id
// wgls has no rule for. It suppresses nothing under that name, so the finding it was written for stays,
// or, worse, the comment outlives a renamed rule unnoticed. Said, with the nearest id as the fix when
// the name is a slip of one or two letters (as eslint reports a rule it cannot find).

import { RULES } from './catalogue.ts';
import { directiveAt } from './suppressions.ts';
import { distance } from '../strings.ts';
import type { Fix } from '../problem.ts';
import type { RuleContext } from './context.ts';

const IDS = Object.keys(RULES);

/** `directives`: the lines holding a `wgls-` comment (the validator collects them anyway). */
export function checkSuppressionIds(ctx: RuleContext, directives: readonly number[]): void {
  for (const line of directives) {
    const d = directiveAt(ctx.doc, line);
    if (!d) continue;
    for (const span of d.spans) {
      if (Object.hasOwn(RULES, span.id)) continue;
      // (Ids are a few dozen characters at most: a longer word is no slip, and is not compared.)
      const ranked = span.id.length > 40 ? [] : IDS.map((id) => ({ id, d: distance(span.id.toLowerCase(), id, 2) })).filter((r) => r.d <= 2).sort((a, b) => a.d - b.d);
      const best = ranked[0]?.id;
      const range = { start: { line, character: span.start }, end: { line, character: span.end } };
      const fixes: Fix[] = best ? [{ title: `Change to ${best}`, preferred: true, edits: [{ range, newText: best }] }] : [];
      ctx.report({
        rule: 'unknown-rule-id',
        range,
        message: `"${span.id}" is no wgls rule, so this comment suppresses nothing under that name${best ? ` (did you mean ${best}?)` : ''}. The rule ids are the codes diagnostics show (docs/rules).`,
        fixes,
      });
    }
  }
}
