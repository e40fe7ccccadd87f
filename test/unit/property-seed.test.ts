// README promises: the property tests draw a fixed fast-check seed under CI, a new one elsewhere, and
// WGLS_PROPERTY_SEED replays one. The seed module in a child process per environment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const MODULE = join(__dirname, 'property-seed.ts');

function seedWith(env: Record<string, string | undefined>): unknown {
  // (Asked through the module's own fast-check: an import from here may load another copy of it. An eval'd
  // script gets the .ts module as CommonJS, its exports under `default`.)
  const script = `const m = await import(${JSON.stringify(MODULE)}); const seed = (m.configuredSeed ?? m.default.configuredSeed)(); console.log(JSON.stringify(seed ?? null));`;
  const base = { ...process.env };
  delete base.CI;
  delete base.WGLS_PROPERTY_SEED;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...base, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim());
}

test('property tests: a fixed seed under CI, none set elsewhere (a new draw per run), WGLS_PROPERTY_SEED replays', () => {
  assert.equal(seedWith({ CI: 'true' }), 20261205);
  assert.equal(seedWith({}), null);
  assert.equal(seedWith({ CI: 'false' }), null);
  assert.equal(seedWith({ CI: 'true', WGLS_PROPERTY_SEED: '42' }), 42);
});
