// Moving between the two ends of a tunnel:
//  - go to definition on a [Peer]'s PublicKey → the [Interface] of the config that owns it;
//  - find references on an [Interface] (header or PrivateKey line) or on a PublicKey →
//    every [Peer] in the workspace with that public key;
//  - a code lens on each [Peer] whose counterpart is known: `↔ nas.conf`, opening it.

import { CodeLensRefreshRequest, type CodeLens, type Location } from 'vscode-languageserver';
import type { Feature, ServerContext } from '../context.ts';
import { wgValue } from '../../core/model.ts';
import { lineRange, type Range } from '../../core/span.ts';
import type { WorkspaceFile } from '../../core/workspace.ts';
import { bomDocument, toEditor } from '../bom.ts';

/** Client command the lens runs: opens a URI with a range selected. */
export const OPEN_COUNTERPART = 'wgls.openCounterpart';

/** The first [Interface] header of a config, in the editor's columns. */
function interfaceRange(ctx: ServerContext, file: WorkspaceFile): Range | undefined {
  const s = file.model.iface.sections[0];
  return s ? editorRange(ctx, file.uri, lineRange(s.headerLine, { start: s.header.open, end: s.header.close >= 0 ? s.header.close + 1 : s.header.text.length })) : undefined;
}

/** A range of the config at `uri` in the editor's columns (line 0 after a BOM an open document kept: ../bom.ts). */
const editorRange = (ctx: ServerContext, uri: string, range: Range): Range => toEditor(bomDocument(ctx, uri), range);

function fileAt(ctx: ServerContext, uri: string): WorkspaceFile | undefined {
  const entry = ctx.parsed(uri);
  const file = ctx.workspace.file(uri);
  return entry && file && file.doc === entry.doc ? file : undefined;
}

/** The public key a position stands for: a [Peer]'s PublicKey line, or this interface (header / PrivateKey line). */
function keyAt(file: WorkspaceFile, line: number): { key: string; kind: 'peer' | 'interface' } | undefined {
  for (const p of file.model.peers) {
    if (p.publicKey && p.publicKey.line === line) return { key: wgValue(p.publicKey), kind: 'peer' };
  }
  const onInterface =
    file.model.iface.sections.some((s) => s.headerLine === line) || file.model.iface.entries.some((e) => e.line === line && e.match?.info.name === 'PrivateKey');
  return onInterface && file.publicKey ? { key: file.publicKey, kind: 'interface' } : undefined;
}

export const navigation: Feature = {
  capabilities: { definitionProvider: true, referencesProvider: true, codeLensProvider: { resolveProvider: false } },
  register(ctx) {
    ctx.connection.onDefinition((params): Location[] => {
      const file = fileAt(ctx, params.textDocument.uri);
      const at = file && keyAt(file, params.position.line);
      if (!file || !at || at.kind !== 'peer') return [];
      const other = ctx.workspace.model.counterpartOf(at.key, file.uri);
      const range = other && interfaceRange(ctx, other);
      return other && range ? [{ uri: other.uri, range }] : [];
    });

    ctx.connection.onReferences((params): Location[] => {
      const file = fileAt(ctx, params.textDocument.uri);
      const at = file && keyAt(file, params.position.line);
      if (!file || !at) return [];
      const ws = ctx.workspace.model;
      const out: Location[] = [];
      if (params.context.includeDeclaration) {
        for (const owner of ws.ownersOf(at.key)) {
          const range = interfaceRange(ctx, owner);
          if (range) out.push({ uri: owner.uri, range });
        }
      }
      for (const ref of ws.referencesTo(at.key)) {
        const pk = ref.peer.publicKey!;
        out.push({ uri: ref.file.uri, range: editorRange(ctx, ref.file.uri, lineRange(pk.line, pk.node.value)) });
      }
      return out;
    });

    ctx.connection.onCodeLens((params): CodeLens[] => {
      const file = fileAt(ctx, params.textDocument.uri);
      if (!file) return [];
      const lenses: CodeLens[] = [];
      for (const peer of file.model.peers) {
        if (!peer.publicKey) continue;
        const other = ctx.workspace.model.counterpartOf(wgValue(peer.publicKey), file.uri);
        const target = other && interfaceRange(ctx, other);
        if (!other || !target) continue;
        const h = peer.section.header;
        lenses.push({
          range: editorRange(ctx, file.uri, lineRange(peer.section.headerLine, { start: h.open, end: h.close >= 0 ? h.close + 1 : h.text.length })),
          command: { title: `↔ ${other.name}`, command: OPEN_COUNTERPART, arguments: [other.uri, target] },
        });
      }
      return lenses;
    });

    // Lenses depend on other files (a counterpart appears or goes): ask the editor to re-query.
    // (Clients without workspace/codeLens/refresh answer with an error, which is ignored.)
    let pending: NodeJS.Timeout | undefined;
    ctx.workspace.onChanged(() => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        ctx.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      }, 300);
    });
  },
};
