// unknown-rule-id: a suppression comment (`# wgls-disable-next-line reused-privte-key`) naming an id
// wgls has no rule for. It suppresses nothing under that name, so the finding it was written for stays,
// or, worse, the comment outlives a renamed rule unnoticed. Said, with the nearest id as the fix when
// the name is a slip of one or two letters (as eslint reports a rule it cannot find).

import { RULES } from './catalogue.ts';
import { directiveAt, type IdSpan, type Unused } from './suppressions.ts';
import { distance } from '../strings.ts';
import type { Fix, Problem, TextEdit } from '../problem.ts';
import { MAX_PER_LINE, severityOverride, type RuleContext, type ValidateOptions } from './context.ts';
import type { ConfigDocument } from '../parser.ts';
import type { Severity } from './catalogue.ts';
import { deleteLineIn } from '../edits/change.ts';

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

/**
 * unused-suppression: a suppression comment, or one id of it, that suppressed nothing in this validation
 * (the problem was fixed since, moved, or is reported on another line), as eslint's
 * reportUnusedDisableDirectives says it. A hint, shown faded: it is a leftover, and a rule may fire only
 * for another target than this file's. Not for an id wgls does not know (unknown-rule-id says that) nor
 * for a rule turned off in the settings (it never reports, so nothing is there to suppress).
 */
export function unusedSuppressions(doc: ConfigDocument, unused: readonly Unused[], options: ValidateOptions): Problem[] {
  if (!unused.length) return [];
  const given = severityOverride(options, 'unused-suppression');
  if (given === 'off') return [];
  const severity: Severity = given ?? RULES['unused-suppression'].severity;
  const out: Problem[] = [];
  for (const u of unused) {
    // (Not this rule's own id: no comment suppresses it, as its page says.)
    const known = u.ids.filter((s) => Object.hasOwn(RULES, s.id) && s.id !== 'unused-suppression' && severityOverride(options, s.id) !== 'off');
    if (u.ids.length && !known.length) continue;
    // (A next-line comment on the file's last lines aims past its end: suppression review.)
    const where = u.kind === 'disable' ? 'in this file' : u.target >= doc.lines.length ? 'after this comment (nothing follows it)' : `on line ${u.target + 1}`;
    // Every id of the directive unused (or it has none): the comment goes whole; else the id alone.
    if (!u.all.length || u.ids.length === u.all.length) {
      const ids = known.map((s) => s.id).join(', ');
      out.push({
        rule: 'unused-suppression',
        severity,
        unnecessary: true,
        range: { start: { line: u.line, character: u.start }, end: { line: u.line, character: u.end } },
        message: u.all.length
          ? `No ${ids} problem ${where}: this suppression comment suppresses nothing (fixed since, or reported on another line).`
          : `Nothing to suppress ${where}: this suppression comment suppresses nothing.`,
        fixes: [{ title: 'Remove this suppression comment', edits: [commentRemoval(doc, u.line, u.end)] }],
      });
      continue;
    }
    // At most MAX_PER_LINE of one comment, then one for the rest, as for every rule (16,000 ids made
    // 16,000 reports: suppression review).
    if (known.length > MAX_PER_LINE) {
      const rest = known.slice(MAX_PER_LINE);
      out.push({
        rule: 'unused-suppression',
        severity,
        unnecessary: true,
        range: { start: { line: u.line, character: rest[0]!.start }, end: { line: u.line, character: rest[rest.length - 1]!.end } },
        message: `${rest.length.toLocaleString('en-US')} more ids of this comment suppress nothing ${where}.`,
      });
    }
    for (const span of known.slice(0, MAX_PER_LINE)) {
      out.push({
        rule: 'unused-suppression',
        severity,
        unnecessary: true,
        range: { start: { line: u.line, character: span.start }, end: { line: u.line, character: span.end } },
        message: `No ${span.id} problem ${where}: ${span.id} suppresses nothing in this comment (fixed since, or reported on another line).`,
        fixes: [{ title: `Remove ${span.id} from this comment`, edits: [idRemoval(u.line, u.all, span)] }],
      });
    }
  }
  return out;
}

/** The edit that takes one id out of a directive's list, with the separator next to it. */
function idRemoval(line: number, all: readonly IdSpan[], span: IdSpan): TextEdit {
  const i = all.indexOf(span);
  const [start, end] = i < all.length - 1 ? [span.start, all[i + 1]!.start] : [all[i - 1]!.end, span.end];
  return { range: { start: { line, character: start }, end: { line, character: end } }, newText: '' };
}

/**
 * The edit that takes a directive's comment out: its whole line when the line is that comment, else the
 * comment and the blanks before it. A note in a comment after it (`# wgls-disable-line x # why`) stays:
 * the directive goes up to it (suppression review: the note went too). `end`: where its ids end.
 */
function commentRemoval(doc: ConfigDocument, line: number, end: number): TextEdit {
  const node = doc.lines[line]!.node;
  const note = node.text.indexOf('#', end);
  if (note >= 0) return { range: { start: { line, character: node.comment!.start }, end: { line, character: note } }, newText: '' };
  if (node.kind === 'comment') return deleteLineIn(doc, line);
  let from = node.comment!.start;
  while (from > 0 && (node.text[from - 1] === ' ' || node.text[from - 1] === '\t')) from--;
  return { range: { start: { line, character: from }, end: { line, character: node.text.length } }, newText: '' };
}
