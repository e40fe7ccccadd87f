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
