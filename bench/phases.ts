// In-process phase timings of the engine on a 5,000-peer hub, for profiling work (not a test):
//   node --import tsx bench/phases.ts [--peers N] [--runs N]
// cold: a new text per run (new keys, no warm caches): parse, buildModel, workspace set, validate.
// edit: one line of a parsed hub edited per run (PersistentKeepalive 25 ↔ 26, then an AllowedIPs
//       item, then Enter: a blank line inserted and removed, which moves every later peer), each
//       phase of the server's edit path timed: reparse, buildModel, workspace set, validation.
//       Medians after warm-up; the baseline (split + indexOf) is measured here too.
// junk: the same edit path on a text of 100,000 lines that is no config at all (a problem per line):
//       what a keystroke costs in the worst file a user can open in the editor's WireGuard mode.
// `npm run bench` measures the same through the real server over JSON-RPC; this script says where
// the time goes.

import { performance } from 'node:perf_hooks';
import { parse, reparse, LineCache } from '../server/src/core/parser.ts';
import { buildModel } from '../server/src/core/model.ts';
import { WorkspaceModel } from '../server/src/core/workspace.ts';
import { validateInWorkspace } from '../server/src/core/validate.ts';
import { generateHub } from './generate.ts';
import { numberArg } from './args.ts';

const PEERS = numberArg('peers', 5000);
const RUNS = numberArg('runs', 30);

type Timings = Record<string, number[]>;
const record = (t: Timings, k: string, ms: number) => (t[k] ??= []).push(ms);
function time<T>(t: Timings, k: string, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  record(t, k, performance.now() - t0);
  return r;
}
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

/** One timing of the baseline (split + indexOf) on `text`. */
function baselineOnce(text: string): number {
  const t0 = performance.now();
  const lines = text.split('\n');
  let s = 0;
  for (let i = 0; i < lines.length; i++) s += lines[i]!.indexOf('=');
  return performance.now() - t0 + (s === -1 ? 1 : 0);
}
// Baseline samples are taken between the cold runs, on the texts the engine reads, as `npm run bench`
// does: measured alone at start-up (small heap, cold code) the same loop took over twice as long, which
// made every ratio below look twice as good as the server bench's.
const baseSamples: number[] = [];

function print(title: string, t: Timings, base: number, warm: number) {
  console.log(`\n${title}`);
  let total = 0;
  for (const [k, v] of Object.entries(t)) {
    const m = median(v.slice(warm));
    total += m;
    console.log(`  ${k.padEnd(22)} ${m.toFixed(2).padStart(8)} ms  ${(m / base).toFixed(2).padStart(7)}×`);
  }
  console.log(`  ${'total'.padEnd(22)} ${total.toFixed(2).padStart(8)} ms  ${(total / base).toFixed(2).padStart(7)}×`);
}

const URI = 'file:///bench/wg0.conf';

function cold(): Timings {
  const t: Timings = {};
  for (let r = 0; r < Math.max(8, RUNS / 3); r++) {
    const text = generateHub(PEERS, { seed: 1000 + r });
    for (let k = 0; k < 3; k++) baseSamples.push(baselineOnce(text));
    const ws = new WorkspaceModel();
    const doc = time(t, 'parse', () => parse(text));
    const model = time(t, 'buildModel', () => buildModel(doc));
    const file = time(t, 'workspace set', () => ws.set(URI, doc, model));
    time(t, 'validateInWorkspace', () => validateInWorkspace(ws, file, {}));
  }
  return t;
}

function edit(kind: 'keepalive' | 'allowedips' | 'enter' | 'junk'): Timings {
  const t: Timings = {};
  const text = kind === 'junk' ? Array.from({ length: 100_000 }, (_, i) => `some text that is no config, line ${i}`).join('\n') : generateHub(PEERS);
  const lines = text.split('\n');
  const at = kind === 'junk' ? lines.length >> 1 : lines.findIndex((l, i) => i > lines.length / 2 && l.startsWith(kind === 'keepalive' ? 'PersistentKeepalive' : 'AllowedIPs'));
  // Enter: a blank line inserted in the middle (and removed on the next run) shifts every later peer.
  const original = lines[at]!;
  const cache = new LineCache();
  const ws = new WorkspaceModel();
  let doc = parse(text, cache);
  validateInWorkspace(ws, ws.set(URI, doc), {});
  for (let r = 0; r < RUNS; r++) {
    if (kind === 'enter') lines.splice(at, r % 2 ? 1 : 0, ...(r % 2 ? [] : ['']));
    else if (kind === 'junk') lines[at] = `edited ${r}`;
    else lines[at] = kind === 'keepalive' ? `PersistentKeepalive = ${25 + (r % 2)}` : r % 2 ? 'AllowedIPs = 10.250.0.1/32' : original;
    const next = lines.join('\n');
    doc = time(t, 'reparse', () => reparse(doc, next, cache));
    const model = time(t, 'buildModel', () => buildModel(doc));
    const file = time(t, 'workspace set', () => ws.set(URI, doc, model));
    time(t, 'validateInWorkspace', () => validateInWorkspace(ws, file, {}));
  }
  return t;
}

const coldTimings = cold();
const base = median(baseSamples.slice(9));
console.log(`wgls engine phases: ${PEERS} peers; baseline split+indexOf ${base.toFixed(2)} ms (node ${process.version})`);
print('cold (new text per run)', coldTimings, base, 3);
print('edit PersistentKeepalive', edit('keepalive'), base, 5);
print('edit AllowedIPs item', edit('allowedips'), base, 5);
print('edit Enter (line count changes)', edit('enter'), base, 5);
// (Its own baseline: the ratio is to reading that text, not the hub.)
const junk = edit('junk');
const junkText = Array.from({ length: 100_000 }, (_, i) => `some text that is no config, line ${i}`).join('\n');
const junkBase = median(Array.from({ length: 15 }, () => baselineOnce(junkText)).slice(5));
console.log(`\n100,000 lines that are no config: baseline split+indexOf ${junkBase.toFixed(2)} ms`);
print('edit one junk line', junk, junkBase, 5);
