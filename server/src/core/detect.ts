// Is this text a WireGuard config? The first section header decides: [Interface] or
// [Peer] (any case, spaces allowed inside the brackets, as wg allows them). Comments,
// blank lines and even key lines may come first.

const HEADER = /^\[\s*(interface|peer)\s*\]/i;

export function looksLikeWireGuard(text: string, maxLines = 400): boolean {
  let start = 0;
  for (let n = 0; n < maxLines && start <= text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/^\uFEFF/, '').trim();
    start = end + 1;
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) return HEADER.test(line);
  }
  return false;
}
