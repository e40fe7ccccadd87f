// The TextMate grammar on pathological lines (not a test): a single regex call cannot be
// interrupted, so one catastrophic backtrack freezes the editor's tokenizer. Each line is
// 100,000 characters; the baseline is a plain comment line of the same length.
//   node bench/grammar.bench.mjs [--chars N]
// Uses the shell stub grammar for embedded hooks (test/grammar), as the grammar tests do.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(`${root}package.json`);
const tm = require('vscode-textmate');
const onig = require('vscode-oniguruma');
const wasm = readFileSync(require.resolve('vscode-oniguruma').replace(/main\.js$/, 'onig.wasm'));
await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const files = { 'source.wireguard': `${root}syntaxes/wireguard.tmLanguage.json`, 'source.shell': `${root}test/grammar/shell-stub.tmLanguage.json` };
const registry = new tm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (p) => new onig.OnigScanner(p), createOnigString: (s) => new onig.OnigString(s) }),
  loadGrammar: async (s) => (files[s] ? tm.parseRawGrammar(readFileSync(files[s], 'utf8'), files[s]) : null),
});
const grammar = await registry.loadGrammarWithConfiguration('source.wireguard', 1, { embeddedLanguages: { 'meta.embedded.block.shellscript': 2 } });

const i = process.argv.indexOf('--chars');
const N = i > 0 ? Number(process.argv[i + 1]) : 100_000;
const lines = {
  'baseline: a comment': `# ${'a'.repeat(N)}`,
  '"[" and blanks, no "]"': `[${' '.repeat(N)}`,
  '"[" and tabs, no "]"': `[${'\t'.repeat(N)}`,
  '"[a a a …"': `[${'a '.repeat(N / 2)}`,
  'a header, then blanks': `[Peer] x${' '.repeat(N)}`,
  'an AmneziaWG tag chain without ">"': `I1 = ${'<b '.repeat(N / 3)}`,
  // (Quadratic until the tag's name and the rest could no longer share letters: 20,000 took 3 s.)
  'a tag of letters, no ">"': `I1 = <${'a'.repeat(N)}`,
  'a tag of letters and a blank, no ">"': `I1 = <${'a'.repeat(N)} `,
  'AllowedIPs list': `AllowedIPs = ${'10.0.0.0/8, '.repeat(N / 12)}`,
  'PostUp commands': `PostUp = ${'echo a; '.repeat(N / 8)}`,
  // No "=" anywhere: the key-spacing and invalid-line rules scan the whole line.
  'words without "="': `${'ab cd '.repeat(N / 6)}`,
  'words, then one "=" at the end': `${'ab cd '.repeat(N / 6)}=`,
  'a word, then blanks': `x${' '.repeat(N)}`,
  'a word, blanks, "="': `x${' '.repeat(N)}=`,
  'a key, blanks, "=", blanks': `MTU${' '.repeat(N / 2)}=${' '.repeat(N / 2)}`,
  // Found quadratic by a review (a lazy key pattern rescanning the blanks): 37 s and 9 s at 100k.
  'a word, blanks, "= v"': `x${' '.repeat(N)}= v`,
  'words and runs of blanks, then "="': `a${' '.repeat(N / 2)}a${' '.repeat(N / 2)}=x`,
};
const state = (prefix) => prefix.reduce((st, l) => grammar.tokenizeLine(l, st).ruleStack, tm.INITIAL);
const contexts = { 'top of file': state([]), 'in [Interface]': state(['[Interface]']), 'in [Peer]': state(['[Peer]']) };
const time = (line, st) => {
  const runs = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    grammar.tokenizeLine(line, st, 0);
    runs.push(performance.now() - t0);
  }
  return runs.sort((a, b) => a - b)[1];
};
console.log(`wgls grammar: lines of ${N} characters, median of 3 after a warm-up (node ${process.version})`);
for (const st of Object.values(contexts)) for (const line of Object.values(lines)) grammar.tokenizeLine(line, st, 0);
for (const [cname, st] of Object.entries(contexts)) {
  const base = time(lines['baseline: a comment'], st);
  console.log(`\n${cname} (baseline ${base.toFixed(2)} ms)`);
  for (const [name, line] of Object.entries(lines)) {
    const ms = time(line, st);
    console.log(`  ${name.padEnd(38)} ${ms.toFixed(2).padStart(9)} ms ${(ms / base).toFixed(1).padStart(8)}×`);
  }
}
