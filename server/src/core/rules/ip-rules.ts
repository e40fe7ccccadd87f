// `ip rule` and `ip route` commands in wg-quick hooks: how ip reads them (parseIpCommand: its
// abbreviations, spellings and numbers), and which PostUp `ip rule add`s the down hooks undo, worked out by
// running the down hooks as bash and the kernel would (IpUndos).

import { commandWords, toolName } from './shell-words.ts';
import { formatIp, parseCidr } from '../values.ts';

/** A down hook's command, in the order down runs them (PreDown lines, then PostDown lines). */
export interface DownCommand {
  readonly text: string;
  /** What follows it on its hook line: `;` (or nothing, the last), `&&` or `||`. */
  readonly after: '' | ';' | '&&' | '||';
  /** Its hook line (an index): each line runs in a subshell of its own. */
  readonly hook: number;
  /** Whether it is a PreDown's (wg-quick removes the interface and its own rules between PreDown and PostDown). */
  readonly preDown: boolean;
}

/**
 * The rules wg-quick adds itself for a default route (Table auto, a /0 AllowedIPs): `not fwmark N table
 * N` and `table main suppress_prefixlength 0` for each family with a /0, N its table (the FwMark, else
 * 51820). At down, between PreDown and PostDown, it deletes every rule looking up table N and its
 * suppress rules, in both families (wg-quick's del_if).
 */
export interface WgQuickRules {
  readonly table: number;
  readonly families: ReadonlySet<4 | 6>;
}

/** A rule in the kernel's lists while down runs: a PostUp or PreUp add, the kernel's own, or wg-quick's. */
interface KernelRule {
  readonly family: 4 | 6;
  readonly selectors: ReadonlySet<string>;
  readonly priority: number;
  /** The PostUp command's index; -1: a PreUp's; -2: not an add of the hooks (the kernel's, wg-quick's). */
  readonly judged: number;
  open: boolean;
}

/**
 * Which PostUp `ip rule add`s the down hooks' `ip rule del`s undo, found by doing what bash, wg-quick and
 * the kernel do (nine reviews shaped this; pairing dels to adds by any fixed order was wrong one way or
 * another):
 * - the rule lists hold the kernel's own rules (local 0, main 32766, default 32767 for IPv4), PreUp's adds,
 *   wg-quick's own for a default route (WgQuickRules), then PostUp's; an add without a priority gets one
 *   below the lowest in use after local's (fib_default_rule_pref), so a later add is deleted first, and
 *   can be deleted by that number; an add without a table looks up main (iproute2 says so for it);
 * - the down hooks run as wg-quick runs them: each line in a subshell under `set -e` (`set +e`/`set +o
 *   errexit` turn that off for the rest of the line), `&&` and `||` running the next command on the status
 *   so far (after a command wgls cannot judge, the next may run: its deletes count, its failure stops
 *   nothing); a failure that ends a line stops down (wg-quick's own set -e), and nothing after it runs; a
 *   condition (`if`, `while`, `!`) fails nothing; a loop is one command (loopEnds); between the PreDown and
 *   PostDown lines wg-quick deletes the interface (PostDown commands that need it fail: needsInterface),
 *   its own rules and every rule looking up its table (wgQuickCleanup);
 * - a del removes the rule with the lowest priority (the earliest added among equals) whose selectors
 *   include everything the del names, whatever it does not name (`ip rule del table 51820` removes `ip rule
 *   add not fwmark 51820 table 51820`; `not` itself is not compared when deleting), of its family, ours or
 *   not (`del table main` takes the main table's rule at 32766 before an add of ours at 40000); `while ip
 *   rule del …` until none is left; finding none, it fails;
 * - a del wgls cannot read through (a table named in /etc/iproute2/rt_tables, a `$(…)`) removes the rule
 *   of ours spelled the same way, if any, and is taken to succeed either way: a misreading must not stop
 *   the simulation (one unread spelling made every later del count for nothing: review).
 * Only PostUp's adds are judged. `ip route flush table N` with no other selector undoes routes added to
 * table N. Past SIMULATION_BUDGET selector comparisons (thousands of dels each against thousands of adds)
 * the simulation is not run and only a down command spelled as the undo counts: more reports, never a
 * hidden one.
 */
