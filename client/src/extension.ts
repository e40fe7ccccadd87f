// The VS Code side: start the language server and recognise WireGuard files by content.
// Everything about the language itself lives in the server (../../server).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DETECTED_SCHEMES, DETECT_LINES, PLAIN_LANGUAGES, looksLikeWireGuard } from './detect.ts';
import { registerPrivacy, type HiddenKeys } from './privacy.ts';
import { registerAddPeer } from './commands/add-peer.ts';
import { registerOpenCounterpart } from './commands/open-counterpart.ts';
import { registerTarget, targetStatus } from './commands/target.ts';
import { registerQr, type QrShown } from './commands/qr.ts';
import { protectMiddleware, registerProtect } from './protect.ts';
import { disableStale, refuseStale, resolvedOrStale } from './unsynced.ts';
import { runOnServer } from './commands/server.ts';
import { redacting } from './log.ts';
import { SECRET_SPANS } from '../../server/src/lsp/protocol.ts';

let client: LanguageClient | undefined;

const LANGUAGE_ID = 'wireguard';
const RESTART_SERVER = 'wgls.restartServer';
/** The languages users picked by hand, per document (see registerContentDetection). */
const CHOSEN_KEY = 'wgls.languageChosen';

/** What the extension hands other extensions (and its own tests): read-only views of its UI state. */
export interface WglsApi {
  /** The target status bar item's text and tooltip, or undefined while it is hidden. */
  readonly targetStatus: () => { readonly text: string; readonly tooltip: string } | undefined;
  /** The key values wgls.privacy.hideKeys hides in the visible editor of `uri` (undefined: none shown). */
  readonly hiddenKeys: HiddenKeys;
  /** The config the QR code tab shows, and the code's size in bytes (undefined: no such tab). */
  readonly qrShown: QrShown;
}

