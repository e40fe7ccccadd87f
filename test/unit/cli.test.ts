// `wgls check` as CI runs it: the built CLI (dist/cli.js) in real processes, on real files in a
// temporary folder. Exit statuses, the three output formats (positions, rule ids), the search of
// folders by content, one workspace vs --isolated, secrets kept out of the output, and --fix /
// --fix-dry-run: what is written, what is not, and how (mode, symlinks, BOM, CRLF, other bytes).

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generatePrivateKey, publicKeyOf } from '../../server/src/core/keys.ts';
import { applyTextEdits } from '../../server/src/core/edits/apply.ts';
import { unifiedDiff, writeFixed } from '../../server/src/cli/fix.ts';
import { formatGithub, screenWidth } from '../../server/src/cli/format.ts';

const REPO = resolve(__dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const built = existsSync(CLI);
const CI = !!process.env.CI && !/^(0|false)$/i.test(process.env.CI);
if (!built && CI) throw new Error(`${CLI} is missing: npm run build before the unit tests`);
const needsCli = built ? {} : { skip: `${CLI} not built (npm run build)` };
// Another user's file: root runs the CLI as `nobody` (util-linux runuser), who must reach the CLI.
const canRunAsNobody = process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', `require('node:fs').accessSync(${JSON.stringify(CLI)}, 4)`]).status === 0;
const asNobody = canRunAsNobody || CI ? {} : { skip: 'needs root, runuser and a CLI path that user nobody can read' };

const HUB_KEY = generatePrivateKey();
const PHONE_KEY = generatePrivateKey();

function hub(peerAllowed = '10.0.0.2/32'): string {
  return ['[Interface]', `PrivateKey = ${HUB_KEY}`, 'Address = 10.0.0.1/24', 'ListenPort = 51820', '', '[Peer]', `PublicKey = ${publicKeyOf(PHONE_KEY)}`, `AllowedIPs = ${peerAllowed}`, ''].join('\n');
}

function phone(): string {
  return ['[Interface]', `PrivateKey = ${PHONE_KEY}`, 'Address = 10.0.0.2/32', '', '[Peer]', `PublicKey = ${publicKeyOf(HUB_KEY)}`, 'AllowedIPs = 10.0.0.0/24', 'Endpoint = hub.example.com:51820', 'PersistentKeepalive = 25', ''].join('\n');
}

/** Folders made by the tests (their configs hold private keys): removed at the end. */
const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wgls-cli-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text, { mode: 0o600 });
  }
  return dir;
}

interface Row {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

function wgls(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], cwd: string): { status: number | null; rows: Row[]; stderr: string } {
  const r = wgls(['check', '--format', 'json', ...args], cwd);
  return { status: r.status, rows: JSON.parse(r.stdout) as Row[], stderr: r.stderr };
}

