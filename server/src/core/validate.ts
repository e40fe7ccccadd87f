// Single-document validation: runs every rule group over a parsed document.

import type { ConfigDocument } from './parser.ts';
import type { Problem } from './problem.ts';
import { DEFAULT_TARGET } from './schema.ts';
import { createContext, type ValidateOptions } from './rules/context.ts';
import { checkSyntax } from './rules/syntax.ts';

export type { ValidateOptions } from './rules/context.ts';

export function validate(doc: ConfigDocument, options: ValidateOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const ctx = createContext(doc, options.target ?? DEFAULT_TARGET, options, problems);
  checkSyntax(ctx);
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return problems;
}
