// Content-based recognition, kept free of the vscode API so unit tests cover it.
// A plain file whose first section header is [Interface] or [Peer] is WireGuard,
// whatever its name (home.conf, mullvad-se1.conf): VS Code's `firstLine` only
// sees line 1, and these files often start with comments. The test itself is the
// engine's, shared with the server's workspace index and the CLI.

export { DETECT_LINES, looksLikeWireGuard } from '../../server/src/core/detect.ts';

/** Languages VS Code may have guessed for a WireGuard file before we look at it. */
export const PLAIN_LANGUAGES = new Set(['plaintext', 'properties', 'ini', 'conf', 'unknown']);

/**
 * Where content decides the language: files (local or remote), untitled editors, and the older
 * versions of a config VS Code shows, keys included, which the privacy masks must hide too: the other
 * side of a Git diff (`git`), of File: Compare with Saved (`showModifications`) and Local History
 * (`vscode-local-history`). (code-server gives the saved side the file's language already; these two
 * make sure of it where an editor does not.) Not output channels, settings or other extensions'
 * virtual documents.
 */
export const DETECTED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'git', 'showModifications', 'vscode-local-history']);