export class IpUndos {
  /** For each PostUp command (in the order given), whether a down command undoes it; undefined: not judged here. */
  readonly undone: Array<boolean | undefined> = [];
  /** Which down commands run (a del that fails ran; a command after down stopped, or skipped by `&&`/`||`, did not). */
  readonly ran: boolean[];
  /** Where down stops before its end, and why; undefined when it runs to the end. */
  stop: DownStop | undefined;
  /** Which down commands are PostDown's that need the interface (gone by then: they fail). */
  readonly gone: boolean[];

  constructor(downs: readonly DownCommand[], preUps: readonly string[], ups: readonly string[], ifname: string | undefined, wgQuick?: WgQuickRules) {
    this.ran = new Array<boolean>(downs.length).fill(false);
    const parsed: ParsedDown[] = downs.map((d) => {
      const run = asRun(d.text);
      return { ...d, ...run, raw: d.text, cmd: parseIpCommand(run.text, ['delete', 'flush'], ifname), errexit: errexitSetting(run.text), gone: !d.preDown && needsInterface(run.text, ifname) };
    });
    this.gone = parsed.map((d) => d.gone);
    const rules = this.kernelRules(preUps, ups, ifname, wgQuick);
    // Each del compares its selectors with every rule (a loop's once per rule it removes).
    let cost = 0;
    for (const d of parsed) if (d.cmd?.object === 'rule' && d.cmd.verb === 'delete') cost += d.cmd.selectors.length * (d.repeat ? rules.length : 1);
    if (cost * rules.length > SIMULATION_BUDGET) {
      for (const r of rules) if (r.judged >= 0) this.undone[r.judged] = undefined;
      this.ran.fill(true);
    } else {
      this.stop = this.run(parsed, rules, wgQuick);
    }
    // `ip route flush table N` (no other selector) undoes the routes added to table N, if it runs.
    const flushes = new Set<string>();
    parsed.forEach(({ cmd }, k) => {
      if (this.ran[k] && cmd?.object === 'route' && cmd.verb === 'flush' && cmd.selectors.length === 1 && cmd.selectors[0]!.startsWith('table ')) {
        flushes.add(`${cmd.family}|${cmd.selectors[0]}`);
      }
    });
    for (const r of this.routeAdds) if (flushes.has(r.key)) this.undone[r.judged] = true;
  }

  /** PostUp's `ip route add`s into a table: the command's index and `family|table N`. */
  private readonly routeAdds: Array<{ judged: number; key: string }> = [];

  /** Runs the down lines as wg-quick does, wg-quick's own cleanup between PreDown's and PostDown's; where down stops. */
  private run(parsed: readonly ParsedDown[], rules: KernelRule[], wgQuick: WgQuickRules | undefined): DownStop | undefined {
    let cleaned = false;
    let k = 0;
    while (k < parsed.length || !cleaned) {
      if (!cleaned && (k === parsed.length || !parsed[k]!.preDown)) {
        cleaned = true;
        // (A del that finds nothing there aborts wg-quick: its `lookup 1` test also matches `lookup 100`.)
        if (wgQuick && !this.wgQuickCleanup(rules, wgQuick.table)) return { index: k, why: 'wg-quick' };
        continue;
      }
      const from = k;
      let end = k;
      while (end < parsed.length && parsed[end]!.hook === parsed[from]!.hook) end++;
      const loops = loopEnds(parsed, from, end);
      let errexit = true;
      let ok = true;
      let runs = true;
      // Whether `ok` is known (a command wgls models set it), and whether this command runs only on a status
      // it does not know (`grep -q … && ip rule del …`): then it may not run at all, and its failure stops nothing.
      let known = true;
      let maybe = false;
      let failed: DownStop | undefined;
      for (k = from; k < end; k++) {
        const d = parsed[k]!;
        let after = d.after;
        const done = loops.get(k);
        if (done !== undefined) {
          // A loop is one command of its and-or list: what follows `done` follows it.
          after = parsed[done]!.after;
          if (runs) {
            ok = this.loop(parsed, k, done, rules);
            known = true;
            this.ran.fill(true, k, done + 1);
          }
        } else if (runs) {
          this.ran[k] = true;
          let why: DownStop['why'] = 'no-rule';
          known = true;
          if (d.errexit !== undefined) {
            errexit = d.errexit;
            ok = true;
          } else if (d.gone) {
            ok = false;
            why = 'no-interface';
            // (It ran and did nothing: an iptables delete built with $(wg show %i …) undoes no rule.)
            this.ran[k] = false;
          } else if (d.cmd?.object === 'rule' && d.cmd.verb === 'delete') {
            ok = this.del(d.cmd, false, rules);
          } else if (/^(?:true|:|echo|printf)(?:\s|$)/.test(d.text)) {
            ok = true;
          } else if (/^false(?:\s|$)/.test(d.text)) {
            ok = false;
            why = 'false';
          } else {
            ok = true;
            known = false;
          }
          // A condition's failure fails nothing (if, !), and `!` turns the status round.
          if (d.negated) {
            ok = !ok;
            why = 'negated';
          } else if (d.condition || d.background) ok = true;
          if (!ok && maybe) {
            ok = true;
            known = false;
          }
          if (!ok) failed = { index: k, why };
          // A failure ends the subshell where it ends an and-or list (set -e spares the others).
          if (!ok && errexit && !d.negated && (after === ';' || after === '')) return failed;
        }
        if (done !== undefined) k = done;
        // An and-or list runs left to right on the status so far (a skipped command leaves it as it was):
        // in `a || b && c`, c runs when a succeeded. On a status wgls does not know, the next may run.
        const list = after === '&&' || after === '||';
        if (list && !known) {
          runs = true;
          maybe = true;
        } else {
          runs = after === '&&' ? ok : after === '||' ? !ok : true;
          if (!list) maybe = false;
        }
      }
      // The subshell's status is its last list's: a failure stops wg-quick's down (its own set -e).
      if (!ok) return failed ?? { index: end - 1, why: 'no-rule' };
    }
    return undefined;
  }

