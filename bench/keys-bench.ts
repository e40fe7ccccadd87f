// Key pairs: in-process X25519 (server/src/core/keys.ts, what wgls's key actions use) against
// spawning `wg genkey` then `wg pubkey` per pair, as other tools do.

import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { generateKeyPair, publicKeyOf } from '../server/src/core/keys.ts';
import type { BenchContext } from './context.ts';
import type { Row } from './report.ts';
import { consume } from './stats.ts';

const PAIRS = 1000;

function wgAvailable(): boolean {
  const r = spawnSync('wg', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** One pair the way shell tools make it: `wg genkey | wg pubkey`, two processes, no shell. */
function wgPair(): { privateKey: string; publicKey: string } {
  const genkey = spawnSync('wg', ['genkey'], { encoding: 'utf8' });
  if (genkey.status !== 0) throw new Error(`wg genkey failed: ${genkey.stderr}`);
  const privateKey = genkey.stdout.trim();
  const pubkey = spawnSync('wg', ['pubkey'], { input: privateKey + '\n', encoding: 'utf8' });
  if (pubkey.status !== 0) throw new Error(`wg pubkey failed: ${pubkey.stderr}`);
  return { privateKey, publicKey: pubkey.stdout.trim() };
}

export async function keysBench(ctx: BenchContext): Promise<Row[]> {
  const group = 'keys';
  for (let i = 0; i < 200; i++) consume(generateKeyPair().publicKey.length); // warm-up
  const runs = ctx.quick ? 3 : 9;
  const inProcess: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < PAIRS; i++) consume(generateKeyPair().publicKey.length);
    inProcess.push(performance.now() - t0);
  }
  inProcess.sort((a, b) => a - b);
  const inMs = inProcess[Math.floor(runs / 2)]!;
  const rows: Row[] = [{ group, name: `${PAIRS} pairs in-process (generateKeyPair)`, unit: 'ms', value: inMs, n: runs, note: `median of ${runs} runs of ${PAIRS} pairs` }];

  if (!wgAvailable()) {
    rows.push({ group, name: 'wg genkey | wg pubkey', unit: 'ms', value: NaN, note: 'skipped: `wg` is not installed' });
    return rows;
  }
  const spawned = ctx.quick ? 20 : 100;
  wgPair(); // warm the page cache
  const t0 = performance.now();
  let agree = 0;
  for (let i = 0; i < spawned; i++) {
    const pair = wgPair();
    if (publicKeyOf(pair.privateKey) === pair.publicKey) agree++;
  }
  const wgMs = ((performance.now() - t0) * PAIRS) / spawned;
  // The publicKeyOf checks above are in-process and ~1000× cheaper than the spawns: negligible.
  rows.push({
    group,
    name: `${PAIRS} pairs spawning wg genkey | wg pubkey`,
    unit: 'ms',
    value: wgMs,
    n: spawned,
    note: `measured ${spawned} pairs (2 processes each) and scaled ×${PAIRS / spawned}; wg and publicKeyOf agreed on ${agree}/${spawned} public keys`,
  });
  rows.push({ group, name: 'in-process speed-up over spawning wg', unit: '×', value: wgMs / inMs, target: { on: 'value', min: 50 } });
  return rows;
}
