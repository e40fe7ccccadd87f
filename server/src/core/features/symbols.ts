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
import { redactKeys, shownKeyText } from '../redact.ts';
import { isFileSecret, secretKeyName } from './secrets.ts';
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

/** `secrets`: other configs' private keys (blanks removed), hidden where a PublicKey holds one. */
export function documentSymbols(doc: ConfigDocument, secrets?: ReadonlySet<string>): DocumentSymbol[] {
  const withEntries = doc.lines.length <= OUTLINE_ENTRIES_MAX_LINES;
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
      name: redactKeys(sectionDisplayName(doc, index, secrets)),
      ...(detail ? { detail: redactKeys(detail) } : {}),
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
          const value =
            secret || isFileSecret(doc, node.valueText, secrets)
              ? '(hidden)'
              : info?.kind === 'public-key' && !keyProblem(stripSpaces(node.valueText))
                ? node.valueText
                : redactKeys(node.valueText);
          return {
            // A line `= 5` has no key: VS Code refuses a symbol without a name, and with it the whole
            // outline (review). A key of invisible characters is named as messages name them.
            name: info?.name ?? (showInvisibles(shownKeyText(node)) || '(no key)'),
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

/** Case-insensitive: every character of the query appears in order (VS Code refilters anyway). */
function matches(name: string, query: string): boolean {
  if (!query) return true;
  const n = name.toLowerCase();
  let i = 0;
  for (const c of query.toLowerCase()) {
    i = n.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

/**
 * Sections of the given documents as workspace symbols (open documents today; the workspace model will
 * pass every indexed config). The container is the file's name, so `laptop` finds both the laptop's own
 * `[Interface]` and the hub's `[Peer]` for it.
 */
export function workspaceSymbols(docs: Iterable<NamedDocument>, query: string, limit = 500): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  for (const { uri, doc } of docs) {
    // (A file named after a key is the user's choice of name; its symbols still show no key.)
    const container = redactKeys(fileStem(uri));
    // The file's own name (wg0.conf.wg, a file without extension, untitled:Untitled-1), not a made-up one.
    const fileName = redactKeys(basename(uri));
    for (const sym of documentSymbols(doc)) {
      const name = sym.name === 'Interface' ? `Interface ${container}` : sym.name;
      if (!matches(name, query) && !matches(`${container} ${name}`, query)) continue;
      out.push({ name, kind: sym.kind, location: { uri, range: sym.selectionRange }, containerName: fileName });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

