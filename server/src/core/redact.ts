// Key-shaped text, found and hidden. The schema says which values are secret (PrivateKey,
// PresharedKey, HeaderProtectionKey), but a key also sits where no key name vouches for it: a line
// missing its `=` (`PrivateKey K`: wg-style splitting takes the key's own `=` padding as the
// separator, so the key becomes the "key name"), a key under a misspelt name, a commented-out old
// PrivateKey, a key pasted into DNS. Whatever echoes user text (messages, fix titles, the outline,
// the privacy decorations) runs it through here, so none of those shows one.

import { INVISIBLE_CHARS } from './strings.ts';
import { lookupKey } from './schema.ts';

/**
 * A whole run of base64 characters that is key-shaped: 43 or more ending in `=` padding (every
 * WireGuard key, also one glued to its name, `PrivateKeyK=`, which a wg-style split makes the key
 * name), or 40 or more with a digit or `+` in it (a key that lost its `=` or a character in a paste).
 * A path or a host name has dots or dashes; a long identifier without digits or padding
 * (`AllowForwardingFromWireguardPeers…` in a PostUp) stays. Whatever follows the run does not matter
 * (`K===`, `K=x`, `K=K` are keys with junk after them). Hiding a look-alike costs a word of a
 * message; showing a key costs the key.
 */
const KEY =
  /(?<![A-Za-z0-9+/])(?:[A-Za-z0-9+/]{43,}=+|(?=[A-Za-z0-9+/]*[0-9+])(?=[A-Za-z0-9+/]*[A-Za-z])[A-Za-z0-9+/]{40,}=*)|(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}=(?![A-Za-z0-9_=-])|(?<![0-9A-Fa-f])(?=[0-9]*[A-Fa-f])[0-9A-Fa-f]{63,65}(?![0-9A-Fa-f])/g;

export const HIDDEN_KEY = '(key hidden)';
/** What stands for the text after a secret's name (secretNameEnd) in a message. */
export const HIDDEN_VALUE = '(value hidden)';

/** A run of base64 characters but `/`, 20 or more (a candidate piece of a key; see isKeyPiece). */
const BASE64_RUN = /(?<![A-Za-z0-9+])[A-Za-z0-9+]{20,}=*/g;

/**
 * A piece of a key: 20 or more base64 characters with at least four capitals, four small letters and
 * a digit (a key cut short in a paste, either half of a key split by a blank), that change between
 * capitals, small letters and digits at least every other character. Random base64 changes class at
 * two of three characters, and has that mix: 20-character pieces pass about 86% of the time, 30
 * characters 95%. Names written in CamelCase change class once per word (`WireGuardHomeOffice2024`,
 * `MyRoutingTable2024XY`: about a third), so they stay. Runs are cut at `/`, so a path
 * (`/opt/PostUp/Scripts2024/HomeVPN`) is judged a segment at a time, as the words it is made of.
 */
export function isKeyPiece(run: string, strict = false): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let changes = 0;
  let last = -1;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    const kind = c >= 65 && c <= 90 ? 0 : c >= 97 && c <= 122 ? 1 : c >= 48 && c <= 57 ? 2 : 3;
    if (kind === 0) upper++;
    else if (kind === 1) lower++;
    else if (kind === 2) digit++;
    if (last >= 0 && kind !== last) changes++;
    last = kind;
  }
  // (strict: a short piece, judged with a margin, as a path of short words comes near the bar.)
  return upper >= 4 && lower >= 4 && digit >= 1 && changes * 2 >= run.length - 1 + (strict ? 3 : 0);
}

/**
 * A key split by blanks, which wg removes (`PrivateKey = abc… def…=` works), or typed as items of a
 * list (`DNS = abc…, def…=`): two to five base64 runs joined by blanks or a comma that, joined, are a
 * key's length (43 characters, or 42 with one lost, and its padding). Blanks here are also the
 * invisible ones a paste from a web page or a chat brings (a no-break space, a zero-width space): to
 * wg they break the key, but the pieces shown are the key all the same.
 */
