// The text of a config file's bytes. wg and wg-quick read bytes as they are (UTF-8, in effect), but a
// file saved as UTF-16 (Windows PowerShell's `>` and Out-File write it, with a byte order mark) shows
// perfectly in an editor that decodes it, while every line is garbage to them. The editor hands the
// server decoded text, and the CLI decodes such a file too, so the `bom` rule can say what the tools
// will see (ValidateOptions.fileEncoding) and the rest of the checks read the config that was meant.

export type FileEncoding = 'utf-16le' | 'utf-16be';

/** The UTF-16 a file's first bytes announce with a byte order mark, if any (FF FE, or FE FF). */
export function utf16Of(head: Uint8Array): FileEncoding | undefined {
  if (head.length < 2) return undefined;
  // (FF FE 00 00 is UTF-32's mark: no UTF-16 to decode.)
  if (head[0] === 0xff && head[1] === 0xfe) return head[2] === 0 && head[3] === 0 && head.length >= 4 ? undefined : 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** A file's text when its bytes announce UTF-16 (without the byte order mark); undefined for any other file. */
export function decodeUtf16(bytes: Uint8Array): { text: string; encoding: FileEncoding } | undefined {
  const encoding = utf16Of(bytes);
  // (TextDecoder drops the byte order mark itself: ignoreBOM is false by default.)
  return encoding ? { text: new TextDecoder(encoding).decode(bytes), encoding } : undefined;
}
