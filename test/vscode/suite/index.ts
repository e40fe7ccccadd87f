// Entry point the extension host loads (extensionTestsPath): runs every *.test.ts in
// this folder with mocha (tdd UI: suite/test/setup/teardown), inside a real VS Code.
// Throwing from run() is how a failed run reaches the runner's exit code.

import Mocha from 'mocha';
import { testFiles } from 'wgls:vscode-test-files';

/** Keep in step with RESULT_MARKER in ../build-suite.mjs: the runners parse this line. */
const RESULT_MARKER = 'wgls-vscode-result ';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    // Generous: an upper bound, not a wait. The first test also pays for the
    // extension's and the server's start-up, on machines that may be very busy.
    timeout: 60_000,
    ...(process.env.WGLS_VSCODE_GREP ? { grep: process.env.WGLS_VSCODE_GREP } : {}),
  });
  // The test files are bundled, so mocha cannot require() them: give them the tdd
  // globals first, then evaluate each one (their top level registers the suites).
  mocha.suite.emit('pre-require', globalThis, 'wgls-vscode-suite', mocha);
  for (const file of testFiles) {
    try {
      await file.load();
    } catch (err) {
      // A file that fails to load is a failed test, not a silently smaller suite.
      mocha.suite.addTest(new Mocha.Test(`load ${file.name}`, () => { throw err; }));
    }
  }

  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 1, pending: 0 } as Mocha.Stats));
  });
  console.log(RESULT_MARKER + JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending }));
  if (stats.failures > 0) throw new Error(`${stats.failures} test(s) failed`);
}
