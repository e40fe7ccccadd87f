// Any request, anywhere: every request the server advertises, at positions and ranges an editor
// should never send (past the end, huge, inverted, negative), on documents no config looks like
// (binary, NUL, BOM, lone CRs, empty) and on one the server never saw. Each one gets an answer, not
// an error; the server logs no failure and still publishes diagnostics afterwards. Run `npm run build` first.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, REPO_ROOT, testUri } from './lsp-client.ts';

const HUB = readFileSync(join(REPO_ROOT, 'examples', 'hub-and-spoke', 'hub.conf'), 'utf8');

let seed = 7;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;

const DOCUMENTS: ReadonlyArray<[string, string]> = [
  ['hub.conf', HUB],
  ['hub-crlf.conf', HUB.replace(/\n/g, '\r\n')],
  ['empty.conf', ''],
  ['bom.conf', `\uFEFF[interface]\nprivatekey = x\n`],
  ['nul.conf', `[Peer]\0\nPublicKey = \0\0\nAllowedIPs = 10.0.0.1/32,\0\n`],
  ['lone-cr.conf', '[Interface]\rPrivateKey = abc\r[Peer]\rAllowedIPs = ::/0\r'],
  ['binary.conf', Buffer.from(Array.from({ length: 4096 }, random)).toString('latin1')],
  ['surrogates.conf', '[Peer]\ud800\nPublicKey = \udfff\ud83d\nEndpoint = [\ud83d\ude00]:1\n'],
];

const MAX = 2 ** 31 - 1;
const POSITIONS = [
  { line: 0, character: 0 },
  { line: 0, character: 1_000_000 },
  { line: 3, character: 5 },
  { line: 1_000_000, character: 0 },
  { line: MAX, character: MAX },
  { line: -1, character: -1 },
];
const RANGES = [
  { start: { line: 0, character: 0 }, end: { line: MAX, character: MAX } },
  { start: { line: 5, character: 3 }, end: { line: 1, character: 0 } },
  { start: { line: 1_000_000, character: 0 }, end: { line: 1_000_001, character: 9 } },
  { start: { line: -1, character: -1 }, end: { line: 0, character: 0 } },
];
const FORMAT = { tabSize: 4, insertSpaces: true };

/** Every advertised request that takes a document, with the params to send at `position` / `range`. */
function requestsFor(uri: string, position: (typeof POSITIONS)[number], range: (typeof RANGES)[number]): Array<[string, unknown]> {
  const textDocument = { uri };
  return [
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/completion', { textDocument, position, context: { triggerKind: 1 } }],
    ['textDocument/completion', { textDocument, position, context: { triggerKind: 2, triggerCharacter: '=' } }],
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
    ['textDocument/selectionRange', { textDocument, positions: [position, POSITIONS[0]] }],
    ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
    ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [], only: ['source.fixAll'] } }],
    ['textDocument/rangeFormatting', { textDocument, range, options: FORMAT }],
    ['textDocument/inlayHint', { textDocument, range }],
  ];
}
const WHOLE_DOCUMENT = ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/codeLens', 'textDocument/formatting'];

