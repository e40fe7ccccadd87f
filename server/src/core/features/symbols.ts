// Outline (document symbols) and workspace symbols. A section is named by its
// comment name (`# Name = nas`), else by a short public key prefix; peers show
// their AllowedIPs as detail. Secret values never appear in symbol details, nor key-shaped text
// in the names and values of lines no key name vouches for.

import { stripSpaces, type ConfigDocument } from '../parser.ts';
import { keyProblem } from '../values.ts';
import type { Range } from '../span.ts';
import { lineRange } from '../span.ts';
import { allValues, keyInfoOf, linesRange, sectionDisplayName, sectionExtent } from './document.ts';
import { fileStem, type NamedDocument } from './peers.ts';
import { basename } from '../workspace.ts';
import { HIDDEN_KEY, redactKeys, shownKeyText } from '../redact.ts';
import { continuesSecret, isFileSecret, resemblesSecret, secretKeyName } from './secrets.ts';
import { showInvisibles } from '../strings.ts';

/** LSP SymbolKind values used here. */
export const SymbolKind = { Module: 2, Interface: 11, Property: 7, Object: 19 } as const;

type SymbolKindValue = (typeof SymbolKind)[keyof typeof SymbolKind];

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKindValue;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKindValue;
  location: { uri: string; range: Range };
  containerName?: string;
}

/**
 * Files longer than this list their sections without their entries. A 5,000-peer hub has 30,000
 * entries: as children they made a 5 MB answer that took ~50 ms to encode and ~150 ms to decode
 * (the editor asks again after edits, for breadcrumbs), for an outline nobody scrolls through.
 * VS Code's own JSON support caps its outline the same way (`json.maxItemsComputed`).
 */
export const OUTLINE_ENTRIES_MAX_LINES = 5000;

/**
 * `secrets`: other configs' private keys (blanks removed), hidden where a PublicKey holds one.
 * `entries`: false for the sections alone (workspace symbols list no keys).
 */
export function documentSymbols(doc: ConfigDocument, secrets?: ReadonlySet<string>, entries = true): DocumentSymbol[] {
  const withEntries = entries && doc.lines.length <= OUTLINE_ENTRIES_MAX_LINES;
  return doc.sections.map((s, index): DocumentSymbol => {
    const extent = sectionExtent(doc, index);
    const listKey = s.kind === 'interface' ? 'Address' : 'AllowedIPs';
    const detail = allValues(s, listKey)
      .map(({ entry }) => entry.valueText)
      .filter((v) => v !== '')
      .join(', ');
    const header = s.header;
    const selEnd = header.close >= 0 ? header.close + 1 : header.text.length;
    const symbol: DocumentSymbol = {
      // (A name of invisible characters, `# Name = <U+200B>`, is written as messages write them.)
      name: showInvisibles(redactKeys(sectionDisplayName(doc, index, secrets))),
      ...(detail ? { detail: clippedDetail(detail) } : {}),
      kind: s.kind === 'interface' ? SymbolKind.Interface : s.kind === 'peer' ? SymbolKind.Object : SymbolKind.Module,
      range: linesRange(doc, extent.start, extent.last),
      selectionRange: lineRange(s.headerLine, { start: header.open, end: selEnd }),
    };
    if (withEntries) {
      symbol.children = s.entries
        .filter((e) => e.line <= extent.last)
        .map(({ line, node }) => {
          const info = keyInfoOf(node, s);
          // A misspelt secret name (`PrivteKey`) holds a secret too, whatever its value looks like.
          const secret = info?.secret === true || (!info && secretKeyName(node.keyText));
          // Only a PublicKey's value may look like a key; anywhere else (a misspelt or broken line, a
          // key pasted into DNS) it may be a private one: hidden too.
          // (A PublicKey that is a secret with a character changed is one too: session review.)
          const value =
            secret || isFileSecret(doc, node.valueText, secrets) || (info?.kind === 'public-key' && resemblesSecret(doc, node.valueText, secrets))
              ? '(hidden)'
              : info?.kind === 'public-key' && !keyProblem(stripSpaces(node.valueText))
                ? node.valueText
                : clippedDetail(node.valueText);
          return {
            // A line `= 5` has no key: VS Code refuses a symbol without a name, and with it the whole
            // outline (review). A key of invisible characters is named as messages name them.
            // (A piece of a wrapped secret parses as a key of its own: secrets.ts.)
            name: info?.name ?? (continuesSecret(doc, line) ? HIDDEN_KEY : showInvisibles(shownKeyText(node)) || '(no key)'),
            ...(value ? { detail: value } : {}),
            kind: SymbolKind.Property,
            range: lineRange(line, { start: node.key.start, end: Math.max(node.value.end, node.eq + 1) }),
            selectionRange: lineRange(line, node.key),
          };
        });
    }
    return symbol;
  });
}

