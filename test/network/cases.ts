// The cases: every topology users build, brought up for real from configs wgls wrote (both
// sources: the examples, and the language server's Add peer…), and each warning that predicts
// a failure: the diagnostic is there, the network fails the way it says, its quick fix makes
// the network work.
//
// Addresses: the "internet" is documentation space (192.0.2.0/24, 198.51.100.0/24,
// 203.0.113.0/24), LANs and tunnels are 10.x / 192.168.x, all inside the lab's namespaces.

import { Lab, type Topology } from './harness.ts';
import { poll, removeTempDir } from './netns.ts';
import { ConfigSet, fromExamples, fromLsp, type SourceKind } from './sources.ts';
import { cliCheck, describeProblem, isSerious, NoQuickFix, WglsWorkspace, type CliProblem } from './wgls.ts';

export interface Outcome {
  /** What wgls said. */
  readonly wgls: string;
  /** What the network did. */
  readonly network: string;
  /** Unmet expectations; empty when the case passed. */
  readonly failures: readonly string[];
}

export interface Case {
  readonly name: string;
  readonly source: SourceKind;
  /** Long waits (NAT timeouts) run alongside the other cases. */
  readonly background?: boolean;
  run(): Promise<Outcome>;
}

/** Collects a case's findings. */
class Findings {
  readonly wgls: string[] = [];
  readonly network: string[] = [];
  readonly failures: string[] = [];

  expect(ok: boolean, failure: string): boolean {
    if (!ok) this.failures.push(failure);
    return ok;
  }

  outcome(): Outcome {
    // A phase label ("broken:") runs into the entry after it.
    const join = (list: readonly string[]) => list.map((e, i) => (i === 0 ? e : list[i - 1]!.endsWith(':') ? ` ${e}` : `; ${e}`)).join('');
    return { wgls: join(this.wgls), network: join(this.network), failures: this.failures };
  }
}

/** role → host in the lab. */
type Hosts = Readonly<Record<string, string>>;

const ping = (r: { ok: boolean; received: number; transmitted: number; ttl?: number }) =>
  r.ok ? `${r.received}/${r.transmitted}${r.ttl !== undefined ? ` ttl ${r.ttl}` : ''}` : `lost (${r.received}/${r.transmitted})`;

/** Replaces `from` with `to` in a role's config; fails loudly if `from` is not there (the example changed). */
function mutate(set: ConfigSet, role: string, from: RegExp, to: string): void {
  const text = set.text(role);
  if (!from.test(text)) throw new Error(`${role}.conf: ${from} not found (did the example change?)`);
  set.write(role, text.replace(from, to));
}

/** A [Peer] block's line, found after its `# Name = …` comment. */
function inPeer(name: string, line: string): RegExp {
  return new RegExp(`(# Name = ${name}\\n(?:(?!\\[)[^\\n]*\\n)*?)${line.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n`);
}

async function cliProblems(lab: Lab, set: ConfigSet, hosts: Hosts): Promise<Map<string, CliProblem[]>> {
  const byFile = new Map<string, string>(set.roles.map((r) => [lab.configPath(hosts[r]!), r]));
  const problems = await cliCheck([...byFile.keys()]);
  const out = new Map<string, CliProblem[]>(set.roles.map((r) => [r, []]));
  for (const p of problems) out.get(byFile.get(p.file) ?? '')?.push(p);
  return out;
}

/** The configs into the lab, then wgls on them: the CLI on every file, the server on the whole set (cross-file rules). */
async function writeAndCheck(f: Findings, lab: Lab, set: ConfigSet, hosts: Hosts): Promise<void> {
  for (const role of set.roles) lab.writeConfig(hosts[role]!, set.text(role));
  const cli = await cliProblems(lab, set, hosts);
  const cliSerious = [...cli].flatMap(([role, list]) => list.filter((p) => isSerious(p.severity, p.code)).map((p) => `${role}.conf: ${describeProblem(p)}`));
  const ws = await WglsWorkspace.open(set.dir);
  let lspSerious: string[];
  try {
    const diags = await ws.diagnostics(set.roles.map((r) => set.file(r)));
    lspSerious = [...diags].flatMap(([file, list]) => list.filter((d) => isSerious(d.severity, d.code)).map((d) => `${file}: ${describeProblem(d)}`));
  } finally {
    await ws.close();
  }
  f.expect(cliSerious.length === 0, `wgls check (CLI) reports errors/warnings: ${cliSerious.join(', ')}`);
  f.expect(lspSerious.length === 0, `the server (workspace, cross-file) reports errors/warnings: ${lspSerious.join(', ')}`);
  f.wgls.push(
    cliSerious.length + lspSerious.length === 0
      ? `no errors/warnings (CLI on ${set.roles.length} files; server on the set)`
      : `CLI: ${cliSerious.join(', ') || 'clean'}; server: ${lspSerious.join(', ') || 'clean'}`,
  );
}

/** wg-quick up, wave by wave (listening sides first; within a wave in parallel). */
async function upAll(lab: Lab, hosts: Hosts, waves: ReadonlyArray<readonly string[]>): Promise<void> {
  for (const wave of waves) await Promise.all(wave.map((role) => lab.up(hosts[role]!)));
}

/** wg-quick down everywhere, the current set's configs written, up again: a restart after editing. */
async function restartAll(lab: Lab, set: ConfigSet, hosts: Hosts, waves: ReadonlyArray<readonly string[]>): Promise<void> {
  await Promise.all(set.roles.map((r) => lab.down(hosts[r]!)));
  for (const role of set.roles) lab.writeConfig(hosts[role]!, set.text(role));
  await upAll(lab, hosts, waves);
}

/** Runs `body` with a lab and a config set, always cleaning both up. */
async function withLab(
  name: string,
  topology: Topology,
  makeSet: () => Promise<ConfigSet> | ConfigSet,
  body: (lab: Lab, set: ConfigSet, f: Findings) => Promise<void>,
  showNotes = true,
): Promise<Outcome> {
  const f = new Findings();
  let set: ConfigSet | undefined;
  let lab: Lab | undefined;
  try {
    set = await makeSet();
    if (showNotes) f.wgls.push(...set.notes.map((n) => `[${n}]`));
    lab = await Lab.build(name, topology);
    await body(lab, set, f);
  } catch (err) {
    f.failures.push(`error: ${(err as Error).message}`);
  } finally {
    lab?.destroy();
    if (set) removeTempDir(set.dir);
  }
  return f.outcome();
}

/** Pings and records the result; `want` says whether replies are expected. */
async function expectPing(f: Findings, lab: Lab, from: string, to: string, want: boolean, label: string, ttl?: number): Promise<void> {
  const r = await lab.ping(from, to);
  f.network.push(`${label} ${ping(r)}`);
  f.expect(r.ok === want, `${label}: expected ${want ? 'replies' : 'no replies'}, got ${ping(r)}\n${r.output}`);
  if (want && r.ok && ttl !== undefined) f.expect(r.ttl === ttl, `${label}: expected ttl ${ttl} (routers on the way), got ${r.ttl}`);
}

// ── topologies ───────────────────────────────────────────────────────────────

const POINT_TO_POINT: Topology = {
  isp: { ifaces: { a0: { net: 'a', address: '203.0.113.254/24' }, b0: { net: 'b', address: '198.51.100.254/24' } }, forward: true },
  alpha: { ifaces: { up0: { net: 'a', address: '203.0.113.1/24' } }, gateway: '203.0.113.254' },
  bravo: { ifaces: { up0: { net: 'b', address: '198.51.100.1/24' } }, gateway: '198.51.100.254' },
};
const P2P_HOSTS: Hosts = { alpha: 'alpha', bravo: 'bravo' };
const P2P_WAVES = [['alpha', 'bravo']];

