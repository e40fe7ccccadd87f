// The editor's path for one big file, through the real server over JSON-RPC:
//   hub     a 5,000-peer hub: didOpen → diagnostics, one-line edits → diagnostics, hover and
//           completion latency at 100 positions, documentSymbol, formatting
//   scaling didOpen → diagnostics at 1,250 / 2,500 / 5,000 / 10,000 peers, per peer; and one peer
//           with 10,000 / 20,000 AllowedIPs items on one line, per item
// "didOpen → diagnostics" opens a text the server has not seen (a fresh seed each run: new keys,
// so the parser's line cache misses) in a server that is already warm (JIT), then closes it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { LspClient } from '../test/server/lsp-client.ts';
import type { BenchContext } from './context.ts';
import { reps } from './context.ts';
import { generateHub, generateRouteList } from './generate.ts';
import type { Row } from './report.ts';
import { memoryUri, startServer } from './server.ts';
import { baselineMs, summarize } from './stats.ts';

const HUB_PEERS = 5000;
const NULL_SERVER = join(__dirname, 'null-server.mjs');
const SCALING_PEERS = [1250, 2500, 5000, 10_000];
/** Items of the one AllowedIPs line of a route list (generateRouteList). */
const ROUTE_ITEMS = [10_000, 20_000];
const CONFIGURATION = { wgls: { rules: {} } };

/** Seeds for texts never opened before in this process. */
let nextSeed = 1000;

/** didOpen → the diagnostics of that version published; then didClose and wait until it is withdrawn. */
async function openOnce(client: LspClient, peers: number, text = generateHub(peers, { seed: nextSeed++ }), name = `hub-${peers}.conf`): Promise<{ ms: number; diagnostics: number }> {
  const uri = memoryUri(name);
  const t0 = performance.now();
  client.open(uri, text);
  const published = await client.waitForDiagnostics(uri);
  const ms = performance.now() - t0;
  client.close(uri);
  await client.waitForDiagnostics(uri, (p) => p.version === undefined);
  return { ms, diagnostics: published.diagnostics.length };
}

async function coldOpens(client: LspClient, peers: number, warmup: number, runs: number): Promise<{ samples: number[]; diagnostics: number }> {
  for (let i = 0; i < warmup; i++) await openOnce(client, peers);
  const samples: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < runs; i++) {
    const r = await openOnce(client, peers);
    samples.push(r.ms);
    diagnostics = r.diagnostics;
  }
  return { samples, diagnostics };
}

/** The line nearest the middle of `lines` that matches. */
function lineNearMiddle(lines: readonly string[], test: (line: string) => boolean): number {
  const mid = Math.floor(lines.length / 2);
  for (let d = 0; d < lines.length; d++) {
    if (mid + d < lines.length && test(lines[mid + d]!)) return mid + d;
    if (mid - d >= 0 && test(lines[mid - d]!)) return mid - d;
  }
  throw new Error('no matching line');
}

/** One-line edits on an open document, each to a different text than the one before; ms until its diagnostics. */
async function timeEdits(client: LspClient, uri: string, line: number, start: number, end: number, values: readonly [string, string], warmup: number, runs: number): Promise<number[]> {
  const samples: number[] = [];
  let current = client.document(uri).getText({ start: { line, character: start }, end: { line, character: end } });
  if (current !== values[0] && current !== values[1]) throw new Error(`edit target is ${JSON.stringify(current)}`);
  for (let i = 0; i < warmup + runs; i++) {
    const next = current === values[0] ? values[1] : values[0];
    client.edit(uri, { start: { line, character: start }, end: { line, character: start + current.length } }, next);
    // From the didChange leaving the client: its local copy's update is the test client's cost.
    const t0 = client.lastNotifiedAt;
    await client.waitForDiagnostics(uri);
    if (i >= warmup) samples.push(performance.now() - t0);
    current = next;
  }
  return samples;
}

/** Enter and undo, alternately: a blank line inserted before `line`, then removed (every later peer moves). */
async function timeLineInserts(client: LspClient, uri: string, line: number, warmup: number, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const at = { line, character: 0 };
    if (i % 2 === 0) client.edit(uri, { start: at, end: at }, '\n');
    else client.edit(uri, { start: at, end: { line: line + 1, character: 0 } }, '');
    const t0 = client.lastNotifiedAt;
    await client.waitForDiagnostics(uri);
    if (i >= warmup) samples.push(performance.now() - t0);
  }
  if ((warmup + runs) % 2 === 1) {
    // Leave the text as it was for the measurements that follow.
    client.edit(uri, { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, '');
    await client.waitForDiagnostics(uri);
  }
  return samples;
}

