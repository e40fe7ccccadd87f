// What the client's commands share: asking the server to run one of its commands
// (workspace/executeCommand; the logic lives there) and knowing which config the user means.

import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

/** Runs a `wgls.server.*` command with one argument and returns its answer. */
export function runOnServer<T>(client: LanguageClient, command: string, args: unknown): Promise<T> {
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] }) as Promise<T>;
}

/** The config a command acts on: the one it was given (a URI string or Uri), else the active WireGuard editor's. */
export function configUri(given: string | vscode.Uri | undefined, languageId: string): string | undefined {
  if (typeof given === 'string') return given;
  if (given) return given.toString();
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === languageId ? doc.uri.toString() : undefined;
}

/** wgls.server.fileTarget's answer (server/src/lsp/features/commands.ts FileTarget). */
export interface FileTarget {
  target: string;
  source: 'comment' | 'setting';
  /** Whether the file has a `# wgls-target` comment (one naming no target included). */
  comment: boolean;
  setting: string;
  /** Every target with its label (the server's table). */
  targets: Array<{ id: string; label: string }>;
}

/** Which target the server checks `uri` for, and why. */
export function fileTargetOf(client: LanguageClient, uri: string): Promise<FileTarget> {
  return runOnServer<FileTarget>(client, 'wgls.server.fileTarget', { uri });
}
