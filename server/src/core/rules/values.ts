// Value checks, one per value kind of the schema, each as strict as the tool that
// reads the value: wg's config.c for wg keys, wg-quick for its own, the apps where
// the target says so. Messages never quote a secret value.

import { Collector, type RuleContext } from './context.ts';
import { buildModel, wgValue, type CidrItem, type PeerModel, type ResolvedEntry } from '../model.ts';
import { lineRange, type Span } from '../span.ts';
import type { Fix } from '../problem.ts';
import type { RuleId, Severity } from './catalogue.ts';
import { isKeyKind, type Target } from '../schema.ts';
import { deleteLine } from './keys.ts';
import { ZERO_KEY } from '../keys.ts';
import { eolOf } from '../edits/change.ts';
import { ANDROID_HOSTNAME, APP_NAME, INNER_BLANK, appDoes, appOf, appleClamped, commaSeparated, dnsServerFor, dropsEmptyItem, emptyItemFate, quickName, readByQuick, wgName, type App } from './apps.ts';
import { parse, stripSpaces } from '../parser.ts';
import { APPLE_BREAK, andList, appTrimmedValue, codeOf, invisibleName, invisiblesIn, trimWhere } from '../strings.ts';
import { isFileSecret } from '../features/secrets.ts';
import {
  type Cidr,
  cidrOrReason,
  compareNetworks,
  keepaliveRange,
  keyAt,
  formatCidr,
  formatIp,
  isDnsServer,
  isHostname,
  isValidKey,
  keyProblem,
  parseCidr,
  parseEndpoint,
  parseFwMark,
  parseInetAton,
  parseIPv4,
  iprouteAddress,
  ipTableNumber,
  parseIp,
  parseKeepalive,
  parsePort,
  splitList,
  windowsReadsTable,
  zonedIpv6,
  type Family,
  strtoulBase0,
} from '../values.ts';

const STRICT: readonly Target[] = ['windows', 'android', 'apple'];
/** Address items already seen in this validation run (per context). */
const addressesSeen = new WeakMap<RuleContext, Set<string>>();
const isStrict = (t: Target) => STRICT.includes(t);

/** Kinds that are one token: wg removes inner whitespace, the apps do not. */
const SINGLE_TOKEN = new Set(['private-key', 'public-key', 'preshared-key', 'port', 'fwmark', 'mtu', 'keepalive', 'endpoint', 'bool', 'table', 'uint16', 'u32-range', 'u16-range', 'awg-bool']);

// The validator runs these in pieces, in this order: every [Interface] and [Peer] section's values
// (`checkSectionValues`, in file order; one context for the whole run: Address duplicates count
// across [Interface] lines), then `checkInterfaceValues`.

/** The values of one section's entries; `peer` is the section's model when it is a [Peer]. */
export function checkSectionValues(ctx: RuleContext, kind: 'interface' | 'peer', entries: readonly ResolvedEntry[], peer: PeerModel | undefined): void {
  const sectionName = kind === 'interface' ? 'Interface' : 'Peer';
  const seenPrefixes = new SeenPrefixes();
  try {
    for (const e of entries) checkEntry(ctx, e, sectionName, seenPrefixes, peer);
  } finally {
    seenPrefixes.clear();
  }
}

/** Checks across the [Interface] keys. */
export function checkInterfaceValues(ctx: RuleContext): void {
  checkApplications(ctx);
  checkAmneziaValues(ctx);
}

/**
 * The words of a wg-quick value holding whitespace that could each be the value by their shape (a
 * number for MTU, true/false for SaveConfig; any word of Table, a name or a number), at most four.
 */
function wordsThatFit(kind: string, text: string): string[] {
  // (An MTU word below 576 or above 65535 is invalid-mtu once chosen, an error on Windows below 576: no
  // fix to offer. Quick-fix reviews.)
  const fits = kind === 'mtu' ? (w: string) => /^[0-9]+$/.test(w) && Number(w) >= 576 && Number(w) <= 65535 : kind === 'bool' ? (w: string) => /^(true|false)$/i.test(w) : () => true;
  return [...new Set(text.split(/[\s\u0000]+/).filter((w) => w !== '' && fits(w)))].slice(0, 4);
}

function checkEntry(
  ctx: RuleContext,
  e: ResolvedEntry,
  sectionName: 'Interface' | 'Peer',
  seenPrefixes: SeenPrefixes,
  peer: PeerModel | undefined,
) {
  {
    if (!e.match || e.node.valueText === '') return;
    const info = e.match.info;
    // Keys reported as misplaced are not validated further: one problem per line.
    if (info.section !== sectionName) return;
    // Nor keys the target does not read (key-not-supported-by-target, amneziawg-key): it rejects the
    // key whatever its value, and the value checks speak for the tools that do read it (a message
    // sweep found Windows told "wg-quick stops" of a SaveConfig it rejects outright).
    if (!info.targets.includes(ctx.target)) return;
    if (appTrimsToValid(ctx, e, sectionName)) return;
    // A key that is no key even without its blanks (`<public key of the hub>`, a snippet's placeholder):
    // invalid-key says so; that wg would also drop the blanks is beside the point.
    // Likewise an Endpoint that is none even so (`vpn.example.com 51820`: wg reads vpn.example.com51820):
    // invalid-endpoint's fix reads what was meant (vpn.example.com:51820), removing the blank would not.
    const noKeyAnyway =
      (isKeyKind(info.kind) && keyProblem(wg(e)) !== undefined) ||
      (info.kind === 'endpoint' && noPortEven(wg(e)));
    if (SINGLE_TOKEN.has(info.kind) && !e.node.plainValue && !noKeyAnyway) {
      // wg strips whitespace from its own keys; wg-quick hands its keys' values to ip/resolvconf as they are.
      // wg-quick's own keys go to ip/resolvconf unchanged; wg (and awg for its own keys) strip whitespace.
      const quickOnly = info.targets.includes('wg-quick') && !info.targets.includes('wg');
      const text = e.node.valueText;
      if (text.includes('\u0000') && quickOnly) {
        // A NUL byte in a key only wg-quick reads: its bash `read` drops it, one reading.
        const dropped = text.split('\u0000').join('');
        ctx.report({
          rule: 'value-whitespace',
          severity: isStrict(ctx.target) ? 'error' : undefined,
          range: valueRange(e),
          message: `${info.name} contains a NUL byte: ${quickName(ctx.target)} drops it ("${dropped}"), the apps reject the value.`,
          fixes: [{ title: `Change to ${dropped}`, preferred: true, edits: [{ range: valueRange(e), newText: dropped }] }],
        });
      } else if (text.includes('\u0000')) {
        // A NUL byte: wg reads the line as a C string and stops there; wg-quick's bash `read` drops it
        // (a review ran both). No reading to prefer: both fixes are offered, Fix all takes neither.
        const wgReads = stripSpaces(text.slice(0, text.indexOf('\u0000')));
        const quickReads = stripSpaces(text).split('\u0000').join('');
        const fix = (title: string, newText: string) => ({ title, ask: true as const, edits: [{ range: valueRange(e), newText }] });
        ctx.report({
          rule: 'value-whitespace',
          severity: isStrict(ctx.target) ? 'error' : undefined,
          range: valueRange(e),
          message: `${info.name} contains a NUL byte: ${wgName(ctx.target)} stops reading the value there${wgReads ? ` ("${wgReads}")` : ''}, ${quickName(ctx.target)} drops the byte ("${quickReads}"), and the apps reject it. Keep one reading.`,
          fixes: [
            ...(wgReads ? [fix(`Change to ${wgReads} (what ${wgName(ctx.target)} reads)`, wgReads)] : []),
            ...(quickReads && quickReads !== wgReads ? [fix(`Change to ${quickReads} (what ${quickName(ctx.target)} reads)`, quickReads)] : []),
          ],
        });
      } else {
        ctx.report({
          rule: 'value-whitespace',
          severity: isStrict(ctx.target) || (quickOnly && ctx.target !== 'wg') ? 'error' : undefined,
          range: valueRange(e),
          message: quickOnly
            ? appOf(ctx.target)
              ? `${info.name} contains whitespace: ${appDoes(appOf(ctx.target)!, 'reject')} "${e.node.valueText}" (so does wg-quick, which passes it on as it is).`
              : `${info.name} contains whitespace: ${quickName(ctx.target)} passes "${e.node.valueText}" on as it is, and it fails.`
            : info.targets.every((t) => t === 'amneziawg')
              ? // (An AmneziaWG key: the stock apps reject the key itself, whatever its value: targets review.)
                `${info.name} contains whitespace: awg removes it silently; write the value without it.`
              : info.kind === 'endpoint' && blankInHostOnly(text)
                ? // (Windows checks no host name when it reads the file: the blank fails it later. Parity review;
                  // a blank in the port or in brackets it does refuse: diff review.)
                  `${info.name} contains whitespace: ${wgName(ctx.target)} removes it silently, the Android and Apple apps reject the value, and Windows fails when it resolves the host.`
                : `${info.name} contains whitespace: ${wgName(ctx.target)} removes it silently, the Windows, Android and Apple apps reject the value.`,
          // For wg's keys the fix writes what wg reads; wg-quick's keys are read as they are, so which of
          // the words was meant (`MTU = 1280 1420`, `MTU = 1500 bytes`) is the user's call (Fix all asks):
          // one fix per word that could be the value. (Not the words glued: 12801420 or 1500bytes, which
          // no one meant and which fail anew.)
          fixes: quickOnly
            ? wordsThatFit(info.kind, text).map((w) => ({ title: `Change to ${w}`, ask: true as const, edits: [{ range: valueRange(e), newText: w }] }))
            : [{ title: 'Remove the whitespace', preferred: true, edits: [{ range: valueRange(e), newText: stripSpaces(text) }] }],
        });
      }
    }
    switch (info.kind) {
      case 'private-key':
      case 'public-key':
      case 'preshared-key':
        checkKey(ctx, e);
        break;
      case 'port':
        checkPort(ctx, e);
        break;
      case 'fwmark':
        report(ctx, e, 'invalid-fwmark', parseFwMark(wg(e)), (r) => `FwMark: ${r} (${wgName(ctx.target)}: "Fwmark is neither 0/off nor 0-0xffffffff").`);
        break;
      case 'keepalive':
        checkKeepaliveValue(ctx, e);
        break;
      case 'allowed-ips':
        checkAllowedIps(ctx, e, seenPrefixes, peer);
        break;
      case 'endpoint':
        checkEndpoint(ctx, e, peer);
        break;
      case 'address-list':
        checkAddresses(ctx, e);
        break;
      case 'dns-list':
        checkDns(ctx, e);
        break;
      case 'mtu':
        if (ignoredByQuick(ctx, e, ctx.model.iface.mtu)) break;
        checkMtuValue(ctx, e);
        break;
      case 'table':
        if (ignoredByQuick(ctx, e, ctx.model.iface.table)) break;
        checkTable(ctx, e);
        break;
      case 'bool':
        if (!/^(true|false)$/i.test(e.node.valueText)) {
          ctx.report({
            rule: 'invalid-bool',
            range: valueRange(e),
            message: `${info.name} must be true or false; ${quickName(ctx.target)} stops with "\`${e.node.valueText}' is neither true nor false".`,
            fixes: ['true', 'false'].map((v) => ({ title: `Change to ${v}`, edits: [{ range: valueRange(e), newText: v }] })),
          });
        }
        break;
      default:
        break;
    }
  }
}

/**
 * Whether an Endpoint's blanks are all in an unbracketed host name Windows reads without a check: it splits
 * at the last `:`, checks the port, and refuses a host with a `:` (IPv6 needs brackets) or a `]`.
 */
function blankInHostOnly(text: string): boolean {
  const colon = text.lastIndexOf(':');
  const host = text.slice(0, Math.max(colon, 0));
  return !text.startsWith('[') && colon > 0 && /\s/.test(host) && !/[:\]]/.test(host) && !/\s/.test(text.slice(colon + 1));
}

/** The rule that reports an invalid value of each one-token kind Windows and the Apple apps read (keys: checkHiddenInKey). */
const VALUE_RULE: Readonly<Partial<Record<string, RuleId>>> = {
  port: 'invalid-port',
  mtu: 'invalid-mtu',
  keepalive: 'invalid-keepalive',
  endpoint: 'invalid-endpoint',
  table: 'invalid-table',
};

/**
 * A one-token value with Unicode blanks at its ends (a no-break space pasted from a web page, U+3000):
 * Windows and the Apple apps trim Unicode White_Space off a value (appTrimmedValue), the Android app the
 * control characters at the end of its line (parity review: `MTU = 1400<U+0001>`), wg and wg-quick read
 * them as part of the value. When what the app reads is a valid value (checked on a one-line document:
 * rare, and only then), one warning under the value's rule with the fix that removes them, as
 * checkHiddenInKey does for keys (parity review: `MTU = 1400<U+00A0>` was an error saying Windows rejects
 * the file). Lists, key names and section headers with such blanks are not covered (see the closing notes).
 */