describe('any request, anywhere', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ configuration: { wgls: { inlayHints: { derivedPublicKey: true, peerNames: true } } } });
  });
  after(async () => {
    await client?.shutdown();
  });

  test('advertises what this test sends', () => {
    const c = client.initializeResult.capabilities;
    for (const k of ['hoverProvider', 'completionProvider', 'definitionProvider', 'referencesProvider', 'selectionRangeProvider', 'codeActionProvider',
      'documentRangeFormattingProvider', 'inlayHintProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'codeLensProvider', 'documentFormattingProvider'] as const) {
      assert.ok(c[k], k);
    }
  });

  for (const [name, text] of DOCUMENTS) {
    test(`${JSON.stringify(name)}: every request at every odd position gets an answer`, async () => {
      const uri = testUri(name);
      client.open(uri, text);
      await client.waitForDiagnostics(uri, undefined, 30_000);
      const failures: string[] = [];
      const ask = async (method: string, params: unknown) => {
        try {
          await client.request(method, params);
        } catch (err) {
          failures.push(`${method} ${JSON.stringify(params).slice(0, 160)}: ${(err as Error).message.split('\n')[0]}`);
        }
      };
      for (const method of WHOLE_DOCUMENT) await ask(method, method.endsWith('formatting') ? { textDocument: { uri }, options: FORMAT } : { textDocument: { uri } });
      for (let i = 0; i < POSITIONS.length; i++) {
        for (const [method, params] of requestsFor(uri, POSITIONS[i]!, RANGES[i % RANGES.length]!)) await ask(method, params);
      }
      assert.deepEqual(failures, []);
      client.close(uri);
    });
  }

  test('a document the server never saw, and workspace symbols with odd queries', async () => {
    const uri = testUri('never-opened.conf');
    const failures: string[] = [];
    const ask = async (method: string, params: unknown) => {
      try {
        await client.request(method, params);
      } catch (err) {
        failures.push(`${method}: ${(err as Error).message.split('\n')[0]}`);
      }
    };
    for (const method of WHOLE_DOCUMENT) await ask(method, method.endsWith('formatting') ? { textDocument: { uri }, options: FORMAT } : { textDocument: { uri } });
    for (const [method, params] of requestsFor(uri, POSITIONS[2]!, RANGES[0]!)) await ask(method, params);
    for (const query of ['', '*', '\0', '['.repeat(10_000), '\ud800']) await ask('workspace/symbol', { query });
    assert.deepEqual(failures, []);
  });

  test('malformed params: InvalidParams naming the field, not an internal TypeError', async () => {
    const uri = testUri('hub.conf');
    client.open(uri, HUB);
    await client.waitForDiagnostics(uri);
    const textDocument = { uri };
    const position = { line: 1, character: 2 };
    const range = { start: position, end: position };
    const cases: Array<[string, unknown, RegExp]> = [
      ['textDocument/hover', { position }, /textDocument\.uri/],
      ['textDocument/hover', { textDocument: { uri: 5 }, position }, /textDocument\.uri/],
      ['textDocument/hover', { textDocument, position: null }, /position/],
      ['textDocument/completion', { textDocument, position: { line: '1', character: 0 } }, /position/],
      ['textDocument/definition', { textDocument: null, position }, /textDocument\.uri/],
      ['textDocument/references', { textDocument, context: { includeDeclaration: true } }, /position/],
      ['textDocument/references', { textDocument, position }, /includeDeclaration/],
      ['textDocument/codeAction', { textDocument, range }, /context/],
      ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [], only: 'quickfix' } }, /context/],
      ['textDocument/codeAction', { textDocument, range: { start: position }, context: { diagnostics: [] } }, /range/],
      ['textDocument/rangeFormatting', { textDocument, options: FORMAT }, /range/],
      ['textDocument/selectionRange', { textDocument, positions: [null] }, /positions/],
      ['textDocument/inlayHint', { textDocument }, /range/],
      ['textDocument/inlayHint', { textDocument, range: { start: { line: 1.5, character: 0 }, end: position } }, /range/],
      ['textDocument/rangeFormatting', { textDocument, range: { start: position, end: { line: 2, character: 0.5 } }, options: FORMAT }, /range/],
      ['textDocument/hover', { textDocument, position: { line: 1, character: 2.5 } }, /position/],
      ['textDocument/documentSymbol', {}, /textDocument\.uri/],
      ['textDocument/foldingRange', { textDocument: 'x' }, /textDocument\.uri/],
      ['textDocument/formatting', { options: FORMAT }, /textDocument\.uri/],
      ['textDocument/codeLens', { textDocument: [] }, /textDocument\.uri/],
      ['workspace/symbol', { query: 7 }, /query/],
      ['workspace/executeCommand', { arguments: [] }, /command/],
    ];
    const wrong: string[] = [];
    for (const [method, params, message] of cases) {
      try {
        await client.request(method, params);
        wrong.push(`${method} ${JSON.stringify(params)}: answered`);
      } catch (err) {
        const e = err as { code?: number; message: string };
        if (e.code !== -32602 || !message.test(e.message)) wrong.push(`${method} ${JSON.stringify(params)}: ${e.code} ${e.message}`);
      }
    }
    assert.deepEqual(wrong, []);
    // Well-formed requests still work.
    const keyLine = HUB.split('\n').findIndex((l) => l.startsWith('ListenPort'));
    assert.ok(await client.request('textDocument/hover', { textDocument, position: { line: keyLine, character: 2 } }));
    client.close(uri);
  });

  test('URIs with a "%" no escape follows (fuzzing: the server exited on close)', async () => {
    const uris = ['file:///tmp/wgls-no-such-dir/100%.conf', 'untitled:50%', 'file:///tmp/wgls-no-such-dir/%E0%A4%A.conf', 'file:///tmp/wgls-no-such-dir/a%zz/wg0.conf'];
    for (const uri of uris) {
      client.open(uri, '[Interface]\nListenPort = 1\nFoo = 1\n');
      const p = await client.waitForDiagnostics(uri);
      assert.ok(p.diagnostics.some((d) => d.code === 'unknown-key'), uri);
    }
    for (const uri of uris) {
      client.close(uri);
      await client.waitForDiagnostics(uri, (p) => p.version === undefined && p.diagnostics.length === 0);
    }
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: 'file:///tmp/wgls-no-such-dir/%zz.conf', type: 3 },
        { uri: 'file:///tmp/wgls-no-such-dir/%zz.conf', type: 1 },
        { uri: 'file:///tmp/wgls-no-such-dir/%zz.conf', type: 2 },
      ],
    });
    await client.ping();
    assert.equal(client.hasExited, false);
  });

  test('malformed watched-file and folder notifications are skipped, not logged as failures with a stack (server review)', async () => {
    const before = client.logs.length;
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: null, type: 1 }, { type: 1 }, null, { uri: 42, type: 3 }] });
    client.notify('workspace/didChangeWatchedFiles', { changes: null });
    client.notify('workspace/didChangeWorkspaceFolders', { event: null });
    client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [null, { uri: 5 }], removed: null } });
    await client.ping();
    const failed = client.logs.slice(before).filter((l) => l.type === 1 || /failed|TypeError/.test(l.message));
    assert.deepEqual(failed.map((l) => l.message.split('\n')[0]), []);
    assert.equal(client.hasExited, false);
  });

  test('a second initialize is refused with InvalidRequest; malformed ones are refused by the library, and the server lives on', async () => {
    await assert.rejects(client.request('initialize', { capabilities: {}, rootUri: null, processId: null }), (err: { code?: number; message?: string }) => err.code === -32600 && /already received/.test(err.message ?? ''));
    // (`{}` fails inside vscode-languageserver's own initialize handling, before wgls's: an InternalError.)
    for (const params of [{}, null]) await assert.rejects(client.request('initialize', params), JSON.stringify(params));
    await client.ping();
  });

  test('afterwards: no failure in the server log, and it still publishes diagnostics', async () => {
    const failed = client.logs.filter((l) => l.type === 1 || /failed|exception|TypeError|RangeError/i.test(l.message));
    assert.deepEqual(failed.map((l) => l.message.split('\n')[0]), []);
    const uri = testUri('after.conf');
    client.open(uri, 'junk\n');
    const p = await client.waitForDiagnostics(uri);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['invalid-line']);
    assert.equal(client.hasExited, false);
  });
});