function pointToPoint(source: SourceKind): Case {
  return {
    name: 'point-to-point',
    source,
    run: () =>
      withLab(
        'p2p',
        POINT_TO_POINT,
        () => (source === 'examples' ? fromExamples('point-to-point') : fromLsp('point-to-point', 'alpha', '203.0.113.1', [{ name: 'bravo', topology: 'point-to-point' }])),
        async (lab, set, f) => {
          await writeAndCheck(f, lab, set, P2P_HOSTS);
          await upAll(lab, P2P_HOSTS, P2P_WAVES);
          // bravo first: with Add peer…, only bravo has an Endpoint (alpha learns bravo's from the handshake).
          await expectPing(f, lab, 'bravo', set.address('alpha'), true, 'bravo→alpha');
          await expectPing(f, lab, 'alpha', set.address('bravo'), true, 'alpha→bravo');
          const hs = await lab.waitHandshake('alpha', set.peerKey('alpha', 'bravo'), 1000);
          f.expect(hs !== undefined, 'alpha: no handshake with bravo in `wg show latest-handshakes`');
        },
      ),
  };
}

const HUB_AND_SPOKE: Topology = {
  hub: { ifaces: { up0: { net: 'inet', address: '203.0.113.1/24' } } },
  laptop: { ifaces: { up0: { net: 'inet', address: '203.0.113.2/24' } } },
  phone: { ifaces: { up0: { net: 'inet', address: '203.0.113.3/24' } } },
  nas: { ifaces: { up0: { net: 'inet', address: '203.0.113.4/24' }, lan0: { net: 'home', address: '192.168.1.1/24' } } },
  nasbox: { ifaces: { eth0: { net: 'home', address: '192.168.1.10/24' } }, gateway: '192.168.1.1' },
};
const HUB_HOSTS: Hosts = { hub: 'hub', laptop: 'laptop', phone: 'phone', nas: 'nas' };
const HUB_WAVES = [['hub'], ['laptop', 'phone', 'nas']];
const hubExamples = () => fromExamples('hub-and-spoke', { endpoints: { 'vpn.example.com': '203.0.113.1' }, hookIfaces: { nas: { eth0: 'lan0' } } });

function hubAndSpoke(source: SourceKind): Case {
  return {
    name: 'hub-and-spoke',
    source,
    run: () =>
      withLab(
        'hub',
        HUB_AND_SPOKE,
        () =>
          source === 'examples'
            ? hubExamples()
            : // The NAS first, so the spokes added after it route its LAN (Add peer… routes the LANs already behind the hub).
              fromLsp('hub-and-spoke', 'hub', '203.0.113.1', [{ name: 'nas', lan: '192.168.1.0/24' }, { name: 'laptop' }, { name: 'phone' }]),
        async (lab, set, f) => {
          await writeAndCheck(f, lab, set, HUB_HOSTS);
          await upAll(lab, HUB_HOSTS, HUB_WAVES);
          // The spokes keep their NAT mapping open (PersistentKeepalive): each has a handshake with the hub at once.
          for (const spoke of ['laptop', 'phone', 'nas']) {
            const ms = await lab.waitHandshake('hub', set.peerKey('hub', spoke), 8000);
            f.expect(ms !== undefined, `hub: no handshake with ${spoke} within 8 s`);
          }
          f.network.push('3 spokes shook hands with the hub');
          // Spoke to spoke: one router on the way (the hub forwards wg→wg): ttl 63.
          await expectPing(f, lab, 'laptop', set.address('phone'), true, 'laptop→phone (via hub)', 63);
          await expectPing(f, lab, 'phone', set.address('laptop'), true, 'phone→laptop (via hub)', 63);
          // The NAS's LAN from another spoke: hub, then the NAS (ttl 62).
          await expectPing(f, lab, 'laptop', '192.168.1.10', true, 'laptop→192.168.1.10 (LAN behind nas)', 62);
          const dns = lab.dnsLog();
          if (dns) f.network.push(`DNS handed to resolvconf: ${[...new Set(dns.match(/nameserver \S+/g) ?? [])].join(', ')}`);
        },
      ),
  };
}

/**
 * The hub's key pair replaced by the light bulb's "Replace the key pair with a new one" (a key to rotate,
 * or one that leaked): its new PrivateKey, and its new public key in each spoke's [Peer] for it. The
 * tunnels come up with the old pair, then again after the edit, with the spokes handshaking the new key.
 */
function keyPairReplaced(): Case {
  return {
    name: 'key pair replaced',
    source: 'examples',
    run: () =>
      withLab('hub', HUB_AND_SPOKE, hubExamples, async (lab, set, f) => {
        await writeAndCheck(f, lab, set, HUB_HOSTS);
        await upAll(lab, HUB_HOSTS, HUB_WAVES);
        const before = (await lab.wg('hub', 'public-key')).trim();
        const ws = await WglsWorkspace.open(set.dir);
        try {
          // (Once the index has every config: the action lists the spokes that name the hub.)
          await ws.diagnostics(set.roles.map((r) => set.file(r)));
          const header = set.text('hub').split('\n').indexOf('[Interface]');
          const done = await ws.refactor(set.file('hub'), header, 'Replace the key pair');
          f.wgls.push(`"${done.title}" changed ${done.files.sort().join(', ')}`);
          f.expect(done.files.length === 4, `expected the hub and its 3 spokes changed, got ${done.files.join(', ')}`);
        } finally {
          await ws.close();
        }
        await writeAndCheck(f, lab, set, HUB_HOSTS);
        await restartAll(lab, set, HUB_HOSTS, HUB_WAVES);
        const after = (await lab.wg('hub', 'public-key')).trim();
        f.network.push(`hub's public key ${before.slice(0, 8)}… → ${after.slice(0, 8)}…`);
        f.expect(after !== before, 'the hub came up with its old key');
        for (const spoke of ['laptop', 'phone', 'nas']) {
          f.expect(set.peerKey(spoke, 'hub') === after, `${spoke}.conf does not name the hub's new public key`);
          const ms = await lab.waitHandshake('hub', set.peerKey('hub', spoke), 8000);
          f.expect(ms !== undefined, `hub: no handshake with ${spoke} within 8 s after the new key`);
        }
        f.network.push('3 spokes shook hands with the hub\'s new key');
        await expectPing(f, lab, 'laptop', set.address('phone'), true, 'laptop→phone (via hub)', 63);
      }),
  };
}

const SITE_TO_SITE: Topology = {
  gwa: { ifaces: { up0: { net: 'inet', address: '203.0.113.10/24' }, lan0: { net: 'lana', address: '192.168.10.1/24' } } },
  gwb: { ifaces: { up0: { net: 'inet', address: '203.0.113.20/24' }, lan0: { net: 'lanb', address: '192.168.20.1/24' } } },
  hosta: { ifaces: { eth0: { net: 'lana', address: '192.168.10.10/24' } }, gateway: '192.168.10.1' },
  hostb: { ifaces: { eth0: { net: 'lanb', address: '192.168.20.10/24' } }, gateway: '192.168.20.1' },
};
const S2S_HOSTS: Hosts = { 'office-a': 'gwa', 'office-b': 'gwb' };

function siteToSite(source: SourceKind): Case {
  return {
    name: 'site-to-site',
    source,
    run: () =>
      withLab(
        's2s',
        SITE_TO_SITE,
        () =>
          source === 'examples'
            ? fromExamples('site-to-site', { endpoints: { 'a.example.net': '203.0.113.10', 'b.example.net': '203.0.113.20' } })
            : fromLsp('site-to-site', 'office-a', '203.0.113.10', [{ name: 'office-b', topology: 'site-to-site', lan: '192.168.20.0/24', localLan: '192.168.10.0/24' }]),
        async (lab, set, f) => {
          await writeAndCheck(f, lab, set, S2S_HOSTS);
          await upAll(lab, S2S_HOSTS, [['office-a', 'office-b']]);
          // LAN host to LAN host: two gateways on the way (ttl 62).
          await expectPing(f, lab, 'hostb', '192.168.10.10', true, '192.168.20.10→192.168.10.10', 62);
          await expectPing(f, lab, 'hosta', '192.168.20.10', true, '192.168.10.10→192.168.20.10', 62);
        },
      ),
  };
}