const BLANK = `[ \\t${INVISIBLE_CHARS}]`;
const SEPARATOR = `(?:${BLANK}+|${BLANK}*[,;]${BLANK}*)`;
/**
 * A prefix length after a key's padding (`K=/24`, a key pasted into Address): 0–128 and then no more of a
 * word, so that a path or URL (`…setStatusCode=/200`) is no key's end (diff review).
 */
const PREFIX_AFTER = String.raw`\/(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])(?![0-9A-Za-z./])`;
// (Padding may be followed by a prefix: `K1 K2=/24`, a split key pasted into Address.)
const SPLIT = new RegExp(`(?<![A-Za-z0-9+/])[A-Za-z0-9+/]+(?:${SEPARATOR}[A-Za-z0-9+/]+){1,4}(?:=+(?=${PREFIX_AFTER})|=*(?![A-Za-z0-9+/=]))`, 'g');
const SEPARATORS = new RegExp(`${SEPARATOR}`, 'g');
function isSplitKey(text: string): boolean {
  const joined = text.replace(SEPARATORS, '');
  const base = joined.replace(/=+$/, '');
  if (!(base.length >= 42 && base.length <= 43 && (joined.endsWith('=') || /[0-9+]/.test(base)) && /[a-z]/.test(base) && /[A-Z]/.test(base))) return false;
  // Two pieces (split by blanks, as wg reads a key, or typed as two list items): enough. Three or more:
  // words of a sentence or a command (`netsh interface ipv4 set subinterface WireGuardTunnel`) add up
  // to a key's length often enough that the pieces must also look random (over-redaction review).
  const pieces = text.split(SEPARATORS);
  if (pieces.length <= 2 || isKeyPiece(base)) return true;
  // A key's padding ends it, so its pieces count whatever isKeyPiece says of the whole; but words
  // (`Main WireGuard Tunnel ForRemoteWorkers Enabled=`) have no digit, `+` or `/`, and a key's pieces
  // of six or more characters nearly always do (diff review).
  return joined.endsWith('=') && pieces.filter((p) => p.length >= 6 && !/[0-9+/]/.test(p)).length <= 1;
}

/** The same for a key in hex (64 digits, or one lost or added) split by blanks or a comma. */
const HEX_SPLIT = new RegExp(`(?<![0-9A-Za-z])[0-9A-Fa-f]{2,}(?:${SEPARATOR}[0-9A-Fa-f]{2,}){1,4}(?![0-9A-Za-z])`, 'g');
const isSplitHexKey = (text: string) => {
  const joined = text.replace(SEPARATORS, '');
  // (A letter a–f: 64 random hex digits without one are 1 in 10^13; timestamps and IDs are all digits.)
  return joined.length >= 63 && joined.length <= 65 && /[A-Fa-f]/.test(joined);
};

/**
 * A run of base64 with a `/` in it, 20 characters or more besides the `/`: a key cut short around one
 * (`Endpoint = <30 characters of a key>:51820`), whose pieces between the `/` are each too short to
 * tell. Judged by isKeyPiece without its `/` (strictly below 24), which a path fails: its words change
 * class once each (with the `/` counted as a change, `/Users/JohnDoe/Desktop/WG2` passed).
 */
const SLASHED_RUN = /(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+]*\/)[A-Za-z0-9+/]{21,}/g;

/**
 * The end of a key (a key wrapped onto the next line, `…KTiH28zi70s=`, or its second half typed as a
 * list item): a run of 12 or more base64 characters and one `=` padding, with a digit, `+` or `/` and
 * two capitals and two small letters, at the end of a line or before a comment, a list's comma, a port
 * (`:51820`), a prefix (`/24`) or a closing quote; not before a value (`Name2= value`). No key name is one (`PublicKey=…`
 * has a value after its `=`, and names hold no digit).
 */
