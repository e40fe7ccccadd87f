// Secrets over JSON-RPC, one server for the file. wgls.server.secretSpans: where an open document's
// secrets are, as the server sees them, for the client's privacy decorations (the server knows what one
// document alone cannot: another config's PrivateKey pasted here as a PublicKey is a secret too). And
// keys in a command's arguments never come back in its error answer.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair } from '../../server/src/core/keys.ts';
import { LspClient, testUri } from './lsp-client.ts';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client?.shutdown();
});

describe('wgls.server.secretSpans', () => {
  const spans = (uri: string) => client.request<{ version: number; spans: { line: number; start: number; end: number }[] }>('workspace/executeCommand', { command: 'wgls.server.secretSpans', arguments: [{ uri }] });

  test("its own secrets, and another config's private key pasted as a PublicKey", async () => {
    const alpha = generateKeyPair();
    const beta = generateKeyPair();
    const psk = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
    const a = testUri('alpha-secrets.conf');
    const b = testUri('beta-secrets.conf');
    client.open(a, `[Interface]\nPrivateKey = ${alpha.privateKey}\nListenPort = 51820\n`);
    const bText = `[Interface]\nPrivateKey = ${beta.privateKey}\n\n[Peer]\nPublicKey = ${alpha.privateKey}\nPresharedKey = ${psk}\nAllowedIPs = 10.0.0.1/32\n`;
    client.open(b, bText);
    await client.waitForDiagnostics(b, (p) => p.diagnostics.some((d) => d.code === 'key-reuse'));
    const answer = await spans(b);
    assert.equal(answer.version, client.document(b).version);
    const valueAt = (line: number) => ({ line, start: bText.split('\n')[line]!.indexOf('= ') + 2, end: bText.split('\n')[line]!.length });
    assert.deepEqual(answer.spans, [valueAt(1), valueAt(4), valueAt(5)], 'PrivateKey, the pasted private key, PresharedKey');
    // The answer carries positions only, never a key.
    assert.ok(!JSON.stringify(answer).includes(alpha.privateKey.slice(0, 10)));

    // Alone (the other config closed and not on disk), the PublicKey is an ordinary key again.
    client.close(a);
    await client.waitForDiagnostics(b, (p) => !p.diagnostics.some((d) => d.code === 'key-reuse'));
    assert.deepEqual((await spans(b)).spans, [valueAt(1), valueAt(5)]);
  });

  test('a document the server does not have open is refused', async () => {
    await assert.rejects(spans(testUri('nowhere.conf')), /not an open WireGuard document/);
    await assert.rejects(spans(42 as unknown as string), /not an open WireGuard document/);
  });
});

describe('keys in a command argument stay out of the error answer', () => {
  test('a key in a file URI, raw or percent-encoded, is hidden for every command that names the URI (server review)', async () => {
    // A key with "+" and "=" (percent-encoded by a client) and one without: both came back whole or in part.
    const keys = ['WAeRiC8hrFJYzst5kV+PeQ4nL8jf+coEHAInpr8z0HI=', generateKeyPair().privateKey.replace(/[+/]/g, 'A')];
    for (const key of keys) {
      for (const uri of [`file:///tmp/${key}`, `file:///tmp/${encodeURIComponent(key)}`]) {
        for (const command of ['wgls.server.addPeer', 'wgls.server.addPeerDefaults', 'wgls.server.fileTarget', 'wgls.server.setTarget', 'wgls.server.secretSpans']) {
          const err = await client.request('workspace/executeCommand', { command, arguments: [{ uri, name: 'phone', target: 'android' }] }).then(
            () => undefined,
            (e: Error) => e,
          );
          assert.ok(err, `${command} ${uri}: refused`);
          for (let i = 0; i + 8 <= key.length; i += 4) assert.ok(!err.message.includes(key.slice(i, i + 8)), `${command} ${uri}: ${err.message}`);
        }
        // An action run as a command (a client that does not resolve): refused with a message, not an error.
        const seen = client.messageRequests.length;
        const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
        const data = { wgls: 'fix', uri, version: 1, rule: 'invalid-key', range, title: 'Fix it' };
        assert.deepEqual(await client.request('workspace/executeCommand', { command: 'wgls.server.applyAction', arguments: [{ title: 'Fix it', data }] }), { applied: false });
        const told = client.messageRequests.slice(seen).map((m) => m.message).join('\n');
        assert.match(told, /"Fix it" was not applied: .* is no longer open/);
        for (let i = 0; i + 8 <= key.length; i += 4) assert.ok(!told.includes(key.slice(i, i + 8)), `applyAction ${uri}: ${told}`);
      }
    }
  });
});
