// Key redaction and the editor features at their edges, pinned after mutation testing (105 mutants of
// core/redact.ts and core/features; 48 survived the whole unit suite): the shortest key's end, cut and
// split keys at each length and piece count the patterns allow, the pieces of a key a message may quote,
// secrets in traced JSON, the privacy decorations and the outline for misspelt and near-copied secrets,
// and the hover, selection, formatting, completion and peer directory at their boundary columns and
// tie-breaks. A redaction case asserts the exact output and that no piece of the secret is in it; cases
// built on a config's text run with LF and CRLF.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/core/parser.ts';
import { validate } from '../../server/src/core/validate.ts';
import { hideChangeTexts, keyPieces, redactKeys, redactSecretAssignments, redactWithPieces, secretNameEnd } from '../../server/src/core/redact.ts';
import { isValidKey } from '../../server/src/core/keys.ts';
import { secretValueSpans } from '../../server/src/core/features/secrets.ts';
import { hover } from '../../server/src/core/features/hover.ts';
import { clippedDetail, documentSymbols, workspaceSymbols } from '../../server/src/core/features/symbols.ts';
import { inlayHints } from '../../server/src/core/features/inlay-hints.ts';
import { selectionRanges, type SelectionRange } from '../../server/src/core/features/selection.ts';
import { directoryOf } from '../../server/src/core/features/peers.ts';
import { format } from '../../server/src/core/features/formatting.ts';
import { complete } from '../../server/src/core/features/completion.ts';
import { eachEol } from './fixtures/parser/eol.ts';
import type { Range } from '../../server/src/core/span.ts';
import { ALPHA, BRAVO, LAPTOP } from './fixtures/example-keys.ts';

const PRIV = ALPHA.privateKey; // MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=
const PUB = BRAVO.publicKey; // Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=
/** alpha's key wrapped by a mail client: the 12 characters and `=` that land on the next line. */
const PRIV_END = PRIV.slice(31); // N7+55HmULH2o=
/** A generated key with no digit, `+` or `/` (about one key in 7,700). */
const NO_DIGITS = 'uDJzSeDXFCCUpRHbBjEYZRqBASWmQCMxVTBjnCxjsEM=';
/**
 * A generated key whose characters change class less often than isKeyPiece asks (about 3 keys in 100;
 * 4 in 100 of 40-character cuts): only its length and padding give it away.
 */
const SMOOTH = 'cOOIPhdzijg11ancN8ZJo01d4tlDORIHsu+vrZIfpkg=';
/** A generated key with a `/` after its seventh character (Address = it: the message quotes "YE0Ypz2"). */
const SLASH7 = 'YE0Ypz2/7YsxFIUcIegefSP1ZgOs4RRdXXEDTqe9TX4=';

/** `out` is exactly `expected`, and none of `secrets` is in it. */
function hidden(out: string, expected: string, ...secrets: string[]) {
  assert.equal(out, expected);
  for (const s of secrets) assert.ok(!out.includes(s), `${JSON.stringify(s)} shown in ${JSON.stringify(out)}`);
}

/** `line:col-line:col` of a range. */
const at = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

