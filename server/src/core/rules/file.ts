// The file itself: its name (wg-quick derives the interface name from it) and its
// permissions (a private key readable by others). The glue supplies both; the
// engine never touches the file system.

import type { RuleContext } from './context.ts';
import { lineRange } from '../span.ts';
import { quickName, readByQuick } from './apps.ts';
import type { Target } from '../schema.ts';

const WG_QUICK_NAME = /^[a-zA-Z0-9_=+.-]{1,15}\.conf$/;
const WINDOWS_NAME = /^[a-zA-Z0-9_=+.-]{1,32}\.conf(\.dpapi)?$/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

export function checkFile(ctx: RuleContext): void {
  checkName(ctx);
  checkMode(ctx);
}

function firstRange(ctx: RuleContext) {
  const first = ctx.doc.sections[0];
  return first ? lineRange(first.headerLine, first.header.name) : lineRange(0, { start: 0, end: 0 });
}

function checkName(ctx: RuleContext) {
  const name = ctx.options.fileName;
  if (!name) return;
  const problem = fileNameProblem(name, ctx.target);
  if (problem) ctx.report({ rule: 'file-name', range: firstRange(ctx), message: `File name "${name}": ${problem}` });
}

/**
 * What `target` makes of a config's file name, when it cannot use it; undefined when it can. Also
 * asked of the names Add peer and Create counterpart give new files.
 */
export function fileNameProblem(name: string, target: Target): string | undefined {
  // `.` and `..` are no interface names on Linux (dev_valid_name), whatever the pattern allows.
  const dots = (stem: string) => stem === '.' || stem === '..';
  if (target === 'android') {
    // The app names the tunnel after the file (without .conf), with wg-quick's pattern (Tunnel.java, §2.1).
    const stem = name.replace(/\.conf$/, '');
    if (!/^[a-zA-Z0-9_=+.-]{1,15}$/.test(stem) || dots(stem)) {
      return `"${stem}" is no tunnel name the Android app takes (1–15 of letters, digits and _=+.-): it refuses to import the file under this name.`;
    }
  } else if (readByQuick(target)) {
    const stem = name.replace(/\.conf$/, '');
    if (!WG_QUICK_NAME.test(name) || dots(stem)) {
      const problem = !name.endsWith('.conf')
        ? `${quickName(target)} only loads files named <interface>.conf`
        : stem.length > 15
          ? `"${stem}" is ${stem.length} characters; interface names have at most 15`
          : dots(stem)
            ? `"${stem}" is no interface name (Linux refuses it)`
            : `"${stem}" has characters interface names cannot have (allowed: letters, digits and _=+.-)`;
      return `${problem}: ${quickName(target)} stops with "The config file must be a valid interface name, followed by .conf".`;
    }
  } else if (target === 'windows') {
    const stem = name.replace(/\.conf(\.dpapi)?$/, '');
    if (!WINDOWS_NAME.test(name) || WINDOWS_RESERVED.test(stem.split('.')[0]!) || stem.startsWith('.') || stem.endsWith('.')) {
      return `"${stem}" is not a valid Windows tunnel name (1–32 of letters, digits and _=+.-, not a reserved device name): "Tunnel name is not valid".`;
    }
  }
  return undefined;
}

/**
 * A file name as a shell command line takes it: quoted when it holds anything but safe characters, and
 * after `./` when it starts with `-` (chmod would read `-x.conf` as a mode: diff review).
 */
function shellWord(name: string): string {
  const path = name.startsWith('-') ? `./${name}` : name;
  return /^[A-Za-z0-9_.+,=@%/:-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

function checkMode(ctx: RuleContext) {
  const mode = ctx.options.fileMode;
  if (mode === undefined) return;
  const secret = ctx.model.entries.find((e) => e.match?.info.secret && e.node.valueText !== '');
  if (!secret || (mode & 0o077) === 0) return;
  const dir = ctx.options.dirMode ?? 0o777;
  // wg-quick's own test (reference 2.2): the file's and the folder's "others" bits together.
  const worldAccessible = (mode & dir & 0o007) !== 0;
  const octal = (m: number) => (m & 0o777).toString(8).padStart(3, '0');
  const verb = (bits: number) => (bits & 4 ? (bits & 2 ? 'read and change' : 'read') : bits & 2 ? 'change' : 'execute');
  // Who can do what: a folder without x for them keeps them out; one with x but not r lets them reach
  // the file by name (the path of /etc/wireguard/wg0.conf is no secret).
  const group = (mode >> 3) & 7;
  const others = mode & 7;
  const who: string[] = [];
  // (One clause when the group and everyone else can do the same: "its group can read it; anyone on the
  // machine can read it" read as two findings, real-world review.)
  if (group && others && dir & 0o010 && dir & 0o001 && verb(group) === verb(others)) who.push(`its group and anyone on the machine can ${verb(others)} it${dir & 0o004 ? '' : ' by its name'}`);
  else if (group && others && (dir & 0o011) === 0) who.push(`its group and others could ${verb(group | others)} it, but its folder (mode ${octal(dir)}) keeps them out`);
  else if (group) who.push(dir & 0o010 ? `its group can ${verb(group)} it` : `its group could ${verb(group)} it, but its folder (mode ${octal(dir)}) keeps the group out`);
  if (others && !(group && (dir & 0o011) === 0) && !(group && dir & 0o010 && dir & 0o001 && verb(group) === verb(others))) {
    who.push(
      dir & 0o001
        ? `anyone on the machine can ${verb(others)} it${dir & 0o004 ? '' : ' by its name'}`
        : `others could ${verb(others)} it, but its folder (mode ${octal(dir)}) keeps them out`,
    );
  }
  ctx.report({
    rule: 'world-readable',
    // Readable or writable by anyone who can reach it by name is a warning too, though wg-quick's test
    // misses it: whoever can write the file can add a PostUp, which wg-quick runs as root.
    severity: worldAccessible || (others & 6 && dir & 0o001) ? 'warning' : 'information',
    range: lineRange(secret.line, secret.node.key),
    message: `This file holds a ${secret.match!.info.name} but its mode is ${octal(mode)}: ${who.join('; ')}${worldAccessible && readByQuick(ctx.target) ? ` (${quickName(ctx.target)} warns "world accessible")` : ''}. Run: ${ctx.options.fileName ? `chmod 600 ${shellWord(ctx.options.fileName)}` : 'chmod 600 on the file'}.`,
  });
}
