// Publishes diagnostics for open documents. Runs once per burst of changes: a change
// schedules a run on the next turn of the event loop and only the latest version is
// validated (no timers: nothing to tune, nothing to wait for in tests).

import { toDiagnostic } from '../convert.ts';
import type { Feature, ServerContext } from '../context.ts';

export const diagnostics: Feature = {
  capabilities: {},
  register(ctx: ServerContext) {
    const { connection, documents } = ctx;
    const pending = new Set<string>();
    let scheduled = false;

    const publish = (uri: string) => {
      const entry = ctx.parsed(uri);
      if (!entry) return;
      try {
        const problems = ctx.problems(uri) ?? [];
        void connection.sendDiagnostics({
          uri,
          version: entry.document.version,
          diagnostics: problems.map((p) => toDiagnostic(p, uri)),
        });
      } catch (err) {
        // One document never takes the server down. Log the failure, never the text (it may hold keys).
        connection.console.error(`wgls: validating ${uri} failed: ${(err as Error).stack ?? String(err)}`);
      }
    };

    const schedule = (uri: string) => {
      pending.add(uri);
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        const uris = [...pending];
        pending.clear();
        for (const u of uris) publish(u);
      });
    };

    documents.onDidOpen((e) => schedule(e.document.uri));
    documents.onDidChangeContent((e) => schedule(e.document.uri));
    documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
    ctx.onSettingsChanged(() => documents.all().forEach((d) => schedule(d.uri)));
    ctx.onFileInfoChanged((uri) => schedule(uri));
  },
};
