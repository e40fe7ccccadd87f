// A lab: network namespaces and links built from a small topology description, real
// `wg-quick up` (wireguard-go) in each host namespace, bounded pings, `wg show`, and a
// clean-up that always runs. Every address lives only inside the lab's namespaces; the
// machine's own namespace gets no link and no route.
//
//   const lab = await Lab.build('p2p', {
//     isp:   { ifaces: { a0: { net: 'a', address: '203.0.113.254/24' }, b0: { net: 'b', address: '198.51.100.254/24' } }, forward: true },
//     alpha: { ifaces: { up0: { net: 'a', address: '203.0.113.1/24' } }, gateway: '203.0.113.254' },
//     bravo: { ifaces: { up0: { net: 'b', address: '198.51.100.1/24' } }, gateway: '198.51.100.254' },
//   });
//   try {
//     lab.writeConfig('alpha', text);  await lab.up('alpha');   // <dir>/alpha/<ifname>.conf, mode 0600
//     const p = await lab.ping('alpha', '10.10.0.2');           // ping -c 2 -W 2
//   } finally {
//     lab.destroy();                                            // by PID, then the namespaces
//   }
//
// A net with two members is one veth pair; with more, each member is a veth into a bridge in
// the lab's switch namespace (a plain L2 segment: no address, no forwarding there).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { NS_PREFIX, TOOL_ENV, destroyNamespaces, must, poll, removeTempDir, run, runTempDir, type RunResult } from './netns.ts';

export interface IfaceSpec {
  /** The L2 segment this interface is on. */
  readonly net: string;
  /** Its address with prefix length (`203.0.113.1/24`). */
  readonly address: string;
}

export interface HostSpec {
  /** Interfaces by name inside the host's namespace. */
  readonly ifaces: Readonly<Record<string, IfaceSpec>>;
  /** Default route via this address. */
  readonly gateway?: string;
  readonly routes?: ReadonlyArray<{ readonly to: string; readonly via: string }>;
  /** net.ipv4.ip_forward=1 (a router). */
  readonly forward?: boolean;
  /** A NAT router: MASQUERADE what leaves through this interface. */
  readonly masquerade?: string;
  readonly sysctls?: Readonly<Record<string, string>>;
}

/** Hosts by name (short: the name goes into the WireGuard interface name). */
export type Topology = Readonly<Record<string, HostSpec>>;

export interface PingResult {
  readonly ok: boolean;
  readonly transmitted: number;
  readonly received: number;
  /** TTL of the first reply: 64 minus the routers on the way back. */
  readonly ttl?: number;
  readonly output: string;
}

const labs = new Set<Lab>();
let labSeq = 0;

/** Destroys every lab still standing (signal and exit handlers). Synchronous. */
export function destroyAllLabs(): void {
  for (const lab of [...labs]) lab.destroy();
}

/** A stand-in for resolvconf(8): wg-quick hands it the config's DNS servers, the machine's resolver stays untouched. */
const RESOLVCONF_SHIM = `#!/bin/sh
# wgls network tests: records what wg-quick would give resolvconf(8), changes nothing.
{ echo "resolvconf $*"; cat; } >> "$WGLS_NET_DNS_LOG"
`;

export class Lab {
  readonly dir: string;
  private readonly base: string;
  private readonly tag: string;
  private readonly namespaces: string[] = [];
  private destroyed = false;

  private constructor(
    readonly name: string,
    readonly topology: Topology,
  ) {
    const seq = labSeq++;
    this.base = `${NS_PREFIX}${process.pid}-${seq}`;
    this.tag = `${process.pid.toString(36)}${seq.toString(36)}`;
    this.dir = runTempDir(name);
    fs.mkdirSync(path.join(this.dir, 'bin'), { mode: 0o700 });
    fs.writeFileSync(path.join(this.dir, 'bin', 'resolvconf'), RESOLVCONF_SHIM, { mode: 0o700 });
    labs.add(this);
  }

  /** Builds the namespaces, links, addresses, routes, forwarding and NAT of a topology. */
  static async build(name: string, topology: Topology): Promise<Lab> {
    const lab = new Lab(name, topology);
    try {
      await lab.create();
    } catch (err) {
      lab.destroy();
      throw err;
    }
    return lab;
  }

