// Runs the server bundle under the V8 CPU profiler (NODE_OPTIONS may not carry --cpu-prof):
//   node bench/profile-server.mjs --stdio   with WGLS_BENCH_SERVER=<bundle> WGLS_BENCH_PROFILE_DIR=<dir>
// Started by `npm run bench -- --cpu-prof`; writes <dir>/server-<pid>.cpuprofile when the server exits.
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const bundle = process.env.WGLS_BENCH_SERVER;
const dir = process.env.WGLS_BENCH_PROFILE_DIR;
if (!bundle || !dir) throw new Error('profile-server.mjs needs WGLS_BENCH_SERVER and WGLS_BENCH_PROFILE_DIR');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
session.post('Profiler.start');
process.on('exit', () => {
  // The main-thread session answers synchronously, so this completes inside the exit handler.
  session.post('Profiler.stop', (err, result) => {
    if (err) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
await import(pathToFileURL(resolve(bundle)).href);