  /**
   * A `while`/`until`/`for` loop from `start` to its `done`: a `while ip rule del …` deletes until none is
   * left; otherwise each ip rule del of the body does (a `for` loop's once), as the usual `while ip rule show
   * | grep -q …; do ip rule del …; done` does. The loop succeeds.
   */
  private loop(parsed: readonly ParsedDown[], start: number, done: number, rules: KernelRule[]): boolean {
    const head = parsed[start]!;
    const isDel = (d: ParsedDown) => d.cmd?.object === 'rule' && d.cmd.verb === 'delete';
    if (head.repeat && isDel(head)) {
      this.del(head.cmd!, true, rules);
      return true;
    }
    const forLoop = /^(?:(?:do|then|else|\{|\()\s+)*for\s/.test(head.raw);
    for (let j = start + 1; j < done; j++) if (isDel(parsed[j]!)) this.del(parsed[j]!.cmd!, !forLoop, rules);
    return true;
  }
  /**
   * The rules in the kernel's lists after up: its own, PreUp's adds, wg-quick's, PostUp's (marking which
   * PostUp commands are rule adds), each with its priority.
   */
  private kernelRules(preUps: readonly string[], ups: readonly string[], ifname: string | undefined, wgQuick: WgQuickRules | undefined): KernelRule[] {
    const rules: KernelRule[] = [];
    const kernel = (family: 4 | 6, priority: number, ...selectors: string[]) =>
      rules.push({ family, selectors: new Set([...selectors, `priority ${priority}`]), priority, judged: -2, open: true });
    for (const family of [4, 6] as const) {
      kernel(family, 0, 'table 255');
      kernel(family, 32766, 'table 254');
    }
    kernel(4, 32767, 'table 253');
    // The lowest priority in use after local's, per family: the kernel keeps an IPv4 and an IPv6 list (review).
    const lowest = { 4: 32766, 6: 32766 };
    // (A rule of priority 0 besides local's makes the kernel give 0 to every rule added after it: it takes
    // the second rule's priority, minus one unless that is 0.)
    const zero = { 4: false, 6: false };
    const next = (family: 4 | 6) => (zero[family] ? 0 : (lowest[family] = Math.max(0, lowest[family] - 1)));
    const add = (text: string, judged: number) => {
      const cmd = parseIpCommand(text, ['add', 'append', 'replace'], ifname);
      if (judged >= 0) this.undone[judged] = undefined;
      if (!cmd) return;
      if (cmd.object === 'route') {
        const table = cmd.selectors.find((p) => p.startsWith('table '));
        if (judged >= 0 && table !== undefined) this.routeAdds.push({ judged, key: `${cmd.family}|${table}` });
        return;
      }
      const named = cmd.selectors.find((p) => p.startsWith('priority '));
      const given = named === undefined ? NaN : Number(named.slice('priority '.length));
      let priority: number;
      if (Number.isInteger(given) && given >= 0) {
        priority = given;
        if (priority > 0) lowest[cmd.family] = Math.min(lowest[cmd.family], priority);
        else zero[cmd.family] = true;
      } else priority = next(cmd.family);
      if (judged >= 0) this.undone[judged] = false;
      // (The priority the kernel gave it is one of its selectors: `ip rule del pref 32765` deletes it.)
      const selectors = new Set(cmd.selectors.filter((p) => !p.startsWith('priority ')));
      selectors.add(`priority ${priority}`);
      // iproute2 adds a rule naming no table (nor a type or a goto) with table main.
      if (![...selectors].some((x) => x.startsWith('table ') || x.startsWith('type ') || x.startsWith('goto '))) selectors.add('table 254');
      rules.push({ family: cmd.family, selectors, priority, judged, open: true });
    };
    preUps.forEach((t) => add(t, -1));
    // wg-quick's, for each family with a default route through the tunnel, after PreUp and before PostUp.
    for (const family of wgQuick?.families ?? []) {
      const n = String(wgQuick!.table);
      kernel(family, next(family), 'not', `fwmark ${n}`, `table ${n}`);
      kernel(family, next(family), 'table 254', 'suppress_prefixlength 0');
    }
    ups.forEach((t, i) => add(t, i));
    return rules;
  }

  /** wg-quick's del_if: every rule looking up its table goes, and the main table's suppress rules. */
  private wgQuickCleanup(rules: KernelRule[], table: number): boolean {
    const close = (r: KernelRule) => {
      r.open = false;
      if (r.judged >= 0) this.undone[r.judged] = true;
    };
    // del_if, word for word: while `ip rule show` holds "lookup $table", `ip rule delete table $table`;
    // while it holds "from all lookup main suppress_prefixlength 0", delete that; IPv4, then IPv6. Worked
    // out in one pass each (a loop re-reading the rules was quadratic: 10,000 rules took 11 s).
    for (const family of [4, 6] as const) {
      const open = rules.filter((r) => r.open && r.family === family).sort((a, b) => a.priority - b.priority);
      // Every rule of table N goes, lowest priority first; a rule that only prints like one (`lookup 100`
      // for N = 1) then stays, the next delete finds nothing and wg-quick stops.
      for (const r of open) if (r.selectors.has(`table ${table}`)) close(r);
      if (open.some((r) => r.open && (printedTable(r)?.startsWith(String(table)) ?? false))) return false;
      // The suppress deletes take the lowest-priority rule of main with suppress_prefixlength 0, printed so
      // or not, until none prints so.
      let printed = open.filter((r) => r.open && printsMainSuppress(r)).length;
      for (const r of open) {
        if (printed === 0) break;
        if (!r.open || !r.selectors.has('table 254') || !r.selectors.has('suppress_prefixlength 0')) continue;
        if (printsMainSuppress(r)) printed--;
        close(r);
      }
    }
    return true;
  }

  /** Runs one `ip rule del` (a `while` loop's until it fails); whether it succeeded. */
  private del(cmd: IpCommand, repeat: boolean, rules: KernelRule[]): boolean {
    // (A del naming nothing, `from all` alone, takes the first rule of all: the local table's.)
    if (cmd.object !== 'rule' || cmd.verb !== 'delete') return true;
    const known = readable(cmd.selectors);
    // The kernel does not compare `not` when it deletes (rule_find looks at no flags).
    const selectors = cmd.selectors.filter((x) => x !== 'not');
    let removed = 0;
    for (;;) {
      let best: KernelRule | undefined;
      for (const r of rules) {
        // (What wgls cannot read it matches to the letter among ours only.)
        if (!r.open || r.family !== cmd.family || (best && r.priority >= best.priority) || (!known && r.judged === -2)) continue;
        if (selectors.every((x) => r.selectors.has(x))) best = r;
      }
      if (!best) break;
      best.open = false;
      if (best.judged >= 0) this.undone[best.judged] = true;
      removed++;
      if (!repeat) break;
    }
    // (A `while` loop ends when its del fails; the loop itself succeeds.)
    return removed > 0 || repeat || !known;
  }
}

/** A down command as IpUndos runs it. */
interface ParsedDown extends DownCommand {
  /** The command as written (`while …`), and as it runs (`text`, without `while`, `then`…). */
  readonly raw: string;
  readonly repeat: boolean;
  readonly condition: boolean;
  readonly negated: boolean;
  readonly background: boolean;
  readonly cmd: IpCommand | undefined;
  readonly errexit: boolean | undefined;
  /** A PostDown command that needs the interface, which wg-quick has deleted by then: it fails. */
  readonly gone: boolean;
}

/** Where and why down stops before its end. */
export interface DownStop {
  /** The down command (an index into those given) that fails. */
  readonly index: number;
  /**
   * `no-rule`: an ip rule del finds nothing; `false`: `false`; `negated`: a `! ip rule del` that succeeds; `no-interface`: a
   * PostDown command needs the interface, gone by then; `wg-quick`: wg-quick's own cleanup fails (its
   * `lookup N` test matched a rule of another table).
   */
  readonly why: 'no-rule' | 'negated' | 'no-interface' | 'wg-quick' | 'false';
}

/**
 * The `done` of each `while`/`until`/`for`/`select` on a down line (commands `from`…`end`), by the loop's
 * first command. Openers may follow `do`, `then`, `else`, `{` or `(` (nested blocks); an end may carry a
 * redirection (`done >/dev/null`). What does not pair up is left out: bash would refuse such a line, but a
 * misreading of a valid one must not stop the simulation, so it is run command by command instead.
 */
function loopEnds(parsed: readonly ParsedDown[], from: number, end: number): Map<number, number> {
  const ends = new Map<number, number>();
  const open: Array<{ at: number; loop: boolean }> = [];
  for (let k = from; k < end; k++) {
    const raw = parsed[k]!.raw.replace(/^(?:(?:do|then|else|\{|\()\s+)+/, '');
    if (/^(?:while|until|for|select)\s/.test(raw)) open.push({ at: k, loop: true });
    else if (/^(?:if)\s/.test(raw)) open.push({ at: k, loop: false });
    const close = /^(done|fi)(?:$|[\s<>|&;)}]|[0-9]+[<>])/.exec(raw);
    if (close) {
      const loop = close[1] === 'done';
      // (An end that pairs with nothing, or with the other kind of block: give up on this line's blocks.)
      const top = open.pop();
      if (!top || top.loop !== loop) return new Map();
      if (top.loop) ends.set(top.at, k);
    }
  }
  return open.length ? new Map() : ends;
}

/**
 * Whether a PostDown command needs the interface, which wg-quick deleted before PostDown: an ip command on
 * `dev %i` (not a rule: rules outlive their device), `ip link … %i`, `wg … %i`, or an ip, iptables, nft or
 * tc command, or an assignment, one of whose words is a `$(wg … %i …)` (empty then: the command is
 * malformed; elsewhere a failed substitution fails nothing). A real-world sweep found `ip route del … dev
 * %i` in a PostDown failing and leaving the rest undone.
 */
export function needsInterface(text: string, ifname: string | undefined): boolean {
  const words = commandWords(text).map((w) => (w === ifname ? '%i' : w));
  const tool = toolName(words[0]);
  const wgSubstitution = (w: string) => /\$\(\s*wg\s/.test(w) && /(?:^|\s)%i(?:\s|\))/.test(ifname === undefined ? w : w.split(ifname).join('%i'));
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] ?? '') && words.length === 1) return wgSubstitution(words[0]!);
  if (/^(?:ip|ip6?tables(?:-legacy|-nft)?|nft|tc)$/.test(tool) && words.some(wgSubstitution)) return true;
  if (tool === 'wg') return words.includes('%i');
  if (tool !== 'ip') return false;
  const object = words[ipOptions(words).object];
  if (object === undefined || ipObject(object) === 'rule') return false;
  if ('link'.startsWith(object)) return words.includes('%i');
  const dev = words.indexOf('dev');
  return dev > 0 && words[dev + 1] === '%i';
}

