// `# wgls-target <id>`: one file checked for another tool than the setting's (a phone's config next to
// its hub's). Validation, the ignored-target-comment rule and its fixes, completion of the ids, hover; each
// with LF and CRLF. The workspace side (affectedBy with a Windows comment) is in
// incremental-workspace.property.test.ts.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/core/parser.ts';
import { validate } from '../../server/src/core/validate.ts';
import { complete } from '../../server/src/core/features/completion.ts';
import { hover } from '../../server/src/core/features/hover.ts';
import { targetDirective } from '../../server/src/core/rules/target-directive.ts';
import { TARGETS } from '../../server/src/core/schema.ts';
import { applyTextEdits } from '../../server/src/core/edits/apply.ts';
import { targetEdits } from '../../server/src/core/edits/target.ts';

const PRIV = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
const PUB = 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=';
// PostUp: wg-quick runs it; the Android app refuses the key (key-not-supported-by-target).
const phone = (directive: string, where: 'top' | 'interface' | 'peer' = 'top') =>
  [
    ...(where === 'top' ? [directive] : []),
    '[Interface]',
    `PrivateKey = ${PRIV}`,
    ...(where === 'interface' ? [directive] : []),
    'Address = 10.0.0.2/32',
    'PostUp = logger up',
    'PostDown = logger down',
    '',
    '[Peer]',
    ...(where === 'peer' ? [directive] : []),
    `PublicKey = ${PUB}`,
    'AllowedIPs = 10.0.0.0/24',
    'Endpoint = 192.0.2.1:51820',
    'PersistentKeepalive = 25',
    '',
  ].join('\n');

const rules = (text: string, target?: (typeof TARGETS)[number]['id']) => validate(parse(text), target ? { target } : {}).map((p) => `${p.rule}@${p.range.start.line}:${p.range.start.character}`);

