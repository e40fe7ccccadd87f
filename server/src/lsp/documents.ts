// Parsed documents, one parse per document version. A new version is parsed from the
// previous one (`reparse`: unchanged lines keep their nodes, found in place), and the
// LineCache, shared by every document, answers lines seen before.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineCache, parse, reparse, type ConfigDocument } from '../core/parser.ts';

export class ParsedDocuments {
  private readonly lineCache = new LineCache();
  private readonly parsed = new Map<string, { version: number; doc: ConfigDocument }>();

  get(document: TextDocument): ConfigDocument {
    const hit = this.parsed.get(document.uri);
    if (hit && hit.version === document.version) return hit.doc;
    const text = document.getText();
    const doc = hit ? reparse(hit.doc, text, this.lineCache) : parse(text, this.lineCache);
    this.parsed.set(document.uri, { version: document.version, doc });
    return doc;
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
  }
}
