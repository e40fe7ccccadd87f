// Output formats of `wgls check`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Problem } from '../core/problem.ts';
import { parse, type ConfigDocument } from '../core/parser.ts';
import { secretValues, secretValueSpans } from '../core/features/secrets.ts';
import { redactSecretAssignments } from '../core/redact.ts';

export interface FileProblems {
  readonly file: string;
  readonly text: string;
  readonly problems: readonly Problem[];
}

export function formatJson(results: readonly FileProblems[]): string {
  const rows = results.flatMap((r) =>
    r.problems.map((p) => ({
      file: r.file,
      range: p.range,
      severity: p.severity,
      code: p.rule,
      message: p.message,
    })),
  );
  return JSON.stringify(rows, null, 2);
}

/** Compiler style: `file:line:col: severity code: message`, then the line with the span underlined. */
/** `others`: secrets of all the files checked (secretsOf), hidden wherever one is pasted as a PublicKey. */
export function formatText(results: readonly FileProblems[], color: boolean, others?: ReadonlySet<string>): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor = { error: '31;1', warning: '33;1', information: '36;1', hint: '2' } as const;
  const out: string[] = [];
  for (const r of results) {
    if (r.problems.length === 0) continue;
    const lines = r.text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    const mask = secretMasker(r.text, others);
    for (const p of r.problems) {
      const { line, character } = p.range.start;
      out.push(`${visible(r.file)}:${line + 1}:${character + 1}: ${paint(sevColor[p.severity], p.severity)} ${p.rule}: ${visible(p.message)}`);
      const src = lines[line] ?? '';
      if (src.length > 400) continue; // a huge line helps nobody
      const end = p.range.end.line === line ? Math.max(p.range.end.character, character + 1) : src.length;
      const shown = visible(mask(line, src).replace(/\t/g, ' '));
      out.push(`  ${shown}`);
      // Columns on screen, not UTF-16 units: a CJK character or an emoji takes two.
      const from = Math.min(character, shown.length);
      const to = Math.min(end, shown.length + 1);
      const carets = Math.max(1, screenWidth(shown.slice(from, to)) + (to > shown.length ? 1 : 0));
      out.push(`  ${' '.repeat(screenWidth(shown.slice(0, from)) + Math.max(0, character - shown.length))}${paint(sevColor[p.severity], '^'.repeat(carets))}`);
    }
  }
  return out.join('\n');
}

/**
 * How many terminal columns `s` takes: two for East Asian wide and full-width characters and for
 * emoji, none for combining marks and a low surrogate's second half, one otherwise. (A close
 * approximation of wcwidth: enough to keep an underline under its span.)
 */
export function screenWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || c === 0xfe0f) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/**
 * `s` safe to print on a terminal: a file's own escape sequences (`\x1b]0;…`, `\x1b[2J`) would run
 * there. C0 controls and DEL become their Control Pictures (␛, ␀…), C1 controls `?`: one column
 * each, so the underline stays under its span.
 */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '?';
  });
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): each problem becomes an
 * annotation on the pull request's diff. Positions are 1-based; information and hints are notices.
 */
/** `ioProblems`: what could not be read or written, each an error annotation with no file (the run's summary shows it). */
export function formatGithub(results: readonly FileProblems[], ioProblems: readonly string[] = []): string {
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'notice');
  // The runner's escaping: data loses %, CR and LF; property values also : and ,.
  // (Other control characters are shown, not sent to the log: see visible.)
  const data = (s: string) => visible(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return [
    ...ioProblems.map((m) => `::error title=${prop('wgls')}::${data(m)}`),
    ...results.flatMap((r) =>
      r.problems.map((p) => {
        const { start, end } = p.range;
        const props = [`file=${prop(r.file.split('\\').join('/'))}`, `line=${start.line + 1}`, `endLine=${end.line + 1}`, `col=${start.character + 1}`, `endColumn=${end.character + 1}`, `title=${prop(`wgls ${p.rule}`)}`];
        return `::${level(p.severity)} ${props.join(',')}::${data(p.message)}`;
      }),
    ),
  ].join('\n');
}

/**
 * A rule's page (docs/rules, shipped next to dist/), for SARIF's help.markdown: code-scanning
 * dashboards show it with each result. Embedded rather than linked: a file URL of the runner's
 * install would be a dead link once the report is uploaded, and wgls has no public address.
 */
