// Shared by the edit tests: example folders loaded into a WorkspaceModel (LF or CRLF),
// engine edits applied to texts as an editor would, and checks that every edit stays in
// its lane (private keys only in their own file).

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkspaceModel } from '../../../server/src/core/workspace.ts';
import type { WorkspaceChange } from '../../../server/src/core/edits/change.ts';
import type { TextEdit } from '../../../server/src/core/problem.ts';
import { validateInWorkspace } from '../../../server/src/core/validate.ts';

export const REPO = resolve(__dirname, '..', '..', '..');
export const EOLS = ['\n', '\r\n'] as const;

export function exampleTexts(folder: string, eol: string = '\n'): Map<string, string> {
  const dir = join(REPO, 'examples', folder);
  const out = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.conf')) out.set(`file:///ws/${folder}/${name}`, readFileSync(join(dir, name), 'utf8').replace(/\r?\n/g, eol));
  }
  return out;
}

export function workspaceOf(texts: ReadonlyMap<string, string>): WorkspaceModel {
  const ws = new WorkspaceModel();
  for (const [uri, text] of texts) ws.setText(uri, text);
  return ws;
}

function offsetAt(text: string, line: number, character: number): number {
  let i = 0;
  for (let l = 0; l < line; l++) {
    const n = text.indexOf('\n', i);
    if (n < 0) return text.length;
    i = n + 1;
  }
  return i + character;
}

/** Applies edits (all to one text), last first, as an editor does with non-overlapping edits. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, offsetAt(out, e.range.start.line, e.range.start.character)) + e.newText + out.slice(offsetAt(out, e.range.end.line, e.range.end.character));
  }
  return out;
}

/** The texts after a change: edited files and created ones. */
export function applyChange(texts: ReadonlyMap<string, string>, change: WorkspaceChange): Map<string, string> {
  const out = new Map(texts);
  for (const c of change.creates) {
    if (out.has(c.uri)) throw new Error(`${c.uri} would be overwritten`);
    out.set(c.uri, c.text);
  }
  const byUri = new Map<string, TextEdit[]>();
  for (const e of change.edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
  for (const [uri, edits] of byUri) out.set(uri, applyEdits(out.get(uri)!, edits));
  return out;
}

/** Every private key in a text (`PrivateKey = …` values). */
export function privateKeysIn(text: string): string[] {
  return [...text.matchAll(/^\s*PrivateKey\s*=\s*(\S+)/gim)].map((m) => m[1]!);
}

/**
 * Asserts that no private key appears in any edit or new file but its own: each new file holds
 * only its own PrivateKey, and edits to existing files carry no private key at all unless it is
 * the PrivateKey line of that file itself (`ownKeyEdits`).
 */
export function privateKeysStayHome(before: ReadonlyMap<string, string>, change: WorkspaceChange, allowOwnKeyEdit = false): string | undefined {
  const all = new Map<string, string>();
  for (const [uri, text] of before) for (const k of privateKeysIn(text)) all.set(k, uri);
  for (const c of change.creates) for (const k of privateKeysIn(c.text)) all.set(k, c.uri);
  for (const c of change.creates) {
    for (const [k, home] of all) if (c.text.includes(k) && home !== c.uri) return `${home}'s private key is written into ${c.uri}`;
  }
  for (const e of change.edits) {
    for (const [k, home] of all) {
      if (e.newText.includes(k) && !(allowOwnKeyEdit && home === e.uri)) return `${home}'s private key is in an edit to ${e.uri}`;
    }
  }
  return undefined;
}

/** Rule ids of error/warning problems for each config, the cross-file checks included. */
export function seriousProblems(texts: ReadonlyMap<string, string>, uris: readonly string[]): Record<string, string[]> {
  const ws = workspaceOf(texts);
  const out: Record<string, string[]> = {};
  for (const uri of uris) {
    out[uri] = validateInWorkspace(ws, ws.get(uri)!, {})
      .filter((p) => p.severity === 'error' || p.severity === 'warning')
      .map((p) => p.rule);
  }
  return out;
}
