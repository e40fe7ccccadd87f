// Outline, workspace symbols, folding and selection ranges.

import '../property-seed.ts';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, reparse } from '../../../server/src/core/parser.ts';
import { buildModel } from '../../../server/src/core/model.ts';
import { documentSymbols, OUTLINE_ENTRIES_MAX_LINES, workspaceSymbols } from '../../../server/src/core/features/symbols.ts';
import { foldingRanges } from '../../../server/src/core/features/folding.ts';
import { selectionRanges, type SelectionRange } from '../../../server/src/core/features/selection.ts';
import { sectionCommentName } from '../../../server/src/core/features/document.ts';
import { eachEol } from '../fixtures/parser/eol.ts';
import { examples, positionOf } from './helpers.ts';

const HUB = examples().find(([p]) => p.endsWith('hub.conf'))![1];
const LAPTOP = examples().find(([p]) => p.endsWith('laptop.conf'))![1];
const r = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
const PRIVATE = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
const PUBLIC = 'PJQOF+rxDyVej6mNuWkh26w2POmdHfbQBPtYU42myUI=';

describe('document symbols', () => {
  eachEol('hub.conf: named sections, AllowedIPs as detail, entries as children, secrets hidden', test, (v) => {
    const symbols = documentSymbols(parse(v.convert(HUB)));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.kind, s.range, s.selectionRange]),
      [
        ['hub', '10.0.0.1/24', 11, r(3, 0, 11, 52), r(3, 0, 3, 11)],
        ['laptop', '10.0.0.2/32', 19, r(13, 0, 17, 24), r(13, 0, 13, 6)],
        ['phone', '10.0.0.3/32', 19, r(19, 0, 22, 24), r(19, 0, 19, 6)],
        ['nas', '10.0.0.4/32, 192.168.1.0/24', 19, r(24, 0, 28, 40), r(24, 0, 24, 6)],
      ],
    );
    assert.deepEqual(
      symbols[1]!.children!.map((c) => [c.name, c.detail, c.range, c.selectionRange]),
      [
        ['PublicKey', 'PJQOF+rxDyVej6mNuWkh26w2POmdHfbQBPtYU42myUI=', r(15, 0, 15, 56), r(15, 0, 15, 9)],
        ['PresharedKey', '(hidden)', r(16, 0, 16, 59), r(16, 0, 16, 12)],
        ['AllowedIPs', '10.0.0.2/32', r(17, 0, 17, 24), r(17, 0, 17, 10)],
      ],
    );
    assert.equal(symbols[0]!.children![0]!.detail, '(hidden)');
  });

  eachEol('every symbol has a name: VS Code refuses a nameless one, and with it the whole outline (review)', test, (v) => {
    const symbols = documentSymbols(parse(v.convert('[Interface]\n= 5\n   =\n\u00a0= 1\n[]\n')));
    assert.deepEqual(symbols.map((s) => [s.name, s.children!.map((c) => c.name)]), [['Interface', ['(no key)', '(no key)', '<U+00A0>']], ['[]', []]]);
  });

  test('a file over OUTLINE_ENTRIES_MAX_LINES lines lists its sections without their entries', () => {
    const peer = (i: number) => `[Peer]\nPublicKey = ${String(i).padStart(43, 'A')}=\nAllowedIPs = 10.0.${i >> 8}.${i & 255}/32\n`;
    const sections = (n: number) => Array.from({ length: n }, (_, i) => peer(i)).join('');
    const perPeer = 3;
    const under = documentSymbols(parse(sections(Math.floor((OUTLINE_ENTRIES_MAX_LINES - 1) / perPeer))));
    assert.deepEqual(under[0]!.children!.map((c) => c.name), ['PublicKey', 'AllowedIPs']);
    const over = documentSymbols(parse(sections(Math.ceil(OUTLINE_ENTRIES_MAX_LINES / perPeer) + 1)));
    assert.equal(over.length, Math.ceil(OUTLINE_ENTRIES_MAX_LINES / perPeer) + 1);
    assert.ok(over.every((s) => s.children === undefined));
    // Sections keep their names, details and ranges.
    assert.deepEqual([over[1]!.detail, over[1]!.range], ['10.0.0.1/32', r(3, 0, 5, 24)]);
  });

  test('names: `# Name =` wins, then a plain comment above or below the header, then a key prefix', () => {
    const text = [
      '[Interface]', // 0
      'PrivateKey = GPw7ZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=',
      '',
      '# alice phone', // 3: attached to the next header
      '[Peer]',
      'PublicKey = 3xK9ZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=',
      '',
      '[Peer]', // 7
      '# bob',
      'PublicKey = 9zzzZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=',
      '',
      '[Peer]', // 11
      '# This peer routes the office LAN through the tunnel.',
      'PublicKey = 3xK9abcdegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=',
      '# Name: carol',
      '',
      '[Peer]',
      'AllowedIPs = 10.0.0.9/32',
    ].join('\n');
    const symbols = documentSymbols(parse(text));
    assert.deepEqual(symbols.map((s) => s.name), ['Interface', 'alice phone', 'bob', 'carol', 'Peer']);
    // The attached comment belongs to the peer below, not to the [Interface] above.
    assert.deepEqual(symbols[0]!.range, r(0, 0, 1, 57));
    assert.deepEqual(symbols[1]!.range, r(3, 0, 5, 56));
    assert.equal(documentSymbols(parse('[Peer]\nPublicKey = 3xK9ZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=\n'))[0]!.name, 'Peer 3xK9…');
    assert.equal(sectionCommentName(parse(text), 3), 'carol');
  });

  test('a wgls comment above a header is no name (`# wgls-target android` named the phone)', () => {
    for (const comment of ['# wgls-target android', '# wgls-disable world-readable', '#WGLS-TARGET apple']) {
      const symbols = documentSymbols(parse(`${comment}\n[Interface]\nAddress = 10.0.0.2/32\n`));
      assert.equal(symbols[0]!.name, 'Interface', comment);
    }
  });

  test('a tool\'s note or a date above a header is no name (review: the outline said "Do not edit")', () => {
    const name = (head: string) => documentSymbols(parse(`${head}[Interface]\nAddress = 10.0.0.2/32\n\n[Peer]\nAllowedIPs = 10.0.0.1/32\n`))[0]!.name;
    assert.equal(name('# Generated by tool\n# Do not edit\n'), 'Interface');
    assert.equal(name('# Alice phone\n# added 2024-05-01\n'), 'Interface');
    assert.equal(name('# Generated by wg-easy\n'), 'Interface');
    assert.equal(name('# managed by Ansible\n'), 'Interface');
    assert.equal(name('# 05.01.2024\n'), 'Interface');
    // Editor review: a note to self and a file's heading named the section (and the stanzas written elsewhere).
    for (const note of ['# TODO rotate key\n', '# FIXME: new port\n', '# note to self\n', '# Note: new key\n', '# WireGuard configuration\n', '# Interface settings\n', '# server config\n']) {
      assert.equal(name(note), 'Interface', note);
    }
    // Diff review: a phone named Note (a Galaxy Note) is a name.
    assert.equal(name('# Note 9\n'), 'Note 9');
    assert.equal(name('# config for bob\n'), 'config for bob');
    // A short line right above still names it, also under a heading (diff review); `# Name = x` anywhere too.
    assert.equal(name('# home server\n'), 'home server');
    assert.equal(name('# Peers\n# bob laptop\n'), 'bob laptop');
    assert.equal(name('# ===== Clients =====\n# alice\n'), 'alice');
    assert.equal(name('# Bob (managed by IT)\n'), 'Bob (managed by IT)');
    assert.equal(name('# Generated by tool\n# Name = gateway\n'), 'gateway');
  });

  eachEol('a heading comment names its section without its marks (formatting review: the outline said "## laptop")', test, (v) => {
    const name = (head: string) => documentSymbols(parse(v.convert(`[Interface]\nAddress = 10.0.0.1/24\n\n${head}[Peer]\nAllowedIPs = 10.0.0.2/32\n`)))[1]!.name;
    assert.equal(name('### laptop\n'), 'laptop');
    assert.equal(name('#### Peers ####\n'), 'Peers');
    assert.equal(name('## bob\n'), 'bob');
    assert.equal(name('## Name = nas\n'), 'nas');
    assert.equal(name('# C#\n'), 'C#', 'a single mark opens no heading: the closing # is the name\'s');
    assert.equal(name('##\n'), 'Peer', 'marks alone are no name');
    assert.equal(name('## ##\n'), 'Peer', 'nor two runs of them (session review)');
    assert.equal(name('# ####\n'), 'Peer');
    assert.equal(name('#\t## bob\n'), 'bob');
    assert.equal(name('#  ## Name = z\n'), 'z');
    assert.equal(name('### C# ###\n'), 'C#');
  });

  eachEol('no piece of a key names a peer: a PublicKey that is the PrivateKey with one character lost or changed, a comment holding a key-like run of 16 characters (formatting review)', test, (v) => {
    const symbols = (peer: string) => documentSymbols(parse(v.convert(`[Interface]\nPrivateKey = ${PRIVATE}\n\n${peer}`)));
    const names = (peer: string) => symbols(peer).map((s) => s.name);
    assert.deepEqual(names(`[Peer]\nPublicKey = ${PRIVATE.slice(0, -1)}\n`), ['Interface', 'Peer (key hidden)'], 'the "=" lost');
    assert.deepEqual(names(`[Peer]\nPublicKey = ${PRIVATE.slice(1)}\n`), ['Interface', 'Peer (key hidden)'], 'the first character lost (session review)');
    const changed = `${PRIVATE.slice(0, 42)}A=`;
    assert.deepEqual(names(`[Peer]\nPublicKey = ${changed}\n`), ['Interface', 'Peer (key hidden)'], 'the last character changed');
    assert.equal(symbols(`[Peer]\nPublicKey = ${changed}\n`)[1]!.children![0]!.detail, '(hidden)', 'nor its detail (session review: 43 of 44 characters were shown)');
    assert.deepEqual(names(`[Peer]\nPublicKey = ${PUBLIC}\n`), ['Interface', `Peer ${PUBLIC.slice(0, 4)}…`], 'a public key of its own');
    assert.equal(symbols(`[Peer]\nPublicKey = ${PUBLIC}\n`)[1]!.children![0]!.detail, PUBLIC);
    const named = (comment: string) => names(`${comment}\n[Peer]\nPublicKey = ${PUBLIC}\n`)[1];
    assert.equal(named(`# ${PRIVATE.slice(3, 33)}`), `Peer ${PUBLIC.slice(0, 4)}…`);
    assert.equal(named(`# ${PRIVATE.slice(10, 26)}`), `Peer ${PUBLIC.slice(0, 4)}…`, '16 characters');
    assert.equal(named(`# home${PRIVATE.slice(0, 12)}`), `Peer ${PUBLIC.slice(0, 4)}…`, 'glued to a word (session review)');
    assert.equal(named(`# ${PRIVATE.slice(10, 25)}`), PRIVATE.slice(10, 25), '15 characters: a name');
    assert.equal(named('# MyMacBookProLaptop'), 'MyMacBookProLaptop', 'no digit: a name');
    assert.equal(named('# iPhone15ProMax'), 'iPhone15ProMax');
  });

  eachEol('a peer\'s name does not depend on the PrivateKey: the same after the key is pasted in as in a fresh build (session review)', test, (v) => {
    const before = v.convert(`[Interface]\nPrivateKey =\n\n# ${PRIVATE.slice(0, 15)}\n[Peer]\nPublicKey = ${PUBLIC}\n\n# laptop\n[Peer]\nPublicKey = ${PUBLIC}\n`);
    const after = before.replace('PrivateKey =', `PrivateKey = ${PRIVATE}`);
    const first = parse(before);
    const second = reparse(first, after);
    const incremental = buildModel(second, buildModel(first)).peers.map((p) => p.name);
    assert.deepEqual(incremental, buildModel(parse(after)).peers.map((p) => p.name));
    assert.deepEqual(incremental, [PRIVATE.slice(0, 15), 'laptop']);
  });

  test('a long value is clipped in its detail after its keys are hidden, never showing part of one (formatting review: a 2.4 MB PostUp was copied whole)', () => {
    const detailOf = (command: string) => documentSymbols(parse(`[Interface]\nPostUp = ${command}\n`))[0]!.children![0]!.detail!;
    const long = detailOf(`echo ${'a'.repeat(190)} ${PRIVATE} ${'b'.repeat(2_000_000)}`);
    assert.ok(long.length <= 201 && long.endsWith('…'), String(long.length));
    assert.ok(!long.includes(PRIVATE.slice(0, 8)), long);
    // A key split by a blank (wg removes it), across the cut, and after dashes that run into it (session review).
    for (let at = 150; at <= 205; at++) {
      for (const [before, key] of [
        ['x'.repeat(at), `${PRIVATE.slice(0, 19)} ${PRIVATE.slice(19)}`],
        [`${'q-'.repeat(at / 2)}`, PRIVATE],
        ['y'.repeat(at), PRIVATE],
      ] as const) {
        const d = detailOf(`echo ${before} ${key} tail`);
        for (const piece of [PRIVATE.slice(0, 12), PRIVATE.slice(6, 18), PRIVATE.slice(19, 31), PRIVATE.slice(30, 42)]) assert.ok(!d.includes(piece), `${at}: ${d.slice(-60)}`);
      }
    }
    // Not between the halves of a surrogate pair.
    const emoji = detailOf(`${'e'.repeat(191)}\u{1F600}${'f'.repeat(300)}`);
    assert.ok(!/[\ud800-\udbff]…$/.test(emoji), JSON.stringify(emoji.slice(-3)));
    const [iface] = documentSymbols(parse(`[Interface]\nAddress = ${'10.0.0.1/32, '.repeat(100)}10.0.0.2/32\n`));
    assert.ok(iface!.detail!.length <= 201 && iface!.children![0]!.detail!.startsWith('10.0.0.1/32, 10.0.0.1/32'));
  });

  test('workspace symbols name the real file (review: wg0.conf.wg became "wg0.conf")', () => {
    const doc = parse('[Interface]\nAddress = 10.0.0.1/24\n');
    const containers = (uri: string) => workspaceSymbols([{ uri, doc }], '').map((s) => s.containerName);
    assert.deepEqual(containers('file:///w/wg0.conf.wg'), ['wg0.conf.wg']);
    assert.deepEqual(containers('file:///w/wireguard/office'), ['office']);
    assert.deepEqual(containers('untitled:Untitled-1'), ['untitled:Untitled-1']);
  });

  test('expanding the selection from a comment above a [Peer] goes to that [Peer], as the outline has it', () => {
    const text = '[Interface]\nPrivateKey = x\n\n# Name = nas\n[Peer]\nPublicKey = y\n';
    const [sel] = selectionRanges(parse(text), [{ line: 3, character: 3 }]);
    const chain: string[] = [];
    for (let s: SelectionRange | undefined = sel; s; s = s.parent) chain.push(`${s.range.start.line}:${s.range.start.character}-${s.range.end.line}:${s.range.end.character}`);
    assert.deepEqual(chain, ['3:0-3:12', '3:0-5:13', '0:0-6:0']);
  });

  eachEol('expanding the selection from a comment after a value or a header: the comment first, then the line', test, (v) => {
    const doc = parse(v.convert('[Peer] # the hub\nMTU = 1420 # for PPPoE\n'));
    const chain = (line: number, character: number) => {
      const out: string[] = [];
      for (let s: SelectionRange | undefined = selectionRanges(doc, [{ line, character }])[0]; s; s = s.parent) out.push(`${s.range.start.line}:${s.range.start.character}-${s.range.end.line}:${s.range.end.character}`);
      return out.slice(0, 2);
    };
    assert.deepEqual(chain(1, 16), ['1:11-1:22', '1:0-1:22']);
    assert.deepEqual(chain(0, 10), ['0:7-0:16', '0:0-0:16']);
    // In the value: as before.
    assert.deepEqual(chain(1, 7), ['1:6-1:10', '1:0-1:10']);
  });

  eachEol('a hook\'s command is one value to the end of the line, `#` included (editor review)', test, (v) => {
    const doc = parse(v.convert('[Interface]\nPostUp = echo "a # b"  \n'));
    const chain = (character: number) => {
      const out: string[] = [];
      for (let s: SelectionRange | undefined = selectionRanges(doc, [{ line: 1, character }])[0]; s; s = s.parent) out.push(`${s.range.start.line}:${s.range.start.character}-${s.range.end.line}:${s.range.end.character}`);
      return out.slice(0, 2);
    };
    assert.deepEqual(chain(10), ['1:9-1:21', '1:0-1:21']);
    assert.deepEqual(chain(19), ['1:9-1:21', '1:0-1:21']);
  });

  test('workspace symbols over several documents, by name or file', () => {
    const docs = [
      { uri: 'file:///w/hub.conf', doc: parse(HUB) },
      { uri: 'file:///w/laptop.conf', doc: parse(LAPTOP) },
    ];
    const found = workspaceSymbols(docs, 'laptop');
    assert.deepEqual(
      found.map((s) => [s.name, s.containerName, s.location.uri, s.location.range.start.line]),
      // The laptop's own [Interface] first (the config sought), then the hub's [Peer] of that name, then
      // a section found by its file's name.
      [
        ['laptop', 'laptop.conf', 'file:///w/laptop.conf', 2],
        ['laptop', 'hub.conf', 'file:///w/hub.conf', 13],
        ['hub', 'laptop.conf', 'file:///w/laptop.conf', 8],
      ],
    );
    assert.equal(workspaceSymbols(docs, '').length, 6);
    assert.deepEqual(workspaceSymbols(docs, 'zzz'), []);
    // By the file name shown as the container.
    assert.deepEqual(
      workspaceSymbols(docs, 'hub.conf').map((s) => s.containerName),
      workspaceSymbols(docs, '').filter((s) => s.containerName === 'hub.conf').map((s) => s.containerName),
    );
    assert.ok(workspaceSymbols(docs, 'hub.conf').length > 0);
  });

  test('workspace symbols: the best matches survive the cap, whatever the order of the files', () => {
    // 600 spokes, each with a [Peer] named "hub", read before the hub itself: the hub's own [Interface]
    // is the exact match and must be among the 500 answers.
    const spoke = (i: number) => `[Interface]\n# Name = spoke${i}\nAddress = 10.0.${i >> 8}.${i & 255}/32\n\n[Peer]\n# Name = hub\nAllowedIPs = 10.0.0.0/16\n`;
    const docs = [...Array.from({ length: 600 }, (_, i) => ({ uri: `file:///w/s${i}.conf`, doc: parse(spoke(i)) })), { uri: 'file:///w/zzz/hub.conf', doc: parse('[Interface]\n# Name = hub\nAddress = 10.0.0.1/16\n') }];
    const found = workspaceSymbols(docs, 'hub');
    assert.equal(found.length, 500);
    assert.deepEqual([found[0]!.name, found[0]!.location.uri], ['hub', 'file:///w/zzz/hub.conf']);
  });

  test('workspace symbols: a match in a name before any match in a file name (UI review: 500 sections of wgN.conf hid the peer mywg)', () => {
    const three = (i: number) => `[Interface]\n# Name = host${i}\nAddress = 10.1.${i >> 8}.${i & 255}/32\n\n[Peer]\n# Name = a${i}\nAllowedIPs = 10.1.0.0/16\n\n[Peer]\n# Name = b${i}\nAllowedIPs = 10.2.0.0/16\n`;
    const docs = [...Array.from({ length: 300 }, (_, i) => ({ uri: `file:///w/wg${i}.conf`, doc: parse(three(i)) })), { uri: 'file:///w/zzz.conf', doc: parse('[Interface]\nAddress = 10.9.0.1/24\n\n[Peer]\n# Name = mywg\nAllowedIPs = 10.9.0.2/32\n') }];
    const found = workspaceSymbols(docs, 'wg');
    assert.equal(found.length, 500);
    assert.deepEqual([found[0]!.name, found[0]!.location.uri], ['mywg', 'file:///w/zzz.conf']);
    // Then the sections found by their file's name.
    assert.equal(found[1]!.containerName, 'wg0.conf');
  });

  test("workspace symbols name a [Peer] holding some config's private key without it", () => {
    const doc = parse(`[Interface]\nAddress = 10.0.0.1/24\n\n[Peer]\nPublicKey = ${PRIVATE}\nAllowedIPs = 10.0.0.2/32\n`);
    const names = (secrets?: ReadonlySet<string>) => workspaceSymbols([{ uri: 'file:///w/hub.conf', doc }], '', 500, secrets).map((s) => s.name).join(' ');
    assert.ok(!names(new Set([PRIVATE])).includes(PRIVATE.slice(0, 4)), names(new Set([PRIVATE])));
    // (Without the set the key looks like any public key, and its prefix names the peer.)
    assert.ok(names().includes(PRIVATE.slice(0, 4)));
  });
});

