// The context every rule module receives: the parsed document, the options and a
// `report` that records what a rule found. Rules report raw problems (with the
// catalogue's default severity); the user's severity overrides and the suppression
// comments are applied once, on output (`finish`), so per-peer results can be kept
// across edits and re-mapped cheaply (a `# wgls-disable-next-line` may sit outside
// the section whose problem it hides).

import type { ConfigDocument } from '../parser.ts';
import type { FileEncoding } from '../encoding.ts';
import type { Fix, Problem } from '../problem.ts';
import { comparePositions, type Range } from '../span.ts';
import type { ConfigModel } from '../model.ts';
import type { WorkspaceFile, WorkspaceModel } from '../workspace.ts';
import { RULES, type RuleId, type Severity } from './catalogue.ts';
import type { Suppressions } from './suppressions.ts';
import { keyPieces, redactWithPieces } from '../redact.ts';
import { continuesSecret } from '../features/secrets.ts';
import { lookupKey, type Target, type ValueKind } from '../schema.ts';
import { elideLongWords, hasLongWord, invisibleName, invisibleNote, lookalike, mapShownInvisibles, ownCopy, showInvisibles } from '../strings.ts';

export type SeverityOverride = Severity | 'off';

/** Every value a severity setting may take. */
export const SEVERITY_SETTINGS: ReadonlySet<string> = new Set<SeverityOverride>(['error', 'warning', 'information', 'hint', 'off']);

export interface ValidateOptions {
  /** Which tool must accept the file (default wg-quick). */
  readonly target?: Target;
  /**
   * The target setting for another config of the workspace (its folder's, in a multi-root workspace),
   * before that config's own `# wgls-target`; without it, this file's `target`.
   */
  readonly targetOf?: (uri: string) => Target;
  /**
   * Changes whenever settings (any file's) change: results kept from an earlier validation of this file
   * that read other files' settings are dropped.
   */
  readonly settingsRevision?: number;
  /** Per-rule severity, or 'off'. */
  readonly severities?: Readonly<Partial<Record<string, SeverityOverride>>>;
  /** The file's base name (`wg0.conf`), when known: wg-quick derives the interface name from it. */
  readonly fileName?: string;
  /** POSIX permission bits of the file and of its folder, when known (the glue stats them). */
  readonly fileMode?: number;
  readonly dirMode?: number;
  /** The file on disk starts with a UTF-8 BOM although the text given has none (editors strip it). */
  readonly fileHasBom?: boolean;
  /** The file on disk is UTF-16 (it starts with that byte order mark): the text given is decoded from it. */
  readonly fileEncoding?: FileEncoding;
}

export type Report = Omit<Problem, 'severity'> & {
  readonly severity?: Severity;
  /**
   * The problem reads more of the file than its own lines (the file's secrets, its most common line
   * break): a per-peer result holding it is not kept across versions, nor moved (see readsFile).
   */
  readonly readsFile?: true;
};

/** The problems reported with `readsFile` (their Problem objects: the reports are copied on the way). */
const fileReaders = new WeakSet<Problem>();

/** Whether `p` was reported as reading more of the file than its own lines (Report.readsFile). */
export const readsFile = (p: Problem): boolean => fileReaders.has(p);

export interface RuleContext {
  readonly doc: ConfigDocument;
  readonly model: ConfigModel;
  readonly target: Target;
  readonly options: ValidateOptions;
  /** Present when validating inside a workspace: cross-file rules judge what they know better. */
  readonly workspace?: { readonly model: WorkspaceModel; readonly file: WorkspaceFile };
  report(problem: Report): void;
  /** Runs `check` and returns what it reported instead of adding it to the run's results. */
  collect(check: () => void): readonly Problem[];
  /** `collect(() => check(this, arg))` without a closure to allocate (per-peer checks of a big hub). */
  collectCall<A>(check: (ctx: RuleContext, arg: A) => void, arg: A): readonly Problem[];
}

