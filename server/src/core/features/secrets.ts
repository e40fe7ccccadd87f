// Where the secret values of a document are (PrivateKey, PresharedKey, HeaderProtectionKey: the
// keys the schema marks `secret`, and key-shaped text no public key name vouches for). The
// client's privacy decorations hide exactly these.

import { stripSpaces, type ConfigDocument, type LineNode } from '../parser.ts';
import { KEYS, lookupKey } from '../schema.ts';
import { distance, invisiblesIn } from '../strings.ts';
import { keyProblem } from '../values.ts';
import { SECRET_NAME, keySpans, secretNameEnd } from '../redact.ts';

export interface SecretSpan {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

/**
 * What the privacy decorations hide: the value of every key the schema marks secret, and every
 * key-shaped token anywhere else (a commented-out old PrivateKey, `PrivateKey K` without its `=`, a
 * key under a misspelt name, a key pasted into DNS) except in a valid PublicKey's value that is no
 * secret. `others`: secrets of other files (the workspace's private keys), hidden where pasted here.
 */
export function secretValueSpans(doc: ConfigDocument, others?: ReadonlySet<string>): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const lines = doc.lines;
  const push = (line: number, from: number, text: string) => {
    for (const k of keySpans(text)) spans.push({ line, start: from + k.start, end: from + k.end });
  };
  for (let line = 0; line < lines.length; line++) {
    const node = lines[line]!.node;
    const info = node.kind === 'entry' ? lookupKey(node.keyText)?.info : undefined;
    // A secret's value is hidden whatever it looks like; a PublicKey's shown when it is a valid key and
    // no secret, else only its key-shaped parts hidden (`K=x`: a private key with junk after it). Their
    // comments may still hold a key. Anywhere else every key-shaped token is hidden.
    if (node.kind === 'entry' && (info?.secret || info?.kind === 'public-key')) {
      const value = node.valueText;
      const whole = node.value.end > node.value.start && (info.secret || isFileSecret(doc, value, others));
      if (whole) spans.push({ line, start: node.value.start, end: node.value.end });
      else if (keyProblem(stripSpaces(value))) push(line, node.value.start, value);
      const c = node.comment?.start;
      if (c !== undefined) push(line, c, node.text.slice(c));
      continue;
    }
    // A piece of a secret wrapped onto this line: all of it.
    if (node.kind !== 'blank' && node.kind !== 'comment' && continuesSecret(doc, line)) {
      const start = node.text.length - node.text.trimStart().length;
      spans.push({ line, start, end: node.text.trimEnd().length });
      continue;
    }
    // A secret's name with no `=` after it (`PrivateKey K…`, `PrivateKey: hunter2`, an unknown key
    // `PrivateKey hunter2 = x`): what follows may be the secret, whatever its shape; to the end of the
    // line (a `#` inside a key starts a comment that holds the rest of it).
    const named = node.kind === 'blank' || node.kind === 'comment' ? -1 : secretNameEnd(node.text);
    if (named >= 0) {
      spans.push({ line, start: named, end: node.text.length });
      push(line, 0, node.text.slice(0, named));
      continue;
    }
    // A misspelt secret key (`PrivteKey = …`): its value is a secret too, even split by a blank, which
    // no key-shaped token would catch; and the key text itself may hold one (`PrivateKey<K>==x = 1`).
    if (node.kind === 'entry' && !info && node.value.end > node.value.start && secretKeyName(node.keyText)) {
      spans.push({ line, start: node.value.start, end: node.value.end });
      push(line, 0, node.text);
      continue;
    }
    push(line, 0, node.text);
  }
  return spans;
}

/** A line that may be a piece of a wrapped key: base64, its padding only at the end, blanks around. */
const KEY_PIECE_LINE = /^[ \t]*([A-Za-z0-9+/]+=*)[ \t]*$/;
/** A WireGuard key's length in base64 (32 bytes and one `=`). */
const KEY_LENGTH = 44;

/**
 * Whether `line` continues a secret's value wrapped onto the lines below its key (a mail client or a
 * terminal broke `PrivateKey = <44 characters>` at 33: the last 11 stand alone, as an unknown key
 * `…=` with no value). Such a piece is too short to look like a key, and a line alone cannot tell
 * (secrets review: messages, the outline, the CLI's echoed line and the privacy decorations showed
 * it). Up to three lines of base64 under a PrivateKey, PresharedKey or HeaderProtectionKey whose
 * value is base64, all of them together no longer than a key; a known key (`DNS=`) is none.
 */
export function continuesSecret(doc: ConfigDocument, line: number): boolean {
  const lines = doc.lines;
  const pieceLength = (k: number): number => {
    const node = lines[k]!.node;
    const m = KEY_PIECE_LINE.exec(node.text);
    // (Not a known key, with its `=` or without: `DNS=`, a bare `DNS`.)
    return m && !lookupKey(node.kind === 'entry' ? node.keyText : m[1]!) ? m[1]!.length : -1;
  };
  if (line < 1 || line >= lines.length) return false;
  let total = pieceLength(line);
  if (total < 0) return false;
  for (let k = line - 1; k >= 0 && k >= line - 3; k--) {
    const value = secretValueOf(lines[k]!.node);
    if (value !== undefined) return /^[A-Za-z0-9+/]*$/.test(value) && value.length + total <= KEY_LENGTH;
    const node = lines[k]!.node;
    const length = pieceLength(k);
    // (Padding ends a key: a piece above this one has none.)
    if (length < 0 || node.text.trimEnd().endsWith('=')) return false;
    total += length;
  }
  return false;
}

