// Fix all: every mechanical fix of a file in one edit, nothing that is a choice (MTU), nothing
// suppressed, no two edits overlapping; comments and untouched lines stay byte for byte. LF and CRLF.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/parser.ts';
import { validate, type ValidateOptions } from '../../../server/src/core/validate.ts';
import { fixAllEdits, isAutoFixable } from '../../../server/src/core/edits/fix-all.ts';
import { RULES, RULE_IDS } from '../../../server/src/core/rules/catalogue.ts';
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
      'ListenPort = 51820',
      'MTU = 1500',
      '',
      '[ Peer ]',
      `PublicKey = ${PEER}`,
      'Endpoint = 192.0.2.1:51820',
      'Endpoint = 192.0.2.9:51820   # the one that wins',
      'AllowedIPs = 10.0.0.5/24, 10.0.0.0/24, fd00::1/64',
      'PersistentKeepalive = off',
      '# wgls-disable-next-line allowed-ip-host-bits',
      'AllowedIPs = 10.9.0.1/16',
    );

    test(`${tag}: the mechanical problems go, the choices stay, the rest of the text is untouched`, () => {
      const before = validate(parse(messy));
      assert.deepEqual(rules(before.filter(isAutoFixable)), ['allowed-ip-host-bits', 'duplicate-allowed-ip', 'duplicate-key', 'non-canonical-key', 'section-header-spacing']);
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
          'Endpoint = 192.0.2.9:51820   # the one that wins',
          // Host bits masked (wg masks them itself), the duplicate of the masked prefix removed.
          'AllowedIPs = 10.0.0.0/24, 10.0.0.0/24, fd00::/64',
          'PersistentKeepalive = off',
          '# wgls-disable-next-line allowed-ip-host-bits',
          'AllowedIPs = 10.9.0.1/16',
        ).replace('10.0.0.0/24, 10.0.0.0/24, ', '10.0.0.0/24, '),
      );
      assert.equal(fixed, before.filter(isAutoFixable).length);
      const problems = validate(parse(after));
      assert.deepEqual(problems.filter(isAutoFixable), []);
      // A choice is never made for the user; suppressed problems are not "fixed".
      assert.ok(problems.some((p) => p.rule === 'mtu-too-high'));
      assert.ok(after.includes('AllowedIPs = 10.9.0.1/16'));
    });
  }

  test('a key set three times: both ignored lines go (adjacent deletions do not clash)', () => {
    const text = `[Interface]\nPrivateKey = ${KEY}\nListenPort = 1\nListenPort = 2\nListenPort = 3\n`;
    const { edits, fixed } = fixAllEdits(validate(parse(text)));
    assert.equal(fixed, 2);
    assert.equal(applyEdits(text, edits), `[Interface]\nPrivateKey = ${KEY}\nListenPort = 3\n`);
  });

  test('two fixes over one range, or at one position: the first is taken, the other waits for the next run', () => {
    const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
    const problem = (range: ReturnType<typeof at>, newText: string): Problem =>
      ({ rule: 'non-canonical-key', severity: 'hint', message: 'x', range, fixes: [{ title: 't', preferred: true, edits: [{ range, newText }] }] }) as Problem;
    const crossFile: Problem = { ...problem(at(5, 0, 1), 'x'), fixes: [{ title: 't', preferred: true, edits: [{ uri: 'file:///other.conf', range: at(5, 0, 1), newText: 'x' }] }] };
    const { edits, fixed } = fixAllEdits([problem(at(1, 0, 10), 'A'), problem(at(1, 5, 12), 'B'), problem(at(1, 12, 12), 'C'), problem(at(1, 12, 12), 'D'), problem(at(2, 0, 3), 'E'), crossFile]);
    assert.deepEqual(edits.map((e) => e.newText), ['A', 'C', 'E']);
    assert.equal(fixed, 3);
  });

  test('nothing to fix: no edits', () => {
    assert.deepEqual(fixAllEdits(validate(parse(`[Interface]\nPrivateKey = ${KEY}\nMTU = 1500\n`))), { edits: [], fixed: 0 });
  });

  test('every rule marked fixAll has a preferred single-file fix that clears it', () => {
    // The catalogue flag is a promise about the rule's preferred fix: each marked rule is exercised here
    // or in the messy file above.
    const marked = RULE_IDS.filter((id) => (RULES[id] as { fixAll?: true }).fixAll);
    assert.deepEqual(marked.sort(), ['allowed-ip-host-bits', 'duplicate-allowed-ip', 'duplicate-key', 'endpoint-unbracketed-ipv6', 'keepalive-off-not-portable', 'key-spacing', 'non-canonical-key', 'non-portable-port', 'section-header-spacing', 'value-whitespace']);
    const samples: Record<string, [string, ValidateOptions?]> = {
      'endpoint-unbracketed-ipv6': [`[Peer]\nPublicKey = ${PEER}\nEndpoint = fd00::1:51820\nAllowedIPs = 10.0.0.1/32\n`],
      'key-spacing': [`[Interface]\nPrivate Key = ${KEY}\n`],
      'non-portable-port': [`[Interface]\nPrivateKey = ${KEY}\nListenPort = +51820\n`],
      'value-whitespace': [`[Interface]\nPrivateKey = ${KEY}\nListenPort = 51 820\n`],
      'keepalive-off-not-portable': [`[Peer]\nPublicKey = ${PEER}\nAllowedIPs = 10.0.0.1/32\nPersistentKeepalive = off\n`, { target: 'android' }],
    };
    // docs/README.md lists them for users.
    const docs = readFileSync(join(REPO, 'docs', 'README.md'), 'utf8');
    const listed = /<!-- fix-all-rules -->([\s\S]*?)<!-- \/fix-all-rules -->/.exec(docs)?.[1] ?? '';
    assert.deepEqual([...listed.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).sort(), marked, 'docs/README.md "Fix all" lists the marked rules');
    const inMessy = ['allowed-ip-host-bits', 'duplicate-allowed-ip', 'duplicate-key', 'non-canonical-key', 'section-header-spacing'];
    assert.deepEqual([...inMessy, ...Object.keys(samples)].sort(), marked);
    for (const [rule, [text, options]] of Object.entries(samples)) {
      const p = validate(parse(text), options).find((q) => q.rule === rule);
      assert.ok(p && isAutoFixable(p), `${rule} in:\n${text}`);
      const after = validate(parse(applyEdits(text, fixAllEdits([p]).edits)), options);
      assert.ok(!after.some((q) => q.rule === rule), `${rule} still reported after its fix`);
    }
  });
});