/** 100 positions spread over the file, in turn on a key, on a value and on a blank line. */
function spreadPositions(lines: readonly string[], count = 100): Array<{ line: number; character: number }> {
  const positions: Array<{ line: number; character: number }> = [];
  const nearest = (from: number, test: (l: string) => boolean) => {
    for (let d = 0; d < lines.length; d++) {
      if (from + d < lines.length && test(lines[from + d]!)) return from + d;
      if (from - d >= 0 && test(lines[from - d]!)) return from - d;
    }
    return from;
  };
  const isPair = (l: string) => /^\w+\s*=/.test(l);
  for (let i = 0; i < count; i++) {
    const around = Math.floor(((i + 0.5) * lines.length) / count);
    const kind = i % 3;
    if (kind === 2) {
      positions.push({ line: nearest(around, (l) => l.trim() === ''), character: 0 });
    } else {
      const line = nearest(around, isPair);
      const text = lines[line]!;
      const eq = text.indexOf('=');
      positions.push({ line, character: kind === 0 ? Math.min(2, eq) : Math.min(text.length, eq + 4) });
    }
  }
  return positions;
}

/** Sequential requests, one warm-up pass then `passes` passes; the samples and the slowest position's median. */
async function timeRequests(client: LspClient, method: string, params: readonly unknown[], passes: number): Promise<{ samples: number[]; slowest: { index: number; ms: number } }> {
  for (const p of params) await client.request(method, p); // warm-up pass
  const samples: number[] = [];
  const perPosition: number[][] = params.map(() => []);
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < params.length; i++) {
      const t0 = performance.now();
      await client.request(method, params[i]);
      const ms = performance.now() - t0;
      samples.push(ms);
      perPosition[i]!.push(ms);
    }
  }
  const medians = perPosition.map((xs) => summarize(xs).median);
  const index = medians.indexOf(Math.max(...medians));
  return { samples, slowest: { index, ms: medians[index]! } };
}

/** `line 123 "AllowedIPs = 10.0|.1.2/32, …"` (| = the position). */
function describePosition(lines: readonly string[], position: { line: number; character: number }): string {
  const text = lines[position.line]!;
  const shown = `${text.slice(0, position.character)}|${text.slice(position.character)}`;
  return `line ${position.line + 1} ${JSON.stringify(shown.length > 40 ? shown.slice(0, 40) + '…' : shown)}`;
}

async function timeRepeated(client: LspClient, method: string, params: unknown, warmup: number, runs: number): Promise<{ samples: number[]; size: number }> {
  let size = 0;
  for (let i = 0; i < warmup; i++) await client.request(method, params);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = await client.request<unknown[] | null>(method, params);
    samples.push(performance.now() - t0);
    size = result?.length ?? 0;
  }
  return { samples, size };
}

/**
 * didOpen of a file the workspace index has already read from disk (what happens when a user opens a
 * config of the folder): the server starts from the index's document. Open, diagnostics, close, and
 * wait until the closed file's diagnostics are back, in turn.
 */
