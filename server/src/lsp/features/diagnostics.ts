// Publishes diagnostics for open documents. A change schedules a run on the next turn of the event
// loop, which validates the latest version of every file scheduled by then: one workspace event that
// touches many files publishes each once (open documents first, closed ones in batches: see flush).
// Separate didChange notifications are each validated: the connection hands the server one message
// per turn (a review counted 202 publishes for 200 changes), which an edit of a 5,000-peer hub (a few
// ms) keeps well ahead of typing. No timers: nothing to tune, nothing to wait for in tests.

import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import { toDiagnostic } from '../convert.ts';
import type { Feature, ServerContext } from '../context.ts';
import type { Problem } from '../../core/problem.ts';
import { bomDocument, toEditor } from '../bom.ts';
import { redactFailure, redactUri } from '../../core/redact.ts';

/**
 * Diagnostics already converted, per problem object: the validator keeps a clean peer's problems
 * (the same objects) across edits, so an edit in a big file with many problems converts only the
 * new ones (each conversion builds a documentation URL).
 */
const converted = new WeakMap<Problem, { readonly uri: string; readonly diagnostic: Diagnostic }>();

function diagnosticOf(problem: Problem, uri: string): Diagnostic {
  const hit = converted.get(problem);
  if (hit && hit.uri === uri) return hit.diagnostic;
  const diagnostic = toDiagnostic(problem, uri);
  converted.set(problem, { uri, diagnostic });
  return diagnostic;
}

/**
 * Diagnostics in the editor's columns: line 0's ranges of an open document whose text starts with a
 * BOM move by one (see ../bom.ts), in this document and in related locations of other ones.
 */
export function editorDiagnostics(ctx: ServerContext, uri: string, list: readonly Diagnostic[]): Diagnostic[] {
  const doc = bomDocument(ctx, uri);
  // Nearly always nothing to move (VS Code strips BOMs): then the list as it is, nothing copied.
  if (!doc && !list.some((d) => d.relatedInformation?.some((r) => r.location.uri !== uri && bomDocument(ctx, r.location.uri)))) return list as Diagnostic[];
  const related = (r: DiagnosticRelatedInformation) => toEditor(r.location.uri === uri ? doc : bomDocument(ctx, r.location.uri), r);
  return list.map((d) => ({
    ...d,
    range: toEditor(doc, d.range),
    ...(d.relatedInformation ? { relatedInformation: d.relatedInformation.map(related) } : {}),
  }));
}

/**
 * Diagnostics published per document, the first by position; the rest are counted in one more. A file
 * of 100,000 junk lines (a `.conf` that is no WireGuard config) made a 30 MB message per keystroke and
 * seconds of work for a Problems panel nobody reads (robustness review); the CLI lists them all.
 */
export const MAX_PUBLISHED = 1000;

/** Closed configs published per turn of the event loop (see flush): tens of milliseconds of work. */
const CLOSED_PER_TURN = 200;

function notShown(first: Problem, count: number): Diagnostic {
  return {
    range: { start: first.range.start, end: first.range.start },
    severity: 3,
    source: 'wgls',
    message: `${count.toLocaleString('en-US')} more problem${count === 1 ? '' : 's'} in this file, not shown from here on: wgls shows the first ${MAX_PUBLISHED.toLocaleString('en-US')} (\`wgls check\` lists them all).`,
  };
}

export const diagnostics: Feature = {
  capabilities: {},
  register(ctx: ServerContext) {
    const { connection, documents } = ctx;
    const pending = new Set<string>();
    let scheduled = false;
    // The first diagnostics wait for the settings pulled at start-up (a file restored with the window was
    // published with the defaults, then again: a rule set to "off" showed for a moment; settings review),
    // at most a second: a client that never answers must not leave its files unchecked.
    let settingsLanded = false;
    let waiting = false;

    const publish = (uri: string) => {
      try {
        const problems = ctx.problems(uri);
        const version = documents.get(uri)?.version;
        // A config that left the workspace (deleted, or no longer WireGuard) loses its diagnostics.
        const all = problems ?? [];
        const shown = all.length > MAX_PUBLISHED ? all.slice(0, MAX_PUBLISHED) : all;
        const list = shown.map((p) => diagnosticOf(p, uri));
        if (shown !== all) list.push(notShown(all[MAX_PUBLISHED]!, all.length - MAX_PUBLISHED));
        void connection.sendDiagnostics({
          uri,
          ...(version !== undefined ? { version } : {}),
          diagnostics: editorDiagnostics(ctx, uri, list),
        });
      } catch (err) {
        // One document never takes the server down. Log the failure, never the text (it may hold keys).
        connection.console.error(`wgls: validating ${redactUri(uri)} failed: ${redactFailure(err)}`);
      }
    };

    // Open documents first (the one being typed in is the one looked at), then closed ones a batch per
    // turn of the event loop: an edit of a hub whose 2,000 spokes are re-checked published the hub last,
    // after all of them, and held every request (a code lens, a hover) until the last one was out
    // (navigation review: 0.3 s to the hub's own diagnostics). Requests and the next keystroke are now
    // served between batches.
    const flush = () => {
      if (!settingsLanded) {
        // (`scheduled` stays set meanwhile: the files asked for until then are published together.)
        if (!waiting) {
          waiting = true;
          void Promise.race([ctx.settingsSettled(), new Promise((r) => setTimeout(r, 1000).unref())]).then(() => {
            settingsLanded = true;
            flush();
          });
        }
        return;
      }
      scheduled = false;
      const open: string[] = [];
      const closed: string[] = [];
      for (const u of pending) (documents.get(u) ? open : closed).push(u);
      pending.clear();
      for (const u of open) publish(u);
      for (let i = 0; i < closed.length; i++) {
        if (i < CLOSED_PER_TURN) publish(closed[i]!);
        else pending.add(closed[i]!);
      }
      if (pending.size && !scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    };

    const schedule = (uri: string) => {
      pending.add(uri);
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    };

    // The workspace says which configs may have new results: the edited one and its counterparts.
    ctx.workspace.onChanged((uris) => uris.forEach(schedule));
  },
};
