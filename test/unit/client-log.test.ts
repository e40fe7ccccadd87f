// The client's output channel hides key-shaped text (client/src/log.ts): with the channel at log
// level Trace, vscode-languageclient writes every message there, documents' text included, and the
// channel is also a file in VS Code's logs folder. What the library writes is taken from its own
// formatting (a verbose trace of didOpen), into a channel that records what reaches it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { redacting } from '../../client/src/log.ts';
import { generateKeyPair, generatePresharedKey } from '../../server/src/core/keys.ts';

function recording() {
  const written: string[] = [];
  const record = (...args: unknown[]) => void written.push(args.map(String).join(' '));
  const channel = { name: 'WireGuard Language Server', logLevel: 1, append: record, appendLine: record, replace: record, trace: record, debug: record, info: record, warn: record, error: record, clear: () => written.splice(0), show() {}, hide() {}, dispose() {}, onDidChangeLogLevel: () => ({ dispose() {} }) };
  return { channel: channel as unknown as vscode.LogOutputChannel, written };
}

describe('client output channel: key-shaped text hidden', () => {
  const { privateKey } = generateKeyPair();
  const psk = generatePresharedKey();
  const text = `[Interface]\nPrivateKey = ${privateKey}\n\n[Peer]\nPresharedKey = ${psk}\n`;
  // As vscode-languageclient formats a verbose trace (Tracer: the params as indented JSON).
  const trace = `[Trace - 10:00:00 PM] Sending notification 'textDocument/didOpen'.\nParams: ${JSON.stringify({ textDocument: { uri: 'file:///etc/wireguard/wg0.conf', languageId: 'wireguard', version: 1, text } }, null, 4)}\n\n`;

  test('every writing method, every string argument', () => {
    const { channel, written } = recording();
    const log = redacting(channel);
    log.trace(trace);
    log.appendLine(`code action title: Generate ${privateKey}`);
    log.append(psk);
    log.info('a', privateKey);
    log.error(`failed: ${psk}`);
    assert.equal(written.length, 5);
    for (const w of written) {
      assert.ok(!w.includes(privateKey) && !w.includes(psk), w);
      assert.ok(w.includes('(key hidden)'), w);
    }
    assert.ok(written[0]!.includes("Sending notification 'textDocument/didOpen'") && written[0]!.includes('file:///etc/wireguard/wg0.conf'), 'the rest is kept');
  });

  test('a secret that is no key shape: split by a blank, cut short, in hex (secrets review)', () => {
    const split = `${privateKey.slice(0, 22)} ${privateKey.slice(22)}`;
    const short = psk.slice(0, 30);
    const hex = 'a'.repeat(20) + '0123456789abcdef'.repeat(3);
    const doc = `[Interface]\nPrivateKey = ${split}\nPrivteKey=${hex} # old\n\n[Peer]\nPresharedKey = ${short}\nAllowedIPs = 10.0.0.2/32\n`;
    const { channel, written } = recording();
    redacting(channel).trace(`Params: ${JSON.stringify({ textDocument: { text: doc } }, null, 4)}`);
    const w = written[0]!;
    for (const secret of [privateKey.slice(0, 22), privateKey.slice(22), short, hex]) assert.ok(!w.includes(secret), w);
    // The rest of each line stays: names, comments, other values.
    assert.match(w, /PrivateKey = \(key hidden\)\\nPrivteKey=\(key hidden\) # old\\n/);
    assert.ok(w.includes('AllowedIPs = 10.0.0.2/32'), w);
  });

  test('a second audit: a key split by a tab, names in capitals, a quoted value (the trace escapes them)', () => {
    const key = generatePresharedKey();
    const doc = `[Interface]\nPrivateKey = ${key.slice(0, 20)}\t${key.slice(20)}\nPRIVATEKEY = ${key.slice(0, 30)}\nHeaderProtectionKey = "${key.slice(5, 35)}"\nPrivkey = ${key.slice(10, 40)}\n`;
    const { channel, written } = recording();
    redacting(channel).trace(`Params: ${JSON.stringify({ textDocument: { text: doc } })}`);
    for (let i = 0; i + 12 <= key.length; i++) assert.ok(!written[0]!.includes(key.slice(i, i + 12)), `${key.slice(i, i + 12)} in ${written[0]}`);
  });

  test('a key typed a character at a time: the text of traced edits is not shown (client review)', () => {
    const key = generateKeyPair().privateKey;
    const { channel, written } = recording();
    const log = redacting(channel);
    // Each keystroke as the library traces it: text format (message, then the params as indented
    // JSON) and JSON format (the whole trace object on one line); then a pasted secret of no key shape.
    const pieces = [...key.split(''), 'hunter2-correct-horse-battery'];
    pieces.forEach((ch, i) => {
      const params = { textDocument: { uri: 'file:///etc/wireguard/wg0.conf', version: i + 2 }, contentChanges: [{ range: { start: { line: 1, character: 13 + i }, end: { line: 1, character: 13 + i } }, rangeLength: 0, text: ch }] };
      log.trace(`Sending notification 'textDocument/didChange'.\nParams: ${JSON.stringify(params, null, 4)}`);
      log.trace(JSON.stringify({ isLSPMessage: true, type: 'send-notification', message: { jsonrpc: '2.0', method: 'textDocument/didChange', params }, timestamp: 1 }));
    });
    assert.equal(written.length, pieces.length * 2);
    for (const w of written) {
      assert.doesNotMatch(w, /"text"\s*:\s*"(?!\(edit text hidden\)")/, w);
      assert.match(w, /"text"\s*:\s*"\(edit text hidden\)"/);
      assert.ok(w.includes('"line": 1') || w.includes('"line":1'), 'positions stay: the trace still says where each edit went');
    }
    assert.ok(!written.join('').includes('hunter2'));
    // A pasted file of megabytes, terminated or cut off: hidden, and no stack overflow (a regex over it had one).
    const huge = 'k'.repeat(20_000_000);
    const { channel: c3, written: w3 } = recording();
    redacting(c3).trace(`Sending notification 'textDocument/didChange'.\nParams: {"contentChanges": [{"text": "${huge}"}]}`);
    redacting(c3).trace(`Sending notification 'textDocument/didChange'.\nParams: {"contentChanges": [{"text": "${huge}`);
    assert.deepEqual(w3.map((w) => w.length < 200 && w.includes('"(edit text hidden)"')), [true, true]);
    // Other messages keep their text members (a hover's contents, a didOpen redacted by content).
    const { channel: c2, written: w2 } = recording();
    redacting(c2).trace(`Received response 'textDocument/hover - (3)' in 2ms.\nResult: ${JSON.stringify({ contents: { kind: 'markdown', value: 'x' }, text: 'ListenPort' })}`);
    assert.ok(w2[0]!.includes('"text":"ListenPort"'), w2[0]);
  });

  test('other members pass through to the channel', () => {
    const { channel, written } = recording();
    const log = redacting(channel);
    assert.equal(log.name, 'WireGuard Language Server');
    assert.equal(log.logLevel, 1);
    log.appendLine('x');
    log.clear();
    assert.deepEqual(written, []);
    assert.equal(typeof log.onDidChangeLogLevel(() => undefined).dispose, 'function');
  });
});