/** How `ip rule show` names a rule's table (`main` for 254…), or undefined when it looks up none. */
function printedTable(r: KernelRule): string | undefined {
  for (const s of r.selectors) if (s.startsWith('table ')) return ({ '254': 'main', '255': 'local', '253': 'default' } as Record<string, string>)[s.slice(6)] ?? s.slice(6);
  return undefined;
}

/** Whether `ip rule show` prints the rule as "from all lookup main suppress_prefixlength 0" (nothing else before `lookup`). */
function printsMainSuppress(r: KernelRule): boolean {
  return r.selectors.has('table 254') && r.selectors.has('suppress_prefixlength 0') && [...r.selectors].every((x) => x === 'table 254' || x === 'suppress_prefixlength 0' || x.startsWith('priority '));
}

/**
 * Comparisons a simulation may make (IpUndos: selector comparisons; routeUndos: adds × dels) before it leaves
 * the commands to exact spelling.
 */
export const SIMULATION_BUDGET = 4_000_000;

/** Whether a `set` command turns errexit on (true) or off (false); undefined for any other command. */
function errexitSetting(text: string): boolean | undefined {
  const m = /^set\s+(?:([-+])[a-zA-Z]*e[a-zA-Z]*|([-+])o\s+errexit)(?:\s|$)/.exec(text);
  return m ? (m[1] ?? m[2]) === '-' : undefined;
}