const KEY_TAIL = new RegExp(String.raw`(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{12,42}=(?=:[0-9]|${PREFIX_AFTER}|[ \t${INVISIBLE_CHARS}]*(?:$|[\r\n#,;"'\u0060)\]]))`, 'g');
const isKeyTail = (run: string) => /[0-9+/]/.test(run) && /[A-Z].*[A-Z]/.test(run) && /[a-z].*[a-z]/.test(run);

/**
 * A key in URL-safe base64 (`-` and `_` for `+` and `/`) without its padding: 40 to 46 characters
 * with a `-` or `_` (a key has one or two; a name joined by them, `WG_Peer_01_Alice_iPhone_13`, many),
 * mixed like a key without them (isKeyPiece; a host name with dashes is lower case).
 */
const isUrlSafeKey = (run: string) => (run.match(/[-_]/g)?.length ?? 0) <= 4 && isKeyPiece(run.replace(/[-_]/g, ''));
const URL_SAFE_RUN = /(?<![A-Za-z0-9_+/-])(?=[A-Za-z0-9]*[-_])[A-Za-z0-9_-]{40,46}(?![A-Za-z0-9_+/=-])/g;

/** `text` with every key-shaped token (see keySpans) replaced by "(key hidden)". */
export function redactKeys(text: string): string {
  // A shorter text has none (the usual message): the shortest thing hidden is a key's end of 12
  // characters and its `=`.
  if (text.length < 13) return text;
  const spans = keySpans(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + HIDDEN_KEY;
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * Where the key-shaped text of `text` is, in order, overlaps merged: whole keys (KEY), pieces of
 * keys (isKeyPiece) and keys split by a blank (SPLIT).
 */
export function keySpans(text: string): Array<{ start: number; end: number }> {
  if (text.length < 13) return [];
  if (text.length > LONG_RUN) {
    const cut = keySpansAroundLongRuns(text);
    if (cut) return cut;
  }
  return keySpansByRegex(text);
}

/** A run this long of base64 (or hex, or URL-safe base64) characters, or of blanks, is not given to the regexes. */
const LONG_RUN = 1000;

const isKeyChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61 || c === 95 || c === 45;
const isBlankChar = (c: number) => c === 32 || c === 9;

/**
 * keySpans of a text with runs of key characters or of blanks longer than LONG_RUN, undefined when it
 * has none. The regexes' backtracking over a run of megabytes overflows V8's regex stack (a RangeError
 * that took the file's every diagnostic with it: an Endpoint of 9 MB, slow review). So the regexes read
 * the text with each such run of key characters hidden whole (no message needs a megabyte of base64;
 * it stands as one NUL, which joins nothing) and each such run of blanks as one blank: pieces of a key
 * on both sides of it still join into one (wg strips blanks; the diff review found them cut apart).
 */
function keySpansAroundLongRuns(text: string): Array<{ start: number; end: number }> | undefined {
  // The text the regexes read, as pieces: [start in it, start in `text`, its length there] per run replaced.
  const runs: Array<{ at: number; from: number; to: number; key: boolean }> = [];
  let short = '';
  let copied = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const same = isKeyChar(c) ? isKeyChar : isBlankChar(c) ? isBlankChar : undefined;
    if (!same) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && same(text.charCodeAt(j))) j++;
    if (j - i > LONG_RUN) {
      short += text.slice(copied, i);
      runs.push({ at: short.length, from: i, to: j, key: same === isKeyChar });
      short += same === isKeyChar ? '\0' : ' ';
      copied = j;
    }
    i = j;
  }
  if (!runs.length) return undefined;
  short += text.slice(copied);
  // What the runs before each one took out (each stands as one character in `short`).
  const shifts: number[] = [];
  for (let k = 0, total = 0; k < runs.length; k++) {
    shifts.push(total);
    total += runs[k]!.to - runs[k]!.from - 1;
  }
  // A position in `short` back in `text` (a binary search for the last run at or before it).
  const back = (pos: number, end: boolean): number => {
    let lo = 0;
    let hi = runs.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (runs[mid]!.at < pos || (!end && runs[mid]!.at === pos)) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0) return pos;
    const r = runs[k]!;
    if (pos === r.at) return r.from;
    if (pos === r.at + 1 && end) return r.to;
    return pos + shifts[k]! + (r.to - r.from - 1);
  };
  const out = keySpansByRegex(short).map((s) => ({ start: back(s.start, false), end: back(s.end, true) }));
  for (const r of runs) if (r.key) out.push({ start: r.from, end: r.to });
  return merged(out);
}

