// Code actions: the one textDocument/codeAction handler (LSP allows one per connection).
// Quick fixes come from the problems (each carries its fix edits, so an action is only
// their translation); key and peer actions (generate keys, create counterpart, add peer)
// come from ./key-actions.ts; last, "Ignore <rule> on this line / in this file" for each
// problem (../../core/edits/suppress.ts). Edits are versioned: a client holding a newer
// version rejects them rather than applying them to the wrong text.

import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { keyActionsFor } from './key-actions.ts';
import type { Feature, ServerContext } from '../context.ts';
import type { TextEdit } from '../../core/problem.ts';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { toDiagnostic } from '../convert.ts';
import { comparePositions, type Range } from '../../core/span.ts';
import { suppressionFixes } from '../../core/edits/suppress.ts';

const intersects = (a: Range, b: Range) => comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;

export const codeActions: Feature = {
  capabilities: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite], resolveProvider: false } },
  register(ctx) {
    ctx.connection.onCodeAction(async (params) => {
      // Cross-file fixes need the counterparts: answer once the background index is complete.
      await ctx.workspace.indexed;
      const { fixes, ignores } = quickFixes(ctx, params);
      // Every fix (the key actions' included) before the ignores: clients that do not sort by
      // isPreferred show them in this order.
      return [...fixes, ...keyActionsFor(ctx, params), ...ignores];
    });
  },
};

const NO_FIXES = { fixes: [], ignores: [] };

/** The problems' own fixes, and the "Ignore …" actions (one per distinct edit: two problems of a rule on one line share it). */
function quickFixes(ctx: ServerContext, params: CodeActionParams): { fixes: CodeAction[]; ignores: CodeAction[] } {
  const entry = ctx.parsed(params.textDocument.uri);
  const problems = entry && ctx.problems(params.textDocument.uri);
  if (!entry || !problems) return NO_FIXES;
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === '')) return NO_FIXES;
  const uri = params.textDocument.uri;
  const version = entry.document.version;
  const actions: CodeAction[] = [];
  const ignores = new Map<string, CodeAction & { diagnostics: Diagnostic[] }>();
  for (const p of problems) {
    if (!intersects(p.range, params.range)) continue;
    const diagnostic: Diagnostic = toDiagnostic(p, uri);
    // The comments that silence a problem (eslint's "Disable … for this line").
    for (const fix of suppressionFixes(entry.doc, p)) {
      const key = JSON.stringify([fix.title, fix.edits]);
      const same = ignores.get(key);
      if (same) same.diagnostics.push(diagnostic);
      else ignores.set(key, { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: toWorkspaceEdit(ctx, uri, version, fix.edits) });
    }
    for (const fix of p.fixes ?? []) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(fix.preferred ? { isPreferred: true } : {}),
        edit: toWorkspaceEdit(ctx, uri, version, fix.edits),
      });
    }
  }
  return { fixes: actions, ignores: [...ignores.values()] };
}

/**
 * One atomic WorkspaceEdit for a fix, grouped per document. Open documents are pinned to the version
 * the fix was computed from; closed files (edited through the counterpart) have no version (null).
 */
export function toWorkspaceEdit(ctx: ServerContext, uri: string, version: number, edits: readonly TextEdit[]): WorkspaceEdit {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const u = e.uri ?? uri;
    byUri.set(u, [...(byUri.get(u) ?? []), e]);
  }
  return {
    documentChanges: [...byUri].map(([u, list]) => ({
      textDocument: { uri: u, version: u === uri ? version : (ctx.documents.get(u)?.version ?? null) },
      edits: list.map((e) => ({ range: e.range, newText: e.newText })),
    })),
  };
}
