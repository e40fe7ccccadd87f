// The real server (dist/server.js) over JSON-RPC: start-up, diagnostics for open
// documents, incremental edits, versions, settings, bad input, close. Run `npm run build` first.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, REPO_ROOT, formatRange, testUri, type Diagnostic, type PublishDiagnosticsParams } from './lsp-client.ts';

/** A valid config (real keys) to put bad lines into. */
const VALID = readFileSync(join(REPO_ROOT, 'examples', 'point-to-point', 'alpha.conf'), 'utf8');
const VALID_LINES = VALID.split('\n');
const LISTEN_PORT_LINE = VALID_LINES.findIndex((l) => l.startsWith('ListenPort'));
const JUNK = '  not a config line  # note';
/** VALID with JUNK inserted after ListenPort. */
const WITH_JUNK = [...VALID_LINES.slice(0, LISTEN_PORT_LINE + 1), JUNK, ...VALID_LINES.slice(LISTEN_PORT_LINE + 1)].join('\n');
const JUNK_LINE = LISTEN_PORT_LINE + 1;

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);
const ofRule = (p: PublishDiagnosticsParams, rule: string) => p.diagnostics.filter((d) => d.code === rule);
const hasRule = (rule: string) => (p: PublishDiagnosticsParams) => ofRule(p, rule).length > 0;
const lacksRule = (rule: string) => (p: PublishDiagnosticsParams) => ofRule(p, rule).length === 0;

