// Content-based recognition, kept free of the vscode API so unit tests cover it.
// A plain file whose first section header is [Interface] or [Peer] is WireGuard,
// whatever its name (home.conf, mullvad-se1.conf): VS Code's `firstLine` only
// sees line 1, and these files often start with comments.

/** Languages VS Code may have guessed for a WireGuard file before we look at it. */
export const PLAIN_LANGUAGES = new Set(['plaintext', 'properties', 'ini', 'conf', 'unknown']);

const HEADER = /^\s*\[\s*(interface|peer)\s*\]/i;
/** How many lines to look at: the first header sits near the top. */
const SCAN_LINES = 200;

export function looksLikeWireGuard(text: string): boolean {
  let start = 0;
  for (let n = 0; n < SCAN_LINES && start <= text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/^\uFEFF/, '');
    const trimmed = line.trim();
    start = end + 1;
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (trimmed.startsWith('[')) return HEADER.test(trimmed);
    // Key lines before any header: keep looking, the header decides.
  }
  return false;
}
