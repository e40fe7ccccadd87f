// Reading a file whose size is not to be trusted. A file in /proc says it holds 0 bytes and yields
// gigabytes (/proc/self/pagemap); a repository can link to one under a config's name, and a size check
// before reading lets it through. These read at most `max` bytes, whatever stat said, and open without
// blocking (a FIFO put in place of a file after its stat would otherwise wait for a writer forever).
// Shared by the server's workspace index and the CLI's folder search.

import * as fs from 'node:fs';
// (`fs.promises`, looked up per call: a test stands in for `open` to time an editor's open against a read.)
import { promises as fsp } from 'node:fs';
import { decodeUtf16, type FileEncoding } from './core/encoding.ts';

const FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;
const CHUNK = 64 * 1024;

/** The file's bytes, or undefined when it holds more than `max`. */
export async function readCapped(file: string, max: number): Promise<Buffer | undefined> {
  const handle = await fsp.open(file, FLAGS);
  try {
    const into = new Capped(max);
    while (into.wants()) if (!into.took((await handle.read(into.chunk, 0, CHUNK, null)).bytesRead)) break;
    return into.result();
  } finally {
    await handle.close();
  }
}

/** readCapped, synchronously (the CLI). A path in bytes too (a name that is not UTF-8). */
export function readCappedSync(file: fs.PathLike, max: number): Buffer | undefined {
  const fd = fs.openSync(file, FLAGS);
  try {
    return readFdCappedSync(fd, max);
  } finally {
    fs.closeSync(fd);
  }
}

/** What an open file descriptor holds (standard input: the CLI's pubkey), or undefined past `max` bytes. */
export function readFdCappedSync(fd: number, max: number): Buffer | undefined {
  const into = new Capped(max);
  while (into.wants()) if (!into.took(fs.readSync(fd, into.chunk, 0, CHUNK, null))) break;
  return into.result();
}

/**
 * The bytes read so far, in whole chunks (a /proc file may refuse reads of odd sizes): each read goes
 * into `chunk`, then `took` keeps what it got. One byte past `max` says the file is too long.
 */
class Capped {
  chunk = Buffer.allocUnsafe(CHUNK);
  readonly #chunks: Buffer[] = [];
  #total = 0;

  constructor(private readonly max: number) {}

  /** Whether another read is needed: the file has not yet shown itself longer than `max`. */
  wants(): boolean {
    return this.#total <= this.max;
  }

  /** Keeps the `n` bytes just read into `chunk`; false at the end of the file. */
  took(n: number): boolean {
    if (n === 0) return false;
    this.#chunks.push(this.chunk.subarray(0, n));
    this.#total += n;
    this.chunk = Buffer.allocUnsafe(CHUNK);
    return true;
  }

  result(): Buffer | undefined {
    return this.#total > this.max ? undefined : Buffer.concat(this.#chunks, this.#total);
  }
}

/**
 * A config file's text as an editor shows it: UTF-8 as Node decodes it (a UTF-8 BOM kept, for the bom
 * rule), or UTF-16 decoded when the bytes start with its byte order mark (`encoding` says so, for the
 * bom rule). One reading for the CLI, its folder search and the workspace index.
 */
export function configText(bytes: Buffer): { text: string; encoding?: FileEncoding } {
  return decodeUtf16(bytes) ?? { text: bytes.toString('utf8') };
}
