// Parser benchmark (a script, not a test):
//   npm run bench:parser [-- --peers N --min-ms N --min-runs N --max-ms N --skip-validate]
// Measures in one process, after warm-up, the median of many runs of:
//   baseline        text.split('\n') + indexOf('=') on every line (the least any parser must do)
//   parse           parse(text), no cache
//   parse (warm)    parse(text, cache) with every line already cached
//   parse + nodes   parse(text), then every line's node and every section's entries built (line
//                   nodes are built on first access: the parse itself records each line's place
//                   and shape and the sections; this row is the cost when everything is read)
//   validate(parse) the full engine on the text
//   validate only   validate(doc) on an already parsed document
// The bar (issue: foundation): parse < 5× baseline.

import { performance } from 'node:perf_hooks';
import { LineCache, parse, print } from '../server/src/core/parser.ts';
import { validate } from '../server/src/core/validate.ts';
import { generateHub } from './generate.ts';
import { flag, numberArg } from './args.ts';

const PEERS = numberArg('peers', 5000);
/** Each case runs for at least this long (and at least MIN_RUNS times)… */
const MIN_MS = numberArg('min-ms', 2000);
const MIN_RUNS = numberArg('min-runs', 30);
/** …unless it is so slow that MAX_MS passes first; then it stops after 3 runs. */
const MAX_MS = numberArg('max-ms', 20_000);
const WARMUP_RUNS = numberArg('warmup', 20);
/** Warm-up stops early after this long (a slow case needs fewer runs to be optimised). */
const WARMUP_MS = numberArg('warmup-ms', 1000);
const SKIP_VALIDATE = flag('skip-validate');
const BAR = 5;

const text = generateHub(PEERS);
const doc = parse(text);
if (print(doc) !== text) throw new Error('round trip failed on the benchmark input');
const warmCache = new LineCache();
parse(text, warmCache);

/** Results are folded into this so no run can be optimised away. */
let sink = 0;

interface Case {
  readonly name: string;
  readonly run: () => void;
}

const cases: Case[] = [
  {
    name: 'baseline split+indexOf',
    run: () => {
      const lines = text.split('\n');
      let s = 0;
      for (let i = 0; i < lines.length; i++) s += lines[i]!.indexOf('=');
      sink += s + lines.length;
    },
  },
  { name: 'parse (no cache)', run: () => void (sink += parse(text).lines.length) },
  { name: 'parse (warm cache)', run: () => void (sink += parse(text, warmCache).lines.length) },
  {
    name: 'parse + every node built',
    run: () => {
      const d = parse(text);
      let n = 0;
      for (const l of d.lines) n += l.node.text.length;
      for (const s of d.sections) n += s.entries.length;
      sink += n;
    },
  },
  ...(SKIP_VALIDATE
    ? []
    : [
        { name: 'validate(parse(text))', run: () => void (sink += validate(parse(text)).length) },
        { name: 'validate only', run: () => void (sink += validate(doc).length) },
      ]),
];

function measure(c: Case): { median: number; p10: number; p90: number; runs: number } {
  const warmupStart = performance.now();
  for (let i = 0; i < WARMUP_RUNS && (i === 0 || performance.now() - warmupStart < WARMUP_MS); i++) c.run();
  const times: number[] = [];
  const start = performance.now();
  const enough = () => {
    const elapsed = performance.now() - start;
    return (times.length >= MIN_RUNS && elapsed >= MIN_MS) || (times.length >= 3 && elapsed >= MAX_MS);
  };
  while (!enough()) {
    const t0 = performance.now();
    c.run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), runs: times.length };
}

console.log(`wgls parser benchmark: ${PEERS} peers, ${(text.length / 1024).toFixed(0)} KB, ${doc.lines.length} lines, ${doc.sections.length} sections`);
console.log(
  `node ${process.version}, ${process.platform}/${process.arch}; warm-up ≤${WARMUP_RUNS} runs (≤${WARMUP_MS} ms), then ≥${MIN_RUNS} runs and ≥${MIN_MS} ms per case (≥3 runs if a case passes ${MAX_MS} ms)\n`,
);

const results = cases.map((c) => ({ c, r: measure(c) }));
const baseline = results[0]!.r.median;
const rows = results.map(({ c, r }) => [c.name, r.median.toFixed(2), `${r.p10.toFixed(2)}–${r.p90.toFixed(2)}`, (r.median / baseline).toFixed(2) + '×', String(r.runs)]);
const header = ['case', 'median ms', 'p10–p90 ms', 'vs baseline', 'runs'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const fmt = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
console.log(fmt(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(fmt(row));

const ratio = results[1]!.r.median / baseline;
console.log(`\nbar: parse (no cache) < ${BAR}× baseline → ${ratio.toFixed(2)}× ${ratio < BAR ? 'PASS' : 'MISS'}`);
if (sink === -1) console.log(sink); // keeps `sink` observable
