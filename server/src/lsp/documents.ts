// The editor's open documents, kept as parsed documents. The LSP library's own TextDocument
// stores one string and splices every change into it, which copies the whole text per keystroke
// (milliseconds for a 1 MB hub). Here the parsed lines are the document: a change re-parses the
// lines it touches (`applyEdit`), the rest stay the same objects, and the text is joined only if
// someone asks for it. The LineCache, shared by every document, answers lines seen before.

import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';
import { LineCache, applyEdit, offsetAt, parse, reparse, type ConfigDocument } from '../core/parser.ts';

/** An open document whose content is its parse. Implements the library's TextDocument interface. */
export class ParsedTextDocument implements TextDocument {
  constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    readonly doc: ConfigDocument,
    /**
     * Why the server no longer knows this document's text, when an edit from the editor could not be
     * applied (a malformed change): `doc` is then the last text it knew. Set until a change sends the
     * whole text again (or the document is reopened): answering from a text the editor no longer
     * has would publish wrong diagnostics and, worse, formatting edits for the wrong lines.
     */
    readonly lost?: string,
  ) {}

  getText(range?: Range): string {
    const text = this.doc.text;
    // substring, as the library: a reversed range gives the same text.
    return range ? text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : text;
  }

  offsetAt(position: Position): number {
    return offsetAt(this.doc, position);
  }

  positionAt(offset: number): Position {
    // As the library does: clamp, then find the line; never a column inside a line terminator.
    const lines = this.doc.lines;
    let rest = Math.max(0, Math.min(offset, this.doc.text.length));
    for (let line = 0; line < lines.length; line++) {
      const width = this.width(line);
      const total = width + lines[line]!.eol.length;
      if (rest < total || line === lines.length - 1) return { line, character: Math.min(rest, width) };
      rest -= total;
    }
    return { line: 0, character: 0 };
  }

  getLineRange(line: number): Range {
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const at = Math.min(line, this.doc.lines.length - 1);
    return { start: { line: at, character: 0 }, end: { line: at, character: this.width(at) } };
  }

  getEOLCharacters(line: number): string {
    return line < 0 || line >= this.doc.lines.length ? '' : this.doc.lines[line]!.eol;
  }

  /** Columns of a line as the editor counts them (a BOM is a character of line 0). */
  private width(line: number): number {
    return this.doc.lines[line]!.length + (line === 0 && this.doc.bom ? 1 : 0);
  }

  get lineCount(): number {
    return this.doc.lines.length;
  }
}

/**
 * What makes a change impossible to apply, if anything. Positions out of the document are fine
 * (clamped, as the library does, 1e300 too); a position that is not a whole number, or a text that is not a
 * string, is a broken client: the description names the field, never the text (it may hold keys).
 */
export function malformed(change: TextDocumentContentChangeEvent): string | undefined {
  if (typeof change?.text !== 'string') return 'its text is not a string';
  if (!('range' in change) || change.range == null) return undefined; // no range: the whole text
  const { range } = change;
  for (const [name, p] of [['start', range?.start], ['end', range?.end]] as const) {
    // (Any whole number: one past the end, however large, is clamped as the library does.)
    if (!Number.isInteger(p?.line) || !Number.isInteger(p?.character)) return `its range ${name} is not a position of whole numbers`;
  }
  return undefined;
}

export class ParsedDocuments {
  private readonly lineCache = new LineCache();
  private readonly parsed = new Map<string, { document: TextDocument; version: number; doc: ConfigDocument }>();

  /**
   * The document the workspace already holds for a URI (indexed from disk), if any. Opening that file
   * then re-parses only what differs from it (usually nothing): the Line objects stay the same, and
   * with them the model, the per-peer results and the indexes built on them. A 5,000-peer hub the
   * index has seen opens without a full parse and validation.
   */
  known: (uri: string) => ConfigDocument | undefined = () => undefined;

  /** For `new TextDocuments(…)`: open documents are ParsedTextDocuments, changed line by line. */
  readonly configuration: TextDocumentsConfiguration<ParsedTextDocument> = {
    create: (uri, languageId, version, content) => {
      const indexed = this.known(uri);
      return new ParsedTextDocument(uri, languageId, version, indexed ? reparse(indexed, content, this.lineCache) : parse(content, this.lineCache));
    },
    update: (document, changes, version) => {
      let doc = document.doc;
      let lost = document.lost;
      // A version below the document's (LSP: versions only grow): its ranged changes were made to a text
      // this copy never had, and its diagnostics would replace newer ones (fuzz review: version 3 applied
      // and published after 5). Lost, and the version stays where it was; a whole text is known again.
      // (An equal version is applied: some clients never count up.)
      const backwards = version < document.version;
      let whole = false;
      for (const change of changes) {
        const wrong = malformed(change);
        if (wrong !== undefined) lost ??= wrong;
        else if (!('range' in change && change.range)) {
          // The whole text: whatever was lost before, the document is known again.
          doc = reparse(doc, change.text, this.lineCache);
          lost = undefined;
          whole = true;
        } else if (lost === undefined && backwards && !whole) lost = `its version went back from ${document.version} to ${version}`;
        else if (lost === undefined) doc = applyEdit(doc, change.range.start, change.range.end, change.text, this.lineCache);
      }
      return new ParsedTextDocument(document.uri, document.languageId, backwards && !whole ? document.version : version, doc, lost);
    },
  };

  get(document: TextDocument): ConfigDocument {
    if (document instanceof ParsedTextDocument) return document.doc;
    // Any other TextDocument (tests, other callers): parse once per document object and version (a
    // document opened again under the same version is another text, as workspace-state.ts takes it).
    const hit = this.parsed.get(document.uri);
    if (hit && hit.document === document && hit.version === document.version) return hit.doc;
    const text = document.getText();
    const doc = hit ? reparse(hit.doc, text, this.lineCache) : parse(text, this.lineCache);
    this.parsed.set(document.uri, { document, version: document.version, doc });
    return doc;
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
  }
}
