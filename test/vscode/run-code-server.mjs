// Runs test/vscode/suite inside a real VS Code: code-server 4.100.3 (VS Code 1.100.3,
// installed by scripts/setup-code-server.sh) driven by Debian's Chromium through
// playwright-core. Works offline; see test/vscode/README.md.
//
//   npm run test:vscode                     the whole suite
//   WGLS_VSCODE_GREP=diagnostics npm run test:vscode   only matching tests
//   WGLS_VSCODE_VERBOSE=1 ...               also print code-server's and the page's logs
//
// Everything it starts (code-server's process group, Chromium) and every temporary
// directory is removed in all cases: pass, fail, timeout, Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { format } from 'node:util';
import { buildSuite, createUserData, createWorkspace, parseResultLine, root } from './build-suite.mjs';

const CODE_SERVER = join(root, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.WGLS_CHROMIUM || '/usr/bin/chromium';
/** For the whole run: start-up, tests, everything. */
const RUN_TIMEOUT_MS = Number(process.env.WGLS_VSCODE_TIMEOUT_MS) || 5 * 60_000;
const START_TIMEOUT_MS = 60_000;
const VERBOSE = !!process.env.WGLS_VSCODE_VERBOSE;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Workbench chatter forwarded with the test output; hidden unless WGLS_VSCODE_VERBOSE is set. */
const WORKBENCH_NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|\[Service Worker\]|ChatSessionStore:|Creation of workbench contribution )/;

const started = Date.now();
const log = (msg) => console.log(`[test:vscode] ${msg}`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

// ---- prerequisites ---------------------------------------------------------------------

function missingPrerequisites() {
  const missing = [];
  if (!existsSync(CODE_SERVER)) missing.push(`code-server (${CODE_SERVER}): run bash scripts/setup-code-server.sh`);
  if (!existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}): apt-get install -y chromium`);
  for (const f of ['dist/client.js', 'dist/server.js']) {
    if (!existsSync(join(root, f))) missing.push(`${f}: run npm run build`);
  }
  return missing;
}

const missing = missingPrerequisites();
if (missing.length) {
  const list = missing.map((m) => `  - ${m}`).join('\n');
  if (process.env.CI && !/^(0|false)$/i.test(process.env.CI)) {
    console.error(`[test:vscode] FAILED: prerequisites missing (CI is set, so this is an error):\n${list}`);
    process.exit(1);
  }
  log(`skipped: prerequisites missing (set CI=1 to make this an error):\n${list}`);
  process.exit(0);
}

// ---- clean-up, registered before anything is started -------------------------------

let tmp;
let codeServer;
let browser;
let stopping = false;
let cleanupDone;

/** Called after each await in main(): stop starting things once clean-up has begun. */
function checkpoint() {
  if (stopping) throw new Error('aborted');
}

function killCodeServerGroup(signal) {
  if (!codeServer?.pid) return false;
  try {
    process.kill(-codeServer.pid, signal); // the whole group: its file watcher survives a plain SIGTERM
    return true;
  } catch {
    return false; // no process left in the group
  }
}

async function waitForGroupExit(ms) {
  const until = Date.now() + ms;
  while (killCodeServerGroup(0) && Date.now() < until) await sleep(50);
}

/** Stops everything main() started and removes the temporary directory; safe to call more than once. */
function cleanup() {
  cleanupDone ??= (async () => {
    stopping = true;
    if (browser) await Promise.race([browser.close().catch(() => {}), sleep(5000)]);
    if (killCodeServerGroup('SIGTERM')) await waitForGroupExit(3000);
    if (killCodeServerGroup('SIGKILL')) await waitForGroupExit(3000);
    if (tmp) {
      try {
        // Retries: a process that was just killed may still be closing files in there.
        rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch (err) {
        console.error(`[test:vscode] could not remove ${tmp}: ${err.message}`);
      }
    }
  })();
  return cleanupDone;
}

// Last resort if something calls process.exit() without going through cleanup().
process.on('exit', () => {
  killCodeServerGroup('SIGKILL');
  if (tmp && existsSync(tmp)) rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
});
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(code));
  });
}

// ---- helpers -----------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function healthy(url) {
  return new Promise((resolve) => {
    const req = get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

/** Keeps the last lines of a stream, to print when something goes wrong. */
function tail(stream, prefix, lines) {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop();
    for (const line of parts) {
      if (VERBOSE) console.log(`${prefix} ${line}`);
      lines.push(line);
      if (lines.length > 200) lines.shift();
    }
  });
}

// ---- the run -----------------------------------------------------------------------------

async function main() {
  const suite = await buildSuite();
  checkpoint();
  log(`suite built (${elapsed()})`);

  tmp = mkdtempSync(join(tmpdir(), 'wgls-vscode-'));
  const workspace = join(tmp, 'workspace');
  createWorkspace(workspace);

  const userData = createUserData(join(tmp, 'user-data'));

  const port = await freePort();
  checkpoint();
  const config = join(tmp, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  const serverLog = [];
  codeServer = spawn(process.execPath, [
    CODE_SERVER, '--config', config,
    '--user-data-dir', userData, '--extensions-dir', join(tmp, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened',
  ], {
    cwd: tmp,
    detached: true, // own process group, so cleanup() can kill all of it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      EXTENSIONS_GALLERY: '{}', // no marketplace lookups
      XDG_DATA_HOME: join(tmp, 'xdg-data'),
      XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
      XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
    },
  });
  tail(codeServer.stdout, '[code-server]', serverLog);
  tail(codeServer.stderr, '[code-server]', serverLog);
  const serverExited = new Promise((resolve) => codeServer.once('exit', (code, signal) => resolve({ code, signal })));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await healthy(`${base}/healthz`))) {
    checkpoint();
    if (codeServer.exitCode !== null || codeServer.signalCode !== null) throw withLog(new Error('code-server exited during start-up'), serverLog);
    if (Date.now() > deadline) throw withLog(new Error(`code-server did not answer ${base}/healthz within ${START_TIMEOUT_MS / 1000} s`), serverLog);
    await sleep(200);
  }
  log(`code-server ${port} ready (${elapsed()})`);

  const { chromium } = await import('playwright-core');
  checkpoint();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  if (stopping) await browser.close();
  checkpoint();
  const page = await browser.newPage();
  const pageLog = [];
  page.on('pageerror', (err) => pageLog.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || VERBOSE) pageLog.push(`console.${msg.type()}: ${msg.text()}`);
  });

  let result;
  let resolveExit;
  const exitCode = new Promise((resolve) => (resolveExit = resolve));
  // The workbench forwards the extension host's console here while tests run…
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    const parsed = parseResultLine(line);
    if (parsed) {
      result = parsed;
      log(`suite finished (${elapsed()})`);
    } else if (VERBOSE || !WORKBENCH_NOISE.test(line)) (type === 'error' ? console.error : console.log)(line);
  });
  // …and calls this with run()'s outcome (0 = resolved) when the suite is done.
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(suite)],
  ];
  const url = `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  // Do not wait for "load": results arrive through the exposed functions, and a busy
  // machine can take longer than Playwright's default 30 s to load the workbench.
  await page.goto(url, { waitUntil: 'commit', timeout: 0 });
  log(`workbench opening, running tests (${elapsed()})`);

  waitingForResults = true;
  const outcome = await Promise.race([
    exitCode.then((code) => ({ code })),
    serverExited.then(({ code, signal }) => ({ error: `code-server exited unexpectedly (code ${code}, signal ${signal})` })),
    runDeadline,
  ]);

  // Failed tests explain themselves; a run that broke down needs the logs around it.
  if (outcome.error || !result) {
    if (pageLog.length) console.error(`[test:vscode] workbench log (last lines):\n${pageLog.slice(-50).join('\n')}`);
    if (serverLog.length) console.error(`[test:vscode] code-server log (last lines):\n${serverLog.slice(-50).join('\n')}`);
  }
  if (!outcome.error) log(`suite exited with code ${outcome.code} (${elapsed()})`);
  if (outcome.error) log(`FAILED: ${outcome.error}`);
  else if (!result) log(`FAILED: the suite exited with ${outcome.code} without reporting results (it did not load, or crashed)`);

  const passed = result?.passed ?? 0;
  const failed = result?.failed ?? 0;
  // A run that ended badly with no failed test counted is still a failure.
  const code = outcome.error ? 1 : outcome.code !== 0 ? outcome.code || 1 : failed > 0 || !result ? 1 : 0;
  return { code, passed, failed, pending: result?.pending ?? 0 };
}