const NOTHING: readonly Problem[] = Object.freeze([]);

/** Problems of one rule listed per line and check; the rest are summed up in one (see Collector.report). */
export const MAX_PER_LINE = 100;

interface Overflow {
  /** The first problem not listed. */
  readonly first: Report;
  count: number;
  /** Where the last one not listed ends. */
  end: Problem['range']['end'];
}

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * Problems counted per rule on one line at a time (the per-line cap of `report` and `finish`): the
 * first rule of the line in two fields, a map only for a second one. A map cleared and set per line
 * cost a file of 100,000 junk lines (a problem each) a tenth of its time.
 */
class RuleCounts {
  #line = -1;
  #rule: string | undefined = undefined;
  #count = 0;
  #more: Map<string, number> | undefined = undefined;

  /** Counts one more problem of `rule` on `line` and returns how many it makes (lines come in runs). */
  add(line: number, rule: string): number {
    if (line !== this.#line) {
      this.#line = line;
      this.#rule = undefined;
      this.#more?.clear();
    }
    if (this.#rule === undefined || this.#rule === rule) {
      if (this.#rule === undefined) this.#count = 0;
      this.#rule = rule;
      return ++this.#count;
    }
    const more = (this.#more ??= new Map());
    const n = (more.get(rule) ?? 0) + 1;
    more.set(rule, n);
    return n;
  }
}

/** How many problems each summary problem stands for (see `finish`, which merges them per line and rule). */
const summarised = new WeakMap<Problem, number>();

function summary(first: Report | Problem, severity: Problem['severity'], count: number, end: Problem['range']['end']): Problem {
  const p: Problem = {
    rule: first.rule,
    severity,
    range: { start: first.range.start, end },
    // (No text of the user's: nothing to hide.)
    message: `${count.toLocaleString('en-US')} more ${first.rule} problem${count === 1 ? '' : 's'} on this line, not listed one by one (the first ${MAX_PER_LINE} are).`,
  };
  summarised.set(p, count);
  return p;
}

/** One problem per `line|rule` for the problems not listed, from the first to the last of them. */
function flushOverflow(overflow: ReadonlyMap<string, Overflow>, into: Problem[]): void {
  for (const { first, count, end } of overflow.values()) into.push(summary(first, first.severity ?? RULES[first.rule as RuleId].severity, count, end));
}
/** Values where a blank may be meant: lists wg-quick or an app splits on blanks, commands, AmneziaWG's packet chains. */
const SPACED_KINDS: ReadonlySet<ValueKind> = new Set<ValueKind>(['address-list', 'dns-list', 'command', 'app-list', 'awg-chain']);

/** A context that records raw problems; `collect` says where they go. */
export class Collector implements RuleContext {
  private into: Problem[] = [];
  /** An empty array for the next collect, or undefined when that one is in use. */
  private spare: Problem[] | undefined = undefined;
  readonly workspace?: RuleContext['workspace'];

  constructor(
    readonly doc: ConfigDocument,
    readonly model: ConfigModel,
    readonly target: Target,
    readonly options: ValidateOptions,
    workspace?: RuleContext['workspace'],
  ) {
    if (workspace) this.workspace = workspace;
  }

  report(p: Report): void {
    // A line of 100,000 bad list items would report each (seconds of work per keystroke, a Problems
    // panel nobody reads): past MAX_PER_LINE of one rule on one line, a check's reports are counted and
    // summed up in one problem when it ends (see `flushOverflow`). Counted per check call, so a kept
    // result is what the same check computes again: the problems stay those of a validation from scratch.
    // (Counted per rule over a run of reports on one line: RuleCounts.)
    const at = p.range.start.line;
    const n = (this.counts ??= new RuleCounts()).add(at, p.rule);
    if (n > MAX_PER_LINE) {
      const key = `${at}|${p.rule}`;
      const over = (this.overflow ??= new Map()).get(key);
      if (over) {
        over.count++;
        over.end = p.range.end;
      } else this.overflow.set(key, { first: p, count: 1, end: p.range.end });
      return;
    }
    // Messages and fix titles quote the user's text, which may be a key in the wrong place: hidden.
    // A quoted piece of a key (`"cCHdbK1lo4SUEczx" is not an IP address`, the part before a `/` of
    // a key pasted into Address) is no key-shaped token itself: the pieces of the line's keys go too.
    const line = this.doc.lines[p.range.start.line]?.node.text ?? '';
    const pieces = this.piecesOf(p.range.start.line, line);
    // A message alone on a line with no key pieces depends on its text alone: one known to come out
    // as it went in is not looked at again (a file of junk reports one message per line).
    const alone = pieces.length === 0 && p.related === undefined && p.fixes === undefined;
    if (!alone || !plainMessages.has(p.message)) {
      const given = p;
      if (p.message.length >= 40 || p.related?.length || p.fixes?.length || pieces.length) p = redacted(p, pieces);
      if (p.message.length > 80 || p.related?.length || p.fixes?.length) p = elided(p);
      const shown = visible(p, line);
      if (shown !== p) p = withBlankFix(shown, line, this.joinedValueStart(p.range.start.line));
      if (alone && p === given) remember(plainMessages, p.message);
    }
    let out: Problem = p.severity ? (p as Problem) : { ...p, severity: RULES[p.rule as RuleId].severity };
    if (p.readsFile) {
      const { readsFile: _, ...plain } = out as Problem & { readsFile?: true };
      out = plain;
      fileReaders.add(out);
    }
    this.into.push(out);
  }

  /**
   * Where the value starts on `line` when a blank inside it is never meant: a key wg reads (PublicKey,
   * Endpoint, AllowedIPs…: wg drops every blank inside the value) or one token (MTU, Table); else -1
   * (Address and DNS, where a blank separates items, a hook's command, no entry).
   */
  private joinedValueStart(line: number): number {
    const node = this.doc.lines[line]?.node;
    if (node?.kind !== 'entry') return -1;
    const info = lookupKey(node.keyText)?.info;
    return info && !SPACED_KINDS.has(info.kind) ? node.value.start : -1;
  }

  /** Problems reported per rule and line in the current check call (see `report`). */
  private counts: RuleCounts | undefined = undefined;
  /** What the current check call reported past MAX_PER_LINE, per `line|rule`. */
  private overflow: Map<string, Overflow> | undefined = undefined;

  /**
   * keyPieces of a line, once per line per validation (a long line may carry thousands of problems):
   * the last line asked (checks report line by line), and long lines in a map (reports that alternate
   * between two long lines). A map of every line cost a file of 100,000 junk lines a fifth of its time.
   */
  private readonly pieces = new Map<number, readonly string[]>();
  private lastPiecesLine = -1;
  private lastPieces: readonly string[] = [];
  private piecesOf(line: number, text: string): readonly string[] {
    if (line === this.lastPiecesLine) return this.lastPieces;
    let found = text.length > LONG_LINE ? this.pieces.get(line) : undefined;
    if (found === undefined) {
      found = keyPieces(text);
      // A piece of a wrapped secret: its text is the secret's, quoted as a key name (`"…=" has no value`).
      if (continuesSecret(this.doc, line)) {
        const piece = text.trim();
        found = [...found, piece, piece.replace(/=+$/, '')].filter((p) => p !== '');
      }
      if (text.length > LONG_LINE) this.pieces.set(line, found);
    }
    this.lastPiecesLine = line;
    this.lastPieces = found;
    return found;
  }

  /**
   * Runs `check` and returns what it reported (one shared empty array when nothing: most peers are
   * clean). The array it collects into is reused until something is reported in it: a cold hub
   * collects tens of thousands of times, nearly always nothing. Taken while in use, so a nested
   * collect gets its own.
   */
  collect(check: () => void): readonly Problem[] {
    return this.collectCall(call, check);
  }

  /** `collect(() => check(this, arg))` without a closure to allocate: a cold hub collects per peer. */
  collectCall<A>(check: (ctx: RuleContext, arg: A) => void, arg: A): readonly Problem[] {
    const outer = this.into;
    const { counts, overflow } = this;
    const mine = this.spare ?? [];
    this.spare = undefined;
    this.into = mine;
    this.counts = this.overflow = undefined;
    try {
      check(this, arg);
      if (this.overflow) flushOverflow(this.overflow, mine);
    } finally {
      this.into = outer;
      this.counts = counts;
      this.overflow = overflow;
    }
    if (mine.length) return mine;
    this.spare = mine;
    return NOTHING;
  }
}

const call = (_ctx: RuleContext, check: () => void) => check();

/** Past this many characters a line's keyPieces are kept for the whole validation (piecesOf). */
const LONG_LINE = 256;

/** `p` with key-shaped text, and `pieces` of the line's keys, hidden in everything it shows (see redact.ts). */
function redacted(p: Report, pieces: readonly string[]): Report {
  return mapTexts(p, (text) => (pieces.length ? redactWithPieces(text, pieces) : redactAlone(text)));
}

/**
 * redactWithPieces of a text on a line holding no key: the text alone decides, so the same message (a
 * file of 100,000 junk lines reports one message 100,000 times) is redacted once. Bounded: cleared
 * when full.
 */
const redactedAlone = new Map<string, string>();
function redactAlone(text: string): string {
  let out = redactedAlone.get(text);
  if (out === undefined) {
    out = redactWithPieces(text, NO_PIECES);
    if (redactedAlone.size >= MEMO_SIZE) redactedAlone.clear();
    // Copies: a message may hold a cut of the document's text, which would keep the document alive.
    redactedAlone.set(ownCopy(text), ownCopy(out));
  }
  return out;
}

const MEMO_SIZE = 4096;
/** Messages reported alone that nothing in `report` changes (bounded as redactedAlone). */
const plainMessages = new Set<string>();
function remember(set: Set<string>, text: string): void {
  if (set.size >= MEMO_SIZE) set.clear();
  set.add(ownCopy(text));
}
const NO_PIECES: readonly string[] = Object.freeze([]);

/** `p` with `f` applied to everything it shows: the message, related messages and fix titles. */
function mapTexts(p: Report, f: (text: string) => string): Report {
  // (Most reports have a message alone, which most often stays: then `p` itself, no copy.)
  if (p.related === undefined && p.fixes === undefined) {
    const message = f(p.message);
    return message === p.message ? p : { ...p, message };
  }
  return {
    ...p,
    message: f(p.message),
    ...(p.related ? { related: p.related.map((r) => ({ ...r, message: f(r.message) })) } : {}),
    // (A fix whose title stays is kept as it is: several problems may share one fix object, which the
    // code actions list once.)
    ...(p.fixes ? { fixes: p.fixes.map((x) => (f(x.title) === x.title ? x : { ...x, title: f(x.title) })) } : {}),
  };
}

/** `p` with overlong quotes cut short in everything it shows (elideLongWords); as it was when none. */
function elided(p: Report): Report {
  if (!hasLongWord(p.message) && !p.related?.some((r) => hasLongWord(r.message)) && !p.fixes?.some((f) => hasLongWord(f.title))) return p;
  return mapTexts(p, elideLongWords);
}

/**
 * `p` with invisible characters (a no-break space pasted from a web page, a zero-width space) named in
 * everything it shows: `Unknown key "MTU<U+00A0>"`, where the plain text would read `"MTU "`.
 */
function visible(p: Report, line: string): Report {
  const has = (t: string) => showInvisibles(t) !== t;
  if (!has(p.message) && !p.related?.some((r) => has(r.message)) && !p.fixes?.some((f) => has(f.title))) return p;
  // What wg makes of the character is said of the text the problem is about (its range), not of a
  // peer's name quoted from a comment, which wg never reads.
  const { start, end } = p.range;
  const note = start.line === end.line ? invisibleNote(line.slice(start.character, end.character)) : undefined;
  // (Elided after: a line of alternating no-break and zero-width spaces makes one long word of codes.)
  const shown = mapTexts(p, (t) => elideLongWords(showInvisibles(t)));
  // A sentence of its own after the message: `… (0–65535). <U+00A0> is a no-break space, which …`.
  return note ? { ...shown, message: `${shown.message}${/[.!?]$/.test(shown.message) ? '' : '.'} ${note[0]!.toUpperCase()}${note.slice(1)}.` } : shown;
}

/**
 * `p` (whose message names an invisible character) with a fix that makes the characters of its range
 * what they look like (lookalike: a Unicode space a blank, a zero-width character nothing); the
 * characters the message shows only (a zero-width joiner inside an emoji stays). Inside a value where
 * no blank is meant (`joined`: where it starts on the line, or -1) a Unicode space between two
 * characters goes instead: wg drops blanks there, so `vpn<NBSP>example.com` made `vpn example.com`
 * would be read as `vpnexample.com` behind a blank nobody meant, and `MTU = 14 20` is no number. Never preferred, never one "Fix all" applies (`ask`):
 * what was meant is a guess (a no-break space inside a hook's quoted text may be meant; diff review).
 * `line`: the range's line.
 */
function withBlankFix(p: Report, line: string, joined: number): Report {
  const { start, end } = p.range;
  if (start.line !== end.line || start.character >= end.character) return p;
  const text = line.slice(start.character, end.character);
  const found = new Set<string>();
  const made = new Set<string>();
  const cleaned = mapShownInvisibles(text, (run, at) => {
    let looks = lookalike(run);
    if (looks === undefined) return run;
    const from = start.character + at;
    if (looks === ' ' && joined >= 0 && from > joined && inWord(line, from - 1, -1) && inWord(line, from + run.length, 1)) looks = '';
    found.add(run[0]!);
    made.add(looks);
    return looks.repeat(run.length);
  });
  if (cleaned === text) return p;
  const [only] = found;
  const the = found.size === 1 ? invisibleName(only!).replace(/^an? /, 'the ') : '';
  const what = found.size === 1 ? the : 'the invisible characters';
  // (Both made: some removed, some blanks; found.size === 1 then means several of one character.)
  const title = made.size > 1 ? `Remove or replace ${found.size === 1 ? `${the}s` : what} with blanks` : made.has(' ') ? `Replace ${what} with ${found.size === 1 ? 'a blank' : 'blanks'}` : `Remove ${what}`;
  return { ...p, fixes: [...(p.fixes ?? []), { title, ask: true, edits: [{ range: p.range, newText: cleaned }] }] };
}

/**
 * Whether the first character from `line[i]` on in direction `step` that is not zero-width (the fix
 * removes those) is a character of a word: there, not an ASCII blank, not invisible.
 */
function inWord(line: string, i: number, step: 1 | -1): boolean {
  while (i >= 0 && i < line.length && lookalike(line[i]!) === '') i += step;
  const c = line[i];
  return c !== undefined && c !== ' ' && c !== '\t' && showInvisibles(c) === c;
}

/** A line number in a text (`line 12`): a problem that names one is not moved, it is made again. */
const NAMES_A_LINE = /\bline \d/;

/**
 * `p` moved by `delta` lines with the lines it is about: every range (its own, its related ones, its
 * fixes' edits) in lines `from`–`to` of this document (an end may sit at `to`, column 0), and no line
 * number in its words. Undefined when it is not (then the check is run again). `fixes`: the fixes moved
 * so far, so a fix shared by several problems stays shared.
 */
export function movedProblem(p: Problem, delta: number, from: number, to: number, fixes: Map<Fix, Fix>): Problem | undefined {
  if (fileReaders.has(p)) return undefined;
  const inside = (r: Range) => r.start.line >= from && r.start.line < to && r.end.line <= to && r.end.line >= r.start.line;
  const move = (r: Range): Range => ({ start: { line: r.start.line + delta, character: r.start.character }, end: { line: r.end.line + delta, character: r.end.character } });
  if (!inside(p.range) || NAMES_A_LINE.test(p.message)) return undefined;
  for (const r of p.related ?? []) if (r.uri !== undefined || !inside(r.range) || NAMES_A_LINE.test(r.message)) return undefined;
  for (const f of p.fixes ?? []) {
    if (NAMES_A_LINE.test(f.title)) return undefined;
    for (const e of f.edits) if (e.uri !== undefined || !inside(e.range)) return undefined;
  }
  const moved: Problem = {
    ...p,
    range: move(p.range),
    ...(p.related ? { related: p.related.map((r) => ({ ...r, range: move(r.range) })) } : {}),
    ...(p.fixes
      ? {
          fixes: p.fixes.map((f) => {
            let m = fixes.get(f);
            if (!m) fixes.set(f, (m = { ...f, edits: f.edits.map((e) => ({ ...e, range: move(e.range) })) }));
            return m;
          }),
        }
      : {}),
  };
  const count = summarised.get(p);
  if (count !== undefined) summarised.set(moved, count);
  return moved;
}

/** The user's severity for `rule` (`off` included), or undefined: a value that is no severity, from a hand-written setting, is no override. */
export function severityOverride(options: ValidateOptions, rule: string): SeverityOverride | undefined {
  const given = options.severities?.[rule];
  return given !== undefined && SEVERITY_SETTINGS.has(given) ? given : undefined;
}

/**
 * Applies the user's severity overrides and the suppression comments to raw problems (sorted by
 * position), and the per-line cap over the whole file: the collector caps each check call, but one
 * rule may report a line from many calls (allowed-ips-overlap: one per claimed prefix, 2,000 items of
 * a line listed 4,000 problems) or come back to a line within one (diff review). Past MAX_PER_LINE of
 * one rule on one line, the rest (and the calls' own summaries) become one summary problem. Computed
 * from the sorted list, so a validation that kept results gives what one from scratch does.
 */
export function finish(raw: readonly Problem[], options: ValidateOptions, suppressed: Suppressions): Problem[] {
  const out: Problem[] = [];
  let line = -1;
  // Per rule on `line`: problems listed, and what is not listed.
  const counts = new RuleCounts();
  let over: Map<string, { first: Problem; severity: Problem['severity']; count: number; end: Problem['range']['end'] }> | undefined;
  const flush = () => {
    if (!over) return;
    for (const o of over.values()) out.push(summary(o.first, o.severity, o.count, o.end));
    over = undefined;
  };
  for (const p of raw) {
    const override = severityOverride(options, p.rule);
    if (override === 'off') continue;
    if (suppressed.has(p.range.start.line, p.rule)) continue;
    const at = p.range.start.line;
    if (at !== line) {
      flush();
      line = at;
    }
    const hidden = summarised.get(p);
    const n = hidden === undefined ? counts.add(at, p.rule) : 0;
    if (hidden !== undefined || n > MAX_PER_LINE) {
      const o = (over ??= new Map()).get(p.rule);
      const count = hidden ?? 1;
      const severity = (override ?? p.severity) as Severity;
      if (!o) over.set(p.rule, { first: p, severity, count, end: p.range.end });
      else {
        o.count += count;
        if (comparePositions(p.range.end, o.end) > 0) o.end = p.range.end;
        // The most severe of those not listed (a rule may mix errors and warnings on one line).
        if (RANK[severity] < RANK[o.severity as Severity]) o.severity = severity;
      }
      continue;
    }
    out.push(override && override !== p.severity ? { ...p, severity: override } : p);
  }
  flush();
  return out;
}
