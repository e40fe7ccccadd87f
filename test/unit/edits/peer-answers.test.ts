// Add peer's answers are checked by one module on both sides: the client's input boxes and the server.
// What the boxes let through, the server must accept, and the other way round (client review: the boxes
// took `-x`, `10.0.0.0/33`, `999.999.1.1`, and the refusal came after the last question).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsListProblem, endpointAnswerProblem, parseDnsList, parsePrefixList, peerName, peerNameProblem, prefixListProblem } from '../../../server/src/core/edits/peer-answers.ts';
import { EditError } from '../../../server/src/core/edits/change.ts';

describe('Add peer answers', () => {
  test('names: wg-quick interface names, a typed .conf dropped', () => {
    for (const ok of ['laptop', 'wg0', 'a_b=c+d.e-f', 'x'.repeat(15), 'tablet.conf', ' phone ']) assert.equal(peerNameProblem(ok), undefined, ok);
    for (const bad of ['', '-x', '.x', '.', '..', 'has space', 'x'.repeat(16), 'a/b', 'é', '.conf']) assert.match(peerNameProblem(bad) ?? '', /cannot be a config name/, bad);
    assert.equal(peerName(' tablet.CONF '), 'tablet');
  });

  test('LAN prefixes: what parseCidr reads, each bad item named', () => {
    for (const ok of ['', '  ', '192.168.1.0/24', '192.168.1.0/24, fd00:1::/64', '10.0.0.0/8 172.16.0.0/12']) assert.equal(prefixListProblem(ok, 'LAN'), undefined, ok);
    for (const bad of ['10.0.0.0/33', '300.1.1.1/24', '::/200', 'abc/1', '1.2.3/24', '192.168.1.0/24, x']) {
      assert.match(prefixListProblem(bad, 'LAN') ?? '', /^LAN: ".*" is not an IP prefix/, bad);
      assert.throws(() => parsePrefixList(bad, 'LAN'), EditError, bad);
    }
    assert.deepEqual(parsePrefixList('192.168.1.7/24, fd00::1/64', 'LAN'), ['192.168.1.0/24', 'fd00::/64']);
    // Each prefix once, none inside another: the union as given (edits review: a duplicate-allowed-ip at once).
    assert.deepEqual(parsePrefixList('192.168.50.0/24, 192.168.50.7/24, 192.168.50.0/25', 'LAN'), ['192.168.50.0/24']);
    assert.deepEqual(parsePrefixList('192.168.50.128/25 192.168.0.0/16 10.1.0.0/16 fd00::/64 fd00::1/64', 'LAN'), ['192.168.0.0/16', '10.1.0.0/16', 'fd00::/64']);
  });

  test('an Endpoint host that looks like a key is refused without quoting it (client review)', () => {
    const key = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
    for (const pasted of [key, key.slice(0, 30), `${key.slice(0, 20)} ${key.slice(20)}`]) {
      const problem = endpointAnswerProblem(pasted)!;
      assert.match(problem, /^"\(key hidden\)" is not a host name or IP address for the Endpoint: it looks like a WireGuard key\.$/, pasted);
    }
    assert.match(endpointAnswerProblem('vpn example.com')!, /^"vpn example\.com" is not a host name/);
    assert.equal(endpointAnswerProblem('vpn.example.com'), undefined);
  });

  test('DNS: addresses and domain names, each bad item named', () => {
    for (const ok of ['', '10.0.0.1', '1.1.1.1, 2606:4700:4700::1111', '10.0.0.1 home.arpa', 'corp.example.com.']) assert.equal(dnsListProblem(ok), undefined, ok);
    for (const bad of ['999.999.1.1', '1::2::3', 'ab:cd', '10.0.0.1, -bad-', 'a..b']) {
      assert.match(dnsListProblem(bad) ?? '', /^DNS: ".*" is neither an IP address nor a domain name/, bad);
      assert.throws(() => parseDnsList(bad), EditError, bad);
    }
    assert.deepEqual(parseDnsList('10.0.0.1, home.arpa'), ['10.0.0.1', 'home.arpa']);
  });

  test('a private key pasted into a box is refused without showing any piece of it (secrets audit)', () => {
    // The reason once quoted the part before the first `/`, which alone had no key's shape.
    const key = 'CBK0EsgmIrH45deX7Aj/+4StcBBxb7OlK/grQNX+UVM=';
    const pieces = [key.slice(0, 10), key.slice(10, 19), key.slice(20, 32), key.slice(34, 43)];
    // Also a key typed as two items: each half alone has no key's shape (diff review).
    const halves = `${key.slice(0, 22)}, ${key.slice(22)}`;
    const problems = [prefixListProblem(key, 'LAN'), prefixListProblem(`192.168.1.0/24, ${key}`, 'LAN'), prefixListProblem(halves, 'LAN'), dnsListProblem(key), dnsListProblem(halves), peerNameProblem(key)];
    for (const p of problems) {
      assert.match(p ?? '', /looks like a WireGuard key/);
      assert.ok(!p!.includes(key.slice(0, 22)) && !p!.includes(key.slice(22, 43)), p);
      for (const piece of pieces) assert.ok(!p!.includes(piece), p);
    }
    assert.throws(() => parsePrefixList(key, 'LAN'), (e: Error) => !pieces.some((piece) => e.message.includes(piece)));
    // A key cut short (20–30 characters) that the detection for messages lets pass now and then (secrets re-check).
    for (const cut of ['Ab3dEf6hIj9kLm2nOp5q', 'kGhAKXKE0KKPZbzwJ4xyQ7Rt', 'QHrxYzaauip8sakTlTP7ydONkf4']) {
      for (const p of [prefixListProblem(cut, 'LAN'), dnsListProblem(`${cut}.`), peerNameProblem(cut)]) assert.ok(p && !p.includes(cut.slice(0, 12)), p);
    }
    // What a user types stays quoted: a host name, a short word, a prefix with a typo.
    assert.match(prefixListProblem('192.168.1.0/33', 'LAN') ?? '', /"192\.168\.1\.0\/33"/);
    assert.match(peerNameProblem('my laptop') ?? '', /"my laptop"/);
  });
});
