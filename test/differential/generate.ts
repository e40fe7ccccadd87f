// Writes the systematic part of the differential corpus into corpus/generated/ (committed, so the
// corpus and oracle.json stay stable): every wg and wg-quick key × the placements and spellings the
// parsers treat differently. Re-run after editing, then `npm run test:differential -- --update`.
//
//   node --import tsx test/differential/generate.ts

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS_DIR } from './corpus.ts';

// Real keys (wg genkey / wg pubkey / wg genpsk), fixed so the output is stable.
const PRIV = 'oAjFWekBi/DuTlRoqdS0rpbC2KS2HhPhcHRvXE5Pz34=';
const PUB = 'YfCJbPVi6nHl0YP1eCRymP65mAuBI97usxmxerMdG2U=';
const PSK = 'ZokZyLJ2v/Lj5oWOIGIrznNqmMbS5E960kt0K9eNNKs=';

interface KeyCase {
  key: string;
  value: string;
  section: 'Interface' | 'Peer';
}

const KEYS: KeyCase[] = [
  { key: 'PrivateKey', value: PRIV, section: 'Interface' },
  { key: 'ListenPort', value: '51820', section: 'Interface' },
  { key: 'FwMark', value: '0x1234', section: 'Interface' },
  { key: 'PublicKey', value: PUB, section: 'Peer' },
  { key: 'PresharedKey', value: PSK, section: 'Peer' },
  { key: 'AllowedIPs', value: '10.0.0.2/32', section: 'Peer' },
  { key: 'Endpoint', value: '192.0.2.1:51820', section: 'Peer' },
  { key: 'PersistentKeepalive', value: '25', section: 'Peer' },
  { key: 'Address', value: '10.0.0.1/24', section: 'Interface' },
  { key: 'DNS', value: '192.0.2.53', section: 'Interface' },
  { key: 'MTU', value: '1420', section: 'Interface' },
  { key: 'Table', value: '1234', section: 'Interface' },
  { key: 'PreUp', value: 'true', section: 'Interface' },
  { key: 'SaveConfig', value: 'false', section: 'Interface' },
];

/** A config with `line` placed in the given spot; the other required lines are always present. */
function build(c: KeyCase, line: string, where: 'own' | 'other' | 'before' | 'spaced-own'): string {
  const iface: string[] = c.key === 'PrivateKey' ? [] : [`PrivateKey = ${PRIV}`];
  const peer: string[] = c.key === 'PublicKey' ? [] : [`PublicKey = ${PUB}`];
  const pre: string[] = [];
  let ifHeader = '[Interface]';
  let peerHeader = '[Peer]';
  if (where === 'before') pre.push(line);
  else if ((where === 'own' || where === 'spaced-own') === (c.section === 'Interface')) iface.push(line);
  else peer.push(line);
  if (where === 'spaced-own') {
    if (c.section === 'Interface') ifHeader = '[ Interface ]';
    else peerHeader = '[ Peer ]';
  }
  // A PublicKey moved out of its peer leaves that peer without one; keep the peer so that the
  // "missing public key" end-of-file check applies as it would for a real file.
  return [...pre, ifHeader, ...iface, '', peerHeader, ...peer, ''].join('\n');
}

const VARIANTS: Array<{ name: string; make: (c: KeyCase) => string }> = [
  { name: 'ok', make: (c) => build(c, `${c.key} = ${c.value}`, 'own') },
  { name: 'lower', make: (c) => build(c, `${c.key.toLowerCase()}=${c.value}`, 'own') },
  { name: 'other-sect', make: (c) => build(c, `${c.key} = ${c.value}`, 'other') },
  { name: 'before-sect', make: (c) => build(c, `${c.key} = ${c.value}`, 'before') },
  { name: 'empty', make: (c) => build(c, `${c.key} =`, 'own') },
  { name: 'inner-ws', make: (c) => build(c, `${c.key.slice(0, 3)} ${c.key.slice(3)} = ${c.value}`, 'own') },
  { name: 'spaced-sect', make: (c) => build(c, `${c.key} = ${c.value}`, 'spaced-own') },
];

const out = path.join(CORPUS_DIR, 'generated');
fs.rmSync(out, { recursive: true, force: true });
let n = 0;
for (const c of KEYS) {
  const dir = path.join(out, c.key.toLowerCase());
  fs.mkdirSync(dir, { recursive: true });
  for (const v of VARIANTS) {
    fs.writeFileSync(path.join(dir, `${v.name}.conf`), v.make(c));
    n++;
  }
}
console.log(`generate: wrote ${n} files to ${path.relative(process.cwd(), out)}`);
