// The workspace model updates a file's peers-by-key map and its indexes per edit (only the changed
// peers move), and says which other configs an edit can affect. After any edits: the maps and
// indexes answer like a model built from scratch, and every config whose results changed was named.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './property-seed.ts';
import fc from 'fast-check';
import { parse, reparse, LineCache, type ConfigDocument } from '../../server/src/core/parser.ts';
import { WorkspaceModel } from '../../server/src/core/workspace.ts';
import { validateInWorkspace } from '../../server/src/core/validate.ts';
import { generateKeyPair } from '../../server/src/core/keys.ts';

const RUNS = Number(process.env.WGLS_PROPERTY_RUNS ?? 100);
const PAIRS = Array.from({ length: 5 }, () => generateKeyPair());
const HUB = 'file:///w/wg0.conf';
// One spoke in another folder: the Windows target compares only configs of one folder.
const SPOKES = ['file:///w/a.conf', 'file:///w/b.conf', 'file:///w/other/c.conf'];

const hubLine = fc.oneof(
  fc.constantFrom(...PAIRS.map((p) => `PublicKey = ${p.publicKey}`)),
  fc.constantFrom('[Peer]', 'AllowedIPs = 10.0.0.2/32', 'AllowedIPs = 10.0.0.3/32', 'Endpoint = 192.0.2.1:51820', 'PersistentKeepalive = 25', `PresharedKey = ${PAIRS[4]!.publicKey}`, '# x', '', '# wgls-target windows', 'DNS = 10.0.0.53', 'ListenPort = 51821'),
  fc.constantFrom(`PrivateKey = ${PAIRS[0]!.privateKey}`, 'Address = 10.0.0.1/24', 'ListenPort = 51820'),
);
const peer = fc.array(hubLine, { maxLength: 4 }).map((lines) => ['[Peer]', ...lines]);
const hub = fc.array(peer, { maxLength: 8 }).map((peers) => ['[Interface]', `PrivateKey = ${PAIRS[0]!.privateKey}`, 'Address = 10.0.0.1/24', 'ListenPort = 51820', ...peers.flat()]);
const spoke = (own: number) =>
  fc
    .record({
      back: fc.boolean(),
      psk: fc.boolean(),
      port: fc.boolean(),
      // A /24 Address makes configs listing one of its keys neighbours (unrouted-neighbor).
      wide: fc.boolean(),
      // Further peers (other spokes, the fifth key) before or after the hub: neighbours through several keys.
      more: fc.shuffledSubarray([1, 2, 3, 4].filter((k) => k !== own), { maxLength: 2 }),
      hubFirst: fc.boolean(),
      routes: fc.constantFrom('', 'AllowedIPs = 10.0.0.0/24', 'AllowedIPs = 10.0.0.1/32'),
      // Another profile of the hub's host: its PrivateKey (and maybe its Address), in its folder
      // (reused-private-key, reused-address and reused-listen-port read each other's facts).
      profile: fc.constantFrom('', 'key', 'key+address'),
    })
    .map(({ back, psk, port, wide, more, hubFirst, routes, profile }) => {
      const keys = back ? (hubFirst ? [0, ...more] : [...more, 0]) : more;
      const peers = keys.flatMap((k) =>
        k === 0 ? ['[Peer]', `PublicKey = ${PAIRS[0]!.publicKey}`, psk ? `PresharedKey = ${PAIRS[4]!.publicKey}` : '', 'Endpoint = 192.0.2.1:51820', routes] : ['[Peer]', `PublicKey = ${PAIRS[k]!.publicKey}`],
      );
      const key = profile ? 0 : own;
      const address = profile === 'key+address' ? '10.0.0.1/24' : `10.0.0.${own + 1}/${wide ? 24 : 32}`;
      return ['[Interface]', `PrivateKey = ${PAIRS[key]!.privateKey}`, `Address = ${address}`, port ? 'ListenPort = 51820' : '', ...peers].join('\n');
    });
const edit = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), line: hubLine }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), line: hubLine }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
);

function answers(ws: WorkspaceModel) {
  return ws.uris().map((uri) => {
    const f = ws.get(uri)!;
    return {
      uri,
      peers: [...f.peersByKey.entries()].map(([k, p]) => [k, p.index] as const).sort(),
      size: f.peersByKey.size,
      lookups: PAIRS.map((p) => [f.peersByKey.has(p.publicKey), f.peersByKey.get(p.publicKey)?.index]),
      refs: PAIRS.map((p) => ws.referencesTo(p.publicKey).map((r) => `${r.file.uri}:${r.peer.index}`).sort()),
    };
  });
}

// The Windows target adds windows-tunnel-conflict, which compares the configs of one folder. Besides
// the setting, a `# wgls-target windows` comment makes a file Windows': in the hub (an edit may add
// or remove one before its first [Peer]) or in a spoke of its folder.
for (const [target, spokeDirective] of [['wg-quick', false], ['windows', false], ['wg-quick', true]] as const) {
  test(`peers by key and indexes after edits equal those built from scratch; affectedBy names every config whose results changed (target ${target}${spokeDirective ? ', a spoke of the folder with # wgls-target windows' : ''})`, () => {
    fc.assert(
      fc.property(hub, spoke(1), spoke(2), spoke(3), fc.array(edit, { maxLength: 12 }), (start, a, b, c, edits) => {
        const lines = [...start];
        const cache = new LineCache();
        const ws = new WorkspaceModel();
        let doc: ConfigDocument = parse(lines.join('\n'), cache);
        ws.set(HUB, doc);
        if (spokeDirective) a = `# wgls-target windows\n${a}`;
        [a, b, c].forEach((text, i) => ws.set(SPOKES[i]!, parse(text)));
        const results = () => new Map(ws.uris().map((u) => [u, validateInWorkspace(ws, ws.get(u)!, { target })]));
        let before = results();
        for (const e of edits) {
          const at = e.at % (lines.length + (e.kind === 'insert' ? 1 : 0));
          if (e.kind === 'replace') lines[at] = e.line;
          else if (e.kind === 'insert') lines.splice(at, 0, e.line);
          else if (lines.length > 1) lines.splice(at, 1);
          const old = ws.get(HUB);
          doc = reparse(doc, lines.join('\n'), cache);
          ws.set(HUB, doc);
          const affected = ws.affectedBy(HUB, old, target);
          const after = results();
          // A changed interface key re-checks everything (the server does so); otherwise only `affected`.
          if (old?.publicKey === ws.get(HUB)!.publicKey) {
            for (const u of SPOKES) if (!affected.has(u)) assert.deepEqual(after.get(u), before.get(u), `${u} changed but was not named`);
          }
          before = after;
        }
        const fresh = new WorkspaceModel();
        fresh.set(HUB, parse(lines.join('\n')));
        [a, b, c].forEach((text, i) => fresh.set(SPOKES[i]!, parse(text)));
        assert.deepEqual(answers(ws), answers(fresh));
      }),
      { numRuns: RUNS },
    );
  });
}
