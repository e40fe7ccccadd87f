// The language server: thin glue between LSP and the engine in ../core.
// Shape (after bash-language-server): initialize → capabilities, then each feature
// module in FEATURES registers its handlers. Adding a feature = one file + one line here.

import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  FileChangeType,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
  ErrorCodes,
  ResponseError,
} from 'vscode-languageserver/node';
import { ParsedDocuments } from './documents.ts';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings.ts';
import type { EditSupport, Feature, ServerContext } from './context.ts';
import { diagnostics } from './features/diagnostics.ts';
import { codeActions } from './features/code-actions.ts';
import { hover } from './features/hover.ts';
import { completion } from './features/completion.ts';
import { symbols } from './features/symbols.ts';
import { workspaceSymbols } from './features/workspace-symbols.ts';
import { folding } from './features/folding.ts';
import { selection } from './features/selection.ts';
import { formatting } from './features/formatting.ts';
import { inlayHints } from './features/inlay-hints.ts';
import { SERVER_VERSION } from './version.ts';
import { commands } from './features/commands.ts';
import { navigation } from './features/navigation.ts';
import { FileInfoCache } from './file-info.ts';
import { WorkspaceState } from './workspace-state.ts';
import { withCheckedNotifications, withCheckedParams } from './params.ts';
import { redactFailure, redactKeys, redactUri } from '../core/redact.ts';

