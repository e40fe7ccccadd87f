// A workspace of 300 configs on disk (a hub and 299 spokes, real key pairs, the hub listing
// every spoke), as the server's workspace folder:
//   index   server start (spawn + initialize) → diagnostics published for all 300 files after
//           the background index (the publishes that follow its "indexed N configs" log line,
//           so they include every cross-file result)
//   edit    open one spoke, change its PresharedKey (alternately wrong and right) → its updated
//           diagnostics, and the (closed) hub's, which gains or loses the cross-file mismatch; then
//           open the hub and type a comment at its end → the hub's diagnostics
//   memory  server RSS after also opening the 5,000-peer hub

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { publicKeyOf } from '../server/src/core/keys.ts';
import type { LspClient, PublishDiagnosticsParams } from '../test/server/lsp-client.ts';
import type { BenchContext } from './context.ts';
import { reps } from './context.ts';
import { generateHub, generateWorkspace } from './generate.ts';
import type { Row } from './report.ts';
import { memoryOf, memoryUri, startServer } from './server.ts';
import { baselineMs, summarize } from './stats.ts';

const SPOKES = 299;
/** This spoke's PresharedKey differs from the hub's copy on disk: the index must find it. */
const BROKEN_SPOKE = SPOKES;
/** The spoke that is opened and edited. */
const EDITED_SPOKE = 150;
const MISMATCH = 'preshared-key-mismatch';

const mismatchesWith = (p: PublishDiagnosticsParams, uri: string) =>
  p.diagnostics.filter((d) => d.code === MISMATCH && d.relatedInformation?.some((r) => r.location.uri === uri)).length;

/** Resolves when `done()` holds: at once, or at the first publishDiagnostics after which it does. */
async function until(client: LspClient, done: () => boolean): Promise<void> {
  if (done()) return;
  await client.waitForNotification('textDocument/publishDiagnostics', () => done());
}

