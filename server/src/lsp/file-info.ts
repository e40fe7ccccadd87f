// What the engine cannot see in the text: the file's name (wg-quick's interface
// name), its permission bits and whether the file on disk starts with a BOM (VS Code
// strips the BOM from the text it sends, but keeps it when saving) or is UTF-16 (which
// VS Code decodes: the text looks right, the bytes are not what wg reads). Read
// asynchronously, cached per URI, refreshed on open and save.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { utf16Of, type FileEncoding } from '../core/encoding.ts';

export interface FileInfo {
  readonly fileName?: string;
  readonly fileMode?: number;
  readonly dirMode?: number;
  readonly fileHasBom?: boolean;
  readonly fileEncoding?: FileEncoding;
}

export class FileInfoCache {
  private readonly map = new Map<string, FileInfo>();

  get(uri: string): FileInfo {
    return this.map.get(uri) ?? nameOnly(uri);
  }

  set(uri: string, info: FileInfo): void {
    this.map.set(uri, info);
  }

  /** How many files' facts are kept (for tests: one per file the workspace has, not per URI ever seen). */
  get size(): number {
    return this.map.size;
  }

  forget(uri: string): void {
    this.map.delete(uri);
  }

  /** Re-reads the file's metadata; resolves to true when anything changed. Never rejects. */
  async refresh(uri: string): Promise<boolean> {
    const before = JSON.stringify(this.get(uri));
    const info = await read(uri);
    this.map.set(uri, info);
    return JSON.stringify(info) !== before;
  }
}

function nameOnly(uri: string): FileInfo {
  if (!uri.startsWith('file:')) return {};
  try {
    return { fileName: path.basename(fileURLToPath(uri)) };
  } catch {
    return {};
  }
}

async function read(uri: string): Promise<FileInfo> {
  const base = nameOnly(uri);
  if (!base.fileName) return base;
  const file = fileURLToPath(uri);
  try {
    const [st, dir] = await Promise.all([fsp.stat(file), fsp.stat(path.dirname(file))]);
    if (!st.isFile()) return base;
    const handle = await fsp.open(file, 'r');
    let fileHasBom = false;
    let fileEncoding: FileEncoding | undefined;
    try {
      // (Four bytes: FF FE 00 00 is UTF-32's mark, no UTF-16's.)
      const head = Buffer.alloc(4);
      const { bytesRead } = await handle.read(head, 0, 4, 0);
      fileHasBom = bytesRead >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
      // VS Code decodes a UTF-16 file and shows it as any other: only the bytes say what wg will read.
      fileEncoding = utf16Of(head.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
    // Windows has no POSIX modes worth checking.
    const modes = process.platform === 'win32' ? {} : { fileMode: st.mode & 0o777, dirMode: dir.mode & 0o777 };
    return { ...base, ...modes, fileHasBom, ...(fileEncoding ? { fileEncoding } : {}) };
  } catch {
    return base; // not on disk (yet), or unreadable: judge the text alone
  }
}
