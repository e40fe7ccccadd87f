// A known key without its "=" (`Address 10.0.0.1/24`, `ListenPort: 51820`, `PrivateKey K=` whose
// own padding then splits the line): one error naming the key, never the value, and a fix that puts
// the "=" in. LF and CRLF.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/core/parser.ts';
import { validate } from '../../server/src/core/validate.ts';
import { applyTextEdits } from '../../server/src/core/edits/apply.ts';

const KEY = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';

const CASES: ReadonlyArray<[string, string, string, string]> = [
  // [written, rule, key, fixed]
  ['Address 10.0.0.1/24', 'invalid-line', 'Address', 'Address = 10.0.0.1/24'],
  ['ListenPort: 51820', 'invalid-line', 'ListenPort', 'ListenPort = 51820'],
  ['  mtu\t1420  # tuned', 'invalid-line', 'MTU', '  mtu = 1420  # tuned'],
  [`PrivateKey ${KEY}`, 'unknown-key', 'PrivateKey', `PrivateKey = ${KEY}`],
  [`PrivateKey: ${KEY}`, 'unknown-key', 'PrivateKey', `PrivateKey = ${KEY}`],
  // Separators pasted from documents and chat go with the gap: left in the value, the fixed line would
  // be wrong in a new way (the fix-soundness review: `PrivateKey = ＝ K` is an invalid key).
  [`PrivateKey \uff1d ${KEY}`, 'unknown-key', 'PrivateKey', `PrivateKey = ${KEY}`],
  ['Address -> 10.0.0.1/24', 'invalid-line', 'Address', 'Address = 10.0.0.1/24'],
  ['Address \u00a0 10.0.0.1/24', 'invalid-line', 'Address', 'Address = 10.0.0.1/24'],
  // The Ogham space mark too: every Unicode space (strings.ts UNICODE_SPACES) is a blank of the gap.
  ['Address\u1680 10.0.0.1/24', 'invalid-line', 'Address', 'Address = 10.0.0.1/24'],
  ['Address \u2013 10.0.0.1/24', 'invalid-line', 'Address', 'Address = 10.0.0.1/24'],
  ['Address - 10.0.0.1/24', 'invalid-line', 'Address', 'Address = 10.0.0.1/24'],
  ['ListenPort\uff1a51820', 'invalid-line', 'ListenPort', 'ListenPort = 51820'],
];

for (const eol of ['\n', '\r\n']) {
  describe(`a key without "=" (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    for (const [written, rule, key, fixed] of CASES) {
      it(written.replace(KEY, 'K'), () => {
        const privateKey = written.startsWith('PrivateKey') ? [] : [`PrivateKey = ${KEY}`];
        const text = ['[Interface]', written, ...privateKey, 'Address = 10.0.9.1/24', ''].join(eol);
        const problems = validate(parse(text)).filter((p) => p.range.start.line === 1);
        assert.deepEqual(problems.map((p) => p.rule), [rule], JSON.stringify(problems.map((p) => [p.rule, p.message])));
        const p = problems[0]!;
        assert.match(p.message, new RegExp(`^${key} has no "="`));
        assert.ok(!p.message.includes(KEY.slice(0, 20)));
        const after = applyTextEdits(text, p.fixes!.find((f) => f.preferred)!.edits);
        assert.equal(after.split(eol)[1], fixed);
        assert.deepEqual(validate(parse(after)).filter((x) => x.range.start.line === 1 && x.severity === 'error'), []);
      });
    }
    it('not a key: the usual message', () => {
      const p = validate(parse(['[Interface]', 'hello world', ''].join(eol))).find((x) => x.rule === 'invalid-line');
      assert.match(p!.message, /Expected a section header/);
    });
  });
}