async function indexedOpens(ctx: BenchContext, text: string, warmup: number, runs: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wgls-bench-open-'));
  writeFileSync(join(dir, 'wg0.conf'), text, { mode: 0o600 });
  const uri = pathToFileURL(join(dir, 'wg0.conf')).toString();
  const client = await startServer(ctx.server, { rootPath: dir, configuration: CONFIGURATION });
  try {
    // The background index reads the folder and publishes the closed file's diagnostics.
    await client.waitForDiagnostics(uri, (p) => p.version === undefined);
    const samples: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      client.open(uri, text, { version: i + 1 });
      const t0 = client.lastNotifiedAt;
      await client.waitForDiagnostics(uri, (p) => p.version === i + 1);
      if (i >= warmup) samples.push(performance.now() - t0);
      client.close(uri);
      await client.waitForDiagnostics(uri, (p) => p.version === undefined);
    }
    return samples;
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Cold opens against bench/null-server.mjs: what the JSON-RPC path alone costs for the same text. */
async function transportFloor(ctx: BenchContext): Promise<number[]> {
  // Not ctx.server's Node flags: a --cpu-prof of this server would mix with wgls's profiles.
  const client = await startServer({ serverPath: NULL_SERVER }, { configuration: CONFIGURATION });
  try {
    return (await coldOpens(client, HUB_PEERS, reps(ctx, 5, 2), reps(ctx, 15, 4))).samples;
  } finally {
    await client.shutdown();
  }
}

const row = (group: string, name: string, samples: readonly number[], baseline: number, extra: Partial<Row> = {}): Row => {
  const s = summarize(samples);
  return { group, name, unit: 'ms', value: s.median, p95: s.p95, n: s.n, baseline, ...extra };
};

export async function hubBench(ctx: BenchContext): Promise<Row[]> {
  const group = `hub ${HUB_PEERS}`;
  const text = generateHub(HUB_PEERS);
  const lines = text.split('\n');
  const base = baselineMs([text], ctx.quick).median;
  ctx.progress(`${group}: ${(text.length / 1024).toFixed(0)} KB, ${lines.length} lines; baseline ${base.toFixed(2)} ms`);
  const rows: Row[] = [];

  // The very first file a fresh server sees (JIT cold): what opening the first config costs.
  const fresh: number[] = [];
  for (let i = 0; i < reps(ctx, 3, 1); i++) {
    const client = await startServer(ctx.server, { configuration: CONFIGURATION });
    try {
      fresh.push((await openOnce(client, HUB_PEERS)).ms);
    } finally {
      await client.shutdown();
    }
  }

  const client = await startServer(ctx.server, { configuration: CONFIGURATION });
  try {
    ctx.progress(`${group}: didOpen`);
    const cold = await coldOpens(client, HUB_PEERS, reps(ctx, 5, 2), reps(ctx, 15, 4));
    rows.push(row(group, 'didOpen → diagnostics (new text, warm server)', cold.samples, base, { target: { on: 'ratio', max: 20 }, note: `${cold.diagnostics} diagnostics published per open` }));
    rows.push(row(group, 'didOpen → diagnostics (fresh server process)', fresh, base, { note: 'first document of a just-started server: includes JIT warm-up; informational' }));

    rows.push(row(group, 'didOpen → diagnostics (transport floor: a server doing nothing)', await transportFloor(ctx), base, { note: 'bench/null-server.mjs: same connection library and IPC, publishes [] at once; the part of the line above no engine can remove' }));

    const indexed = await indexedOpens(ctx, text, reps(ctx, 2, 1), reps(ctx, 10, 3));
    rows.push(row(group, 'didOpen → diagnostics (a file the workspace index has read)', indexed, base, { note: 'the server starts from the index\'s parse of the same text; informational' }));

    const uri = memoryUri('hub.conf');
    client.open(uri, text);
    await client.waitForDiagnostics(uri);

    ctx.progress(`${group}: edits`);
    const ka = lineNearMiddle(lines, (l) => l === 'PersistentKeepalive = 25');
    const kaStart = 'PersistentKeepalive = '.length;
    const kaSamples = await timeEdits(client, uri, ka, kaStart, kaStart + 2, ['25', '26'], reps(ctx, 5, 2), reps(ctx, 40, 10));
    rows.push(row(group, `edit PersistentKeepalive (line ${ka + 1}) → diagnostics`, kaSamples, base, { target: { on: 'ratio', max: 3 } }));

    const ai = lineNearMiddle(lines, (l) => l.startsWith('AllowedIPs = 10.'));
    const aiStart = 'AllowedIPs = '.length;
    const aiEnd = lines[ai]!.indexOf(',');
    const original = lines[ai]!.slice(aiStart, aiEnd);
    const aiSamples = await timeEdits(client, uri, ai, aiStart, aiEnd, [original, '10.250.0.1/32'], reps(ctx, 5, 2), reps(ctx, 40, 10));
    rows.push(row(group, `edit AllowedIPs item (line ${ai + 1}) → diagnostics`, aiSamples, base, { target: { on: 'ratio', max: 3 } }));

    const enterAt = lineNearMiddle(lines, (l) => l === '[Peer]');
    const enterSamples = await timeLineInserts(client, uri, enterAt, reps(ctx, 4, 2), reps(ctx, 40, 10));
    rows.push(row(group, `Enter before line ${enterAt + 1} (later peers move) → diagnostics`, enterSamples, base, { note: 'a blank line inserted, then removed, in turn; informational' }));

    ctx.progress(`${group}: hover, completion`);
    const positions = spreadPositions(lines);
    const params = positions.map((position) => ({ textDocument: { uri }, position }));
    const passes = reps(ctx, 3, 1);
    const hover = await timeRequests(client, 'textDocument/hover', params, passes);
    const slowest = (r: { slowest: { index: number; ms: number } }) => `slowest position (median ${r.slowest.ms.toFixed(1)} ms): ${describePosition(lines, positions[r.slowest.index]!)}`;
    rows.push(row(group, 'hover (100 positions)', hover.samples, base, { target: { on: 'ratio', stat: 'p95', max: 1 }, note: slowest(hover) }));
    const completion = await timeRequests(
      client,
      'textDocument/completion',
      params.map((p) => ({ ...p, context: { triggerKind: 1 } })),
      passes,
    );
    rows.push(row(group, 'completion (100 positions)', completion.samples, base, { target: { on: 'ratio', stat: 'p95', max: 1 }, note: slowest(completion) }));

    ctx.progress(`${group}: documentSymbol, formatting`);
    const symbols = await timeRepeated(client, 'textDocument/documentSymbol', { textDocument: { uri } }, reps(ctx, 3, 1), reps(ctx, 20, 5));
    rows.push(row(group, 'documentSymbol', symbols.samples, base, { note: `${symbols.size} top-level symbols` }));
    const formatting = await timeRepeated(client, 'textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }, reps(ctx, 3, 1), reps(ctx, 20, 5));
    rows.push(row(group, 'formatting', formatting.samples, base, { note: `${formatting.size} edits` }));
  } finally {
    await client.shutdown();
  }
  return rows;
}

export async function scalingBench(ctx: BenchContext): Promise<Row[]> {
  const group = 'scaling';
  const rows: Row[] = [];
  const samples = new Map<number, number[]>(SCALING_PEERS.map((p) => [p, []]));
  const routeSamples = new Map<number, number[]>(ROUTE_ITEMS.map((n) => [n, []]));
  const client = await startServer(ctx.server, { configuration: CONFIGURATION });
  try {
    // Warm-up rounds, then measured rounds, each opening every size once: the sizes are
    // interleaved so a change in machine load during the run hits them all alike.
    const warmup = reps(ctx, 2, 1);
    const rounds = reps(ctx, 10, 3);
    for (let round = 0; round < warmup + rounds; round++) {
      ctx.progress(`${group}: round ${round + 1}/${warmup + rounds}${round < warmup ? ' (warm-up)' : ''}`);
      for (const peers of SCALING_PEERS) {
        const { ms } = await openOnce(client, peers);
        if (round >= warmup) samples.get(peers)!.push(ms);
      }
      for (const items of ROUTE_ITEMS) {
        const { ms } = await openOnce(client, 0, generateRouteList(items, { seed: nextSeed++ }), `routes-${items}.conf`);
        if (round >= warmup) routeSamples.get(items)!.push(ms);
      }
    }
  } finally {
    await client.shutdown();
  }
  const medians = new Map<number, number>();
  const bases = new Map<number, number>();
  for (const peers of SCALING_PEERS) {
    const base = baselineMs([generateHub(peers)], ctx.quick).median;
    const ms = samples.get(peers)!;
    const s = summarize(ms.map((x) => (x * 1000) / peers));
    medians.set(peers, summarize(ms).median);
    bases.set(peers, base);
    rows.push({ group, name: `didOpen → diagnostics, ${peers} peers`, unit: 'µs/peer', value: s.median, p95: s.p95, n: s.n, baseline: (base * 1000) / peers, note: `median ${summarize(ms).median.toFixed(1)} ms; baseline ${base.toFixed(2)} ms` });
  }
  const ratio = medians.get(10_000)! / medians.get(5000)!;
  rows.push({
    group,
    name: 'time at 10,000 vs 5,000 peers',
    unit: '×',
    value: ratio,
    target: { on: 'value', max: 2.3 },
    note: `ratio of the medians; the baseline itself scales ${(bases.get(10_000)! / bases.get(5000)!).toFixed(2)}×`,
  });
  // A long AllowedIPs line: what the per-peer view misses (a peer's items were compared pairwise once).
  const routeMedians = new Map<number, number>();
  for (const items of ROUTE_ITEMS) {
    // (No baseline column: split + indexOf over ten lines is no measure of a 20,000-item line.)
    const ms = routeSamples.get(items)!;
    const s = summarize(ms.map((x) => (x * 1000) / items));
    routeMedians.set(items, summarize(ms).median);
    rows.push({ group, name: `didOpen → diagnostics, one AllowedIPs line of ${items} items`, unit: 'µs/item', value: s.median, p95: s.p95, n: s.n, note: `median ${summarize(ms).median.toFixed(1)} ms` });
  }
  rows.push({
    group,
    name: `time at ${ROUTE_ITEMS[1]} vs ${ROUTE_ITEMS[0]} AllowedIPs items`,
    unit: '×',
    value: routeMedians.get(ROUTE_ITEMS[1]!)! / routeMedians.get(ROUTE_ITEMS[0]!)!,
    note: 'ratio of the medians (2× is linear); informational',
  });
  return rows;
}