describe('folding ranges', () => {
  eachEol('sections and comment blocks', test, (v) => {
    assert.deepEqual(foldingRanges(parse(v.convert(HUB))), [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 3, endLine: 11, kind: 'region' },
      { startLine: 13, endLine: 17, kind: 'region' },
      { startLine: 19, endLine: 22, kind: 'region' },
      { startLine: 24, endLine: 28, kind: 'region' },
      { startLine: 25, endLine: 26, kind: 'comment' },
    ]);
  });

  test('a header-only section does not fold; trailing blanks are not folded', () => {
    assert.deepEqual(foldingRanges(parse('[Peer]\n[Peer]\nA = 1\n\n\n')), [{ startLine: 1, endLine: 2, kind: 'region' }]);
  });
});

describe('selection ranges', () => {
  const chain = (s: SelectionRange) => {
    const out = [];
    for (let c: SelectionRange | undefined = s; c; c = c.parent) out.push(c.range);
    return out;
  };

  eachEol('list item → value → entry → section → document', test, (v) => {
    const text = v.convert(HUB);
    const [s] = selectionRanges(parse(text), [positionOf(HUB, '192.168.1.0/24', 2, 1)]);
    assert.deepEqual(chain(s!), [r(28, 26, 28, 40), r(28, 13, 28, 40), r(28, 0, 28, 40), r(24, 0, 28, 40), r(0, 0, 29, 0)]);
  });

  test('key → entry → section; header; stale positions', () => {
    const doc = parse(HUB);
    const [key, header, stale] = selectionRanges(doc, [{ line: 7, character: 2 }, { line: 13, character: 2 }, { line: 99, character: 0 }]);
    assert.deepEqual(chain(key!), [r(7, 0, 7, 10), r(7, 0, 7, 18), r(3, 0, 11, 52), r(0, 0, 29, 0)]);
    assert.deepEqual(chain(header!), [r(13, 1, 13, 5), r(13, 0, 13, 6), r(13, 0, 17, 24), r(0, 0, 29, 0)]);
    assert.deepEqual(chain(stale!), [r(0, 0, 29, 0)]);
  });
});