describe('client output channel: secrets a line alone does not show (secrets review)', () => {
  const { privateKey } = generateKeyPair();
  const psk = generatePresharedKey();
  const traced = (text: string) => `[Trace - 10:00:00 PM] Sending notification 'textDocument/didOpen'.\nParams: ${JSON.stringify({ textDocument: { uri: 'file:///etc/wireguard/wg0.conf', languageId: 'wireguard', version: 1, text } }, null, 4)}\n\n`;
  const written = (text: string) => {
    const { channel, written } = recording();
    redacting(channel).trace(traced(text));
    return written.join('\n');
  };
  for (const eol of ['\n', '\r\n']) {
    test(`a key wrapped onto the next lines${eol === '\r\n' ? ' (CRLF)' : ''}: no piece of it`, () => {
      for (const cuts of [[33], [38], [6], [15, 30], [10, 22, 36]]) {
        const pieces = (k: string) => [0, ...cuts].map((c, i, all) => k.slice(c, all[i + 1] ?? k.length));
        const text = ['[Interface]', `PrivateKey = ${pieces(privateKey)[0]}`, ...pieces(privateKey).slice(1), 'Address = 10.0.0.1/24', '', '[Peer]', `PresharedKey = ${pieces(psk)[0]}`, ...pieces(psk).slice(1), 'AllowedIPs = 10.0.0.2/32', ''].join(eol);
        const out = written(text);
        for (const p of [...pieces(privateKey), ...pieces(psk)]) if (p.replace(/=$/, '').length >= 5) assert.ok(!out.includes(p.replace(/=$/, '')), `cuts ${cuts}: "${p}" in ${out}`);
        assert.ok(out.includes('Address = 10.0.0.1/24') && out.includes('AllowedIPs = 10.0.0.2/32'), out);
      }
    });
  }
  test('a key wrapped below a secret\'s name with a colon or without "=" (diff review)', () => {
    for (const head of ['PrivateKey: ', 'PrivateKey ', 'Private Key ']) {
      const out = written(`[Interface]\n${head}${privateKey.slice(0, 34)}\n${privateKey.slice(34)}\nAddress = 10.0.0.1/24\n`);
      assert.ok(!out.includes(privateKey.slice(34, 43)), `${head}: ${out}`);
      assert.ok(out.includes('Address = 10.0.0.1/24'), out);
    }
  });
  test('a secret\'s name without "=" (`PrivateKey K…`, `PrivateKey: hunter2`), as the editor\'s privacy spans read it', () => {
    for (const line of [`PrivateKey ${privateKey.slice(0, 18)}`, 'PrivateKey hunter2-Secret!', `PresharedKey: ${psk.slice(0, 30)}`, `Private Key ${privateKey.slice(5, 25)}`]) {
      const out = written(`[Interface]\n${line}\nAddress = 10.0.0.1/24\n`);
      const secret = line.replace(/^(Private Key|PrivateKey|PresharedKey):? /, '');
      assert.ok(!out.includes(secret), `${line}: ${out}`);
      assert.ok(out.includes('Address = 10.0.0.1/24'), out);
    }
  });
});

describe('client output channel: messages that start with a secret\'s name are kept (diff review)', () => {
  test('a traced publishDiagnostics keeps "PrivateKey is all zeros…"', () => {
    const { channel, written } = recording();
    const message = 'PrivateKey is all zeros: a placeholder, not a real key.';
    const params = { uri: 'file:///etc/wireguard/wg0.conf', diagnostics: [{ message, code: 'invalid-key' }] };
    redacting(channel).trace(`[Trace - 10:00:00 PM] Received notification 'textDocument/publishDiagnostics'.\nParams: ${JSON.stringify(params, null, 4)}\n\n`);
    redacting(channel).trace(`Params: ${JSON.stringify(params)}`);
    for (const w of written) assert.ok(w.includes(message), w);
  });
});
