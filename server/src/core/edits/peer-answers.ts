// The answers Add peer takes (a name, LAN prefixes, DNS servers), checked one way for both sides:
// the client's input boxes say what is wrong while the user types, and the server refuses the same.
// Before, the boxes had looser patterns of their own (`10.0.0.0/33`, `-x`, `999.1.1.1` passed), and
// the server's refusal came after the last question, taking every answer with it (client review).
// No vscode, no node: the client bundle imports this.

import { contains, endpointHostProblem, formatIp, isHostname, parseCidr, parseIp, type Cidr } from '../values.ts';
import { HIDDEN_KEY, keySpans } from '../redact.ts';
import { EditError, INTERFACE_NAME } from './change.ts';

/**
 * `"<item>" <is not …> (<reason>).`, or with "(key hidden)" when the item holds key-shaped text: a private
 * key pasted into the wrong box. The reason is then left out too, as it quotes a piece of the item (the
 * part before a `/`), which alone has no key's shape (secrets audit).
 */
const refusal = (item: string, isNot: string, reason?: string) =>
  looksSecret(item) ? `"${HIDDEN_KEY}" ${isNot}: it looks like a WireGuard key.` : `"${item}" ${isNot}${reason ? ` (${reason})` : ''}.`;

/**
 * Whether an answer holds key-shaped text, or a run of 16 or more base64 characters with capitals, small
 * letters and digits: a key cut short in a paste, which the detection for messages (keySpans) lets pass
 * one time in ten at 20–30 characters (secrets re-check). An answer that is refused anyway loses
 * nothing by not being quoted; no IP prefix, DNS name or config name has such a run.
 */
export function looksSecret(text: string): boolean {
  if (keySpans(text).length) return true;
  for (const m of text.matchAll(/[A-Za-z0-9+/]{16,}/g)) if (/[A-Z]/.test(m[0]) && /[a-z]/.test(m[0]) && /[0-9]/.test(m[0])) return true;
  return false;
}

/** Why an answer is no Endpoint host (endpointHostProblem), never quoting one that looks like a key (client review). */
export function endpointAnswerProblem(text: string): string | undefined {
  const problem = endpointHostProblem(text);
  return problem && looksSecret(text) ? `"${HIDDEN_KEY}" is not a host name or IP address for the Endpoint: it looks like a WireGuard key.` : problem;
}

/** The config name as typed, without a `.conf` the user may have added (`laptop.conf` is laptop). */
export function peerName(typed: string): string {
  return typed.trim().replace(/\.conf$/i, '');
}

/** Why `typed` cannot name the new config (wg-quick takes the file name as the interface name), if it cannot. */
export function peerNameProblem(typed: string): string | undefined {
  const name = peerName(typed);
  if (INTERFACE_NAME.test(name) && !name.startsWith('.') && !name.startsWith('-')) return undefined;
  return refusal(name, 'cannot be a config name', 'wg-quick takes the file name as the interface name: 1–15 of a–z, A–Z, 0–9, _=+.-, not starting with . or -');
}

const items = (text: string | undefined) => (text ?? '').split(/[\s,]+/).filter(Boolean);

/**
 * A refusal of the whole answer when it holds key-shaped text: a key typed as two items (`K1, K2=`) is
 * no key item by item, and each half would be quoted (diff review). keySpans, not looksSecret: this
 * refuses answers that are valid item by item, and a DNS name may hold a long mixed label.
 */
const keyInAnswer = (text: string | undefined, what: string) => (text && keySpans(text).length ? `${what}: the answer holds text that looks like a WireGuard key ("${HIDDEN_KEY}").` : undefined);

/** Why a comma/space-separated list of prefixes is not one, naming the first bad item; `what` names the list. */
export function prefixListProblem(text: string | undefined, what: string): string | undefined {
  const key = keyInAnswer(text, what);
  if (key) return key;
  for (const item of items(text)) {
    const c = parseCidr(item);
    if (!c.ok) return `${what}: ${refusal(item, 'is not an IP prefix', c.reason)}`;
  }
  return undefined;
}

/** Why a DNS list (IP addresses and domain names, as wg-quick takes them) is not one, naming the first bad item. */
export function dnsListProblem(text: string | undefined): string | undefined {
  const key = keyInAnswer(text, 'DNS');
  if (key) return key;
  for (const item of items(text)) if (!parseIp(item) && !isHostname(item)) return `DNS: ${refusal(item, 'is neither an IP address nor a domain name')}`;
  return undefined;
}

/** A prefix the new peer's LAN may not overlap, and what it is (`which hub.conf already routes to …`). */
export interface TakenPrefix {
  readonly prefix: string;
  readonly by: string;
}

/** The prefixes of a list answer that parse (bad items are prefixListProblem's). */
const prefixesOf = (text: string | undefined) =>
  items(text).flatMap((item) => {
    const c = parseCidr(item);
    return c.ok ? [{ item, cidr: c.value }] : [];
  });

const overlap = (a: Cidr, b: Cidr) => contains(a, b) || contains(b, a);

/** Why the LAN behind the new peer cannot be `text`: an item overlaps a prefix already `taken`. */
export function takenLanProblem(text: string | undefined, taken: readonly TakenPrefix[]): string | undefined {
  for (const { item, cidr } of prefixesOf(text)) {
    for (const t of taken) {
      const c = parseCidr(t.prefix);
      if (c.ok && overlap(cidr, c.value)) return `LAN behind the new peer: ${item} overlaps ${t.prefix}, ${t.by}.`;
    }
  }
  return undefined;
}

/**
 * Why the LAN behind this side cannot be `local` when the new peer's is `lan`: overlapping, each end
 * would route it to the other, and packets for it go back and forth (allowed-ips-both-ways; nested,
 * half of one LAN loops with no warning at all). Edits review.
 */
export function sharedLanProblem(local: string | undefined, lan: string | undefined): string | undefined {
  const theirs = prefixesOf(lan);
  for (const here of prefixesOf(local)) {
    const there = theirs.find((t) => overlap(here.cidr, t.cidr));
    if (there) return `LAN behind this side: ${here.item} overlaps the LAN behind the new peer (${there.item}): each end would route it to the other, and packets for it would go back and forth.`;
  }
  return undefined;
}

/** Parses a DNS list; throws with the offending item. */
export function parseDnsList(text: string | undefined): string[] {
  const problem = dnsListProblem(text);
  if (problem) throw new EditError(problem);
  return items(text);
}

/** Parses a list of prefixes into canonical ones (host bits cleared); throws with the offending item. */
export function parsePrefixList(text: string | undefined, what: string): string[] {
  const problem = prefixListProblem(text, what);
  if (problem) throw new EditError(problem);
  const prefixes = items(text).map((item) => {
    const c = parseCidr(item);
    if (!c.ok) throw new EditError(`${what}: ${refusal(item, 'is not an IP prefix', c.reason)}`);
    return c.value;
  });
  // Each prefix once, and none inside another of the list (`192.168.50.0/24, 192.168.50.7/24,
  // 192.168.50.0/25` is the /24): written as given, the new [Peer] would start with a
  // duplicate-allowed-ip warning (edits review). The first of equal ones stays, in the given order.
  const covered = (c: Cidr, j: number) => prefixes.some((o, k) => k !== j && contains(o, c) && (o.prefix < c.prefix || k < j));
  return prefixes.filter((c, j) => !covered(c, j)).map((c) => `${formatIp(c.family, c.network)}/${c.prefix}`);
}