/**
 * keySpans with the regexes over the whole text, whatever its runs: what keySpans uses below
 * LONG_RUN, and the tests' reference for the long-run path.
 */
export function keySpansByRegex(text: string): Array<{ start: number; end: number }> {
  if (text.length < 13) return [];
  // Below 40 characters only BASE64_RUN (20+), SLASHED_RUN (21+) and KEY_TAIL (12+ and `=`) can match,
  // each on a run of 12 or more base64 characters: without one (an AllowedIPs list, most messages), none
  // does. One scan instead of three regexes: the outline of a 5,000-peer hub redacts every peer's detail.
  if (text.length < 40 && !hasBase64Run(text, 12)) return [];
  const found: Array<{ start: number; end: number }> = [];
  if (text.length >= 40) for (const m of text.matchAll(KEY)) found.push({ start: m.index!, end: m.index! + m[0].length });
  for (const m of text.matchAll(BASE64_RUN)) if (isKeyPiece(m[0])) found.push({ start: m.index!, end: m.index! + m[0].length });
  for (const m of text.matchAll(SLASHED_RUN)) {
    const joined = m[0].replace(/\//g, '');
    // (Strictly below 24: the margin that keeps `sites/WgHub1/Peers/Bob2` would leak twice as many longer cuts.)
    if (joined.length >= 20 && isKeyPiece(joined, joined.length < 24)) found.push({ start: m.index!, end: m.index! + m[0].length });
  }
  for (const m of text.matchAll(KEY_TAIL)) if (isKeyTail(m[0])) found.push({ start: m.index!, end: m.index! + m[0].length });
  if (text.length >= 40) for (const m of text.matchAll(URL_SAFE_RUN)) if (isUrlSafeKey(m[0])) found.push({ start: m.index!, end: m.index! + m[0].length });
  if (text.length >= 41) {
    // A run that is no split key may end in one (`PrivateKey K1 K2`, the name glued in front): the search
    // goes on from its second word, not from its end.
    SPLIT.lastIndex = 0;
    for (let m = SPLIT.exec(text); m; m = SPLIT.exec(text)) {
      if (isSplitKey(m[0])) found.push({ start: m.index, end: m.index + m[0].length });
      else SPLIT.lastIndex = m.index + m[0].search(/[^A-Za-z0-9+/]/);
    }
  }
  if (text.length >= 64) {
    HEX_SPLIT.lastIndex = 0;
    for (let m = HEX_SPLIT.exec(text); m; m = HEX_SPLIT.exec(text)) {
      if (isSplitHexKey(m[0])) found.push({ start: m.index, end: m.index + m[0].length });
      else HEX_SPLIT.lastIndex = m.index + m[0].search(/[^0-9A-Fa-f]/);
    }
  }
  return merged(found);
}

/** Whether `text` has `n` base64 characters (A–Z, a–z, 0–9, +, /) in a row. */
function hasBase64Run(text: string, n: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47) {
      if (++run >= n) return true;
    } else run = 0;
  }
  return false;
}

