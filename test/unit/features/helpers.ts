// Shared by the feature tests: reading fixtures and examples, applying LSP-shaped
// text edits the way an editor does, and finding positions by text.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { TextEdit } from '../../../server/src/core/features/formatting.ts';
import type { Position } from '../../../server/src/core/span.ts';

export const REPO = resolve(__dirname, '..', '..', '..');
export const FIXTURES = join(REPO, 'test', 'unit', 'fixtures', 'features');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Every example config, as `[relative path, text]`. */
export function examples(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.conf')) out.push([relative(REPO, full), readFileSync(full, 'utf8')]);
    }
  };
  walk(join(REPO, 'examples'));
  return out;
}

function offsetAt(text: string, pos: Position): number {
  let line = 0;
  let i = 0;
  while (line < pos.line) {
    const n = text.indexOf('\n', i);
    if (n < 0) return text.length;
    i = n + 1;
    line++;
  }
  return i + pos.character;
}

/** Applies non-overlapping edits (all relative to the original text), as LSP specifies. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The position of the `occurrence`-th match of `needle` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 0): Position {
  const lines = text.split(/\r?\n/);
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    let from = 0;
    for (;;) {
      const c = lines[line]!.indexOf(needle, from);
      if (c < 0) break;
      if (seen++ === occurrence) return { line, character: c + delta };
      from = c + 1;
    }
  }
  throw new Error(`"${needle}" not found`);
}
