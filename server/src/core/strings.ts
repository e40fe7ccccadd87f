// Strings that outlive the document they were cut from. V8 makes a cut of 13 characters or more a
// view into the whole text (a sliced string), so a memo keyed by such a cut keeps every document it
// saw alive after the editor closed it: a 1 MB hub per entry. Memos and caches keep a copy instead.

/** `text` as a string of its own (for a short cut, the copy is the cost of one small allocation). */
export function ownCopy(text: string): string {
  // The concatenation is flattened into a new string by the slice; the slice then points into that.
  return text.length < 13 ? text : (' ' + text).slice(1);
}
