import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, LANGUAGE_ID, nextDiagnosticsPublish, openFixture, resetEditors, waitFor, workspaceUri } from './util.ts';

suite('activation', () => {
  teardown(resetEditors);

  test('opening wg0.conf activates the extension and starts the language server', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);

    const published = nextDiagnosticsPublish(workspaceUri('wg0.conf'), { timeout: 45_000, what: 'the server to check wg0.conf' });
    const doc = await openFixture('wg0.conf');
    assert.equal(doc.languageId, LANGUAGE_ID, 'wg*.conf is WireGuard by its file name');
    await waitFor(() => ext.isActive, { timeout: 45_000, what: `${EXTENSION_ID} to activate` });
    // A publish (empty for this clean file) proves the client really talks to the server.
    assert.deepEqual(await published, []);
  });

  test('WireGuard: Restart Language Server brings up a server that checks again', async () => {
    const doc = await openFixture('wg0.conf');
    await waitFor(() => vscode.extensions.getExtension(EXTENSION_ID)?.isActive, { what: `${EXTENSION_ID} to activate` });
    // The new server checks the open document when the client re-sends it.
    const published = nextDiagnosticsPublish(doc.uri, { timeout: 45_000, what: 'the restarted server to check wg0.conf' });
    await vscode.commands.executeCommand('wgls.restartServer');
    assert.deepEqual(await published, []);
  });
});
