// Entry point of dist/server.js. The transport comes from argv (`--stdio`,
// `--node-ipc`, `--socket=N`), as vscode-languageserver reads it.
import { startServer } from './lsp/server.ts';

startServer();
