// Formatting: `Key = Value` with the schema's spelling, lists as `a, b`, no trailing
// blanks, one blank line between sections. Minimal: one edit per line that changes,
// never a whole-document replace, and the file's own line endings. Left alone on
// purpose: unknown keys, invalid and unknown-section lines, and the inside of hook
// commands (PreUp…), whose text is a shell command. Formatting never changes what a tool
// reads: spelled-apart keys (`Post Up`) and headers (`[ Interface ]`) mean something else
// to wg-quick and the apps (key-spacing, section-header-spacing say so, with a fix), and
// only ASCII blanks are trimmed (an NBSP is text to wg).

import { sectionKind, trimBlanksEnd, type ConfigDocument, type LineNode } from '../parser.ts';
import { lookupKey } from '../schema.ts';
import type { Range } from '../span.ts';
import { attachedCommentStart, listItems } from './document.ts';
import { crJoinsText, lineBreakAfter } from '../edits/change.ts';
import { APPLE_BREAK } from '../strings.ts';

export interface TextEdit {
  range: Range;
  newText: string;
}

const LIST_KINDS = new Set(['allowed-ips', 'address-list', 'dns-list', 'app-list']);

/**
 * The canonical text of one line, or undefined to leave it exactly as it is. `inSection`: whether the
 * line lies in an [Interface] or [Peer] section (an entry elsewhere is left as written: `[Foo]`'s keys
 * are not wg's, nor is a line above the first header).
 */
export function formatLine(node: LineNode, inSection = true): string | undefined {
  // A NUL byte: wg stops reading the line there, wg-quick drops it, the apps keep it (value-whitespace
  // offers each reading and lets the user choose): formatting would choose, by trimming it with the blanks.
  if (node.text.includes('\u0000')) return undefined;
  // A character the Apple apps break lines at (Swift's isNewline: VT, FF, NEL, U+2028, U+2029) is a
  // blank or text to the others: trimmed or moved, it would join or part lines for the apps (formatting
  // review: `ListenPort =<FF>51820`, which they reject, became a line they accept).
  if (APPLE_BREAK.test(node.text)) return undefined;
  switch (node.kind) {
    case 'blank':
      return '';
    case 'comment': {
      // Not indented, as the entries are not (editor review: `  # note` stayed indented among them). Every
      // tool reads a line whose first non-blank is `#` as a comment, indented or not.
      const text = trimBlanksEnd(node.text);
      let i = 0;
      while (text[i] === ' ' || text[i] === '\t') i++;
      return i === 0 ? text : text.slice(i);
    }
    case 'invalid':
      return undefined;
    case 'section': {
      // The parser's rule (ASCII blanks only): `[\u00a0Interface]` is not a section to wg, so it stays as it is.
      const kind = sectionKind(node.nameText);
      if (node.close < 0 || node.trailing || (kind !== 'interface' && kind !== 'peer')) return undefined;
      // `[ Interface ]` is no section to wg-quick and the apps: changing it would change the file's meaning.
      if (node.text.slice(node.open + 1, node.close).length !== node.nameText.length) return undefined;
      return (kind === 'interface' ? '[Interface]' : '[Peer]') + trailingComment(node);
    }
    case 'entry': {
      if (!inSection) return undefined;
      const match = lookupKey(node.keyText);
      // `Post Up` is no PostUp to wg-quick (it reaches wg, which rejects it): left as written.
      if (!match || match.needsSpaceStripping) return undefined;
      const key = match.info.name;
      if (match.info.kind === 'command' && node.value.end > node.value.start) {
        // The command is everything after `=`, comment included (wg-quick ≥ 1.0.20260223 keeps `#`).
        return trimBlanksEnd(`${key} = ${node.text.slice(node.value.start)}`);
      }
      let value = node.valueText;
      if (LIST_KINDS.has(match.info.kind)) {
        const items = listItems(node);
        // An empty item or one with inner blanks is a problem for diagnostics to point at, not to hide.
        if (items.every((i) => i.text !== '' && !/\s/.test(i.text))) value = items.map((i) => i.text).join(', ');
      }
      return (value === '' ? `${key} =` : `${key} = ${value}`) + trailingComment(node);
    }
  }
}

function trailingComment(node: LineNode): string {
  return node.comment ? ` ${trimBlanksEnd(node.text.slice(node.comment.start))}` : '';
}

/**
 * Edits that format the document, or only the lines touching `range`. A changed line is replaced, a run of
 * surplus blank lines is deleted together with its line breaks (one edit), and a missing blank line is
 * inserted in front of the line that needs it.
 */
