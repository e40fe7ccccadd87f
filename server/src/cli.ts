// `wgls`: the engine on the command line, for CI pipelines.
//   wgls check [--isolated] [--fix|--fix-dry-run] [--format text|json|sarif|github] [--target T] PATH...
//                                                          exit 0 ok, 1 errors, 2 usage/I-O
//   wgls genkey | wgls pubkey < private | wgls genpsk     like wg(8)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { validate, validateInWorkspace } from './core/validate.ts';
import type { ValidateOptions } from './core/rules/context.ts';
import { parse } from './core/parser.ts';
import { WorkspaceModel } from './core/workspace.ts';
import { pathToFileURL } from 'node:url';
import { TARGETS, targetNamed, type Target } from './core/schema.ts';
import { generatePresharedKey, generatePrivateKey, publicKeyOf } from './core/keys.ts';
import { findConfigFiles, reason } from './cli/files.ts';
import { formatGithub, formatJson, formatSarif, formatText, secretsOf, visible, type FileProblems } from './cli/format.ts';
import { fixText, refusalOf, roundTrips, unifiedDiff, writeFixed } from './cli/fix.ts';
import { fixAllEdits } from './core/edits/fix-all.ts';
import { fileNameProblem } from './core/rules/file.ts';
import { RULES } from './core/rules/catalogue.ts';
import { SEVERITY_SETTINGS, type SeverityOverride } from './core/rules/context.ts';
import { looksLikeWireGuard } from './core/detect.ts';
import { SERVER_VERSION } from './lsp/version.ts';
import { configText, readCappedSync, readFdCappedSync } from './read-capped.ts';
import { redactFailure, redactKeys } from './core/redact.ts';

/**
 * What the CLI says on stderr of a path or an argument: key-shaped text hidden (CLI review: `wgls check
 * $(wg genkey)`, a key typed after --target or in a path, was echoed whole into the CI log by "no such
 * file" or "unknown target"), and safe for a terminal (visible).
 */
const said = (s: string): string => visible(redactKeys(s));

/** The most a named file may hold (a 5,000-peer hub is 1 MB). */
const MAX_NAMED_BYTES = 64 * 1024 * 1024;

const USAGE = `Usage:
  wgls check [--isolated] [--fix | --fix-dry-run] [--format text|json|sarif|github]
             [--target ${TARGETS.map((t) => t.id).join('|')}] [--rule ID=SEVERITY]... [--only-configs]
             [--] PATH...
  wgls genkey              print a new private key
  wgls pubkey              read a private key on stdin, print its public key
  wgls genpsk              print a new preshared key
  wgls --version           print the version

check: directories are searched for WireGuard configs by content. The files checked together form one
workspace (cross-file rules: both ends of each tunnel); --isolated checks each file on its own.
--format json: [{file, range, severity, code, message}] with 0-based positions; sarif: SARIF 2.1.0;
github: GitHub Actions annotations (errors, warnings and notices on a pull request's diff).
--fix applies the mechanical fixes (those of the editor's "Fix all": spellings, spacing, forms of the
same value) and writes the files back, then reports what is left (so the exit status is that of the
fixed files); --fix-dry-run prints the changes as a diff (keys masked; on stderr unless --format
text), writes nothing, and reports as if they were made: not a gate for CI, plain check is.
Files that are read-only, hard-linked or another user's are not written.
--rule ID=SEVERITY (repeatable): a rule's severity, error|warning|information|hint, or off; as the
editor's wgls.rules setting (e.g. --rule world-readable=off in a repository, where git decides modes).
--only-configs: named files that do not look like WireGuard configs are skipped, as in a folder search
(for pre-commit and other tools that pass every *.conf).
Exit status: 0 no errors, 1 errors found, 2 usage or I/O problem (also: a directory without any config).`;

class UsageError extends Error {}

/**
 * What `pubkey` reads of standard input at most: a key and any blanks around it fit many times over.
 * (It read all of it: `wgls pubkey < /dev/zero` grew past 2 GB, where wg stays at 1.4 MB; CLI review.)
 */
const MAX_KEY_INPUT = 4096;


