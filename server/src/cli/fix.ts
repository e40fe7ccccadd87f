// `wgls check --fix` / `--fix-dry-run`: the editor's "Fix all auto-fixable problems" on the command
// line. The same edits (core/edits/fix-all.ts: mechanical fixes only, nothing that deletes a line),
// applied pass after pass until none is left (a fix can reveal another, as with eslint --fix), then
// written back safely: to a symlink's target (the link stays), never over a file that changed
// meanwhile, never to a file that is not valid UTF-8 (its bytes would not survive the round trip) or
// that a rename would strip of its links, write protection or owner; mode and owner kept.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../core/problem.ts';
import { applyTextEdits } from '../core/edits/apply.ts';
import { fixAllEdits } from '../core/edits/fix-all.ts';
import { secretMasker, visible } from './format.ts';

/** At most this many passes over one file (each pass applies every non-overlapping fix). */
const MAX_PASSES = 10;

export interface FixResult {
  readonly text: string;
  /** Problems fixed, over all passes. */
  readonly fixed: number;
}

/**
 * Fixes one file's text: `problemsOf(text)` validates a version of it (the caller keeps any
 * workspace in step). Returns the text after the last pass.
 */
export function fixText(text: string, problemsOf: (text: string) => readonly Problem[]): FixResult {
  let fixed = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const { edits, fixed: n } = fixAllEdits(problemsOf(text));
    if (edits.length === 0) break;
    const next = applyTextEdits(text, edits);
    if (next === text) break;
    text = next;
    fixed += n;
  }
  return { text, fixed };
}

/** Whether `text` is exactly what `raw` decodes to, so writing it back loses no byte. */
export function roundTrips(raw: Buffer, text: string): boolean {
  return Buffer.from(text, 'utf8').equals(raw);
}

/** Temporary files of writeFixed (`.wg0.conf.wgls-<pid>.tmp`): folder searches skip them. */
export const TEMP_FILE = /^\..+\.wgls-\d+\.tmp$/;

/**
 * Why `file` (its real path and stat) must not be replaced by a new file, or undefined. Renaming a
 * new file over it would silently undo what the file's owner set up: write protection, the other
 * names of a hard link (they would keep the old text), another user's ownership (ACLs, extended
 * attributes and labels are not carried over either, hence only the caller's own files, or root's).
 */
function refusal(real: string, stat: fs.Stats): string | undefined {
  if (stat.nlink > 1) return `it has ${stat.nlink - 1} other hard link(s), which would keep the old text; not written`;
  const root = process.getuid?.() === 0;
  if ((stat.mode & 0o222) === 0) return 'it is read-only; not written';
  if (!root) {
    try {
      fs.accessSync(real, fs.constants.W_OK);
    } catch {
      return 'it is not writable by you; not written';
    }
    if (process.getuid && stat.uid !== process.getuid()) return 'it belongs to another user, whom the new file would not belong to; not written';
  }
  return undefined;
}

/** Why writeFixed would not write `file`, if it would not (asked by the dry run beforehand). */
export function refusalOf(file: string): string | undefined {
  try {
    const real = fs.realpathSync(file);
    return refusal(real, fs.statSync(real));
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Writes `text` over `file`, which must still hold `expected`: through a temporary file in the same
 * folder renamed over the real path (a crash leaves the old or the new file, never half of one), with
 * the old file's permission bits, and its owner when running as root (configs under /etc/wireguard).
 * Throws, writing nothing, when the file changed meanwhile or `refusal` names a reason.
 */
export function writeFixed(file: string, expected: Buffer, text: string): void {
  const real = fs.realpathSync(file);
  if (!fs.readFileSync(real).equals(expected)) throw new Error('it changed on disk while being checked; not written');
  const stat = fs.statSync(real);
  const refused = refusal(real, stat);
  if (refused) throw new Error(refused);
  const tmp = path.join(path.dirname(real), `.${path.basename(real)}.wgls-${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'wx', stat.mode & 0o777);
  try {
    try {
      fs.writeFileSync(fd, text, 'utf8');
      // Owner first: a chown clears the setuid and setgid bits, so the mode must come after it.
      if (process.getuid?.() === 0) fs.fchownSync(fd, stat.uid, stat.gid);
      fs.fchmodSync(fd, stat.mode & 0o7777);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, real);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncFolder(path.dirname(real));
}

/** Makes the rename durable; some file systems cannot sync a folder, and the file is written anyway. */
function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // not supported here
  }
}

/**
 * A unified diff of `before` → `after` with no context lines (as `diff -U0`), private and preshared
 * keys masked: for review, so not meant for `patch` when a key line changed.
 */
/** `others`: the secrets of every file checked (secretsOf), masked where one is pasted here. */
export function unifiedDiff(file: string, before: string, after: string, others?: ReadonlySet<string>): string {
  const a = before.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const b = after.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // Names and lines with their control characters made visible: the diff goes to a terminal too.
  const out = [`--- a/${visible(file)}`, `+++ b/${visible(file)}`];
  const maskA = secretMasker(before, others);
  const maskB = secretMasker(after, others);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    // The nearest point where both sides agree again (fixes change a line or two in place).
    const [di, dj] = resync(a, b, i, j);
    const range = (start: number, count: number) => (count === 1 ? `${start + 1}` : `${count === 0 ? start : start + 1},${count}`);
    out.push(`@@ -${range(i, di)} +${range(j, dj)} @@`);
    for (let k = 0; k < di; k++) out.push(`-${visible(maskA(i + k, a[i + k]!))}`);
    for (let k = 0; k < dj; k++) out.push(`+${visible(maskB(j + k, b[j + k]!))}`);
    i += di;
    j += dj;
  }
  return out.length > 2 ? out.join('\n') : '';
}

/** Lines skipped looking for the next common line: past that, the rest is one hunk (still a true diff). */
const RESYNC_LIMIT = 400;

/** The fewest lines (di from a, dj from b) to skip from i, j so that a[i+di] === b[j+dj], or both ends. */
function resync(a: readonly string[], b: readonly string[], i: number, j: number): [number, number] {
  const restA = a.length - i;
  const restB = b.length - j;
  for (let total = 1; total < Math.min(restA + restB, RESYNC_LIMIT); total++) {
    for (let di = Math.max(0, total - restB); di <= Math.min(total, restA); di++) {
      const dj = total - di;
      if (i + di < a.length && j + dj < b.length && a[i + di] === b[j + dj]) return [di, dj];
    }
  }
  return [restA, restB];
}
