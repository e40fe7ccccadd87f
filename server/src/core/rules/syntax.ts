// Lines that no WireGuard parser can read. Semantic rules skip these lines, so a
// typo produces one clear diagnostic rather than a cascade.

import { APP_NAME, appOf, lineFate, quickName, readByQuick, wgName } from './apps.ts';
import type { RuleContext } from './context.ts';
import { lineRange } from '../span.ts';
import { lookupKey } from '../schema.ts';
import { sectionKind, stripSpaces, type EntryLine } from '../parser.ts';
import { missingEquals, missingEqualsFix, missingEqualsMessage } from './missing-equals.ts';
import { shownKeyText } from '../redact.ts';

// The validator runs these in pieces, in this order: the BOM, every line (section by section, so a
// clean [Peer]'s results can be kept across edits), the first lone CR, the entries before any section.

export function checkBom(ctx: RuleContext): void {
  const utf16 = ctx.options.fileEncoding;
  // The Windows app parses again with each UTF-16 decoder when the first parse fails (reference §1.3).
  if (utf16 && ctx.target !== 'windows') {
    const app = appOf(ctx.target);
    // Verified (differential corpus, lexical/utf16*): bash's read drops the NUL bytes, the mark stays.
    const fails = 'fails on line 1 ("Line unrecognized": the byte order mark is no text to it)';
    const tools = app
      ? `wg and wg-quick read bytes, not UTF-16, and fail on line 1 ("Line unrecognized"); whether ${APP_NAME[app]} decode${app === 'apple' ? '' : 's'} it is not known`
      : `${wgName(ctx.target)} reads bytes, not UTF-16, and ${fails}`;
    ctx.report({
      rule: 'bom',
      ...(app ? { severity: 'warning' as const } : {}),
      range: lineRange(0, { start: 0, end: 0 }),
      message: `The file is saved as UTF-16 (${utf16 === 'utf-16le' ? 'little' : 'big'}-endian, with a byte order mark; Windows PowerShell's ">" writes it): ${tools}. Save it as UTF-8 without BOM (in VS Code: click the encoding in the status bar, Save with Encoding, UTF-8).`,
    });
    return;
  }
  if (ctx.doc.bom || ctx.options.fileHasBom) {
    // The apps' handling of a BOM is not established (reference §4: not tested; Windows retries other
    // decoders): what wg does is said as such, a warning there.
    const app = appOf(ctx.target) !== undefined;
    ctx.report({
      rule: 'bom',
      ...(app ? { severity: 'warning' as const } : {}),
      range: lineRange(0, { start: 0, end: 0 }),
      message: app
        ? 'The file starts with a UTF-8 byte order mark: wg and wg-quick fail on line 1 ("Line unrecognized"), and whether this app skips it is not known. Save it as UTF-8 without BOM.'
        : `The file starts with a UTF-8 byte order mark: ${wgName(ctx.target)} fails with "Line unrecognized" on line 1. Save it as UTF-8 without BOM.`,
    });
  }
}

/**
 * A wg-quick key alone on its line in [Interface] (`DNS`, `MTU`): wg-quick's parser reads a line with no
 * "=" as key = value = the whole line (reference §2.2), so it is `DNS = DNS`, never seen by wg. What
 * happens next depends on the key: DNS gets a search domain "DNS", ignored without a server (the file
 * works); Table names a table "Table", harmless while no route is added; the others fail ("ip link set
 * mtu MTU", read_bool, a hook running the command "PostUp"). Undefined for other lines and targets.
 */
