// Quick fixes over LSP, and the file facts only the server can see (name, mode, BOM on disk).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver';
import { LspClient, REPO_ROOT, testUri, type PublishDiagnosticsParams } from './lsp-client.ts';

const ALPHA = readFileSync(join(REPO_ROOT, 'examples', 'point-to-point', 'alpha.conf'), 'utf8');
const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);

describe('code actions', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ configuration: { wgls: { rules: {} } } });
  });
  after(async () => {
    await client?.shutdown();
  });

  test('MTU 1500: three quick fixes with versioned edits; applying the preferred one clears the warning', async () => {
    const uri = testUri('mtu.conf');
    const text = ALPHA.replace('ListenPort = 51820', 'ListenPort = 51820\nMTU = 1500');
    const doc = client.open(uri, text);
    const p = await client.waitForDiagnostics(uri);
    const diag = p.diagnostics.find((d) => d.code === 'mtu-too-high');
    assert.ok(diag, `mtu-too-high expected, got ${codes(p)}`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Set MTU to 1420 (Ethernet / broadband: 1500 − 80)', 'Set MTU to 1412 (PPPoE / DSL: 1492 − 80)', 'Set MTU to 1280 (cellular or unsure: the IPv6 minimum)'],
    );
    const preferred = actions.find((a) => a.isPreferred)!;
    assert.equal(preferred.kind, 'quickfix');
    const change = preferred.edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: doc.version });
    assert.deepEqual(change.edits, [{ range: diag.range, newText: '1420' }]);
    client.edit(uri, change.edits[0]!.range, change.edits[0]!.newText);
    const after = await client.waitForDiagnostics(uri);
    assert.ok(!codes(after).includes('mtu-too-high'));
    client.close(uri);
  });

  test('no actions outside any fixable problem; out-of-range and unknown documents return nothing', async () => {
    const uri = testUri('clean.conf');
    client.open(uri, ALPHA);
    await client.waitForDiagnostics(uri);
    const none = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(none, []);
    const far = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 9999, character: 5 }, end: { line: 99999, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(far, []);
    const unknown = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: testUri('never-opened.conf') },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(unknown, []);
    client.close(uri);
  });

  test('unknown key: "did you mean" fixes', async () => {
    const uri = testUri('typo.conf');
    client.open(uri, ALPHA.replace('AllowedIPs', 'AllowedIP'));
    const p = await client.waitForDiagnostics(uri);
    const diag = p.diagnostics.find((d) => d.code === 'unknown-key')!;
    assert.ok(diag);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    assert.equal(actions[0]?.title, 'Change to AllowedIPs');
    client.close(uri);
  });
});

describe('file facts the server reads from disk', () => {
  let client: LspClient;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wgls-file-'));
    chmodSync(dir, 0o755);
    client = await LspClient.start({ configuration: { wgls: { rules: {} } } });
  });
  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a BOM on disk, a world-readable mode and a name wg-quick refuses are reported', async () => {
    const file = join(dir, 'this-name-is-too-long.conf');
    writeFileSync(file, `\uFEFF${ALPHA}`);
    chmodSync(file, 0o644);
    const uri = pathToFileURL(file).toString();
    // VS Code sends the text without the BOM.
    client.open(uri, ALPHA);
    const p = await client.waitForDiagnostics(uri, (d) => ['bom', 'world-readable', 'file-name'].every((c) => codes(d).includes(c)));
    const byCode = (c: string) => p.diagnostics.find((d) => d.code === c)!;
    assert.equal(byCode('bom').severity, 1);
    assert.equal(byCode('world-readable').severity, 2);
    assert.equal(byCode('file-name').severity, 1);
    client.close(uri);
    // Still indexed from disk after closing; deleting it (as the file watcher reports) removes it.
    rmSync(file);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 0);
  });

  test('a 0600 file with a valid name has none of them', async () => {
    const file = join(dir, 'wg0.conf');
    writeFileSync(file, ALPHA);
    chmodSync(file, 0o600);
    const uri = pathToFileURL(file).toString();
    client.open(uri, ALPHA);
    const p = await client.waitForDiagnostics(uri);
    assert.deepEqual(codes(p), []);
    client.close(uri);
  });
});