let deadlineTimer;
let waitingForResults = false;
/** Resolves with a failure outcome when the whole run took too long (main() races it at the end, the caller all along). */
const runDeadline = new Promise((resolve) => {
  deadlineTimer = setTimeout(() => resolve({ error: `no result within ${RUN_TIMEOUT_MS / 1000} s (WGLS_VSCODE_TIMEOUT_MS)` }), RUN_TIMEOUT_MS);
});

function withLog(err, lines) {
  err.message += `\n[code-server] ${lines.slice(-50).join('\n[code-server] ')}`;
  return err;
}

let summary;
try {
  summary = await Promise.race([
    main(),
    // If start-up itself hangs: give up, clean-up below stops whatever main() started.
    runDeadline.then(({ error }) => {
      if (waitingForResults) return new Promise(() => {}); // main() reports it, with the logs
      log(`FAILED: ${error}`);
      return { code: 1, passed: 0, failed: 0, pending: 0 };
    }),
  ]);
} catch (err) {
  console.error(`[test:vscode] FAILED: ${err?.stack ?? err}`);
  summary = { code: 1, passed: 0, failed: 0, pending: 0 };
} finally {
  clearTimeout(deadlineTimer);
  await cleanup();
}
log(`cleaned up, finished in ${elapsed()}`);
const pending = summary.pending ? `, ${summary.pending} pending` : '';
console.log(`${summary.passed} passed, ${summary.failed} failed${pending}`);
process.exit(summary.code);