function ruleDoc(rule: string): string | undefined {
  try {
    // The examples' private and preshared keys are nobody's, but a secret scanner run over the uploaded
    // report cannot know that (CLI review): hidden as any secret assignment is in a log, in the examples
    // (fenced blocks) only: over prose it cut sentences short (`PrivateKey K=` splits at…, diff review).
    let fenced = false;
    return fs
      .readFileSync(path.resolve(__dirname, '..', 'docs', 'rules', `${rule}.md`), 'utf8')
      .split('\n')
      .map((line) => {
        if (line.startsWith('```')) fenced = !fenced;
        return fenced ? redactSecretAssignments(line) : line;
      })
      .join('\n');
  } catch {
    return undefined;
  }
}

/**
 * A file's SARIF location: a relative path as a URI reference with each segment percent-encoded
 * (`#`, `%`, spaces and a drive's `:` would otherwise change what it names), against %SRCROOT%
 * (the working directory); an absolute path as a file URL.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).toString() };
  return { uri: file.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * SARIF 2.1.0, for code-scanning dashboards. Rule metadata comes from the catalogue. `run`: whether
 * every path could be read (a failed run says so: invocations[0].executionSuccessful, with the
 * `notifications` that say why), and the directory relative paths start from.
 */
export function formatSarif(
  results: readonly FileProblems[],
  rules: Record<string, { severity: string; summary: string }>,
  version: string,
  run: { executionSuccessful: boolean; cwd: string; notifications?: readonly string[] } = { executionSuccessful: true, cwd: process.cwd() },
): string {
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const used = [...new Set(results.flatMap((r) => r.problems.map((p) => p.rule)))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'wgls',
            version,
            rules: used.map((id) => ({
              id,
              shortDescription: { text: rules[id]?.summary ?? id },
              defaultConfiguration: { level: level(rules[id]?.severity ?? 'warning') },
              help: ((doc) => ({ text: `${rules[id]?.summary ?? id} See docs/rules/${id}.md in wgls.`, ...(doc ? { markdown: doc } : {}) }))(ruleDoc(id)),
            })),
          },
        },
        // Columns as LSP counts them, UTF-16 code units (SARIF's default is code points: an emoji before
        // a problem moved it one column), and lines as the parser splits them, at a lone CR too (SARIF's
        // default knows CRLF and LF only): both said, not left to the reader's defaults (CLI review).
        columnKind: 'utf16CodeUnits',
        newlineSequences: ['\r\n', '\n', '\r'],
        // Why a run failed (a path that could not be read), as on stderr (CLI review: a dashboard showed a
        // failed run without a reason).
        invocations: [
          {
            executionSuccessful: run.executionSuccessful,
            ...(run.notifications?.length ? { toolExecutionNotifications: run.notifications.map((text) => ({ level: 'error', message: { text } })) } : {}),
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(run.cwd.endsWith(path.sep) ? run.cwd : run.cwd + path.sep).toString() } },
        results: results.flatMap((r) =>
          r.problems.map((p) => ({
            ruleId: p.rule,
            level: level(p.severity),
            message: { text: p.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifactLocation(r.file),
                  // SARIF is 1-based (columns in UTF-16 code units: columnKind above).
                  region: {
                    startLine: p.range.start.line + 1,
                    startColumn: p.range.start.character + 1,
                    endLine: p.range.end.line + 1,
                    endColumn: p.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

/**
 * Masks lines of `text` (by index, split as the parser splits them, without the BOM), as shown under a
 * diagnostic or in a diff, with what the editor's privacy mode hides (secrets.ts): secret values,
 * key-shaped text anywhere but a PublicKey's value, and a PublicKey that is one of the file's secrets
 * (which a line alone cannot know). The spans of the whole file are found once: linear in the file,
 * whatever the number of lines shown.
 */
export function secretMasker(text: string, others?: ReadonlySet<string>): (line: number, src: string) => string {
  const byLine = new Map<number, Array<{ start: number; end: number }>>();
  for (const s of secretValueSpans(parse(text), others)) {
    const list = byLine.get(s.line);
    if (list) list.push(s);
    else byLine.set(s.line, [s]);
  }
  return (line, src) => {
    const spans = byLine.get(line);
    if (!spans) return src;
    let out = src;
    for (const s of [...spans].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + '•'.repeat(Math.max(0, Math.min(s.end, out.length) - s.start)) + out.slice(s.end);
    return out;
  };
}


/** The secret values of every document given (blanks removed): what secretMasker hides in the others. */
export function secretsOf(docs: Iterable<ConfigDocument>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const doc of docs) for (const v of secretValues(doc)) out.add(v);
  return out;
}
