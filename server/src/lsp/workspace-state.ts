// The server's view of the workspace: every WireGuard config (open documents from
// the editor, the rest indexed from disk in the background), their validation
// results cached per file version, and who must be re-checked when one changes.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { URI } from 'vscode-uri';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceModel, type WorkspaceFile } from '../core/workspace.ts';
import { validateInWorkspace } from '../core/validate.ts';
import { isConfigName, looksLikeWireGuard } from '../core/detect.ts';
import type { Problem } from '../core/problem.ts';
import { ParsedTextDocument, type ParsedDocuments } from './documents.ts';
import type { FileInfoCache } from './file-info.ts';
import type { Settings } from './settings.ts';
import { configText, readCapped } from '../read-capped.ts';

/** Folders never worth scanning. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '.vscode-test', 'target', 'vendor', '.cache']);
/**
 * The largest config the index reads, as the CLI's folder search (a 5,000-peer hub is 1 MB: a closed
 * hub of 10,000 peers was left out at the old 1 MB, and its spokes' cross-file checks with it); one
 * larger is named in the log. key-actions.ts reads no more.
 */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface IndexLimits {
  /** Configs indexed at most (the rest are ignored, with a log line). */
  readonly maxConfigs: number;
  /** Directory entries looked at, at most. */
  readonly maxEntries: number;
}

export const DEFAULT_LIMITS: IndexLimits = { maxConfigs: 5000, maxEntries: 100_000 };

export class WorkspaceState {
  readonly model = new WorkspaceModel();
  private readonly cache = new Map<string, { file: WorkspaceFile; generation: number; problems: readonly Problem[] }>();
  private generation = 0;
  /**
   * The open document the model holds for each URI, and its version. The object counts, not only the
   * version: a document opened again, or a change that carries the version it had, is another text
   * under the same number (robustness review: old diagnostics stayed, a fix was pinned to the wrong text).
   */
  private readonly synced = new Map<string, { document: TextDocument; version: number }>();
  private isSynced(uri: string, document: TextDocument): boolean {
    const s = this.synced.get(uri);
    return s !== undefined && s.document === document && s.version === document.version;
  }
  private readonly listeners: Array<(uris: ReadonlySet<string>) => void> = [];
  private indexing: Promise<void> = Promise.resolve();
  /** Resolves when the background index of the workspace folders is complete. */
  indexed: Promise<void> = Promise.resolve();
  /** Size and modification time of each config as last read from disk (see diskStamp). */
  private readonly stamps = new Map<string, string>();

