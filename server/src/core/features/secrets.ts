// Where the secret values of a document are (PrivateKey, PresharedKey: the keys the
// schema marks `secret`). The client's privacy decorations hide exactly these.

import type { ConfigDocument } from '../parser.ts';
import { lookupKey } from '../schema.ts';

export interface SecretSpan {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export function secretValueSpans(doc: ConfigDocument): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const { line, node } of [...doc.preamble, ...doc.sections.flatMap((s) => s.entries)]) {
    if (node.value.end > node.value.start && lookupKey(node.keyText)?.info.secret) {
      spans.push({ line, start: node.value.start, end: node.value.end });
    }
  }
  return spans.sort((a, b) => a.line - b.line);
}