export function format(doc: ConfigDocument, range?: Range): TextEdit[] {
  const n = doc.lines.length;
  // (A "blank" line of NUL bytes is content to the apps: kept, see formatLine.)
  const blank = (i: number) => doc.lines[i]!.node.kind === 'blank' && !doc.lines[i]!.node.text.includes('\u0000');
  const remove = new Array<boolean>(n).fill(false);
  const blankBefore = new Array<boolean>(n).fill(false);

  let first = 0;
  while (first < n && blank(first)) first++;
  let last = n - 1;
  while (last >= 0 && blank(last)) last--;
  for (let i = 0; i < n - 1; i++) {
    // The last line (no line break after it) is never deleted: emptying it is enough.
    if (!blank(i)) continue;
    if (i < first || i > last || (i > 0 && blank(i - 1))) remove[i] = true;
  }
  // A line ending in a lone CR and the line after it are one line to the tools (see the loop below):
  // neither is deleted as a blank line, which would join or part them (not idempotent either: review).
  for (let i = 0; i < n; i++) {
    if (doc.lines[i]!.eol !== '\r') continue;
    remove[i] = false;
    if (i + 1 < n) remove[i + 1] = false;
  }
  // A U+FEFF starting the first line with content would become the file's byte order mark once the
  // blank lines above it are gone, and read differently by the next format (not idempotent): the
  // blank line right above it stays.
  if (first > 0 && first < n && doc.lines[first]!.node.text.charCodeAt(0) === 0xfeff) remove[first - 1] = false;
  for (const s of doc.sections) {
    const start = attachedCommentStart(doc, s.headerLine);
    if (start > first && !blank(start - 1)) blankBefore[start] = true;
  }

  let from = 0;
  let to = n - 1;
  if (range) {
    // (Whole lines: a fractional one, which LSP forbids but a client may send, indexed no line: review.)
    from = Math.max(0, Math.floor(range.start.line));
    const end = Math.ceil(range.end.line);
    to = Math.min(n - 1, range.end.character === 0 && end > from ? end - 1 : end);
    // Only the blank lines in the range are deleted, never those around it: VS Code's format on save
    // with "modifications" formats the lines the user changed and nothing else (formatting review: the
    // whole run of blank lines went). The run's first blank line is never surplus (see remove), so the
    // same range formatted again deletes at most what is left of the surplus, down to that one.
  }
  // The lines of [Interface] and [Peer] sections: only their entries are wg's to canonicalise.
  const known = new Array<boolean>(n).fill(false);
  for (const s of doc.sections) if (s.kind !== 'unknown') known.fill(true, s.headerLine + 1, s.endLine);
  const edits: TextEdit[] = [];
  for (let i = from; i <= to; i++) {
    // A line after a lone CR is the same line as the one before to wg, wg-quick and Windows (they break
    // at LF only; cr-line-ending says so): left exactly as written. A blank line inserted there, or a
    // blank-looking line emptied, put an LF right after the CR: one CRLF, the two lines split for the
    // tools, and another blank line at the next format (formatting review).
    if (i > 0 && doc.lines[i - 1]!.eol === '\r') continue;
    if (remove[i]) {
      // A run of surplus blank lines is one edit (one per line made a 1 MB file of blank lines a
      // 99 MB answer: server review). A BOM in front of a blank line 0 stays: the next line moves up
      // behind it.
      let j = i;
      while (j < to && remove[j + 1]) j++;
      edits.push({ range: { start: { line: i, character: i === 0 && doc.bom ? 1 : 0 }, end: { line: j + 1, character: 0 } }, newText: '' });
      i = j;
      continue;
    }
    const node = doc.lines[i]!.node;
    // With a byte order mark, line 0's LSP columns count it; keep it in front.
    const bom = i === 0 && doc.bom ? '\uFEFF' : '';
    let formatted = formatLine(node, known[i]) ?? node.text;
    // A line a lone CR joins to the next keeps its trailing blanks: they sit inside that line for the
    // tools (`PostUp = echo a  <CR>echo b` is one command to wg-quick; trimmed, its words change). Not
    // before a run of CRs ending a line (CR CR LF): there they are trailing blanks to the tools too.
    if (doc.lines[i]!.eol === '\r' && crJoinsText(doc, i)) formatted = formatted.trimEnd() + node.text.slice(node.text.trimEnd().length);
    const eol = i > 0 ? lineBreakAfter(doc, i - 1) : '\n';
    const newText = (blankBefore[i] ? eol : '') + bom + formatted;
    if (newText === bom + node.text) continue;
    // Only the blank line missing above an unchanged line: inserted there, the line itself untouched
    // (edits touch only what they must; LSP review: the line was rewritten with it).
    if (blankBefore[i] && formatted === node.text && !bom) {
      edits.push({ range: { start: { line: i, character: 0 }, end: { line: i, character: 0 } }, newText: eol });
      continue;
    }
    edits.push({ range: { start: { line: i, character: 0 }, end: { line: i, character: bom.length + node.text.length } }, newText });
  }
  return edits;
}
