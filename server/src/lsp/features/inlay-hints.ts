// textDocument/inlayHint → core/features/inlay-hints, switched by the
// wgls.inlayHints.* settings; the editor is asked to refresh when they change.

import { inlayHints as hintsFor } from '../../core/features/inlay-hints.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded, peerLookup } from './workspace-lookup.ts';
import { rangeFromEditor, toEditor } from '../bom.ts';

export const inlayHints: Feature = {
  capabilities: { inlayHintProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.languages.inlayHint.on((params) =>
      guarded(ctx, 'inlay hints', null, () => {
        const entry = ctx.parsed(params.textDocument.uri);
        if (!entry) return null;
        const s = ctx.settings().inlayHints;
        return toEditor(entry.doc, hintsFor(entry.doc, rangeFromEditor(entry.doc, params.range), { ...s, lookupPeer: peerLookup(ctx) }));
      }),
    );
    let last = JSON.stringify(ctx.settings().inlayHints);
    ctx.onSettingsChanged(() => {
      const now = JSON.stringify(ctx.settings().inlayHints);
      if (now === last) return;
      last = now;
      // Clients without refresh support answer with an error; nothing to do then.
      ctx.connection.languages.inlayHint.refresh().catch(() => undefined);
    });
  },
};
