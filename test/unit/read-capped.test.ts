// Reading files whose size is not to be trusted (server/src/read-capped.ts): what the workspace index
// and the CLI read is bounded by bytes read, not by what stat said (a /proc file says 0 bytes).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCapped, readCappedSync } from '../../server/src/read-capped.ts';

describe('readCapped', () => {
  test('a file up to the bound is read whole, one byte more is too large (both variants)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgls-capped-'));
    try {
      for (const size of [0, 1, 65_535, 65_536, 65_537, 200_000]) {
        const file = join(dir, `f${size}`);
        const bytes = Buffer.alloc(size, 0x41);
        writeFileSync(file, bytes);
        assert.deepEqual(await readCapped(file, size), bytes, `async, ${size}`);
        assert.deepEqual(readCappedSync(file, size), bytes, `sync, ${size}`);
        if (size > 0) {
          assert.equal(await readCapped(file, size - 1), undefined, `async, ${size} > ${size - 1}`);
          assert.equal(readCappedSync(file, size - 1), undefined, `sync, ${size} > ${size - 1}`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a /proc file that stat calls empty is cut at the bound (the security review read 16 GB of one)', { skip: existsSync('/proc/self/pagemap') ? false : 'no /proc/self/pagemap here' }, async () => {
    assert.equal(await readCapped('/proc/self/pagemap', 1024 * 1024), undefined);
    assert.equal(readCappedSync('/proc/self/pagemap', 1024 * 1024), undefined);
  });
});
