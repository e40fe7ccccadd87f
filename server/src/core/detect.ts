// Is this text a WireGuard config? The first section header decides: [Interface] or
// [Peer] (any case, spaces allowed inside the brackets, as wg allows them), alone on its line
// but for a comment. Comments, blank lines and `key = value` lines may come first; any other
// line first means prose ("[Peer] Alice said…" in meeting notes is not a config).

const HEADER = /^\[\s*(interface|peer)\s*\](?:\s*[#;].*)?$/i;

export function looksLikeWireGuard(text: string, maxLines = 400): boolean {
  let start = 0;
  for (let n = 0; n < maxLines && start <= text.length; n++) {
    // Lines end at LF, CRLF or a lone CR, as in the parser.
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const line = text.slice(start, end).replace(/^\uFEFF/, '').trim();
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) return HEADER.test(line);
    if (!line.includes('=')) return false;
  }
  return false;
}