export async function workspaceBench(ctx: BenchContext): Promise<Row[]> {
  const group = `workspace ${SPOKES + 1}`;
  const configs = generateWorkspace(SPOKES, publicKeyOf, { mismatchedPsk: [BROKEN_SPOKE] });
  const base = baselineMs(configs.map((c) => c.text), ctx.quick).median;
  const rows: Row[] = [];
  const indexTimes: number[] = [];
  const serverIndexMs: number[] = [];
  const spokeTimes: number[] = [];
  const hubTimes: number[] = [];
  const bothTimes: number[] = [];
  const hubEditTimes: number[] = [];
  let memory: ReturnType<typeof memoryOf>;
  let problems = '';

  const starts = reps(ctx, 5, 1);
  for (let run = 0; run < starts; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'wgls-bench-ws-'));
    for (const c of configs) writeFileSync(join(dir, c.name), c.text, { mode: 0o600 });
    const uri = (name: string) => pathToFileURL(join(dir, name)).toString();
    const uris = configs.map((c) => uri(c.name));
    let client: LspClient | undefined;
    try {
      ctx.progress(`${group}: start ${run + 1}/${starts}`);
      const t0 = performance.now();
      client = await startServer(ctx.server, { rootPath: dir, configuration: { wgls: { rules: {} } } });
      const c = client;
      const log = await c.waitForNotification<{ message: string }>('window/logMessage', (p) => /indexed \d+ WireGuard/.test(p.message));
      const logAt = c.notifications.findIndex((n) => n.params === log);
      const seen = new Set<string>();
      let scanned = logAt + 1;
      await until(c, () => {
        for (; scanned < c.notifications.length; scanned++) {
          const n = c.notifications[scanned]!;
          if (n.method === 'textDocument/publishDiagnostics') seen.add((n.params as PublishDiagnosticsParams).uri);
        }
        return uris.every((u) => seen.has(u));
      });
      indexTimes.push(performance.now() - t0);
      serverIndexMs.push(Number(/in (\d+) ms/.exec(log.message)?.[1]));

      // The index must have seen both ends of the broken tunnel, and nothing else wrong.
      const hubUri = uri('hub.conf');
      const brokenUri = uris[BROKEN_SPOKE]!;
      const dirty = uris.filter((u) => (c.diagnostics(u)?.diagnostics.length ?? 0) > 0);
      const hubOk = mismatchesWith(c.diagnostics(hubUri)!, brokenUri) === 1;
      const spokeOk = mismatchesWith(c.diagnostics(brokenUri)!, hubUri) === 1;
      problems = `${dirty.length} file(s) with diagnostics after the index (expected 2: the hub and spoke ${BROKEN_SPOKE}, ${MISMATCH}); cross-file mismatch on both ends: ${hubOk && spokeOk ? 'yes' : 'NO'}`;

      // Edit one spoke's PresharedKey, alternately wrong and right.
      if (run === starts - 1) {
        ctx.progress(`${group}: edits`);
        const spokeUri = uris[EDITED_SPOKE]!;
        const text = configs[EDITED_SPOKE]!.text;
        c.open(spokeUri, text);
        await c.waitForDiagnostics(spokeUri);
        const lines = text.split('\n');
        const line = lines.findIndex((l) => l.startsWith('PresharedKey = '));
        const start = 'PresharedKey = '.length;
        const right = lines[line]!.slice(start);
        const wrong = `${right.slice(0, 10)}${right[10] === 'A' ? 'B' : 'A'}${right.slice(11)}`;
        let current = right;
        const warmup = reps(ctx, 4, 2);
        const runs = reps(ctx, 30, 10);
        for (let i = 0; i < warmup + runs; i++) {
          const next = current === right ? wrong : right;
          const expected = next === wrong ? 1 : 0;
          const version = c.edit(spokeUri, { start: { line, character: start }, end: { line, character: start + current.length } }, next);
          const e0 = c.lastNotifiedAt; // the didChange leaving the client
          let spokeAt = 0;
          let hubAt = 0;
          await until(c, () => {
            const now = performance.now();
            const s = c.diagnostics(spokeUri);
            if (!spokeAt && s?.version === version && mismatchesWith(s, hubUri) === expected) spokeAt = now;
            const h = c.diagnostics(hubUri);
            if (!hubAt && h && mismatchesWith(h, spokeUri) === expected) hubAt = now;
            return spokeAt > 0 && hubAt > 0;
          });
          if (i >= warmup) {
            spokeTimes.push(spokeAt - e0);
            hubTimes.push(hubAt - e0);
            bothTimes.push(Math.max(spokeAt, hubAt) - e0);
          }
          current = next;
        }

        // The hub open, a comment typed at its end and erased, in turn (adding a [Peer] there is the usual
        // hub edit): each keystroke → the hub's diagnostics. The spokes it lists back are not re-checked.
        ctx.progress(`${group}: hub edits`);
        const hubText = configs.find((x) => x.name === 'hub.conf')!.text;
        c.open(hubUri, hubText);
        await c.waitForDiagnostics(hubUri, (p) => p.version === 1);
        const end = hubText.split('\n').length - 1;
        for (let i = 0; i < warmup + runs; i++) {
          const version = c.edit(hubUri, { start: { line: end, character: 0 }, end: { line: end, character: i % 2 } }, i % 2 ? '' : '#');
          const e0 = c.lastNotifiedAt;
          await c.waitForDiagnostics(hubUri, (p) => p.version === version);
          if (i >= warmup) hubEditTimes.push(performance.now() - e0);
        }

        ctx.progress(`${group}: memory`);
        const bigUri = memoryUri('big-hub.conf');
        c.open(bigUri, generateHub(5000));
        await c.waitForDiagnostics(bigUri);
        await c.ping();
        memory = memoryOf(c.child.pid!);
      }
    } finally {
      await client?.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const idx = summarize(indexTimes);
  rows.push({ group, name: 'start → diagnostics for all 300 files', unit: 'ms', value: idx.median, p95: idx.p95, n: idx.n, baseline: base, target: { on: 'value', max: 2000 }, note: `${problems}; the server logs the index itself at ${summarize(serverIndexMs).median} ms (median); base = split+indexOf over all 300 texts` });
  const editRow = (name: string, samples: number[], target: boolean): Row => {
    const s = summarize(samples);
    return { group, name, unit: 'ms', value: s.median, p95: s.p95, n: s.n, baseline: base, ...(target ? { target: { on: 'value', stat: 'p95', max: 50 } } : {}) };
  };
  rows.push(editRow(`edit spoke PresharedKey → spoke diagnostics`, spokeTimes, false));
  rows.push(editRow(`edit spoke PresharedKey → hub diagnostics (closed file)`, hubTimes, false));
  rows.push(editRow(`edit spoke PresharedKey → both updated`, bothTimes, true));
  rows.push(editRow(`edit hub (a comment typed at its end) → hub diagnostics`, hubEditTimes, true));
  if (memory) {
    rows.push({ group, name: 'server RSS (300 files + open 5,000-peer hub)', unit: 'MB', value: memory.rssMb, target: { on: 'value', max: 150 }, note: `VmRSS; peak (VmHWM) ${memory.peakMb.toFixed(0)} MB` });
  }

  // Scaling: the same layout four times as large, start → every file's diagnostics (4× is linear). A
  // cross-file check that looked at every other config from each one made this quadratic (slow review).
  ctx.progress(`${group}: scaling (${4 * (SPOKES + 1)} configs)`);
  const small = idx.median;
  const large: number[] = [];
  const bigConfigs = generateWorkspace(4 * (SPOKES + 1) - 1, publicKeyOf);
  for (let run = 0; run < reps(ctx, 2, 1); run++) large.push(await timeToAllDiagnostics(ctx, bigConfigs));
  const ratio = summarize(large).median / small;
  rows.push({ group, name: `start → all diagnostics, ${bigConfigs.length} vs ${SPOKES + 1} configs`, unit: '×', value: ratio, note: `${summarize(large).median.toFixed(0)} vs ${small.toFixed(0)} ms (medians); 4× is linear, 16× quadratic; informational` });
  return rows;
}

/** Writes `configs` to a new folder, starts a server on it: ms until each file's diagnostics after the index. */
async function timeToAllDiagnostics(ctx: BenchContext, configs: ReturnType<typeof generateWorkspace>): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'wgls-bench-ws-'));
  let client: LspClient | undefined;
  try {
    for (const c of configs) writeFileSync(join(dir, c.name), c.text, { mode: 0o600 });
    const uris = configs.map((c) => pathToFileURL(join(dir, c.name)).toString());
    const t0 = performance.now();
    const c = (client = await startServer(ctx.server, { rootPath: dir, configuration: { wgls: { rules: {} } } }));
    const log = await c.waitForNotification<{ message: string }>('window/logMessage', (p) => /indexed \d+ WireGuard/.test(p.message), 120_000);
    const seen = new Set<string>();
    let scanned = c.notifications.findIndex((n) => n.params === log) + 1;
    await until(c, () => {
      for (; scanned < c.notifications.length; scanned++) {
        const n = c.notifications[scanned]!;
        if (n.method === 'textDocument/publishDiagnostics') seen.add((n.params as PublishDiagnosticsParams).uri);
      }
      return uris.every((u) => seen.has(u));
    });
    return performance.now() - t0;
  } finally {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}