const FULL_TUNNEL: Topology = {
  isp: {
    ifaces: { c0: { net: 'c', address: '192.0.2.1/24' }, s0: { net: 's', address: '203.0.113.1/24' }, w0: { net: 'w', address: '198.51.100.1/24' } },
    forward: true,
  },
  client: { ifaces: { up0: { net: 'c', address: '192.0.2.2/24' } }, gateway: '192.0.2.1' },
  server: { ifaces: { up0: { net: 's', address: '203.0.113.30/24' } }, gateway: '203.0.113.1' },
  // The "internet" host can answer the server's network only: reaching it from the client proves the tunnel and the NAT.
  web: { ifaces: { up0: { net: 'w', address: '198.51.100.80/24' } }, routes: [{ to: '203.0.113.0/24', via: '198.51.100.1' }] },
};
const FULL_HOSTS: Hosts = { server: 'server', client: 'client' };
/** The full-tunnel example, its server's hooks NATing out of the lab's uplink (up0, not eth0). */
const fullTunnelExamples = () => fromExamples('full-tunnel', { hookIfaces: { server: { eth0: 'up0' } } });
/** The server first, then the client (it dials the server at once). */
const FULL_WAVES = [['server'], ['client']];

function fullTunnel(source: SourceKind): Case {
  return {
    name: 'full tunnel',
    source,
    run: () =>
      withLab(
        'full',
        FULL_TUNNEL,
        () =>
          source === 'examples'
            ? fullTunnelExamples()
            : fromLsp('full-tunnel', 'server', '203.0.113.30', [{ name: 'client', fullTunnel: true, dns: '10.30.0.1' }], { eth0: 'up0' }),
        async (lab, set, f) => {
          await writeAndCheck(f, lab, set, FULL_HOSTS);
          const direct = await lab.ping('client', '198.51.100.80', { count: 1, wait: 1 });
          f.network.push(`before: client→198.51.100.80 ${ping(direct)}`);
          f.expect(!direct.ok, 'the web host answered the client without the tunnel: the topology proves nothing');
          await upAll(lab, FULL_HOSTS, [['server'], ['client']]);
          // wg-quick's /0 handling inside the client's namespace: fwmark, policy rules, the raw/mangle rules.
          const rules = (await lab.exec('client', 'ip', ['-4', 'rule'])).stdout + (await lab.exec('client', 'ip', ['-6', 'rule'])).stdout;
          const fwmark = /not from all fwmark (\S+) lookup (\d+)/.exec(rules);
          f.expect(!!fwmark && /suppress_prefixlength 0/.test(rules), `wg-quick's /0 rules missing in the client namespace:\n${rules}`);
          // No nft here: wg-quick falls back to iptables-restore (raw: drop spoofed tunnel addresses; mangle: connmark for UDP).
          const saved = (await lab.exec('client', 'iptables-save', [])).stdout;
          const marks = /CONNMARK --save-mark/.test(saved) && /CONNMARK --restore-mark/.test(saved) && /-t raw|\*raw[\s\S]*-j DROP/.test(saved);
          f.expect(marks, `wg-quick's raw/mangle rules missing in the client namespace:\n${saved}`);
          if (fwmark) f.network.push(`ip rule: not fwmark ${fwmark[1]} → table ${fwmark[2]}, main suppress_prefixlength 0${marks ? '; raw+connmark rules in place' : ''}`);
          await expectPing(f, lab, 'client', '198.51.100.80', true, 'client→198.51.100.80 via server NAT', 62);
          await expectPing(f, lab, 'client', set.address('server', 6), true, `client→${set.address('server', 6)} (IPv6 in the tunnel)`);
          const dns = lab.dnsLog();
          if (dns) f.network.push(`DNS handed to resolvconf: ${[...new Set(dns.match(/nameserver \S+/g) ?? [])].join(', ')}`);
          // The client resolves through the server (examples: written by hand; lsp: Add peer's DNS answer).
          f.expect(/nameserver 10\.30\.0\.1\b/.test(dns), `wg-quick did not hand the client's DNS 10.30.0.1 to resolvconf (log: ${JSON.stringify(dns)})`);
        },
      ),
  };
}

// ── diagnostics that predict failures ────────────────────────────────────────

/**
 * (i) the rule is reported by the CLI (`wgls check` on all the files: they form one workspace, so
 * cross-file rules run too) and, for cross-file rules, by the server over LSP as well.
 */
async function expectRule(f: Findings, lab: Lab, set: ConfigSet, hosts: Hosts, rule: string, role: string, crossFile: boolean): Promise<void> {
  const cli = await cliProblems(lab, set, hosts);
  const byCli = (cli.get(role) ?? []).find((p) => p.code === rule);
  f.expect(!!byCli, `wgls check does not report ${rule} in ${role}.conf (it reports: ${(cli.get(role) ?? []).map(describeProblem).join(', ') || 'nothing'})`);
  if (byCli) f.wgls.push(`CLI: ${role}.conf ${describeProblem(byCli)}`);
  if (!crossFile) return;
  const ws = await WglsWorkspace.open(set.dir);
  try {
    const diags = await ws.diagnosticsWith(set.file(role), rule);
    const hit = diags.find((d) => d.code === rule);
    f.expect(!!hit, `the server does not report ${rule} in ${role}.conf (it reports: ${diags.map(describeProblem).join(', ') || 'nothing'})`);
    if (hit) f.wgls.push(`server: the same`);
  } finally {
    await ws.close();
  }
}

/**
 * (iii) the server's quick fix for the rule, applied to the file. Without one: `manual` (what the rule's
 * page says to do) when given, else a failure. False when nothing could be applied.
 */
async function applyQuickFix(f: Findings, set: ConfigSet, role: string, rule: string, manual?: ManualFix, pick?: (title: string) => boolean): Promise<boolean> {
  const ws = await WglsWorkspace.open(set.dir);
  try {
    const fix = await ws.quickFix(set.file(role), rule, pick);
    f.wgls.push(`fix: "${fix.title}" (${fix.files.join(', ')})`);
    return true;
  } catch (err) {
    if (err instanceof NoQuickFix && manual) {
      manual.apply(set);
      f.wgls.push(`no quick fix offered; applied the rule page's "Fixed": ${manual.describe}`);
      return true;
    }
    f.failures.push(`quick fix for ${rule} in ${role}.conf: ${(err as Error).message}`);
    return false;
  } finally {
    await ws.close();
  }
}

/** After a fix: neither the CLI (on the lab's files) nor a fresh server on the set reports the rule, or any error/warning. */
async function expectFixed(f: Findings, lab: Lab, set: ConfigSet, hosts: Hosts, rule: string): Promise<void> {
  for (const role of set.roles) lab.writeConfig(hosts[role]!, set.text(role));
  const cli = await cliProblems(lab, set, hosts);
  const cliLeft = [...cli].flatMap(([r, list]) => list.filter((p) => p.code === rule || isSerious(p.severity, p.code)).map((p) => `${r}.conf: ${describeProblem(p)}`));
  const ws = await WglsWorkspace.open(set.dir);
  let lspLeft: string[];
  try {
    const after = await ws.diagnostics(set.roles.map((r) => set.file(r)));
    lspLeft = [...after].flatMap(([file, list]) => list.filter((d) => d.code === rule || isSerious(d.severity, d.code)).map((d) => `${file}: ${describeProblem(d)}`));
  } finally {
    await ws.close();
  }
  f.expect(cliLeft.length === 0, `after the fix the CLI still reports: ${cliLeft.join(', ')}`);
  f.expect(lspLeft.length === 0, `after the fix the server still reports: ${lspLeft.join(', ')}`);
  if (!cliLeft.length && !lspLeft.length) f.wgls.push('then clean (CLI and server)');
}

interface ManualFix {
  readonly describe: string;
  readonly apply: (set: ConfigSet) => void;
}

interface FailureSpec {
  readonly name: string;
  readonly rule: string;
  readonly crossFile: boolean;
  readonly topology: Topology;
  readonly hosts: Hosts;
  readonly waves: ReadonlyArray<readonly string[]>;
  readonly makeSet: () => ConfigSet;
  /** The mistake, made in wgls's output (and said in a few words). */
  readonly breakIt: (set: ConfigSet) => void;
  readonly mistake: string;
  /** The file the rule (and its fix) is in. */
  readonly role: string;
  /** (ii) the network fails as the rule says. */
  readonly broken: (lab: Lab, set: ConfigSet, f: Findings) => Promise<void>;
  /** After the fix: the network works. */
  readonly fixed: (lab: Lab, set: ConfigSet, f: Findings) => Promise<void>;
  /** Used only when the server offers no quick fix for the rule: what the rule's page says to do. */
  readonly manualFix?: ManualFix;
  /** Which of several quick fixes to apply, by title (default: the preferred one). */
  readonly pickFix?: (title: string) => boolean;
}

