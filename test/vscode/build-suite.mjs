// Bundles the mocha suite that runs inside VS Code's extension host, for both runners
// (run-code-server.mjs, run-electron.mjs). `vscode` is provided by the extension host;
// mocha stays external and resolves from the project's node_modules.
//
// Every suite/**/*.test.ts is picked up: the generated module `wgls:vscode-test-files`
// lists them as lazy imports, so a new test file needs no registration anywhere.
import { build } from 'esbuild';
import { chmodSync, cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..', '..');
export const suiteDir = join(here, 'suite');
export const fixturesDir = join(here, 'fixtures');
export const suiteOutFile = join(root, '.vscode-test', 'suite', 'index.js');

/** Marker line the suite logs with its results; both runners look for it. */
export const RESULT_MARKER = 'wgls-vscode-result ';

function findTests(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const testFilesPlugin = {
  name: 'wgls-vscode-test-files',
  setup(b) {
    b.onResolve({ filter: /^wgls:vscode-test-files$/ }, () => ({ path: 'test-files', namespace: 'wgls-test-files' }));
    b.onLoad({ filter: /.*/, namespace: 'wgls-test-files' }, () => {
      const files = findTests(suiteDir).map((f) => './' + relative(suiteDir, f).split('\\').join('/'));
      const entries = files.map((f) => `  { name: ${JSON.stringify(f.slice(2))}, load: () => import(${JSON.stringify(f)}) },`);
      return { contents: `export const testFiles = [\n${entries.join('\n')}\n];\n`, resolveDir: suiteDir, loader: 'js' };
    });
  },
};

/** Builds the suite; returns the bundle's path. */
export async function buildSuite() {
  if (findTests(suiteDir).length === 0) throw new Error(`no *.test.ts under ${suiteDir}`);
  await build({
    entryPoints: [join(suiteDir, 'index.ts')],
    outfile: suiteOutFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    plugins: [testFilesPlugin],
    logLevel: 'warning',
  });
  return suiteOutFile;
}

/**
 * Fills `dir` (created if needed) with the workspace the suite expects: a copy of
 * test/vscode/fixtures plus the repository's examples/ as examples/. Tests may edit
 * it; tracked files are never touched. Config files get mode 600, as real ones have
 * (wg-quick and wgls warn about world-readable private keys).
 */
export function createWorkspace(dir) {
  cpSync(fixturesDir, dir, { recursive: true });
  cpSync(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
  const restrict = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) restrict(full);
      else if (entry.name.endsWith('.conf')) chmodSync(full, 0o600);
    }
  };
  restrict(dir);
  return dir;
}

/**
 * Parses the suite's result marker out of a log line; undefined for other lines.
 * @param {string} line
 * @returns {{ passed: number, failed: number, pending: number } | undefined}
 */
export function parseResultLine(line) {
  const at = line.indexOf(RESULT_MARKER);
  if (at < 0) return undefined;
  try {
    return JSON.parse(line.slice(at + RESULT_MARKER.length));
  } catch {
    return undefined;
  }
}

/**
 * A user-data folder whose settings keep the workbench quiet and deterministic (no welcome page, no git
 * scan, no update checks, no telemetry, no trust prompt); both runners use it. Returns its path.
 */
export function createUserData(dir) {
  mkdirSync(join(dir, 'User'), { recursive: true });
  writeFileSync(join(dir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'git.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
  }, null, 2));
  return dir;
}
