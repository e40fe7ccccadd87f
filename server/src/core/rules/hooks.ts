// wg-quick hooks and SaveConfig. wgls never runs any hook: it only reads the text.

import type { Fix } from '../problem.ts';
import type { RuleContext } from './context.ts';
import { savesConfig, wgValue, type ResolvedEntry } from '../model.ts';
import { lineRange } from '../span.ts';
import { lineBreakAfter } from '../edits/change.ts';
import { valueRange } from './values.ts';
import { bits, covers, formatIp, parseCidr, parseFwMark, parseIp } from '../values.ts';
import { quickName, readByQuick } from './apps.ts';
import { commandWords, hookCommands, shellWords, toolAt, toolName, withoutRedirections } from './shell-words.ts';
import { IpUndos, loopless, needsInterface, parseIpCommand, SIMULATION_BUDGET, type DownCommand, type DownStop, type WgQuickRules } from './ip-rules.ts';

/** What a hook runs on: the interface (`%i`, or its name spelt out) and the subnets routed into it. */
export interface HookScope {
  /** The interface name wg-quick derives from the file name (`wg0.conf` → `wg0`), when known. */
  readonly ifname?: string;
  /** Whether an address is in one of the interface's own Address subnets (a next hop on the tunnel). */
  readonly onTunnel?: (ip: string) => boolean;
  /** Whether `text` is one of the interface's Address items (`address`) or one's subnet (`subnet`). */
  readonly ownAddress?: (text: string, what: 'address' | 'subnet') => boolean;
}

/**
 * The command that undoes `cmd`, or undefined when `cmd` needs no undo (sysctl, echo, …): iptables -A/-I
 * → -D (dropping -I's position), ip rule/route/… add → del. Routes and addresses on the tunnel itself
 * (`dev %i`, or the interface's name) and routes via a next hop in its own subnet vanish with the
 * interface and need none. Only those words change: the rest, quotes and runs of blanks included, is
 * copied as written (`--comment "two  spaces"` must name the same rule).
 */
export function undoOf(cmd: string, scope: HookScope = {}): string | undefined {
  const words = [...cmd.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index!, end: m.index! + m[0].length }));
  const texts = words.map((w) => w.text);
  const tool = toolName(texts[toolAt(texts)]);
  /** cmd with word i replaced by `by`, and (optionally) word `drop` removed with the blanks before it. */
  const edit = (i: number, by: string, drop?: number) => {
    let out = cmd;
    if (drop !== undefined) out = out.slice(0, words[drop - 1]!.end) + out.slice(words[drop]!.end);
    return out.slice(0, words[i]!.start) + by + out.slice(words[i]!.end);
  };
  if (IPTABLES.test(tool)) {
    const i = texts.findIndex((w) => w === '-A' || w === '-I' || w === '--append' || w === '--insert');
    if (i < 0) return undefined;
    // `-I CHAIN 1 …`: the rule number has no place in -D.
    const numbered = (texts[i] === '-I' || texts[i] === '--insert') && /^[0-9]+$/.test(texts[i + 2] ?? '');
    return edit(i, '-D', numbered ? i + 2 : undefined);
  }
  if (tool === 'ip') {
    const dev = texts.indexOf('dev');
    if (dev >= 0 && (texts[dev + 1] === '%i' || (scope.ifname !== undefined && texts[dev + 1] === scope.ifname))) return undefined;
    const via = texts.indexOf('via');
    if (via >= 0 && texts[via + 1] !== undefined && scope.onTunnel?.(texts[via + 1]!)) return undefined;
    const i = texts.findIndex((w) => w === 'add' || w === 'append' || w === 'replace');
    if (i < 0 || !['rule', 'route', 'link', 'addr', 'address', 'r', 'ru', 'ro', 'a'].some((o) => texts.slice(1, i).includes(o))) return undefined;
    // A link is deleted by its name alone (`ip link add br9 type bridge` → `ip link del br9`): the rest
    // of the add (its type and options) is no part of a del (a review: `type bridge` was asked for).
    if (texts.slice(1, i).includes('link')) {
      const name = linkName(texts.slice(i + 1));
      return name === undefined ? undefined : `${texts.slice(0, i).join(' ')} del ${name}`;
    }
    return edit(i, 'del');
  }
  return undefined;
}

const IPTABLES = /^(ip6?tables|ip6?tables-legacy|ip6?tables-nft)$/;

/** The name an `ip link add` gives its link (`[link DEV] [name|dev] NAME type …`), or undefined. */
function linkName(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'link' || w === 'txqueuelen' || w === 'address' || w === 'mtu' || w === 'numtxqueues' || w === 'numrxqueues') i++;
    else if (w === 'name' || w === 'dev') return words[i + 1];
    else if (w === 'type') return undefined;
    else return w;
  }
  return undefined;
}

