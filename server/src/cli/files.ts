// Which files the CLI checks: named files as given; directories searched for
// WireGuard configs by content (first section header [Interface] or [Peer]).

import * as fs from 'node:fs';
import * as path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', '.vscode-test']);
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const HEADER = /^\s*\[\s*(interface|peer)\s*\]/im;

export function isWireGuardText(text: string): boolean {
  // The first non-comment, non-blank `[…]` line decides.
  for (const raw of text.split(/\r\n|\r|\n/, 400)) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) return HEADER.test(line);
  }
  return false;
}

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
    } else if (e.isFile()) {
      try {
        if (fs.statSync(full).size > MAX_FILE_BYTES) continue;
        const head = fs.readFileSync(full, 'utf8');
        if (head.includes('\0') && !head.slice(0, 4096).includes('[')) continue;
        if (isWireGuardText(head)) out.push(full);
      } catch {
        // unreadable: skipped in directory mode; named files report it
      }
    }
  }
  return out;
}