/**
 * The value of a line that holds a secret as secretValueSpans reads one (blanks removed): a secret key's
 * entry, a misspelt secret name's (`PrivteKey = …`), or what follows a secret's name without `=`
 * (`PrivateKey: …`, `PrivateKey K…`); undefined for any other line.
 */
function secretValueOf(node: LineNode): string | undefined {
  if (node.kind === 'blank' || node.kind === 'comment') return undefined;
  if (node.kind === 'entry') {
    const info = lookupKey(node.keyText)?.info;
    if (info?.secret || (!info && secretKeyName(node.keyText))) return stripSpaces(node.valueText);
    if (info) return undefined;
  }
  const named = secretNameEnd(node.text);
  return named >= 0 ? stripSpaces(node.text.slice(named).replace(/^[\s:]+/, '')) : undefined;
}

/** The secret keys' names, lower case, letters only. */
const SECRET_NAMES = KEYS.filter((k) => k.secret).map((k) => k.name.toLowerCase());

/** Whether an unknown key's name is one of the secret keys misspelt (two edits at most) or names one. */
export function secretKeyName(keyText: string): boolean {
  const name = keyText.toLowerCase().replace(/[^a-z]/g, '');
  return SECRET_NAME.test(name) || SECRET_NAMES.some((s) => distance(name, s, 2) <= 2);
}

/**
 * The values of this file's secret keys (every section), blanks removed as wg reads them. A PublicKey
 * with one of them as its value (a private key pasted as a public key: key-reuse) is hidden like the
 * secret it is, wherever a PublicKey is shown (isFileSecret). Found once per document version.
 */
export function secretValues(doc: ConfigDocument): ReadonlySet<string> {
  let secrets = secretsOf.get(doc);
  if (!secrets) {
    const found = new Set<string>();
    for (const l of doc.lines) {
      const node = l.node;
      if (node.kind === 'entry' && node.valueText !== '' && lookupKey(node.keyText)?.info.secret) {
        const v = stripSpaces(node.valueText);
        found.add(v);
        // Also as an app reads it, or as it reads once its pasted invisible characters go (invalid-key's
        // fix): a PublicKey with those removed, or written without them, is that secret too (review).
        const cleaned = invisiblesIn(v)?.cleaned;
        if (cleaned) found.add(cleaned);
      }
    }
    secretsOf.set(doc, (secrets = found));
  }
  return secrets;
}

const secretsOf = new WeakMap<ConfigDocument, ReadonlySet<string>>();

/**
 * Whether `value` (as written) is one of the file's secret values, or of `others` (other configs'
 * private keys, blanks removed): the one test hover, outline and privacy share.
 */
export function isFileSecret(doc: ConfigDocument, value: string, others?: ReadonlySet<string>): boolean {
  const v = stripSpaces(value);
  return v !== '' && (secretValues(doc).has(v) || others?.has(v) === true);
}

/** Characters of a key a name may show (`Peer 3xK9…`); no more are shown of any key. */
export const KEY_PREFIX_SHOWN = 4;

/**
 * Whether a PublicKey value is one of the file's secrets, or of `others`, with a character lost or changed
 * (formatting review: the outline named the peer `Peer GPw7…`, the PrivateKey's start, and showed the whole
 * near-copy as the entry's detail): it starts as one of them does (a random key shares 4 characters with a
 * given one once in 16 million), or its first or last 12 characters are inside the file's PrivateKey (the
 * first character lost). The starts are found once per set of secrets, the PrivateKeys once per document.
 */
export function resemblesSecret(doc: ConfigDocument, value: string, others?: ReadonlySet<string>): boolean {
  const v = stripSpaces(value);
  if (v.length < KEY_PREFIX_SHOWN) return false;
  const start = v.slice(0, KEY_PREFIX_SHOWN);
  if (startsOf(secretValues(doc)).has(start) || (others !== undefined && startsOf(others).has(start))) return true;
  if (v.length < 24) return false;
  const head = v.slice(0, 12);
  const tail = v.replace(/=+$/, '').slice(-12);
  return privateKeysOf(doc).some((k) => k.includes(head) || k.includes(tail));
}

function startsOf(secrets: ReadonlySet<string>): ReadonlySet<string> {
  let starts = startsCache.get(secrets);
  if (!starts) startsCache.set(secrets, (starts = new Set([...secrets].map((s) => s.slice(0, KEY_PREFIX_SHOWN)))));
  return starts;
}

const startsCache = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

/** The values of the file's PrivateKey lines (every [Interface]), blanks removed. */
function privateKeysOf(doc: ConfigDocument): readonly string[] {
  let keys = privateKeysCache.get(doc);
  if (!keys) {
    const found: string[] = [];
    for (const s of doc.sections) {
      if (s.kind !== 'interface') continue;
      for (const e of s.entries) if (lookupKey(e.node.keyText, 'Interface')?.info.name === 'PrivateKey') found.push(stripSpaces(e.node.valueText));
    }
    privateKeysCache.set(doc, (keys = found));
  }
  return keys;
}

const privateKeysCache = new WeakMap<ConfigDocument, readonly string[]>();
