// wg-quick hooks and SaveConfig. wgls never runs any hook: it only reads the text.

import type { RuleContext } from './context.ts';
import type { ResolvedEntry } from '../model.ts';
import { lineRange } from '../span.ts';
import { valueRange } from './values.ts';

/** Sub-commands of a hook line, split on `;`, `&&` and `||`, with their columns. */
function commands(e: ResolvedEntry): Array<{ text: string; start: number; end: number }> {
  const v = e.node.text.slice(e.node.value.start, e.node.comment && !isHookComment(e) ? e.node.comment.start : undefined).trimEnd();
  const out: Array<{ text: string; start: number; end: number }> = [];
  const re = /[^;&|]+(?:[&|](?![&|])[^;&|]*)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v))) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) out.push({ text, start: e.node.value.start + m.index + lead, end: e.node.value.start + m.index + lead + text.length });
  }
  return out;
}

/** wg-quick ≥ v1.0.20260223 keeps `#` in hook values; a `#` right after a non-space is not a comment to bash. */
function isHookComment(e: ResolvedEntry): boolean {
  const c = e.node.comment!;
  return c.start > 0 && !/\s/.test(e.node.text[c.start - 1]!);
}

/**
 * The command that undoes `cmd`, normalised for comparison, or undefined when `cmd` needs no undo
 * (sysctl, echo, …): iptables -A/-I → -D (dropping -I's position), ip rule/route/… add → del. Routes and
 * addresses on the tunnel itself (`dev %i`) vanish with the interface and need none.
 */
export function undoOf(cmd: string): string | undefined {
  const words = cmd.split(/\s+/);
  const tool = words[0]!.replace(/^.*\//, '');
  if (/^(ip6?tables|ip6?tables-legacy|ip6?tables-nft)$/.test(tool)) {
    const i = words.findIndex((w) => w === '-A' || w === '-I' || w === '--append' || w === '--insert');
    if (i < 0) return undefined;
    const out = [...words];
    out[i] = '-D';
    // `-I CHAIN 1 …`: the rule number has no place in -D.
    if ((words[i] === '-I' || words[i] === '--insert') && /^[0-9]+$/.test(words[i + 2] ?? '')) out.splice(i + 2, 1);
    return out.join(' ');
  }
  if (tool === 'ip') {
    if (/\bdev\s+%i\b/.test(cmd)) return undefined;
    const i = words.findIndex((w) => w === 'add' || w === 'append' || w === 'replace');
    if (i < 0 || !['rule', 'route', 'link', 'addr', 'address', 'r', 'ru', 'ro', 'a'].some((o) => words.slice(1, i).includes(o))) return undefined;
    const out = [...words];
    out[i] = 'del';
    return out.join(' ');
  }
  return undefined;
}

/** Normalises a command for comparing against an undo (`del`/`delete`, -D/--delete are the same). */
function norm(cmd: string): string {
  // Options may come in another order in the undo (`-t nat -D …` vs `-D … -t nat`): compare as word sets.
  return cmd
    .split(/\s+/)
    .map((w) => (w === 'delete' ? 'del' : w === '--delete' ? '-D' : w))
    .sort()
    .join(' ');
}

export function checkHooks(ctx: RuleContext): void {
  const entries = ctx.model.iface.entries;
  const downs = new Set(
    entries
      .filter((e) => e.match?.info.name === 'PostDown' || e.match?.info.name === 'PreDown')
      .flatMap((e) => commands(e).map((c) => norm(c.text))),
  );
  const ups = entries.filter((e) => e.match?.info.name === 'PostUp' && e.node.valueText !== '');
  const missingAll: string[] = [];
  const reports: Array<{ e: ResolvedEntry; c: { start: number; end: number }; undo: string }> = [];
  for (const e of ups) {
    for (const c of commands(e)) {
      const undo = undoOf(c.text);
      if (!undo || downs.has(norm(undo))) continue;
      reports.push({ e, c, undo });
      missingAll.push(undo);
    }
  }
  if (reports.length) {
    const lastHook = [...entries].reverse().find((e) => /^(PostUp|PostDown)$/.test(e.match?.info.name ?? ''))!;
    const line = ctx.doc.lines[lastHook.line]!;
    const eol = line.eol || ctx.doc.lines[0]!.eol || '\n';
    const at = lineRange(lastHook.line, { start: line.node.text.length, end: line.node.text.length });
    for (const r of reports) {
      ctx.report({
        rule: 'postup-without-postdown',
        range: lineRange(r.e.line, r.c),
        message: `No PostDown undoes this PostUp rule: every "wg-quick up" adds it again and "down" leaves it behind. Add: PostDown = ${r.undo}`,
        fixes: [
          { title: 'Add the matching PostDown', preferred: true, edits: [{ range: at, newText: `${eol}PostDown = ${r.undo}` }] },
          ...(reports.length > 1
            ? [{ title: 'Add PostDown lines for every unmatched PostUp rule', edits: [{ range: at, newText: missingAll.map((u) => `${eol}PostDown = ${u}`).join('') }] }]
            : []),
        ],
      });
    }
  }

  const save = ctx.model.iface.saveConfig;
  if (save && /^true$/i.test(save.node.valueText)) {
    const hasComments = ctx.doc.lines.some((l) => l.node.comment && !/wgls-/.test(l.node.text));
    const hostnames = ctx.model.peers.filter((p) => p.endpoint?.parsed?.hostKind === 'hostname');
    if (hasComments || hostnames.length) {
      ctx.report({
        rule: 'save-config-overwrites',
        range: valueRange(save),
        message: `SaveConfig = true: "wg-quick down" rewrites this file from the running interface, so ${[
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