function bareQuickKey(ctx: RuleContext, text: string): { message: string; harmless: boolean } | undefined {
  if (ctx.target !== 'wg-quick' && ctx.target !== 'amneziawg') return undefined;
  const word = text.trim();
  const info = /^[A-Za-z]+$/.test(word) ? lookupKey(word, 'Interface')?.info : undefined;
  if (!info || info.section !== 'Interface' || info.targets.includes('wg') || !info.targets.includes('wg-quick')) return undefined;
  const head = `${info.name} has no "=": wg-quick reads the line as ${info.name} = ${word}`;
  if (info.name === 'DNS') {
    const servers = ctx.model.iface.dns.some((d) => d.ip);
    return {
      harmless: true,
      message: servers
        ? `${head}: a search domain "${word}", added to the resolver's search list next to the DNS servers. Remove the line (or write "DNS = <server>").`
        : `${head}, a search domain "${word}" that it ignores without a DNS server. Write "DNS = <server>", or remove the line.`,
    };
  }
  const routes = ctx.model.peers.some((p) => p.allowedIps.some((a) => a.cidr));
  if (info.name === 'Table' && !routes) return { harmless: true, message: `${head}: routes would go to a table named "${word}", which does not exist; no peer has AllowedIPs yet, so nothing fails. Write "Table = …", or remove the line.` };
  const fails =
    info.name === 'MTU' ? `"ip link set mtu ${word}" fails`
    : info.name === 'Table' ? `"ip route add … table ${word}" fails (no such table)`
    : info.name === 'Address' ? `"ip address add ${word}" fails`
    : info.name === 'SaveConfig' ? `it is neither true nor false, so wg-quick stops`
    : info.kind === 'command' ? `it runs "${word}" as a command, which fails and stops wg-quick`
    : `wg-quick fails`;
  return { harmless: false, message: `${head}: ${fails}. Write "${info.name} = …".` };
}

/** The lines [from, to), all in one [Interface] section (`inInterface`) or all outside any. */
export function checkLines(ctx: RuleContext, from: number, to: number, inInterface: boolean): void {
  const { doc } = ctx;
  for (let i = from; i < to; i++) {
    const node = doc.lines[i]!.node;
    if (node.kind === 'invalid') {
      const bare = inInterface ? bareQuickKey(ctx, node.text.slice(node.content.start, node.content.end)) : undefined;
      if (bare) {
        ctx.report({ rule: 'invalid-line', ...(bare.harmless ? { severity: 'warning' as const } : {}), range: lineRange(i, node.content), message: bare.message });
        continue;
      }
      const noEquals = missingEquals(node.text);
      ctx.report({
        rule: 'invalid-line',
        range: lineRange(i, node.content),
        message: noEquals
          ? missingEqualsMessage(noEquals, ctx.target)
          : `Expected a section header such as [Peer], "Key = Value" or a # comment; ${lineFate(ctx.target)}.`,
        ...(noEquals ? { fixes: [missingEqualsFix(i, noEquals)] } : {}),
      });
    } else if (node.kind === 'section') {
      if (node.close < 0) {
        ctx.report({
          rule: 'malformed-section-header',
          range: lineRange(i, { start: node.open, end: node.name.end }),
          message: 'Section header is missing its closing "]".',
        });
      } else if (node.trailing) {
        ctx.report({
          rule: 'malformed-section-header',
          range: lineRange(i, node.trailing),
          message: 'Unexpected text after the section header; only a # comment may follow "]".',
        });
      }
      if (node.close >= 0 && sectionKind(node.nameText) === 'unknown') {
        const squashed = stripSpaces(node.nameText).toLowerCase();
        ctx.report({
          rule: 'unknown-section',
          range: lineRange(i, node.nameText ? node.name : { start: node.open, end: node.close + 1 }),
          message: `Unknown section [${node.nameText}]: WireGuard knows only [Interface] and [Peer].`,
          fixes: suggestSection(i, node.name, squashed),
        });
      }
    } else if (node.kind === 'entry' && node.valueText === '' && !(lookupKey(node.keyText) === undefined && missingEquals(node.text))) {
      // (`PrivateKey K=`: the key's padding made the "=", so the value looks empty; unknown-key says it.)
      // The Apple apps drop a line before any section unread (key-outside-section says so): its empty
      // value is nothing to them, and "the Apple apps reject the file" contradicted it (targets review).
      const beforeAnySection = i < (ctx.doc.sections[0]?.headerLine ?? ctx.doc.lines.length);
      if (!(ctx.target === 'apple' && beforeAnySection)) reportEmpty(ctx, i, node, inInterface && i > from);
    }
  }
}