/** `spans` in order, overlapping or touching ones merged into one. */
function merged(spans: Array<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start);
  const out = [spans[0]!];
  for (let i = 1; i < spans.length; i++) {
    const last = out[out.length - 1]!;
    const s = spans[i]!;
    if (s.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push(s);
  }
  return out;
}

/**
 * `text` (a log line, a JSON message with documents in it) with the value of every assignment to a
 * secret-sounding name hidden, whatever the value looks like: `PrivateKey = …`, `PresharedKey=…`,
 * misspelt (`PrivteKey`), up to the end of the line, a quote, a backslash (an escaped line break in
 * JSON) or a comment. Key-shaped text elsewhere is redactKeys' job; this catches the secrets that
 * are not key-shaped (a key cut short, in hex, split by blanks).
 */
export function redactSecretAssignments(text: string): string {
  if (text.length < 12) return text;
  // First a value wrapped onto the next lines (its pieces stand alone there: secrets.ts continuesSecret),
  // then what follows a secret's name without an `=` (`PrivateKey K…`, as secretNameEnd reads a line).
  const unwrapped = text.replace(WRAPPED_ASSIGNMENT, (m, name: string, value: string, rest: string) => {
    if (!SECRET_NAME.test(name)) return m;
    const pieces = rest.split(LINE_BREAK);
    const breaks = rest.match(LINE_BREAK_G) ?? [];
    if (value.length + pieces.reduce((n, p) => n + p.trim().length, 0) > 45) return m;
    return `${name}${HIDDEN_KEY}${breaks.map((b) => `${b}${HIDDEN_KEY}`).join('')}`;
  });
  const named = unwrapped.replace(LINE_START_TEXT, (m, before: string, line: string) => {
    const end = secretNameEnd(line);
    return end < 0 ? m : `${before}${line.slice(0, end)} ${HIDDEN_KEY}`;
  });
  return named.replace(SECRET_ASSIGNMENT, (m, name: string) => (SECRET_NAME.test(name) ? `${name}${HIDDEN_KEY}` : m));
}
/** A line break as a log holds one: itself, or escaped in JSON (`\n`, `\r\n`). */
const LINE_BREAK_TEXT = String.raw`(?:\\r)?\\n|\\r|\r?\n|\r`;
const LINE_BREAK = new RegExp(LINE_BREAK_TEXT);
const LINE_BREAK_G = new RegExp(LINE_BREAK_TEXT, 'g');
/**
 * `Name = <base64>` (or `Name: …`, `Name …`, as secretNameEnd reads a secret's name) and one to three lines
 * of base64 only below it, to a line's or the text's end: a key wrapped onto the next lines (which
 * redactSecretAssignments hides when the name is a secret's and the pieces together are no longer than a
 * key).
 */
const WRAPPED_ASSIGNMENT = new RegExp(
  String.raw`(?<![A-Za-z])((?:[A-Za-z]+[ \t]+)?[A-Za-z]+(?:[ \t]*[=:][ \t]*|[ \t]+))([A-Za-z0-9+/]{0,43})((?:(?:${LINE_BREAK_TEXT})[ \t]*[A-Za-z0-9+/]+=*[ \t]*){1,3})(?=${LINE_BREAK_TEXT}|"|$)`,
  'g',
);
/**
 * A line's text from its first letter (after a line break, the start, or the opening quote of a
 * document's `"text"` in a traced message), a JSON-escaped tab kept in it. Not after any quote: a
 * message (`"PrivateKey is all zeros…"`) is no config line (diff review).
 */
