// Helpers for tests that run inside VS Code. Everything waits by polling a condition
// (never a fixed sleep), so tests are as fast as the editor and fail with a message
// that says what never happened.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'wgls.wgls';
export const LANGUAGE_ID = 'wireguard';

export interface WaitOptions {
  /** Milliseconds before giving up (default 15 s: CI machines can be very busy). */
  timeout?: number;
  /** Milliseconds between polls (default 50). */
  interval?: number;
  /** What we wait for, for the error message: "diagnostics for wg0.conf" (a function: evaluated on timeout). */
  what?: string | (() => string);
}

/**
 * Polls `condition` until it returns a truthy value and returns that value. Throws
 * after the timeout, with the last error `condition` threw (if any) as the cause.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const { timeout = 15_000, interval = 50, what = 'condition' } = options;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      const subject = typeof what === 'function' ? what() : what;
      throw new Error(`timed out after ${timeout} ms waiting for ${subject}${why}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The folder the runner opened: a temporary copy of test/vscode/fixtures (+ examples/). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (the runner opens a copy of test/vscode/fixtures)');
  return folder.uri;
}

export function workspaceUri(relPath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relPath.split('/'));
}

/** The live document for a URI, or undefined once VS Code closed it. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
}

/** Opens a file of the workspace (path relative to its root) and shows it in an editor. */
export async function openFixture(relPath: string, options: { show?: boolean } = {}): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relPath));
  if (options.show ?? true) await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/**
 * Opens a file of the workspace the way a user does (`vscode.open`). Unlike
 * `openTextDocument`, this leaves no extension-host reference behind, which would keep
 * the document open for ~3 minutes after its editor closes (as designed upstream:
 * microsoft/vscode#199282); use it when a test closes and reopens a file.
 */
export async function openAsUser(relPath: string): Promise<vscode.TextDocument> {
  const uri = workspaceUri(relPath);
  await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
  return waitFor(() => openDocument(uri), { what: `${relPath} to open` });
}

/** Waits until the document's language is `languageId` (the extension may switch it asynchronously). */
export async function waitForLanguage(doc: vscode.TextDocument, languageId: string, options: WaitOptions = {}): Promise<vscode.TextDocument> {
  return waitFor(() => {
    const live = openDocument(doc.uri);
    return live?.languageId === languageId ? live : undefined;
  }, { what: () => `${basename(doc.uri)} to have language "${languageId}" (now "${openDocument(doc.uri)?.languageId}")`, ...options });
}

/** Activates wgls (a no-op when already active) and returns it. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  await ext.activate();
  return ext;
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/** wgls's diagnostics for a URI, optionally only those with rule id `code`. */
export function diagnosticsFor(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'wgls' && (code === undefined || codeOf(d) === code));
}

/**
 * Waits until wgls reports at least one diagnostic for `uri` (with rule id `code` when
 * given) that satisfies `match`, and returns all matching ones.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  code?: string,
  options: WaitOptions & { match?: (d: vscode.Diagnostic) => boolean } = {},
): Promise<vscode.Diagnostic[]> {
  const { match = () => true, ...wait } = options;
  return waitFor(() => {
    const found = diagnosticsFor(uri, code).filter(match);
    return found.length > 0 ? found : undefined;
  }, { what: () => `wgls diagnostic ${code ?? '(any)'} on ${basename(uri)}; have: ${formatDiagnostics(diagnosticsFor(uri))}`, ...wait });
}

/** Waits until wgls reports no diagnostic (with rule id `code` when given) for `uri`. */
export async function waitForNoDiagnostics(uri: vscode.Uri, code?: string, options: WaitOptions = {}): Promise<void> {
  await waitFor(() => diagnosticsFor(uri, code).length === 0, {
    what: () => `no wgls diagnostic ${code ?? '(any)'} on ${basename(uri)}; still have: ${formatDiagnostics(diagnosticsFor(uri, code))}`,
    ...options,
  });
}

/**
 * Resolves the next time diagnostics for `uri` are published, even if empty: the way to
 * know a clean file was really checked. Create it *before* the action that triggers it.
 */
export function nextDiagnosticsPublish(uri: vscode.Uri, options: WaitOptions = {}): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  const timeout = options.timeout ?? 15_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      const what = typeof options.what === 'function' ? options.what() : options.what;
      reject(new Error(`timed out after ${timeout} ms waiting for ${what ?? `diagnostics to be published for ${basename(uri)}`}`));
    }, timeout);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === key)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(diagnosticsFor(uri));
    });
  });
}

/** Replaces the whole of line `line` (without its line break) through a WorkspaceEdit. */
export async function replaceLine(doc: vscode.TextDocument, line: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, doc.lineAt(line).range, text);
  assert.ok(await vscode.workspace.applyEdit(edit), `edit of ${basename(doc.uri)}:${line + 1} was not applied`);
}

/** Inserts `text` as a new line before line `line` through a WorkspaceEdit. */
export async function insertLine(doc: vscode.TextDocument, line: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, new vscode.Position(line, 0), text + '\n');
  assert.ok(await vscode.workspace.applyEdit(edit), `insert into ${basename(doc.uri)}:${line + 1} was not applied`);
}

/** Reverts unsaved changes and closes every editor, so each test starts from the files on disk. */
export async function resetEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.isClosed) continue;
    // Closing a dirty editor would open a "Save changes?" dialog and hang the run.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Waits until the extension has handled every document opened so far. It reacts to
 * open events in order, so once it has switched a fresh untitled WireGuard document,
 * any switch it was going to make to an earlier document has reached VS Code too.
 * Use it before asserting that something did *not* happen.
 */
export async function contentDetectionSettled(options: WaitOptions = {}): Promise<void> {
  const probe = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '# probe\n[Interface]\n' });
  await waitForLanguage(probe, LANGUAGE_ID, { what: 'the extension to switch a probe document to wireguard', ...options });
}

/** Closes the editors showing `doc` and waits until VS Code has really closed the document. */
export async function closeDocument(doc: vscode.TextDocument, options: WaitOptions = {}): Promise<void> {
  const key = doc.uri.toString();
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key);
  await vscode.window.tabGroups.close(tabs);
  await waitFor(() => doc.isClosed || !openDocument(doc.uri), { what: `${basename(doc.uri)} to be closed`, ...options });
}

/** Walks a workspace folder and lists the files whose name ends with `suffix`, in path order. */
export async function listFiles(dir: vscode.Uri, suffix: string): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  const entries = (await vscode.workspace.fs.readDirectory(dir)).sort(([a], [b]) => a.localeCompare(b));
  for (const [name, type] of entries) {
    const child = vscode.Uri.joinPath(dir, name);
    if (type & vscode.FileType.Directory) out.push(...(await listFiles(child, suffix)));
    else if (name.endsWith(suffix)) out.push(child);
  }
  return out;
}

export function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** One line per diagnostic, for assertion messages. */
export function formatDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${String(codeOf(d))}: ${d.message}`)
    .join('; ');
}
