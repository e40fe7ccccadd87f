// The language server: thin glue between LSP and the engine in ../core.
// Shape (after bash-language-server): initialize → capabilities, then each feature
// module in FEATURES registers its handlers. Adding a feature = one file + one line here.

import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocuments } from './documents.ts';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings.ts';
import type { Feature, ServerContext } from './context.ts';
import { diagnostics } from './features/diagnostics.ts';
import { hover } from './features/hover.ts';
import { completion } from './features/completion.ts';
import { symbols } from './features/symbols.ts';
import { workspaceSymbols } from './features/workspace-symbols.ts';
import { folding } from './features/folding.ts';
import { selection } from './features/selection.ts';
import { formatting } from './features/formatting.ts';
import { inlayHints } from './features/inlay-hints.ts';
import { SERVER_VERSION } from './version.ts';
import { codeActions } from './features/code-actions.ts';
import { FileInfoCache } from './file-info.ts';
import { validate } from '../core/validate.ts';
import type { Problem } from '../core/problem.ts';

const FEATURES: readonly Feature[] = [diagnostics, codeActions, hover, completion, symbols, workspaceSymbols, folding, selection, formatting, inlayHints];


export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  const parsed = new ParsedDocuments();
  let settings: Settings = DEFAULT_SETTINGS;
  let canPullConfiguration = false;
  const settingsListeners: Array<() => void> = [];
  const settingsChanged = () => settingsListeners.forEach((l) => l());

  const files = new FileInfoCache();
  const fileListeners: Array<(uri: string) => void> = [];
  // Validation results per URI, valid for one document version and one settings/file-info generation.
  let generation = 0;
  const problemCache = new Map<string, { version: number; generation: number; problems: readonly Problem[] }>();
  settingsListeners.push(() => void generation++);

  const ctx: ServerContext = {
    connection,
    documents,
    parsed(uri) {
      const document = documents.get(uri);
      return document ? { document, doc: parsed.get(document) } : undefined;
    },
    settings: () => settings,
    onSettingsChanged: (l) => void settingsListeners.push(l),
    problems(uri) {
      const entry = ctx.parsed(uri);
      if (!entry) return undefined;
      const hit = problemCache.get(uri);
      if (hit && hit.version === entry.document.version && hit.generation === generation) return hit.problems;
      const info = files.get(uri);
      const problems = validate(entry.doc, { target: settings.target, severities: settings.rules, ...info });
      problemCache.set(uri, { version: entry.document.version, generation, problems });
      return problems;
    },
    fileInfo: (uri) => files.get(uri),
    onFileInfoChanged: (l) => void fileListeners.push(l),
  };
  const refreshFile = async (uri: string) => {
    if (await files.refresh(uri)) {
      generation++;
      for (const l of fileListeners) l(uri);
    }
  };
  documents.onDidOpen((e) => void refreshFile(e.document.uri));
  documents.onDidSave((e) => void refreshFile(e.document.uri));

  const refreshSettings = async () => {
    if (!canPullConfiguration) return;
    try {
      settings = normalizeSettings(await connection.workspace.getConfiguration('wgls'));
    } catch {
      settings = DEFAULT_SETTINGS;
    }
    settingsChanged();
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) settings = normalizeSettings(init.settings);
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    };
    for (const f of FEATURES) Object.assign(capabilities, f.capabilities);
    return { capabilities, serverInfo: { name: 'wgls', version: SERVER_VERSION } };
  });
  connection.onInitialized(() => void refreshSettings());
  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { wgls?: unknown } | undefined)?.wgls;
    if (!canPullConfiguration && pushed) {
      settings = normalizeSettings(pushed);
      settingsChanged();
    } else {
      void refreshSettings();
    }
  });

  for (const f of FEATURES) f.register(ctx);
  documents.onDidClose((e) => {
    parsed.forget(e.document.uri);
    problemCache.delete(e.document.uri);
    files.forget(e.document.uri);
  });

  documents.listen(connection);
  connection.listen();
}