describe('malformed notifications', () => {
  test('malformed text-document and configuration notifications are dropped with a line in the log, not a failure with a stack (robustness review)', async () => {
    // Its own server: a lost edit is an error in the log on purpose, which the suite above counts as a failure.
    const client = await LspClient.start({});
    try {
      const before = client.logs.length;
      const uri = testUri('malformed-notifications.conf');
      client.notify('textDocument/didOpen', { textDocument: { uri: 5, languageId: 'wireguard', version: 1, text: '' } });
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'wireguard', version: 1, text: null } });
      for (const m of ['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'textDocument/didSave', 'workspace/didChangeConfiguration']) client.notify(m, null);
      client.notify('textDocument/didClose', { textDocument: 'x' });
      await client.ping();
      // (Params null: the JSON-RPC layer itself says "received parameters by position", an error line without a stack.)
      const failed = client.logs.slice(before).filter((l) => /failed|TypeError|\n\s+at /.test(l.message));
      assert.deepEqual(failed.map((l) => l.message.split('\n')[0]), []);
      assert.ok(client.logs.slice(before).some((l) => /ignored a malformed DidOpenTextDocument notification/.test(l.message)));
      // A didChange whose contentChanges is no array: the document is marked lost and the user told, not left out of step.
      client.open(uri, '[Interface]\nListenPort = 1\n');
      await client.waitForDiagnostics(uri);
      client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: null });
      await client.ping();
      assert.ok(client.logs.slice(before).some((l) => l.type === 1 && /could not be applied \(its text is not a string\)/.test(l.message)), client.logs.slice(before).map((l) => l.message).join('\n'));
      client.close(uri);
      // A didChange without a version: applied as the next version (the library threw, and the text was left behind).
      const unversioned = testUri('unversioned-change.conf');
      client.notify('textDocument/didOpen', { textDocument: { uri: unversioned, languageId: 'wireguard', version: 1, text: '[Interface]\nListenPort = 1\n' } });
      await client.waitForDiagnostics(unversioned, (p) => p.version === 1);
      client.notify('textDocument/didChange', { textDocument: { uri: unversioned }, contentChanges: [{ range: { start: { line: 1, character: 13 }, end: { line: 1, character: 14 } }, text: 'abc' }] });
      const p = await client.waitForDiagnostics(unversioned, (d) => d.version === 2);
      assert.ok(p.diagnostics.some((d) => d.code === 'invalid-port'), JSON.stringify(p.diagnostics.map((d) => d.code)));
      client.notify('textDocument/didClose', { textDocument: { uri: unversioned } });
      assert.equal(client.hasExited, false);
    } finally {
      await client.shutdown();
    }
  });
});

