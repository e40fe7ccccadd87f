// The VS Code side: start the language server and recognise WireGuard files by content.
// Everything about the language itself lives in the server (../../server).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { PLAIN_LANGUAGES, looksLikeWireGuard } from './detect.ts';
import { registerPrivacy } from './privacy.ts';
import { registerAddPeer } from './commands/add-peer.ts';
import { registerOpenCounterpart } from './commands/open-counterpart.ts';

let client: LanguageClient | undefined;

const LANGUAGE_ID = 'wireguard';
/** Documents whose language we already decided, so a user's manual choice afterwards sticks. */
const DECIDED_KEY = 'wgls.languageDecided';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  registerContentDetection(context);
  registerPrivacy(context, LANGUAGE_ID);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    synchronize: {
      configurationSection: 'wgls',
      // The server indexes every config in the workspace; these events keep it current for files not open.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.conf'),
    },
  };
  client = new LanguageClient('wgls', 'WireGuard Language Server', serverOptions, clientOptions);
  registerAddPeer(context, client, LANGUAGE_ID);
  registerOpenCounterpart(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function registerContentDetection(context: vscode.ExtensionContext): void {
  // Remembered per workspace: once we switched a file (or saw the user choose its language), never again.
  const decided = new Set<string>(context.workspaceState.get<string[]>(DECIDED_KEY, []));
  const remember = (uri: vscode.Uri) => {
    decided.add(uri.toString());
    void context.workspaceState.update(DECIDED_KEY, [...decided].slice(-500));
  };

  const consider = async (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    if (doc.languageId === LANGUAGE_ID) {
      remember(doc.uri);
      return;
    }
    if (decided.has(key) || !PLAIN_LANGUAGES.has(doc.languageId)) return;
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled' && doc.uri.scheme !== 'vscode-remote') return;
    if (!looksLikeWireGuard(doc.getText(new vscode.Range(0, 0, 200, 0)))) return;
    remember(doc.uri);
    await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  };

  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((d) => void consider(d)));
  for (const d of vscode.workspace.textDocuments) void consider(d);
}