const LINE_START_TEXT = new RegExp(String.raw`(^|${LINE_BREAK_TEXT}|"text":[ \t]*")([ \t]*[A-Za-z](?:[^"\\\r\n]|\\t)*)`, 'g');
// A whole word (never restarted inside one: a run of letters is scanned once), then `=` and the value;
// whether the word names a secret is asked of it afterwards (see redactSecretAssignments).
// (At most two words: `Private Key =` is a private key to wg, and a bounded name keeps it linear.)
// The value runs to the end of the line, a comment or a quote; a JSON-escaped tab (`\\t`) is part of it,
// and an escaped quote may open it (`PrivateKey = \\"…\\"` in a trace).
const SECRET_ASSIGNMENT = /(?<![A-Za-z])((?:[A-Za-z]+[ \t]+)?[A-Za-z]+[ \t]*=[ \t]*(?:\\")?)(?=[^\s"\\#]|\\t)(?:[^"\\\r\n#]|\\t)*[^\s"\\#]/g;
/** A name that sounds like a secret's (also `PrivteKey`, `Privkey`, `psk`); secrets.ts asks it too. */
export const SECRET_NAME = /priv|preshar|psk|secret|headerprotection/i;

/**
 * A secret key's whole name (any case, a blank, `_` or `-` before `Key`), glued to what follows; misspelt
 * too (`PrivteKey`, `PresharedKy`: the privacy decoration hid `PrivteKeyhunter2xyz` from the digit only,
 * review).
 */
const GLUED_SECRET_NAME = /^(?:priv[a-z]{0,4}|pre[ _-]?shar[a-z]{0,3}|headerprotection)[ _-]?ke?y/i;

/**
 * Where what follows a secret's name starts in `text` (a line, or an unknown key's text) that begins
 * with such a name and no `=` right after it: `PrivateKey K…`, `PrivateKey: K…`, `Privte Key hunter2`,
 * `PrivateKeyK…`. Whatever follows may be the secret, whatever its shape (a key cut short, a
 * password), so it is hidden to the end; -1 when `text` starts with no secret's name or has nothing
 * after it. A name glued to a short word (`PrivateKeyFile`) is a name.
 */
export function secretNameEnd(text: string): number {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  let j = i;
  while (j < text.length && /[A-Za-z]/.test(text[j]!)) j++;
  const word = text.slice(i, j);
  if (!SECRET_NAME.test(word)) return -1;
  const glued = GLUED_SECRET_NAME.exec(text.slice(i));
  if (glued && i + glued[0].length < j) {
    const end = i + glued[0].length;
    const rest = text.slice(end, j);
    // `PrivateKeyK…`, `PrivateKeyhunter2`: more than a short word after the name.
    if (rest.length >= 6 || (j < text.length && !/[\s=:#]/.test(text[j]!))) return end;
  }
  // `Private Key …`, `Private-Key`, `Preshared_Key`: the name's second word (outline review: `Private-Key =
  // x` showed as "Private (value hidden)").
  const second = /^(?:[ \t]+|[ \t]*[-_][ \t]*)key\b/i.exec(text.slice(j));
  if (second && /^(private|preshared|privte|privat)$/i.test(word)) j += second[0].length;
  let k = j;
  // (Any blank: `PrivateKey<NBSP>= …` is the name and a pasted no-break space, no value before the `=`.)
  while (k < text.length && (/\s/.test(text[k]!) || text[k] === ':')) k++;
  return k < text.length && text[k] !== '=' ? j : -1;
}

/**
 * `text` (a traced message) with the text of every content change of a `textDocument/didChange` hidden.
 * Typing a key sends it a character or a few at a time, and a fragment has no key's shape and no
 * `PrivateKey =` before it: no redaction by content can find it, so the edits' text is not shown at
 * all (the whole document is, redacted, in the didOpen before them). Other messages are unchanged.
 */
export function hideChangeTexts(text: string): string {
  if (!text.includes('textDocument/didChange')) return text;
  // A scan, not a regex: a pasted file is a string of megabytes, and V8's backtracking over an
  // alternation of that length runs out of stack.
  const parts: string[] = [];
  let done = 0;
  for (let at = text.indexOf('"text"'); at >= 0; at = text.indexOf('"text"', at + 1)) {
    let i = at + 6;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] !== ':') continue;
    i++;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] !== '"') continue;
    // The value runs to the first quote no backslash escapes; unterminated, to the end.
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    parts.push(text.slice(done, i), '"(edit text hidden)"');
    done = Math.min(j + 1, text.length);
    at = done - 1;
  }
  return parts.length === 0 ? text : parts.join('') + text.slice(done);
}

/** A character that is neither a blank nor an invisible one. */
const VISIBLE = new RegExp(`[^\\s${INVISIBLE_CHARS}]`);

/**
 * An entry's key as written, for a message or the outline. When the line's `=` comes right after the
 * key text, it may be a key's own padding (`PrivateKey K=`, `PrivateKeyK=`: wg-style splitting makes
 * the key part of the "key name"), so the text is judged with that `=`.
 */
export function shownKeyText(node: { readonly keyText: string; readonly key: { readonly end: number }; readonly eq: number; readonly valueText: string }): string {
  // `PrivateKey hunter2 = x`: a secret's name with its value typed before the `=`.
  const named = secretNameEnd(node.keyText);
  if (named >= 0) return `${node.keyText.slice(0, named).trimEnd()} ${HIDDEN_VALUE}`;
  // (From 12 characters when nothing but blanks follows the `=`: a key's end wrapped onto its own line,
  // `…grQNX+UVM=`, is one with its `=`; `ListenPortUDP= 51820` is a name.)
  const valued = VISIBLE.test(node.valueText);
  if (node.eq !== node.key.end || (node.keyText.length < 40 && (node.keyText.length < 12 || valued))) return redactKeys(node.keyText);
  const shown = redactKeys(`${node.keyText}=`);
  return shown.endsWith('=') ? shown.slice(0, -1) : shown;
}

const NO_PIECES: readonly string[] = Object.freeze([]);

/**
 * The pieces (between any characters but letters and digits) of 6 characters or more of the keys of `line`,
 * which messages may quote on their own (`"cCHdbK1lo4SUEczx" is not an IP address`, the part before a
 * `/` of a key pasted into Address): of tokens of a key's shape (43 base64 characters and `=`, or 40 or
 * more mixed like one: isKeyPiece) and of keys split by a blank (the split form too, quoted whole).
 * A shorter piece of a key is hidden where it stands by redactKeys itself. No schema key name is a
 * piece: `PostUp` in a path must not hide the word in the message.
 */
export function keyPieces(line: string): readonly string[] {
  if (line.length < 13) return NO_PIECES;
  const out: string[] = [];
  for (const k of keySpans(line)) {
    const token = line.slice(k.start, k.end);
    // Split: by blanks, invisible ones, or a comma (`Address = K1, K2`: a message quotes "K1" alone,
    // without the comma the piece kept: diff review).
    const split = /[^A-Za-z0-9+/=_-]/.test(token);
    // A key's end (`…UVM=` on the line after a wrapped PrivateKey): a message quotes it as a key name,
    // without the `=` that made it a key's end to keySpans.
    const tail = /^[A-Za-z0-9+/]{12,42}=$/.test(token);
    if (!split && !tail && !/^[A-Za-z0-9+/]{43}=/.test(token) && !(token.length >= 40 && isKeyPiece(token))) continue;
    if (split) {
      out.push(token);
      // Each item of a key typed as a list or split by blanks, as a message quotes it (`"YP+4NxG+Fo2Zr/L6HfG"`).
      for (const part of token.split(/[^A-Za-z0-9+/=]+/)) if (part.length >= 6) out.push(part, part.replace(/=+$/, ''));
    }
    if (tail) out.push(token.slice(0, -1));
    for (const piece of token.split(/[^A-Za-z0-9]+/)) if (piece.length >= 6 && !lookupKey(piece)) out.push(piece);
  }
  return out.length ? out : NO_PIECES;
}

/**
 * `text` with each occurrence of `piece` that stands on its own hidden: no letter or digit either side
 * (a `+`, `/` or `=` may: pieces are cut at them), so a word that only contains it stays.
 */
function hideToken(text: string, piece: string): string {
  const isB64 = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);
  let out = '';
  let from = 0;
  for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + piece.length)) {
    if (isB64(text[at - 1]) || isB64(text[at + piece.length])) continue;
    out += text.slice(from, at) + HIDDEN_KEY;
    from = at + piece.length;
  }
  return out + text.slice(from);
}