describe('LSP server over stdio', () => {
  let client: LspClient;
  let firstPull: Promise<unknown>;
  before(async () => {
    client = await LspClient.start({ configuration: { wgls: { rules: {} } } });
    // Registered right after initialize: the pull that follows `initialized` cannot be missed.
    firstPull = client.configurationRequests.length ? Promise.resolve() : client.waitForConfigurationRequest();
  });
  after(async () => {
    const exit = await client?.shutdown();
    // A clean shutdown + exit ends the process with status 0.
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  test('initialises, names itself and advertises incremental sync', () => {
    const { capabilities, serverInfo } = client.initializeResult;
    assert.equal(serverInfo?.name, 'wgls');
    assert.ok(serverInfo?.version);
    const sync = capabilities.textDocumentSync;
    assert.ok(sync && typeof sync === 'object', 'textDocumentSync is an options object');
    assert.equal(sync.openClose, true);
    assert.equal(sync.change, 2 /* TextDocumentSyncKind.Incremental */);
  });

  test('pulls the wgls configuration after initialized', async () => {
    await firstPull;
    assert.ok(client.configurationRequests.some((r) => r.items.some((i) => i.section === 'wgls')));
  });

  test('a valid config has no syntax diagnostics', async () => {
    const uri = testUri('valid.conf');
    client.open(uri, VALID);
    const p = await client.waitForDiagnostics(uri);
    assert.equal(p.version, 1);
    assert.deepEqual(ofRule(p, 'invalid-line'), []);
    client.close(uri);
  });

  test('a bad line gives invalid-line with the exact range, code, source and doc link', async () => {
    const uri = testUri('bad.conf');
    client.open(uri, WITH_JUNK);
    const p = await client.waitForDiagnostics(uri);
    assert.equal(p.version, 1);
    const [d, ...more] = ofRule(p, 'invalid-line') as [Diagnostic, ...Diagnostic[]];
    assert.deepEqual(more, [], 'exactly one invalid-line');
    assert.deepEqual(d.range, { start: { line: JUNK_LINE, character: 2 }, end: { line: JUNK_LINE, character: 19 } });
    assert.equal(d.severity, 1 /* Error */);
    assert.equal(d.source, 'wgls');
    assert.ok(typeof d.message === 'string' && d.message.length > 0);
    assert.match(d.codeDescription?.href ?? '', /docs\/rules\/invalid-line\.md$/);
    client.close(uri);
  });

  test('an incremental edit that fixes the line clears the diagnostic; versions follow the edits', async () => {
    const uri = testUri('fixme.conf');
    client.open(uri, WITH_JUNK, { version: 7 });
    const first = await client.waitForDiagnostics(uri);
    assert.equal(first.version, 7);
    assert.equal(ofRule(first, 'invalid-line').length, 1);

    // Turn "not a config line" into a comment by typing "#" before it, as an editor would.
    const v8 = client.edit(uri, { start: { line: JUNK_LINE, character: 2 }, end: { line: JUNK_LINE, character: 2 } }, '#');
    assert.equal(v8, 8);
    const fixed = await client.waitForDiagnostics(uri);
    assert.equal(fixed.version, 8);
    assert.deepEqual(ofRule(fixed, 'invalid-line'), []);
    assert.equal(client.document(uri).getText().split('\n')[JUNK_LINE], '  #not a config line  # note');

    // And breaking another line brings one back, at its own position.
    const lastLine = client.document(uri).lineCount - 1;
    const v9 = client.edit(uri, { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: 0 } }, 'oops\n');
    const broken = await client.waitForDiagnostics(uri);
    assert.equal(broken.version, v9);
    assert.deepEqual(
      ofRule(broken, 'invalid-line').map((d) => formatRange(d.range)),
      [`${lastLine}:0-${lastLine}:4`],
    );
    client.close(uri);
  });

  test('several changes in one didChange are applied in order', async () => {
    const uri = testUri('multi.conf');
    client.open(uri, 'junk1\njunk2\n');
    await client.waitForDiagnostics(uri);
    client.change(uri, 2, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# ' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, text: '[Peer]' },
    ]);
    const p = await client.waitForDiagnostics(uri);
    assert.equal(client.document(uri).getText(), '# junk1\n[Peer]\n');
    assert.deepEqual(ofRule(p, 'invalid-line'), []);
    client.close(uri);
  });

  test('stale, out-of-order and unknown-document changes do not crash the server', async (t) => {
    const uri = testUri('stale.conf');
    client.open(uri, WITH_JUNK, { version: 5 });
    await client.waitForDiagnostics(uri);
    // An older version, with a range far past the end of the document.
    client.change(uri, 3, [{ range: { start: { line: 9999, character: 0 }, end: { line: 10_000, character: 5 } }, text: 'x' }]);
    // An inverted range.
    client.change(uri, 4, [{ range: { start: { line: 3, character: 5 }, end: { line: 1, character: 0 } }, text: '' }]);
    // A document the server never saw, and one without a version.
    client.notify('textDocument/didChange', { textDocument: { uri: testUri('never-opened.conf'), version: 2 }, contentChanges: [{ text: 'x' }] });
    client.notify('textDocument/didChange', { textDocument: { uri }, contentChanges: [{ text: 'junk' }] });
    client.notify('textDocument/didClose', { textDocument: { uri: testUri('never-opened-either.conf') } });
    // Still answering requests and still publishing diagnostics.
    await client.ping();
    const fresh = testUri('after-stale.conf');
    client.open(fresh, 'junk\n');
    const p = await client.waitForDiagnostics(fresh);
    assert.deepEqual(codes(p), ['invalid-line']);
    assert.equal(client.hasExited, false);
    for (const log of client.logs.splice(0)) t.diagnostic(`server log (type ${log.type}): ${log.message.split('\n')[0]}`);
    client.close(fresh);
    client.close(uri);
  });

  test('a document opened again, or changed, under the version it had gets the new text\'s diagnostics and fixes (robustness review)', async () => {
    const uri = testUri('same-version.conf');
    client.open(uri, VALID, { version: 3 });
    await client.waitForDiagnostics(uri, lacksRule('invalid-line'));
    // Opened again without a close, same version, another text.
    client.open(uri, WITH_JUNK, { version: 3 });
    const reopened = await client.waitForDiagnostics(uri, hasRule('invalid-line'));
    assert.equal(ofRule(reopened, 'invalid-line')[0]!.range.start.line, JUNK_LINE);
    // A code action now answers from this text: its Ignore comment goes above the junk line.
    const actions = await client.request<Array<{ title: string; edit?: { documentChanges?: Array<{ edits: Array<{ range: { start: { line: number } } }> }> } }>>('textDocument/codeAction', {
      textDocument: { uri },
      range: ofRule(reopened, 'invalid-line')[0]!.range,
      context: { diagnostics: ofRule(reopened, 'invalid-line') },
    });
    const ignore = actions.find((a) => a.title.startsWith('Ignore invalid-line'));
    assert.equal(ignore?.edit?.documentChanges?.[0]?.edits[0]?.range.start.line, JUNK_LINE, JSON.stringify(actions.map((a) => a.title)));
    // A whole-text change that keeps the version.
    client.change(uri, 3, [{ text: VALID }]);
    await client.waitForDiagnostics(uri, lacksRule('invalid-line'));
    client.close(uri);
  });

  test('a malformed change: the server says its copy is lost, answers nothing from it, and recovers on a whole text', async () => {
    const uri = testUri('malformed.conf');
    client.open(uri, WITH_JUNK);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri)), ['invalid-line']);
    // A fractional line: no position of the text; applying it anyway would leave every later edit
    // (ranges of the editor's text) applied to a different text.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 1.5, character: 0 }, end: { line: 2, character: 0 } }, text: 'x' }] });
    const lost = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(lost.diagnostics, [], 'no diagnostics from a text the editor no longer has');
    // Told once, as an error the editor shows, and in the log.
    const shown = client.messageRequests.filter((m) => m.type === 1).map((m) => m.message);
    assert.equal(shown.filter((m) => m.includes('malformed.conf')).length, 1, shown.join('\n'));
    assert.match(shown.find((m) => m.includes('malformed.conf'))!, /range start is not a position of whole numbers.*closed and opened again/);
    // Later (well-formed) edits do not make it known again; requests get no answer from the old text.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# ' }] });
    assert.deepEqual((await client.waitForDiagnostics(uri, (p) => p.version === 3)).diagnostics, []);
    assert.equal(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: JUNK_LINE, character: 3 } }), null);
    assert.equal(client.messageRequests.length, shown.length, 'said once per loss');
    // The whole text again (what an editor sends on a full sync): checked again.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: WITH_JUNK }] });
    const back = await client.waitForDiagnostics(uri, (p) => p.version === 4);
    assert.deepEqual(back.diagnostics.map((d) => [d.code, d.range.start.line]), [['invalid-line', JUNK_LINE]]);
    // A text that is not a string is lost too.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: null }] });
    assert.deepEqual((await client.waitForDiagnostics(uri, (p) => p.version === 5)).diagnostics, []);
    const again = client.messageRequests.map((m) => m.message);
    assert.equal(again.filter((m) => m.includes('malformed.conf') && m.includes('its text is not a string')).length, 1, again.join('\n'));
    client.close(uri);
  });

  // Fuzz review: version 3 after version 5 was applied, and its diagnostics published after version 5's.
  test('a change whose version goes back: lost (said once), no diagnostics for the older version; a whole text recovers', async () => {
    const uri = testUri('backwards.conf');
    client.open(uri, WITH_JUNK);
    await client.waitForDiagnostics(uri);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# five\n' }] });
    assert.equal((await client.waitForDiagnostics(uri, (p) => p.version === 5)).version, 5);
    const published: Array<number | undefined> = [];
    const seen = client.notifications.length;
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# three\n' }] });
    // Lost: an empty list is published (for the version it stays at), as for a malformed change.
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    for (const n of client.notifications.slice(seen)) if (n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string }).uri === uri) published.push((n.params as { version?: number }).version);
    assert.ok(published.every((v) => v === undefined || v >= 5), `published versions ${published.join(', ')}`);
    assert.ok(client.messageRequests.some((m) => m.message.includes('backwards.conf') && m.message.includes('its version went back from 5 to 3')));
    client.notify('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ text: WITH_JUNK }] });
    assert.deepEqual((await client.waitForDiagnostics(uri, (p) => p.version === 6)).diagnostics.map((d) => d.code), ['invalid-line']);
    client.close(uri);
  });

  // Fuzz review: the "could not be applied" message showed the URI as it was, a key in its path included.
  test('a lost document in a folder named after a key: the message and the log hide the key, escaped or not', async () => {
    const key = 'Z+uhM8vv1jMVyihOo2Jf890iqMVo0aLY9tQ9+1g2xQk=';
    const uri = `file:///wgls-test/${encodeURIComponent(key)}/wg0.conf`;
    client.open(uri, WITH_JUNK);
    await client.waitForDiagnostics(uri);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 1.5, character: 0 }, end: { line: 2, character: 0 } }, text: 'x' }] });
    await client.waitForDiagnostics(uri, (p) => p.version === 2);
    const said = [...client.messageRequests.map((m) => m.message), ...client.logs.map((m) => m.message)].filter((m) => m.includes('wg0.conf') && m.includes('could not be applied'));
    assert.equal(said.length, 2, said.join('\n'));
    for (const m of said) {
      assert.ok(!m.includes(key.slice(0, 16)) && !m.includes(encodeURIComponent(key).slice(0, 16)) && !m.includes('uhM8vv1jMVyihOo2'), m);
      assert.match(m, /\(key hidden\)\/wg0\.conf could not be applied/);
    }
    client.close(uri);
  });

  test('a whole number past the end, however large, is clamped like the library does, not a lost document (fuzz review)', async () => {
    const uri = testUri('huge-position.conf');
    client.open(uri, WITH_JUNK);
    await client.waitForDiagnostics(uri);
    const before = client.messageRequests.length;
    client.change(uri, 2, [{ range: { start: { line: 0, character: 1e300 }, end: { line: 0, character: 1e300 } }, text: ' # x' }]);
    const p = await client.waitForDiagnostics(uri);
    assert.equal(client.messageRequests.length, before, 'no "lost" message');
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line]), [['invalid-line', JUNK_LINE]]);
    // The text went to the end of line 0 (the client's copy, clamped by the library, says so too).
    assert.ok(client.document(uri).getText().split('\n')[0]!.endsWith(' # x'));
    assert.ok(await client.request('textDocument/documentSymbol', { textDocument: { uri } }));
    client.close(uri);
  });

  test('binary, NUL and huge documents do not crash it', async () => {
    let seed = 42;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
    const binary = Buffer.from(Array.from({ length: 64 * 1024 }, random)).toString('latin1');
    const texts: Array<[string, string]> = [
      ['binary.conf', binary],
      ['nul.conf', `[Interface]\0\n\0\0\0\nPrivateKey = \0\n${'\0'.repeat(10_000)}`],
      ['surrogates.conf', '\ud800[Peer]\udfff\n\uFEFF = \ud83d\n'],
      ['huge-line.conf', `[Peer]\nPostUp = ${'x'.repeat(2 * 1024 * 1024)}\n`],
      ['many-lines.conf', 'junk\n'.repeat(100_000)],
    ];
    for (const [name, text] of texts) {
      const uri = testUri(name);
      client.open(uri, text);
      const p = await client.waitForDiagnostics(uri, undefined, 30_000);
      assert.equal(p.version, 1, name);
      // The first 1,000 by position, then one that counts the rest (a 30 MB message per keystroke otherwise).
      if (name === 'many-lines.conf') {
        assert.equal(ofRule(p, 'invalid-line').length, 1000);
        assert.equal(p.diagnostics.length, 1001);
        const last = p.diagnostics[1000]!;
        assert.deepEqual([last.range.start.line, last.code, last.severity], [1000, undefined, 3]);
        assert.equal(last.message, '99,000 more problems in this file, not shown from here on: wgls shows the first 1,000 (`wgls check` lists them all).');
      }
      client.close(uri);
    }
    await client.ping();
  });

  test("setting a rule to 'off' removes its diagnostics; restoring it brings them back", async () => {
    const uri = testUri('config.conf');
    client.open(uri, WITH_JUNK);
    await client.waitForDiagnostics(uri, hasRule('invalid-line'));
    const pulls = client.configurationRequests.length;

    client.setConfiguration('wgls', { rules: { 'invalid-line': 'off' } });
    const off = await client.waitForDiagnostics(uri, lacksRule('invalid-line'));
    assert.equal(off.version, 1, 'same document version, republished');
    assert.ok(client.configurationRequests.length > pulls, 'the server pulled the new settings');

    client.setConfiguration('wgls', { rules: { 'invalid-line': 'warning' } });
    const warning = await client.waitForDiagnostics(uri, (p) => ofRule(p, 'invalid-line')[0]?.severity === 2);
    assert.equal(ofRule(warning, 'invalid-line').length, 1);

    client.setConfiguration('wgls', { rules: {} });
    const back = await client.waitForDiagnostics(uri, (p) => ofRule(p, 'invalid-line')[0]?.severity === 1);
    assert.equal(ofRule(back, 'invalid-line').length, 1);
    client.close(uri);
  });

  test('a suppression comment in the document removes the diagnostic', async () => {
    const uri = testUri('suppressed.conf');
    client.open(uri, WITH_JUNK);
    await client.waitForDiagnostics(uri, hasRule('invalid-line'));
    client.edit(uri, { start: { line: JUNK_LINE, character: 0 }, end: { line: JUNK_LINE, character: 0 } }, '# wgls-disable-next-line invalid-line\n');
    const p = await client.waitForDiagnostics(uri);
    assert.deepEqual(ofRule(p, 'invalid-line'), []);
    client.close(uri);
  });

  test('a # wgls-target comment switches the rules for its file; editing it switches them back', async () => {
    const uri = testUri('phone.conf');
    // A hook in [Interface] (wg-quick runs it, the Apple app refuses it) and, in the [Peer], a second
    // Endpoint (wg-quick takes the last one, the Apple app refuses the file): a per-peer result, which the
    // server keeps across edits, that must not outlive the target it was computed for.
    const phone = (target: string) =>
      `# wgls-target ${target}\n${VALID.replace('[Interface]\n', '[Interface]\nPostUp = logger up\nPostDown = logger down\n').replace('Endpoint = 198.51.100.1:51820', 'Endpoint = 198.51.100.1:51820\nEndpoint = 198.51.100.2:51820')}`;
    const severity = (p: PublishDiagnosticsParams, rule: string) => ofRule(p, rule).map((d) => d.severity);
    client.open(uri, phone('apple'));
    const apple = await client.waitForDiagnostics(uri);
    const postUp = phone('apple').split('\n').indexOf('PostUp = logger up');
    assert.deepEqual(ofRule(apple, 'key-not-supported-by-target').map((d) => d.range.start.line), [postUp, postUp + 1]);
    assert.deepEqual(severity(apple, 'duplicate-key'), [1]);
    // The id edited in place: the same lines and peers otherwise.
    client.edit(uri, { start: { line: 0, character: 14 }, end: { line: 0, character: 19 } }, 'wg-quick');
    const wgQuick = await client.waitForDiagnostics(uri);
    assert.deepEqual(ofRule(wgQuick, 'key-not-supported-by-target'), []);
    assert.deepEqual(severity(wgQuick, 'duplicate-key'), [2]);
    assert.deepEqual(ofRule(wgQuick, 'ignored-target-comment'), []);
    client.edit(uri, { start: { line: 0, character: 14 }, end: { line: 0, character: 22 } }, 'apple');
    assert.deepEqual(severity(await client.waitForDiagnostics(uri), 'duplicate-key'), [1]);
    client.edit(uri, { start: { line: 0, character: 14 }, end: { line: 0, character: 19 } }, 'andriod');
    const unknown = await client.waitForDiagnostics(uri);
    assert.deepEqual(ofRule(unknown, 'ignored-target-comment').map((d) => formatRange(d.range)), ['0:14-0:21']);
    assert.deepEqual(severity(unknown, 'duplicate-key'), [2], 'checked for the setting (wg-quick) again');
    client.close(uri);
  });

  test('didClose clears the diagnostics', async () => {
    const uri = testUri('closed.conf');
    client.open(uri, WITH_JUNK);
    await client.waitForDiagnostics(uri, hasRule('invalid-line'));
    client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
  });
});

