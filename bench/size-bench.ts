// What users download: the bundles in dist/ and the packaged .vsix (built offline by vsce).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/server/lsp-client.ts';
import type { BenchContext } from './context.ts';
import type { Row } from './report.ts';

export async function sizeBench(ctx: BenchContext): Promise<Row[]> {
  const group = 'size';
  const dist = join(REPO_ROOT, 'dist');
  const rows: Row[] = [];
  if (!existsSync(dist)) return [{ group, name: 'dist/', unit: 'bytes', value: NaN, note: 'no dist/: run `npm run build`' }];
  const files = readdirSync(dist).filter((f) => statSync(join(dist, f)).isFile());
  const bytes = (names: string[]) => names.reduce((sum, f) => sum + statSync(join(dist, f)).size, 0);
  const bundles = files.filter((f) => f.endsWith('.js'));
  rows.push({ group, name: `dist/*.js (${bundles.join(', ')})`, unit: 'bytes', value: bytes(bundles) });
  rows.push({ group, name: 'dist/*.js.map (not shipped)', unit: 'bytes', value: bytes(files.filter((f) => f.endsWith('.js.map'))) });

  ctx.progress('size: vsce package');
  const out = mkdtempSync(join(tmpdir(), 'wgls-bench-vsix-'));
  const vsix = join(out, 'wgls.vsix');
  try {
    // README links are relative and the repository is not on GitHub, so vsce needs a base URL to
    // rewrite them (`npm run package` fails without one): take it from package.json. Size unaffected.
    const repo = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { repository?: { url?: string } }).repository?.url?.replace(/\.git$/, '');
    const base = repo ? ['--baseContentUrl', repo, '--baseImagesUrl', repo] : [];
    const r = spawnSync('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--readme-path', 'docs/extension.md', ...base, '-o', vsix], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 });
    if (r.status === 0 && existsSync(vsix)) {
      rows.push({ group, name: '.vsix (vsce package --no-dependencies)', unit: 'bytes', value: statSync(vsix).size, target: { on: 'value', max: 1024 * 1024 }, note: `target 1 MB = 1,048,576 bytes${base.length ? `; packaged with --baseContentUrl ${repo} (plain vsce package fails: relative README links, repository not on GitHub)` : ''}` });
    } else {
      const why = (r.error?.message ?? (r.stderr || r.stdout)).split('\n').filter((l) => l.trim() && !l.startsWith('npm warn')).slice(-3).join(' / ');
      rows.push({ group, name: '.vsix (vsce package --no-dependencies)', unit: 'bytes', value: NaN, target: { on: 'value', max: 1024 * 1024 }, note: `vsce failed (exit ${r.status}): ${why}` });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return rows;
}
