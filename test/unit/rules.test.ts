// Every rule, table-driven: a config that must trigger it (asserting the rule id and
// the exact spans), run with LF and CRLF line endings. Removing a rule fails its
// cases; a test below fails if a rule has no case at all.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCache, parse, reparse } from '../../server/src/core/parser.ts';
import { validate, type ValidateOptions } from '../../server/src/core/validate.ts';
import { RULE_IDS, type RuleId } from '../../server/src/core/rules/catalogue.ts';
import type { Fix, Problem } from '../../server/src/core/problem.ts';
import type { Target } from '../../server/src/core/schema.ts';
import { WorkspaceModel } from '../../server/src/core/workspace.ts';
import { validateInWorkspace } from '../../server/src/core/validate.ts';
import { generateKeyPair, generatePresharedKey } from '../../server/src/core/keys.ts';
import { hover } from '../../server/src/core/features/hover.ts';
import { documentSymbols } from '../../server/src/core/features/symbols.ts';
import { secretValueSpans } from '../../server/src/core/features/secrets.ts';
import { applyEdits as applyEditsTo } from './edits/helpers.ts';
import { applyTextEdits } from '../../server/src/core/edits/apply.ts';
import { deleteLinesIn } from '../../server/src/core/edits/change.ts';

// Real keys: alpha's private key and its public key, and bravo's public key (examples/point-to-point).
const PRIV = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
const PUB_SELF = 'lxhBxXo5BQD3Jn9SwoO1iFzzTLI2yqMMOQhS/0I+qiI=';
const PUB = 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=';
const PUB2 = 'PJQOF+rxDyVej6mNuWkh26w2POmdHfbQBPtYU42myUI=';
const PSK = 'lU+8Jmg5q+1EoM8WAfRu7RGuc9DijmcC5tHfXErmgpM=';

/** `[line, text]`: the span of the first occurrence of `text` on that 0-based line (`text` '' = column 0, empty). */
type At = [number, string] | [number, string, number];

interface Case {
  readonly name: string;
  readonly rule: RuleId;
  readonly text: string;
  readonly at: readonly At[];
  readonly options?: ValidateOptions;
  readonly severity?: Problem['severity'];
  /** Other configs in the same workspace folder (name → text): the case runs through the workspace model. */
  readonly others?: Readonly<Record<string, string>>;
}

// bravo (examples/point-to-point): its private key; its public key is PUB.
const BRAVO_PRIV = '0I5Xx551tNpAJRrDL6d+P7kqzCVM4rzlKr5VtddZZVY=';
const bravo = (peerBody = 'AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\n', extra = '') =>
  `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.2/24\nListenPort = 51820\n${extra}\n[Peer]\nPublicKey = ${PUB_SELF}\n${peerBody}`;
// charlie: a third host, whose one peer (PUB2) alpha does not list either.
const CHARLIE_PRIV = 'cBDvdUDHhOeNI2NSq6I9wVGlwTVQqQ0b3ImhFDJ4U0Y=';
const home = (allowed: string, peerKey = PUB2) =>
  `[Interface]\nPrivateKey = ${CHARLIE_PRIV}\nAddress = 10.9.0.2/32\n\n[Peer]\nPublicKey = ${peerKey}\n${allowed}\nEndpoint = 198.51.100.1:51820\n`;
// A hub (HUB_PUB) and two of its spokes, alpha (PRIV) and charlie (CHARLIE_PRIV): neighbours.
const HUB_PRIV = 'YKzeQaEUtdUB/OrlmqOMcnpJCaNg3hMFT75loJhpOUE=';
const HUB_PUB = '73VEvmlyT3lr2s6EY189WVygqKa8EMsbGmH61P6IjjM=';
const CHARLIE_PUB = '1XLO19MP6sx1I1W1I912k6Lqm+Q5/yUt87Lx0/Vje08=';
const spoke = (priv: string, address: string, allowed: string) =>
  `[Interface]\nPrivateKey = ${priv}\nAddress = ${address}\n\n[Peer]\nPublicKey = ${HUB_PUB}\nAllowedIPs = ${allowed}\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n`;
const hubOf = (spokes: ReadonlyArray<[string, string]>) =>
  `[Interface]\nPrivateKey = ${HUB_PRIV}\nAddress = 10.0.0.1/24, fd00::1/64\nListenPort = 51820\n${spokes.map(([key, allowed]) => `\n[Peer]\nPublicKey = ${key}\nAllowedIPs = ${allowed}\n`).join('')}`;
const iface = (extra = '') => `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\nListenPort = 51820\n${extra}`;
const peer = (body: string, key = PUB) => `\n[Peer]\nPublicKey = ${key}\n${body}`;

const CASES: Case[] = [
  // ---- syntax
  { name: 'a bare word', rule: 'invalid-line', text: `${iface()}hello world\n`, at: [[4, 'hello world']] },
  { name: '[Foo]', rule: 'unknown-section', text: `${iface()}[Foo]\n`, at: [[4, 'Foo']] },
  { name: 'unclosed header', rule: 'malformed-section-header', text: `${iface()}[Peer\nPublicKey = ${PUB}\n`, at: [[4, '[Peer']] },
  { name: 'text after header', rule: 'malformed-section-header', text: `[Interface] x\nPrivateKey = ${PRIV}\n`, at: [[0, 'x']] },
  { name: 'key before any section', rule: 'key-outside-section', text: `ListenPort = 1\n${iface()}`, at: [[0, 'ListenPort']] },
  { name: 'Key =', rule: 'empty-value', text: iface('MTU =\n'), at: [[4, 'MTU =']] },
  { name: 'BOM', rule: 'bom', text: `\uFEFF${iface()}`, at: [[0, '', 0]] },
  // A UTF-16 file, decoded by the editor or the CLI: only the bytes on disk tell (the glue reads them).
  { name: 'UTF-16 on disk', rule: 'bom', text: iface(), options: { fileEncoding: 'utf-16le' }, at: [[0, '', 0]], severity: 'error' },
  { name: 'UTF-16 on disk, for Android', rule: 'bom', text: iface(), options: { fileEncoding: 'utf-16be', target: 'android' }, at: [[0, '', 0]], severity: 'warning' },
  // ---- keys
  { name: 'unknown key', rule: 'unknown-key', text: iface('Foo = 1\n'), at: [[4, 'Foo']] },
  { name: 'typo', rule: 'unknown-key', text: iface() + peer('AllowedIP = 10.0.0.2/32\n'), at: [[7, 'AllowedIP']] },
  { name: 'Address under [Peer]', rule: 'key-in-wrong-section', text: iface() + peer('Address = 10.0.0.2/32\n'), at: [[7, 'Address']] },
  { name: 'ListenPort under [Peer]', rule: 'key-in-wrong-section', text: iface() + peer('ListenPort = 1\n'), at: [[7, 'ListenPort']] },
  { name: 'PostUp for Android', rule: 'key-not-supported-by-target', text: iface('PostUp = true\n'), at: [[4, 'PostUp']], options: { target: 'android' } },
  { name: 'Address for wg', rule: 'key-not-supported-by-target', text: iface(), at: [[2, 'Address']], options: { target: 'wg' } },
  { name: 'a hook for Windows (run only with DangerousScriptExecution)', rule: 'windows-hooks-policy', text: iface('PostUp = route add 192.168.50.0 mask 255.255.255.0 10.0.0.1\nPostDown = route delete 192.168.50.0\n'), at: [[4, 'PostUp']], options: { target: 'windows' } },
  { name: 'FwMark for Windows', rule: 'key-not-supported-by-target', text: iface('FwMark = 1\n'), at: [[4, 'FwMark']], options: { target: 'windows' } },
  { name: 'Jc for wg-quick', rule: 'amneziawg-key', text: iface('Jc = 4\n'), at: [[4, 'Jc']] },
  { name: 'Private Key', rule: 'key-spacing', text: `[Interface]\nPrivate Key = ${PRIV}\n`, at: [[1, 'Private Key']], severity: 'warning' },
  { name: 'Add ress breaks wg-quick', rule: 'key-spacing', text: `[Interface]\nPrivateKey = ${PRIV}\nAdd ress = 10.0.0.1/24\n`, at: [[2, 'Add ress']], severity: 'error' },
  { name: 'lower-case key', rule: 'non-canonical-key', text: iface('mtu = 1420\n'), at: [[4, 'mtu']] },
  { name: 'lower-case section', rule: 'non-canonical-key', text: `[interface]\nPrivateKey = ${PRIV}\n`, at: [[0, 'interface']] },
  { name: '[ Interface ] with wg-quick keys', rule: 'section-header-spacing', text: `[ Interface ]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\n`, at: [[0, '[ Interface ]']], severity: 'error' },
  { name: '[ Interface ] with wg keys only', rule: 'section-header-spacing', text: `[ Interface ]\nPrivateKey = ${PRIV}\n`, at: [[0, '[ Interface ]']], severity: 'warning' },
  { name: 'ListenPort twice', rule: 'duplicate-key', text: iface('ListenPort = 51821\n'), at: [[3, 'ListenPort']] },
  { name: 'second [Interface]', rule: 'duplicate-interface', text: `${iface()}[Interface]\nMTU = 1420\n`, at: [[4, '[Interface]']] },
  { name: 'Android needs [Interface]', rule: 'missing-interface', text: `[Peer]\nPublicKey = ${PUB}\n`, at: [[0, 'Peer']], options: { target: 'android' } },
  { name: '[Peer] without PublicKey', rule: 'missing-public-key', text: iface() + '\n[Peer]\nAllowedIPs = 10.0.0.2/32\n', at: [[5, 'Peer']] },
  { name: '[Interface] without PrivateKey', rule: 'missing-private-key', text: '[Interface]\nListenPort = 51820\n', at: [[0, 'Interface']], severity: 'information' },
  { name: 'Windows requires PrivateKey', rule: 'missing-private-key', text: '[Interface]\nListenPort = 51820\n', at: [[0, 'Interface']], options: { target: 'windows' }, severity: 'error' },
  // ---- values
  { name: 'short key', rule: 'invalid-key', text: '[Interface]\nPrivateKey = abc\n', at: [[1, 'abc']] },
  { name: 'padding bits set', rule: 'invalid-key', text: iface() + peer('', 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyF='), at: [[6, 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyF=']] },
  { name: 'ListenPort -1', rule: 'invalid-port', text: '[Interface]\nListenPort = -1\n', at: [[1, '-1']] },
  { name: 'ListenPort 0x10', rule: 'invalid-port', text: '[Interface]\nListenPort = 0x10\n', at: [[1, '0x10']] },
  { name: 'ListenPort 70000', rule: 'non-portable-port', text: '[Interface]\nListenPort = 70000\n', at: [[1, '70000']] },
  { name: 'Endpoint port as service name', rule: 'non-portable-port', text: iface() + peer('Endpoint = 192.0.2.1:domain\n'), at: [[7, 'domain']] },
  { name: 'FwMark 0X1F', rule: 'invalid-fwmark', text: '[Interface]\nFwMark = 0X1F\n', at: [[1, '0X1F']] },
  { name: 'FwMark too big', rule: 'invalid-fwmark', text: '[Interface]\nFwMark = 4294967296\n', at: [[1, '4294967296']] },
  { name: 'keepalive 65536', rule: 'invalid-keepalive', text: iface() + peer('PersistentKeepalive = 65536\n'), at: [[7, '65536']] },
  { name: 'keepalive off on Android', rule: 'keepalive-off-not-portable', text: iface() + peer('PersistentKeepalive = off\n'), at: [[7, 'off']], options: { target: 'android' } },
  { name: 'AllowedIPs /33', rule: 'invalid-allowed-ip', text: iface() + peer('AllowedIPs = 10.0.0.0/33\n'), at: [[7, '10.0.0.0/33']] },
  { name: 'AllowedIPs trailing comma', rule: 'invalid-allowed-ip', text: iface() + peer('AllowedIPs = 10.0.0.2/32,\n'), at: [[7, ',']] },
  { name: 'AllowedIPs 10.1/16', rule: 'invalid-allowed-ip', text: iface() + peer('AllowedIPs = 10.1/16\n'), at: [[7, '10.1/16']] },
  { name: 'host bits', rule: 'allowed-ip-host-bits', text: iface() + peer('AllowedIPs = 10.0.0.1/24\n'), at: [[7, '10.0.0.1/24']] },
  { name: '+ prefix', rule: 'allowed-ip-sign', text: iface() + peer('AllowedIPs = +10.0.0.0/24\n'), at: [[7, '+10.0.0.0/24']] },
  { name: 'same prefix twice in a peer', rule: 'duplicate-allowed-ip', text: iface() + peer('AllowedIPs = 10.0.0.2/32, 10.0.0.2\n'), at: [[7, '10.0.0.2', 26]] },
  {
    // Past eight items a peer's prefixes are looked up by key, not compared in turn: same answers.
    name: 'same prefix twice in a long list, on two lines',
    rule: 'duplicate-allowed-ip',
    text: iface() + peer(`AllowedIPs = ${Array.from({ length: 12 }, (_, i) => `10.9.${i}.0/24`).join(', ')}\nAllowedIPs = 10.9.11.0/24, 10.9.3.7/24, 10.9.0.0/24\n`),
    at: [[8, '10.9.11.0/24'], [8, '10.9.3.7/24'], [8, '10.9.0.0/24']],
  },
  { name: 'no port', rule: 'invalid-endpoint', text: iface() + peer('Endpoint = 192.0.2.1\n'), at: [[7, '192.0.2.1']] },
  { name: 'unclosed bracket', rule: 'invalid-endpoint', text: iface() + peer('Endpoint = [2001:db8::1:51820\n'), at: [[7, '[2001:db8::1:51820']] },
  { name: 'a bad port', rule: 'invalid-endpoint', text: iface() + peer('Endpoint = 192.0.2.1:http\n'), at: [[7, 'http']] },
  { name: 'IPv4 in brackets', rule: 'endpoint-host', text: iface() + peer('Endpoint = [192.0.2.1]:51820\n'), at: [[7, '[192.0.2.1]:51820']], severity: 'warning' },
  { name: 'not an IP in brackets', rule: 'endpoint-host', text: iface() + peer('Endpoint = [fe80::zz]:51820\n'), at: [[7, '[fe80::zz]:51820']], severity: 'error' },
  { name: 'a list of endpoints', rule: 'endpoint-host', text: iface() + peer('Endpoint = 192.0.2.1:51820,192.0.2.2:51820\n'), at: [[7, '192.0.2.1:51820,192.0.2.2:51820']], severity: 'error' },
  { name: 'legacy IPv4 form', rule: 'endpoint-host', text: iface() + peer('Endpoint = 1.2.3:51820\n'), at: [[7, '1.2.3:51820']], severity: 'warning' },
  { name: 'legacy IPv4 form shaped like a name (hex)', rule: 'endpoint-host', text: iface() + peer('Endpoint = 0x7f.1:51820\n'), at: [[7, '0x7f.1:51820']], severity: 'warning' },
  { name: 'Table = main and the subnet of the Address as AllowedIPs', rule: 'table-route-exists', text: iface('Table = main\n') + peer('AllowedIPs = 10.0.0.0/24\n'), at: [[8, '10.0.0.0/24']] },
  { name: 'lone CR line endings', rule: 'cr-line-ending', text: `[Interface]\rPrivateKey = ${PRIV}\r`, at: [[0, '', 11]] },
  { name: 'unbracketed IPv6', rule: 'endpoint-unbracketed-ipv6', text: iface() + peer('Endpoint = 2001:db8::1:51820\n'), at: [[7, '2001:db8::1:51820']] },
  { name: 'bad host name', rule: 'endpoint-host', text: iface() + peer('Endpoint = bad_host!:51820\n'), at: [[7, 'bad_host!:51820']] },
  { name: 'bad Address', rule: 'invalid-address', text: '[Interface]\nAddress = 10.0.0.300/24\n', at: [[1, '10.0.0.300/24']] },
  { name: 'bad DNS server', rule: 'invalid-dns', text: '[Interface]\nAddress = 10.0.0.1/24\nDNS = 10.0.0.256\n', at: [[2, '10.0.0.256']] },
  { name: 'DNS with only search domains', rule: 'dns-search-only', text: '[Interface]\nAddress = 10.0.0.1/24\nDNS = example.com\n', at: [[2, 'example.com']] },
  { name: 'MTU word', rule: 'invalid-mtu', text: '[Interface]\nMTU = big\n', at: [[1, 'big']] },
  { name: 'MTU 500', rule: 'invalid-mtu', text: '[Interface]\nMTU = 500\n', at: [[1, '500']] },
  { name: 'MTU with a leading zero (ip reads octal)', rule: 'invalid-mtu', text: '[Interface]\nMTU = 01420\n', at: [[1, '01420']], severity: 'warning' },
  // Differential fuzz: what `ip` reads as no MTU makes wg-quick up fail, so an error, fixed to a usable MTU.
  { name: 'MTU 09 (no octal number to ip)', rule: 'invalid-mtu', text: '[Interface]\nMTU = 09\n', at: [[1, '09']], severity: 'error' },
  { name: 'MTU 0103 (ip reads 67)', rule: 'invalid-mtu', text: '[Interface]\nMTU = 0103\n', at: [[1, '0103']], severity: 'error' },
  { name: 'MTU 0x10000 (ip reads 65536)', rule: 'invalid-mtu', text: '[Interface]\nMTU = 0x10000\n', at: [[1, '0x10000']], severity: 'error' },
  { name: 'an Address prefix ip cannot read as octal', rule: 'invalid-address', text: '[Interface]\nAddress = 10.0.0.1/08\n', at: [[1, '10.0.0.1/08']], severity: 'error' },
  { name: 'the same Address on two lines', rule: 'invalid-address', text: '[Interface]\nAddress = 10.0.0.1/24\nAddress = 10.0.0.1/24\n', at: [[2, '10.0.0.1/24']], severity: 'error' },
  { name: 'empty AmneziaWG key: awg itself rejects it', rule: 'empty-value', text: `[Interface]\nPrivateKey = ${PRIV}\nJc =\n`, at: [[2, 'Jc =']], options: { target: 'amneziawg' }, severity: 'error' },
  { name: 'empty wg-quick key: wg-quick skips it', rule: 'empty-value', text: `[Interface]\nPrivateKey = ${PRIV}\nDNS =\n`, at: [[2, 'DNS =']], severity: 'hint' },
  { name: 'MTU 1200 with IPv6', rule: 'mtu-too-low-for-ipv6', text: '[Interface]\nAddress = fd00::1/64\nMTU = 1200\n', at: [[2, '1200']] },
  { name: 'MTU 1500', rule: 'mtu-too-high', text: '[Interface]\nMTU = 1500\n', at: [[1, '1500']] },
  { name: 'Table Off', rule: 'invalid-table', text: '[Interface]\nTable = Off\n', at: [[1, 'Off']] },
  { name: 'Table name on Windows', rule: 'invalid-table', text: `[Interface]\nPrivateKey = ${PRIV}\nTable = vpn\n`, at: [[2, 'vpn']], options: { target: 'windows' } },
  // Windows reads a number and ignores it (only off changes anything there: targets review); 254 is the main table anyway.
  { name: 'Table 1234 on Windows', rule: 'invalid-table', text: `[Interface]\nPrivateKey = ${PRIV}\nTable = 1234\n`, at: [[2, '1234']], options: { target: 'windows' }, severity: 'information' },
  { name: 'SaveConfig yes', rule: 'invalid-bool', text: '[Interface]\nSaveConfig = yes\n', at: [[1, 'yes']] },
  { name: 'spaces in a port', rule: 'value-whitespace', text: '[Interface]\nListenPort = 5 1 8 2 0\n', at: [[1, '5 1 8 2 0']] },
  { name: 'Jmin > Jmax', rule: 'invalid-amneziawg-value', text: `[Interface]\nPrivateKey = ${PRIV}\nJmin = 100\nJmax = 50\n`, at: [[2, '100']], options: { target: 'amneziawg' } },
  { name: 'H ranges overlap', rule: 'invalid-amneziawg-value', text: `[Interface]\nPrivateKey = ${PRIV}\nH1 = 5-10\nH2 = 8\n`, at: [[3, '8']], options: { target: 'amneziawg' } },
  { name: 'both app lists', rule: 'invalid-applications', text: `[Interface]\nPrivateKey = ${PRIV}\nExcludedApplications = a.b\nIncludedApplications = c.d\n`, at: [[3, 'IncludedApplications']], options: { target: 'android' } },
  // ---- routing and peers
  {
    name: 'same /32 on two peers',
    rule: 'allowed-ips-overlap',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\n') + peer('AllowedIPs = 10.0.0.3/32, 10.0.0.2/32\n', PUB2),
    at: [[7, '10.0.0.2/32'], [11, '10.0.0.2/32']],
  },
  {
    name: 'same IPv6 prefix after masking',
    rule: 'allowed-ips-overlap',
    text: iface() + peer('AllowedIPs = fd00::/64\n') + peer('AllowedIPs = fd00:0:0:0::/64\n', PUB2),
    at: [[7, 'fd00::/64'], [11, 'fd00:0:0:0::/64']],
  },
  {
    name: 'a /32 inside another peer\'s /24',
    rule: 'allowed-ips-nested',
    text: iface() + peer('AllowedIPs = 10.0.0.0/24\n') + peer('AllowedIPs = 10.0.0.5/32\n', PUB2),
    at: [[11, '10.0.0.5/32']],
  },
  {
    name: 'two default routes',
    rule: 'multiple-default-routes',
    text: iface() + peer('AllowedIPs = 0.0.0.0/0, ::/0\n') + peer('AllowedIPs = 0.0.0.0/0, ::/0\n', PUB2),
    at: [[7, '0.0.0.0/0'], [7, '::/0'], [11, '0.0.0.0/0'], [11, '::/0']],
  },
  { name: 'peer is this interface', rule: 'self-peer', text: iface() + peer('AllowedIPs = 10.0.0.2/32\n', PUB_SELF), at: [[6, PUB_SELF]] },
  {
    name: 'same key twice',
    rule: 'duplicate-peer',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\n') + peer('AllowedIPs = 10.0.0.3/32\n'),
    at: [[10, PUB]],
  },
  { name: 'PSK equals a public key', rule: 'key-reuse', text: iface() + peer(`PresharedKey = ${PUB}\nAllowedIPs = 10.0.0.2/32\n`), at: [[7, PUB]] },
  { name: 'IPv4 full tunnel only', rule: 'ipv6-leak', text: iface() + peer('AllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n'), at: [[7, '0.0.0.0/0']] },
  { name: "a server's [Peer] for a client with the client's 0.0.0.0/0", rule: 'default-route-to-client', text: iface() + peer('AllowedIPs = 0.0.0.0/0\n'), at: [[7, '0.0.0.0/0']] },
  { name: 'DNS outside the tunnel', rule: 'dns-not-routed', text: iface('DNS = 192.168.77.53\n') + peer('AllowedIPs = 10.0.0.2/32\n'), at: [[4, '192.168.77.53']] },
  { name: 'Table = main with a default route', rule: 'table-main-default-route', text: iface('Table = main\n') + peer('AllowedIPs = 0.0.0.0/0\n'), at: [[4, 'main']] },
  {
    name: 'endpoint inside AllowedIPs',
    rule: 'endpoint-in-allowed-ips',
    text: iface() + peer('AllowedIPs = 192.0.2.0/24\nEndpoint = 192.0.2.1:51820\n'),
    at: [[8, '192.0.2.1:51820']],
  },
  {
    name: 'Windows: %i in a hook',
    rule: 'windows-hook-placeholder',
    text: iface('PostUp = netsh interface ipv4 set subinterface %i mtu=1380\n'),
    options: { target: 'windows' },
    at: [[4, '%i']],
  },
  {
    name: 'Windows: a default route with two peers',
    rule: 'windows-kill-switch-off',
    text: iface() + peer('AllowedIPs = 0.0.0.0/0, ::/0\n') + peer('AllowedIPs = 10.0.0.3/32\n', PUB2),
    at: [[7, '0.0.0.0/0']],
    options: { target: 'windows', severities: { 'key-not-supported-by-target': 'off' } },
  },
  { name: 'Table off with /0', rule: 'table-off-default-route', text: iface('Table = off\n') + peer('AllowedIPs = 0.0.0.0/0, ::/0\n'), at: [[8, '0.0.0.0/0']] },
  { name: 'a full tunnel without DNS', rule: 'full-tunnel-without-dns', text: iface() + peer('AllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = 192.0.2.1:51820\n'), at: [[7, '0.0.0.0/0']] },
  { name: 'a full tunnel as two /1 halves without DNS', rule: 'full-tunnel-without-dns', text: iface() + peer('AllowedIPs = 0.0.0.0/1, 128.0.0.0/1, ::/0\nEndpoint = 192.0.2.1:51820\n'), at: [[7, '128.0.0.0/1']] },
  { name: 'an IPv6 route on an IPv4-only interface', rule: 'family-without-address', text: iface() + peer('AllowedIPs = 10.0.0.2/32, fd00::2/128\n'), at: [[7, 'fd00::2/128']] },
  { name: 'FwMark with /0 and no Table', rule: 'fwmark-routing-table', text: iface('FwMark = 0x51820\n') + peer('AllowedIPs = 0.0.0.0/0, ::/0\n'), at: [[4, '0x51820']] },
  { name: 'FwMark 254 with ::/0', rule: 'fwmark-routing-table', text: iface('FwMark = 254\nTable = auto\n') + peer('AllowedIPs = ::/0\n'), at: [[4, '254']], severity: 'warning' },
  {
    name: 'client behind NAT without keepalive',
    rule: 'missing-keepalive',
    text: `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.2/24\n` + peer('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n'),
    at: [[7, 'Endpoint']],
  },
  { name: 'keepalive 5', rule: 'keepalive-too-short', text: iface() + peer('AllowedIPs = 10.0.0.2/32\nPersistentKeepalive = 5\n'), at: [[8, '5']] },
  { name: 'keepalive 300', rule: 'keepalive-too-long', text: iface() + peer('AllowedIPs = 10.0.0.2/32\nPersistentKeepalive = 300\n'), at: [[8, '300']] },
  {
    name: 'server keepalive without endpoint',
    rule: 'keepalive-without-endpoint',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\nPersistentKeepalive = 25\n'),
    at: [[8, '25']],
  },
  {
    name: 'PostUp iptables -A without PostDown',
    rule: 'postup-without-postdown',
    text: iface('PostUp = iptables -A FORWARD -i %i -j ACCEPT; iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE\nPostDown = iptables -D FORWARD -i %i -j ACCEPT\n'),
    at: [[4, 'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE']],
  },
  {
    name: 'PostUp deletes before it adds (fails at the first up)',
    rule: 'hook-delete-fails-up',
    text: iface('PostUp = iptables -D INPUT -p udp --dport 9 -j ACCEPT 2>/dev/null; iptables -A INPUT -p udp --dport 9 -j ACCEPT\nPostDown = iptables -D INPUT -p udp --dport 9 -j ACCEPT\n'),
    at: [[4, 'iptables -D INPUT -p udp --dport 9 -j ACCEPT 2>/dev/null']],
  },
  {
    name: 'Table = off with a /32 Address and no hook',
    rule: 'allowed-ips-not-routed',
    text: iface('Table = off\n').replace('Address = 10.0.0.1/24', 'Address = 10.0.0.1/32') + peer('AllowedIPs = 10.0.0.2/32\n'),
    at: [[4, 'off']],
  },
  { name: 'SaveConfig with comments', rule: 'save-config-overwrites', text: `# my notes\n${iface('SaveConfig = true\n')}`, at: [[5, 'true']] },
  // ---- across files (this file is alpha: PRIV/PUB_SELF; bravo owns PUB)
  {
    name: 'bravo does not list alpha back (seen from alpha)',
    rule: 'counterpart-missing-peer',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 192.0.2.2:51820\n'),
    others: { 'bravo.conf': `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.2/24\nListenPort = 51820\n` },
    at: [[6, PUB]],
  },
  {
    name: 'bravo lists alpha, alpha does not list bravo (seen from alpha)',
    rule: 'counterpart-missing-peer',
    text: iface(),
    others: { 'bravo.conf': bravo() },
    at: [[0, 'Interface']],
  },
  {
    name: 'PSK on one end only',
    rule: 'preshared-key-mismatch',
    text: iface() + peer(`PresharedKey = ${PSK}\nAllowedIPs = 10.0.0.2/32\nEndpoint = 192.0.2.2:51820\n`),
    others: { 'bravo.conf': bravo() },
    at: [[7, PSK]],
  },
  {
    name: "AllowedIPs miss the counterpart's Address",
    rule: 'allowed-ips-miss-address',
    text: iface() + peer('AllowedIPs = 10.9.9.9/32\nEndpoint = 192.0.2.2:51820\n'),
    others: { 'bravo.conf': bravo() },
    at: [[7, '10.9.9.9/32']],
  },
  {
    name: 'nobody has an Endpoint',
    rule: 'no-endpoint-either-side',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\n'),
    others: { 'bravo.conf': bravo('AllowedIPs = 10.0.0.1/32\n') },
    at: [[6, PUB]],
  },
  {
    name: 'both ends route the same LAN to each other',
    rule: 'allowed-ips-both-ways',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32, 192.168.5.0/24\nEndpoint = 192.0.2.2:51820\n'),
    others: { 'bravo.conf': bravo('AllowedIPs = 10.0.0.1/32, 192.168.5.0/24\nEndpoint = 192.0.2.1:51820\n') },
    at: [[7, '192.168.5.0/24']],
  },
  {
    name: 'AmneziaWG: S2 differs between the two ends',
    rule: 'amneziawg-params-mismatch',
    text: iface('S2 = 100\n') + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 192.0.2.2:51820\n'),
    others: { 'bravo.conf': bravo(undefined, 'S2 = 25\n') },
    options: { target: 'amneziawg' },
    at: [[4, '100']],
  },
  {
    name: "Endpoint is the counterpart's tunnel address",
    rule: 'endpoint-in-tunnel',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 10.0.0.2:51820\n'),
    others: { 'bravo.conf': bravo('AllowedIPs = 10.0.0.1/32\n') },
    at: [[8, '10.0.0.2:51820']],
  },
  {
    name: "Endpoint is inside this interface's tunnel subnet (wg-quick)",
    rule: 'endpoint-in-tunnel',
    text: iface() + peer('AllowedIPs = 192.168.7.0/24\nEndpoint = 10.0.0.9:51820\n'),
    at: [[8, '10.0.0.9:51820']],
  },
  {
    name: "Endpoint port is not the counterpart's ListenPort",
    rule: 'endpoint-port-mismatch',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 192.0.2.2:51821\n'),
    // bravo does not dial alpha: only alpha can start the handshake.
    others: { 'bravo.conf': bravo('AllowedIPs = 10.0.0.1/32\n') },
    at: [[8, '51821']],
  },
  {
    name: 'keepalive on the listening side, not on the dialling side',
    rule: 'keepalive-wrong-side',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\nPersistentKeepalive = 25\n'),
    others: { 'bravo.conf': bravo() },
    at: [[8, '25']],
  },
  {
    name: 'two configs of one network (spokes of one hub) with one Address',
    rule: 'reused-address',
    text: iface() + peer('AllowedIPs = 10.0.0.0/24\n'),
    others: { 'other.conf': `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.1/24\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.0/24\n` },
    at: [[2, '10.0.0.1/24']],
  },
  {
    name: 'two configs with one PrivateKey',
    rule: 'reused-private-key',
    text: iface(),
    others: { 'copy.conf': `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.7/24\n` },
    at: [[1, 'PrivateKey']],
  },
  {
    name: 'one host, two interfaces on one port',
    rule: 'reused-listen-port',
    text: iface(),
    others: { 'wg1.conf': `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.1.0.1/24\nListenPort = 51820\n` },
    at: [[3, '51820']],
  },
  {
    name: 'Windows: two split tunnels routing one network, in one folder',
    rule: 'windows-tunnel-conflict',
    text: iface() + peer('AllowedIPs = 10.50.0.0/24\n'),
    others: { 'home.conf': home('AllowedIPs = 10.50.0.0/24') },
    options: { target: 'windows' },
    at: [[7, '10.50.0.0/24']],
  },
  {
    name: 'Windows by # wgls-target in both configs (setting: wg-quick)',
    rule: 'windows-tunnel-conflict',
    text: `# wgls-target windows\n${iface()}${peer('AllowedIPs = 10.50.0.0/24\n')}`,
    others: { 'home.conf': `# wgls-target windows\n${home('AllowedIPs = 10.50.0.0/24')}` },
    at: [[8, '10.50.0.0/24']],
  },
  {
    name: "Windows: this Address's subnet is the other config's route",
    rule: 'windows-tunnel-conflict',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\n'),
    others: { 'home.conf': home('AllowedIPs = 192.168.1.0/24, 10.0.0.0/24') },
    options: { target: 'windows' },
    at: [[2, '10.0.0.1/24']],
  },
  {
    name: "a spoke routing only the hub, in the hub's subnet with another spoke",
    rule: 'unrouted-neighbor',
    text: spoke(PRIV, '10.0.0.2/24', '10.0.0.1/32'),
    others: { 'charlie.conf': spoke(CHARLIE_PRIV, '10.0.0.3/24', '10.0.0.0/24') },
    at: [[2, '10.0.0.2/24']],
  },
  {
    name: 'the same in IPv6',
    rule: 'unrouted-neighbor',
    text: spoke(PRIV, '10.0.0.2/32, fd00::2/64', '10.0.0.0/24, fd00::1/128'),
    others: { 'charlie.conf': spoke(CHARLIE_PRIV, '10.0.0.3/32, fd00::3/64', '10.0.0.0/24, fd00::/64') },
    at: [[2, 'fd00::2/64']],
  },
  {
    name: 'a full-tunnel client of a server whose hooks enable no forwarding or NAT',
    rule: 'gateway-without-forwarding',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\n'),
    others: { 'bravo.conf': bravo('AllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n') },
    at: [[0, 'Interface']],
  },
  {
    name: 'a peer key one character off a known interface key',
    rule: 'near-miss-peer-key',
    text: iface() + peer('AllowedIPs = 10.0.0.2/32\n', 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyA='),
    others: { 'bravo.conf': bravo() },
    at: [[6, 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyA=']],
  },
  // ---- the file
  { name: '16-character name', rule: 'file-name', text: iface(), at: [[0, 'Interface']], options: { fileName: 'abcdefghijklmnop.conf' } },
  { name: 'name with a space', rule: 'file-name', text: iface(), at: [[0, 'Interface']], options: { fileName: 'my vpn.conf' } },
  { name: '".." as a name (no interface name on Linux)', rule: 'file-name', text: iface(), at: [[0, 'Interface']], options: { fileName: '...conf' } },
  { name: 'a misspelt target', rule: 'ignored-target-comment', text: `# wgls-target andriod\n${iface()}`, at: [[0, 'andriod']] },
  { name: 'no target named', rule: 'ignored-target-comment', text: `# wgls-target\n${iface()}`, at: [[0, 'wgls-target']], severity: 'warning' },
  { name: 'a suppression with nothing to suppress', rule: 'unused-suppression', text: iface('# wgls-disable-next-line mtu-too-high\nMTU = 1420\n'), at: [[4, 'wgls-disable-next-line mtu-too-high']], severity: 'hint' },
  { name: 'a misspelt rule id in a suppression', rule: 'unknown-rule-id', text: iface('Foo = 1 # wgls-disable-line unknown-kye\n'), at: [[4, 'unknown-kye']], severity: 'warning' },
  { name: 'PostUp in a file marked for Android (setting: wg-quick)', rule: 'key-not-supported-by-target', text: `# wgls-target android\n${iface('PostUp = logger up\nPostDown = logger down\n')}`, at: [[5, 'PostUp'], [6, 'PostDown']] },
  { name: 'world-readable private key', rule: 'world-readable', text: iface(), at: [[1, 'PrivateKey']], options: { fileMode: 0o644, dirMode: 0o755 }, severity: 'warning' },
];

function inWorkspace(text: string, others: Readonly<Record<string, string>>, eol: string, options?: ValidateOptions): Problem[] {
  const ws = new WorkspaceModel();
  for (const [name, t] of Object.entries(others)) ws.setText(`file:///ws/${name}`, t.replace(/\n/g, eol));
  return validateInWorkspace(ws, ws.setText('file:///ws/alpha.conf', text), options);
}

function rangeOf(text: string, [line, needle, from]: At) {
  const lines = text.split(/\r\n|\n/);
  const src = (lines[line] ?? '').replace(/^\uFEFF/, '');
  const start = src.indexOf(needle, from ?? 0);
  assert.ok(start >= 0, `fixture: "${needle}" not on line ${line}: ${JSON.stringify(src)}`);
  return { start: { line, character: start }, end: { line, character: start + needle.length } };
}

for (const eol of ['\n', '\r\n']) {
  describe(`rules (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    for (const c of CASES) {
      it(`${c.rule}: ${c.name}`, () => {
        const text = c.text.replace(/\n/g, eol);
        const problems = c.others ? inWorkspace(text, c.others, eol, c.options) : validate(parse(text), c.options);
        const got = problems.filter((p) => p.rule === c.rule);
        const expected = c.at.map((a) => rangeOf(text, a));
        assert.deepEqual(
          got.map((p) => p.range),
          expected,
          `${c.rule}: ranges differ; all problems: ${JSON.stringify(problems.map((p) => [p.rule, p.range.start]))}`,
        );
        if (c.severity) for (const p of got) assert.equal(p.severity, c.severity);
        for (const p of got) {
          assert.ok(p.message.length > 10);
          // No message may quote a secret.
          for (const secret of [PRIV, PSK]) assert.ok(!p.message.includes(secret), `${c.rule} leaks a secret`);
        }
      });
    }
  });
}

describe('rule catalogue coverage', () => {
  it('every rule has at least one triggering case', () => {
    const covered = new Set(CASES.map((c) => c.rule));
    const missing = RULE_IDS.filter((id) => !covered.has(id));
    assert.deepEqual(missing, []);
  });
});

describe('the bundled examples are clean', () => {
  const root = path.join(__dirname, '..', '..', 'examples');
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.conf'));
  it('finds the examples', () => assert.ok(files.length >= 10));
  for (const f of files) {
    for (const eol of ['\n', '\r\n']) {
      it(`${f} (${eol === '\n' ? 'LF' : 'CRLF'}) has no problem at all`, () => {
        const text = fs.readFileSync(path.join(root, f), 'utf8').replace(/\r?\n/g, eol);
        const problems = validate(parse(text), { fileName: path.basename(f), fileMode: 0o600, dirMode: 0o700 });
        assert.deepEqual(problems.map((p) => `${p.rule} ${p.range.start.line}:${p.range.start.character} ${p.message}`), []);
      });
    }
  }
});

describe('the bundled examples are clean as one workspace (cross-file rules too)', () => {
  const root = path.join(__dirname, '..', '..', 'examples');
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.conf'));
  const ws = new WorkspaceModel();
  for (const f of files) ws.setText(`file:///examples/${f}`, fs.readFileSync(path.join(root, f), 'utf8'));
  for (const f of files) {
    it(f, () => {
      const problems = validateInWorkspace(ws, ws.get(`file:///examples/${f}`)!, { fileName: path.basename(f), fileMode: 0o600, dirMode: 0o700 });
      assert.deepEqual(problems.map((p) => `${p.rule} ${p.range.start.line}: ${p.message}`), []);
    });
  }
});

describe('quick fixes that need the workspace', () => {
  it("overlap: the peer whose own config has another address gets 'Change to <its Address>' (preferred)", () => {
    const text = iface() + peer('AllowedIPs = 10.0.0.2/32\n') + peer('AllowedIPs = 10.0.0.3/32, 10.0.0.2/32\n', PUB2);
    // bravo (PUB) owns 10.0.0.2, PUB2's config is absent: no better guess than removing.
    const problems = inWorkspace(text, { 'bravo.conf': bravo() }, '\n').filter((p) => p.rule === 'allowed-ips-overlap');
    assert.deepEqual(problems.map((p) => p.fixes?.map((f) => `${f.preferred ? '*' : ''}${f.title}`)), [
      ['Remove 10.0.0.2/32 from the [Peer] on line 6'],
      ['Remove 10.0.0.2/32 from the [Peer] on line 10'],
    ]);
    const third = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.9/24\n`;
    const swapped = inWorkspace(iface() + peer('AllowedIPs = 10.0.0.3/32\n', PUB2) + peer('AllowedIPs = 10.0.0.3/32\n'), { 'bravo.conf': third }, '\n');
    const fixes = swapped.filter((p) => p.rule === 'allowed-ips-overlap').map((p) => p.fixes?.[0]);
    assert.deepEqual(fixes[1], { title: "Change to 10.0.0.9/32 (bravo.conf's Address)", preferred: true, edits: [{ range: { start: { line: 11, character: 13 }, end: { line: 11, character: 24 } }, newText: '10.0.0.9/32' }] });
  });
});

describe('cross-file fixes write what Add peer would (add-peer review)', () => {
  const hubKey = generateKeyPair();
  const spokeKey = generateKeyPair();
  const applyTo = (text: string, fix: Fix, uri: string) => applyTextEdits(text, fix.edits.filter((e) => 'uri' in e && e.uri === uri));

  it("keepalive-wrong-side sets the other end's PersistentKeepalive = 0 instead of adding a second line", () => {
    const hub = `[Interface]\nPrivateKey = ${hubKey.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${spokeKey.publicKey}\nAllowedIPs = 10.0.0.2/32\nPersistentKeepalive = 25\n`;
    const spoke = `[Interface]\nPrivateKey = ${spokeKey.privateKey}\nAddress = 10.0.0.2/24\n\n[Peer]\nPublicKey = ${hubKey.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 0\n`;
    const ws = new WorkspaceModel();
    ws.setText('file:///w/a.conf', spoke);
    const p = validateInWorkspace(ws, ws.setText('file:///w/hub.conf', hub)).find((x) => x.rule === 'keepalive-wrong-side')!;
    assert.equal(p.fixes![0]!.title, 'Set PersistentKeepalive = 25 in a.conf');
    const after = applyTo(spoke, p.fixes![0]!, 'file:///w/a.conf');
    assert.equal(after, spoke.replace('PersistentKeepalive = 0', 'PersistentKeepalive = 25'));
  });

  it("the [Peer] added to a spoke for its hub routes the hub's subnet, dials it, keeps NAT open; the file's own line break", () => {
    const hub = `[Interface]\nPrivateKey = ${hubKey.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${spokeKey.publicKey}\nAllowedIPs = 10.0.0.2/32\n`;
    // A CRLF spoke whose first line a tool wrote with LF; no [Peer] for the hub yet.
    const spoke = `# spoke\n[Interface]\r\nPrivateKey = ${spokeKey.privateKey}\r\nAddress = 10.0.0.2/24\r\n`;
    for (const [others, endpoint] of [
      [{}, '# Endpoint = <hub\'s public address>:51820'],
      // Another spoke dials the hub at a known host: the new stanza uses it.
      [{ 'b.conf': `[Interface]\nPrivateKey = ${generateKeyPair().privateKey}\nAddress = 10.0.0.3/24\n\n[Peer]\nPublicKey = ${hubKey.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = vpn.example.com:51820\n` }, 'Endpoint = vpn.example.com:51820'],
    ] as const) {
      const ws = new WorkspaceModel();
      for (const [name, text] of Object.entries(others)) ws.setText(`file:///w/${name}`, text);
      ws.setText('file:///w/a.conf', spoke);
      const fixes = validateInWorkspace(ws, ws.setText('file:///w/hub.conf', hub)).flatMap((x) => (x.rule === 'counterpart-missing-peer' ? x.fixes! : []));
      const fix = fixes.find((f) => f.title === 'Add a [Peer] for hub.conf to a.conf')!;
      const after = applyTo(spoke, fix, 'file:///w/a.conf');
      assert.equal(after, `${spoke}\r\n[Peer]\r\n# Name = hub\r\nPublicKey = ${hubKey.publicKey}\r\nAllowedIPs = 10.0.0.0/24\r\n${endpoint}\r\nPersistentKeepalive = 25\r\n`);
      const check = new WorkspaceModel();
      check.setText('file:///w/hub.conf', hub);
      const problems = validateInWorkspace(check, check.setText('file:///w/a.conf', after)).map((x) => x.rule);
      assert.ok(!problems.includes('counterpart-missing-peer') && !problems.includes('missing-keepalive'), problems.join());
      if (endpoint.startsWith('Endpoint')) assert.deepEqual(problems.filter((r) => r !== 'world-readable'), []);
    }
  });

  it("the [Peer] added to a spoke names the hub as its own [Interface] does (a `# Name =` comment), in its Name and Endpoint hint alike", () => {
    const hub = `[Interface]\n# Name = vpn-hub\nPrivateKey = ${hubKey.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${spokeKey.publicKey}\nAllowedIPs = 10.0.0.2/32\n`;
    const spoke = `[Interface]\nPrivateKey = ${spokeKey.privateKey}\nAddress = 10.0.0.2/24\n`;
    const ws = new WorkspaceModel();
    ws.setText('file:///w/a.conf', spoke);
    const fix = validateInWorkspace(ws, ws.setText('file:///w/hub.conf', hub)).flatMap((x) => (x.rule === 'counterpart-missing-peer' ? x.fixes! : [])).find((f) => f.title === 'Add a [Peer] for hub.conf to a.conf')!;
    const after = applyTo(spoke, fix, 'file:///w/a.conf');
    assert.match(after, /\n\[Peer\]\n# Name = vpn-hub\nPublicKey = .*\nAllowedIPs = 10\.0\.0\.0\/24\n# Endpoint = <vpn-hub's public address>:51820\n/);
  });
});

describe('key-not-supported-by-target: a key only one app reads offers checking the file for that app', () => {
  // Real-world configs review: the Android app's export (ExcludedApplications) was an error with no way on.
  const text = iface('ExcludedApplications = com.example.bank\n');
  it('ExcludedApplications under wg-quick: "Check this file for WireGuard for Android", preferred; applied, the key is fine', () => {
    const p = validate(parse(text)).find((x) => x.rule === 'key-not-supported-by-target')!;
    assert.deepEqual(p.fixes!.map((f) => [f.title, f.preferred]), [['Check this file for WireGuard for Android (# wgls-target android)', true]]);
    const after = applyTextEdits(text, p.fixes![0]!.edits);
    assert.ok(after.startsWith('# wgls-target android\n[Interface]\n'), after);
    assert.deepEqual(validate(parse(after)).filter((x) => x.rule === 'key-not-supported-by-target'), []);
  });
  it('a file that says its target already: offered, not preferred; keys several tools read: none', () => {
    const p = validate(parse(`# wgls-target windows\n${text}`)).find((x) => x.rule === 'key-not-supported-by-target')!;
    assert.deepEqual(p.fixes!.map((f) => [f.title, f.preferred]), [['Check this file for WireGuard for Android (# wgls-target android)', false]]);
    assert.equal(validate(parse(iface('PostUp = true\n')), { target: 'android' }).find((x) => x.rule === 'key-not-supported-by-target')!.fixes, undefined);
  });
});

describe('options', () => {
  it('a severity override of "off" removes a rule, others change its severity', () => {
    const text = iface('Foo = 1\n');
    assert.equal(validate(parse(text), { severities: { 'unknown-key': 'off' } }).filter((p) => p.rule === 'unknown-key').length, 0);
    assert.equal(validate(parse(text), { severities: { 'unknown-key': 'hint' } }).find((p) => p.rule === 'unknown-key')?.severity, 'hint');
  });
  it('suppression comments', () => {
    const next = validate(parse(iface('# wgls-disable-next-line unknown-key\n\nFoo = 1\nBar = 2\n')));
    assert.deepEqual(next.filter((p) => p.rule === 'unknown-key').map((p) => p.range.start.line), [7]);
    const line = validate(parse(iface('Foo = 1 # wgls-disable-line\n')));
    assert.equal(line.length, 0);
    const file = validate(parse(`# wgls-disable unknown-key, mtu-too-high\n${iface('Foo = 1\nMTU = 1500\nBar =\n')}`));
    assert.deepEqual(file.map((p) => p.rule), ['empty-value']);
  });
  it('a misspelt kind is no directive (suppression review: `wgls-disable-next-lines x` was a file-wide wgls-disable of "-next-lines" and x)', () => {
    const text = iface('# wgls-disable-next-lines unknown-key\nFoo = 1\nMTU = 1500\nBar = 2\n');
    assert.deepEqual(validate(parse(text)).filter((p) => p.rule === 'unknown-key').map((p) => p.range.start.line), [5, 7]);
    assert.deepEqual(validate(parse(iface('Foo = 1 # wgls-disable-line-next unknown-key\n'))).filter((p) => p.rule === 'unknown-key').length, 1);
  });
  it('a suppression comment starts with its directive: one that mentions it in passing suppresses nothing; a reason after " -- " is no id (settings review)', () => {
    const text = `# Old CI used wgls-disable\n${iface('Foo = 1\nMTU = 1500\n')}`;
    assert.deepEqual(validate(parse(text)).map((p) => p.rule).sort(), ['mtu-too-high', 'unknown-key']);
    const inPassing = validate(parse(iface('# see eslint-style wgls-disable-next-line unknown-key\nFoo = 1\n')));
    assert.deepEqual(inPassing.map((p) => p.rule), ['unknown-key']);
    const reason = validate(parse(iface('#wgls-disable-next-line unknown-key -- the old tool reads it\nFoo = 1\nBar = 2\n')));
    assert.deepEqual(reason.map((p) => [p.rule, p.range.start.line]), [['unknown-key', 6]]);
    // (Two dashes or more, as eslint reads it: suppression review.)
    const longDash = validate(parse(iface('#wgls-disable-next-line unknown-key --- the old tool reads it\nFoo = 1\n')));
    assert.deepEqual(longDash.map((p) => p.rule), []);
    const reasonAll = validate(parse(iface('# wgls-disable-next-line -- generated\nFoo = 1\n')));
    assert.deepEqual(reasonAll.map((p) => p.rule), []);
  });
  it('suppression comments in a run add up: each next-line one aims at the line after the run, file-wide ones and a later "all" merge', () => {
    const run = validate(parse(iface('# wgls-disable-next-line unknown-key\n# note\n\n# wgls-disable-next-line empty-value\nFoo =\nBar =\n')));
    assert.deepEqual(run.map((p) => [p.rule, p.range.start.line]), [['empty-value', 9], ['unknown-key', 9]]);
    const two = validate(parse(`# wgls-disable unknown-key\n# wgls-disable mtu-too-high\n${iface('Foo = 1\nMTU = 1500\n')}`));
    assert.deepEqual(two.map((p) => p.rule), []);
    const all = validate(parse(iface('Foo = 1 # wgls-disable-line unknown-key\n# wgls-disable-next-line\n# wgls-disable-next-line unknown-key\nBar =\n')));
    assert.deepEqual(all.map((p) => p.rule), []);
  });
  it('unused-suppression: a comment, or one of its ids, that suppresses nothing; its fix; what it leaves alone', () => {
    const unused = (text: string, options: ValidateOptions = {}) => validate(parse(text), options).filter((p) => p.rule === 'unused-suppression');
    const apply = (text: string, p: Problem) => applyTextEdits(text, p.fixes![0]!.edits);
    // One id of two used: the other is reported on its own, and its fix takes it and its separator out.
    const two = iface('# wgls-disable-next-line unknown-key, mtu-too-high\nFoo = 1\n');
    const [id] = unused(two);
    assert.equal(id!.message, 'No mtu-too-high problem on line 6: mtu-too-high suppresses nothing in this comment (fixed since, or reported on another line).');
    assert.equal(id!.severity, 'hint');
    assert.equal(id!.unnecessary, true);
    assert.equal(apply(two, id!), iface('# wgls-disable-next-line unknown-key\nFoo = 1\n'));
    // All unused: the comment, whole line and all; a trailing one with the blanks before it.
    const [line] = unused(iface('# wgls-disable-next-line mtu-too-high -- jumbo frames\nMTU = 1420\n'));
    assert.equal(apply(iface('# wgls-disable-next-line mtu-too-high -- jumbo frames\nMTU = 1420\n'), line!), iface('MTU = 1420\n'));
    const trailing = iface('MTU = 1420   # wgls-disable-line mtu-too-high\n');
    assert.equal(apply(trailing, unused(trailing)[0]!), iface('MTU = 1420\n'));
    // File-wide, and without ids.
    assert.match(unused(`# wgls-disable mtu-too-high\n${iface()}`)[0]!.message, /^No mtu-too-high problem in this file/);
    assert.match(unused(iface('# wgls-disable-next-line\nMTU = 1420\n'))[0]!.message, /^Nothing to suppress on line 6/);
    // Used ones, an unknown id (unknown-rule-id's), a rule turned off, the rule itself off: nothing.
    assert.deepEqual(unused(`# wgls-disable mtu-too-high\n${iface('MTU = 1500\n')}`), []);
    assert.deepEqual(unused(iface('# wgls-disable-next-line\nFoo = 1\n')), []);
    assert.deepEqual(unused(iface('# wgls-disable-next-line unknown-kye\nMTU = 1420\n')), []);
    assert.deepEqual(unused(iface('# wgls-disable-next-line mtu-too-high\nMTU = 1500\n'), { severities: { 'mtu-too-high': 'off' } }), []);
    assert.deepEqual(unused(iface('# wgls-disable-next-line mtu-too-high\nMTU = 1420\n'), { severities: { 'unused-suppression': 'off' } }), []);
    // A note in a comment after the directive stays when the directive goes.
    const noted = iface('MTU = 1420 # wgls-disable-line mtu-too-high # keep this note\n');
    assert.equal(apply(noted, unused(noted)[0]!), iface('MTU = 1420 # keep this note\n'));
    // A next-line comment with nothing after it; this rule's own id (no comment suppresses it).
    assert.match(unused(`${iface('MTU = 1420\n')}# wgls-disable-next-line mtu-too-high`)[0]!.message, /^No mtu-too-high problem after this comment \(nothing follows it\)/);
    assert.deepEqual(unused(`# wgls-disable unused-suppression\n${iface()}`), []);
    // At most 100 reports for one comment, then one for the rest.
    const many = iface(`# wgls-disable-next-line ${Array.from({ length: 150 }, () => 'mtu-too-high').join(', ')}, unknown-key\nFoo = 1\n`);
    const reports = unused(many);
    assert.equal(reports.length, 101);
    assert.equal(reports.filter((p) => p.message === '50 more ids of this comment suppress nothing on line 6.').length, 1);
    // Both a file-wide and a line comment for one problem: each counts as used.
    assert.deepEqual(unused(`# wgls-disable mtu-too-high\n${iface('# wgls-disable-next-line mtu-too-high\nMTU = 1500\n')}`), []);
  });
  it('unknown-rule-id: an id wgls has no rule for is said where it is written, with the nearest id as the fix; known ids, reasons and key-shaped words', () => {
    const text = iface('# wgls-disable-next-line unknown-kye, Mtu-Too-High, whatever -- old names\nFoo = 1\nMTU = 1500 # wgls-disable-line mtu-too-high\n');
    const found = validate(parse(text)).filter((p) => p.rule === 'unknown-rule-id');
    const line = 4;
    const col = (word: string) => text.split('\n')[line]!.indexOf(word);
    assert.deepEqual(
      found.map((p) => [p.range.start.line, p.range.start.character, p.range.end.character, p.message, p.fixes?.[0]?.title ?? null, p.fixes?.[0]?.edits[0]?.newText ?? null]),
      [
        [line, col('unknown-kye'), col('unknown-kye') + 11, '"unknown-kye" is no wgls rule, so this comment suppresses nothing under that name (did you mean unknown-key?). The rule ids are the codes diagnostics show (docs/rules).', 'Change to unknown-key', 'unknown-key'],
        [line, col('Mtu-Too-High'), col('Mtu-Too-High') + 12, '"Mtu-Too-High" is no wgls rule, so this comment suppresses nothing under that name (did you mean mtu-too-high?). The rule ids are the codes diagnostics show (docs/rules).', 'Change to mtu-too-high', 'mtu-too-high'],
        [line, col('whatever'), col('whatever') + 8, '"whatever" is no wgls rule, so this comment suppresses nothing under that name. The rule ids are the codes diagnostics show (docs/rules).', null, null],
      ],
    );
    // The misspelt suppression suppresses nothing: unknown-key stays (the fix is what makes it count).
    assert.ok(validate(parse(text)).some((p) => p.rule === 'unknown-key'));
    // A key pasted where an id goes is hidden in the message, as everywhere.
    const key = '8Nhl7YcZJr5Eit6M0hidnwCpwld3gU25rfb/QXhTJX8=';
    const pasted = validate(parse(iface(`# wgls-disable ${key}\n`))).filter((p) => p.rule === 'unknown-rule-id');
    assert.equal(pasted.length, 1);
    assert.ok(!pasted[0]!.message.includes(key.slice(0, 12)), pasted[0]!.message);
  });
});

/** One test per config in which `rule` must report nothing (name, text, validation options). */
function silentCases(rule: RuleId, cases: ReadonlyArray<[string, string, ValidateOptions?]>): void {
  for (const [name, text, options] of cases) {
    it(`silent: ${name}`, () => assert.deepEqual(validate(parse(text), options).filter((p) => p.rule === rule), []));
  }
}

describe('endpoint-in-allowed-ips: only where routes are plain kernel routes', () => {
  const text = iface() + peer('AllowedIPs = 0.0.0.0/1, 128.0.0.0/1, ::/0\nEndpoint = 203.0.113.5:51820\n');
  it('wg-quick: the endpoint loops into the tunnel', () => {
    assert.deepEqual(validate(parse(text)).filter((p) => p.rule === 'endpoint-in-allowed-ips').map((p) => p.range.start.line), [8]);
  });
  silentCases('endpoint-in-allowed-ips', [
    ...(['windows', 'android', 'apple'] as const).map((target): [string, string, ValidateOptions] => [`${target} keeps its own sockets out of the tunnel`, text, { target }]),
    ['plain wg adds no routes', text, { target: 'wg' }],
    ['Table = off: wg-quick adds no routes', iface('Table = off\n') + peer('AllowedIPs = 0.0.0.0/0, 192.0.2.0/24\nEndpoint = 192.0.2.1:51820\n')],
    ['Table auto: the fwmark rule keeps the endpoint out of a /0', iface() + peer('AllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n')],
  ]);
  it('Table = main with a /0: table-main-default-route speaks (wg-quick up fails first, mostly), not this rule', () => {
    const main = iface('Table = main\n') + peer('AllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n');
    const ps = validate(parse(main));
    assert.deepEqual(ps.filter((p) => p.rule === 'endpoint-in-allowed-ips'), []);
    const [t] = ps.filter((p) => p.rule === 'table-main-default-route');
    assert.deepEqual([t?.range.start.line, t?.range.start.character, t?.range.end.character], [4, 8, 12]);
    assert.deepEqual(t!.fixes![0]!.edits, [{ range: t!.range, newText: 'auto' }]);
    assert.match(t!.message, /RTNETLINK answers: File exists/);
  });
  it('table-main-default-route: not without a /0, not for targets that add no routes by Table', () => {
    const split = iface('Table = main\n') + peer('AllowedIPs = 10.9.0.0/16\n');
    assert.deepEqual(validate(parse(split)).filter((p) => p.rule === 'table-main-default-route'), []);
    const full = iface('Table = main\n') + peer('AllowedIPs = ::/0\n');
    assert.equal(validate(parse(full)).filter((p) => p.rule === 'table-main-default-route').length, 1, '::/0 alone counts');
    assert.deepEqual(validate(parse(full), { target: 'wg' }).filter((p) => p.rule === 'table-main-default-route'), []);
  });
  it('a table of its own: silent (only rules the user adds send traffic there); Table = 254 is main', () => {
    const routes = 'AllowedIPs = 10.1.0.0/16, 192.0.2.0/24\nEndpoint = 192.0.2.1:51820\n';
    const loops = (table: string) => validate(parse(iface(table) + peer(routes))).filter((p) => p.rule === 'endpoint-in-allowed-ips').length;
    assert.equal(loops('Table = 1234\n'), 0);
    assert.equal(loops('Table = 254\n'), 1);
    assert.equal(loops('Table = main\n'), 1);
    // ip reads table numbers with base 0 (semantics review; differential corpus table/hex-main).
    assert.equal(loops('Table = 0xfe\n'), 1);
    assert.equal(loops('Table = 0376\n'), 1);
    assert.equal(loops('Table = 0x10\n'), 0);
    // Table 0 is "unspecified": the kernel puts the routes in main (diff review, checked with ip route).
    assert.equal(loops('Table = 0\n'), 1);
    assert.equal(loops('Table = -0\n'), 1);
  });
});

describe('numbers as iproute2 reads them: strtoul with base 0 (semantics review, verified by the differential corpus)', () => {
  const of = (text: string, rule: string, target?: ValidateOptions['target']) =>
    validate(parse(text), target ? { target } : {}).filter((p) => p.rule === rule).map((p) => ({ severity: p.severity, message: p.message, fix: p.fixes?.[0]?.edits[0]?.newText }));
  const address = (v: string, target?: ValidateOptions['target']) => of(iface(`Address = ${v}\n`), 'invalid-address', target);
  it('Address prefixes ip reads (sign, hex, netmask): a warning with what ip makes of it, not an error', () => {
    for (const [v, read] of [['10.0.0.3/+24', '10.0.0.3/24'], ['10.0.0.3/0x18', '10.0.0.3/24'], ['10.0.0.3/255.255.255.0', '10.0.0.3/24'], ['10.0.0.3/-0', '10.0.0.3/0'], ['0x0a.0.0.5/24', '10.0.0.5/24'], ['10.1/16', '10.1.0.0/16'], ['fd00::1/+64', 'fd00::1/64']] as const) {
      assert.deepEqual(address(v), [{ severity: 'warning', message: `"${v}" is a form only "ip" reads, as ${read}; the apps reject it. Write ${read}.`, fix: read }], v);
    }
    // Still errors: what ip rejects too, and every such form for the apps.
    assert.deepEqual(address('10.0.0.3/255.0.255.0').map((p) => p.severity), ['error']);
    assert.deepEqual(address('10.0.0.3/-1').map((p) => p.severity), ['error']);
    assert.deepEqual(address('10.0.0.3/0x18', 'windows').map((p) => p.severity), ['error']);
    // get_addr_1 reads any/all/default as 0.0.0.0: a netmask of /0 (diff review, checked with ip).
    assert.deepEqual(address('10.0.0.1/any').map((p) => p.fix), ['10.0.0.1/0']);
    // Android and ip both read /+24; the message says so rather than "wg-quick rejects it".
    assert.match(address('10.0.0.1/+24', 'android')[0]!.message, /the Android app reads "\/\+24" as \/24, and so does wg-quick's "ip address add"; Windows and the Apple apps reject it\.$/);
  });
  it('a prefix split from its address by a blank: the fix joins them, never writes the number out as an address', () => {
    const joined = of(iface('Address = 10.0.0.1/ 24\n'), 'invalid-address').find((p) => p.message.startsWith('"24"'))!;
    assert.equal(joined.fix, '10.0.0.1/24');
    assert.equal(joined.message, '"24" on its own is an address to "ip" (24.0.0.0), and the apps reject it; if it is the prefix of 10.0.0.1/, write 10.0.0.1/24.');
    assert.deepEqual(of(iface('Address = 10.0.0.2 32\n'), 'invalid-address').map((p) => p.fix), ['10.0.0.2/32']);
    assert.deepEqual(of(iface('Address = 24\n'), 'invalid-address').map((p) => p.fix), [undefined], 'alone: no guess');
  });
  it('a leading zero is octal to ip: the decimal reading is offered, what ip reads is said', () => {
    assert.deepEqual(address('010.0.0.1/24'), [{ severity: 'warning', message: '"010.0.0.1/24" is a form only "ip" reads, as 8.0.0.1/24 (a leading zero makes a number octal to it); the apps reject it. Write 10.0.0.1/24 (or 8.0.0.1/24, if that was meant).', fix: '10.0.0.1/24' }]);
    // A prefix the strict reading takes as decimal 24 and ip as octal 20.
    assert.deepEqual(address('10.0.0.3/024'), [{ severity: 'warning', message: '"ip address add" reads a prefix with a leading zero as octal: "10.0.0.3/024" is 10.0.0.3/20 to it, not /24. Write 10.0.0.3/24.', fix: '10.0.0.3/24' }]);
    // No octal number: ip rejects it and wg-quick up stops (differential fuzz: it was a warning).
    assert.deepEqual(address('10.0.0.3/08'), [{ severity: 'error', message: '"ip address add" reads a prefix with a leading zero as octal and rejects "10.0.0.3/08" ("inet prefix is expected"), so wg-quick up fails. Write 10.0.0.3/8.', fix: '10.0.0.3/8' }]);
    assert.deepEqual(address('fd00::1/0128').map((p) => [p.severity, p.fix]), [['error', 'fd00::1/128']]);
    // Only ip reads octal: the apps take 024 as 24.
    assert.deepEqual(address('10.0.0.3/024', 'android'), []);
  });
  it('Table: hex and a sign are numbers to ip (no problem), a leading zero is octal (a warning)', () => {
    const table = (v: string) => of(iface(`Table = ${v}\n`) + peer('AllowedIPs = 10.9.0.0/16\n'), 'invalid-table');
    assert.deepEqual(table('0x10'), []);
    assert.deepEqual(table('+5'), []);
    assert.deepEqual(table('010'), [{ severity: 'warning', message: '"ip route" reads a table number with a leading zero as octal: Table 010 is table 8, not 10. Write 8 (or 10, if that table was meant).', fix: '8' }]);
    assert.deepEqual(table('07'), [], 'octal and decimal agree: nothing to say');
    assert.deepEqual(table('00'), []);
    assert.deepEqual(table('-1').map((p) => p.severity), ['error']);
    assert.deepEqual(table('0x100000000').map((p) => p.severity), ['error']);
  });
});

describe('reused-private-key and reused-address: profiles of one host are not two hosts', () => {
  const reuse = (text: string, others: Record<string, string>) =>
    inWorkspace(text, others, '\n').filter((p) => p.rule === 'reused-private-key' || p.rule === 'reused-address').map((p) => p.rule);
  // A split and a full tunnel of one laptop (or a VPN provider's one file per server): same key, same Address.
  const split = iface() + peer('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n');
  const full = iface() + peer('AllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = 192.0.2.1:51820\n');
  it('silent: the same PrivateKey and the same Addresses', () => assert.deepEqual(reuse(split, { 'full.conf': full }), []));
  it('silent: the same Addresses written in another order or spelling', () => {
    const a = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24, fd00::1/64\n`;
    assert.deepEqual(reuse(a, { 'b.conf': `[Interface]\nPrivateKey = ${PRIV}\nAddress = fd00:0::1/64\nAddress = 10.0.0.1/32\n` }), []);
  });
  it('the same Addresses and the same routes to the same peers, next to the hub that lists them: a copy for a second device (topology review)', () => {
    const hub = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.2/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 10.0.0.1/32\n`;
    const laptop = iface() + peer('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n');
    const tablet = `# tablet: laptop.conf copied\n${laptop}`;
    const ws = new WorkspaceModel();
    ws.setText('file:///w/hub.conf', hub);
    ws.setText('file:///w/tablet.conf', tablet);
    const got = (uri: string) => validateInWorkspace(ws, ws.get(uri)!).filter((p) => p.rule === 'reused-private-key' || p.rule === 'reused-address');
    const ps = got(ws.setText('file:///w/laptop.conf', laptop).uri);
    assert.deepEqual(ps.map((p) => [p.rule, p.range.start.line, p.message.split(':')[0]]), [
      ['reused-private-key', 1, 'tablet.conf uses the same PrivateKey'],
      ['reused-address', 2, '10.0.0.1 is also the Address of tablet.conf'],
    ]);
    assert.deepEqual(got('file:///w/tablet.conf').map((p) => p.rule), ['reused-private-key', 'reused-address']);
    // Routed differently (the tablet made a full tunnel): profiles of one host again, on both sides.
    ws.setText('file:///w/tablet.conf', tablet.replace('AllowedIPs = 10.0.0.0/24', 'AllowedIPs = 0.0.0.0/0'));
    assert.deepEqual(got('file:///w/laptop.conf'), []);
    assert.deepEqual(got('file:///w/tablet.conf'), []);
    // Real-world configs review: the same server dialled at another Endpoint (its LAN address at home, the
    // WAN name outside), or other DNS servers (a Pi-hole profile and a public one): profiles too. A copy for
    // a second device keeps both.
    for (const other of [tablet.replace('Endpoint = 192.0.2.1:51820', 'Endpoint = 192.168.1.10:51820'), tablet.replace('[Peer]', 'DNS = 10.0.0.1\n\n[Peer]')]) {
      ws.setText('file:///w/tablet.conf', other);
      assert.deepEqual(got('file:///w/laptop.conf'), [], other);
      assert.deepEqual(got('file:///w/tablet.conf'), [], other);
    }
    ws.setText('file:///w/tablet.conf', tablet.replace('Endpoint = 192.0.2.1:51820', 'Endpoint = 192.0.2.1:51820 # same'));
    assert.deepEqual(got('file:///w/tablet.conf').map((p) => p.rule), ['reused-private-key', 'reused-address']);
  });
  it('a byte-identical copy in another folder (PiVPN keeps each client twice; a backup): a warning that says both, and no reused-address (false-positive review)', () => {
    const ws = new WorkspaceModel();
    const text = iface() + peer('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n');
    ws.setText('file:///w/configs/phone.conf', text);
    const ps = validateInWorkspace(ws, ws.setText('file:///w/backup/phone.conf', text)).filter((p) => p.rule === 'reused-private-key' || p.rule === 'reused-address');
    assert.deepEqual(ps.map((p) => [p.rule, p.severity]), [['reused-private-key', 'warning']]);
    assert.match(ps[0]!.message, /is this same file, byte for byte: a backup is harmless, but two devices using it fight/);
    // One comment apart: a copy for a second device, as before.
    const edited = validateInWorkspace(ws, ws.setText('file:///w/backup/phone.conf', `# tablet\n${text}`)).filter((p) => p.rule === 'reused-private-key' || p.rule === 'reused-address');
    assert.deepEqual(edited.map((p) => [p.rule, p.severity]), [['reused-private-key', 'error'], ['reused-address', 'warning']]);
  });
  // Real-world review: a provider's bundle unzipped one country per folder, and a home profile kept in old/,
  // got an error on each file and a reused-address warning (in one folder they are profiles: silent).
  it('profiles by the evidence, in another folder: a warning that says both readings, no reused-address', () => {
    const [se, de] = [generateKeyPair(), generateKeyPair()];
    const server = (key: string, ip: string) => `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.64.1.2/32, fc00:bbbb:bbbb:bb01::1:102/128\nDNS = 10.64.0.1\n\n[Peer]\nPublicKey = ${key}\nAllowedIPs = 0.0.0.0/0, ::0/0\nEndpoint = ${ip}:51820\n`;
    const ws = new WorkspaceModel();
    ws.setText('file:///vpn/se/se-got-wg-001.conf', server(se.publicKey, '185.213.154.66'));
    const found = (uri: string, text: string) => validateInWorkspace(ws, ws.setText(uri, text)).filter((p) => p.rule === 'reused-private-key' || p.rule === 'reused-address');
    const ps = found('file:///vpn/de/de-fra-wg-001.conf', server(de.publicKey, '185.213.155.73'));
    assert.deepEqual(ps.map((p) => [p.rule, p.severity]), [['reused-private-key', 'warning']]);
    assert.match(ps[0]!.message, /^se-got-wg-001\.conf uses the same PrivateKey from another folder: profiles of this host brought up one at a time may share it \(it dials other servers, or routes the same Address differently\), but two devices with one identity fight over the tunnel\. If another device uses it, generate a new key for it\.$/);
    // A split and a full tunnel of one home server, one kept in old/.
    const home = new WorkspaceModel();
    home.setText('file:///vpn/home.conf', split);
    const old = validateInWorkspace(home, home.setText('file:///vpn/old/home-full.conf', full)).filter((p) => p.rule === 'reused-private-key' || p.rule === 'reused-address');
    assert.deepEqual(old.map((p) => [p.rule, p.severity]), [['reused-private-key', 'warning']]);
    // The same peers, routes and reach in another folder is a copy on another device: still an error.
    const copy = validateInWorkspace(home, home.setText('file:///vpn/old/home-full.conf', `# tablet\n${split}`)).filter((p) => p.rule === 'reused-private-key' || p.rule === 'reused-address');
    assert.deepEqual(copy.map((p) => [p.rule, p.severity]), [['reused-private-key', 'error'], ['reused-address', 'warning']]);
    // Diff review: two servers with one key and different clients (a copied template) have no peer in
    // common either, and dial nobody: still an error, not profiles.
    const servers = new WorkspaceModel();
    const srv = (client: string, addr: string) => `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${client}\nAllowedIPs = ${addr}\n`;
    servers.setText('file:///s/srv1/wg0.conf', srv(se.publicKey, '10.0.0.2/32'));
    const two = validateInWorkspace(servers, servers.setText('file:///s/srv2/wg0.conf', srv(de.publicKey, '10.0.0.3/32'))).filter((p) => p.rule === 'reused-private-key' || p.rule === 'reused-address');
    assert.deepEqual(two.map((p) => [p.rule, p.severity]), [['reused-private-key', 'error'], ['reused-address', 'warning']]);
  });
  it('the same key with other Addresses is two hosts', () => {
    assert.deepEqual(reuse(iface(), { 'copy.conf': `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24, 10.0.0.7/24\n` }), ['reused-private-key', 'reused-address']);
  });
  it("the same file in two hosts' folders is a copy, not profiles (byte for byte: a warning that says a backup would be harmless)", () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///hosts/phone/wg0.conf', split);
    const ps = validateInWorkspace(ws, ws.setText('file:///hosts/laptop/wg0.conf', split)).filter((p) => p.rule === 'reused-private-key' || p.rule === 'reused-address');
    assert.deepEqual(ps.map((p) => [p.rule, p.severity]), [['reused-private-key', 'warning']]);
    const edited = validateInWorkspace(ws, ws.setText('file:///hosts/laptop/wg0.conf', `# laptop\n${split}`)).filter((p) => p.rule === 'reused-private-key' || p.rule === 'reused-address');
    assert.deepEqual(edited.map((p) => [p.rule, p.severity]), [['reused-private-key', 'error'], ['reused-address', 'warning']]);
  });
  it('one profile per site it dials (no peer in common, other Addresses): profiles, and each site is paired with its own', () => {
    const [a, b] = [generateKeyPair(), generateKeyPair()];
    const laptop = (addr: string, site: string, port: number) => `[Interface]\nPrivateKey = ${PRIV}\nAddress = ${addr}\n\n[Peer]\nPublicKey = ${site}\nAllowedIPs = 10.0.0.0/8\nEndpoint = 192.0.2.1:${port}\nPersistentKeepalive = 25\n`;
    const site = (priv: string, addr: string, port: number) => `[Interface]\nPrivateKey = ${priv}\nAddress = ${addr}\nListenPort = ${port}\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = ${addr.replace(/\.1\/24$/, '.7/32')}\n`;
    const ws = new WorkspaceModel();
    ws.setText('file:///w/laptop/sitea.conf', laptop('10.50.0.7/32', a.publicKey, 51820));
    ws.setText('file:///w/laptop/siteb.conf', laptop('10.51.0.7/32', b.publicKey, 51821));
    ws.setText('file:///w/sitea/wg0.conf', site(a.privateKey, '10.50.0.1/24', 51820));
    ws.setText('file:///w/siteb/wg0.conf', site(b.privateKey, '10.51.0.1/24', 51821));
    const rules = ['reused-private-key', 'reused-address', 'counterpart-missing-peer', 'preshared-key-mismatch', 'allowed-ips-miss-address'];
    for (const uri of ['file:///w/laptop/sitea.conf', 'file:///w/laptop/siteb.conf', 'file:///w/sitea/wg0.conf', 'file:///w/siteb/wg0.conf']) {
      assert.deepEqual(validateInWorkspace(ws, ws.get(uri)!).filter((p) => rules.includes(p.rule)).map((p) => `${p.rule}: ${p.message}`), [], uri);
    }
  });
  it('preshared-key-mismatch reads a repeated [Peer] as wg merges it: a second section without PSK keeps the first one\'s (network fuzz)', () => {
    const [c, h] = [generateKeyPair(), generateKeyPair()];
    const psk = generatePresharedKey();
    const client = (extra: string) => `[Interface]\nPrivateKey = ${c.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${h.publicKey}\nPresharedKey = ${psk}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n${extra}`;
    const hub = `[Interface]\nPrivateKey = ${h.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${c.publicKey}\nPresharedKey = ${psk}\nAllowedIPs = 10.0.0.2/32\n`;
    const ws = new WorkspaceModel();
    const hf = ws.setText('file:///w/h.conf', hub);
    const mismatches = () => [ws.get('file:///w/c.conf')!, hf].flatMap((f) => validateInWorkspace(ws, f).filter((p) => p.rule === 'preshared-key-mismatch'));
    ws.setText('file:///w/c.conf', client(`\n[Peer]\nPublicKey = ${h.publicKey}\nAllowedIPs = 10.0.0.3/32\n`));
    assert.deepEqual(mismatches(), []);
    // A later section that sets another PSK: that one is the peer's, and it differs. Reported once here,
    // at that section, and the fix writes there (on the first section it rewrote A with A: diff review).
    ws.setText('file:///w/c.conf', client(`\n[Peer]\nPublicKey = ${h.publicKey}\nPresharedKey = ${generatePresharedKey()}\n`));
    const found = mismatches();
    assert.equal(found.length, 2);
    const here = found[0]!; // (c.conf's, listed first)
    assert.equal(here.range.start.line, 12);
    assert.deepEqual(here.fixes![0]!.edits.map((e) => e.range.start.line), [12]);
  });

  // Cross-file review: an error on a working tunnel. "No preshared key" is 32 zero bytes in the handshake.
  it('preshared-key-mismatch: an all-zero PresharedKey is the same as none (the other end without one agrees)', () => {
    const [c, h] = [generateKeyPair(), generateKeyPair()];
    const zero = 'A'.repeat(43) + '=';
    const client = (p?: string) => `[Interface]\nPrivateKey = ${c.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${h.publicKey}\n${p ? `PresharedKey = ${p}\n` : ''}AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n`;
    const hub = (p?: string) => `[Interface]\nPrivateKey = ${h.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${c.publicKey}\n${p ? `PresharedKey = ${p}\n` : ''}AllowedIPs = 10.0.0.2/32\n`;
    const found = (clientPsk?: string, hubPsk?: string) => {
      const ws = new WorkspaceModel();
      const files = [ws.setText('file:///w/h.conf', hub(hubPsk)), ws.setText('file:///w/c.conf', client(clientPsk))];
      return files.flatMap((f) => validateInWorkspace(ws, f).filter((p) => p.rule === 'preshared-key-mismatch' || p.rule === 'invalid-key').map((p) => `${f.name} ${p.rule}`));
    };
    assert.deepEqual(found(zero), ['c.conf invalid-key']);
    assert.deepEqual(found(undefined, zero), ['h.conf invalid-key']);
    assert.deepEqual(found(zero, zero), ['h.conf invalid-key', 'c.conf invalid-key']);
    // A real key against a zero one is a mismatch, as against none.
    const psk = generatePresharedKey();
    assert.deepEqual(found(psk, zero), ['h.conf invalid-key', 'h.conf preshared-key-mismatch', 'c.conf preshared-key-mismatch']);
  });

  it('preshared-key-mismatch never offers to copy a PresharedKey that is a PrivateKey into another file (fix-soundness review)', () => {
    const [c, h] = [generateKeyPair(), generateKeyPair()];
    const psk = generatePresharedKey();
    const client = (p: string) => `[Interface]\nPrivateKey = ${c.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${h.publicKey}\nPresharedKey = ${p}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n`;
    const hub = (p?: string) => `[Interface]\nPrivateKey = ${h.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${c.publicKey}\n${p ? `PresharedKey = ${p}\n` : ''}AllowedIPs = 10.0.0.2/32\n`;
    const fixes = (clientPsk: string, hubPsk?: string) => {
      const ws = new WorkspaceModel();
      const hf = ws.setText('file:///w/h.conf', hub(hubPsk));
      const cf = ws.setText('file:///w/c.conf', client(clientPsk));
      const of = (f: typeof hf) => validateInWorkspace(ws, f).filter((p) => p.rule === 'preshared-key-mismatch').flatMap((p) => p.fixes!.map((x) => x.title));
      return { client: of(cf), hub: of(hf) };
    };
    // An ordinary PresharedKey: copied either way.
    assert.deepEqual(fixes(psk), { client: ['Write this PresharedKey into h.conf'], hub: ["Use c.conf's PresharedKey here"] });
    // The client's own PrivateKey as PresharedKey (key-reuse reports it): never written into h.conf.
    assert.deepEqual(fixes(c.privateKey), { client: [], hub: [] });
    // The hub's PrivateKey in the client likewise; the hub's own PSK may still replace it there.
    assert.deepEqual(fixes(h.privateKey, psk), { client: ["Use h.conf's PresharedKey here"], hub: ['Write this PresharedKey into c.conf'] });
    assert.deepEqual(fixes(psk, h.privateKey), { client: ['Write this PresharedKey into h.conf'], hub: ["Use c.conf's PresharedKey here"] });
  });
  it('files for different apps (# wgls-target) are different devices, not profiles', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///w/john/laptop.conf', `# wgls-target windows\n${split}`);
    const ps = validateInWorkspace(ws, ws.setText('file:///w/john/phone.conf', `# wgls-target android\n${split}`));
    assert.deepEqual(ps.filter((p) => p.rule === 'reused-private-key').length, 1);
  });
  it('no Address at all is no evidence of one host', () => {
    const bare = `[Interface]\nPrivateKey = ${PRIV}\nListenPort = 51820\n`;
    assert.deepEqual(reuse(bare, { 'b.conf': `[Interface]\nPrivateKey = ${PRIV}\n` }), ['reused-private-key']);
  });
  it('one Address, two keys, one network (a peer in common): two hosts', () => {
    const spoke = (priv: string) => `[Interface]\nPrivateKey = ${priv}\nAddress = 10.0.0.1/24\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.0/24\n`;
    assert.deepEqual(reuse(spoke(PRIV), { 'other.conf': spoke(BRAVO_PRIV) }), ['reused-address']);
  });
  it('two failover servers with one gateway Address, each listed by its own profile of one client: they never meet (topology review)', () => {
    const [primary, backup] = [generateKeyPair(), generateKeyPair()];
    const server = (priv: string) => `[Interface]\nPrivateKey = ${priv}\nAddress = 10.20.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 10.20.0.2/32\n`;
    const profile = (server: string, host: string) => `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.20.0.2/24\n\n[Peer]\nPublicKey = ${server}\nAllowedIPs = 10.20.0.0/24\nEndpoint = ${host}:51820\n`;
    const ws = new WorkspaceModel();
    ws.setText('file:///w/srv1/wg0.conf', server(primary.privateKey));
    ws.setText('file:///w/srv2/wg0.conf', server(backup.privateKey));
    ws.setText('file:///w/rw/primary.conf', profile(primary.publicKey, '192.0.2.1'));
    ws.setText('file:///w/rw/backup.conf', profile(backup.publicKey, '192.0.2.2'));
    const reused = (uri: string) => validateInWorkspace(ws, ws.get(uri)!).filter((p) => p.rule === 'reused-address').map((p) => p.message.split(':')[0]);
    assert.deepEqual(reused('file:///w/srv1/wg0.conf'), []);
    // One profile listing both servers: now the client sees two peers with one address.
    ws.setText('file:///w/rw/primary.conf', profile(primary.publicKey, '192.0.2.1') + `\n[Peer]\nPublicKey = ${backup.publicKey}\nAllowedIPs = 10.20.0.1/32\nEndpoint = 192.0.2.2:51820\n`);
    assert.deepEqual(reused('file:///w/srv1/wg0.conf'), ['10.20.0.1 is also the Address of srv2/wg0.conf']);
  });
  it("two Cloudflare WARP profiles (every account gets 172.16.0.2; the service tells them apart by key): silent, unlike another server's clients", () => {
    const profile = (priv: string, server: string) =>
      `[Interface]\nPrivateKey = ${priv}\nAddress = 172.16.0.2/32\nAddress = 2606:4700:110:8a36::/128\nDNS = 1.1.1.1\nMTU = 1280\n\n[Peer]\nPublicKey = ${server}\nAllowedIPs = 0.0.0.0/0\nAllowedIPs = ::/0\nEndpoint = engage.cloudflareclient.com:2408\n`;
    const warp = 'bmXOC+F1FxEMF9dyiK2H5/1SUtzH0JuVo51h2wPfgyo=';
    assert.deepEqual(reuse(profile(PRIV, warp), { 'laptop/wgcf-profile.conf': profile(BRAVO_PRIV, warp) }), []);
    // The same two files with any other server key: two clients of one server with one address.
    const other = generateKeyPair().publicKey;
    assert.deepEqual(reuse(profile(PRIV, other), { 'laptop/wgcf-profile.conf': profile(BRAVO_PRIV, other) }), ['reused-address', 'reused-address']);
  });
  // Real-world review: Proton, NordLynx and Surfshark give every client one Address too (two devices'
  // downloads for one server got a reused-address warning each).
  it('two downloads for one server of a service that gives every client one Address (Proton, NordLynx, Surfshark): silent', () => {
    const server = generateKeyPair().publicKey;
    const profile = (priv: string, address: string, dns: string) =>
      `[Interface]\n# Key for laptop\nPrivateKey = ${priv}\nAddress = ${address}\nDNS = ${dns}\n\n[Peer]\n# CH#12\nPublicKey = ${server}\nAllowedIPs = 0.0.0.0/0\nEndpoint = 185.159.157.12:51820\n`;
    for (const [address, dns] of [['10.2.0.2/32', '10.2.0.1'], ['10.5.0.2/32', '103.86.96.100, 103.86.99.100'], ['10.14.0.2/16', '162.252.172.57, 149.154.159.92']] as const) {
      assert.deepEqual(reuse(profile(PRIV, address, dns), { 'phone-CH-12.conf': profile(BRAVO_PRIV, address, dns) }), [], address);
    }
    // The same Address with another DNS (a hub of one's own numbering alike): two clients of one server.
    assert.deepEqual(reuse(profile(PRIV, '10.2.0.2/32', '10.2.0.53'), { 'phone.conf': profile(BRAVO_PRIV, '10.2.0.2/32', '10.2.0.53') }), ['reused-address']);
    // Two services' fingerprints are no one service.
    assert.deepEqual(reuse(profile(PRIV, '10.2.0.2/32', '10.2.0.1'), { 'phone.conf': profile(BRAVO_PRIV, '10.2.0.2/32', '103.86.96.100') }), ['reused-address']);
  });
  it('one Address in two unrelated networks (two wg-easy installs number their clients alike): silent', () => {
    const client = (priv: string, hub: string) => `[Interface]\nPrivateKey = ${priv}\nAddress = 10.8.0.2/24\n\n[Peer]\nPublicKey = ${hub}\nAllowedIPs = 0.0.0.0/0\n`;
    const [home, office] = [generateKeyPair().publicKey, generateKeyPair().publicKey];
    assert.deepEqual(reuse(client(PRIV, home), { 'office-client.conf': client(BRAVO_PRIV, office) }), []);
  });
});

describe('endpoint-port-mismatch: only where this side must dial', () => {
  const mismatch = (endpoint: string, bravoPeer: string, extra = '') =>
    inWorkspace(iface() + peer(`AllowedIPs = 10.0.0.2/32\nEndpoint = ${endpoint}\n`), { 'bravo.conf': bravo(bravoPeer, extra) }, '\n').filter((p) => p.rule === 'endpoint-port-mismatch');
  it('silent: the other end dials this side on its own (keepalive): the port here is the one its NAT mapped, learned', () => {
    assert.deepEqual(mismatch('198.51.100.23:39814', 'AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n'), []);
  });
  it('the other end has an Endpoint here but no keepalive: it sends only with traffic, so this side dials too', () => {
    assert.equal(mismatch('192.0.2.2:51821', 'AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\n').length, 1);
  });
  // From a review of the cross-file fixes: with a blank or a NUL inside the value (wg drops the blank, stops
  // at the NUL) the range is the whole value, and the fix wrote the port alone there, dropping the host.
  for (const [written, fixed] of [
    ['192.0.2.2:51821', '192.0.2.2:51820'],
    ['vpn.example.com: 51821', 'vpn.example.com:51820'],
    ['vpn.example.com :51821', 'vpn.example.com:51820'],
    ['[fd00::2]: 51821', '[fd00::2]:51820'],
  ]) {
    it(`Change the port: ${JSON.stringify(written)} → ${JSON.stringify(fixed)}, the host kept`, () => {
      const text = iface() + peer(`AllowedIPs = 10.0.0.2/32\nEndpoint = ${written}\n`);
      const [p] = mismatch(written, 'AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\n');
      const fix = p!.fixes!.find((f) => f.title === 'Change the port to 51820')!;
      const out = applyTextEdits(text, fix.edits);
      assert.ok(out.includes(`\nEndpoint = ${fixed}\n`), out);
      assert.deepEqual(mismatch(fixed, 'AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\n'), []);
    });
  }
  it('silent: learned port of an end without ListenPort that dials this side', () => {
    const laptop = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.2/24\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 0.0.0.0/0\nEndpoint = vpn.example.com:51820\nPersistentKeepalive = 25\n`;
    const text = iface('SaveConfig = true\n') + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 198.51.100.23:39814\n');
    assert.deepEqual(inWorkspace(text, { 'laptop.conf': laptop }, '\n').filter((p) => p.rule === 'endpoint-port-mismatch'), []);
  });
  it('silent: the other end is a full-tunnel client (it sends whatever its host sends: it dials at once)', () => {
    assert.deepEqual(mismatch('198.51.100.23:39814', 'AllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = 192.0.2.1:51820\n'), []);
    assert.equal(mismatch('198.51.100.23:39814', 'AllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = 192.0.2.1:51820\n', 'Table = off\n').length, 1, 'Table = off there: it routes nothing');
  });
  it('silent in a file wg-quick writes itself (SaveConfig = true: learned endpoints); the kept results follow SaveConfig', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/bravo.conf', bravo('AllowedIPs = 10.0.0.1/32\n'));
    const text = (save: string) => iface(save) + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 198.51.100.23:39814\n');
    // Each version re-parsed from the last, as the server does: unchanged peers keep their models and results.
    let doc = parse(text(''));
    const count = (t: string) => {
      doc = reparse(doc, t);
      return validateInWorkspace(ws, ws.set('file:///ws/alpha.conf', doc)).filter((p) => p.rule === 'endpoint-port-mismatch').length;
    };
    assert.equal(count(text('')), 1);
    assert.equal(count(text('SaveConfig = true\n')), 0);
    assert.equal(count(text('SaveConfig = fals\n')), 1);
    assert.equal(count(text('SaveConfig = true\n')), 0, 'the per-peer results kept across versions are recomputed');
  });
  it('both ends dial the wrong port: neither excuses the other (cross-file review)', () => {
    // bravo dials alpha on 51821, alpha listens on 51820, and alpha dials bravo on 51821, bravo listens on
    // 51820: both keepalives reach nothing.
    const both = inWorkspace(iface() + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 192.0.2.2:51821\nPersistentKeepalive = 25\n'), { 'bravo.conf': bravo('AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51821\nPersistentKeepalive = 25\n') }, '\n');
    assert.equal(both.filter((p) => p.rule === 'endpoint-port-mismatch').length, 1);
    // Neither end listens on a fixed port: each dials a random one.
    const text = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\n` + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 192.0.2.2:51820\nPersistentKeepalive = 25\n');
    const other = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.2/24\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n`;
    assert.match(inWorkspace(text, { 'bravo.conf': other }, '\n').find((p) => p.rule === 'endpoint-port-mismatch')?.message ?? '', /^bravo\.conf has no ListenPort/);
  });
  it('silent on a server whose client dials a forwarded port with keepalive (NAT): only both ends dialing must land (diff review)', () => {
    // bravo (no ListenPort) dials alpha's public port 443, forwarded to 51820; alpha holds the NAT-mapped port it learned.
    const client = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.2/24\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 10.0.0.0/24\nEndpoint = home.example.net:443\nPersistentKeepalive = 25\n`;
    const server = iface() + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 198.51.100.7:38211\n');
    assert.deepEqual(inWorkspace(server, { 'bravo.conf': client }, '\n').filter((p) => p.rule === 'endpoint-port-mismatch'), []);
  });
  it('the kept results follow this side\'s Table: with Table = off a full tunnel here dials nothing on its own', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/bravo.conf', bravo('AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51821\nPersistentKeepalive = 25\n'));
    const text = (table: string) => iface(table) + peer('AllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.2:51822\n');
    // (One line changed in place: the peers below keep their models, so only the kept results can be stale.)
    let doc = parse(text('Table = auto\n'));
    const count = (table: string) => {
      doc = reparse(doc, text(table));
      return validateInWorkspace(ws, ws.set('file:///ws/alpha.conf', doc)).filter((p) => p.rule === 'endpoint-port-mismatch').length;
    };
    assert.equal(count('Table = auto\n'), 1, 'both ends dial, neither lands');
    assert.equal(count('Table = off\n'), 0, 'only bravo dials: its dial excuses this Endpoint');
    assert.equal(count('Table = auto\n'), 1);
  });
  it('the kept results follow this side\'s ListenPort (the other end\'s dial lands or not)', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/bravo.conf', bravo('AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n'));
    const text = (port: number) => `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\nListenPort = ${port}\n` + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 192.0.2.2:51821\nPersistentKeepalive = 25\n');
    let doc = parse(text(51820));
    const count = (port: number) => {
      doc = reparse(doc, text(port));
      return validateInWorkspace(ws, ws.set('file:///ws/alpha.conf', doc)).filter((p) => p.rule === 'endpoint-port-mismatch').length;
    };
    assert.equal(count(51820), 0);
    assert.equal(count(51822), 1);
    assert.equal(count(51820), 0);
  });
  it('only this side dials: a port forward is named as the one way the port can differ', () => {
    const [p] = mismatch('192.0.2.2:51821', 'AllowedIPs = 10.0.0.1/32\n');
    assert.match(p!.message, /^Port 51821 is not bravo\.conf's ListenPort \(51820\): unless a port forward maps it there \(then keep it, and ignore this finding on the line\), the handshake never arrives\.$/);
  });
});

describe('ipv6-leak: where IPv6 cannot leak', () => {
  const client = (extra = '', allowed = '0.0.0.0/0', peers = 1) =>
    `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.2.0.2/32\nDNS = 10.2.0.1\n${extra}` +
    Array.from({ length: peers }, (_, i) => `\n[Peer]\nPublicKey = ${i ? PUB2 : PUB}\nAllowedIPs = ${i ? '10.9.0.0/16' : allowed}\nEndpoint = 192.0.2.${i + 1}:51820\n`).join('');
  const leak = (text: string, target: Target = 'wg-quick') => validate(parse(text), { target }).filter((p) => p.rule === 'ipv6-leak').map((p) => p.severity);
  it("silent on Windows with its kill-switch on (one peer, 0.0.0.0/0): it blocks IPv6 too (heuristics review)", () => {
    assert.deepEqual(leak(client(), 'windows'), []);
    // Without the kill-switch: two peers, the /1 halves, or Table = off.
    assert.deepEqual(leak(client('', '0.0.0.0/0', 2), 'windows'), ['warning']);
    assert.deepEqual(leak(client('', '0.0.0.0/1, 128.0.0.0/1'), 'windows'), ['warning']);
    assert.deepEqual(leak(client()), ['warning']);
  });
  it('an IPv4-only config is told that ::/0 blocks IPv6 rather than tunnel it; a dual-stack one is not (real-world review)', () => {
    const message = (text: string) => validate(parse(text)).find((p) => p.rule === 'ipv6-leak')!.message;
    assert.match(message(client()), /bypasses the VPN\. With no IPv6 Address here, ::\/0 blocks it \(IPv6 goes into the tunnel and is dropped\): no leak, and no IPv6 either\.$/);
    assert.match(message(client().replace('Address = 10.2.0.2/32', 'Address = 10.2.0.2/32, fd00::2/128')), /bypasses the VPN\.$/);
  });
  // Real-world configs review: every IPv4-only provider export was warned for the android target.
  it('silent on Android with one peer routing a /0 and no IPv6 at all: the app lets no family bypass, Android blocks IPv6', () => {
    assert.deepEqual(leak(client(), 'android'), []);
    // Two peers (the app lets each family bypass then), or an IPv6 Address (IPv6 is the tunnel's, and what
    // it does not route leaves outside), or the /1 halves (no /0): the leak is real.
    assert.deepEqual(leak(client('', '0.0.0.0/0', 2), 'android'), ['warning']);
    assert.deepEqual(leak(client().replace('Address = 10.2.0.2/32', 'Address = 10.2.0.2/32, fd00::2/128'), 'android'), ['warning']);
    assert.deepEqual(leak(client('', '0.0.0.0/1, 128.0.0.0/1'), 'android'), ['warning']);
    // An IPv6 DNS server makes IPv6 the tunnel's too (AOSP blocks a family with no address, route or DNS
    // server; diff review): the rest of IPv6 then leaves outside.
    assert.deepEqual(leak(client().replace('DNS = 10.2.0.1', 'DNS = 10.2.0.1, 2606:4700:4700::1111'), 'android'), ['warning']);
    assert.deepEqual(leak(client(), 'apple'), ['warning']);
  });
  it('full-tunnel-without-dns on Windows with the kill-switch: lookups to a LAN resolver are blocked, not leaked', () => {
    const text = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.2.0.2/32\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n`;
    const said = (target: Target) => validate(parse(text), { target }).find((p) => p.rule === 'full-tunnel-without-dns')!.message;
    assert.match(said('windows'), /the kill-switch blocks it, so lookups fail/);
    assert.match(said('wg-quick'), /every lookup leaks/);
  });
  it('a DNS item is a server to the hover exactly when full-tunnel-without-dns counts it as one, per target (review: fe80::1%eth0 on Windows)', async () => {
    for (const target of ['wg-quick', 'amneziawg', 'windows', 'android', 'apple'] as const) {
      for (const item of ['10.0.0.53', 'fd00::53', '1.1.1', 'fe80::1%eth0', 'home.arpa', '::1', '1.1.1.1 8.8.8.8', 'fe80::1%eth0 1.1.1.1']) {
        const text = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.2.0.2/32, fd00::2/128\nDNS = ${item}\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = 192.0.2.1:51820\n`;
        const h = await hover(parse(text), { line: 3, character: 7 }, { target });
        const server = /^\*\*DNS server\*\*/.test(h!.contents.value);
        const leaks = validate(parse(text), { target }).some((p) => p.rule === 'full-tunnel-without-dns');
        assert.equal(server, !leaks, `${target} DNS = ${item}: hover ${h!.contents.value.slice(0, 40)}, full-tunnel-without-dns ${leaks}`);
      }
    }
    // The case that disagreed: Windows takes a zoned IPv6 address for a server, Apple for a search domain.
    const zoned = (target: Target) => validate(parse(`[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.2.0.2/32\nDNS = fe80::1%eth0\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n`), { target }).some((p) => p.rule === 'full-tunnel-without-dns');
    assert.equal(zoned('windows'), false);
    assert.equal(zoned('apple'), true);
  });
  it('a hint where a hook turns IPv6 off or rejects it outside the tunnel', () => {
    assert.deepEqual(leak(client('PostUp = sysctl -w net.ipv6.conf.all.disable_ipv6=1\n')), ['hint']);
    const p = validate(parse(client('PostUp = iptables -I OUTPUT ! -o %i -j REJECT && ip6tables -I OUTPUT ! -o %i -j REJECT\n'))).find((x) => x.rule === 'ipv6-leak')!;
    assert.equal(p.severity, 'hint');
    assert.match(p.message, /A hook here seems to turn IPv6 off or reject it outside the tunnel \(ip6tables … OUTPUT … -j REJECT\)/);
    assert.deepEqual(leak(client('PostUp = ip6tables -A FORWARD -i %i -j ACCEPT\n')), ['warning']);
    // Hooks that block nothing outside the tunnel, or that never run (second diff review): still a warning.
    assert.deepEqual(leak(client('PostUp = sysctl -w net.ipv6.conf.%i.disable_ipv6=1\n')), ['warning']);
    assert.deepEqual(leak(client('PostUp = ip6tables -A FORWARD -i %i -j DROP\n')), ['warning']);
    assert.deepEqual(leak(client('PostUp = ip6tables -D OUTPUT ! -o %i -j REJECT || true\n')), ['warning']);
    assert.deepEqual(leak(client('PostUp = sysctl -w net.ipv6.conf.all.disable_ipv6=1\n', '0.0.0.0/0', 2), 'windows'), ['warning']);
    // `default` is for interfaces made later; a rule for the tunnel or for one port blocks nothing else (third diff review).
    assert.deepEqual(leak(client('PostUp = sysctl -w net.ipv6.conf.default.disable_ipv6=1\n')), ['warning']);
    assert.deepEqual(leak(client('PostUp = ip6tables -A OUTPUT -o %i -j DROP\n')), ['warning']);
    assert.deepEqual(leak(client('PostUp = ip6tables -A OUTPUT -p tcp --dport 25 -j REJECT\n')), ['warning']);
    // Kill-switch recipes: ACCEPT into the tunnel then drop the rest; drop on the uplink (final review).
    assert.deepEqual(leak(client('PostUp = ip6tables -I OUTPUT -o %i -j ACCEPT; ip6tables -A OUTPUT -o lo -j ACCEPT; ip6tables -A OUTPUT -j DROP\n')), ['hint']);
    assert.deepEqual(leak(client('PostUp = ip6tables -I OUTPUT -o eth0 -j DROP\n')), ['hint']);
    assert.deepEqual(leak(client('PostUp = sudo ip6tables -I OUTPUT ! -o %i -j REJECT\n')), ['hint']);
    // One port, one address, loopback or another tunnel: IPv6 still leaks (last review).
    for (const rule of ['-I OUTPUT -o eth0 -p tcp --dport 25 -j DROP', '-I OUTPUT -o eth0 -d 2001:db8::1 -j REJECT', '-A OUTPUT -o lo -j DROP', '-A OUTPUT -o wg1 -j DROP', '-A OUTPUT -s fd00::/8 -j DROP']) {
      assert.deepEqual(leak(client(`PostUp = ip6tables ${rule}\n`)), ['warning'], rule);
    }
  });
});

describe('table-off-default-route', () => {
  it('silent when a PreUp/PostUp routes or adds rules itself (policy routing; heuristics review)', () => {
    const text = (hook: string) => iface(`Table = off\n${hook}`) + peer('AllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n');
    const found = (hook: string) => validate(parse(text(hook))).filter((p) => p.rule === 'table-off-default-route').length;
    assert.equal(found(''), 1);
    assert.equal(found('PostUp = ip -4 route add 0.0.0.0/0 dev %i table 200; ip -4 rule add from 192.168.10.0/24 lookup 200\n'), 0);
    assert.equal(found('PostUp = ip rule add fwmark 1 table 200\n'), 0);
    assert.equal(found('PostUp = iptables -A FORWARD -i %i -j ACCEPT\n'), 1);
    // Not adding into the tunnel (second diff review): a show, a delete, a LAN route via the uplink.
    assert.equal(found('PostUp = ip route show table main\n'), 1);
    assert.equal(found('PreUp = ip rule del priority 100 || true\n'), 1);
    assert.equal(found('PostUp = ip route add 192.168.5.0/24 via 192.168.1.1 dev eth0\n'), 1);
    assert.equal(found('PostUp = ip route add 0.0.0.0/0 dev %i\n'), 0);
    // Commands as bash reads them; the main table is no table of its own; ip's options with an argument (third diff review).
    assert.equal(found('PostUp = echo "ip rule add from 1.2.3.4 table 5"\n'), 1);
    assert.equal(found('PostUp = ip route add 192.168.5.0/24 via 192.168.1.1 dev eth0 table main\n'), 1);
    assert.equal(found('PostUp = ip -f inet route add 0.0.0.0/0 dev %i table 200\n'), 0);
  });
  it('on Windows a hook with ip commands routes nothing (they run in cmd)', () => {
    const text = iface('Table = off\nPostUp = ip route add 0.0.0.0/0 dev %i table 200\n') + peer('AllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n');
    assert.equal(validate(parse(text), { target: 'windows' }).filter((p) => p.rule === 'table-off-default-route').length, 1);
  });
});

describe('invalid-amneziawg-value: as awg reads the keys (AmneziaWG review)', () => {
  const found = (lines: string) =>
    validate(parse(`[Interface]\nPrivateKey = ${PRIV}\n${lines}`), { target: 'amneziawg' })
      .filter((p) => p.rule === 'invalid-amneziawg-value')
      .map((p) => p.message.split(':')[0]);
  it('a repeated key: the last line counts', () => {
    assert.deepEqual(found('Jmin = 100\nJmin = 10\nJmax = 50\n'), []);
    assert.deepEqual(found('Jmin = 10\nJmin = 100\nJmax = 50\n'), ['Jmin is larger than Jmax']);
    assert.deepEqual(found('H1 = 5\nH1 = 10\nH2 = 5\nH3 = 6\nH4 = 7\n'), []);
    const s = 'S2 = 20\nS3 = 20\nS4 = 20\n';
    assert.deepEqual(found(`HeaderProtectionKey = ${generatePresharedKey()}\nS1 = 5\nS1 = 20\n${s}`), []);
  });
  it('an H not written is its message type (1–4); a Jmax not written is 0', () => {
    assert.deepEqual(found('H1 = 2\n'), ['H1 overlaps H2 (not set']);
    assert.deepEqual(found('H1 = 1-1000\n'), ['H1 overlaps H2 (not set']);
    assert.deepEqual(found('H1 = 100\nH2 = 200\n'), []);
    // Against the range reaching furthest, not only the neighbour: H2 = 4-6 covers H4's 4 and H1's 5 (review).
    assert.deepEqual(found('H1 = 5\nH2 = 4-6\n'), ['H1 overlaps H2', 'H2 overlaps H4 (not set']);
    assert.deepEqual(found('Jc = 4\nJmin = 100\n'), ['Jmin is 100 but Jmax is not set (0)']);
    assert.deepEqual(found('Jmin = 100\n'), [], 'no junk packets (Jc not set): no size to wrap');
  });
});

describe('messages for amneziawg name awg and awg-quick (AmneziaWG review)', () => {
  it('key spacing, a second [Interface], an empty item, an unbracketed IPv6 endpoint, a port above 65535, key generation', () => {
    const text = `[Interface]\nPrivate Key = ${PRIV}\nListenPort = 70000\n[Interface]\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.1/32,,\nEndpoint = fd00::1:51820\nPresharedKey = abc\n`;
    const messages = validate(parse(text), { target: 'amneziawg' }).map((p) => p.message);
    assert.ok(messages.length >= 6, messages.join('\n'));
    for (const m of messages) assert.doesNotMatch(m, /\bwg(?:-quick)?\b(?! ?=)|the (?:Windows, Android and Apple )?apps|Apple/, m);
    assert.ok(messages.some((m) => m.includes('Generate one with "awg genpsk"')), messages.join('\n'));
  });
});

describe('mtu-too-low-for-ipv6', () => {
  it('prefers 1280, the least change (an MTU lowered on purpose; heuristics review)', () => {
    const p = validate(parse(iface('MTU = 1200\n').replace('10.0.0.1/24', '10.0.0.1/24, fd00::1/64'))).find((x) => x.rule === 'mtu-too-low-for-ipv6')!;
    assert.deepEqual(p.fixes!.map((f) => [f.title.split(' (')[0], !!f.preferred]), [['Set MTU to 1280', true], ['Set MTU to 1420', false], ['Set MTU to 1412', false]]);
  });
});

describe('mtu-too-high: 60 bytes over IPv4, 80 over IPv6', () => {
  const mtu = (value: number, endpoints: readonly string[]) =>
    validate(parse(iface(`MTU = ${value}\n`) + endpoints.map((ep, i) => peer(`AllowedIPs = 10.0.0.${i + 2}/32\nEndpoint = ${ep}\n`, i ? PUB2 : PUB)).join('')))
      .filter((p) => p.rule === 'mtu-too-high')
      .map((p) => [p.severity, p.message.match(/known to be (\d+)|only because every Endpoint/)?.[0]]);
  it('every endpoint an IPv4 address: information up to 1440, a warning above', () => {
    assert.deepEqual(mtu(1440, ['192.0.2.1:51820', '198.51.100.1:51820']), [['information', 'only because every Endpoint']]);
    assert.deepEqual(mtu(1441, ['192.0.2.1:51820']), [['warning', 'known to be 1501']]);
  });
  it('a host name, an IPv6 endpoint or a peer that dials in: a warning above 1420', () => {
    assert.deepEqual(mtu(1421, ['vpn.example.com:51820']), [['warning', 'known to be 1501']]);
    assert.deepEqual(mtu(1440, ['192.0.2.1:51820', '[2001:db8::1]:51820']), [['warning', 'known to be 1520']]);
    assert.deepEqual(validate(parse(iface('MTU = 1440\n') + peer('AllowedIPs = 10.0.0.2/32\n'))).filter((p) => p.rule === 'mtu-too-high').map((p) => p.severity), ['warning']);
  });
  it('silent at 1420', () => assert.deepEqual(mtu(1420, ['vpn.example.com:51820']), []));
  // Cross-file review: "1420, wg-quick's default" for every target; the Android app and iOS default to 1280.
  it('the information names no tool as the source of 1420', () => {
    for (const target of ['wg-quick', 'android', 'apple', 'windows'] as const) {
      const [p] = validate(parse(iface('MTU = 1430\n') + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 192.0.2.1:51820\n')), { target }).filter((x) => x.rule === 'mtu-too-high');
      assert.equal(p!.message, "MTU 1430 is above 1420, what fits a 1500-byte path with WireGuard's 80 bytes of overhead over IPv6: it fits here only because every Endpoint is an IPv4 address (60 bytes over IPv4). Use 1420 if an endpoint may move to IPv6.", target);
    }
  });
  it('each message gives both overheads and which one applies (real-world review: 1450 drew two explanations in two files)', () => {
    const said = (endpoint: string) => validate(parse(iface('MTU = 1450\n') + peer(`AllowedIPs = 10.0.0.2/32\nEndpoint = ${endpoint}\n`))).find((p) => p.rule === 'mtu-too-high')!.message;
    assert.match(said('192.0.2.1:51820'), /adds up to 60 bytes per packet over IPv4, where every Endpoint here is \(80 over IPv6\), so/);
    assert.match(said('vpn.example.com:51820'), /adds up to 80 bytes per packet \(80 over IPv6, 60 over IPv4: a peer here may use either\), so/);
  });
  it('a leading zero: invalid-mtu alone (ip reads 01500 as 832, the apps 1500; judging either contradicted it)', () => {
    for (const v of ['01500', '0700']) {
      const rules = validate(parse(iface(`MTU = ${v}\n`) + peer('AllowedIPs = 10.0.0.2/32, fd00::2/128\nEndpoint = vpn.example.com:51820\n'))).map((p) => p.rule);
      assert.ok(rules.includes('invalid-mtu') && !rules.includes('mtu-too-high') && !rules.includes('mtu-too-low-for-ipv6'), `${v}: ${rules}`);
    }
  });
  it('hex or a leading zero ip reads as no MTU: an error for wg-quick, never a fix to a number that is no MTU (differential fuzz)', () => {
    const mtu = (v: string, target?: ValidateOptions['target']) =>
      validate(parse(iface(`MTU = ${v}\n`)), target ? { target } : {})
        .filter((p) => p.rule === 'invalid-mtu')
        .map((p) => [p.severity, p.fixes?.map((f) => f.edits[0]!.newText).join(',')]);
    for (const v of ['09', '08', '00', '0103', '0200000', '0x43', '0x0', '0x10000']) assert.deepEqual(mtu(v), [['error', '1420,1412,1280']], v);
    // What ip reads as an MTU stays a warning, fixed to the decimal reading.
    assert.deepEqual(mtu('01420'), [['warning', '1420']]);
    assert.deepEqual(mtu('0x500'), [['warning', '1280']]);
    // The apps read decimal: 09 is 9 to them, below 68 (not a hint to write 9); 0x43 is rejected, fixed to a usable MTU.
    assert.deepEqual(mtu('09', 'android'), [['error', '1420,1412,1280']]);
    assert.deepEqual(mtu('0x43', 'windows'), [['error', '1420,1412,1280']]);
  });
});

describe('dns-not-routed: this host, its subnet, or outside', () => {
  const dns = (address: string, servers: string) =>
    validate(parse(`[Interface]\nPrivateKey = ${PRIV}\nAddress = ${address}\nDNS = ${servers}\n` + peer('AllowedIPs = 192.168.9.0/24\n')))
      .filter((p) => p.rule === 'dns-not-routed')
      .map((p) => [p.range.start.character, /in this interface's subnet/.test(p.message) ? 'subnet' : /outside every peer/.test(p.message) ? 'outside' : p.message]);
  it('this host itself (a hub running its resolver) needs no peer, in either family and written with host bits', () => {
    assert.deepEqual(dns('10.0.0.1/24, fd00::1/64', '10.0.0.1, fd00::1'), []);
  });
  it('another address of its subnet: dropped, said so; past the subnet: outside the tunnel', () => {
    assert.deepEqual(dns('10.0.0.1/24, fd00::1/64', '10.0.0.53, fd00::53, 10.0.1.53, fd01::53'), [
      [6, 'subnet'],
      [17, 'subnet'],
      [27, 'outside'],
      [38, 'outside'],
    ]);
  });
  it('an IPv4-mapped resolver is judged by the IPv4 address it holds', () => {
    assert.deepEqual(dns('10.0.0.1/32', '::ffff:10.0.0.53, ::ffff:1.1.1.1'), [[6, 'outside']]);
  });
  it('a public resolver outside a split tunnel is reached directly, as meant: silent; a private one is not', () => {
    assert.deepEqual(dns('10.0.0.1/32', '1.1.1.1, 2606:4700:4700::1111, 9.9.9.9'), []);
    assert.deepEqual(dns('10.0.0.1/32', '192.168.1.1, 172.16.0.53, 100.64.0.1, fd12::53'), [[6, 'outside'], [19, 'outside'], [32, 'outside'], [44, 'outside']]);
  });
  it('subnets of several lengths and families, each looked up by its own prefix', () => {
    assert.deepEqual(dns('10.0.0.1/32, 10.8.0.1/16, fd00::1/128', '10.8.200.1, 10.0.0.2, fd00::2'), [
      [6, 'subnet'],
      [18, 'outside'],
      [28, 'outside'],
    ]);
  });
});

describe('what the real tools do, as the differential review ran them (wg-quick up, wg setconf)', () => {
  const rules = (text: string, options?: ValidateOptions) => validate(parse(text), options).map((p) => `${p.severity} ${p.rule}`);
  const errors = (text: string, options?: ValidateOptions) => validate(parse(text), options).filter((p) => p.severity === 'error').map((p) => p.rule);
  const withPeer = (ifaceLines: string, peerLines: string) => `[Interface]\nPrivateKey = ${PRIV}\n${ifaceLines}\n[Peer]\nPublicKey = ${PUB}\n${peerLines}`;
  it('Table = unspec is table 0 in iproute2\'s rt_tables: no error, and the main table for the default-route rule', () => {
    assert.deepEqual(errors(withPeer('Address = 10.0.0.2/32\nTable = unspec\n', 'AllowedIPs = 10.9.0.0/24\n')), []);
    assert.ok(rules(withPeer('Address = 10.0.0.2/32\nTable = unspec\n', 'AllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n')).includes('warning table-main-default-route'));
  });
  it('a host name in brackets is resolved by wg: a warning for wg-quick with the fix, an error for Windows and Android', () => {
    const text = withPeer('Address = 10.0.0.2/32\n', 'AllowedIPs = 10.0.0.1/32\nEndpoint = [localhost]:51820\n');
    const [p] = validate(parse(text)).filter((x) => x.rule === 'endpoint-host');
    assert.equal(p!.severity, 'warning');
    assert.deepEqual(p!.fixes!.map((f) => f.edits[0]!.newText), ['localhost:51820']);
    for (const target of ['windows', 'android'] as const) assert.ok(errors(text, { target }).includes('endpoint-host'), target);
  });
  it('a scope on an IPv6 endpoint that is not link-local fails getaddrinfo: an error on the scope, with the fix', () => {
    const bad = validate(parse(withPeer('Address = 10.0.0.2/32\n', 'AllowedIPs = 10.0.0.1/32\nEndpoint = [fd00::1%lo]:51820\n'))).find((x) => x.rule === 'invalid-endpoint')!;
    assert.equal(bad.severity, 'error');
    assert.deepEqual([bad.range.start.character, bad.range.end.character], [19, 22]);
    assert.deepEqual(bad.fixes!.map((f) => f.edits[0]!.newText), ['[fd00::1]:51820']);
    assert.deepEqual(errors(withPeer('Address = 10.0.0.2/32\n', 'AllowedIPs = 10.0.0.1/32\nEndpoint = [fe80::1%lo]:51820\n')), []);
  });
  it('ports getaddrinfo reads as a negative int (low 32 bits from 2^31, or past 2^64) are errors; 4294967296 is port 0', () => {
    for (const port of ['2147483648', '4294967295', '18446744073709551616']) {
      assert.ok(errors(`[Interface]\nPrivateKey = ${PRIV}\nListenPort = ${port}\n`).includes('invalid-port'), port);
      assert.ok(errors(withPeer('', `AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:${port}\n`)).includes('invalid-endpoint'), port);
    }
    const wrapped = validate(parse(`[Interface]\nPrivateKey = ${PRIV}\nListenPort = 4294967296\n`)).find((x) => x.rule === 'non-portable-port')!;
    assert.equal(wrapped.severity, 'warning');
    assert.match(wrapped.message, /the system uses 0/);
    assert.deepEqual(errors(`[Interface]\nPrivateKey = ${PRIV}\nListenPort = 2147483647\n`), []);
  });
  it('IPv6 Addresses the kernel refuses: unspecified, loopback, multicast', () => {
    for (const a of ['::/0', '::/128', '::1/128', '::0.0.0.1/128', 'ff02::1/128', 'ff00::/8']) {
      assert.deepEqual(errors(`[Interface]\nPrivateKey = ${PRIV}\nAddress = ${a}\n`), ['invalid-address'], a);
    }
    assert.deepEqual(errors(`[Interface]\nPrivateKey = ${PRIV}\nAddress = fd00::1/64\n`), []);
  });
  it('one IPv6 address with two prefixes, and an IPv4 address ip reads twice, fail the second "ip address add"', () => {
    const dup = (a: string) => validate(parse(`[Interface]\nPrivateKey = ${PRIV}\nAddress = ${a}\n`)).filter((x) => x.rule === 'invalid-address' && /listed twice/.test(x.message)).map((x) => [x.severity, x.range.start.character]);
    assert.deepEqual(dup('fd00::1/64, fd00::1/48'), [['error', 22]]);
    assert.deepEqual(dup('10.0.0.1/24, 10.0.0.01/24'), [['error', 23]]);
    assert.deepEqual(dup('10.0.0.1/24, 10.0.0.1/16'), []);
    assert.deepEqual(dup('fd00::1/64, fd00::2/64'), []);
  });
  it('table-route-exists: the main table with the Address subnet (host bits too), the local table with the address; not another table, not IPv6', () => {
    const at = (ifaceLines: string, allowed: string) => validate(parse(withPeer(ifaceLines, `AllowedIPs = ${allowed}\n`))).filter((x) => x.rule === 'table-route-exists').map((x) => x.range.start.character);
    assert.deepEqual(at('Address = 10.0.0.2/24\nTable = main\n', '10.0.0.7/24, 192.168.1.0/24'), [13]);
    assert.deepEqual(at('Address = 10.0.0.2/24\nTable = 254\n', '192.168.1.0/24, 10.0.0.0/24'), [29]);
    assert.deepEqual(at('Address = 10.0.0.2/24\nTable = local\n', '10.0.0.2/32'), [13]);
    assert.deepEqual(at('Address = 10.0.0.2/24\nTable = 1234\n', '10.0.0.0/24'), []);
    assert.deepEqual(at('Address = 10.0.0.2/24\n', '10.0.0.0/24'), []);
    assert.deepEqual(at('Address = 10.0.0.2/32\nTable = main\n', '10.0.0.2/32'), []);
    assert.deepEqual(at('Address = fd00::2/64\nTable = main\n', 'fd00::/64'), []);
    const [p] = validate(parse(withPeer('Address = 10.0.0.2/24\nTable = main\n', 'AllowedIPs = 10.0.0.0/24\n'))).filter((x) => x.rule === 'table-route-exists');
    assert.deepEqual(p!.fixes!.map((f) => [f.title, f.edits[0]!.newText]), [['Change Table to auto', 'auto']]);
    assert.deepEqual(validate(parse(withPeer('Address = 10.0.0.2/24\nTable = main\n', 'AllowedIPs = 10.0.0.0/24\n')), { target: 'wg' }).filter((x) => x.rule === 'table-route-exists'), []);
  });
  it('NUL bytes at the end of a line go with the blanks (wg stops at the first, bash drops them): no error', () => {
    for (const [name, text] of [
      ['a line of NULs', `[Interface]\nPrivateKey = ${PRIV}\n\0\0\n`],
      ['after an Address', `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\0\n`],
      ['after AllowedIPs, with a blank', withPeer('', 'AllowedIPs = 10.0.0.2/32\0 \0\n')],
      ['after a header', `[Interface]\0\nPrivateKey = ${PRIV}\n`],
    ] as const) {
      assert.deepEqual(errors(text), [], name);
      assert.deepEqual(errors(text.replace(/\n/g, '\r\n')), [], `${name} (CRLF)`);
    }
  });
  it('a lone CR after a blank piece of a line joins nothing: no cr-line-ending (diff review)', () => {
    const cr = (text: string) => validate(parse(text)).filter((x) => x.rule === 'cr-line-ending').map((x) => x.range.start.line);
    assert.deepEqual(cr(`[Interface]\nPrivateKey = ${PRIV}\n\rAddress = 10.0.0.1/24\n`), []);
    assert.deepEqual(cr(`[Interface]\nPrivateKey = ${PRIV}\n \r\r[Peer]\nPublicKey = ${PUB}\n`), []);
    assert.deepEqual(cr(`[Interface]\nPrivateKey = ${PRIV}\r \rAddress = 10.0.0.1/24\n`), [1]);
  });
  it('Endpoint scopes as glibc reads them: a number goes with any address, a name with link-local ones only, none at all fails (diff review, wg setconf)', () => {
    const scope = (host: string) => validate(parse(withPeer('', `AllowedIPs = 10.0.0.1/32\nEndpoint = [${host}]:51820\n`))).filter((x) => x.rule === 'invalid-endpoint').map((x) => x.severity);
    assert.deepEqual(scope('2001:db8::1%1'), []);
    assert.deepEqual(scope('ff02::1%lo'), []);
    assert.deepEqual(scope('fe80::1%lo'), []);
    assert.deepEqual(scope('fd00::1%lo'), ['error']);
    assert.deepEqual(scope('fe80::1%'), ['error']);
    assert.match(validate(parse(withPeer('', 'AllowedIPs = 10.0.0.1/32\nEndpoint = [::1%]:51820\n'))).find((x) => x.rule === 'invalid-endpoint')!.message, /an empty scope/);
  });
  it('negative ports as strtoul reads them: -1 fails, -4294967295 is port 1 (wg setconf)', () => {
    assert.ok(errors(`[Interface]\nPrivateKey = ${PRIV}\nListenPort = -1\n`).includes('invalid-port'));
    const one = validate(parse(`[Interface]\nPrivateKey = ${PRIV}\nListenPort = -4294967295\n`)).filter((x) => x.rule === 'non-portable-port' || x.rule === 'invalid-port');
    assert.deepEqual(one.map((x) => [x.rule, x.severity]), [['non-portable-port', 'warning']]);
    assert.match(one[0]!.message, /a negative number \(the system uses 1\)/);
    assert.deepEqual(errors(withPeer('', 'AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:-4294967296\n')), []);
  });
  it('an octal prefix counts as ip reads it for duplicates: /024 is /20 (diff review)', () => {
    const dup = (a: string) => validate(parse(`[Interface]\nPrivateKey = ${PRIV}\nAddress = ${a}\n`)).filter((x) => x.rule === 'invalid-address' && /listed twice/.test(x.message)).map((x) => x.range.start.character);
    assert.deepEqual(dup('10.0.0.1/024, 10.0.0.1/24'), []);
    assert.deepEqual(dup('10.0.0.1/024, 10.0.0.1/20'), [24]);
  });
  it('a lone CR with only blanks or a comment after it up to the next LF is a blank to wg: no cr-line-ending; one joining text is', () => {
    const cr = (text: string) => validate(parse(text)).filter((x) => x.rule === 'cr-line-ending').map((x) => x.range.start.line);
    assert.deepEqual(cr(`[Interface]\nPrivateKey = ${PRIV}\r`), []);
    assert.deepEqual(cr(`[Interface]\r\nPrivateKey = ${PRIV}\r`), []);
    assert.deepEqual(cr(`[Interface]\r \nPrivateKey = ${PRIV}\n`), []);
    assert.deepEqual(cr(`[Interface]\r# note\nPrivateKey = ${PRIV}\n`), []);
    assert.deepEqual(cr(`[Interface]\nPrivateKey = ${PRIV} # old\rjunk\n`), []);
    assert.deepEqual(cr(`[Interface]\rPrivateKey = ${PRIV}\n`), [0]);
    assert.deepEqual(cr(`[Interface]\nPrivateKey = ${PRIV}\r\r[Peer]\nPublicKey = ${PUB}\n`), [1]);
  });
  it('a lone CR after a comment makes the next entry or header part of the comment to wg: cr-line-ending, saying so (quick-fix review)', () => {
    const cr = (text: string) => validate(parse(text)).filter((x) => x.rule === 'cr-line-ending');
    // What a fix once wrote into a CR CR LF hub: to wg a [Peer] with no PublicKey.
    const hidden = cr(`[Interface]\nPrivateKey = ${PRIV}\n\n[Peer]\r# Name = s2\rPublicKey = ${PUB}\rAllowedIPs = 10.0.0.2/32\r\n`);
    assert.deepEqual(hidden.map((x) => [x.range.start.line, x.severity]), [[4, 'error']]);
    assert.match(hidden[0]!.message, /after a comment: wg and wg-quick split lines on LF only, so the next line is part of the comment to them and ignored/);
    // A value's comment hiding the next line's key; a comment hiding the next section's header.
    assert.deepEqual(cr(`[Interface]\nPrivateKey = ${PRIV} # main\rListenPort = 51820\n`).map((x) => x.range.start.line), [1]);
    assert.deepEqual(cr(`# top\r[Interface]\nPrivateKey = ${PRIV}\n`).map((x) => x.range.start.line), [0]);
    assert.deepEqual(cr(`[Interface]\nPrivateKey = ${PRIV}\n# next\r[Peer]\nPublicKey = ${PUB}\n`).map((x) => x.range.start.line), [2]);
    // The apps split at CR: a hint there.
    assert.match(validate(parse(`[Interface]\nPrivateKey = ${PRIV} # main\rListenPort = 51820\n`), { target: 'android' }).find((x) => x.rule === 'cr-line-ending')!.message, /the Android app reads it as a line break, but wg, wg-quick and Windows split lines on LF only/);
    // A comment or junk after a comment changes nothing wg reads.
    assert.deepEqual(cr(`[Interface]\nPrivateKey = ${PRIV} # main\r# more\n`), []);
  });
});

describe('default-route-to-client: the client\'s full tunnel copied into the server\'s [Peer]', () => {
  const server = (peerLines: string, ifaceLines = 'ListenPort = 51820\n') => `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.8.0.1/24\n${ifaceLines}\n[Peer]\nPublicKey = ${PUB}\n${peerLines}`;
  const rules = (text: string, options?: ValidateOptions) => validate(parse(text), options).map((p) => p.rule).filter((r) => ['default-route-to-client', 'ipv6-leak', 'full-tunnel-without-dns'].includes(r));
  it('flagged on the /0 items, and the full-tunnel advice (add ::/0, add DNS) stays silent', () => {
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/0\n')), ['default-route-to-client']);
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/0, ::/0\n')), ['default-route-to-client', 'default-route-to-client']);
  });
  it('not for a client (the peer has an Endpoint), a side that does not listen, Table = off or a table of its own, or plain wg', () => {
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = 192.0.2.1:51820\n')), ['full-tunnel-without-dns']);
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/0, ::/0\n', '')), ['full-tunnel-without-dns']);
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/0, ::/0\n', 'ListenPort = 0\n')), ['full-tunnel-without-dns']);
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/0\n', 'ListenPort = 51820\nTable = off\n')), []);
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/0\n', 'ListenPort = 51820\nTable = 1234\n')), []);
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/0\n'), { target: 'wg' }), []);
  });
  it('the /1 halves too (the advice to add ::/0 and a DNS stays silent); Table = main is table-main-default-route\'s; a message for every target', () => {
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/1, 128.0.0.0/1\n')), ['default-route-to-client']);
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/0\n', 'ListenPort = 51820\nTable = main\n')), []);
    const [w] = validate(parse(server('AllowedIPs = 0.0.0.0/0\n')), { target: 'windows' }).filter((p) => p.rule === 'default-route-to-client');
    assert.match(w!.message, /Once the tunnel is up/);
    assert.doesNotMatch(w!.message, /wg-quick/);
  });
  it('the fix adds no route the [Peer] has already (removes the /0 when nothing is left to add)', () => {
    const client = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.8.0.2/32\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n`;
    const fixes = (allowed: string) => inWorkspace(server(`AllowedIPs = ${allowed}\n`), { 'laptop.conf': client }, '\n').filter((p) => p.rule === 'default-route-to-client').map((p) => p.fixes!.map((f) => [f.title, f.edits[0]!.newText]));
    assert.deepEqual(fixes('0.0.0.0/0, 10.8.0.2/32'), [[["Remove 0.0.0.0/0 (the other items route laptop.conf's IPv4 address already)", '']]]);
    assert.deepEqual(fixes('10.9.0.0/24, 0.0.0.0/0'), [[["Route laptop.conf's address 10.8.0.2/32 instead", '10.8.0.2/32']]]);
  });
  it('allowed-ips-both-ways: a loop needs routes on both ends; the /0 between a server and its client is default-route-to-client\'s', () => {
    const client = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.8.0.2/32\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n`;
    const both = (ifaceLines: string, options?: ValidateOptions) => inWorkspace(server('AllowedIPs = 0.0.0.0/0\n', ifaceLines), { 'laptop.conf': client }, '\n', options).filter((p) => p.rule === 'allowed-ips-both-ways' || p.rule === 'default-route-to-client').map((p) => p.rule);
    assert.deepEqual(both('ListenPort = 51820\n'), ['default-route-to-client']);
    // No routes on the server: no loop, and no host cut off.
    assert.deepEqual(both('ListenPort = 51820\nTable = off\n'), []);
    assert.deepEqual(both('ListenPort = 51820\n', { target: 'wg' }), []);
  });
  it('every /0 to a client, next to an exit peer of the server\'s own; the /1 halves with Table = main too', () => {
    const exit = `\n[Peer]\nPublicKey = ${PUB2}\nAllowedIPs = 0.0.0.0/0\nEndpoint = 198.51.100.9:51820\n`;
    const text = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.8.0.1/24\nListenPort = 51820\n${exit}\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 0.0.0.0/0\n`;
    assert.deepEqual(validate(parse(text)).filter((p) => p.rule === 'default-route-to-client').map((p) => p.range.start.line), [12]);
    assert.deepEqual(rules(server('AllowedIPs = 0.0.0.0/1, 128.0.0.0/1\n', 'ListenPort = 51820\nTable = main\n')), ['default-route-to-client']);
    // The halves split between two clients: no full tunnel to either.
    const split = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.8.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${PUB2}\nAllowedIPs = 0.0.0.0/1\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 128.0.0.0/1\n`;
    assert.deepEqual(validate(parse(split)).filter((p) => p.rule === 'default-route-to-client'), []);
  });
  it('the removal of a /0 alone on its line takes the line; a client without an Address gets no fix', () => {
    const client = (address: string) => `[Interface]\nPrivateKey = ${BRAVO_PRIV}\n${address}\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n`;
    const ps = (allowed: string, address: string) => inWorkspace(server(allowed), { 'laptop.conf': client(address) }, '\n').filter((p) => p.rule === 'default-route-to-client');
    const [removal] = ps('AllowedIPs = 10.8.0.2/32\nAllowedIPs = 0.0.0.0/0\n', 'Address = 10.8.0.2/32\n');
    assert.deepEqual(removal!.fixes!.map((f) => f.edits.map((e) => [e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText])), [[[8, 0, 9, 0, '']]]);
    assert.deepEqual(ps('AllowedIPs = 0.0.0.0/0\n', '').map((p) => p.fixes ?? []), [[]]);
    // A dangling comma leaves no neighbour: the line goes (not 'AllowedIPs = ').
    const [comma] = ps('AllowedIPs = 0.0.0.0/0,\nAllowedIPs = 10.8.0.2/32\n', 'Address = 10.8.0.2/32\n');
    assert.deepEqual(comma!.fixes!.map((f) => f.edits.map((e) => [e.range.start.line, e.range.end.line, e.newText])), [[[7, 8, '']]]);
    // ::/0 to a client with no IPv6 address: removed.
    const [v6] = ps('AllowedIPs = 10.8.0.2/32, ::/0\n', 'Address = 10.8.0.2/32\n');
    assert.deepEqual(v6!.fixes!.map((f) => f.title), ['Remove ::/0 (laptop.conf has no IPv6 address)']);
  });
  it("with the client's config in the workspace, the fix routes its own address instead", () => {
    const client = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.8.0.2/32, fd08::2/128\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = 192.0.2.1:51820\n`;
    const ps = inWorkspace(server('AllowedIPs = 0.0.0.0/0\n'), { 'laptop.conf': client }, '\n').filter((p) => p.rule === 'default-route-to-client');
    assert.deepEqual(ps.map((p) => p.fixes!.map((f) => [f.title, f.edits[0]!.newText, f.edits[0]!.range.start.line, f.edits[0]!.range.start.character])), [[["Route laptop.conf's addresses 10.8.0.2/32, fd08::2/128 instead", '10.8.0.2/32, fd08::2/128', 7, 13]]]);
  });
});

describe('counterpart-missing-peer with SaveConfig = true: peers added at runtime are written at down (false-positive review)', () => {
  it('information on both ends, saying so', () => {
    const server = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\nListenPort = 51820\nSaveConfig = true\n`;
    const ws = new WorkspaceModel();
    ws.setText('file:///w/server.conf', server);
    ws.setText('file:///w/bravo.conf', bravo('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n'));
    for (const uri of ['file:///w/server.conf', 'file:///w/bravo.conf']) {
      const ps = validateInWorkspace(ws, ws.get(uri)!).filter((p) => p.rule === 'counterpart-missing-peer');
      assert.deepEqual(ps.map((p) => p.severity), ['information'], uri);
      assert.match(ps[0]!.message, /SaveConfig = true: if (it|the peer) was added at runtime \(wg set\), wg-quick writes it (here|there) at the next down/, uri);
    }
  });
  // Diff review: the apps and plain wg have no SaveConfig (they reject the key): a peer missing there is
  // missing, a warning, not a note about peers added at runtime.
  it('a warning for a server checked for a target that reads no SaveConfig', () => {
    for (const target of ['windows', 'android', 'apple', 'wg'] as const) {
      const server = `# wgls-target ${target}\n[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\nListenPort = 51820\nSaveConfig = true\n`;
      const ws = new WorkspaceModel();
      ws.setText('file:///w/server.conf', server);
      ws.setText('file:///w/bravo.conf', bravo('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n'));
      for (const uri of ['file:///w/server.conf', 'file:///w/bravo.conf']) {
        const [p] = validateInWorkspace(ws, ws.get(uri)!).filter((x) => x.rule === 'counterpart-missing-peer');
        assert.equal(p!.severity, 'warning', `${target} ${uri}`);
        assert.doesNotMatch(p!.message, /SaveConfig/, `${target} ${uri}`);
      }
    }
  });
  // Cross-file review: "wg set" and "wg-quick" were written for AmneziaWG too. Each side names the tool of the
  // config that saves itself: the server's.
  it("names awg and awg-quick for the server's AmneziaWG target, from either end", () => {
    const server = `# wgls-target amneziawg\n[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\nListenPort = 51820\nSaveConfig = true\n`;
    const ws = new WorkspaceModel();
    ws.setText('file:///w/server.conf', server);
    ws.setText('file:///w/bravo.conf', bravo('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n'));
    for (const uri of ['file:///w/server.conf', 'file:///w/bravo.conf']) {
      const [p] = validateInWorkspace(ws, ws.get(uri)!).filter((x) => x.rule === 'counterpart-missing-peer');
      assert.match(p!.message, /added at runtime \(awg set\), awg-quick writes it (here|there) at the next down/, uri);
    }
  });
});

describe('gateway-without-forwarding', () => {
  const client = (allowed: string) => bravo(`AllowedIPs = ${allowed}\nEndpoint = 192.0.2.1:51820\n`);
  const found = (server: string, allowed = '0.0.0.0/0', options?: ValidateOptions) => inWorkspace(server, { 'bravo.conf': client(allowed) }, '\n', options).filter((p) => p.rule === 'gateway-without-forwarding').map((p) => p.message.split(' (')[0]);
  it('names the client; silent once a hook forwards or NATs (sysctl, MASQUERADE, nft, ufw…)', () => {
    assert.deepEqual(found(iface() + peer('AllowedIPs = 10.0.0.2/32\n')), ['bravo.conf sends all its traffic here']);
    for (const hook of ['PostUp = sysctl -w net.ipv4.ip_forward=1', 'PostUp = iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE', 'PreUp = nft -f /etc/nft-wg.conf', 'PostUp = ufw route allow in on %i', 'PostUp = /etc/wireguard/helper/add-nat-routing.sh', 'PostUp = bash nat.sh %i']) {
      assert.deepEqual(found(iface(`${hook}\n`) + peer('AllowedIPs = 10.0.0.2/32\n')), [], hook);
    }
  });
  it('a hook that reads a file is no forwarding; the example covers IPv6 when the clients send it here', () => {
    assert.equal(found(iface('PostUp = wg set %i private-key /etc/wireguard/key\n') + peer('AllowedIPs = 10.0.0.2/32\n')).length, 1);
    const v6 = inWorkspace(iface().replace('Address = 10.0.0.1/24', 'Address = 10.0.0.1/24, fd00::1/64') + peer('AllowedIPs = 10.0.0.2/32\n'), { 'bravo.conf': client('0.0.0.0/0, ::/0') }, '\n').find((p) => p.rule === 'gateway-without-forwarding')!;
    assert.match(v6.message, /sysctl -w net\.ipv4\.ip_forward=1 net\.ipv6\.conf\.all\.forwarding=1; iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE; ip6tables -t nat/);
  });
  it("not for a server's /0 to a client that dials it (default-route-to-client's mistake), nor a /0 the sender's Table does not route", () => {
    // bravo (the sender) listens and has no Endpoint for alpha: the server giving alpha its full tunnel.
    const server = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.2/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 0.0.0.0/0\n`;
    assert.deepEqual(inWorkspace(iface() + peer('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n'), { 'bravo.conf': server }, '\n').filter((p) => p.rule === 'gateway-without-forwarding'), []);
    const off = (table: string) => inWorkspace(iface() + peer('AllowedIPs = 10.0.0.2/32\n'), { 'bravo.conf': bravo('AllowedIPs = 0.0.0.0/0\nEndpoint = 192.0.2.1:51820\n', `Table = ${table}\n`) }, '\n').filter((p) => p.rule === 'gateway-without-forwarding');
    assert.deepEqual(off('off'), []);
    assert.deepEqual(off('1234'), []);
  });
  it('what counts as forwarding: turning it on, NAT or FORWARD rules, the firewall services, scripts; not opening the port, not turning it off', () => {
    const silent = (hook: string) => found(iface(`${hook}\n`) + peer('AllowedIPs = 10.0.0.2/32\n')).length === 0;
    for (const hook of ['PostUp = echo 1 > /proc/sys/net/ipv4/conf/all/forwarding', 'PostUp = sysctl -w net/ipv4/conf/all/forwarding=1', 'PostUp = systemctl restart nftables', 'PostUp = sysctl -p', 'PostUp = python3 /etc/wireguard/nat.py', 'PostUp = pfctl -ef /etc/pf.conf', 'PostUp = iptables -A FORWARD -i %i -j ACCEPT', 'PostUp = echo 1 | sudo tee /proc/sys/net/ipv4/ip_forward', 'PostUp = iptables-restore < /etc/iptables/rules.v4', 'PostUp = /usr/local/bin/wg-nat-up %i', 'PostUp = sysctl -q -p /etc/sysctl.d/99-wg.conf', 'PostUp = firewall-cmd --add-masquerade', 'PostUp = iptables -P FORWARD ACCEPT', 'PostUp = bash nat.sh %i', 'PostUp = nft add rule inet filter forward iifname %i accept']) {
      assert.ok(silent(hook), hook);
    }
    for (const hook of ['PostUp = /usr/bin/resolvectl dns %i 10.0.0.1', 'PostUp = sysctl -w net.ipv4.ip_forward=0', 'PostUp = iptables -A INPUT -p udp --dport 51820 -j ACCEPT', 'PostUp = ufw allow 51820/udp', 'PostUp = wg set %i peer x endpoint vpn.firma.pl:51820', 'PostUp = firewall-cmd --add-port=51820/udp', 'PostUp = nft add rule inet filter input udp dport 51820 accept', 'PostUp = iptables -A INPUT -m comment --comment "port forward" -p udp --dport 51820 -j ACCEPT', 'PostDown = echo 0 > /proc/sys/net/ipv4/ip_forward', 'PostUp = ping -c1 vpn.firma.pl', 'PostUp = nft list ruleset > /tmp/forward.txt']) {
      assert.ok(!silent(hook), hook);
    }
  });
  // Cross-file review: a site-to-site pair with no hooks got no finding; each gateway forwards the other's LAN.
  it('a LAN routed through this config: a site-to-site peer, a spoke for the LAN behind another; not a host route, nor the tunnel subnet', () => {
    const lan = (allowed: string, hooks = '') => inWorkspace(iface(hooks) + peer('AllowedIPs = 10.0.0.2/32, 192.168.2.0/24\n'), { 'bravo.conf': client(allowed) }, '\n').filter((p) => p.rule === 'gateway-without-forwarding');
    const [p] = lan('10.0.0.1/32, 192.168.1.0/24');
    assert.equal(p!.severity, 'information');
    assert.equal(p!.message, 'bravo.conf routes 192.168.1.0/24 through this config, but no hook here turns on forwarding: unless this host forwards by other means (sysctl.d, its firewall), packets for 192.168.1.0/24 arrive here and go no further. For example: PostUp = sysctl -w net.ipv4.ip_forward=1 (and the PostDown that undoes it; the LAN\'s hosts need a route back through this host, or NAT).');
    assert.deepEqual(p!.related!.map((r) => r.message), ['bravo.conf: AllowedIPs 192.168.1.0/24']);
    assert.deepEqual(lan('10.0.0.1/32, 192.168.1.0/24', 'PostUp = sysctl -w net.ipv4.ip_forward=1\n'), []);
    for (const quiet of ['10.0.0.0/24', '10.0.0.1/32, 192.168.1.7/32', '10.0.0.0/16', '10.0.0.1/32, -192.168.1.0/24']) assert.deepEqual(lan(quiet), [], quiet);
    // A sender whose Table routes nothing here sends nothing.
    const off = inWorkspace(iface() + peer('AllowedIPs = 10.0.0.2/32\n'), { 'bravo.conf': bravo('AllowedIPs = 10.0.0.1/32, 192.168.1.0/24\nEndpoint = 192.0.2.1:51820\n', 'Table = off\n') }, '\n');
    assert.deepEqual(off.filter((x) => x.rule === 'gateway-without-forwarding'), []);
  });

  // Diff review: the apps' "exclude private IPs" list was taken for a LAN (no NAT in the example), the /1
  // halves got nothing, and an IPv6 LAN was told to turn on IPv4 forwarding.
  it('a full tunnel in pieces (the /1 halves, the exclude-private list) is a full tunnel; an IPv6 LAN gets IPv6 forwarding', () => {
    const exclude = '0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6, 16.0.0.0/4, 32.0.0.0/3, 64.0.0.0/2, 128.0.0.0/3, 160.0.0.0/5, 168.0.0.0/6, 172.0.0.0/12, 172.32.0.0/11, 172.64.0.0/10, 172.128.0.0/9, 173.0.0.0/8, 174.0.0.0/7, 176.0.0.0/4, 192.0.0.0/9, 192.128.0.0/11, 192.160.0.0/13, 192.169.0.0/16, 192.170.0.0/15, 192.172.0.0/14, 192.176.0.0/12, 192.192.0.0/10, 193.0.0.0/8, 194.0.0.0/7, 196.0.0.0/6, 200.0.0.0/5, 208.0.0.0/4, 10.0.0.1/32';
    for (const [allowed, shown] of [['0.0.0.0/1, 128.0.0.0/1', '0.0.0.0/1 and the rest of the list'], [exclude, '0.0.0.0/5 and the rest of the list']] as const) {
      const [p] = inWorkspace(iface() + peer('AllowedIPs = 10.0.0.2/32\n'), { 'bravo.conf': client(allowed) }, '\n').filter((x) => x.rule === 'gateway-without-forwarding');
      assert.match(p!.message, new RegExp(`^bravo\\.conf sends all its traffic here \\(${shown.replace(/[./]/g, '\\$&')}\\), .*MASQUERADE`), allowed.slice(0, 20));
    }
    const v6 = inWorkspace(iface().replace('Address = 10.0.0.1/24', 'Address = 10.0.0.1/24, fd00::1/64') + peer('AllowedIPs = 10.0.0.2/32\n'), { 'bravo.conf': client('10.0.0.1/32, 2001:db8:a::/64') }, '\n').find((x) => x.rule === 'gateway-without-forwarding')!;
    assert.match(v6.message, /^bravo\.conf routes 2001:db8:a::\/64 through this config, .* PostUp = sysctl -w net\.ipv6\.conf\.all\.forwarding=1 \(/);
  });

  // Standing item of the 2026-12-06 notes: any forwarding hook silenced the rule, also an IPv4-only one for
  // clients sending their IPv6 traffic here, or for an IPv6 LAN.
  it('hooks that forward one family only: the other family\'s full tunnel or LAN is reported, with its own example', () => {
    const dual = (hooks: string) => iface(hooks).replace('Address = 10.0.0.1/24', 'Address = 10.0.0.1/24, fd00::1/64') + peer('AllowedIPs = 10.0.0.2/32, fd00::2/128\n');
    const gateway = (self: string, allowed: string) => inWorkspace(self, { 'bravo.conf': client(allowed) }, '\n').filter((p) => p.rule === 'gateway-without-forwarding');
    const v4Hooks = 'PostUp = sysctl -w net.ipv4.ip_forward=1\nPostUp = iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE\n';
    const [p] = gateway(dual(v4Hooks), '0.0.0.0/0, ::/0');
    assert.equal(p!.message, 'bravo.conf sends all its IPv6 traffic here (::/0), but the hooks here forward or NAT IPv4 only: unless this host does it by other means (sysctl.d, its firewall), that traffic arrives here and goes no further. For example: PostUp = sysctl -w net.ipv6.conf.all.forwarding=1; ip6tables -t nat -A POSTROUTING -o eth0 -j MASQUERADE (eth0: the uplink; and the PostDown that undoes it).');
    assert.deepEqual(p!.related!.map((r) => r.message), ['bravo.conf: AllowedIPs ::/0']);
    // The IPv6 halves of a full tunnel in pieces; an IPv6-only hook and an IPv4 client.
    assert.match(gateway(dual(v4Hooks), '0.0.0.0/0, ::/1, 8000::/1')[0]!.message, /^bravo\.conf sends all its IPv6 traffic here \(::\/1 and the rest of the list\)/);
    assert.match(gateway(dual('PostUp = ip6tables -t nat -A POSTROUTING -o eth0 -j MASQUERADE\n'), '0.0.0.0/0')[0]!.message, /all its IPv4 traffic here \(0\.0\.0\.0\/0\), but the hooks here forward or NAT IPv6 only: .* PostUp = sysctl -w net\.ipv4\.ip_forward=1; iptables -t nat/);
    // Silent: the client sends IPv4 only; both families in one command or two; a hook that names no family.
    for (const [hooks, allowed] of [
      [v4Hooks, '0.0.0.0/0'],
      ['PostUp = sysctl -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1\n', '0.0.0.0/0, ::/0'],
      [`${v4Hooks}PostUp = ip6tables -t nat -A POSTROUTING -o eth0 -j MASQUERADE\n`, '0.0.0.0/0, ::/0'],
      ['PostUp = iptables -A FORWARD -i %i -j ACCEPT; ip6tables -A FORWARD -i %i -j ACCEPT\n', '0.0.0.0/0, ::/0'],
      ['PostUp = nft -f /etc/nft-wg.conf\n', '0.0.0.0/0, ::/0'],
      ['PostUp = sysctl -p\n', '10.0.0.1/32, fd00::1/128, 2001:db8:a::/64'],
    ] as const) {
      assert.deepEqual(gateway(dual(hooks), allowed), [], `${hooks} ${allowed}`);
    }
    // Diff review: a script whose name holds "iptables" is a script (both families), and an IPv6-only
    // server with ip6tables hooks carries no IPv4 of its clients.
    assert.deepEqual(gateway(dual('PostUp = /etc/wireguard/iptables-up.sh %i\n'), '0.0.0.0/0, ::/0'), []);
    const v6only = iface('PostUp = ip6tables -t nat -A POSTROUTING -o eth0 -j MASQUERADE\n').replace('Address = 10.0.0.1/24', 'Address = fd00::1/64') + peer('AllowedIPs = fd00::2/128\n');
    assert.deepEqual(gateway(v6only, '0.0.0.0/0, ::/0'), []);
    // A server without an IPv6 Address: its clients' ::/0 is no traffic it could forward (as the example's IPv6 part).
    assert.deepEqual(gateway(iface(v4Hooks) + peer('AllowedIPs = 10.0.0.2/32\n'), '0.0.0.0/0, ::/0'), []);
    // An IPv6 LAN behind a host whose hooks forward IPv4 only.
    const [lan] = gateway(dual('PostUp = sysctl -w net.ipv4.ip_forward=1\n'), '10.0.0.1/32, 192.168.1.0/24, 2001:db8:a::/64');
    assert.match(lan!.message, /^bravo\.conf routes 2001:db8:a::\/64 through this config, but the hooks here forward or NAT IPv4 only: .* PostUp = sysctl -w net\.ipv6\.conf\.all\.forwarding=1 \(/);
  });

  // Real-world review: the message says installers such as PiVPN set forwarding and NAT outside the file,
  // and a PiVPN server (its markers around each peer) or a wireguard-install one got it all the same.
  it("silent for a server an installer manages (PiVPN's markers, wireguard-install's header)", () => {
    const server = iface() + peer('AllowedIPs = 10.0.0.2/32\n');
    assert.equal(found(server).length, 1);
    const pivpn = server.replace('\n[Peer]', '\n### begin bravo ###\n[Peer]') + '### end bravo ###\n';
    assert.deepEqual(found(pivpn), []);
    assert.deepEqual(found(`# Do not alter the commented lines\n# They are used by wireguard-install\n# ENDPOINT 192.0.2.1\n\n${server}`), []);
    // A mark elsewhere (a note that quotes one) is no installer's.
    assert.equal(found(`${server}# They are used by wireguard-install, said the guide\n`).length, 1);
  });

  it('a client stored twice (PiVPN keeps each in two folders) is counted once (real-world review)', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///pi/etc/configs/bravo.conf', client('0.0.0.0/0'));
    ws.setText('file:///pi/home/configs/bravo.conf', client('0.0.0.0/0'));
    const [p] = validateInWorkspace(ws, ws.setText('file:///pi/etc/wg0.conf', iface() + peer('AllowedIPs = 10.0.0.2/32\n'))).filter((x) => x.rule === 'gateway-without-forwarding');
    assert.match(p!.message, /^etc\/configs\/bravo\.conf sends all its traffic here/);
    assert.equal(p!.related?.length, 1);
  });
  it('not for a split tunnel, a client not listed back, or the apps (their hooks are not in the file)', () => {
    assert.deepEqual(found(iface() + peer('AllowedIPs = 10.0.0.2/32\n'), '10.0.0.0/24'), []);
    assert.deepEqual(found(iface() + peer('AllowedIPs = 10.0.0.2/32\n', PUB2)), []);
    assert.deepEqual(found(iface() + peer('AllowedIPs = 10.0.0.2/32\n'), '0.0.0.0/0', { target: 'windows' }), []);
  });
});

describe('world-readable: who can do what, through the folder', () => {
  const text = iface();
  const said = (fileMode: number, dirMode?: number) =>
    validate(parse(text), { fileMode, dirMode }).filter((p) => p.rule === 'world-readable').map((p) => [p.severity, p.message.replace(/^.*its mode is \d+: /, '').replace(/\. Run: chmod 600 on the file\.$/, '')]);
  it('as wg-quick tests it: a warning when the file and its folder both let others in', () => {
    assert.deepEqual(said(0o644, 0o755), [['warning', 'its group and anyone on the machine can read it (wg-quick warns "world accessible")']]);
    // The command to run names the file, quoted for a shell where it must be (real-world review).
    const run = (fileName: string) => validate(parse(text), { fileMode: 0o644, dirMode: 0o755, fileName }).find((p) => p.rule === 'world-readable')!.message.replace(/^.*\. Run: /, '');
    assert.equal(run('wg0.conf'), 'chmod 600 wg0.conf.');
    assert.equal(run("my vpn's.conf"), `chmod 600 'my vpn'\\''s.conf'.`);
    assert.equal(run('-x.conf'), 'chmod 600 ./-x.conf.');
    assert.equal(run('-my vpn.conf'), "chmod 600 './-my vpn.conf'.");
  });
  it('others reaching it by name through a folder they cannot list: a warning wg-quick misses', () => {
    assert.deepEqual(said(0o604, 0o711), [['warning', 'anyone on the machine can read it by its name']]);
  });
  it('anyone can change it (and add a PostUp that runs as root): a warning', () => {
    assert.deepEqual(said(0o602, 0o755), [['warning', 'anyone on the machine can change it']]);
  });
  it('information: a closed folder, the group alone, or bits that only allow changing it', () => {
    assert.deepEqual(said(0o644, 0o700), [['information', 'its group and others could read it, but its folder (mode 700) keeps them out']]);
    assert.deepEqual(said(0o640, 0o750), [['information', 'its group can read it']]);
    assert.deepEqual(said(0o620, 0o755), [['information', 'its group can change it']]);
  });
  it('silent at 600', () => assert.deepEqual(said(0o600, 0o777), []));
});

describe('invalid-dns for Android: what its host name pattern refuses is an error', () => {
  const dns = (item: string) => validate(parse(iface(`DNS = ${item}\n`)), { target: 'android' }).filter((p) => p.rule === 'invalid-dns').map((p) => p.severity);
  it('a server-shaped item with a colon that is no IP address: rejected', () => assert.deepEqual(dns('fe80::zz'), ['error']));
  it('digits and dots that are no IP address pass the pattern (a name to the app): a warning', () => {
    assert.deepEqual(dns('1.1.1'), ['warning']);
    assert.deepEqual(dns('10.0.0.256'), ['warning']);
  });
  it('wg-quick: a warning either way (it never checks)', () => {
    assert.deepEqual(validate(parse(iface('DNS = fe80::zz\n'))).filter((p) => p.rule === 'invalid-dns').map((p) => p.severity), ['warning']);
  });
});

describe('cross-file messages name a file by its folder too while another config has its base name', () => {
  // One wg0.conf per host folder, as /etc/wireguard has it: "wg0.conf has no [Peer] for wg0.conf" helps nobody.
  const hub = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.2/24\nListenPort = 51820\n`;
  const client = iface() + peer('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.2:51820\nPersistentKeepalive = 25\n');
  const messages = (ws: WorkspaceModel, uri: string) => validateInWorkspace(ws, ws.get(uri)!).filter((p) => p.rule === 'counterpart-missing-peer').map((p) => p.message);
  it('hub/wg0.conf and laptop/wg0.conf; back to the base name once the other is gone', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///etc/hub/wg0.conf', hub);
    ws.setText('file:///etc/laptop/wg0.conf', client);
    assert.match(messages(ws, 'file:///etc/hub/wg0.conf')[0]!, /^laptop\/wg0\.conf lists this interface as a peer/);
    ws.delete('file:///etc/laptop/wg0.conf');
    ws.setText('file:///etc/laptop/laptop.conf', client);
    assert.match(messages(ws, 'file:///etc/hub/wg0.conf')[0]!, /^laptop\.conf lists this interface as a peer/);
    assert.equal(ws.get('file:///etc/hub/wg0.conf')!.name, 'wg0.conf');
  });
  it('as much of the path as tells them apart', () => {
    const ws = new WorkspaceModel();
    for (const u of ['file:///home/client10/client10.conf', 'file:///office/client10/client10.conf', 'file:///etc/a/wg0.conf', 'file:///srv/a/wg0.conf', 'file:///srv/b/wg0.conf']) ws.setText(u, hub);
    assert.equal(ws.get('file:///home/client10/client10.conf')!.name, 'home/client10/client10.conf');
    assert.equal(ws.get('file:///etc/a/wg0.conf')!.name, 'etc/a/wg0.conf');
    assert.equal(ws.get('file:///srv/b/wg0.conf')!.name, 'b/wg0.conf');
  });
});

describe('windows-hook-placeholder', () => {
  const hooks = iface('PostUp = echo %i up & echo %i again\nPreDown = echo %i # not %i\n');
  it('each hook with a %i once, at its first, with one fix for every %i of the line (real-world review: eight warnings on one file); not for wg-quick, which replaces it', () => {
    const ps = validate(parse(hooks), { target: 'windows' }).filter((p) => p.rule === 'windows-hook-placeholder');
    assert.deepEqual(ps.map((p) => [p.range.start.line, p.range.start.character]), [[4, 14], [5, 15]], 'not in the comment');
    const at = (line: number, c: number) => ({ start: { line, character: c }, end: { line, character: c + 2 } });
    assert.deepEqual(ps[0]!.fixes![0]!.edits, [at(4, 14), at(4, 27)].map((range) => ({ range, newText: '%WIREGUARD_TUNNEL_NAME%' })));
    assert.match(ps[0]!.message, /cmd gets "%i" as written \(2 times on this line\)\./);
    assert.doesNotMatch(ps[1]!.message, /times on this line/);
    assert.deepEqual(validate(parse(hooks)).filter((p) => p.rule === 'windows-hook-placeholder'), []);
  });
  it("not in a variable's name, not cmd's own for-loop variable", () => {
    const win = (hook: string) => validate(parse(iface(`PostUp = ${hook}\n`)), { target: 'windows' }).filter((p) => p.rule === 'windows-hook-placeholder').length;
    assert.equal(win('echo %ipaddr% > C:\\log.txt'), 0);
    assert.equal(win('echo %i_name% %%i'), 0);
    assert.equal(win('for %i in (a b) do echo %i'), 0);
    assert.equal(win('netsh interface set interface name="%i" admin=enabled'), 1);
  });
});

describe('missing-interface: the apps refuse a file without [Interface], an empty one too', () => {
  const at = (text: string, target: Target) => validate(parse(text), { target }).filter((p) => p.rule === 'missing-interface').map((p) => [p.range.start.line, p.range.end.character]);
  it('empty, or comments only: on line 0, for the apps', () => {
    for (const target of ['android', 'apple', 'windows'] as const) {
      assert.deepEqual(at('', target), [[0, 0]], target);
      assert.deepEqual(at('# a tunnel, one day\n', target), [[0, 19]], target);
    }
  });
  it('silent for wg-quick and wg (an empty file is a no-op to them)', () => {
    assert.deepEqual(at('', 'wg-quick'), []);
    assert.deepEqual(at('', 'wg'), []);
  });
});

it('windows-tunnel-conflict quotes the first conflicting config by URI, whatever order the index learned the folder in (LSP review)', () => {
  const [self, a, b] = [generateKeyPair(), generateKeyPair(), generateKeyPair()];
  const files: Record<string, string> = {
    'self.conf': `[Interface]\nPrivateKey = ${self.privateKey}\nAddress = 10.0.0.2/32, 10.1.0.2/32\n`,
    'a.conf': `[Interface]\nPrivateKey = ${a.privateKey}\nAddress = 10.1.0.2/32\n`,
    'b.conf': `[Interface]\nPrivateKey = ${b.privateKey}\nAddress = 10.0.0.2/32\n`,
  };
  const shown = (order: string[]) => {
    const ws = new WorkspaceModel();
    for (const n of order) ws.setText(`file:///w/${n}`, files[n]!);
    return validateInWorkspace(ws, ws.get('file:///w/self.conf')!, { target: 'windows' }).filter((p) => p.rule === 'windows-tunnel-conflict');
  };
  const [first] = shown(['self.conf', 'a.conf', 'b.conf']);
  // a.conf first: its conflict (10.1.0.2) is the one quoted, at that item.
  assert.equal(first!.range.start.character, 'Address = 10.0.0.2/32, '.length);
  assert.match(first!.message, /in a\.conf/);
  assert.deepEqual(shown(['b.conf', 'self.conf', 'a.conf']), [first]);
});

describe('reused-listen-port and windows-tunnel-conflict: a folder holding both ends of a tunnel is no one host', () => {
  // A repository keeping every host's config side by side: gw0 (hub of the laptop), gw1 (client of the
  // VPS), the VPS and the laptop. gw0 and the VPS both listen on 51820, on two machines.
  const [gw, vps, laptop] = [generateKeyPair(), generateKeyPair(), generateKeyPair()];
  const files: Record<string, string> = {
    'gw0.conf': `[Interface]\nPrivateKey = ${gw.privateKey}\nAddress = 10.1.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${laptop.publicKey}\nAllowedIPs = 10.1.0.2/32\n`,
    'gw1.conf': `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.2.0.2/24\n\n[Peer]\nPublicKey = ${vps.publicKey}\nAllowedIPs = 10.2.0.0/24\nEndpoint = 192.0.2.9:51820\nPersistentKeepalive = 25\n`,
    'vps.conf': `[Interface]\nPrivateKey = ${vps.privateKey}\nAddress = 10.2.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 10.2.0.2/32\n`,
    'laptop.conf': `[Interface]\nPrivateKey = ${laptop.privateKey}\nAddress = 10.1.0.2/24\n\n[Peer]\nPublicKey = ${gw.publicKey}\nAllowedIPs = 10.1.0.0/24\nEndpoint = 192.0.2.8:51820\nPersistentKeepalive = 25\n`,
  };
  it('silent in such a folder', () => {
    const ws = new WorkspaceModel();
    for (const [name, text] of Object.entries(files)) ws.setText(`file:///repo/${name}`, text);
    for (const target of ['wg-quick', 'windows'] as const) {
      const ps = Object.keys(files).flatMap((n) => validateInWorkspace(ws, ws.get(`file:///repo/${n}`)!, { target }));
      assert.deepEqual(ps.filter((p) => p.rule === 'reused-listen-port' || p.rule === 'windows-tunnel-conflict').map((p) => p.message), [], target);
    }
  });
  it('a folder of one host: still reported', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///etc/wireguard/gw0.conf', files['gw0.conf']!);
    const ps = validateInWorkspace(ws, ws.setText('file:///etc/wireguard/vps.conf', files['vps.conf']!));
    assert.equal(ps.filter((p) => p.rule === 'reused-listen-port').length, 1);
  });
});

describe('allowed-ips-both-ways', () => {
  const both = (mine: string, theirs: string, ownAddress = '10.0.0.1/24', theirAddress = '10.0.0.2/24') =>
    inWorkspace(
      iface().replace('Address = 10.0.0.1/24', `Address = ${ownAddress}`) + peer(`AllowedIPs = ${mine}\nEndpoint = 192.0.2.2:51820\n`),
      { 'bravo.conf': bravo(`AllowedIPs = ${theirs}\nEndpoint = 192.0.2.1:51820\n`).replace('Address = 10.0.0.2/24', `Address = ${theirAddress}`) },
      '\n',
    ).filter((p) => p.rule === 'allowed-ips-both-ways');
  it('0.0.0.0/0 on both ends of one tunnel', () => assert.equal(both('0.0.0.0/0', '0.0.0.0/0').length, 1));
  it('silent: the common tunnel subnet on both ends, a hub and its spoke, a full-tunnel spoke with a LAN behind it', () => {
    assert.deepEqual(both('10.0.0.0/24', '10.0.0.0/24'), []);
    assert.deepEqual(both('10.0.0.2/32', '10.0.0.0/24'), []);
    assert.deepEqual(both('10.0.0.2/32, 192.168.5.0/24', '0.0.0.0/0'), []);
    assert.deepEqual(both('10.0.0.2/32, 192.168.5.0/24', '10.0.0.1/32, 192.168.0.0/16'), [], 'a prefix inside a wider one: the blind spot');
  });
  it('the message names the other end and its item; the item here is the range', () => {
    const [p] = both('10.0.0.2/32, 192.168.5.0/24', '10.0.0.1/32, 192.168.5.0/24');
    assert.match(p!.message, /^Both ends route 192\.168\.5\.0\/24 to each other: this config sends it to bravo\.conf, and bravo\.conf sends it here/);
    assert.equal(p!.related![0]!.uri, 'file:///ws/bravo.conf');
  });
});

describe('amneziawg-params-mismatch', () => {
  const psk = generatePresharedKey();
  const pair = (mine: string, theirs: string, target: Target = 'amneziawg') =>
    inWorkspace(iface(mine) + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 192.0.2.2:51820\n'), { 'bravo.conf': bravo(undefined, theirs) }, '\n', { target }).filter((p) => p.rule === 'amneziawg-params-mismatch');
  it('equal values, and Jc/Jmin/Jmax/I1 that differ: silent', () => {
    assert.deepEqual(pair('S1 = 15\nH1 = 5\nJc = 4\nJmin = 40\nI1 = <r 16>\n', 'S1 = 15\nH1 = 5\nJc = 8\nJmin = 10\n'), []);
  });
  it('a value on one end only: on this end\'s [Interface] header when it has none, with the fix that adds it', () => {
    const [p] = pair('', 'H3 = 77\n');
    assert.equal(p!.message, 'H3 is not set here but 77 in bravo.conf: each end reads the other\'s packets with its own value, so no handshake completes. Both ends must use the same H3.');
    assert.equal(p!.range.start.line, 0);
    assert.deepEqual(p!.fixes![0]!.edits.map((e) => e.newText.trim()), ['H3 = 77']);
  });
  it('HeaderProtectionKey: compared, never shown, no fix that would copy it', () => {
    const [p] = pair(`HeaderProtectionKey = ${psk}\n`, `HeaderProtectionKey = ${generatePresharedKey()}\n`);
    assert.match(p!.message, /^HeaderProtectionKey is set here but set in bravo\.conf, another key:/);
    assert.ok(!p!.message.includes(psk.slice(0, 12)));
    assert.equal(p!.fixes, undefined);
  });
  it('a hub whose other spokes share its value: the odd spoke is named wrong, and the hub\'s fix writes there (cross-file review)', () => {
    const [hub, a, b, c] = [generateKeyPair(), generateKeyPair(), generateKeyPair(), generateKeyPair()];
    const spoke = (k: typeof a, n: number, s1: number) =>
      `[Interface]\nPrivateKey = ${k.privateKey}\nAddress = 10.0.0.${n}/24\nS1 = ${s1}\n\n[Peer]\nPublicKey = ${hub.publicKey}\nEndpoint = 203.0.113.1:51820\nAllowedIPs = 10.0.0.0/24\nPersistentKeepalive = 25\n`;
    const hubText = `[Interface]\nPrivateKey = ${hub.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\nS1 = 15\n` + [a, b, c].map((k, i) => `\n[Peer]\nPublicKey = ${k.publicKey}\nAllowedIPs = 10.0.0.${i + 2}/32\n`).join('');
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/a.conf', spoke(a, 2, 16));
    ws.setText('file:///ws/b.conf', spoke(b, 3, 15));
    ws.setText('file:///ws/c.conf', spoke(c, 4, 15));
    const found = validateInWorkspace(ws, ws.setText('file:///ws/hub.conf', hubText), { target: 'amneziawg' }).filter((p) => p.rule === 'amneziawg-params-mismatch');
    assert.deepEqual(found.map((p) => p.message.split(':')[0]), ['S1 is 15 here (as in b.conf and c.conf) but 16 in a.conf']);
    assert.deepEqual(found[0]!.fixes!.map((f) => [f.title, f.edits.map((e) => [e.uri, e.newText])]), [['Use S1 = 15 in a.conf', [['file:///ws/a.conf', '15']]]]);
    // Unset on the hub and the other spokes: the fix removes the odd spoke's line (diff review: no fix at all).
    ws.setText('file:///ws/b.conf', spoke(b, 3, 15).replace('S1 = 15\n', ''));
    ws.setText('file:///ws/c.conf', spoke(c, 4, 15).replace('S1 = 15\n', ''));
    const unset = validateInWorkspace(ws, ws.setText('file:///ws/hub.conf', hubText.replace('S1 = 15\n', '')), { target: 'amneziawg' }).find((p) => p.rule === 'amneziawg-params-mismatch')!;
    assert.match(unset.message, /^S1 is not set here \(as in b\.conf and c\.conf\) but 16 in a\.conf/);
    assert.deepEqual(unset.fixes!.map((f) => [f.title, f.edits.map((e) => [e.uri, e.range.start.line, e.range.end.line, e.newText])]), [['Remove S1 from a.conf', [['file:///ws/a.conf', 3, 4, '']]]]);
    ws.setText('file:///ws/hub.conf', hubText);
    ws.setText('file:///ws/b.conf', spoke(b, 3, 15));
    ws.setText('file:///ws/c.conf', spoke(c, 4, 15));
    // The spoke's own finding still offers the hub's value.
    const there = validateInWorkspace(ws, ws.get('file:///ws/a.conf')!, { target: 'amneziawg' }).find((p) => p.rule === 'amneziawg-params-mismatch')!;
    assert.deepEqual(there.fixes!.map((f) => f.title), ["Use hub.conf's S1 = 15"]);
  });
  it('only for the amneziawg target', () => assert.deepEqual(pair('S2 = 100\n', 'S2 = 25\n', 'wg-quick'), []));
  it('values compared as the ends read them: S unset is 0, H unset is its message type, N is N-N', () => {
    assert.deepEqual(pair('S1 = 0\nS2 = 00\nH1 = 1\nH2 = 2-2\nH3 = 3\nH4 = 4\n', 'S1 = 00\nH3 = 3\n'), []);
    assert.equal(pair('', 'S1 = 15\n').length, 1);
  });
  it("windows-hook-placeholder leaves a for /f loop's variable alone, options quoted or not", () => {
    const win = (hook: string) => validate(parse(iface(`PostUp = ${hook}\n`)), { target: 'windows' }).filter((p) => p.rule === 'windows-hook-placeholder').length;
    assert.equal(win('for /f "tokens=*" %i in (x.txt) do echo %i'), 0);
    assert.equal(win('for /f "tokens=1,2 delims=," %i in (x.txt) do echo %i'), 0);
  });
  it('empty-value for amneziawg names awg', () => {
    const [p] = validate(parse(iface('Jc =\n')), { target: 'amneziawg' }).filter((x) => x.rule === 'empty-value');
    assert.match(p!.message, /awg rejects "Key =" lines/);
  });
});

describe('messages name only the tools they speak for', () => {
  it('dns-search-only: wg-quick and awg-quick only (what the apps do with search domains alone is not established)', () => {
    const text = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\nDNS = example.com\n`;
    const said = (target: Target) => validate(parse(text), { target }).filter((p) => p.rule === 'dns-search-only').map((p) => p.message.match(/: (\S+) ignores/)?.[1]);
    assert.deepEqual(said('wg-quick'), ['wg-quick']);
    assert.deepEqual(said('amneziawg'), ['awg-quick']);
    for (const app of ['windows', 'android', 'apple'] as const) assert.deepEqual(said(app), [], app);
  });
  it('unknown-key: each target in its own words, and no suggestion the target would reject', () => {
    const unknown = (target: Target, line = 'SaveConfg = true\n') => validate(parse(iface(line)), { target }).find((p) => p.rule === 'unknown-key')!;
    assert.match(unknown('wg-quick').message, /did you mean SaveConfig\?\); wg rejects the line \("Line unrecognized"\)/);
    assert.deepEqual(unknown('wg-quick').fixes!.map((f) => f.title), ['Change to SaveConfig']);
    assert.deepEqual(unknown('wg-quick').fixes![0]!.edits.map((e) => e.newText), ['SaveConfig']);
    const android = unknown('android');
    assert.match(android.message, /^Unknown key "SaveConfg" in \[Interface\]; the Android app rejects the file \(UNKNOWN_ATTRIBUTE\)\.$/);
    assert.deepEqual(android.fixes, [], 'SaveConfig is no key of the Android app');
    assert.match(unknown('windows', 'Foo = 1\n').message, /Windows rejects the file \("Invalid key for \[Interface\] section: "foo""\)/);
    assert.match(unknown('apple', 'Foo = 1\n').message, /the Apple apps reject the file \("Interface contains unrecognized key ‘Foo’"\)/);
    assert.match(validate(parse(iface('Endpoint = 192.0.2.1:51820\n')), { target: 'windows' }).find((p) => p.rule === 'key-in-wrong-section')!.message, /Windows rejects the file/);
  });
  it('an empty list item says which comma made it', () => {
    const said = (line: string) => validate(parse(iface(line)), { target: 'windows' }).filter((p) => /Empty (DNS|Address) item/.test(p.message)).map((p) => p.message.match(/\((.*?)\)/)![1]);
    assert.deepEqual(said('DNS = , 1.1.1.1\n'), ['a leading comma']);
    assert.deepEqual(said('DNS = 1.1.1.1,, 8.8.8.8\n'), ['two commas in a row']);
    assert.deepEqual(said('DNS = 1.1.1.1,\n'), ['a trailing comma']);
  });
  it('a port above 65535: the port meant, not the wrapped one, is asked for (no fix to 0, a random port)', () => {
    const port = (value: string) => validate(parse(`[Interface]\nListenPort = ${value}\n`), { target: 'windows' }).find((p) => p.rule === 'non-portable-port')!;
    const p = port('65536');
    assert.match(p.message, /Write the port you meant \(0–65535\)\.$/);
    assert.deepEqual(p.fixes, []);
    assert.deepEqual(port('70000').fixes!.map((f) => [f.title, f.ask]), [['Change to 4464', true]]);
  });
  it('duplicate-key: the Apple apps are named only for keys they read', () => {
    const dup = (lines: string, target: Target) => validate(parse(iface(lines)), { target }).filter((p) => p.rule === 'duplicate-key').map((p) => /Apple/.test(p.message));
    assert.deepEqual(dup('PostUp = echo 1\nPostUp = echo 2\n', 'windows'), [false]);
    assert.deepEqual(dup('MTU = 1400\nMTU = 1380\n', 'wg-quick'), [true]);
  });
});

describe('ipv6-leak and full-tunnel-without-dns follow Table', () => {
  const full = (table: string) => iface(table) + peer('AllowedIPs = 0.0.0.0/0\nEndpoint = vpn.example.com:51820\n');
  const rules = (text: string) => validate(parse(text)).filter((p) => p.rule === 'ipv6-leak' || p.rule === 'full-tunnel-without-dns').map((p) => p.rule);
  it('auto: the /0 is a full tunnel', () => {
    assert.deepEqual(rules(full('')), ['ipv6-leak', 'full-tunnel-without-dns']);
    assert.deepEqual(rules(full('Table = auto\n')), ['ipv6-leak', 'full-tunnel-without-dns']);
  });
  it('a server-shaped DNS item that is no IP (invalid-dns says so) is still a DNS line for wg-quick', () => {
    assert.deepEqual(rules(full('DNS = 1.1.1\n')), ['ipv6-leak']);
    assert.deepEqual(rules(full('DNS = corp.example\n')), ['ipv6-leak', 'full-tunnel-without-dns'], 'a search domain alone is no server');
  });
  it('the apps take such an item, and a blank-separated list, for a search domain: no server', () => {
    const dns = (line: string, target: Target) => validate(parse(full(line)), { target }).filter((p) => p.rule === 'full-tunnel-without-dns').length;
    for (const app of ['windows', 'android', 'apple'] as const) {
      assert.equal(dns('DNS = 1.1.1\n', app), 1, app);
      assert.equal(dns('DNS = 1.1.1.1 8.8.8.8\n', app), 1, app);
      assert.equal(dns('DNS = 1.1.1.1, 8.8.8.8\n', app), 0, app);
    }
    assert.equal(dns('DNS = 1.1.1.1 8.8.8.8\n', 'wg-quick'), 0);
    const said = (target: Target) => validate(parse(full('DNS = 1.1.1\n')), { target }).find((p) => p.rule === 'invalid-dns')?.message;
    assert.match(said('windows')!, /Windows takes it for a search domain, so it sets no DNS server/);
    assert.match(said('apple')!, /the Apple apps take it for a search domain/);
    assert.match(said('wg-quick')!, /wg-quick passes it to resolvconf unchecked/);
  });
  it('main: the /1 halves are a full tunnel there; a /0 is table-main-default-route\'s (wg-quick up fails or loops)', () => {
    const halves = iface('Table = main\n') + peer('AllowedIPs = 0.0.0.0/1, 128.0.0.0/1\nEndpoint = vpn.example.com:51820\n');
    assert.deepEqual(rules(halves), ['ipv6-leak', 'full-tunnel-without-dns']);
    const all = validate(parse(full('Table = main\n'))).map((p) => p.rule);
    assert.ok(all.includes('table-main-default-route') && !all.includes('ipv6-leak') && !all.includes('full-tunnel-without-dns'), all.join());
    const t = validate(parse(full('Table = 254\n'))).find((p) => p.rule === 'table-main-default-route');
    assert.match(t!.message, /^Table = 254 \(the main table\) with 0\.0\.0\.0\/0/);
  });
  it('Windows acts on Table = off alone: another value leaves the routes as usual', () => {
    // (The /1 halves: a canonical 0.0.0.0/0 turns the kill-switch on, which blocks IPv6: no leak then.)
    const halves = (table: string) => iface(table) + peer('AllowedIPs = 0.0.0.0/1, 128.0.0.0/1\nEndpoint = vpn.example.com:51820\n');
    const win = (table: string) => validate(parse(halves(table)), { target: 'windows' }).filter((p) => p.rule === 'ipv6-leak').length;
    assert.equal(win('Table = 1234\n'), 1);
    assert.equal(win('Table = off\n'), 0);
  });
  it('off (no routes) and a table of its own (no rule sends traffic there): no full tunnel', () => {
    assert.deepEqual(rules(full('Table = off\n')), []);
    assert.deepEqual(rules(full('Table = 1234\n')), []);
  });
});

describe('allowed-ips-miss-address: only the families the other end routes here', () => {
  // alpha (PRIV): an IPv4-only client of bravo (BRAVO_PRIV, public key PUB), a dual-stack server.
  const client = iface() + peer('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n');
  const server = (routes: string) => `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.2/24, fd00::2/64\nListenPort = 51820\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = ${routes}\n`;
  const miss = (routes: string) => inWorkspace(client, { 'bravo.conf': server(routes) }, '\n').filter((p) => p.rule === 'allowed-ips-miss-address');
  it('silent: the server routes only IPv4 to this client', () => assert.deepEqual(miss('10.0.0.1/32'), []));
  it('the server routes IPv6 here too: its IPv6 address must be accepted', () => {
    assert.deepEqual(miss('10.0.0.1/32, fd00::1/128').map((p) => p.message.match(/fd00::2\/128/)?.[0]), ['fd00::2/128']);
  });
});

describe('missing-keepalive: not for an Endpoint on a private network (topology review)', () => {
  const client = (endpoint: string) => iface().replace('ListenPort = 51820\n', '') + peer(`AllowedIPs = 10.0.0.0/24\nEndpoint = ${endpoint}\n`);
  const hinted = (endpoint: string) => validate(parse(client(endpoint))).filter((p) => p.rule === 'missing-keepalive').length;
  it('silent for RFC 1918, link-local and ULA endpoints; hinted for public ones, CGNAT and host names', () => {
    for (const e of ['192.168.1.1:51820', '10.1.2.3:51820', '172.16.0.1:51820', '172.31.255.1:51820', '169.254.0.1:51820', '[fe80::1%eth0]:51820', '[fd00::1]:51820']) assert.equal(hinted(e), 0, e);
    for (const e of ['203.0.113.1:51820', '172.32.0.1:51820', '100.64.0.1:51820', '[2001:db8::1]:51820', 'vpn.example.com:51820', '192.169.0.1:51820']) assert.equal(hinted(e), 1, e);
  });
  it('says when the keepalive matters: a laptop that only dials out needs none (real-world review)', () => {
    const [p] = validate(parse(client('203.0.113.1:51820'))).filter((x) => x.rule === 'missing-keepalive');
    assert.match(p!.message, /can no longer reach this side until it sends again\. If the peer must reach this side unprompted \(a server, a NAS, SSH to it\), add PersistentKeepalive = 25\.$/);
  });
});

describe('peers and endpoints set by hooks (topology review)', () => {
  // A hub keeping its peers in another file, loaded by `wg addconf` at up; its client lists it.
  const hub = (postUp: string) => `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.8.0.1/24\nListenPort = 51820\n${postUp}\n`;
  const client = iface() + peer('AllowedIPs = 10.8.0.0/24\nEndpoint = hub.example.com:51820\nPersistentKeepalive = 25\n');
  const missing = (ps: readonly Problem[]) => ps.filter((p) => p.rule === 'counterpart-missing-peer').map((p) => [p.severity, p.message.match(/loads peers from another file \("([^"]*)"\)/)?.[1] ?? '']);
  it('a hub that loads its peers with wg addconf: counterpart-missing-peer is information on both ends, naming the command', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/bravo.conf', hub('PostUp = wg addconf %i /etc/wireguard/wg0-peers.conf'));
    const atClient = validateInWorkspace(ws, ws.setText('file:///ws/alpha.conf', client));
    assert.deepEqual(missing(atClient), [['information', 'wg addconf %i /etc/wireguard/wg0-peers.conf']]);
    assert.deepEqual(missing(validateInWorkspace(ws, ws.get('file:///ws/bravo.conf')!)), [['information', 'wg addconf %i /etc/wireguard/wg0-peers.conf']]);
    // Without the hook, a warning on both.
    ws.setText('file:///ws/bravo.conf', hub(''));
    assert.deepEqual(missing(validateInWorkspace(ws, ws.get('file:///ws/alpha.conf')!)), [['warning', '']]);
  });
  it('no-endpoint-either-side: silent when a hook sets the Endpoint of that peer (wg set %i peer KEY endpoint …)', () => {
    const other = bravo('AllowedIPs = 10.0.0.1/32\n');
    const rule = (text: string) => inWorkspace(text, { 'bravo.conf': other }, '\n').filter((p) => p.rule === 'no-endpoint-either-side').length;
    const mine = (hook: string) => iface(hook) + peer('AllowedIPs = 10.0.0.2/32\n');
    assert.equal(rule(mine('')), 1);
    assert.equal(rule(mine(`PostUp = wg set %i peer ${PUB} endpoint "$(cat /run/peer-endpoint)"\n`)), 0);
    // Another peer's, or no endpoint in the command: still nobody dials.
    assert.equal(rule(mine(`PostUp = wg set %i peer ${PUB2} endpoint "$(cat /run/peer-endpoint)"\n`)), 1);
    assert.equal(rule(mine(`PostUp = wg set %i peer ${PUB} persistent-keepalive 25\n`)), 1);
  });
});

describe('profiles of one laptop whose Addresses differ (topology review)', () => {
  // A dual-stack home router (bravo); the laptop (alpha's key) has an IPv4-only split profile for home and a
  // dual-stack full-tunnel one for travel, brought up one at a time.
  const router = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.6.0.1/24, fd06::1/64\nListenPort = 51820\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 10.6.0.2/32, fd06::2/128\n`;
  const home = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.6.0.2/24\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.6.0.0/24\nEndpoint = 192.168.1.1:51820\nPersistentKeepalive = 25\n`;
  const travel = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.6.0.2/24, fd06::2/64\nDNS = 10.6.0.1\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = home.example.org:51820\nPersistentKeepalive = 25\n`;
  const rulesOf = (text: string, others: Record<string, string>) =>
    inWorkspace(text, others, '\n').filter((p) => ['reused-private-key', 'reused-address', 'allowed-ips-miss-address'].includes(p.rule)).map((p) => p.rule);
  it('an Address in common, routed and dialled differently: profiles, on both sides', () => {
    assert.deepEqual(rulesOf(home, { 'travel.conf': travel, 'router.conf': router }), []);
    assert.deepEqual(rulesOf(travel, { 'home.conf': home, 'router.conf': router }), []);
  });
  it("the IPv4-only profile need not accept the IPv6 address the router routes to the travel profile's address", () => {
    assert.deepEqual(rulesOf(home, { 'router.conf': router, 'travel.conf': travel }), []);
    // Without that profile in the workspace, the route is to this config, which must accept the router's IPv6.
    assert.deepEqual(rulesOf(home, { 'router.conf': router }), ['allowed-ips-miss-address']);
    // A dual-stack profile does.
    assert.deepEqual(rulesOf(travel.replace('AllowedIPs = 0.0.0.0/0, ::/0', 'AllowedIPs = 10.6.0.0/24'), { 'router.conf': router }), ['allowed-ips-miss-address']);
  });
  it('one more Address but the same routes, Endpoint and DNS: still a copy', () => {
    const tablet = home.replace('Address = 10.6.0.2/24', 'Address = 10.6.0.2/24, fd06::2/64');
    assert.deepEqual(rulesOf(home, { 'tablet.conf': tablet }), ['reused-private-key', 'reused-address']);
  });
});

describe("allowed-ips-miss-address: a sibling's address is the Address to fix, not a route to add (topology review)", () => {
  // alpha (PRIV) is the hub; laptop (BRAVO) and desktop (CHARLIE) its spokes; desktop copied laptop's Address.
  const spokeOf = (priv: string, address: string) => `[Interface]\nPrivateKey = ${priv}\nAddress = ${address}\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n`;
  const hub = iface() + peer('AllowedIPs = 10.0.0.2/32\n') + peer('# Name = desktop\nAllowedIPs = 10.0.0.3/32\n', CHARLIE_PUB);
  it('names the sibling, and the fix gives the spoke the address routed to it', () => {
    const got = inWorkspace(hub, { 'laptop.conf': spokeOf(BRAVO_PRIV, '10.0.0.2/24'), 'desktop.conf': spokeOf(CHARLIE_PRIV, '10.0.0.2/24') }, '\n').filter((p) => p.rule === 'allowed-ips-miss-address');
    assert.equal(got.length, 1);
    assert.equal(got[0]!.range.start.line, 12);
    assert.match(got[0]!.message, /but 10\.0\.0\.2 is also the Address of laptop\.conf, which dials this config too: two configs claim one address\. Give desktop\.conf an address of its own \(10\.0\.0\.3, as routed here\)/);
    assert.deepEqual(got[0]!.fixes!.map((f) => [f.title, f.preferred, f.edits.map((e) => [e.uri, e.range.start.line, e.range.start.character, e.range.end.character, e.newText])]), [
      ["Set desktop.conf's Address to 10.0.0.3/24", true, [['file:///ws/desktop.conf', 2, 10, 21, '10.0.0.3/24']]],
    ]);
  });
  // From a review of the cross-file fixes: after a dangling comma the fix added a second one (`,,`).
  for (const [written, fixed] of [
    ['10.0.0.7/32', '10.0.0.7/32, 10.0.0.9/32'],
    ['10.0.0.7/32,', '10.0.0.7/32, 10.0.0.9/32'],
    ['10.0.0.7/32 ,', '10.0.0.7/32 , 10.0.0.9/32'],
    ['10.0.0.7/32, # phone', '10.0.0.7/32, 10.0.0.9/32 # phone'],
  ]) {
    it(`Add to AllowedIPs after ${JSON.stringify(written)}: ${JSON.stringify(fixed)}`, () => {
      const text = iface() + peer(`AllowedIPs = ${written}\n`) + peer('# Name = desktop\nAllowedIPs = 10.0.0.3/32\n', CHARLIE_PUB);
      const got = inWorkspace(text, { 'laptop.conf': spokeOf(BRAVO_PRIV, '10.0.0.9/24') }, '\n').filter((p) => p.rule === 'allowed-ips-miss-address');
      const out = applyTextEdits(text, got[0]!.fixes!.find((f) => f.title === 'Add 10.0.0.9/32 to AllowedIPs')!.edits);
      assert.ok(out.includes(`\nAllowedIPs = ${fixed}\n`), out);
    });
  }
  it('an address no sibling holds: still the route to add', () => {
    const got = inWorkspace(hub, { 'laptop.conf': spokeOf(BRAVO_PRIV, '10.0.0.2/24'), 'desktop.conf': spokeOf(CHARLIE_PRIV, '10.0.0.9/24') }, '\n').filter((p) => p.rule === 'allowed-ips-miss-address');
    assert.deepEqual(got.map((p) => p.fixes!.map((f) => f.title)), [['Add 10.0.0.9/32 to AllowedIPs']]);
  });
});

describe("counterpart-missing-peer: the other end's [Peer] under a mistyped or an old key (topology review)", () => {
  // alpha (PRIV, public PUB_SELF) is the hub; bravo (BRAVO_PRIV, public PUB) its spoke at 10.0.0.2.
  const TYPO = `${PUB.slice(0, 43 - 1)}A=`;
  const OLD = generateKeyPair().publicKey;
  const spoke = bravo('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n');
  const hubWith = (key: string) => iface() + peer('AllowedIPs = 10.0.0.2/32\n', key);
  const ids = (ps: readonly Problem[]) => ps.filter((p) => ['counterpart-missing-peer', 'near-miss-peer-key'].includes(p.rule)).map((p) => [p.rule, p.range.start.line, p.fixes?.map((f) => [f.title, !!f.preferred])]);
  const both = (hub: string) => {
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/bravo.conf', spoke);
    ws.setText('file:///ws/alpha.conf', hub);
    return { alpha: validateInWorkspace(ws, ws.get('file:///ws/alpha.conf')!), bravo: validateInWorkspace(ws, ws.get('file:///ws/bravo.conf')!) };
  };
  it('a typo: near-miss-peer-key on the stanza, and the other end is told its [Peer] is there one character off (no "has no [Peer]" twice)', () => {
    const { alpha, bravo: b } = both(hubWith(TYPO));
    assert.deepEqual(ids(alpha), [['near-miss-peer-key', 6, [["Use bravo.conf's public key", true]]]]);
    assert.deepEqual(ids(b), [['counterpart-missing-peer', 6, [["Use bravo.conf's public key in alpha.conf's [Peer]", true]]]]);
    const p = b.find((x) => x.rule === 'counterpart-missing-peer')!;
    assert.match(p.message, /one character off/);
    assert.deepEqual(p.fixes![0]!.edits.map((e) => [e.uri, e.range.start.line, e.newText]), [['file:///ws/alpha.conf', 6, PUB]]);
  });
  it('an old key (the spoke got a new PrivateKey): both ends point at the stale [Peer], whose key the fix replaces', () => {
    const { alpha, bravo: b } = both(hubWith(OLD));
    assert.deepEqual(ids(alpha), [['counterpart-missing-peer', 6, [["Use bravo.conf's public key in alpha.conf's [Peer]", true], ['Add a [Peer] for bravo.conf to alpha.conf', false]]]]);
    assert.match(alpha.find((x) => x.rule === 'counterpart-missing-peer')!.message, /this \[Peer\] routes its address 10\.0\.0\.2 under a key no config in the workspace owns/);
    assert.deepEqual(ids(b), [['counterpart-missing-peer', 6, [["Use bravo.conf's public key in alpha.conf's [Peer]", true], ['Add a [Peer] for bravo.conf to alpha.conf', false]]]]);
    assert.match(b.find((x) => x.rule === 'counterpart-missing-peer')!.message, /routes this config's address 10\.0\.0\.2 has a key no config in the workspace owns/);
  });
  it("this interface's own public key pasted as the other end's (self-peer): both ends point at that [Peer], whose key the fix replaces", () => {
    const { alpha, bravo: b } = both(hubWith(PUB_SELF));
    assert.deepEqual(ids(alpha), [['counterpart-missing-peer', 6, [["Use bravo.conf's public key in alpha.conf's [Peer]", true]]]]);
    assert.match(alpha.find((x) => x.rule === 'counterpart-missing-peer')!.message, /this \[Peer\] routes its address 10\.0\.0\.2 under this interface's own public key \(self-peer: wg ignores it\)/);
    assert.ok(alpha.some((x) => x.rule === 'self-peer' && x.range.start.line === 6));
    assert.deepEqual(ids(b), [['counterpart-missing-peer', 6, [["Use bravo.conf's public key in alpha.conf's [Peer]", true]]]]);
    const p = b.find((x) => x.rule === 'counterpart-missing-peer')!;
    assert.match(p.message, /routes this config's address 10\.0\.0\.2 has alpha\.conf's own public key \(self-peer/);
    assert.deepEqual(p.fixes![0]!.edits.map((e) => [e.uri, e.range.start.line, e.newText]), [['file:///ws/alpha.conf', 6, PUB]]);
  });
  it('a [Peer] routing a subnet that holds the address is no stale stanza: the plain message', () => {
    const { b } = { b: both(iface() + peer('AllowedIPs = 10.0.0.0/24\n', OLD)).bravo };
    assert.match(b.find((x) => x.rule === 'counterpart-missing-peer')!.message, /has no \[Peer\] for this interface/);
  });
  it("a client's [Peer] for its server under an old key: it dials the server's ListenPort and routes its subnet (cross-file review)", () => {
    // bravo (10.0.0.2, listening) is the server here; alpha's stanza dials it on 51820 with a key nobody owns.
    const client = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\n` + peer('AllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.2:51820\nPersistentKeepalive = 25\n', OLD);
    const server = bravo('AllowedIPs = 10.0.0.1/32\n');
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/bravo.conf', server);
    const alpha = validateInWorkspace(ws, ws.setText('file:///ws/alpha.conf', client));
    assert.deepEqual(ids(alpha), [['counterpart-missing-peer', 5, [["Use bravo.conf's public key in alpha.conf's [Peer]", true], ['Add a [Peer] for bravo.conf to alpha.conf', false]]]]);
    const b = validateInWorkspace(ws, ws.get('file:///ws/bravo.conf')!);
    assert.deepEqual(ids(b), [['counterpart-missing-peer', 6, [["Use bravo.conf's public key in alpha.conf's [Peer]", true], ['Add a [Peer] for bravo.conf to alpha.conf', false]]]]);
    // Dialing another port, or a default route (a VPN provider's [Peer] on 51820: diff review), is no evidence: the plain message.
    const plain = () => validateInWorkspace(ws, ws.get('file:///ws/bravo.conf')!).find((x) => x.rule === 'counterpart-missing-peer')!;
    ws.setText('file:///ws/alpha.conf', client.replace(':51820', ':51999'));
    assert.match(plain().message, /has no \[Peer\] for this interface/);
    ws.setText('file:///ws/alpha.conf', client.replace('AllowedIPs = 10.0.0.0/24', 'AllowedIPs = 0.0.0.0/0, ::/0'));
    assert.match(plain().message, /has no \[Peer\] for this interface/);
    assert.deepEqual(plain().fixes!.map((f) => [f.title, !!f.preferred]), [['Add a [Peer] for bravo.conf to alpha.conf', true]]);
  });
});

describe('reused-listen-port', () => {
  it('silent: two spokes of one hub in one folder are two hosts', () => {
    const spoke = (priv: string, addr: string) => `[Interface]\nPrivateKey = ${priv}\nAddress = ${addr}\nListenPort = 51820\n\n[Peer]\nPublicKey = ${PUB2}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n`;
    const problems = inWorkspace(spoke(PRIV, '10.0.0.2/24'), { 'b.conf': spoke(BRAVO_PRIV, '10.0.0.3/24') }, '\n');
    assert.deepEqual(problems.filter((p) => p.rule === 'reused-listen-port'), []);
  });
});

describe('windows-tunnel-conflict', () => {
  const alpha = iface() + peer('AllowedIPs = 10.50.0.0/24\n');
  const windows = { target: 'windows' } as const;
  const cases: ReadonlyArray<[string, string, Record<string, string>, ValidateOptions?]> = [
    ['another target', alpha, { 'home.conf': home('AllowedIPs = 10.50.0.0/24') }],
    ['nested, not equal routes', iface() + peer('AllowedIPs = 10.0.0.0/16\n'), { 'home.conf': home('AllowedIPs = 10.0.0.0/25, 10.0.0.0/31') }, windows],
    ['the two ends of one tunnel', alpha, { 'bravo.conf': bravo('AllowedIPs = 10.0.0.0/24, 10.50.0.0/24\n') }, windows],
    ['two spokes of one hub (a peer in common)', alpha, { 'home.conf': home('AllowedIPs = 10.50.0.0/24', PUB) }, windows],
    ['the other config marked for another tool (# wgls-target android)', alpha, { 'home.conf': `# wgls-target android\n${home('AllowedIPs = 10.50.0.0/24')}` }, windows],
    ['this config marked for another tool (# wgls-target apple)', `# wgls-target apple\n${alpha}`, { 'home.conf': home('AllowedIPs = 10.50.0.0/24') }, windows],
    ['a removed route (wg ≥ v1.0.20250521 `-` item)', iface() + peer('AllowedIPs = -10.50.0.0/24\n'), { 'home.conf': home('AllowedIPs = 10.50.0.0/24') }, { ...windows, severities: { 'allowed-ip-sign': 'off' } }],
    // Alternatives: only one of them can carry the default route (real-world review: a folder of provider
    // profiles, each its own key and all one address, was warned 16 times over).
    ['two full tunnels', iface() + peer('AllowedIPs = 0.0.0.0/0, ::/0\n'), { 'home.conf': home('AllowedIPs = 0.0.0.0/0') }, windows],
    ['two full tunnels with one Address', iface() + peer('AllowedIPs = 0.0.0.0/0\n'), { 'home.conf': home('AllowedIPs = 0.0.0.0/0').replace('10.9.0.2/32', '10.0.0.1/24') }, windows],
  ];
  // Not alternatives (diff review): one default route is IPv4, the other IPv6; or one carries none (Table = off).
  it('reported: an IPv4 and an IPv6 full tunnel sharing a route; a full tunnel and a Table = off config routing 0.0.0.0/0', () => {
    const conflicts = (text: string, other: string) => inWorkspace(text, { 'home.conf': other }, '\n', windows).filter((p) => p.rule === 'windows-tunnel-conflict').length;
    assert.equal(conflicts(iface() + peer('AllowedIPs = 0.0.0.0/0, 10.50.0.0/24\n'), home('AllowedIPs = 10.50.0.0/24, ::/0')), 1);
    assert.equal(conflicts(iface() + peer('AllowedIPs = 0.0.0.0/0\n'), home('AllowedIPs = 0.0.0.0/0').replace('Address = ', 'Table = off\nAddress = ')), 1);
  });
  for (const [name, text, others, options] of cases) {
    it(`silent: ${name}`, () => assert.deepEqual(inWorkspace(text, others, '\n', options).filter((p) => p.rule === 'windows-tunnel-conflict'), []));
  }
  it('silent: the other config in another folder', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/other/home.conf', home('AllowedIPs = 10.50.0.0/24'));
    const problems = validateInWorkspace(ws, ws.setText('file:///ws/alpha.conf', alpha), windows);
    assert.deepEqual(problems.filter((p) => p.rule === 'windows-tunnel-conflict'), []);
  });
  it('both configs report it, each pointing at the other', () => {
    const ws = new WorkspaceModel();
    ws.setText('file:///ws/home.conf', home('AllowedIPs = 10.50.0.0/24'));
    ws.setText('file:///ws/alpha.conf', alpha);
    const [mine] = validateInWorkspace(ws, ws.get('file:///ws/alpha.conf')!, windows).filter((p) => p.rule === 'windows-tunnel-conflict');
    const [theirs] = validateInWorkspace(ws, ws.get('file:///ws/home.conf')!, windows).filter((p) => p.rule === 'windows-tunnel-conflict');
    assert.equal(mine?.message, 'On Windows, starting this tunnel stops home.conf and starting home.conf stops this one: AllowedIPs 10.50.0.0/24 here equals AllowedIPs 10.50.0.0/24 there, and WireGuard for Windows never runs two tunnels with an equal address or route.');
    assert.deepEqual(mine?.range, { start: { line: 7, character: 13 }, end: { line: 7, character: 25 } });
    assert.deepEqual(mine?.related, [{ uri: 'file:///ws/home.conf', range: { start: { line: 6, character: 13 }, end: { line: 6, character: 25 } }, message: 'home.conf: AllowedIPs 10.50.0.0/24' }]);
    assert.deepEqual(theirs?.range, { start: { line: 6, character: 13 }, end: { line: 6, character: 25 } });
    assert.equal(theirs?.related?.[0]?.uri, 'file:///ws/alpha.conf');
  });
  it('silent: profiles of one device (one PrivateKey, a VPN provider\'s file per server), run one at a time (heuristics review)', () => {
    const server = (n: number) => `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.64.1.2/32\nDNS = 10.64.0.1\n\n[Peer]\nPublicKey = ${generateKeyPair().publicKey}\nAllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = 185.213.154.${n}:51820\n`;
    const ws = new WorkspaceModel();
    for (let n = 1; n <= 5; n++) ws.setText(`file:///ws/se-${n}.conf`, server(n));
    const problems = validateInWorkspace(ws, ws.get('file:///ws/se-1.conf')!, windows);
    assert.deepEqual(problems.filter((p) => p.rule === 'windows-tunnel-conflict'), []);
  });
  it('one report per file, however many tunnels it conflicts with', () => {
    const ws = new WorkspaceModel();
    const others = [generateKeyPair(), generateKeyPair(), generateKeyPair(), generateKeyPair()];
    others.forEach((k, i) => ws.setText(`file:///ws/t${i}.conf`, `[Interface]\nPrivateKey = ${k.privateKey}\nAddress = 10.${i}.0.2/32\n\n[Peer]\nPublicKey = ${generateKeyPair().publicKey}\nAllowedIPs = 10.50.0.0/24\n`));
    const found = validateInWorkspace(ws, ws.setText('file:///ws/alpha.conf', alpha), windows).filter((p) => p.rule === 'windows-tunnel-conflict');
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /^On Windows, starting this tunnel stops 4 other tunnels \(t0\.conf, t1\.conf, t2\.conf, …\), and starting any of them stops this one/);
    assert.equal(found[0]!.related?.length, 4);
  });
  it('an Address is compared as a host and masked: the message says which', () => {
    const problems = inWorkspace(iface() + peer('AllowedIPs = 10.9.0.0/24\n'), { 'home.conf': home('AllowedIPs = 10.0.0.1') }, '\n', windows);
    assert.deepEqual(
      problems.filter((p) => p.rule === 'windows-tunnel-conflict').map((p) => p.message.split(':')[1]),
      [' Address 10.0.0.1/24 (as 10.0.0.1/32) here equals AllowedIPs 10.0.0.1 (as 10.0.0.1/32) there, and WireGuard for Windows never runs two tunnels with an equal address or route.'],
    );
  });
});

describe('unrouted-neighbor', () => {
  const hub = hubOf([[PUB_SELF, '10.0.0.2/32'], [CHARLIE_PUB, '10.0.0.3/32']]);
  const charlie = spoke(CHARLIE_PRIV, '10.0.0.3/24', '10.0.0.0/24');
  const cases: ReadonlyArray<[string, string, Record<string, string>]> = [
    ['the spoke routes the subnet through the hub', spoke(PRIV, '10.0.0.2/24', '10.0.0.0/24'), { 'charlie.conf': charlie, 'hub.conf': hub }],
    ['a /32 Address (spokes kept apart on purpose)', spoke(PRIV, '10.0.0.2/32', '10.0.0.1/32'), { 'charlie.conf': charlie }],
    ['a full tunnel', spoke(PRIV, '10.0.0.2/24', '0.0.0.0/0'), { 'charlie.conf': charlie }],
    ['the other config lists another peer (no neighbour)', spoke(PRIV, '10.0.0.2/24', '10.0.0.1/32'), { 'charlie.conf': charlie.replace(HUB_PUB, PUB2) }],
    ['the neighbour is outside the subnet', spoke(PRIV, '10.0.0.2/24', '10.0.0.1/32'), { 'charlie.conf': spoke(CHARLIE_PRIV, '10.1.0.3/24', '10.1.0.0/16') }],
    ['the hub (it lists its spokes, shares no peer with them)', hub, { 'alpha2.conf': spoke(PRIV, '10.0.0.2/24', '10.0.0.1/32'), 'charlie.conf': charlie }],
  ];
  for (const [name, text, others] of cases) {
    it(`silent: ${name}`, () => assert.deepEqual(inWorkspace(text, others, '\n').filter((p) => p.rule === 'unrouted-neighbor'), []));
  }
  it('says what becomes of the packets on each target: dropped in the tunnel, or (Android) never in it', () => {
    const message = (target: Target) => inWorkspace(spoke(PRIV, '10.0.0.2/24', '10.0.0.1/32'), { 'charlie.conf': charlie }, '\n', { target }).find((p) => p.rule === 'unrouted-neighbor')!.message;
    assert.match(message('wg-quick'), /packets to it enter the tunnel and are dropped \(the kernel module says "Required key not available"\)\./);
    assert.match(message('apple'), /packets to it enter the tunnel and are dropped\./);
    assert.match(message('android'), /packets to it never enter the tunnel \(the Android app routes only AllowedIPs, none for the Address\)\./);
  });
  it('silent: two failover hubs that share one client (the laptop forwards nothing between them; topology review)', () => {
    const [fra, ams, laptop] = [generateKeyPair(), generateKeyPair(), generateKeyPair()];
    const hub = (me: typeof fra, address: string) => `[Interface]\nPrivateKey = ${me.privateKey}\nAddress = ${address}\nListenPort = 51820\n\n[Peer]\nPublicKey = ${laptop.publicKey}\nAllowedIPs = 10.40.0.10/32\n`;
    const profile = (to: typeof fra, host: string) => `[Interface]\nPrivateKey = ${laptop.privateKey}\nAddress = 10.40.0.10/24\n\n[Peer]\nPublicKey = ${to.publicKey}\nAllowedIPs = 10.40.0.0/24\nEndpoint = ${host}:51820\nPersistentKeepalive = 25\n`;
    const others = { 'hub-ams.conf': hub(ams, '10.40.0.2/24'), 'laptop-fra.conf': profile(fra, 'fra.example.net'), 'laptop-ams.conf': profile(ams, 'ams.example.net') };
    assert.deepEqual(inWorkspace(hub(fra, '10.40.0.1/24'), others, '\n').filter((p) => p.rule === 'unrouted-neighbor').map((p) => p.message), []);
  });

  it('a full mesh with a route missing: allowed-ips-miss-address says so, not "route through a third host" (topology review)', () => {
    const [a, b, c] = [generateKeyPair(), generateKeyPair(), generateKeyPair()];
    const host = (me: typeof a, address: string, peers: ReadonlyArray<[typeof a, string | undefined]>) =>
      `[Interface]\nPrivateKey = ${me.privateKey}\nAddress = ${address}\nListenPort = 51820\n${peers.map(([k, ip]) => `\n[Peer]\nPublicKey = ${k.publicKey}\n${ip ? `AllowedIPs = ${ip}\n` : ''}`).join('')}`;
    const text = host(a, '10.50.0.1/24', [[b, '10.50.0.2/32'], [c, undefined]]);
    const others = { 'b.conf': host(b, '10.50.0.2/24', [[a, '10.50.0.1/32'], [c, '10.50.0.3/32']]), 'c.conf': host(c, '10.50.0.3/24', [[a, '10.50.0.1/32'], [b, '10.50.0.2/32']]) };
    const rules = inWorkspace(text, others, '\n').map((p) => p.rule);
    assert.ok(!rules.includes('unrouted-neighbor'), rules.join(' '));
    assert.ok(rules.includes('allowed-ips-miss-address'), rules.join(' '));
  });

  it('the same message whatever order the workspace learned of the neighbours in (incremental review)', () => {
    const delta = spoke(generateKeyPair().privateKey, '10.0.0.4/24', '10.0.0.0/24');
    const text = spoke(PRIV, '10.0.0.2/24', '10.0.0.1/32');
    const message = (others: Record<string, string>) => inWorkspace(text, others, '\n').find((x) => x.rule === 'unrouted-neighbor')?.message;
    const first = message({ 'charlie.conf': charlie, 'delta.conf': delta });
    assert.match(first ?? '', /^charlie\.conf \(10\.0\.0\.3\), delta\.conf \(10\.0\.0\.4\) lie in/);
    assert.equal(message({ 'delta.conf': delta, 'charlie.conf': charlie }), first);
  });
  it("names the hub and the neighbours; its fixes widen the hub's AllowedIPs or narrow the Address, and the diagnostic goes away", () => {
    const text = spoke(PRIV, '10.0.0.2/24', '10.0.0.1/32');
    const others = { 'charlie.conf': charlie, 'hub.conf': hub };
    const [p, ...rest] = inWorkspace(text, others, '\n').filter((x) => x.rule === 'unrouted-neighbor');
    assert.equal(rest.length, 0);
    assert.equal(p?.severity, 'information');
    assert.equal(
      p?.message,
      'charlie.conf (10.0.0.3) lies in this interface\'s subnet 10.0.0.0/24 and shares a peer (hub.conf) with this config, but no [Peer] here routes it: packets to it enter the tunnel and are dropped (the kernel module says "Required key not available"). Route 10.0.0.0/24 through hub.conf (which must forward between its peers), or make this Address 10.0.0.2/32 if they are meant to stay apart.',
    );
    assert.deepEqual(p?.related, [{ uri: 'file:///ws/charlie.conf', range: { start: { line: 2, character: 10 }, end: { line: 2, character: 21 } }, message: 'charlie.conf: Address 10.0.0.3/24' }]);
    assert.deepEqual(p?.fixes?.map((f) => [f.title, f.preferred ?? false, f.edits]), [
      ['Route 10.0.0.0/24 through hub.conf', true, [{ range: { start: { line: 6, character: 24 }, end: { line: 6, character: 24 } }, newText: ', 10.0.0.0/24' }]],
      ['Make the Address 10.0.0.2/32', false, [{ range: { start: { line: 2, character: 10 }, end: { line: 2, character: 21 } }, newText: '10.0.0.2/32' }]],
    ]);
    const widened = text.replace('AllowedIPs = 10.0.0.1/32', 'AllowedIPs = 10.0.0.1/32, 10.0.0.0/24');
    assert.deepEqual(inWorkspace(widened, others, '\n').filter((x) => x.rule === 'unrouted-neighbor'), []);
    const narrowed = text.replace('Address = 10.0.0.2/24', 'Address = 10.0.0.2/32');
    assert.deepEqual(inWorkspace(narrowed, others, '\n').filter((x) => x.rule === 'unrouted-neighbor'), []);
  });
  it('a mesh missing a link (the shared peer reaches the neighbour at an Endpoint): a direct tunnel is offered, and applied it leaves both ends clean (topology review)', () => {
    const [m1, m2, m3] = [generateKeyPair(), generateKeyPair(), generateKeyPair()];
    const node = (self: { privateKey: string }, address: string, peers: ReadonlyArray<[{ publicKey: string }, string, string]>) =>
      `[Interface]\nPrivateKey = ${self.privateKey}\nAddress = ${address}/24\nListenPort = 51820\n` +
      peers.map(([p, allowed, host]) => `\n[Peer]\nPublicKey = ${p.publicKey}\nAllowedIPs = ${allowed}\nEndpoint = ${host}:51820\n`).join('');
    const texts = new Map([
      ['file:///mesh/m1.conf', node(m1, '10.30.0.1', [[m2, '10.30.0.2/32', 'm2.example.net'], [m3, '10.30.0.3/32', 'm3.example.net']])],
      ['file:///mesh/m2.conf', node(m2, '10.30.0.2', [[m1, '10.30.0.1/32', 'm1.example.net']])],
      ['file:///mesh/m3.conf', node(m3, '10.30.0.3', [[m1, '10.30.0.1/32', 'm1.example.net']])],
    ]);
    const ws = new WorkspaceModel();
    for (const [u, t] of texts) ws.setText(u, t);
    const p = validateInWorkspace(ws, ws.get('file:///mesh/m2.conf')!).find((x) => x.rule === 'unrouted-neighbor')!;
    assert.match(p.message, /give both a \[Peer\] for each other \(m3\.conf has an Endpoint in m1\.conf: a direct tunnel, as in a mesh\)/);
    const direct = p.fixes!.find((f) => f.title === 'Add a direct tunnel: a [Peer] for m3.conf here and one for this config in m3.conf')!;
    assert.deepEqual(direct.edits.map((e) => [e.uri ?? 'file:///mesh/m2.conf', e.newText]), [
      ['file:///mesh/m2.conf', `\n[Peer]\n# Name = m3\nPublicKey = ${m3.publicKey}\nAllowedIPs = 10.30.0.3/32\nEndpoint = m3.example.net:51820\n`],
      ['file:///mesh/m3.conf', `\n[Peer]\n# Name = m2\nPublicKey = ${m2.publicKey}\nAllowedIPs = 10.30.0.2/32\nEndpoint = m2.example.net:51820\n`],
    ]);
    for (const e of direct.edits) {
      const u = e.uri ?? 'file:///mesh/m2.conf';
      ws.setText(u, applyEditsTo(ws.get(u)!.doc.text, [e]));
    }
    for (const u of texts.keys()) assert.deepEqual(validateInWorkspace(ws, ws.get(u)!).filter((x) => x.severity !== 'hint').map((x) => x.rule), [], u);
  });
  it('no direct tunnel offered when the neighbour lists this config already: only this side is missing (diff review)', () => {
    const [m1, m2, m3] = [generateKeyPair(), generateKeyPair(), generateKeyPair()];
    const node = (self: { privateKey: string }, address: string, peers: ReadonlyArray<[{ publicKey: string }, string, string]>) =>
      `[Interface]\nPrivateKey = ${self.privateKey}\nAddress = ${address}/24\nListenPort = 51820\n` +
      peers.map(([p, allowed, host]) => `\n[Peer]\nPublicKey = ${p.publicKey}\nAllowedIPs = ${allowed}\nEndpoint = ${host}:51820\n`).join('');
    const ws = new WorkspaceModel();
    ws.setText('file:///mesh/m1.conf', node(m1, '10.30.0.1', [[m2, '10.30.0.2/32', 'm2.example.net'], [m3, '10.30.0.3/32', 'm3.example.net']]));
    ws.setText('file:///mesh/m2.conf', node(m2, '10.30.0.2', [[m1, '10.30.0.1/32', 'm1.example.net']]));
    ws.setText('file:///mesh/m3.conf', node(m3, '10.30.0.3', [[m1, '10.30.0.1/32', 'm1.example.net'], [m2, '10.30.0.2/32', 'm2.example.net']]));
    const p = validateInWorkspace(ws, ws.get('file:///mesh/m2.conf')!).find((x) => x.rule === 'unrouted-neighbor');
    assert.ok(!p || !p.fixes!.some((f) => f.title.startsWith('Add a direct tunnel')), JSON.stringify(p?.fixes?.map((f) => f.title)));
  });
  it('silent for plain wg (it applies no Address); after a dangling comma the fix adds no second one', () => {
    const others = { 'charlie.conf': charlie, 'hub.conf': hub };
    const wg = inWorkspace(spoke(PRIV, '10.0.0.2/24', '10.0.0.1/32'), others, '\n', { target: 'wg' });
    assert.deepEqual(wg.filter((p) => p.rule === 'unrouted-neighbor'), []);
    const [p] = inWorkspace(spoke(PRIV, '10.0.0.2/24', '10.0.0.1/32,'), others, '\n').filter((x) => x.rule === 'unrouted-neighbor');
    assert.deepEqual(p?.fixes?.[0]?.edits, [{ range: { start: { line: 6, character: 25 }, end: { line: 6, character: 25 } }, newText: ' 10.0.0.0/24' }]);
  });
  it("the peer named does not depend on the order of the neighbour's peers (a stale result otherwise)", () => {
    // self and f both list two hubs, each of which lists both: the first hub in self's order is named.
    const [S, F, H1, H2, X, Y, Z] = Array.from({ length: 7 }, () => generateKeyPair());
    const peerOf = (k: { publicKey: string }, allowed: string) => `[Peer]\nPublicKey = ${k.publicKey}\nAllowedIPs = ${allowed}\nEndpoint = 192.0.2.1:51820\n`;
    const self = `[Interface]\nPrivateKey = ${S.privateKey}\nAddress = 10.0.0.2/24\n\n` + peerOf(H1, '10.0.0.1/32') + peerOf(H2, '10.0.0.254/32') + peerOf(X, '192.168.9.0/24');
    const f = (peers: string) => `[Interface]\nPrivateKey = ${F.privateKey}\nAddress = 10.0.0.3/24\n\n` + peers;
    const hubText = (k: typeof H1, address: string) => `[Interface]\nPrivateKey = ${k.privateKey}\nAddress = ${address}\nListenPort = 51820\n\n` + peerOf(S, '10.0.0.2/32') + peerOf(F, '10.0.0.3/32');
    for (const [f0, f1] of [
      [peerOf(H2, '10.0.0.0/24') + peerOf(H1, '10.0.0.0/24'), peerOf(H1, '10.0.0.0/24') + peerOf(H2, '10.0.0.0/24')],
      [peerOf(H2, '10.0.0.0/24') + peerOf(H1, '10.0.0.0/24'), peerOf(H2, '10.0.0.0/24') + peerOf(H1, '10.0.0.0/24') + peerOf(Y, '10.9.0.0/24') + peerOf(Z, '10.8.0.0/24')],
    ]) {
      const ws = new WorkspaceModel();
      ws.setText('file:///w/h1.conf', hubText(H1, '10.0.0.1/24'));
      ws.setText('file:///w/h2.conf', hubText(H2, '10.0.0.254/24'));
      const me = ws.setText('file:///w/self.conf', self);
      ws.setText('file:///w/f.conf', f(f0));
      const titles = () => validateInWorkspace(ws, ws.get(me.uri)!, {}).filter((p) => p.rule === 'unrouted-neighbor').map((p) => p.fixes?.[0]?.title);
      assert.deepEqual(titles(), ['Route 10.0.0.0/24 through h1.conf']);
      ws.setText('file:///w/f.conf', f(f1));
      assert.deepEqual(titles(), ['Route 10.0.0.0/24 through h1.conf']);
    }
  });
  it('the peer named is one whose config forwards to the neighbour, not merely the first shared one', () => {
    // laptop lists nas before the hub; the phone lists both; only the hub's config lists the phone.
    const [L, P, N, H] = Array.from({ length: 4 }, () => generateKeyPair());
    const peerOf = (k: { publicKey: string }, allowed: string) => `[Peer]\nPublicKey = ${k.publicKey}\nAllowedIPs = ${allowed}\nEndpoint = 192.0.2.1:51820\n`;
    const ws = new WorkspaceModel();
    ws.setText('file:///w/hub.conf', `[Interface]\nPrivateKey = ${H.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n` + peerOf(L, '10.0.0.2/32') + peerOf(P, '10.0.0.3/32') + peerOf(N, '10.0.0.4/32'));
    ws.setText('file:///w/nas.conf', `[Interface]\nPrivateKey = ${N.privateKey}\nAddress = 10.0.0.4/24\nListenPort = 51821\n\n` + peerOf(H, '10.0.0.0/24') + peerOf(L, '10.0.0.2/32'));
    ws.setText('file:///w/phone.conf', `[Interface]\nPrivateKey = ${P.privateKey}\nAddress = 10.0.0.3/24\n\n` + peerOf(N, '10.0.0.4/32') + peerOf(H, '10.0.0.0/24'));
    const laptop = ws.setText('file:///w/laptop.conf', `[Interface]\nPrivateKey = ${L.privateKey}\nAddress = 10.0.0.2/24\n\n` + peerOf(N, '10.0.0.4/32') + peerOf(H, '10.0.0.1/32'));
    const got = validateInWorkspace(ws, laptop, {}).filter((p) => p.rule === 'unrouted-neighbor');
    assert.deepEqual(got.map((p) => p.fixes?.[0]?.title), ['Route 10.0.0.0/24 through hub.conf']);
  });
  it('several neighbours: one diagnostic naming them all', () => {
    const others: Record<string, string> = {};
    for (let i = 3; i <= 7; i++) others[`s${i}.conf`] = spoke(PRIV.replace('M', String.fromCharCode(0x41 + i)), `10.0.0.${i}/24`, '10.0.0.0/24');
    const got = inWorkspace(spoke(CHARLIE_PRIV, '10.0.0.2/24', '10.0.0.1/32'), others, '\n').filter((x) => x.rule === 'unrouted-neighbor');
    assert.equal(got.length, 1);
    assert.match(got[0]!.message, /^5 configs \(s3\.conf, s4\.conf and 3 more\) lie in this interface's subnet 10\.0\.0\.0\/24 and share a peer \(the \[Peer\] on line 5\) with this config/);
    assert.equal(got[0]!.related?.length, 5);
  });
});

describe('hook-delete-fails-up: a delete in PreUp/PostUp that nothing guards', () => {
  const found = (hooks: string, options: ValidateOptions = {}) =>
    validate(parse(iface(hooks)), options)
      .filter((p) => p.rule === 'hook-delete-fails-up')
      .map((p) => p.range.start.character);
  it('iptables -D/-X, ip … del, nft delete, with sudo or a path; PreUp too', () => {
    for (const cmd of ['iptables -D FORWARD -i %i -j ACCEPT', 'ip6tables --delete INPUT 1', '/usr/sbin/iptables -t nat -X WG', 'sudo ip rule del table 51820', 'ip -4 route delete 10.9.0.0/24', 'ip addr del 10.0.0.9/24 dev eth0', 'ip link del dummy0', 'nft delete table inet wg',
      // (Review of the new rules: these were missed.)
      'ip neighbour del 10.0.0.9 dev eth0', 'ip -family inet route del 10.9.0.0/24', 'ip -n ns route del 10.9.0.0/24', 'sudo -n iptables -D INPUT 1', 'env iptables -D INPUT 1', 'tc qdisc del dev %i root', 'ipset destroy wg', 'route del -net 10.9.0.0/24', 'ip route del 10.0.0.2/32 dev %i']) {
      assert.deepEqual(found(`PostUp = ${cmd}\n`), [9], cmd);
      assert.deepEqual(found(`PreUp = true; ${cmd}\n`), [14], cmd);
    }
  });
  it('guarded by || or &&, in PostDown, an add, or another target: silent', () => {
    for (const hooks of [
      'PostUp = iptables -D INPUT 1 || true\n',
      'PostUp = iptables -D INPUT 1 2>/dev/null || :; iptables -A INPUT -j ACCEPT\n',
      'PostUp = iptables -C INPUT -j ACCEPT || iptables -A INPUT -j ACCEPT\n',
      'PostUp = iptables -D INPUT 1 && echo removed; true\n',
      'PostUp = iptables -F; iptables -X; iptables -A INPUT -j ACCEPT\n',
      'PostUp = iptables -D INPUT -j ACCEPT &\n',
      'PostDown = iptables -D INPUT 1\n',
      'PostUp = iptables -A INPUT -j ACCEPT; ip rule add table 7\n',
      'PostUp = echo "iptables -D INPUT 1"\n',
      // (Review of the new rules.) After a check with &&; after `set +e`; in the background; a quoted -D;
      // the address and subnet route wg-quick has just made, rewritten in PostUp; ipset with -exist.
      'PostUp = iptables -C INPUT -j ACCEPT 2>/dev/null && iptables -D INPUT -j ACCEPT; iptables -I INPUT -j ACCEPT\n',
      'PostUp = set +e; iptables -D FORWARD -i %i -j ACCEPT 2>/dev/null; iptables -A FORWARD -i %i -j ACCEPT\n',
      'PostUp = iptables -D INPUT 1 2>/dev/null & iptables -A INPUT -j ACCEPT\n',
      'PostUp = iptables -A FORWARD -m comment --comment "wg -D marker" -i %i -j ACCEPT\n',
      'PostUp = ip route del 10.0.0.0/24 dev %i; ip route add 10.0.0.0/24 dev %i metric 50\n',
      'PostUp = ip addr del 10.0.0.1/24 dev %i; ip addr add 10.0.0.1 peer 10.0.0.2 dev %i\n',
      'PostUp = ipset del wg 10.0.0.9 -exist\n',
    ]) {
      assert.deepEqual(found(hooks), [], hooks);
    }
    // The hook's last and-or list: its failure is the hook's (diff review).
    assert.deepEqual(found('PostUp = iptables -D INPUT 1 && echo removed\n'), [9]);
    assert.deepEqual(found('PostUp = iptables -X WGCHAIN\n'), [9]);
    assert.deepEqual(found('PostUp = iptables -D INPUT 1\n', { target: 'windows' }), []);
    assert.deepEqual(found('PostUp = iptables -D INPUT 1\n', { target: 'amneziawg' }), [9]);
  });
  it('the fix adds || true after the command, before what follows', () => {
    const text = iface('PostUp = iptables -D INPUT 1 2>/dev/null; iptables -A INPUT -j ACCEPT\n');
    const p = validate(parse(text)).find((x) => x.rule === 'hook-delete-fails-up')!;
    const fixed = applyEditsTo(text, p.fixes![0]!.edits);
    assert.match(fixed, /^PostUp = iptables -D INPUT 1 2>\/dev\/null \|\| true; iptables -A INPUT -j ACCEPT$/m);
    assert.deepEqual(validate(parse(fixed)).filter((x) => x.rule === 'hook-delete-fails-up'), []);
  });
});

describe('family-without-address with no Address at all: reported when the other end routes a host address to it (network fuzz)', () => {
  const [a, b] = [generateKeyPair(), generateKeyPair()];
  const alpha = (extra: string) => `[Interface]\nPrivateKey = ${a.privateKey}\n${extra}ListenPort = 51820\n\n[Peer]\nPublicKey = ${b.publicKey}\nAllowedIPs = 10.10.0.2/32\nEndpoint = 198.51.100.1:51820\n`;
  const bravo = `[Interface]\nPrivateKey = ${b.privateKey}\nAddress = 10.10.0.2/30\nListenPort = 51820\n\n[Peer]\nPublicKey = ${a.publicKey}\nAllowedIPs = 10.10.0.1/32\nEndpoint = 203.0.113.1:51820\n`;
  const found = (text: string, options: ValidateOptions = {}) => {
    const ws = new WorkspaceModel();
    ws.setText('file:///w/bravo.conf', bravo);
    return validateInWorkspace(ws, ws.setText('file:///w/alpha.conf', text), options).filter((p) => p.rule === 'family-without-address');
  };
  it('the header, with the address the other end routes as the fix', () => {
    const [p, ...rest] = found(alpha(''));
    assert.deepEqual(rest, []);
    assert.deepEqual([p!.range.start.line, p!.range.start.character, p!.range.end.character], [0, 0, 11]);
    assert.match(p!.message, /^\[Interface\] has no Address, and bravo\.conf routes 10\.10\.0\.1\/32, in its tunnel subnet, to this config/);
    assert.equal(p!.severity, 'information');
    const fixed = applyEditsTo(alpha(''), p!.fixes![0]!.edits);
    assert.match(fixed, /^\[Interface\]\nAddress = 10\.10\.0\.1\/32\n/);
    assert.deepEqual(found(fixed), []);
  });
  it('silent alone, with a hook, with an Address, or for plain wg', () => {
    assert.deepEqual(validate(parse(alpha(''))).filter((p) => p.rule === 'family-without-address'), []);
    assert.deepEqual(found(alpha('PostUp = ip addr add 10.10.0.1/30 dev %i\n')), []);
    assert.deepEqual(found(alpha('Address = 10.10.0.1/30\n')), []);
    assert.deepEqual(found(alpha(''), { target: 'wg' }), []);
  });
  it('a host route outside the other end\'s tunnel subnet is no address of this host: silent (review of the new rules)', () => {
    // An exit server reached for one public site, a gateway for one LAN host.
    for (const route of ['203.0.113.5/32', '192.168.1.10/32']) {
      const ws = new WorkspaceModel();
      ws.setText('file:///w/bravo.conf', bravo.replace('AllowedIPs = 10.10.0.1/32', `AllowedIPs = ${route}`));
      assert.deepEqual(validateInWorkspace(ws, ws.setText('file:///w/alpha.conf', alpha(''))).filter((p) => p.rule === 'family-without-address'), [], route);
    }
  });
});

describe('allowed-ips-not-routed: Table = off or a table of its own, nothing routing the AllowedIPs', () => {
  const cfg = (address: string, table: string, allowed: string, extra = '') =>
    `[Interface]\nPrivateKey = ${PRIV}\nAddress = ${address}\nTable = ${table}\n${extra}\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = ${allowed}\nEndpoint = 192.0.2.1:51820\n`;
  const found = (text: string, options: ValidateOptions = {}) => validate(parse(text), options).filter((p) => p.rule === 'allowed-ips-not-routed');
  it('off or a table of its own, outside the Address subnet: reported on Table, naming the prefixes', () => {
    for (const table of ['off', '1234', '253']) {
      const [p, ...rest] = found(cfg('10.10.0.1/32', table, '10.10.0.2/32, 192.168.7.0/24'));
      assert.deepEqual(rest, [], table);
      assert.equal(p!.range.start.line, 3);
      assert.match(p!.message, /10\.10\.0\.2\/32 \(.*\), 192\.168\.7\.0\/24 \(.*\)/, table);
      assert.equal(p!.related!.length, 2);
    }
  });
  it('silent: inside the subnet, Table auto/main/254/0, a PostUp, a /0 with off (table-off-default-route), other targets', () => {
    assert.deepEqual(found(cfg('10.10.0.1/24', 'off', '10.10.0.2/32')), []);
    for (const table of ['auto', 'main', '254', '0']) assert.deepEqual(found(cfg('10.10.0.1/32', table, '10.10.0.2/32')), [], table);
    assert.deepEqual(found(cfg('10.10.0.1/32', 'off', '10.10.0.2/32', 'PostUp = ip route add 10.10.0.2/32 dev %i\n')), []);
    assert.deepEqual(found(cfg('10.10.0.1/32', 'off', '0.0.0.0/0')), []);
    assert.equal(found(cfg('10.10.0.1/32', '1234', '0.0.0.0/0')).length, 1);
    assert.deepEqual(found(cfg('10.10.0.1/32', 'off', '10.10.0.2/32'), { target: 'windows' }), []);
    // (Review of the new rules.) A name (maybe the host's, `Off` is invalid-table's), local/255 (rule 0
    // looks it up first), the /1 halves with off (table-off-default-route's, as a /0).
    for (const table of ['custom', 'Off', 'Auto', 'local', '255']) assert.deepEqual(found(cfg('10.10.0.1/32', table, '10.10.0.2/32')), [], table);
    assert.deepEqual(found(cfg('10.10.0.1/32', 'off', '0.0.0.0/1, 128.0.0.0/1')), []);
    // …which table-off-default-route reports, as it reports a /0 (diff review: the halves went unreported).
    const off = validate(parse(cfg('10.10.0.1/32', 'off', '0.0.0.0/1, 128.0.0.0/1'))).filter((p) => p.rule === 'table-off-default-route');
    assert.deepEqual(off.map((p) => p.message.match(/so (.*) sends nothing/)?.[1]), ['128.0.0.0/1 and its other half']);
  });
  it('a /0 in a table of its own: only the ip rule advice (auto would make it a full tunnel for the host)', () => {
    const [p] = found(cfg('10.10.0.1/32', '1234', '0.0.0.0/0'));
    assert.ok(!/leave Table at auto/.test(p!.message));
    assert.deepEqual(p!.fixes, []);
    assert.match(found(cfg('10.10.0.1/32', '253', '10.10.0.2/32'))[0]!.message, /table 253 \(default\), which the system looks up only after the main table/);
  });
  it('the fix adds one PostUp route per prefix after Table; the result is clean of it', () => {
    const text = cfg('10.10.0.1/32', 'off', '10.10.0.2/32, fd10::2/128');
    const fix = found(text)[0]!.fixes![0]!;
    assert.equal(fix.title, 'Add PostUp routes for the 2 prefixes (ip route add … dev %i)');
    const fixed = applyEditsTo(text, fix.edits);
    assert.match(fixed, /^Table = off\nPostUp = ip route add 10\.10\.0\.2\/32 dev %i\nPostUp = ip -6 route add fd10::2\/128 dev %i\n/m);
    assert.deepEqual(found(fixed), []);
    assert.deepEqual(validate(parse(fixed)).filter((p) => p.rule === 'postup-without-postdown'), []);
  });
});

describe('fwmark-routing-table says which Table it saw', () => {
  it('Table = auto written out is named as such, not "no Table" (rule-docs review)', () => {
    const say = (table: string) => validate(parse(iface(`FwMark = 254\n${table}`) + peer('AllowedIPs = 0.0.0.0/0\n'))).find((p) => p.rule === 'fwmark-routing-table')!.message;
    assert.match(say('Table = auto\n'), /^With 0\.0\.0\.0\/0 and Table = auto, wg-quick uses FwMark 254/);
    assert.match(say(''), /^With 0\.0\.0\.0\/0 and no Table, wg-quick uses FwMark 254/);
  });
});

describe('fwmark-routing-table stays silent where wg-quick picks no table from the mark', () => {
  const body = (ifaceExtra: string, allowed = '0.0.0.0/0, ::/0') => iface(ifaceExtra) + peer(`AllowedIPs = ${allowed}\n`);
  silentCases('fwmark-routing-table', [
    ['FwMark = off', body('FwMark = off\n')],
    ['FwMark = 0', body('FwMark = 0\n')],
    ['Table = off', body('FwMark = 1234\nTable = off\n')],
    ['a custom Table', body('FwMark = 1234\nTable = 1234\n')],
    ['no default route', body('FwMark = 1234\n', '10.0.0.0/24, 0.0.0.0/1, 128.0.0.0/1')],
    ['an invalid FwMark (invalid-fwmark reports it)', body('FwMark = 0X1F\n')],
    ['target wg (no routes)', body('FwMark = 1234\n'), { target: 'wg', severities: { 'key-not-supported-by-target': 'off' } }],
    ["51820, wg-quick's own pick (SaveConfig = true writes it back as 0xca6c)", body('FwMark = 0xca6c\nSaveConfig = true\n')],
    ['51820 in decimal', body('FwMark = 51820\n')],
  ]);
  it('its quick fix removes the FwMark line, and the diagnostic goes away', () => {
    const text = body('FwMark = 51821\n');
    const [p] = validate(parse(text)).filter((x) => x.rule === 'fwmark-routing-table');
    assert.ok(p && p.severity === 'information' && p.related?.[0]?.message.startsWith('0.0.0.0/0 of'));
    const fix = p.fixes![0]!;
    assert.deepEqual(fix.edits, [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, newText: '' }]);
    const fixed = text.split('\n').filter((_, i) => i !== 4).join('\n');
    assert.deepEqual(validate(parse(fixed)).filter((x) => x.rule === 'fwmark-routing-table'), []);
  });
});

describe('family-without-address', () => {
  const routes = (allowed: string, ifaceExtra = '') => iface(ifaceExtra) + peer(`AllowedIPs = ${allowed}\n`);
  silentCases('family-without-address', [
    ['::/0 on an IPv4-only interface (blocks IPv6 leaks)', routes('0.0.0.0/0, ::/0')],
    ['both /1 halves of IPv6', routes('10.0.0.2/32, ::/1, 8000::/1')],
    ['an IPv6 Address', routes('10.0.0.2/32, fd00::2/128', '').replace('Address = 10.0.0.1/24', 'Address = 10.0.0.1/24, fd00::1/64')],
    ['Table = off', routes('fd00::2/128', 'Table = off\n')],
    ['no Address at all (set by a hook, or plain wg)', routes('fd00::2/128').replace('Address = 10.0.0.1/24\n', '')],
    ['target wg', routes('fd00::2/128'), { target: 'wg', severities: { 'key-not-supported-by-target': 'off' } }],
  ]);
  it('an IPv4 route on an IPv6-only interface, once per family, on the first such item', () => {
    const text = routes('fd00::2/128, 192.168.1.0/24').replace('Address = 10.0.0.1/24', 'Address = fd00::1/64') + peer('AllowedIPs = 192.168.2.0/24\n', PUB2);
    const got = validate(parse(text)).filter((p) => p.rule === 'family-without-address');
    assert.deepEqual(got.map((p) => [p.range.start.line, p.range.start.character, p.severity]), [[7, 26, 'warning']]);
    assert.match(got[0]!.message, /^192\.168\.1\.0\/24 is routed into the tunnel, but \[Interface\] has no IPv4 Address/);
    assert.deepEqual(got[0]!.fixes, []);
  });
  it("with the peer's own config in the workspace: a preferred fix adds the address it routes to this host, and the warning goes away", () => {
    const alpha = routes('10.0.0.2/32, fd00::2/128');
    const bravoText = bravo('AllowedIPs = 10.0.0.1/32, fd00::1/128\nEndpoint = 192.0.2.1:51820\n');
    const [p] = inWorkspace(alpha, { 'bravo.conf': bravoText }, '\n').filter((x) => x.rule === 'family-without-address');
    assert.ok(p);
    const fix = p.fixes![0]!;
    assert.equal(fix.title, 'Add fd00::1/128 to Address (as bravo.conf routes to this host)');
    assert.equal(fix.preferred, true);
    assert.deepEqual(fix.edits, [{ range: { start: { line: 2, character: 21 }, end: { line: 2, character: 21 } }, newText: ', fd00::1/128' }]);
    const fixed = alpha.replace('Address = 10.0.0.1/24', 'Address = 10.0.0.1/24, fd00::1/128');
    assert.deepEqual(inWorkspace(fixed, { 'bravo.conf': bravoText }, '\n').filter((x) => x.rule === 'family-without-address'), []);
    // After a trailing comma, the fix adds no second one.
    const trailing = alpha.replace('Address = 10.0.0.1/24', 'Address = 10.0.0.1/24,');
    const [t] = inWorkspace(trailing, { 'bravo.conf': bravoText }, '\n').filter((x) => x.rule === 'family-without-address');
    assert.deepEqual(t!.fixes![0]!.edits, [{ range: { start: { line: 2, character: 22 }, end: { line: 2, character: 22 } }, newText: ' fd00::1/128' }]);
  });
  it('silent on a site-to-site gateway whose other end accepts its IPv6 LAN (the other config in the workspace)', () => {
    // alpha routes bravo's IPv6 LAN; bravo accepts alpha's IPv6 LAN from it: forwarded traffic, sources in that LAN.
    const alpha = routes('10.0.0.2/32, 2001:db8:2::/64');
    const bravoText = bravo('AllowedIPs = 10.0.0.1/32, 2001:db8:1::/64\nEndpoint = 192.0.2.1:51820\n');
    assert.deepEqual(inWorkspace(alpha, { 'bravo.conf': bravoText }, '\n').filter((x) => x.rule === 'family-without-address'), []);
    // Without the other config, nothing says so: reported.
    assert.equal(validate(parse(alpha)).filter((x) => x.rule === 'family-without-address').length, 1);
  });
  it('silent next to an Address item that does not parse (its own error says what is wrong)', () => {
    const text = routes('10.0.0.2/32, fd00::2/128').replace('Address = 10.0.0.1/24', 'Address = 10.0.0.1/24, fd00::1/200');
    const problems = validate(parse(text));
    assert.ok(problems.some((p) => p.rule === 'invalid-address'));
    assert.deepEqual(problems.filter((p) => p.rule === 'family-without-address'), []);
  });
});

describe('full-tunnel-without-dns', () => {
  const client = (extra: string, allowed = '0.0.0.0/0, ::/0') => `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.2/32\n${extra}` + peer(`AllowedIPs = ${allowed}\nEndpoint = 192.0.2.1:51820\n`);
  silentCases('full-tunnel-without-dns', [
    ['a DNS server', client('DNS = 10.0.0.1\n')],
    ['a split tunnel', client('', '10.0.0.0/24')],
    ['Table = off', client('Table = off\n')],
    ['a Table of its own (the /0 goes there, no rule sends traffic to it)', client('Table = 1234\n')],
    ['::/0 alone on a split tunnel (the IPv6 leak block)', client('', '10.0.0.0/24, ::/0')],
    ['a hook that sets DNS itself', client('PostUp = resolvectl dns %i 10.0.0.1\n')],
    ['a hook that writes resolv.conf', client('PostUp = echo nameserver 10.0.0.1 > /etc/resolv.conf\n')],
    ['resolvconf -a in PreUp', client('PreUp = printf "nameserver 10.0.0.1" | resolvconf -a %i -m 0 -x\n')],
    ['networksetup on macOS', client('PostUp = networksetup -setdnsservers Wi-Fi 10.0.0.1\n')],
    ['a resolv.conf copied into place', client('PostUp = cp /etc/wireguard/resolv.conf /etc/resolv.conf\n')],
    ['target wg (no DNS key)', client(''), { target: 'wg', severities: { 'key-not-supported-by-target': 'off' } }],
  ]);
  it('a hook that only mentions DNS, or undoes it, sets no resolver: still reported (rule-docs review)', () => {
    for (const hook of ['PostDown = resolvectl revert %i', 'PreDown = resolvconf -d %i', 'PostUp = systemctl restart dnsmasq', 'PostUp = iptables -A OUTPUT -m comment --comment nodns -j ACCEPT', 'PostUp = resolvectl status', 'PostUp = resolvectl dns']) {
      assert.equal(validate(parse(client(`${hook}\n`))).filter((p) => p.rule === 'full-tunnel-without-dns').length, 1, hook);
    }
  });
  it("with the server's config in the workspace: its tunnel address, not preferred (only if it runs a resolver); the warning goes away", () => {
    const alpha = client('');
    const server = `[Interface]\nPrivateKey = ${BRAVO_PRIV}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 10.0.0.2/32\n`;
    const [p] = inWorkspace(alpha, { 'bravo.conf': server }, '\n').filter((x) => x.rule === 'full-tunnel-without-dns');
    assert.ok(p);
    // (IPv6 named too when it is tunnelled as well: network review.)
    assert.match(p.message, /^All traffic goes through the tunnel \(0\.0\.0\.0\/0, ::\/0\), but \[Interface\] has no DNS server/);
    const v4only = inWorkspace(alpha.replace(', ::/0', ''), { 'bravo.conf': server }, '\n').find((x) => x.rule === 'full-tunnel-without-dns');
    assert.match(v4only!.message, /^All IPv4 traffic goes through the tunnel \(0\.0\.0\.0\/0\), but/);
    assert.deepEqual(
      p.fixes!.map((f) => [f.title, f.preferred ?? false, f.edits]),
      [["Add DNS = 10.0.0.1 (bravo.conf's tunnel address, if it runs a resolver)", false, [{ range: { start: { line: 2, character: 21 }, end: { line: 2, character: 21 } }, newText: '\nDNS = 10.0.0.1' }]]],
    );
    // Alone (no server config): nothing to offer.
    assert.deepEqual(validate(parse(alpha)).find((x) => x.rule === 'full-tunnel-without-dns')?.fixes, []);
    const fixed = alpha.replace('Address = 10.0.0.2/32\n', 'Address = 10.0.0.2/32\nDNS = 10.0.0.1\n');
    assert.deepEqual(inWorkspace(fixed, { 'bravo.conf': server }, '\n').filter((x) => x.rule === 'full-tunnel-without-dns'), []);
  });
});

describe('missing-keepalive with a ListenPort (topology review: a laptop from a server template, behind CGNAT)', () => {
  const [laptop, home] = [generateKeyPair(), generateKeyPair()];
  const laptopText = `[Interface]\nPrivateKey = ${laptop.privateKey}\nAddress = 10.60.0.2/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${home.publicKey}\nAllowedIPs = 10.60.0.0/24\nEndpoint = myhome.duckdns.org:51820\n`;
  const homeText = (endpoint: string) => `[Interface]\nPrivateKey = ${home.privateKey}\nAddress = 10.60.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${laptop.publicKey}\nAllowedIPs = 10.60.0.2/32\n${endpoint}`;
  const hints = (other: string) => inWorkspace(laptopText, { 'home.conf': other }, '\n').filter((p) => p.rule === 'missing-keepalive');
  it('the other end has no Endpoint for it: only it can start the tunnel, so a hint with the fix', () => {
    const [p, ...rest] = hints(homeText(''));
    assert.deepEqual(rest, []);
    assert.match(p!.message, /^home\.conf has no Endpoint for this side, so only this side can start the tunnel/);
    assert.equal(p!.fixes![0]!.title, 'Add PersistentKeepalive = 25');
  });
  it('silent when the other end can dial it, or alone (nothing says it is behind NAT)', () => {
    assert.deepEqual(hints(homeText('Endpoint = laptop.example.net:51820\n')), []);
    assert.deepEqual(validate(parse(laptopText)).filter((p) => p.rule === 'missing-keepalive'), []);
  });
  it('silent for a peer dialled on a private network, as without a ListenPort (docs review)', () => {
    for (const endpoint of ['192.168.1.1:51820', '[fd00::1]:51820']) {
      const onLan = laptopText.replace('myhome.duckdns.org:51820', endpoint);
      assert.deepEqual(inWorkspace(onLan, { 'home.conf': homeText('') }, '\n').filter((p) => p.rule === 'missing-keepalive'), [], endpoint);
    }
    // CGNAT is a NAT: still hinted.
    assert.equal(inWorkspace(laptopText.replace('myhome.duckdns.org:51820', '100.64.1.1:51820'), { 'home.conf': homeText('') }, '\n').filter((p) => p.rule === 'missing-keepalive').length, 1);
  });
  it('silent when a third config dials this side (it is reachable from outside: a hub dialling a spoke)', () => {
    const third = generateKeyPair();
    const dialer = `[Interface]\nPrivateKey = ${third.privateKey}\nAddress = 10.60.0.3/24\n\n[Peer]\nPublicKey = ${laptop.publicKey}\nAllowedIPs = 10.60.0.2/32\nEndpoint = laptop.example.net:51820\n`;
    assert.deepEqual(inWorkspace(laptopText, { 'home.conf': homeText(''), 'third.conf': dialer }, '\n').filter((p) => p.rule === 'missing-keepalive'), []);
  });
  it('endpoint-port-mismatch with the other end on ListenPort = 0: its value is set, not a second line (rule-docs review)', () => {
    const homeZero = homeText('').replace('ListenPort = 51820', 'ListenPort = 00');
    const laptopNoListen = laptopText.replace('ListenPort = 51820\n', '');
    const p = inWorkspace(laptopNoListen, { 'home.conf': homeZero }, '\n').find((x) => x.rule === 'endpoint-port-mismatch')!;
    assert.match(p.message, /^home\.conf has ListenPort = 00, a random port: it listens on a random port/);
    assert.equal(p.fixes![0]!.title, 'Set ListenPort = 51820 in home.conf');
    assert.deepEqual(p.fixes![0]!.edits, [{ uri: 'file:///ws/home.conf', range: { start: { line: 3, character: 13 }, end: { line: 3, character: 15 } }, newText: '51820' }]);
    // A ListenPort wg cannot read is invalid-port's there, not "a random port" (diff review).
    const bad = homeText('').replace('ListenPort = 51820', 'ListenPort = abc');
    assert.deepEqual(inWorkspace(laptopNoListen, { 'home.conf': bad }, '\n').filter((x) => x.rule === 'endpoint-port-mismatch'), []);
  });
  it('ListenPort as wg reads it: 00, +0 and 65536 are port 0 (a random port), 70000 is 4464 (rule-docs review)', () => {
    const dialer = (lp: string) => laptopText.replace('ListenPort = 51820', `ListenPort = ${lp}`);
    for (const zero of ['0', '00', '+0', '65536']) {
      assert.equal(validate(parse(dialer(zero))).filter((p) => p.rule === 'missing-keepalive').length, 1, zero);
    }
    for (const fixed of ['51820', '051820', '70000']) assert.deepEqual(validate(parse(dialer(fixed))).filter((p) => p.rule === 'missing-keepalive'), [], fixed);
    // keepalive-without-endpoint: a side that listens on no fixed port cannot be reached to send it.
    const server = `[Interface]\nPrivateKey = ${home.privateKey}\nAddress = 10.60.0.1/24\nListenPort = 00\n\n[Peer]\nPublicKey = ${laptop.publicKey}\nAllowedIPs = 10.60.0.2/32\nPersistentKeepalive = 25\n`;
    assert.deepEqual(validate(parse(server)).filter((p) => p.rule === 'keepalive-without-endpoint'), []);
  });
  it('an awg range counts as a keepalive for amneziawg only (wg rejects it: no keepalive for the other rules)', () => {
    const ranged = laptopText.replace('ListenPort = 51820\n', '').replace('Endpoint = myhome.duckdns.org:51820\n', 'Endpoint = myhome.duckdns.org:51820\nPersistentKeepalive = 20-30\n');
    assert.deepEqual(validate(parse(ranged), { target: 'amneziawg' }).filter((p) => p.rule === 'missing-keepalive'), []);
    assert.equal(validate(parse(ranged), { target: 'wg-quick' }).filter((p) => p.rule === 'missing-keepalive').length, 1);
  });
});

describe('a full tunnel written as "exclude private IPs" (every public address, private ranges left out)', () => {
  // What the Android and Windows apps write for 0.0.0.0/0 with "Exclude private IPs" ticked.
  const EXCLUDE_PRIVATE =
    '0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6, 16.0.0.0/4, 32.0.0.0/3, 64.0.0.0/2, 128.0.0.0/3, 160.0.0.0/5, 168.0.0.0/6, 172.0.0.0/12, 172.32.0.0/11, 172.64.0.0/10, 172.128.0.0/9, 173.0.0.0/8, 174.0.0.0/7, 176.0.0.0/4, 192.0.0.0/9, 192.128.0.0/11, 192.160.0.0/13, 192.169.0.0/16, 192.170.0.0/15, 192.172.0.0/14, 192.176.0.0/12, 192.192.0.0/10, 193.0.0.0/8, 194.0.0.0/7, 196.0.0.0/6, 200.0.0.0/5, 208.0.0.0/4';
  const client = (allowed: string, extra = 'DNS = 10.0.0.1\n') =>
    `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.2/32\n${extra}\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = ${allowed}\nEndpoint = 192.0.2.1:51820\n`;
  const rules = (text: string) => validate(parse(text)).filter((p) => p.rule === 'ipv6-leak' || p.rule === 'full-tunnel-without-dns');

  it('missing-keepalive: a full-tunnel client (it only ever dials) needs none, in any of these forms', () => {
    const hint = (allowed: string) => validate(parse(client(allowed))).filter((p) => p.rule === 'missing-keepalive').length;
    for (const full of [EXCLUDE_PRIVATE, '0.0.0.0/1, 128.0.0.0/1, ::/1, 8000::/1', '0.0.0.0/0', '::/0, 10.0.0.0/24', '2000::/3']) assert.equal(hint(full), 0, full);
    for (const split of ['10.0.0.0/24', '0.0.0.0/1', EXCLUDE_PRIVATE.replace('64.0.0.0/2, ', '')]) assert.equal(hint(split), 1, split);
  });

  it('ipv6-leak on the shortest prefix; the fix appends ::/0 at the end of the line and the warning goes', () => {
    const text = client(EXCLUDE_PRIVATE);
    const [p, ...rest] = rules(text);
    assert.deepEqual(rest, []);
    assert.equal(p?.rule, 'ipv6-leak');
    const line = text.split('\n')[7]!;
    assert.deepEqual(p.range, { start: { line: 7, character: line.indexOf('64.0.0.0/2') }, end: { line: 7, character: line.indexOf('64.0.0.0/2') + 10 } });
    assert.match(p.message, /\(64\.0\.0\.0\/2 and the other prefixes that together cover every public IPv4 address\)/);
    const [fix] = p.fixes!;
    assert.deepEqual(fix!.edits, [{ range: { start: { line: 7, character: line.length }, end: { line: 7, character: line.length } }, newText: ', ::/0' }]);
    assert.deepEqual(rules(client(`${EXCLUDE_PRIVATE}, ::/0`)), []);
  });
  it('a trailing comma: ::/0 goes after the last item, not after the empty one', () => {
    const text = client(`${EXCLUDE_PRIVATE},`);
    const p = validate(parse(text), { target: 'android' }).find((x) => x.rule === 'ipv6-leak')!;
    const line = text.split('\n')[7]!;
    const at = line.indexOf('208.0.0.0/4') + '208.0.0.0/4'.length;
    assert.deepEqual(p.fixes![0]!.edits, [{ range: { start: { line: 7, character: at }, end: { line: 7, character: at } }, newText: ', ::/0' }]);
  });
  it('full-tunnel-without-dns too', () => {
    assert.deepEqual(rules(client(`${EXCLUDE_PRIVATE}, ::/0`, '')).map((p) => p.rule), ['full-tunnel-without-dns']);
  });
  it('the list split over two peers and two lines still counts', () => {
    const [a, b] = [EXCLUDE_PRIVATE.split(', ').slice(0, 10).join(', '), EXCLUDE_PRIVATE.split(', ').slice(10).join(', ')];
    const text = client(a).replace('Endpoint', `AllowedIPs = ${b}\nEndpoint`);
    assert.deepEqual(rules(text).map((p) => p.rule), ['ipv6-leak']);
  });
  it('2000::/3 (every global IPv6 address) covers IPv6', () => {
    assert.deepEqual(rules(client('0.0.0.0/0, 2000::/3')), []);
  });
  silentCases('ipv6-leak', [
    ['one public /8 missing (a split tunnel)', client(EXCLUDE_PRIVATE.replace('193.0.0.0/8, ', ''))],
    ['one public /16 missing', client(EXCLUDE_PRIVATE.replace('192.169.0.0/16, ', ''))],
    ['a /16 of it written as two /17s (longer prefixes are not counted)', client(EXCLUDE_PRIVATE.replace('192.169.0.0/16', '192.169.0.0/17, 192.169.128.0/17'))],
  ]);
});

describe('postup-without-postdown: the PostDown it writes names the same rule, as bash reads the command', () => {
  const fixOf = (postUp: string) => {
    const ps = validate(parse(iface(`PostUp = ${postUp}\n`))).filter((p) => p.rule === 'postup-without-postdown');
    return ps.map((p) => p.fixes![0]!.edits[0]!.newText.replace(/^\n/, ''));
  };
  it('a quoted ";" does not split the command', () => {
    assert.deepEqual(fixOf('iptables -A FORWARD -m comment --comment "a;b" -j ACCEPT'), ['PostDown = iptables -D FORWARD -m comment --comment "a;b" -j ACCEPT']);
    assert.deepEqual(fixOf("iptables -A FORWARD -m comment --comment 'x && y' -j ACCEPT; ip rule add table 7"), [
      "PostDown = iptables -D FORWARD -m comment --comment 'x && y' -j ACCEPT",
      'PostDown = ip rule del table 7',
    ]);
  });
  // Fuzz review: the rules were compared as sorted words, so `-i %i -o eth0` and `-i eth0 -o %i` were one
  // rule: the other direction's PostDown passed for this one's undo, and the fix never cleared its warning.
  it('options keep their values: a PostDown for the other direction is no undo; the fix clears its warning', () => {
    const both = 'PostUp = iptables -A FORWARD -i %i -o eth0 -j ACCEPT; iptables -A FORWARD -i eth0 -o %i -j ACCEPT\n';
    const text = iface(`${both}PostDown = iptables -D FORWARD -i %i -o eth0 -j ACCEPT\n`);
    const ps = validate(parse(text)).filter((p) => p.rule === 'postup-without-postdown');
    assert.equal(ps.length, 1);
    assert.equal(ps[0]!.fixes![0]!.edits[0]!.newText, '\nPostDown = iptables -D FORWARD -i eth0 -o %i -j ACCEPT');
    const fixed = applyEditsTo(text, ps[0]!.fixes![0]!.edits);
    assert.deepEqual(validate(parse(fixed)).filter((p) => p.rule === 'postup-without-postdown'), []);
    // Swapped source and destination, or a negation moved to the other option: another rule.
    for (const down of ['iptables -t nat -D POSTROUTING -s 192.168.1.0/24 -d 10.0.0.0/24 -j MASQUERADE', 'iptables -t nat -D POSTROUTING ! -s 10.0.0.0/24 -d 192.168.1.0/24 -j MASQUERADE']) {
      const t = iface(`PostUp = iptables -t nat -A POSTROUTING -s 10.0.0.0/24 ! -d 192.168.1.0/24 -j MASQUERADE\nPostDown = ${down}\n`);
      assert.equal(validate(parse(t)).filter((p) => p.rule === 'postup-without-postdown').length, 1, down);
    }
    // The old spelling of a negation (`-o ! %i`) is the same rule as `! -o %i` (diff review).
    const old = iface('PostUp = iptables -A FORWARD -i eth0 -o ! %i -j ACCEPT\nPostDown = iptables -D FORWARD -i eth0 ! -o %i -j ACCEPT\n');
    assert.deepEqual(validate(parse(old)).filter((p) => p.rule === 'postup-without-postdown'), []);
    // A `!` after a flag that takes no value negates the next option (diff review).
    const flag = iface('PostUp = iptables -A INPUT -p tcp --syn ! -s 10.0.0.0/8 -j DROP\nPostDown = iptables -D INPUT -p tcp ! -s 10.0.0.0/8 --syn -j DROP\n');
    assert.deepEqual(validate(parse(flag)).filter((p) => p.rule === 'postup-without-postdown'), []);
    // Options in another order still match.
    const reordered = iface('PostUp = iptables -t nat -A POSTROUTING -s 10.0.0.0/24 ! -d 192.168.1.0/24 -j MASQUERADE\nPostDown = iptables -D POSTROUTING -j MASQUERADE ! -d 192.168.1.0/24 -t nat -s 10.0.0.0/24\n');
    assert.deepEqual(validate(parse(reordered)).filter((p) => p.rule === 'postup-without-postdown'), []);
  });
  it('blanks inside the command are kept (a quoted comment with two spaces is another rule)', () => {
    assert.deepEqual(fixOf('iptables -A FORWARD -m comment --comment "two  spaces" -j ACCEPT'), ['PostDown = iptables -D FORWARD -m comment --comment "two  spaces" -j ACCEPT']);
  });
  it('the fix for every unmatched rule is one object shared by the reports (10,000 rules ran out of memory)', () => {
    const ups = Array.from({ length: 3 }, (_, i) => `PostUp = iptables -A FORWARD -s 10.0.${i}.0/24 -j ACCEPT\n`).join('');
    const ps = validate(parse(iface(ups))).filter((p) => p.rule === 'postup-without-postdown');
    assert.equal(ps.length, 3);
    const every = ps.map((p) => p.fixes![1]!);
    assert.ok(every.every((f) => f === every[0]), 'one object');
    assert.equal(every[0]!.title, 'Add PostDown lines for every unmatched PostUp rule');
    assert.equal(every[0]!.edits[0]!.newText, [0, 1, 2].map((i) => `\nPostDown = iptables -D FORWARD -s 10.0.${i}.0/24 -j ACCEPT`).join(''));
    // Also in a file with a BOM, whose fixes are moved for it (diff review).
    const bom = validate(parse(`\uFEFF${iface(ups)}`)).filter((p) => p.rule === 'postup-without-postdown').map((p) => p.fixes![1]!);
    assert.ok(bom.length === 3 && bom.every((f) => f === bom[0]), 'one object with a BOM too');
  });
  it("the PostDown after a last line goes on a line break the file mostly uses, not line 0's", () => {
    const text = '# notes\n[Interface]\r\nPrivateKey = ' + PRIV + '\r\nAddress = 10.0.0.1/24\r\nPostUp = iptables -A FORWARD -i %i -j ACCEPT';
    const fix = validate(parse(text)).find((p) => p.rule === 'postup-without-postdown')!.fixes![0]!;
    assert.equal(fix.edits[0]!.newText, '\r\nPostDown = iptables -D FORWARD -i %i -j ACCEPT');
  });
  it('undos written otherwise count: a redirection, ip rule del with some selectors, ip route flush table N (heuristics review)', () => {
    const missing = (up: string, down: string) => validate(parse(iface(`PostUp = ${up}\nPostDown = ${down}\n`))).filter((p) => p.rule === 'postup-without-postdown').length;
    assert.equal(missing('iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE', 'iptables -t nat -D POSTROUTING -o eth0 -j MASQUERADE 2>/dev/null'), 0);
    assert.equal(missing('iptables -A FORWARD -i %i -j ACCEPT', 'iptables -D FORWARD -i %i -j ACCEPT 2> /dev/null || true'), 0);
    assert.equal(missing('iptables -A FORWARD -i %i -j ACCEPT >/dev/null 2>&1', 'iptables -D FORWARD -i %i -j ACCEPT'), 0);
    assert.equal(missing('ip rule add from 10.8.0.0/24 table 100 priority 100', 'ip rule del priority 100'), 0);
    assert.equal(missing('ip rule add from 10.8.0.0/24 table 100 pref 100', 'ip rule del from 10.8.0.0/24 lookup 100 prio 100'), 0);
    assert.equal(missing('ip rule add from 10.8.0.5/32 table 100', 'ip rule del from 10.8.0.5 lookup 100'), 0);
    // ip deletes the first rule matching what the del names, whatever it does not: fewer selectors undo too.
    assert.equal(missing('ip rule add from 10.8.0.0/24 table 100 pref 100', 'ip rule del from 10.8.0.0/24 table 100'), 0);
    assert.equal(missing('ip rule add from 10.8.0.0/24 table 100 preference 100', 'ip rule del preference 100'), 0);
    assert.equal(missing('ip route add default via 192.168.1.1 table 100', 'ip route flush table 100'), 0);
    // Still missing: another rule's selectors, another table, another family, another chain.
    assert.equal(missing('ip rule add from 10.8.0.0/24 table 100 priority 100', 'ip rule del priority 200'), 1);
    assert.equal(missing('ip route add default via 192.168.1.1 table 100', 'ip route flush table 200'), 1);
    assert.equal(missing('ip -6 route add default via fd00::1 table 100', 'ip route flush table 100'), 1);
    assert.equal(missing('iptables -A FORWARD -i %i -j ACCEPT', 'iptables -D INPUT -i %i -j ACCEPT 2>/dev/null'), 1);
    // ip rule: the family counts, `lookup` is `table`, `not` does not shift the selectors, `from all` selects nothing.
    assert.equal(missing('ip -6 rule add from fd00::/64 table 100 priority 100', 'ip rule del priority 100'), 1);
    assert.equal(missing('ip -6 rule add from fd00::/64 table 100 priority 100', 'ip -6 rule del priority 100'), 0);
    assert.equal(missing('ip rule add from 10.8.0.0/24 lookup 100', 'ip rule del from 10.8.0.0/24 table 100'), 0);
    assert.equal(missing('ip -6 rule add fwmark 5 table 100 priority 7', 'ip -f inet6 rule del priority 7'), 0);
    // A flush with other selectors flushes part of the table only.
    assert.equal(missing('ip route add 10.50.0.0/16 via 192.168.1.1 dev eth0 table 100', 'ip route flush table 100 dev eth1'), 1);
    // A quoted ">" is no redirection: two comments, two rules.
    assert.equal(missing('iptables -A FORWARD -m comment --comment "to >lan" -j ACCEPT', 'iptables -D FORWARD -m comment --comment "to >wan" -j ACCEPT'), 1);
    assert.equal(missing('iptables -A FORWARD -i %i -j ACCEPT', 'iptables -D FORWARD -i %i -j ACCEPT >& /dev/null'), 0);
    assert.equal(missing('ip rule add not fwmark 1234 table 1234', 'ip rule del not fwmark 1234 table 1234'), 0);
    assert.equal(missing('ip rule add from all lookup 100 priority 100', 'ip rule del from all'), 1);
  });
  it('undos spelled otherwise by real configs count: a path or sudo on one side, -w, blanks inside $(…), ip numbers and table names, iptables-restore', () => {
    const missing = (up: string, down: string) => validate(parse(iface(`PostUp = ${up}\nPostDown = ${down}\n`))).filter((p) => p.rule === 'postup-without-postdown').length;
    assert.equal(missing('/usr/sbin/iptables -A FORWARD -i %i -j ACCEPT', 'iptables -D FORWARD -i %i -j ACCEPT'), 0);
    assert.equal(missing('sudo iptables -A FORWARD -i %i -j ACCEPT', '/sbin/iptables -D FORWARD -i %i -j ACCEPT'), 0);
    assert.equal(missing('iptables -w 5 -t nat -A POSTROUTING -o eth0 -j MASQUERADE', 'iptables -t nat -D POSTROUTING -o eth0 -j MASQUERADE'), 0);
    assert.equal(missing('iptables --wait -A FORWARD -i %i -j ACCEPT', 'iptables -W 100000 -w -D FORWARD -i %i -j ACCEPT'), 0);
    // Mullvad's kill switch writes `$(wg show  %i fwmark)` with two blanks in one hook and one in the other (in
    // PreDown: in PostDown the interface is gone and `wg show` with it).
    const killSwitch = (down: string) =>
      validate(parse(iface(`PostUp = iptables -I OUTPUT ! -o %i -m mark ! --mark $(wg show %i fwmark) -m addrtype ! --dst-type LOCAL -j REJECT\n${down} = iptables -D OUTPUT ! -o %i -m mark ! --mark $(wg show  %i fwmark) -m addrtype ! --dst-type LOCAL -j REJECT\n`))).filter((p) => p.rule === 'postup-without-postdown');
    assert.equal(killSwitch('PreDown').length, 0);
    const [inPostDown] = killSwitch('PostDown');
    assert.match(inPostDown!.message, /The PostDown meant to undo it, "iptables -D OUTPUT .*", fails: wg-quick has deleted the interface by then \(and down stops there\)\. Run it in PreDown\.$/);
    // Without a PostDown, the undo offered is a PreDown (in PostDown it would fail); with `|| true` on the
    // PostDown, the same advice (it fails, guarded or not).
    const [noDown] = killSwitch('# none');
    assert.match(noDown!.message, /Add: PreDown = iptables -D OUTPUT/);
    assert.deepEqual(noDown!.fixes!.map((f) => [f.title, f.edits[0]!.newText.trim()]), [['Add the matching PreDown', 'PreDown = iptables -D OUTPUT ! -o %i -m mark ! --mark $(wg show %i fwmark) -m addrtype ! --dst-type LOCAL -j REJECT']]);
    const guarded = validate(parse(iface('PostUp = iptables -I OUTPUT ! -o %i -m mark ! --mark $(wg show %i fwmark) -j REJECT\nPostDown = iptables -D OUTPUT ! -o %i -m mark ! --mark $(wg show %i fwmark) -j REJECT || true\n'))).filter((p) => p.rule === 'postup-without-postdown');
    assert.match(guarded[0]!.message, /The PostDown meant to undo it, .* fails: wg-quick has deleted the interface by then\. Run it in PreDown\.$/);
    assert.deepEqual(inPostDown!.fixes!.map((f) => [f.title, f.edits[0]!.newText]), [['Move this PostDown line to PreDown (the interface is still there then)', 'PreDown']], 'not || true: the rule would stay');
    // Mullvad's two-command line in PostDown, with another rule: the line moves (for both reports), no || true after it.
    const both = validate(parse(iface('PostUp = iptables -I OUTPUT ! -o %i -m mark ! --mark $(wg show %i fwmark) -j REJECT && ip6tables -I OUTPUT ! -o %i -m mark ! --mark $(wg show %i fwmark) -j REJECT\nPostUp = iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE\nPostDown = iptables -D OUTPUT ! -o %i -m mark ! --mark $(wg show %i fwmark) -j REJECT && ip6tables -D OUTPUT ! -o %i -m mark ! --mark $(wg show %i fwmark) -j REJECT\nPostDown = iptables -t nat -D POSTROUTING -o eth0 -j MASQUERADE\n'))).filter((p) => p.rule === 'postup-without-postdown');
    assert.equal(both.length, 3);
    for (const x of both) assert.equal(x.fixes![0]!.title, 'Move this PostDown line to PreDown (the interface is still there then)');
    assert.equal(missing('ip rule add fwmark 0xca6c table 51820', 'ip rule del fwmark 51820 table 51820'), 0);
    assert.equal(missing('ip rule add fwmark 0x10/0xff lookup 100', 'ip rule del fwmark 16/255 table 100'), 0);
    assert.equal(missing('ip rule add from 10.0.0.0/24 table 254', 'ip rule del from 10.0.0.0/24 table main'), 0);
    assert.equal(missing('ip rule add iif eth1 table 100', 'ip rule del dev eth1 table 100'), 0);
    assert.equal(missing('ip rule add from 0.0.0.0/0 table 100 pref 0x64', 'ip rule del from all table 100 pref 100'), 0);
    assert.equal(missing('iptables-save > /run/fw.v4; iptables -A INPUT -p udp --dport 51820 -j ACCEPT', 'iptables-restore < /run/fw.v4'), 0);
    // A link is deleted by its name alone (a review: `type bridge` was asked for in the del).
    for (const down of ['ip link del br9', 'ip link delete dev br9', 'ip link del br9 type bridge']) assert.equal(missing('ip link add br9 type bridge', down), 0, down);
    assert.equal(missing('ip link add link eth0 name eth0.10 type vlan id 10', 'ip link del eth0.10'), 0);
    assert.equal(missing('ip link add br9 type bridge', 'ip link del br8'), 1);
    // A route del names what it must: the kernel deletes the first route matching it (main when no table).
    assert.equal(missing('ip route add default via 192.168.1.1 table 100', 'ip route del default table 100'), 0);
    assert.equal(missing('ip route add 10.20.0.0/16 via 192.168.1.1', 'ip route del 10.20.0.0/16'), 0);
    assert.equal(missing('ip route add 10.20.0.0/16 via 192.168.1.1', 'ip route del 10.20.0.0/16 table 100'), 1, 'another table');
    assert.equal(missing('ip route add 10.20.0.0/16 via 192.168.1.1', 'ip route del 10.20.0.0/16 via 192.168.1.2'), 1, 'another gateway');
    // What the kernel fills in or reads alike (checked with ip in a namespace by the sixth review).
    for (const [up, down] of [
      ['ip route add 192.168.50.0/24 via 192.168.1.1', 'ip route del 192.168.50.0/24 dev eth0'],
      ['ip route add 192.168.50.0/24 via 192.168.1.1', 'ip route del 192.168.50.0/24 metric 0'],
      ['ip route add 203.0.113.5 via 192.168.1.1', 'ip route del 203.0.113.5/32'],
      ['ip route add 0/0 via 192.168.1.1 table 100', 'ip route del default table 100'],
      ['ip route add 192.168.50.0/24 via 192.168.1.1', 'ip route del to 192.168.50.0/24'],
      ['ip -6 route add 2001:db8:0::/32 via fe80::1 dev eth0', 'ip -6 route del 2001:db8::/32 metric 1024'],
    ]) {
      assert.equal(missing(up!, down!), 0, down);
    }
    // Each del in order takes the best match (the lowest metric): the second del then finds nothing.
    assert.equal(missing('ip route add 192.168.50.0/24 via 192.168.1.1 metric 100; ip route add 192.168.50.0/24 via 192.168.1.2 metric 50', 'ip route del 192.168.50.0/24; ip route del 192.168.50.0/24 via 192.168.1.2 metric 50'), 1);
    assert.equal(missing('ip route add 192.168.50.0/24 via 192.168.1.1 metric 100; ip route add 192.168.50.0/24 via 192.168.1.2 metric 200', 'while ip route del 192.168.50.0/24 2>/dev/null; do :; done'), 0);
    // Another namespace is another routing table set: only the same spelling undoes it.
    assert.equal(missing('ip -n vpn route add 192.168.50.0/24 via 192.168.1.1', 'ip route del 192.168.50.0/24 via 192.168.1.1'), 1);
    // The match `-p udp --dport` loads by itself, as `iptables -S` prints it (PostDowns are copied from there).
    assert.equal(missing('iptables -I INPUT 1 -i ens5 -p udp --dport 51820 -j ACCEPT', 'iptables -D INPUT -i ens5 -p udp -m udp --dport 51820 -j ACCEPT'), 0);
    assert.equal(missing('iptables -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', 'iptables -D INPUT -p tcp --dport 22 -j ACCEPT'), 0);
    assert.equal(missing('iptables -A INPUT -p tcp -m tcp -j ACCEPT', 'iptables -D INPUT -p tcp -j ACCEPT'), 1, 'no tcp option: -m tcp is a match of its own');
    assert.equal(missing('iptables -A INPUT -p udp -m tcp --dport 22 -j ACCEPT', 'iptables -D INPUT -p udp --dport 22 -j ACCEPT'), 1, 'another protocol');
    // Still missing: another tool, another number, a restore that does not flush, the other family's restore.
    assert.equal(missing('iptables -A FORWARD -i %i -j ACCEPT', 'ip6tables -D FORWARD -i %i -j ACCEPT'), 1);
    assert.equal(missing('ip rule add fwmark 0xca6d table 51820', 'ip rule del fwmark 51820 table 51820'), 1);
    assert.equal(missing('iptables -A INPUT -p udp --dport 51820 -j ACCEPT', 'iptables-restore --noflush < /run/fw.v4'), 1);
    assert.equal(missing('iptables -A INPUT -p udp --dport 51820 -j ACCEPT', 'ip6tables-restore < /run/fw.v6'), 1);
    assert.equal(missing('iptables -A FORWARD -s $(cat /run/a) -j ACCEPT', 'iptables -D FORWARD -s $(cat /run/b) -j ACCEPT'), 1);
  });
  it('ip rule dels remove what the kernel removes: the lowest priority that matches, in the order they run (last review)', () => {
    const count = (lines: string) => validate(parse(iface(lines)), { fileName: 'wg0.conf' }).filter((p) => p.rule === 'postup-without-postdown').length;
    // del table 100 takes priority 100 (the from-rule), del fwmark 0x1 the other: clean.
    assert.equal(count('PostUp = ip rule add fwmark 0x1 table 100 priority 200; ip rule add from 10.0.0.0/24 table 100 priority 100\nPostDown = ip rule del table 100; ip rule del fwmark 0x1\n'), 0);
    // Without priorities the later add is numbered lower and goes first: the exact del is its own.
    assert.equal(count('PostUp = ip rule add from 10.0.0.0/24 fwmark 5 table 100; ip rule add fwmark 5 table 100\nPostDown = ip rule del fwmark 5 table 100; ip rule del from 10.0.0.0/24 table 100\n'), 0);
    // del table 100 takes the from-rule (priority 100); the second del then finds nothing: the fwmark rule stays.
    assert.equal(count('PostUp = ip rule add from 10.0.0.0/24 table 100 priority 100; ip rule add fwmark 5 table 100 priority 200\nPostDown = ip rule del table 100; ip rule del from 10.0.0.0/24 table 100\n'), 1);
    // The split-tunnel pair: clean in this order; swapped, del table 51820 takes the from-rule (added later, lower) and the fwmark del misses the rest.
    assert.equal(count('PostUp = ip rule add not fwmark 51820 table 51820; ip rule add from 192.168.50.0/24 table 51820\nPostDown = ip rule del table 51820; ip rule del fwmark 51820\n'), 0);
    assert.equal(count('PostUp = ip rule add from 192.168.50.0/24 table 51820; ip rule add not fwmark 51820 table 51820\nPostDown = ip rule del table 51820; ip rule del fwmark 51820\n'), 1);
    // IPv4 and IPv6 rules are numbered apart (the kernel keeps two lists): del table 100 takes pref 200, then 10.0.0.2 (final review).
    const mixed = 'PostUp = ip -6 rule add from fd00::2 table 200 pref 100\nPostUp = ip rule add from 10.0.0.2 table 100\nPostUp = ip rule add from 10.0.0.3 table 100 pref 200\n';
    assert.equal(count(`${mixed}PostDown = ip rule del table 100\nPostDown = ip rule del from 10.0.0.2 table 100\nPostDown = ip -6 rule del from fd00::2 table 200 pref 100\n`), 0);
    assert.equal(count(`${mixed}PostDown = ip rule del table 100\nPostDown = ip rule del from 10.0.0.3 table 100\nPostDown = ip -6 rule del from fd00::2 table 200 pref 100\n`), 2);
    // A del that finds nothing fails, and set -e ends down there: the dels after it never run; `|| true` goes on.
    const two = 'PostUp = ip rule add from 10.0.0.2 table 100\nPostUp = ip rule add from 10.0.0.3 table 100\n';
    assert.equal(count(`${two}PostDown = ip rule del table 100\nPostDown = ip rule del from 10.0.0.3 table 100\nPostDown = ip rule del from 10.0.0.2 table 100\n`), 1);
    assert.equal(count(`${two}PostDown = ip rule del table 100\nPostDown = ip rule del from 10.0.0.3 table 100 || true\nPostDown = ip rule del from 10.0.0.2 table 100\n`), 0);
    // A rule's type and a $(…) keep the selectors paired.
    assert.equal(count('PostUp = ip rule add blackhole\nPostDown = ip rule del blackhole\n'), 0);
    assert.equal(count('PostUp = ip rule add prohibit from 10.9.0.0/16 pref 50\nPostDown = ip rule del pref 50\n'), 0);
    assert.equal(count('PostUp = ip rule add not fwmark $(wg show %i fwmark) table 51820\nPostDown = ip rule del table 51820\n'), 0);
  });
  it('a down loop deletes until nothing is left; a delete inside if/then runs', () => {
    const count = (lines: string) => validate(parse(iface(lines))).filter((p) => p.rule === 'postup-without-postdown').length;
    const two = 'PostUp = ip rule add from 10.0.0.0/24 table 200; ip rule add from 10.0.1.0/24 table 200\n';
    assert.equal(count(`${two}PostDown = while ip rule del table 200 2>/dev/null; do :; done\n`), 0);
    assert.equal(count(`${two}PostDown = ip rule del table 200\n`), 1, 'one del, one rule');
    assert.equal(count(`${two}PostDown = while ip rule del table 201; do :; done\n`), 2, 'another table');
    // The loop's last, failing del ends the loop, not down: the dels after it run.
    assert.equal(count(`${two}PostUp = ip rule add fwmark 7 table 300\nPostDown = while ip rule del table 200; do :; done; ip rule del fwmark 7 table 300\n`), 0);
    const twice = 'PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostUp = iptables -A FORWARD -i %i -j ACCEPT\n';
    assert.equal(count(`${twice}PostDown = while iptables -D FORWARD -i %i -j ACCEPT 2>/dev/null; do :; done\n`), 0);
    assert.equal(count('PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostDown = if iptables -C FORWARD -i %i -j ACCEPT; then iptables -D FORWARD -i %i -j ACCEPT; fi\n'), 0);
  });
  it('down runs as bash runs it: && and || skip, set +e, a failure ends down; unread or system dels do not (hooks review)', () => {
    const count = (lines: string) => validate(parse(iface(lines))).filter((p) => p.rule === 'postup-without-postdown').length;
    // One spelling ip reads alike (fd00:0::2), the kernel's default mask, a table name from rt_tables: no cascade.
    assert.equal(count('PostUp = ip -6 rule add from fd00:0::2 table 100; ip rule add from 10.0.0.3 table 100\nPostDown = ip -6 rule del from fd00::2 table 100; ip rule del from 10.0.0.3 table 100\n'), 0);
    assert.equal(count('PostUp = ip rule add fwmark 1/0xffffffff table 100; ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del fwmark 1 table 100; ip rule del from 10.0.0.3 table 100\n'), 0);
    assert.equal(count('PostUp = ip rule add from 10.0.0.2 table 100; ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del from 10.0.0.2 table vpn; ip rule del from 10.0.0.3 table 100\n'), 1, 'vpn unread: only its own rule');
    // A del of wg-quick's own rule (Table auto, a /0) in PreDown succeeds: down goes on. Without a /0, or in
    // PostDown (wg-quick has removed them by then), there is none: the del fails and down stops.
    const full = (lines: string) => validate(parse(iface(lines) + peer('AllowedIPs = 0.0.0.0/0\n'))).filter((p) => p.rule === 'postup-without-postdown').length;
    const suppress = 'PostUp = ip rule add from 10.0.0.3 table 100\nPreDown = ip rule del table main suppress_prefixlength 0\nPostDown = ip rule del from 10.0.0.3 table 100\n';
    assert.equal(full(suppress), 0);
    assert.equal(count(suppress), 1);
    assert.equal(full('PostUp = ip rule add from 10.0.0.3 table 100\nPreDown = ip rule del not fwmark 51820 table 51820\nPostDown = ip rule del from 10.0.0.3 table 100\n'), 0);
    assert.equal(full('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del table main suppress_prefixlength 0; ip rule del from 10.0.0.3 table 100\n'), 1);
    assert.equal(count('PostUp = ip rule add from 10.0.0.5 table 200\nPostDown = ip rule del table 100; ip rule del from 10.0.0.5 table 200\n'), 1, 'no table 100 anywhere');
    // wg-quick itself deletes every rule looking up its table (51820, or the FwMark) between PreDown and PostDown.
    assert.equal(full('PostUp = ip rule add from 192.168.1.0/24 table 51820\n'), 0);
    assert.equal(count('PostUp = ip rule add from 192.168.1.0/24 table 51820\n'), 1, 'no /0: wg-quick adds and removes nothing');
    assert.equal(validate(parse(iface('FwMark = 0x1234\nPostUp = ip rule add from 192.168.1.0/24 table 4660\n') + peer('AllowedIPs = ::/0\n'))).filter((p) => p.rule === 'postup-without-postdown').length, 0);
    // The kernel's own rules are in the lists: `del table main` takes main's rule (32766) before ours at 40000.
    assert.equal(count('PostUp = ip rule add to 10.1.0.0/16 table main pref 40000\nPostDown = ip rule del table main\n'), 1);
    // An add without a table looks up main; `not` is not compared when deleting.
    assert.equal(count('PostUp = ip rule add to 192.168.1.0/24 pref 100\nPostDown = ip rule del to 192.168.1.0/24 table main pref 100\n'), 0);
    assert.equal(count('PostUp = ip rule add fwmark 1 table 2\nPostDown = ip rule del not fwmark 1 table 2\n'), 0);
    // A del wgls cannot read removes ours spelled the same way.
    assert.equal(count('PostUp = ip rule add from 10.0.0.0/24 lookup wgtable\nPostDown = ip rule del from 10.0.0.0/24 lookup wgtable\n'), 0);
    assert.equal(count('PostUp = ip rule add not fwmark $(wg show %i fwmark) table 300\nPreDown = ip rule del not fwmark $(wg show %i fwmark) table 300\n'), 0);
    // A while loop is one command of its and-or list: after a failed del, `&& while …; do :; done` is skipped and the line fails.
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPreDown = ip rule del from 10.0.0.9 table 100 && while ip rule del table 100; do :; done\nPostDown = ip rule del from 10.0.0.3 table 100\n'), 1);
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPreDown = ip rule del from 10.0.0.9 table 100 || while ip rule del table 100; do :; done\n'), 0);
    // Conditions and negations fail nothing; set -o errexit is set -e.
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = ! ip rule del from 10.9.9.9 table 100; ip rule del from 10.0.0.3 table 100\n'), 0);
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = if ip rule del from 10.0.0.3 table 100; then echo gone; fi\n'), 0);
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = set +o errexit; ip rule del from 10.9.9.9 table 100; ip rule del from 10.0.0.3 table 100\n'), 0);
    // set +e: a failing del does not end the line.
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = set +e; ip rule del from 10.9.9.9 table 100; ip rule del from 10.0.0.3 table 100\n'), 0);
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del from 10.9.9.9 table 100; ip rule del from 10.0.0.3 table 100\n'), 1, 'set -e ends it');
    // && skips after a failure, || after a success.
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del from 10.0.0.2 table 100 && ip rule del from 10.0.0.3 table 100\n'), 1);
    assert.equal(count('PostUp = ip rule add from 10.0.0.2 table 100; ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del from 10.0.0.2 table 100 || ip rule del from 10.0.0.3 table 100\n'), 1);
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del from 10.0.0.2 table 100 || ip rule del from 10.0.0.3 table 100\n'), 0);
    // `a || b && c` is `(a || b) && c`: c runs after a succeeded.
    assert.equal(count('PostUp = ip rule add from 10.0.0.2 table 100; ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del from 10.0.0.2 table 100 || true && ip rule del from 10.0.0.3 table 100\n'), 0);
    // The failed list ends the line, and wg-quick's down with it.
    assert.equal(count('PostUp = ip rule add from 10.0.0.2 table 100; ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del from 10.0.0.9 table 100 && true\nPostDown = ip rule del from 10.0.0.2 table 100; ip rule del from 10.0.0.3 table 100\n'), 2);
    // Pipes, a subshell, ip's abbreviations, the priority the kernel gave, tos in hex.
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del from 10.0.0.3 table 100 | logger\n'), 0);
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = (ip rule del from 10.0.0.3 table 100)\n'), 0);
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = ip rul d from 10.0.0.3 table 100\n'), 0);
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del prio 32765\n'), 0);
    assert.equal(count('PostUp = ip rule add tos 0x10 table 100\nPostDown = ip rule del tos 10 table 100\n'), 0);
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 tab 100 prior 10\nPostDown = ip rule del from 10.0.0.3 table 100 pref 10\n'), 0);
    assert.equal(count('PostUp = ip rule add table main sup_pl 0 pref 5\nPostDown = ip rule del table main suppress_prefixlength 0 pref 5\n'), 0);
  });
  it('where down stops, and why: the message says so and the fix guards that command (reviews, real-world sweep)', () => {
    const found = (text: string) => validate(parse(text), { fileName: 'wg0.conf' }).filter((p) => p.rule === 'postup-without-postdown');
    const count = (lines: string) => found(iface(lines)).length;
    // PostDown runs after wg-quick deleted the interface: a route on it is gone, the del fails, the rest never runs.
    const sweep = 'PostUp = ip route add 192.168.9.0/24 dev %i; iptables -A FORWARD -i %i -j ACCEPT\nPostDown = ip route del 192.168.9.0/24 dev %i; iptables -D FORWARD -i %i -j ACCEPT\n';
    const [p] = found(iface(sweep));
    assert.ok(p, 'the iptables rule is left behind');
    assert.match(p.message, /Down stops early: "ip route del 192\.168\.9\.0\/24 dev %i" fails: wg-quick has deleted the interface/);
    const guard = p.fixes![0]!;
    assert.equal(guard.title, 'Add || true after the command that stops down');
    assert.equal(guard.preferred, true);
    const fixed = sweep.replace('dev %i; iptables -D', 'dev %i || true; iptables -D');
    assert.equal(guard.edits[0]!.range.start.character, 'PostDown = ip route del 192.168.9.0/24 dev %i'.length);
    assert.equal(count(fixed), 0);
    assert.equal(count('PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPreDown = ip route del 192.168.9.0/24 dev %i; iptables -D FORWARD -i %i -j ACCEPT\n'), 0, 'PreDown: the interface is still there');
    assert.equal(count('PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostDown = ip -4 rule del not fwmark $(wg show %i fwmark) table 51820; iptables -D FORWARD -i %i -j ACCEPT\n'), 1, '$(wg show %i) in PostDown');
    // A del that finds nothing stops down: rules of any tool after it stay (the iptables delete never runs).
    const table51820 = iface('PostUp = ip rule add from 10.0.0.0/24 table 51820; iptables -A FORWARD -i %i -j ACCEPT\nPostDown = ip rule del from 10.0.0.0/24 table 51820; iptables -D FORWARD -i %i -j ACCEPT\n') + peer('AllowedIPs = 0.0.0.0/0\n');
    assert.deepEqual(found(table51820).map((x) => x.range.start.character), ['PostUp = ip rule add from 10.0.0.0/24 table 51820; '.length]);
    // A loop or if left open (bash refuses the line) is run command by command: a misreading of a valid
    // line must not stop down (a review found nested blocks taken for unclosed ones).
    assert.equal(count('PostUp = ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del from 10.0.0.3 table 100; done\n'), 0);
    const after = (x: string) => count(`PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostDown = ${x}; iptables -D FORWARD -i %i -j ACCEPT\n`);
    for (const x of ['for t in 1 2; do while false; do :; done; done', 'if true; then if true; then echo x; fi; fi', 'if false; then :; else while false; do :; done; fi', '{ while false; do :; done; }', 'for x in a; do echo $x; done>/dev/null', 'select x in a; do break; done </dev/null']) {
      assert.equal(after(x), 0, x);
    }
    assert.equal(count('PostUp = ip rule add table 200\nPostDown = if true; then if true; then ip rule del table 200; fi; fi\n'), 0);
    // A guard wgls cannot judge (`grep -q … &&`) may skip the del: its failure stops nothing.
    assert.equal(after("ip rule show | grep -q 'lookup 200' && ip rule del table 200"), 0);
    assert.equal(after('[ -n "$(ip rule show table 200)" ] && ip rule del table 200'), 0);
    // Only a command the empty $(wg show %i) breaks fails: ip, iptables, nft, tc, an assignment; not logger.
    assert.equal(after('logger $(wg show %i latest-handshakes)'), 0);
    assert.equal(after('mark=$(wg show %i fwmark)'), 1);
    // Rules outlive their device: `ip -f inet rule del dev %i` does not need it.
    assert.equal(count('PostUp = ip rule add dev %i table 100\nPostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostDown = ip -f inet rule del dev %i table 100; iptables -D FORWARD -i %i -j ACCEPT\n'), 0);
    // `!` on a del that succeeds: the message says so; an undo written after the stop is named as such.
    const [negated] = found(iface('PostUp = ip rule add table 100; iptables -A FORWARD -i %i -j ACCEPT\nPostDown = ! ip rule del table 100\nPostDown = iptables -D FORWARD -i %i -j ACCEPT\n'));
    assert.match(negated!.message, /"! ip rule del table 100" fails: the rule is there, and "!" makes its success a failure.*Its undo is written, after that point\.$/);
    assert.deepEqual(negated!.fixes!.map((f) => f.title), ['Add || true after the command that stops down']);
    // A delete loop inside an if's branch (block words pile up before `while`).
    assert.equal(count("PostUp = ip rule add from 192.168.1.10 table 100\nPostUp = ip rule add to 10.9.0.0/16 table 100\nPostDown = if ip rule show | grep -q 'lookup 100'; then while ip rule del table 100; do :; done; fi\n"), 0);
    // Undos written after the stop are not offered again (a second copy would fail at down once the stop is fixed).
    const h19 = found(iface('PostUp = ip rule add from 10.0.0.3 table 100; iptables -A FORWARD -i %i -j ACCEPT\nPostDown = ip route del 10.20.0.0/16 dev %i\nPostDown = ip rule del from 10.0.0.3 table 100\nPostDown = iptables -D FORWARD -i %i -j ACCEPT\n'));
    assert.equal(h19.length, 2);
    for (const x of h19) {
      assert.match(x.message, /Its undo is written, after that point\.$/);
      assert.deepEqual(x.fixes!.map((f) => f.title), ['Add || true after the command that stops down']);
    }
    // A del in a loop's body deletes every match (del_if's own idiom).
    assert.equal(count("PostUp = ip rule add from 10.0.0.3 table 100; ip rule add fwmark 3 table 100\nPostDown = while ip rule show | grep -q 'lookup 100'; do ip rule del table 100; done\n"), 0);
    // wg-quick's cleanup: `lookup 1` (FwMark = 1) also matches `lookup 100`: its del fails and wg-quick aborts before PostDown.
    const fwmark1 = (down: string) => validate(parse(iface(`FwMark = 1\nPostUp = ip rule add from 10.0.0.3 table 100\n${down}`) + peer('AllowedIPs = 0.0.0.0/0\n'))).filter((x) => x.rule === 'postup-without-postdown');
    const [aborted] = fwmark1('PostDown = ip rule del from 10.0.0.3 table 100\n');
    assert.match(aborted!.message, /own cleanup of its rules fails .* so no PostDown runs\. Its undo is written, after that point\./);
    assert.deepEqual(aborted!.fixes, [], 'no PostDown runs: adding one is no fix');
    assert.equal(fwmark1('PreDown = ip rule del from 10.0.0.3 table 100\n').length, 0);
    // A user's main suppress rule with a mark is deleted by that cleanup first (lower priority than wg-quick's).
    assert.equal(validate(parse(iface('PostUp = ip rule add fwmark 0x1 table main suppress_prefixlength 0\n') + peer('AllowedIPs = 0.0.0.0/0\n'))).filter((x) => x.rule === 'postup-without-postdown').length, 0);
    // After a rule at priority 0, the kernel numbers new rules 0; a del naming nothing takes the first rule (local's, then ours).
    assert.equal(count('PreUp = ip rule add from 1.2.3.4 table 5 pref 0\nPostUp = ip rule add from 10.0.0.3 table 100\nPostDown = ip rule del from 10.0.0.3 table 100 pref 0\n'), 0);
  });
  it('one ip rule del undoes one add, and a priority two adds share names neither (diff reviews)', () => {
    const count = (lines: string) => validate(parse(iface(lines))).filter((p) => p.rule === 'postup-without-postdown').length;
    // The del spelled exactly as the first add's undo is that one's: the second add is left behind.
    assert.equal(count('PostUp = ip rule add table 100 priority 100\nPostUp = ip rule add from 10.9.0.0/24 table 100 priority 100\nPostDown = ip rule del table 100 priority 100\n'), 1);
    // One del by priority for two adds of that priority: one is left; two such dels undo both.
    assert.equal(count('PostUp = ip rule add from 10.9.0.5 table 100 priority 100\nPostUp = ip rule add from 10.9.0.6 table 100 priority 100\nPostDown = ip rule del priority 100\n'), 1);
    assert.equal(count('PostUp = ip rule add from 10.9.0.5 table 100 priority 100\nPostUp = ip rule add from 10.9.0.6 table 100 priority 100\nPostDown = ip rule del priority 100\nPostDown = ip rule del priority 100\n'), 0);
    // wg-quick's own teardown deletes by table: its rules are undone (the final review: they were reported, and the fix broke down).
    assert.equal(
      count('Table = off\nPostUp = wg set %i fwmark 51820; ip -4 route add 0.0.0.0/0 dev %i table 51820; ip -4 rule add not fwmark 51820 table 51820; ip -4 rule add table main suppress_prefixlength 0\nPostDown = ip -4 rule delete table 51820; ip -4 rule delete table main suppress_prefixlength 0\n'),
      0,
    );
    // Selectors that differ are no undo, spelled alike or not (from and to swapped).
    assert.equal(count('PostUp = ip rule add from 10.1.0.0/16 to 10.2.0.0/16 table 100\nPostDown = ip rule del from 10.2.0.0/16 to 10.1.0.0/16 table 100\n'), 1);
    // Two spellings of one rule, one del: one left, whichever line comes first.
    for (const [a, b] of [['lookup', 'table'], ['table', 'lookup']]) {
      assert.equal(count(`PostUp = ip rule add from 10.0.0.0/24 ${a} 100\nPostUp = ip rule add from 10.0.0.0/24 ${b} 100\nPostDown = ip rule del from 10.0.0.0/24 table 100\n`), 1, a);
    }
    // sudo in front (the add is checked: without a PostDown it is reported), a quoted redirection target.
    assert.equal(count('PostUp = sudo ip rule add fwmark 7 table 7\n'), 1);
    assert.equal(count('PostUp = sudo ip rule add fwmark 7 table 7\nPostDown = sudo ip rule del fwmark 7 table 7\n'), 0);
    assert.equal(count("PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostDown = iptables -D FORWARD -i %i -j ACCEPT 2>'/dev/null'\n"), 0);
    // Two adds, one del each, by priority: both undone, in any order.
    assert.equal(count('PostUp = ip rule add from 10.9.0.5 table 100 priority 200\nPostUp = ip rule add from 10.9.0.6 table 100 priority 100\nPostDown = ip rule del priority 100\nPostDown = ip rule del priority 200\n'), 0);
    // The same rule added twice, one delete: one copy is left behind (ip rules and iptables alike).
    assert.equal(count('PostUp = ip rule add from 10.8.0.0/24 table 100\nPostUp = ip rule add from 10.8.0.0/24 table 100\nPostDown = ip rule del from 10.8.0.0/24 table 100\n'), 1);
    assert.equal(count('PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostDown = iptables -D FORWARD -i %i -j ACCEPT\n'), 1);
  });
  it('-I CHAIN N: the position goes', () => {
    assert.deepEqual(fixOf('iptables -I FORWARD 1 -i %i -j ACCEPT'), ['PostDown = iptables -D FORWARD -i %i -j ACCEPT']);
  });
  it('a PostDown written the same way counts as the undo', () => {
    const text = iface('PostUp = iptables -A FORWARD -m comment --comment "a;b" -j ACCEPT\nPostDown = iptables -D FORWARD -m comment --comment "a;b" -j ACCEPT\n');
    assert.deepEqual(validate(parse(text)).filter((p) => p.rule === 'postup-without-postdown'), []);
  });
  it('a ";" inside $(…), a subshell or backquotes does not split the command', () => {
    assert.deepEqual(fixOf('iptables -A X -s $(echo 1.2.3.4; true) -j ACCEPT'), ['PostDown = iptables -D X -s $(echo 1.2.3.4; true) -j ACCEPT']);
    assert.deepEqual(fixOf('iptables -A X -s `echo 1.2.3.4; true` -j ACCEPT'), ['PostDown = iptables -D X -s `echo 1.2.3.4; true` -j ACCEPT']);
    assert.deepEqual(fixOf('(ip rule add table 7; true); ip route add 10.9.0.0/16 via 192.168.1.1'), ['PostDown = ip route del 10.9.0.0/16 via 192.168.1.1']);
  });
  it('an unclosed quote (a quoted " #" read as a comment): no guess at the command', () => {
    assert.deepEqual(fixOf('iptables -A FORWARD -m comment --comment "a #b" -j ACCEPT'), []);
  });

  const unmatched = (hooks: string, fileName?: string) =>
    validate(parse(iface(hooks)), { fileName }).filter((p) => p.rule === 'postup-without-postdown').map((p) => p.message.replace(/^.*Add: PostDown = /, ''));
  it('%i and the interface name (from the file name) are the same word', () => {
    const hooks = 'PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostDown = iptables -D FORWARD -i wg0 -j ACCEPT\n';
    assert.deepEqual(unmatched(hooks, 'wg0.conf'), []);
    assert.deepEqual(unmatched('PostUp = iptables -A FORWARD -i wg0 -j ACCEPT\nPostDown = iptables -D FORWARD -i %i -j ACCEPT\n', 'wg0.conf'), []);
    assert.deepEqual(unmatched(hooks, 'wg1.conf'), ['iptables -D FORWARD -i %i -j ACCEPT'], 'another interface: another rule');
  });
  it('routes and addresses on the tunnel (dev %i or its name) or via a next hop in its subnet vanish with it', () => {
    assert.deepEqual(unmatched('PostUp = ip route add 192.168.60.0/24 dev wg1; ip addr add 10.0.0.100/24 dev wg1\n', 'wg1.conf'), []);
    assert.deepEqual(unmatched('PostUp = ip -4 route add 192.168.60.0/24 via 10.0.0.2\n'), []);
    assert.deepEqual(unmatched('PostUp = ip route add 192.168.60.0/24 dev wg1\n', 'wg0.conf'), ['ip route del 192.168.60.0/24 dev wg1'], 'another device');
    assert.deepEqual(unmatched('PostUp = ip route add 192.168.60.0/24 via 192.168.1.1\n'), ['ip route del 192.168.60.0/24 via 192.168.1.1'], 'a LAN gateway');
  });
  it('a flush of the chain (in its table, for its IP version) undoes the rule', () => {
    const up = 'PostUp = iptables -A FORWARD -i %i -j ACCEPT; iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE; ip6tables -A FORWARD -i %i -j ACCEPT\n';
    assert.deepEqual(unmatched(`${up}PostDown = iptables -F FORWARD; iptables -t nat -F POSTROUTING\n`), ['ip6tables -D FORWARD -i %i -j ACCEPT']);
    assert.deepEqual(unmatched(`${up}PostDown = iptables -t nat --flush; ip6tables -F\n`), ['iptables -D FORWARD -i %i -j ACCEPT'], 'all of nat, all of ip6 filter');
    assert.deepEqual(unmatched(`${up}PostDown = iptables -F INPUT\n`).length, 3, 'another chain');
    assert.deepEqual(unmatched('PostUp = iptables -A FORWARD -i %i -j ACCEPT\nPostDown = iptables --flush=FORWARD\n'), []);
    assert.equal(unmatched('PostUp = iptables-nft -t nat -A POSTROUTING -o eth0 -j MASQUERADE\nPostDown = iptables-legacy -t nat -F\n').length, 1, 'another backend');
  });
});

describe('invalid-table: a name PreUp writes to rt_tables is defined by the time routes are added', () => {
  it('silent with the PreUp, reported without it (real-world sweep)', () => {
    const count = (hooks: string) => validate(parse(iface(`Table = consoles\n${hooks}`) + peer('AllowedIPs = 10.250.0.0/30\n'))).filter((p) => p.rule === 'invalid-table').length;
    assert.equal(count('PreUp = echo "511 consoles" | tee -a /etc/iproute2/rt_tables\n'), 0);
    assert.equal(count('PreUp = echo 511 consoles >> /etc/iproute2/rt_tables\n'), 0);
    assert.equal(count(''), 1);
    assert.equal(count('PostUp = echo "511 consoles" >> /etc/iproute2/rt_tables\n'), 1, 'PostUp runs after the routes');
    assert.equal(count('PreUp = echo "511 consoles2" >> /etc/iproute2/rt_tables\n'), 1, 'another name');
  });
});

describe('duplicate-key leaves a spelled-apart wg-quick key out of the pairs', () => {
  it('"M TU" after "MTU": key-spacing only; the MTU line wg-quick uses is not "ignored"', () => {
    const text = `[Interface]\nPrivateKey = ${PRIV}\nMTU = 1420 # good\nM TU = 1280\n`;
    const rules = validate(parse(text)).map((p) => [p.rule, p.range.start.line]);
    assert.deepEqual(rules.filter(([r]) => r === 'duplicate-key' || r === 'key-spacing'), [['key-spacing', 3]]);
  });
  it('"Private Key" after "PrivateKey" (a key wg reads, spaces stripped) is still a duplicate', () => {
    const text = `[Interface]\nPrivateKey = ${PRIV}\nPrivate Key = ${PRIV}\n`;
    assert.deepEqual(validate(parse(text)).filter((p) => p.rule === 'duplicate-key').map((p) => p.range.start.line), [1]);
  });
});

describe("key-reuse: a private key pasted as a peer's PublicKey", () => {
  const text = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\n\n[Peer]\nPublicKey = ${PRIV}\nAllowedIPs = 10.0.0.2/32\n`;
  const doc = parse(text);
  it('is an error on the value', () => {
    const p = validate(doc).filter((x) => x.rule === 'key-reuse');
    assert.deepEqual(p.map((x) => [x.severity, x.range]), [['error', { start: { line: 5, character: 12 }, end: { line: 5, character: 12 + PRIV.length } }]]);
  });
  it('is shown nowhere: hover, outline (name and value), privacy spans', async () => {
    const h = await hover(doc, { line: 5, character: 20 });
    assert.ok(h && !JSON.stringify(h).includes(PRIV) && /hidden/.test(JSON.stringify(h)), JSON.stringify(h));
    const symbols = JSON.stringify(documentSymbols(doc));
    assert.ok(!symbols.includes(PRIV.slice(0, 4)), symbols);
    assert.ok(secretValueSpans(doc).some((s) => s.line === 5 && s.start === 12 && s.end === 12 + PRIV.length));
  });
  it('hidden the same way in a second [Interface], with a blank inside, or when it is the PresharedKey', async () => {
    const variants = [
      `[Interface]\nAddress = 10.0.0.1/24\n[Interface]\nPrivateKey = ${PRIV}\n[Peer]\nPublicKey = ${PRIV}\n`,
      `[Interface]\nPrivateKey = ${PRIV}\n[Peer]\nPublicKey = ${PRIV.slice(0, 10)} ${PRIV.slice(10)}\n`,
      `[Interface]\nPrivateKey = ${BRAVO_PRIV}\n[Peer]\nPublicKey = ${PRIV}\nPresharedKey = ${PRIV}\n`,
    ];
    for (const text of variants) {
      const d = parse(text);
      const line = text.split('\n').findIndex((l) => l.startsWith('PublicKey'));
      const h = JSON.stringify(await hover(d, { line, character: 14 }));
      assert.ok(!h.includes(PRIV.slice(0, 8)) && /hidden/.test(h), h);
      assert.ok(!JSON.stringify(documentSymbols(d)).includes(PRIV.slice(0, 4)), text);
      assert.ok(secretValueSpans(d).some((s) => s.line === line), text);
    }
  });
});

describe('key-outside-section per target', () => {
  const text = `ListenPort = 51820\n${iface()}`;
  it('an error where the tool rejects the file; a warning for the Apple apps, which drop the line (reference §1.5)', () => {
    for (const target of ['wg', 'wg-quick', 'windows', 'android', 'apple'] as const) {
      const p = validate(parse(text), { target }).filter((x) => x.rule === 'key-outside-section');
      assert.deepEqual(p.map((x) => [x.severity, x.range.start.line]), [[target === 'apple' ? 'warning' : 'error', 0]], target);
      if (target === 'apple') assert.match(p[0]!.message, /silently drop this line/);
    }
  });
});

describe('allowed-ips-nested: a container of many prefixes gets one summary', () => {
  // A hub with `spokes` /32 spokes and one site peer routing 10.0.0.0/8 around all of them.
  const hubWith = (spokes: number) => {
    const lines = [`[Interface]`, `PrivateKey = ${PRIV}`, 'Address = 10.0.0.1/24', 'ListenPort = 51820', '', '[Peer]', '# Name = site', `PublicKey = ${PUB}`, 'AllowedIPs = 10.0.0.0/8', ''];
    for (let i = 0; i < spokes; i++) lines.push('[Peer]', `PublicKey = ${generateKeyPair().publicKey}`, `AllowedIPs = 10.0.1.${i + 1}/32`, '');
    return lines.join('\n');
  };
  const nested = (text: string) => validate(parse(text)).filter((p) => p.rule === 'allowed-ips-nested');
  it('20 nested prefixes: one note each; 21: one summary on the container, with 20 related', () => {
    assert.equal(nested(hubWith(20)).length, 20);
    const [summary, ...rest] = nested(hubWith(21));
    assert.deepEqual(rest, []);
    assert.equal(summary!.range.start.line, 8);
    assert.match(summary!.message, /^10\.0\.0\.0\/8 of peer "site" \(line 6\) holds 21 more specific prefixes of other peers \(such as 10\.0\.1\.1\/32 of the \[Peer\] on line 11\)/);
    assert.equal(summary!.related!.length, 20);
  });
  it('edited across the threshold, the incremental workspace gives what a fresh one does', () => {
    const ws = new WorkspaceModel();
    const cache = new LineCache();
    let text = hubWith(20);
    let doc = parse(text, cache);
    ws.set('file:///w/hub.conf', doc);
    const fresh = (t: string) => {
      const w = new WorkspaceModel();
      w.set('file:///w/hub.conf', parse(t));
      return validateInWorkspace(w, w.get('file:///w/hub.conf')!);
    };
    const steps = [
      (t: string) => `${t}[Peer]\nPublicKey = ${generateKeyPair().publicKey}\nAllowedIPs = 10.0.1.99/32\n`, // 21: summary
      (t: string) => t.replace('AllowedIPs = 10.0.1.3/32', 'AllowedIPs = 192.168.9.3/32'), // 20 again
      (t: string) => t.replace('AllowedIPs = 192.168.9.3/32', 'AllowedIPs = 10.0.1.3/32'), // 21
      (t: string) => t.replace('# Name = site', '\n# Name = site'), // every later peer moves
      (t: string) => t.replace('AllowedIPs = 10.0.0.0/8', 'AllowedIPs = 10.0.0.0/16'),
    ];
    for (const step of steps) {
      text = step(text);
      doc = reparse(doc, text, cache);
      ws.set('file:///w/hub.conf', doc);
      const got = validateInWorkspace(ws, ws.get('file:///w/hub.conf')!);
      assert.deepEqual(JSON.parse(JSON.stringify(got)), JSON.parse(JSON.stringify(fresh(text))));
    }
  });
});

describe('wg-quick keys as wg-quick reads them (verified by the differential corpus)', () => {
  const at = (text: string, rule: string, target?: 'wg' | 'wg-quick' | 'android') =>
    validate(parse(text), target ? { target } : {}).filter((p) => p.rule === rule).map((p) => [p.severity, p.range.start.line, p.message]);
  it('an earlier MTU or Table that a later line replaces is not checked (wg-quick keeps the last)', () => {
    assert.deepEqual(at(iface('MTU = abc\nMTU = 1420\n'), 'invalid-mtu'), []);
    assert.equal(at(iface('MTU = 1420\nMTU = abc\n'), 'invalid-mtu').length, 1);
    assert.deepEqual(at(iface('Table = vpn\nTable = off\n'), 'invalid-table'), []);
    assert.equal(at(iface('Table = off\nTable = vpn\n'), 'invalid-table').length, 1);
    // The apps check every line.
    assert.equal(at(iface('MTU = abc\nMTU = 1420\n'), 'invalid-mtu', 'android').length, 1);
  });
  it('a wg-quick key alone on its line: DNS (and Table without routes) is a warning, the others an error saying why', () => {
    const [dns] = at(`${iface()}DNS\n`, 'invalid-line');
    assert.deepEqual(dns!.slice(0, 2), ['warning', 4]);
    assert.match(dns![2] as string, /wg-quick reads the line as DNS = DNS, a search domain "DNS" that it ignores without a DNS server/);
    assert.deepEqual(at(`${iface()}Table\n`, 'invalid-line').map((p) => p[0]), ['warning']);
    assert.deepEqual(at(`${iface()}Table\n${peer('AllowedIPs = 10.0.0.2/32\n')}`, 'invalid-line').map((p) => p[0]), ['error']);
    const [mtu] = at(`${iface()}MTU\n`, 'invalid-line');
    assert.equal(mtu![0], 'error');
    assert.match(mtu![2] as string, /"ip link set mtu MTU" fails/);
    // Next to DNS servers the search domain is applied; a trailing comment changes nothing.
    assert.match(at(`${iface('DNS = 1.1.1.1\n')}DNS\n`, 'invalid-line')[0]![2] as string, /added to the resolver's search list/);
    assert.match(at(`${iface()}MTU # old\n`, 'invalid-line')[0]![2] as string, /"ip link set mtu MTU" fails/);
    // wg reads no DNS key: the line reaches it and fails.
    assert.deepEqual(at(`${iface()}DNS\n`, 'invalid-line', 'wg').map((p) => p[0]), ['error']);
  });
});

describe('multiple-default-routes tells peers apart by key', () => {
  const defaults = (text: string) => validate(parse(text)).filter((p) => p.rule === 'multiple-default-routes' || p.rule === 'duplicate-peer');
  it('one PublicKey in two sections is one peer to wg: duplicate-peer only, not two peers competing for the route', () => {
    const text = iface() + peer('AllowedIPs = 0.0.0.0/0\n') + peer('AllowedIPs = 0.0.0.0/0\n');
    assert.deepEqual(defaults(text).map((p) => p.rule), ['duplicate-peer']);
  });
  it('a third section with another key: counted as two peers, all three claims reported', () => {
    const text = iface() + peer('AllowedIPs = 0.0.0.0/0\n') + peer('AllowedIPs = 0.0.0.0/0\n') + peer('AllowedIPs = 0.0.0.0/0\n', PUB2);
    const got = defaults(text).filter((p) => p.rule === 'multiple-default-routes');
    assert.deepEqual(got.map((p) => p.range.start.line), [7, 11, 15]);
    assert.match(got[0]!.message, /^0\.0\.0\.0\/0 is claimed by 2 peers/);
  });
});

// A key pasted again cut short (or mistyped) below the working one: wg reads the last line and rejects
// the file; removing the earlier line, as for any duplicate, lost the only working key (code-actions review).
describe('duplicate-key keeps the valid key when the value that wins is no key', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`the invalid later line is the preferred removal (${JSON.stringify(eol)})`, () => {
      const text = `[Interface]${eol}PrivateKey = ${PRIV}${eol}Address = 10.10.0.1/24${eol}PrivateKey = ${PRIV.slice(0, 30)}${eol}`;
      const dup = validate(parse(text)).find((p) => p.rule === 'duplicate-key')!;
      assert.equal(dup.range.start.line, 1);
      assert.deepEqual(
        dup.fixes!.map((f) => [f.title, f.preferred]),
        [
          ['Remove the invalid PrivateKey on line 4 (keep this one)', true],
          ['Remove this ignored PrivateKey line', false],
        ],
      );
      const fixed = applyTextEdits(text, dup.fixes![0]!.edits);
      assert.equal(fixed, `[Interface]${eol}PrivateKey = ${PRIV}${eol}Address = 10.10.0.1/24${eol}`);
      assert.deepEqual(validate(parse(fixed)).map((p) => p.rule), []);
      assert.equal(dup.related![0]!.message, 'the later line, which is no valid key');
    });
    it(`both valid, or both invalid: the earlier line goes, as for any duplicate (${JSON.stringify(eol)})`, () => {
      for (const [a, b] of [
        [PRIV, PRIV.replace(/^./, PRIV[0] === 'A' ? 'B' : 'A')],
        [PRIV.slice(0, 20), PRIV.slice(0, 30)],
      ]) {
        const text = `[Interface]${eol}PrivateKey = ${a}${eol}PrivateKey = ${b}${eol}`;
        const dup = validate(parse(text)).find((p) => p.rule === 'duplicate-key')!;
        assert.deepEqual(dup.fixes!.map((f) => [f.title, f.preferred]), [['Remove this ignored PrivateKey line', true]]);
      }
    });
  }
});

describe('a fix that removes a line keeps its trailing comment', () => {
  for (const eol of ['\n', '\r\n']) {
    const fixed = (text: string, rule: RuleId) => {
      const p = validate(parse(text)).find((x) => x.rule === rule);
      assert.ok(p?.fixes?.[0], `${rule} has a fix`);
      return applyTextEdits(text, p.fixes[0].edits);
    };
    it(`duplicate-key: the ignored line goes, its comment stays (${JSON.stringify(eol)})`, () => {
      const text = `[Interface]${eol}PrivateKey = ${PRIV}${eol}ListenPort = 51820   # old port, kept for the router${eol}ListenPort = 51821${eol}`;
      assert.equal(fixed(text, 'duplicate-key'), `[Interface]${eol}PrivateKey = ${PRIV}${eol}# old port, kept for the router${eol}ListenPort = 51821${eol}`);
    });
    it(`indentation before the key stays with the comment; a line without a comment goes whole (${JSON.stringify(eol)})`, () => {
      const text = `[Interface]${eol}PrivateKey = ${PRIV}${eol}  MTU = 1420 #why${eol}MTU = 1280${eol}`;
      assert.equal(fixed(text, 'duplicate-key'), `[Interface]${eol}PrivateKey = ${PRIV}${eol}  #why${eol}MTU = 1280${eol}`);
      const plain = `[Interface]${eol}PrivateKey = ${PRIV}${eol}MTU = 1420${eol}MTU = 1280${eol}`;
      assert.equal(fixed(plain, 'duplicate-key'), `[Interface]${eol}PrivateKey = ${PRIV}${eol}MTU = 1280${eol}`);
    });
  }
});

describe('allowed-ips-overlap: removing the claim from a peer removes every item of that prefix', () => {
  // [the peer's AllowedIPs lines, what stays of them]: the other peer claims 10.0.0.2/32 too.
  const cases: ReadonlyArray<[string, string]> = [
    ['AllowedIPs = 10.0.0.2/32, 10.0.0.2/32', ''],
    ['AllowedIPs = 10.0.0.2/32, 10.0.0.9/32, 10.0.0.2', 'AllowedIPs = 10.0.0.9/32'],
    ['AllowedIPs = 10.0.0.9/32, 10.0.0.2/32 , 10.0.0.2/32', 'AllowedIPs = 10.0.0.9/32'],
    ['AllowedIPs = 10.0.0.2/32,10.0.0.2/32, 10.0.0.9/32 # kept', 'AllowedIPs = 10.0.0.9/32 # kept'],
    ['AllowedIPs = 10.0.0.2/32, 10.0.0.9/32\nAllowedIPs = 10.0.0.2/32 # second', 'AllowedIPs = 10.0.0.9/32\n# second'],
  ];
  for (const eol of ['\n', '\r\n']) {
    for (const [lines, kept] of cases) {
      it(`${JSON.stringify(lines)} (${JSON.stringify(eol)})`, () => {
        const text = `${iface()}\n[Peer]\nPublicKey = ${PUB}\n${lines}\n\n[Peer]\nPublicKey = ${PUB2}\nAllowedIPs = 10.0.0.2/32\n`.replaceAll('\n', eol);
        const p = validate(parse(text)).find((x) => x.rule === 'allowed-ips-overlap' && x.range.start.line >= 6 && x.range.start.line < 9);
        const fix = p?.fixes?.find((f) => f.title.startsWith('Remove 10.0.0.2/32 from'));
        assert.ok(fix, 'the removal fix is offered on the first peer');
        const out = applyTextEdits(text, fix.edits);
        const peerLines = out.split(eol).slice(7, 7 + lines.split('\n').length).filter((l) => !l.startsWith('[') && l !== '');
        assert.equal(peerLines.join('\n'), kept);
        assert.deepEqual(validate(parse(out)).filter((x) => x.rule === 'allowed-ips-overlap' || x.rule === 'duplicate-allowed-ip'), []);
      });
    }
  }
});

describe('removing a hook line keeps only a real comment', () => {
  for (const eol of ['\n', '\r\n']) {
    const fixed = (text: string) => {
      const p = validate(parse(text), { target: 'windows' }).find((x) => x.rule === 'duplicate-key');
      assert.ok(p?.fixes?.[0], 'duplicate-key has a fix');
      return applyTextEdits(text, p.fixes[0].edits);
    };
    const head = `[Interface]${eol}PrivateKey = ${PRIV}${eol}Address = 10.0.0.1/24${eol}`;
    it(`a # inside the command goes with the line (${JSON.stringify(eol)})`, () => {
      assert.equal(fixed(`${head}PostUp = echo "#1" > /tmp/x${eol}PostUp = echo 2${eol}`), `${head}PostUp = echo 2${eol}`);
    });
    it(`a # after a blank stays (${JSON.stringify(eol)})`, () => {
      assert.equal(fixed(`${head}PostUp = echo 1 # first try${eol}PostUp = echo 2${eol}`), `${head}# first try${eol}PostUp = echo 2${eol}`);
    });
  }
});

describe("unknown-key's 'Change to' keeps the blank a no-break space stood for", () => {
  for (const eol of ['\n', '\r\n']) {
    it(`Endpoint<U+00A0>= … becomes Endpoint = … (${JSON.stringify(eol)})`, () => {
      const text = `[Interface]${eol}PrivateKey = ${PRIV}${eol}${eol}[Peer]${eol}PublicKey = ${PUB}${eol}AllowedIPs = 10.0.0.2/32${eol}Endpoint\u00a0= 192.0.2.1:51820 # nbsp${eol}`;
      const fix = validate(parse(text)).find((p) => p.rule === 'unknown-key')?.fixes?.find((f) => f.title === 'Change to Endpoint');
      assert.ok(fix, 'the did-you-mean fix is offered');
      assert.equal(applyTextEdits(text, fix.edits).split(eol)[6], 'Endpoint = 192.0.2.1:51820 # nbsp');
    });
  }
});

describe('key names are compared in ASCII, as wg does (strncasecmp)', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`Public<U+212A>ey is an unknown key that says why, and the peer has no PublicKey (${JSON.stringify(eol)})`, () => {
      const text = `[Interface]${eol}PrivateKey = ${PRIV}${eol}${eol}[Peer]${eol}Public\u212Aey = ${PUB}${eol}AllowedIPs = 10.0.0.2/32${eol}`;
      const problems = validate(parse(text));
      const unknown = problems.find((p) => p.rule === 'unknown-key');
      assert.ok(unknown && /U\+212A looks like "k" but is no ASCII letter/.test(unknown.message), unknown?.message);
      assert.deepEqual(unknown.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 9 } });
      assert.ok(problems.some((p) => p.rule === 'missing-public-key'));
      assert.equal(applyTextEdits(text, unknown.fixes!.find((f) => f.title === 'Change to PublicKey')!.edits).split(eol)[4], `PublicKey = ${PUB}`);
    });
  }
});

describe('removing lines at the end of a file without a final line break: edits that never overlap', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`allowed-ips-overlap: a peer's last two lines, both the prefix (${JSON.stringify(eol)})`, () => {
      const text = `${iface()}${eol}[Peer]${eol}PublicKey = ${PUB}${eol}AllowedIPs = 10.0.0.0/24${eol}${eol}[Peer]${eol}PublicKey = ${PUB2}${eol}AllowedIPs = 10.0.0.0/24${eol}AllowedIPs = 10.0.0.0/24`.replaceAll('\n', eol).replaceAll('\r\r', '\r');
      const fix = validate(parse(text)).flatMap((p) => (p.rule === 'allowed-ips-overlap' ? (p.fixes ?? []) : [])).find((f) => f.title.endsWith('from the [Peer] on line 10'));
      assert.ok(fix, 'the removal fix on the second peer');
      assert.equal(applyTextEdits(text, fix.edits), `${iface()}${eol}[Peer]${eol}PublicKey = ${PUB}${eol}AllowedIPs = 10.0.0.0/24${eol}${eol}[Peer]${eol}PublicKey = ${PUB2}`.replaceAll('\n', eol).replaceAll('\r\r', '\r'));
    });
    it(`deleteLinesIn: consecutive last lines in one edit; a kept comment on its own (${JSON.stringify(eol)})`, () => {
      const text = ['[Interface]', 'MTU = 1420', 'MTU = 1280 # why', 'MTU = 1400', 'MTU = 1300'].join(eol);
      const edits = deleteLinesIn(parse(text), [4, 2, 3]);
      assert.equal(edits.length, 2);
      assert.equal(applyTextEdits(text, edits), ['[Interface]', 'MTU = 1420', '# why'].join(eol));
    });
  }
});

// Cross-file review: an Endpoint set to the other end's tunnel address got no diagnostic on any target.
describe('endpoint-in-tunnel', () => {
  const alpha = (address: string, allowed: string, endpoint: string) =>
    `[Interface]\nPrivateKey = ${PRIV}\nAddress = ${address}\n\n[Peer]\nPublicKey = ${HUB_PUB}\nAllowedIPs = ${allowed}\nEndpoint = ${endpoint}\nPersistentKeepalive = 25\n`;
  const hub = hubOf([[PUB_SELF, '10.0.0.5/32'], [CHARLIE_PUB, '10.0.0.6/32']]);
  const rulesOf = (ps: readonly Problem[]) => ps.filter((p) => p.rule.startsWith('endpoint-in')).map((p) => p.rule);

  it("the hub's own tunnel address: every target; endpoint-in-allowed-ips leaves it to this rule; the fix dials as a sibling does", () => {
    const text = alpha('10.0.0.5/24', '10.0.0.0/24', '10.0.0.1:51820');
    for (const target of ['wg-quick', 'wg', 'windows', 'android', 'apple', 'amneziawg'] as const) {
      const ps = inWorkspace(text, { 'hub.conf': hub }, '\n', { target });
      assert.deepEqual(rulesOf(ps), ['endpoint-in-tunnel'], target);
      const p = ps.find((x) => x.rule === 'endpoint-in-tunnel')!;
      assert.equal(p.message, "Endpoint 10.0.0.1 is hub.conf's own tunnel address (Address = 10.0.0.1/24): it exists only inside this tunnel, so the handshake that would bring the tunnel up cannot reach it. Use the address hub.conf is reached at from outside (its public IP or host name, or its LAN address).");
      assert.deepEqual(p.range, { start: { line: 7, character: 11 }, end: { line: 7, character: 25 } });
      assert.equal(p.fixes, undefined);
    }
    // Charlie dials the hub at its public address: offered, as written there.
    const ps = inWorkspace(text, { 'hub.conf': hub, 'charlie.conf': spoke(CHARLIE_PRIV, '10.0.0.6/24', '10.0.0.0/24') }, '\n');
    const p = ps.find((x) => x.rule === 'endpoint-in-tunnel')!;
    assert.match(p.message, /, as charlie\.conf does\.$/);
    assert.deepEqual(p.fixes!.map((f) => [f.title, f.edits[0]!.newText]), [['Use 192.0.2.1:51820 (as charlie.conf dials hub.conf)', '192.0.2.1:51820']]);
    // An IPv6 tunnel address too.
    assert.deepEqual(rulesOf(inWorkspace(alpha('10.0.0.5/24, fd00::5/64', '10.0.0.0/24', '[fd00::1]:51820'), { 'hub.conf': hub }, '\n')), ['endpoint-in-tunnel']);
  });

  it('information when the other end dials this side on its own (its handshake brings the tunnel up); no endpoint-port-mismatch', () => {
    // alpha dials bravo at bravo's tunnel address (and a wrong port); bravo dials alpha with a keepalive.
    const text = iface() + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 10.0.0.2:51999\n');
    const found = (bravoPeer: string) => inWorkspace(text, { 'bravo.conf': bravo(bravoPeer) }, '\n').filter((p) => p.rule.startsWith('endpoint-'));
    const [rescued, ...rest] = found('AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n');
    assert.deepEqual(rest, []);
    assert.equal(rescued!.severity, 'information');
    assert.match(rescued!.message, /this side cannot start the handshake \(the tunnel comes up only because bravo\.conf dials this side on its own\)/);
    // Without the keepalive bravo sends only when it has traffic: a warning.
    assert.deepEqual(found('AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\n').map((p) => [p.rule, p.severity]), [['endpoint-in-tunnel', 'warning']]);
  });

  // Diff review: two ends dialing each other's tunnel address excused each other, and got two notes.
  it("not rescued by the other end when its own Endpoint is this side's tunnel address", () => {
    const text = iface() + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 10.0.0.2:51820\nPersistentKeepalive = 25\n');
    const ps = inWorkspace(text, { 'bravo.conf': bravo('AllowedIPs = 10.0.0.1/32\nEndpoint = 10.0.0.1:51820\nPersistentKeepalive = 25\n') }, '\n');
    assert.deepEqual(ps.filter((p) => p.rule.startsWith('endpoint-')).map((p) => [p.rule, p.severity]), [['endpoint-in-tunnel', 'warning']]);
  });

  // Diff review: with Table = off or a table of its own endpoint-in-allowed-ips says nothing, and this rule
  // left the case to it: no finding, though the Address's subnet route still loops.
  it('Table = off or a table of its own: the subnet case is reported even when this peer routes the endpoint', () => {
    for (const table of ['off', '1234']) {
      const text = alpha('10.0.0.5/24', '10.0.0.0/24', '10.0.0.1:51820').replace('[Peer]', `Table = ${table}\n\n[Peer]`);
      assert.deepEqual(rulesOf(validate(parse(text))), ['endpoint-in-tunnel'], table);
    }
  });

  it('without the peer\'s config: an address of this interface\'s subnet, for wg-quick and awg-quick only', () => {
    const text = alpha('10.0.0.5/24', '192.168.1.0/24', '10.0.0.1:51820');
    const [p] = validate(parse(text)).filter((x) => x.rule === 'endpoint-in-tunnel');
    assert.equal(p!.message, "Endpoint 10.0.0.1 is inside this interface's own tunnel subnet (Address = 10.0.0.5/24): wg-quick routes that subnet into the tunnel (ip address add), so the encrypted packets to it loop and the handshake never completes. Use the address the peer is reached at outside the tunnel: its public IP or host name (unless a more specific route outside the tunnel leads there).");
    assert.match(validate(parse(text), { target: 'amneziawg' }).find((x) => x.rule === 'endpoint-in-tunnel')!.message, /awg-quick routes that subnet/);
    for (const target of ['wg', 'windows', 'android', 'apple'] as const) assert.deepEqual(rulesOf(validate(parse(text), { target })), [], target);
    // This peer's AllowedIPs route it: endpoint-in-allowed-ips says so, once.
    assert.deepEqual(rulesOf(validate(parse(alpha('10.0.0.5/24', '10.0.0.0/24', '10.0.0.1:51820')))), ['endpoint-in-allowed-ips']);
  });

  // Standing item of the 2026-12-06 notes: another peer's AllowedIPs routing the endpoint raised both rules.
  it("another peer's AllowedIPs route the subnet endpoint: endpoint-in-tunnel alone; the kept results follow the Address", () => {
    const text = (address: string) =>
      `[Interface]\nPrivateKey = ${PRIV}\nAddress = ${address}\n\n[Peer]\nPublicKey = ${HUB_PUB}\nAllowedIPs = 192.168.1.0/24\nEndpoint = 10.0.0.1:51820\nPersistentKeepalive = 25\n\n[Peer]\nPublicKey = ${CHARLIE_PUB}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.9:51820\n`;
    assert.deepEqual(rulesOf(validate(parse(text('10.0.0.5/24')))), ['endpoint-in-tunnel']);
    // A /32 Address routes no subnet: the other peer's prefix is what loops, endpoint-in-allowed-ips says so.
    assert.deepEqual(rulesOf(validate(parse(text('10.0.0.5/32')))), ['endpoint-in-allowed-ips']);
    // The Address line edited in place (the peers keep their models): no stale kept result either way.
    const ws = new WorkspaceModel();
    let doc = parse(text('10.0.0.5/24'));
    const found = (address: string) => {
      doc = reparse(doc, text(address));
      return rulesOf(validateInWorkspace(ws, ws.set('file:///ws/alpha.conf', doc)));
    };
    assert.deepEqual(found('10.0.0.5/24'), ['endpoint-in-tunnel']);
    assert.deepEqual(found('10.0.0.5/32'), ['endpoint-in-allowed-ips']);
    assert.deepEqual(found('10.0.0.5/24'), ['endpoint-in-tunnel']);
    // Diff review: another peer's /32 of the endpoint is the more specific route: named too.
    const host = text('10.0.0.5/24').replace('AllowedIPs = 10.0.0.0/24', 'AllowedIPs = 10.0.0.1/32');
    const both = validate(parse(host)).filter((p) => p.rule.startsWith('endpoint-in'));
    assert.deepEqual(both.map((p) => p.rule).sort(), ['endpoint-in-allowed-ips', 'endpoint-in-tunnel']);
    assert.match(both.find((p) => p.rule === 'endpoint-in-allowed-ips')!.message, /inside 10\.0\.0\.1\/32 \(AllowedIPs of/);
  });

  it('silent: a /32 Address, an endpoint outside the subnet (a nested tunnel dials the outer one), this host itself, a host name', () => {
    for (const [address, endpoint] of [
      ['10.0.0.5/32', '10.0.0.1:51820'],
      ['10.0.0.5/24', '10.8.0.1:51820'],
      ['10.0.0.5/24', '10.0.0.5:51820'],
      ['10.0.0.5/24', 'hub.example.com:51820'],
      ['10.0.0.5/24', '192.0.2.1:51820'],
    ] as const) {
      assert.deepEqual(rulesOf(validate(parse(alpha(address, '192.168.1.0/24', endpoint)))), [], `${address} ${endpoint}`);
    }
  });
});

// Mutation review of 9e25a23..HEAD: tests that kill the mutants the tests above let live.
describe('mutation gaps: endpoint-in-tunnel', () => {
  const alpha = (address: string, allowed: string, endpoint: string) =>
    `[Interface]\nPrivateKey = ${PRIV}\nAddress = ${address}\n\n[Peer]\nPublicKey = ${HUB_PUB}\nAllowedIPs = ${allowed}\nEndpoint = ${endpoint}\nPersistentKeepalive = 25\n`;
  const hub = hubOf([[PUB_SELF, '10.0.0.5/32'], [CHARLIE_PUB, '10.0.0.6/32']]);
  const rulesOf = (ps: readonly Problem[]) => ps.filter((p) => p.rule.startsWith('endpoint-in')).map((p) => p.rule);

  it('MG-a: silent for a /0 Address', () => {
    assert.deepEqual(rulesOf(validate(parse(alpha('10.0.0.5/0', '192.168.1.0/24', '192.0.2.1:51820')))), []);
  });
  it("MG-b: neither a /0 of this peer (endpoint-in-allowed-ips never names a /0) nor an excluded prefix hides the subnet finding", () => {
    assert.deepEqual(rulesOf(validate(parse(alpha('10.0.0.5/24', '0.0.0.0/0', '10.0.0.1:51820')))), ['endpoint-in-tunnel']);
    assert.deepEqual(rulesOf(validate(parse(alpha('10.0.0.5/24', '192.168.1.0/24, -10.0.0.0/24', '10.0.0.1:51820')), { target: 'amneziawg' })), ['endpoint-in-tunnel']);
  });
  it("MG-c: the other end's keepalive is read as its own target does (an awg range); an IPv6 full tunnel dials; a keepalive without an Endpoint does not", () => {
    const text = iface() + peer('AllowedIPs = 10.0.0.2/32\nEndpoint = 10.0.0.2:51820\n');
    const severity = (other: string) => inWorkspace(text, { 'bravo.conf': other }, '\n').find((x) => x.rule === 'endpoint-in-tunnel')?.severity;
    assert.equal(severity(`# wgls-target amneziawg\n${bravo('AllowedIPs = 10.0.0.1/32\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 20-30\n')}`), 'information');
    assert.equal(severity(bravo('AllowedIPs = 10.0.0.1/32, ::/0\nEndpoint = 192.0.2.1:51820\n')), 'information');
    assert.equal(severity(bravo('AllowedIPs = 10.0.0.1/32\nPersistentKeepalive = 25\n')), 'warning');
  });
  it("MG-d: the fix never dials as the hub's [Peer] for itself does, nor a host that looks like a key", () => {
    const text = alpha('10.0.0.5/24', '10.0.0.0/24', '10.0.0.1:51820');
    const fixes = (others: Record<string, string>) => inWorkspace(text, others, '\n').find((x) => x.rule === 'endpoint-in-tunnel')!.fixes;
    assert.equal(fixes({ 'hub.conf': `${hub}\n[Peer]\nPublicKey = ${HUB_PUB}\nAllowedIPs = 10.0.0.99/32\nEndpoint = 203.0.113.7:51820\n` }), undefined);
    const keyHost = CHARLIE_PRIV.replace(/=$/, '');
    assert.equal(fixes({ 'hub.conf': hub, 'charlie.conf': spoke(CHARLIE_PRIV, '10.0.0.6/24', '10.0.0.0/24').replace('192.0.2.1:51820', `${keyHost}:51820`) }), undefined);
  });
  it('MG-e: a [Peer] for this config itself (self-peer) is no other end', () => {
    const text = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.5/24\n\n[Peer]\nPublicKey = ${PUB_SELF}\nAllowedIPs = 192.168.1.0/24\nEndpoint = 10.0.0.5:51820\n`;
    assert.deepEqual(rulesOf(inWorkspace(text, { 'hub.conf': hub }, '\n')), []);
  });
});

describe('mutation gaps: gateway-without-forwarding for a LAN', () => {
  const client = (allowed: string, extra = '') => bravo(`AllowedIPs = ${allowed}\nEndpoint = 192.0.2.1:51820\n`, extra);
  const found = (self: string, other: string) => inWorkspace(self, { 'bravo.conf': other }, '\n').filter((p) => p.rule === 'gateway-without-forwarding').map((p) => p.message.split(' through')[0]);
  const server = iface() + peer('AllowedIPs = 10.0.0.2/32\n');
  it('MG-f: not a prefix inside the tunnel subnet, a sender with a table of its own, a sender not listed here', () => {
    assert.deepEqual(found(server, client('10.0.0.1/32, 10.0.0.128/25')), []);
    assert.deepEqual(found(server, client('10.0.0.1/32, 192.168.1.0/24', 'Table = 1234\n')), []);
    assert.deepEqual(found(iface() + peer('AllowedIPs = 10.0.0.2/32\n', PUB2), client('10.0.0.1/32, 192.168.1.0/24')), []);
  });
  it("MG-g: the sender's Table is read as its own target does (WireGuard for Windows routes with any Table but off)", () => {
    assert.deepEqual(found(server, `# wgls-target windows\n${client('10.0.0.1/32, 192.168.1.0/24', 'Table = 1234\n')}`), ['bravo.conf routes 192.168.1.0/24']);
  });
  it('MG-h: a /1 half of a full tunnel is not called a LAN (the pair is a full tunnel)', () => {
    assert.deepEqual(found(server, client('10.0.0.1/32, 0.0.0.0/1, 128.0.0.0/1')).map((m) => m.split(' (')[0]), ['bravo.conf sends all its traffic here']);
    assert.deepEqual(found(server, client('10.0.0.1/32, 0.0.0.0/1')), []);
  });
});

describe('mutation gaps: preshared-key-mismatch', () => {
  it('MG-i: an all-zero PresharedKey in a repeated [Peer] is none too (the merged sections)', () => {
    const [c, h] = [generateKeyPair(), generateKeyPair()];
    const zero = 'A'.repeat(43) + '=';
    const client = `[Interface]\nPrivateKey = ${c.privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${h.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n\n[Peer]\nPublicKey = ${h.publicKey}\nPresharedKey = ${zero}\n`;
    const hub = `[Interface]\nPrivateKey = ${h.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${c.publicKey}\nAllowedIPs = 10.0.0.2/32\n`;
    const ws = new WorkspaceModel();
    const files = [ws.setText('file:///w/h.conf', hub), ws.setText('file:///w/c.conf', client)];
    assert.deepEqual(files.flatMap((f) => validateInWorkspace(ws, f).filter((p) => p.rule === 'preshared-key-mismatch').map(() => f.name)), []);
  });
});