describe('a second initialize', () => {
  test('refused, and folders added afterwards are still indexed (the library re-initialises its features first)', async () => {
    const first = mkdtempSync(join(tmpdir(), 'wgls-first-'));
    const added = mkdtempSync(join(tmpdir(), 'wgls-added-'));
    writeFileSync(join(added, 'wg1.conf'), '[Interface]\nListenPort = 51820\nFoo = 1\n', { mode: 0o600 });
    const client = await LspClient.start({ rootPath: first, configuration: { wgls: { rules: {} } } });
    try {
      await assert.rejects(client.request('initialize', { processId: null, rootUri: null, capabilities: { workspace: { workspaceFolders: true, configuration: true } } }), /already received/);
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: pathToFileURL(added).toString(), name: 'added' }], removed: [] } });
      const p = await client.waitForDiagnostics(pathToFileURL(join(added, 'wg1.conf')).toString(), (d) => d.diagnostics.length > 0);
      assert.ok(p.diagnostics.some((d) => d.code === 'unknown-key'), JSON.stringify(p.diagnostics.map((d) => d.code)));
    } finally {
      await client.shutdown();
      for (const d of [first, added]) rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('after shutdown', () => {
  test('every request is refused with InvalidRequest, as LSP asks; exit then ends the process with 0', async () => {
    const client = await LspClient.start({});
    try {
      const uri = testUri('after-shutdown.conf');
      client.open(uri, '[Interface]\nListenPort = 51820\n');
      await client.waitForDiagnostics(uri);
      assert.equal(await client.request('shutdown'), null);
      for (const [method, params] of [...requestsFor(uri, POSITIONS[2]!, RANGES[0]!), ['workspace/symbol', { query: '' }], ['workspace/executeCommand', { command: 'wgls.noSuchCommand' }]] as Array<[string, unknown]>) {
        await assert.rejects(client.request(method, params), (err: { code?: number; message?: string }) => {
          assert.equal(err.code, -32600, `${method}: ${err.message}`);
          return true;
        });
      }
      client.notify('exit');
      assert.deepEqual(await client.waitForExit(), { code: 0, signal: null });
    } finally {
      if (!client.hasExited) await client.shutdown();
    }
  });
});