function appTrimsToValid(ctx: RuleContext, e: ResolvedEntry, sectionName: 'Interface' | 'Peer'): boolean {
  const app = appOf(ctx.target);
  const info = e.match!.info;
  const rule = VALUE_RULE[info.kind];
  if (!app || !rule) return false;
  const raw = e.node.valueText;
  if (app === 'apple' && APPLE_BREAK.test(raw)) return false;
  const read = appTrimmedValue(raw, app);
  if (read === raw || read === '' || hasInnerSpace(read) || invisiblesIn(read)) return false;
  const doc = parse(`[${sectionName}]\n${info.name} = ${read}\n`);
  const model = buildModel(doc);
  const entry = (sectionName === 'Interface' ? model.iface.entries : (model.peers[0]?.entries ?? []))[0];
  if (!entry) return false;
  const mini = new Collector(doc, model, ctx.target, ctx.options);
  // An error there is the value's own: said as for any value (the normal path). What is no error (an
  // underscore in a host name, a port with a +) is said too, over the whole value (diff review: an error
  // said Windows rejects vpn_1.example.com:51820<U+00A0>).
  const found = mini.collect(() => checkEntry(mini, entry, sectionName, new SeenPrefixes(), undefined));
  if (found.some((p) => p.severity === 'error')) return false;
  const at = raw.indexOf(read);
  const kinds = [...new Set(raw.slice(0, at) + raw.slice(at + read.length))];
  const one = kinds.length === 1 ? kinds[0]! : undefined;
  const where = raw.startsWith(read) ? 'ends with' : raw.endsWith(read) ? 'starts with' : 'has at its ends';
  const named = one ? `${codeOf(one)}, ${invisibleName(one)}` : `the invisible characters ${andList(kinds.map((c) => codeOf(c)))}`;
  ctx.report({
    rule,
    severity: 'warning',
    range: valueRange(e),
    message: `${info.name} ${where} ${named}: ${appDoes(app, 'trim')} it off and so ${app === 'apple' ? 'read' : 'reads'} "${read}", but wg and wg-quick read it as part of the value and reject the file.`,
    fixes: [{ title: `Remove ${one ? invisibleName(one).replace(/^an? /, 'the ') : 'the invisible characters'}`, preferred: true, edits: [{ range: valueRange(e), newText: read }] }],
  });
  // (Their fixes name the one-line document's columns: left out.)
  for (const p of found) ctx.report({ rule: p.rule, severity: p.severity, range: valueRange(e), message: p.message });
  return true;
}

export function valueRange(e: ResolvedEntry) {
  return lineRange(e.line, e.node.value);
}

const wg = (e: ResolvedEntry) => wgValue(e);

/** wg's whitespace (`isSpace`) or a NUL; one native scan (every key of a hub goes through here). */
const INNER_SPACE = /[ \t\v\f\r\n\0]/;

function hasInnerSpace(v: string): boolean {
  return INNER_SPACE.test(v);
}

function report(
  ctx: RuleContext,
  e: ResolvedEntry,
  rule: 'invalid-fwmark',
  parsed: { ok: boolean; reason?: string },
  message: (reason: string) => string,
) {
  if (!parsed.ok) ctx.report({ rule, range: valueRange(e), message: message(parsed.reason ?? 'invalid value') });
}

function checkKey(ctx: RuleContext, e: ResolvedEntry) {
  const info = e.match!.info;
  const value = wg(e);
  if (value === ZERO_KEY) {
    ctx.report({
      rule: 'invalid-key',
      // Windows takes a zero key for no key: fatal for a peer's ("All peers must have public keys": IsZero),
      // "no PresharedKey" for a PSK. Its parser only notes that a PrivateKey line was there: a zero one
      // imports (reference §1.3; parity review, it was an error here).
      severity: ctx.target === 'windows' && info.kind === 'public-key' ? 'error' : 'warning',
      range: valueRange(e),
      message: `${info.name} is all zeros: a placeholder, not a real key${
        info.kind === 'public-key'
          ? ' (Windows: "All peers must have public keys")'
          : info.name === 'PresharedKey'
            ? ', the same as no PresharedKey (the protocol mixes 32 zero bytes into every handshake that has none)'
            : ''
      }.`,
    });
    return;
  }
  const problem = keyProblem(value);
  if (!problem) return;
  if (checkHiddenInKey(ctx, e, problem)) return;
  const cleared = paddingCleared(value);
  if (cleared) {
    // Go's base64 (Windows) ignores the two spare bits of the 43rd character; the C parsers refuse them.
    // Clearing them keeps the 32 bytes Windows reads, so the fix changes no key.
    const windows = ctx.target === 'windows';
    ctx.report({
      rule: 'invalid-key',
      ...(windows ? { severity: 'warning' as const } : {}),
      range: valueRange(e),
      message: `${info.name}'s 43rd character leaves padding bits set: ${
        windows
          ? 'Windows reads the key anyway (Go ignores those bits), but wg and the other apps reject it'
          : ctx.target === 'android'
            ? 'the Android app rejects it (INVALID_KEY: "Bad characters in key"); only Windows would read it'
            : ctx.target === 'apple'
              ? `the Apple apps reject it ("${info.kind === 'private-key' ? 'Private key' : info.kind === 'preshared-key' ? 'Preshared key' : 'Public key'} is invalid"); only Windows would read it`
              : 'wg rejects it ("Key is not the correct length or format"); only Windows would read it'
      }. Clearing the bits keeps the same 32 bytes.`,
      fixes: [{ title: 'Clear the padding bits (the same 32 bytes)', preferred: windows, edits: [{ range: valueRange(e), newText: cleared }] }],
    });
    return;
  }
  ctx.report({
    rule: 'invalid-key',
    range: valueRange(e),
    // Never quote the value: it may be a secret.
    message: `${info.name} is not a valid key: ${problem}.${generateHint(ctx, info.kind)}`,
  });
}

/** ` Generate one with "wg genkey".` for a private or preshared key; '' for a public key (it is derived). */
function generateHint(ctx: RuleContext, kind: string): string {
  const tool = kind === 'private-key' ? 'genkey' : kind === 'preshared-key' ? 'genpsk' : undefined;
  return tool ? ` Generate one with "${wgName(ctx.target)} ${tool}".` : '';
}

/**
 * A key holding invisible characters: a key copied from a web page or a chat often brings a no-break
 * or zero-width space along, and "this one has 45 characters" names a difference nobody can see. The
 * message names the characters and where they are (never the key); the fix removes them (nothing else:
 * blanks inside the value are value-whitespace's) and is preferred, and applied by Fix all, when what
 * the target then reads is a key that is no secret of this file. An app that trims the character itself
 * (appTrimmedValue: Windows and the Apple apps trim Unicode spaces at the ends of a value, Android
 * control characters at the end of the line, the Apple apps break lines at U+2028…) reads the key: a
 * warning, as the same file fails with wg. A NUL is value-whitespace's (wg and wg-quick read it
 * differently): not here. Every report here `readsFile`: whether what is left is one of this file's
 * secrets, and the line break its fix writes, are more than the peer's own lines.
 */
function checkHiddenInKey(ctx: RuleContext, e: ResolvedEntry, problem: string): boolean {
  const info = e.match!.info;
  const raw = e.node.valueText;
  if (raw.includes('\u0000')) return false;
  const app = appOf(ctx.target);
  // What the target reads before its own trimming: wg drops every ASCII blank, the apps none inside.
  const read = app ? raw : wg(e);
  const hidden = invisiblesIn(read);
  if (!hidden) return false;
  const { kinds, count, places } = hidden;
  const one = kinds.length === 1 ? kinds[0]! : undefined;
  const where = ` ${andList((['before', 'inside', 'after'] as const).filter((p) => places.has(p)))} the key`;
  // `<U+00A0>, a no-break space, after the key` / `the invisible characters <U+200B> and <U+00A0> inside the key`.
  // One character twice: `<U+00A0> twice, a no-break space,` (the name stays singular, the pronoun not).
  const times = count === 2 ? ' twice' : count > 2 ? ` ${count} times` : '';
  const named = one ? `${codeOf(one)}${times}, ${invisibleName(one)}` : `the invisible characters ${andList(kinds.map((c) => codeOf(c)))}`;
  const what = `${named}${one ? ',' : ''}${where}`;
  // What is left without them, the value as written otherwise (read is the raw value for an app).
  const rawCleaned = app ? hidden.cleaned : (invisiblesIn(raw)?.cleaned ?? raw);
  const them = count === 1 ? 'it' : 'them';
  const the = !one ? 'the invisible characters' : count === 1 ? invisibleName(one).replace(/^an? /, 'the ') : `every ${codeOf(one)}`;
  const removal = (preferred: boolean): Fix => ({
    title: `Remove ${the}`,
    ...(preferred ? { preferred: true } : { ask: true as const }),
    // Only them (and the blanks they leave at the ends): blanks inside stay, value-whitespace's to judge.
    edits: [{ range: valueRange(e), newText: trimWhere(rawCleaned, true, (c) => c === ' ' || c === '\t') }],
  });
  // A PublicKey that is one of this file's secrets once they go: never written out by a preferred fix.
  const secretOnceGone = (v: string) => info.kind === 'public-key' && isFileSecret(ctx.doc, v);
  const secretNote = " What is left is this file's own secret (its PrivateKey or a PresharedKey), which does not belong in a PublicKey.";
  const lineBreak = app === 'apple' ? APPLE_BREAK.exec(raw) : null;
  const appReads = app ? appTrimmedValue(raw, app) : undefined;
  if (app && appReads !== undefined && isValidKey(appReads)) {
    const secret = secretOnceGone(appReads);
    if (lineBreak) {
      // What follows the break is a line the Apple apps read (an error there if it is none of theirs): the
      // fix writes the two lines the apps see, so every rule checks the second.
      const rest = raw.slice(lineBreak.index + 1).trim() !== '';
      ctx.report({
        rule: 'invalid-key',
        readsFile: true,
        severity: 'warning',
        range: valueRange(e),
        message: `${info.name} is followed on its line by ${codeOf(lineBreak[0])}, ${invisibleName(lineBreak[0])}: the Apple apps break the line there and read the key${
          rest ? ', and what follows as a line of its own (checked once the line is broken)' : ''
        }; wg and wg-quick read ${rest ? 'all of it' : 'it'} as part of the key and reject the file.${secret ? secretNote : ''}`,
        fixes: [rest ? breakLine(ctx, e, lineBreak.index, !secret) : removal(!secret)],
      });
      return true;
    }
    ctx.report({
      rule: 'invalid-key',
      readsFile: true,
      severity: 'warning',
      range: valueRange(e),
      message: `${info.name} has ${what}: ${appDoes(app, 'trim')} ${them} off and so ${app === 'apple' ? 'read' : 'reads'} the key, but wg and wg-quick read ${them} as part of the key and reject the file.${secret ? secretNote : ''}`,
      fixes: [removal(!secret)],
    });
    return true;
  }
  const cleaned = app ? appTrimmedValue(rawCleaned, app) : hidden.cleaned;
  if (cleaned.trim() === '') {
    // Nothing but them: wg reads them as the key; Windows and the Apple apps trim them and find no value.
    ctx.report({
      rule: 'invalid-key',
      readsFile: true,
      range: valueRange(e),
      message: `${info.name} is not a valid key: its value is only ${named}.${generateHint(ctx, info.kind)}`,
    });
    return true;
  }
  const partOfKey = `which ${app ? APP_NAME[app] : wgName(ctx.target)} ${app === 'apple' ? 'read' : 'reads'} as part of the key`;
  const reads = lineBreak ? 'where the Apple apps break the line' : partOfKey;
  if (isValidKey(cleaned)) {
    const secret = secretOnceGone(cleaned);
    ctx.report({
      rule: 'invalid-key',
      readsFile: true,
      range: valueRange(e),
      message: `${info.name} is not a valid key: it has ${what}, ${reads}. ${secret ? secretNote.trim() : `Without ${them} the key is valid.`}`,
      fixes: [removal(!secret)],
    });
    return true;
  }
  // No key even without them. A line separator pasted between a key and the next line's text: the fix
  // breaks the line there (removing it would join the key and that text into one value).
  const at = raw.search(APPLE_BREAK);
  const before = at > 0 ? (invisiblesIn(raw.slice(0, at))?.cleaned ?? raw.slice(0, at)) : '';
  const keyBefore = at > 0 && isValidKey(app ? before.trim() : stripSpaces(before));
  ctx.report({
    rule: 'invalid-key',
    readsFile: true,
    range: valueRange(e),
    message: keyBefore
      ? `${info.name} is not a valid key: it is followed on its line by ${codeOf(raw[at]!)}, ${invisibleName(raw[at]!)}, and more text, ${partOfKey} (the Apple apps break the line there).`
      : `${info.name} is not a valid key: ${keyProblem(cleaned) ?? problem}. It also has ${what}, ${reads}.${generateHint(ctx, info.kind)}`,
    fixes: [keyBefore ? breakLine(ctx, e, at, false) : removal(false)],
  });
  return true;
}

