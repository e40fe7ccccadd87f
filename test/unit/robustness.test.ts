// Bad and huge input: parse and validate must finish with sane results. Timings are
// printed (t.diagnostic) but never asserted: CI machines vary; bench/ measures speed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { LineCache, parse, print, type ConfigDocument } from '../../server/src/core/parser.ts';
import { validate } from '../../server/src/core/validate.ts';
import type { Problem } from '../../server/src/core/problem.ts';
import { finish } from '../../server/src/core/rules/context.ts';
import { NONE } from '../../server/src/core/rules/suppressions.ts';
import { plainNode } from './fixtures/parser/plain.ts';
import { generateHub } from '../../bench/generate.ts';
import { distance } from '../../server/src/core/strings.ts';

/** A deterministic byte source (mulberry32), so a failure reproduces. */
function randomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let a = seed >>> 0;
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

interface Outcome {
  doc: ConfigDocument;
  problems: Problem[];
}

/**
 * Parses and (unless `validateToo` is false) validates `text`, checks the round trip, and
 * reports how long each step took.
 */
function check(t: { diagnostic(message: string): void }, label: string, text: string, validateToo = true): Outcome {
  const t0 = performance.now();
  const doc = parse(text);
  const t1 = performance.now();
  const problems = validateToo ? validate(doc) : [];
  const t2 = performance.now();
  assert.equal(print(doc), text, 'round trip');
  const kb = (text.length / 1024).toFixed(0);
  const v = validateToo ? `validate ${(t2 - t1).toFixed(1)} ms, ${problems.length} problems` : 'not validated';
  t.diagnostic(`${label}: ${kb} K chars, ${doc.lines.length} lines, parse ${(t1 - t0).toFixed(1)} ms, ${v}`);
  return { doc, problems };
}

/** Rules that mean the parser or the syntax rules went wrong on well-formed input. */
const SYNTAX_RULES = ['invalid-line', 'unknown-section', 'malformed-section-header', 'key-outside-section', 'empty-value', 'bom'];
const syntaxRules = (problems: readonly Problem[]) => rules(problems).filter((r) => SYNTAX_RULES.includes(r));

// Full-size validations: they once exposed a quadratic step in validate() (fixed); they assert
// results, never times (timings are printed).
const slow = {};

const rules = (problems: readonly Problem[]) => [...new Set(problems.map((p) => p.rule))].sort();

test('random binary bytes, decoded as UTF-8 and as Latin-1', (t) => {
  for (const seed of [1, 2, 3]) {
    const bytes = randomBytes(256 * 1024, seed);
    const newlines = bytes.filter((b) => b === 0x0a).length;
    for (const encoding of ['utf8', 'latin1'] as const) {
      const text = bytes.toString(encoding);
      const { doc } = check(t, `binary seed ${seed} ${encoding}`, text);
      // Every LF ends a line; CRs add more (lone) or none (before an LF).
      assert.ok(doc.lines.length >= newlines + 1, 'at least one line per LF');
    }
  }
});

test('NUL bytes everywhere', (t) => {
  const text = '\0[Interface\0]\0\nPrivate\0Key = \0\0\n\0\0\0\n[Peer]\nPublicKey = a\0b\n'.repeat(1000);
  const { doc } = check(t, 'NUL', text);
  assert.equal(doc.lines.length, 5 * 1000 + 1);
  // A NUL is ordinary content, not whitespace: '\0[Interface\0]\0' is no header.
  assert.equal(doc.lines[0]!.node.kind, 'invalid');
  assert.equal(doc.lines[1]!.node.kind, 'entry');
  assert.equal(doc.sections.length, 1000);
});

test('a 1 MB single line', (t) => {
  const cases: Array<[string, string, string]> = [
    ['value', `PostUp = ${'x'.repeat(1 << 20)}`, 'entry'],
    ['junk', 'y'.repeat(1 << 20), 'invalid'],
    ['header', `[${'Peer '.repeat(200_000)}`, 'section'],
    ['comment', `#${'='.repeat(1 << 20)}`, 'comment'],
    ['equals', '='.repeat(1 << 20), 'entry'],
    ['blanks', ' \t'.repeat(1 << 19), 'blank'],
  ];
  for (const [label, text, kind] of cases) {
    const { doc } = check(t, `1 MB ${label}`, text);
    assert.equal(doc.lines.length, 1);
    assert.equal(doc.lines[0]!.node.kind, kind, label);
  }
});