export async function activate(context: vscode.ExtensionContext): Promise<WglsApi> {
  registerContentDetection(context);
  // The server's view of a document's secrets once it runs (it starts with the first WireGuard document).
  const hiddenKeys = registerPrivacy(context, LANGUAGE_ID, (uri) => (client?.isRunning() ? runOnServer(client, SECRET_SPANS, { uri }) : undefined));
  registerProtect(context);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const channel = redacting(vscode.window.createOutputChannel('WireGuard Language Server', { log: true }));
  context.subscriptions.push(channel);
  const watchers = [vscode.workspace.createFileSystemWatcher('**/*.{[cC][oO][nN][fF],[wW][gG]}'), vscode.workspace.createFileSystemWatcher('**/*', false, true, false)];
  context.subscriptions.push(...watchers);
  /** The last diagnostics the server published per URI, before the filter below (none kept for none). */
  const received = new Map<string, vscode.Diagnostic[]>();
  const clientOptions: LanguageClientOptions = {
    // Files and unsaved documents only: a git: copy of wg0.conf (the SCM diff, the gutter's original)
    // would join the workspace as a second config with the same keys and addresses.
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    synchronize: {
      configurationSection: 'wgls',
      // The server indexes every config in the workspace; these events keep it current for files not open.
      // (`*.conf` and `*.conf.wg`, as the server's index; it checks the content.) A folder deleted or
      // renamed is one event for the folder, which the first pattern never matches: the second passes
      // on creations and deletions of anything (the server ignores node_modules, .git and the like).
      // (The library does not dispose of the watchers it is given: the extension does. Client review.)
      fileEvents: watchers,
    },
    middleware: {
      // New configs from the server's edits: mode 600 (protect.ts). Edits for a config open as another
      // language with unsaved changes, which the server only knows as saved: refused (unsynced.ts).
      ...protectMiddleware,
      async provideCodeActions(document, range, context, token, next) {
        return disableStale(await protectMiddleware.provideCodeActions!(document, range, context, token, next), LANGUAGE_ID);
      },
      async resolveCodeAction(item, token, next) {
        return resolvedOrStale(await protectMiddleware.resolveCodeAction!(item, token, next), LANGUAGE_ID);
      },
      workspace: {
        ...protectMiddleware.workspace,
        handleApplyEdit(params, next) {
          return refuseStale(params, LANGUAGE_ID) ?? protectMiddleware.workspace!.handleApplyEdit!(params, next);
        },
      },
      // A file open as another language is no WireGuard config to the user (they picked that language,
      // or detection found none): none of the problems the server finds in it on disk. They come back
      // when it is shown as WireGuard again (reopened: the server publishes them at its open) or closed
      // (see received: the server is told of neither).
      handleDiagnostics(uri, diagnostics, next) {
        const key = uri.toString();
        if (diagnostics.length) received.set(key, diagnostics);
        else received.delete(key);
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
        next(uri, doc && doc.languageId !== LANGUAGE_ID ? [] : diagnostics);
      },
    },
    // The log and, with wgls.trace.server, every message: key-shaped text hidden (log.ts).
    outputChannel: channel,
    traceOutputChannel: channel,
  };
  const lc = (client = new LanguageClient('wgls', 'WireGuard Language Server', serverOptions, clientOptions));
  // The server hears of no document outside the selector, so it publishes nothing when a config opens or
  // closes as another language (client review): problems it published before stayed on a Plain Text
  // editor, and those hidden while one was open never came back after its close. Cleared at such an
  // open, put back at its close, from the last ones it sent. (A language change is a close and an open.)
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.languageId !== LANGUAGE_ID && received.has(d.uri.toString())) lc.diagnostics?.set(d.uri, []);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      const last = d.languageId !== LANGUAGE_ID ? received.get(d.uri.toString()) : undefined;
      if (last) lc.diagnostics?.set(d.uri, last);
    }),
  );
  // Restart Language Server is in the palette once a server has run in this window: before, there is
  // nothing to restart, and running it started a server in a window without WireGuard files (client review).
  context.subscriptions.push(
    lc.onDidChangeState((e) => {
      if (e.newState === State.Running) void vscode.commands.executeCommand('setContext', 'wgls.serverStarted', true);
      // A stopped server's diagnostics are gone with it: none is put back at a close (diff review).
      if (e.newState === State.Stopped) received.clear();
    }),
  );
  registerAddPeer(context, lc, LANGUAGE_ID);
  registerOpenCounterpart(context);
  context.subscriptions.push(
    // After a crash (the client gives up after five) or to pick up a new build: no window reload needed.
    vscode.commands.registerCommand(RESTART_SERVER, async () => {
      // (A start under way is waited for and said as a start, not a restart.)
      const starting = lc.state === State.Starting;
      try {
        if (lc.isRunning()) await lc.restart();
        else await lc.start();
        void vscode.window.setStatusBarMessage(`wgls: language server ${starting ? 'started' : 'restarted'}`, 3000);
      } catch (err) {
        // The library keeps a start that failed before the server ran, and answers every later start with
        // it: only a new window starts one again. Said, with the way out.
        const stuck = lc.state === State.StartFailed;
        const choice = await vscode.window.showErrorMessage(
          `wgls: the language server did not ${starting ? 'start' : 'restart'}: ${err instanceof Error ? err.message : String(err)}${stuck ? ' Reload the window to start it again.' : ''}`,
          ...(stuck ? ['Reload Window'] : []),
        );
        if (choice === 'Reload Window') await vscode.commands.executeCommand('workbench.action.reloadWindow');
      }
    }),
  );
  const qrShown = registerQr(context, lc, LANGUAGE_ID);

  // The server starts with the first WireGuard document. Any plain text, INI or properties file
  // activates the extension (to look at its content), which needs no server process and no scan of
  // the workspace. (Commands start it too: runOnServer.)
  // Registered now, not once the server runs: the command is in the palette as soon as a WireGuard file
  // is (it starts the server if need be: runOnServer); the status bar asks a running server only.
  registerTarget(context, lc, LANGUAGE_ID);
  let started: Promise<void> | undefined;
  const start = () =>
    (started ??= lc.start().catch((err: unknown) => {
      // Activation itself must not fail with it: detection, privacy and the commands' messages still work.
      // (The library keeps the failed start: a new window is the way to start again, offered here.)
      void vscode.window
        .showErrorMessage(`wgls: the language server did not start: ${err instanceof Error ? err.message : String(err)} Reload the window to start it again.`, 'Reload Window')
        .then((choice) => (choice === 'Reload Window' ? vscode.commands.executeCommand('workbench.action.reloadWindow') : undefined));
    }));
  if (vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE_ID)) {
    await start();
  } else {
    const waiting = vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.languageId !== LANGUAGE_ID) return;
      waiting.dispose();
      void start();
    });
    context.subscriptions.push(waiting);
  }
  return { targetStatus, hiddenKeys, qrShown };
}

