// Text of the stanzas wgls writes ([Interface], [Peer]) in the canonical layout the
// formatter produces, so generated text needs no formatting afterwards.

export interface PeerStanza {
  readonly name?: string;
  readonly publicKey: string;
  readonly presharedKey?: string;
  readonly allowedIps?: readonly string[];
  readonly endpoint?: string;
  /** Written as a comment where Endpoint goes, when the address is not known (`# Endpoint = <…>:51820`). */
  readonly endpointHint?: string;
  readonly keepalive?: number;
}

export interface InterfaceStanza {
  readonly name?: string;
  readonly privateKey: string;
  readonly addresses: readonly string[];
  readonly listenPort?: number;
  readonly dns?: readonly string[];
  readonly mtu?: number;
  /** `Key = value` lines the tool family needs (AmneziaWG's shared parameters), after the usual keys. */
  readonly extra?: readonly string[];
  /** Comment lines (without `# `) after the keys: what the new host needs that no key of its tool says. */
  readonly notes?: readonly string[];
  readonly postUp?: readonly string[];
  readonly postDown?: readonly string[];
}

/**
 * `text` made safe for a comment line wgls writes: every control character, and each character a parser
 * ends a line at (LF and CR; the Apple apps also VT, FF, NEL, U+2028, U+2029), becomes a blank. Names come
 * from file names and `# Name` comments, and a file name may hold a line break: written as it was, a hub
 * named `hub<LF>[Interface]<LF>PreUp = …` put a root hook into every new spoke (actions review).
 */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

/** `[Peer]` with its lines, each ending in `eol`. */
export function peerStanza(p: PeerStanza, eol = '\n'): string {
  const lines = ['[Peer]'];
  if (p.name) lines.push(`# Name = ${commentText(p.name)}`);
  lines.push(`PublicKey = ${p.publicKey}`);
  if (p.presharedKey) lines.push(`PresharedKey = ${p.presharedKey}`);
  if (p.allowedIps?.length) lines.push(`AllowedIPs = ${p.allowedIps.join(', ')}`);
  if (p.endpoint) lines.push(`Endpoint = ${p.endpoint}`);
  else if (p.endpointHint) lines.push(`# Endpoint = ${commentText(p.endpointHint)}`);
  if (p.keepalive) lines.push(`PersistentKeepalive = ${p.keepalive}`);
  return lines.map((l) => l + eol).join('');
}

export function interfaceStanza(i: InterfaceStanza, eol = '\n'): string {
  const lines = ['[Interface]'];
  if (i.name) lines.push(`# Name = ${commentText(i.name)}`);
  lines.push(`PrivateKey = ${i.privateKey}`);
  if (i.addresses.length) lines.push(`Address = ${i.addresses.join(', ')}`);
  if (i.listenPort) lines.push(`ListenPort = ${i.listenPort}`);
  if (i.dns?.length) lines.push(`DNS = ${i.dns.join(', ')}`);
  if (i.mtu) lines.push(`MTU = ${i.mtu}`);
  for (const l of i.extra ?? []) lines.push(l);
  for (const n of i.notes ?? []) lines.push(`# ${commentText(n)}`);
  for (const c of i.postUp ?? []) lines.push(`PostUp = ${c}`);
  for (const c of i.postDown ?? []) lines.push(`PostDown = ${c}`);
  return lines.map((l) => l + eol).join('');
}

/**
 * Where and what to insert to append `stanza` (its lines each ending in `eol`) at the end of a document,
 * keeping exactly one blank line between sections. A blank last line is replaced: the stanza's header
 * starts its line. A file that does not end with a line break (its last line has text, blanks
 * included) still does not: the stanza's last line break is left off.
 */
export function appendStanza(lines: ReadonlyArray<{ node: { kind: string; text: string } }>, stanza: string, eol: string) {
  const lastLine = lines.length - 1;
  const lastText = lines[lastLine]!.node.text;
  // Blank as the parser says (a no-break space is text to wg).
  const previousBlank = lastLine === 0 || lines[lastLine - 1]!.node.kind === 'blank';
  const blankLast = lines[lastLine]!.node.kind === 'blank';
  const prefix = !blankLast ? `${eol}${eol}` : previousBlank ? '' : eol;
  return {
    range: { start: { line: lastLine, character: blankLast ? 0 : lastText.length }, end: { line: lastLine, character: lastText.length } },
    newText: `${prefix}${lastText === '' || !stanza.endsWith(eol) ? stanza : stanza.slice(0, -eol.length)}`,
  };
}