/** Broken: alpha's ping to bravo fails and no handshake happens (a tunnel whose two ends disagree). */
const alphaCannotReachBravo: FailureSpec['broken'] = async (lab, set, f) => {
  await expectPing(f, lab, 'alpha', '10.10.0.2', false, 'alpha→bravo');
  await expectNoHandshake(f, lab, 'alpha', set.peerKey('alpha', 'bravo'), 'alpha');
};

/** Fixed: alpha reaches bravo again. */
const alphaReachesBravo: FailureSpec['fixed'] = async (lab, _set, f) => {
  await expectPing(f, lab, 'alpha', '10.10.0.2', true, 'alpha→bravo');
};

/**
 * The two ends of a point-to-point tunnel disagree on the PresharedKey (`breakIt` changes bravo's):
 * no handshake, no ping, until the fix makes them agree.
 */
function pskMismatchCase(name: string, breakIt: FailureSpec['breakIt'], mistake: string): Case {
  return failureCase({
    name,
    rule: 'preshared-key-mismatch',
    crossFile: true,
    topology: POINT_TO_POINT,
    hosts: P2P_HOSTS,
    waves: P2P_WAVES,
    makeSet: p2pExamples,
    breakIt,
    mistake,
    role: 'bravo',
    broken: alphaCannotReachBravo,
    fixed: alphaReachesBravo,
  });
}

function failureCase(spec: FailureSpec): Case {
  return {
    name: spec.name,
    source: 'examples',
    run: () =>
      withLab(
        spec.name.replace(/[^a-z]+/g, '').slice(0, 12),
        spec.topology,
        spec.makeSet,
        async (lab, set, f) => {
          spec.breakIt(set);
          f.wgls.push(`mistake: ${spec.mistake}`);
          for (const role of set.roles) lab.writeConfig(spec.hosts[role]!, set.text(role));
          await expectRule(f, lab, set, spec.hosts, spec.rule, spec.role, spec.crossFile);
          await upAll(lab, spec.hosts, spec.waves);
          f.network.push('broken:');
          await spec.broken(lab, set, f);
          if (!(await applyQuickFix(f, set, spec.role, spec.rule, spec.manualFix, spec.pickFix))) return;
          await expectFixed(f, lab, set, spec.hosts, spec.rule);
          await restartAll(lab, set, spec.hosts, spec.waves);
          f.network.push('fixed:');
          await spec.fixed(lab, set, f);
        },
        false,
      ),
  };
}

/**
 * After a ping that got no answer (seconds, while an answered handshake takes milliseconds): read once,
 * no window to wait out. The host sent handshake initiations to the peer (tx > 0) and none was answered
 * (no handshake): the attempt was made and failed, rather than never tried.
 */
async function expectNoHandshake(f: Findings, lab: Lab, host: string, peerKey: string, label: string): Promise<void> {
  const handshake = (await lab.handshakes(host)).get(peerKey) ?? 0;
  const tx = (await lab.transfer(host)).get(peerKey)?.tx ?? 0;
  f.network.push(`${label}: ${handshake > 0 ? 'handshake' : 'no handshake'}, ${tx} B of initiations sent`);
  f.expect(handshake === 0, `${label}: a handshake happened, but the rule says it cannot`);
  f.expect(tx > 0, `${label}: sent nothing to the peer, so "no handshake" proves nothing`);
}

/** The MTU of the host's WireGuard interface, from `ip -o link show` (NaN when not found). */
async function linkMtu(lab: Lab, host: string): Promise<number> {
  const out = (await lab.exec(host, 'ip', ['-o', 'link', 'show', 'dev', lab.ifname(host)])).stdout;
  return Number(/ mtu (\d+)/.exec(out)?.[1]);
}

const p2pExamples = () => fromExamples('point-to-point');
const OTHER_PSK = 'yVu99li8KSPweXRkuyHDDdtfF95xUHfARoX/DqeKjtM=';

const OVERLAP_TOPOLOGY: Topology = {
  hub: { ifaces: { up0: { net: 'inet', address: '203.0.113.1/24' } } },
  laptop: { ifaces: { up0: { net: 'inet', address: '203.0.113.2/24' } } },
  phone: { ifaces: { up0: { net: 'inet', address: '203.0.113.3/24' } } },
};
const OVERLAP_HOSTS: Hosts = { hub: 'hub', laptop: 'laptop', phone: 'phone' };

function onlyRoles(set: ConfigSet, roles: readonly string[]): ConfigSet {
  return new ConfigSet(set.source, set.dir, roles, set.notes);
}

/**
 * A full-tunnel client whose config line `line` (rule `name`) puts its default route into the main
 * table: `wg-quick up` stops at `ip -4 route add 0.0.0.0/0 … table main|254` ("File exists", next to the
 * host's default route), and the web host stays unreachable; after the quick fix the client comes up.
 */
