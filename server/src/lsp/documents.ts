// Parsed documents, one parse per document version. The LineCache is shared by
// every document so an edit re-parses only the lines whose text changed.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineCache, parse, type ConfigDocument } from '../core/parser.ts';

export class ParsedDocuments {
  private readonly lineCache = new LineCache();
  private readonly parsed = new Map<string, { version: number; doc: ConfigDocument }>();

  get(document: TextDocument): ConfigDocument {
    const hit = this.parsed.get(document.uri);
    if (hit && hit.version === document.version) return hit.doc;
    const doc = parse(document.getText(), this.lineCache);
    this.parsed.set(document.uri, { version: document.version, doc });
    return doc;
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
  }
}
