// The per-file target: `# wgls-target android` (or `wgls-target: android`) in a comment before the
// first [Peer] header. A hub-and-spoke folder holds the hub's config, which wg-quick reads, next to
// the phones', which the apps import; the `wgls.target` setting is per folder, so without this a
// phone's config is judged by wg-quick's rules. The comment overrides the setting (and the CLI's
// --target) for its file; every tool ignores it, being a comment.

import type { ConfigDocument } from '../parser.ts';
import type { Fix } from '../problem.ts';
import { TARGETS, type Target } from '../schema.ts';
import type { RuleContext } from './context.ts';
import { distance } from './keys.ts';

const DIRECTIVE = /wgls-target\b[ \t]*:?[ \t]*([^\s#,]*)/;

export interface TargetDirective {
  readonly line: number;
  /** The id as written ('' when the comment names none), and its columns. */
  readonly id: string;
  readonly start: number;
  readonly end: number;
  /** The target it names, when `id` is one. */
  readonly target?: Target;
}

/** Asked by validation, completion and hover of each version: found once per document. */
const found = new WeakMap<ConfigDocument, TargetDirective | null>();

/** The first `wgls-target` comment of `doc` before its first [Peer] header, if any. */
export function targetDirective(doc: ConfigDocument): TargetDirective | undefined {
  let d = found.get(doc);
  if (d === undefined) {
    d = scan(doc) ?? null;
    found.set(doc, d);
  }
  return d ?? undefined;
}

/** The target `doc` is checked for: its directive's, else the setting's. */
export function effectiveTarget(doc: ConfigDocument, setting: Target): Target {
  return targetDirective(doc)?.target ?? setting;
}

function scan(doc: ConfigDocument): TargetDirective | undefined {
  const firstPeer = doc.sections.find((s) => s.kind === 'peer');
  const end = firstPeer ? firstPeer.headerLine : doc.lines.length;
  for (let i = 0; i < end; i++) {
    const node = doc.lines[i]!.node;
    if (!node.comment || !node.text.includes('wgls-target', node.comment.start + 1)) continue;
    const from = node.comment.start + 1;
    const m = DIRECTIVE.exec(node.text.slice(from));
    if (!m) continue;
    const id = m[1]!;
    const start = from + m.index + m[0].length - id.length;
    const target = TARGETS.find((t) => t.id === id.toLowerCase())?.id;
    return { line: i, id, start, end: start + id.length, ...(target ? { target } : {}) };
  }
  return undefined;
}

/**
 * unknown-target: a `wgls-target` comment naming no target (the file is then checked for the
 * setting's). One fix per target, the nearest spelling first (preferred when it is a slip).
 */
export function checkTargetDirective(ctx: RuleContext, setting: Target): void {
  const d = targetDirective(ctx.doc);
  if (!d || d.target) return;
  const text = ctx.doc.lines[d.line]!.node.text;
  const word = text.lastIndexOf('wgls-target', d.start);
  const range = d.id ? { start: { line: d.line, character: d.start }, end: { line: d.line, character: d.end } } : { start: { line: d.line, character: word }, end: { line: d.line, character: word + 'wgls-target'.length } };
  // With no id, the fixes write one after the directive (and a space unless a blank or colon ends it).
  const at = { line: d.line, character: d.start };
  const lead = d.id || /[\s:]$/.test(text.slice(0, d.start)) ? '' : ' ';
  const ranked = TARGETS.map((t) => ({ t, d: distance(d.id.toLowerCase(), t.id) })).sort((a, b) => a.d - b.d);
  const slip = d.id !== '' && ranked[0]!.d <= 2;
  const fixes: Fix[] = ranked.map(({ t }, i) => ({
    title: `Check this file for ${t.label} (wgls-target ${t.id})`,
    ...(slip && i === 0 ? { preferred: true } : {}),
    edits: [{ range: d.id ? range : { start: at, end: at }, newText: lead + t.id }],
  }));
  ctx.report({
    rule: 'unknown-target',
    range,
    message: `${d.id ? `"${d.id}" is not a target` : 'wgls-target names no target'}${slip ? ` (did you mean ${ranked[0]!.t.id}?)` : ''}: one of ${TARGETS.map((t) => t.id).join(', ')}. The file is checked for ${setting}, the setting's target.`,
    fixes,
  });
}
