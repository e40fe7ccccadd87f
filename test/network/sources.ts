// Where the configs come from. Every topology takes a ConfigSet: a folder of configs written by
// wgls, by role (`hub.conf`, `laptop.conf`…). Two sources:
//  - examples: the shipped examples/ (written with wgls), copied, with only what names the test
//    hosts filled in: Endpoint hosts (`vpn.example.com` → the hub's address in the lab) and the
//    interface names in hooks (`eth0` → the lab's interface). Each change is listed in `notes`.
//  - lsp: the real language server builds the set: the example's first config with its [Peer]s
//    removed, then Add peer… (workspace/executeCommand wgls.server.addPeer) once per peer, the
//    server's workspace/applyEdit written to disk as an editor would.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../server/lsp-client.ts';
import { runTempDir } from './netns.ts';
import { WglsWorkspace } from './wgls.ts';

export type SourceKind = 'examples' | 'lsp';

export class ConfigSet {
  constructor(
    readonly source: SourceKind,
    /** A temp folder holding `<role>.conf` for each role. */
    readonly dir: string,
    readonly roles: readonly string[],
    /** What the test changed in wgls's output, for the report. */
    readonly notes: readonly string[],
  ) {}

  file(role: string): string {
    return `${role}.conf`;
  }

  text(role: string): string {
    return fs.readFileSync(path.join(this.dir, this.file(role)), 'utf8');
  }

  write(role: string, text: string): void {
    fs.writeFileSync(path.join(this.dir, this.file(role)), text, { mode: 0o600 });
  }

  /** The first Address of a role's [Interface], without its prefix length. */
  address(role: string, family: 4 | 6 = 4): string {
    const list = /^\s*Address\s*=\s*(.+)$/im.exec(this.text(role))?.[1] ?? '';
    const hit = list
      .split(',')
      .map((s) => s.trim().split('/')[0]!)
      .find((a) => (family === 6 ? a.includes(':') : a.includes('.')));
    if (!hit) throw new Error(`${role}.conf has no IPv${family} Address`);
    return hit;
  }

  /** The PublicKey of the [Peer] whose `# Name = …` is `name` (as the examples and Add peer write them). */
  peerKey(role: string, name: string): string {
    const blocks = this.text(role).split(/^\s*\[Peer\]\s*$/m).slice(1);
    const block = blocks.find((b) => new RegExp(`^\\s*#\\s*Name\\s*=\\s*${name}\\s*$`, 'm').test(b));
    const key = block && /^\s*PublicKey\s*=\s*(\S+)/m.exec(block)?.[1];
    if (!key) throw new Error(`${role}.conf has no [Peer] named ${name}`);
    return key;
  }
}

export interface ExampleFill {
  /** Endpoint host → the lab address to use instead. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** Per role: interface names in Pre/Post hooks → the lab's interface names. */
  readonly hookIfaces?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** A copy of examples/<folder>, with the test hosts' endpoints and interface names filled in. */
export function fromExamples(folder: string, fill: ExampleFill = {}): ConfigSet {
  const src = path.join(REPO_ROOT, 'examples', folder);
  const dir = runTempDir(`src-${folder}`);
  const filled = new Map<string, string[]>();
  const note = (what: string, role: string) => filled.set(what, [...(filled.get(what) ?? []), role]);
  const roles: string[] = [];
  for (const name of fs.readdirSync(src).filter((n) => n.endsWith('.conf')).sort()) {
    const role = name.slice(0, -'.conf'.length);
    roles.push(role);
    let text = fs.readFileSync(path.join(src, name), 'utf8');
    for (const [host, address] of Object.entries(fill.endpoints ?? {})) {
      const re = new RegExp(`^(\\s*Endpoint\\s*=\\s*)${host.replace(/\./g, '\\.')}(:\\d+\\s*)$`, 'gm');
      if (re.test(text)) {
        text = text.replace(re, `$1${address}$2`);
        note(`Endpoint ${host} → ${address}`, role);
      }
    }
    for (const [from, to] of Object.entries(fill.hookIfaces?.[role] ?? {})) {
      text = renameInHooks(text, from, to);
      note(`hooks ${from} → ${to}`, role);
    }
    fs.writeFileSync(path.join(dir, name), text, { mode: 0o600 });
  }
  const notes = filled.size ? [`filled in: ${[...filled].map(([what, list]) => `${what} (${list.join(', ')})`).join(', ')}`] : [];
  return new ConfigSet('examples', dir, roles, notes);
}

/** Replaces an interface name in the Pre/Post hooks only. */
function renameInHooks(text: string, from: string, to: string): string {
  const word = new RegExp(`\\b${from}\\b`, 'g');
  return text.replace(/^(\s*(?:Pre|Post)(?:Up|Down)\s*=.*)$/gim, (line) => line.replace(word, to));
}

/** The config with every [Peer] section removed (the interface alone). */
function interfaceOnly(text: string): string {
  const at = text.search(/^\s*\[Peer\]\s*$/m);
  return `${(at < 0 ? text : text.slice(0, at)).trimEnd()}\n`;
}

export interface AddedPeer {
  readonly name: string;
  readonly fullTunnel?: boolean;
  readonly topology?: 'hub-spoke' | 'point-to-point' | 'site-to-site';
  readonly lan?: string;
  readonly localLan?: string;
  /** The answer to the DNS question (the client offers what fellow spokes use). */
  readonly dns?: string;
}

/**
 * Builds a set with the real server: examples/<folder>/<first>.conf without its peers, then Add peer…
 * for each of `peers` in order, answering the questions the way a user would (the endpoint host is
 * the first config's address in the lab).
 */
export async function fromLsp(folder: string, first: string, endpointHost: string, peers: readonly AddedPeer[], hookIfaces: Readonly<Record<string, string>> = {}): Promise<ConfigSet> {
  const dir = runTempDir(`lsp-${folder}`);
  let text = interfaceOnly(fs.readFileSync(path.join(REPO_ROOT, 'examples', folder, `${first}.conf`), 'utf8'));
  const hooks = Object.entries(hookIfaces).map(([from, to]) => {
    text = renameInHooks(text, from, to);
    return `, hooks ${from} → ${to}`;
  });
  fs.writeFileSync(path.join(dir, `${first}.conf`), text, { mode: 0o600 });
  const ws = await WglsWorkspace.open(dir);
  try {
    for (const p of peers) {
      const created = await ws.addPeer(`${first}.conf`, { ...p, endpointHost });
      if (created !== `${p.name}.conf`) throw new Error(`Add peer ${p.name} created ${created}`);
    }
  } finally {
    await ws.close();
  }
  const added = peers.map((p) => {
    const how = [p.topology, p.fullTunnel ? 'full tunnel' : '', p.lan ? `LAN ${p.lan}` : '', p.localLan ? `local LAN ${p.localLan}` : '', p.dns ? `DNS ${p.dns}` : ''].filter(Boolean);
    return `${p.name}${how.length ? ` (${how.join(', ')})` : ''}`;
  });
  const notes = [`built: examples/${folder}/${first}.conf without its [Peer]s${hooks.join('')}, then Add peer… ${added.join(', ')}; endpoint host ${endpointHost}`];
  return new ConfigSet('lsp', dir, [first, ...peers.map((p) => p.name)], notes);
}
