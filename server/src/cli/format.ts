// Output formats of `wgls check`.

import type { Problem } from '../core/problem.ts';

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
export function formatText(results: readonly FileProblems[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor = { error: '31;1', warning: '33;1', information: '36;1', hint: '2' } as const;
  const out: string[] = [];
  for (const r of results) {
    if (r.problems.length === 0) continue;
    const lines = r.text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    for (const p of r.problems) {
      const { line, character } = p.range.start;
      out.push(`${r.file}:${line + 1}:${character + 1}: ${paint(sevColor[p.severity], p.severity)} ${p.rule}: ${p.message}`);
      const src = lines[line] ?? '';
      if (src.length > 400) continue; // a huge line helps nobody
      const end = p.range.end.line === line ? Math.max(p.range.end.character, character + 1) : src.length;
      const shown = src.replace(/\t/g, ' ');
      out.push(`  ${shown}`);
      out.push(`  ${' '.repeat(character)}${paint(sevColor[p.severity], '^'.repeat(Math.max(1, Math.min(end, shown.length + 1) - character)))}`);
    }
  }
  return out.join('\n');
}
