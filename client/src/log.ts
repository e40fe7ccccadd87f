// The language client's output channel, with key-shaped text hidden. With wgls.trace.server set to
// "verbose" the client logs every message it exchanges with the server, documents' text included
// (a PrivateKey line, a generated key in a code action or a completion): the channel is also written
// to the logs folder on disk, so nothing key-shaped may reach it. Messages from the server are
// redacted where they are made; this covers what the client library itself writes.

import type * as vscode from 'vscode';
import { hideChangeTexts, redactKeys, redactSecretAssignments } from '../../server/src/core/redact.ts';

/** The methods of a LogOutputChannel that take text. */
const WRITES = new Set(['append', 'appendLine', 'replace', 'trace', 'debug', 'info', 'warn', 'error']);

/**
 * `channel`, with every string written to it passed through hideChangeTexts (the text of traced edits:
 * a key typed a character at a time has no shape to find), redactSecretAssignments (the value of a
 * PrivateKey line, whatever it looks like: a key split by a blank or cut short is no key shape) and
 * redactKeys (key-shaped text anywhere).
 */
export function redacting(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && WRITES.has(prop)) {
        return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map((a) => (typeof a === 'string' ? redactKeys(redactSecretAssignments(hideChangeTexts(a))) : a)));
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
