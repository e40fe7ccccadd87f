// The per-file target: `# wgls-target android` (also `wgls-target: android`, `wgls-target=android`) in a
// comment before the first [Peer] header. A hub-and-spoke folder holds the hub's config, which wg-quick
// reads, next to the phones', which the apps import; the `wgls.target` setting is per folder, so
// without this a phone's config is judged by wg-quick's rules. The comment overrides the setting (and
// the CLI's --target) for its file; every tool ignores it, being a comment.

import type { ConfigDocument } from '../parser.ts';
import type { Fix, TextEdit } from '../problem.ts';
import { DEFAULT_TARGET, TARGETS, targetNamed, type Target } from '../schema.ts';
import type { WorkspaceFile } from '../workspace.ts';
import type { RuleContext } from './context.ts';
import { distance } from '../strings.ts';
import { lineBreakAfter } from '../edits/change.ts';

/**
 * The word (lowercase, as the wgls-disable comments; not part of a longer word), a separator, then
 * the id (any case) up to a blank, `#` or `,`.
 */
const DIRECTIVE = /(?<![\w-])wgls-target(?![\w-])([ \t]*[:=]?[ \t]*)([^\s#,]*)/;
export const TARGET_WORD = 'wgls-target';
/** The word in any case (only the lower case one counts). */
const OTHER_CASE = /(?<![\w-])wgls-target(?![\w-])/i;

export interface TargetDirective {
  readonly line: number;
  /** Column of the word `wgls-target`. */
  readonly word: number;
  /** The id as written ('' when the comment names none), and its columns. */
  readonly id: string;
  readonly start: number;
  readonly end: number;
  /** The target it names, when `id` is one. */
  readonly target?: Target;
}

/** Asked by validation, completion and hover of each version: found once per document. */
const found = new WeakMap<ConfigDocument, { readonly all: readonly TargetDirective[]; readonly counted?: TargetDirective }>();

/** The `wgls-target` comments before the first [Peer] header, and the one that counts. */
function commentsOf(doc: ConfigDocument): { readonly all: readonly TargetDirective[]; readonly counted?: TargetDirective } {
  let d = found.get(doc);
  if (d === undefined) {
    // The first one naming a target; else the first one (naming none, reported as such). A comment
    // that merely mentions the word (`# see wgls-target docs`) does not silence a real one below it.
    const all = scan(doc, 0, firstPeerLine(doc));
    const counted = all.find((x) => x.target) ?? all[0];
    d = counted ? { all, counted } : { all };
    found.set(doc, d);
  }
  return d;
}

/** The `wgls-target` comment of `doc` that counts, if any. */
export function targetDirective(doc: ConfigDocument): TargetDirective | undefined {
  return commentsOf(doc).counted;
}

/** The target `doc` is checked for: its directive's, else the setting's. */
export function effectiveTarget(doc: ConfigDocument, setting: Target): Target {
  return targetDirective(doc)?.target ?? setting;
}

/** The line of the first [Peer] header (the directive counts above it), or the line count. */
export function firstPeerLine(doc: ConfigDocument): number {
  const firstPeer = doc.sections.find((s) => s.kind === 'peer');
  return firstPeer ? firstPeer.headerLine : doc.lines.length;
}

/** The `wgls-target` comment on line `i`, if any. */
export function directiveOn(doc: ConfigDocument, i: number): TargetDirective | undefined {
  const node = doc.lines[i]!.node;
  if (!node.comment) return undefined;
  const from = node.comment.start + 1;
  const m = DIRECTIVE.exec(node.text.slice(from));
  if (!m) return undefined;
  const id = m[2]!;
  const word = from + m.index;
  const start = word + TARGET_WORD.length + m[1]!.length;
  const target = targetNamed(id);
  return { line: i, word, id, start, end: start + id.length, ...(target ? { target } : {}) };
}

function scan(doc: ConfigDocument, from: number, to: number): TargetDirective[] {
  const out: TargetDirective[] = [];
  for (let i = from; i < to; i++) {
    const node = doc.lines[i]!.node;
    // Cheap first: most comments are peer names.
    if (!node.comment || !node.text.includes(TARGET_WORD, node.comment.start + 1)) continue;
    const d = directiveOn(doc, i);
    if (d) out.push(d);
  }
  return out;
}

/**
 * ignored-target-comment: a `wgls-target` comment that changes nothing, so the file is silently
 * checked for another target than the comment says: one naming no target (fixes: one per id, the
 * nearest preferred when it is a slip), one after the first [Peer] header, a second one.
 * `directives`: the lines holding a `wgls-` comment (the validator collects them anyway), so a big
 * file is not scanned again for the ones past the first [Peer].
 */
export function checkTargetDirectives(ctx: RuleContext, directives: readonly number[]): void {
  const doc = ctx.doc;
  const peerLine = firstPeerLine(doc);
  const { all, counted } = commentsOf(doc);
  const checked = `The file is checked for ${ctx.target}${counted?.target ? `, as line ${counted.line + 1} says` : ', the configured target (wgls.target or --target)'}.`;
  for (const d of all) {
    if (!d.target) unknown(ctx, d, checked);
    else if (d.line !== counted!.line) ignored(ctx, d, `Only the first wgls-target comment counts (line ${counted!.line + 1}): this one changes nothing. ${checked}`);
  }
  // `# WGLS-TARGET android`: the word is lower case (like the wgls-disable comments), so this one counts
  // for nothing; said, rather than checking the file for another target without a word.
  for (const { line: i, word: start } of otherCaseWords(doc, peerLine)) {
    const range = { start: { line: i, character: start }, end: { line: i, character: start + TARGET_WORD.length } };
    ctx.report({
      rule: 'ignored-target-comment',
      range,
      message: `"${ctx.doc.lines[i]!.node.text.slice(start, start + TARGET_WORD.length)}" is not "${TARGET_WORD}": the comment is read in lower case only, so it changes nothing. ${checked}`,
      fixes: [{ title: `Change to ${TARGET_WORD}`, preferred: true, edits: [{ range, newText: TARGET_WORD }] }],
    });
  }
  for (const line of directives) {
    if (line < peerLine) continue;
    const d = directiveOn(doc, line);
    if (d) ignored(ctx, d, `A wgls-target comment counts only before the first [Peer] (line ${peerLine + 1}): this one changes nothing. ${checked}`, moveFix(ctx, d));
  }
}

/**
 * The `wgls-target` words written in another case (`# WGLS-TARGET android`) in comments before line `to`
 * (the first [Peer]): each counts for nothing. Where each is: its line and column.
 */
export function otherCaseWords(doc: ConfigDocument, to = firstPeerLine(doc)): Array<{ line: number; word: number }> {
  const out: Array<{ line: number; word: number }> = [];
  for (let i = 0; i < to; i++) {
    const node = doc.lines[i]!.node;
    if (!node.comment) continue;
    const m = OTHER_CASE.exec(node.text.slice(node.comment.start + 1));
    if (m && m[0] !== TARGET_WORD) out.push({ line: i, word: node.comment.start + 1 + m.index });
  }
  return out;
}

function wordRange(d: TargetDirective) {
  return { start: { line: d.line, character: d.word }, end: { line: d.line, character: d.word + TARGET_WORD.length } };
}

function ignored(ctx: RuleContext, d: TargetDirective, message: string, fixes: Fix[] = []): void {
  ctx.report({ rule: 'ignored-target-comment', range: wordRange(d), message, fixes });
}

/** A comment on a line of its own, after the first [Peer]: moved to the top of the file. */
function moveFix(ctx: RuleContext, d: TargetDirective): Fix[] {
  const node = ctx.doc.lines[d.line]!.node;
  if (node.kind !== 'comment' || !d.target) return [];
  const eol = lineBreakAfter(ctx.doc, d.line);
  const next = d.line + 1 < ctx.doc.lines.length ? { line: d.line + 1, character: 0 } : { line: d.line, character: node.text.length };
  const start = d.line + 1 < ctx.doc.lines.length ? { line: d.line, character: 0 } : { line: d.line - 1, character: ctx.doc.lines[d.line - 1]!.length };
  return [
    {
      title: `Move the comment to the top of the file (checks it for ${TARGETS.find((t) => t.id === d.target)!.label})`,
      edits: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${node.text.trim()}${eol}` },
        { range: { start, end: next }, newText: '' },
      ],
    },
  ];
}

/**
 * The edit that makes `d` name `target`: its id replaced, after a blank, a colon or an equals sign
 * (`wgls-target.` gets a blank). Shared by the fixes here and "Check this file for…" (edits/target.ts).
 */
export function idEdit(doc: ConfigDocument, d: TargetDirective, target: Target): TextEdit {
  const text = doc.lines[d.line]!.node.text;
  const lead = /[\s:=]/.test(text.slice(d.word + TARGET_WORD.length, d.start)) ? '' : ' ';
  return { range: { start: { line: d.line, character: d.start }, end: { line: d.line, character: d.end } }, newText: lead + target };
}

function unknown(ctx: RuleContext, d: TargetDirective, checked: string): void {
  const range = d.id ? { start: { line: d.line, character: d.start }, end: { line: d.line, character: d.end } } : wordRange(d);
  // (Ids are a dozen characters; a longer word is compared by its start: no slip, and no cost.)
  const id = d.id.toLowerCase().slice(0, 32);
  const ranked = TARGETS.map((t) => ({ t, d: distance(id, t.id) })).sort((a, b) => a.d - b.d);
  const slip = d.id !== '' && ranked[0]!.d <= 2;
  const fixes: Fix[] = ranked.map(({ t }, i) => ({
    title: `Check this file for ${t.label} (wgls-target ${t.id})`,
    ...(slip && i === 0 ? { preferred: true } : {}),
    edits: [idEdit(ctx.doc, d, t.id)],
  }));
  ctx.report({
    rule: 'ignored-target-comment',
    range,
    message: `${d.id ? `"${d.id}" is not a target` : 'wgls-target names no target'}${slip ? ` (did you mean ${ranked[0]!.t.id}?)` : ''}: one of ${TARGETS.map((t) => t.id).join(', ')}. ${checked}`,
    fixes,
  });
}

/**
 * The target another config of the workspace is checked for: its own `# wgls-target`, else its folder's
 * setting (ValidateOptions.targetOf: a multi-root workspace's folders may differ; settings review), else
 * this file's.
 */
export function targetOfFile(ctx: RuleContext, other: Pick<WorkspaceFile, 'doc' | 'uri'>): Target {
  return effectiveTarget(other.doc, ctx.options.targetOf?.(other.uri) ?? ctx.options.target ?? DEFAULT_TARGET);
}
