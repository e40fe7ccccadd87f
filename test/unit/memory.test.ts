// Memory: what a closed document leaves behind. Memos and caches keyed by cuts of a document's text
// kept the whole text alive (V8 makes a cut of 13+ characters a view into it): 40 opened and closed
// 5,000-peer hubs held 51 MB. Measured in a child process with --expose-gc (full GCs around the loop).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const FIXTURE = join(__dirname, 'fixtures', 'retention.ts');

function grewBytes(hubs: number): number {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', FIXTURE, String(hubs)], { encoding: 'utf8', cwd: join(__dirname, '..', '..') });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { grewBytes: number }).grewBytes;
}

test('opening and closing big configs leaves (almost) nothing behind: no closed document is kept alive', () => {
  // Each hub's text is about 1 MB: keeping them would grow the heap by ~20 MB (the old caches did).
  // What may stay is bounded (a LineCache of 4,096 short lines, key memos), so 20 hubs stay under 6 MB.
  const grew = grewBytes(20);
  assert.ok(grew < 6 * 1024 * 1024, `heap grew by ${(grew / 1e6).toFixed(1)} MB after 20 hubs were opened and closed`);
});