test('a 1 MB key name in [Interface] and [Peer], a 1 MB wgls-target word (fuzzing: 1 s per edit once)', (t) => {
  const long = 'K'.repeat(1 << 20);
  const { problems } = check(t, '1 MB key', `# wgls-target ${long}\n[Interface]\n${long} = v\nPrivatKey${long} = x\n\n[Peer]\n${long}=1\n`);
  assert.deepEqual(
    problems.filter((p) => p.rule === 'unknown-key').map((p) => [p.range.start.line, p.message.includes('did you mean')]),
    [[2, false], [3, false], [6, false]],
  );
  assert.ok(problems.some((p) => p.rule === 'ignored-target-comment' && p.range.start.line === 0));
  // Messages and fix titles name the long text, cut short, instead of carrying a megabyte each.
  for (const p of problems) for (const shown of [p.message, ...(p.fixes ?? []).map((f) => f.title)]) assert.ok(shown.length < 400 && !/\S{81}/.test(shown), shown.slice(0, 200));
  // The did-you-mean distance answers "farther than max" from the lengths alone.
  assert.equal(distance(long, 'privatekey', 2), 3);
  assert.equal(distance('listenprot', 'listenport', 2), 2);
});

const BLOCK = ['[Peer]', 'PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=', 'AllowedIPs = 10.0.0.2/32', '# note', ''];
const HUNDRED_K = Array.from({ length: 20_000 }, () => BLOCK.join('\n')).join('\n');

test('100,000 lines', (t) => {
  const { doc } = check(t, '100k lines (LF)', HUNDRED_K, false);
  assert.equal(doc.lines.length, 100_000);
  assert.equal(doc.sections.length, 20_000);

  const crlf = check(t, '100k lines (CRLF)', HUNDRED_K.replace(/\n/g, '\r\n'), false);
  assert.equal(crlf.doc.lines.length, 100_000);
  assert.deepEqual(crlf.doc.lines.map((l) => plainNode(l.node)), doc.lines.map((l) => plainNode(l.node)));

  const junk = check(t, '100k invalid lines', 'junk\n'.repeat(100_000));
  assert.equal(junk.doc.lines.length, 100_001);
  assert.equal(junk.problems.length, 100_000);
  assert.deepEqual(rules(junk.problems), ['invalid-line']);
});

test('100,000 lines (20,000 sections) validate', slow, (t) => {
  const { problems } = check(t, '100k lines validated', HUNDRED_K);
  assert.deepEqual(syntaxRules(problems), []);
});