  /**
   * `size:mtime` of a closed config as the index last read it, or undefined: edits to a closed file
   * are checked against it (one stat) before the file is read again to compare (key-actions.ts).
   */
  diskStamp(uri: string): string | undefined {
    return this.stamps.get(uri);
  }

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly parsed: ParsedDocuments,
    private readonly files: FileInfoCache,
    private readonly settings: (uri?: string) => Settings,
    private readonly log: (message: string) => void,
  ) {}

  /** Called with the URIs whose diagnostics may have changed. */
  onChanged(listener: (uris: ReadonlySet<string>) => void): void {
    this.listeners.push(listener);
  }

  /** How many whole-folder indexes are under way (see invalidateAll). */
  private scanning = 0;

  /** Settings or file metadata changed: every result is stale. */
  invalidateAll(): void {
    this.generation++;
    // While a whole folder is being indexed, the files read so far would be published without the ones
    // still to come (cross-file findings missing for a moment: the client's settings often arrive then,
    // and a CI run under load caught it); the index publishes every file when it ends. Open files now.
    if (this.scanning > 0) {
      this.emit(new Set(this.documents.all().map((d) => d.uri).filter((uri) => this.model.get(uri))));
      return;
    }
    this.emit(new Set(this.model.uris()));
  }

  invalidate(uri: string): void {
    this.cache.delete(uri);
    this.emit(new Set([uri]));
  }

  /** A config's current entry: for an open document, the version the editor has now. */
  file(uri: string): WorkspaceFile | undefined {
    const document = this.documents.get(uri);
    if (document && !this.isSynced(uri, document)) this.syncOpen(uri);
    return this.model.get(uri);
  }

  problems(uri: string): readonly Problem[] | undefined {
    // An open document edited since the last (coalesced) sync: bring the model up to date first, so
    // results and the version their fixes are pinned to always match.
    const document = this.documents.get(uri);
    if (document && !this.isSynced(uri, document)) this.syncOpen(uri);
    const file = this.model.get(uri);
    if (!file) return undefined;
    const hit = this.cache.get(uri);
    if (hit && hit.file === file && hit.generation === this.generation) return hit.problems;
    const s = this.settings(uri);
    const problems = validateInWorkspace(this.model, file, {
      target: s.target,
      severities: s.rules,
      targetOf: (u) => this.settings(u).target,
      settingsRevision: this.generation,
      ...this.files.get(uri),
    });
    this.cache.set(uri, { file, generation: this.generation, problems });
    return problems;
  }

  /**
   * Open documents whose client spells their file otherwise than the index does (`wg+0.conf` for
   * vscode-uri's `wg%2B0.conf`, `./wg0.conf`), by the index's spelling. The workspace holds one entry per
   * file: one file counted twice was its own "reused" PrivateKey, and after the close the file stayed in
   * under both spellings (server review). The entry is the document open under the index's spelling if
   * there is one, else the alias synced last; the other spellings' documents get no results meanwhile.
   */
  private readonly aliases = new Map<string, Set<string>>();

  /**
   * Links to a config the index holds under its own path (`current.conf -> wg0.conf`, both in the
   * workspace), by the link's URI: the target's. The link is that file under another name, as another
   * spelling is: not a second config (its PrivateKey "reused" by itself, every reference listed twice,
   * a hub's peers owned twice). A link to a config the index does not hold (kept outside the workspace,
   * in a hidden folder) is indexed under its own name (see links).
   */
  private readonly linkedTo = new Map<string, string>();

  /** The URI the workspace knows a file by: the index's spelling, or the config a link points to. */
  private identity(uri: string): string {
    const canonical = canonicalFileUri(uri);
    return this.linkedTo.get(canonical) ?? canonical;
  }

  /**
   * Where the link `file` points when the index holds that config itself (see linkedTo), as the index
   * spells it; undefined otherwise. Records the answer for `uri`. Through a workspace folder reached by
   * a link of its own too (realpath resolves the folder's link as well).
   */
  private async indexedTarget(uri: string, file: string): Promise<string | undefined> {
    const real = await fsp.realpath(file).catch(() => undefined);
    let target: string | undefined;
    if (real !== undefined && real !== file && isConfigName(real)) {
      for (const r of this.roots) {
        const root = pathOf(r);
        if (root === undefined) continue;
        const realRoot = await fsp.realpath(root).catch(() => root);
        if (real !== realRoot && !isInside(real, realRoot)) continue;
        const spelled = path.join(root, path.relative(realRoot, real));
        if (spelled !== file && this.indexable(spelled)) {
          target = URI.file(spelled).toString();
          break;
        }
      }
    }
    this.relink(uri, target);
    return target;
  }

  /**
   * Records what the link `uri` stands for now (undefined: itself). A document open under its name
   * moves from the file it stood for to the new one (diff review: a link re-pointed, replaced by a
   * file or deleted while open kept standing for the old target, which then never came back from disk
   * and took the edits meant for it): it leaves the old file's spellings, the old file is read from
   * disk again unless open otherwise, and the document is synced as what it is now.
   */
  private relink(uri: string, target: string | undefined): void {
    const before = this.linkedTo.get(uri);
    if (before === target) return;
    if (target === undefined) this.linkedTo.delete(uri);
    else this.linkedTo.set(uri, target);
    if (!this.documents.get(uri)) return;
    const old = before ?? uri;
    const same = this.aliases.get(old);
    if (same?.delete(uri) && same.size === 0) this.aliases.delete(old);
    // (Taken out of the model under this name first: it stood for the old file.)
    if (old !== uri) this.update(uri, () => this.model.delete(uri));
    this.resync(uri);
    // (Diff review: with two links open, re-pointing one dropped the file they shared.)
    if (old !== uri) void this.track(this.release(old));
  }

  /**
   * A document that stood for the file `canonical` no longer does (closed, or a link re-pointed): another
   * document open for it (under its own name, or another link or spelling) holds it now, synced again
   * (it may have been left out while the first held the file); else the file is read from disk, under the
   * index's spelling, when the index covers it (a link opened from outside may name a config inside).
   */
  private async release(canonical: string): Promise<void> {
    const other = this.documents.get(canonical) ? canonical : [...(this.aliases.get(canonical) ?? [])][0];
    if (other !== undefined) return this.resync(other);
    const real = pathOf(canonical);
    if (isConfigName(canonical) && real !== undefined && this.indexable(real)) await this.loadFromDisk(canonical);
  }

  /** An open document synced again from scratch (its file's identity, or the spelling that holds it, changed). */
  private resync(uri: string): void {
    this.synced.delete(uri);
    this.syncOpen(uri);
  }

  /**
   * A document was opened: if it is a link to a config the index holds, it is that config from now on
   * (see linkedTo). One lstat per open; links are learnt by the index too, this covers a link opened
   * before the index reached it and one opened from outside the workspace.
   */
  async opened(uri: string): Promise<void> {
    const canonical = canonicalFileUri(uri);
    const file = pathOf(canonical);
    if (file === undefined) return;
    // (No longer a link, or never one: itself. See relink.)
    if (!(await fsp.lstat(file).catch(() => undefined))?.isSymbolicLink()) return this.relink(canonical, undefined);
    await this.indexedTarget(canonical, file);
  }

  /**
   * The spelling the workspace holds a file's config under: an open document's own, the spelling of
   * the document open for the file under another, else the index's (see canonicalFileUri).
   */
  spelling(uri: string): string {
    if (this.documents.get(uri)) return uri;
    const canonical = this.identity(uri);
    if (this.documents.get(canonical)) return canonical;
    for (const a of this.aliases.get(canonical) ?? []) if (this.model.get(a)) return a;
    return canonical;
  }

  /** The URIs under which the editor has the file (spelled as the index does) open. */
  private openSpellings(canonical: string): string[] {
    const out = this.documents.get(canonical) ? [canonical] : [];
    for (const a of this.aliases.get(canonical) ?? []) if (this.documents.get(a)) out.push(a);
    return out;
  }

  /** Whether the editor has the file `uri` names open, under any spelling of it (a new config may not take its name). */
  isOpenFile(uri: string): boolean {
    return this.isOpen(this.identity(uri));
  }

  /** Whether the editor has the file open, under this spelling or another (the editor's text wins). */
  private isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined || this.aliases.has(uri);
  }

  /** An open document changed (or opened): it replaces whatever the index had for it. */
  syncOpen(uri: string): void {
    const document = this.documents.get(uri);
    if (!document || this.isSynced(uri, document)) return;
    this.synced.set(uri, { document, version: document.version });
    const canonical = this.identity(uri);
    // The model holds the editor's text now, not what was read from disk at that stamp: a closed-file
    // check (key-actions.ts diskMatches) compares the texts until the file is read again.
    this.stamps.delete(uri);
    this.stamps.delete(canonical);
    if (canonical !== uri) {
      let same = this.aliases.get(canonical);
      if (!same) this.aliases.set(canonical, (same = new Set()));
      same.add(uri);
      // The document under the index's spelling holds the file while it is open.
      if (this.documents.get(canonical)) return this.update(uri, () => this.model.delete(uri));
      if (this.model.get(canonical)) this.forget(canonical);
    }
    // Another spelling's entry leaves: this one is the file now.
    for (const a of this.aliases.get(canonical) ?? []) if (a !== uri && this.model.get(a)) this.update(a, () => this.model.delete(a));
    // Its text lost (a malformed change, see documents.ts): no results and no counterpart from an
    // old text until the editor sends the whole text or reopens the file.
    if (document instanceof ParsedTextDocument && document.lost !== undefined) return this.update(uri, () => this.model.delete(uri));
    const doc = this.parsed.get(document);
    this.update(uri, () => this.model.set(uri, doc));
  }

  /** Reads from disk under way: of documents just closed, of files a watched-file event named (see settled). */
  private readonly reading = new Set<Promise<void>>();

  private async track(work: Promise<void>): Promise<void> {
    this.reading.add(work);
    try {
      await work;
    } finally {
      this.reading.delete(work);
    }
  }

  /**
   * Resolves once the index is complete and every document closed, and every file changed on disk, so far
   * has been read. Until then the model may hold the text the editor discarded on close (unsaved changes)
   * or the file's old text, and a cross-file edit computed from it would land at its lines in the file on
   * disk (resolve review), or be refused for nothing.
   */
  async settled(): Promise<void> {
    await this.indexed;
    while (this.reading.size) await Promise.allSettled(this.reading);
  }

  /** An open document closed: fall back to the file on disk (or drop it). */
  closed(uri: string): Promise<void> {
    return this.track(this.reload(uri));
  }

  private async reload(uri: string): Promise<void> {
    this.synced.delete(uri);
    // A backup the editor showed as WireGuard (content detection) is no config of the workspace, nor
    // is a file outside the workspace folders or in one the index skips (node_modules, .git…): as
    // the index would not have it, it leaves with the editor.
    const file = pathOf(uri);
    const canonical = this.identity(uri);
    const same = this.aliases.get(canonical);
    if (canonical !== uri) {
      same?.delete(uri);
      if (same?.size === 0) this.aliases.delete(canonical);
    }
    if (canonical !== uri || same?.size) {
      this.forget(uri);
      await this.release(canonical);
      return;
    }
    if (isConfigName(uri) && file !== undefined && this.indexable(file)) {
      // Replaced by a folder of its name while open (the events for it were the editor's to ignore): the
      // folder is searched as an event for it would have had it (workspace review).
      if ((await fsp.lstat(file).catch(() => undefined))?.isDirectory()) {
        this.forget(uri);
        await this.readChanged(uri, false);
      } else await this.loadFromDisk(uri);
    } else this.forget(uri);
  }

  /** Whether the index covers this path: below a workspace folder, in no folder the scan skips. */
  private indexable(file: string): boolean {
    return this.searchable(path.dirname(file));
  }

  /** The workspace folders (file: URIs): folder events are judged below them, as the index is. */
  roots: readonly string[] = [];

  /**
   * A watched file was created, changed or deleted on disk. A folder too: deleting or renaming one is
   * one event for the folder (not one per file in it), so a deleted folder takes the configs indexed
   * under it along, and a created one (the new name of a renamed folder) is indexed. A folder may
   * have a config's name (`keys.conf/`): both readings are tried.
   */
  fileChanged(given: string, deleted: boolean): Promise<void> {
    return this.track(this.readChanged(given, deleted));
  }

  private async readChanged(given: string, deleted: boolean): Promise<void> {
    // Under the index's spelling: an event spelled as Node spells URIs (`wg+1.conf`, not vscode-uri's
    // `wg%2B1.conf`) read the file in a second time, or left it in after a delete (LSP review).
    const uri = canonicalFileUri(given);
    await this.readChangedPath(uri, deleted);
    // Configs linked to this path (`link.conf -> real/wg0.conf`): an editor reports the change under the
    // path written to, the link's target, and never under the link (workspace review).
    // (No link indexed, nothing to resolve: the usual workspace pays no realpath per event.)
    const file = this.links.size ? pathOf(uri) : undefined;
    const target = file === undefined ? undefined : await fsp.realpath(file).catch(() => file);
    for (const link of (target !== undefined && this.links.get(target)) || []) {
      if (link !== uri && !this.isOpen(link)) await this.loadFromDisk(link);
    }
  }

  /**
   * Config links by the real path of what they point to (see readChanged). An entry outlives its link
   * (reading a link that is gone forgets its config): links are few.
   */
  private readonly links = new Map<string, Set<string>>();

  private async noteLink(uri: string, file: string): Promise<void> {
    const real = await fsp.realpath(file).catch(() => undefined);
    if (real === undefined || real === file) return;
    let set = this.links.get(real);
    if (!set) this.links.set(real, (set = new Set()));
    set.add(uri);
  }

  private async readChangedPath(uri: string, deleted: boolean): Promise<void> {
    if (this.isOpen(uri)) {
      // The editor's text wins while it is open, but what the disk says of the file is news: a chmod, a
      // BOM another tool wrote (world-readable and bom stayed as they were until a save: LSP review).
      await Promise.all(this.openSpellings(uri).map((u) => this.refreshInfo(u)));
      // An open link re-pointed, replaced by a file or deleted: what it stands for is read again.
      if (this.documents.get(uri)) await this.opened(uri);
      return;
    }
    // Every event supersedes the reads of earlier ones still under way (see loadFromDisk).
    const epoch = this.nextEpoch(uri);
    if (deleted) {
      this.relink(uri, undefined);
      if (isConfigName(uri)) this.forget(uri);
      this.forgetUnder(uri);
      return;
    }
    const file = pathOf(uri);
    if (file === undefined) return;
    // As the scan judges directory entries: a link is not followed to a folder (a link to the root
    // would index everything twice), and is read as a file if it points to one.
    const st = await fsp.lstat(file).catch(() => undefined);
    if (!st) return;
    // A path may have changed kind with no Deleted event between (VS Code reports a delete and a create
    // in one go as a change): a file replaced by a folder of its name, or the other way round, takes
    // what was indexed under the old kind along (workspace review).
    if (!st.isDirectory()) {
      // (A file the index holds was a file before: nothing below it. Saves a pass over the index per event.)
      if (!this.model.get(uri)) this.forgetUnder(uri);
      // (Not a backup next to a config, nor a file in a folder the index skips: see scan.)
      if (isConfigName(uri) && this.indexable(file)) await this.loadFromDisk(uri, epoch);
      return;
    }
    if (this.model.get(uri)) this.forget(uri);
    // A created folder the index would have searched: a workspace folder itself (deleted and restored),
    // or inside one and not below node_modules, .git or another hidden or skipped folder (npm install,
    // git checkout, __pycache__), as any of the workspace folders judges it (a folder nested in another's
    // node_modules is a workspace folder of its own: workspace review).
    if (!this.searchable(file)) return;
    await this.indexFolders([uri], DEFAULT_LIMITS, true);
  }

  /**
   * Whether the scan searches this folder: a workspace folder, or one inside a workspace folder that it
   * does not skip, as any of the workspace folders judges it (one may be nested in another's node_modules).
   */
  private searchable(folder: string): boolean {
    return this.roots.some((r) => {
      const root = pathOf(r);
      return root !== undefined && covers(root, folder);
    });
  }

  /** Drops every closed config indexed below `uri` (a folder deleted, or now a file). */
  private forgetUnder(uri: string): void {
    // URIs spelled alike on both sides (vscode-uri's, the index's): a prefix test is enough.
    const under = uri.endsWith('/') ? uri : `${uri}/`;
    for (const u of [...this.model.uris()]) {
      if (u.startsWith(under) && !this.isOpen(u)) {
        this.nextEpoch(u);
        this.forget(u);
      }
    }
  }

  /** File facts (name, mode, BOM on disk) read again; when they changed, the file is checked again. */
  private refreshInfo(uri: string): Promise<void> {
    return this.files.refresh(uri).then(
      (changed) => {
        // Forgotten meanwhile (deleted, closed out of the workspace): its facts leave with it.
        if (!this.model.get(uri) && !this.documents.get(uri)) this.files.forget(uri);
        else if (changed) this.invalidate(uri);
      },
      () => undefined,
    );
  }

  /** Drops a file from the workspace, its cached result and its file facts (kept per URI otherwise). */
  private forget(uri: string): void {
    this.update(uri, () => this.model.delete(uri));
    this.cache.delete(uri);
    this.files.forget(uri);
    this.stamps.delete(uri);
  }

  /** Per file URI: a count of the disk events and reads started, so an older read can tell it is stale. */
  private readonly epochs = new Map<string, number>();

  private nextEpoch(uri: string): number {
    const e = (this.epochs.get(uri) ?? 0) + 1;
    this.epochs.set(uri, e);
    return e;
  }

  /**
   * Reads a config from disk into the workspace. A read still under way when a later event for the same
   * file comes (created, then deleted at once: a test's clean-up, an editor's temporary file, a branch
   * switch) must not put back what that event removed: the file stayed in the index, deleted, for good
   * (a server-test flake traced to it). `epoch`: the event's, when it started the read.
   */
  private async loadFromDisk(uri: string, epoch = this.nextEpoch(uri)): Promise<void> {
    const file = pathOf(uri);
    const read = file === undefined ? undefined : await readCandidate(file, () => this.log(`wgls: ${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: not indexed (open it to check it)`));
    if (this.epochs.get(uri) !== epoch) return; // a later event superseded this read
    if (this.isOpen(uri)) return; // opened meanwhile
    // Its workspace folder removed meanwhile (forgetFolders dropped the entry the read would put back:
    // an LSP fuzz run kept a closed file of a removed folder, with its diagnostics).
    if (file === undefined || !this.indexable(file)) return this.forget(uri);
    if (read !== undefined && looksLikeWireGuard(read.text)) {
      if ((await fsp.lstat(file).catch(() => undefined))?.isSymbolicLink()) {
        // (Made, or pointed anew, at a config the index reads under its own name: not a second one. Opened
        // while the link was resolved, its document holds the file now (relink): left as it is. A CI run
        // caught the forget taking an open link's entry, and with it the file it stood for.)
        if ((await this.indexedTarget(uri, file)) !== undefined) {
          if (!this.isOpen(uri)) this.forget(uri);
          return;
        }
        await this.noteLink(uri, file);
      } else this.relink(uri, undefined);
      if (this.epochs.get(uri) !== epoch || this.isOpen(uri)) return;
      this.stamps.set(uri, read.stamp);
      this.update(uri, () => this.model.setText(uri, read.text));
      void this.refreshInfo(uri);
    } else {
      this.forget(uri);
    }
  }

  /** Applies one change and tells listeners about every file whose cross-file results it can affect. */
  private update(uri: string, apply: () => void): void {
    const before = this.model.get(uri);
    const oldKey = before?.publicKey;
    apply();
    // Proportional to the change: after an edit of some peers, the configs owning their keys.
    const affected = this.model.affectedBy(uri, before, this.settings(uri).target);
    affected.add(uri);
    const newKey = this.model.get(uri)?.publicKey;
    // An interface key changed: near-miss typos anywhere may now (or no longer) match it.
    if (oldKey !== newKey) for (const u of this.model.uris()) affected.add(u);
    for (const u of affected) this.cache.delete(u);
    // While a whole folder is being indexed, the others' results are provisional, and the index publishes
    // every file when it ends (see invalidateAll): only the file itself now. Tabs restored at start-up
    // open one by one while the index runs, and each re-published every related tab opened before it
    // (fuzz review: 300 spokes, 43,756 publishes and 7 s before a hover was answered).
    this.emit(this.scanning > 0 ? new Set([uri]) : affected);
  }

  /** The server is shutting down: nobody is told of changes any more (nothing is published). */
  stop(): void {
    this.stopped = true;
  }
  private stopped = false;

  private emit(uris: ReadonlySet<string>): void {
    if (this.stopped) return;
    for (const l of this.listeners) l(uris);
  }

  /**
   * Indexes the WireGuard configs under the folders in the background: yields to the event loop
   * between directories, so requests are served while it runs. Candidates are `*.conf` files and any
   * file inside a `wireguard` or `amneziawg` folder; the content decides.
   */
  indexFolders(folders: readonly string[], limits: IndexLimits = DEFAULT_LIMITS, added = false): Promise<void> {
    // (After the work before, whether it failed or not: one failure must not stop every later index.)
    this.indexing = this.indexing.catch(() => undefined).then(() => this.scan(folders, limits, added));
    this.indexed = this.indexing;
    return this.indexing;
  }

  /**
   * Workspace folders were removed: their configs leave the workspace (their diagnostics are cleared
   * and other files stop being checked against them), except those still open in the editor and those
   * inside a folder that remains (nested folders). After any index already under way.
   */
  forgetFolders(removed: readonly string[], remaining: readonly string[]): Promise<void> {
    const paths = (uris: readonly string[]) => uris.map(pathOf).filter((f) => f !== undefined);
    const gone = paths(removed);
    const kept = paths(remaining);
    this.indexing = this.indexing.catch(() => undefined).then(() => {
      for (const uri of [...this.model.uris()]) {
        const file = this.isOpen(uri) ? undefined : pathOf(uri);
        if (file === undefined) continue;
        // (Kept only where a remaining folder indexes it: not in a folder that one skips, workspace review.)
        if (gone.some((f) => isInside(file, f)) && !kept.some((f) => covers(f, path.dirname(file)))) this.forget(uri);
      }
    });
    this.indexed = this.indexing;
    return this.indexing;
  }

  /**
   * `added`: a folder that appeared in an indexed workspace (one new folder, usually few configs or
   * none): each config found is added as a change of its own, which re-checks only the files it
   * affects, instead of every file of the workspace as after a whole index.
   */
  private async scan(folders: readonly string[], limits: IndexLimits, added = false): Promise<void> {
    if (added) return this.scanFolders(folders, limits, added);
    this.scanning++;
    try {
      await this.scanFolders(folders, limits, added);
    } finally {
      this.scanning--;
    }
  }

  private async scanFolders(folders: readonly string[], limits: IndexLimits, added: boolean): Promise<void> {
    const started = Date.now();
    let entries = 0;
    let configs = 0;
    let capped = false;
    const found = new Set<string>();
    const infos: Array<Promise<boolean>> = [];
    const queue = folders.map(pathOf).filter((f) => f !== undefined);
    while (queue.length && !capped) {
      const dir = queue.shift()!;
      let list: import('node:fs').Dirent[];
      try {
        list = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of list) {
        if (++entries > limits.maxEntries) {
          capped = true;
          break;
        }
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!skipped(e.name)) queue.push(full);
          continue;
        }
        // Links to files are read (configs kept elsewhere, linked in), links to folders are not
        // followed (a link to the root would index everything twice), as the CLI searches folders.
        if (!e.isFile() && !e.isSymbolicLink()) continue;
        // The names the language claims (package.json filenamePatterns all end so): not the backups
        // that sit next to configs in /etc/wireguard (wg0.conf.bak, wg0.conf~, .dpkg-old), which
        // would be second configs with the same keys.
        if (!isConfigName(e.name)) continue;
        // Spelled as VS Code spells it (vscode-uri: `+`, `=`, `@`, `,`, `(`… and a Windows drive's `:`
        // percent-encoded), so an indexed file and the same file opened in the editor are one config.
        const uri = URI.file(full).toString();
        if (e.isSymbolicLink()) {
          // A link to a config the index reads under its own name: that file again (see linkedTo; an
          // open document under the link's name moves with it: relink).
          if ((await this.indexedTarget(uri, full)) !== undefined) {
            if (this.model.get(uri) && !this.isOpen(uri)) this.forget(uri);
            continue;
          }
        } else if (this.linkedTo.size) this.relink(uri, undefined);
        if (this.isOpen(uri)) {
          found.add(uri);
          // A folder added while the file was open: its facts read again, as a fresh server reads them.
          if (added) for (const u of this.openSpellings(uri)) void this.refreshInfo(u);
          continue;
        }
        const epoch = this.nextEpoch(uri);
        const read = await readCandidate(full, () => this.log(`wgls: ${full} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: not indexed (open it to check it)`));
        // (Deleted, or read again, by an event while this read was under way: that one is the news.)
        if (this.epochs.get(uri) !== epoch) continue;
        const text = read?.text;
        // Opened in the editor while it was read (a restored tab right after start-up): the editor's
        // text is the config, not the file on disk.
        if (this.isOpen(uri)) {
          found.add(uri);
          continue;
        }
        if (text === undefined || !looksLikeWireGuard(text)) continue;
        if (++configs > limits.maxConfigs) {
          capped = true;
          break;
        }
        found.add(uri);
        this.stamps.set(uri, read!.stamp);
        if (e.isSymbolicLink()) await this.noteLink(uri, full);
        if (added) {
          this.update(uri, () => this.model.setText(uri, text));
          void this.refreshInfo(uri);
        } else {
          this.model.setText(uri, text);
          // (Awaited below, before the whole workspace is checked: mode and name count from the start.)
          infos.push(this.files.refresh(uri));
        }
      }
      await new Promise((r) => setImmediate(r));
    }
    if (added) return;
    await Promise.allSettled(infos);
    this.log(
      `wgls: indexed ${found.size} WireGuard config(s) in ${Date.now() - started} ms` +
        (capped ? ` (stopped at the limit of ${limits.maxConfigs} configs / ${limits.maxEntries} entries)` : ''),
    );
    this.generation++;
    this.emit(new Set(this.model.uris()));
  }
}

