// Formatting: exact output for a messy fixture, idempotence over every example,
// per-line minimal edits, line endings kept (every case also runs with CRLF), range
// formatting limited to the touched lines.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/parser.ts';
import { inlayHints } from '../../../server/src/core/features/inlay-hints.ts';
import { format, formatLine } from '../../../server/src/core/features/formatting.ts';
import { applyTextEdits } from '../../../server/src/core/edits/apply.ts';
import { eachEol } from '../fixtures/parser/eol.ts';
import { applyEdits, examples, fixture } from './helpers.ts';

const MESSY = fixture('messy.conf');
const MESSY_FORMATTED = fixture('messy.formatted.conf');

const formatted = (text: string) => applyEdits(text, format(parse(text)));

describe('formatting', () => {
  eachEol('the messy fixture becomes the canonical form', test, (v) => {
    assert.equal(formatted(v.convert(MESSY)), v.convert(MESSY_FORMATTED));
  });

  eachEol('formatting a formatted file returns no edits', test, (v) => {
    assert.deepEqual(format(parse(v.convert(MESSY_FORMATTED))), []);
    assert.deepEqual(format(parse(formatted(v.convert(MESSY)))), []);
  });

  for (const [path, text] of examples()) {
    eachEol(`idempotent on ${path}`, test, (v) => {
      const input = v.convert(text);
      const once = formatted(input);
      assert.deepEqual(format(parse(once)), [], 'second pass changes nothing');
      assert.equal(once, input, 'the examples are already canonical');
    });
  }

  // Fuzzing found these: removing the blank lines above a line starting with U+FEFF made it the
  // file's byte order mark, and the second format read it differently.
  for (const text of ['\n\uFEFF\nPost Up = x[peer]\n=\t\n\n[peer]\n', '\n\uFEFFPrivateKey=abc\n[peer]\n', '\n\n\uFEFF[Interface]\nListenPort=1\n']) {
    eachEol(`idempotent with a U+FEFF after leading blank lines: ${JSON.stringify(text.slice(0, 16))}`, test, (v) => {
      const once = formatted(v.convert(text));
      assert.deepEqual(format(parse(once)), [], `second pass changes nothing: ${JSON.stringify(once)}`);
    });
  }

  // Editor review: entries were de-indented, comments among them not.
  eachEol('comments lose their indentation as the entries do (blanks and tabs; the text after # stays)', test, (v) => {
    const text = v.convert('[Interface]\n  # indented note\n\t# tab  kept inside\n  MTU = 1420\n');
    assert.equal(formatted(text), v.convert('[Interface]\n# indented note\n# tab  kept inside\nMTU = 1420\n'));
  });

  test('an unknown section\'s lines and lines above the first header are left as written (review)', () => {
    const text = 'privatekey=abc\n[Interface]\nlistenport=1\n[Foo]\nprivatekey=abc\nallowedips=1.2.3.4/32,5.6.7.8/32\n';
    assert.equal(formatted(text), 'privatekey=abc\n\n[Interface]\nListenPort = 1\n\n[Foo]\nprivatekey=abc\nallowedips=1.2.3.4/32,5.6.7.8/32\n');
  });

  eachEol('edits are per line: one line replaced, or a run of blank lines removed whole', test, (v) => {
    const text = v.convert(MESSY);
    const doc = parse(text);
    const edits = format(doc);
    assert.ok(edits.length > 5);
    for (const e of edits) {
      const lines = e.range.end.line - e.range.start.line;
      if (lines === 0) assert.equal(e.range.start.character, 0);
      else {
        assert.deepEqual([e.range.start.character, e.range.end.character, e.newText], [0, 0, ''], JSON.stringify(e));
        for (let i = e.range.start.line; i < e.range.end.line; i++) assert.equal(doc.lines[i]!.node.kind, 'blank', JSON.stringify(e));
      }
    }
  });

  test('a run of blank lines is one edit, however long (a 1 MB file of blank lines was a 99 MB answer: server review)', () => {
    const edits = format(parse(`[Interface]\nListenPort = 1\n${'\n'.repeat(100_000)}[Peer]\nPublicKey = x\n`));
    assert.deepEqual(edits, [{ range: { start: { line: 3, character: 0 }, end: { line: 100_002, character: 0 } }, newText: '' }]);
  });

  test('a line after a lone CR is left as written: the tools read it joined to the one before (formatting review)', () => {
    const key = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
    const peer = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
    // (Edits applied as an editor does, a lone CR ending a line: not the helper, which breaks at LF only.)
    for (const text of [
      `[Interface]\nPrivateKey = ${key}\nListenPort = 51820\r[Peer]\nPublicKey = ${peer}\n`,
      `[Interface]\nListenPort = 51820\r# Name = bob\n[Peer]\nPublicKey = ${peer}\n`,
      `[Interface]\nListenPort = 51820\r  \n\n[Peer]\nPublicKey = ${peer}\n`,
      `[Interface]\r\nListenPort = 51820\r[Peer]\r\nPublicKey = ${peer}\r\n`,
      `[Interface]\rPrivateKey=${key}\r[Peer]\rPublicKey=${peer}\r`,
      // A blank line ending in a lone CR, after a blank line: not deleted, which put the next line after an
      // LF, formatted only by the next format (diff review).
      '[Interface]\n\n \rMTU=1420\n',
      '[Interface]\n\n\n\rMTU=1420\n',
    ]) {
      const once = applyTextEdits(text, format(parse(text)));
      // No LF put right after a lone CR (no CR newly followed by an LF), and formatting again changes nothing.
      assert.equal((once.match(/\r\n/g) ?? []).length, (text.match(/\r\n/g) ?? []).length, JSON.stringify(text));
      assert.equal(applyTextEdits(once, format(parse(once))), once, JSON.stringify(text));
    }
    // The line before the lone CR is still formatted.
    assert.equal(applyTextEdits('[Interface]\nListenPort=1\r[Peer]\n', format(parse('[Interface]\nListenPort=1\r[Peer]\n'))), '[Interface]\nListenPort = 1\r[Peer]\n');
  });

  test('a line holding a NUL byte is left as written: the tools read it three ways, value-whitespace lets the user choose', () => {
    for (const line of ['MTU = 1420\u0000\u0000', 'MTU=1420 \u0000', 'listenport = 1\u0000 # x', '\u0000', '# c\u0000 ']) {
      const text = `[Interface]\n${line}\n\n\n[Peer]\n`;
      const after = applyTextEdits(text, format(parse(text)));
      assert.equal(after.split('\n')[1], line, JSON.stringify(line));
      assert.equal(applyTextEdits(after, format(parse(after))), after, 'idempotent');
    }
  });

  eachEol('a missing blank line is inserted with the file\'s line ending', test, (v) => {
    const text = v.convert('[Interface]\nListenPort = 1\n# Name = b\n[Peer]\nPublicKey = x\n');
    const edits = format(parse(text));
    // Inserted in front of the line, which is not rewritten (LSP review: it was, with the line break).
    assert.deepEqual(edits, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: v.eol }]);
    // A line that changes too: one edit for both.
    const both = format(parse(v.convert('[Interface]\nListenPort = 1\n#  Name = b\n[Peer]\nPublicKey=x\n')));
    assert.deepEqual(both.map((e) => [e.range.start.line, e.range.end.character, e.newText]), [[2, 0, v.eol], [4, 11, 'PublicKey = x']]);
    const changed = format(parse(v.convert('[Interface]\nListenPort = 1\n[peer]\nPublicKey = x\n')));
    assert.deepEqual(changed, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } }, newText: `${v.eol}[Peer]` }]);
  });

  test('exact edits for a few lines', () => {
    const edits = format(parse('[peer]  \nallowedips=10.0.0.1/32 ,fd00::1/128 # a\n\n\n'));
    assert.deepEqual(edits, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } }, newText: '[Peer]' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 39 } }, newText: 'AllowedIPs = 10.0.0.1/32, fd00::1/128 # a' },
      { range: { start: { line: 2, character: 0 }, end: { line: 4, character: 0 } }, newText: '' },
    ]);
  });

  test('line rules', () => {
    const line = (t: string) => formatLine(parse(t).lines[0]!.node);
    assert.equal(line('  privatekey=abc'), 'PrivateKey = abc');
    // Meaning first: a spelled-apart key or header is something else to wg-quick and the apps.
    assert.equal(line('  private key=abc'), undefined, 'the apps reject "Private Key"');
    assert.equal(line('Post Up = echo hi'), undefined, 'no PostUp to wg-quick: formatting must not make it run');
    assert.equal(line('[ Interface ]#x'), undefined, 'no section to wg-quick and the apps');
    assert.equal(line('[interface]#x'), '[Interface] #x');
    // Only ASCII blanks are trimmed: an NBSP is text to wg.
    assert.equal(line('DNS = 1.1.1.1\u00a0,8.8.8.8'), 'DNS = 1.1.1.1\u00a0,8.8.8.8', 'a search domain stays one');
    assert.equal(line('AllowedIPs = 10.0.0.1\u00a0,10.0.0.2'), 'AllowedIPs = 10.0.0.1\u00a0,10.0.0.2');
    assert.equal(line('PostUp = echo a\u00a0 '), 'PostUp = echo a\u00a0', 'the command keeps its argument');
    assert.equal(line('PostUp =\u00a0'), 'PostUp = \u00a0');
    assert.equal(line(line('PostUp =\u00a0')!), 'PostUp = \u00a0', 'idempotent');
    assert.equal(line('# note\u00a0 '), '# note\u00a0');
    assert.equal(line('PostUp=a  ;  b   # c  '), 'PostUp = a  ;  b   # c', 'hook command kept verbatim');
    assert.equal(line('DNS = 1.1.1.1 8.8.8.8'), 'DNS = 1.1.1.1 8.8.8.8', 'space-separated list left alone');
    assert.equal(line('AllowedIPs = a,,b'), 'AllowedIPs = a,,b', 'empty item left for diagnostics');
    assert.equal(line('Endpoint =   # later'), 'Endpoint = # later');
    assert.equal(line('Table=Off'), 'Table = Off', 'values are never re-cased');
    assert.equal(line('[Peer] junk'), undefined);
    assert.equal(line('[Peers]'), undefined);
    assert.equal(line('[\u00a0Interface]'), undefined, 'a no-break space is not a blank to wg');
    assert.equal(line('Unknown=1'), undefined);
    assert.equal(line('no equals here'), undefined);
  });

  eachEol('range formatting touches only the lines in the range', test, (v) => {
    const text = v.convert(MESSY);
    const all = format(parse(text));
    const some = format(parse(text), { start: { line: 4, character: 3 }, end: { line: 6, character: 0 } });
    assert.deepEqual(some, all.filter((e) => e.range.start.line >= 4 && e.range.start.line <= 5));
    assert.deepEqual(some.map((e) => e.range.start.line), [4, 5]);
  });

  eachEol('range formatting deletes only the blank lines in the range, never the run around it, and never the last one of a run (formatting review)', test, (v) => {
    const at = (a: number, b = a) => ({ start: { line: a, character: 0 }, end: { line: b, character: 0 } });
    const lines = (edits: ReturnType<typeof format>) => edits.map((e) => [e.range.start.line, e.range.end.line]);
    // Blank lines 2, 3 and 4: line 2 is the one kept; 3 and 4 are surplus.
    const text = v.convert('[Interface]\nMTU=1\n\n\n\n[Peer]\nPublicKey=x\n');
    assert.deepEqual(lines(format(parse(text), at(3))), [[3, 4]], 'line 3 only (an empty range at a line start takes that line)');
    assert.deepEqual(lines(format(parse(text), at(3, 4))), [[3, 4]], 'line 3 only: the range ends at line 4\'s start');
    assert.deepEqual(lines(format(parse(text), at(2))), [], 'the kept blank line');
    assert.deepEqual(lines(format(parse(text), at(2, 5))), [[3, 5]], 'the surplus of the run, in one edit');
    assert.deepEqual(lines(format(parse(v.convert('[Interface]\nListenPort = 1\n\n\n')), at(3))), [[3, 4]], 'a blank line at the end, not the one above it');
    // The same range formatted again until nothing changes: the run ends as one blank line, as a whole format leaves it.
    let now = text;
    for (let round = 0; round < 5; round++) {
      const edits = format(parse(now), at(3));
      if (edits.length === 0) break;
      for (const e of edits) assert.ok(e.range.start.line >= 3 && e.range.end.line <= 4, JSON.stringify(e));
      now = applyEdits(now, edits);
    }
    assert.equal(now, formatted(text).replace('MTU = 1', 'MTU=1').replace('PublicKey = x', 'PublicKey=x'));
    for (const [t, line] of [['\uFEFF\n\n[Interface]\nMTU = 1\n', 0]] as const) {
      const once = applyEdits(v.convert(t), format(parse(v.convert(t)), at(line)));
      assert.equal(once, v.convert('\uFEFF\n[Interface]\nMTU = 1\n'), 'the BOM stays; one leading blank line deleted');
    }
  });

  eachEol('a line holding a character the Apple apps break lines at (VT, FF, NEL, U+2028, U+2029) is left as written (formatting review)', test, (v) => {
    for (const c of ['\v', '\f', '\u0085', '\u2028', '\u2029']) {
      const text = v.convert(`[Interface]\nListenPort =${c}51820\nprivatekey${c}= x\nmtu=1420\n`);
      const edits = format(parse(text));
      assert.deepEqual(edits.map((e) => e.range.start.line), [3], JSON.stringify(c));
      assert.equal(edits[0]!.newText, 'MTU = 1420');
    }
  });

  test('a byte order mark stays in front of line 0', () => {
    const edits = format(parse('\uFEFF[interface]\n'));
    assert.deepEqual(edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } }, newText: '\uFEFF[Interface]' }]);
  });

  test('a range with fractional or odd lines (LSP forbids them, a client may send them) formats whole lines, never throws (editor review)', () => {
    const doc = parse('[Interface]\nlistenport=1\n\n\n[Peer]\nPublicKey = x\n');
    const range = (a: number, b: number) => ({ start: { line: a, character: 0 }, end: { line: b, character: 0 } });
    assert.deepEqual(format(doc, range(1, 1.5)).map((e) => e.newText), ['ListenPort = 1']);
    assert.deepEqual(format(doc, range(0.5, 3.5)).map((e) => e.range.start.line), [1, 3]);
    assert.deepEqual(format(doc, range(NaN, NaN)), []);
    for (const [a, b] of [[-Infinity, Infinity], [5, 1], [1e9, 1e9 + 1]]) format(doc, range(a!, b!));
    assert.deepEqual(inlayHints(doc, range(0.5, 3.5), { derivedPublicKey: true, peerNames: true }), []);
  });
});

