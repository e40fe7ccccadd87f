// Prints the functions with the most self time in V8 .cpuprofile files (as written by
// `npm run bench -- --cpu-prof`): `node --import tsx bench/profile-top.ts [file|dir …] [--top=N]`.
// Default: the newest profile in bench/profiles/. For the full picture open the file in
// Chrome DevTools (Performance → Load profile) or VS Code.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../test/server/lsp-client.ts';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

const args = process.argv.slice(2);
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const given = args.filter((a) => !a.startsWith('--'));

function profiles(paths: readonly string[]): string[] {
  if (paths.length === 0) {
    const dir = join(REPO_ROOT, 'bench', 'profiles');
    const all = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
    all.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    return all.slice(0, 1);
  }
  return paths.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(p, f)) : [p]));
}

/** Bundle positions → source positions through the bundle's .map (esbuild writes one next to it). */
const maps = new Map<string, SourceMap | undefined>();
function original(url: string, line: number, column: number): string {
  const file = url.replace(/^file:\/\//, '');
  if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : undefined);
  const entry = maps.get(file)?.findEntry(line, column) as { originalSource?: string; originalLine?: number } | undefined;
  if (entry?.originalSource) return `${entry.originalSource.replace(/^(\.\.\/)+/, '')}:${entry.originalLine! + 1}`;
  return `${file.replace(REPO_ROOT + '/', '')}:${line + 1}`;
}

for (const file of profiles(given)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const f = byId.get(id)!.callFrame;
    const where = f.url ? original(f.url, f.lineNumber, f.columnNumber) : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  console.log(`${relative(process.cwd(), file)}: ${(total / 1000).toFixed(0)} ms sampled; top ${top} by self time`);
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, us] of rows) console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
  console.log('');
}
