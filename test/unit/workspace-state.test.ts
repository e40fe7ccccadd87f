// The workspace state and the editor: a document opened while the index reads the same file from
// disk (an editor restoring its tabs right after the server starts) is the editor's text, not the
// disk's (found by a review comparing a long-running server with fresh ones); what a closed file
// leaves behind (a memory review). WorkspaceState with real files in a temporary folder; the editor's
// open documents are a stand-in.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver';
import { WorkspaceState } from '../../server/src/lsp/workspace-state.ts';
import { ParsedDocuments } from '../../server/src/lsp/documents.ts';
import { FileInfoCache } from '../../server/src/lsp/file-info.ts';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings.ts';
import { LensChanges } from '../../server/src/lsp/features/navigation.ts';
import { generateKeyPair } from '../../server/src/core/keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'wgls-race-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a document opened while the index reads its file keeps the editor\'s text', async () => {
  const file = join(dir, 'wg0.conf');
  writeFileSync(file, '[Interface]\nListenPort = 51820\n', { mode: 0o600 });
  const uri = URI.file(file).toString();
  const open = new Map<string, TextDocument>();
  const documents = { get: (u: string) => open.get(u) } as unknown as TextDocuments<TextDocument>;
  const state = new WorkspaceState(documents, new ParsedDocuments(), new FileInfoCache(), () => DEFAULT_SETTINGS, () => undefined);
  // The editor opens the file exactly while the index reads it from disk (read-capped.ts opens it).
  const openFile = fsp.open;
  let opened = false;
  fsp.open = (async (...args: Parameters<typeof openFile>) => {
    const handle = await openFile(...args);
    if (!opened && String(args[0]) === file) {
      opened = true;
      open.set(uri, TextDocument.create(uri, 'wireguard', 1, '[Interface]\nListenPort = 51821\njunk\n'));
      state.syncOpen(uri);
    }
    return handle;
  }) as typeof openFile;
  try {
    await state.indexFolders([URI.file(dir).toString()]);
  } finally {
    fsp.open = openFile;
  }
  assert.ok(opened, 'the index read the file');
  assert.equal(state.file(uri)!.doc.text, '[Interface]\nListenPort = 51821\njunk\n');
  assert.deepEqual(state.problems(uri)!.filter((p) => p.rule === 'invalid-line').map((p) => p.range.start.line), [2]);
});

test('file facts are dropped with the file: 200 documents opened from outside the workspace and closed keep none', async () => {
  const open = new Map<string, TextDocument>();
  const documents = { get: (u: string) => open.get(u) } as unknown as TextDocuments<TextDocument>;
  const files = new FileInfoCache();
  const state = new WorkspaceState(documents, new ParsedDocuments(), files, () => DEFAULT_SETTINGS, () => undefined);
  state.roots = [URI.file(join(dir, 'root')).toString()];
  for (let i = 0; i < 200; i++) {
    const uri = URI.file(join(dir, `elsewhere-${i}.conf`)).toString();
    writeFileSync(join(dir, `elsewhere-${i}.conf`), '[Interface]\nListenPort = 1\n', { mode: 0o600 });
    open.set(uri, TextDocument.create(uri, 'wireguard', 1, '[Interface]\nListenPort = 2\n'));
    state.syncOpen(uri);
    await files.refresh(uri);
    open.delete(uri);
    await state.closed(uri);
  }
  assert.equal(files.size, 0);
  assert.deepEqual([...state.model.uris()], []);
});

test('a closed document whose folder is removed while its file is read from disk leaves the workspace (LSP fuzz)', async () => {
  const root = join(dir, 'removed-root');
  await fsp.mkdir(root);
  const file = join(root, 'hub.conf');
  writeFileSync(file, '[Interface]\nListenPort = 51820\n', { mode: 0o604 });
  const uri = URI.file(file).toString();
  const rootUri = URI.file(root).toString();
  const open = new Map<string, TextDocument>();
  const documents = { get: (u: string) => open.get(u) } as unknown as TextDocuments<TextDocument>;
  const state = new WorkspaceState(documents, new ParsedDocuments(), new FileInfoCache(), () => DEFAULT_SETTINGS, () => undefined);
  state.roots = [rootUri];
  open.set(uri, TextDocument.create(uri, 'wireguard', 1, '[Interface]\nListenPort = 51820\n'));
  state.syncOpen(uri);
  // The editor closes the file (it is read from disk again), and the folder is removed while that read
  // is under way: the removal found the editor's entry and dropped it; the read put the file back.
  const openFile = fsp.open;
  let removing: Promise<void> | undefined;
  fsp.open = (async (...args: Parameters<typeof openFile>) => {
    const handle = await openFile(...args);
    if (!removing && String(args[0]) === file) {
      state.roots = [];
      removing = state.forgetFolders([rootUri], []);
    }
    return handle;
  }) as typeof openFile;
  try {
    open.delete(uri);
    await state.closed(uri);
    await removing;
  } finally {
    fsp.open = openFile;
  }
  assert.ok(removing, 'the folder was removed during the read');
  assert.deepEqual([...state.model.uris()], []);
});