/** `text` with key-shaped text, and `pieces` of its line's keys (keyPieces), hidden. */
export function redactWithPieces(text: string, pieces: readonly string[]): string {
  if (pieces.length <= 32) return redactWithEachPiece(text, pieces);
  let out = redactKeys(text);
  // A line of thousands of key ends (`Ab1cdEfghijk=,` repeated: a problem per item) made every message
  // search for every piece: quadratic, a 2 MB line ran for minutes (diff review). A piece standing alone
  // in the text (hideToken) has its longest run of letters and digits as a whole run of the text's: only
  // the pieces indexed under one of the text's runs are searched for. The same result as the loop.
  // (In the order of `pieces`, as the loop: hiding one piece can change whether another still stands alone.)
  // A second round: a piece glued to one just hidden stands alone only now (the loop would hide it too).
  const index = pieceIndex(pieces);
  const done = new Set<number>();
  for (let round = 0; round < 2; round++) {
    const candidates = new Set<number>();
    for (const m of out.matchAll(/[A-Za-z0-9]+/g)) for (const k of index.get(m[0]) ?? []) if (!done.has(k)) candidates.add(k);
    if (!candidates.size) break;
    for (const k of [...candidates].sort((a, b) => a - b)) {
      done.add(k);
      if (out.includes(pieces[k]!)) out = hideToken(out, pieces[k]!);
    }
  }
  return out;
}