/**
 * A down hook's command as it runs: `while CMD` (`while ip rule del table 200; do :; done`, which deletes
 * until nothing is left) runs CMD again and again (`repeat`), a condition whose failure only ends the loop;
 * `if CMD`/`elif CMD` run CMD as a condition; `! CMD` turns its status round (and set -e ignores it);
 * `then CMD`, `do CMD` and `else CMD` (inside an `if` or a loop, split at its `;`) run CMD; `CMD &` runs in
 * the background and succeeds.
 */
function asRun(text: string): { text: string; repeat: boolean; condition: boolean; negated: boolean; background: boolean } {
  let t = text;
  let repeat = false;
  let condition = false;
  let negated = false;
  // (Block words may pile up: `then while ip rule del …`, `{ ip rule del …`. One match: a loop re-reading
  // the rest per word was quadratic.)
  const m = /^(?:(?:while|if|elif|then|do|else|\{)\s+)+/.exec(t);
  if (m) {
    const last = m[0].trimEnd().split(/\s+/).pop();
    t = t.slice(m[0].length);
    repeat = last === 'while';
    condition = last === 'while' || last === 'if' || last === 'elif';
  }
  const bang = /^!\s+(.*)$/s.exec(t);
  if (bang) {
    t = bang[1]!;
    negated = true;
  }
  return { text: t, repeat, condition, negated, background: /(?:^|[^&|>])&(?![&>])\s*$/.test(t) || /(?:^|\s)&\s/.test(t) };
}

/** A down command without the loop or branch word in front (`while`, `then`…), and whether it deletes until nothing is left. */
export function loopless(text: string): { text: string; repeat: boolean } {
  const run = asRun(text);
  return { text: run.text, repeat: run.repeat };
}

/** Selector names ip rule takes, as selectorPairs writes them. */
const RULE_SELECTORS = new Set([
  'not', 'type', 'from', 'to', 'table', 'priority', 'fwmark', 'iif', 'oif', 'tos', 'dsfield', 'uidrange', 'ipproto', 'sport', 'dport',
  'suppress_prefixlength', 'suppress_ifgroup', 'realms', 'goto', 'nat', 'protocol', 'l3mdev',
]);

/** Whether wgls reads every selector of a del as ip does (a known name; a number or an address where ip takes one). */
function readable(selectors: readonly string[]): boolean {
  return selectors.every((s) => {
    const space = s.indexOf(' ');
    const name = space < 0 ? s : s.slice(0, space);
    const value = space < 0 ? '' : s.slice(space + 1);
    if (!RULE_SELECTORS.has(name)) return false;
    if (name === 'table' || name === 'priority') return /^[0-9]+$/.test(value);
    if (name === 'fwmark') return /^[0-9]+(?:\/[0-9]+)?$/.test(value);
    if (name === 'from' || name === 'to') return parseCidr(value).ok;
    return true;
  });
}

/** An `ip rule` or `ip route` command as wgls reads it (parseIpCommand). */
export interface IpCommand {
  readonly family: 4 | 6;
  readonly object: 'rule' | 'route';
  readonly verb: IpVerb;
  /** `name value` pairs (`table 100`, `priority 7`, `dev %i`), the interface's name as `%i`. */
  readonly selectors: string[];
}

/**
 * ip's options before the object (`words[0]` is `ip`), some with an argument (`-f inet6`, `-family inet6`,
 * `-n ns`): where the object is, and the family they name.
 */
function ipOptions(words: readonly string[]): { object: number; family: 4 | 6 | undefined } {
  let i = 1;
  let family: 4 | 6 | undefined;
  for (; i < words.length && words[i]!.startsWith('-'); i++) {
    const o = words[i]!;
    if (o === '-6') family = 6;
    else if (o === '-4') family = 4;
    else if (/^-(?:f|family)$/.test(o)) family = words[++i] === 'inet6' ? 6 : 4;
    else if (/^-(?:n|netns|b|batch|rc|rcvbuf)$/.test(o)) i++;
  }
  return { object: i, family };
}

/** The verbs wgls reads, as ip spells them out. */
export type IpVerb = 'add' | 'append' | 'replace' | 'delete' | 'flush';

/** `ip rule`/`ip route` by any abbreviation ip accepts (`ru`, `rul`; `r`, `ro`, `rou`…); undefined for another object. */
function ipObject(word: string): 'rule' | 'route' | undefined {
  if (word.length >= 2 && 'rule'.startsWith(word)) return 'rule';
  if (word.length >= 1 && 'route'.startsWith(word)) return 'route';
  return undefined;
}

/**
 * The verb a word is to ip (its own prefix matching, first in ip's order: `a` is add, `d` delete, `del`
 * delete); undefined for one wgls does not read (list, get, …). ip route also has `prepend` and `change`.
 */
function ipVerb(object: 'rule' | 'route', word: string): IpVerb | undefined {
  if (word === '') return undefined;
  const order: readonly string[] = object === 'rule' ? ['add', 'delete', 'flush'] : ['add', 'change', 'chg', 'replace', 'prepend', 'append', 'test', 'delete', 'get', 'flush'];
  const verb = order.find((v) => v.startsWith(word));
  return verb === 'add' || verb === 'append' || verb === 'replace' || verb === 'delete' || verb === 'flush' ? verb : undefined;
}

/**
 * An `ip rule|route <verb> …` command (one of `verbs`, as ip spells them out: `delete`, not `del`): its
 * family (`-6`, `-f inet6`, or an IPv6 address in it), object, verb and selectors; undefined for another
 * command. Redirections left out; a pipe or `&` ends the command (`… | logger`), outer parentheses (a
 * subshell) go. ip's abbreviations are read as ip reads them (`ip ru d` is `ip rule delete`).
 */
export function parseIpCommand(text: string, verbs: readonly IpVerb[], ifname: string | undefined): IpCommand | undefined {
  const all = commandWords(text.replace(/^\(\s*(.*?)\s*\)$/s, '$1')).map((w) => (w === ifname ? '%i' : w));
  const end = all.findIndex((w) => w === '|' || w === '&' || w === '|&');
  const words = end < 0 ? all : all.slice(0, end);
  if (toolName(words[0]) !== 'ip') return undefined;
  const options = ipOptions(words);
  const i = options.object;
  let family = options.family;
  const object = ipObject(words[i] ?? '');
  const verb = object && ipVerb(object, words[i + 1] ?? '');
  if (!object || verb === undefined || !verbs.includes(verb)) return undefined;
  const rest = words.slice(i + 2);
  family ??= rest.some((w) => /^[0-9a-f]*:[0-9a-f:]*(?:\/[0-9]+)?$/i.test(w)) ? 6 : 4;
  return { family, object, verb, selectors: object === 'rule' ? selectorPairs(rest) : routeSelectors(rest) };
}

/** An `ip route` command's words after the verb, as `name value` pairs where ip takes them so (`table 100`), the destination alone. */
function routeSelectors(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (['table', 'dev', 'via', 'src', 'metric', 'proto', 'scope', 'type', 'tos'].includes(w) && words[i + 1] !== undefined) {
      const value = words[++i]!;
      out.push(`${w} ${w === 'table' ? tableNumber(value) : value}`);
    } else out.push(w);
  }
  return out;
}