describe('redactKeys: the shortest and the cut keys', () => {
  it('the generated keys used below are valid keys', () => {
    // They stand for real keys of rare shapes: a test on a look-alike would pin nothing about keys.
    for (const k of [NO_DIGITS, SMOOTH, SLASH7]) assert.ok(isValidKey(k), k);
  });

  it('a key\'s end alone (12 characters and its "="), 13 characters in all, is hidden', () => {
    // The line below a wrapped PrivateKey is a message's whole quote: the shortest text with a key in it.
    hidden(redactKeys(PRIV_END), '(key hidden)', 'N7+55HmULH2o');
  });

  it('a key\'s end of 12 characters and "=" is hidden inside a message too', () => {
    hidden(redactKeys(`Unknown key: ${PRIV_END}`), 'Unknown key: (key hidden)', 'N7+55HmULH2o');
  });

  it('a key\'s end followed by a comment is hidden', () => {
    // `…ULH2o= # wrapped` is the wrapped key's second line with a note after it.
    hidden(redactKeys(`${PRIV_END} # wrapped by the mail client`), '(key hidden) # wrapped by the mail client', 'N7+55HmULH2o');
  });

  it('a key cut to 40 characters is hidden, also one whose characters change class less than most', () => {
    // 4 in 100 keys' first 40 characters fail isKeyPiece: only the run's length and its digits give them away.
    hidden(redactKeys(`DNS = ${SMOOTH.slice(0, 40)}`), 'DNS = (key hidden)', SMOOTH.slice(0, 12), SMOOTH.slice(28, 40));
    hidden(redactKeys(`DNS = ${PRIV.slice(0, 40)}`), 'DNS = (key hidden)', PRIV.slice(0, 12), PRIV.slice(28, 40));
  });

  it('a 20-character piece of a key with only four capitals is hidden', () => {
    // The laptop's key has such a window ("0r5ovydn0onCHvYY2cqa"): the bar is four capitals, not five.
    const piece = LAPTOP.privateKey.slice(20, 40);
    assert.equal(piece.replace(/[^A-Z]/g, '').length, 4);
    hidden(redactKeys(`"${piece}" is not an IP address`), '"(key hidden)" is not an IP address', piece.slice(0, 10), piece.slice(10));
  });

  it('a key cut to 20 characters around its "/" (21 with it) is hidden', () => {
    // An Endpoint holding a cut of a key: each side of the "/" is too short to judge alone.
    const cut = PUB.slice(20, 41); // 9Kk0SvabTQUN/7VxdJZix
    hidden(redactKeys(`Endpoint = ${cut}:51820`), 'Endpoint = (key hidden):51820', '9Kk0SvabTQUN', '7VxdJZix');
  });

  it('a URL-safe key cut to 40 characters (no padding) is hidden', () => {
    const urlSafe = PRIV.replace(/\+/g, '-').replace(/\//g, '_').slice(0, 40); // MPZslqNdKrf5Mo6ZlCKfOV-6uDO2EN9N7-55HmUL
    hidden(redactKeys(`DNS = ${urlSafe}`), 'DNS = (key hidden)', 'MPZslqNdKrf5', '6uDO2EN9N7', '55HmUL');
  });

  it('two keys glued together are hidden as one "(key hidden)"', () => {
    // The spans of two keys that touch are merged: one marker, not two in a row.
    hidden(redactKeys(`x=${PRIV}=${PRIV}`), 'x=(key hidden)', PRIV.slice(0, 12), PRIV_END);
  });
});

describe('redactKeys: keys split by blanks or typed as list items', () => {
  it('a key that lost a character, split in three by blanks, is hidden', () => {
    // 42 characters (alpha's key without its last one and padding): still a key's length.
    hidden(redactKeys('DNS = MPZslqNdKrf5Mo 6ZlCKfOV+6uDO2 EN9N7+55HmULH2'), 'DNS = (key hidden)', 'MPZslqNdKrf5Mo', '6ZlCKfOV+6uDO2', 'EN9N7+55HmULH2');
  });

  it('the shortest text holding a split key (44 characters, no other word) is hidden', () => {
    // A message quoting just the pieces: the split-key search starts at 41 characters, not 45.
    hidden(redactKeys('MPZslqNdKrf5Mo 6ZlCKfOV+6uDO2 EN9N7+55HmULH2'), '(key hidden)', 'MPZslqNdKrf5Mo', '6ZlCKfOV+6uDO2', 'EN9N7+55HmULH2');
  });

  it('a key split in five pieces is hidden', () => {
    hidden(redactKeys('MTU = MPZslqNdK rf5Mo6ZlC KfOV+6uDO 2EN9N7+55 HmULH2o='), 'MTU = (key hidden)', 'MPZslqNdK', 'rf5Mo6ZlC', 'KfOV+6uDO', '2EN9N7+55', 'HmULH2o');
  });

  it('a key typed as ";"-separated items is hidden whole', () => {
    hidden(redactKeys('DNS = MPZslqNdKrf5Mo;6ZlCKfOV+6uDO2;EN9N7+55HmULH2o='), 'DNS = (key hidden)', 'MPZslqNdKrf5Mo', '6ZlCKfOV+6uDO2');
  });

  it('a key with no digit, "+" or "/" typed as two list items is hidden (two pieces are enough)', () => {
    const [a, b] = [NO_DIGITS.slice(0, 23), NO_DIGITS.slice(23)];
    hidden(redactKeys(`DNS = ${a}, ${b}`), 'DNS = (key hidden)', a, b.slice(0, -1));
  });

  it('a key that fails isKeyPiece, split in three with one digit-free piece, is hidden by its padding', () => {
    // cOOIPhdzijg (no digit) 11ancN8ZJo01d4 tlDORIHsu+vrZIfpkg=: the pieces of a key nearly always hold a digit.
    const [a, b, c] = [SMOOTH.slice(0, 11), SMOOTH.slice(11, 25), SMOOTH.slice(25)];
    hidden(redactKeys(`MTU = ${a} ${b} ${c}`), 'MTU = (key hidden)', a, b, c.slice(0, -1));
  });

  it('a hex key in four groups of 16 digits is hidden', () => {
    const hex = Buffer.from(PRIV, 'base64').toString('hex');
    const groups = hex.match(/.{16}/g)!;
    assert.equal(groups.length, 4);
    hidden(redactKeys(`key ${groups.join(' ')}`), 'key (key hidden)', ...groups);
  });

  it('a hex key that lost a digit (63), split in two, is hidden', () => {
    const hex = Buffer.from(PRIV, 'base64').toString('hex').slice(0, 63);
    const [a, b] = [hex.slice(0, 32), hex.slice(32)];
    hidden(redactKeys(`key ${a} ${b}`), 'key (key hidden)', a, b);
  });
});

describe('the pieces of a key a message quotes (keyPieces, redactWithPieces)', () => {
  it('a 6-character list item of a key ("ULH2o=") quoted by a DNS message is hidden', () => {
    // alpha's key typed as two DNS items: the message quotes the second item with its "=".
    const pieces = keyPieces('DNS = MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55Hm, ULH2o=');
    const message = 'DNS item "ULH2o=" is neither an IP address nor a valid domain name; wg-quick treats it as a search domain.';
    hidden(redactWithPieces(message, pieces), 'DNS item "(key hidden)" is neither an IP address nor a valid domain name; wg-quick treats it as a search domain.', 'ULH2o');
  });

  it('a key\'s end quoted without its "=" (as an unknown key\'s name) is hidden whole', () => {
    // The wrapped line `N7+55HmULH2o=` is the key `N7+55HmULH2o` with no value to the parser.
    const message = 'Unknown key "N7+55HmULH2o" in [Peer]; wg rejects the line ("Line unrecognized").';
    hidden(redactWithPieces(message, keyPieces(PRIV_END)), 'Unknown key "(key hidden)" in [Peer]; wg rejects the line ("Line unrecognized").', 'N7+', '55HmULH2o');
  });

  eachEol('the 7 characters of a key before its "/" (Address = key) are hidden in the message', it, (v) => {
    // The parser reads "YE0Ypz2" as the address and the rest as a prefix; the message quotes the address.
    const pieces = keyPieces(`Address = ${SLASH7}`);
    hidden(redactWithPieces('Address: "YE0Ypz2" is not an IP address', pieces), 'Address: "(key hidden)" is not an IP address', 'YE0Ypz2');
    const text = v.convert(`[Interface]\nPrivateKey = ${PRIV}\nAddress = ${SLASH7}\n`);
    const messages = validate(parse(text), {}).filter((p) => p.rule === 'invalid-address').map((p) => p.message);
    assert.deepEqual(messages, ['Address: "(key hidden)" is not an IP address; expected IP[/prefix] such as 10.0.0.2/24 (wg-quick fails at "ip address add").']);
  });

  it('a word that only contains a piece of a key (a letter glued after it) stays', () => {
    // Hidden are pieces standing alone; "YE0Ypz2x" is another word.
    assert.equal(redactWithPieces('Address: "YE0Ypz2x" is not an IP address', keyPieces(`Address = ${SLASH7}`)), 'Address: "YE0Ypz2x" is not an IP address');
  });
});

describe('secrets in logs and traces (redactSecretAssignments, secretNameEnd, hideChangeTexts)', () => {
  eachEol('a wrapped PrivateKey with one character too many (45) still has both lines hidden', it, (v) => {
    // The "+" doubled at the wrap: 34 + 11 = 45 characters, a key's 44 and the slip.
    const text = `PrivateKey = MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+${v.eol}+55HmULH2o=`;
    hidden(redactSecretAssignments(text), `PrivateKey = (key hidden)${v.eol}(key hidden)`, 'MPZslqNdKrf5', '55HmULH2o');
  });

  eachEol('"psk = …" in a log is a secret\'s assignment', it, (v) => {
    hidden(redactSecretAssignments(`[Peer]${v.eol}psk = hunter2${v.eol}`), `[Peer]${v.eol}psk = (key hidden)${v.eol}`, 'hunter2');
  });

  eachEol('a PrivateKey in escaped quotes inside a traced document is hidden', it, (v) => {
    const trace = JSON.stringify({ text: `[Interface]${v.eol}PrivateKey = "hunter2 secret"${v.eol}` });
    const expected = JSON.stringify({ text: `[Interface]${v.eol}PrivateKey = "(key hidden)"${v.eol}` });
    hidden(redactSecretAssignments(trace), expected, 'hunter2');
  });

  eachEol('the first line of a traced document starts at "text":" (PrivateKey without "=")', it, (v) => {
    // A didOpen whose document starts with `PrivateKey <key being typed>`: no "=" and no key's shape.
    const trace = JSON.stringify({ uri: 'file:///a.conf', text: `PrivateKey ${PRIV.slice(0, 16)}${v.eol}` });
    hidden(redactSecretAssignments(trace), JSON.stringify({ uri: 'file:///a.conf', text: `PrivateKey (key hidden)${v.eol}` }), PRIV.slice(0, 16));
  });

  it('six letters glued to a secret\'s name are its value; five or fewer are part of the name', () => {
    // `PrivateKeyhunter = x` (a password typed after the name): the outline and messages show the name only.
    assert.equal(secretNameEnd('PrivateKeyhunter = x'), 10);
    assert.equal(secretNameEnd('PrivateKeyFiles = x'), -1);
  });

  it('a didChange whose text holds an escaped quote is hidden to the end of the text', () => {
    // Typing `PostUp = echo "…` sends the key a few characters at a time: none of the edit's text is shown.
    const message = JSON.stringify({ method: 'textDocument/didChange', params: { contentChanges: [{ text: 'PostUp = echo "x" MPZslqNdKr' }] } });
    const expected = '{"method":"textDocument/didChange","params":{"contentChanges":[{"text":"(edit text hidden)"}]}}';
    hidden(hideChangeTexts(message), expected, 'MPZslqNdKr', 'echo');
  });
});

describe('privacy decorations (secretValueSpans)', () => {
  eachEol('a key in the comment after a valid PublicKey is hidden', it, (v) => {
    const line = `PublicKey = ${PUB} # was ${PRIV}`;
    const spans = secretValueSpans(parse(v.convert(`[Peer]\n${line}\n`)));
    assert.deepEqual(spans, [{ line: 1, start: line.indexOf(PRIV), end: line.length }]);
  });

  eachEol("a misspelt secret name's value that has no key's shape is hidden, in the decorations and the outline", it, (v) => {
    const doc = parse(v.convert('[Interface]\nPrivteKey = hunter2 secret\n'));
    assert.deepEqual(secretValueSpans(doc), [{ line: 1, start: 12, end: 26 }]);
    assert.deepEqual(documentSymbols(doc)[0]!.children!.map((c) => [c.name, c.detail]), [['PrivteKey', '(hidden)']]);
  });

  eachEol('a secret\'s name two edits away (PrvateKy, no "priv" in it) is a secret\'s name', it, (v) => {
    const doc = parse(v.convert('[Interface]\nPrvateKy = hunter2 secret\n'));
    assert.deepEqual(secretValueSpans(doc), [{ line: 1, start: 11, end: 25 }]);
    assert.deepEqual(documentSymbols(doc)[0]!.children!.map((c) => [c.name, c.detail]), [['PrvateKy', '(hidden)']]);
  });

  eachEol("a wrapped key's padding ends it: the line below is not hidden as a piece of it", it, (v) => {
    // A key cut short and wrapped, then `Peer` (a header typed without brackets): only the key's two lines.
    const doc = parse(v.convert('[Interface]\nPrivateKey = MPZslqNdKrf5Mo6ZlCKf\nOV+6uDO2EN9N7=\nPeer\n'));
    assert.deepEqual(secretValueSpans(doc), [
      { line: 1, start: 13, end: 33 },
      { line: 2, start: 0, end: 14 },
    ]);
  });
});

describe('the outline and workspace symbols', () => {
  eachEol('a key\'s end alone on a line (12 characters and "=") is no entry name the outline shows', it, (v) => {
    const symbols = documentSymbols(parse(v.convert(`[Peer]\nPublicKey = ${PUB}\n${PRIV_END}\n`)));
    const shown = symbols.map((s) => [s.name, (s.children ?? []).map((c) => [c.name, c.detail])]);
    assert.deepEqual(shown, [['Peer Wq50…', [['PublicKey', PUB], ['(key hidden)', undefined]]]]);
    assert.ok(!JSON.stringify(shown).includes('N7+55HmULH2o'));
  });

  eachEol('a PublicKey that is the PrivateKey with its first two characters changed is hidden (by its last 12)', it, (v) => {
    const nearCopy = `Zz${PRIV.slice(2)}`;
    const symbols = documentSymbols(parse(v.convert(`[Interface]\nPrivateKey = ${PRIV}\n\n[Peer]\nPublicKey = ${nearCopy}\n`)));
    const shown = symbols.map((s) => [s.name, (s.children ?? []).map((c) => [c.name, c.detail])]);
    assert.deepEqual(shown, [
      ['Interface', [['PrivateKey', '(hidden)']]],
      ['Peer (key hidden)', [['PublicKey', '(hidden)']]],
    ]);
    assert.ok(!JSON.stringify(shown).includes('ZzZs'));
  });

  eachEol('workspace symbols: a match at a word\'s start ("home-laptop" for "lap") ranks above one inside a word', it, (v) => {
    const docs = [
      { uri: 'file:///ws/a.conf', doc: parse(v.convert(`[Peer]\n# Name = mylaptop\nPublicKey = ${PUB}\n`)) },
      { uri: 'file:///ws/b.conf', doc: parse(v.convert(`[Peer]\n# Name = home-laptop\nPublicKey = ${ALPHA.publicKey}\n`)) },
    ];
    assert.deepEqual(
      workspaceSymbols(docs, 'lap').map((s) => s.name),
      ['home-laptop', 'mylaptop'],
    );
  });

  eachEol('workspace symbols: a file named after a key shows no key in "Interface <file>"', it, (v) => {
    const uri = `file:///etc/wireguard/${PRIV.slice(0, 43)}.conf`;
    const symbols = workspaceSymbols([{ uri, doc: parse(v.convert('[Interface]\nListenPort = 51820\n')) }], '');
    assert.deepEqual(
      symbols.map((s) => [s.name, s.containerName]),
      [['Interface (key hidden)', '(key hidden).conf']],
    );
  });

  it('a long value\'s detail: a key across the redaction window\'s end is hidden when the hidden keys shrink the window', () => {
    // `echo <4 KB of base64> <key>`: the key starts 14 characters before the 4096th; the blob hidden, the
    // key's first 14 characters would come before the 200-character cut.
    const blob = Buffer.from(Array.from({ length: 3057 }, (_, i) => (i * 37 + 11) & 255)).toString('base64');
    const value = `echo ${blob} ${PRIV}`;
    assert.equal(value.indexOf(PRIV), 4082);
    hidden(clippedDetail(value), 'echo (key hidden) (key hidden)', PRIV.slice(0, 8));
  });
});

describe('inlay hints', () => {
  eachEol('a key-shaped peer name from the directory is hidden in the label', it, (v) => {
    // Whatever the directory answers (a name from a file or a comment), the hint shows no key.
    const lookupPeer = () => ({ name: PRIV.slice(0, 43), uri: 'file:///ws/x.conf', ownsKey: true });
    const hints = inlayHints(parse(v.convert(`[Peer]\nPublicKey = ${PUB}\n`)), undefined, { derivedPublicKey: true, peerNames: true, lookupPeer });
    assert.deepEqual(
      hints.map((h) => [h.label, `${h.position.line}:${h.position.character}`]),
      [['→ (key hidden)', '1:56']],
    );
  });
});

describe('hover', () => {
  eachEol('an invalid PublicKey (a private key with junk after it) is shown with the key hidden', it, async (v) => {
    const h = await hover(parse(v.convert(`[Peer]\nPublicKey = ${PRIV}=x\n`)), { line: 1, character: 14 }, {});
    assert.equal(at(h!.range!), '1:12-1:58');
    hidden(h!.contents.value, '**Public key** `(key hidden)x`\n\nNot a valid key: a key is 44 characters of base64; this one has 46.', PRIV.slice(0, 12), PRIV_END);
  });

  eachEol('on the "=" sign: the key\'s doc, over the key up to the cursor', it, async (v) => {
    const doc = parse(v.convert('[Interface]\nMTU = 1420\n'));
    const onEq = await hover(doc, { line: 1, character: 4 }, {});
    const onKey = await hover(doc, { line: 1, character: 0 }, {});
    assert.equal(at(onEq!.range!), '1:0-1:4');
    assert.equal(onEq!.contents.value.split('\n')[0], '**MTU** · `[Interface]`');
    assert.equal(onEq!.contents.value, onKey!.contents.value);
  });

  eachEol("Address: the subnet's network address gets the warning, a host address none", it, async (v) => {
    const network = await hover(parse(v.convert('[Interface]\nAddress = 10.0.0.0/24\n')), { line: 1, character: 12 }, {});
    assert.equal(at(network!.range!), '1:10-1:21');
    assert.equal(
      network!.contents.value,
      '**10.0.0.0/24**: this host is `10.0.0.0` inside the tunnel\n\nTunnel subnet `10.0.0.0/24`: 10.0.0.0 – 10.0.0.255, 256 addresses. wg-quick routes the whole subnet into the tunnel.\n\n⚠ `10.0.0.0` is the subnet\'s network address; a host address such as `10.0.0.1/24` is usual.',
    );
    const host = await hover(parse(v.convert('[Interface]\nAddress = 10.0.0.1/24\n')), { line: 1, character: 12 }, {});
    assert.equal(
      host!.contents.value,
      '**10.0.0.1/24**: this host is `10.0.0.1` inside the tunnel\n\nTunnel subnet `10.0.0.0/24`: 10.0.0.0 – 10.0.0.255, 256 addresses. wg-quick routes the whole subnet into the tunnel.',
    );
  });
});

describe('selection ranges', () => {
  const chain = (r: SelectionRange | undefined) => {
    const out: string[] = [];
    for (; r; r = r.parent) out.push(at(r.range));
    return out;
  };
  eachEol("at the value's end column the value is the first range", it, (v) => {
    const [r] = selectionRanges(parse(v.convert('[Interface]\nMTU = 1420\n')), [{ line: 1, character: 10 }]);
    assert.deepEqual(chain(r), ['1:6-1:10', '1:0-1:10', '0:0-1:10', '0:0-2:0']);
  });

  eachEol('on a blank line after the last section: the whole document', it, (v) => {
    const [r] = selectionRanges(parse(v.convert('[Interface]\nMTU = 1420\n\n\n')), [{ line: 2, character: 0 }]);
    assert.deepEqual(chain(r), ['0:0-4:0']);
  });
});

describe('the peer directory', () => {
  eachEol('two configs with one private key: the first names it', it, (v) => {
    const lookup = directoryOf([
      { uri: 'file:///ws/old.conf', doc: parse(v.convert(`[Interface]\n# Name = old-laptop\nPrivateKey = ${ALPHA.privateKey}\n`)) },
      { uri: 'file:///ws/new.conf', doc: parse(v.convert(`[Interface]\n# Name = new-laptop\nPrivateKey = ${ALPHA.privateKey}\n`)) },
    ]);
    const who = lookup(ALPHA.publicKey)!;
    assert.deepEqual([who.name, who.uri, who.ownsKey], ['old-laptop', 'file:///ws/old.conf', true]);
  });

  eachEol('two [Peer]s naming one public key: the first name wins', it, (v) => {
    const lookup = directoryOf([
      { uri: 'file:///ws/a.conf', doc: parse(v.convert(`[Peer]\n# Name = bob-phone\nPublicKey = ${PUB}\n`)) },
      { uri: 'file:///ws/b.conf', doc: parse(v.convert(`[Peer]\n# Name = robert\nPublicKey = ${PUB}\n`)) },
    ]);
    const who = lookup(PUB)!;
    assert.deepEqual([who.name, who.uri, who.ownsKey], ['bob-phone', 'file:///ws/a.conf', false]);
  });
});

describe('range formatting, completion', () => {
  const edit = (sl: number, sc: number, el: number, ec: number, newText: string) => ({ range: { start: { line: sl, character: sc }, end: { line: el, character: ec } }, newText });
  eachEol('a range ending inside a line formats that line; one ending at its column 0 does not', it, (v) => {
    const doc = parse(v.convert('[Interface]\nMTU=1420\nListenPort=51820\n'));
    assert.deepEqual(format(doc, { start: { line: 1, character: 0 }, end: { line: 2, character: 3 } }), [edit(1, 0, 1, 8, 'MTU = 1420'), edit(2, 0, 2, 16, 'ListenPort = 51820')]);
    assert.deepEqual(format(doc, { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }), [edit(1, 0, 1, 8, 'MTU = 1420')]);
  });

  eachEol('AllowedIPs: the subnet is not offered when an item of the same prefix already covers it', it, (v) => {
    const doc = parse(v.convert('[Interface]\nAddress = 10.0.0.1/24\nListenPort = 51820\n[Peer]\nAllowedIPs = 10.0.0.1/24, \nEndpoint = vpn.example.com:51820\n'));
    assert.deepEqual(
      complete(doc, { line: 4, character: 27 }).items.map((i) => i.label),
      ['0.0.0.0/0, ::/0'],
    );
  });

  eachEol('AllowedIPs in a /31: the other address is offered, the network address included (RFC 3021)', it, (v) => {
    const doc = parse(v.convert('[Interface]\nAddress = 10.0.0.1/31\n[Peer]\nAllowedIPs = \n'));
    assert.deepEqual(
      complete(doc, { line: 3, character: 13 }).items.map((i) => i.label),
      ['10.0.0.0/32', '10.0.0.0/31', '0.0.0.0/0, ::/0'],
    );
  });
});
