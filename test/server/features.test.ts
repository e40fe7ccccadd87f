// Editor features on the real server (dist/server.js) over JSON-RPC: hover,
// completion, outline, folding, selection, formatting, inlay hints and workspace
// symbols, as an editor would ask for them. Run `npm run build` first.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, REPO_ROOT, testUri } from './lsp-client.ts';

const read = (p: string) => readFileSync(join(REPO_ROOT, p), 'utf8');
const HUB = read('examples/hub-and-spoke/hub.conf');
const LAPTOP = read('examples/hub-and-spoke/laptop.conf');
const MESSY = read('test/unit/fixtures/features/messy.conf');
const HUB_PRIV = 'GPw7ZlRFegeGicvrcJC3EEOIsocxVl2IisM4qTmWwGk=';

interface Hover { contents: { kind: string; value: string }; range: unknown }
interface TextEdit { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

describe('editor features over LSP', () => {
  let client: LspClient;
  const hub = testUri('hub.conf');
  const laptop = testUri('laptop.conf');
  before(async () => {
    client = await LspClient.start({ configuration: { wgls: { inlayHints: { derivedPublicKey: true, peerNames: true } } } });
    client.open(hub, HUB);
    client.open(laptop, LAPTOP);
  });
  after(async () => {
    await client?.shutdown();
  });

  test('advertises the providers', () => {
    const c = client.initializeResult.capabilities;
    for (const k of ['hoverProvider', 'completionProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'foldingRangeProvider',
      'selectionRangeProvider', 'documentFormattingProvider', 'documentRangeFormattingProvider', 'inlayHintProvider'] as const) {
      assert.ok(c[k], k);
    }
  });

  test('hover on a key, on a CIDR item, on a PrivateKey (public key shown, private never)', async () => {
    const key = await client.request<Hover>('textDocument/hover', { textDocument: { uri: hub }, position: { line: 7, character: 3 } });
    assert.match(key.contents.value, /^\*\*ListenPort\*\*/);
    assert.deepEqual(key.range, { start: { line: 7, character: 0 }, end: { line: 7, character: 10 } });
    const cidr = await client.request<Hover>('textDocument/hover', { textDocument: { uri: hub }, position: { line: 28, character: 30 } });
    assert.match(cidr.contents.value, /a network of 256 addresses/);
    const priv = await client.request<Hover>('textDocument/hover', { textDocument: { uri: hub }, position: { line: 5, character: 20 } });
    assert.match(priv.contents.value, /\*\*Public key:\*\* `Z\+uhM8vv1jMVyihOo2Jf890iqMVo0aLY9tQ9\+1g2xQk=` \(known as \*\*hub\*\*\)/);
    assert.ok(!priv.contents.value.includes(HUB_PRIV));
    // The laptop.conf that is open names the hub's peer.
    const peer = await client.request<Hover>('textDocument/hover', { textDocument: { uri: hub }, position: { line: 15, character: 20 } });
    assert.match(peer.contents.value, /Belongs to \*\*laptop\*\*/);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: hub }, position: { line: 400, character: 0 } }), null);
  });

  test('completion: keys and values', async () => {
    const keys = await client.request<{ items: Array<{ label: string }> }>('textDocument/completion', {
      textDocument: { uri: hub }, position: { line: 29, character: 0 },
    });
    const labels = keys.items.map((i) => i.label);
    assert.ok(labels.includes('Endpoint') && labels.includes('[Peer]') && !labels.includes('PublicKey'));
    const doc = testUri('new.conf');
    client.open(doc, '[Interface]\nMTU = \n');
    const mtu = await client.request<{ items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri: doc }, position: { line: 1, character: 6 } });
    assert.deepEqual(mtu.items.map((i) => i.label), ['1420', '1412', '1280']);
    client.close(doc);
  });

  // Editor review: a new spoke was offered laptop.conf's address (completion read its own file only).
  test("completion: a new spoke's next free address is free in the workspace (the hub's routes, the laptop's Address)", async () => {
    const doc = testUri('spoke.conf');
    client.open(doc, '[Interface]\nAddress = \n\n[Peer]\nPublicKey = Z+uhM8vv1jMVyihOo2Jf890iqMVo0aLY9tQ9+1g2xQk=\nAllowedIPs = 10.0.0.0/24\n');
    await client.waitForDiagnostics(doc);
    const address = await client.request<{ items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri: doc }, position: { line: 1, character: 10 } });
    assert.equal(address.items[0]!.label, '10.0.0.5/24');
    client.close(doc);
  });

  test('document symbols, folding ranges, selection ranges', async () => {
    const symbols = await client.request<Array<{ name: string; detail?: string }>>('textDocument/documentSymbol', { textDocument: { uri: hub } });
    assert.deepEqual(symbols.map((s) => [s.name, s.detail]), [['hub', '10.0.0.1/24'], ['laptop', '10.0.0.2/32'], ['phone', '10.0.0.3/32'], ['nas', '10.0.0.4/32, 192.168.1.0/24']]);
    const folds = await client.request<Array<{ startLine: number; endLine: number }>>('textDocument/foldingRange', { textDocument: { uri: hub } });
    assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[0, 1], [3, 11], [13, 17], [19, 22], [24, 28], [25, 26]]);
    const [sel] = await client.request<Array<{ range: unknown; parent?: { range: unknown } }>>('textDocument/selectionRange', {
      textDocument: { uri: hub }, positions: [{ line: 28, character: 30 }],
    });
    assert.deepEqual(sel!.range, { start: { line: 28, character: 26 }, end: { line: 28, character: 40 } });
    assert.deepEqual(sel!.parent!.range, { start: { line: 28, character: 13 }, end: { line: 28, character: 40 } });
  });

  test('formatting: per-line edits, canonical result; a formatted file gets none', async () => {
    const messy = testUri('messy.conf');
    client.open(messy, MESSY);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: messy }, options: { tabSize: 4, insertSpaces: true } });
    assert.equal(applyEdits(MESSY, edits), read('test/unit/fixtures/features/messy.formatted.conf'));
    const range = await client.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri: messy }, range: { start: { line: 4, character: 0 }, end: { line: 4, character: 5 } }, options: { tabSize: 4, insertSpaces: true },
    });
    assert.deepEqual(range.map((e) => e.range.start.line), [4]);
    client.close(messy);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri: hub }, options: { tabSize: 4, insertSpaces: true } }), []);
  });

  test('inlay hints: the derived public key and peer names', async () => {
    const hints = await client.request<Array<{ label: string; position: unknown }>>('textDocument/inlayHint', {
      textDocument: { uri: hub }, range: { start: { line: 0, character: 0 }, end: { line: 29, character: 0 } },
    });
    assert.deepEqual(hints[0], { ...hints[0], label: '→ pub: Z+uhM8vv1j…', position: { line: 5, character: 57 } });
    assert.ok(!JSON.stringify(hints).includes(HUB_PRIV));
    // hub.conf's peers already carry `# Name =` comments equal to the owners' names: no duplicate hint.
    assert.equal(hints.length, 1);
    const bare = testUri('bare.conf');
    client.open(bare, '[Peer]\nPublicKey = Z+uhM8vv1jMVyihOo2Jf890iqMVo0aLY9tQ9+1g2xQk=\n');
    const named = await client.request<Array<{ label: string }>>('textDocument/inlayHint', {
      textDocument: { uri: bare }, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
    });
    assert.deepEqual(named.map((h) => h.label), ['→ hub']);
    client.close(bare);
  });

  test('workspace symbols over the open documents', async () => {
    const found = await client.request<Array<{ name: string; location: { uri: string } }>>('workspace/symbol', { query: 'laptop' });
    // By name, or by file name: laptop.conf's own [Peer] (the hub) is found too. The laptop's own
    // [Interface] first: the config sought.
    assert.deepEqual(found.map((s) => [s.name, s.location.uri]), [['laptop', laptop], ['laptop', hub], ['hub', laptop]]);
  });

  // VS Code strips a BOM from the text it sends; a client that keeps it counts it as character 0 of
  // line 0, the engine does not. Every answer on such a document must be the BOM-less one with line 0
  // moved by one column (positions in and ranges out), or a completion replaces the wrong characters.
  test('a document whose text keeps a BOM: line 0 in the editor\'s columns, in and out', async () => {
    const body = `# wgls-target andr\n[Interface]\nMTU = 1420\n[Peer]\nPublicKey = bad\n`;
    const line0 = '[Inter';
    const plain = testUri('plain.conf');
    const bom = testUri('bom.conf');
    const header = testUri('header.conf');
    const plainHeader = testUri('plain-header.conf');
    client.open(plain, body);
    client.open(bom, `\uFEFF${body}`);
    client.open(plainHeader, `${line0}\nAddress = 10.0.0.1/24 # x\n`);
    client.open(header, `\uFEFF${line0}\nAddress = 10.0.0.1/24 # x\n`);
    // Every position on line 0 one column right; other lines unchanged.
    const moved = (v: unknown): unknown =>
      JSON.parse(JSON.stringify(v), (_, x) => (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 2 && x.line === 0 && typeof x.character === 'number' ? { line: 0, character: x.character + 1 } : x));
    const ask = (method: string, uri: string, params: Record<string, unknown>) => client.request(method, { textDocument: { uri }, ...params });
    const same = async (method: string, params: (shift: number) => Record<string, unknown>, bomUri = bom, plainUri = plain) => {
      const expected = moved(await ask(method, plainUri, params(0)));
      assert.deepEqual(await ask(method, bomUri, params(1)), expected, method);
      return expected;
    };
    const at = (line: number, character: number) => (shift: number) => ({ position: { line, character: line === 0 ? character + shift : character } });
    const completion = (await same('textDocument/completion', at(0, 18))) as { items: Array<{ label: string; textEdit?: TextEdit }> };
    assert.ok(completion.items.some((i) => i.label === 'android'));
    await same('textDocument/completion', at(0, 6), header, plainHeader);
    await same('textDocument/hover', at(0, 3));
    await same('textDocument/hover', at(1, 3));
    // Smart select: the same ranges, except that one from the start of line 0 takes the BOM with it, so
    // that the cursor at 0:0 (in front of the BOM) lies in it (structure review: nothing was selected).
    const fromStart = (v: unknown): unknown => JSON.parse(JSON.stringify(v), (k, x) => (k === 'start' && x.line === 0 && x.character === 1 ? { line: 0, character: 0 } : x));
    const selections = (uri: string, character: number) => ask('textDocument/selectionRange', uri, { positions: [{ line: 0, character }, { line: 2, character: 1 }] });
    assert.deepEqual(await selections(bom, 4), fromStart(moved(await selections(plain, 3))));
    const [atStart] = (await selections(bom, 0)) as Array<{ range: { start: { character: number } } }>;
    assert.equal(atStart!.range.start.character, 0);
    // The outline likewise (LSP review: the cursor at 0:0 was in no symbol).
    // (Its range; the selectionRange, what is shown selected, stays on the section's own characters.)
    const rangeFromStart = (v: unknown): unknown =>
      JSON.parse(JSON.stringify(v), (k, x) => (k === 'range' && x.start.line === 0 && x.start.character === 1 ? { start: { line: 0, character: 0 }, end: x.end } : x));
    assert.deepEqual(await ask('textDocument/documentSymbol', header, {}), rangeFromStart(moved(await ask('textDocument/documentSymbol', plainHeader, {}))));
    // Before the BOM nothing is offered: an item's range must hold the cursor, and one from 0:0 would
    // replace the BOM (LSP review: the items' ranges started at 0:1, without the cursor).
    assert.equal(await ask('textDocument/completion', header, { position: { line: 0, character: 0 } }), null);
    assert.ok(((await ask('textDocument/completion', header, { position: { line: 0, character: 1 } })) as { items: unknown[] }).items.length > 0);
    await same('textDocument/inlayHint', (shift) => ({ range: { start: { line: 0, character: shift }, end: { line: 9, character: 0 } } }));
    const [d1, d2] = await Promise.all([client.waitForDiagnostics(bom), client.waitForDiagnostics(plain)]);
    assert.ok(d2.diagnostics.some((d) => d.range.start.line === 0), 'a problem on line 0 (the misspelt target)');
    // The same problems at the same places, and the BOM's own.
    assert.deepEqual(d1.diagnostics.filter((d) => d.code !== 'bom'), moved(d2.diagnostics));
    // (The BOM's own problem: an empty range where line 0's content starts, as for any other position.)
    assert.deepEqual(d1.diagnostics.find((d) => d.code === 'bom')?.range, { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } });
    // A quick fix for that problem, asked for at its published range: listed with that diagnostic,
    // and its edit lands on the right characters.
    const target = d1.diagnostics.find((d) => d.code === 'ignored-target-comment')!;
    const actions = (await ask('textDocument/codeAction', bom, { range: target.range, context: { diagnostics: [target] } })) as Array<{
      title: string;
      diagnostics?: unknown[];
      edit?: { documentChanges: Array<{ edits: TextEdit[] }> };
    }>;
    const fix = actions.find((a) => a.diagnostics?.length && a.edit && !a.title.startsWith('Ignore'))!;
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(fix.diagnostics, [target]);
    assert.match(applyEdits(`\uFEFF${body}`, fix.edit!.documentChanges[0]!.edits).split('\n')[0]!, /^\uFEFF# wgls-target android$/);
    // The completion applied as a client applies it: the BOM and the rest of the line stay whole.
    const item = (await ask('textDocument/completion', header, { position: { line: 0, character: 7 } })) as { items: Array<{ label: string; textEdit?: TextEdit }> };
    const iface = item.items.find((i) => i.label === '[Interface]')!;
    assert.equal(applyEdits(`\uFEFF${line0}`, [iface.textEdit!]), '\uFEFF[Interface]');
  });
});