/** The fix that breaks the value's line at `at` (a position in the value), with the document's line ending. */
function breakLine(ctx: RuleContext, e: ResolvedEntry, at: number, preferred: boolean): Fix {
  const col = e.node.value.start + at;
  const text = ctx.doc.lines[e.line]?.node.text ?? '';
  return {
    title: `Break the line at ${codeOf(text[col] ?? '')}`,
    ...(preferred ? { preferred: true } : { ask: true as const }),
    edits: [{ range: lineRange(e.line, { start: col, end: col + 1 }), newText: eolOf(ctx.doc) }],
  };
}

/**
 * A number a tool reads out of a value, for a message: beyond 2^32 (no MTU, port or table number is),
 * "a number of N digits". Digits read out of a hex key pasted into MTU (`0x` and the 64 digits the UAPI
 * writes a key in) would be a piece of the key in decimal, which no key redaction recognises (mutation
 * review: "ip reads 2.212033131715513e+76" showed its leading bits).
 */
export function readAs(n: number): string {
  return n <= 0xffffffff ? String(n) : Number.isFinite(n) ? `a number of ${Math.floor(Math.log10(n)) + 1} digits` : 'a number of over 300 digits';
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A well-formed key whose 43rd character has its spare bits set, with them cleared; else undefined. */
function paddingCleared(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) return undefined;
  const c = BASE64.indexOf(value[42]!);
  if ((c & 3) === 0) return undefined;
  return value.slice(0, 42) + BASE64[c & ~3]! + '=';
}

function checkPort(ctx: RuleContext, e: ResolvedEntry) {
  const p = parsePort(wg(e));
  if (!p.ok) {
    // parsePort says why in wg's terms (getaddrinfo); an app reads the number itself (targets review).
    const app = appOf(ctx.target);
    ctx.report({ rule: 'invalid-port', range: valueRange(e), message: app ? `ListenPort: "${e.node.valueText}" is not a port number (0–65535); ${appDoes(app, 'reject')} the file.` : `ListenPort: ${p.reason}.` });
    return;
  }
  const oddity = p.value.service ? `a service name (port ${p.value.port})` : p.value.glibcOnly;
  if (p.value.negativeZero) {
    // Windows' Atoi and Android's parseInt read `-0` as 0 too (semantics review); Swift's UInt16 is not established.
    ctx.report({
      rule: 'non-portable-port',
      severity: ctx.target === 'apple' ? 'warning' : 'hint',
      range: valueRange(e),
      message: `ListenPort ${e.node.valueText}: wg (through getaddrinfo), Windows and Android read it as 0, a random port; what the Apple apps make of it is not established. Write 0, or remove the line.`,
      fixes: [{ title: 'Change to 0', preferred: true, edits: [{ range: valueRange(e), newText: '0' }] }],
    });
    return;
  }
  if (!oddity && p.value.plusSign) {
    ctx.report({
      rule: 'non-portable-port',
      severity: 'hint',
      range: valueRange(e),
      message: `ListenPort ${e.node.valueText}: every tool reads it as ${p.value.port} (wg, Windows, Android and Apple parse the sign), but it is unusual and the tools' highlighters mark it. Write ${p.value.port}.`,
      fixes: [{ title: `Change to ${p.value.port}`, preferred: true, edits: [{ range: valueRange(e), newText: String(p.value.port) }] }],
    });
  }
  if (oddity) {
    ctx.report({
      rule: 'non-portable-port',
      severity: isStrict(ctx.target) ? 'error' : undefined,
      range: valueRange(e),
      // A number above 65535 wraps: the port it gives is not the one the user meant (Fix all asks), and
      // one that wraps to 0 (a random port) is no port to offer.
      message: `ListenPort is ${oddity}: ${wgName(ctx.target)} accepts it through getaddrinfo${ctx.target === 'amneziawg' ? '' : ', the Windows, Android and Apple apps reject it'}. ${p.value.wrapped ? 'Write the port you meant (0–65535)' : `Write ${p.value.port}`}.`,
      fixes:
        p.value.wrapped && p.value.port === 0
          ? []
          : [{ title: `Change to ${p.value.port}`, preferred: true, ...(p.value.wrapped ? { ask: true as const } : {}), edits: [{ range: valueRange(e), newText: String(p.value.port) }] }],
    });
  }
}

/** `+25` as the number it spells (`25`), up to 65535; undefined for anything else. */
function plusNumber(v: string): string | undefined {
  return /^\+[0-9]+$/.test(v) && Number(v.slice(1)) <= 65535 ? String(Number(v.slice(1))) : undefined;
}

function checkKeepaliveValue(ctx: RuleContext, e: ResolvedEntry) {
  const v = wg(e);
  // `+25`: the apps read the sign (Atoi, parseInt, Swift's UInt16); wg wants a digit first (reference §3.2).
  // `-0` is 0 to Windows' Atoi and Android's parseInt (semantics review); Swift's reading is not established.
  const n = plusNumber(v) ?? ((ctx.target === 'windows' || ctx.target === 'android') && /^-0+$/.test(v) ? '0' : undefined);
  if (isStrict(ctx.target) && n !== undefined) {
    ctx.report({
      rule: 'invalid-keepalive',
      severity: 'hint',
      range: valueRange(e),
      message: `PersistentKeepalive ${v}: ${appDoes(ctx.target as App, 'read')} it as ${n}, wg rejects it. Write ${n}.`,
      fixes: [{ title: `Change to ${n}`, preferred: true, edits: [{ range: valueRange(e), newText: n }] }],
    });
    return;
  }
  // awg-tools reads PersistentKeepalive as a u16 range (`25` or `20-30`; reference §9), and no `off`.
  if (ctx.target === 'amneziawg' && keepaliveRange(v) !== undefined) return;
  const p = parseKeepalive(v);
  if (!p.ok) {
    // `+25` for wg: an error, and the number it spells is what was meant.
    const signed = plusNumber(v);
    ctx.report({
      rule: 'invalid-keepalive',
      range: valueRange(e),
      ...(signed !== undefined ? { fixes: [{ title: `Change to ${signed}`, preferred: true, edits: [{ range: valueRange(e), newText: signed }] }] } : {}),
      // The apps and awg read a number only (awg also a range): no "off" to suggest there.
      message: offRejected(ctx.target)
        ? ctx.target === 'amneziawg'
          ? `PersistentKeepalive: "${v}" is not a number of seconds (0–65535) or a range of them (20-30): awg reads a u16 range, no "off".`
          : `PersistentKeepalive: "${v}" is not a number of seconds (0–65535) (${appDoes(ctx.target as App, 'read')} a number only).`
        : ctx.target === 'windows'
          ? `PersistentKeepalive: ${p.reason} (Windows: ${windowsKeepaliveError(v)}).`
          : `PersistentKeepalive: ${p.reason} (${wgName(ctx.target)}: "Persistent keepalive interval is neither 0/off nor 1-65535").`,
    });
    return;
  }
  const refused = keepaliveOffRefusedBy(ctx.target, v);
  if (refused) {
    ctx.report({
      rule: 'keepalive-off-not-portable',
      severity: 'error',
      range: valueRange(e),
      message: `PersistentKeepalive = ${v} is rejected by ${refused}; write 0.`,
      fixes: [{ title: 'Change to 0', preferred: true, edits: [{ range: valueRange(e), newText: '0' }] }],
    });
  }
}

/**
 * Windows' error for a PersistentKeepalive it refuses (parsePersistentKeepalive): strconv.Atoi, which
 * takes a sign, then the range check; Go quotes the value with strconv.Quote.
 */
function windowsKeepaliveError(v: string): string {
  const m = /^[+-]?([0-9]+)$/.exec(v);
  if (m && m[1]!.replace(/^0+/, '').length <= 18) return '"Invalid persistent keepalive"';
  return `strconv.Atoi: parsing ${JSON.stringify(v)}: ${m ? 'value out of range' : 'invalid syntax'}`;
}

/** Targets whose parser reads PersistentKeepalive as a number only (reference §3.2). */
/**
 * An earlier MTU or Table line that a later one replaces: wg-quick keeps only the last value of each
 * (`MTU="$value"`, reference §2.3) and checks it when it uses it, so an invalid earlier one fails
 * nothing (duplicate-key already says it is ignored). wg reads neither key; the apps check every line.
 */
function ignoredByQuick(ctx: RuleContext, e: ResolvedEntry, effective: ResolvedEntry | undefined): boolean {
  return readByQuick(ctx.target) && effective !== undefined && effective !== e;
}

const offRejected = (t: Target) => t === 'android' || t === 'apple' || t === 'amneziawg';

/** Who rejects PersistentKeepalive = `value` (an `off` in some case) on `target`, or undefined. */
export function keepaliveOffRefusedBy(target: Target, value: string): string | undefined {
  if (!/^off$/i.test(value)) return undefined;
  if (offRejected(target)) return 'the Android, Apple and AmneziaWG parsers';
  return target === 'windows' && value !== 'off' ? 'Windows (lower-case "off" only)' : undefined;
}

/** A prefix seen: the model's item itself (its line, span and network), so remembering one allocates nothing. */
type Seen = CidrItem & { readonly cidr: Cidr };

/**
 * A peer's AllowedIPs items so far, found by network: a handful compared directly, as a peer nearly
 * always has; a map from the ninth on (a route list of 50,000 items was quadratic: 24 s). The handful
 * sit in one array shared by every section (checkSectionValues checks one at a time; `clear` after
 * each): a list per peer was garbage the collector paid for on every open of a big hub.
 */
class SeenPrefixes {
  static readonly #shared: Seen[] = [];
  #count = 0;
  #byKey: Map<string, Seen> | undefined;

