// Strings that outlive the document they were cut from. V8 makes a cut of 13 characters or more a
// view into the whole text (a sliced string), so a memo keyed by such a cut keeps every document it
// saw alive after the editor closed it: a 1 MB hub per entry. Memos and caches keep a copy instead.

/**
 * Levenshtein distance between two short strings (key names, target ids, section names): the
 * did-you-mean of keys and `wgls-target` comments, secret key names misspelt, mistyped headers.
 * Callers that only ask "within `max`?" pass it: a length difference beyond it answers at once
 * (`max + 1`), so a key name a million characters long costs nothing instead of a second per edit.
 */
export function distance(a: string, b: string, max = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n]!;
}

/** `text` as a string of its own (for a short cut, the copy is the cost of one small allocation). */
export function ownCopy(text: string): string {
  // The concatenation is flattened into a new string by the slice; the slice then points into that.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/**
 * `text` with every word (run of non-blanks) longer than 80 characters cut to its first 48 and last
 * 16 around an ellipsis. Messages quote the user's text, which may be a megabyte on one line: a
 * diagnostic should name it, not carry it (to the editor, the CLI's output, a SARIF file).
 */
export function elideLongWords(text: string): string {
  if (text.length <= 80) return text;
  // A scan, not a regex: /\S{81,}/ on a word of megabytes overflowed the regex engine's stack
  // (RangeError on an 8.7 MB Endpoint line, slow review), and the validation of the file with it.
  let out = '';
  let kept = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (isWhite(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !isWhite(text.charCodeAt(j))) j++;
    if (j - i > 80) {
      out += `${text.slice(kept, cut(text, i + 48))}…${text.slice(cut(text, j - 16), j)}`;
      kept = j;
    }
    i = j;
  }
  return kept === 0 ? text : out + text.slice(kept);
}

/**
 * Whether elideLongWords would cut `text`: a word over 80 characters. A scan: asked of every message
 * reported (a file of 100,000 junk lines reports 100,000), where `/\S{81}/` cost more than the rest
 * of the report.
 */
export function hasLongWord(text: string): boolean {
  const n = text.length;
  if (n <= 80) return false;
  let run = 0;
  for (let i = 0; i < n; i++) {
    if (isWhite(text.charCodeAt(i))) run = 0;
    else if (++run > 80) return true;
  }
  return false;
}

/**
 * Characters a message may quote that show as nothing or as a plain space: Unicode spaces (NBSP, U+3000…),
 * zero-width and direction marks, U+FEFF, the soft hyphen and control characters but tab and newline.
 * wg reads each as text (only ASCII blanks are blanks to it), so `MTU<NBSP>` is an unknown key: a
 * message quoting `"MTU "` would name a difference nobody can see.
 */
export const INVISIBLE_CHARS = String.raw`\u0000-\u0008\u000b-\u001f\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff`;
/**
 * The Unicode spaces (for a character class): what looks like a blank but is none to wg. One list for
 * every place that treats them as blanks (the invisible-character fix, the missing-"=" gap).
 */
export const UNICODE_SPACES = String.raw`\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000`;
const UNICODE_SPACE = new RegExp(`^[${UNICODE_SPACES}]`);
/** A run of one invisible character. */
const INVISIBLE_RUN = new RegExp(`([${INVISIBLE_CHARS}])\\1*`, 'g');
const ONE_INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]`);
const ALL_INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]`, 'g');

/**
 * Whether the run of `c` at `at` in `text` is shown: a zero-width (non-)joiner between two characters of
 * a script or an emoji is part of how they are written (`👨‍👩‍👧`, Persian words in a peer's name), not junk.
 */
function shown(text: string, at: number, run: string): boolean {
  const c = run.charCodeAt(0);
  if ((c !== 0x200c && c !== 0x200d) || run.length > 1) return true;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at + 1);
  const visible = (x: number) => x > 0x7f && !ONE_INVISIBLE.test(String.fromCharCode(x));
  return !(visible(before) && visible(after));
}

/**
 * `text` with each invisible character (INVISIBLE_CHARS) written as `<U+00A0>`, a run of one as
 * `<U+00A0 ×1000>` (a line of a million no-break spaces must not make a message of eight million
 * characters); `text` itself when none.
 */
export function showInvisibles(text: string): string {
  return mapShownInvisibles(text, (run) => codeOf(run, run.length));
}

/** `text` with each run of one invisible character that showInvisibles shows replaced by `f(run, at)`. */
export function mapShownInvisibles(text: string, f: (run: string, at: number) => string): string {
  INVISIBLE_RUN.lastIndex = 0;
  if (!INVISIBLE_RUN.test(text)) return text;
  return text.replace(INVISIBLE_RUN, (run: string, _c: string, at: number) => (shown(text, at, run) ? f(run, at) : run));
}