/** Characters of a value an outline detail shows (the editor shows one line of it anyway). */
const DETAIL_MAX = 200;
/** How much of a long value is redacted before it is cut, and how near its end a key may reach the cut. */
const DETAIL_WINDOW = 4096;
const DETAIL_MARGIN = 512;

/**
 * A value as a detail: keys hidden, then cut at `max` characters. A 2.4 MB PostUp line was copied and
 * redacted whole, 580 ms for one outline (formatting review); only its start is redacted now, unless the
 * keys hidden there shrink it so much that text from the window's end (where a key may be cut in two)
 * would come before the cut. Cut before redaction, a key split by a blank lost its second half and its
 * first was shown (session review).
 */
export function clippedDetail(text: string, max = DETAIL_MAX): string {
  if (text.length <= max) return redactKeys(text);
  let shown = text.length <= DETAIL_WINDOW ? redactKeys(text) : redactKeys(text.slice(0, DETAIL_WINDOW));
  if (text.length > DETAIL_WINDOW && DETAIL_WINDOW - DETAIL_MARGIN - (DETAIL_WINDOW - shown.length) < max) shown = redactKeys(text);
  if (shown.length <= max) return shown;
  // (Not between the halves of a surrogate pair.)
  const end = shown.charCodeAt(max - 1) >= 0xd800 && shown.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max;
  return `${shown.slice(0, end)}…`;
}

/**
 * How well `name` matches the lower-cased query `q`, case-insensitively (lower is better), or -1: 0 the whole name, 1 a
 * word of it starts with the query, 2 the query inside it, 3 every character of the query in order
 * (VS Code refilters and ranks what it gets, but only what it gets: the best must be among them).
 */
function matchRank(name: string, q: string): number {
  if (!q) return 0;
  const n = name.toLowerCase();
  if (n === q) return 0;
  const at = n.indexOf(q);
  if (at >= 0) return at === 0 || !/[a-z0-9]/.test(n[at - 1]!) ? 1 : 2;
  let i = 0;
  for (const c of q) {
    i = n.indexOf(c, i);
    if (i < 0) return -1;
    i++;
  }
  return 3;
}

/**
 * Sections of the given documents (every config the workspace has indexed) as workspace symbols, the
 * best matches first, at most `limit`. The container is the file's name, so `laptop` finds both the
 * laptop's own `[Interface]` and the hub's `[Peer]` for it, and `hub.conf` the hub's sections.
 * `secrets`: every config's private key (a PublicKey holding one is named without it, as in the outline).
 */
export function workspaceSymbols(docs: Iterable<NamedDocument>, query: string, limit = 500, secrets?: ReadonlySet<string>): WorkspaceSymbol[] {
  const found: Array<{ symbol: WorkspaceSymbol; rank: number }> = [];
  const q = query.toLowerCase();
  for (const { uri, doc } of docs) {
    // (A file named after a key is the user's choice of name; its symbols still show no key.)
    const container = redactKeys(fileStem(uri));
    // The file's own name (wg0.conf.wg, a file without extension, untitled:Untitled-1), not a made-up one.
    const fileName = redactKeys(basename(uri));
    for (const sym of documentSymbols(doc, secrets, false)) {
      const name = sym.name === 'Interface' ? `Interface ${container}` : sym.name;
      // A match in the symbol's own name before any match in its file's name: the editor filters what it
      // gets by name, so 500 sections of files named like the query (`wg` in wg12.conf) sent first hid
      // the peer named `mywg` (UI review). Matches by file name alone still come, after them.
      const own = matchRank(name, q);
      const byFile = [matchRank(`${container} ${name}`, q), matchRank(`${fileName} ${name}`, q)].filter((r) => r >= 0);
      if (own < 0 && !byFile.length) continue;
      const best = own >= 0 ? own : 4 + Math.min(...byFile);
      // An [Interface] before the [Peer]s that name it, at equal rank: the config itself is what is sought.
      const rank = best * 2 + (sym.kind === SymbolKind.Interface ? 0 : 1);
      found.push({ symbol: { name, kind: sym.kind, location: { uri, range: sym.selectionRange }, containerName: fileName }, rank });
    }
  }
  // Stable: equal ranks keep the documents' order.
  return found
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map((f) => f.symbol);
}
