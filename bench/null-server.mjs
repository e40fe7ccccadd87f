// The transport floor of "didOpen → diagnostics": a language server that does no work at all. It
// publishes an empty diagnostic list the moment a document opens (and when it closes), over the same
// vscode-languageserver connection and Node IPC as wgls. The bench times it next to wgls's cold open,
// so the table shows how much of that figure is JSON-RPC (encoding 1 MB, the pipe, decoding) rather
// than the engine. Started by bench/lsp-bench.ts as `node bench/null-server.mjs --node-ipc`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createConnection, ProposedFeatures, TextDocumentSyncKind } = require('vscode-languageserver/node');

const connection = createConnection(ProposedFeatures.all);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
connection.onDidOpenTextDocument(({ textDocument: { uri, version } }) => void connection.sendDiagnostics({ uri, version, diagnostics: [] }));
connection.onDidCloseTextDocument(({ textDocument: { uri } }) => void connection.sendDiagnostics({ uri, diagnostics: [] }));
connection.listen();
