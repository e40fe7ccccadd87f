// Keys and sections: unknown or misplaced keys, keys the target rejects, spelling,
// duplicates and required keys. Key names are case-insensitive in every parser.

import type { RuleContext } from './context.ts';
import { wgValue, type PeerModel, type ResolvedEntry } from '../model.ts';
import { isValidKey } from '../keys.ts';
import type { Section } from '../parser.ts';
import { deleteLineIn } from '../edits/change.ts';
import { isKeyKind, KEYS, TARGETS, type KeyInfo, type SectionName, type Target } from '../schema.ts';
import { lineRange } from '../span.ts';
import type { Fix } from '../problem.ts';
import type { Severity } from './catalogue.ts';
import { missingEquals, missingEqualsFix, missingEqualsMessage } from './missing-equals.ts';
import { shownKeyText } from '../redact.ts';
import { distance, lookalike } from '../strings.ts';
import { APP_NAME, appOf, quickName, wgName } from './apps.ts';
import { targetFixEdits } from '../edits/target.ts';
import { targetDirective } from './target-directive.ts';

const targetLabel = (t: Target) => TARGETS.find((x) => x.id === t)!.label;

/** Targets whose parsers reject what only wg's whitespace stripping makes valid. */
const STRICT_TARGETS: readonly Target[] = ['windows', 'android', 'apple'];

// The validator runs these in pieces, in this order: every [Interface] and [Peer] section
// (`checkSectionKeys`, in file order), `checkInterfaceSections`, then `checkPeerHasKey` per peer.

/** One [Interface] or [Peer] section's header and keys. */
export function checkSectionKeys(ctx: RuleContext, section: Section, resolvedEntries: readonly ResolvedEntry[]): void {
  const sectionName: SectionName = section.kind === 'interface' ? 'Interface' : 'Peer';
  checkHeaderSpelling(ctx, section.headerLine, section.header.nameText, sectionName, resolvedEntries);
  // A cold hub checks 5,000 sections, nearly all clean: a Map per section (and a range per entry)
  // was garbage the collector paid for on every open. A section has a handful of keys: a list does.
  const seen = resolvedEntries.length > 16 ? new Map<string, ResolvedEntry>() : new SeenKeys();
  for (const e of resolvedEntries) checkSectionKey(ctx, e, sectionName, seen);
  if (seen instanceof SeenKeys) seen.clear();
}

/** The last entry of each non-repeatable key of a section so far. */
interface SeenKeyEntries {
  get(name: string): ResolvedEntry | undefined;
  set(name: string, e: ResolvedEntry): unknown;
}

/**
 * SeenKeyEntries of a small section: a scan of one array shared by every section (checkSectionKeys
 * checks one section at a time), so a clean section allocates nothing that lasts.
 */
