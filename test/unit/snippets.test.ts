// The snippets must expand to configurations the engine accepts: every body, with its tab stops
// filled with their defaults (and key placeholders with a valid key), parses without syntax
// problems, uses only schema keys spelled canonically in their own section, and every PostUp
// rule is undone by the PostDown on the same snippet.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type EntryLine } from '../../server/src/core/parser.ts';
import { validate } from '../../server/src/core/validate.ts';
import { lookupKey } from '../../server/src/core/schema.ts';
import { generateKeyPair, isValidKey } from '../../server/src/core/keys.ts';
import { WorkspaceModel } from '../../server/src/core/workspace.ts';
import { validateInWorkspace } from '../../server/src/core/validate.ts';

const SNIPPETS_PATH = join(__dirname, '..', '..', 'snippets', 'wireguard.code-snippets');

/** A syntactically valid WireGuard key (43rd character leaves the padding bits zero). */
const VALID_KEY = 'A'.repeat(43) + '=';

/** Rules a snippet may never trigger: the text itself would be broken. */
const SYNTAX_RULES = new Set(['invalid-line', 'unknown-section', 'malformed-section-header', 'key-outside-section', 'empty-value']);

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

interface TabStop {
  readonly index: number;
  /** The placeholder's default text ('' for a bare `$1`), or the first choice. */
  readonly value: string;
  readonly choices?: readonly string[];
}

/**
 * Expands VS Code snippet syntax: `$1`, `${1}`, `${1:default}` (defaults may nest), `${1|a,b|}`
 * and `\` escapes. `fill` picks each placeholder's text; anything else (variables, regex
 * transforms) throws, so a body using syntax this test does not understand fails loudly.
 */
function expand(body: string, fill: (stop: TabStop) => string = (s) => s.value): { text: string; stops: TabStop[] } {
  const stops: TabStop[] = [];
  let i = 0;
  const readUntil = (terminators: string, escapable: string): string => {
    let out = '';
    while (i < body.length && !terminators.includes(body[i]!)) {
      if (body[i] === '\\' && escapable.includes(body[i + 1] ?? '')) {
        out += body[i + 1];
        i += 2;
      } else if (body[i] === '$' && terminators === '}') {
        out += readDollar();
      } else {
        out += body[i++];
      }
    }
    return out;
  };
  const readNumber = (): number => {
    const m = /^\d+/.exec(body.slice(i));
    if (!m) throw new Error(`unsupported snippet syntax at ${i}: ${body.slice(i - 1, i + 20)}`);
    i += m[0].length;
    return Number(m[0]);
  };
  const readDollar = (): string => {
    i++; // $
    if (body[i] !== '{') {
      const stop = { index: readNumber(), value: '' };
      stops.push(stop);
      return fill(stop);
    }
    i++; // {
    const index = readNumber();
    let stop: TabStop;
    if (body[i] === '}') {
      stop = { index, value: '' };
    } else if (body[i] === ':') {
      i++;
      stop = { index, value: readUntil('}', '$}\\') };
    } else if (body[i] === '|') {
      i++;
      const raw = readUntil('|', ',|\\');
      i++; // |
      const choices = raw.split(',');
      stop = { index, value: choices[0]!, choices };
    } else {
      throw new Error(`unsupported snippet syntax at ${i}: ${body.slice(i - 3, i + 20)}`);
    }
    if (body[i] !== '}') throw new Error(`unterminated placeholder at ${i}`);
    i++;
    stops.push(stop);
    return fill(stop);
  };
  let text = '';
  while (i < body.length) {
    if (body[i] === '\\' && '$}\\'.includes(body[i + 1] ?? '')) {
      text += body[i + 1];
      i += 2;
    } else if (body[i] === '$') {
      text += readDollar();
    } else {
      text += body[i++];
    }
  }
  return { text, stops };
}

/** Key placeholders say what to paste (`<public key of the hub>`): fill them with a real key. */
function fillDefaults(stop: TabStop): string {
  return /\bkey\b/i.test(stop.value) ? VALID_KEY : stop.value;
}

const raw = readFileSync(SNIPPETS_PATH, 'utf8');
const snippets = JSON.parse(raw) as Record<string, Snippet>;
const bodyOf = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);
const prefixesOf = (s: Snippet) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);

/**
 * The snippet as the user gets it, defaults accepted. A fragment (a PostUp/PostDown pair) is
 * inserted under a section header, so it is checked under the header its first key belongs to.
 */
function expandedConfig(s: Snippet, eol = '\n'): string {
  const text = expand(bodyOf(s), fillDefaults).text;
  const first = text.split('\n').find((l) => l.trim() !== '')!;
  let config = text;
  if (!first.trim().startsWith('[')) {
    const key = lookupKey(first.slice(0, first.indexOf('=')).trim());
    assert.ok(key, `fragment starts with a schema key: ${first}`);
    config = `[${key.info.section}]\n${text}`;
  }
  return config.split('\n').join(eol);
}