export async function deactivate(): Promise<void> {
  // (Never started when no WireGuard document was opened: nothing to stop.)
  if (client?.needsStop()) await client.stop();
  client = undefined;
}

function registerContentDetection(context: vscode.ExtensionContext): void {
  // `chosen`, per workspace and across sessions: the language a user picked by hand, restored when the
  // file is reopened (VS Code itself forgets it on close and reopens a .conf as "properties"), and
  // never overridden by content detection. Everything else is detected again at every open: VS Code
  // reopens a detected file as "properties" too.
  const chosen = new Map<string, string>(Object.entries(context.workspaceState.get<Record<string, string>>(CHOSEN_KEY, {})));
  // Untitled documents are remembered for this session only: VS Code reuses their names.
  const persistent = (key: string) => !key.startsWith('untitled:');
  const save = () => {
    void context.workspaceState.update(CHOSEN_KEY, Object.fromEntries([...chosen].filter(([k]) => persistent(k)).slice(-500)));
  };
  // A language change reaches extensions as a close immediately followed by an open of the same
  // document (same tick). Closes are kept until the next tick to recognise that pair.
  const justClosed = new Map<string, string>();
  // Documents whose language this extension is changing right now (not the user's choice).
  const switching = new Set<string>();
  const setLanguage = async (doc: vscode.TextDocument, languageId: string) => {
    switching.add(doc.uri.toString());
    try {
      await vscode.languages.setTextDocumentLanguage(doc, languageId);
    } finally {
      switching.delete(doc.uri.toString());
    }
  };

  const consider = async (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    const closedAs = justClosed.get(key);
    if (closedAs !== undefined && closedAs !== doc.languageId) {
      justClosed.delete(key);
      // A language change. Ours is not a choice; the user's is remembered. VS Code's own guess for an
      // untitled document (its language detection: INI, properties…, never plain text, where it starts)
      // is no choice either, and must not keep the pasted config from being recognised.
      // VS Code guesses only for a document still in plain text; a change from any other language (ours
      // included) is the user's.
      const guessed = doc.uri.scheme === 'untitled' && closedAs === 'plaintext' && doc.languageId !== 'plaintext' && PLAIN_LANGUAGES.has(doc.languageId);
      if (!switching.has(key) && !guessed) {
        chosen.set(key, doc.languageId);
        save();
        return;
      }
      if (!guessed) return;
    }
    const picked = chosen.get(key);
    if (picked !== undefined) {
      if (picked !== doc.languageId) await setLanguage(doc, picked);
      return;
    }
    if (doc.languageId === LANGUAGE_ID || !PLAIN_LANGUAGES.has(doc.languageId)) return;
    if (!DETECTED_SCHEMES.has(doc.uri.scheme)) return;
    // (As many lines as the server's index and the CLI read: a config they check must not open as Properties.)
    if (!looksLikeWireGuard(doc.getText(new vscode.Range(0, 0, DETECT_LINES, 0)))) return;
    await setLanguage(doc, LANGUAGE_ID);
  };

  context.subscriptions.push(
    vscode.workspace.onDidCloseTextDocument((d) => {
      const key = d.uri.toString();
      justClosed.set(key, d.languageId);
      setTimeout(() => justClosed.delete(key), 0);
      // An untitled document's name goes to the next new one: its pick must not. (A language change is
      // a close and an open too: consider() records the pick again at the open.)
      if (d.uri.scheme === 'untitled') chosen.delete(key);
    }),
  );
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((d) => void consider(d)));
  // A new untitled document is empty when it opens; the config is pasted or typed later: look again
  // once the text stops changing.
  const untitled = new Set<vscode.TextDocument>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push(
    vscode.workspace.onDidChangeTextDocument((e) => {
      const d = e.document;
      if (d.uri.scheme !== 'untitled' || d.languageId === LANGUAGE_ID || !PLAIN_LANGUAGES.has(d.languageId) || chosen.has(d.uri.toString())) return;
      // A paste (a line break or a key's length at once) is looked at now: with keys hidden, a pasted
      // config must not show them for the pause that typing gets.
      if (e.contentChanges.some((c) => c.text.length >= 40 || c.text.includes('\n'))) return void consider(d);
      untitled.add(d);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        for (const u of untitled) if (!u.isClosed) void consider(u);
        untitled.clear();
      }, 300);
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  for (const d of vscode.workspace.textDocuments) void consider(d);
}

