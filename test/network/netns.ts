// Low-level pieces of the network tests: running a command with a time limit, network
// namespaces (create, end every process inside by PID, delete), clearing what a killed run
// left behind, and the prerequisites. Nothing here knows about WireGuard configs.
//
// Every namespace this suite creates is named `wgls-net-<pid>-…`, with the pid of the run
// that owns it: a later run deletes the ones whose owner is gone (and only those), so a
// suite killed half-way (even by SIGKILL) leaves nothing behind on the next run.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const NS_PREFIX = 'wgls-net-';
const DEFAULT_TIMEOUT_MS = 20_000;

/** The tools' environment: C locale (stable messages), keys never printed by `wg show`. */
export const TOOL_ENV: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', WG_HIDE_KEYS: 'always', WG_ENDPOINT_RESOLUTION_RETRIES: '0' };

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface RunOptions {
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** Children still running, so a signal handler can end them by PID. */
const live = new Set<ChildProcess>();

/** Runs a command (no shell); never throws: a timeout or spawn failure is a non-zero code with the reason in stderr. */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: opts.env ?? TOOL_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const done = (code: number, extra = '') => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, stdout, stderr: stderr + extra, ms: Date.now() - started });
    };
    child.on('error', (err) => done(-1, String(err)));
    child.on('close', (code, signal) => done(code ?? -1, timedOut ? `\n(timed out after ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms)` : signal ? `\n(killed by ${signal})` : ''));
  });
}

/** The synchronous form, for clean-up paths that must finish before the process exits. */
export function runSync(cmd: string, args: readonly string[], timeoutMs = 10_000): RunResult {
  const started = Date.now();
  const r = spawnSync(cmd, args, { env: TOOL_ENV, timeout: timeoutMs, encoding: 'utf8' });
  return { code: r.error ? -1 : (r.status ?? -1), stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`, ms: Date.now() - started };
}

/** Runs and throws with the command and its stderr on a non-zero exit. */
export async function must(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`\`${[cmd, ...args].join(' ')}\` failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r;
}

/** Ends the children of this process that are still running (by PID). */
export function killChildren(): void {
  for (const c of live) {
    if (c.pid !== undefined && c.exitCode === null) {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  live.clear();
}

/** Whether a process runs; a zombie (exited, not yet reaped by its parent, often PID 1 here) does not. */
export function pidAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` every `everyMs` until it returns a value other than undefined, or the time is up (undefined). */
export async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 100): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() >= end) return undefined;
    await sleep(everyMs);
  }
}

// ── namespaces ─────────────────────────────────────────────────────────────

/** Our namespaces that exist now. */
export function listOurNamespaces(): string[] {
  return runSync('ip', ['netns', 'list'])
    .stdout.split('\n')
    .map((l) => l.split(/\s/)[0] ?? '')
    .filter((n) => n.startsWith(NS_PREFIX));
}

/** The PIDs of the processes inside a namespace (wireguard-go daemons, pings). */
export function namespacePids(ns: string): number[] {
  return runSync('ip', ['netns', 'pids', ns])
    .stdout.split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/**
 * Ends every process inside the namespaces by PID (SIGTERM: wireguard-go removes its tun device and
 * UAPI socket; SIGKILL for what is left after a second), then deletes the namespaces and with them
 * every link inside. Synchronous: usable from signal and exit handlers.
 */
export function destroyNamespaces(namespaces: readonly string[]): void {
  const signal = (pids: number[], sig: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        // gone already
      }
    }
  };
  const pids = namespaces.flatMap(namespacePids);
  signal(pids, 'SIGTERM');
  const end = Date.now() + 1500;
  while (pids.some(pidAlive) && Date.now() < end) spawnSync('sleep', ['0.02']);
  signal(pids.filter(pidAlive), 'SIGKILL');
  for (const ns of namespaces) runSync('ip', ['netns', 'del', ns]);
}

/** The run that owns a namespace or temp folder of ours, from its name. */
function ownerPid(name: string): number | undefined {
  const m = new RegExp(`^${NS_PREFIX}(\\d+)-`).exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * Deletes what earlier runs left behind when they were killed: namespaces (and the processes in
 * them) and temp folders (which hold private keys) of our prefix whose owning run is gone.
 * Returns what was removed.
 */
export function clearStale(): string[] {
  const removed: string[] = [];
  const stale = listOurNamespaces().filter((ns) => {
    const pid = ownerPid(ns);
    return pid !== undefined && pid !== process.pid && !pidAlive(pid);
  });
  destroyNamespaces(stale);
  removed.push(...stale.map((ns) => `netns ${ns}`));
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = ownerPid(name);
    if (pid !== undefined && pid !== process.pid && !pidAlive(pid)) {
      fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
      removed.push(`temp ${name}`);
    }
  }
  return removed;
}

const tempDirs = new Set<string>();

/** A fresh temp folder of this run (mode 0700; configs hold private keys): removed by removeTempDirs, or by clearStale if the run dies. */
export function runTempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${NS_PREFIX}${process.pid}-${label}-`));
  fs.chmodSync(dir, 0o700);
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Removes every temp folder of this run. Synchronous. */
export function removeTempDirs(): void {
  for (const dir of [...tempDirs]) removeTempDir(dir);
}

/** The links of the machine's own (root) namespace, to show the tests added none there. */
export function rootLinks(): string[] {
  return runSync('ip', ['-o', 'link', 'show'])
    .stdout.split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1])
    .filter((n): n is string => !!n)
    .sort();
}

// ── prerequisites ──────────────────────────────────────────────────────────

/** Why the suite cannot run here, or null when it can. */
export function missingPrerequisite(cliPath: string, serverPath: string): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root (network namespaces, wg-quick and wireguard-go need root)';
  for (const tool of ['ip', 'wg', 'wg-quick', 'wireguard-go', 'iptables', 'iptables-restore', 'ping', 'bash', 'sysctl']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { timeout: 5000 }).status !== 0) return `\`${tool}' not found on PATH`;
  }
  if (!fs.existsSync('/dev/net/tun')) return '/dev/net/tun is missing (wireguard-go needs it)';
  const probe = `${NS_PREFIX}${process.pid}-probe`;
  const add = runSync('ip', ['netns', 'add', probe]);
  if (add.code !== 0) return `cannot create a network namespace (\`ip netns add\`): ${add.stderr.trim()}`;
  runSync('ip', ['netns', 'del', probe]);
  if (!fs.existsSync(cliPath)) return `${path.relative(process.cwd(), cliPath)} is not built (npm run build)`;
  if (!fs.existsSync(serverPath)) return `${path.relative(process.cwd(), serverPath)} is not built (npm run build)`;
  return null;
}
