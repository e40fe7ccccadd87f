// The bench's results: one row per figure, printed as a table and written to bench/results.json.

import { writeFileSync } from 'node:fs';

export type Unit = 'ms' | 'µs/peer' | 'µs/item' | 'MB' | 'bytes' | '×' | 'count';

export interface Target {
  /** What is compared: the row's ratio to its baseline, or its value. */
  readonly on: 'ratio' | 'value';
  /** Which figure of the row: the median (default) or the p95. */
  readonly stat?: 'median' | 'p95';
  /** The target holds when the figure is ≤ max (or ≥ min). */
  readonly max?: number;
  readonly min?: number;
}

export interface Row {
  readonly group: string;
  readonly name: string;
  readonly unit: Unit;
  /** Median (or the single value). */
  readonly value: number;
  readonly p95?: number;
  /** Samples behind the figure. */
  readonly n?: number;
  /** The baseline, in the row's unit, its figures are compared with (split+indexOf on the same text). */
  readonly baseline?: number;
  readonly target?: Target;
  readonly note?: string;
}

export interface ScoredRow extends Row {
  readonly ratio?: number;
  readonly p95Ratio?: number;
  readonly verdict?: 'PASS' | 'MISS';
}

export function score(row: Row): ScoredRow {
  const ratio = row.baseline !== undefined ? row.value / row.baseline : undefined;
  const p95Ratio = row.baseline !== undefined && row.p95 !== undefined ? row.p95 / row.baseline : undefined;
  let verdict: ScoredRow['verdict'];
  if (row.target) {
    const t = row.target;
    const figure = t.on === 'ratio' ? (t.stat === 'p95' ? p95Ratio : ratio) : t.stat === 'p95' ? row.p95 : row.value;
    if (figure !== undefined && Number.isFinite(figure)) {
      const ok = (t.max === undefined || figure <= t.max) && (t.min === undefined || figure >= t.min);
      verdict = ok ? 'PASS' : 'MISS';
    } else {
      verdict = 'MISS';
    }
  }
  return { ...row, ...(ratio !== undefined ? { ratio } : {}), ...(p95Ratio !== undefined ? { p95Ratio } : {}), ...(verdict ? { verdict } : {}) };
}

const num = (v: number | undefined, unit?: Unit): string => {
  if (v === undefined || !Number.isFinite(v)) return '';
  if (unit === 'bytes') return v.toLocaleString('en-US');
  if (unit === 'count') return String(Math.round(v));
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
};

function describeTarget(row: ScoredRow): string {
  const t = row.target;
  if (!t) return '';
  const stat = t.stat === 'p95' ? 'p95 ' : '';
  const limit = (v: number) => (row.unit === 'bytes' && t.on === 'value' ? v.toLocaleString('en-US') : String(v));
  const bound = t.max !== undefined ? `≤ ${limit(t.max)}` : `≥ ${limit(t.min!)}`;
  const what = t.on === 'ratio' ? `${stat}${bound}× base` : `${stat}${bound}${row.unit === '×' ? '×' : ` ${row.unit}`}`;
  return `${what}  ${row.verdict}`;
}

export function printTable(rows: readonly ScoredRow[]): void {
  const header = ['group', 'figure', 'median', 'p95', 'unit', 'n', 'base', '×base', 'p95 ×base', 'target'];
  const cells = rows.map((r) => [
    r.group,
    r.name,
    num(r.value, r.unit),
    num(r.p95, r.unit),
    r.unit,
    r.n !== undefined ? String(r.n) : '',
    num(r.baseline),
    r.ratio !== undefined ? num(r.ratio) + '×' : '',
    r.p95Ratio !== undefined ? num(r.p95Ratio) + '×' : '',
    describeTarget(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const left = new Set([0, 1, 4, 9]);
  const fmt = (c: string[]) => c.map((x, i) => (left.has(i) ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd();
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(fmt(c));
  const notes = rows.filter((r) => r.note);
  if (notes.length) {
    console.log('\nnotes:');
    for (const r of notes) console.log(`  ${r.group} / ${r.name}: ${r.note}`);
  }
}

export function writeResults(file: string, meta: Record<string, unknown>, rows: readonly ScoredRow[]): void {
  writeFileSync(file, JSON.stringify({ meta, rows }, null, 2) + '\n');
}