test('BOM, alone and before a large file', (t) => {
  const alone = check(t, 'BOM only', '\uFEFF');
  assert.equal(alone.doc.bom, true);
  assert.deepEqual(syntaxRules(alone.problems), ['bom']);

  const body = generateHub(1000);
  const big = check(t, 'BOM + 1,000 peers', `\uFEFF${body}`);
  assert.equal(big.doc.bom, true);
  assert.equal(big.doc.lines.length, parse(body).lines.length);
  assert.deepEqual(syntaxRules(big.problems), ['bom']);
  assert.deepEqual(big.problems[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
});

const CR_ONLY = '[Interface]\rPrivateKey = k\r\r[Peer]\rPublicKey = p\r'.repeat(10_000);

test('CR-only line ends (classic Mac)', (t) => {
  const { doc } = check(t, 'CR only', CR_ONLY, false);
  assert.equal(doc.lines.length, 50_001);
  assert.ok(doc.lines.slice(0, -1).every((l) => l.eol === '\r'));
  assert.equal(doc.sections.length, 20_000);

  const small = check(t, 'CR only, 100 sections', '[Interface]\rPrivateKey = k\r\r[Peer]\rPublicKey = p\r'.repeat(50));
  assert.equal(small.doc.sections.length, 100);
  assert.deepEqual(syntaxRules(small.problems), []);

  const crs = check(t, '100k bare CRs', '\r'.repeat(100_000));
  assert.equal(crs.doc.lines.length, 100_001);
});

test('CR-only line ends, 20,000 sections validate', slow, (t) => {
  const { problems } = check(t, 'CR only validated', CR_ONLY);
  assert.deepEqual(syntaxRules(problems), []);
});

test('1,000 generated peers parse and validate', (t) => {
  const text = generateHub(1000);
  const { doc, problems } = check(t, '1,000 peers (bench/generate.ts)', text);
  assert.equal(doc.sections.filter((s) => s.kind === 'peer').length, 1000);
  assert.deepEqual(syntaxRules(problems), []);
});

test('5,000 [Peer] sections', (t) => {
  const text = generateHub(5000);
  const { doc } = check(t, '5,000 peers', text, false);
  assert.equal(doc.sections.length, 5001);
  assert.equal(doc.sections.filter((s) => s.kind === 'peer').length, 5000);
  assert.ok(doc.sections.every((s) => s.kind === 'interface' || s.entries.length >= 3));

  // Same text through a warm cache: same result (timing only printed).
  const cache = new LineCache();
  parse(text, cache);
  const t0 = performance.now();
  const cached = parse(text, cache);
  t.diagnostic(`5,000 peers, warm LineCache: parse ${(performance.now() - t0).toFixed(1)} ms`);
  assert.deepEqual(cached, doc);

  const headersOnly = check(t, '5,000 bare headers', '[Peer]\n'.repeat(5000));
  assert.equal(headersOnly.doc.sections.length, 5000);
});

test('5,000 [Peer] sections validate', slow, (t) => {
  const { problems } = check(t, '5,000 peers validated', generateHub(5000));
  assert.deepEqual(syntaxRules(problems), []);
});

test('pathological mixes', (t) => {
  const mixes: Array<[string, string]> = [
    ['brackets', '[[[[]]]]=[=]#[#]'.repeat(50_000)],
    ['lone surrogates', '\ud800[Peer\udc00]\n\udfff = \ud83d\n'.repeat(20_000)],
    ['unicode line separators', '[Peer]\u2028PublicKey = x\u2029\u0085\n'.repeat(2_000)],
    ['suppression comments', '# wgls-disable-next-line invalid-line\njunk # wgls-disable-line\n# wgls-disable\n'.repeat(20_000)],
  ];
  for (const [label, text] of mixes) check(t, label, text);
});

test('a line of 100,000 bad list items lists the first 100 of each rule and sums up the rest (no seconds per keystroke)', (t) => {
  const key = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
  const peer = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
  for (const eol of ['\n', '\r\n']) {
    const items = Array.from({ length: 100_000 }, (_, i) => `x${i}`).join(',');
    const text = ['[Interface]', `PrivateKey = ${key}`, '[Peer]', `PublicKey = ${peer}`, `AllowedIPs = ${items}`, 'AllowedIPs = y, 10.0.0.2/32', ''].join(eol);
    const { problems } = check(t, `100k bad AllowedIPs items (${eol === '\n' ? 'LF' : 'CRLF'})`, text);
    const onLine = (n: number) => problems.filter((p) => p.rule === 'invalid-allowed-ip' && p.range.start.line === n);
    const listed = onLine(4);
    assert.equal(listed.length, 101);
    // The first 100 items one by one, at their own ranges…
    const at = (i: number) => 'AllowedIPs = '.length + items.indexOf(`,x${i},`) + 1;
    assert.deepEqual(listed[99]!.range, { start: { line: 4, character: at(99) }, end: { line: 4, character: at(99) + 3 } });
    assert.match(listed[99]!.message, /"x99" is not an IP address/);
    // …then one problem from the 101st item to the last, with the count.
    const summary = listed[100]!;
    assert.deepEqual(summary.range, { start: { line: 4, character: at(100) }, end: { line: 4, character: 'AllowedIPs = '.length + items.length } });
    assert.equal(summary.severity, 'error');
    assert.equal(summary.message, '99,900 more invalid-allowed-ip problems on this line, not listed one by one (the first 100 are).');
    // Other lines are counted on their own.
    assert.equal(onLine(5).length, 1);
  }
});

test('a summary of problems not listed has the most severe of their severities', () => {
  const at = (c: number, severity: Problem['severity']): Problem => ({ rule: 'invalid-dns', severity, range: { start: { line: 3, character: c }, end: { line: 3, character: c + 1 } }, message: 'x' });
  const raw = [...Array.from({ length: 105 }, (_, i) => at(i, 'warning')), at(200, 'error'), at(201, 'warning')];
  const out = finish(raw, {}, NONE);
  assert.equal(out.length, 101);
  assert.equal(out[100]!.severity, 'error');
  assert.match(out[100]!.message, /^7 more invalid-dns problems/);
  assert.deepEqual(out[100]!.range, { start: { line: 3, character: 100 }, end: { line: 3, character: 202 } });
});

test('the per-line cap holds across check calls: 150 prefixes two peers share, one overlap problem per prefix (diff review)', (t) => {
  const key = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
  const peers = ['xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=', 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk='];
  const items = Array.from({ length: 150 }, (_, i) => `10.0.${i >> 8}.${i & 255}/32`).join(', ');
  for (const eol of ['\n', '\r\n']) {
    const text = ['[Interface]', `PrivateKey = ${key}`, ...peers.flatMap((p) => ['', '[Peer]', `PublicKey = ${p}`, `AllowedIPs = ${items}`]), ''].join(eol);
    const { problems } = check(t, `150 shared prefixes (${eol === '\n' ? 'LF' : 'CRLF'})`, text);
    for (const line of [5, 9]) {
      const onLine = problems.filter((p) => p.rule === 'allowed-ips-overlap' && p.range.start.line === line);
      assert.equal(onLine.length, 101, `line ${line}`);
      assert.equal(onLine.filter((p) => /not listed one by one/.test(p.message)).length, 1);
      assert.equal(onLine.at(-1)!.message, '50 more allowed-ips-overlap problems on this line, not listed one by one (the first 100 are).');
      // From the 101st item to the last.
      const at = (i: number) => 'AllowedIPs = '.length + items.indexOf(`10.0.0.${i}/32`);
      assert.deepEqual(onLine.at(-1)!.range, { start: { line, character: at(100) }, end: { line, character: 'AllowedIPs = '.length + items.length } });
    }
    // The cap also counts what one check call sums up: a summary's problems are not counted twice.
    const off = validate(parse(text), { severities: { 'allowed-ips-overlap': 'off' } });
    assert.equal(off.filter((p) => p.rule === 'allowed-ips-overlap').length, 0);
  }
});

test('a line of empty list items: work grows with its length, not its square (robustness review: 40,000 commas held the server 20 s)', () => {
  // Counted, not timed: every rule that reads an item trims its text; the count of trim calls is the work.
  const trims = (text: string, target?: 'windows') => {
    const trim = String.prototype.trim;
    let n = 0;
    String.prototype.trim = function (this: string) {
      n++;
      return trim.call(this);
    };
    try {
      validate(parse(text), target ? { target } : {});
    } finally {
      String.prototype.trim = trim;
    }
    return n;
  };
  for (const key of ['[Peer]\nAllowedIPs', '[Interface]\nAddress', '[Interface]\nDNS']) {
    for (const target of [undefined, 'windows'] as const) {
      const small = trims(`${key} = ${','.repeat(2000)}z\n`, target);
      const large = trims(`${key} = ${','.repeat(8000)}z\n`, target);
      assert.ok(large <= small * 5, `${key.split('\n')[1]} (${target ?? 'wg-quick'}): ${small} trims for 2,000 commas, ${large} for 8,000`);
    }
  }
});

test('prefixes inside a container many peers (or one) claim: work grows with their number, not its square (performance review: 8,000 peers each routing 10.0.0.0/8 and a /32 took 7 s)', async () => {
  const { buildModel } = await import('../../server/src/core/model.ts');
  const { generateKeyPair } = await import('../../server/src/core/keys.ts');
  const keys = Array.from({ length: 4000 }, () => generateKeyPair().publicKey);
  const HEAD = '[Interface]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\nListenPort = 51820\n';
  const shapes: Record<string, (n: number) => string> = {
    'each peer: the /8 and its /32': (n) => HEAD + keys.slice(0, n).map((k, i) => `\n[Peer]\nPublicKey = ${k}\nAllowedIPs = 10.0.0.0/8, 10.${(i >> 8) & 255}.${i & 255}.1/32\n`).join(''),
    'one peer: the /8 and a /32, again and again': (n) => `${HEAD}\n[Peer]\nPublicKey = ${keys[0]}\nAllowedIPs = ${Array.from({ length: n }, (_, i) => `10.0.0.0/8, 10.${(i >> 8) & 255}.${i & 255}.1/32`).join(', ')}\n`,
  };
  // Counted, not timed: every comparison of two prefixes reads their fields; the reads are the work.
  const reads = (text: string) => {
    const doc = parse(text);
    const model = buildModel(doc);
    let n = 0;
    for (const p of model.peers) {
      for (const item of p.allowedIps) {
        if (item.cidr) (item as { cidr: unknown }).cidr = new Proxy(item.cidr, { get: (t, k) => (n++, Reflect.get(t, k, t)) });
      }
    }
    validate(doc, {}, model);
    return n;
  };
  for (const [name, make] of Object.entries(shapes)) {
    const small = reads(make(1000));
    const large = reads(make(4000));
    assert.ok(large <= small * 6, `${name}: ${small} reads for 1,000, ${large} for 4,000`);
  }
});
