// Quick fixes: every problem carries its fixes (engine edits), so a code action is
// only their translation. Edits are versioned: a client holding a newer version
// rejects them rather than applying them to the wrong text.

import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { Feature } from '../context.ts';
import { toDiagnostic } from '../convert.ts';
import { comparePositions, type Range } from '../../core/span.ts';

const intersects = (a: Range, b: Range) => comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;

export const codeActions: Feature = {
  capabilities: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false } },
  register(ctx) {
    ctx.connection.onCodeAction((params) => {
      const entry = ctx.parsed(params.textDocument.uri);
      const problems = entry && ctx.problems(params.textDocument.uri);
      if (!entry || !problems) return [];
      const only = params.context.only;
      if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === '')) return [];
      const uri = params.textDocument.uri;
      const version = entry.document.version;
      const actions: CodeAction[] = [];
      for (const p of problems) {
        if (!p.fixes?.length || !intersects(p.range, params.range)) continue;
        const diagnostic: Diagnostic = toDiagnostic(p, uri);
        for (const fix of p.fixes) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            ...(fix.preferred ? { isPreferred: true } : {}),
            edit: { documentChanges: [{ textDocument: { uri, version }, edits: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) }] },
          });
        }
      }
      return actions;
    });
  },
};
