// wgls benchmark: `npm run bench [-- --quick] [--only=hub,scaling,workspace,keys,size] [--cpu-prof]`
// Measures through the real server process over LSP JSON-RPC (the path VS Code uses), on
// deterministic generated inputs; prints a table and writes bench/results.json.
// Targets print PASS/MISS and never change the exit status: 0, 1 if the bench itself crashes, 2 for a
// usage error (an unknown option or --only group). See bench/README.md.

import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT, SERVER_PATH } from '../test/server/lsp-client.ts';
import type { BenchContext } from './context.ts';
import { keysBench } from './keys-bench.ts';
import { hubBench, scalingBench } from './lsp-bench.ts';
import { printTable, score, writeResults, type Row } from './report.ts';
import { sizeBench } from './size-bench.ts';
import { workspaceBench } from './workspace-bench.ts';

const BENCHES: Record<string, (ctx: BenchContext) => Promise<Row[]>> = {
  hub: hubBench,
  scaling: scalingBench,
  workspace: workspaceBench,
  keys: keysBench,
  size: sizeBench,
};

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

if (flag('help')) {
  console.log(`usage: npm run bench -- [--quick] [--only=${Object.keys(BENCHES).join(',')}] [--cpu-prof[=dir]] [--server=path]
  --quick       fewer repetitions (a smoke run; figures are rough)
  --only=a,b    run only these groups
  --cpu-prof[=dir]  profile every server process (V8 CPU profile per process, in bench/profiles/ or dir)
  --server=p    server bundle to measure (default dist/server.js or $WGLS_SERVER)
  WGLS_SERVER_ARGS="--flag …"  Node flags for the server process, via NODE_OPTIONS (e.g. --max-old-space-size=64)`);
  process.exit(0);
}

// A misspelt option (`--quik`) would otherwise run the full bench without saying so.
const strange = args.filter((a) => !/^--(quick|only=.*|cpu-prof(=.*)?|server=.*)$/.test(a));
if (strange.length) {
  console.error(`unknown option(s): ${strange.join(' ')} (see npm run bench -- --help)`);
  process.exit(2);
}

const only = value('only')?.split(',').filter(Boolean) ?? Object.keys(BENCHES);
const unknown = only.filter((n) => !(n in BENCHES));
if (unknown.length) {
  console.error(`unknown --only group(s): ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(2);
}

// Node flags for the server go in through NODE_OPTIONS, which refuses --cpu-prof: profiling runs the
// bundle under bench/profile-server.mjs instead (the V8 profiler through node:inspector).
const nodeFlags = (process.env.WGLS_SERVER_ARGS ?? '').split(/\s+/).filter(Boolean);
const measured = value('server') ?? SERVER_PATH;
let serverPath = measured;
const prof = args.find((a) => a === '--cpu-prof' || a.startsWith('--cpu-prof='));
let profileDir: string | undefined;
if (prof) {
  profileDir = resolve(prof.includes('=') ? prof.slice('--cpu-prof='.length) : join(REPO_ROOT, 'bench', 'profiles'));
  mkdirSync(profileDir, { recursive: true });
  process.env.WGLS_BENCH_SERVER = measured;
  process.env.WGLS_BENCH_PROFILE_DIR = profileDir;
  serverPath = join(REPO_ROOT, 'bench', 'profile-server.mjs');
}

const ctx: BenchContext = {
  quick: flag('quick'),
  server: { serverPath, nodeFlags },
  progress: (m) => process.stderr.write(`  … ${m}\n`),
};

const fmtLoad = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const gitHead = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = fmtLoad();
  const builtAt = statSync(measured).mtime.toISOString();
  console.log(`wgls bench${ctx.quick ? ' (--quick: few repetitions, rough figures)' : ''}: ${only.join(', ')}`);
  console.log(`node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}; load average ${loadBefore}`);
  console.log(`server ${measured} (built ${builtAt}), git ${gitHead()}${nodeFlags.length ? `, server NODE_OPTIONS += ${nodeFlags.join(' ')}` : ''}${profileDir ? `, CPU profiles → ${profileDir} (profiling slows the server: figures are not comparable)` : ''}\n`);

  const rows: Row[] = [];
  for (const name of only) {
    process.stderr.write(`${name}\n`);
    try {
      rows.push(...(await BENCHES[name]!(ctx)));
    } catch (err) {
      rows.push({ group: name, name: 'FAILED', unit: 'ms', value: NaN, note: (err as Error).message.split('\n')[0]! });
      console.error(err);
    }
  }
  const scored = rows.map(score);
  console.log('');
  printTable(scored);
  const loadAfter = fmtLoad();
  const seconds = (Date.now() - started) / 1000;
  const targets = scored.filter((r) => r.verdict);
  console.log(`\ntargets: ${targets.filter((r) => r.verdict === 'PASS').length} PASS, ${targets.filter((r) => r.verdict === 'MISS').length} MISS`);
  console.log(`load average before ${loadBefore}, after ${loadAfter} (${cpus().length} cores); ${seconds.toFixed(0)} s`);
  const file = join(REPO_ROOT, 'bench', 'results.json');
  writeResults(
    file,
    { date: new Date().toISOString(), quick: ctx.quick, only, node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadBefore, loadAfter, seconds, git: gitHead(), serverPath: measured, serverBuiltAt: builtAt, serverNodeFlags: nodeFlags, profileDir },
    scored,
  );
  console.log(`results: ${file}`);
  if (profileDir) console.log(`profiles: ${profileDir} (summary: node --import tsx bench/profile-top.ts ${profileDir})`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1); // figures never fail the bench; a crash of the bench itself does
  },
);