test('code lens refresh: asked for when other files\' lenses may change, not for a keystroke in a comment', () => {
  const hubKeys = generateKeyPair();
  const spokeKeys = generateKeyPair();
  const hubUri = URI.file(join(dir, 'lens-hub.conf')).toString();
  const spokeUri = URI.file(join(dir, 'lens-spoke.conf')).toString();
  const hub = (comment: string) => `[Interface]\nPrivateKey = ${hubKeys.privateKey}\nListenPort = 51820\n\n[Peer]\nPublicKey = ${spokeKeys.publicKey}\nAllowedIPs = 10.0.0.2/32 # ${comment}\n`;
  const spoke = (above: string, key = spokeKeys.privateKey) => `${above}[Interface]\nPrivateKey = ${key}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${hubKeys.publicKey}\nAllowedIPs = 10.0.0.1/32\nEndpoint = hub.example.com:51820\n`;
  const open = new Map<string, TextDocument>();
  const documents = { get: (u: string) => open.get(u) } as unknown as TextDocuments<TextDocument>;
  const state = new WorkspaceState(documents, new ParsedDocuments(), new FileInfoCache(), () => DEFAULT_SETTINGS, () => undefined);
  const lenses = new LensChanges();
  const seen: boolean[] = [];
  state.onChanged((uris) => seen.push(lenses.changed(uris, (u) => state.model.get(u))));
  let version = 0;
  const edit = (uri: string, text: string) => {
    open.set(uri, TextDocument.create(uri, 'wireguard', ++version, text));
    state.syncOpen(uri);
    const last = seen.at(-1);
    seen.length = 0;
    return last;
  };
  assert.equal(edit(hubUri, hub('hub')), true, 'a new config');
  assert.equal(edit(spokeUri, spoke('')), true, 'its counterpart');
  for (const comment of ['hub o', 'hub of', 'hub of the office']) assert.equal(edit(hubUri, hub(comment)), false, `typing "${comment}"`);
  assert.equal(edit(spokeUri, spoke('# the laptop\n')), true, "a line above the spoke's [Interface]: the hub's lens opens it one line lower");
  assert.equal(edit(spokeUri, spoke('# the laptop\n', generateKeyPair().privateKey)), true, "the spoke's key: the hub's lens goes");
});

// Fuzz review: tabs restored at start-up open one by one while the index runs, and each open re-published
// every related tab opened before it (300 spokes: 43,756 publishes, 7 s before a hover was answered).
test('while the index runs, an opened document is published alone; the index publishes every file when it ends', async () => {
  const ws = mkdtempSync(join(dir, 'burst-'));
  const hub = generateKeyPair();
  const spokes = [generateKeyPair(), generateKeyPair(), generateKeyPair()];
  const spokeText = (i: number) => `[Interface]\nPrivateKey = ${spokes[i]!.privateKey}\nAddress = 10.0.0.${i + 2}/24\n\n[Peer]\nPublicKey = ${hub.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n`;
  writeFileSync(join(ws, 'hub.conf'), `[Interface]\nPrivateKey = ${hub.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n${spokes.map((k, i) => `\n[Peer]\nPublicKey = ${k.publicKey}\nAllowedIPs = 10.0.0.${i + 2}/32\n`).join('')}`, { mode: 0o600 });
  for (let i = 0; i < 3; i++) writeFileSync(join(ws, `s${i}.conf`), spokeText(i), { mode: 0o600 });
  const uriOf = (name: string) => URI.file(join(ws, name)).toString();
  const open = new Map<string, TextDocument>();
  const documents = { get: (u: string) => open.get(u), all: () => [...open.values()] } as unknown as TextDocuments<TextDocument>;
  const state = new WorkspaceState(documents, new ParsedDocuments(), new FileInfoCache(), () => DEFAULT_SETTINGS, () => undefined);
  const emitted: string[][] = [];
  state.onChanged((uris) => emitted.push([...uris].map((u) => u.slice(u.lastIndexOf('/') + 1)).sort()));
  const openFile = fsp.open;
  let during: string[][] | undefined;
  fsp.open = (async (...args: Parameters<typeof openFile>) => {
    if (during === undefined) {
      // The index has started reading: two related spokes are opened, one after the other.
      const before = emitted.length;
      for (const i of [0, 1]) {
        open.set(uriOf(`s${i}.conf`), TextDocument.create(uriOf(`s${i}.conf`), 'wireguard', 1, spokeText(i)));
        state.syncOpen(uriOf(`s${i}.conf`));
      }
      during = emitted.slice(before);
    }
    return openFile(...args);
  }) as typeof openFile;
  try {
    await state.indexFolders([URI.file(ws).toString()]);
  } finally {
    fsp.open = openFile;
  }
  assert.deepEqual(during, [['s0.conf'], ['s1.conf']]);
  assert.deepEqual(emitted.at(-1), ['hub.conf', 's0.conf', 's1.conf', 's2.conf']);
  // Once indexed, an open document's change re-checks the related ones again.
  open.set(uriOf('s2.conf'), TextDocument.create(uriOf('s2.conf'), 'wireguard', 1, spokeText(2).replace('10.0.0.4/24', '10.0.0.2/24')));
  state.syncOpen(uriOf('s2.conf'));
  assert.ok(emitted.at(-1)!.includes('s0.conf') && emitted.at(-1)!.includes('s2.conf'), emitted.at(-1)!.join(' '));
});