  /** The namespace of a host. */
  ns(host: string): string {
    if (!this.topology[host] && host !== 'sw') throw new Error(`${this.name}: no host ${host}`);
    return `${this.base}-${host}`;
  }

  /**
   * The WireGuard interface name of a host: the host name plus a tag unique to this run and lab, since
   * wireguard-go's UAPI socket (/var/run/wireguard/IF.sock) is shared by all namespaces. At most 15 chars.
   */
  ifname(host: string): string {
    return `${host.replace(/[^a-zA-Z0-9]/g, '').slice(0, 14 - this.tag.length)}-${this.tag}`;
  }

  /** Where a host's config lives: `<lab>/<host>/<ifname>.conf` (wg-quick takes the interface name from it). */
  configPath(host: string): string {
    return path.join(this.dir, host, `${this.ifname(host)}.conf`);
  }

  /** Writes a host's config, mode 0600 in a 0700 folder. */
  writeConfig(host: string, text: string): string {
    const file = this.configPath(host);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, text, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    return file;
  }

  /** Runs a command inside a host's namespace. */
  exec(host: string, cmd: string, args: readonly string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
    return run('ip', ['netns', 'exec', this.ns(host), cmd, ...args], opts);
  }

  private wgQuickEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...TOOL_ENV,
      WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1',
      PATH: `${path.join(this.dir, 'bin')}:${process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}`,
      WGLS_NET_DNS_LOG: path.join(this.dir, 'dns.log'),
    };
    // With LOG_LEVEL set, the wireguard-go daemon keeps wg-quick's stdout/stderr open (and our pipes with them).
    delete env.LOG_LEVEL;
    return env;
  }

  /** `wg-quick up` on the host's config (PostUp hooks run inside the host's namespace). Throws with wg-quick's output on failure. */
  async up(host: string): Promise<RunResult> {
    const r = await this.exec(host, 'wg-quick', ['up', this.configPath(host)], { env: this.wgQuickEnv(), timeoutMs: 20_000 });
    if (r.code !== 0) throw new Error(`${this.name}: wg-quick up on ${host} failed (${r.code}):\n${r.stderr.trim()}`);
    return r;
  }

  async down(host: string): Promise<RunResult> {
    return this.exec(host, 'wg-quick', ['down', this.configPath(host)], { env: this.wgQuickEnv(), timeoutMs: 20_000 });
  }

  /** Takes the interface down, writes the new config, brings it up again. */
  async reup(host: string, text: string): Promise<void> {
    await this.down(host);
    this.writeConfig(host, text);
    await this.up(host);
  }

  /** What wg-quick handed the resolvconf stand-in (DNS = …). */
  dnsLog(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'dns.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** `ping -c COUNT -W WAIT` from a host; `ok` when any reply came back. */
  async ping(host: string, address: string, opts: { count?: number; wait?: number } = {}): Promise<PingResult> {
    const count = opts.count ?? 2;
    const wait = opts.wait ?? 2;
    const r = await this.exec(host, 'ping', ['-n', '-c', String(count), '-W', String(wait), '-i', '0.3', address], { timeoutMs: (count * (wait + 1) + 5) * 1000 });
    const m = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(r.stdout);
    const ttl = /ttl=(\d+)/.exec(r.stdout);
    const received = m ? Number(m[2]) : 0;
    return { ok: r.code === 0 && received > 0, transmitted: m ? Number(m[1]) : 0, received, ...(ttl ? { ttl: Number(ttl[1]) } : {}), output: (r.stdout + r.stderr).trim() };
  }

  /** `wg show <if> <what>` inside the host's namespace (keys hidden except public ones). */
  async wg(host: string, ...what: string[]): Promise<string> {
    return (await must('ip', ['netns', 'exec', this.ns(host), 'wg', 'show', this.ifname(host), ...what])).stdout.trim();
  }

  /** Latest handshake per peer public key (0: none yet). */
  async handshakes(host: string): Promise<Map<string, number>> {
    const out = await this.wg(host, 'latest-handshakes');
    return new Map(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t') as [string, string])
        .map(([k, t]) => [k, Number(t)]),
    );
  }

  /** Bytes received and sent per peer public key. */
  async transfer(host: string): Promise<Map<string, { rx: number; tx: number }>> {
    const out = await this.wg(host, 'transfer');
    return new Map(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t'))
        .map(([k, rx, tx]) => [k!, { rx: Number(rx), tx: Number(tx) }]),
    );
  }

  /**
   * Polls until the host has a handshake with `peerKey` (any peer when omitted); returns the time it
   * took in ms, or undefined when none came within the limit. No fixed sleeps.
   */
  async waitHandshake(host: string, peerKey?: string, timeoutMs = 5000): Promise<number | undefined> {
    const started = Date.now();
    const got = await poll(async () => {
      const hs = await this.handshakes(host);
      const ok = peerKey ? (hs.get(peerKey) ?? 0) > 0 : [...hs.values()].some((t) => t > 0);
      return ok ? Date.now() - started : undefined;
    }, timeoutMs);
    return got;
  }

  /** Deletes every namespace of the lab (after ending the processes inside by PID) and its folder. Idempotent. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    destroyNamespaces(this.namespaces.splice(0));
    removeTempDir(this.dir);
    labs.delete(this);
  }

  // ── building ─────────────────────────────────────────────────────────────

  private async addNamespace(ns: string): Promise<void> {
    await must('ip', ['netns', 'add', ns]);
    this.namespaces.push(ns);
    await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  }

  private async create(): Promise<void> {
    const hosts = Object.keys(this.topology);
    for (const h of hosts) {
      if (this.ifname(h).length > 15) throw new Error(`host name ${h} too long for an interface name`);
    }
    await Promise.all(hosts.map((h) => this.addNamespace(this.ns(h))));

    // Links: a veth pair for a two-member net, a bridge in the switch namespace otherwise.
    const nets = new Map<string, Array<{ host: string; iface: string }>>();
    for (const h of hosts) {
      for (const [iface, spec] of Object.entries(this.topology[h]!.ifaces)) nets.set(spec.net, [...(nets.get(spec.net) ?? []), { host: h, iface }]);
    }
    let port = 0;
    let bridge = 0;
    for (const [, members] of nets) {
      if (members.length === 2) {
        const [a, b] = members as [{ host: string; iface: string }, { host: string; iface: string }];
        await must('ip', ['link', 'add', 'name', a.iface, 'netns', this.ns(a.host), 'type', 'veth', 'peer', 'name', b.iface, 'netns', this.ns(b.host)]);
        continue;
      }
      const sw = this.ns('sw');
      if (!this.namespaces.includes(sw)) await this.addNamespace(sw);
      const br = `br${bridge++}`;
      await must('ip', ['-n', sw, 'link', 'add', br, 'type', 'bridge']);
      await must('ip', ['-n', sw, 'link', 'set', br, 'up']);
      for (const m of members) {
        const p = `p${port++}`;
        await must('ip', ['link', 'add', 'name', m.iface, 'netns', this.ns(m.host), 'type', 'veth', 'peer', 'name', p, 'netns', sw]);
        await must('ip', ['-n', sw, 'link', 'set', p, 'master', br, 'up']);
      }
    }

    await Promise.all(hosts.map((h) => this.configureHost(h)));
  }

  private async configureHost(host: string): Promise<void> {
    const spec = this.topology[host]!;
    const ns = this.ns(host);
    for (const [iface, i] of Object.entries(spec.ifaces)) {
      await must('ip', ['-n', ns, 'address', 'add', i.address, 'dev', iface]);
      await must('ip', ['-n', ns, 'link', 'set', iface, 'up']);
    }
    if (spec.gateway) await must('ip', ['-n', ns, 'route', 'add', 'default', 'via', spec.gateway]);
    for (const r of spec.routes ?? []) await must('ip', ['-n', ns, 'route', 'add', r.to, 'via', r.via]);
    const sysctls: Record<string, string> = { ...(spec.forward ? { 'net.ipv4.ip_forward': '1' } : {}), ...spec.sysctls };
    if (spec.masquerade) {
      await must('ip', ['netns', 'exec', ns, 'iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', spec.masquerade, '-j', 'MASQUERADE']);
    }
    // After the NAT rule: the nf_conntrack sysctls exist in a namespace once conntrack is in use there.
    const pairs = Object.entries(sysctls).map(([k, v]) => `${k}=${v}`);
    if (pairs.length) await must('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', ...pairs]);
  }
}