/**
 * Normalises a command for comparing against an undo: the tool by its name (`/usr/sbin/iptables`, `sudo
 * iptables` are iptables), `del`/`delete` and -D/--delete the same, the interface's name `%i` (wg-quick
 * replaces it by it), the blanks inside a `$(…)` one (bash reads the words inside), and iptables' options
 * that change how it runs but not which rule it names (`-w 5`, `--wait`, `-W`, `-v`) left out.
 */
function norm(cmd: string, ifname: string | undefined): string {
  const words = withoutRedirections(shellWords(cmd));
  const at = toolAt(words);
  const tool = toolName(words[at]);
  let rest = IPTABLES.test(tool) ? withoutIptablesWaits(words.slice(at + 1)) : words.slice(at + 1);
  // A link is deleted by its name: `ip link del dev br9` and `ip link del br9 type bridge` are `ip link del br9`.
  if (tool === 'ip' && rest[0] === 'link' && (rest[1] === 'del' || rest[1] === 'delete')) rest = ['link', 'del', linkName(rest.slice(2)) ?? ''];
  const words2 = rest.map((w) => (w === 'delete' ? 'del' : w === '--delete' ? '-D' : w === ifname ? '%i' : w.startsWith('$(') && !/["'`]/.test(w) ? w.replace(/\s+/g, ' ').replace(/^\$\( /, '$(').replace(/ \)$/, ')') : w));
  // Options may come in another order in the undo (`-t nat -D …` vs `-D … -t nat`): compare as sets. For
  // iptables, sets of options with their values (and a `!` before them): as words, `-i %i -o eth0` and
  // `-i eth0 -o %i` were one rule, so a PostDown for the other direction passed for this one's undo, and
  // the fix that adds the undo never cleared its warning (fuzz review).
  return [tool, ...(IPTABLES.test(tool) ? optionGroups(words2) : words2).sort()].join(' ');
}

/** iptables' words as options with their values (`-i %i`, `! -s 10.0.0.0/8`, `-I FORWARD 1`), each one string. */
function optionGroups(words: readonly string[]): string[] {
  const out: string[] = [];
  let group: string[] | undefined;
  let negated = false;
  const flush = () => {
    if (group) out.push(group.join(' '));
    group = undefined;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // (A value follows: `--syn ! -s x` negates -s, not the flag --syn before it.)
    if (w === '!' && group && group.length === 1 && group[0] !== '!' && i + 1 < words.length && !/^-[-A-Za-z]/.test(words[i + 1]!)) {
      // The old spelling, `-o ! %i`, is `! -o %i` (diff review: they no longer matched).
      group = ['!', group[0]!];
    } else if (w === '!') {
      flush();
      negated = true;
    } else if (/^-[-A-Za-z]/.test(w)) {
      flush();
      group = negated ? ['!', w] : [w];
      negated = false;
    } else if (group) group.push(w);
    else out.push(w);
  }
  flush();
  return out;
}

/**
 * iptables' words without `-w [N]`/`--wait[=N]`, `-W N`/`--wait-interval N` and `-v`/`--verbose` (how it
 * runs, not which rule), and without a `-m udp` (tcp, sctp…) that `-p udp` with one of its options loads
 * anyway: `-p udp --dport 51820` is the rule `iptables -S` prints as `-p udp -m udp --dport 51820`, and
 * PostDowns are copied from that output (a real-world sweep).
 */
function withoutIptablesWaits(words: readonly string[]): string[] {
  const protocol = words.find((_, i) => i > 0 && /^(?:-p|--protocol)$/.test(words[i - 1]!));
  const implicit = protocol !== undefined && IMPLICIT_MATCHES.has(protocol) && words.some((w) => PROTOCOL_OPTIONS.test(w));
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (/^(?:-w|--wait)$/.test(w)) {
      if (/^[0-9.]+$/.test(words[i + 1] ?? '')) i++;
    } else if (/^(?:-W|--wait-interval)$/.test(w)) i++;
    else if (implicit && /^(?:-m|--match)$/.test(w) && words[i + 1] === protocol) i++;
    else if (!/^(?:-w[0-9.]+|--wait=[0-9.]+|-W[0-9]+|--wait-interval=[0-9]+|-v|--verbose)$/.test(w)) out.push(w);
  }
  return out;
}

/** Protocols whose match iptables loads by itself for `-p P` and one of its options. */
const IMPLICIT_MATCHES: ReadonlySet<string> = new Set(['tcp', 'udp', 'udplite', 'sctp', 'dccp', 'icmp', 'icmpv6', 'ipv6-icmp']);
/** Options of those matches (`--dport`, `--tcp-flags`, `--icmp-type`…). */
const PROTOCOL_OPTIONS = /^(?:--(?:dport|sport|destination-port|source-port|dports|sports|tcp-flags|syn|tcp-option|icmp-type|icmpv6-type|chunk-types|dccp-types|dccp-option))$/;



/**
 * The chains an iptables flush (`iptables [-t T] -F [CHAIN]`, `--flush[=CHAIN]`) empties, as
 * `tool|table|chain` (chain `*`: every chain of the table); `tool|*|*` for an `iptables-restore` that
 * flushes (no `-n`/`--noflush`): it puts back a saved ruleset (`iptables-save > f` at up, `iptables-restore
 * < f` at down), the rules added since gone. The tool by its name: `ip6tables` and `iptables` keep separate
 * rules, and so may `iptables-nft` and `iptables-legacy` (two backends).
 */
function flushed(cmd: string): string | undefined {
  const texts = commandWords(cmd);
  const tool = toolName(texts[0]);
  const restore = /^(.*)-restore$/.exec(tool);
  if (restore && IPTABLES.test(restore[1]!)) return texts.some((w) => /^(?:-n|--noflush)$/.test(w)) ? undefined : `${restore[1]}|*|*`;
  if (!IPTABLES.test(tool)) return undefined;
  const f = texts.findIndex((w) => w === '-F' || w === '--flush' || w.startsWith('--flush='));
  if (f < 0) return undefined;
  const inline = texts[f]!.startsWith('--flush=') ? texts[f]!.slice('--flush='.length) : undefined;
  const chain = inline || (texts[f + 1] !== undefined && !texts[f + 1]!.startsWith('-') ? texts[f + 1]! : '*');
  return `${tool}|${tableOf(texts)}|${chain}`;
}

/** The chain an iptables -A/-I rule goes to, as flushed() names chains. */
function chainOf(cmd: string): { tool: string; table: string; chain: string } | undefined {
  const texts = commandWords(cmd);
  const tool = toolName(texts[0]);
  if (!IPTABLES.test(tool)) return undefined;
  const i = texts.findIndex((w) => w === '-A' || w === '-I' || w === '--append' || w === '--insert');
  const chain = texts[i + 1];
  return i < 0 || chain === undefined ? undefined : { tool, table: tableOf(texts), chain };
}

function tableOf(texts: readonly string[]): string {
  const t = texts.findIndex((w) => w === '-t' || w === '--table');
  return t >= 0 && texts[t + 1] !== undefined ? texts[t + 1]! : 'filter';
}

/**
 * A command that deletes something (a firewall rule, a route, a rule, an address, a link, an nft
 * object): it fails when that is not there, which at `up` it usually is not (the first up, after a
 * reboot). `sudo` and a path in front are allowed.
 */
const DELETES = new RegExp(
  String.raw`^(?:(?:sudo(?:\s+-\S+)*|env|command|exec)\s+)*(?:\S*/)?(?:` +
    // (-X alone deletes every user chain and succeeds when there is none: only -X CHAIN can fail.)
    String.raw`ip6?tables(?:-legacy|-nft)?\s(?:.*\s)?(?:(?:-D|--delete)(?:\s|$)|(?:-X|--delete-chain)\s+[^-\s])` +
    // ip's options, some with an argument (-family inet, -n ns), then the object and del.
    String.raw`|ip\s+(?:-(?:f|family|n|netns|b|batch|rc|rcvbuf)\s+\S+\s+|-\S+\s+)*(?:rule|ru|route|ro|r|address|addr|a|link|l|neighbour|neighbor|neigh|n|netns|tunnel|tun)\s+(?:del|delete|d)(?:\s|$)` +
    String.raw`|nft\s+(?:-\S+\s+)*delete\s` +
    String.raw`|tc\s+(?:-\S+\s+)*(?:qdisc|class|filter)\s+(?:del|delete)(?:\s|$)` +
    String.raw`|ipset\s+(?!.*\s-exist\b)(?:destroy|x|del|-D)(?:\s|$)` +
    String.raw`|route\s+(?:-\S+\s+)*del(?:\s|$)` +
    ')',
);

/** `text` with what quotes hold blanked out (a `-D` in a comment string is no option). */
const unquoted = (text: string) => text.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, (q) => `"${' '.repeat(Math.max(0, q.length - 2))}"`);

/** A lone `&` (not `&&`, not a redirection `>&`/`&>`): the command before it runs in the background. */
const BACKGROUND = /(?:^|[^&>])&(?![&>])/;

/**
 * hook-delete-fails-up: wg-quick runs with `set -e -o pipefail` and each hook in a subshell
 * (`(eval "$hook")`): a command of PreUp/PostUp that fails, unless an `||` or `&&` list takes its
 * status, fails the hook, and wg-quick stops and deletes the interface again. A delete fails when there
 * is nothing to delete: `iptables -D … 2>/dev/null; iptables -A …`, meant to make `up` repeatable, makes
 * the first one fail (the network-truth fuzz brought it up with the real wg-quick: "[#] ip link delete").
 */
function checkUpDeletes(ctx: RuleContext, entries: readonly ResolvedEntry[], scope: HookScope): void {
  for (const e of entries) {
    const name = e.match?.info.name;
    if ((name !== 'PostUp' && name !== 'PreUp') || e.node.valueText === '') continue;
    const list = hookCommands(e);
    // Where the hook's last `;` is (a list after it is the hook's last, whose failure fails the hook).
    let lastSemicolon = -1;
    for (let k = 0; k < list.length; k++) if (list[k]!.after === ';') lastSemicolon = k;
    for (let k = 0; k < list.length; k++) {
      const c = list[k]!;
      // `set +e` turns errexit off for the rest of the hook (its subshell).
      if (/^set\s+\+\S*e/.test(c.text)) break;
      // Guarded: an `||` takes its failure; it runs only after a check (`iptables -C … && iptables -D …`);
      // or an `&&` follows it and a `;` list after that (set -e ignores a failure inside an and-or list
      // but its last command; the hook's last list fails the hook, though: `iptables -D … && echo done`).
      if (c.after === '||' || list[k - 1]?.after === '&&') continue;
      if (c.after === '&&' && k < lastSemicolon) continue;
      const text = unquoted(c.text);
      if (!DELETES.test(text) || BACKGROUND.test(text)) continue;
      // In PostUp, the address and the subnet route wg-quick has just made on the interface are there.
      if (name === 'PostUp' && removesOwn(text, scope)) continue;
      ctx.report({
        rule: 'hook-delete-fails-up',
        range: lineRange(e.line, c),
        message: `${quickName(ctx.target)} runs ${name} with "set -e": this delete fails when there is nothing to delete (the first up, after a reboot), and ${quickName(ctx.target)} then stops and removes the interface again. Add "|| true" after it if it may find nothing.`,
        fixes: [{ title: 'Add || true after this command', preferred: true, edits: [{ range: lineRange(e.line, { start: c.end, end: c.end }), newText: ' || true' }] }],
      });
    }
  }
}

/**
 * An `ip addr del <an Address item> dev %i`, or `ip route del <an Address subnet> dev %i`: at PostUp
 * wg-quick has just made both (a rewrite of them, not a delete that finds nothing).
 */
function removesOwn(text: string, scope: HookScope): boolean {
  const m = /^(?:\S*\s+)*?ip\s+(?:-\S+\s+)*(address|addr|a|route|ro|r)\s+(?:del|delete|d)\s+(\S+)(.*)$/.exec(text);
  if (!m || !scope.ownAddress) return false;
  const onTunnel = new RegExp(String.raw`\sdev\s+(?:%i|${scope.ifname ? scope.ifname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '%i'})(?:\s|$)`).test(m[3]!);
  return onTunnel && scope.ownAddress(m[2]!, m[1]!.startsWith('r') ? 'subnet' : 'address');
}

/**
 * Which PostUp `ip route add`s (by index; undefined for other commands) the `ip route del`s that run
 * undo, as the kernel does it: each del, in order, removes the route it matches best (the lowest metric,
 * then the earliest), a del matching what it names: `ip route del default table 100` deletes `ip route add
 * default via 192.168.1.1 table 100` (review). Prefixes and next hops are compared as addresses, `to` and
 * `0/0` read as ip reads them, main when no table is named; a del's `dev`, or a metric the kernel fills
 * in (0, IPv6's 1024), where the add names none, is not held against it (the kernel derives them). A `while`
 * loop's del removes every match. Commands in another namespace (`-n`) are left to exact spelling, and so
 * is everything past SIMULATION_BUDGET comparisons.
 */
function routeUndos(ups: readonly string[], downs: ReadonlyArray<{ text: string; repeat: boolean }>, ifname: string | undefined): Array<boolean | undefined> {
  const out: Array<boolean | undefined> = new Array(ups.length).fill(undefined);
  const otherNamespace = (text: string) => /(?:^|\s)-(?:n|netns)\s/.test(text);
  const adds: Array<{ at: number; family: 4 | 6; selectors: Set<string>; metric: number; hasDev: boolean; hasMetric: boolean; open: boolean }> = [];
  ups.forEach((text, at) => {
    const cmd = parseIpCommand(text, ['add', 'append', 'replace'], ifname);
    if (cmd?.object !== 'route' || otherNamespace(text)) return;
    const selectors = new Set(routeKey(cmd.selectors));
    const metric = [...selectors].find((x) => x.startsWith('metric '));
    const hasDev = [...selectors].some((x) => x.startsWith('dev '));
    adds.push({ at, family: cmd.family, selectors, metric: metric ? Number(metric.slice(7)) : cmd.family === 6 ? 1024 : 0, hasDev, hasMetric: metric !== undefined, open: true });
    out[at] = false;
  });
  const dels = downs.flatMap((d) => {
    const cmd = parseIpCommand(d.text, ['delete'], ifname);
    return cmd?.object === 'route' && !otherNamespace(d.text) ? [{ family: cmd.family, selectors: routeKey(cmd.selectors), repeat: d.repeat }] : [];
  });
  if (adds.length * dels.length > SIMULATION_BUDGET) return new Array(ups.length).fill(undefined);
  for (const del of dels) {
    for (;;) {
      let best: (typeof adds)[number] | undefined;
      for (const add of adds) {
        if (!add.open || add.family !== del.family || (best && add.metric >= best.metric)) continue;
        // What the kernel filled in for an add that named none: the device of its next hop (not the
        // tunnel: a route via a LAN gateway is not on %i), IPv6's metric 1024. `metric 0` matches any.
        const derived = (x: string) =>
          (x.startsWith('dev ') && x !== 'dev %i' && !add.hasDev) || x === 'metric 0' || (del.family === 6 && x === 'metric 1024' && !add.hasMetric);
        if (del.selectors.every((x) => add.selectors.has(x) || derived(x))) best = add;
      }
      if (!best) break;
      best.open = false;
      out[best.at] = true;
      if (!del.repeat) break;
    }
  }
  return out;
}

/** An ip route command's selectors in one spelling: addresses as ip reads them, `to` left out, `default` for a /0, table main when none. */
function routeKey(selectors: readonly string[]): string[] {
  const out: string[] = [];
  for (const x of selectors) {
    if (x === 'to') continue;
    const space = x.indexOf(' ');
    const name = space < 0 ? '' : x.slice(0, space);
    const value = space < 0 ? x : x.slice(space + 1);
    if (name !== '' && name !== 'via' && name !== 'src') {
      out.push(x);
      continue;
    }
    const c = parseCidr(value);
    let canonical = value;
    if (value === 'default' || value === 'all' || value === 'any' || value === '0/0') canonical = 'default';
    else if (c.ok) {
      const full = c.value.family === 4 ? 32 : 128;
      canonical = c.value.prefix === 0 ? 'default' : c.value.prefix === full ? formatIp(c.value.family, c.value.address) : `${formatIp(c.value.family, c.value.address)}/${c.value.prefix}`;
    }
    out.push(name === '' ? canonical : `${name} ${canonical}`);
  }
  if (!out.some((x) => x.startsWith('table '))) out.push('table 254');
  return out;
}

/** What the message says of where down stops (` Down stops early: …`). */
function stopNote(stop: DownStop, command: string | undefined, quick: string): string {
  if (stop.why === 'wg-quick' || command === undefined) {
    return ` Down stops early: ${quick}'s own cleanup of its rules fails (its test for rules looking up its table also matches a longer table number), so no PostDown runs.`;
  }
  const shown = command.length > 80 ? `${command.slice(0, 77)}…` : command;
  const why =
    stop.why === 'no-rule'
      ? 'fails (it finds no such rule)'
      : stop.why === 'no-interface'
        ? `fails: ${quick} has deleted the interface before PostDown runs`
        : stop.why === 'negated'
          ? 'fails: the rule is there, and "!" makes its success a failure'
          : 'fails';
  return ` Down stops early: "${shown}" ${why}, and ${quick} runs down with set -e, so nothing after it runs.`;
}

/**
 * The rules wg-quick adds for a default route itself (Table auto or unset, a /0 AllowedIPs), in the
 * families with one; its table is the FwMark, else 51820 (when no other interface took it: assumed).
 */
function wgQuickRules(ctx: RuleContext): WgQuickRules | undefined {
  const table = ctx.model.iface.table ? wgValue(ctx.model.iface.table) : '';
  if (table !== '' && table !== 'auto') return undefined;
  const families = new Set<4 | 6>();
  for (const p of ctx.model.peers) for (const i of p.allowedIps) if (i.cidr?.prefix === 0 && i.cidr.sign !== '-') families.add(i.cidr.family);
  if (families.size === 0) return undefined;
  const mark = ctx.model.iface.fwMark ? parseFwMark(wgValue(ctx.model.iface.fwMark)) : undefined;
  return { table: mark?.ok && mark.value > 0 ? mark.value : 51820, families };
}

/** The interface name wg-quick takes from the file name (`wg0.conf` → `wg0`), when known. */
export const interfaceName = (ctx: RuleContext): string | undefined => ctx.options.fileName?.replace(/\.conf$/, '');

export function checkHooks(ctx: RuleContext): void {
  const entries = ctx.model.iface.entries;
  if (ctx.target === 'windows') {
    checkWindowsPolicy(ctx, entries);
    checkWindowsPlaceholders(ctx, entries);
  }
  // The rest speaks of wg-quick's hooks and SaveConfig: Windows runs hooks with cmd (no iptables, no
  // "wg-quick down"), the other targets run none.
  if (!readByQuick(ctx.target)) return;
  const ifname = interfaceName(ctx);
  const subnets = ctx.model.iface.addresses.flatMap((a) => (a.cidr && a.cidr.prefix < bits(a.cidr.family) ? [a.cidr] : []));
  const scope: HookScope = {
    ifname,
    onTunnel: (ip) => {
      const parsed = parseIp(ip);
      return parsed !== undefined && subnets.some((c) => covers(c, parsed.family, parsed.value));
    },
    ownAddress: (text, what) => {
      const c = parseCidr(text);
      if (!c.ok) return false;
      const v = c.value;
      return ctx.model.iface.addresses.some((a) =>
        a.cidr && a.cidr.family === v.family && (what === 'address' ? a.cidr.address === v.address : a.cidr.prefix === v.prefix && a.cidr.network === v.network && v.address === v.network),
      );
    },
  };
  checkUpDeletes(ctx, entries, scope);
  // (Most configs, a hub's included, have no PostUp: nothing to undo, no down to simulate.)
  if (entries.some((e) => e.match?.info.name === 'PostUp' && e.node.valueText !== '')) checkPostUpUndos(ctx, entries, scope, ifname);

  const save = ctx.model.iface.saveConfig;
  if (save && savesConfig(ctx.model)) {
    const hasComments = ctx.doc.lines.some((l) => l.node.comment && !/wgls-/.test(l.node.text));
    const hostnames = ctx.model.peers.filter((p) => p.endpoint?.parsed?.hostKind === 'hostname');
    if (hasComments || hostnames.length) {
      ctx.report({
        rule: 'save-config-overwrites',
        range: valueRange(save),
        message: `SaveConfig = true: "${quickName(ctx.target)} down" rewrites this file from the running interface, so ${[
          hasComments ? 'every comment is lost' : '',
          hostnames.length ? 'hostname endpoints become fixed IP addresses' : '',
        ]
          .filter(Boolean)
          .join(' and ')}. Use false for a hand-edited file.`,
        fixes: [{ title: 'Change to false', preferred: true, edits: [{ range: valueRange(save), newText: 'false' }] }],
      });
    }
  }
}

/**
 * postup-without-postdown: each PostUp command that adds something (undoOf) and that down, run as wg-quick
 * runs it (IpUndos), does not remove: by a simulated ip rule del, a route del (routeUndos), a flush, or a
 * down command spelled as its undo.
 */
function checkPostUpUndos(ctx: RuleContext, entries: readonly ResolvedEntry[], scope: HookScope, ifname: string | undefined): void {
  // The down hooks in the order they run: PreDown, then PostDown; `guarded`: a failure does not stop down
  // (set -e ignores a failure that an `||` or `&&` follows: not the last of its and-or list).
  const downHooks = [...entries.filter((e) => e.match?.info.name === 'PreDown'), ...entries.filter((e) => e.match?.info.name === 'PostDown')];
  const downAt: Array<{ line: number; start: number; end: number }> = [];
  const ordered: DownCommand[] = downHooks.flatMap((e, hook) =>
    hookCommands(e).map((c) => {
      downAt.push({ line: e.line, start: c.start, end: c.end });
      return { text: c.text, after: c.after, hook, preDown: e.match?.info.name === 'PreDown' };
    }),
  );
  const ups = entries.filter((e) => e.match?.info.name === 'PostUp' && e.node.valueText !== '');
  const upCommands = ups.flatMap((e) => hookCommands(e).map((c) => ({ e, c })));
  const preUpCommands = entries.filter((e) => e.match?.info.name === 'PreUp' && e.node.valueText !== '').flatMap((e) => hookCommands(e).map((c) => c.text));
  // Down as wg-quick runs it: which commands run at all, where it stops, and which ip rule adds it undoes.
  const ipUndos = new IpUndos(ordered, preUpCommands, upCommands.map((u) => u.c.text), ifname, wgQuickRules(ctx));
  const ran = ordered.filter((_, i) => ipUndos.ran[i]);
  const downCommands = ran.map((d) => loopless(d.text).text);
  // How many of each undo the down hooks that run hold: each undoes one add (two equal adds need two
  // deletes), a `while … del …; do :; done` every one.
  const downs = new Map<string, number>();
  for (const d of ran) {
    const { text, repeat } = loopless(d.text);
    const key = norm(text, ifname);
    downs.set(key, repeat ? Infinity : (downs.get(key) ?? 0) + 1);
  }
  const takeDown = (undo: string) => {
    const key = norm(undo, ifname);
    const left = downs.get(key) ?? 0;
    if (left > 0) downs.set(key, left - 1);
    return left > 0;
  };
  const flushes = new Set(downCommands.map(flushed).filter((f) => f !== undefined));
  const flushedBy = (cmd: string) => {
    const c = chainOf(cmd);
    return c !== undefined && (flushes.has(`${c.tool}|${c.table}|${c.chain}`) || flushes.has(`${c.tool}|${c.table}|*`) || flushes.has(`${c.tool}|*|*`));
  };
  const routeUndone = routeUndos(
    upCommands.map((u) => u.c.text),
    ran.map((d) => loopless(d.text)),
    ifname,
  );
  const reports: Array<{ e: ResolvedEntry; c: { start: number; end: number }; undo: string }> = [];
  upCommands.forEach(({ e, c }, at) => {
    const undo = undoOf(c.text, scope);
    if (!undo) return;
    // An ip rule add is IpUndos' (its dels found as the kernel would), an ip route add the route dels'; anything
    // else, or when it did not judge, is undone by a down command spelled as its undo (each once) or a flush.
    const judged = ipUndos.undone[at];
    if (judged ?? routeUndone[at] ?? (takeDown(undo) || flushedBy(c.text))) return;
    reports.push({ e, c, undo });
  });
  if (reports.length) {
    const lastHook = [...entries].reverse().find((e) => /^(PostUp|PostDown)$/.test(e.match?.info.name ?? ''))!;
    const line = ctx.doc.lines[lastHook.line]!;
    // The hook line's own break; the last line has none: the file's usual one.
    const eol = lineBreakAfter(ctx.doc, lastHook.line);
    const at = lineRange(lastHook.line, { start: line.node.text.length, end: line.node.text.length });
    const quick = quickName(ctx.target);
    const textAt = (i: number) => ctx.doc.lines[downAt[i]!.line]!.node.text.slice(downAt[i]!.start, downAt[i]!.end);
    // Down stops before its end: nothing after that command runs, an added PostDown line neither.
    const stop = ipUndos.stop;
    // (wg-quick's own cleanup stops before the PostDown command at stop.index: no command of the hooks fails.)
    const stopAt = stop && stop.why !== 'wg-quick' ? downAt[stop.index] : undefined;
    const stopText = stopAt && textAt(stop!.index);
    const keyOf = (i: number) => norm(loopless(ordered[i]!.text).text, ifname);
    const stopKey = stop && stopAt ? keyOf(stop.index) : undefined;
    // Undos written after that point (they never run), by normalised text.
    const writtenAfter = new Set(stop ? ordered.slice(stopAt ? stop.index + 1 : stop.index).map((_, j) => keyOf(j + (stopAt ? stop.index + 1 : stop.index))) : []);
    // PostDown commands that need the interface (gone by then, they fail and undo nothing), by normalised text.
    const goneAt = new Map<string, number>();
    ordered.forEach((_, i) => ipUndos.gone[i] && goneAt.set(keyOf(i), i));
    // (`|| true` after an assignment from $(wg show %i …) leaves the command that uses it to fail: review.)
    const orTrue: Fix | undefined =
      stop && stopAt && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(stopText!)
        ? { title: 'Add || true after the command that stops down', preferred: true, edits: [{ range: lineRange(stopAt.line, { start: stopAt.end, end: stopAt.end }), newText: ' || true' }] }
        : undefined;
    // An undo that needs the interface goes in PreDown (a kill switch's `iptables -D … $(wg show %i fwmark) …`).
    const hookFor = (undo: string) => (needsInterface(undo, ifname) ? 'PreDown' : 'PostDown');
    // A PostDown line whose every command is built with `$(wg show %i …)` (Mullvad's `iptables -D … && ip6tables
    // -D …` written in PostDown): it becomes a PreDown line, which also ends the stop for the other reports.
    // (Not a line of `ip route del … dev %i`: the interface took that route with it; `|| true` fits there.)
    const moveLine = (i: number): Fix | undefined => {
      const e = entries.find((x) => x.line === downAt[i]!.line);
      if (!e || e.match?.info.name !== 'PostDown') return undefined;
      const commands = hookCommands(e);
      const usesWg = (text: string) => needsInterface(text, ifname) && !/^(?:ip|wg)$/.test(toolName(commandWords(text)[0]));
      if (!commands.every((c) => usesWg(loopless(c.text).text) || /^(?:true|:)$/.test(c.text))) return undefined;
      return { title: 'Move this PostDown line to PreDown (the interface is still there then)', preferred: true, edits: [{ range: lineRange(e.line, e.node.key), newText: 'PreDown' }] };
    };
    const stopMove = stop?.why === 'no-interface' ? moveLine(stop.index) : undefined;
    // (Where no PostDown runs at all, a PostDown line added is no fix.)
    const noPostDown = stop?.why === 'wg-quick';
    const missing = reports.filter((r) => {
      const key = norm(r.undo, ifname);
      return !writtenAfter.has(key) && key !== stopKey && !goneAt.has(key);
    });
    // One fix object for every report: its text holds a line per unmatched rule, so a copy per report
    // made 10,000 PostUp rules quadratic in time and memory (out of memory; complexity review).
    const every: Fix | undefined =
      missing.length > 1 && !noPostDown
        ? { title: 'Add PostDown lines for every unmatched PostUp rule', edits: [{ range: at, newText: missing.map((r) => `${eol}${hookFor(r.undo)} = ${r.undo}`).join('') }] }
        : undefined;
    for (const r of reports) {
      const key = norm(r.undo, ifname);
      const gone = goneAt.get(key);
      let note: string;
      let fixes: Fix[];
      if (gone !== undefined) {
        // Its undo is there, in PostDown, where it cannot work: it must run in PreDown.
        const shown = textAt(gone).length > 80 ? `${textAt(gone).slice(0, 77)}…` : textAt(gone);
        note = ` The PostDown meant to undo it, "${shown}", fails: ${quick} has deleted the interface by then${gone === stop?.index ? ' (and down stops there)' : ''}. Run it in PreDown.`;
        const move = moveLine(gone);
        fixes = move ? [move] : [];
      } else {
        const there = key === stopKey || writtenAfter.has(key);
        const hook = hookFor(r.undo);
        note = !stop
          ? ` Add: ${hook} = ${r.undo}`
          : `${stopNote(stop, stopText, quick)}${key === stopKey ? ' Its undo is that command.' : there ? ' Its undo is written, after that point.' : noPostDown ? '' : ` Then add: ${hook} = ${r.undo}`}`;
        fixes = [
          ...(stopMove ? [stopMove] : orTrue ? [orTrue] : []),
          ...(there || noPostDown ? [] : [{ title: `Add the matching ${hook}`, preferred: !orTrue && !stopMove, edits: [{ range: at, newText: `${eol}${hook} = ${r.undo}` }] }]),
          ...(every && !there ? [every] : []),
        ];
      }
      ctx.report({
        rule: 'postup-without-postdown',
        range: lineRange(r.e.line, r.c),
        message: `No PostDown undoes this PostUp rule: every "${quick} up" adds it again and "down" leaves it behind.${note}`,
        fixes,
      });
    }
  }
}

/**
 * WireGuard for Windows runs hooks only when the registry value DangerousScriptExecution is 1, and skips
 * them otherwise ("disabled, per policy"; reference 2.8): said once, at the first hook with a command
 * (real-world configs review: a Windows user's PostUp silently did nothing, and only the hover said why).
 */
function checkWindowsPolicy(ctx: RuleContext, entries: readonly ResolvedEntry[]): void {
  const first = entries.find((e) => e.match?.info.kind === 'command' && e.node.valueText !== '');
  if (!first) return;
  ctx.report({
    rule: 'windows-hooks-policy',
    range: lineRange(first.line, first.node.key),
    message: `WireGuard for Windows runs ${first.match!.info.name}, like any PreUp, PostUp, PreDown or PostDown, only when the registry value HKLM\\Software\\WireGuard\\DangerousScriptExecution is 1 (REG_DWORD); otherwise it skips them and shows "disabled, per policy", and what they set up does not happen.`,
  });
}

/**
 * WireGuard for Windows runs a hook as `cmd /c <script>` (and only with the DangerousScriptExecution
 * registry switch on) and expands no `%i`: cmd leaves an undefined `%i` as it is. The tunnel's name is
 * in the environment variable WIREGUARD_TUNNEL_NAME instead (reference 2.8).
 */
function checkWindowsPlaceholders(ctx: RuleContext, entries: readonly ResolvedEntry[]): void {
  for (const e of entries) {
    if (e.match?.info.kind !== 'command') continue;
    const text = e.node.text;
    const end = e.node.value.end;
    // `for %i in (…) do …` makes %i cmd's own loop variable: that hook means it.
    if (/\bfor\s+(?:\/\S+\s+(?:"[^"]*"\s+)?)*%i\s+in\b/i.test(text.slice(e.node.value.start, end))) continue;
    const found: number[] = [];
    for (let at = text.indexOf('%i', e.node.value.start); at >= 0 && at + 2 <= end; at = text.indexOf('%i', at + 2)) {
      // Only a `%i` of its own: not the end of `%%i` nor the start of a variable (`%ipaddr%`, `%i_x%`).
      if (text[at - 1] === '%' || /[A-Za-z0-9_%]/.test(text[at + 2] ?? '')) continue;
      found.push(at);
    }
    if (!found.length) continue;
    // One report per hook line, on its first %i, and one fix for them all (real-world review: a kill-switch
    // hook of the man page drew eight warnings on one file).
    const range = (at: number) => lineRange(e.line, { start: at, end: at + 2 });
    ctx.report({
      rule: 'windows-hook-placeholder',
      range: range(found[0]!),
      message: `WireGuard for Windows does not expand %i in ${e.match.info.name}: cmd gets "%i" as written${found.length > 1 ? ` (${found.length} times on this line)` : ''}. The tunnel's name is in %WIREGUARD_TUNNEL_NAME%.`,
      fixes: [{ title: 'Change to %WIREGUARD_TUNNEL_NAME%', preferred: true, edits: found.map((at) => ({ range: range(at), newText: '%WIREGUARD_TUNNEL_NAME%' })) }],
    });
  }
}
