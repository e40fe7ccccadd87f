// Code actions: the one textDocument/codeAction handler (LSP allows one per connection).
// Quick fixes come from the problems (each carries its fix edits, so an action is only
// their translation); key and peer actions (generate keys, create counterpart, add peer)
// come from ./key-actions.ts; last, "Ignore <rule> on this line / in this file" for each
// problem (../../core/edits/suppress.ts). "Fix all auto-fixable problems" is offered among the
// quick fixes and as `source.fixAll.wgls` (editor.codeActionsOnSave), from ../../core/edits/fix-all.ts.
// Edits are versioned: a client holding a newer version rejects them rather than applying them to
// the wrong text. An action that edits another config gets its edit when picked (./deferred-actions.ts).

import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { closedFilesCurrent, keyActionsFor, wanted } from './key-actions.ts';
import type { Feature, ServerContext } from '../context.ts';
import type { Fix, TextEdit } from '../../core/problem.ts';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { toDiagnostic } from '../convert.ts';
import { comparePositions, type Range } from '../../core/span.ts';
import { suppressionFixes } from '../../core/edits/suppress.ts';
import { fixAllEdits, isAutoFixable } from '../../core/edits/fix-all.ts';
import { bomDocument, rangeFromEditor } from '../bom.ts';
import { clampPosition } from '../../core/features/document.ts';
import type { Position } from '../../core/span.ts';
import { editorDiagnostics } from './diagnostics.ts';
import { editsElsewhere, resolveCodeAction, runsWhenPicked, type Deferred } from './deferred-actions.ts';

