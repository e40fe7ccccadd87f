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
import { SERVER_VERSION } from './version.ts';

const FEATURES: readonly Feature[] = [diagnostics];


export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  const parsed = new ParsedDocuments();
  let settings: Settings = DEFAULT_SETTINGS;
  let canPullConfiguration = false;
  const settingsListeners: Array<() => void> = [];
  const settingsChanged = () => settingsListeners.forEach((l) => l());

  const ctx: ServerContext = {
    connection,
    documents,
    parsed(uri) {
      const document = documents.get(uri);
      return document ? { document, doc: parsed.get(document) } : undefined;
    },
    settings: () => settings,
    onSettingsChanged: (l) => void settingsListeners.push(l),
  };

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
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
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
  documents.onDidClose((e) => parsed.forget(e.document.uri));

  documents.listen(connection);
  connection.listen();
}
