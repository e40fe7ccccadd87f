// Starting the real language server for the bench: the same bundle and JSON-RPC path VS Code
// uses (through the tests' LspClient), optionally with extra Node flags for profiling.

import { readFileSync } from 'node:fs';
import { LspClient, type StartOptions } from '../test/server/lsp-client.ts';

export interface ServerOptions {
  /** The server bundle (default dist/server.js, or $WGLS_SERVER). */
  readonly serverPath?: string;
  /** Node flags for the server process, e.g. `--cpu-prof --cpu-prof-dir=bench/profiles`. */
  readonly nodeFlags?: readonly string[];
}

/**
 * Starts the server over Node IPC (`node <bundle> --node-ipc`), the transport the extension's client
 * uses (client/src/extension.ts); stdio costs ~1 ms more per message on this kind of machine.
 * LspClient spawns it with this process's environment, so the Node flags go in through NODE_OPTIONS,
 * set only while the process is spawned (synchronously, inside start) and restored at once: nothing
 * else the bench spawns inherits them.
 */
export async function startServer(server: ServerOptions, options: StartOptions = {}): Promise<LspClient> {
  const saved = process.env.NODE_OPTIONS;
  if (server.nodeFlags?.length) process.env.NODE_OPTIONS = [saved, ...server.nodeFlags].filter(Boolean).join(' ');
  let started: Promise<LspClient>;
  try {
    started = LspClient.start({ timeoutMs: 60_000, transport: 'node-ipc', ...options, ...(server.serverPath ? { serverPath: server.serverPath } : {}) });
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
  return started;
}

/** Resident memory of a process in MB (VmRSS), and its peak (VmHWM), from /proc. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** A file: URI for a document that exists only in the editor (never on disk). */
let counter = 0;
export function memoryUri(name: string): string {
  counter++;
  return `file:///wgls-bench/${process.pid}/${counter}/${name}`;
}
