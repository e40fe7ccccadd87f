// Lines that no WireGuard parser can read. Semantic rules skip these lines, so a
// typo produces one clear diagnostic rather than a cascade.

import type { RuleContext } from './context.ts';
import { lineRange } from '../span.ts';

export function checkSyntax(ctx: RuleContext): void {
  const { doc } = ctx;
  if (doc.bom || ctx.options.fileHasBom) {
    ctx.report({
      rule: 'bom',
      range: lineRange(0, { start: 0, end: 0 }),
      message: 'The file starts with a UTF-8 byte order mark: wg fails with "Line unrecognized" on line 1. Save it as UTF-8 without BOM.',
    });
  }
  for (let i = 0; i < doc.lines.length; i++) {
    const node = doc.lines[i]!.node;
    if (node.kind === 'invalid') {
      ctx.report({
        rule: 'invalid-line',
        range: lineRange(i, node.content),
        message: `Expected a section header such as [Peer], "Key = Value" or a # comment; wg rejects this line ("Line unrecognized").`,
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
      const squashed = node.nameText.replace(/\s+/g, '').toLowerCase();
      if (squashed !== 'interface' && squashed !== 'peer' && node.close >= 0) {
        ctx.report({
          rule: 'unknown-section',
          range: lineRange(i, node.nameText ? node.name : { start: node.open, end: node.close + 1 }),
          message: `Unknown section [${node.nameText}]: WireGuard knows only [Interface] and [Peer].`,
          fixes: suggestSection(i, node.name, squashed),
        });
      }
    } else if (node.kind === 'entry' && node.value.start === node.value.end) {
      ctx.report({
        rule: 'empty-value',
        range: lineRange(i, { start: node.key.start, end: node.eq + 1 }),
        message: `${node.keyText || 'This key'} has no value: wg rejects "Key =" lines (delete the line to leave it unset).`,
      });
    }
  }
  for (const entry of doc.preamble) {
    ctx.report({
      rule: 'key-outside-section',
      range: lineRange(entry.line, entry.node.key),
      message: `${entry.node.keyText} is outside any section: put it under [Interface] or [Peer].`,
    });
  }
}

function suggestSection(line: number, name: { start: number; end: number }, squashed: string) {
  const guess = squashed.startsWith('int') || squashed.includes('face') ? 'Interface' : squashed.startsWith('pe') ? 'Peer' : undefined;
  if (!guess) return undefined;
  return [{ title: `Change to [${guess}]`, preferred: true, edits: [{ range: lineRange(line, name), newText: guess }] }];
}