/**
 * An `ip rule` selector list as `name value` pairs (`priority 100`, `table 100`), spellings made one
 * (`pref`/`prio` = `priority`, `lookup` = `table`, `dev` = `iif`; numbers as ip reads them, `0xca6c` is
 * 51820; `main`, `local`, `default` are tables 254, 255, 253); flag words that take no value (`not`) do not
 * shift the pairs; `from all`/`to all` (and `0.0.0.0/0`, `::/0`) select nothing and are left out.
 */
function selectorPairs(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // Words without a value: `not`, and a rule's type (`ip rule add blackhole`, `prohibit from …`).
    if (w === 'not' || /^(?:blackhole|unreachable|prohibit|nop|unicast)$/.test(w)) {
      out.push(w === 'not' ? 'not' : `type ${w}`);
      continue;
    }
    const value = words[i + 1];
    if (value === undefined) break;
    i++;
    const name = selectorName(w);
    if ((name === 'from' || name === 'to') && ANY_PREFIX.test(value)) continue;
    out.push(`${name} ${selectorValue(name, value)}`);
  }
  return out;
}

/**
 * A selector's value as ip reads it: an address in one spelling (`fd00:0::2` is `fd00::2`, `10.9.0.5/32`
 * is `10.9.0.5`), numbers in decimal (fwmark, priority; tos is hex to ip), a mark's mask left out when it
 * is every bit (the kernel's default), tables by number where ip knows the name.
 */
