// Differential test against the recorded real tools (no root needed): every corpus file's wgls
// verdict (error or not, target wg-quick) must equal what wg-quick strip + wg setconf + the
// replayed `wg-quick up` ip steps said when test/differential/oracle.json was recorded. The live
// re-run on the real tools is `npm run test:differential` (test/differential/run.ts).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatTable, listCorpus, oracleReason, readOracle, summarize, wglsVerdicts, type Row } from '../differential/corpus.ts';

const oracle = readOracle();
const files = listCorpus();

test('differential: oracle.json records every corpus file, and nothing else', () => {
  assert.ok(files.length >= 180, `corpus has only ${files.length} files`);
  assert.deepEqual(Object.keys(oracle.files).sort(), files);
});

test('differential: wgls agrees with wg / wg-quick on every corpus file', () => {
  const wgls = wglsVerdicts(files);
  const rows: Row[] = files.map((f) => {
    const rec = oracle.files[f]!;
    const mine = wgls.get(f)!;
    return {
      file: f,
      oracle: rec.verdict,
      wgls: mine.verdict,
      why: rec.verdict === 'ok' && mine.verdict === 'error' ? `tools accept; wgls: ${mine.errors.join(' | ')}` : oracleReason(rec),
    };
  });
  console.log(`${formatTable(rows)}\n${summarize(rows)}`);
  const bad = rows.filter((r) => r.oracle !== r.wgls);
  assert.equal(bad.length, 0, `${bad.length} disagreement(s):\n${bad.map((r) => `  ${r.file}: oracle ${r.oracle}, wgls ${r.wgls} (${r.why})`).join('\n')}`);
});
