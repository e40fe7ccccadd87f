import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  LANGUAGE_ID,
  basename,
  diagnosticsFor,
  formatDiagnostics,
  insertLine,
  listFiles,
  nextDiagnosticsPublish,
  openFixture,
  replaceLine,
  resetEditors,
  waitForDiagnostics,
  waitForLanguage,
  waitForNoDiagnostics,
  workspaceUri,
} from './util.ts';

suite('diagnostics', () => {
  teardown(resetEditors);

  test('invalid-line appears on a bad line (exact range) and goes away when the line is fixed', async () => {
    const uri = workspaceUri('wg-edit.conf');
    const firstCheck = nextDiagnosticsPublish(uri);
    const doc = await openFixture('wg-edit.conf');
    assert.equal(doc.languageId, LANGUAGE_ID);
    // Only this rule: other rules (and new ones) may have opinions about the fixture.
    await firstCheck;
    assert.deepEqual(diagnosticsFor(uri, 'invalid-line'), [], 'the fixture must start without invalid lines');

    const line = 4;
    const bad = 'this is not a setting';
    await insertLine(doc, line, `  ${bad}   # oops`);
    const found = await waitForDiagnostics(uri, 'invalid-line');
    assert.equal(found.length, 1, formatDiagnostics(found));
    const [d] = found;
    assert.equal(d.source, 'wgls');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    // The range covers the text only: not the indentation, the trailing blanks or the comment.
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [line, 2, line, 2 + bad.length],
    );

    await replaceLine(doc, line, 'MTU = 1420');
    await waitForNoDiagnostics(uri, 'invalid-line');
  });

  test('a config saved as UTF-16 shows decoded, and the bom error says what wg will read', async () => {
    // Windows PowerShell's `>` writes UTF-16LE with a byte order mark; VS Code decodes it by the mark.
    const text = '[Interface]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\nAddress = 10.9.0.1/24\n';
    const uri = workspaceUri('utf16.conf');
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
    await vscode.workspace.fs.writeFile(uri, bytes);
    const doc = await openFixture('utf16.conf');
    await waitForLanguage(doc, LANGUAGE_ID);
    assert.equal(doc.getText(), text, 'VS Code decodes the file');
    const [d] = await waitForDiagnostics(uri, 'bom');
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d!.message, /^The file is saved as UTF-16 \(little-endian/);
    // Only the encoding: the text itself is a valid config.
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error).map((x) => (typeof x.code === 'object' ? x.code.value : x.code)), ['bom']);
    // (Not left in the workspace the other tests share.)
    await vscode.workspace.fs.delete(uri);
  });

  test('the examples get no error diagnostics', async function () {
    const files = await listFiles(workspaceUri('examples'), '.conf');
    assert.ok(files.length > 0, 'the runner copies examples/ into the workspace');
    this.timeout(10_000 + files.length * 5_000);

    const problems: string[] = [];
    for (const uri of files) {
      // Subscribe before opening: the first publish (even an empty one) is the verdict.
      const checked = nextDiagnosticsPublish(uri, { what: `the server to check ${basename(uri)}` });
      const doc = await openFixture(vscode.workspace.asRelativePath(uri, false), { show: false });
      await waitForLanguage(doc, LANGUAGE_ID);
      const errors = (await checked).filter((e) => e.severity === vscode.DiagnosticSeverity.Error);
      if (errors.length) problems.push(`${vscode.workspace.asRelativePath(uri, false)}: ${formatDiagnostics(errors)}`);
    }
    assert.deepEqual(problems, []);
  });
});
