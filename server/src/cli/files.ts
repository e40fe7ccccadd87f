// Which files the CLI checks: named files as given; directories searched for
// WireGuard configs by content (core/detect.ts), backups left out. What a search cannot
// read is reported, never skipped silently: `wgls check /etc/wireguard` run without the
// rights to read the configs must fail (exit 2), not pass with "0 files checked".

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isConfigName, looksLikeWireGuard } from '../core/detect.ts';
import { TEMP_FILE } from './fix.ts';
import { configText, readCappedSync } from '../read-capped.ts';

const SKIP_DIRS = new Set(['node_modules']);
/**
 * Copies that sit next to configs (an editor's, a package manager's, a person's): by content they are
 * configs too, and as second copies of the same keys and addresses they would fail the real one
 * (reused-private-key). Skipped when searching a folder; named on the command line, they are checked.
 */
// (pacman's .pacnew/.pacsave and Emacs' `#wg0.conf#` too: CLI review.)
const BACKUP = /(~|\.(bak|backup|old|orig|save|swp|tmp|dpkg-(old|new|dist|bak)|rpm(save|new|orig)|ucf-(old|dist)|pac(new|save))|^#.*#)$/i;
/** Larger files are no configs (a 5,000-peer hub is 1 MB), except by name: those are reported. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface Search {
  /** The configs found, in a stable order. */
  readonly files: string[];
  /** What could not be looked at: `path: reason`, for stderr (an I/O problem: exit 2). */
  readonly unreadable: string[];
}

/**
 * The WireGuard configs under `root`. Links to files are followed; links to folders are not descended
 * (as `grep -r`: a link to / would search the whole machine, and no link loop can form), nor are
 * hidden folders (`.cache`); FIFOs, sockets and devices are never opened. An unreadable folder, or an unreadable file with a
 * config's name, is reported; other unreadable files cannot be configs by name and are skipped.
 */
export function findConfigFiles(root: string, search: Search = { files: [], unreadable: [] }): Search {
  let raw: fs.Dirent<Buffer>[];
  try {
    // Names as bytes: one that is not UTF-8 decodes to U+FFFD, a path that does not exist, and such a
    // file was skipped without a word (CLI review). It cannot be named in a report either: said instead.
    raw = fs.readdirSync(root, { withFileTypes: true, encoding: 'buffer' });
  } catch (err) {
    search.unreadable.push(`${root}: ${reason(err)}`);
    return search;
  }
  // By UTF-16 code unit, not localeCompare: the ICU locale comes from LANG, and a Danish CI runner listed
  // aa.conf after z.conf (CLI review): reports and their diffs must not depend on the machine.
  const entries = raw.map((e) => ({ e, name: e.name.toString('utf8') })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { e, name } of entries) {
    const full = path.join(root, name);
    const searched = e.isDirectory() && !SKIP_DIRS.has(name) && !name.startsWith('.');
    // (A --fix killed before its rename leaves a TEMP_FILE, a copy of a config: not another config.)
    const skipped = !e.isDirectory() && (TEMP_FILE.test(name) || BACKUP.test(name));
    if (!Buffer.from(name, 'utf8').equals(e.name)) {
      const bytes = Buffer.concat([Buffer.from(`${root}${path.sep}`), e.name]);
      const matters = searched || (!e.isDirectory() && !skipped && (isConfigName(name) || looksLikeConfigAt(bytes)));
      if (matters) search.unreadable.push(`${full}: its name is not valid UTF-8, so it is not ${searched ? 'searched' : 'checked'} (rename it)`);
      continue;
    }
    if (e.isDirectory()) {
      if (searched) findConfigFiles(full, search);
      continue;
    }
    if (skipped) continue;
    if (!(e.isFile() || e.isSymbolicLink())) {
      // A FIFO, socket or device is never opened (a FIFO would wait for a writer forever); one with a
      // config's name is said, as a named one is (CLI review: it was skipped silently).
      if (isConfigName(name)) search.unreadable.push(`${full}: not a regular file, not checked`);
      continue;
    }
    let stat: fs.Stats;
    try {
      // One stat, through a link: what it points to, and its size.
      stat = fs.statSync(full);
    } catch (err) {
      // A dangling link or a link loop next to configs is no config: only one with a config's name
      // (that cannot be read) is reported, as for a file it cannot read below.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && isConfigName(name)) search.unreadable.push(`${full}: ${reason(err)}`);
      continue;
    }
    if (!stat.isFile()) {
      // A link to a folder (not descended, as grep -r); a link to a FIFO or a device, said as above.
      if (!stat.isDirectory() && isConfigName(name)) search.unreadable.push(`${full}: not a regular file, not checked`);
      continue;
    }
    if (stat.size > MAX_FILE_BYTES) {
      if (isConfigName(name)) search.unreadable.push(`${full}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, not checked (name it to check it)`);
      continue;
    }
    try {
      // At most the cap, whatever the size said: a link to /proc/self/pagemap says 0 bytes (read-capped.ts).
      const bytes = readCappedSync(full, MAX_FILE_BYTES);
      if (bytes === undefined) {
        if (isConfigName(name)) search.unreadable.push(`${full}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, not checked (name it to check it)`);
        continue;
      }
      // A UTF-16 config (Windows PowerShell's `>`) is judged decoded, and checked (the bom rule says what
      // wg makes of its bytes): it was skipped as binary, and the run passed without naming it (CLI review).
      const text = configText(bytes).text;
      if (text.includes('\0') && !text.slice(0, 4096).includes('[')) continue;
      if (looksLikeWireGuard(text)) search.files.push(full);
    } catch (err) {
      if (isConfigName(name)) search.unreadable.push(`${full}: ${reason(err)}`);
    }
  }
  return search;
}

/** Whether the file at `at` (a path in bytes) is a WireGuard config by content; false when unreadable. */
function looksLikeConfigAt(at: Buffer): boolean {
  try {
    const bytes = fs.statSync(at).isFile() ? readCappedSync(at, MAX_FILE_BYTES) : undefined;
    return bytes !== undefined && looksLikeWireGuard(configText(bytes).text);
  } catch {
    return false;
  }
}

/** An I/O error as a message says it: "permission denied" rather than Node's "EACCES: permission denied, open …". */
export function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ELOOP' ? 'too many levels of symbolic links' : (err as Error).message;
}