/** Whether `file` lies under the folder `dir` (both absolute paths). */
function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** Whether the scan of workspace folder `root` searches `folder`: `root` itself, or a folder below it it does not skip. */
function covers(root: string, folder: string): boolean {
  const rel = path.relative(root, folder);
  return rel === '' || (isInside(folder, root) && !skipped(rel));
}

/** Whether a path below a workspace folder (relative to it) passes through a folder the index skips. */
function skipped(relative: string): boolean {
  return relative.split(path.sep).some((part) => SKIP_DIRS.has(part) || part.startsWith('.'));
}

/** A file's size and modification time, as diskStamp keeps them. */
export function stampOf(st: { size: number; mtimeMs: number }): string {
  return `${st.size}:${st.mtimeMs}`;
}

async function readCandidate(file: string, tooLarge?: () => void): Promise<{ text: string; stamp: string } | undefined> {
  try {
    // (Through a link: what it points to, which must be a file.)
    const st = await fsp.stat(file);
    if (!st.isFile()) return undefined;
    if (st.size > MAX_FILE_BYTES) {
      tooLarge?.();
      return undefined;
    }
    // At most the cap, whatever the size said: a link to /proc/self/pagemap says 0 bytes (read-capped.ts).
    const bytes = await readCapped(file, MAX_FILE_BYTES);
    // A UTF-16 config (Windows PowerShell's `>`) is indexed as VS Code shows it: decoded (the bom rule
    // says what wg makes of its bytes).
    return bytes === undefined ? undefined : { text: configText(bytes).text, stamp: stampOf(st) };
  } catch {
    return undefined;
  }
}

/**
 * A `file:` URI as the index spells it: vscode-uri's spelling (VS Code's) of the normalised path. Other
 * schemes, and a URI Node cannot read as a path, as they are.
 */
export function canonicalFileUri(uri: string): string {
  const file = pathOf(uri);
  return file === undefined ? uri : URI.file(path.normalize(file)).toString();
}

/** The path of a `file:` URI; undefined for other schemes and for one Node cannot read (`%zz`). */
function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