function entriesBySection(text: string): { section: string; entry: EntryLine }[] {
  const doc = parse(text);
  return doc.sections.flatMap((s) => s.entries.map((e) => ({ section: s.header.nameText, entry: e.node })));
}

/** The commands of every `key` line, split at `;` and `&&` (wg-quick runs each line with bash). */
function commands(text: string, key: string): string[] {
  return entriesBySection(text)
    .filter(({ entry }) => entry.keyText === key)
    .flatMap(({ entry }) => entry.valueText.split(/;|&&/))
    .map((c) => c.trim().replace(/\s+/g, ' '))
    .filter((c) => c !== '');
}

/** The command that undoes an iptables-style rule: `-A`/`-I CHAIN [n]` becomes `-D CHAIN`. */
function undo(command: string): string | undefined {
  if (/ -A /.test(command)) return command.replace(/ -A /, ' -D ');
  if (/ -I /.test(command)) return command.replace(/ -I (\S+)(?: \d+)? /, ' -D $1 ');
  return undefined;
}

describe('snippets file', () => {
  test('is strict JSON (no comments or trailing commas) and not empty', () => {
    assert.doesNotThrow(() => JSON.parse(raw));
    assert.ok(Object.keys(snippets).length >= 10);
  });

  test('every snippet has a prefix, a body and a description; prefixes are unique', () => {
    const seen = new Set<string>();
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(prefixesOf(s).length > 0 && prefixesOf(s).every((p) => typeof p === 'string' && p !== ''), `${name}: prefix`);
      assert.ok(typeof s.body === 'string' || (Array.isArray(s.body) && s.body.every((l) => typeof l === 'string')), `${name}: body`);
      assert.ok(bodyOf(s).trim() !== '', `${name}: body is not empty`);
      assert.ok(typeof s.description === 'string' && s.description.length >= 20, `${name}: description`);
      for (const p of prefixesOf(s)) {
        assert.ok(!seen.has(p), `prefix ${p} is used twice`);
        seen.add(p);
      }
    }
  });

  test('the expander understands the syntax it is used on', () => {
    const r = expand('a ${1:x} ${2|p,q|} $3 ${1:x} \\$ ${4:<${5:n}>}');
    assert.equal(r.text, 'a x p  x $ <n>');
    assert.deepEqual(r.stops.map((s) => s.index), [1, 2, 3, 1, 5, 4]);
    assert.throws(() => expand('${TM_FILENAME}'));
  });
});

