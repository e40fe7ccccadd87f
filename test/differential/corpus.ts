// Shared by the live differential runner (run.ts), the generator and the unit test
// (test/unit/differential.test.ts): where the corpus lives, the recorded oracle format,
// wgls's verdict (through its CLI) and the agreement table.
//
// Verdict = "does the target reject this file?" for target wg-quick on Linux:
//   `wg-quick strip FILE` (file name, wg-quick's own keys such as SaveConfig), then
//   `wg setconf IF <stripped>` on a wireguard-go interface (every wg key and value), then the
//   file-dependent `ip` steps of `wg-quick up` (Address, MTU, Table). See README.md.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DIFF_DIR = __dirname;
export const REPO_ROOT = path.resolve(DIFF_DIR, '..', '..');
export const CORPUS_DIR = path.join(DIFF_DIR, 'corpus');
export const ORACLE_PATH = path.join(DIFF_DIR, 'oracle.json');

export type Verdict = 'error' | 'ok';

export interface StepResult {
  code: number;
  stderr: string;
}

export interface UpStep extends StepResult {
  cmd: string;
}

export interface OracleRecord {
  verdict: Verdict;
  /** The first step that rejected the file, when verdict is error. */
  failedAt?: 'strip' | 'setconf' | 'up';
  strip: StepResult;
  /** null when strip already failed (setconf is then never reached). */
  setconf: StepResult | null;
  /** The file-dependent `ip` commands of `wg-quick up` that were replayed (empty when none apply). */
  up: UpStep[];
  /** `Warning: …` lines printed by the tools (these do not make the verdict an error). */
  warnings: string[];
}

export interface OracleFile {
  tool: { wg: string; note: string };
  files: Record<string, OracleRecord>;
}

/** Every `*.conf` below the corpus, as sorted POSIX paths relative to CORPUS_DIR. */
export function listCorpus(dir = CORPUS_DIR): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && e.name.endsWith('.conf')) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

export function readOracle(): OracleFile {
  return JSON.parse(fs.readFileSync(ORACLE_PATH, 'utf8')) as OracleFile;
}

// ---------------------------------------------------------------------------------------------
// wgls's verdict

export interface WglsResult {
  verdict: Verdict;
  /** The error diagnostics (code: message), for the table and the to-do list. */
  errors: string[];
}

/**
 * Runs the wgls CLI once over every corpus file (`check --isolated --format json --target wg-quick`: each
 * file is its own config, so no cross-file rules between corpus files) and
 * returns the verdict per corpus-relative path. The CLI runs from source through tsx, so no
 * build is needed and the result is never stale.
 */
