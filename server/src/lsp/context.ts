// What every LSP feature module receives. Features live in ./features/, one file
// each, and export { capabilities, register }; server.ts lists them.

import type { Connection, ServerCapabilities } from 'vscode-languageserver';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigDocument } from '../core/parser.ts';
import type { Settings } from './settings.ts';
import type { Problem } from '../core/problem.ts';
import type { FileInfo } from './file-info.ts';
import type { WorkspaceState } from './workspace-state.ts';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  /** The parsed document for an open URI (parsed once per version), or undefined if not open. */
  parsed(uri: string): { document: TextDocument; doc: ConfigDocument } | undefined;
  /**
   * The settings that apply to `uri`: those of the workspace folder holding it (a multi-root
   * workspace may set wgls.target or wgls.rules per folder), else the workspace's. Without a URI, the
   * workspace's (for the window-scoped ones: inlay hints, privacy).
   */
  settings(uri?: string): Settings;
  /** Whether the client said it applies `workspace/applyEdit` requests (the commands that edit need it). */
  canApplyEdit(): boolean;
  /**
   * The WorkspaceEdit shapes the client said it applies (`workspace.workspaceEdit`): `documentChanges`
   * (edits pinned to a version; else the plain `changes` map) and `CreateFile` among them. VS Code
   * declares both; a client that declares neither gets `changes` and no action that creates a file.
   */
  editSupport(): EditSupport;
  /** Whether the client computes a code action's edit with codeAction/resolve when it is picked, keeping its `data` (VS Code does). */
  canResolveEdits(): boolean;
  /** Whether the client said it re-asks for code lenses on `workspace/codeLens/refresh`. */
  canRefreshCodeLenses(): boolean;
  /** Whether the client said it re-asks for inlay hints on `workspace/inlayHint/refresh`. */
  canRefreshInlayHints(): boolean;
  /** Resolves once the settings pull under way (at start-up, after a change) has landed. */
  settingsSettled(): Promise<void>;
  /** Called after the settings changed (pulled or pushed). */
  onSettingsChanged(listener: () => void): void;
  /** The validation result for a config's current version (open or indexed), computed once and shared. */
  problems(uri: string): readonly Problem[] | undefined;
  /** What the engine cannot read from the text: file name, modes, BOM on disk. */
  fileInfo(uri: string): FileInfo;
  /** Every WireGuard config of the workspace (open or indexed from disk) and their cached results. */
  readonly workspace: WorkspaceState;
}

export interface EditSupport {
  readonly documentChanges: boolean;
  readonly createFiles: boolean;
}

export interface Feature {
  readonly capabilities: ServerCapabilities;
  register(ctx: ServerContext): void;
}
