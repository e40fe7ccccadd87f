// npm run test:differential
//
// Re-runs the oracle live on the real tools (wg-quick strip, wg setconf on a wireguard-go
// interface in a private network namespace, the file-dependent `ip` steps of wg-quick up), checks
// the live results against the recorded test/differential/oracle.json (so the snapshot cannot go
// stale), then compares wgls's verdict with the oracle on every corpus file and prints the
// agreement table. Exit status: 0 all agree, 1 any disagreement or stale snapshot.
//
//   --update      rewrite oracle.json from the live run (after adding corpus files); with --only,
//                 only the matching records are replaced and records of deleted files dropped
//   --full        run the real `wg-quick strip` on every file, not only where it can matter
//   --only=TEXT   a substring filter on corpus paths (quick local iteration; with --update, see above)
//
// Prerequisites: Linux, root, wg, wg-quick, wireguard-go, ip, /dev/net/tun. When one is missing the
// run fails under CI (CI set) and is skipped (exit 0, with the reason) elsewhere.

import * as fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import {
  ORACLE_PATH,
  formatTable,
  listCorpus,
  oracleReason,
  summarize,
  wglsVerdicts,
  type OracleFile,
  type OracleRecord,
  type Row,
} from './corpus.ts';
import { OracleHost, missingPrerequisite, wgVersion } from './oracle.ts';

const ORACLE_NOTE =
  'Target wg-quick (Linux). verdict=error when `wg-quick strip` fails (file name, SaveConfig), or `wg setconf` on a ' +
  'wireguard-go interface fails to parse the stripped config, or one of the replayed `wg-quick up` ip steps fails ' +
  '(ip address add for each Address item, ip link set mtu MTU up, ip route add … table TABLE for a custom Table). ' +
  'DNS and Pre/Post hooks are not checked (never rejected by the parser). Regenerate with: npm run test:differential -- --update';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const update = args.includes('--update');
  const full = args.includes('--full');
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);

  const missing = missingPrerequisite();
  if (missing) {
    if (process.env.CI && !/^(0|false)$/i.test(process.env.CI)) {
      console.error(`differential: cannot run the live oracle: ${missing}`);
      return 1;
    }
    console.log(`differential: skipped (${missing}); set CI=1 to make this a failure`);
    return 0;
  }

  const files = listCorpus().filter((f) => !only || f.includes(only));
  const started = Date.now();
  const host = new OracleHost();
  const onSignal = (sig: NodeJS.Signals) => {
    host.stop();
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const live: Record<string, OracleRecord> = {};
  try {
    await host.start();
    Object.assign(live, host.checkAll(files, update || full));
  } finally {
    host.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  const oracleSecs = ((Date.now() - started) / 1000).toFixed(1);

  let failed = false;
  if (update) {
    const all = listCorpus();
    const old: Record<string, OracleRecord> = only && fs.existsSync(ORACLE_PATH) ? (JSON.parse(fs.readFileSync(ORACLE_PATH, 'utf8')) as OracleFile).files : {};
    const merged = Object.fromEntries(all.filter((f) => live[f] ?? old[f]).map((f) => [f, live[f] ?? old[f]!]));
    const out: OracleFile = { tool: { wg: wgVersion(), note: ORACLE_NOTE }, files: merged };
    fs.writeFileSync(ORACLE_PATH, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`differential: wrote ${Object.keys(merged).length} records (${files.length} re-run) to ${ORACLE_PATH}`);
  } else {
    // The recorded snapshot must match the live tools exactly.
    const recorded: OracleFile = fs.existsSync(ORACLE_PATH) ? (JSON.parse(fs.readFileSync(ORACLE_PATH, 'utf8')) as OracleFile) : { tool: { wg: '', note: '' }, files: {} };
    // Verdicts, exit codes, the replayed commands and warnings must match; message texts may
    // differ between machines (e.g. the resolver's "Temporary failure" vs "Name or service not
    // known"), so a text-only difference is a note.
    const essential = (r: OracleRecord) => ({
      verdict: r.verdict,
      failedAt: r.failedAt,
      strip: r.strip.code,
      setconf: r.setconf?.code,
      up: r.up.map((u) => [u.cmd, u.code]),
      warnings: r.warnings,
    });
    const stale: string[] = [];
    const notes: string[] = [];
    for (const f of files) {
      const rec = recorded.files[f];
      const msg = () => `${f}: recorded ${JSON.stringify(rec)}\n    live ${JSON.stringify(live[f])}`;
      if (!rec) stale.push(`${f}: not recorded in oracle.json`);
      else if (!isDeepStrictEqual(essential(rec), essential(live[f]!))) stale.push(msg());
      else if (!isDeepStrictEqual(rec, live[f])) notes.push(msg());
    }
    if (notes.length > 0) console.log(`note: message texts differ from oracle.json (verdicts agree):\n  ${notes.join('\n  ')}\n`);
    if (!only) for (const f of Object.keys(recorded.files)) if (!files.includes(f)) stale.push(`${f}: recorded, but no longer in the corpus`);
    if (recorded.tool.wg && recorded.tool.wg !== wgVersion()) console.log(`note: oracle.json was recorded with ${recorded.tool.wg}; this machine has ${wgVersion()}`);
    if (stale.length > 0) {
      failed = true;
      console.log(`oracle.json is stale (${stale.length} file(s)); rerun with --update after checking:\n  ${stale.join('\n  ')}\n`);
    }
  }

  const wgls = wglsVerdicts(files);
  const rows: Row[] = files.map((f) => ({ file: f, oracle: live[f]!.verdict, wgls: wgls.get(f)!.verdict, why: oracleReason(live[f]!) }));
  for (const r of rows) {
    if (r.oracle === 'ok' && r.wgls === 'error') r.why = `tools accept; wgls: ${wgls.get(r.file)!.errors.join(' | ')}`;
  }
  console.log(formatTable(rows));
  console.log(`\noracle: ${files.length} files (${host.stripRuns} through the real wg-quick strip) in ${oracleSecs}s (${wgVersion()})`);
  console.log(summarize(rows));
  if (rows.some((r) => r.oracle !== r.wgls)) failed = true;
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`differential: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