export function wglsVerdicts(rels: readonly string[]): Map<string, WglsResult> {
  const abs = rels.map((r) => path.join(CORPUS_DIR, r));
  if (rels.length === 0) return new Map();
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'server', 'src', 'cli.ts'), 'check', '--isolated', '--format', 'json', '--target', 'wg-quick', ...abs],
    { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 },
  );
  if (r.error) throw r.error;
  // Exit 0 = no errors, 1 = errors found; anything else (2 = usage/I-O, crash) is a harness problem.
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`wgls check exited with ${r.status}: ${r.stderr.slice(0, 2000)}`);
  }
  const rows = JSON.parse(r.stdout) as Array<{ file: string; severity: string; code: string; message: string }>;
  const byAbs = new Map<string, string[]>();
  for (const row of rows) {
    if (row.severity !== 'error') continue;
    const key = path.resolve(REPO_ROOT, row.file);
    const list = byAbs.get(key) ?? [];
    list.push(`${row.code}: ${row.message}`);
    byAbs.set(key, list);
  }
  const out = new Map<string, WglsResult>();
  rels.forEach((rel, i) => {
    const errors = byAbs.get(path.resolve(abs[i]!)) ?? [];
    out.set(rel, { verdict: errors.length > 0 ? 'error' : 'ok', errors });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The agreement table

export interface Row {
  file: string;
  oracle: Verdict;
  wgls: Verdict;
  /** Why the oracle decided (first tool error line), shown for disagreements. */
  why: string;
}

/** One-line reason the oracle gives for a record. */
export function oracleReason(rec: OracleRecord): string {
  const firstLine = (s: string) => s.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('Warning:')) ?? '';
  if (rec.failedAt === 'strip') return `wg-quick strip: ${firstLine(rec.strip.stderr)}`;
  if (rec.failedAt === 'setconf') return `wg setconf: ${firstLine(rec.setconf?.stderr ?? '')}`;
  if (rec.failedAt === 'up') {
    const bad = rec.up.find((s) => s.code !== 0);
    return `wg-quick up: ${bad?.cmd ?? ''}: ${firstLine(bad?.stderr ?? '')}`;
  }
  return rec.warnings.length > 0 ? `ok (${rec.warnings.join('; ')})` : 'ok';
}

export function formatTable(rows: readonly Row[]): string {
  const w = Math.max(4, ...rows.map((r) => r.file.length));
  const lines = [`${'file'.padEnd(w)}  oracle  wgls    agree`, `${'-'.repeat(w)}  ------  ------  -----`];
  for (const r of rows) {
    const agree = r.oracle === r.wgls;
    lines.push(`${r.file.padEnd(w)}  ${r.oracle.padEnd(6)}  ${r.wgls.padEnd(6)}  ${agree ? 'yes' : 'NO'}${agree ? '' : `   <- ${r.why}`}`);
  }
  return lines.join('\n');
}

export function summarize(rows: readonly Row[]): string {
  const passed = rows.filter((r) => r.oracle === r.wgls).length;
  const falsePos = rows.filter((r) => r.oracle === 'ok' && r.wgls === 'error').length;
  const falseNeg = rows.filter((r) => r.oracle === 'error' && r.wgls === 'ok').length;
  return (
    `${passed} passed, ${rows.length - passed} failed ` +
    `(${rows.length} files; wgls misses ${falseNeg} real error(s), flags ${falsePos} file(s) the tools accept)`
  );
}

// ---------------------------------------------------------------------------------------------
// wg-quick's parse_options, replayed (linux.bash of the installed wireguard-tools)
//
// Only used to know which Address/MTU/Table values `wg-quick up` would hand to `ip`. The oracle
// checks this replay against the real `wg-quick strip` output on every file: the stripped text must
// be byte-identical, otherwise the run fails.

export interface WgQuickParse {
  wgConfig: string;
  addresses: string[];
  mtu: string;
  table: string;
  saveConfigError?: string;
}

const SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g; // [[:space:]] in the C locale
const WG_QUICK_KEYS = new Set(['address', 'mtu', 'dns', 'table', 'preup', 'predown', 'postup', 'postdown', 'saveconfig']);

export function replayWgQuickParse(bytes: Buffer): WgQuickParse {
  // bash `read -r line` drops NUL bytes, splits on \n, strips leading/trailing IFS whitespace
  // (space, tab, newline), and still reads a last line without a newline.
  const text = bytes.toString('latin1').replace(/\0/g, '');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let inInterface = false;
  const out: WgQuickParse = { wgConfig: '', addresses: [], mtu: '', table: '' };
  for (const raw of lines) {
    const line = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    const stripped = line.includes('#') ? line.slice(0, line.indexOf('#')) : line;
    const eq = stripped.indexOf('=');
    const key = (eq >= 0 ? stripped.slice(0, eq) : stripped).replace(SPACE, '');
    const value = (eq >= 0 ? stripped.slice(eq + 1) : stripped).replace(SPACE, '');
    if (key.startsWith('[')) inInterface = false;
    if (key.toLowerCase() === '[interface]') inInterface = true;
    const k = key.toLowerCase();
    if (inInterface && WG_QUICK_KEYS.has(k)) {
      if (k === 'address') out.addresses.push(...value.replace(/,/g, ' ').split(/[ \t\n]+/).filter(Boolean));
      else if (k === 'mtu') out.mtu = value;
      else if (k === 'table') out.table = value;
      else if (k === 'saveconfig' && !/^(true|false)$/i.test(value)) {
        out.saveConfigError ??= `wg-quick: \`${value}' is neither true nor false`;
      }
      continue;
    }
    out.wgConfig += `${line}\n`;
  }
  return out;
}
