// Is this text a WireGuard config? The first section header decides: [Interface] or
// [Peer] (any case, spaces allowed inside the brackets, as wg allows them), alone on its line
// but for a comment. Comments, blank lines and `key = value` lines may come first; any other
// line first means prose ("[Peer] Alice said…" in meeting notes is not a config).
// A config whose first header is mistyped (`[Intreface]`, `[Interface` without its bracket: a name
// within two edits of Interface or Peer) is still one when a WireGuard key line follows
// (`PrivateKey = <44 characters of base64>`) before any prose: those are the configs that most need
// checking. Any other first header (`[NetDev]` of systemd-networkd, a Markdown badge) means no.

import { distance } from './strings.ts';

const HEADER = /^\[\s*(interface|peer)\s*\](?:\s*[#;].*)?$/i;
/** A key line no other format has: a WireGuard key name and a key-shaped value. */
const KEY_LINE = /^(private|public|preshared)\s*key\s*=\s*[A-Za-z0-9+/]{43}=\s*(#.*)?$/i;

/** How many lines the test reads (the client passes no more text than that: the same answer everywhere). */
export const DETECT_LINES = 400;

export function looksLikeWireGuard(text: string, maxLines = DETECT_LINES): boolean {
  let start = 0;
  for (let n = 0; n < maxLines && start <= text.length; n++) {
    // Lines end at LF, CRLF or a lone CR, as in the parser.
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const line = text.slice(start, end).replace(/^\uFEFF/, '').trim();
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (KEY_LINE.test(line)) return true;
    if (line.startsWith('[')) {
      if (HEADER.test(line)) return true;
      // Any other header (after a mistyped one too) before a key line: not enough to say.
      if (!nearMissHeader(line)) return false;
      continue;
    }
    if (!line.includes('=')) return false;
  }
  return false;
}

/**
 * `[Intreface]`, `[ peer`, `[[Interface]]`, `[Interface] wg0`, `[Interface.wg0]`: a header whose first
 * word is two edits or fewer from Interface or Peer.
 */
function nearMissHeader(line: string): boolean {
  const word = /^\[+\s*([A-Za-z]+)/.exec(line)?.[1]?.toLowerCase();
  return word !== undefined && ['interface', 'peer'].some((name) => Math.abs(word.length - name.length) <= 2 && distance(word, name) <= 2);
}

/**
 * A file name a WireGuard config has: `*.conf`, or `*.conf.wg` (the language's file name patterns), in
 * any case (`WG0.CONF`), as VS Code's patterns match it. The workspace index reads only these; the CLI's
 * folder search reads any file by content, and names these when it cannot read them.
 */
export function isConfigName(name: string): boolean {
  return /\.conf(\.wg)?$/i.test(name);
}
