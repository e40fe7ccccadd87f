// Engine → LSP conversions. Engine ranges already have LSP's shape; only enums differ.

import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { Problem } from '../core/problem.ts';
import type { Severity } from '../core/rules/catalogue.ts';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Rule docs ship inside the extension (docs/rules), so the link works offline. */
const docsDir = path.resolve(__dirname, '..', 'docs', 'rules');

export function ruleDocUrl(rule: string): string {
  return pathToFileURL(path.join(docsDir, `${rule}.md`)).toString();
}

export function toDiagnostic(problem: Problem, uri: string): Diagnostic {
  return {
    range: problem.range,
    severity: SEVERITY[problem.severity],
    source: 'wgls',
    code: problem.rule,
    codeDescription: { href: ruleDocUrl(problem.rule) },
    message: problem.message,
    ...(problem.unnecessary ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(problem.related?.length
      ? {
          relatedInformation: problem.related.map((r) => ({
            location: { uri: r.uri ?? uri, range: r.range },
            message: r.message,
          })),
        }
      : {}),
  };
}
