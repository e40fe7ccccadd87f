// textDocument/inlayHint → core/features/inlay-hints, switched by the
// wgls.inlayHints.* settings; the editor is asked to refresh when they change.

import { inlayHints as hintsFor } from '../../core/features/inlay-hints.ts';
import type { Feature, ServerContext } from '../context.ts';
import { guarded, peerLookup } from './workspace-lookup.ts';
import { rangeFromEditor, toEditor } from '../bom.ts';
import { wgValue } from '../../core/model.ts';
import type { WorkspaceFile } from '../../core/workspace.ts';
import { FactChanges } from './navigation.ts';

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

    // A peer's name comes from other configs (its owner's `# Name`, file name, or a name another config
    // gives it): when one of those changes, the editor is asked to re-query (UI review: a hub open beside
    // a spoke kept `→ laptop` after the spoke was renamed; lenses were refreshed, hints were not). Only
    // with peer names on, and only when what names a peer changed, not at every keystroke.
    const names = new FactChanges(nameFacts);
    let pending: NodeJS.Timeout | undefined;
    ctx.workspace.onChanged((uris) => {
      if (!ctx.settings().inlayHints.peerNames || !ctx.canRefreshInlayHints()) return;
      if (!names.changed(uris, (u) => ctx.workspace.model.get(u)) || pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        ctx.connection.languages.inlayHint.refresh().catch(() => undefined);
      }, 300);
    });
  },
};

/** What other configs' peer-name hints read of a config (peerLookup), as one string; '' for no config. */
function nameFacts(file: WorkspaceFile | undefined): string {
  if (!file) return '';
  const peers = file.model.peers.map((p) => `${p.publicKey ? wgValue(p.publicKey) : ''}=${p.name ?? ''}`).join(',');
  return `${file.publicKey ?? ''} ${file.model.iface.name ?? ''} ${file.uri} ${peers}`;
}