/**
 * The first line in [from, to) ending in a lone CR that joins text for the tools splitting on LF only, or
 * -1. To them a CR is a blank inside a line: it matters only between two pieces of content of one
 * LF-line (`[Interface]\rListenPort = 1`), or an entry or header after a comment of its LF-line (to wg
 * part of the comment); blanks before or after it, or a comment after text, leave the line as the
 * editor shows it (the differential review ran wg-quick and wg on them), and junk after a comment is
 * gone for wg too.
 * A CR ending a section's last line joins the next section's header. Reads [from, to) only, as the
 * per-peer results it is cached in require (an LF-line begun in the section before is judged there).
 */
export function firstLoneCr(ctx: RuleContext, from: number, to: number): number {
  const lines = ctx.doc.lines;
  // In the current LF-line: the first lone CR after content (-1: no content yet), and whether a comment began.
  let after = -1;
  let content = false;
  let comment = false;
  let joined = false; // the line before ended in a lone CR
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    const cr = line.eol === '\r';
    // An LF-line of one piece (nearly every line): nothing to join, no node to read.
    if (!cr && !joined) continue;
    joined = cr;
    const node = line.node;
    if (!comment) {
      if (node.kind !== 'blank' && node.kind !== 'comment') {
        if (content) return after;
        content = true;
      }
      if (node.comment !== undefined) comment = true;
    } else if (node.kind === 'entry' || node.kind === 'section') {
      // After a comment the rest of the LF-line is comment to wg: this entry or header, which the
      // editor shows on a line of its own, does not exist for it (quick-fix review: a [Peer] whose
      // PublicKey line came after `# Name = …\r` was a peer without a key to wg).
      return i - 1;
    }
    if (cr && content && after < 0) after = i;
    if (!cr) {
      after = -1;
      content = false;
      comment = false;
    }
  }
  // The last line ends in a CR: the next section's header joins it (or, after a comment, is comment).
  if (to <= from || to >= lines.length || lines[to - 1]!.eol !== '\r') return -1;
  return comment ? to - 1 : content ? after : -1;
}

export function checkLoneCr(ctx: RuleContext, cr: number): void {
  if (cr < 0) return;
  const { doc } = ctx;
  // The Apple apps split lines with isNewline (reference §1.5), the Android app with
  // BufferedReader.readLine: to both a lone CR is a line break, so the file reads fine there, and only
  // the other tools are worth a word.
  const reads = ctx.target === 'apple' ? 'the Apple apps read' : ctx.target === 'android' ? 'the Android app reads' : undefined;
  const end = doc.lines[cr]!.node.text.length;
  // Whether the text joined to this line follows a comment of its LF-line (firstLoneCr): then it is not
  // a line wg refuses but one it skips, which the message says instead.
  let first = cr;
  while (first > 0 && doc.lines[first - 1]!.eol === '\r') first--;
  let hidden = false;
  for (let i = first; i <= cr && !hidden; i++) hidden = doc.lines[i]!.node.comment !== undefined;
  // Who splits lines on LF only, as the message's subject: those that matter for this target.
  const splitters = reads ? 'wg, wg-quick and Windows split' : ctx.target === 'windows' ? 'Windows splits' : ctx.target === 'amneziawg' ? 'awg and awg-quick split' : 'wg and wg-quick split';
  const them = !reads && ctx.target === 'windows' ? 'it' : 'them';
  ctx.report({
    rule: 'cr-line-ending',
    ...(reads ? { severity: 'hint' as const } : {}),
    range: lineRange(cr, { start: end, end }),
    message: hidden
      ? `This line ends with a lone CR (old Mac style) after a comment: ${reads ? `${reads} it as a line break, but ` : ''}${splitters} lines on LF only, so the next line is part of the comment to ${them} and ignored. Save with LF line endings.`
      : reads
      ? `Lines end with a lone CR (old Mac style): ${reads} it as a line break, but wg, wg-quick and Windows split lines on LF and read the whole file as one line. Save with LF line endings to share it.`
      : ctx.target === 'windows'
        ? 'Lines end with a lone CR (old Mac style): Windows splits lines on LF only, reads the whole file as one line and rejects it ("Line must occur in a section"; after a comment, all of it is the comment). Save with LF line endings.'
        : `Lines end with a lone CR (old Mac style): ${ctx.target === 'amneziawg' ? 'awg and awg-quick' : 'wg and wg-quick'} split lines on LF only and read the whole file as one line ("Line unrecognized"). Save with LF line endings.`,
  });
}


