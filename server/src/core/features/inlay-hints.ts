// Inlay hints: the public key derived from a PrivateKey (what the other ends must
// put in their `[Peer]`), and, when a peer directory can name them, who a peer's
// PublicKey belongs to.

import { stripSpaces, type ConfigDocument } from '../parser.ts';
import { publicKeyOfCached } from '../keys.ts';
import { rangeContains, type Position, type Range } from '../span.ts';
import { interfaceValue, keyInfoOf, sectionAt, sectionCommentName, sectionIndexAt, shortKey } from './document.ts';
import type { PeerLookup } from './peers.ts';
import { redactKeys } from '../redact.ts';

export interface InlayHint {
  position: Position;
  label: string;
  paddingLeft?: boolean;
  tooltip?: { kind: 'markdown'; value: string };
}

export interface InlayHintOptions {
  readonly derivedPublicKey: boolean;
  readonly peerNames: boolean;
  readonly lookupPeer?: PeerLookup;
}

export function inlayHints(doc: ConfigDocument, range: Range | undefined, options: InlayHintOptions): InlayHint[] {
  const out: InlayHint[] = [];
  // wg merges every [Interface]: only the last PrivateKey counts, so only its public key is worth showing.
  const effectiveKeyLine = lastPrivateKeyLine(doc);
  // (Whole lines: a fractional one, which LSP forbids but a client may send, indexed no line: review.)
  const from = Math.max(0, Math.floor(range?.start.line ?? 0));
  const to = Math.min(doc.lines.length - 1, Math.ceil(range?.end.line ?? doc.lines.length - 1));
  for (let line = from; line <= to; line++) {
    const node = doc.lines[line]!.node;
    if (node.kind !== 'entry' || node.value.end === node.value.start) continue;
    const section = sectionAt(doc, line);
    const info = keyInfoOf(node, section);
    const position = { line, character: node.value.end };
    // A hint sits where its value ends; LSP asks for the hints *in* the range, so one past a range that
    // starts or ends inside a line is left out (the editor asks again as the view moves).
    if (range && !rangeContains(range, position)) continue;
    if (info?.kind === 'private-key' && options.derivedPublicKey) {
      if (line !== effectiveKeyLine) continue;
      // (As wg reads it: a blank inside the key is removed.)
      const pub = publicKeyOfCached(stripSpaces(node.valueText));
      if (!pub) continue;
      const owner = options.lookupPeer?.(pub);
      out.push({
        position,
        label: `→ pub: ${shortKey(pub, 10)}`,
        paddingLeft: true,
        tooltip: { kind: 'markdown', value: `Public key${owner ? ` of **${redactKeys(owner.name)}**` : ''}: \`${pub}\`\n\nThe other ends put it in their \`[Peer] PublicKey\`.` },
      });
    } else if (info?.kind === 'public-key' && options.peerNames && options.lookupPeer && section?.kind === 'peer') {
      const owner = options.lookupPeer(node.valueText);
      if (!owner) continue;
      // (The section's index by a binary search: indexOf per hint was quadratic over a whole big file.)
      if (owner.name === sectionCommentName(doc, sectionIndexAt(doc, line))) continue;
      out.push({
        position,
        // (A name or file named after a key is no name to show: the lens hides it the same way. UI review.)
        label: `→ ${redactKeys(owner.name)}`,
        paddingLeft: true,
        tooltip: {
          kind: 'markdown',
          value: owner.ownsKey
            ? `The private key of this public key is in \`${redactKeys(owner.uri)}\`.`
            : `No config here holds the private key of this public key; \`${redactKeys(owner.uri)}\` names its [Peer] \`${redactKeys(owner.name)}\`.`,
        },
      });
    }
  }
  return out;
}

/** The line of the PrivateKey wg uses: the last one of every [Interface] section; -1 without one. */
function lastPrivateKeyLine(doc: ConfigDocument): number {
  return interfaceValue(doc, 'PrivateKey')?.line ?? -1;
}
