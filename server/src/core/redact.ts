// Key-shaped text, found and hidden. The schema says which values are secret (PrivateKey,
// PresharedKey, HeaderProtectionKey), but a key also sits where no key name vouches for it: a line
// missing its `=` (`PrivateKey K`: wg-style splitting takes the key's own `=` padding as the
// separator, so the key becomes the "key name"), a key under a misspelt name, a commented-out old
// PrivateKey, a key pasted into DNS. Whatever echoes user text (messages, fix titles, the outline,
// the privacy decorations) runs it through here, so none of those shows one.

/**
 * A whole run of base64 characters that is key-shaped: 43 or more ending in `=` padding (every
 * WireGuard key, also one glued to its name, `PrivateKeyK=`, which a wg-style split makes the key
 * name), or 40 or more with a digit or `+` in it (a key that lost its `=` or a character in a paste).
 * A path or a host name has dots or dashes; a long identifier without digits or padding
 * (`AllowForwardingFromWireguardPeers…` in a PostUp) stays. Whatever follows the run does not matter
 * (`K===`, `K=x`, `K=K` are keys with junk after them). Hiding a look-alike costs a word of a
 * message; showing a key costs the key.
 */
const KEY = /(?<![A-Za-z0-9+/])(?:[A-Za-z0-9+/]{43,}=+|(?=[A-Za-z0-9+/]*[0-9+])[A-Za-z0-9+/]{40,}=*)/g;

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

/**
 * An entry's key as written, for a message or the outline. When the line's `=` comes right after the
 * key text, it may be a key's own padding (`PrivateKey K=`, `PrivateKeyK=`: wg-style splitting makes
 * the key part of the "key name"), so the text is judged with that `=`.
 */
export function shownKeyText(node: { readonly keyText: string; readonly key: { readonly end: number }; readonly eq: number }): string {
  if (node.eq !== node.key.end || node.keyText.length < 40) return redactKeys(node.keyText);
  const shown = redactKeys(`${node.keyText}=`);
  return shown.endsWith('=') ? shown.slice(0, -1) : shown;
}
