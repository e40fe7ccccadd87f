// What wgls says about configs, asked the way users ask it: the CLI (`wgls check`, one file at
// a time, no workspace model) and the language server over LSP (a workspace folder of configs:
// cross-file rules, quick fixes from code actions, Add peer… through workspace/executeCommand
// with the server's workspace/applyEdit written to disk as an editor would).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ApplyWorkspaceEditParams, ApplyWorkspaceEditResult, CodeAction, Command, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, REPO_ROOT, SERVER_PATH, type Diagnostic } from '../server/lsp-client.ts';
import { run } from './netns.ts';

export const CLI_PATH = path.join(REPO_ROOT, 'dist', 'cli.js');
export { SERVER_PATH };

export interface CliProblem {
  readonly file: string;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly code: string;
  readonly message: string;
  readonly range: { start: { line: number; character: number } };
}

/** `node dist/cli.js check --format json --target wg-quick FILES…` → its problems. */
export async function cliCheck(files: readonly string[]): Promise<CliProblem[]> {
  const r = await run(process.execPath, [CLI_PATH, 'check', '--format', 'json', '--target', 'wg-quick', ...files], { env: process.env, timeoutMs: 30_000 });
  if (r.code !== 0 && r.code !== 1) throw new Error(`wgls check failed (${r.code}): ${r.stderr.trim()}`);
  try {
    return JSON.parse(r.stdout) as CliProblem[];
  } catch {
    throw new Error(`wgls check printed no JSON: ${r.stdout.slice(0, 500)}`);
  }
}

/** Errors and warnings; `world-readable` is not counted (it cannot occur at mode 0600, and says nothing about the network). */
export const isSerious = (severity: string | number | undefined, code: unknown) =>
  (severity === 'error' || severity === 'warning' || severity === 1 || severity === 2) && code !== 'world-readable';

/** `rule (severity) at line N` for reports. */
export function describeProblem(p: { code?: unknown; severity?: unknown; range: { start: { line: number } } }): string {
  const sev = typeof p.severity === 'number' ? (['', 'error', 'warning', 'information', 'hint'][p.severity] ?? p.severity) : p.severity;
  return `${String(p.code)} (${String(sev)}, line ${p.range.start.line + 1})`;
}

/** The server offers no quick fix for the diagnostic. */
export class NoQuickFix extends Error {}

/** The plain text edits of a WorkspaceEdit, by file path (`create`s as empty files). */
function editsByFile(edit: WorkspaceEdit): Array<{ file: string; create?: boolean; edits: TextEdit[] }> {
  const out: Array<{ file: string; create?: boolean; edits: TextEdit[] }> = [];
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
      out.push({ file: fileURLToPath(change.uri), create: true, edits: [] });
    } else {
      out.push({ file: fileURLToPath(change.textDocument.uri), edits: change.edits as TextEdit[] });
    }
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) out.push({ file: fileURLToPath(uri), edits });
  return out;
}

/** A code action the session can pick: one with its edit, or one whose command makes it (wgls.server.applyAction). */
const pickable = (a: CodeAction | Command): a is CodeAction => 'title' in a && ((('edit' in a) && !!a.edit) || ('command' in a && typeof a.command === 'object' && a.command?.command === 'wgls.server.applyAction'));

/**
 * The language server over a folder of configs. Open documents stay in step with the disk: every
 * edit the session applies is written to the file and sent to the server (didChange for open
 * documents, didOpen for files it creates), so the next request sees it at once.
 */
export class WglsWorkspace {
  private readonly open = new Set<string>();

  private constructor(
    readonly dir: string,
    readonly client: LspClient,
  ) {}

