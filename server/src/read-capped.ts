// Reading a file whose size is not to be trusted. A file in /proc says it holds 0 bytes and yields
// gigabytes (/proc/self/pagemap); a repository can link to one under a config's name, and a size check
// before reading lets it through. These read at most `max` bytes, whatever stat said, and open without
// blocking (a FIFO put in place of a file after its stat would otherwise wait for a writer forever).
// Shared by the server's workspace index and the CLI's folder search.

import * as fs from 'node:fs';
// (`fs.promises`, looked up per call: a test stands in for `open` to time an editor's open against a read.)
import { promises as fsp } from 'node:fs';

const FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;
const CHUNK = 64 * 1024;

/** The file's bytes, or undefined when it holds more than `max`. */
export async function readCapped(file: string, max: number): Promise<Buffer | undefined> {
  const handle = await fsp.open(file, FLAGS);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // Whole chunks (a /proc file may refuse reads of odd sizes); one past `max` tells it is too long.
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > max) return undefined;
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** readCapped, synchronously (the CLI). */
export function readCappedSync(file: string, max: number): Buffer | undefined {
  const fd = fs.openSync(file, FLAGS);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const bytesRead = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > max) return undefined;
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}
