// npm run test:network  (node --import tsx test/network/run.ts [--only=TEXT])
//
// Network truth: configs wgls writes bring real tunnels up, and its warnings predict real
// failures. Each case builds network namespaces (test/network/harness.ts), brings the configs up
// with the real wg-quick (wireguard-go), pings, reads `wg show`, and tears everything down.
// Prints a summary table (case, config source, what wgls said, what the network did, pass/fail)
// and `N passed, N failed`; exit status 1 on any failure.
//
// Needs: Linux, root, ip (netns), wg, wg-quick, wireguard-go, /dev/net/tun, iptables, ping, and
// dist/cli.js + dist/server.js (npm run build). A missing one fails the run under CI (CI set);
// elsewhere the suite says why it is skipped and exits 0.
//
// Isolation: every link is between namespaces of this run (nothing in the machine's own
// namespace, which is checked at the end); everything is removed on exit, on SIGINT/SIGTERM, and
// a later run removes what a killed run (even SIGKILL) left behind (namespaces named after the pid).

import * as os from 'node:os';
import { allCases, type Case, type Outcome } from './cases.ts';
import { destroyAllLabs } from './harness.ts';
import { clearStale, killChildren, listOurNamespaces, missingPrerequisite, NS_PREFIX, removeTempDirs, rootLinks } from './netns.ts';
import { CLI_PATH, SERVER_PATH } from './wgls.ts';

interface Row extends Outcome {
  readonly name: string;
  readonly source: string;
  readonly ms: number;
}

function cleanup(): void {
  killChildren();
  destroyAllLabs();
  removeTempDirs();
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = '';
      }
      line = line ? `${line} ${word}` : word;
      while (line.length > width) {
        out.push(line.slice(0, width));
        line = line.slice(width);
      }
    }
    out.push(line);
  }
  return out;
}

function table(rows: readonly Row[]): string {
  const cols = [
    { title: 'case', width: 28, get: (r: Row) => r.name },
    { title: 'source', width: 8, get: (r: Row) => r.source },
    { title: 'wgls said', width: 52, get: (r: Row) => r.wgls || '-' },
    { title: 'network did', width: 60, get: (r: Row) => r.network || '-' },
    { title: 'result', width: 6, get: (r: Row) => (r.failures.length ? 'FAIL' : 'pass') },
    { title: 'time', width: 6, get: (r: Row) => `${(r.ms / 1000).toFixed(1)}s` },
  ];
  const sep = cols.map((c) => '-'.repeat(c.width)).join('-+-');
  const lines = [cols.map((c) => c.title.padEnd(c.width)).join(' | '), sep];
  for (const r of rows) {
    const cells = cols.map((c) => wrap(c.get(r), c.width));
    const height = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < height; i++) lines.push(cols.map((c, k) => (cells[k]![i] ?? '').padEnd(c.width)).join(' | ').trimEnd());
    lines.push(sep);
  }
  return lines.join('\n');
}

async function runCase(c: Case): Promise<Row> {
  const started = Date.now();
  let outcome: Outcome;
  try {
    outcome = await c.run();
  } catch (err) {
    outcome = { wgls: '', network: '', failures: [`error: ${(err as Error).stack ?? String(err)}`] };
  }
  const row: Row = { ...outcome, name: c.name, source: c.source, ms: Date.now() - started };
  console.log(`${row.failures.length ? 'FAIL' : 'pass'}  ${c.name} [${c.source}]  ${(row.ms / 1000).toFixed(1)} s`);
  return row;
}

async function main(): Promise<number> {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const missing = missingPrerequisite(CLI_PATH, SERVER_PATH);
  if (missing) {
    if (process.env.CI && !/^(0|false)$/i.test(process.env.CI)) {
      console.error(`test:network: cannot run: ${missing}`);
      return 1;
    }
    console.log(`test:network: skipped (${missing}); with CI set this is a failure`);
    return 0;
  }

  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.error(`\ntest:network: ${sig}: removing namespaces and processes`);
      cleanup();
      process.exit(128 + (os.constants.signals[sig] ?? 1));
    });
  }
  process.once('exit', cleanup);

  const stale = clearStale();
  if (stale.length) console.log(`removed what earlier (killed) runs left: ${stale.join(', ')}`);
  const linksBefore = rootLinks();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const started = Date.now();

  const cases = allCases().filter((c) => !only || `${c.name} ${c.source}`.includes(only));
  // Cases that mostly wait (NAT timeouts) run alongside the others.
  const background = cases.filter((c) => c.background).map((c) => ({ c, row: runCase(c) }));
  const rows = new Map<Case, Row>();
  for (const c of cases.filter((x) => !x.background)) rows.set(c, await runCase(c));
  for (const b of background) rows.set(b.c, await b.row);
  const ordered = cases.map((c) => rows.get(c)!);

  // Isolation and clean-up: nothing was added to the machine's own namespace, nothing of ours is left.
  const linksAfter = rootLinks();
  const added = linksAfter.filter((l) => !linksBefore.includes(l));
  const left = listOurNamespaces().filter((n) => n.startsWith(`${NS_PREFIX}${process.pid}-`));
  ordered.push({
    name: 'isolation and clean-up',
    source: '-',
    wgls: '',
    network: `links added to the machine's namespace: ${added.length ? added.join(', ') : 'none'}; namespaces of this run left: ${left.length}`,
    failures: [...(added.length ? [`links appeared in the machine's own namespace: ${added.join(', ')}`] : []), ...(left.length ? [`namespaces left: ${left.join(', ')}`] : [])],
    ms: 0,
  });

  console.log(`\n${table(ordered)}`);
  for (const r of ordered.filter((x) => x.failures.length)) {
    console.log(`\nFAIL ${r.name} [${r.source}]:`);
    for (const f of r.failures) console.log(`  - ${f.replace(/\n/g, '\n    ')}`);
  }
  const failed = ordered.filter((r) => r.failures.length).length;
  console.log(
    `\nConfig sources: examples = examples/ with the lab's endpoints/interface names filled in; lsp = built by the language server's Add peer… (workspace/executeCommand wgls.server.addPeer).`,
  );
  console.log(`${((Date.now() - started) / 1000).toFixed(1)} s on ${os.cpus().length} cores; load average at start ${load}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${ordered.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    cleanup();
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    cleanup();
    process.exitCode = 1;
  },
);