class SeenKeys implements SeenKeyEntries {
  static readonly #entries: ResolvedEntry[] = [];
  #count = 0;
  get(name: string): ResolvedEntry | undefined {
    const list = SeenKeys.#entries;
    for (let i = 0; i < this.#count; i++) if (list[i]!.match!.info.name === name) return list[i];
    return undefined;
  }
  set(name: string, e: ResolvedEntry): void {
    const list = SeenKeys.#entries;
    for (let i = 0; i < this.#count; i++) if (list[i]!.match!.info.name === name) return void (list[i] = e);
    list[this.#count++] = e;
  }
  /** Lets go of the entries (they belong to a document). */
  clear(): void {
    SeenKeys.#entries.fill(undefined!, 0, this.#count);
    this.#count = 0;
  }
}

/** One entry of a section: unknown, misplaced, not for the target, spelled oddly, or set again. */
function checkSectionKey(ctx: RuleContext, e: ResolvedEntry, sectionName: SectionName, seen: SeenKeyEntries): void {
  const { target } = ctx;
  if (!e.match) {
    const range = lineRange(e.line, e.node.key);
    const noEquals = e.node.valueText === '' ? missingEquals(e.node.text) : undefined;
    ctx.report({
      rule: 'unknown-key',
      range,
      message: noEquals
        ? missingEqualsMessage(noEquals, target)
        : `Unknown key "${shownKeyText(e.node)}" in [${sectionName}]${nonAsciiLetterNote(e.node.keyText)}${didYouMeanText(e.node.keyText, sectionName, target)}; ${unknownKeyFate(target, sectionName, shownKeyText(e.node))}.`,
      fixes: noEquals ? [missingEqualsFix(e.line, noEquals)] : didYouMeanFixes(e, sectionName, target),
    });
    return;
  }
  const info = e.match.info;
  if (info.section !== sectionName) {
    ctx.report({
      rule: 'key-in-wrong-section',
      range: lineRange(e.line, e.node.key),
      message: `${info.name} belongs in [${info.section}], not [${sectionName}]; ${
        appOf(target)
          ? unknownKeyFate(target, sectionName, info.name)
          : sectionName === 'Peer' && info.targets.includes('wg-quick') && !info.targets.includes('wg')
            ? `${quickName(target)} passes it to ${wgName(target)}, which rejects it ("Line unrecognized")`
            : `${wgName(target)} rejects the line`
      }.`,
    });
    return;
  }
  if (!info.targets.includes(target)) {
    if (info.targets.length === 1 && info.targets[0] === 'amneziawg') {
      ctx.report({
        rule: 'amneziawg-key',
        range: lineRange(e.line, e.node.key),
        message: `${info.name} is an AmneziaWG key: stock WireGuard tools reject the whole file. For awg/awg-quick, check the file for AmneziaWG: a "# wgls-target amneziawg" comment (--target amneziawg on the command line, or the "wgls.target" setting).`,
        fixes: [{ title: 'Check this file for AmneziaWG (# wgls-target amneziawg)', preferred: true, edits: targetFixEdits(ctx.doc, 'amneziawg') }],
      });
    } else {
      // A key only one app reads (ExcludedApplications: the Android app's export) says what the file is
      // for: checking it for that app is offered (real-world configs review), as for AmneziaWG's keys.
      const only = info.targets.length === 1 ? info.targets[0]! : undefined;
      ctx.report({
        rule: 'key-not-supported-by-target',
        range: lineRange(e.line, e.node.key),
        message: `${info.name} is not accepted by ${targetLabel(target)}; only by ${info.targets.map(targetLabel).join(', ')}.`,
        ...(only
          ? { fixes: [{ title: `Check this file for ${targetLabel(only)} (# wgls-target ${only})`, preferred: !targetDirective(ctx.doc), edits: targetFixEdits(ctx.doc, only) }] }
          : {}),
      });
    }
  }
  // (A key the target rejects whatever its spelling: key-not-supported-by-target said so.)
  if (info.targets.includes(target)) checkKeySpelling(ctx, e, info);
  // `M TU` is no MTU to wg-quick (key-spacing said so: it reaches wg, which rejects it), so it makes no
  // earlier MTU the ignored one: pairing them would offer to delete the line wg-quick does use.
  // Nor for the apps, which read no blank out of a key (`private key` is a key they do not know:
  // key-spacing says they reject it): `Private Key` next to `PrivateKey` is no duplicate there (parity
  // review: Apple's "only one entry per section" was quoted).
  if (e.match.needsSpaceStripping && (!info.targets.includes('wg') || appOf(target))) return;
  // Windows keeps only the last line of each hook instead of running them all.
  if (!info.repeatable || (target === 'windows' && info.kind === 'command')) {
    const prev = seen.get(info.name);
    if (prev) {
      const keepEarlier = isKeyKind(info.kind) && isValidKey(wgValue(prev)) && !isValidKey(wgValue(e));
      ctx.report({
        rule: 'duplicate-key',
        severity: target === 'apple' ? 'error' : undefined,
        range: lineRange(prev.line, prev.node.key),
        message:
          target === 'apple'
            ? `${info.name} is set again on line ${e.line + 1}: the Apple apps reject the file ("There should be only one entry per section for key"); wg and the others keep the last value.`
            : `${info.name} is set again on line ${e.line + 1}: this earlier value is ignored (the last one wins${info.targets.includes('apple') ? '; the Apple apps reject the file' : ''}).`,
        unnecessary: true,
        related: [{ range: lineRange(e.line, e.node.key), message: keepEarlier ? 'the later line, which is no valid key' : 'the value that wins' }],
        // (The Apple apps ignore neither line, they reject the file: the edit is the same, the words not.)
        fixes: [
          // A key whose last value is no key while this one is (a key pasted again, cut short): removing this
          // line would lose the only working key, maybe a secret nobody has elsewhere (code-actions review).
          ...(keepEarlier ? [{ title: `Remove the invalid ${info.name} on line ${e.line + 1} (keep this one)`, preferred: true, edits: [deleteLine(ctx, e.line)] }] : []),
          { title: target === 'apple' ? `Remove this earlier ${info.name} line (keep line ${e.line + 1})` : `Remove this ignored ${info.name} line`, preferred: !keepEarlier, edits: [deleteLine(ctx, prev.line)] },
        ],
      });
    }
    seen.set(info.name, e);
  }
}

/**
 * What each tool makes of `[ Peer ]`: wg strips the blanks; wg-quick does not enter a section it does
 * not recognise but passes its lines on to wg, which is harmless unless they are wg-quick's own keys;
 * the apps reject the header (reference §1.2–1.5).
 */
function headerSpacingMessage(target: Target, inside: string, quickKeysInside: boolean): string {
  const start = `"[${inside}]" has spaces inside the brackets: ${wgName(target)} ignores them`;
  const app = appOf(target);
  if (app) return `${start}, but ${APP_NAME[app]} ${app === 'apple' ? 'do' : 'does'} not recognise the section.`;
  if (target === 'wg') return `${start}; wg-quick and the apps do not recognise the section.`;
  const quick = quickName(target);
  return quickKeysInside
    ? `${start}, but ${quick} does not recognise the section: its ${quick} keys reach ${wgName(target)} and fail ("Line unrecognized").`
    : `${start}, and ${quick} passes the section on to ${wgName(target)} as it is, so it works here; the apps do not recognise the section.`;
}

function checkHeaderSpelling(ctx: RuleContext, line: number, written: string, canonical: SectionName, entries: readonly ResolvedEntry[]) {
  const header = ctx.doc.lines[line]!.node;
  if (header.kind !== 'section' || header.close < 0) return;
  // The usual header: the canonical name alone between the brackets (the name is trimmed, so equal
  // lengths mean no blanks). Nothing to slice or test.
  if (written === canonical && header.close - header.open - 1 === written.length) return;
  const inside = header.text.slice(header.open + 1, header.close);
  if (/\s/.test(inside)) {
    // wg strips the spaces; wg-quick and the apps do not recognise the header.
    const quickKeysInside = entries.some((e) => e.match && !e.match.info.targets.includes('wg'));
    let severity: Severity = 'warning';
    if (STRICT_TARGETS.includes(ctx.target) || (ctx.target !== 'wg' && quickKeysInside)) severity = 'error';
    ctx.report({
      rule: 'section-header-spacing',
      severity,
      range: lineRange(line, { start: header.open, end: header.close + 1 }),
      message: headerSpacingMessage(ctx.target, inside, quickKeysInside),
      fixes: [{ title: `Change to [${canonical}]`, preferred: true, edits: [{ range: lineRange(line, { start: header.open, end: header.close + 1 }), newText: `[${canonical}]` }] }],
    });
  } else if (written !== canonical) {
    ctx.report({
      rule: 'non-canonical-key',
      range: lineRange(line, header.name),
      message: `Section names are case-insensitive; the usual spelling is [${canonical}].`,
      fixes: [{ title: `Change to [${canonical}]`, preferred: true, edits: [{ range: lineRange(line, header.name), newText: canonical }] }],
    });
  }
}

function checkKeySpelling(ctx: RuleContext, e: ResolvedEntry, info: KeyInfo) {
  if (!e.match!.needsSpaceStripping && e.match!.canonical) return; // nearly every key: build no fix
  const range = lineRange(e.line, e.node.key);
  const fix: Fix = { title: `Change to ${info.name}`, preferred: true, edits: [{ range, newText: info.name }] };
  if (e.match!.needsSpaceStripping) {
    // wg strips whitespace; wg-quick compares its own keys verbatim and passes the rest to wg.
    const quickOnly = !info.targets.includes('wg');
    const severity: Severity =
      STRICT_TARGETS.includes(ctx.target) || (quickOnly && ctx.target !== 'wg') ? 'error' : 'warning';
    ctx.report({
      rule: 'key-spacing',
      severity,
      range,
      message: quickOnly
        ? appOf(ctx.target)
          ? `"${e.node.keyText}" is not ${info.name} (spaces inside the key): ${unknownKeyFate(ctx.target, info.section, shownKeyText(e.node))}. Write ${info.name}.`
          : `"${e.node.keyText}" is not ${info.name} to ${quickName(ctx.target)} (spaces inside the key); it reaches ${wgName(ctx.target)}, which rejects it.`
        : `"${e.node.keyText}": only ${wgName(ctx.target)} ignores the spaces inside a key; ${quickName(ctx.target)} passes it through${ctx.target === 'amneziawg' ? '' : ', the Windows, Android and Apple apps reject it'}. Write ${info.name}.`,
      fixes: [fix],
    });
  } else if (!e.match!.canonical) {
    ctx.report({ rule: 'non-canonical-key', range, message: `Keys are case-insensitive; the usual spelling is ${info.name}.`, fixes: [fix] });
  }
}

/** What the apps say of a [Peer] without PublicKey, in their words (reference §1.3, §3.2, §5). */
const MISSING_PUBLIC_KEY: Partial<Record<Target, string>> = {
  windows: 'Windows rejects the file ("All peers must have public keys")',
  android: 'the Android app rejects the file (a missing PublicKey attribute)',
  apple: 'the Apple apps reject the file ("Peer’s public key is required")',
};

/** Interface-level section checks: a second [Interface], none at all, no PrivateKey. */
export function checkInterfaceSections(ctx: RuleContext): void {
  const { model, target, doc } = ctx;
  const ifaces = model.iface.sections;
  // Windows merges them too, but a hook is one string there: a later section's PostUp replaces an
  // earlier one's (reference §1.3), where wg-quick runs both (targets review).
  const hooksIn = (section: (typeof ifaces)[number]) => new Set((model.bySection.get(section) ?? []).filter((e) => e.match?.info.kind === 'command').map((e) => e.match!.info.name));
  const earlierHooks = new Set<string>();
  for (const [k, extra] of ifaces.entries()) {
    const hooks = hooksIn(extra);
    const replaced = k > 0 && target === 'windows' ? [...hooks].filter((h) => earlierHooks.has(h)) : [];
    for (const h of hooks) earlierHooks.add(h);
    if (k === 0) continue;
    ctx.report({
      rule: 'duplicate-interface',
      severity: target === 'apple' ? 'error' : undefined,
      range: lineRange(extra.headerLine, { start: extra.header.open, end: extra.header.close < 0 ? extra.header.text.length : extra.header.close + 1 }),
      message: replaced.length
        ? `A second [Interface] section: Windows merges it into the first, and its ${replaced.join(', ')} replace${replaced.length > 1 ? '' : 's'} the earlier section's (Windows keeps one command per hook; wg-quick would run both). Keep one [Interface].`
        : `A second [Interface] section: ${wgName(target)} and ${quickName(target)} merge it into the first${
            target === 'apple' ? ', the Apple apps reject the file' : target === 'amneziawg' ? '' : ' (the Apple apps reject the file)'
          }. Keep one [Interface].`,
      related: [{ range: lineRange(ifaces[0]!.headerLine, ifaces[0]!.header.name), message: 'the first [Interface]' }],
    });
  }
  // The apps import whole tunnels: a file without [Interface], also an empty one or one of comments
  // only, is refused (Android MISSING_SECTION, Apple noInterface).
  if (ifaces.length === 0 && appOf(target)) {
    const first = doc.sections[0];
    // No section: on the first line with content (else line 0), where "Ignore … on this line" works; on
    // line 0 a comment put above it was line 0 then, and drew it again (fix review).
    const content = first ? -1 : Math.max(0, doc.lines.findIndex((l) => l.node.kind !== 'blank' && l.node.kind !== 'comment'));
    ctx.report({
      rule: 'missing-interface',
      range: first ? lineRange(first.headerLine, first.header.name) : lineRange(content, { start: 0, end: doc.lines[content]!.length }),
      message: first ? `No [Interface] section: ${targetLabel(target)} requires one.` : `No [Interface] section (no section at all): ${targetLabel(target)} refuses the file.`,
    });
  }
  if (ifaces.length > 0 && !model.iface.privateKey && !model.iface.entries.some((e) => e.match?.info.name === 'PrivateKey')) {
    // wg-quick(8)'s own way: `PostUp = wg set %i private-key <(…)` (every version). A PreUp works only
    // since v1.0.20260223 (wg addconf; setconf before wiped it, reference §2.7): the message says so.
    // (Plain wg runs no hooks.)
    const setByHook = target !== 'wg' && model.iface.entries.some((e) => (e.match?.info.name === 'PreUp' || e.match?.info.name === 'PostUp') && /private-key/.test(e.node.valueText));
    const required = target === 'windows' || target === 'android' || target === 'apple';
    if (required || !setByHook) {
      ctx.report({
        rule: 'missing-private-key',
        severity: required ? 'error' : undefined,
        range: lineRange(ifaces[0]!.headerLine, ifaces[0]!.header.name),
        message: required
          ? `[Interface] has no PrivateKey, which ${targetLabel(target)} requires.`
          : target === 'wg'
            ? '[Interface] has no PrivateKey: the interface cannot complete a handshake until one is set ("wg set <interface> private-key <file>").'
            : target === 'amneziawg'
              ? '[Interface] has no PrivateKey: the interface cannot complete a handshake (fine only if a hook sets it: PostUp = awg set %i private-key <(…)).'
              : '[Interface] has no PrivateKey: the interface cannot complete a handshake (fine only if a hook sets it: PostUp = wg set %i private-key <(…), as wg-quick(8) shows; a PreUp only with wg-quick v1.0.20260223 or later).',
      });
    }
  }
}

export function checkPeerHasKey(ctx: RuleContext, peer: PeerModel): void {
  const entries = peer.entries;
  for (let i = 0; i < entries.length; i++) if (entries[i]!.match?.info.name === 'PublicKey') return;
  ctx.report({
    rule: 'missing-public-key',
    range: lineRange(peer.section.headerLine, peer.section.header.name),
    message: `[Peer] has no PublicKey: ${MISSING_PUBLIC_KEY[ctx.target] ?? `${wgName(ctx.target)} rejects the file ("A peer is missing a public key")`}.`,
  });
}

/** Deletes a whole line including its line break (the previous one for the last line). */
export function deleteLine(ctx: RuleContext, line: number) {
  return deleteLineIn(ctx.doc, line);
}

// ------------------------------------------------------------ did you mean

/** What the target does with a key it does not know in `section`, in its own words (reference §5). */
function unknownKeyFate(target: Target, section: SectionName, key: string): string {
  switch (target) {
    case 'windows':
      return `Windows rejects the file ("Invalid key for [${section}] section: ${JSON.stringify(key.toLowerCase())}")`;
    case 'android':
      // (Its attribute regex takes `\w+` as the key: another character is a SYNTAX_ERROR first, reference §1.4.)
      return `the Android app rejects the file (${/^\w+$/.test(key) ? 'UNKNOWN_ATTRIBUTE' : 'SYNTAX_ERROR'})`;
    case 'apple':
      return `the Apple apps reject the file ("${section} contains unrecognized key ‘${key}’")`;
    case 'amneziawg':
      return 'awg rejects the line ("Line unrecognized")';
    default:
      return 'wg rejects the line ("Line unrecognized")';
  }
}

/** The keys of `section` nearest to `written` that `target` reads (a suggestion it rejects would be no fix). */
export function closestKeys(written: string, section: SectionName, target?: Target): KeyInfo[] {
  const w = written.toLowerCase().replace(/[\s_-]+/g, '');
  const scored = KEYS.filter((k) => k.section === section && (target === undefined || k.targets.includes(target)))
    .map((k) => ({ k, max: Math.max(2, Math.floor(k.name.length / 3)) }))
    .map(({ k, max }) => ({ k, max, d: distance(w, k.name.toLowerCase(), max) }))
    .filter(({ d, max }) => d <= max)
    .sort((a, b) => a.d - b.d);
  return scored.slice(0, 3).map((s) => s.k);
}

/**
 * For a name with a character that lowers to an ASCII letter without being one (U+212A KELVIN SIGN is
 * a `k` to toLowerCase): what it looks like, since the name reads as a known key. Key names are compared
 * in ASCII (lookupKey).
 */
function nonAsciiLetterNote(written: string): string {
  for (const c of written) {
    const lower = c.toLowerCase();
    if (c.charCodeAt(0) > 0x7f && /^[a-z]$/.test(lower)) {
      return ` (its U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} looks like "${lower}" but is no ASCII letter: key names are compared in ASCII)`;
    }
  }
  return '';
}

function didYouMeanText(written: string, section: SectionName, target: Target): string {
  const best = closestKeys(written, section, target)[0];
  return best ? ` (did you mean ${best.name}?)` : '';
}

function didYouMeanFixes(e: ResolvedEntry, section: SectionName, target: Target): Fix[] {
  // A key that ends in what looks like a blank (`Endpoint<U+00A0>= …`) keeps a blank before the `=`.
  const gap = lookalike(e.node.keyText.slice(-1)) === ' ' ? ' ' : '';
  return closestKeys(e.node.keyText, section, target).map((k, i) => ({
    title: `Change to ${k.name}`,
    preferred: i === 0,
    edits: [{ range: lineRange(e.line, e.node.key), newText: k.name + gap }],
  }));
}
