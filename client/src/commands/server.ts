// What the client's commands share: asking the server to run one of its commands
// (workspace/executeCommand; the logic lives there) and knowing which config the user means.

import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { FILE_TARGET, type CommandArgs, type CommandResult, type FileTarget, type ServerCommand } from '../../../server/src/lsp/protocol.ts';

export type { FileTarget };

/** Runs one of the server's commands (the contract: server/src/lsp/protocol.ts) and returns its answer. */
export async function runOnServer<C extends ServerCommand>(client: LanguageClient, command: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
  // The server starts with the first WireGuard document (extension.ts); a command may come first.
  await client.start();
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] }) as Promise<CommandResult<C>>;
}

/** The config a command acts on: the one it was given (a URI string or Uri), else the active WireGuard editor's. */
export function configUri(given: string | vscode.Uri | undefined, languageId: string): string | undefined {
  if (typeof given === 'string') return given;
  if (given) return given.toString();
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === languageId ? doc.uri.toString() : undefined;
}

/** Which target the server checks `uri` for, and why. */
export function fileTargetOf(client: LanguageClient, uri: string): Promise<FileTarget> {
  return runOnServer(client, FILE_TARGET, { uri });
}