describe('formatting leaves a key name wg does not read as it is', () => {
  test('Public<U+212A>ey (a Kelvin sign, a "k" only to Unicode lowercasing) is not made PublicKey', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = `[Peer]${eol}Public\u212Aey = PJQOF+rxDyVej6mNuWkh26w2POmdHfbQBPtYU42myUI=${eol}publickey = PJQOF+rxDyVej6mNuWkh26w2POmdHfbQBPtYU42myUI=${eol}`;
      assert.equal(applyTextEdits(text, format(parse(text))), `[Peer]${eol}Public\u212Aey = PJQOF+rxDyVej6mNuWkh26w2POmdHfbQBPtYU42myUI=${eol}PublicKey = PJQOF+rxDyVej6mNuWkh26w2POmdHfbQBPtYU42myUI=${eol}`);
    }
  });
});

describe('formatting keeps the trailing blanks of a line a lone CR joins to the next', () => {
  test('PostUp = echo a  <CR>echo b is one command to wg-quick: left as written; before CR CR LF they go', () => {
    for (const text of ['[Interface]\nPostUp = echo a  \recho b\n', '[Interface]\nAddress = 10.0.0.1/24 \r10.0.0.2/24\n']) {
      assert.equal(applyTextEdits(text, format(parse(text))), text);
    }
    const crcrlf = '[Interface]\r\r\nAddress = 10.0.0.1/24  \r\r\n';
    assert.equal(applyTextEdits(crcrlf, format(parse(crcrlf))), '[Interface]\r\r\nAddress = 10.0.0.1/24\r\r\n');
  });
});