function main(argv: string[]): number {
  const [command, ...rest] = argv;
  // The key commands take no arguments (as wg's): `wgls genpsk --help` printed a key (CLI review).
  if (command === 'genkey' || command === 'genpsk' || command === 'pubkey') {
    if (rest.some((a) => a === '-h' || a === '--help')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (rest.length) throw new UsageError(`${command} takes no arguments`);
  }
  switch (command) {
    case 'check':
      return check(rest);
    case 'genkey':
      process.stdout.write(`${generatePrivateKey()}\n`);
      return 0;
    case 'genpsk':
      process.stdout.write(`${generatePresharedKey()}\n`);
      return 0;
    case 'pubkey': {
      let input: string;
      try {
        // More than a key could fill: no key ('').
        input = (readFdCappedSync(0, MAX_KEY_INPUT)?.toString('utf8') ?? '').trim();
      } catch (err) {
        // (`wgls pubkey < /tmp`: EISDIR came out as an internal error with a stack trace.)
        process.stderr.write(`wgls pubkey: cannot read standard input (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
        return 2;
      }
      const pub = publicKeyOf(input);
      if (!pub) {
        // Never echo the input: it is a private key.
        process.stderr.write('wgls pubkey: Key is not the correct length or format\n');
        return 1;
      }
      process.stdout.write(`${pub}\n`);
      return 0;
    }
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case '-V':
    case '--version':
    case 'version':
      process.stdout.write(`wgls ${SERVER_VERSION}\n`);
      return 0;
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

function check(args: string[]): number {
  let format = 'text';
  let formatGiven = false;
  let target: Target = 'wg-quick';
  let targetGiven = false;
  let isolated = false;
  let fix: 'write' | 'dry-run' | undefined;
  let onlyConfigs = false;
  const severities: Record<string, SeverityOverride> = {};
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    // `--` ends the options: a file may be called `-x.conf`.
    if (a === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const noValue = () => {
      // `--fix=false` must not fix: a switch takes no value.
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    if (flag === '-h' || flag === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (flag === '--isolated') {
      noValue();
      isolated = true;
    } else if (flag === '--fix' || flag === '--fix-dry-run') {
      noValue();
      const mode = flag === '--fix' ? 'write' : 'dry-run';
      if (fix && fix !== mode) throw new UsageError('--fix and --fix-dry-run exclude each other');
      fix = mode;
    } else if (flag === '--format') {
      const f = value();
      if (!['text', 'json', 'sarif', 'github'].includes(f)) throw new UsageError(`unknown format "${f}"`);
      // (`--format json --format sarif` took the last: a script's mistake should not pass unseen.)
      if (formatGiven && f !== format) throw new UsageError(`--format given twice (${format}, ${f})`);
      format = f;
      formatGiven = true;
    } else if (flag === '--target') {
      // (Any case, as the `# wgls-target` comment and the wgls.target setting read it: settings review.)
      const given = value();
      const t = targetNamed(given);
      if (t === undefined) throw new UsageError(`unknown target "${given}"`);
      if (targetGiven && t !== target) throw new UsageError(`--target given twice (${target}, ${t})`);
      target = t;
      targetGiven = true;
    } else if (flag === '--rule') {
      const v = value();
      const eq = v.indexOf('=');
      const id = eq < 0 ? v : v.slice(0, eq);
      // (Any case, as the wgls.rules setting reads it: `=Off` works there, so it does here.)
      const severity = eq < 0 ? undefined : v.slice(eq + 1).toLowerCase();
      // (Own ids only: `constructor` is in every object.)
      if (!Object.hasOwn(RULES, id)) throw new UsageError(`unknown rule "${id}" (the rules: docs/rules/)`);
      if (severity === undefined || !SEVERITY_SETTINGS.has(severity)) throw new UsageError(`--rule ${v}: give a severity, ${[...SEVERITY_SETTINGS].join('|')}`);
      // Two different severities for one rule: refused, as a repeated --format or --target (CLI review:
      // the last one won silently). The same one twice is harmless.
      if (Object.hasOwn(severities, id) && severities[id] !== severity) throw new UsageError(`--rule ${id} given twice (${severities[id]}, ${severity})`);
      severities[id] = severity as SeverityOverride;
    } else if (flag === '--only-configs') {
      noValue();
      onlyConfigs = true;
    } else if (flag.startsWith('-') && flag !== '-') {
      throw new UsageError(`unknown option "${flag}"`);
    } else {
      paths.push(a);
    }
  }
  if (paths.length === 0) throw new UsageError('check needs at least one PATH');

  let ioError = false;
  /** I/O problems, said on stderr, and kept for the github format (an annotation with no file). */
  const ioProblems: string[] = [];
  const ioProblem = (message: string) => {
    // File names come from folders too: their escape sequences must not run on the terminal.
    process.stderr.write(`wgls: ${said(message)}\n`);
    ioProblems.push(redactKeys(message));
    ioError = true;
  };
  const files: string[] = [];
  const seen = new Map<string, number>();
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      // (`-` is no file here: a config is checked with its name, which wg-quick and the cross-file rules need.)
      const missing = p === '-' ? 'no such file or directory (reading standard input is not supported: name the file)' : 'no such file or directory';
      ioProblem(`${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? missing : reason(err)}`);
      continue;
    }
    let found = [p];
    if (stat.isDirectory()) {
      const search = findConfigFiles(p);
      for (const u of search.unreadable) ioProblem(u);
      found = search.files;
      // A CI job pointed at the wrong folder must not pass with "0 file(s) checked" (as eslint, exit 2).
      if (found.length === 0 && !search.unreadable.length) {
        ioProblem(`${p}: no WireGuard config found (files are recognised by their content: an [Interface] or [Peer] section)`);
      }
    } else if (!stat.isFile()) {
      // A FIFO would block the read forever; a device or socket is no config either.
      ioProblem(`${p}: not a regular file`);
      continue;
    }
    for (const file of found) {
      // A file named twice (`wg0.conf .`, through a symlink or a hard link) is checked, and fixed, once,
      // under the name wg-quick would load it by if it has one (file-name judges the name): a hard link
      // `alpha-hardlink` sorting before `wg0.conf` made a false error (CLI review).
      const id = fileId(file);
      const at = seen.get(id);
      if (at === undefined) {
        seen.set(id, files.length);
        files.push(file);
      } else {
        // Else, in one folder, the file itself over a link to it (CLI review: `link.conf -> wg0.conf`
        // sorting first named every problem of wg0.conf). Across folders the first named stays: a link
        // in /etc/wireguard is the name wg-quick loads the config by (diff review).
        const bad = (f: string) => fileNameProblem(path.basename(f), target) !== undefined;
        const sameFolder = path.dirname(files[at]!) === path.dirname(file);
        if ((bad(files[at]!) && !bad(file)) || (bad(files[at]!) === bad(file) && sameFolder && isLink(files[at]!) && !isLink(file))) files[at] = file;
      }
    }
  }

  // All the files checked together form one workspace: cross-file rules see both ends of each tunnel.
  const ws = new WorkspaceModel();
  const loaded: Array<{ file: string; raw: Buffer; text: string; uri: string; options: ValidateOptions }> = [];
  for (const file of files) {
    let raw: Buffer;
    try {
      // Named files are checked whatever their size, up to a bound no config comes near: a named
      // /dev/zero or /proc file must end in a message, not in memory exhaustion.
      const bytes = readCappedSync(file, MAX_NAMED_BYTES);
      if (bytes === undefined) {
        ioProblem(`${file}: larger than ${MAX_NAMED_BYTES / 1024 / 1024} MB, not read`);
        continue;
      }
      raw = bytes;
    } catch (err) {
      // (As for a file a folder search finds: `permission denied`, not Node's text that repeats the path.)
      ioProblem(`${file}: ${reason(err)}`);
      continue;
    }
    // A UTF-16 file is checked as an editor shows it, and the bom rule says what wg makes of its bytes.
    const { text, encoding } = configText(raw);
    // (Named files only: a folder search has judged its files by content already.)
    if (onlyConfigs && !looksLikeWireGuard(text)) continue;
    const uri = pathToFileURL(path.resolve(file)).toString();
    if (!isolated) ws.setText(uri, text);
    loaded.push({ file, raw, text, uri, options: { ...optionsFor(file, target), severities, ...(encoding ? { fileEncoding: encoding } : {}) } });
  }
  // Every file's secrets, once: a private key pasted as a PublicKey in another file is masked there too.
  let secrets: ReadonlySet<string> | undefined;
  // (The workspace has every file parsed already; --isolated parses them here.)
  const allSecrets = () => (secrets ??= secretsOf(loaded.map((l) => (isolated ? parse(l.text) : ws.get(l.uri)!.doc))));
  const problemsOf = (uri: string, text: string, options: ValidateOptions) => (isolated ? validate(parse(text), options) : validateInWorkspace(ws, ws.setText(uri, text), options));

  let fixedProblems = 0;
  let fixedFiles = 0;
  if (fix) {
    for (const f of loaded) {
      const { text, fixed } = fixText(f.text, (t) => problemsOf(f.uri, t, f.options));
      if (text === f.text) continue;
      const name = path.normalize(f.file);
      if (!roundTrips(f.raw, f.text)) {
        // Bytes that are not UTF-8 would come back as U+FFFD: leave the file as it is. Like any file
        // --fix cannot write, an I/O problem (exit 2); the dry run says so and goes on.
        // (A UTF-16 file would be written back as UTF-8: a change of encoding is the user's to make.)
        // The dry run reports what --fix would do, this included.
        const why = f.options.fileEncoding ? 'UTF-16 (save it as UTF-8 first)' : 'not valid UTF-8';
        ioProblem(`${name}: ${why}, so ${fix === 'write' ? 'not fixed' : '--fix would not fix it'} (${fixed} fixable problem(s))`);
        if (!isolated) ws.setText(f.uri, f.text);
        continue;
      }
      if (fix === 'dry-run') {
        const refused = refusalOf(f.file);
        if (refused) {
          // As --fix: not written, an I/O problem, and its problems stay in the report (CLI review: the
          // dry run counted such a file as fixed and passed where --fix exits 2).
          ioProblem(`${name}: --fix would not write it (${fixed} fixable problem(s)): ${refused}`);
          if (!isolated) ws.setText(f.uri, f.text);
          continue;
        }
        process.stderr.write(`wgls: ${said(name)}: would fix ${fixed} problem(s)\n`);
        // On stdout only before a text report: json, sarif and github output must stay parseable.
        (format === 'text' ? process.stdout : process.stderr).write(`${unifiedDiff(name, f.text, text, allSecrets())}\n`);
      } else {
        try {
          writeFixed(f.file, f.raw, text);
          process.stderr.write(`wgls: ${said(name)}: fixed ${fixed} problem(s)\n`);
        } catch (err) {
          ioProblem(`${name}: ${(err as Error).message}`);
          if (!isolated) ws.setText(f.uri, f.text);
          continue;
        }
      }
      f.text = text;
      // The workspace holds the text of the last pass that found fixes; the report reads this one.
      if (!isolated) ws.setText(f.uri, text);
      fixedProblems += fixed;
      fixedFiles++;
    }
  }

  const results: FileProblems[] = [];
  for (const { file, text, uri, options } of loaded) {
    const problems = isolated ? validate(parse(text), options) : validateInWorkspace(ws, ws.get(uri)!, options);
    results.push({ file: path.normalize(file), text, problems });
  }

  const count = (s: string) => results.reduce((n, r) => n + r.problems.filter((p) => p.severity === s).length, 0);
  if (format === 'json') {
    process.stdout.write(`${formatJson(results)}\n`);
  } else if (format === 'sarif') {
    process.stdout.write(`${formatSarif(results, RULES, SERVER_VERSION, { executionSuccessful: !ioError, cwd: process.cwd(), notifications: ioProblems })}\n`);
  } else if (format === 'github') {
    const body = formatGithub(results, ioProblems);
    if (body) process.stdout.write(`${body}\n`);
  } else {
    const body = formatText(results, process.stdout.isTTY === true && !process.env.NO_COLOR, allSecrets());
    if (body) process.stdout.write(`${body}\n`);
    const fixedNote = fix ? `${fix === 'write' ? 'fixed' : 'would fix'} ${fixedProblems} problem(s) in ${fixedFiles} file(s); ` : '';
    process.stdout.write(
      `${loaded.length} file(s) checked: ${fixedNote}${count('error')} error(s), ${count('warning')} warning(s), ` +
        `${count('information') + count('hint')} note(s)${fix ? ' left' : ''}.${fixableNote(results, fix)}\n`,
    );
  }
  if (ioError) return 2;
  return count('error') > 0 ? 1 : 0;
}

/** Without --fix: how many of the problems it would fix, as eslint says (Fix all's edits, one pass). */
function fixableNote(results: readonly FileProblems[], fix: 'write' | 'dry-run' | undefined): string {
  if (fix) return '';
  const n = results.reduce((sum, r) => sum + fixAllEdits(r.problems).fixed, 0);
  return n ? ` ${n} fixable with --fix.` : '';
}

/** Whether `file` is a symbolic link (false when it cannot be looked at). */
function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The file's identity on disk: its device and inode, else (unreadable) its absolute path. */
function fileId(file: string): string {
  try {
    const { dev, ino } = fs.statSync(file);
    return `${dev}:${ino}`;
  } catch {
    return path.resolve(file);
  }
}

/** wg-quick's own checks on the file: its name is the interface name, its mode guards the keys. */
function optionsFor(file: string, target: Target): ValidateOptions {
  let fileMode: number | undefined;
  let dirMode: number | undefined;
  try {
    fileMode = fs.statSync(file).mode & 0o777;
    dirMode = fs.statSync(path.dirname(path.resolve(file))).mode & 0o777;
  } catch {
    // unknown modes: the rule stays quiet
  }
  return { target, fileName: path.basename(file), ...(process.platform === 'win32' ? {} : { fileMode, dirMode }) };
}

// A reader that stops early (`wgls check … | head`): the rest of the output has nowhere to go, which
// is no error of ours. Without this, the failed write ended the process with a stack trace; now it
// exits with the status the check decided. Any other failed write (a full disk, `> /dev/full`) is an
// I/O problem: exit 2, not 1, which would say "errors found" (CLI review: a stack trace and 1).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    if (stream === process.stdout) {
      try {
        fs.writeSync(2, `wgls: cannot write the output: ${err.code ?? err.message}\n`);
      } catch {
        // stderr is gone too: the status says it
      }
    }
    process.exit(2);
  });
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`wgls: ${said(err.message)}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`wgls: internal error: ${redactFailure(err)}\n`);
    process.exitCode = 2;
  }
}
