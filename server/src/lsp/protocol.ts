// The server's commands (workspace/executeCommand) as a contract: each command's name, the one
// argument it takes and what it answers. The server implements this table (features/commands.ts)
// and the client calls through it (client/src/commands/server.ts), so a change on either side is a
// type error on the other rather than a shape the other side silently misreads.
// Type-only imports: the client bundles this file, and nothing of the server comes with it.

import type { AddPeerOptions } from '../core/edits/add-peer.ts';
import type { TakenPrefix } from '../core/edits/peer-answers.ts';
import type { Target } from '../core/schema.ts';
import type { SecretSpan } from '../core/features/secrets.ts';

export const ADD_PEER = 'wgls.server.addPeer';
export const ADD_PEER_DEFAULTS = 'wgls.server.addPeerDefaults';
export const FILE_TARGET = 'wgls.server.fileTarget';
export const SET_TARGET = 'wgls.server.setTarget';
export const SECRET_SPANS = 'wgls.server.secretSpans';
export const APPLY_ACTION = 'wgls.server.applyAction';

/** The config a command acts on. */
export interface ConfigArgument {
  readonly uri: string;
}

export interface AddPeerArguments extends AddPeerOptions, ConfigArgument {}

/** What "Add peer…" offers in its questions. */
export interface AddPeerDefaults {
  readonly endpointHost: string;
  /** Whether some config already dials this one (so endpointHost is real, not a placeholder). */
  readonly endpointKnown: boolean;
  readonly listenPort?: number;
  /** The addresses the new peer would get (`10.0.0.5/24`), or why there are none. */
  readonly addresses: readonly string[];
  /** The DNS line the configs dialling this one use most, offered to the new peer. */
  readonly dns?: string;
  readonly problem?: string;
  /**
   * Something to confirm before the questions, not a refusal: SaveConfig = true (wg-quick rewrites the
   * file from the running interface at the next down, and the new [Peer] written while it is up is lost).
   */
  readonly caution?: string;
  /** What the new peer's LAN may not overlap (Add peer refuses it): checked in the input box. */
  readonly taken?: readonly TakenPrefix[];
  /** The tool the new config is for: its file-name rule applies to the name box. */
  readonly target?: Target;
  /** The names this config's peers already have (`# Name =`), lower-cased: a second peer may not take one. */
  readonly names?: readonly string[];
}

/** Which target a file is checked for, and why. */
export interface FileTarget {
  readonly target: Target;
  /** Where it comes from: the file's `# wgls-target` comment, or the wgls.target setting. */
  readonly source: 'comment' | 'setting';
  /** Whether the file has a `# wgls-target` comment that counts or would (one naming no target). */
  readonly comment: boolean;
  readonly setting: Target;
  /** Every target, for the client's pick (the table lives in core/schema.ts). */
  readonly targets: ReadonlyArray<{ readonly id: Target; readonly label: string }>;
}

/**
 * Where an open document's secrets are, as the server sees them: its own secret values and what other
 * configs make secret (another config's PrivateKey pasted here as a PublicKey), which the client,
 * seeing one document, cannot know. Positions only: the values never cross the connection.
 */
export interface SecretSpans {
  /** The document version the spans are for. */
  readonly version: number;
  readonly spans: readonly SecretSpan[];
}

export interface ServerCommands {
  /** Builds the new peer's config and its [Peer] here; answers once the client applied the edit. */
  [ADD_PEER]: { args: AddPeerArguments; result: { readonly uri: string } };
  [ADD_PEER_DEFAULTS]: { args: ConfigArgument; result: AddPeerDefaults };
  [FILE_TARGET]: { args: ConfigArgument; result: FileTarget };
  /** Writes, changes or removes the file's `# wgls-target` comment (null: back to the setting). */
  [SET_TARGET]: { args: ConfigArgument & { readonly target: string | null }; result: { readonly applied: boolean } };
  /** For the privacy decorations (wgls.privacy.hideKeys) of an open document. */
  [SECRET_SPANS]: { args: ConfigArgument; result: SecretSpans };
  /**
   * A code action listed as a command (for a client that does not resolve code actions, when its edit
   * reaches a config closed in the editor): its edit is made and applied when it runs, or refused with a
   * message. `data` is what codeAction/resolve would read (lsp/features/deferred-actions.ts).
   */
  [APPLY_ACTION]: { args: { readonly title: string; readonly data: unknown }; result: { readonly applied: boolean } };
}

export type ServerCommand = keyof ServerCommands;
export type CommandArgs<C extends ServerCommand> = ServerCommands[C]['args'];
export type CommandResult<C extends ServerCommand> = ServerCommands[C]['result'];
