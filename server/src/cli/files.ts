// Which files the CLI checks: named files as given; directories searched for
// WireGuard configs by content (first section header [Interface] or [Peer]), backups left out.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { looksLikeWireGuard } from '../core/detect.ts';
import { TEMP_FILE } from './fix.ts';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', '.vscode-test']);
/**
 * Copies that sit next to configs (an editor's, a package manager's, a person's): by content they are
 * configs too, and as second copies of the same keys and addresses they would fail the real one
 * (reused-private-key). Skipped when searching a folder; named on the command line, they are checked.
 */
const BACKUP = /(~|\.(bak|backup|old|orig|save|swp|tmp|dpkg-(old|new|dist|bak)|rpm(save|new|orig)|ucf-(old|dist)))$/i;
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function findConfigFiles(root: string, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(root, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) findConfigFiles(full, out);
    } else if (e.isFile() && !TEMP_FILE.test(e.name) && !BACKUP.test(e.name)) {
      // (A --fix killed before its rename leaves such a file, a copy of a config: not another config.)
      try {
        if (fs.statSync(full).size > MAX_FILE_BYTES) continue;
        const head = fs.readFileSync(full, 'utf8');
        if (head.includes('\0') && !head.slice(0, 4096).includes('[')) continue;
        if (looksLikeWireGuard(head)) out.push(full);
      } catch {
        // unreadable: skipped in directory mode; named files report it
      }
    }
  }
  return out;
}