function selectorValue(name: string, value: string): string {
  if (name === 'from' || name === 'to') {
    const c = parseCidr(value);
    if (!c.ok) return value;
    const ip = formatIp(c.value.family, c.value.address);
    return c.value.bare || c.value.prefix === (c.value.family === 4 ? 32 : 128) ? ip : `${ip}/${c.value.prefix}`;
  }
  if (name === 'table') return tableNumber(value);
  if (name === 'priority') return ipNumber(value);
  if (name === 'fwmark') {
    const [mark, mask] = value.split('/').map(ipNumber);
    return mask === undefined || mask === '4294967295' ? mark! : `${mark}/${mask}`;
  }
  if ((name === 'tos' || name === 'dsfield') && /^(?:0x)?[0-9a-f]+$/i.test(value)) return String(parseInt(value.replace(/^0x/i, ''), 16));
  return value;
}

/**
 * A selector's name as ip rule reads it, in one spelling: the words it takes whole, then those it takes
 * by any prefix in the order it tries them (`p`, `pref` are preference, `prio` priority, `tab` table),
 * aliases made one (`lookup` = `table`, `dev` = `iif`, `preference`/`order` = `priority`, `dsfield` = `tos`,
 * `sup_pl` = `suppress_prefixlength`). Anything else as it is.
 */
