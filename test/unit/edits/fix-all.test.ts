// Fix all: every mechanical fix of a file in one edit; nothing that is a choice (MTU), a guess
// (ask), a line deletion or suppressed; no two edits overlapping; a BOM kept whole; comments and
// untouched lines stay byte for byte. LF and CRLF.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/parser.ts';
import { validate, type ValidateOptions } from '../../../server/src/core/validate.ts';
import { fixAllEdits, isAutoFixable } from '../../../server/src/core/edits/fix-all.ts';
import { RULE_IDS, isFixAllRule } from '../../../server/src/core/rules/catalogue.ts';
import type { Problem } from '../../../server/src/core/problem.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, EOLS, REPO } from './helpers.ts';

const KEY = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
const PEER = 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=';

const rules = (problems: readonly Problem[]) => [...new Set(problems.map((p) => p.rule))].sort();

describe('fix all', () => {
  for (const eol of EOLS) {
    const tag = eol === '\n' ? 'LF' : 'CRLF';
    const lines = (...l: string[]) => l.join(eol) + eol;
    const messy = lines(
      '# office gateway: keep this comment',
      '[interface]',
      `privatekey = ${KEY}`,
      'ListenPort = +51820',
      'MTU = 1500',
      '',
      '[ Peer ]',
      `Public Key = ${PEER}`,
      'Endpoint = fd00::9:51820   # the one that wins',
      'Endpoint = fd00::9:51820',
      'AllowedIPs = 10.0.0.5/24, fd00::1/128',
      '# wgls-disable-next-line non-canonical-key',
      'persistentkeepalive = 25',
    );

    test(`${tag}: the mechanical problems go; choices, guesses, deletions and suppressed ones stay; the rest is untouched`, () => {
      const before = validate(parse(messy));
      assert.deepEqual(rules(before.filter(isAutoFixable)), ['endpoint-unbracketed-ipv6', 'key-spacing', 'non-canonical-key', 'non-portable-port', 'section-header-spacing']);
      const { edits, fixed } = fixAllEdits(before);
      const after = applyEdits(messy, edits);
      assert.equal(
        after,
        lines(
          '# office gateway: keep this comment',
          '[Interface]',
          `PrivateKey = ${KEY}`,
          'ListenPort = 51820',
          'MTU = 1500',
          '',
          '[Peer]',
          `PublicKey = ${PEER}`,
          'Endpoint = [fd00::9]:51820   # the one that wins',
          'Endpoint = [fd00::9]:51820',
          'AllowedIPs = 10.0.0.5/24, fd00::1/128',
          '# wgls-disable-next-line non-canonical-key',
          'persistentkeepalive = 25',
        ),
      );
      assert.equal(fixed, before.filter(isAutoFixable).length);
      const problems = validate(parse(after));
      assert.deepEqual(problems.filter(isAutoFixable), []);
      // Never made for the user: a choice (MTU), a line deletion (duplicate key: the line may hold a
      // comment or a secret), a guess about the meant address (host bits).
      assert.deepEqual(rules(problems.filter((p) => ['mtu-too-high', 'duplicate-key', 'allowed-ip-host-bits'].includes(p.rule))), ['allowed-ip-host-bits', 'duplicate-key', 'mtu-too-high']);
    });
  }

  test('guesses stay: a port above 65535 (glibc wraps it) and whitespace in a value wg-quick reads as it is', () => {
    const text = `[Interface]\nPrivateKey = ${KEY}\nListenPort = 70000\nMTU = 1280 1420\n`;
    const problems = validate(parse(text));
    assert.ok(problems.some((p) => p.rule === 'non-portable-port') && problems.some((p) => p.rule === 'value-whitespace'), JSON.stringify(problems.map((p) => p.rule)));
    assert.deepEqual(fixAllEdits(problems), { edits: [], fixed: 0 });
    // The same rules in the unambiguous case are fixed.
    const plain = `[Interface]\nPrivateKey = ${KEY}\nListenPort = +51820\n[Peer]\nPublicKey = ${PEER.slice(0, 20)} ${PEER.slice(20)}\nAllowedIPs = 10.0.0.1/32\n`;
    const fixedText = applyEdits(plain, fixAllEdits(validate(parse(plain))).edits);
    assert.equal(fixedText, `[Interface]\nPrivateKey = ${KEY}\nListenPort = 51820\n[Peer]\nPublicKey = ${PEER}\nAllowedIPs = 10.0.0.1/32\n`);
  });

  test('after a BOM: a fix on line 0 keeps the BOM whole', () => {
    const bom = '\uFEFF';
    for (const header of ['[interface]', '[ Interface ]']) {
      const text = `${bom}${header}\nprivatekey = ${KEY}\n`;
      const after = applyEdits(text, fixAllEdits(validate(parse(text))).edits);
      assert.equal(after, `${bom}[Interface]\nPrivateKey = ${KEY}\n`, header);
      // The quick fix itself too (the same edits reach the editor).
      const quick = validate(parse(text)).find((p) => p.range.start.line === 0 && p.fixes?.length)!;
      assert.equal(applyEdits(text, quick.fixes![0]!.edits).split('\n')[0], `${bom}[Interface]`, header);
    }
  });

  test('two fixes over one range, or at one position: the first is taken, the other waits for the next run', () => {
    const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
    const problem = (range: ReturnType<typeof at>, newText: string): Problem =>
      ({ rule: 'non-canonical-key', severity: 'hint', message: 'x', range, fixes: [{ title: 't', preferred: true, edits: [{ range, newText }] }] }) as Problem;
    const crossFile: Problem = { ...problem(at(5, 0, 1), 'x'), fixes: [{ title: 't', preferred: true, edits: [{ uri: 'file:///other.conf', range: at(5, 0, 1), newText: 'x' }] }] };
    const asked: Problem = { ...problem(at(6, 0, 1), 'y'), fixes: [{ title: 't', preferred: true, ask: true, edits: [{ range: at(6, 0, 1), newText: 'y' }] }] };
    const { edits, fixed } = fixAllEdits([problem(at(1, 0, 10), 'A'), problem(at(1, 5, 12), 'B'), problem(at(1, 12, 12), 'C'), problem(at(1, 12, 12), 'D'), problem(at(2, 0, 3), 'E'), crossFile, asked]);
    assert.deepEqual(edits.map((e) => e.newText), ['A', 'C', 'E']);
    assert.equal(fixed, 3);
  });

  test('nothing to fix: no edits', () => {
    assert.deepEqual(fixAllEdits(validate(parse(`[Interface]\nPrivateKey = ${KEY}\nMTU = 1500\n`))), { edits: [], fixed: 0 });
  });

  test('every rule marked fixAll has a preferred single-file fix that clears it', () => {
    // The catalogue flag is a promise about the rule's preferred fix: each marked rule is exercised here
    // or in the messy file above.
    const marked = RULE_IDS.filter(isFixAllRule);
    assert.deepEqual(marked.sort(), ['endpoint-unbracketed-ipv6', 'invalid-key', 'keepalive-off-not-portable', 'key-spacing', 'non-canonical-key', 'non-portable-port', 'section-header-spacing', 'value-whitespace']);
    // docs/README.md lists them for users.
    const docs = readFileSync(join(REPO, 'docs', 'README.md'), 'utf8');
    const listed = /<!-- fix-all-rules -->([\s\S]*?)<!-- \/fix-all-rules -->/.exec(docs)?.[1] ?? '';
    assert.deepEqual([...listed.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).sort(), marked, 'docs/README.md "Fix all" lists the marked rules');
    const samples: Record<string, [string, ValidateOptions?]> = {
      'value-whitespace': [`[Interface]\nPrivateKey = ${KEY}\nListenPort = 51 820\n`],
      'keepalive-off-not-portable': [`[Peer]\nPublicKey = ${PEER}\nAllowedIPs = 10.0.0.1/32\nPersistentKeepalive = off\n`, { target: 'android' }],
      // A key with a no-break space pasted after it (the padding-bits fix is preferred on Windows only).
      'invalid-key': [`[Interface]\nPrivateKey = ${KEY}\u00a0\nListenPort = 51820\n`],
    };
    const inMessy = ['endpoint-unbracketed-ipv6', 'key-spacing', 'non-canonical-key', 'non-portable-port', 'section-header-spacing'];
    assert.deepEqual([...inMessy, ...Object.keys(samples)].sort(), marked);
    for (const [rule, [text, options]] of Object.entries(samples)) {
      const p = validate(parse(text), options).find((q) => q.rule === rule);
      assert.ok(p && isAutoFixable(p), `${rule} in:\n${text}`);
      const after = validate(parse(applyEdits(text, fixAllEdits([p]).edits)), options);
      assert.ok(!after.some((q) => q.rule === rule), `${rule} still reported after its fix`);
    }
  });
});