const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.wgls`;

const intersects = (a: Range, b: Range) => comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;

export const codeActions: Feature = {
  capabilities: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND], resolveProvider: true } },
  register(ctx) {
    ctx.connection.onCodeAction(async (editorParams, token) => {
      // Cross-file fixes need the counterparts: answer once the background index is complete, and the
      // configs just closed are read back from disk (not their discarded editor text).
      await ctx.workspace.settled();
      if (token.isCancellationRequested) return [];
      // The range in the engine's columns (they differ on line 0 after a BOM a client kept: ../bom.ts).
      const params = { ...editorParams, range: clampedRange(ctx, editorParams.textDocument.uri, rangeFromEditor(bomDocument(ctx, editorParams.textDocument.uri), editorParams.range)) };
      const { fixes, ignores } = quickFixes(ctx, params);
      // Every fix (the key actions' included) before the ignores: clients that do not sort by
      // isPreferred show them in this order.
      // Source actions only when asked for by kind (the Source Action menu, codeActionsOnSave).
      const only = params.context.only;
      const source = only && wanted(FIX_ALL_KIND, only) ? sourceFixAll(ctx, params) : [];
      return [...fixes, ...keyActionsFor(ctx, params), ...ignores, ...source];
    });
    ctx.connection.onCodeActionResolve(async (action) => {
      // As the listing: the other configs are all read, a config just closed too (its discarded unsaved
      // text in the model made the edit land at its lines in the file on disk: resolve review).
      await ctx.workspace.settled();
      return resolveCodeAction(ctx, action);
    });
  },
};

const NO_FIXES = { fixes: [], ignores: [] };

/** The most problems whose actions one request lists. */
export const MAX_PROBLEMS_PER_REQUEST = 500;

/** The problems' own fixes, and the "Ignore …" actions (one per distinct edit: two problems of a rule on one line share it). */
/**
 * A character past the end of its line means the line's end (LSP 3.17, Position): `{3:11}` on a line of
 * 10 characters asks for what `{3:10}` does (code actions review: the fixes there were gone). Lines past
 * the document are left as they are (nothing intersects them).
 */
function clampedRange(ctx: ServerContext, uri: string, range: Range): Range {
  const doc = ctx.parsed(uri)?.doc;
  if (!doc) return range;
  const clamp = (p: Position) => clampPosition(doc, p) ?? p;
  return { start: clamp(range.start), end: clamp(range.end) };
}

function quickFixes(ctx: ServerContext, params: CodeActionParams): { fixes: CodeAction[]; ignores: CodeAction[] } {
  const entry = ctx.parsed(params.textDocument.uri);
  const problems = entry && ctx.problems(params.textDocument.uri);
  if (!entry || !problems) return NO_FIXES;
  if (!wanted(CodeActionKind.QuickFix, params.context.only)) return NO_FIXES;
  const uri = params.textDocument.uri;
  const version = entry.document.version;
  const actions: CodeAction[] = [];
  const ignores = new Map<string, CodeAction & { diagnostics: Diagnostic[] }>();
  // A fix several problems share (one object: "Add PostDown lines for every unmatched PostUp rule") is
  // one action listing them all, not a copy of its edit per problem.
  const shared = new Map<Fix, CodeAction & { diagnostics: Diagnostic[] }>();
  let taken = 0;
  // Closed files other fixes edit, judged once for the whole request.
  const onDisk = new Map<string, boolean>();
  for (const p of problems) {
    if (!intersects(p.range, params.range)) continue;
    // A selection over a broken file of 100,000 lines (select all, then the light bulb) would make
    // hundreds of thousands of actions, seconds of work for a menu no one reads: the first problems'
    // actions only ("Fix all" below still covers every problem).
    if (++taken > MAX_PROBLEMS_PER_REQUEST) break;
    const diagnostic: Diagnostic = editorDiagnostics(ctx, uri, [toDiagnostic(p, uri)])[0]!;
    // The comments that silence a problem (eslint's "Disable … for this line").
    for (const fix of suppressionFixes(entry.doc, p)) {
      const key = JSON.stringify([fix.title, fix.edits]);
      const same = ignores.get(key);
      if (same) same.diagnostics.push(diagnostic);
      else ignores.set(key, { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: toWorkspaceEdit(ctx, uri, version, fix.edits) });
    }
    for (const fix of p.fixes ?? []) {
      // A fix that edits another config closed in the editor: only while that file is as it was read.
      const elsewhere = editsElsewhere(fix, uri);
      const deferred = elsewhere && ctx.canResolveEdits();
      if (elsewhere && !closedFilesCurrent(ctx, fix, uri, onDisk)) continue;
      const same = shared.get(fix);
      if (same) {
        same.diagnostics.push(diagnostic);
        continue;
      }
      const data: Deferred = { wgls: 'fix', uri, version, rule: p.rule, range: p.range, title: fix.title };
      const action: CodeAction & { diagnostics: Diagnostic[] } = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(fix.preferred ? { isPreferred: true } : {}),
        ...(deferred ? { data } : ((elsewhere && runsWhenPicked(ctx, fix, uri, fix.title, data)) || { edit: toWorkspaceEdit(ctx, uri, version, fix.edits) })),
      };
      shared.set(fix, action);
      actions.push(action);
    }
  }
  // Where a problem that Fix all would fix is under the cursor and it has others to fix with it.
  if (problems.some((p) => intersects(p.range, params.range) && isAutoFixable(p))) {
    const all = fixAllEdits(problems);
    if (all.fixed > 1) actions.push({ title: `Fix all auto-fixable problems (${all.fixed})`, kind: CodeActionKind.QuickFix, edit: toWorkspaceEdit(ctx, uri, version, all.edits) });
  }
  return { fixes: actions, ignores: [...ignores.values()] };
}

/** `source.fixAll.wgls`: every auto-fixable problem of the file in one edit (none when there is nothing to fix). */
function sourceFixAll(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const entry = ctx.parsed(uri);
  const problems = entry && ctx.problems(uri);
  if (!entry || !problems) return [];
  const { edits, fixed } = fixAllEdits(problems);
  if (fixed === 0) return [];
  return [{ title: `Fix all auto-fixable problems (${fixed})`, kind: FIX_ALL_KIND, edit: toWorkspaceEdit(ctx, uri, entry.document.version, edits) }];
}

/**
 * One atomic WorkspaceEdit for a fix, grouped per document. Open documents are pinned to the version
 * the fix was computed from; closed files (edited through the counterpart) have no version (null).
 * A client that did not declare `documentChanges` gets the plain `changes` map (unversioned), which
 * every client applies.
 */
export function toWorkspaceEdit(ctx: ServerContext, uri: string, version: number | null, edits: readonly TextEdit[]): WorkspaceEdit {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const u = e.uri ?? uri;
    byUri.set(u, [...(byUri.get(u) ?? []), e]);
  }
  if (!ctx.editSupport().documentChanges) {
    return { changes: Object.fromEntries([...byUri].map(([u, list]) => [u, list.map((e) => ({ range: e.range, newText: e.newText }))])) };
  }
  return {
    documentChanges: [...byUri].map(([u, list]) => ({
      textDocument: { uri: u, version: u === uri ? version : (ctx.documents.get(u)?.version ?? null) },
      edits: list.map((e) => ({ range: e.range, newText: e.newText })),
    })),
  };
}