/** How a message writes an invisible character: `<U+00A0>`, a run of 1,000 as `<U+00A0 ×1000>`. */
export const codeOf = (c: string, n = 1) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}${n > 1 ? ` ×${n}` : ''}>`;

const INVISIBLE_NAMES: Readonly<Record<number, string>> = {
  0xa0: 'a no-break space',
  0xad: 'a soft hyphen',
  0x85: 'a next-line control character',
  0x2009: 'a thin space',
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x200e: 'a left-to-right mark',
  0x200f: 'a right-to-left mark',
  0x202f: 'a narrow no-break space',
  0x2028: 'a line separator',
  0x2029: 'a paragraph separator',
  0x2060: 'a word joiner',
  0x3000: 'an ideographic space',
  0xfeff: 'a zero-width no-break space (byte order mark)',
};

/**
 * What the first invisible character of `text` is, for a message that quotes it
 * (`<U+00A0> is a no-break space, which wg reads as text, not as a blank`), or undefined when none.
 */
export function invisibleNote(text: string): string | undefined {
  INVISIBLE_RUN.lastIndex = 0;
  for (let m = INVISIBLE_RUN.exec(text); m; m = INVISIBLE_RUN.exec(text)) {
    if (shown(text, m.index, m[0])) return `${codeOf(m[1]!)} is ${invisibleName(m[1]!)}, which wg reads as text, not as a blank`;
  }
  return undefined;
}

/**
 * Unicode White_Space: what the Windows app (Go's strings.TrimSpace, unicode.IsSpace) and the Apple apps
 * (Swift's .whitespacesAndNewlines) trim from both ends of a line, a key and a value (conf/parser.go
 * FromWgQuick; TunnelConfiguration+WgQuickConfig.swift). wg trims ASCII blanks only.
 */
const WHITE_SPACE = new RegExp(String.raw`^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$`);
/** Where the Apple apps break a line (Swift's isNewline) and wg does not: VT, FF, NEL, U+2028, U+2029. */
export const APPLE_BREAK = /[\v\f\u0085\u2028\u2029]/;

/**
 * A value (the text after `=`, ASCII blanks trimmed from its ends) as an app reads it: Windows and the
 * Apple apps trim Unicode White_Space from its ends, the Apple apps first end the line at a line break;
 * the Android app's trim of the line (Java's String.trim) takes every character up to U+0020 from its end
 * (a control character too; its attribute pattern reads a leading one as the value's first character).
 */
export function appTrimmedValue(text: string, app: 'windows' | 'android' | 'apple'): string {
  if (app === 'android') return trimWhere(text, false, (c) => c.charCodeAt(0) <= 0x20);
  const line = app === 'apple' ? text.split(APPLE_BREAK, 1)[0]! : text;
  return trimWhere(line, true, (c) => WHITE_SPACE.test(c));
}

/**
 * `text` without the characters `drop` accepts at its end (and its start when `start`). A loop, not a
 * regex: `[…]+$` retries from every character of a long run that something follows, which took 100 s on
 * a value of half a million blanks.
 */
export function trimWhere(text: string, start: boolean, drop: (c: string) => boolean): string {
  let from = 0;
  if (start) while (from < text.length && drop(text[from]!)) from++;
  let to = text.length;
  while (to > from && drop(text[to - 1]!)) to--;
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

/** The invisible characters of a value where none can be meant (a key): the value without them. */
export interface Invisibles {
  readonly cleaned: string;
  /** The different ones, in the order they first appear. */
  readonly kinds: readonly string[];
  /** How many there are, and where: before the first character that shows, after the last, or between. */
  readonly count: number;
  readonly places: ReadonlySet<'before' | 'inside' | 'after'>;
}

/**
 * The invisible characters (INVISIBLE_CHARS) in `text`, or undefined when there are none. What shows is
 * neither them nor a blank. Scans, no backtracking: a value may be a megabyte of them.
 */
export function invisiblesIn(text: string): Invisibles | undefined {
  if (!ONE_INVISIBLE.test(text)) return undefined;
  const hidden = (c: string) => c === ' ' || c === '\t' || ONE_INVISIBLE.test(c);
  let first = 0;
  while (first < text.length && hidden(text[first]!)) first++;
  let last = text.length - 1;
  while (last >= first && hidden(text[last]!)) last--;
  const kinds = new Set<string>();
  const places = new Set<'before' | 'inside' | 'after'>();
  let count = 0;
  const cleaned = text.replace(ALL_INVISIBLE, (c: string, at: number) => {
    kinds.add(c);
    places.add(at < first ? 'before' : at > last ? 'after' : 'inside');
    count++;
    return '';
  });
  return { cleaned, kinds: [...kinds], count, places };
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * What an invisible character looks like: a blank (a Unicode space), nothing (a zero-width character),
 * or undefined (a control character or a mark that looks like neither). The quick fix for it writes that.
 */
export function lookalike(char: string): ' ' | '' | undefined {
  if (UNICODE_SPACE.test(char)) return ' ';
  if (/^[\u00ad\u200b-\u200d\u2060\ufeff]/.test(char)) return '';
  return undefined;
}

/** What an invisible character is, for a message: "a no-break space", "a control character". */
export function invisibleName(char: string): string {
  const c = char.charCodeAt(0);
  return INVISIBLE_NAMES[c] ?? (c < 0x20 || (c >= 0x7f && c < 0xa0) ? 'a control character' : /\s/.test(char) ? 'a Unicode space' : 'an invisible character');
}

/** `at`, or one before when it would split a surrogate pair (an emoji cut in half is no text). */
function cut(w: string, at: number): number {
  const c = w.charCodeAt(at);
  return c >= 0xdc00 && c <= 0xdfff && at > 0 ? at - 1 : at;
}

/** What the regex `\s` matches (the words elided are runs of anything else). */
function isWhite(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * decodeURIComponent that never throws: a URI may carry a `%` no escape follows (`100%.conf` sent as
 * is by a client, `%zz`), which decodeURIComponent rejects with a URIError. Valid escapes are
 * decoded, anything else is kept as written.
 */
export function decodeUriPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      // One UTF-8 sequence at a time (1 to 4 escapes): a bad byte keeps only itself encoded.
      let out = '';
      for (let i = 0; i < run.length; ) {
        let n = 12;
        for (; n >= 3; n -= 3) {
          try {
            out += decodeURIComponent(run.slice(i, i + n));
            break;
          } catch {
            // a shorter sequence next
          }
        }
        if (n < 3) {
          out += run.slice(i, i + 3);
          n = 3;
        }
        i += n;
      }
      return out;
    });
  }
}
