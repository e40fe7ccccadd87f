// Runs node's own test runner over every *.test.ts below the given folders.
// (Node 20's --test takes no globs, and sh has no recursive **.)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const find = (dir, out = []) => {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) find(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
};

// `--needs FILE`: a prerequisite (the built server for the LSP tests). Missing: with CI set the run
// fails; elsewhere the suite is skipped, saying why.
const args = process.argv.slice(2);
const needs = [];
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--needs') needs.push(args[++i]);
  else dirs.push(args[i]);
}
const missing = needs.filter((f) => !existsSync(f));
if (missing.length) {
  const why = `${missing.join(', ')} missing: run npm run build first`;
  if (process.env.CI && !/^(0|false)$/i.test(process.env.CI)) {
    console.error(`run-tests: ${why}`);
    process.exit(1);
  }
  console.log(`run-tests: skipped ${dirs.join(', ')}: ${why}`);
  process.exit(0);
}
const files = dirs.flatMap((d) => find(d));
if (files.length === 0) {
  console.error(`run-tests: no *.test.ts under ${dirs.join(', ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