const FEATURES: readonly Feature[] = [diagnostics, codeActions, commands, navigation, hover, completion, symbols, workspaceSymbols, folding, selection, formatting, inlayHints];

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  // Open documents are kept parsed and edited line by line (documents.ts), not as one string.
  const parsed = new ParsedDocuments();
  const documents = new TextDocuments(parsed.configuration);
  let settings: Settings = DEFAULT_SETTINGS;
  /** Per workspace folder (multi-root), when pulled: wgls.target and wgls.rules are resource settings. */
  let folderSettings = new Map<string, Settings>();
  let canPullConfiguration = false;
  let supportsFolderChanges = false;
  let canApplyEdit = false;
  let canResolveEdits = false;
  let editSupport: EditSupport = { documentChanges: false, createFiles: false };
  let canRefreshCodeLenses = false;
  let canRefreshInlayHints = false;
  const settingsListeners: Array<() => void> = [];
  const settingsChanged = () => settingsListeners.forEach((l) => l());
  /** The settings pull under way (the first one starts with `initialized`), for answers that quote them. */
  let settingsPull: Promise<void> = Promise.resolve();

  const warnSetting = (message: string) => connection.console.warn(message);
  const files = new FileInfoCache();
  /** The settings of the workspace folder holding `uri` (the longest that does), else the workspace's. */
  const settingsFor = (uri?: string): Settings => {
    if (uri === undefined || folderSettings.size === 0) return settings;
    let best: string | undefined;
    for (const f of folderSettings.keys()) if ((uri === f || uri.startsWith(f.endsWith('/') ? f : `${f}/`)) && (!best || f.length > best.length)) best = f;
    return best ? folderSettings.get(best)! : settings;
  };
  // (The index's messages name files: a file may be named after a key.)
  const workspace = new WorkspaceState(documents, parsed, files, settingsFor, (m) => connection.console.info(redactKeys(m)));
  parsed.known = (uri) => workspace.model.get(uri)?.doc;
  settingsListeners.push(() => workspace.invalidateAll());
  let workspaceFolders: string[] = [];

  /** After the `shutdown` request: requests are refused and no diagnostics are published. */
  let shutDown = false;
  connection.onShutdown(() => {
    shutDown = true;
    workspace.stop();
  });

  const ctx: ServerContext = {
    // The features' requests answer InvalidParams to malformed params (params.ts).
    connection: withCheckedParams(connection, () => shutDown),
    documents,
    parsed(uri) {
      const document = documents.get(uri);
      // A document whose text the server lost (a malformed change) gets no answers from an old text.
      return document && !document.lost ? { document, doc: parsed.get(document) } : undefined;
    },
    settings: settingsFor,
    canApplyEdit: () => canApplyEdit,
    canResolveEdits: () => canResolveEdits,
    editSupport: () => editSupport,
    canRefreshCodeLenses: () => canRefreshCodeLenses,
    canRefreshInlayHints: () => canRefreshInlayHints,
    settingsSettled: () => settingsPull,
    onSettingsChanged: (l) => void settingsListeners.push(l),
    problems: (uri) => workspace.problems(uri),
    fileInfo: (uri) => files.get(uri),
    workspace,
  };
  const refreshFile = async (uri: string) => {
    if (await files.refresh(uri)) workspace.invalidate(uri);
  };
  // Work started by a notification runs on its own: a failure in it is logged (a stack, no file
  // text), never left unhandled, which would end the server process.
  const background = (what: string, work: Promise<unknown>) =>
    void work.catch((err: unknown) => connection.console.error(`wgls: ${what} failed: ${redactFailure(err)}`));
  // Registered before the features, so the model is current when they run.
  documents.onDidOpen((e) => {
    workspace.syncOpen(e.document.uri);
    background('reading file info', refreshFile(e.document.uri));
    background('looking for a link', workspace.opened(e.document.uri));
  });
  // The model is updated on the next turn of the event loop, once for every change made by then (the
  // connection hands over one message per turn, so in practice once per didChange; see diagnostics.ts).
  const dirty = new Set<string>();
  /** Open documents whose lost text the user was told about (see ParsedTextDocument.lost). */
  const lostShown = new Set<string>();
  documents.onDidChangeContent((e) => {
    if (e.document.lost !== undefined && !lostShown.has(e.document.uri)) {
      // Said once per loss, and how to recover: the editor's own text is intact, only wgls's copy is not.
      lostShown.add(e.document.uri);
      const message = `wgls: an edit to ${redactUri(e.document.uri)} could not be applied (${e.document.lost}); wgls stops checking this file until it is closed and opened again (or the editor sends its whole text).`;
      connection.console.error(message);
      void connection.window.showErrorMessage(message);
    } else if (e.document.lost === undefined) lostShown.delete(e.document.uri);
    if (dirty.size === 0) {
      setImmediate(() => {
        const uris = [...dirty];
        dirty.clear();
        for (const u of uris) workspace.syncOpen(u);
      });
    }
    dirty.add(e.document.uri);
  });
  documents.onDidSave((e) => background('reading file info', refreshFile(e.document.uri)));
  documents.onDidClose((e) => {
    parsed.forget(e.document.uri);
    lostShown.delete(e.document.uri);
    background('closing a document', workspace.closed(e.document.uri));
  });
  connection.onDidChangeWatchedFiles((params) => {
    // (Notifications get no params check: a malformed change is skipped, not logged as a failure with
    // a stack trace: server review.)
    const changes: unknown = params?.changes;
    if (!Array.isArray(changes)) return;
    for (const c of changes as Array<{ uri?: unknown; type?: unknown } | null>) {
      if (typeof c?.uri !== 'string') continue;
      background('a watched file change', workspace.fileChanged(c.uri, c.type === FileChangeType.Deleted));
    }
  });

  const refreshSettings = async () => {
    if (!canPullConfiguration) return;
    try {
      // One request: the workspace's settings, then each folder's (with the folder as scope, so a
      // folder's .vscode/settings.json counts). Also for a single folder: in a .code-workspace with one
      // folder, that folder's settings differ from the workspace's (the .code-workspace file's).
      const folders = workspaceFolders;
      const [all, ...perFolder] = (await connection.workspace.getConfiguration([{ section: 'wgls' }, ...folders.map((scopeUri) => ({ scopeUri, section: 'wgls' }))])) as unknown[];
      settings = normalizeSettings(all, warnSetting);
      folderSettings = new Map(folders.map((f, i) => [f, normalizeSettings(perFolder[i], warnSetting)]));
    } catch {
      settings = DEFAULT_SETTINGS;
      folderSettings = new Map();
    }
    settingsChanged();
  };

  let initializeSeen = false;
  connection.onInitialize((given: InitializeParams): InitializeResult => {
    // Once per session (LSP); a second one would reset the folders and capabilities under the index. The
    // library has already initialised its features again by now (a new folder-change emitter: the second
    // diff review), so the folder listener is attached again before refusing.
    if (initializeSeen) {
      if (supportsFolderChanges) listenToFolders();
      throw new ResponseError(ErrorCodes.InvalidRequest, 'initialize was already received');
    }
    initializeSeen = true;
    // (Params as sent: a client may leave out capabilities, or send no object at all.)
    const params: Partial<InitializeParams> = given && typeof given === 'object' ? given : {};
    const workspaceCaps = params.capabilities?.workspace;
    canPullConfiguration = !!workspaceCaps?.configuration;
    supportsFolderChanges = !!workspaceCaps?.workspaceFolders;
    canApplyEdit = !!workspaceCaps?.applyEdit;
    canRefreshCodeLenses = workspaceCaps?.codeLens?.refreshSupport === true;
    canRefreshInlayHints = workspaceCaps?.inlayHint?.refreshSupport === true;
    // (Resource operations live in documentChanges only: without it there is no CreateFile either.)
    const documentChanges = workspaceCaps?.workspaceEdit?.documentChanges === true;
    const operations = workspaceCaps?.workspaceEdit?.resourceOperations;
    editSupport = { documentChanges, createFiles: documentChanges && Array.isArray(operations) && operations.includes('create') };
    // (Deferred actions are found again by their `data`, which a client keeps only when it says so.)
    const codeActionCaps = params.capabilities?.textDocument?.codeAction;
    const resolvable = codeActionCaps?.resolveSupport?.properties;
    canResolveEdits = Array.isArray(resolvable) && resolvable.includes('edit') && codeActionCaps?.dataSupport === true;
    workspaceFolders = (Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map((f) => f?.uri).filter((u): u is string => typeof u === 'string') : undefined) ?? (typeof params.rootUri === 'string' ? [params.rootUri] : []);
    workspace.roots = workspaceFolders.filter((u) => u.startsWith('file:'));
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) settings = normalizeSettings(init.settings, warnSetting);
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      // Folders added later are indexed and get their own settings too.
      ...(workspaceCaps?.workspaceFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
    };
    for (const f of FEATURES) Object.assign(capabilities, f.capabilities);
    return { capabilities, serverInfo: { name: 'wgls', version: SERVER_VERSION } };
  });
  connection.onInitialized(() => {
    settingsPull = refreshSettings();
    // In the background: start-up never waits for the index.
    background('indexing the workspace', workspace.indexFolders(workspaceFolders.filter((u) => u.startsWith('file:'))));
    if (supportsFolderChanges) listenToFolders();
  });
  let folderListener: { dispose(): void } | undefined;
  const listenToFolders = () => {
    // (Once: a second registration on the same emitter would index every added folder twice.)
    folderListener?.dispose();
    folderListener = connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const uris = (list: unknown) => (Array.isArray(list) ? list.map((f: { uri?: unknown } | null) => f?.uri).filter((u): u is string => typeof u === 'string') : []);
      const added = uris(e?.added);
      const removed = new Set(uris(e?.removed));
      workspaceFolders = [...workspaceFolders.filter((u) => !removed.has(u)), ...added];
      workspace.roots = workspaceFolders.filter((u) => u.startsWith('file:'));
      // The settings per folder change with the folders; new folders are indexed, the configs of
      // removed ones leave the workspace (but those still open in the editor).
      settingsPull = refreshSettings();
      background('removing folders', workspace.forgetFolders([...removed], workspaceFolders));
      background('indexing added folders', workspace.indexFolders(added.filter((u) => u.startsWith('file:'))));
    });
  };
  connection.onDidChangeConfiguration((change) => {
    // (Params as sent: a client may send none.)
    const pushed = (change?.settings as { wgls?: unknown } | undefined)?.wgls;
    if (!canPullConfiguration && pushed) {
      settings = normalizeSettings(pushed, warnSetting);
      settingsChanged();
    } else {
      settingsPull = refreshSettings();
    }
  });

  for (const f of FEATURES) f.register(ctx);

  documents.listen(withCheckedNotifications(connection, (uri) => documents.get(uri)?.version));
  connection.listen();
}