const pieceIndexes = new WeakMap<readonly string[], ReadonlyMap<string, readonly number[]>>();
/** The positions in `pieces` by each piece's longest run of letters and digits. */
function pieceIndex(pieces: readonly string[]): ReadonlyMap<string, readonly number[]> {
  let index = pieceIndexes.get(pieces);
  if (!index) {
    const map = new Map<string, number[]>();
    pieces.forEach((piece, k) => {
      let longest = '';
      for (const m of piece.matchAll(/[A-Za-z0-9]+/g)) if (m[0].length > longest.length) longest = m[0];
      const list = map.get(longest);
      if (list) list.push(k);
      else map.set(longest, [k]);
    });
    pieceIndexes.set(pieces, (index = map));
  }
  return index;
}

/** redactWithPieces by searching for every piece (what it does for few pieces; the tests' reference). */
export function redactWithEachPiece(text: string, pieces: readonly string[]): string {
  let out = redactKeys(text);
  for (const piece of pieces) if (out.includes(piece)) out = hideToken(out, piece);
  return out;
}

/**
 * A failure as a log shows it: its stack (or what was thrown), with key-shaped text and secret
 * assignments hidden. An error's message may quote the text that made it (a document's line): the
 * server logs every failure through this (secrets review: two handlers logged raw stacks).
 */
export function redactFailure(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return redactKeys(redactSecretAssignments(text));
}

/**
 * A document URI as a log line or a message may show it: percent-escapes decoded (a key's `+`, `/` and
 * `=` are escaped in a URI, `%2B` cutting it into pieces no key pattern sees whole) and key-shaped text
 * hidden. A file may be named after a key, or sit in a folder named so (server review: the "could not be
 * applied" message showed one).
 */
export function redactUri(uri: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    // A malformed escape elsewhere fails the whole decode: the escapes of a key's own characters are
    // decoded one by one then (diff review: about 23 of a key's characters showed between %2B's).
    decoded = uri.replace(/%(2[Bb]|2[Ff]|3[Dd])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return redactKeys(decoded);
}