function mainTableDefaultRoute(spec: { name: string; line: string; mistake: string; pickFix?: (title: string) => boolean }): Case {
  return failureCase({
    name: spec.name,
    rule: spec.name,
    crossFile: false,
    topology: FULL_TUNNEL,
    hosts: FULL_HOSTS,
    // The client is brought up by hand below: with the mistake, its `wg-quick up` is what fails.
    waves: [['server']],
    makeSet: fullTunnelExamples,
    breakIt: (set) => mutate(set, 'client', /^(MTU = 1420\n)/m, `$1${spec.line}\n`),
    mistake: spec.mistake,
    role: 'client',
    broken: async (lab, _set, f) => {
      let error = '';
      try {
        await lab.up('client');
      } catch (err) {
        error = (err as Error).message;
      }
      const refused = /RTNETLINK answers: File exists/.test(error);
      const step = /\[#\] (ip -4 route add 0\.0\.0\.0\/0 [^\n]*)/.exec(error)?.[1] ?? 'the default route';
      f.network.push(refused ? `client: wg-quick up fails at "${step}": RTNETLINK answers: File exists` : `client: wg-quick up ${error ? `failed otherwise: ${error.split('\n').pop()}` : 'succeeded'}`);
      f.expect(refused, `expected wg-quick up on the client to fail adding its default route to the main table, got: ${error || 'success'}`);
      await expectPing(f, lab, 'client', '198.51.100.80', false, 'client→198.51.100.80 (no tunnel)');
    },
    ...(spec.pickFix ? { pickFix: spec.pickFix } : {}),
    fixed: async (lab, _set, f) => {
      await lab.up('client');
      await expectPing(f, lab, 'client', '198.51.100.80', true, 'client→198.51.100.80 via server NAT', 62);
    },
  });
}

/**
 * Point-to-point with a mistake in alpha.conf that leaves the tunnel up and handshaking while no ping
 * gets through either way (the network-truth fuzz's silent failures); after the quick fix, both ways.
 */
function upButSilent(spec: { name: string; rule: string; crossFile: boolean; breakIt: (set: ConfigSet) => void; mistake: string; missing: string; pickFix: (title: string) => boolean }): Case {
  return failureCase({
    name: spec.name,
    rule: spec.rule,
    crossFile: spec.crossFile,
    topology: POINT_TO_POINT,
    hosts: P2P_HOSTS,
    waves: P2P_WAVES,
    makeSet: p2pExamples,
    breakIt: spec.breakIt,
    mistake: spec.mistake,
    role: 'alpha',
    broken: async (lab, set, f) => {
      await expectPing(f, lab, 'alpha', '10.10.0.2', false, 'alpha→bravo');
      await expectPing(f, lab, 'bravo', '10.10.0.1', false, 'bravo→alpha');
      const ms = await lab.waitHandshake('bravo', set.peerKey('bravo', 'alpha'), 3000);
      f.network.push(`handshake ${ms !== undefined ? 'yes' : 'no'} (the tunnel is up)`);
      f.expect(ms !== undefined, `expected a handshake: the tunnel comes up, only ${spec.missing} ${spec.missing.endsWith('s') ? 'are' : 'is'} missing`);
    },
    pickFix: spec.pickFix,
    fixed: async (lab, _set, f) => {
      await expectPing(f, lab, 'alpha', '10.10.0.2', true, 'alpha→bravo');
      await expectPing(f, lab, 'bravo', '10.10.0.1', true, 'bravo→alpha');
    },
  });
}

export const failureCases: Case[] = [
  failureCase({
    name: 'allowed-ips-overlap',
    rule: 'allowed-ips-overlap',
    crossFile: false,
    topology: OVERLAP_TOPOLOGY,
    hosts: OVERLAP_HOSTS,
    waves: [['hub'], ['laptop', 'phone']],
    makeSet: () => onlyRoles(hubExamples(), ['hub', 'laptop', 'phone']),
    // A copied [Peer] whose /32 was not changed: phone claims laptop's address too.
    breakIt: (set) => mutate(set, 'hub', inPeer('phone', 'AllowedIPs = 10.0.0.3/32'), '$1AllowedIPs = 10.0.0.2/32\n'),
    mistake: "hub.conf: phone's AllowedIPs 10.0.0.2/32 (laptop's)",
    role: 'hub',
    broken: async (lab, set, f) => {
      for (const spoke of ['laptop', 'phone']) await lab.waitHandshake('hub', set.peerKey('hub', spoke), 8000);
      const allowed = new Map((await lab.wg('hub', 'allowed-ips')).split('\n').map((l) => l.split('\t') as [string, string]));
      const laptop = allowed.get(set.peerKey('hub', 'laptop'));
      const phone = allowed.get(set.peerKey('hub', 'phone'));
      f.network.push(`wg show allowed-ips: laptop ${laptop}, phone ${phone}`);
      f.expect(laptop === '(none)' && phone === '10.0.0.2/32', `expected the later peer (phone) to own 10.0.0.2/32, got laptop=${laptop} phone=${phone}`);
      await expectPing(f, lab, 'hub', '10.0.0.2', false, 'hub→laptop 10.0.0.2 (sent to phone)');
    },
    manualFix: {
      describe: "phone's AllowedIPs back to 10.0.0.3/32",
      apply: (set) => mutate(set, 'hub', inPeer('phone', 'AllowedIPs = 10.0.0.2/32'), '$1AllowedIPs = 10.0.0.3/32\n'),
    },
    fixed: async (lab, set, f) => {
      // The hub learns the spokes' endpoints from their handshakes (keepalive at start).
      for (const spoke of ['laptop', 'phone']) await lab.waitHandshake('hub', set.peerKey('hub', spoke), 8000);
      await expectPing(f, lab, 'hub', '10.0.0.2', true, 'hub→laptop');
      await expectPing(f, lab, 'hub', '10.0.0.3', true, 'hub→phone');
    },
  }),
  failureCase({
    name: 'unrouted-neighbor',
    rule: 'unrouted-neighbor',
    crossFile: true,
    topology: OVERLAP_TOPOLOGY,
    hosts: OVERLAP_HOSTS,
    waves: [['hub'], ['laptop', 'phone']],
    makeSet: () => onlyRoles(hubExamples(), ['hub', 'laptop', 'phone']),
    // The laptop routes only the hub's own address, but keeps the hub's /24.
    breakIt: (set) => mutate(set, 'laptop', /^AllowedIPs = 10\.0\.0\.0\/24, 192\.168\.1\.0\/24$/m, 'AllowedIPs = 10.0.0.1/32'),
    mistake: 'laptop.conf: AllowedIPs 10.0.0.1/32 (the hub only), Address 10.0.0.2/24',
    role: 'laptop',
    broken: async (lab, set, f) => {
      for (const spoke of ['laptop', 'phone']) await lab.waitHandshake('hub', set.peerKey('hub', spoke), 8000);
      await expectPing(f, lab, 'laptop', '10.0.0.1', true, 'laptop→hub 10.0.0.1', 64);
      // The pings never leave the laptop: its interface takes them (the /24 route) and, with no peer for
      // 10.0.0.3, drops them (wireguard-go silently; the kernel module says "Required key not available").
      const route = (await lab.exec('laptop', 'ip', ['route', 'get', '10.0.0.3'])).stdout.trim().split('\n')[0];
      const sent = async () => (await lab.transfer('laptop')).get(set.peerKey('laptop', 'hub'))?.tx ?? 0;
      const before = await sent();
      await expectPing(f, lab, 'laptop', '10.0.0.3', false, 'laptop→phone 10.0.0.3');
      const grew = (await sent()) - before;
      f.network.push(`route: ${route}; sent to the hub meanwhile: ${grew} B`);
      f.expect(route.includes(` dev ${lab.ifname('laptop')} `), `expected 10.0.0.3 routed into the tunnel, got: ${route}`);
      f.expect(grew < 100, `expected nothing sent to the hub for 10.0.0.3 (two pings are over 200 B), sent ${grew} B`);
    },
    pickFix: (title) => title === 'Route 10.0.0.0/24 through hub.conf',
    fixed: async (lab, set, f) => {
      for (const spoke of ['laptop', 'phone']) await lab.waitHandshake('hub', set.peerKey('hub', spoke), 8000);
      // One router on the way (the hub forwards wg→wg): ttl 63.
      await expectPing(f, lab, 'laptop', '10.0.0.3', true, 'laptop→phone 10.0.0.3 (via hub)', 63);
    },
  }),
  failureCase({
    name: 'endpoint-in-tunnel',
    rule: 'endpoint-in-tunnel',
    crossFile: true,
    topology: OVERLAP_TOPOLOGY,
    hosts: OVERLAP_HOSTS,
    waves: [['hub'], ['laptop', 'phone']],
    makeSet: () => onlyRoles(hubExamples(), ['hub', 'laptop', 'phone']),
    // The hub's tunnel address copied where its public one belongs (the cross-file review's case).
    breakIt: (set) => mutate(set, 'laptop', /^Endpoint = .*$/m, 'Endpoint = 10.0.0.1:51820'),
    mistake: "laptop.conf: the hub's Endpoint is its tunnel address 10.0.0.1",
    role: 'laptop',
    broken: async (lab, set, f) => {
      await expectPing(f, lab, 'laptop', '10.0.0.1', false, 'laptop→hub 10.0.0.1');
      // The initiations to 10.0.0.1 are routed into the laptop's own interface (the /24 of its Address):
      // none leaves it, so none is counted as sent, and the hub never hears of the laptop.
      const route = (await lab.exec('laptop', 'ip', ['route', 'get', '10.0.0.1'])).stdout.trim().split('\n')[0];
      const handshake = (await lab.handshakes('laptop')).get(set.peerKey('laptop', 'hub')) ?? 0;
      const heard = (await lab.transfer('hub')).get(set.peerKey('hub', 'laptop'))?.rx ?? 0;
      f.network.push(`route: ${route}; laptop: ${handshake > 0 ? 'handshake' : 'no handshake'}; hub received ${heard} B from it`);
      f.expect(route.includes(` dev ${lab.ifname('laptop')} `), `expected 10.0.0.1 routed into the laptop's tunnel, got: ${route}`);
      f.expect(handshake === 0, 'laptop: a handshake happened, but the rule says it cannot');
      f.expect(heard === 0, `the hub received ${heard} B from the laptop`);
    },
    // The Endpoint another spoke dials the hub at.
    pickFix: (title) => /^Use 203\.0\.113\.1:51820 \(as [a-z]+\.conf dials hub\.conf\)$/.test(title),
    fixed: async (lab, set, f) => {
      await lab.waitHandshake('hub', set.peerKey('hub', 'laptop'), 8000);
      await expectPing(f, lab, 'laptop', '10.0.0.1', true, 'laptop→hub 10.0.0.1', 64);
    },
  }),
  pskMismatchCase('PSK on one end only', (set) => mutate(set, 'bravo', /^PresharedKey = .*\n/m, ''), 'bravo.conf without its PresharedKey'),
  pskMismatchCase('PSK differs', (set) => mutate(set, 'bravo', /^PresharedKey = .*$/m, `PresharedKey = ${OTHER_PSK}`), 'another PresharedKey in bravo.conf'),
  failureCase({
    name: 'allowed-ips-miss-address',
    rule: 'allowed-ips-miss-address',
    crossFile: true,
    topology: POINT_TO_POINT,
    hosts: P2P_HOSTS,
    waves: P2P_WAVES,
    makeSet: p2pExamples,
    // A typo in alpha's AllowedIPs for bravo: bravo's own address 10.10.0.2 is not covered.
    breakIt: (set) => mutate(set, 'alpha', /^AllowedIPs = 10\.10\.0\.2\/32$/m, 'AllowedIPs = 10.10.0.22/32'),
    mistake: "alpha.conf: bravo's AllowedIPs 10.10.0.22/32 (typo)",
    role: 'alpha',
    broken: async (lab, set, f) => {
      await expectPing(f, lab, 'bravo', '10.10.0.1', false, 'bravo→alpha');
      // The handshake works (it is not subject to AllowedIPs); alpha drops bravo's packets by their source.
      const ms = await lab.waitHandshake('alpha', set.peerKey('alpha', 'bravo'), 2000);
      const rx = (await lab.transfer('alpha')).get(set.peerKey('alpha', 'bravo'))?.rx ?? 0;
      f.network.push(`handshake ${ms !== undefined ? 'yes' : 'no'}, alpha received ${rx} B from bravo and dropped them`);
      f.expect(ms !== undefined && rx > 0, `expected a handshake and bytes from bravo at alpha (dropped by the source check), got handshake=${ms !== undefined} rx=${rx}`);
    },
    fixed: async (lab, _set, f) => {
      await expectPing(f, lab, 'bravo', '10.10.0.1', true, 'bravo→alpha');
      await expectPing(f, lab, 'alpha', '10.10.0.2', true, 'alpha→bravo');
    },
  }),
  failureCase({
    name: 'endpoint-port-mismatch',
    rule: 'endpoint-port-mismatch',
    crossFile: true,
    topology: POINT_TO_POINT,
    hosts: P2P_HOSTS,
    waves: P2P_WAVES,
    makeSet: p2pExamples,
    breakIt: (set) => mutate(set, 'alpha', /^Endpoint = 198\.51\.100\.1:51820$/m, 'Endpoint = 198.51.100.1:51821'),
    mistake: "alpha.conf: bravo's Endpoint port 51821",
    role: 'alpha',
    broken: alphaCannotReachBravo,
    fixed: alphaReachesBravo,
  }),
  failureCase({
    name: 'endpoint-in-allowed-ips',
    rule: 'endpoint-in-allowed-ips',
    crossFile: false,
    topology: POINT_TO_POINT,
    hosts: P2P_HOSTS,
    waves: P2P_WAVES,
    makeSet: p2pExamples,
    // bravo's whole public network routed to it (a LAN behind bravo meant), its Endpoint included: the
    // encrypted packets to bravo would enter the tunnel itself (a network review tried it first).
    breakIt: (set) => mutate(set, 'alpha', /^AllowedIPs = 10\.10\.0\.2\/32$/m, 'AllowedIPs = 10.10.0.2/32, 198.51.100.0/24'),
    mistake: "alpha.conf: bravo's AllowedIPs take in 198.51.100.0/24, its Endpoint's network",
    role: 'alpha',
    broken: alphaCannotReachBravo,
    // (No quick fix: which route was meant, or a host route outside the tunnel, is the user's choice.)
    manualFix: {
      describe: 'the 198.51.100.0/24 item removed',
      apply: (set) => mutate(set, 'alpha', /^AllowedIPs = 10\.10\.0\.2\/32, 198\.51\.100\.0\/24$/m, 'AllowedIPs = 10.10.0.2/32'),
    },
    fixed: alphaReachesBravo,
  }),
  failureCase({
    name: 'self-peer',
    rule: 'counterpart-missing-peer',
    crossFile: true,
    topology: POINT_TO_POINT,
    hosts: P2P_HOSTS,
    waves: P2P_WAVES,
    makeSet: p2pExamples,
    // alpha's own public key pasted into its [Peer] for bravo (the commonest key slip): wg ignores the
    // stanza (no peer, no route); self-peer says so, counterpart-missing-peer carries the fix.
    breakIt: (set) => {
      const own = set.peerKey('bravo', 'alpha');
      const theirs = set.peerKey('alpha', 'bravo');
      set.write('alpha', set.text('alpha').replace(`PublicKey = ${theirs}`, `PublicKey = ${own}`));
    },
    mistake: "alpha.conf: its own public key in its [Peer] for bravo",
    role: 'alpha',
    broken: async (lab, _set, f) => {
      const peers = (await lab.wg('alpha', 'peers')).trim();
      f.network.push(`wg show peers on alpha: ${peers === '' ? 'none' : peers}`);
      f.expect(peers === '', 'expected wg to have ignored the self-peer stanza');
      await expectPing(f, lab, 'alpha', '10.10.0.2', false, 'alpha→bravo');
    },
    pickFix: (title) => title.startsWith("Use bravo.conf's public key"),
    fixed: alphaReachesBravo,
  }),
  // Both put the full-tunnel client's default route into the main table, next to the host's own.
  mainTableDefaultRoute({
    name: 'fwmark-routing-table',
    // A mark copied from a howto that used the main table's number.
    line: 'FwMark = 254',
    mistake: 'client.conf: FwMark = 254 (the main routing table) with AllowedIPs 0.0.0.0/0',
    pickFix: (title) => title.startsWith('Remove FwMark'),
  }),
  mainTableDefaultRoute({
    name: 'table-main-default-route',
    // "Table = main" from a howto that wanted the routes in the main table.
    line: 'Table = main',
    mistake: 'client.conf: Table = main with AllowedIPs 0.0.0.0/0, ::/0',
  }),
  failureCase({
    // The octal reading checkTable warns about, seen in the kernel's tables: wg-quick hands Table to
    // `ip route add … table 010`, and iproute2 reads table numbers with strtoul base 0.
    name: 'invalid-table (leading zero)',
    rule: 'invalid-table',
    crossFile: false,
    topology: POINT_TO_POINT,
    hosts: P2P_HOSTS,
    waves: P2P_WAVES,
    makeSet: p2pExamples,
    // Policy routing from a howto, table "010" meant as table 10.
    breakIt: (set) => mutate(set, 'alpha', /^(ListenPort = 51820\n)/m, '$1Table = 010\n'),
    mistake: 'alpha.conf: Table = 010 (table 10 meant)',
    role: 'alpha',
    broken: async (lab, _set, f) => {
      const show = async (table: string) => (await lab.exec('alpha', 'ip', ['-4', 'route', 'show', 'table', table])).stdout.trim();
      const eight = await show('8');
      const ten = await show('10');
      f.network.push(`ip route show table 8: ${eight || '(empty)'}; table 10: ${ten || '(empty)'}`);
      f.expect(/^10\.10\.0\.2 dev /m.test(eight) && !/10\.10\.0\.2/.test(ten), `expected bravo's route in table 8 and not in table 10, got table 8: ${eight || '(empty)'}; table 10: ${ten || '(empty)'}`);
    },
    pickFix: (title) => title === 'Change to 8',
    fixed: async (lab, _set, f) => {
      const eight = (await lab.exec('alpha', 'ip', ['-4', 'route', 'show', 'table', '8'])).stdout.trim();
      f.network.push(`ip route show table 8: ${eight || '(empty)'} (the config now says what ip did)`);
      f.expect(/^10\.10\.0\.2 dev /m.test(eight), `expected bravo's route in table 8, got: ${eight || '(empty)'}`);
    },
  }),
  failureCase({
    // The octal reading of a leading-zero MTU, as the kernel ends up with it (wg-quick runs
    // `ip link set mtu 01420 …`, strtoul base 0).
    name: 'invalid-mtu (leading zero)',
    rule: 'invalid-mtu',
    crossFile: false,
    topology: POINT_TO_POINT,
    hosts: P2P_HOSTS,
    waves: P2P_WAVES,
    makeSet: p2pExamples,
    breakIt: (set) => mutate(set, 'alpha', /^(ListenPort = 51820\n)/m, '$1MTU = 01420\n'),
    mistake: 'alpha.conf: MTU = 01420',
    role: 'alpha',
    broken: async (lab, _set, f) => {
      const mtu = await linkMtu(lab, 'alpha');
      f.network.push(`alpha's interface: mtu ${mtu}`);
      f.expect(mtu === 784, `expected MTU 784 (01420 read as octal), got ${mtu}`);
    },
    pickFix: (title) => title === 'Change to 1420',
    fixed: async (lab, _set, f) => {
      const mtu = await linkMtu(lab, 'alpha');
      f.network.push(`alpha's interface: mtu ${mtu}`);
      f.expect(mtu === 1420, `expected MTU 1420, got ${mtu}`);
    },
  }),
  // No Address at all (usually a hook's job): the interface comes up bare and handshakes, and bravo
  // drops what alpha sends (its source is not 10.10.0.1). Seen by the network-truth fuzz.
  upButSilent({
    name: 'family-without-address (no Address)',
    rule: 'family-without-address',
    crossFile: true,
    breakIt: (set) => mutate(set, 'alpha', /^Address = 10\.10\.0\.1\/30\n/m, ''),
    mistake: 'alpha.conf without its Address line',
    missing: 'the address',
    pickFix: (title) => title.startsWith('Add Address = 10.10.0.1/32'),
  }),
  // Table = off adds no route; with a /32 Address no connected route reaches the peer either (the
  // network-truth fuzz): up and handshaking, carrying nothing.
  upButSilent({
    name: 'allowed-ips-not-routed',
    rule: 'allowed-ips-not-routed',
    crossFile: false,
    breakIt: (set) => mutate(set, 'alpha', /^Address = 10\.10\.0\.1\/30\n/m, 'Address = 10.10.0.1/32\nTable = off\n'),
    mistake: 'alpha.conf: Address 10.10.0.1/32 and Table = off',
    missing: 'the routes',
    pickFix: (title) => title.startsWith('Add PostUp routes for 10.10.0.2/32'),
  }),
  failureCase({
    // wg-quick's `set -e`: a PostUp that deletes a rule before adding it (to make `up` repeatable) fails
    // at the first up, when the rule is not there, and wg-quick removes the interface again.
    name: 'hook-delete-fails-up',
    rule: 'hook-delete-fails-up',
    crossFile: false,
    topology: POINT_TO_POINT,
    hosts: P2P_HOSTS,
    // alpha is brought up by hand below: with the mistake, its `wg-quick up` is what fails.
    waves: [['bravo']],
    makeSet: p2pExamples,
    breakIt: (set) =>
      mutate(set, 'alpha', /^(ListenPort = 51820\n)/m, '$1PostUp = iptables -D INPUT -p udp --dport 9 -j ACCEPT 2>/dev/null; iptables -A INPUT -p udp --dport 9 -j ACCEPT\nPostDown = iptables -D INPUT -p udp --dport 9 -j ACCEPT\n'),
    mistake: 'alpha.conf: PostUp = iptables -D … 2>/dev/null; iptables -A … (delete first, to make up repeatable)',
    role: 'alpha',
    broken: async (lab, _set, f) => {
      let error = '';
      try {
        await lab.up('alpha');
      } catch (err) {
        error = (err as Error).message;
      }
      const removed = /\[#\] ip link delete dev /.test(error);
      f.network.push(removed ? 'alpha: wg-quick up runs the PostUp, the delete fails, and it removes the interface again ("[#] ip link delete")' : `alpha: wg-quick up ${error ? `failed otherwise: ${error.split('\n').pop()}` : 'succeeded'}`);
      f.expect(removed, `expected wg-quick up on alpha to fail in its PostUp and delete the interface, got: ${error || 'success'}`);
      await expectPing(f, lab, 'bravo', '10.10.0.1', false, 'bravo→alpha (alpha has no tunnel)');
    },
    pickFix: (title) => title === 'Add || true after this command',
    fixed: async (lab, _set, f) => {
      await lab.up('alpha');
      await expectPing(f, lab, 'alpha', '10.10.0.2', true, 'alpha→bravo');
    },
  }),
  // The hooks the mistake removes, put back by the manual fix (the rule has no quick fix: the uplink's name is not in the file).
  ((hooks = { lines: '' }) =>
    failureCase({
      name: 'gateway-without-forwarding',
      rule: 'gateway-without-forwarding',
      crossFile: true,
      topology: FULL_TUNNEL,
      hosts: FULL_HOSTS,
      waves: FULL_WAVES,
      makeSet: fullTunnelExamples,
      // A server written without its forwarding and NAT hooks (a fresh namespace forwards nothing, as a
      // fresh Linux host does not).
      breakIt: (set) => {
        hooks.lines = (set.text('server').match(/^Post(Up|Down) = .*\n/gm) ?? []).join('');
        mutate(set, 'server', /^Post(Up|Down) = .*\n/gm, '');
      },
      mistake: 'server.conf without its PostUp/PostDown lines (sysctl ip_forward, MASQUERADE)',
      role: 'server',
      broken: async (lab, _set, f) => {
        await expectPing(f, lab, 'client', '10.30.0.1', true, 'client→10.30.0.1 (the tunnel is up)', 64);
        await expectPing(f, lab, 'client', '198.51.100.80', false, 'client→198.51.100.80 (beyond the server)');
      },
      manualFix: {
        describe: "the example's PostUp/PostDown lines back (forwarding on, MASQUERADE out of the uplink)",
        apply: (set) => mutate(set, 'server', /^ListenPort = 51820\n/m, `ListenPort = 51820\n${hooks.lines}`),
      },
      fixed: async (lab, _set, f) => {
        await expectPing(f, lab, 'client', '198.51.100.80', true, 'client→198.51.100.80 via server NAT', 62);
      },
    }))(),
  failureCase({
    name: 'default-route-to-client',
    rule: 'default-route-to-client',
    crossFile: false,
    topology: FULL_TUNNEL,
    hosts: FULL_HOSTS,
    // The server alone: the client has not connected yet (it never has, with the mistake in place).
    waves: [['server']],
    makeSet: fullTunnelExamples,
    // The client's full tunnel copied into the server's [Peer] for it.
    breakIt: (set) => mutate(set, 'server', /^AllowedIPs = 10\.30\.0\.2\/32, fd30::2\/128$/m, 'AllowedIPs = 0.0.0.0/0'),
    mistake: "server.conf: the client's AllowedIPs 0.0.0.0/0 in its [Peer]",
    role: 'server',
    broken: async (lab, _set, f) => {
      // The server's own traffic now goes into the tunnel, to a client that is not there.
      const route = (await lab.exec('server', 'ip', ['route', 'get', '198.51.100.80'])).stdout.trim().split('\n')[0];
      f.network.push(`server: route to 198.51.100.80: ${route}`);
      f.expect(route.includes(` dev ${lab.ifname('server')} `), `expected the server's route to the web host to enter the tunnel, got: ${route}`);
      await expectPing(f, lab, 'server', '198.51.100.80', false, 'server→198.51.100.80 (its own uplink)');
    },
    manualFix: {
      describe: "the client's address back in the server's [Peer] (10.30.0.2/32)",
      apply: (set) => mutate(set, 'server', /^AllowedIPs = 0\.0\.0\.0\/0$/m, 'AllowedIPs = 10.30.0.2/32'),
    },
    fixed: async (lab, _set, f) => {
      await expectPing(f, lab, 'server', '198.51.100.80', true, 'server→198.51.100.80 (its own uplink)');
    },
  }),
  failureCase({
    name: 'family-without-address',
    rule: 'family-without-address',
    crossFile: true,
    topology: FULL_TUNNEL,
    hosts: FULL_HOSTS,
    waves: FULL_WAVES,
    makeSet: fullTunnelExamples,
    // A split tunnel written by hand: the server's IPv6 subnet routed, but the IPv6 Address forgotten.
    breakIt: (set) => {
      mutate(set, 'client', /^Address = 10\.30\.0\.2\/32, fd30::2\/128$/m, 'Address = 10.30.0.2/32');
      mutate(set, 'client', /^AllowedIPs = 0\.0\.0\.0\/0, ::\/0$/m, 'AllowedIPs = 10.30.0.0/24, fd30::/64');
    },
    mistake: 'client.conf: Address 10.30.0.2/32 only, AllowedIPs 10.30.0.0/24, fd30::/64',
    role: 'client',
    broken: async (lab, set, f) => {
      await expectPing(f, lab, 'client', '10.30.0.1', true, 'client→10.30.0.1 (IPv4 works)');
      const before = (await lab.transfer('server')).get(set.peerKey('server', 'client'))?.rx ?? 0;
      await expectPing(f, lab, 'client', 'fd30::1', false, 'client→fd30::1');
      const after = (await lab.transfer('server')).get(set.peerKey('server', 'client'))?.rx ?? 0;
      f.network.push(`the server received ${after - before} B of it from the client and dropped them (source not in its AllowedIPs)`);
      f.expect(after > before, 'expected the IPv6 pings to reach the server (and be dropped there), but it received nothing');
    },
    fixed: async (lab, _set, f) => {
      await expectPing(f, lab, 'client', 'fd30::1', true, 'client→fd30::1');
    },
  }),
  failureCase({
    name: 'full-tunnel-without-dns',
    rule: 'full-tunnel-without-dns',
    crossFile: true,
    topology: FULL_TUNNEL,
    hosts: FULL_HOSTS,
    waves: FULL_WAVES,
    makeSet: fullTunnelExamples,
    breakIt: (set) => mutate(set, 'client', /^DNS = 10\.30\.0\.1\n/m, ''),
    mistake: 'client.conf without its DNS line',
    role: 'client',
    broken: async (lab, _set, f) => {
      // The tunnel works; but no resolver is handed over, and the local network's (the lab's router
      // 192.0.2.1, what a home network's DHCP gives) is routed out of the uplink, not into the tunnel.
      await expectPing(f, lab, 'client', '198.51.100.80', true, 'client→198.51.100.80 via server NAT', 62);
      const handed = /nameserver/.test(lab.dnsLog());
      const route = (await lab.exec('client', 'ip', ['route', 'get', '192.0.2.1'])).stdout.trim();
      f.network.push(`DNS handed to resolvconf: ${handed ? 'some' : 'none'}; route to the local resolver: ${route.split('\n')[0]}`);
      f.expect(!handed && / dev up0 /.test(route), `expected no DNS handed over and the local resolver routed out of up0, got handed=${handed}, route: ${route}`);
    },
    pickFix: (title) => title.startsWith('Add DNS = 10.30.0.1'),
    fixed: async (lab, _set, f) => {
      const dns = lab.dnsLog();
      const route = (await lab.exec('client', 'ip', ['route', 'get', '10.30.0.1'])).stdout.trim();
      f.network.push(`DNS handed to resolvconf: ${[...new Set(dns.match(/nameserver \S+/g) ?? [])].join(', ')}; route to it: ${route.split('\n')[0]}`);
      f.expect(/nameserver 10\.30\.0\.1\b/.test(dns) && !/ dev up0 /.test(route), `expected resolvconf to get 10.30.0.1, routed into the tunnel; got ${JSON.stringify(dns)}, route: ${route}`);
    },
  }),
];

// ── missing keepalive behind NAT ─────────────────────────────────────────────

/** The NAT router forgets idle UDP after this (both timeouts; above the 25 s keepalive the fix writes). */
const NAT_UDP_TIMEOUT_S = 30;

const NAT_TOPOLOGY: Topology = {
  hub: { ifaces: { up0: { net: 'inet', address: '203.0.113.1/24' } } },
  home: {
    ifaces: { up0: { net: 'inet', address: '203.0.113.2/24' }, lan0: { net: 'lan', address: '192.168.50.1/24' } },
    forward: true,
    masquerade: 'up0',
    sysctls: { 'net.netfilter.nf_conntrack_udp_timeout': String(NAT_UDP_TIMEOUT_S), 'net.netfilter.nf_conntrack_udp_timeout_stream': String(NAT_UDP_TIMEOUT_S) },
  },
  laptop: { ifaces: { eth0: { net: 'lan', address: '192.168.50.10/24' } }, gateway: '192.168.50.1' },
};
const NAT_HOSTS: Hosts = { hub: 'hub', laptop: 'laptop' };

/** The router's conntrack entry for the tunnel (UDP to the hub's port), if any. */
async function natMapping(lab: Lab): Promise<string | undefined> {
  const r = await lab.exec('home', 'cat', ['/proc/net/nf_conntrack']);
  return r.stdout.split('\n').find((l) => /\budp\b/.test(l) && /dport=51820\b/.test(l));
}

export const missingKeepalive: Case = {
  name: 'missing-keepalive behind NAT',
  source: 'examples',
  background: true,
  async run(): Promise<Outcome> {
    const f = new Findings();
    let set: ConfigSet | undefined;
    const labs: Lab[] = [];
    try {
      set = onlyRoles(hubExamples(), ['hub', 'laptop']);
      // The laptop sits behind a NAT router and has no PersistentKeepalive.
      mutate(set, 'laptop', /^PersistentKeepalive = 25\n/m, '');
      f.wgls.push('mistake: laptop.conf without PersistentKeepalive');
      const broken = set.text('laptop');
      const before = await Lab.build('nat-before', NAT_TOPOLOGY);
      labs.push(before);
      for (const role of set.roles) before.writeConfig(NAT_HOSTS[role]!, set.text(role));
      await expectRule(f, before, set, NAT_HOSTS, 'missing-keepalive', 'laptop', false);
      // The fix, on a copy, runs in a second lab at the same time (the wait is the same for both).
      if (!(await applyQuickFix(f, set, 'laptop', 'missing-keepalive'))) return f.outcome();
      const after = await Lab.build('nat-after', NAT_TOPOLOGY);
      labs.push(after);
      await expectFixed(f, after, set, NAT_HOSTS, 'missing-keepalive');
      before.writeConfig('laptop', broken);

      await Promise.all(labs.map((lab) => upAll(lab, NAT_HOSTS, [['hub'], ['laptop']])));
      const hubAddr = set.address('hub');
      const laptopAddr = set.address('laptop');
      for (const [lab, label] of [[before, 'without'], [after, 'with']] as const) {
        // The laptop dials out: handshake, and the router maps its port; right now the hub reaches it.
        const out = await lab.ping('laptop', hubAddr);
        const back = await lab.ping('hub', laptopAddr);
        f.network.push(`${label} keepalive: laptop→hub ${ping(out)}, hub→laptop ${ping(back)}`);
        f.expect(out.ok && back.ok, `${label} keepalive: the tunnel did not work while the NAT mapping was fresh`);
      }
      // Idle until the router forgets the mapping of the laptop without keepalive (polled, bounded).
      const idleStart = Date.now();
      const expired = await poll(async () => ((await natMapping(before)) === undefined ? true : undefined), (NAT_UDP_TIMEOUT_S + 60) * 1000, 1000);
      const idle = Math.round((Date.now() - idleStart) / 1000);
      f.expect(expired === true, `the NAT mapping did not expire within ${NAT_UDP_TIMEOUT_S + 60} s`);
      const kept = await natMapping(after);
      f.network.push(`idle ${idle} s (router UDP timeout ${NAT_UDP_TIMEOUT_S} s): mapping without keepalive expired, with keepalive ${kept ? 'kept' : 'gone'}`);
      f.expect(!!kept, 'with PersistentKeepalive the NAT mapping still expired');
      await expectPing(f, before, 'hub', laptopAddr, false, 'without keepalive: hub→laptop');
      await expectPing(f, after, 'hub', laptopAddr, true, 'with keepalive (fixed): hub→laptop');
    } catch (err) {
      f.failures.push(`error: ${(err as Error).message}`);
    } finally {
      for (const lab of labs) lab.destroy();
      if (set) removeTempDir(set.dir);
    }
    return f.outcome();
  },
};

export function allCases(): Case[] {
  const topologies = (['examples', 'lsp'] as const).flatMap((s) => [pointToPoint(s), hubAndSpoke(s), siteToSite(s), fullTunnel(s)]);
  return [missingKeepalive, ...topologies, keyPairReplaced(), ...failureCases];
}