export function checkPreamble(ctx: RuleContext): void {
  // The Apple apps import such a file and drop the line (reference §1.5): no error there, but the
  // setting does not exist, which is worth a warning.
  const apple = ctx.target === 'apple';
  for (const entry of ctx.doc.preamble) {
    ctx.report({
      rule: 'key-outside-section',
      ...(apple ? { severity: 'warning' as const } : {}),
      range: lineRange(entry.line, entry.node.key),
      message: apple
        ? `${shownKeyText(entry.node)} is outside any section: the Apple apps import the file but silently drop this line, so the setting does not exist. Put it under [Interface] or [Peer].`
        : `${shownKeyText(entry.node)} is outside any section: put it under [Interface] or [Peer].`,
    });
  }
}

/**
 * `Key =`: wg fails on it ("Line unrecognized"), but wg-quick silently skips its own keys (Address, DNS,
 * MTU, Table, hooks) when empty; only SaveConfig's read_bool fails. Windows and Android reject any.
 */
const APPLE_LISTS = new Set(['Address', 'DNS', 'AllowedIPs']);

function reportEmpty(ctx: RuleContext, line: number, node: EntryLine, inInterface: boolean) {
  const info = lookupKey(node.keyText, inInterface ? 'Interface' : 'Peer')?.info;
  // wg-quick's own keys (not wg's, not AmneziaWG's, which awg reads itself): wg-quick drops them when empty.
  const quickOnly = !!info && inInterface && info.section === 'Interface' && info.targets.includes('wg-quick') && !info.targets.includes('wg') && info.name !== 'SaveConfig';
  const skippedByWgQuick = quickOnly && readByQuick(ctx.target);
  // The Apple apps read an empty list as no items (reference §1.5).
  const appleEmptyList = ctx.target === 'apple' && !!info && APPLE_LISTS.has(info.name) && info.section === (inInterface ? 'Interface' : 'Peer');
  ctx.report({
    rule: 'empty-value',
    // For wg-quick an empty line of its own keys has no effect (wg-easy writes `PreUp =` in every server):
    // a hint, like other dead text. What the apps make of it is the apps' targets' business.
    ...(skippedByWgQuick ? { severity: 'hint' as const } : appleEmptyList ? { severity: 'warning' as const } : {}),
    range: lineRange(line, { start: node.key.start, end: node.eq + 1 }),
    message: appleEmptyList
      ? `${node.keyText} has no value: the Apple apps read it as no ${info.name}, wg and the other apps reject the line. Delete it to leave ${info.name} unset.`
      : skippedByWgQuick
        ? `${node.keyText} has no value: ${quickName(ctx.target)} ${info!.kind === 'command' ? 'runs it as an empty command (it prints "[#] " and does nothing)' : 'reads it as unset'}, so it has no effect. Delete it to leave ${info!.name} unset.`
        : `${shownKeyText(node) || 'This key'} has no value: ${
            info?.name === 'SaveConfig' && readByQuick(ctx.target)
              ? `${quickName(ctx.target)} stops ("is neither true nor false")`
              : ctx.target === 'windows'
                ? 'Windows rejects the file ("Key must have a value")'
                : ctx.target === 'android'
                  ? 'the Android app rejects the file (a syntax error: a value must follow "=")'
                  : ctx.target === 'apple'
                    ? // (A key they do not read is refused as unknown, empty or not: parity review.)
                      info && !info.targets.includes('apple')
                      ? `the Apple apps reject the file (they do not read ${info.name}, empty or not)`
                      : 'the Apple apps reject the file (the key\'s own parser finds no valid value)'
                    : `${wgName(ctx.target)} rejects "Key =" lines ("Line unrecognized")`
          }. Delete the line to leave it unset.`,
  });
}

function suggestSection(line: number, name: { start: number; end: number }, squashed: string) {
  const guess = squashed.startsWith('int') || squashed.includes('face') ? 'Interface' : squashed.startsWith('pe') ? 'Peer' : undefined;
  if (!guess) return undefined;
  return [{ title: `Change to [${guess}]`, preferred: true, edits: [{ range: lineRange(line, name), newText: guess }] }];
}
