// A small LSP client for tests: spawns the real server (dist/server.js) and speaks
// JSON-RPC to it, like an editor would, but with nothing hidden. Reusable by every
// feature's server tests (hover, completion, code actions…):
//
//   const client = await LspClient.start({ configuration: { wgls: { rules: {} } } });
//   client.open(uri, text);
//   const diags = await client.waitForDiagnostics(uri);   // for the version just sent
//   const hover = await client.request('textDocument/hover', { textDocument: { uri }, position });
//   await client.shutdown();                               // always ends the process
//
// No fixed sleeps anywhere: every wait is for a message, bounded by a timeout whose
// error says what was last seen (and the server's stderr).

import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type ApplyWorkspaceEditResult,
  type ClientCapabilities,
  type ConfigurationParams,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type LogMessageParams,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export type { Diagnostic, PublishDiagnosticsParams, Range };

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SERVER_PATH = process.env.WGLS_SERVER ?? join(REPO_ROOT, 'dist', 'server.js');
const DEFAULT_TIMEOUT_MS = Number(process.env.WGLS_TEST_TIMEOUT_MS ?? 10_000);

export type Transport = 'stdio' | 'node-ipc';

export interface StartOptions {
  /** How to talk to the server (default stdio). */
  readonly transport?: Transport;
  /**
   * The workspace configuration, by top-level section: `{ wgls: { rules: { 'invalid-line': 'off' } } }`.
   * Answers the server's `workspace/configuration` requests; change it with `setConfiguration`.
   */
  readonly configuration?: Record<string, unknown>;
  /** Advertise `workspace.configuration` (pull model). Default true. */
  readonly pullConfiguration?: boolean;
  /** Extra client capabilities, merged over the defaults. */
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
  /**
   * Workspace folder. Default: a fresh empty folder, so the server's background index of the
   * workspace (cross-file rules) sees only what a test opens or puts there.
   */
  readonly rootPath?: string;
  /** More workspace folders after rootPath (a multi-root workspace). */
  readonly moreFolders?: readonly string[];
  /**
   * Per folder (a path of rootPath or moreFolders): the configuration its .vscode/settings.json adds,
   * by top-level section. A `workspace/configuration` item scoped to a URI in that folder gets it,
   * section by section over the workspace's (as VS Code resolves resource settings).
   */
  readonly folderConfiguration?: Readonly<Record<string, Record<string, unknown>>>;
  /** Default timeout for requests and waits, in ms. */
  readonly timeoutMs?: number;
  /** Path of the server bundle (default dist/server.js, or $WGLS_SERVER). */
  readonly serverPath?: string;
  /**
   * Answers the server's `workspace/applyEdit` requests (they are recorded in `applyEditRequests`
   * either way). Default: `{ applied: false }`, so nothing changes unless a test says so.
   */
  readonly onApplyEdit?: (params: ApplyWorkspaceEditParams) => ApplyWorkspaceEditResult | Promise<ApplyWorkspaceEditResult>;
}

interface Waiter {
  readonly method: string;
  readonly predicate: (params: unknown) => boolean;
  readonly resolve: (params: unknown) => void;
  readonly reject: (err: Error) => void;
}

/** Every live server process, so none outlives the test run even if a test forgets shutdown(). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

let warnedStale = false;

/** Fails with a clear message when the bundle is missing; warns when it is older than the sources. */
export function assertServerBuilt(serverPath = SERVER_PATH): void {
  if (!existsSync(serverPath)) {
    throw new Error(`LSP server bundle not found at ${serverPath}. Run \`npm run build\` first (server tests run the real bundled server).`);
  }
  // Only a build of server/src can be stale (the bench's null server is a hand-written script).
  if (!resolve(serverPath).startsWith(join(REPO_ROOT, 'dist'))) return;
  const built = statSync(serverPath).mtimeMs;
  const newest = newestMtime(join(REPO_ROOT, 'server', 'src'));
  if (newest > built && !warnedStale) {
    warnedStale = true;
    process.emitWarning(`${serverPath} is older than server/src: run \`npm run build\` to test the current sources.`);
  }
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  }
  return newest;
}

export class LspClient {
  /** The initialize result: capabilities and serverInfo. */
  initializeResult!: InitializeResult;
  /** Every `workspace/configuration` request the server sent, in order. */
  readonly configurationRequests: ConfigurationParams[] = [];
  /** `window/logMessage` notifications, in order. */
  readonly logs: LogMessageParams[] = [];
  /** Every notification from the server, in order. */
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  /** Every `window/showMessageRequest` (what `showErrorMessage` and its kin send), in order. */
  readonly messageRequests: Array<{ type: number; message: string }> = [];
  /** Every `workspace/applyEdit` request the server sent, in order. */
  readonly applyEditRequests: ApplyWorkspaceEditParams[] = [];

