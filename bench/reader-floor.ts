// What the least a reader of a 5,000-peer hub must do costs, next to the baseline (not a test):
//   node --import tsx bench/reader-floor.ts [--peers N] [--runs N]
// The cold bar (didOpen → diagnostics ≤ 20× the baseline through the server) leaves the engine what the
// transport does not take (bench/null-server.mjs: 9–13× on 2026-12-06). These loops check nothing: they
// are the floor under any engine, measured on the same generated texts, in turn with the baseline.
//   scan    one pass over the text, the value of each `key = value` line as offsets in typed arrays:
//           no string, no object per line
//   slices  split + a trimmed key and value string per line (what any reader of strings makes)
//   keys    the 44-character keys decoded to 32 bytes (Buffer.from base64), after `slices`
//   prefixes the AllowedIPs items split and their IPv4 addresses parsed by hand (IPv6 not), after `slices`
// Medians of --runs texts (a new seed each), after warm-up.

import { performance } from 'node:perf_hooks';
import { generateHub } from './generate.ts';
import { numberArg } from './args.ts';
import { baselineRead, consume, summarize } from './stats.ts';

const PEERS = numberArg('peers', 5000);
const RUNS = numberArg('runs', 30);
const WARM = 5;

const median = (v: readonly number[]) => summarize(v).median;
/** One timing of `f`, its result folded into the bench's sink (so the loop is not optimised away). */
const timed = (f: () => number): number => {
  const t0 = performance.now();
  const result = f();
  const ms = performance.now() - t0;
  consume(result);
  return ms;
};
const baseline = (text: string) => {
  baselineRead(text);
  return 0;
};

function scan(text: string): number {
  const starts = new Int32Array(64 * 1024);
  const ends = new Int32Array(64 * 1024);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    const next = end + 1;
    const eq = text.indexOf('=', i);
    i = next;
    if (eq < 0 || eq > end) continue;
    let a = eq + 1;
    while (text.charCodeAt(a) === 32) a++;
    let b = end;
    while (b > a && text.charCodeAt(b - 1) <= 32) b--;
    if (n < starts.length) {
      starts[n] = a;
      ends[n] = b;
    }
    n++;
  }
  return n;
}

function slices(text: string): { keys: string[]; values: string[] } {
  const keys: string[] = [];
  const values: string[] = [];
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    keys.push(line.slice(0, eq).trim());
    values.push(line.slice(eq + 1).trim());
  }
  return { keys, values };
}

function decodeKeys({ keys, values }: ReturnType<typeof slices>): number {
  let bytes = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === 'PublicKey' || k === 'PresharedKey' || k === 'PrivateKey') bytes += Buffer.from(values[i]!, 'base64').length;
  }
  return bytes;
}

function parsePrefixes({ keys, values }: ReturnType<typeof slices>): number {
  let sum = 0;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== 'AllowedIPs') continue;
    for (const raw of values[i]!.split(',')) {
      const item = raw.trim();
      const slash = item.indexOf('/');
      const ip = slash < 0 ? item : item.slice(0, slash);
      if (ip.includes(':')) continue;
      const o = ip.split('.');
      sum += (((+o[0]! << 24) | (+o[1]! << 16) | (+o[2]! << 8) | +o[3]!) >>> 0) + (slash < 0 ? 32 : +item.slice(slash + 1));
    }
  }
  return sum;
}

const times: Record<'baseline' | 'scan' | 'slices' | 'keys' | 'prefixes', number[]> = { baseline: [], scan: [], slices: [], keys: [], prefixes: [] };
for (let r = 0; r < RUNS + WARM; r++) {
  const text = generateHub(PEERS, { seed: 5000 + r });
  const keep = r >= WARM;
  // In turn on the same text, the baseline between the others (as npm run bench measures it).
  const b1 = timed(() => baseline(text));
  const sc = timed(() => scan(text));
  let read: ReturnType<typeof slices> | undefined;
  const sl = timed(() => (read = slices(text)).keys.length);
  const b2 = timed(() => baseline(text));
  const ky = timed(() => decodeKeys(read!));
  const px = timed(() => parsePrefixes(read!));
  if (!keep) continue;
  times.baseline.push(b1, b2);
  times.scan.push(sc);
  times.slices.push(sl);
  times.keys.push(ky);
  times.prefixes.push(px);
}

const base = median(times.baseline);
console.log(`reader floor: ${PEERS} peers, ${RUNS} texts (node ${process.version}); baseline split+indexOf ${base.toFixed(2)} ms`);
for (const [name, v] of Object.entries(times)) {
  if (name === 'baseline') continue;
  const m = median(v);
  console.log(`  ${name.padEnd(10)} ${m.toFixed(2).padStart(7)} ms  ${(m / base).toFixed(2).padStart(6)}×`);
}
const reader = median(times.slices) + median(times.keys) + median(times.prefixes);
console.log(`  ${'slices+keys+prefixes'.padEnd(10)} ${reader.toFixed(2).padStart(7)} ms  ${(reader / base).toFixed(2).padStart(6)}×  (a reader of strings that checks nothing yet)`);