describe('wgls check', () => {
  test('exit 0 on clean configs, 1 with an error, 2 for usage and I/O problems', needsCli, () => {
    const dir = folder({ 'hub.conf': hub(), 'phone.conf': phone(), 'broken.conf': hub('10.0.0.300/32') });
    assert.equal(wgls(['check', 'hub.conf', 'phone.conf'], dir).status, 0);
    assert.equal(wgls(['check', 'broken.conf'], dir).status, 1);
    for (const args of [['check'], ['check', 'missing.conf'], ['check', '--format', 'xml', 'hub.conf'], ['check', '--target', 'bsd', 'hub.conf'], ['check', '--bogus', 'hub.conf'], ['check', '--fix=false', 'hub.conf'], ['check', '--isolated=no', 'hub.conf'], ['frobnicate']]) {
      const r = wgls(args, dir);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /^wgls: /);
    }
    // After `--`, a name that starts with '-' is a file.
    writeFileSync(join(dir, '-x.conf'), phone(), { mode: 0o600 });
    assert.equal(wgls(['check', '--', '-x.conf', 'hub.conf'], dir).status, 0);
    assert.equal(wgls(['check', '-x.conf'], dir).status, 2);
    const help = wgls(['check', '--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage:/);
  });

  test('genkey, genpsk, pubkey take no arguments; --version; a read error is one line (CLI review)', needsCli, () => {
    const dir = folder({});
    for (const command of ['genkey', 'genpsk', 'pubkey']) {
      const r = wgls([command, 'extra'], dir);
      assert.equal(r.status, 2, command);
      assert.match(r.stderr, new RegExp(`^wgls: ${command} takes no arguments`));
      const help = wgls([command, '--help'], dir);
      assert.equal(help.status, 0);
      assert.match(help.stdout, /^Usage:/, 'help, not a key');
    }
    assert.match(wgls(['--version'], dir).stdout, /^wgls \d+\.\d+\.\d+\n$/);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" pubkey < "${dir}"`], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'wgls pubkey: cannot read standard input (EISDIR)\n');
    assert.match(wgls(['check', '-'], dir).stderr, /reading standard input is not supported/);
  });

  test('a folder without any config is an I/O problem (exit 2), not a pass with "0 file(s) checked"', needsCli, () => {
    const dir = folder({ 'hub.conf': hub(), 'docs/nginx.conf': 'server {\n  listen 80;\n}\n' });
    const r = wgls(['check', 'docs'], dir);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^wgls: docs: no WireGuard config found/);
    // Next to a folder that has one, still said (a typo in one of several paths).
    assert.equal(wgls(['check', '.', 'docs'], dir).status, 2);
    assert.equal(wgls(['check', '.'], dir).status, 0);
  });

  test('a UTF-16 config in a folder is checked, decoded, with one bom error (CLI review: skipped as binary, exit 0)', needsCli, () => {
    const dir = folder({ 'hub.conf': hub() });
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(phone(), 'utf16le')]);
    writeFileSync(join(dir, 'phone.conf'), utf16le, { mode: 0o600 });
    const { status, rows } = json(['.'], dir);
    assert.equal(status, 1);
    // One problem: the encoding; the text itself is the clean phone config (and the hub sees it as its peer).
    assert.deepEqual(rows.map((r) => [r.file, r.code, r.range.start.line, r.range.start.character]), [['phone.conf', 'bom', 0, 0]]);
    assert.match(rows[0]!.message, /^The file is saved as UTF-16 \(little-endian/);
    // The Windows app decodes UTF-16 itself; big-endian is found too.
    assert.equal(json(['--target', 'windows', '.'], dir).status, 0);
    writeFileSync(join(dir, 'phone.conf'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(phone(), 'utf16le').swap16()]), { mode: 0o600 });
    assert.match(json(['.'], dir).rows[0]!.message, /big-endian/);
    // --fix does not write it back as UTF-8 (a change of encoding is the user's): an I/O problem that says so.
    const messy = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(phone().replace('PrivateKey', 'privatekey'), 'utf16le')]);
    writeFileSync(join(dir, 'phone.conf'), messy, { mode: 0o600 });
    const r = wgls(['check', '--fix', 'phone.conf'], dir);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /phone\.conf: UTF-16 \(save it as UTF-8 first\), so not fixed \(1 fixable problem\(s\)\)/);
    assert.deepEqual(readFileSync(join(dir, 'phone.conf')), messy);
  });

  test('--format json: one array of {file, range, severity, code, message}, 0-based positions', needsCli, () => {
    const dir = folder({ 'broken.conf': hub('10.0.0.300/32, 10.0.0.2/32') });
    const { status, rows } = json(['broken.conf'], dir);
    assert.equal(status, 1);
    const bad = rows.find((r) => r.code === 'invalid-allowed-ip');
    assert.ok(bad, JSON.stringify(rows));
    assert.deepEqual(Object.keys(bad).sort(), ['code', 'file', 'message', 'range', 'severity']);
    assert.equal(bad.file, 'broken.conf');
    assert.equal(bad.severity, 'error');
    // Line 7 is `AllowedIPs = 10.0.0.300/32, 10.0.0.2/32`: the bad item only.
    assert.deepEqual(bad.range, { start: { line: 7, character: 13 }, end: { line: 7, character: 26 } });
  });

  test('text: file:line:col: severity code: message, the line with the span underlined', needsCli, () => {
    const dir = folder({ 'broken.conf': hub('10.0.0.300/32') });
    const r = wgls(['check', 'broken.conf'], dir);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('broken.conf:8:14: error invalid-allowed-ip: '));
    assert.ok(at >= 0, r.stdout);
    assert.equal(lines[at + 1], '  AllowedIPs = 10.0.0.300/32');
    assert.equal(lines[at + 2], `  ${' '.repeat(13)}${'^'.repeat(13)}`);
    assert.match(r.stdout, /1 file\(s\) checked: 1 error\(s\), 0 warning\(s\)/);
  });

  test('--format sarif: 2.1.0 with the rule, 1-based region', needsCli, () => {
    const dir = folder({ 'broken.conf': hub('10.0.0.300/32') });
    const r = wgls(['check', '--format', 'sarif', 'broken.conf'], dir);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'invalid-allowed-ip');
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 8, startColumn: 14, endLine: 8, endColumn: 27 });
    assert.ok(sarif.runs[0].tool.driver.rules.some((x: { id: string }) => x.id === 'invalid-allowed-ip'));
  });

  // CLI review: columns are UTF-16 code units and lines split at a lone CR too, as the engine counts
  // them; SARIF's defaults (code points; CRLF and LF) put such results elsewhere unless the run says so.
  test('--format sarif: the run names its column unit and line breaks', needsCli, () => {
    const dir = folder({ 'wg0.conf': '[Interface]\nDNS = \u{1F600}.example, 1.2.3.4.5\n', 'wg1.conf': '[Interface]\rMTU = abc\r' });
    const run = JSON.parse(wgls(['check', '--isolated', '--format', 'sarif', 'wg0.conf', 'wg1.conf'], dir).stdout).runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.newlineSequences, ['\r\n', '\n', '\r']);
    const regions = (file: string, rule: string) =>
      run.results
        .filter((x: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.ruleId === rule && x.locations[0]!.physicalLocation.artifactLocation.uri === file)
        .map((x: { locations: Array<{ physicalLocation: { region: unknown } }> }) => x.locations[0]!.physicalLocation.region);
    // `1.2.3.4.5` after the emoji (two code units) and `.example, `.
    assert.deepEqual(regions('wg0.conf', 'invalid-dns').at(-1), { startLine: 2, startColumn: 19, endLine: 2, endColumn: 28 });
    assert.deepEqual(regions('wg1.conf', 'invalid-mtu').map((r: { startLine: number }) => r.startLine), [2]);
  });

  test('--format sarif: file URIs percent-encoded against %SRCROOT%, absolute help URIs, a failed read marks the run', needsCli, () => {
    const dir = folder({ 'a b/wg 0#1%20é.conf': hub('10.0.0.300/32') });
    const r = wgls(['check', '--format', 'sarif', 'a b/wg 0#1%20é.conf', 'missing.conf'], dir);
    assert.equal(r.status, 2);
    const run = JSON.parse(r.stdout).runs[0];
    const location = run.results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(location, { uri: 'a%20b/wg%200%231%2520%C3%A9.conf', uriBaseId: '%SRCROOT%' });
    // Resolved as a URI, it names the file again.
    const resolved = new URL(location.uri, run.originalUriBaseIds['%SRCROOT%'].uri);
    assert.equal(decodeURIComponent(resolved.pathname), join(realpathSync(dir), 'a b', 'wg 0#1%20é.conf'));
    // The rule's page travels with the report (a file URL of this machine would be a dead link once uploaded).
    // Its examples' private keys hidden: a secret scanner over the uploaded report cannot tell them from real ones.
    for (const rule of run.tool.driver.rules) {
      assert.equal(rule.helpUri, undefined);
      const page = readFileSync(join(REPO, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      assert.equal(rule.help.markdown.replace(/(PrivateKey|PresharedKey) ?= ?\(key hidden\)/g, ''), page.replace(/(PrivateKey|PresharedKey) ?= ?[A-Za-z0-9+/]{43}=/g, ''));
      assert.ok(!/PrivateKey = [A-Za-z0-9+/]{43}=/.test(rule.help.markdown), rule.id);
    }
    // CLI review: the failed run says why, as stderr does.
    assert.deepEqual(run.invocations, [{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'missing.conf: no such file or directory' } }] }]);
    assert.equal(run.tool.driver.informationUri, undefined, 'no made-up project address');
  });

  test('text: a file\'s control characters are shown, not sent to the terminal', needsCli, () => {
    const dir = folder({ 'esc.conf': '[Interface]\n\x1b]0;PWNED\x07\x1b[2J = 1\n' });
    const r = wgls(['check', 'esc.conf'], dir);
    assert.equal(r.status, 1);
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(r.stdout), JSON.stringify(r.stdout));
    assert.match(r.stdout, /␛\]0;PWNED␇␛\[2J/);
  });

  test('--format github: one workflow command per problem, 1-based, escaped', needsCli, () => {
    const dir = folder({ 'broken.conf': hub('10.0.0.300/32') });
    const r = wgls(['check', '--format', 'github', 'broken.conf'], dir);
    assert.equal(r.status, 1);
    const line = r.stdout.split('\n').find((l) => l.includes('invalid-allowed-ip'));
    assert.ok(line, r.stdout);
    assert.match(line, /^::error file=broken\.conf,line=8,endLine=8,col=14,endColumn=27,title=wgls invalid-allowed-ip::AllowedIPs: "10\.0\.0\.300" is not an IP address/);
    assert.ok(r.stdout.split('\n').every((l) => l === '' || l.startsWith('::')), r.stdout);
  });

  test('folders are searched by content: any name, not other INI files, not node_modules, not backups', needsCli, () => {
    const dir = folder({
      'etc/tunnel': hub('10.0.0.300/32'),
      'etc/nginx.conf': 'server {\n  listen 80;\n}\n',
      'etc/php.ini': '[PHP]\nengine = On\n',
      'node_modules/x/wg0.conf': hub('10.0.0.300/32'),
      'etc/phone.conf': phone(),
      // What a --fix killed before its rename leaves: a copy of a config, not another config.
      'etc/.tunnel.wgls-4242.tmp': hub('10.0.0.300/32'),
      // Backups next to configs: copies, not configs (they would be reused-private-key on the real one).
      'etc/phone.conf.bak': phone(),
      'etc/phone.conf~': phone(),
      'etc/phone.conf.dpkg-old': phone(),
      // pacman's and Emacs' copies too (CLI review: each failed the run with file-name).
      'etc/phone.conf.pacnew': phone(),
      'etc/phone.conf.pacsave': phone(),
      'etc/#phone.conf#': phone(),
    });
    const { rows } = json(['.'], dir);
    // Found although not named *.conf (which wg-quick itself would refuse: file-name).
    assert.deepEqual([...new Set(rows.map((r) => r.file))], ['etc/tunnel']);
    for (const code of ['file-name', 'invalid-allowed-ip']) assert.ok(rows.some((r) => r.code === code), code);
    const r = wgls(['check', '.'], dir);
    assert.match(r.stdout, /^2 file\(s\) checked/m);
  });

  test('a folder is listed in one order on every machine, whatever the locale (CLI review: Danish sorted aa after z)', needsCli, () => {
    const dir = folder({ 'aa.conf': hub('10.0.0.300/32'), 'ab.conf': hub('10.0.0.300/32'), 'z.conf': hub('10.0.0.300/32'), 'Ä.conf': hub('10.0.0.300/32') });
    for (const locale of ['C.UTF-8', 'en_US.UTF-8', 'da_DK.UTF-8', 'sv_SE.UTF-8']) {
      const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: locale, LANG: locale } });
      const files = [...new Set((JSON.parse(r.stdout) as Row[]).map((x) => x.file))];
      assert.deepEqual(files, ['aa.conf', 'ab.conf', 'z.conf', 'Ä.conf'], locale);
    }
  });

  test('a key typed into an argument or a path is not echoed on stderr (CLI review)', needsCli, () => {
    const dir = folder({ 'hub.conf': hub() });
    const key = generatePrivateKey();
    const runs = [
      wgls([key], dir),
      wgls(['check', `nowhere/${key}.conf`], dir),
      wgls(['check', `hub.conf/${key}`], dir),
      wgls(['check', '--target', key, 'hub.conf'], dir),
      wgls(['check', '--rule', `${key}=off`, 'hub.conf'], dir),
      wgls(['check', '--format', key, 'hub.conf'], dir),
      wgls(['check', `--${key}`, 'hub.conf'], dir),
    ];
    for (const r of runs) {
      assert.equal(r.status, 2);
      assert.match(r.stderr, /\(key hidden\)/, r.stderr);
      for (let i = 0; i + 8 <= key.length; i++) assert.ok(!(r.stdout + r.stderr).includes(key.slice(i, i + 8)), r.stderr);
    }
  });

  test('a folder search follows links to files, not to folders (as grep -r), finds a config with a mistyped header', needsCli, () => {
    const dir = folder({ 'real/hub.conf': hub(), 'etc/typo.conf': hub().replace('[Interface]', '[Intreface]'), 'elsewhere/other.conf': phone(), 'etc/.hidden/x.conf': phone() });
    mkdirSync(join(dir, 'etc', 'linked'));
    symlinkSync(join(dir, 'real', 'hub.conf'), join(dir, 'etc', 'linked', 'wg0.conf'));
    symlinkSync(join(dir, 'etc'), join(dir, 'etc', 'linked', 'loop'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'etc', 'linked', 'out'));
    const { status, rows, stderr } = json(['etc'], dir);
    assert.equal(stderr, '');
    assert.equal(status, 1);
    assert.ok(rows.some((r) => r.file === 'etc/typo.conf' && r.code === 'unknown-section'), JSON.stringify(rows));
    const r = wgls(['check', 'etc'], dir);
    assert.match(r.stdout, /^2 file\(s\) checked/m, 'typo.conf and the linked wg0.conf');
  });

  test('a link loop or a dangling link in a searched folder is skipped; one with a config\'s name is an I/O problem', needsCli, () => {
    const dir = folder({ 'wg/hub.conf': hub() });
    symlinkSync('loop1', join(dir, 'wg', 'loop2'));
    symlinkSync('loop2', join(dir, 'wg', 'loop1'));
    symlinkSync('nothing', join(dir, 'wg', 'dangling.conf'));
    const r = wgls(['check', 'wg'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stderr, '');
    symlinkSync('loop.conf', join(dir, 'wg', 'loop.conf'));
    const named = wgls(['check', 'wg'], dir);
    assert.equal(named.status, 2, named.stdout + named.stderr);
    assert.match(named.stderr, /loop\.conf: too many levels of symbolic links/);
  });

  test('a link to /proc (0 bytes by stat, gigabytes by read) is read no further than the size bound (security review)', { ...needsCli, ...(existsSync('/proc/self/pagemap') ? {} : { skip: 'no /proc/self/pagemap here' }) }, () => {
    const dir = folder({ 'wg/hub.conf': hub() });
    symlinkSync('/proc/self/pagemap', join(dir, 'wg', 'p.conf'));
    // The folder search: reported as too large (it has a config's name), not read to its end (16 GB once).
    const r = wgls(['check', 'wg'], dir);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /p\.conf: larger than 8 MB, not checked/);
    // Named: read up to 64 MB, then an I/O problem.
    const named = wgls(['check', 'wg/p.conf'], dir);
    assert.equal(named.status, 2, named.stdout + named.stderr);
    assert.match(named.stderr, /p\.conf: larger than 64 MB, not read/);
  });

  test('--rule ID=SEVERITY sets a rule as wgls.rules does; unknown ids and severities are usage errors', needsCli, () => {
    const dir = folder({ 'hub.conf': hub(), 'broken.conf': hub('10.0.0.300/32') });
    chmodSync(join(dir, 'hub.conf'), 0o644);
    const before = json(['hub.conf'], dir);
    assert.deepEqual(before.rows.map((r) => r.code), ['world-readable']);
    assert.deepEqual(json(['--rule', 'world-readable=off', 'hub.conf'], dir).rows, []);
    const r = json(['--rule=invalid-allowed-ip=warning', '--rule', 'world-readable=hint', 'broken.conf', 'hub.conf'], dir);
    assert.equal(r.status, 0, 'the error is a warning now');
    assert.deepEqual(r.rows.map((x) => [x.code, x.severity]), [['invalid-allowed-ip', 'warning'], ['world-readable', 'hint']]);
    // Any case, as the wgls.rules setting reads it (settings review), and a --target too.
    assert.deepEqual(json(['--rule', 'world-readable=OFF', 'hub.conf'], dir).rows, []);
    assert.deepEqual(json(['--rule', 'world-readable=Hint', '--target', 'Windows', 'hub.conf'], dir).rows.map((x) => [x.code, x.severity]), [['world-readable', 'hint']]);
    for (const bad of ['no-such-rule=off', 'world-readable', 'world-readable=loud', 'constructor=off', 'world-readable=off=error']) {
      const u = wgls(['check', '--rule', bad, 'hub.conf'], dir);
      assert.equal(u.status, 2, bad);
      assert.match(u.stderr, /^wgls: (unknown rule|--rule)/);
    }
  });

  test('--only-configs: named files that are no WireGuard configs are skipped (pre-commit passes every *.conf)', needsCli, () => {
    const dir = folder({ 'nginx.conf': 'server {\n  listen 80;\n}\n', 'supervisord.conf': '[program:x]\ncommand=/bin/true\n', 'hub.conf': hub(), 'broken.conf': hub('10.0.0.300/32') });
    assert.equal(wgls(['check', 'nginx.conf', 'supervisord.conf', 'hub.conf'], dir).status, 1, 'named, they are checked');
    const r = wgls(['check', '--only-configs', 'nginx.conf', 'supervisord.conf', 'hub.conf'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^1 file\(s\) checked/m);
    assert.equal(wgls(['check', '--only-configs', 'nginx.conf', 'broken.conf'], dir).status, 1);
  });

  test('--format github: what cannot be read is an error annotation too', needsCli, () => {
    const dir = folder({ 'hub.conf': hub() });
    const r = wgls(['check', '--format', 'github', 'hub.conf', 'missing.conf'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '::error title=wgls::missing.conf: no such file or directory\n');
  });

  test('the summary counts the files read, not a named one it could not read', { ...needsCli, ...asNobody }, () => {
    const dir = folder({ 'a.conf': phone(), 'b.conf': hub() });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'a.conf'), 0o644);
    chmodSync(join(dir, 'b.conf'), 0o600); // root's, unreadable to nobody
    const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, 'check', '--rule', 'world-readable=off', 'a.conf', 'b.conf'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    // Said as for a file a folder search finds (CLI review: Node's text, which repeats the path).
    assert.match(r.stderr, /^wgls: b\.conf: permission denied$/m);
    assert.match(r.stdout, /^1 file\(s\) checked/m);
  });

  test('what a folder search cannot read is said, and is an I/O problem (exit 2)', { ...needsCli, ...asNobody }, () => {
    const dir = folder({ 'wg/wg0.conf': hub(), 'wg/private/wg1.conf': hub() });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'wg'), 0o755);
    chmodSync(join(dir, 'wg', 'wg0.conf'), 0o600); // root's, unreadable to nobody
    chmodSync(join(dir, 'wg', 'private'), 0o700);
    const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, 'check', 'wg'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /wg\/private: permission denied/);
    assert.match(r.stderr, /wg\/wg0\.conf: permission denied/);
  });

  test('a named FIFO is refused at once (exit 2), not read forever; one in a searched folder is said too', needsCli, () => {
    const dir = folder({ 'wg0.conf': hub() });
    assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.conf')]).status, 0, 'mkfifo (coreutils)');
    const r = spawnSync(process.execPath, [CLI, 'check', 'pipe.conf'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 2, `${r.signal ?? ''} ${r.stderr}`);
    assert.match(r.stderr, /pipe\.conf: not a regular file/);
    // In a folder: never opened, but named, and the run is an I/O problem (CLI review: exit 0, silent).
    const search = spawnSync(process.execPath, [CLI, 'check', '--rule', 'world-readable=off', '.'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.equal(search.status, 2, search.stderr);
    assert.match(search.stderr, /pipe\.conf: not a regular file, not checked/);
    assert.match(search.stdout, /^1 file\(s\) checked/m);
  });

  test('a file whose name is not UTF-8 is said, not skipped silently (CLI review)', needsCli, () => {
    const dir = folder({ 'wg0.conf': hub() });
    const bad = Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff]), Buffer.from('name.conf')]);
    writeFileSync(bad, phone(), { mode: 0o600 });
    // Any name, judged by content; the name with a config's suffix or not.
    const other = Buffer.concat([Buffer.from(`${dir}/notes-`), Buffer.from([0xfe])]);
    writeFileSync(other, '# just notes\n', { mode: 0o600 });
    const r = wgls(['check', '--rule', 'world-readable=off', '.'], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /bad\uFFFDname\.conf: its name is not valid UTF-8, so it is not checked \(rename it\)/);
    assert.doesNotMatch(r.stderr, /notes-/);
  });

  test('a named link loop is said as the folder search says it; dist/cli.js runs by its #! line (CLI review)', needsCli, () => {
    const dir = folder({});
    symlinkSync('loopb', join(dir, 'loopa'));
    symlinkSync('loopa', join(dir, 'loopb'));
    const r = wgls(['check', 'loopa'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'wgls: loopa: too many levels of symbolic links\n');
    assert.equal(statSync(CLI).mode & 0o111, 0o111);
  });

  test('--format and --target given twice with different values are usage errors', needsCli, () => {
    const dir = folder({ 'wg0.conf': hub() });
    const r = wgls(['check', '--format', 'json', '--format', 'sarif', 'wg0.conf'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--format given twice \(json, sarif\)/);
    assert.match(wgls(['check', '--target', 'windows', '--target=android', 'wg0.conf'], dir).stderr, /--target given twice/);
    // The same value twice is no conflict.
    assert.equal(wgls(['check', '--format', 'json', '--format=json', 'wg0.conf'], dir).status, wgls(['check', '--format', 'json', 'wg0.conf'], dir).status);
    // So is one rule given two severities (CLI review: the last one won silently); twice the same is fine.
    const rule = wgls(['check', '--rule', 'world-readable=off', '--rule', 'world-readable=error', 'wg0.conf'], dir);
    assert.equal(rule.status, 2);
    assert.match(rule.stderr, /--rule world-readable given twice \(off, error\)/);
    assert.notEqual(wgls(['check', '--rule', 'world-readable=off', '--rule=world-readable=off', 'wg0.conf'], dir).status, 2);
  });

  test('pubkey reads no more than a key could fill: endless input ends with an error, not all memory (CLI review)', needsCli, () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" pubkey < /dev/zero`], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 1, `${r.signal ?? ''} ${r.stderr}`);
    assert.equal(r.stderr, 'wgls pubkey: Key is not the correct length or format\n');
    const key = generatePrivateKey();
    const ok = spawnSync(process.execPath, [CLI, 'pubkey'], { input: `  ${key}\n\n`, encoding: 'utf8' });
    assert.equal(ok.stdout, `${publicKeyOf(key)}\n`);
  });

  test('output that cannot be written (a full disk) is an I/O problem: exit 2, one line, no stack trace (CLI review)', { ...needsCli, ...(existsSync('/dev/full') ? {} : { skip: 'no /dev/full here' }) }, () => {
    const dir = folder({ 'wg0.conf': hub() });
    for (const args of [['check', '--rule', 'world-readable=off', 'wg0.conf'], ['genkey']]) {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" ${args.join(' ')} > /dev/full`], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stderr, 'wgls: cannot write the output: ENOSPC\n');
    }
  });

  test('a # wgls-target comment in a file overrides --target for that file', needsCli, () => {
    const withHook = (first: string) => `${first}\n${hub().replace('ListenPort = 51820', 'ListenPort = 51820\nPostUp = logger up\nPostDown = logger down')}`;
    const dir = folder({ 'phone.conf': withHook('# wgls-target android'), 'hub.conf': withHook('# the hub') });
    const { status, rows } = json(['--isolated', '--target', 'wg-quick', 'phone.conf', 'hub.conf'], dir);
    assert.equal(status, 1);
    assert.deepEqual(rows.filter((r) => r.code === 'key-not-supported-by-target').map((r) => `${r.file}:${r.range.start.line}`), ['phone.conf:5', 'phone.conf:6']);
  });

  test('files checked together are one workspace; --isolated checks each alone', needsCli, () => {
    // The hub routes a /32 the phone does not have as its Address: a cross-file finding.
    const dir = folder({ 'hub.conf': hub('10.0.0.9/32'), 'phone.conf': phone() });
    const together = json(['hub.conf', 'phone.conf'], dir).rows;
    assert.ok(together.some((r) => r.code === 'allowed-ips-miss-address' && r.file === 'hub.conf'), JSON.stringify(together));
    const isolated = json(['--isolated', 'hub.conf', 'phone.conf'], dir).rows;
    assert.equal(isolated.filter((r) => r.code === 'allowed-ips-miss-address').length, 0);
  });

  test('a problem on a PrivateKey line shows the line with the key masked', needsCli, () => {
    const text = hub().replace(`PrivateKey = ${HUB_KEY}`, `PrivateKey = ${HUB_KEY.slice(0, 20)} ${HUB_KEY.slice(20)}`);
    const dir = folder({ 'hub.conf': text });
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = wgls(['check', '--format', format, 'hub.conf'], dir);
      assert.match(r.stdout, /value-whitespace/);
      for (const out of [r.stdout, r.stderr]) {
        assert.ok(!out.includes(HUB_KEY.slice(0, 20)) && !out.includes(HUB_KEY.slice(20)), `${format} output shows the key:\n${out}`);
      }
    }
  });

  test("a private key pasted as a peer's PublicKey is masked in that line too (key-reuse), blank inside or not", needsCli, () => {
    for (const pasted of [HUB_KEY, `${HUB_KEY.slice(0, 10)} ${HUB_KEY.slice(10)}`]) {
      const text = hub().replace(`PublicKey = ${publicKeyOf(PHONE_KEY)}`, `PublicKey = ${pasted}`);
      const dir = folder({ 'hub.conf': text });
      const r = wgls(['check', 'hub.conf'], dir);
      assert.match(r.stdout, /key-reuse/);
      const dry = wgls(['check', '--fix-dry-run', 'hub.conf'], dir);
      for (const out of [r.stdout, dry.stdout, dry.stderr]) assert.ok(!out.includes(HUB_KEY.slice(0, 10)) && !out.includes(HUB_KEY.slice(10)), out);
    }
  });

  test("another config's private key pasted as a PublicKey is masked (and is a key-reuse error)", needsCli, () => {
    const dir = folder({ 'hub.conf': hub().replace(`PublicKey = ${publicKeyOf(PHONE_KEY)}`, `PublicKey = ${PHONE_KEY}`), 'phone.conf': phone() });
    const r = wgls(['check', 'hub.conf', 'phone.conf'], dir);
    assert.match(r.stdout, /hub\.conf:7:13: error key-reuse: This PublicKey is phone\.conf's PrivateKey/);
    assert.ok(!r.stdout.includes(PHONE_KEY.slice(0, 12)) && !r.stdout.includes(PHONE_KEY.slice(20)), r.stdout);
  });

  test('a misspelt PrivateKey whose value a blank split is masked in the source line too', needsCli, () => {
    const text = hub().replace(`PrivateKey = ${HUB_KEY}`, `PrivteKey = ${HUB_KEY.slice(0, 22)} ${HUB_KEY.slice(22)}`);
    const r = wgls(['check', 'hub.conf'], folder({ 'hub.conf': text }));
    assert.match(r.stdout, /unknown-key/);
    assert.ok(!r.stdout.includes(HUB_KEY.slice(0, 22)) && !r.stdout.includes(HUB_KEY.slice(22)), r.stdout);
  });
});

