// Bundles the three entry points with esbuild. One bundle per process keeps the
// .vsix small (no node_modules shipped) and start-up fast (one file to load).
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Keep the output deterministic and readable in stack traces.
  minify: !watch && process.env.WGLS_MINIFY === '1',
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' }),
  build({
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
// Runnable as `./dist/cli.js` (its #! line), as package.json's bin says (CLI review: Permission denied).
chmodSync('dist/cli.js', 0o755);