describe('snippets: each body', () => {
  for (const [name, s] of Object.entries(snippets)) {
    describe(name, () => {
      test('tab stops are numbered 1..n without gaps, and repeated stops share their default', () => {
        const { stops } = expand(bodyOf(s));
        const numbers = [...new Set(stops.map((t) => t.index).filter((n) => n > 0))].sort((a, b) => a - b);
        assert.deepEqual(numbers, numbers.map((_, k) => k + 1));
        for (const stop of stops) {
          const first = stops.find((t) => t.index === stop.index)!;
          assert.equal(stop.value, first.value, `$${stop.index} is mirrored with the same default`);
        }
      });

      test('left as inserted (key placeholders unfilled), each placeholder gets one invalid-key and no other key problem', () => {
        const text = expand(bodyOf(s)).text;
        const first = text.split('\n').find((l) => l.trim() !== '')!;
        const config = first.trim().startsWith('[') ? text : `[${lookupKey(first.slice(0, first.indexOf('=')).trim())!.info.section}]\n${text}`;
        const doc = parse(config);
        const placeholders = doc.lines.map((l, line) => ({ line, node: l.node })).filter(({ node }) => node.kind === 'entry' && /^<.*>$/.test(node.valueText) && /key/i.test(node.keyText));
        const problems = validate(doc).filter((p) => placeholders.some((h) => h.line === p.range.start.line));
        assert.deepEqual(problems.map((p) => [p.rule, p.range.start.line]), placeholders.map((h) => ['invalid-key', h.line]), config);
      });

      for (const eol of ['\n', '\r\n']) {
        test(`with defaults it parses without syntax problems (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
          const text = expandedConfig(s, eol);
          const problems = validate(parse(text)).filter((p) => SYNTAX_RULES.has(p.rule));
          assert.deepEqual(problems.map((p) => `${p.rule} at line ${p.range.start.line}: ${p.message}`), [], text);
        });
      }

      test('uses only schema keys, spelled canonically, in their own section; keys are valid', () => {
        const entries = entriesBySection(expandedConfig(s));
        assert.ok(entries.length > 0);
        for (const { section, entry } of entries) {
          const match = lookupKey(entry.keyText);
          assert.ok(match, `${entry.keyText} is a schema key`);
          assert.ok(match.canonical, `${entry.keyText} is spelled ${match.info.name}`);
          assert.equal(section, match.info.section, `${entry.keyText} belongs in [${match.info.section}]`);
          if (match.info.kind.endsWith('-key')) assert.ok(isValidKey(entry.valueText), `${entry.keyText} = ${entry.valueText}`);
        }
      });

      test('every PostUp rule is undone by the PostDown, in reverse order', () => {
        const text = expandedConfig(s);
        const up = commands(text, 'PostUp');
        const down = commands(text, 'PostDown');
        for (const c of up) assert.ok(undo(c), `PostUp "${c}" adds a rule (-A/-I) that PostDown can delete`);
        assert.deepEqual(down, up.map((c) => undo(c)!).reverse());
        assert.deepEqual(commands(text, 'PreUp'), [], 'no PreUp without a PreDown');
      });
    });
  }

  test('the topologies users build are all there', () => {
    const prefixes = new Set(Object.values(snippets).flatMap(prefixesOf));
    for (const p of [
      'wg-interface', 'wg-peer', 'wg-point-to-point', 'wg-hub-interface', 'wg-hub-peer', 'wg-hub-peer-lan',
      'wg-spoke', 'wg-site-to-site', 'wg-client-full-tunnel', 'wg-nat', 'wg-docker-forward',
    ]) {
      assert.ok(prefixes.has(p), `snippet ${p}`);
    }
  });

  test('snippets inserted together with their defaults do not conflict (snippets review)', () => {
    const byPrefix = (p: string) => expandedConfig(Object.values(snippets).find((s) => prefixesOf(s).includes(p))!);
    const rulesOf = (text: string): string[] => validate(parse(text)).map((p) => p.rule);
    // A hub with one plain spoke and one with a LAN: no two peers own one address.
    const hub = [byPrefix('wg-hub-interface'), byPrefix('wg-hub-peer'), byPrefix('wg-hub-peer-lan')].join('\n');
    assert.ok(!rulesOf(hub).includes('allowed-ips-overlap'), rulesOf(hub).join(', '));
    // A hub (wg-hub-interface, wg-hub-peer, wg-hub-peer-lan) and two spokes made of wg-interface and wg-peer,
    // checked as one workspace with real keys: the spokes route the hub's subnet (each other too) and keep
    // themselves reachable (diff review: single-file checks could not see unrouted-neighbor).
    const [h, a, b] = [generateKeyPair(), generateKeyPair(), generateKeyPair()];
    const withKeys = (text: string, ...keys: string[]) => keys.reduce((t, k) => t.replace(VALID_KEY, k), text);
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/hub.conf', withKeys(hub, h.privateKey, a.publicKey, b.publicKey));
    const spoke = (self: { privateKey: string }, address: string) => withKeys(`${byPrefix('wg-interface')}\n${byPrefix('wg-peer')}`, self.privateKey, h.publicKey).replace('Address = 10.0.0.2/24', `Address = ${address}`);
    const files = [ws.setText('file:///ws/a.conf', spoke(a, '10.0.0.2/24')), ws.setText('file:///ws/b.conf', spoke(b, '10.0.0.3/24'))];
    for (const f of files) {
      const found = validateInWorkspace(ws, f, {}).map((p) => p.rule);
      for (const rule of ['unrouted-neighbor', 'allowed-ips-miss-address', 'missing-keepalive', 'counterpart-missing-peer']) assert.ok(!found.includes(rule as never), `${f.uri}: ${found.join(', ')}`);
    }
  });

  test('a snippet with iptables hooks says it is for wg-quick on Linux (the apps run no hooks)', () => {
    for (const [name, s] of Object.entries(snippets)) {
      if (/iptables/.test(bodyOf(s))) assert.match(s.description, /^wg-quick on Linux/, name);
    }
  });

  test('topology details: spoke keepalive, full-tunnel routes and DNS, hub peers, Docker inserts', () => {
    const byPrefix = (p: string) => expandedConfig(Object.values(snippets).find((s) => prefixesOf(s).includes(p))!);
    const value = (text: string, key: string) => entriesBySection(text).filter(({ entry }) => entry.keyText === key).map(({ entry }) => entry.valueText);
    assert.deepEqual(value(byPrefix('wg-spoke'), 'PersistentKeepalive'), ['25']);
    assert.deepEqual(value(byPrefix('wg-client-full-tunnel'), 'AllowedIPs'), ['0.0.0.0/0, ::/0']);
    assert.equal(value(byPrefix('wg-client-full-tunnel'), 'DNS').length, 1);
    assert.match(value(byPrefix('wg-hub-peer'), 'AllowedIPs')[0]!, /^[\d.]+\/32$/);
    assert.match(value(byPrefix('wg-hub-peer-lan'), 'AllowedIPs')[0]!, /^[\d.]+\/32, [\d.]+\/24$/);
    assert.deepEqual(value(byPrefix('wg-hub-interface'), 'ListenPort'), ['51820']);
    assert.ok(commands(byPrefix('wg-nat'), 'PostUp').some((c) => c.includes('-t nat -A POSTROUTING') && c.endsWith('-j MASQUERADE')));
    const docker = commands(byPrefix('wg-docker-forward'), 'PostUp');
    assert.ok(docker.length > 0 && docker.every((c) => c.includes(' -I DOCKER-USER ')));
  });
});
