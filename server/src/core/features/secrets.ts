// Where the secret values of a document are (PrivateKey, PresharedKey, HeaderProtectionKey: the
// keys the schema marks `secret`, and key-shaped text no public key name vouches for). The
// client's privacy decorations hide exactly these.

import { stripSpaces, type ConfigDocument } from '../parser.ts';
import { KEYS, lookupKey } from '../schema.ts';
import { distance } from '../strings.ts';
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
      if (node.kind === 'entry' && node.valueText !== '' && lookupKey(node.keyText)?.info.secret) found.add(stripSpaces(node.valueText));
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
