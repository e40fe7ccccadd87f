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
import { redactKeys } from '../../core/redact.ts';

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
function keyAt(file: WorkspaceFile, line: number, character: number): { key: string; kind: 'peer' | 'interface' } | undefined {
  // (Not from a comment after the key or the header: that is the comment's text, navigation review.)
  const comment = file.doc.lines[line]?.node.comment;
  if (comment && character >= comment.start) return undefined;
  for (const p of file.model.peers) {
    if (p.publicKey && p.publicKey.line === line) return { key: wgValue(p.publicKey), kind: 'peer' };
  }
  const onInterface =
    file.model.iface.sections.some((s) => s.headerLine === line) || file.model.iface.entries.some((e) => e.line === line && e.match?.info.name === 'PrivateKey');
  return onInterface && file.publicKey ? { key: file.publicKey, kind: 'interface' } : undefined;
}

/**
 * Whether a workspace change changed what other files' answers read of the files it touched: `factsOf`
 * says that of a file as one string ('' for no file), kept per URI between changes. Lenses and peer-name
 * inlay hints each ask it, with their own facts.
 */
export class FactChanges {
  private readonly facts = new Map<string, string>();

  constructor(private readonly factsOf: (file: WorkspaceFile | undefined) => string) {}

  changed(uris: Iterable<string>, fileOf: (uri: string) => WorkspaceFile | undefined): boolean {
    let changed = false;
    for (const uri of uris) {
      const now = this.factsOf(fileOf(uri));
      if (this.facts.get(uri) === now) continue;
      if (this.facts.has(uri) || now !== '') changed = true;
      if (now === '') this.facts.delete(uri);
      else this.facts.set(uri, now);
    }
    return changed;
  }
}

/**
 * Whether a workspace change can have changed the code lenses of a file other than the one edited
 * (whose lenses the editor asks for again on its own). Another config's lenses read of a config its
 * key, its name and where its [Interface] header is; and, only when two configs hold one PrivateKey,
 * whether it lists the other back (the one that does is preferred). A keystroke in a comment of a
 * 2,000-peer hub changes none of it, and re-asking for the hub's 2,000 lenses every 300 ms while typing
 * was what the refresh cost (navigation review). The listed keys count by number only: hashing a hub's
 * 5,000 keys took 2 ms per keystroke, for the rare copy whose peer was re-keyed in place.
 */
export class LensChanges extends FactChanges {
  constructor() {
    super(lensFacts);
  }
}

/** What other configs' lenses read of a config (LensChanges), as one string; '' for no config. */
function lensFacts(file: WorkspaceFile | undefined): string {
  if (!file) return '';
  const s = file.model.iface.sections[0];
  const header = s ? `${s.headerLine}:${s.header.open}:${s.header.close}:${s.header.text.length}` : '';
  return `${file.publicKey ?? ''} ${file.name} ${header} ${file.peersByKey.size}`;
}

export const navigation: Feature = {
  capabilities: { definitionProvider: true, referencesProvider: true, codeLensProvider: { resolveProvider: false } },
  register(ctx) {
    // Each answer waits for the index and for disk reads under way (a document just closed with unsaved
    // changes, a file a watched-file event named), as code actions do: else it answers from the text
    // that was (navigation review: a lens for a discarded key, no definition before the index ended).
    ctx.connection.onDefinition(async (params): Promise<Location[]> => {
      await ctx.workspace.settled();
      const file = fileAt(ctx, params.textDocument.uri);
      const at = file && keyAt(file, params.position.line, params.position.character);
      if (!file || !at || at.kind !== 'peer') return [];
      // Every config that owns the key (copies of one, profiles of one host), the one that lists this
      // config back first: with one, the editor jumps; with more, it offers them all (navigation review:
      // a copy sorted first hid the original).
      const preferred = ctx.workspace.model.counterpartOf(at.key, file.uri);
      const owners = [...(preferred ? [preferred] : []), ...ctx.workspace.model.ownersOf(at.key).filter((f) => f !== preferred && f.uri !== file.uri)];
      return owners.flatMap((o) => {
        const range = interfaceRange(ctx, o);
        return range ? [{ uri: o.uri, range }] : [];
      });
    });

    ctx.connection.onReferences(async (params): Promise<Location[]> => {
      await ctx.workspace.settled();
      const file = fileAt(ctx, params.textDocument.uri);
      const at = file && keyAt(file, params.position.line, params.position.character);
      if (!file || !at) return [];
      const ws = ctx.workspace.model;
      const out: Location[] = [];
      if (params.context.includeDeclaration) {
        for (const owner of ws.ownersOf(at.key)) {
          const range = interfaceRange(ctx, owner);
          if (range) out.push({ uri: owner.uri, range });
        }
      }
      // Every [Peer] of each file with the key: the index keeps one per key and file, and a file may list
      // a key twice (duplicate-peer), the line asked from among them.
      for (const ref of ws.referencesTo(at.key)) {
        for (const peer of ref.file.model.peers) {
          const pk = peer.publicKey;
          if (pk && wgValue(pk) === at.key) out.push({ uri: ref.file.uri, range: editorRange(ctx, ref.file.uri, lineRange(pk.line, pk.node.value)) });
        }
      }
      return out;
    });

    ctx.connection.onCodeLens(async (params): Promise<CodeLens[]> => {
      await ctx.workspace.settled();
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
          // (A file named after a key is no name to show: workspace symbols hide it the same way.)
          command: { title: `↔ ${redactKeys(other.name)}`, command: OPEN_COUNTERPART, arguments: [other.uri, target] },
        });
      }
      return lenses;
    });

    // Lenses depend on other files (a counterpart appears or goes, its [Interface] moves): ask the editor
    // to re-query, when it said it would. Not for a change that can only have changed the lenses of the
    // file itself (a keystroke in a comment): the editor asks again for an edited document on its own.
    const lensChanges = new LensChanges();
    let pending: NodeJS.Timeout | undefined;
    ctx.workspace.onChanged((uris) => {
      const others = lensChanges.changed(uris, (u) => ctx.workspace.model.get(u));
      if (!others || pending || !ctx.canRefreshCodeLenses()) return;
      pending = setTimeout(() => {
        pending = undefined;
        ctx.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      }, 300);
    });
  },
};
