// Runs test/vscode/suite in desktop VS Code through @vscode/test-electron, the
// ecosystem's standard runner. It downloads VS Code on first use, so it needs internet
// access (our CI machines have none: they use run-code-server.mjs, same suite).
//
//   npm run build && npm run test:electron
//   WGLS_VSCODE_VERSION=1.100.3   VS Code to download (default: stable)
//   WGLS_VSCODE_GREP=diagnostics  only matching tests
//   WGLS_VSCODE_BUILD_ONLY=1      only bundle the suite (checks it compiles; no download)
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildSuite, createUserData, createWorkspace, parseResultLine, root } from './build-suite.mjs';

const log = (msg) => console.log(`[test:electron] ${msg}`);

const suite = await buildSuite();
log(`suite built: ${suite}`);
if (process.env.WGLS_VSCODE_BUILD_ONLY) process.exit(0);

for (const f of ['dist/client.js', 'dist/server.js']) {
  if (!existsSync(join(root, f))) {
    console.error(`[test:electron] ${f} is missing: run npm run build first`);
    process.exit(1);
  }
}

// A temporary copy of the fixtures (+ examples/) as the workspace: tests may edit it.
const tmp = mkdtempSync(join(tmpdir(), 'wgls-electron-'));
const cleanup = () => rmSync(tmp, { recursive: true, force: true });
process.on('exit', cleanup);
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) process.once(signal, () => process.exit(code));

const workspace = join(tmp, 'workspace');
createWorkspace(workspace);
const userData = createUserData(join(tmp, 'user-data'));

// Pass VS Code's output through while picking up the suite's result line.
let result;
let partial = '';
const stdout = new Writable({
  write(chunk, _encoding, done) {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      const parsed = parseResultLine(line);
      if (parsed) result = parsed;
      else process.stdout.write(line + '\n');
    }
    done();
  },
});

let code;
try {
  code = await runTests({
    ...(process.env.WGLS_VSCODE_VERSION ? { version: process.env.WGLS_VSCODE_VERSION } : {}),
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    extensionTestsEnv: process.env.WGLS_VSCODE_GREP ? { WGLS_VSCODE_GREP: process.env.WGLS_VSCODE_GREP } : {},
    stdout,
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions; the one under test still loads
      '--disable-workspace-trust',
      `--user-data-dir=${userData}`,
      `--extensions-dir=${join(tmp, 'extensions')}`,
    ],
  });
} catch (err) {
  // runTests rejects (TestRunFailedError) when VS Code exits non-zero or cannot start.
  console.error(`[test:electron] FAILED: ${err?.message ?? err}`);
  code = typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
}
if (partial) process.stdout.write(partial + '\n');
if (!result && code === 0) code = 1; // the suite never reported: it did not run
const pending = result?.pending ? `, ${result.pending} pending` : '';
console.log(`${result?.passed ?? 0} passed, ${result?.failed ?? 0} failed${pending}`);
process.exit(code);