test('a `# Name = x` comment gives the name the plain regex on the trimmed comment gives, for any text after the #', async () => {
  const { default: fc } = await import('fast-check');
  // The reference: the documented rule, written the obvious way.
  const reference = (comment: string) => {
    const m = /^name\s*[=:]\s*(.+)$/i.exec(comment.trim());
    return m ? m[1]!.trim() : undefined;
  };
  const piece = fc.constantFrom('name', 'Name', 'NAME', 'n', ' ', '\t', '\u00a0', '\u2028', '=', ':', 'x', 'é', '😀', '#', '');
  const after = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
  fc.assert(
    fc.property(after, (rest) => {
      const doc = parse(`[Peer]\n#${rest}\nPublicKey = 3xK9ZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=\n`);
      const expected = reference(rest);
      // Only a `# Name` comment names the peer here unless the comment is name-like; compare where it does.
      if (expected !== undefined) assert.equal(sectionCommentName(doc, 0), expected, JSON.stringify(rest));
      else assert.notEqual(sectionCommentName(doc, 0), '', JSON.stringify(rest));
    }),
    { numRuns: Number(process.env.WGLS_PROPERTY_RUNS ?? 500) * 4 },
  );
});

describe('outline names show invisible characters', () => {
  test('# Name = <U+200B> names the peer "<U+200B>", not an invisible string', () => {
    for (const eol of ['\n', '\r\n']) {
      const names = documentSymbols(parse(`[Peer]${eol}# Name = \u200b${eol}AllowedIPs = 10.0.0.2/32${eol}`)).map((s) => s.name);
      assert.deepEqual(names, ['<U+200B>']);
    }
  });
});