  find(cidr: Cidr): Seen | undefined {
    if (this.#byKey) return this.#byKey.get(keyAt(cidr, cidr.prefix));
    const list = SeenPrefixes.#shared;
    for (let i = 0; i < this.#count; i++) if (compareNetworks(list[i]!.cidr, cidr) === 0) return list[i];
    return undefined;
  }

  add(seen: Seen): void {
    if (this.#byKey) {
      const k = keyAt(seen.cidr, seen.cidr.prefix);
      if (!this.#byKey.has(k)) this.#byKey.set(k, seen);
      return;
    }
    const list = SeenPrefixes.#shared;
    list[this.#count++] = seen;
    if (this.#count > 8) {
      // The first of equal networks is the one later items are reported against.
      this.#byKey = new Map();
      for (let i = 0; i < this.#count; i++) {
        const k = keyAt(list[i]!.cidr, list[i]!.cidr.prefix);
        if (!this.#byKey.has(k)) this.#byKey.set(k, list[i]!);
      }
      this.clear();
    }
  }

  /** Lets go of the shared items (they belong to a document). */
  clear(): void {
    SeenPrefixes.#shared.fill(undefined!, 0, this.#count);
    this.#count = 0;
  }
}

function checkAllowedIps(ctx: RuleContext, e: ResolvedEntry, seen: SeenPrefixes, peer: PeerModel | undefined) {
  // The model parsed these items already (with their spans); reuse them.
  if (!peer) return;
  const all = peer.allowedIps;
  // This line's items, found without copying them out: most peers have one AllowedIPs line.
  let first = 0;
  while (first < all.length && all[first]!.line !== e.line) first++;
  let end = first;
  while (end < all.length && all[end]!.line === e.line) end++;
  const app = appOf(ctx.target);
  /** Whether the line is nothing but commas: asked once (per empty item, a line of 40,000 commas took minutes). */
  let nothing: boolean | undefined;
  for (let k = first; k < end; k++) {
    const item = all[k]!;
    const parsed = item.cidr;
    // (An app reads an item with blanks inside as it is: see below.)
    if (item.text !== '' && parsed && !parsed.sign && !parsed.hostBitsSet && !seen.find(parsed) && (app === undefined || !INNER_BLANK.test(item.text))) {
      // The usual item: valid and new for this peer. Nothing to report, nothing to build.
      seen.add(item as Seen);
      continue;
    }
    const onlyItem = end - first === 1;
    const range = item.text === '' ? emptyItemRange(e, item) : lineRange(e.line, item);
    if (item.text === '') {
      const trailing = k === end - 1;
      // Nothing but commas (`AllowedIPs = ,`): one problem, and the fix removes the line (removing an
      // item would leave `AllowedIPs =`, an error of its own).
      nothing ??= noItems(all, first, end);
      ctx.report({
        rule: 'invalid-allowed-ip',
        ...(app && dropsEmptyItem(app, trailing) ? { severity: 'warning' as const } : {}),
        range,
        message: `Empty AllowedIPs item (${commaKind(k - first, end - first)}): ${wgName(ctx.target)} fails with "Unable to parse IP address"${app ? `; ${emptyItemFate(app, trailing)}` : ''}.`,
        fixes: [nothing ? removeLineFix(ctx, e.line) : removeListItemFix(e, all, k)],
      });
      if (nothing) break;
      continue;
    }
    const text = stripSpaces(item.text);
    if (INNER_BLANK.test(item.text) && (app || !item.cidr)) {
      // `10.0.0.0/24 10.0.1.0/24`: wg removes the blank and reads one broken prefix; the apps read the
      // item as it is. Commas were meant.
      const fixed = commaSeparated(item.text);
      const words = fixed.split(', ');
      const meant = words.every((w) => typeof cidrOrReason(w) !== 'string');
      ctx.report({
        rule: 'invalid-allowed-ip',
        range,
        message: `"${item.text.trim()}" is one AllowedIPs item (items are separated by commas): ${
          app ? `${appDoes(app, 'read')} it as it is` : `wg removes the blanks and reads "${text}"`
        }, which is no IP prefix.${meant && words.length > 1 ? ' Separate the items with commas.' : ''}`,
        fixes: meant && words.length > 1 ? [{ title: `Change to ${fixed}`, preferred: true, edits: [{ range, newText: fixed }] }] : [],
      });
      continue;
    }
    if (!item.cidr) {
      if (ctx.target === 'apple' && reportClamped(ctx, 'invalid-allowed-ip', range, text, 'wg')) continue;
      if (ctx.target === 'android' && reportNoMask(ctx, 'invalid-allowed-ip', range, text, 'wg')) continue;
      const c = parseCidr(text, true);
      const reason = c.ok ? 'invalid item' : c.reason;
      ctx.report({ rule: 'invalid-allowed-ip', range, message: `AllowedIPs: ${reason}; expected IP[/prefix] such as 10.0.0.2/32 or fd00::2/128.` });
      continue;
    }
    const cidr = item.cidr;
    if (cidr.sign) {
      ctx.report({
        rule: 'allowed-ip-sign',
        severity: isStrict(ctx.target) ? 'error' : undefined,
        range,
        // (For an app, wg's version is beside the point: the app rejects it whatever wg is installed.)
        message: appOf(ctx.target)
          ? `"${cidr.sign}" before an AllowedIPs item: ${appDoes(appOf(ctx.target)!, 'reject')} it (only wg ≥ v1.0.20250521 reads it). ${cidr.sign === '+' ? 'Remove the sign.' : 'Leave the prefix out of the list instead.'}`
          : `"${cidr.sign}" before an AllowedIPs item needs wg ≥ v1.0.20250521 (incremental AllowedIPs; it also stops wg replacing this peer's list); older wg and the apps reject it.`,
      });
    }
    if (cidr.hostBitsSet) {
      const fixed = `${cidr.sign ?? ''}${formatCidr(cidr)}`;
      ctx.report({
        rule: 'allowed-ip-host-bits',
        range,
        message: `${text} has host bits set: the kernel uses ${formatCidr(cidr)} (wg warns "AllowedIP has nonzero host part"). Did you mean ${formatCidr(cidr)}, or the single address /${cidr.family === 4 ? 32 : 128}?`,
        fixes: [
          { title: `Change to ${fixed}`, preferred: true, edits: [{ range: lineRange(e.line, item), newText: fixed }] },
        ],
      });
    }
    // A peer has a handful of items: compare directly, no string keys.
    const prev = seen.find(cidr);
    if (prev) {
      ctx.report({
        rule: 'duplicate-allowed-ip',
        range,
        unnecessary: true,
        message: `${formatCidr(cidr)} is already listed for this peer.`,
        related: [{ range: lineRange(prev.line, prev), message: 'first listed here' }],
        fixes: [onlyItem ? removeLineFix(ctx, e.line) : removeListItemFix(e, all, k)],
      });
    } else {
      seen.add(item as Seen);
    }
  }
}

/**
 * Where an empty list item is shown: the comma that opens it (blanks may stand between), or for an
 * item before the first comma, the comma that closes it.
 */
function emptyItemRange(e: ResolvedEntry, item: { start: number }) {
  const v = e.node.valueText;
  const rel = item.start - e.node.value.start;
  let c = rel > 0 ? v.lastIndexOf(',', rel - 1) : -1;
  if (c < 0) c = v.indexOf(',', rel);
  if (c < 0) c = Math.max(0, rel - 1);
  return lineRange(e.line, { start: e.node.value.start + c, end: e.node.value.start + c + 1 });
}

/**
 * A prefix longer than its address (`10.0.0.0/40`), which the Apple apps clamp (/32) and everyone else
 * rejects: a warning with the clamped prefix as the fix. False when `text` is no such prefix.
 */
function reportClamped(ctx: RuleContext, rule: 'invalid-allowed-ip' | 'invalid-address', range: ReturnType<typeof lineRange>, text: string, otherTool: string): boolean {
  const clamped = appleClamped(text);
  if (!clamped) return false;
  ctx.report({
    rule,
    severity: 'warning',
    range,
    message: `${text}: the prefix is longer than the address; the Apple apps read it as ${clamped}, ${otherTool} and the other apps reject it.`,
    fixes: [{ title: `Change to ${clamped}`, preferred: true, edits: [{ range, newText: clamped }] }],
  });
  return true;
}

/**
 * A prefix only the Android app reads: InetNetwork.parse takes it with Integer.parseInt (reference §3.1),
 * so a sign is fine (`/+24` is /24, `/-0` is /0) and a negative one means no prefix (`/-1`: the single
 * address). Everyone else rejects such an item: a warning with Android's reading as the fix. False when
 * `text` is no such item (a prefix Android rejects too, or no sign at all).
 */
function reportNoMask(ctx: RuleContext, rule: 'invalid-allowed-ip' | 'invalid-address', range: ReturnType<typeof lineRange>, text: string, otherTool: string): boolean {
  const m = /^(.*)\/([+-])([0-9]{1,10})$/.exec(text.trim());
  const ip = m ? parseIp(m[1]!) : undefined;
  if (!m || !ip) return false;
  const [, address, sign, digits] = m as unknown as [string, string, '+' | '-', string];
  const total = ip.family === 4 ? 32 : 128;
  const n = Number(digits);
  if (n > 2 ** 31 - (sign === '-' ? 0 : 1) || (sign === '+' && n > total)) return false;
  const prefix = sign === '-' && n > 0 ? total : n;
  const read = `${address}/${prefix}`;
  const how = sign === '-' && n > 0 ? `as no prefix (the single address ${read})` : prefix === 0 ? `as /0: every address` : `as /${prefix}`;
  // An Address goes to `ip address add`, which reads `/+24` and `/-0` too (strtoul); wg's AllowedIPs do not.
  const ipReads = rule === 'invalid-address' ? iprouteAddress(text.trim()) : undefined;
  ctx.report({
    rule,
    severity: 'warning',
    range,
    message: ipReads
      ? `${text.trim()}: the Android app reads "/${sign}${digits}" ${how}, and so does wg-quick's "ip address add"; Windows and the Apple apps reject it.`
      : `${text.trim()}: the Android app reads "/${sign}${digits}" ${how}; ${otherTool} and the other apps reject it.`,
    fixes: [{ title: `Change to ${read}`, preferred: true, edits: [{ range, newText: read }] }],
  });
  return true;
}

/** Removes the whole line: for its only item, where removing the item would leave `Key =`. */
/** What made the empty item at `k` of `count` items: a comma at the start, at the end, or two in a row. */
const commaKind = (k: number, count: number) => (k === count - 1 ? 'a trailing comma' : k === 0 ? 'a leading comma' : 'two commas in a row');

const removeLineFix = (ctx: RuleContext, line: number): Fix => ({ title: 'Remove this line', preferred: true, edits: [deleteLine(ctx, line)] });

/** Whether items [from, to) of a list are all empty (a line of commas). */
function noItems(items: readonly { text: string }[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (items[i]!.text.trim() !== '') return false;
  return true;
}

/** Removes the comma of an empty item; a trailing one with the blanks before it (`a/24 ,` → `a/24`). */
function removeComma(e: ResolvedEntry, range: ReturnType<typeof emptyItemRange>): Fix {
  const { text, value } = e.node;
  let start = range.start.character;
  if (range.end.character === value.end) while (start > value.start && /\s/.test(text[start - 1]!)) start--;
  return { title: 'Remove the empty item', preferred: true, edits: [{ range: { start: { line: range.start.line, character: start }, end: range.end }, newText: '' }] };
}

/**
 * Removes item `i` of `items` (a peer's AllowedIPs: the items of one line are neighbours) with the
 * comma that joins it to its neighbour on the same line. No copy of the line's items: a route list
 * of thousands of items with a problem each stays linear.
 */
export function removeListItemFix(e: ResolvedEntry, items: readonly CidrItem[], i: number): Fix {
  const item = items[i]!;
  const prev = i > 0 && items[i - 1]!.line === item.line ? items[i - 1] : undefined;
  const next = i + 1 < items.length && items[i + 1]!.line === item.line ? items[i + 1] : undefined;
  // An item keeps the blanks before its comma (wg strips them): `a , b` loses ` , b`, not `, b`.
  const start = prev ? prev.start + prev.text.trimEnd().length : item.start;
  const end = prev ? item.end : next ? next.start : item.end;
  return { title: 'Remove this item', preferred: true, edits: [{ range: lineRange(e.line, { start, end }), newText: '' }] };
}

/** An Endpoint wg reads with no port at all (invalid-endpoint's fix then reads what was meant). */
function noPortEven(v: string): boolean {
  const p = parseEndpoint(v);
  return !p.ok && p.problem.kind === 'no-port';
}

/**
 * An Endpoint without a port, given one: the number written after the host with a blank, `;` or `,`
 * (`vpn.example.com 51820`: wg reads vpn.example.com51820), or after the `]` of a bracketed host
 * (`[2001:db8::1]51820`); else 51820, the usual ListenPort. Anything else after the `]` goes: a port
 * appended to it would still be no port.
 */
function endpointWithPort(written: string, v: string): string {
  // (A number wg could not take as a port, 0 or past 65535, is no port meant: 51820 then.)
  const isPort = (t: string) => /^[0-9]{1,5}$/.test(t) && Number(t) >= 1 && Number(t) <= 65535;
  const spaced = /^([^\s;,]+)[\s;,]+([0-9]+)$/.exec(written.trim());
  const [host, port] = spaced ? [spaced[1]!, isPort(spaced[2]!) ? spaced[2]! : '51820'] : [v.replace(/:$/, ''), '51820'];
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    const after = host.slice(close + 1);
    return `${host.slice(0, close + 1)}:${spaced ? port : isPort(after) ? after : port}`;
  }
  return (host.match(/:/g)?.length ?? 0) >= 2 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Checks `e`'s Endpoint, `v` (what wg reads of the line; another text when judging what a fix would
 * leave: then no peer, and only the severities of the reports count).
 */
function checkEndpoint(ctx: RuleContext, e: ResolvedEntry, peer: PeerModel | undefined, v = wg(e)) {
  // The model parsed the peer's effective Endpoint already (the same text, the same parser).
  // (No result object, no closures here: every peer of a hub comes through, nearly all clean.)
  const parsed = peer?.endpoint?.line === e.line ? peer.endpoint.parsed : undefined;
  const p = parsed ? undefined : parseEndpoint(v);
  const compact = v === e.node.valueText; // spans map 1:1 only without inner whitespace
  if (p && !p.ok) {
    const pr = p.problem;
    // Who rejects it: the app of the target, else wg in its own words.
    const endpointApp = appOf(ctx.target);
    const said = (wgText: string) => (endpointApp ? `${appDoes(endpointApp, 'reject')} the file` : `${wgName(ctx.target)}: "${wgText}"`);
    if (pr.kind === 'no-port') {
      const fixed = endpointWithPort(e.node.valueText, v);
      // Only where the port makes it an endpoint this target takes: `0.0.0.0/0`, a key pasted here or
      // `256.1.1.1` would trade this error for another (endpoint-host, an empty scope: fix reviews). A
      // warning may stay (`1.2.3`, `vpn_1.example.com`: getaddrinfo reads them). Judged by this check
      // itself on the fixed text (rare: only an Endpoint without a port gets here).
      const helps = ctx.collect(() => checkEndpoint(ctx, e, undefined, fixed)).every((q) => q.severity !== 'error');
      ctx.report({
        rule: 'invalid-endpoint',
        range: valueRange(e),
        message: `Endpoint ${pr.reason}: write host:port${helps ? `, e.g. ${fixed}` : ''} (${said('Unable to find port of endpoint')}).`,
        ...(helps ? { fixes: [{ title: `Change to ${fixed}`, preferred: true, edits: [{ range: valueRange(e), newText: fixed }] }] } : {}),
      });
    } else if (pr.kind === 'unclosed-bracket') {
      ctx.report({ rule: 'invalid-endpoint', range: valueRange(e), message: `Endpoint: ${pr.reason} (${said('Unable to find matching brace of endpoint')}).` });
    } else if (pr.kind === 'bad-port') {
      ctx.report({ rule: 'invalid-endpoint', range: endpointPart(e, compact, pr.portStart, v.length), message: `Endpoint port: ${pr.reason} (${said('Servname not supported for ai_socktype')}).` });
    } else {
      checkEndpointHost(ctx, e, v);
    }
    return;
  }
  const ep = parsed ?? p!.value;
  // (The parsed endpoint keeps no empty scope: read it from the host.)
  const pct = ep.host.indexOf('%');
  const scope = pct < 0 ? undefined : ep.host.slice(pct + 1);
  // The scope's span and the value without it, for the two findings below.
  const pctAt = v.indexOf('%');
  const scopeRange = scope === undefined ? undefined : compact ? endpointPart(e, compact, pctAt, pctAt + 1 + scope.length) : valueRange(e);
  const unscoped = scope === undefined ? v : `${v.slice(0, pctAt)}${v.slice(pctAt + 1 + scope.length)}`;
  if (scope !== undefined && ctx.target === 'apple') {
    // Endpoint.swift refuses a host with a character outside urlHostAllowed, which has no `%` (parity review).
    ctx.report({
      rule: 'invalid-endpoint',
      range: scopeRange!,
      message: `Endpoint: the Apple apps take no scope (%${scope}) in a host ("%" is not among the characters they allow there) and reject the file ("Endpoint ‘…’ is invalid"). Remove it.`,
      fixes: [{ title: `Change to ${unscoped}`, preferred: true, edits: [{ range: valueRange(e), newText: unscoped }] }],
    });
    return;
  }
  if (scope !== undefined && ep.ip && ep.ip.family === 6 && !appOf(ctx.target) && (scope === '' || (!/^[0-9]+$/.test(scope) && !linkLocal(ep.ip.value)))) {
    ctx.report({
      rule: 'invalid-endpoint',
      range: scopeRange!,
      message:
        scope === ''
          ? `Endpoint: an empty scope ("%" and nothing after it): getaddrinfo fails and so does ${wgName(ctx.target)} ("Name or service not known"). Remove the "%".`
          : `Endpoint: an interface name as scope (%${scope}) goes only with a link-local address (fe80::/10); for ${ep.host.slice(0, ep.host.indexOf('%'))} getaddrinfo fails and so does ${wgName(ctx.target)} ("Name or service not known"). Remove it.`,
      fixes: [{ title: `Change to ${unscoped}`, preferred: true, edits: [{ range: valueRange(e), newText: unscoped }] }],
    });
  }
  if (ep.hostKind === 'ipv6' && !ep.bracketed) {
    const fixed = `[${ep.host}]:${v.slice(ep.portStart)}`;
    ctx.report({
      rule: 'endpoint-unbracketed-ipv6',
      severity: isStrict(ctx.target) ? 'error' : undefined,
      range: valueRange(e),
      message: `IPv6 endpoint without brackets: ${wgName(ctx.target)} reads host ${ep.host}, port ${v.slice(ep.portStart)}${ctx.target === 'amneziawg' ? '' : ', but the apps reject it'}${ctx.target === 'amneziawg' ? ', but it is easy to misread' : ' and it is easy to misread'}. Write ${fixed}.`,
      fixes: [{ title: `Change to ${fixed}`, preferred: true, edits: [{ range: valueRange(e), newText: fixed }] }],
    });
  }
  if (ep.port.plusSign && !ep.port.service) {
    // Windows reads the port with Atoi (sign allowed); Android parses `wg://host:port` as a URI, whose port is digits.
    const android = ctx.target === 'android';
    ctx.report({
      rule: 'non-portable-port',
      severity: android ? 'error' : 'hint',
      range: endpointPart(e, compact, ep.portStart, v.length),
      message: `Endpoint port ${v.slice(ep.portStart)}: wg and Windows read it as ${ep.port.port}, the Android app rejects it ("Missing/invalid port number"). Write ${ep.port.port}.`,
      fixes: compact ? [{ title: `Change to ${ep.port.port}`, preferred: true, edits: [{ range: endpointPart(e, compact, ep.portStart, v.length), newText: String(ep.port.port) }] }] : [],
    });
  }
  if (ep.port.service || ep.port.glibcOnly) {
    const oddity = ep.port.service ? `a service name (port ${ep.port.port})` : ep.port.glibcOnly;
    ctx.report({
      rule: 'non-portable-port',
      severity: isStrict(ctx.target) ? 'error' : undefined,
      range: endpointPart(e, compact, ep.portStart, v.length),
      message: `Endpoint port is ${oddity}: ${wgName(ctx.target)} accepts it through getaddrinfo${ctx.target === 'amneziawg' ? '' : ', the apps reject it'}. ${ep.port.wrapped ? 'Write the port you meant (1–65535)' : `Write ${ep.port.port}`}.`,
      fixes:
        compact && !(ep.port.wrapped && ep.port.port === 0)
          ? [{ title: `Change to ${ep.port.port}`, preferred: true, ...(ep.port.wrapped ? { ask: true as const } : {}), edits: [{ range: endpointPart(e, compact, ep.portStart, v.length), newText: String(ep.port.port) }] }]
          : [],
    });
  }
}

/** Columns `s`–`en` of an Endpoint's value as wg reads it: exact when the value has no blank inside (`compact`), else the value. */
function endpointPart(e: ResolvedEntry, compact: boolean, s: number, en: number) {
  return compact ? lineRange(e.line, { start: e.node.value.start + s, end: e.node.value.start + en }) : valueRange(e);
}

/** Foundation's CharacterSet.urlHostAllowed: an Endpoint host with any other character the Apple apps refuse (Endpoint.swift). */
const APPLE_HOST_CHARS = /^[A-Za-z0-9!$&'()*+,\-.:;=[\]_~]*$/;

/**
 * glibc's getaddrinfo reads a scope as an interface name only on a link-local address (fe80::/10, or
 * link-local multicast ff?2::/16), else as a number: `[fd00::1%lo]` and an empty scope fail, and wg with
 * them ("Name or service not known"); `[fd00::1%1]` resolves (the differential reviews ran them). The
 * apps: not known.
 */
const linkLocal = (v: bigint) => v >> 118n === 0x3fan || (v >> 120n === 0xffn && ((v >> 112n) & 0xfn) === 2n);

/**
 * A host that is no IP address and no valid host name. wg hands it to getaddrinfo: IPv4 in brackets and
 * inet_aton's legacy forms (`1.2.3`, `0x7f.1`) still resolve (only wg reads them: a warning); anything
 * else (an empty host, stray colons, a bad dotted quad, characters no name has) never does.
 */
function checkEndpointHost(ctx: RuleContext, e: ResolvedEntry, v: string) {
  const bracketed = v.startsWith('[');
  const host = bracketed ? v.slice(1, v.indexOf(']')) : v.slice(0, v.lastIndexOf(':'));
  const port = v.slice(v.lastIndexOf(':') + 1);
  const v4 = parseIPv4(host) ?? parseInetAton(host);
  // Windows and Apple check no host name when they read the file (reference §3.2 Endpoint): a name
  // that is no name fails later, when it is resolved, or resolves after all. Android's URI parse
  // refuses it at once.
  // Brackets around an IPv4 address: Apple's parser hands what is inside to NWEndpoint.Host, which
  // takes it (a review read Endpoint.swift); Windows and Android refuse it.
  // Apple's does check the characters: only those of urlHostAllowed (reference §3.2; parity review, an
  // international name or an `@` was said to fail only when resolved).
  const appleRefuses = ctx.target === 'apple' && !APPLE_HOST_CHARS.test(host);
  const parsesAnyway = appleRefuses ? false : bracketed ? ctx.target === 'apple' : ctx.target === 'windows' || ctx.target === 'apple';
  if (v4 !== undefined && host !== '') {
    const canonical = [v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255].join('.');
    // Android's `new URI("wg://…")` takes four decimal parts up to 255 (leading zeros too: `01.2.3.4`) as
    // a host, which it then looks up as a name; shorter or hex forms leave the URI without a host or a
    // port ("Missing/invalid port number"). Checked with java.net.URI by the semantics review.
    const androidTakes = !bracketed && /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(host) && host.split('.').every((p) => Number(p) <= 255);
    const takenAnyway = parsesAnyway || (ctx.target === 'android' && androidTakes);
    ctx.report({
      rule: 'endpoint-host',
      severity: isStrict(ctx.target) && !takenAnyway ? 'error' : 'warning',
      range: valueRange(e),
      message: bracketed
        ? `Brackets are for IPv6: wg and the Apple apps read [${host}] anyway, Windows rejects it ("Brackets must contain an IPv6 address") and so does the Android app (no valid endpoint URI). Write ${canonical}:${port}.`
        : `"${host}" is a legacy IPv4 form that getaddrinfo reads as ${canonical}; ${
            androidTakes
              ? 'the apps take it as a host name to look up (what their resolvers make of it is not established)'
              : `the Android app rejects it, ${parsesAnyway ? `${appDoes(ctx.target as App, 'look')} it up as a host name` : 'the other apps look it up as a host name'}`
          }. Write ${canonical}:${port}.`,
      fixes: [{ title: `Change to ${canonical}:${port}`, preferred: true, edits: [{ range: valueRange(e), newText: `${canonical}:${port}` }] }],
    });
    return;
  }
  // A host name in brackets: wg strips them and resolves the name (`[localhost]:51820` comes up, the
  // differential review saw it); Windows wants an IPv6 address there, Android's URI an IPv6 literal.
  if (bracketed && host !== '' && !host.includes(':') && isHostname(host)) {
    const refused = ctx.target === 'windows' || ctx.target === 'android';
    ctx.report({
      rule: 'endpoint-host',
      severity: refused ? 'error' : 'warning',
      range: valueRange(e),
      message: `Brackets are for IPv6: ${wgName(ctx.target)} and the Apple apps resolve [${host}] as the name ${host}, Windows rejects it ("Brackets must contain an IPv6 address") and so does the Android app. Write ${host}:${port}.`,
      fixes: [{ title: `Change to ${host}:${port}`, preferred: true, edits: [{ range: valueRange(e), newText: `${host}:${port}` }] }],
    });
    return;
  }
  const why =
    host === ''
      ? 'the host is empty'
      : bracketed
        ? `"${host}" in brackets is not an IPv6 address`
        : host.includes(':')
          ? `"${host}" has a ":" but is not an IPv6 address (wg splits at the last ":"; IPv6 needs brackets)`
          : /^[0-9.]+$/.test(host)
            ? `"${host}" is not a valid IPv4 address`
            : `"${host}" is not a valid host name`;
  // Underscores are not valid in host names but DNS can still resolve them: only a warning.
  const dnsMayResolve = /^[A-Za-z0-9_.-]+$/.test(host) && host.includes('_') && !/^[0-9._]+$/.test(host);
  ctx.report({
    rule: 'endpoint-host',
    ...(dnsMayResolve ? { severity: isStrict(ctx.target) && !parsesAnyway ? ('error' as const) : ('warning' as const) } : {}),
    range: valueRange(e),
    message: dnsMayResolve
      ? bracketed && ctx.target === 'windows'
        ? `Endpoint: "${host}" in brackets is not an IPv6 address; Windows rejects the file ("Brackets must contain an IPv6 address").`
        : `Endpoint: "${host}" has an underscore, which host names cannot have; DNS may still resolve it for ${wgName(ctx.target)}${parsesAnyway ? ` and ${APP_NAME[ctx.target as App]}` : ''}, the Android app rejects it.`
      : `Endpoint: ${why}; ${
          ctx.target === 'android'
            ? 'the Android app rejects the file'
            : appleRefuses
              ? `the Apple apps reject the file ("Endpoint ‘…’ is invalid": a host there may hold only ASCII letters, digits, the : [ ] of an IPv6 address and - . _ ~ ! $ & ' ( ) * + , ; =)${/[^\x00-\x7f]/.test(host) ? '. Write an international name in its xn-- (punycode) form' : ''}`
            : bracketed && ctx.target === 'windows'
              ? 'Windows rejects the file ("Brackets must contain an IPv6 address")'
              : host === '' && ctx.target === 'windows'
                ? 'Windows rejects the file ("Invalid endpoint host")'
                : parsesAnyway
                ? `${appDoes(ctx.target as App, 'fail')} when ${ctx.target === 'apple' ? 'they resolve' : 'it resolves'} it`
                : `${wgName(ctx.target)} fails when it resolves it ("Name or service not known")`
        }.`,
  });
}

/** Each app's refusal of an Address item (reference §3.1 Address). */
const ADDRESS_ERROR: Readonly<Record<App, string>> = {
  windows: 'Windows: "Invalid IP address"',
  android: 'the Android app: "Cannot parse IP network"',
  apple: 'the Apple apps: "Address ‘…’ is invalid."',
};

/** How `ip` reads an Address item: the address in its usual form, with the prefix if one was written. */
const ipReading = (text: string, ip: { family: Family; value: bigint; prefix: number }) => `${formatIp(ip.family, ip.value)}${text.includes('/') ? `/${ip.prefix}` : ''}`;

/** An address item with the leading zeros of its IPv4 parts and of its prefix removed (`010.0.0.1/024` → `10.0.0.1/24`). */
function withoutLeadingZeros(text: string): string {
  const slash = text.indexOf('/');
  const ip = slash < 0 ? text : text.slice(0, slash);
  const prefix = slash < 0 ? undefined : text.slice(slash + 1).replace(/^0+(?=[0-9])/, '');
  return `${ip.includes(':') ? ip : ip.replace(/(^|\.)0+(?=[0-9])/g, '$1')}${prefix === undefined ? '' : `/${prefix}`}`;
}

/**
 * Item `k` and the one before it, when blanks split one prefix in two (`10.0.0.2 /32`, `10.0.0.1/ 24`,
 * `10.0.0.2 32`): the item they make joined. Not preferred for a bare number after a whole address,
 * which might be meant as an item of its own.
 */
function rejoinedPrefix(e: ResolvedEntry, items: ReturnType<typeof splitList>, k: number): { text: string; range: ReturnType<typeof lineRange>; preferred: boolean } | undefined {
  const item = items[k]!;
  const prev = items[k - 1];
  if (!prev || !/^\s+$/.test(e.node.text.slice(prev.end, item.start))) return undefined;
  const range = lineRange(e.line, { start: prev.start, end: item.end });
  if (item.text.startsWith('/') || (/^[0-9]+$/.test(item.text) && Number(item.text) <= 128 && prev.text.endsWith('/'))) return { text: `${prev.text}${item.text}`, range, preferred: true };
  if (/^[0-9]+$/.test(item.text) && Number(item.text) <= 128 && !prev.text.includes('/')) return { text: `${prev.text}/${item.text}`, range, preferred: false };
  return undefined;
}

function checkAddresses(ctx: RuleContext, e: ResolvedEntry) {
  // wg-quick splits Address on commas and whitespace and hands each item to `ip address add`; every
  // Address line of the interface adds to the same set, so duplicates count across lines.
  let seen = addressesSeen.get(ctx);
  if (!seen) addressesSeen.set(ctx, (seen = new Set()));
  const app = appOf(ctx.target);
  // An app reads `10.0.0.2 /32` as one bad item (reported as that); its pieces are wg-quick's reading.
  const whole = app ? checkAppItems(ctx, e, 'invalid-address', app) : [];
  const items = splitList(e.node.valueText, e.node.value.start, true);
  // (Asked once: per empty item it made a line of commas quadratic, as in checkAllowedIps.)
  let nothing: boolean | undefined;
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    if (whole.length && within(item, whole)) continue;
    if (item.text === '') {
      const trailing = k === items.length - 1;
      const range = emptyItemRange(e, item);
      nothing ??= noItems(items, 0, items.length);
      ctx.report({
        rule: 'invalid-address',
        severity: app && !dropsEmptyItem(app, trailing) ? 'error' : 'warning',
        range,
        message: `Empty Address item (${commaKind(k, items.length)}): ${quickName(ctx.target)} skips it, ${app ? emptyItemFate(app, trailing) : 'Windows rejects it ("Two commas in a row")'}.`,
        fixes: [nothing ? removeLineFix(ctx, e.line) : removeComma(e, range)],
      });
      if (nothing) break;
      continue;
    }
    const range = lineRange(e.line, item);
    const c = parseCidr(item.text);
    if (!c.ok && app === 'apple' && reportClamped(ctx, 'invalid-address', range, item.text, 'wg-quick ("ip address add")')) continue;
    if (!c.ok && app === 'android' && reportNoMask(ctx, 'invalid-address', range, item.text, 'wg-quick ("ip address add")')) continue;
    if (!c.ok) {
      // iproute2 reads more than the apps: short IPv4 (`10.1/16` is 10.1.0.0/16), octal and hex parts,
      // a prefix with a sign or in hex (`/+24`, `/0x18`), a netmask (`/255.255.255.0`).
      const ip = iprouteAddress(item.text);
      const rejoined = rejoinedPrefix(e, items, k);
      const rejoinFix = rejoined && [{ title: `Change to ${rejoined.text}`, preferred: rejoined.preferred, edits: [{ range: rejoined.range, newText: rejoined.text }] }];
      if (ip && /^[0-9]+$/.test(item.text)) {
        // `10.0.0.1/ 24`, `10.0.0.2 32`: a prefix split from its address, an address of its own to ip
        // (24.0.0.0): the fix joins them, never writes the short form out.
        ctx.report({
          rule: 'invalid-address',
          severity: isStrict(ctx.target) ? 'error' : 'warning',
          range,
          message: `"${item.text}" on its own is an address to "ip" (${ipReading(item.text, ip)}), and the apps reject it${rejoined ? `; if it is the prefix of ${items[k - 1]!.text}, write ${rejoined.text}` : ''}.`,
          ...(rejoinFix ? { fixes: rejoinFix } : {}),
        });
      } else if (ip) {
        if (!app) noteAddress(ctx, seen, range, item.text, ip.family, ip.value, ip.prefix);
        const read = ipReading(item.text, ip);
        // `010.0.0.1` means 10.0.0.1 to whoever wrote it, and 8.0.0.1 to ip: the decimal reading is offered.
        const decimal = withoutLeadingZeros(item.text);
        const meant = decimal !== item.text && decimal !== read && parseCidr(decimal).ok ? decimal : read;
        ctx.report({
          rule: 'invalid-address',
          severity: isStrict(ctx.target) ? 'error' : 'warning',
          range,
          message:
            meant === read
              ? `"${item.text}" is a form only "ip" reads, as ${read}; the apps reject it. Write ${read}.`
              : `"${item.text}" is a form only "ip" reads, as ${read} (a leading zero makes a number octal to it); the apps reject it. Write ${meant} (or ${read}, if that was meant).`,
          fixes: [{ title: `Change to ${meant}`, preferred: true, edits: [{ range, newText: meant }] }],
        });
      } else {
        // (`10.0.0.2 /32`: the mask written apart from its address; joined, they are one item.)
        ctx.report({
          rule: 'invalid-address',
          range,
          message: `Address: ${c.reason}; expected IP[/prefix] such as 10.0.0.2/24 (${app ? ADDRESS_ERROR[app] : `${quickName(ctx.target)} fails at "ip address add"`}).`,
          ...(rejoinFix ? { fixes: rejoinFix } : {}),
        });
      }
      continue;
    }
    // A prefix with a leading zero is octal to `ip` (`/024` is /20), decimal to everyone else.
    let ipPrefix = c.value.prefix;
    if (!app && c.value.prefix > 0 && /\/0/.test(item.text)) {
      const ip = iprouteAddress(item.text);
      if (ip) ipPrefix = ip.prefix;
      if (ip?.prefix !== c.value.prefix) {
        const decimal = withoutLeadingZeros(item.text);
        // A prefix that is no octal number (`/08`) or too long as one: `ip` fails, and wg-quick up with it
        // (differential fuzz: "inet prefix is expected rather than "10.0.0.1/08"").
        ctx.report({
          rule: 'invalid-address',
          severity: ip ? 'warning' : 'error',
          range,
          message: ip
            ? `"ip address add" reads a prefix with a leading zero as octal: "${item.text}" is ${ipReading(item.text, ip)} to it, not /${c.value.prefix}. Write ${decimal}.`
            : `"ip address add" reads a prefix with a leading zero as octal and rejects "${item.text}" ("${c.value.family === 6 ? 'inet6' : 'inet'} prefix is expected"), so ${quickName(ctx.target)} up fails. Write ${decimal}.`,
          fixes: [{ title: `Change to ${decimal}`, preferred: true, edits: [{ range, newText: decimal }] }],
        });
      }
    }
    if (!app && c.value.family === 6) {
      // Addresses the kernel refuses on any interface (the differential review ran each).
      const v = c.value.address;
      const refused = v === 0n ? 'the unspecified address :: ("ipv6: Invalid address")' : v === 1n ? 'the loopback address ::1 ("ipv6: Cannot assign loopback address on this device")' : v >> 120n === 0xffn ? `the multicast address ${formatIp(6, v)} ("ipv6: Cannot assign multicast address without IFA_F_MCAUTOJOIN flag")` : undefined;
      if (refused) {
        ctx.report({ rule: 'invalid-address', range, message: `Address ${item.text}: "ip address add" refuses ${refused}, and ${quickName(ctx.target)} stops. Use a unicast address, e.g. fd00::2/64.` });
        continue;
      }
    }
    // As `ip address add` takes it (an octal prefix as ip reads it) for wg-quick; as written for the apps.
    noteAddress(ctx, seen, range, item.text, c.value.family, c.value.address, ipPrefix, app);
  }
}

/**
 * Records an Address item as `ip address add` takes it and reports a second one it refuses ("Address
 * already assigned"): an IPv4 address with the same prefix, an IPv6 address with any prefix (the kernel
 * keeps one per address: `fd00::1/64, fd00::1/48` fails, the differential review saw it). Items written
 * differently count as the same when ip reads them alike (`10.0.0.01/24` is 10.0.0.1/24 to it).
 */
function noteAddress(ctx: RuleContext, seen: Set<string>, range: ReturnType<typeof lineRange>, text: string, family: Family, address: bigint, prefix: number, app?: App) {
  // (The apps: exact copies only; what they make of one IPv6 address with two prefixes is not established.)
  const key = family === 6 && !app ? `6/${address}` : `${family}/${address}/${prefix}`;
  if (seen.has(key)) {
    // Windows removes duplicates when it loads the tunnel (DeduplicateNetworkEntries); what the Android and
    // Apple apps do is not established: wg-quick's failure is said, not claimed for them.
    ctx.report({
      rule: 'invalid-address',
      ...(app === 'windows' ? { severity: 'hint' as const } : app ? { severity: 'warning' as const } : {}),
      range,
      message:
        app === 'windows'
          ? `${text} is listed twice: Windows drops the copy; wg-quick would fail on the second "ip address add" ("Address already assigned").`
          : `${text} is listed twice${family === 6 && !app ? ` (${formatIp(6, address)}: the kernel keeps one prefix per IPv6 address)` : ` (${formatIp(family, address)}/${prefix} as "ip" reads it)`}: the second "ip address add" fails ("Address already assigned") and ${quickName(ctx.target)} stops.`,
    });
  }
  seen.add(key);
}

function checkDns(ctx: RuleContext, e: ResolvedEntry) {
  const app = appOf(ctx.target);
  let whole: Span[] = [];
  if (app) {
    whole = checkAppItems(ctx, e, 'invalid-dns', app);
    // wg-quick and Apple skip empty items; Windows rejects any, Android all but a trailing one.
    const commaItems = splitList(e.node.valueText, e.node.value.start);
    const nothing = noItems(commaItems, 0, commaItems.length);
    for (let k = 0; k < commaItems.length; k++) {
      const item = commaItems[k]!;
      const trailing = k === commaItems.length - 1;
      if (item.text.trim() !== '' || dropsEmptyItem(app, trailing)) continue;
      const range = emptyItemRange(e, item);
      ctx.report({
        rule: 'invalid-dns',
        severity: 'error',
        range,
        message: `Empty DNS item (${commaKind(k, commaItems.length)}): ${quickName(ctx.target)} skips it, ${emptyItemFate(app, trailing)}.`,
        fixes: [nothing ? removeLineFix(ctx, e.line) : removeComma(e, range)],
      });
      if (nothing) break;
    }
  }
  const items = splitList(e.node.valueText, e.node.value.start, true).filter((i) => i.text !== '');
  const isFirstDnsLine = ctx.model.iface.entries.find((x) => x.match?.info.name === 'DNS' && x.node.valueText !== '') === e;
  // wg-quick's set_dns returns early without a nameserver (reference 2.3); what the apps do with search
  // domains alone is not established, so they are left alone.
  const quick = readByQuick(ctx.target);
  if (quick && isFirstDnsLine && items.length && !ctx.model.iface.dns.some((d) => isDnsServer(d.text))) {
    ctx.report({
      rule: 'dns-search-only',
      range: valueRange(e),
      message: `DNS lists only search domains and no server: ${quickName(ctx.target)} ignores search domains unless at least one DNS server is given.`,
    });
  }
  for (const item of items) {
    if (parseIp(item.text) || (whole.length && within(item, whole))) continue;
    // A link-local server with its zone (`fe80::1%eth0`): glibc's resolver reads the zone in
    // resolv.conf, and Windows' netip.ParseAddr takes it as a server; what the Android and Apple apps
    // make of it is not established, so they keep the message below.
    if (zonedIpv6(item.text) && ctx.target !== 'android' && ctx.target !== 'apple') continue;
    if (isDnsServer(item.text)) {
      // wg-quick never checks: resolvconf writes it and the resolver reads it with inet_aton (1.1.1 is 1.1.0.1).
      // Android takes what is no IP for a host name if its hostname pattern allows (`1.1.1` does; nothing
      // with a `:` does) and rejects the rest (reference 3.1, DNS).
      const refused = ctx.target === 'android' && !ANDROID_HOSTNAME.test(item.text);
      const dnsApp = appOf(ctx.target);
      ctx.report({
        rule: 'invalid-dns',
        ...(refused ? { severity: 'error' as const } : {}),
        range: lineRange(e.line, item),
        message: refused
          ? `DNS server "${item.text}" is not a valid IP address: the Android app rejects it.`
          : dnsApp
            ? `DNS item "${item.text}" is not a valid IP address: ${appDoes(dnsApp, 'take')} it for a search domain, so it sets no DNS server.`
            : `DNS server "${item.text}" is not a valid IP address; ${quickName(ctx.target)} passes it to resolvconf unchecked.`,
      });
    } else if (!isHostname(item.text)) {
      ctx.report({
        rule: 'invalid-dns',
        severity: ctx.target === 'android' ? 'error' : undefined,
        range: lineRange(e.line, item),
        // (Said of the target's own reader: an app is no wg-quick, targets review.)
        message: `DNS item "${item.text}" is neither an IP address nor a valid domain name; ${
          ctx.target === 'android' ? 'the Android app rejects it' : appOf(ctx.target) ? `${appDoes(appOf(ctx.target)!, 'take')} it for a search domain` : `${quickName(ctx.target)} treats it as a search domain`
        }.`,
      });
    }
  }
}


/**
 * Items an app reads as one because it splits on commas only (`10.0.0.1/24 10.0.0.2/24`), which
 * wg-quick splits on the blank. Not an address to the app: rejected, or for DNS on Windows and
 * Apple, silently taken for a search domain.
 */
function checkAppItems(ctx: RuleContext, e: ResolvedEntry, rule: 'invalid-address' | 'invalid-dns', app: App): Span[] {
  const key = rule === 'invalid-dns' ? 'DNS' : 'Address';
  const reported: Span[] = [];
  for (const item of splitList(e.node.valueText, e.node.value.start)) {
    const text = item.text.trimEnd();
    if (!INNER_BLANK.test(text)) continue;
    const span = { start: item.start, end: item.start + text.length };
    reported.push(span);
    const range = lineRange(e.line, span);
    // `10.0.0.2 /32`: a blank beside the mask is one address written apart, not two items.
    const apart = rule === 'invalid-address' && MASK_APART.test(text);
    const fixed = commaSeparated(apart ? text.replace(MASK_APART_G, '/') : text);
    const searchDomain = rule === 'invalid-dns' && app !== 'android';
    // Commas only where every piece is an item then (`1 0.0.0.2/24` is no two addresses: the fix left the
    // same problem, and `DNS = iptables -D …` eleven of them: fix review).
    const pieces = fixed.split(', ');
    // (A DNS piece as this app takes it: a server (dnsServerFor), else a search domain, of the stricter
    // host name pattern on Android.)
    const dnsPiece = (w: string) => dnsServerFor(ctx.target, w) || (app === 'android' ? ANDROID_HOSTNAME.test(w) : isHostname(w));
    const helps = (apart || pieces.length > 1) && pieces.every((w) => (rule === 'invalid-dns' ? dnsPiece(w) : typeof cidrOrReason(w) !== 'string'));
    ctx.report({
      rule,
      severity: searchDomain ? 'warning' : 'error',
      range,
      message: apart
        ? `"${text}" has a blank beside its "/": ${appDoes(app, 'reject')} it as one item (wg-quick splits it and fails on the mask alone).${helps ? ` Write ${fixed}.` : ''}`
        : `"${text}" is one ${key} item to ${APP_NAME[app]}: ${appDoes(app, 'split')} ${key} on commas only (wg-quick also on blanks)${
            searchDomain ? ', so it is no IP address but a search domain, not a server' : ` and ${appDoes(app, 'reject')} it`
          }.${helps ? ' Separate the items with commas.' : ''}`,
      ...(helps ? { fixes: [{ title: `Change to ${fixed}`, preferred: true, edits: [{ range, newText: fixed }] }] } : {}),
    });
  }
  return reported;
}

/** An address and its mask written apart: `10.0.0.2 /32`, `10.0.0.2/ 32`. */
const MASK_APART = /\S\s+\/|\/\s+[0-9]/;
const MASK_APART_G = /\s*\/\s*/g;

/** Whether `item` lies in one of `spans`: a piece of an item the app reads whole, already reported as that. */
const within = (item: Span, spans: readonly Span[]) => spans.some((s) => item.start >= s.start && item.end <= s.end);

function checkMtuValue(ctx: RuleContext, e: ResolvedEntry) {
  const v = e.node.valueText;
  const fixes = mtuFixes(e);
  // `+1420`: every reader takes the sign (ip's strtoul, Windows' Atoi, Android's parseInt, Swift's
  // UInt16; `ip link set mtu +1420` sets 1420, tried): another spelling of the number.
  const n = plusNumber(v);
  if (n !== undefined) {
    ctx.report({
      rule: 'invalid-mtu',
      severity: 'hint',
      range: valueRange(e),
      message: `MTU ${v}: every tool reads it as ${n}, but the sign is unusual. Write ${n}.`,
      fixes: [{ title: `Change to ${n}`, preferred: true, edits: [{ range: valueRange(e), newText: n }] }],
    });
    return;
  }
  // wg-quick hands MTU to `ip link set mtu`, which reads it with strtoul base 0 (hex and octal too).
  // (Hex and octal through strtoulBase0, as the hover reads them.)
  const mtu = /^[0-9]+$/.test(v) ? Number(v) : /^0[xX][0-9a-fA-F]+$/.test(v) ? strtoulBase0(v, Infinity)! : NaN;
  if (Number.isNaN(mtu)) {
    if (!hasInnerSpace(v)) ctx.report({ rule: 'invalid-mtu', range: valueRange(e), message: `MTU "${v}" is not a number of bytes (e.g. 1420).`, fixes });
    return;
  }
  const { target } = ctx;
  // The decimal reading as the fix, when it is an MTU worth writing; else the usual choices.
  const usable = (n: number) => n >= 576 && n <= 65535;
  const asDecimal = (n: number): Fix[] => (usable(n) ? [{ title: `Change to ${n}`, preferred: true, edits: [{ range: valueRange(e), newText: String(n) }] }] : fixes);
  // What `ip link set mtu` (strtoul, base 0) makes of a hex or leading-zero value, for wg-quick: outside
  // 68–65535, or no octal number (`09`), `ip` fails and with it `wg-quick up` (differential fuzz).
  const ipFails = (read: number) => !isStrict(target) && (Number.isNaN(read) || read < 68 || read > 65535);
  const ipFailure = (read: number) =>
    Number.isNaN(read)
      ? '"ip" rejects it (8 and 9 are no octal digits)'
      : `"ip" reads ${readAs(read)}, ${read < 68 ? 'below 68, the smallest MTU it sets' : 'above 65535, the largest MTU there is'}`;
  if (/^0[xX]/.test(v)) {
    const fails = ipFails(mtu);
    ctx.report({
      rule: 'invalid-mtu',
      severity: isStrict(target) || fails ? 'error' : 'warning',
      range: valueRange(e),
      message: fails
        ? `MTU ${v}: ${ipFailure(mtu)}, so "ip link set mtu" and with it ${quickName(target)} up fail; write a decimal MTU such as 1420 (the apps read decimal only).`
        : `MTU ${v}: only "ip" reads hex; ${usable(mtu) ? `write ${mtu} in decimal` : 'write a decimal MTU such as 1420'} (the apps reject it).`,
      fixes: asDecimal(mtu),
    });
    return;
  }
  // (For the apps, a leading zero whose decimal reading is no usable MTU is judged as that number below.)
  if (/^0[0-9]/.test(v) && !(isStrict(target) && !usable(mtu))) {
    // `ip` reads a leading zero as octal (01420 is 784); the apps read decimal. Nobody means octal.
    const octal = strtoulBase0(v, Infinity) ?? NaN;
    const fails = ipFails(octal);
    // As the fixes offer: the decimal reading when it is an MTU worth writing (diff review: `0500` said "Write 500").
    const writeDecimal = usable(mtu) ? `Write ${mtu}.` : 'Write an MTU such as 1420.';
    ctx.report({
      rule: 'invalid-mtu',
      // The apps read it as meant (decimal): only a file also used with wg-quick goes wrong.
      severity: fails ? 'error' : isStrict(target) ? 'hint' : 'warning',
      range: valueRange(e),
      message: fails
        ? `MTU ${v} has a leading zero: ${ipFailure(octal)}, so "ip link set mtu" and with it ${quickName(target)} up fail (the apps read ${readAs(mtu)}). ${writeDecimal}`
        : `MTU ${v} has a leading zero: ${Number.isNaN(octal) ? '"ip" rejects it (not octal)' : `"ip" reads it as octal, ${readAs(octal)}`}, the apps as ${readAs(mtu)}. ${writeDecimal}`,
      fixes: asDecimal(mtu),
    });
    return;
  }
  // 0 = automatic for the Android app and the Apple apps (their tunnel settings: 1280, or 80 below the
  // link's on macOS); the Apple parser takes any UInt16, only its editor wants 576 or more.
  if ((target === 'android' || target === 'apple') && mtu === 0) return;
  if (mtu > 65535 || mtu < 68) {
    ctx.report({
      rule: 'invalid-mtu',
      range: valueRange(e),
      message:
        mtu > 65535
          ? `MTU ${v} is above 65535, the largest MTU there is; most links need 1280–1420.`
          : `MTU ${v} is below 68, the smallest MTU IPv4 allows: ${
              target === 'windows'
                ? 'Windows rejects it ("Invalid MTU": 576–65535)'
                : target === 'apple'
                  ? "the Apple apps' editor refuses it (576–65535)"
                  : target === 'android'
                    ? 'no packet fits through the tunnel'
                    : `"ip link set mtu" fails on it${mtu === 0 ? ' (0 means automatic only to android.c and the Android and Apple apps)' : ''}`
            }. Most links need 1280–1420.`,
      fixes,
    });
  } else if (mtu < 576) {
    // ip, Android and the Apple parser accept it; Windows requires 576–65535, the Apple editor too.
    ctx.report({
      rule: 'invalid-mtu',
      severity: target === 'windows' ? 'error' : 'warning',
      range: valueRange(e),
      message:
        target === 'apple'
          ? `MTU ${v} is below 576: the Apple apps import it, but their editor refuses to save the tunnel until the MTU is 576–65535, and IPv4 hosts may send 576-byte packets; a working tunnel needs 1280–1420 on most links.`
          : `MTU ${v} is below 576: Linux accepts it, but Windows rejects it and the Apple apps' editor refuses it, and IPv4 hosts may send 576-byte packets; a working tunnel needs 1280–1420 on most links.`,
      fixes,
    });
  }
}

export function mtuFixes(e: ResolvedEntry, preferred: 1420 | 1280 = 1420): Fix[] {
  const choices = [
    { value: 1420, why: 'Ethernet / broadband: 1500 − 80' },
    { value: 1412, why: 'PPPoE / DSL: 1492 − 80' },
    { value: 1280, why: 'cellular or unsure: the IPv6 minimum' },
  ];
  // The preferred one first (the editor lists fixes in order).
  choices.sort((a, b) => Number(b.value === preferred) - Number(a.value === preferred));
  return choices.map(({ value, why }) => ({
    title: `Set MTU to ${value} (${why})`,
    preferred: value === preferred,
    edits: [{ range: valueRange(e), newText: String(value) }],
  }));
}

/** The table names iproute2's own rt_tables defines (local 255, main 254, default 253, unspec 0). */
const STANDARD_TABLES: readonly string[] = ['main', 'local', 'default', 'unspec'];

/**
 * Whether a PreUp hook gives the table its name before wg-quick adds routes to it: it writes `N name` to
 * /etc/iproute2/rt_tables (`echo "511 consoles" | tee -a /etc/iproute2/rt_tables`; a real-world sweep).
 */
function namedByPreUp(ctx: RuleContext, name: string): boolean {
  const entry = new RegExp(String.raw`(?:^|[\s"'])[0-9]+\s+${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[\s"'>|;])`);
  return ctx.model.iface.entries.some((e) => e.match?.info.name === 'PreUp' && e.node.valueText.includes('rt_tables') && entry.test(e.node.valueText));
}

function checkTable(ctx: RuleContext, e: ResolvedEntry) {
  const v = e.node.valueText;
  if (ctx.target === 'windows') {
    if (!windowsReadsTable(v)) {
      ctx.report({ rule: 'invalid-table', range: valueRange(e), message: 'Windows accepts Table = off, auto, main or a number only.' });
    } else if (/^[0-9]+$/.test(v) && Number(v) !== 254) {
      // Read, then ignored: only `off` changes anything on Windows (reference §3.1, TableOff). A number
      // meant for policy routing puts the routes in the main table there, silently (targets review).
      ctx.report({
        rule: 'invalid-table',
        severity: 'information',
        range: valueRange(e),
        message: `WireGuard for Windows reads Table = ${v} and ignores it: only off changes anything there, so the routes go into the main routing table as with auto.`,
      });
    }
    return;
  }
  if (v === 'off' || v === 'auto' || v === '') return;
  // Anything else is a table for `ip route add … table V`, which wg-quick runs once a peer has AllowedIPs.
  const routes = ctx.model.peers.some((p) => p.allowedIps.length > 0);
  const lower = v.toLowerCase();
  if (lower === 'off' || lower === 'auto') {
    ctx.report({
      rule: 'invalid-table',
      severity: routes ? undefined : 'warning',
      range: valueRange(e),
      message: `wg-quick compares Table case-sensitively: "${v}" is not "${lower}" but a routing table named "${v}", which "ip route" rejects ("table" value is invalid).`,
      fixes: [{ title: `Change to ${lower}`, preferred: true, edits: [{ range: valueRange(e), newText: lower }] }],
    });
  } else if (/^[0-9]+$/.test(v) && !/^0[0-9]/.test(v)) {
    if (Number(v) > 0xffffffff) ctx.report({ rule: 'invalid-table', range: valueRange(e), message: `Table ${v} is larger than 4294967295.` });
  } else if (ipTableNumber(v) !== undefined) {
    // `ip` reads table numbers as C's strtoul with base 0 does: `0x10` and `+5` are plain numbers to it,
    // but `010` is octal, table 8, which nobody writing 010 means.
    if (/^0[0-9]/.test(v) && ipTableNumber(v) !== Number(v)) {
      const n = ipTableNumber(v)!;
      ctx.report({
        rule: 'invalid-table',
        severity: 'warning',
        range: valueRange(e),
        message: `"ip route" reads a table number with a leading zero as octal: Table ${v} is table ${n}, not ${Number(v)}. Write ${n} (or ${Number(v)}, if that table was meant).`,
        fixes: [{ title: `Change to ${n}`, preferred: true, edits: [{ range: valueRange(e), newText: String(n) }] }],
      });
    }
  } else if (!STANDARD_TABLES.includes(v) && !namedByPreUp(ctx, v)) {
    ctx.report({
      rule: 'invalid-table',
      severity: routes ? undefined : 'warning',
      range: valueRange(e),
      message: `Table "${v}" is not a number, off, auto or a standard table: "ip route" rejects it ("table" value is invalid) unless /etc/iproute2/rt_tables defines it (then turn this rule off).`,
      ...(STANDARD_TABLES.includes(lower) ? { fixes: [{ title: `Change to ${lower}`, preferred: true, edits: [{ range: valueRange(e), newText: lower }] }] } : {}),
    });
  }
}

function checkApplications(ctx: RuleContext) {
  const excluded = ctx.model.iface.entries.find((e) => e.match?.info.name === 'ExcludedApplications');
  const included = ctx.model.iface.entries.find((e) => e.match?.info.name === 'IncludedApplications');
  if (excluded && included && ctx.target === 'android') {
    ctx.report({
      rule: 'invalid-applications',
      range: lineRange(included.line, included.node.key),
      message: 'Only one of ExcludedApplications and IncludedApplications may be set.',
      related: [{ range: lineRange(excluded.line, excluded.node.key), message: 'ExcludedApplications is set here' }],
    });
  }
}

export function checkAmneziaValues(ctx: RuleContext) {
  if (ctx.target !== 'amneziawg') return;
  // The last line of a key counts, as awg reads a repeated key (duplicate-key says so; the cross-file
  // awgValue agrees). The first one made false errors and hid real ones (AmneziaWG review).
  // (Found in one pass: a scan per asking entry was quadratic, 8,000 H lines took 7 s: performance review.)
  const lastOf = new Map<string, ResolvedEntry>();
  for (const e of ctx.model.iface.entries) if (e.match && e.node.valueText !== '') lastOf.set(e.match.info.name, e);
  const get = (name: string) => lastOf.get(name);
  const severity: Severity = 'error';
  const ranges: Array<{ e: ResolvedEntry | undefined; name: string; lo: number; hi: number }> = [];
  // AdvancedSecurity is the one [Peer] key of AmneziaWG.
  const peerEntries = ctx.model.peers.flatMap((p) => p.entries.filter((e) => e.match?.info.kind === 'awg-bool'));
  for (const e of [...ctx.model.iface.entries, ...peerEntries]) {
    const info = e.match?.info;
    if (!info || e.node.valueText === '' || !info.targets.every((t) => t === 'amneziawg')) continue;
    const v = wg(e);
    if (info.kind === 'uint16' && !(/^[0-9]+$/.test(v) && Number(v) <= 65535)) {
      ctx.report({ rule: 'invalid-amneziawg-value', severity, range: valueRange(e), message: `${info.name} must be a number 0–65535 (awg: "Unable to parse ${info.name}").` });
    } else if (info.kind === 'u16-range') {
      const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(v);
      if (!m || Number(m[1]) > Number(m[2] ?? m[1]) || Number(m[2] ?? m[1]) > 65535) {
        ctx.report({ rule: 'invalid-amneziawg-value', severity, range: valueRange(e), message: `${info.name} must be N or lo-hi with lo ≤ hi ≤ 65535.` });
      }
    } else if (info.kind === 'awg-bool') {
      // awg-tools' parse_bool: on/off (any case), else a decimal number (strtoul) stored into a uint32_t,
      // on unless that is 0.
      if (/^[0-9]+$/.test(v)) {
        if (!/^[01]$/.test(v)) {
          // strtoul's unsigned long (at most 2^64 − 1, more is that) stored into a uint32_t: the low 32 bits
          // (diff review: 4294967296 is off).
          const n = BigInt(v);
          const stored = n >= 1n << 64n ? 0xffffffffn : n % (1n << 32n);
          const on = stored !== 0n;
          ctx.report({
            rule: 'invalid-amneziawg-value',
            severity: 'hint',
            range: valueRange(e),
            message:
              stored === n
                ? `${info.name} = ${v}: awg reads ${on ? 'a number other than 0 as on' : 'it as 0: off'}. Write ${on ? 'on' : 'off'}.`
                : `${info.name} = ${v}: awg keeps the number's low 32 bits (${stored}), so ${on ? 'on' : 'off'}. Write ${on ? 'on' : 'off'}.`,
            fixes: [{ title: `Change to ${on ? 'on' : 'off'}`, preferred: true, edits: [{ range: valueRange(e), newText: on ? 'on' : 'off' }] }],
          });
        }
      } else if (!/^(on|off)$/i.test(v)) {
        const message = /^[0-9]/.test(v)
          ? `${info.name} must be on, off or a number (awg: "Unable to parse ${info.name}").`
          : `${info.name} must be on, off, 1 or 0 (awg: "Boolean value is neither on/off nor 0/1").`;
        ctx.report({ rule: 'invalid-amneziawg-value', severity, range: valueRange(e), message });
      }
    } else if (info.kind === 'u32-range') {
      const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(v);
      const lo = m ? Number(m[1]) : NaN;
      const hi = m ? Number(m[2] ?? m[1]) : NaN;
      if (!m || lo > hi || hi > 0xffffffff) {
        ctx.report({ rule: 'invalid-amneziawg-value', severity, range: valueRange(e), message: `${info.name} must be N or lo-hi with lo ≤ hi ≤ 4294967295.` });
      } else if (get(info.name) === e) {
        ranges.push({ e, name: info.name, lo, hi });
      }
    }
  }
  const jmin = get('Jmin');
  const jmax = get('Jmax');
  const jc = get('Jc');
  if (jmin && jmax && Number(wg(jmin)) > Number(wg(jmax))) {
    ctx.report({ rule: 'invalid-amneziawg-value', severity, range: valueRange(jmin), message: 'Jmin is larger than Jmax: junk packet sizes wrap around.', related: [{ range: valueRange(jmax), message: 'Jmax' }] });
  } else if (jmin && !jmax && Number(wg(jmin)) > 0 && jc && Number(wg(jc)) > 0) {
    // An unset Jmax is 0 to amneziawg-go: Jmin + rand(Jmax − Jmin) in unsigned numbers wraps.
    ctx.report({ rule: 'invalid-amneziawg-value', severity, range: valueRange(jmin), message: `Jmin is ${wg(jmin)} but Jmax is not set (0): junk packet sizes wrap around. Set Jmax to at least Jmin.` });
  }
  // Header protection encrypts with a 12-byte nonce taken from each junk prefix.
  const hpk = get('HeaderProtectionKey');
  if (hpk) {
    // An S not written is 0 to amneziawg-go (the ends compare it so too): below 12 as well.
    const unset = ['S1', 'S2', 'S3', 'S4'].filter((name) => !get(name));
    if (unset.length) {
      ctx.report({
        rule: 'invalid-amneziawg-value',
        severity,
        range: lineRange(hpk.line, hpk.node.key),
        message: `HeaderProtectionKey needs each of S1–S4 at least 12, but ${unset.join(', ')} ${unset.length > 1 ? 'are' : 'is'} not set (0) (amneziawg-go: "${unset[0]} must be more then 12 to use headerProtection").`,
      });
    }
    for (const name of ['S1', 'S2', 'S3', 'S4']) {
      const sx = get(name);
      const n = sx ? Number(wg(sx)) : NaN;
      if (sx && Number.isInteger(n) && n < 12) {
        ctx.report({
          rule: 'invalid-amneziawg-value',
          severity,
          range: valueRange(sx),
          message: `${name} is ${n}: with HeaderProtectionKey each of S1–S4 must be at least 12 (amneziawg-go: "${name} must be more then 12 to use headerProtection").`,
          related: [{ range: lineRange(hpk.line, hpk.node.key), message: 'HeaderProtectionKey' }],
        });
      }
    }
  }
  // An H not written is its message type to amneziawg-go (H1 = 1 … H4 = 4, as the ends compare them):
  // it overlaps too (`H1 = 2` alone takes H2's 2). Only once some H is written: the defaults never clash.
  if (ranges.length) {
    for (const [i, name] of ['H1', 'H2', 'H3', 'H4'].entries()) if (!get(name)) ranges.push({ e: undefined, name, lo: i + 1, hi: i + 1 });
  }
  ranges.sort((a, b) => a.lo - b.lo || Number(a.e === undefined) - Number(b.e === undefined));
  const said = (r: (typeof ranges)[number]) => (r.e ? r.name : `${r.name} (not set: ${r.lo})`);
  // Each range against the one reaching furthest before it (not only its neighbour: `H2 = 4-6` covers
  // H4's default 4 and `H1 = 5` too, which the neighbour H4 does not reach: review).
  // One problem per written value (`H1 = 1-1000` covers H2–H4's defaults: said once).
  let reach = ranges[0];
  const reported = new Set<string>();
  for (let i = 1; i < ranges.length; i++) {
    const before = reach!;
    if (ranges[i]!.hi > before.hi) reach = ranges[i];
    if (ranges[i]!.lo <= before.hi) {
      // Reported on a written value: the later one, else the earlier.
      const [at, other] = ranges[i]!.e ? [ranges[i]!, before] : [before, ranges[i]!];
      if (!at.e || reported.has(at.name)) continue;
      reported.add(at.name);
      ctx.report({
        rule: 'invalid-amneziawg-value',
        severity,
        range: valueRange(at.e),
        message: `${at.name} overlaps ${said(other)}: amneziawg-go refuses overlapping headers.`,
        ...(other.e ? { related: [{ range: valueRange(other.e), message: other.name }] } : {}),
      });
    }
  }
}
