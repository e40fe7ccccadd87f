// The live oracle: the real wg-quick, wg and ip on this machine, with one network namespace and
// one wireguard-go interface for the whole corpus. Nothing is sent outside the namespace: it has
// no link except its own loopback (left down) and the wireguard-go tun device.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORPUS_DIR, replayWgQuickParse, type OracleRecord, type StepResult, type UpStep } from './corpus.ts';

export const NS_PREFIX = 'wgls-diff-';
const STEP_TIMEOUT_MS = 15_000;
const TOOL_ENV = { ...process.env, LC_ALL: 'C', WG_ENDPOINT_RESOLUTION_RETRIES: '0', WG_HIDE_KEYS: 'always' };

function run(cmd: string, args: string[], opts: { input?: string | Buffer } = {}): StepResult & { stdout: Buffer } {
  const r = spawnSync(cmd, args, { env: TOOL_ENV, timeout: STEP_TIMEOUT_MS, input: opts.input, maxBuffer: 64 * 1024 * 1024 });
  const stderr = (r.stderr ?? Buffer.alloc(0)).toString('utf8');
  if (r.error) return { code: -1, stderr: `${stderr}${String(r.error)}`, stdout: Buffer.alloc(0) };
  return { code: r.status ?? -1, stderr: r.signal ? `${stderr}killed by ${r.signal}` : stderr, stdout: r.stdout };
}

/** Why the live oracle cannot run here, or null when it can. */
export function missingPrerequisite(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root (network namespaces and wireguard-go need root)';
  for (const tool of ['wg', 'wg-quick', 'wireguard-go', 'ip', 'bash']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { timeout: 5000 }).status !== 0) return `\`${tool}' not found on PATH`;
  }
  if (!fs.existsSync('/dev/net/tun')) return '/dev/net/tun is missing (wireguard-go needs it)';
  return null;
}