function selectorName(word: string): string {
  const exact = SELECTOR_ALIASES[word];
  if (exact !== undefined) return exact;
  const prefixed = PREFIXED_SELECTORS.find((name) => name.startsWith(word));
  return prefixed === undefined ? word : (SELECTOR_ALIASES[prefixed] ?? prefixed);
}

const SELECTOR_ALIASES: Readonly<Record<string, string>> = {
  not: 'not', from: 'from', to: 'to', tos: 'tos', fwmark: 'fwmark', lookup: 'table', sup_pl: 'suppress_prefixlength', sup_group: 'suppress_ifgroup',
  dev: 'iif', iif: 'iif', oif: 'oif', l3mdev: 'l3mdev', uidrange: 'uidrange', ipproto: 'ipproto', sport: 'sport', dport: 'dport',
  preference: 'priority', order: 'priority', priority: 'priority', dsfield: 'tos', 'map-to': 'nat',
};

/** The selector names ip rule matches by a prefix, in the order it tries them (iproute2 iprule.c). */
const PREFIXED_SELECTORS = ['preference', 'order', 'priority', 'dsfield', 'realms', 'protocol', 'tun_id', 'table', 'suppress_prefixlength', 'suppress_ifgroup', 'nat', 'map-to', 'goto'];

/** What ip reads as "any address" in a rule's `from`/`to`. */
const ANY_PREFIX = /^(?:all|any|default|0\.0\.0\.0\/0|::\/0|0\/0)$/i;

/** A number as ip reads it (strtoul with base 0: `0x10` and `020` are 16), in decimal; other text as it is. */
function ipNumber(v: string): string {
  if (/^0x[0-9a-f]+$/i.test(v)) return String(parseInt(v.slice(2), 16));
  if (/^0[0-7]+$/.test(v)) return String(parseInt(v, 8));
  if (/^[0-9]+$/.test(v)) return String(Number(v));
  return v;
}

/** A routing table as a number where ip knows the name without /etc/iproute2/rt_tables (`main` is 254). */
function tableNumber(v: string): string {
  return ({ main: '254', local: '255', default: '253', unspec: '0' } as Record<string, string>)[v] ?? ipNumber(v);
}