for (const eol of ['\n', '\r\n']) {
  const crlf = (s: string) => s.replace(/\n/g, eol);
  describe(`wgls-target (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    test('the comment overrides the setting, both ways', () => {
      assert.deepEqual(rules(crlf(phone('# a phone'))), []);
      assert.deepEqual(rules(crlf(phone('# wgls-target android'))), ['key-not-supported-by-target@4:0', 'key-not-supported-by-target@5:0']);
      assert.deepEqual(rules(crlf(phone('# wgls-target: Android  # the app imports it'))), ['key-not-supported-by-target@4:0', 'key-not-supported-by-target@5:0']);
      assert.deepEqual(rules(crlf(phone('# wgls-target wg-quick')), 'android'), []);
    });

    test('in [Interface] it counts; after the first [Peer] it is reported, with a fix that moves it up', () => {
      assert.deepEqual(rules(crlf(phone('# wgls-target android', 'interface'))), ['key-not-supported-by-target@4:0', 'key-not-supported-by-target@5:0']);
      const late = crlf(phone('# wgls-target android', 'peer'));
      assert.equal(targetDirective(parse(late)), undefined);
      const [p, ...rest] = validate(parse(late));
      assert.deepEqual([p!.rule, ...rest.map((r) => r.rule)], ['ignored-target-comment']);
      assert.deepEqual(p!.range, { start: { line: 7, character: 2 }, end: { line: 7, character: 13 } });
      assert.match(p!.message, /counts only before the first \[Peer\] \(line 7\).*checked for wg-quick, the configured target/);
      const moved = applyTextEdits(late, p!.fixes![0]!.edits);
      assert.equal(moved, crlf(phone('# wgls-target android')));
      assert.deepEqual(rules(moved), ['key-not-supported-by-target@4:0', 'key-not-supported-by-target@5:0']);
    });

    test('a comment naming no target does not silence a real one below it', () => {
      const text = crlf(phone('# see wgls-target docs').replace('[Interface]', '[Interface]\n# wgls-target android'));
      assert.equal(targetDirective(parse(text))?.target, 'android');
      const problems = validate(parse(text)).filter((p) => p.rule === 'ignored-target-comment');
      assert.deepEqual(problems.map((p) => p.range.start.line), [0]);
      assert.match(problems[0]!.message, /"docs" is not a target.*checked for android, as line 3 says/);
    });

    test('only the first counts; a second one is reported', () => {
      const text = crlf(phone('# wgls-target android', 'interface').replace('[Interface]', '# wgls-target apple\n[Interface]'));
      const problems = validate(parse(text)).filter((p) => p.rule === 'ignored-target-comment');
      assert.deepEqual(problems.map((p) => p.range.start.line), [3]);
      assert.match(problems[0]!.message, /Only the first wgls-target comment counts \(line 1\).*checked for apple, as line 1 says/);
    });

    test('the word: lowercase, not part of a longer word; a blank, colon or equals sign before the id', () => {
      for (const written of ['# nowgls-target android', '# wgls-target-x android', '# wgls-targets android', '# WGLS-TARGET android']) {
        assert.equal(targetDirective(parse(crlf(phone(written)))), undefined, written);
      }
      for (const written of ['# wgls-target=android', '# wgls-target : android', '#wgls-target\tANDROID', '# see wgls-target android, for the app']) {
        assert.equal(targetDirective(parse(crlf(phone(written))))?.target, 'android', written);
      }
      // `wgls-target.`: the fix puts a blank before the id it writes.
      const dot = crlf(phone('# wgls-target.'));
      const p = validate(parse(dot)).find((x) => x.rule === 'ignored-target-comment')!;
      const apple = p.fixes!.find((f) => f.title.endsWith('(wgls-target apple)'))!;
      assert.equal(applyTextEdits(dot, apple.edits), crlf(phone('# wgls-target apple')));
    });

    test('the word in another case counts for nothing, and says so, with a fix to the lower case word', () => {
      const text = crlf(phone('# WGLS-TARGET Android'));
      const [p, ...rest] = validate(parse(text)).filter((x) => x.rule === 'ignored-target-comment');
      assert.deepEqual(rest, []);
      assert.deepEqual(p!.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 13 } });
      assert.match(p!.message, /^"WGLS-TARGET" is not "wgls-target": .*checked for wg-quick, the configured target/);
      const fixed = applyTextEdits(text, p!.fixes![0]!.edits);
      assert.equal(fixed, crlf(phone('# wgls-target Android')));
      assert.deepEqual(rules(fixed), ['key-not-supported-by-target@4:0', 'key-not-supported-by-target@5:0']);
      assert.deepEqual(validate(parse(crlf(phone('# Wgls-Target docs', 'peer')))).filter((x) => x.rule === 'ignored-target-comment'), [], 'after the first [Peer]: nothing to say');
    });

    test('ignored-target-comment: on the id, the file checked for the setting, the nearest id as the preferred fix', () => {
      const text = crlf(phone('# wgls-target andriod'));
      const [p, ...rest] = validate(parse(text)).filter((x) => x.rule === 'ignored-target-comment');
      assert.equal(rest.length, 0);
      assert.deepEqual(p!.range, { start: { line: 0, character: 14 }, end: { line: 0, character: 21 } });
      assert.match(p!.message, /"andriod" is not a target \(did you mean android\?\).*checked for wg-quick/);
      assert.equal(p!.fixes!.length, TARGETS.length);
      const preferred = p!.fixes!.filter((f) => f.preferred);
      assert.deepEqual(preferred.map((f) => f.title), ['Check this file for WireGuard for Android (wgls-target android)']);
      assert.equal(applyTextEdits(text, preferred[0]!.edits), crlf(phone('# wgls-target android')));
      // Still wg-quick's rules: nothing about PostUp.
      assert.ok(!rules(text).some((r) => r.startsWith('key-not-supported-by-target')));
    });

    test('ignored-target-comment with no id: on the word, fixes insert one (with a space when needed), none preferred', () => {
      for (const [written, fixed] of [['# wgls-target', '# wgls-target apple'], ['# wgls-target: ', '# wgls-target: apple']]) {
        const text = crlf(phone(written!));
        const p = validate(parse(text)).find((x) => x.rule === 'ignored-target-comment')!;
        assert.deepEqual(p.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 13 } });
        assert.ok(p.fixes!.every((f) => !f.preferred));
        const apple = p.fixes!.find((f) => f.title.endsWith('(wgls-target apple)'))!;
        assert.equal(applyTextEdits(text, apple.edits), crlf(phone(fixed!)));
      }
    });

    test('completion offers the target ids after the word, replacing what is typed', () => {
      const text = crlf(phone('# wgls-target and'));
      const list = complete(parse(text), { line: 0, character: 17 });
      assert.deepEqual(list.items.map((i) => i.label), TARGETS.map((t) => t.id));
      assert.deepEqual(list.items[0]!.textEdit.range, { start: { line: 0, character: 14 }, end: { line: 0, character: 17 } });
      // Inside an id: the whole id is replaced.
      const inside = complete(parse(crlf(phone('# wgls-target andriod'))), { line: 0, character: 18 });
      assert.deepEqual(inside.items[0]!.textEdit.range, { start: { line: 0, character: 14 }, end: { line: 0, character: 21 } });
      // Not glued to the word, not after the first [Peer] (it would not count), not in other comments.
      assert.deepEqual(complete(parse(crlf(phone('# wgls-targetx'))), { line: 0, character: 14 }).items, []);
      assert.deepEqual(complete(parse(crlf(phone('# wgls-target ', 'peer'))), { line: 7, character: 14 }).items, []);
      assert.deepEqual(complete(parse(crlf(phone('# just a note'))), { line: 0, character: 13 }).items, []);
    });

    test("completion of keys follows the comment's target", () => {
      const keys = (directive: string) => complete(parse(crlf(phone(directive))), { line: 6, character: 0 }).items.map((i) => i.label);
      // Line 6 is the blank line at the end of [Interface]: Table is a wg-quick key the apps refuse.
      assert.ok(keys('# a phone').includes('Table'));
      assert.ok(!keys('# wgls-target android').includes('Table'));
    });

    test('targetEdits: a comment written on top, its id replaced, or its line removed; nothing else touched', () => {
      const set = (text: string, target?: (typeof TARGETS)[number]['id']) => applyTextEdits(text, targetEdits(parse(text), target));
      const plain = crlf(phone('# a phone'));
      assert.equal(set(plain, 'apple'), crlf(`# wgls-target apple\n${phone('# a phone')}`));
      assert.equal(set(plain), plain);
      assert.equal(set(crlf(phone('# wgls-target android')), 'apple'), crlf(phone('# wgls-target apple')));
      assert.equal(set(crlf(phone('# wgls-target android')), 'android'), crlf(phone('# wgls-target android')));
      assert.equal(set(crlf(phone('# wgls-target: andriod')), 'android'), crlf(phone('# wgls-target: android')));
      assert.equal(set(crlf(phone('# wgls-target.')), 'wg'), crlf(phone('# wgls-target wg')));
      // Written in capitals (it counts for nothing): rewritten, not left behind a second comment (UI review).
      assert.equal(set(crlf(phone('# WGLS-TARGET apple')), 'android'), crlf(phone('# wgls-target android')));
      assert.equal(set(crlf(phone('# Wgls-Target: apple -- the phone')), 'apple'), crlf(phone('# wgls-target apple -- the phone')));
      // A word after it that names no target stays (diff review: "for" was eaten).
      assert.equal(set(crlf(phone('# WGLS-TARGET for my laptop')), 'windows'), crlf(phone('# wgls-target windows for my laptop')));
      // Back to the setting: the comment's line goes; a comment saying more keeps the rest.
      assert.equal(set(crlf(phone('# wgls-target android'))), crlf(phone('# a phone')).replace(`# a phone${eol}`, ''));
      assert.equal(set(crlf(phone('# wgls-target android', 'interface'))), crlf(phone('# a phone')).replace(`# a phone${eol}`, ''));
      assert.equal(set(crlf(phone('# phone of Ann, wgls-target android  (the app)'))), crlf(phone('# phone of Ann, (the app)')));
      // Opening the comment: the separators after it go too, and a second `#`; ending it: those before it.
      assert.equal(set(crlf(phone('# wgls-target android # phone profile'))), crlf(phone('# phone profile')));
      assert.equal(set(crlf(phone('# wgls-target: android, for the phone'))), crlf(phone('# for the phone')));
      assert.equal(set(crlf(phone('# my vpn   wgls-target android'))), crlf(phone('# my vpn')));
      assert.equal(set(crlf(phone('# my vpn, wgls-target: android.'))), crlf(phone('# my vpn')));
      assert.equal(set(crlf(phone('# my vpn #wgls-target android'))), crlf(phone('# my vpn')));
      // Only separators besides it: the line goes, as for the directive alone.
      assert.equal(set(crlf(phone('# wgls-target android #'))), crlf(phone('# a phone')).replace(`# a phone${eol}`, ''));
      // Every comment before the first [Peer] goes: the second would count once the first was gone.
      const two = crlf(phone('# wgls-target android').replace('[Interface]', '# wgls-target apple\n[Interface]'));
      assert.equal(set(two), crlf(phone('# a phone')).replace(`# a phone${eol}`, ''));
      // A trailing comment saying nothing else: it and the blanks before it; the value stays.
      const trailing = crlf(phone('# a phone')).replace('Address = 10.0.0.2/32', 'Address = 10.0.0.2/32   # wgls-target android');
      assert.equal(targetDirective(parse(trailing))?.target, 'android');
      assert.equal(set(trailing), crlf(phone('# a phone')));
      // The last line of a file without peers: emptied.
      assert.equal(set(crlf('[Interface]\nAddress = 10.0.0.2/32\n# wgls-target wg')), crlf('[Interface]\nAddress = 10.0.0.2/32\n'));
      assert.equal(set(`\uFEFF${crlf('# wgls-target wg\n[Interface]\n')}`), `\uFEFF${crlf('[Interface]\n')}`);
      // The file's line break, not line 0's: a CRLF file whose first line has an LF (layout review).
      const mixed = `# hdr\n${'[Interface]\r\nPrivateKey = x\r\nAddress = 10.0.0.2/32\r\n'}`;
      assert.equal(set(mixed, 'android'), `# wgls-target android\r\n${mixed}`);
      // With a BOM the comment goes after it.
      assert.equal(set(`\uFEFF${plain}`, 'wg'), `\uFEFF${crlf('# wgls-target wg\n')}${plain}`);
    });

    test("amneziawg-key's fix writes the comment after a BOM, not inside [Interface] (moved once)", () => {
      for (const text of [`\uFEFF[Interface]\nAddress = 10.2.0.1/24\nJc = 4\n`, `\uFEFF${crlf('[Interface]\nAddress = 10.2.0.1/24\nJc = 4\n')}`]) {
        const eol = text.includes('\r') ? '\r\n' : '\n';
        const fix = validate(parse(text)).find((p) => p.rule === 'amneziawg-key')!.fixes![0]!;
        const fixed = applyTextEdits(text, fix.edits);
        assert.equal(fixed, `\uFEFF# wgls-target amneziawg${eol}${text.slice(1)}`);
        assert.deepEqual(validate(parse(fixed)).map((p) => p.rule), ['bom', 'missing-private-key']);
      }
    });

    test('hover on the comment says which tool the file is checked for', async () => {
      const h = await hover(parse(crlf(phone('# wgls-target android'))), { line: 0, character: 5 }, { target: 'wg-quick' });
      assert.match(h!.contents.value, /checked for \*\*WireGuard for Android\*\* \(`android`\), whatever the `wgls.target` setting says \(wg-quick here\)/);
      assert.deepEqual(h!.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 21 } });
      const unknown = await hover(parse(crlf(phone('# wgls-target andriod'))), { line: 0, character: 16 });
      assert.match(unknown!.contents.value, /`andriod` is no target, so this file is checked for the setting's, wg-quick/);
      assert.equal(await hover(parse(crlf(phone('# a phone'))), { line: 0, character: 4 }), null);
      // Key docs speak for the comment's target: PostUp is not read by the Android app.
      const key = async (directive: string) => (await hover(parse(crlf(phone(directive))), { line: 4, character: 2 }, { target: 'wg-quick' }))!.contents.value;
      assert.match(await key('# wgls-target android'), /Your target, WireGuard for Android, does not read `PostUp`/);
      assert.doesNotMatch(await key('# a phone'), /Your target/);
    });
  });
}