  static async open(dir: string): Promise<WglsWorkspace> {
    const holder: { ws?: WglsWorkspace } = {};
    const client = await LspClient.start({
      rootPath: dir,
      configuration: { wgls: { target: 'wg-quick', rules: {} } },
      capabilities: { workspace: { applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] }, configuration: true } },
      onApplyEdit: (params: ApplyWorkspaceEditParams): ApplyWorkspaceEditResult => {
        try {
          if (!holder.ws) throw new Error('not started yet');
          holder.ws.apply(params.edit);
          return { applied: true };
        } catch (err) {
          return { applied: false, failureReason: (err as Error).message };
        }
      },
      timeoutMs: 15_000,
    });
    holder.ws = new WglsWorkspace(dir, client);
    return holder.ws;
  }

  uri(name: string): string {
    return pathToFileURL(path.join(this.dir, name)).toString();
  }

  read(name: string): string {
    return fs.readFileSync(path.join(this.dir, name), 'utf8');
  }

  /**
   * The diagnostics of each file as the server publishes them after indexing the folder (one batch,
   * cross-file rules included). For files opened in this session: those of the latest version.
   */
  async diagnostics(names: readonly string[]): Promise<Map<string, Diagnostic[]>> {
    const out = new Map<string, Diagnostic[]>();
    for (const name of names) {
      const uri = this.uri(name);
      const p = this.open.has(uri) ? await this.client.waitForDiagnostics(uri) : await this.client.waitForDiagnostics(uri, () => true);
      out.set(name, p.diagnostics);
    }
    return out;
  }

  /**
   * The diagnostics of a closed file once they hold `rule`, or the latest ones after `timeoutMs`: under
   * load the index can publish a file before it has read the other end (a CI run saw "nothing" for a
   * cross-file rule that came a moment later), and the claim is that the server reports the rule.
   */
  async diagnosticsWith(name: string, rule: string, timeoutMs = 8000): Promise<Diagnostic[]> {
    const uri = this.uri(name);
    try {
      return (await this.client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === rule), timeoutMs)).diagnostics;
    } catch {
      return this.client.diagnostics(uri)?.diagnostics ?? [];
    }
  }

  /** Opens a file in the server (its disk text), once. */
  openFile(name: string): void {
    const uri = this.uri(name);
    if (this.open.has(uri)) return;
    this.client.open(uri, this.read(name));
    this.open.add(uri);
  }

  /**
   * Applies the server's quick fix for `rule` in `name`: the one `pick` chooses by title when given (a rule
   * can offer several, e.g. which of two overlapping peers gives the prefix up), else the preferred one.
   */
  async quickFix(name: string, rule: string, pick?: (title: string) => boolean): Promise<{ title: string; files: string[] }> {
    this.openFile(name);
    const uri = this.uri(name);
    const published = await this.client.waitForDiagnostics(uri, (p) => p.version === this.client.document(uri).version && p.diagnostics.some((d) => d.code === rule), 8000);
    const actions: Array<CodeAction | Command> = [];
    for (const diagnostic of published.diagnostics.filter((d) => d.code === rule)) {
      actions.push(
        ...(await this.client.request<Array<CodeAction | Command>>('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic], only: ['quickfix'] },
        })),
      );
    }
    // A suppression ("Ignore … on this line / in this file") hides the problem: no fix to bring a network up with.
    const fixes = actions.filter((a): a is CodeAction => pickable(a) && !!a.diagnostics?.some((d) => d.code === rule) && !a.title.startsWith('Ignore '));
    const fix = pick ? fixes.find((a) => pick(a.title)) : (fixes.find((a) => a.isPreferred) ?? fixes[0]);
    if (!fix) throw new NoQuickFix(`no quick fix for ${rule} in ${name} (code actions: ${actions.map((a) => a.title).join('; ') || 'none'})`);
    const files = await this.run(fix);
    return { title: fix.title, files: files.map((f) => path.relative(this.dir, f)) };
  }

  /**
   * Applies the refactoring listed on line `line` of `name` whose title starts with `prefix` (a key action:
   * Replace the key pair…), as the light bulb would; returns its title and the files it changed.
   */
  async refactor(name: string, line: number, prefix: string): Promise<{ title: string; files: string[] }> {
    this.openFile(name);
    const uri = this.uri(name);
    const at = { line, character: 0 };
    const actions = await this.client.request<Array<CodeAction | Command>>('textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [], only: ['refactor'] } });
    const action = actions.find((a): a is CodeAction => pickable(a) && a.title.startsWith(prefix));
    if (!action) throw new Error(`no "${prefix}…" on line ${line + 1} of ${name} (actions: ${actions.map((a) => a.title).join('; ') || 'none'})`);
    const files = await this.run(action);
    return { title: action.title, files: files.map((f) => path.relative(this.dir, f)) };
  }

  /**
   * Picks a code action as an editor that does not resolve them: its edit applied, or its command run (an
   * action that edits a config closed in the editor: the server makes the edit then and sends it with
   * workspace/applyEdit, which lands on disk). Returns the files changed.
   */
  private async run(action: CodeAction): Promise<string[]> {
    if (action.edit) return this.apply(action.edit);
    const seen = this.client.applyEditRequests.length;
    const result = await this.client.request<{ applied: boolean }>('workspace/executeCommand', { command: action.command!.command, arguments: action.command!.arguments });
    const sent = this.client.applyEditRequests[seen];
    if (!result.applied || !sent) throw new Error(`"${action.title}" was not applied (${this.client.messageRequests.at(-1)?.message ?? 'no message'})`);
    return editsByFile(sent.edit).map((e) => e.file).filter((f, i, all) => all.indexOf(f) === i);
  }

  /** Runs Add peer… (`wgls.server.addPeer`) on `name`; the server's applyEdit lands on disk. Returns the new file's name. */
  async addPeer(name: string, args: Record<string, unknown>): Promise<string> {
    this.openFile(name);
    const result = await this.client.request<{ uri: string }>('workspace/executeCommand', { command: 'wgls.server.addPeer', arguments: [{ uri: this.uri(name), ...args }] });
    return path.basename(fileURLToPath(result.uri));
  }

  /** Writes a WorkspaceEdit to disk and tells the server; returns the files touched. */
  private apply(edit: WorkspaceEdit): string[] {
    const touched: string[] = [];
    for (const { file, create, edits } of editsByFile(edit)) {
      if (!path.resolve(file).startsWith(path.resolve(this.dir) + path.sep)) throw new Error(`edit outside the workspace: ${file}`);
      if (create) {
        if (fs.existsSync(file)) throw new Error(`${file} exists`);
        fs.writeFileSync(file, '', { mode: 0o600 });
        touched.push(file);
        continue;
      }
      const uri = pathToFileURL(file).toString();
      const text = TextDocument.applyEdits(TextDocument.create(uri, 'wireguard', 0, fs.readFileSync(file, 'utf8')), edits);
      fs.writeFileSync(file, text, { mode: 0o600 });
      if (this.open.has(uri)) {
        this.client.replaceAll(uri, text);
      } else {
        this.client.open(uri, text);
        this.open.add(uri);
      }
      if (!touched.includes(file)) touched.push(file);
    }
    return touched;
  }

  async close(): Promise<void> {
    await this.client.shutdown();
  }
}
