// Reading wg-quick hook values as bash does, without running them: a hook line's commands (split at `;`,
// `&&`, `||` outside quotes and substitutions) and each command's words (quotes kept, redirections left
// out, the tool found past `sudo` and the like). The hook rules (hooks.ts, ip-rules.ts) and routing.ts
// read hooks through these.

import type { ResolvedEntry } from '../model.ts';

/**
 * Sub-commands of a hook line, split on `;`, `&&` and `||` outside quotes, `$(…)`, `(…)` and
 * backquotes (as bash reads them: `--comment "a;b"` is one word, `$(a; b)` one substitution), with
 * their columns. A lone `|` or `&` stays inside its command.
 */
export function hookCommands(e: ResolvedEntry): Array<{ text: string; start: number; end: number; after: '' | ';' | '&&' | '||' }> {
  const v = e.node.text.slice(e.node.value.start, e.node.comment && !isHookComment(e) ? e.node.comment.start : undefined).trimEnd();
  const out: Array<{ text: string; start: number; end: number; after: '' | ';' | '&&' | '||' }> = [];
  const push = (from: number, to: number, after: '' | ';' | '&&' | '||' = '') => {
    const raw = v.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) out.push({ text, start: e.node.value.start + from + lead, end: e.node.value.start + from + lead + text.length, after });
  };
  let from = 0;
  let quote = '';
  // Open `$(` and `(` (subshells) and backquotes: a `;` inside them is the inner command's.
  let depth = 0;
  let backquote = false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '`') backquote = !backquote;
    else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth > 0 || backquote) continue;
    else if (c === ';' || ((c === '&' || c === '|') && v[i + 1] === c)) {
      push(from, i, c === ';' ? ';' : c === '&' ? '&&' : '||');
      if (c !== ';') i++;
      from = i + 1;
    }
  }
  // An unclosed quote or `$(` (a `#` inside them read as a comment start, say): where that command ends is unknown.
  if (!quote && depth === 0 && !backquote) push(from, v.length);
  return out;
}

/** wg-quick ≥ v1.0.20260223 keeps `#` in hook values; a `#` right after a non-space is not a comment to bash. */
function isHookComment(e: ResolvedEntry): boolean {
  const c = e.node.comment!;
  return c.start > 0 && !/\s/.test(e.node.text[c.start - 1]!);
}

/**
 * The words of a command as bash splits them: blanks outside quotes end a word, a quoted part stays in it
 * with its quotes (`--comment "to >lan"` is one word, not a redirection).
 */
export function shellWords(cmd: string): string[] {
  // (A `$(…)` without nesting is one word too: `fwmark $(wg show %i fwmark)` keeps its pairs.)
  return cmd.match(/(?:"(?:[^"\\]|\\.)*"?|'[^']*'?|\$\([^()]*\)?|\\.|[^\s"'\\])+/g) ?? [];
}

/**
 * Where the tool is among a command's words: past `sudo` (and its options), `command`, `exec`, `env`,
 * `nice`, `nohup` in front, as DELETES takes them.
 */
export function toolAt(words: readonly string[]): number {
  let i = 0;
  while (i < words.length - 1 && (/^(?:sudo|command|exec|env|nice|nohup)$/.test(toolName(words[i])) || (i > 0 && words[i]!.startsWith('-') && /sudo$/.test(words[0]!)))) i++;
  return i;
}

/** A tool by its name: `/usr/sbin/iptables` is `iptables` (undefined: ''). */
export const toolName = (word: string | undefined): string => (word ?? '').replace(/^.*\//, '');

/** A command's words as bash splits them, redirections left out, from its tool on (toolAt): what the rules read. */
export function commandWords(text: string): string[] {
  const words = withoutRedirections(shellWords(text));
  return words.slice(toolAt(words));
}

/**
 * The words of a command without its redirections (`2>/dev/null`, `> /dev/null`, `2>&1`, `>& /dev/null`):
 * they change what it prints, not which rule it deletes (heuristics review: `… -j MASQUERADE 2>/dev/null`
 * as the PostDown was taken for no undo, and the fix added a second delete that fails at down).
 */
export function withoutRedirections(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // An operator alone takes the next word as its target (`>& /dev/null` too); joined, it is one word.
    if (/^(?:[0-9]*|&)>(?:>|&|\|)?$/.test(w) || /^[0-9]*<$/.test(w)) {
      i++;
      continue;
    }
    // (A word that starts with the operator is one, its target quoted or not: `2>'/dev/null'`.)
    if (/^(?:[0-9]*|&)>(?:>|&|\|)?./.test(w) || /^[0-9]*<./.test(w)) continue;
    out.push(w);
  }
  return out;
}