describe('wgls check --fix', () => {
  // Every fix here is one of Fix all's: a header's spacing, a key's spelling, `+51820`, an
  // unbracketed IPv6 endpoint. The invalid AllowedIPs item has no mechanical fix and stays.
  const messy = ['# the hub', '[ Interface ]', `privatekey = ${HUB_KEY}`, 'Address = 10.0.0.1/24', 'ListenPort = +51820   # glibc reads it', '', '[Peer]', `PublicKey = ${publicKeyOf(PHONE_KEY)}`, 'AllowedIPs = 10.0.0.2/32, 10.0.0.300/32', 'Endpoint = fe80::1:51820', ''];
  const fixed = ['# the hub', '[Interface]', `PrivateKey = ${HUB_KEY}`, 'Address = 10.0.0.1/24', 'ListenPort = 51820   # glibc reads it', '', '[Peer]', `PublicKey = ${publicKeyOf(PHONE_KEY)}`, 'AllowedIPs = 10.0.0.2/32, 10.0.0.300/32', 'Endpoint = [fe80::1]:51820', ''];

  test('writes the fixes, keeps comments and mode, reports what is left; a second run changes nothing', needsCli, () => {
    const dir = folder({ 'wg0.conf': messy.join('\n') });
    chmodSync(join(dir, 'wg0.conf'), 0o660);
    const r = wgls(['check', '--fix', 'wg0.conf'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr); // the bad AllowedIPs item is still an error
    assert.equal(readFileSync(join(dir, 'wg0.conf'), 'utf8'), fixed.join('\n'));
    assert.equal(statSync(join(dir, 'wg0.conf')).mode & 0o777, 0o660);
    assert.match(r.stderr, /wg0\.conf: fixed 4 problem\(s\)/);
    assert.match(r.stdout, /fixed 4 problem\(s\) in 1 file\(s\); 1 error\(s\)/);
    assert.ok(!r.stdout.includes(HUB_KEY) && !r.stderr.includes(HUB_KEY));
    assert.deepEqual(readdirSync(dir), ['wg0.conf'], 'no temporary file left');
    const again = wgls(['check', '--fix', 'wg0.conf'], dir);
    assert.match(again.stdout, /fixed 0 problem\(s\) in 0 file\(s\)/);
    assert.equal(readFileSync(join(dir, 'wg0.conf'), 'utf8'), fixed.join('\n'));
  });

  test('a file named twice (directly, in its folder, through a symlink) is checked and fixed once', needsCli, () => {
    const dir = folder({ 'wg0.conf': messy.join('\n') });
    symlinkSync(join(dir, 'wg0.conf'), join(dir, 'link.conf'));
    const r = wgls(['check', '--fix', 'wg0.conf', '.', 'link.conf'], dir);
    assert.equal(r.status, 1, r.stderr); // the AllowedIPs error left; no I/O problem (2)
    assert.match(r.stdout, /^1 file\(s\) checked: fixed 4 problem\(s\) in 1 file\(s\)/m);
    assert.equal(readFileSync(join(dir, 'wg0.conf'), 'utf8'), fixed.join('\n'));
  });

  // CLI review: `link.conf -> wg0.conf` sorts first in a folder, and every problem was reported under link.conf.
  test('a file and a link to it in one folder: reported under the file, not the link', needsCli, () => {
    const dir = folder({ 'wg0.conf': messy.join('\n') });
    symlinkSync(join(dir, 'wg0.conf'), join(dir, 'link.conf'));
    const r = wgls(['check', '--format', 'json', '.'], dir);
    const files = new Set((JSON.parse(r.stdout) as Array<{ file: string }>).map((p) => p.file));
    assert.deepEqual([...files], ['wg0.conf']);
    // Diff review: across folders the first named stays, a link in /etc/wireguard being the name wg-quick
    // loads the config by (its interface name, %i in its hooks).
    const etc = folder({ 'srv/office.conf': messy.join('\n') });
    mkdirSync(join(etc, 'etc'));
    symlinkSync(join(etc, 'srv', 'office.conf'), join(etc, 'etc', 'wg0.conf'));
    const across = new Set((JSON.parse(wgls(['check', '--format', 'json', 'etc', 'srv'], etc).stdout) as Array<{ file: string }>).map((p) => p.file));
    assert.deepEqual([...across], ['etc/wg0.conf']);
  });

  test('without --fix, the summary says how many problems it would fix', needsCli, () => {
    const dir = folder({ 'wg0.conf': messy.join('\n') });
    assert.match(wgls(['check', 'wg0.conf'], dir).stdout, /^1 file\(s\) checked: .* note\(s\)\. 4 fixable with --fix\.$/m);
    const clean = folder({ 'wg0.conf': fixed.join('\n') });
    assert.match(wgls(['check', 'wg0.conf'], clean).stdout, /^1 file\(s\) checked: .* note\(s\)\.$/m);
  });

  test('--fix-dry-run writes nothing and prints a -U0 diff with the keys masked', needsCli, () => {
    const dir = folder({ 'wg0.conf': messy.join('\n') });
    const r = wgls(['check', '--fix-dry-run', 'wg0.conf'], dir);
    assert.equal(readFileSync(join(dir, 'wg0.conf'), 'utf8'), messy.join('\n'));
    const mask = '•'.repeat(44);
    const diff = r.stdout.slice(0, r.stdout.indexOf('\nwg0.conf:9:'));
    assert.equal(
      diff,
      ['--- a/wg0.conf', '+++ b/wg0.conf', '@@ -2,2 +2,2 @@', '-[ Interface ]', `-privatekey = ${mask}`, '+[Interface]', `+PrivateKey = ${mask}`, '@@ -5 +5 @@', '-ListenPort = +51820   # glibc reads it', '+ListenPort = 51820   # glibc reads it', '@@ -10 +10 @@', '-Endpoint = fe80::1:51820', '+Endpoint = [fe80::1]:51820'].join('\n'),
    );
    assert.match(r.stdout, /would fix 4 problem\(s\) in 1 file\(s\)/);
    assert.match(r.stderr, /wg0\.conf: would fix 4 problem\(s\)/);
    assert.equal(wgls(['check', '--fix', '--fix-dry-run', 'wg0.conf'], dir).status, 2);
  });

  test("the source line under a problem hides what follows a secret's name, whatever its shape (CLI review)", needsCli, () => {
    const cut = HUB_KEY.slice(0, 30);
    const dir = folder({ 'a.conf': `[Interface]\nAddress = 10.0.0.1/24\nPrivateKey ${cut}\n`, 'b.conf': '[Interface]\nAddress = 10.0.0.1/24\nPrivateKey hunter2secret = x\n' });
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = wgls(['check', '--isolated', '--format', format, 'a.conf', 'b.conf'], dir);
      assert.equal(r.status, 1, r.stderr);
      for (const shown of [r.stdout, r.stderr]) {
        assert.ok(!shown.includes(cut.slice(0, 12)) && !shown.includes('hunter2'), `${format}: ${shown}`);
      }
      if (format === 'text') {
        assert.match(r.stdout, /^ {2}PrivateKey•{31}$/m);
        assert.match(r.stdout, /^ {2}PrivateKey•{18}$/m);
      }
    }
  });

  test("a file name's escape sequences do not reach the terminal through stderr either (CLI review)", needsCli, () => {
    const dir = folder({ 'wg0.conf': hub() });
    const name = '\x1b]0;PWNED\x07\x1b[2J.conf';
    symlinkSync(name, join(dir, name)); // a link to itself: "too many levels of symbolic links"
    const r = wgls(['check', '.'], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(r.stderr), JSON.stringify(r.stderr));
    assert.match(r.stderr, /␛\]0;PWNED␇␛\[2J\.conf/);
    const usage = wgls(['check', '--\x1b[2Jx', 'wg0.conf'], dir);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /unknown option "--␛\[2Jx"/);
    // The --fix-dry-run diff names the file too, on stdout or (json) on stderr (diff review).
    const fixable = folder({ 'bad\x1b[31mRED.conf': hub().replace('ListenPort = 51820', 'ListenPort = +51820') });
    for (const format of ['text', 'json']) {
      const r = wgls(['check', '--fix-dry-run', '--format', format, '.'], fixable);
      assert.ok(!/\x1b/.test(r.stdout + r.stderr), `${format}: ${JSON.stringify(r.stdout + r.stderr)}`);
      assert.match(r.stdout + r.stderr, /^--- a\/bad␛\[31mRED\.conf$/m);
    }
  });

  test('--fix-dry-run with a machine-readable format: the diff goes to stderr, stdout stays parseable', needsCli, () => {
    const dir = folder({ 'wg0.conf': messy.join('\n') });
    for (const format of ['json', 'sarif']) {
      const r = wgls(['check', '--fix-dry-run', '--format', format, 'wg0.conf'], dir);
      assert.doesNotThrow(() => JSON.parse(r.stdout), `${format}: ${r.stdout}`);
      assert.match(r.stderr, /^@@ -2,2 \+2,2 @@$/m);
    }
    const github = wgls(['check', '--fix-dry-run', '--format', 'github', 'wg0.conf'], dir);
    assert.ok(github.stdout.split('\n').every((l) => l === '' || l.startsWith('::')), github.stdout);
    assert.match(github.stdout, /^::(error|warning|notice) /m, 'annotations, not an empty output');
  });

  test('read-only and hard-linked files are not written: exit 2, said why, nothing left behind', needsCli, () => {
    const dir = folder({ 'ro.conf': messy.join('\n'), 'linked.conf': messy.join('\n') });
    chmodSync(join(dir, 'ro.conf'), 0o400);
    linkSync(join(dir, 'linked.conf'), join(dir, 'backup.conf.orig'));
    const r = wgls(['check', '--fix', 'ro.conf', 'linked.conf'], dir);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /ro\.conf: it is read-only; not written/);
    assert.match(r.stderr, /linked\.conf: it has 1 other hard link\(s\), which would keep the old text; not written/);
    for (const name of ['ro.conf', 'linked.conf', 'backup.conf.orig']) assert.equal(readFileSync(join(dir, name), 'utf8'), messy.join('\n'), name);
    // The dry run says beforehand that --fix would not write them.
    const dry = wgls(['check', '--fix-dry-run', 'ro.conf', 'linked.conf'], dir);
    assert.match(dry.stderr, /ro\.conf: --fix would not write it \(4 fixable problem\(s\)\): it is read-only; not written/);
    // And reports what --fix would: nothing fixed, exit 2 (CLI review: "would fix 8", exit 1).
    assert.match(dry.stdout, /would fix 0 problem\(s\) in 0 file\(s\)/);
    assert.equal(dry.status, 2);
    assert.deepEqual(readdirSync(dir).sort(), ['backup.conf.orig', 'linked.conf', 'ro.conf']);
    // What is reported is the file as it is on disk: 4 fixable problems still there.
    assert.match(r.stdout, /fixed 0 problem\(s\) in 0 file\(s\)/);
  });

  test("another user's file is not replaced by one of ours", { ...needsCli, ...asNobody }, () => {
    const dir = folder({ 'wg0.conf': messy.join('\n') });
    chmodSync(dir, 0o777);
    chmodSync(join(dir, 'wg0.conf'), 0o666); // writable by nobody, but root's
    const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, 'check', '--fix', 'wg0.conf'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /wg0\.conf: it belongs to another user/);
    assert.equal(statSync(join(dir, 'wg0.conf')).uid, 0);
    assert.equal(readFileSync(join(dir, 'wg0.conf'), 'utf8'), messy.join('\n'));
  });

  test('CRLF line endings and a BOM stay as they were', needsCli, () => {
    const dir = folder({ 'wg0.conf': `\uFEFF${messy.join('\r\n')}` });
    wgls(['check', '--fix', 'wg0.conf'], dir);
    assert.equal(readFileSync(join(dir, 'wg0.conf'), 'utf8'), `\uFEFF${fixed.join('\r\n')}`);
    // A header fix on the first line of a file with a BOM: the BOM is not cut.
    const first = folder({ 'wg1.conf': `\uFEFF${messy.slice(1).join('\n')}` });
    wgls(['check', '--fix', 'wg1.conf'], first);
    assert.equal(readFileSync(join(first, 'wg1.conf'), 'utf8'), `\uFEFF${fixed.slice(1).join('\n')}`);
  });

  test('setuid and setgid bits survive a fix made as root (the owner is set before the mode)', needsCli, () => {
    const dir = folder({ 'su.conf': messy.join('\n') });
    chmodSync(join(dir, 'su.conf'), 0o6750);
    wgls(['check', '--fix', 'su.conf'], dir);
    assert.notEqual(readFileSync(join(dir, 'su.conf'), 'utf8'), messy.join('\n'), 'fixed');
    assert.equal(statSync(join(dir, 'su.conf')).mode & 0o7777, 0o6750);
  });

  test('through a symlink the target is written and the link stays a link', needsCli, () => {
    const dir = folder({ 'real/wg0.conf': messy.join('\n') });
    symlinkSync(join(dir, 'real', 'wg0.conf'), join(dir, 'wg0.conf'));
    wgls(['check', '--fix', 'wg0.conf'], dir);
    assert.ok(lstatSync(join(dir, 'wg0.conf')).isSymbolicLink());
    assert.equal(readlinkSync(join(dir, 'wg0.conf')), join(dir, 'real', 'wg0.conf'));
    assert.equal(readFileSync(join(dir, 'real', 'wg0.conf'), 'utf8'), fixed.join('\n'));
  });

  test('a file that is not valid UTF-8 is left byte for byte, and said so', needsCli, () => {
    const dir = folder({});
    // A Latin-1 comment (0xE9): decoding and writing back would turn it into U+FFFD.
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${messy.slice(1).join('\n')}`)]);
    writeFileSync(join(dir, 'wg0.conf'), bytes, { mode: 0o600 });
    const r = wgls(['check', '--fix', 'wg0.conf'], dir);
    assert.ok(readFileSync(join(dir, 'wg0.conf')).equals(bytes));
    assert.match(r.stderr, /wg0\.conf: not valid UTF-8, so not fixed \(4 fixable problem\(s\)\)/);
    assert.match(r.stdout, /fixed 0 problem\(s\) in 0 file\(s\)/);
    assert.equal(r.status, 2, 'a file --fix cannot write is an I/O problem, as a read-only one');
    const dry = wgls(['check', '--fix-dry-run', 'wg0.conf'], dir);
    assert.match(dry.stderr, /wg0\.conf: not valid UTF-8, so --fix would not fix it \(4 fixable problem\(s\)\)/);
    assert.equal(dry.status, 2, 'the dry run exits as --fix would');
    rmSync(dir, { recursive: true, force: true });
  });

  test("a file under two names is checked under the one wg-quick loads it by: no file-name error for the other (CLI review)", needsCli, () => {
    for (const other of ['alpha-hardlink', 'zz-hardlink']) {
      const dir = folder({ 'wg0.conf': hub() });
      linkSync(join(dir, 'wg0.conf'), join(dir, other));
      const r = json(['--rule', 'world-readable=off', '.'], dir);
      assert.deepEqual(r.rows.map((x) => [x.file, x.code]), [], other);
      assert.equal(r.status, 0);
    }
  });
});

describe('CLI building blocks', () => {
  test('writeFixed writes nothing over a file that changed since it was read', () => {
    const dir = folder({ 'wg0.conf': 'new text\n' });
    assert.throws(() => writeFixed(join(dir, 'wg0.conf'), Buffer.from('old text\n'), 'fixed text\n'), /changed on disk while being checked; not written/);
    assert.equal(readFileSync(join(dir, 'wg0.conf'), 'utf8'), 'new text\n');
    assert.deepEqual(readdirSync(dir), ['wg0.conf']);
  });

  test('formatGithub escapes what would end or corrupt a workflow command', () => {
    const problem = { rule: 'invalid-mtu' as const, severity: 'hint' as const, message: '100% wrong\r\nsecond line', range: { start: { line: 0, character: 0 }, end: { line: 1, character: 2 } } };
    assert.equal(formatGithub([{ file: 'a,b:c%.conf', text: '', problems: [problem] }]), '::notice file=a%2Cb%3Ac%25.conf,line=1,endLine=2,col=1,endColumn=3,title=wgls invalid-mtu::100%25 wrong%0D%0Asecond line');
    const escape = { ...problem, message: 'Unknown key "\x1b]0;x\x07"' };
    assert.ok(!/[\x00-\x1f]/.test(formatGithub([{ file: 'a.conf', text: '', problems: [escape] }])));
  });

  test('screenWidth counts terminal columns (the underline under CJK text and emoji)', () => {
    assert.equal(screenWidth('abc'), 3);
    assert.equal(screenWidth('例え.jp'), 7);
    assert.equal(screenWidth('a😀'), 3);
    assert.equal(screenWidth('e\u0301'), 1);
  });

  test('text: the underline sits under its span after wide characters', needsCli, () => {
    const dir = folder({ 'wg0.conf': `[Interface]\nPrivateKey = ${HUB_KEY}\nAddress = 10.0.0.1/24\nDNS = 例え.jp, 1.2.3.300\n` });
    const lines = wgls(['check', 'wg0.conf'], dir).stdout.split('\n');
    const at = lines.findIndex((l) => l.includes('"1.2.3.300"'));
    assert.equal(lines[at + 2], `  ${' '.repeat(15)}${'^'.repeat(9)}`);
  });

  test('unifiedDiff: -U0 hunks for changed, added and removed lines', () => {
    assert.equal(unifiedDiff('f', 'a\nb\nc\n', 'a\nb\nc\n'), '');
    assert.equal(unifiedDiff('f', 'a\nb\nc', 'a\nB\nc'), ['--- a/f', '+++ b/f', '@@ -2 +2 @@', '-b', '+B'].join('\n'));
    assert.equal(unifiedDiff('f', 'a\nc', 'a\nb\nc'), ['--- a/f', '+++ b/f', '@@ -1,0 +2 @@', '+b'].join('\n'));
    assert.equal(unifiedDiff('f', 'a\nb\nc', 'a\nc'), ['--- a/f', '+++ b/f', '@@ -2 +1,0 @@', '-b'].join('\n'));
    assert.equal(unifiedDiff('f', 'x\r\ny', 'x\r\nz'), ['--- a/f', '+++ b/f', '@@ -2 +2 @@', '-y', '+z'].join('\n'));
  });

  test('a reader that stops early (| head): no stack trace, the status the check decided', needsCli, () => {
    // Enough output that the pipe is closed while the CLI still writes.
    const dir = folder({ 'big.conf': Array.from({ length: 3000 }, (_, i) => `[Interface]\nFoo${i} = 1\n`).join('') });
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" check --isolated "${join(dir, 'big.conf')}" | head -c 1 >/dev/null; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
  });

  test('applyTextEdits: positions as the editor counts them, a BOM being a character of line 0', () => {
    const edit = (l0: number, c0: number, l1: number, c1: number, newText: string) => ({ range: { start: { line: l0, character: c0 }, end: { line: l1, character: c1 } }, newText });
    assert.equal(applyTextEdits('ab\r\ncd', [edit(1, 0, 1, 1, 'X'), edit(0, 1, 0, 2, 'Y')]), 'aY\r\nXd');
    assert.equal(applyTextEdits('\uFEFF[ Peer ]\n', [edit(0, 1, 0, 9, '[Peer]')]), '\uFEFF[Peer]\n');
    assert.throws(() => applyTextEdits('abc', [edit(0, 0, 0, 2, ''), edit(0, 1, 0, 3, '')]), /overlapping/);
  });
});