  private readonly latestDiagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly documents = new Map<string, TextDocument>();
  private readonly waiters = new Set<Waiter>();
  private configuration: Record<string, unknown>;
  private stderrText = '';
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    /** The server process. */
    readonly child: ChildProcess,
    private readonly connection: MessageConnection,
    private readonly options: StartOptions,
    readonly timeoutMs: number,
  ) {
    this.configuration = structuredClone(options.configuration ?? {});
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        live.delete(child);
        const err = new Error(`server exited (code ${code}, signal ${signal})${this.stderrTail()}`);
        for (const w of this.waiters) w.reject(err);
        this.waiters.clear();
        connection.dispose();
        resolveExit(this.exitInfo);
      });
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      // Keep the tail only: a server that logs a lot must not eat the test's memory.
      this.stderrText = (this.stderrText + chunk).slice(-20_000);
    });

    connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      if (method === 'textDocument/publishDiagnostics') {
        const p = params as PublishDiagnosticsParams;
        this.latestDiagnostics.set(p.uri, p);
      } else if (method === 'window/logMessage') {
        this.logs.push(params as LogMessageParams);
      }
      this.dispatch(method, params);
    });
    connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests.push(params);
      this.dispatch(`request:workspace/configuration`, params);
      return params.items.map((item) => this.configurationValue(item.section, item.scopeUri));
    });
    // Requests an editor answers without fuss; anything else gets MethodNotFound, which tests can see.
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => null);
    connection.onRequest('workspace/semanticTokens/refresh', () => null);
    connection.onRequest('workspace/inlayHint/refresh', () => {
      this.dispatch('request:workspace/inlayHint/refresh', {});
      return null;
    });
    connection.onRequest('workspace/codeLens/refresh', () => {
      this.dispatch('request:workspace/codeLens/refresh', {});
      return null;
    });
    connection.onRequest('workspace/workspaceFolders', () => null);
    connection.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      this.messageRequests.push({ type: params.type, message: params.message });
      return null;
    });
    connection.onRequest('workspace/applyEdit', async (params: ApplyWorkspaceEditParams) => {
      this.applyEditRequests.push(params);
      this.dispatch('request:workspace/applyEdit', params);
      return options.onApplyEdit ? await options.onApplyEdit(params) : { applied: false };
    });
    connection.listen();
  }

  /** Spawns the server, then does initialize / initialized. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    const serverPath = options.serverPath ?? SERVER_PATH;
    assertServerBuilt(serverPath);
    const transport = options.transport ?? 'stdio';
    const child = spawn(process.execPath, [serverPath, transport === 'stdio' ? '--stdio' : '--node-ipc'], {
      stdio: transport === 'stdio' ? ['pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe', 'ipc'],
      cwd: REPO_ROOT,
    });
    live.add(child);
    const connection =
      transport === 'stdio'
        ? createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
        : createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const client = new LspClient(child, connection, options, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    try {
      await client.initialize(options);
    } catch (err) {
      await client.shutdown();
      throw err;
    }
    return client;
  }

  private async initialize(options: StartOptions): Promise<void> {
    const root = options.rootPath ?? mkdtempSync(join(tmpdir(), 'wgls-empty-root-'));
    const params: InitializeParams = {
      processId: process.pid,
      clientInfo: { name: 'wgls-test-client' },
      rootUri: pathToFileURL(root).toString(),
      workspaceFolders: [root, ...(options.moreFolders ?? [])].map((p, i) => ({ uri: pathToFileURL(p).toString(), name: i === 0 ? 'root' : `folder${i}` })),
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          // (It answers workspace/applyEdit, as VS Code does: see applyEditRequests.)
          applyEdit: true,
          // The WorkspaceEdit shapes VS Code declares (without them the server sends `changes` and
          // offers nothing that creates a file: requests.test.ts covers that client).
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], failureHandling: 'textOnlyTransactional' },
          configuration: options.pullConfiguration ?? true,
          didChangeConfiguration: { dynamicRegistration: false },
          workspaceFolders: true,
        },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
        },
        window: { workDoneProgress: false },
        ...options.capabilities,
      },
    };
    this.initializeResult = await this.request<InitializeResult>('initialize', params);
    this.notify('initialized', {});
  }

  // ── raw messages ────────────────────────────────────────────────────────

  /** Sends a request; rejects on an error response, on timeout, or if the server exits. */
  async request<R = unknown>(method: string, params?: unknown, timeoutMs = this.timeoutMs): Promise<R> {
    if (this.exitInfo) throw new Error(`request ${method}: server already exited${this.stderrTail()}`);
    const response = this.connection.sendRequest<R>(method, params);
    return this.withTimeout(Promise.race([response, this.exited.then(() => Promise.reject(new Error(`request ${method}: server exited${this.stderrTail()}`)))]), timeoutMs, `request ${method}`);
  }

  notify(method: string, params?: unknown): void {
    this.lastNotifiedAt = performance.now();
    void this.connection.sendNotification(method, params);
  }

  /**
   * `performance.now()` just before the last notification was handed to the connection: where a
   * benchmark's clock starts, after the client's own bookkeeping (e.g. updating its copy of a
   * 1 MB document, which is the test client's cost, not the server's).
   */
  lastNotifiedAt = 0;

  /** Resolves with the first notification of `method` (from now on) that satisfies `predicate`. */
  waitForNotification<P = unknown>(method: string, predicate: (params: P) => boolean = () => true, timeoutMs = this.timeoutMs): Promise<P> {
    return this.wait(method, predicate as (p: unknown) => boolean, timeoutMs, () => `no matching ${method} notification`) as Promise<P>;
  }

  /** Resolves with the next `workspace/configuration` request the server sends (after it was answered). */
  waitForConfigurationRequest(predicate: (params: ConfigurationParams) => boolean = () => true, timeoutMs = this.timeoutMs): Promise<ConfigurationParams> {
    return this.wait('request:workspace/configuration', predicate as (p: unknown) => boolean, timeoutMs, () => 'no workspace/configuration request') as Promise<ConfigurationParams>;
  }

  /** Resolves with the next refresh request (`workspace/inlayHint/refresh`, `workspace/codeLens/refresh`) the server sends. */
  waitForRefresh(method: 'workspace/inlayHint/refresh' | 'workspace/codeLens/refresh', timeoutMs = this.timeoutMs): Promise<unknown> {
    return this.wait(`request:${method}`, () => true, timeoutMs, () => `no ${method} request`);
  }

  /** Resolves when the server answers anything at all (an unhandled method gets an error reply): proves it is alive. */
  async ping(timeoutMs = this.timeoutMs): Promise<void> {
    try {
      await this.request('$/wgls/test/ping', {}, timeoutMs);
    } catch (err) {
      if ((err as { code?: unknown }).code === undefined) throw err; // not a JSON-RPC error reply
    }
  }

  // ── documents ───────────────────────────────────────────────────────────

  /** didOpen. The client keeps a copy of the text so edits can be made by range. */
  open(uri: string, text: string, options: { languageId?: string; version?: number } = {}): TextDocument {
    const doc = TextDocument.create(uri, options.languageId ?? 'wireguard', options.version ?? 1, text);
    this.documents.set(uri, doc);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: doc.languageId, version: doc.version, text } });
    return doc;
  }

  /**
   * didChange with these changes and version, sent as is (even stale or for an unknown document).
   * The local copy applies them just as the server's TextDocuments does.
   */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    let doc = this.documents.get(uri);
    if (doc) {
      // One change at a time on a fresh copy: the library's update keeps line offsets it has not clamped
      // after a range past the end, and a later change of the same batch then lands elsewhere (a fuzz
      // review saw the test's copy, not the server's, go wrong).
      for (const c of changes) doc = TextDocument.update(TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText()), [c], version);
      this.documents.set(uri, doc);
    }
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** An incremental edit at the next version. Returns the new version. */
  edit(uri: string, range: Range, text: string): number {
    const version = this.document(uri).version + 1;
    this.change(uri, version, [{ range, text }]);
    return version;
  }

  /** Replaces the whole text at the next version (a full-content change). Returns the new version. */
  replaceAll(uri: string, text: string): number {
    const version = this.document(uri).version + 1;
    this.change(uri, version, [{ text }]);
    return version;
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** The client's copy of an open document. */
  document(uri: string): TextDocument {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open in the test client`);
    return doc;
  }

  // ── diagnostics ─────────────────────────────────────────────────────────

  /** The last diagnostics published for `uri`, if any. */
  diagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return this.latestDiagnostics.get(uri);
  }

  /**
   * Resolves with the diagnostics for `uri` once they satisfy `predicate`: at once if the latest
   * published ones do, else when a matching publish arrives. Without a predicate: the diagnostics
   * for the version the client last sent (so a test never reads a previous version's result).
   */
  waitForDiagnostics(
    uri: string,
    predicate?: (params: PublishDiagnosticsParams) => boolean,
    timeoutMs = this.timeoutMs,
  ): Promise<PublishDiagnosticsParams> {
    const wanted = predicate ?? ((p: PublishDiagnosticsParams) => p.version === this.documents.get(uri)?.version);
    const matches = (p: unknown) => (p as PublishDiagnosticsParams).uri === uri && wanted(p as PublishDiagnosticsParams);
    const latest = this.latestDiagnostics.get(uri);
    if (latest && matches(latest)) return Promise.resolve(latest);
    return this.wait('textDocument/publishDiagnostics', matches, timeoutMs, () => {
      const last = this.latestDiagnostics.get(uri);
      return `no matching diagnostics for ${uri}; last published: ${last ? JSON.stringify(summarize(last)) : 'none'}`;
    }) as Promise<PublishDiagnosticsParams>;
  }

  // ── configuration ───────────────────────────────────────────────────────

  /** Sets one top-level section (e.g. 'wgls') and sends workspace/didChangeConfiguration. */
  setConfiguration(section: string, value: unknown, options: { notify?: boolean } = {}): void {
    this.configuration[section] = structuredClone(value);
    if (options.notify ?? true) {
      // Push the settings too, for servers that do not pull (VS Code sends them both ways).
      this.notify('workspace/didChangeConfiguration', { settings: structuredClone(this.configuration) });
    }
  }

  /**
   * What `workspace/configuration` answers for a (dotted) section; the whole object when none. With a
   * scope inside a folder of `folderConfiguration`, that folder's sections win over the workspace's.
   */
  configurationValue(section?: string | null, scopeUri?: string): unknown {
    let configuration = this.configuration;
    for (const [folder, sections] of Object.entries(this.options.folderConfiguration ?? {})) {
      const f = pathToFileURL(folder).toString();
      if (scopeUri && (scopeUri === f || scopeUri.startsWith(`${f}/`))) configuration = { ...configuration, ...structuredClone(sections) };
    }
    if (!section) return structuredClone(configuration);
    let value: unknown = configuration;
    for (const part of section.split('.')) {
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    }
    return value === undefined ? null : structuredClone(value);
  }

  // ── lifecycle ───────────────────────────────────────────────────────────

  /** The server's stderr so far (the last 20 kB). */
  stderr(): string {
    return this.stderrText;
  }

  /** shutdown + exit; kills the process if it does not go. Never throws; safe to call twice. */
  async shutdown(timeoutMs = 3000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.exitInfo) return this.exitInfo;
    try {
      await this.request('shutdown', undefined, timeoutMs);
      this.notify('exit');
    } catch {
      // Unresponsive or already gone: fall through to the kill.
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once the process has exited (by itself or by shutdown). */
  waitForExit(timeoutMs = this.timeoutMs): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.withTimeout(this.exited, timeoutMs, 'server exit');
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  // ── internals ───────────────────────────────────────────────────────────

  private dispatch(method: string, params: unknown): void {
    for (const w of [...this.waiters]) {
      if (w.method === method && w.predicate(params)) {
        this.waiters.delete(w);
        w.resolve(params);
      }
    }
  }

  private wait(method: string, predicate: (p: unknown) => boolean, timeoutMs: number, describe: () => string): Promise<unknown> {
    if (this.exitInfo) return Promise.reject(new Error(`waiting for ${method}: server already exited${this.stderrTail()}`));
    return new Promise((resolveWait, rejectWait) => {
      const waiter: Waiter = {
        method,
        predicate,
        resolve: (p) => {
          clearTimeout(timer);
          resolveWait(p);
        },
        reject: (err) => {
          clearTimeout(timer);
          rejectWait(err);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        rejectWait(new Error(`timed out after ${timeoutMs} ms: ${describe()}${this.stderrTail()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, rejectTimeout) => {
      timer = setTimeout(() => rejectTimeout(new Error(`${what}: timed out after ${timeoutMs} ms${this.stderrTail()}`)), timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private stderrTail(): string {
    const tail = this.stderrText.trim().slice(-2000);
    return tail ? `\n--- server stderr (tail) ---\n${tail}` : '';
  }
}

/** A compact view of published diagnostics for error messages and assertions. */
export function summarize(p: PublishDiagnosticsParams): { version?: number; diagnostics: Array<{ code: unknown; range: string }> } {
  return {
    ...(p.version !== undefined ? { version: p.version } : {}),
    diagnostics: p.diagnostics.map((d) => ({ code: d.code, range: formatRange(d.range) })),
  };
}

/** `line:char-line:char`, 0-based, for readable assertions. */
export function formatRange(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** A file: URI under a fake folder, unique per call, for documents that exist only in the editor. */
let uriCounter = 0;
export function testUri(name: string): string {
  uriCounter++;
  return `file:///wgls-test/${process.pid}/${uriCounter}/${name}`;
}
