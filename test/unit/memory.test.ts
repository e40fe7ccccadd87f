// Memory: what a closed or replaced document leaves behind. Memos, caches and indexes keyed by cuts
// of a document's text kept the whole text alive (V8 makes a cut of 13+ characters a view into it):
// 40 opened and closed 5,000-peer hubs held 51 MB. Each case runs in a child process with
// --expose-gc (full GCs around the loop; see fixtures/retention.ts for what each one exercises).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const FIXTURE = join(__dirname, 'fixtures', 'retention.ts');

function grewBytes(mode: string, n: number): number {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', FIXTURE, mode, String(n)], { encoding: 'utf8', cwd: join(__dirname, '..', '..') });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { grewBytes: number }).grewBytes;
}

// Each hub's text is about 1 MB: keeping 20 of them would grow the heap by ~20 MB (the old code did:
// 19.6 MB open, 20.3 MB reload). What may stay is bounded (a LineCache of 4,096 short lines, memos).
const LIMIT = 6 * 1024 * 1024;
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

/** Each mode of fixtures/retention.ts, run 20 times, and the cache it exercises. */
const CASES: ReadonlyArray<[mode: string, what: string]> = [
  ['open', '20 hubs opened, validated and closed (the public-key memo)'],
  ['reload', 'one hub read again 20 times, a new peer each time (the workspace key indexes)'],
  ['spell', '20 hubs, each spelling a key its own way (the key-spelling memo)'],
  ['lines', '20 hubs, each with a short line of its own (the LineCache)'],
];

describe('no closed or replaced document is kept alive', () => {
  for (const [mode, what] of CASES) {
    test(what, () => {
      const grew = grewBytes(mode, 20);
      assert.ok(grew < LIMIT, `heap grew by ${mb(grew)}`);
    });
  }
});