describe('LSP server: other start-ups', () => {
  test('--node-ipc: initialize round trip, diagnostics and clean exit', async () => {
    const client = await LspClient.start({ transport: 'node-ipc' });
    try {
      assert.equal(client.initializeResult.serverInfo?.name, 'wgls');
      const uri = testUri('ipc.conf');
      client.open(uri, 'junk\n');
      const p = await client.waitForDiagnostics(uri);
      assert.deepEqual(codes(p), ['invalid-line']);
    } finally {
      assert.deepEqual(await client.shutdown(), { code: 0, signal: null });
    }
  });

  test('without workspace.configuration, settings pushed by didChangeConfiguration apply', async () => {
    const client = await LspClient.start({ pullConfiguration: false });
    try {
      const uri = testUri('push.conf');
      client.open(uri, 'junk\n');
      await client.waitForDiagnostics(uri, hasRule('invalid-line'));
      client.setConfiguration('wgls', { rules: { 'invalid-line': 'off' } });
      await client.waitForDiagnostics(uri, lacksRule('invalid-line'));
      assert.equal(client.configurationRequests.length, 0, 'never pulled');
    } finally {
      await client.shutdown();
    }
  });

  test('initializationOptions.settings apply from the first diagnostics', async () => {
    const client = await LspClient.start({ pullConfiguration: false, initializationOptions: { settings: { rules: { 'invalid-line': 'hint' } } } });
    try {
      const uri = testUri('init-options.conf');
      client.open(uri, 'junk\n');
      const p = await client.waitForDiagnostics(uri);
      assert.equal(ofRule(p, 'invalid-line')[0]?.severity, 4 /* Hint */);
    } finally {
      await client.shutdown();
    }
  });

  test('shutdown() ends a server that never answers', async () => {
    const client = await LspClient.start();
    client.child.kill('SIGSTOP');
    const exit = await client.shutdown(500);
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(client.hasExited, true);
    assert.deepEqual(await client.shutdown(), exit, 'a second call returns the same');
  });
});

describe('the first diagnostics of a session (settings review)', () => {
  test('a file opened right at start-up is published once the pulled settings are in, not first with the defaults', async () => {
    for (let run = 0; run < 3; run++) {
      const client = await LspClient.start({ configuration: { wgls: { rules: { 'mtu-too-high': 'off' } } } });
      try {
        const uri = testUri(`first-${run}.conf`);
        client.open(uri, '[Interface]\nPrivateKey = MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=\nAddress = 10.0.0.1/24\nMTU = 1500\n');
        const first = await client.waitForDiagnostics(uri, () => true);
        assert.deepEqual(first.diagnostics.map((d) => d.code), [], `run ${run}: the first publish`);
      } finally {
        await client.shutdown();
      }
    }
  });
});
