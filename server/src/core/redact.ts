// Key-shaped text, found and hidden. The schema says which values are secret (PrivateKey,
// PresharedKey, HeaderProtectionKey), but a key also sits where no key name vouches for it: a line
// missing its `=` (`PrivateKey K`: wg-style splitting takes the key's own `=` padding as the
// separator, so the key becomes the "key name"), a key under a misspelt name, a commented-out old
// PrivateKey, a key pasted into DNS. Whatever echoes user text (messages, fix titles, the outline,
// the privacy decorations) runs it through here, so none of those shows one.

/**
 * A whole run of 40 or more base64 characters with a digit or `+` in it, with or without `=` padding:
 * every WireGuard key (43 and `=`), one missing or gaining a character in a paste, and one glued to
 * its name (`PrivateKeySCR8…=`, which a wg-style split makes the key name). A path or a host name has
 * dots or dashes; a long identifier (`AllowForwardingFromWireguardPeers…`) has no digit, which a
 * random key lacks once in thousands. Hiding a look-alike costs a word of a message; showing a key
 * costs the key.
 */
const KEY = /(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[0-9+])[A-Za-z0-9+/]{40,}(?:={1,2}|(?![A-Za-z0-9+/=]))/g;

export const HIDDEN_KEY = '(key hidden)';

/** `text` with every key-shaped token replaced by "(key hidden)". */
export function redactKeys(text: string): string {
  // A shorter text has none (the usual message).
  return text.length < 40 ? text : text.replace(KEY, HIDDEN_KEY);
}

/** Where the key-shaped tokens of `text` are. */
export function keySpans(text: string): Array<{ start: number; end: number }> {
  if (text.length < 40) return [];
  const out: Array<{ start: number; end: number }> = [];
  for (const m of text.matchAll(KEY)) out.push({ start: m.index!, end: m.index! + m[0].length });
  return out;
}