export function wgVersion(): string {
  return run('wg', ['--version']).stdout.toString('utf8').trim();
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Namespaces of our prefix whose owning process (the pid in the name) is gone. */
function removeStaleNamespaces(): void {
  const list = run('ip', ['netns', 'list']).stdout.toString('utf8');
  for (const line of list.split('\n')) {
    const name = line.split(/\s/)[0] ?? '';
    const m = /^wgls-diff-(\d+)$/.exec(name);
    if (m && !pidAlive(Number(m[1]))) run('ip', ['netns', 'del', name]);
  }
}

/**
 * Whether `wg-quick strip` can do anything to this file beyond trimming each line: a file name that
 * is not a valid interface name, any line whose key is one of wg-quick's own (whatever the section),
 * or bytes where bash and our replay could differ (CR, NUL, anything outside printable ASCII).
 */
export function stripCanMatter(file: string, bytes: Buffer): boolean {
  if (!/(^|\/)([a-zA-Z0-9_=+.-]{1,15})\.conf$/.test(file)) return true;
  if (/[^\x20-\x7e\n\t]/.test(bytes.toString('latin1'))) return true;
  return /^[ \t]*(address|mtu|dns|table|preup|predown|postup|postdown|saveconfig)[ \t]*(=|#|$)/im.test(bytes.toString('latin1'));
}

export class OracleHost {
  readonly ns = `${NS_PREFIX}${process.pid}`;
  /** Unique per run: wireguard-go's UAPI socket (/var/run/wireguard/IF.sock) is not per namespace. */
  readonly ifname = `wgdf${process.pid % 10_000_000}`;
  private wgGo: ChildProcess | null = null;
  private readonly tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wgls-diff-'));
  private nsCreated = false;
  /** How many files went through the real `wg-quick strip` in the last checkAll. */
  stripRuns = 0;

  async start(): Promise<void> {
    removeStaleNamespaces();
    fs.chmodSync(this.tmp, 0o700);
    const add = run('ip', ['netns', 'add', this.ns]);
    if (add.code !== 0) throw new Error(`ip netns add ${this.ns}: ${add.stderr}`);
    this.nsCreated = true;
    this.wgGo = spawn('ip', ['netns', 'exec', this.ns, 'wireguard-go', '-f', this.ifname], {
      env: { ...TOOL_ENV, WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let goErr = '';
    this.wgGo.stderr?.on('data', (d: Buffer) => (goErr += d.toString('utf8')));
    for (let i = 0; i < 100; i++) {
      if (run('ip', ['-n', this.ns, 'link', 'show', this.ifname]).code === 0 && this.wg(['show', this.ifname]).code === 0) return;
      if (this.wgGo.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`wireguard-go did not bring up ${this.ifname} in ${this.ns}: ${goErr}`);
  }

  stop(): void {
    if (this.nsCreated) run('ip', ['-n', this.ns, 'link', 'del', this.ifname]);
    const pid = this.wgGo?.pid;
    if (pid !== undefined && this.wgGo?.exitCode === null && pidAlive(pid)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    if (this.nsCreated) run('ip', ['netns', 'del', this.ns]);
    this.nsCreated = false;
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  private wg(args: string[]): StepResult & { stdout: Buffer } {
    return run('ip', ['netns', 'exec', this.ns, 'wg', ...args]);
  }

  private ip(args: string[]): StepResult & { stdout: Buffer } {
    return run('ip', ['-n', this.ns, ...args]);
  }

  /** The installed `wg-quick strip FILE`, file by file. */
  private stripAll(paths: string[]): Array<StepResult & { stdout: Buffer }> {
    return paths.map((p) => run('wg-quick', ['strip', p]));
  }

  /** `wg setconf IF FILE` for every file, in one shell inside the namespace. */
  private setconfAll(paths: string[]): StepResult[] {
    const list = path.join(this.tmp, 'setconf-list');
    fs.writeFileSync(list, paths.map((p) => `${p}\n`).join(''));
    const script = `while IFS= read -r f; do wg setconf ${this.ifname} "$f" 2>"$f.err"; echo $? >"$f.rc"; done < ${JSON.stringify(list)}`;
    const r = spawnSync('ip', ['netns', 'exec', this.ns, 'bash', '-c', script], { env: TOOL_ENV, timeout: 10 * 60_000, stdio: 'ignore' });
    if (r.error || r.status !== 0) throw new Error(`wg setconf batch failed: ${String(r.error ?? r.status)}`);
    return paths.map((p) => ({ code: Number(fs.readFileSync(`${p}.rc`, 'utf8')), stderr: fs.readFileSync(`${p}.err`, 'utf8') }));
  }

  /** The real verdicts for the given corpus files (paths relative to the corpus). */
  checkAll(rels: string[], full: boolean): Record<string, OracleRecord> {
    const files = rels.map((rel, i) => {
      const bytes = fs.readFileSync(path.join(CORPUS_DIR, rel));
      // Same base name (wg-quick checks it), mode 0600 in a 0700 directory (no "world accessible").
      const dir = path.join(this.tmp, String(i));
      fs.mkdirSync(dir, { mode: 0o700 });
      const file = path.join(dir, path.basename(rel));
      fs.writeFileSync(file, bytes, { mode: 0o600 });
      return { rel, bytes, file, stripped: path.join(dir, 'stripped') };
    });
    // `wg-quick strip` runs on every file that it can affect (see stripCanMatter); on the others
    // its output is, by construction, the file with each line trimmed, which replayWgQuickParse
    // computes. `full` runs the real strip on every file (always used by --update).
    const real = files.map((f) => full || stripCanMatter(f.file, f.bytes));
    const realIdx = files.map((_, i) => i).filter((i) => real[i]);
    const ran = this.stripAll(realIdx.map((i) => files[i]!.file));
    const strips: Array<StepResult & { stdout: Buffer }> = files.map((f) => ({ code: 0, stderr: '', stdout: Buffer.from(`${replayWgQuickParse(f.bytes).wgConfig}\n`, 'latin1') }));
    realIdx.forEach((i, k) => (strips[i] = ran[k]!));
    this.stripRuns = realIdx.length;
    const toSet = files.filter((_, i) => strips[i]!.code === 0);
    toSet.forEach((f) => fs.writeFileSync(f.stripped, strips[files.indexOf(f)]!.stdout, { mode: 0o600 }));
    const sets = new Map(this.setconfAll(toSet.map((f) => f.stripped)).map((r, i) => [toSet[i]!.rel, r]));
    const out: Record<string, OracleRecord> = {};
    files.forEach((f, i) => {
      out[f.rel] = this.finish(f.rel, f.bytes, f.stripped, strips[i]!, sets.get(f.rel) ?? null);
    });
    return out;
  }

  private finish(rel: string, bytes: Buffer, stripped: string, strip: StepResult & { stdout: Buffer }, set: StepResult | null): OracleRecord {
    const clean = (s: string) => s.split(this.tmp).join('$TMP');
    const warnings: string[] = [];
    const collect = (s: string) => {
      for (const l of s.split('\n')) if (/^\s*Warning:/.test(l)) warnings.push(clean(l.trim()));
    };
    collect(strip.stderr);
    const rec: OracleRecord = { verdict: 'ok', strip: { code: strip.code, stderr: clean(strip.stderr) }, setconf: null, up: [], warnings };
    if (strip.code !== 0 || !set) return { ...rec, verdict: 'error', failedAt: 'strip' };

    // Our replay of parse_options must produce exactly what the real wg-quick stripped.
    const replay = replayWgQuickParse(bytes);
    if (Buffer.from(`${replay.wgConfig}\n`, 'latin1').compare(strip.stdout) !== 0) {
      throw new Error(`${rel}: replayed wg-quick parse differs from \`wg-quick strip\` output; fix replayWgQuickParse`);
    }

    collect(set.stderr);
    rec.setconf = { code: set.code, stderr: clean(set.stderr) };
    // "Unable to modify interface" after a clean parse is the kernel/daemon refusing the
    // settings, not the parser (reference §13); the file itself was accepted.
    const parseFailed = set.code !== 0 && !/^Unable to modify interface: .*\n?$/.test(set.stderr);
    if (parseFailed) return { ...rec, verdict: 'error', failedAt: 'setconf' };
    if (set.code !== 0) warnings.push(`(setconf) ${set.stderr.trim()}`);

    // The file-dependent ip steps of `wg-quick up` (linux.bash cmd_up): add_addr for each Address,
    // set_mtu_up, and add_route with a custom Table. `set -e`: the first failure aborts the up.
    const customTable = replay.table !== '' && replay.table !== 'off' && replay.table !== 'auto';
    if (replay.addresses.length === 0 && replay.mtu === '' && !customTable) return rec;
    // Put this file's settings on the interface again (the batch left the last file's there).
    const again = this.wg(['setconf', this.ifname, stripped]);
    if (again.code !== set.code) throw new Error(`${rel}: wg setconf gave ${again.code}, then ${set.code}`);
    const step = (args: string[]): boolean => {
      const r = this.ip(args);
      rec.up.push({ cmd: `ip ${args.join(' ').replace(this.ifname, 'IF')}`, code: r.code, stderr: clean(r.stderr) } satisfies UpStep);
      return r.code === 0;
    };
    let ok = true;
    for (const a of replay.addresses) {
      if (!(ok = step([a.includes(':') ? '-6' : '-4', 'address', 'add', a, 'dev', this.ifname]))) break;
    }
    // MTU unset: wg-quick takes the endpoint/default route MTU (none in this namespace: 1500) - 80.
    if (ok) ok = step(['link', 'set', 'mtu', replay.mtu || '1420', 'up', 'dev', this.ifname]);
    if (ok && customTable) {
      const routes = this.wg(['show', this.ifname, 'allowed-ips'])
        .stdout.toString('utf8')
        .split('\n')
        .flatMap((l) => l.split(/\s+/).slice(1))
        .filter((r) => /^[0-9a-z:.]+\/[0-9]+$/.test(r))
        .sort((a, b) => Number(b.split('/')[1]) - Number(a.split('/')[1]));
      for (const r of routes) {
        if (!(ok = step([r.includes(':') ? '-6' : '-4', 'route', 'add', r, 'dev', this.ifname, 'table', replay.table]))) break;
      }
      if (/^[0-9]+$|^main$/.test(replay.table)) {
        this.ip(['-4', 'route', 'flush', 'table', replay.table]);
        this.ip(['-6', 'route', 'flush', 'table', replay.table]);
      }
    }
    // Reset the interface for the next file.
    this.ip(['link', 'set', this.ifname, 'down']);
    this.ip(['address', 'flush', 'dev', this.ifname]);
    this.ip(['link', 'set', 'mtu', '1420', 'dev', this.ifname]);
    if (!ok) return { ...rec, verdict: 'error', failedAt: 'up' };
    return rec;
  }
}
