// A known key written without its "=": `Address 10.0.0.1/24`, `ListenPort: 51820` (INI or YAML
// habit). wg rejects such a line ("Line unrecognized"). With no "=" anywhere it is an invalid line;
// a key value brings its own "=" padding (`PrivateKey K=`), so the line splits there and the whole
// `PrivateKey K` becomes an unknown key with an empty value. Both get one message and one fix.

import { lookupKey, type SectionName, type Target } from '../schema.ts';
import { lineFate } from './apps.ts';
import type { Fix } from '../problem.ts';
import { lineRange } from '../span.ts';
import { UNICODE_SPACES } from '../strings.ts';

export interface MissingEquals {
  /** The key's canonical name. */
  readonly name: string;
  /** Columns of what stands between the name and the value (a colon and/or blanks). */
  readonly gapStart: number;
  readonly gapEnd: number;
}

/**
 * The gap: blanks, or a separator that is not "=" between blanks. Besides the colon, what pasting
 * from documents and chat brings: Unicode spaces (NBSP…), a fullwidth or small "=" or colon, an arrow,
 * a dash. Left in the value, any of these would make the fixed line wrong in a new way (`PrivateKey ＝ K`
 * fixed to `PrivateKey = ＝ K` is an invalid key), so the whole gap is replaced.
 */
const BLANK = `[ \\t${UNICODE_SPACES}]`;
const SEPARATOR = String.raw`(?::|\uff1a|\uff1d|\ufe66|->|\u2192|\u2013|\u2014)`;
const SHAPE = new RegExp(String.raw`^([ \t]*)([A-Za-z][A-Za-z0-9]*)(${BLANK}*${SEPARATOR}${BLANK}*|${BLANK}+-${BLANK}+|${BLANK}+)(?=[^#=])(?!${BLANK})`);

/** `text` (a line) as a known key, a colon or blanks, then a value; undefined otherwise. */
export function missingEquals(text: string, section?: SectionName): MissingEquals | undefined {
  const m = SHAPE.exec(text);
  if (!m) return undefined;
  const info = lookupKey(m[2]!, section)?.info;
  if (!info) return undefined;
  const gapStart = m[1]!.length + m[2]!.length;
  return { name: info.name, gapStart, gapEnd: gapStart + m[3]!.length };
}

export function missingEqualsMessage(m: MissingEquals, target: Target): string {
  return `${m.name} has no "=" after it: ${lineFate(target)}. Write "${m.name} = …".`;
}

export function missingEqualsFix(line: number, m: MissingEquals): Fix {
  return { title: `Put "=" after ${m.name}`, preferred: true, edits: [{ range: lineRange(line, { start: m.gapStart, end: m.gapEnd }), newText: ' = ' }] };
}
