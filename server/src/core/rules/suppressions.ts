// Suppression comments, in the style of eslint:
//   # wgls-disable-next-line [rule-id, …]   the next line that is not blank or a comment
//   … # wgls-disable-line [rule-id, …]      this line
//   # wgls-disable [rule-id, …]             the whole file
// Without ids, every rule is suppressed there. The comment must start with the directive (after the
// `#` and blanks): a comment that only mentions one (`# Old CI used wgls-disable`) turned every rule off
// for the whole file (settings review). Text after ` -- ` (two dashes or more) is a reason, not ids (as eslint reads it).

import type { ConfigDocument } from '../parser.ts';

// The kind ends the word (suppression review: `wgls-disable-next-lines x` was read as a file-wide
// `wgls-disable` of the ids "-next-lines" and "x", and hid x's problems in the whole file).
const DIRECTIVE = /^[\s#]*wgls-(disable-next-line|disable-line|disable)(?![\w-])((?:(?!\s-{2,}(?:\s|$))[^#])*)/;

export interface Suppressions {
  has(line: number, rule: string): boolean;
  /**
   * What suppressed nothing among the has() calls so far (ask once they are all made): each id of a
   * directive that no problem asked for, or a directive without ids that caught nothing.
   */
  unused(): Unused[];
}

/** A suppression that suppressed nothing (see Suppressions.unused). */
export interface Unused {
  /** The directive's line, and where it is written on it (from `wgls-` to the end of its ids). */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly kind: 'disable-next-line' | 'disable-line' | 'disable';
  /** The line it is aimed at (the file for `disable`). */
  readonly target: number;
  /** The unused ids; empty for a directive without ids. */
  readonly ids: readonly IdSpan[];
  /** Every id the directive has (to remove one of several, or the whole comment). */
  readonly all: readonly IdSpan[];
}

export const NONE: Suppressions = { has: () => false, unused: () => [] };

/** Whether line `i` holds a suppression comment (a cheap test: most comments are peer names). */
export function isDirective(doc: ConfigDocument, i: number): boolean {
  const node = doc.lines[i]!.node;
  return !!node.comment && node.text.includes('wgls-', node.comment.start + 1);
}

/** One rule id as a suppression comment writes it, with its columns. */
export interface IdSpan {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The suppression comment on line `i`: its kind, its ids ('all' without any), each id where it is
 * written, and the column its id list ends at.
 */
export function directiveAt(
  doc: ConfigDocument,
  i: number,
): { kind: 'disable-next-line' | 'disable-line' | 'disable'; ids: Set<string> | 'all'; spans: readonly IdSpan[]; start: number; end: number } | undefined {
  if (!isDirective(doc, i)) return undefined;
  const node = doc.lines[i]!.node;
  const from = node.comment!.start + 1;
  const m = DIRECTIVE.exec(node.text.slice(from));
  if (!m) return undefined;
  const listStart = from + m.index + m[0].length - m[2]!.length;
  const spans = [...m[2]!.matchAll(/[^\s,]+/g)].map((x) => ({ id: x[0], start: listStart + x.index!, end: listStart + x.index! + x[0].length }));
  const end = from + m.index + m[0].trimEnd().length;
  const start = from + m.index + m[0].indexOf('wgls-');
  return { kind: m[1] as 'disable-next-line' | 'disable-line' | 'disable', ids: spans.length ? new Set(spans.map((s) => s.id)) : 'all', spans, start, end };
}

/**
 * The suppressions of `doc`. `candidates`, when given, are the only lines that may hold a directive
 * (ascending; the validator keeps them per section), so a big file is not scanned again per edit.
 */
export function suppressions(doc: ConfigDocument, candidates?: Iterable<number>): Suppressions {
  // Sets grown in place and one scan over a run of comments: copying the set at each directive, and
  // scanning the run again from each `disable-next-line` in it, were quadratic (16,000 directives took
  // 29 s: performance review).
  let byLine: Map<number, Set<string> | 'all'> | undefined;
  let fileWide: Set<string> | 'all' | undefined;
  const add = (line: number, ids: Set<string> | 'all') => {
    byLine ??= new Map();
    const prev = byLine.get(line);
    if (prev === undefined || ids === 'all') byLine.set(line, ids);
    else if (prev !== 'all') for (const id of ids) prev.add(id);
  };
  const lines = doc.lines;
  /** Each directive and the line it aims at (-1: the file), for unused(). */
  const directives: Array<{ line: number; target: number; d: NonNullable<ReturnType<typeof directiveAt>> }> = [];
  /** The line the last forward scan stopped at: the lines before it, from where it began, are blanks and comments. */
  let scannedTo = -1;
  for (const i of candidates ?? lines.keys()) {
    const d = directiveAt(doc, i);
    if (!d) continue;
    const ids = d.ids;
    directives.push({ line: i, target: d.kind === 'disable' ? -1 : i, d });
    if (d.kind === 'disable') {
      if (ids === 'all') fileWide = 'all';
      else if (fileWide !== 'all') {
        fileWide ??= new Set();
        for (const id of ids) fileWide.add(id);
      }
    } else if (d.kind === 'disable-line') {
      add(i, ids);
    } else {
      // (Candidates ascend: a directive inside the run the last scan crossed has the same target.)
      let target = i < scannedTo ? scannedTo : i + 1;
      while (target < lines.length && (lines[target]!.node.kind === 'blank' || lines[target]!.node.kind === 'comment')) target++;
      scannedTo = target;
      directives[directives.length - 1] = { line: i, target, d };
      add(target, ids);
    }
  }
  if (!byLine && !fileWide) return NONE;
  // What the has() calls found suppressed: by the file-wide directives (rule ids), by line (`line|rule`),
  // and the lines anything was suppressed on. Every directive that matches counts, not only the first.
  const usedInFile = new Set<string>();
  const usedAt = new Set<string>();
  const usedLines = new Set<number>();
  return {
    has(line, rule) {
      let hit = false;
      if (fileWide === 'all' || fileWide?.has(rule)) {
        usedInFile.add(rule);
        hit = true;
      }
      const s = byLine?.get(line);
      if (s === 'all' || (s !== undefined && s.has(rule))) {
        usedAt.add(`${line}|${rule}`);
        usedLines.add(line);
        hit = true;
      }
      return hit;
    },
    unused() {
      const out: Unused[] = [];
      for (const { line, target, d } of directives) {
        const base = { line, start: d.start, end: d.end, kind: d.kind, target, all: d.spans };
        if (d.ids === 'all') {
          if (target < 0 ? usedInFile.size === 0 : !usedLines.has(target)) out.push({ ...base, ids: [] });
          continue;
        }
        const ids = d.spans.filter((s) => (target < 0 ? !usedInFile.has(s.id) : !usedAt.has(`${target}|${s.id}`)));
        if (ids.length) out.push({ ...base, ids });
      }
      return out;
    },
  };
}
