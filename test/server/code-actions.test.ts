// Quick fixes over LSP, and the file facts only the server can see (name, mode, BOM on disk).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
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

  test('MTU 1500: three quick fixes with versioned edits, then the two ignores; applying the preferred one clears the warning', async () => {
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
      [
        'Set MTU to 1420 (Ethernet / broadband: 1500 − 80)',
        'Set MTU to 1412 (PPPoE / DSL: 1492 − 80)',
        'Set MTU to 1280 (cellular or unsure: the IPv6 minimum)',
        'Ignore mtu-too-high on this line',
        'Ignore mtu-too-high in this file',
      ],
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

  // Code actions review: a position past the end of its line is the line's end (LSP), not "no fixes".
  test('a position past the end of the line: the same fixes as at its end', async () => {
    const uri = testUri('clamp.conf');
    client.open(uri, ALPHA.replace('ListenPort = 51820', 'ListenPort = 51820\nMTU = 1500'));
    const diag = (await client.waitForDiagnostics(uri)).diagnostics.find((d) => d.code === 'mtu-too-high')!;
    const at = (character: number) =>
      client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: diag.range.start.line, character }, end: { line: diag.range.start.line, character } }, context: { diagnostics: [] } });
    const titles = (await at(diag.range.end.character)).map((a) => a.title);
    assert.ok(titles.includes('Set MTU to 1420 (Ethernet / broadband: 1500 − 80)'), JSON.stringify(titles));
    assert.deepEqual((await at(diag.range.end.character + 1)).map((a) => a.title), titles);
    assert.deepEqual((await at(9999)).map((a) => a.title), titles);
    client.close(uri);
  });

  // Code actions review: "Generate a new private key" was preferred too beside a preferred fix of the same
  // problem (Auto Fix then applies neither), and after a BOM cited the diagnostic one column off.
  test('Generate a new private key: not preferred beside a preferred fix; its diagnostics as published, after a BOM too', async () => {
    const padded = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmn=';
    const uri = testUri('padded.conf');
    client.open(uri, `# wgls-target windows\n[Interface]\nPrivateKey = ${padded}\nAddress = 10.0.0.2/24\n`);
    const diag = (await client.waitForDiagnostics(uri)).diagnostics.find((d) => d.code === 'invalid-key')!;
    assert.ok(diag);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    assert.deepEqual(
      actions.filter((a) => a.isPreferred).map((a) => a.title),
      ['Clear the padding bits (the same 32 bytes)'],
      JSON.stringify(actions.map((a) => [a.title, a.isPreferred])),
    );
    assert.ok(actions.some((a) => a.title === 'Generate a new private key' && !a.isPreferred));
    client.close(uri);
    const bom = testUri('bom-nokey.conf');
    client.open(bom, '\uFEFF[Interface]\nAddress = 10.0.0.40/24\nMTU = 1500\n');
    const missing = (await client.waitForDiagnostics(bom)).diagnostics.find((d) => d.code === 'missing-private-key')!;
    assert.ok(missing);
    const generate = (await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: bom }, range: missing.range, context: { diagnostics: [missing] } })).find(
      (a) => a.title === 'Generate a new private key',
    )!;
    assert.ok(generate);
    assert.deepEqual(generate.diagnostics!.map((d) => d.range), [missing.range]);
    assert.equal(generate.isPreferred, true);
    client.close(bom);
    // A valid PrivateKey above the invalid one that wins: the preferred fix removes the invalid line (the
    // duplicate-key fix), not a new identity for the config (code-actions review).
    const twice = testUri('twice.conf');
    const key = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
    client.open(twice, `[Interface]\nPrivateKey = ${key}\nAddress = 10.10.0.1/24\nPrivateKey = ${key.slice(0, 30)}\n`);
    const published = await client.waitForDiagnostics(twice);
    const invalid = published.diagnostics.find((d) => d.code === 'invalid-key')!;
    const dup = published.diagnostics.find((d) => d.code === 'duplicate-key')!;
    const onInvalid = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: twice }, range: invalid.range, context: { diagnostics: [invalid] } });
    assert.ok(onInvalid.some((a) => a.title === 'Generate a new private key' && !a.isPreferred), JSON.stringify(onInvalid.map((a) => [a.title, a.isPreferred])));
    const onDup = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: twice }, range: dup.range, context: { diagnostics: [dup] } });
    assert.deepEqual(onDup.filter((a) => a.isPreferred).map((a) => a.title), ['Remove the invalid PrivateKey on line 4 (keep this one)']);
    client.close(twice);
  });

  test('"Ignore … on this line" writes a next-line comment, then extends it; "in this file" extends a file-wide one; each clears the diagnostic', async () => {
    const uri = testUri('ignore.conf');
    const text = ALPHA.replace('ListenPort = 51820', 'ListenPort = 51820\nMTU = 1500\nFoo = 1');
    const lines = text.split('\n');
    const mtuLine = lines.indexOf('MTU = 1500');
    client.open(uri, text);
    const p = await client.waitForDiagnostics(uri);
    const actionsFor = async (code: string) => {
      const d = client.diagnostics(uri)!.diagnostics.find((x) => x.code === code)!;
      return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    };
    assert.ok(codes(p).includes('mtu-too-high') && codes(p).includes('unknown-key'));
    const apply = async (action: CodeAction | undefined) => {
      const change = action!.edit!.documentChanges![0] as TextDocumentEdit;
      assert.equal(change.edits.length, 1);
      const edit = change.edits[0] as TextEdit;
      const version = client.edit(uri, edit.range, edit.newText);
      return client.waitForDiagnostics(uri, (x) => x.version === version);
    };
    const onLine = (await actionsFor('mtu-too-high')).find((a) => a.title === 'Ignore mtu-too-high on this line');
    assert.deepEqual((onLine!.edit!.documentChanges![0] as TextDocumentEdit).edits, [{ range: { start: { line: mtuLine, character: 0 }, end: { line: mtuLine, character: 0 } }, newText: '# wgls-disable-next-line mtu-too-high\n' }]);
    let now = await apply(onLine);
    assert.ok(!codes(now).includes('mtu-too-high'), `${codes(now)}`);
    // The unknown key is on the line after MTU: its "on this line" comment is a new one above it.
    const fileWide = (await actionsFor('unknown-key')).find((a) => a.title === 'Ignore unknown-key in this file');
    assert.deepEqual(((fileWide!.edit!.documentChanges![0] as TextDocumentEdit).edits[0] as TextEdit).newText, '# wgls-disable unknown-key\n');
    now = await apply(fileWide);
    assert.ok(!codes(now).includes('unknown-key'), `${codes(now)}`);
    assert.equal(client.document(uri).getText().split('\n')[0], '# wgls-disable unknown-key');
    client.close(uri);
  });

  test('the ignore actions come after every fix (the key actions too), once per distinct edit', async () => {
    const uri = testUri('ignore-order.conf');
    const text = ALPHA.replace(/^PrivateKey = .*$/m, 'PrivateKey = not-a-key').replace('AllowedIPs = 10.10.0.2/32', 'AllowedIPs = 10.10.0.5/24, 10.10.1.7/24');
    const lines = text.split('\n');
    client.open(uri, text);
    const p = await client.waitForDiagnostics(uri);
    const at = (line: number) => client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: lines[line]!.length } }, context: { diagnostics: [] } });

    const keyTitles = (await at(lines.indexOf('PrivateKey = not-a-key'))).map((a) => a.title);
    assert.deepEqual(keyTitles.slice(-2), ['Ignore invalid-key on this line', 'Ignore invalid-key in this file']);
    assert.ok(keyTitles.indexOf('Generate a new private key') >= 0 && keyTitles.indexOf('Generate a new private key') < keyTitles.length - 2, keyTitles.join('; '));

    // Two host-bits items on one line: one action per ignore edit, carrying both diagnostics.
    const allowed = lines.findIndex((l) => l.startsWith('AllowedIPs'));
    assert.equal(p.diagnostics.filter((d) => d.code === 'allowed-ip-host-bits').length, 2);
    const actions = await at(allowed);
    const ignores = actions.filter((a) => a.title.startsWith('Ignore allowed-ip-host-bits'));
    assert.deepEqual(ignores.map((a) => a.title), ['Ignore allowed-ip-host-bits on this line', 'Ignore allowed-ip-host-bits in this file']);
    for (const a of ignores) assert.equal(a.diagnostics?.length, 2, a.title);
    client.close(uri);
  });

  test('Fix all: a quick fix where an auto-fixable problem is, and source.fixAll.wgls for codeActionsOnSave', async () => {
    const uri = testUri('fix-all.conf');
    const text = ALPHA.replace('[Interface]', '[interface]').replace('ListenPort = 51820', 'listenport = +51820\nMTU = 1500').replace('AllowedIPs = 10.10.0.2/32', 'AllowedIPs = 10.10.0.2/30');
    const doc = client.open(uri, text);
    const p = await client.waitForDiagnostics(uri);
    assert.ok(['non-canonical-key', 'non-portable-port', 'allowed-ip-host-bits', 'mtu-too-high'].every((c) => codes(p).includes(c)), `${codes(p)}`);
    const lines = text.split('\n');
    const request = (line: number, only?: string[]) =>
      client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: lines[line]!.length } }, context: { diagnostics: [], ...(only ? { only } : {}) } });

    // On the [interface] header: its own fix, then Fix all (3: two spellings and the "+" port; not the
    // host bits, a guess, nor the MTU, a choice).
    const quick = await request(lines.indexOf('[interface]'));
    assert.ok(quick.some((a) => a.title === 'Fix all auto-fixable problems (3)' && a.kind === 'quickfix'), quick.map((a) => a.title).join('; '));
    // On the MTU line and the host bits (not auto-fixable): no Fix all offered there.
    assert.ok(!(await request(lines.indexOf('MTU = 1500'))).some((a) => a.title.startsWith('Fix all')));
    assert.ok(!(await request(lines.findIndex((l) => l.startsWith('AllowedIPs')))).some((a) => a.title.startsWith('Fix all')));
    // Not among the quick fixes' kinds: source actions come only when asked for.
    assert.ok(!quick.some((a) => a.kind === 'source.fixAll.wgls'));

    for (const only of [['source.fixAll'], ['source'], ['source.fixAll.wgls']]) {
      const source = await request(0, only);
      assert.deepEqual(source.map((a) => [a.title, a.kind]), [['Fix all auto-fixable problems (3)', 'source.fixAll.wgls']], `only ${only}`);
    }
    const [action] = await request(0, ['source.fixAll']);
    const change = action!.edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: doc.version });
    let version = doc.version;
    for (const e of [...change.edits].reverse()) version = client.edit(uri, e.range, (e as TextEdit).newText);
    const after = await client.waitForDiagnostics(uri, (x) => x.version === version);
    assert.deepEqual(codes(after).sort(), ['allowed-ip-host-bits', 'mtu-too-high']);
    assert.deepEqual(await request(0, ['source.fixAll']), []);
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

  test('a selection over thousands of problems: the first 500 problems\' actions, and Fix all for every one (fuzzing: 8 s once)', async () => {
    const uri = testUri('many.conf');
    // 3,000 misspelt keys, each an unknown-key with a did-you-mean fix that Fix all does not take, and
    // 3,000 `ListenPort = +5`, each auto-fixable.
    const lines = ['[Interface]', ...Array.from({ length: 3000 }, (_, i) => `ListenPrt = ${i}\nListenPort = +5`)];
    client.open(uri, lines.join('\n'));
    const p = await client.waitForDiagnostics(uri);
    // 6,000 problems, 1,000 of them published (and one that counts the rest); actions read the engine's.
    assert.equal(p.diagnostics.length, 1001, `${p.diagnostics.length} diagnostics`);
    const all = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: all, context: { diagnostics: [] } });
    const covered = new Set(actions.flatMap((a) => (a.diagnostics ?? []).map((d) => `${d.range.start.line}:${d.code}`)));
    assert.equal(covered.size, 500);
    const fixAll = actions.find((a) => a.title.startsWith('Fix all auto-fixable problems'));
    assert.ok(fixAll && Number(/\((\d+)\)/.exec(fixAll.title)![1]) >= 3000, fixAll?.title);
    client.close(uri);
  });

  test('a fix several problems share is one action listing them all (complexity review: 60 MB of JSON)', async () => {
    const uri = testUri('hooks.conf');
    const ups = Array.from({ length: 40 }, (_, i) => `PostUp = iptables -A FORWARD -s 10.0.${i}.0/24 -j ACCEPT`).join('\n');
    const text = `[Interface]\nPrivateKey = ${ALPHA.match(/PrivateKey = (\S+)/)![1]}\nAddress = 10.0.0.1/24\n${ups}\n`;
    client.open(uri, text);
    const p = await client.waitForDiagnostics(uri);
    const unmatched = p.diagnostics.filter((d) => d.code === 'postup-without-postdown');
    assert.equal(unmatched.length, 40);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 50, character: 0 } }, context: { diagnostics: unmatched } });
    const every = actions.filter((a) => a.title === 'Add PostDown lines for every unmatched PostUp rule');
    assert.equal(every.length, 1, 'once, not once per problem');
    assert.equal(every[0]!.diagnostics!.length, 40);
    assert.equal(actions.filter((a) => a.title === 'Add the matching PostDown').length, 40);
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
    // The edit itself: the key's name, nothing else on the line (a test review broke newText unseen).
    const change = actions[0]!.edit!.documentChanges![0] as TextDocumentEdit;
    const line = ALPHA.replace('AllowedIPs', 'AllowedIP').split('\n').findIndex((l) => l.startsWith('AllowedIP '));
    assert.deepEqual(change.edits, [{ range: { start: { line, character: 0 }, end: { line, character: 9 } }, newText: 'AllowedIPs' }]);
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
