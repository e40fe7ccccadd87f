// The apps' parsers (Windows, Android, Apple) against the reference, case by case: what each one
// rejects is an error for that target, what it reads (maybe differently) is at most a warning, and
// what it reads as written is silent. Each case names the reference section it comes from
// (docs/reference/wireguard-config-semantics.md). Runs with LF and CRLF line endings.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/core/parser.ts';
import { validate } from '../../server/src/core/validate.ts';
import { applyTextEdits } from '../../server/src/core/edits/apply.ts';
import type { Problem } from '../../server/src/core/problem.ts';
import type { RuleId } from '../../server/src/core/rules/catalogue.ts';
import type { Target } from '../../server/src/core/schema.ts';
import { publicKeyOf as pubOf } from '../../server/src/core/keys.ts';

// Real keys (examples/point-to-point).
const PRIV = 'MPZslqNdKrf5Mo6ZlCKfOV+6uDO2EN9N7+55HmULH2o=';
const PUB = 'Wq50bCRtqasrAbB6PYBD9Kk0SvabTQUN/7VxdJZixyE=';
const PSK = 'lU+8Jmg5q+1EoM8WAfRu7RGuc9DijmcC5tHfXErmgpM=';
/** PSK with the spare bits of its 43rd character set ('M' → 'N'): the same 32 bytes to Go's base64. */
const PSK_BITS = PSK.slice(0, 42) + 'N=';

/** A config every target accepts, with `iface` and `peer` lines added to its sections. */
const config = (iface: string, peer = '') =>
  `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.2/24\nListenPort = 51820\n${iface}\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.0/24\n${peer}`;
/** Line numbers in `config`: the first added interface line, the first added peer line. */
const IFACE = 4;
const PEER = (iface: string) => 8 + (iface.match(/\n/g)?.length ?? 0);

interface Case {
  readonly name: string;
  /** Reference section. */
  readonly ref: string;
  readonly iface?: string;
  readonly peer?: string;
  /** Per target: the problem expected ([rule, severity, the text it spans]) or null for no problem of `rule`. */
  readonly expect: Partial<Record<Target, readonly [RuleId, Problem['severity'], string] | null>>;
  /** The rule the null expectations are about (default: the rule of the first non-null one). */
  readonly rule?: RuleId;
  /** The preferred fix's result on the problem's line, for the targets that expect one. */
  readonly fixed?: string;
  /** The targets whose problem has that fix (default: every target expecting a problem). */
  readonly fixFor?: readonly Target[];
}

const CASES: Case[] = [
  {
    name: 'an AllowedIPs prefix of -1',
    ref: '§3.1 AllowedIPs (A: InetNetwork.parse quietly treats /-1 as no mask; the others reject it)',
    peer: 'AllowedIPs = 10.0.9.9/-1\n',
    expect: {
      android: ['invalid-allowed-ip', 'warning', '10.0.9.9/-1'],
      windows: ['invalid-allowed-ip', 'error', '10.0.9.9/-1'],
      apple: ['invalid-allowed-ip', 'error', '10.0.9.9/-1'],
      'wg-quick': ['invalid-allowed-ip', 'error', '10.0.9.9/-1'],
    },
    fixed: 'AllowedIPs = 10.0.9.9/32',
    fixFor: ['android'],
  },
  {
    name: 'an Address prefix of -1',
    ref: '§3.1 Address (A: InetNetwork.parse, as AllowedIPs)',
    iface: 'Address = 10.0.5.5/-1\n',
    expect: {
      android: ['invalid-address', 'warning', '10.0.5.5/-1'],
      windows: ['invalid-address', 'error', '10.0.5.5/-1'],
    },
    fixed: 'Address = 10.0.5.5/32',
    fixFor: ['android'],
  },
  {
    name: 'an AllowedIPs prefix with a plus sign',
    ref: '§3.1 AllowedIPs (A: Integer.parseInt takes a sign; T: a decimal that starts with a digit)',
    peer: 'AllowedIPs = 10.0.9.0/+24\n',
    expect: {
      android: ['invalid-allowed-ip', 'warning', '10.0.9.0/+24'],
      windows: ['invalid-allowed-ip', 'error', '10.0.9.0/+24'],
      apple: ['invalid-allowed-ip', 'error', '10.0.9.0/+24'],
      'wg-quick': ['invalid-allowed-ip', 'error', '10.0.9.0/+24'],
    },
    fixed: 'AllowedIPs = 10.0.9.0/24',
    fixFor: ['android'],
  },
  {
    name: 'an Address prefix of -0',
    ref: '§3.1 Address (A: parseInt("-0") is 0; Q: ip reads it with strtoul, 0 too)',
    iface: 'Address = 10.0.5.5/-0\n',
    expect: {
      android: ['invalid-address', 'warning', '10.0.5.5/-0'],
      'wg-quick': ['invalid-address', 'warning', '10.0.5.5/-0'],
      windows: ['invalid-address', 'error', '10.0.5.5/-0'],
    },
    fixed: 'Address = 10.0.5.5/0',
    fixFor: ['android', 'wg-quick'],
  },
  {
    name: 'Address items separated by a blank',
    ref: '§1.3 splitList, §1.4 Attribute.split, §3.1 Address',
    iface: 'Address = 10.0.1.2/24 10.0.2.2/24\n',
    expect: {
      windows: ['invalid-address', 'error', '10.0.1.2/24 10.0.2.2/24'],
      android: ['invalid-address', 'error', '10.0.1.2/24 10.0.2.2/24'],
      apple: ['invalid-address', 'error', '10.0.1.2/24 10.0.2.2/24'],
      'wg-quick': null,
    },
    fixed: 'Address = 10.0.1.2/24, 10.0.2.2/24',
  },
  {
    name: 'an Address mask written apart from its address',
    ref: '§2.3 Address (Q: split on blanks, so "/24" alone goes to ip address add), §3.1 Address (apps: one item)',
    iface: 'Address = 10.0.1.2 /24\n',
    expect: {
      windows: ['invalid-address', 'error', '10.0.1.2 /24'],
      android: ['invalid-address', 'error', '10.0.1.2 /24'],
      apple: ['invalid-address', 'error', '10.0.1.2 /24'],
      'wg-quick': ['invalid-address', 'error', '/24'],
    },
    fixed: 'Address = 10.0.1.2/24',
  },
  {
    name: 'a DNS item an app reads whole, with a bad piece to wg-quick',
    ref: '§3.1 DNS (apps: one item; wg-quick: two, the second a search domain)',
    iface: 'DNS = 10.0.0.53 bad_name\n',
    expect: {
      windows: ['invalid-dns', 'warning', '10.0.0.53 bad_name'],
      android: ['invalid-dns', 'error', '10.0.0.53 bad_name'],
      apple: ['invalid-dns', 'warning', '10.0.0.53 bad_name'],
      'wg-quick': ['invalid-dns', 'warning', 'bad_name'],
    },
  },
  {
    name: 'a link-local DNS server with its zone',
    ref: '§2.3 DNS (Q: a colon makes it a nameserver; glibc reads the zone), §3.1 DNS (W: netip.ParseAddr takes zones)',
    iface: 'DNS = fe80::1%eth0\n',
    rule: 'invalid-dns',
    expect: { 'wg-quick': null, windows: null },
  },
  {
    name: 'DNS servers separated by a blank',
    ref: '§3.1 DNS (W: not an address → search domain; A: hostname regex → INVALID_VALUE; I: search domain)',
    iface: 'DNS = 10.0.0.53 10.0.0.54\n',
    expect: {
      windows: ['invalid-dns', 'warning', '10.0.0.53 10.0.0.54'],
      android: ['invalid-dns', 'error', '10.0.0.53 10.0.0.54'],
      apple: ['invalid-dns', 'warning', '10.0.0.53 10.0.0.54'],
      'wg-quick': null,
    },
    fixed: 'DNS = 10.0.0.53, 10.0.0.54',
  },
  {
    name: 'DNS servers separated by a blank are no servers to the apps that take them for a search domain',
    ref: '§3.1 DNS (W, I: not an address → search domain)',
    iface: 'DNS = 1.1.1.1 8.8.8.8\n',
    rule: 'dns-not-routed',
    expect: { windows: null, apple: null },
  },
  {
    name: 'DNS with a trailing comma',
    ref: '§4 trailing comma (W "Two commas in a row"; A and I drop it)',
    iface: 'DNS = 10.0.0.53,\n',
    expect: { windows: ['invalid-dns', 'error', ','], android: null, apple: null, 'wg-quick': null },
    fixed: 'DNS = 10.0.0.53',
  },
  {
    name: 'DNS with a doubled comma',
    ref: '§1.3 splitList; §1.4 split keeps inner empty items',
    iface: 'DNS = 10.0.0.53,,10.0.0.54\n',
    expect: { windows: ['invalid-dns', 'error', ','], android: ['invalid-dns', 'error', ','], apple: null, 'wg-quick': null },
  },
  {
    name: 'DNS with blanks between two commas',
    ref: '§1.3 splitList (the item is trimmed to nothing)',
    iface: 'DNS = 10.0.0.53,  ,10.0.0.54\n',
    expect: { windows: ['invalid-dns', 'error', ','], android: ['invalid-dns', 'error', ','] },
    fixed: 'DNS = 10.0.0.53  ,10.0.0.54',
  },
  {
    name: 'AllowedIPs with a trailing comma',
    ref: '§3.2 AllowedIPs, §4 trailing comma',
    peer: 'AllowedIPs = 10.0.9.0/24,\n',
    expect: {
      wg: ['invalid-allowed-ip', 'error', ','],
      windows: ['invalid-allowed-ip', 'error', ','],
      android: ['invalid-allowed-ip', 'warning', ','],
      apple: ['invalid-allowed-ip', 'warning', ','],
    },
  },
  {
    name: 'AllowedIPs items separated by a blank',
    ref: '§3.2 AllowedIPs (T strips whitespace first; W, A, I read the item as it is)',
    peer: 'AllowedIPs = 10.0.9.0/24 10.0.8.0/24\n',
    expect: {
      wg: ['invalid-allowed-ip', 'error', '10.0.9.0/24 10.0.8.0/24'],
      windows: ['invalid-allowed-ip', 'error', '10.0.9.0/24 10.0.8.0/24'],
      apple: ['invalid-allowed-ip', 'error', '10.0.9.0/24 10.0.8.0/24'],
    },
    fixed: 'AllowedIPs = 10.0.9.0/24, 10.0.8.0/24',
  },
  {
    name: 'a blank inside one AllowedIPs prefix',
    ref: '§3.2 AllowedIPs (wg strips it and reads 10.0.9.0/24)',
    peer: 'AllowedIPs = 10.0.9.0/ 24\n',
    expect: { wg: null, 'wg-quick': null, windows: ['invalid-allowed-ip', 'error', '10.0.9.0/ 24'] },
  },
  {
    name: 'an empty AllowedIPs',
    ref: '§1.5 (Apple: empty list), §4 row 1',
    peer: 'AllowedIPs =\n',
    expect: {
      apple: ['empty-value', 'warning', 'AllowedIPs ='],
      windows: ['empty-value', 'error', 'AllowedIPs ='],
      android: ['empty-value', 'error', 'AllowedIPs ='],
      wg: ['empty-value', 'error', 'AllowedIPs ='],
    },
  },
  {
    name: 'an empty DNS',
    ref: '§1.5, §4 row 1',
    iface: 'DNS =\n',
    expect: { apple: ['empty-value', 'warning', 'DNS ='], windows: ['empty-value', 'error', 'DNS ='], 'wg-quick': ['empty-value', 'hint', 'DNS ='] },
  },
  {
    name: 'an empty Endpoint',
    ref: '§4 row 1 (Apple: Endpoint invalid)',
    peer: 'Endpoint =\n',
    expect: { apple: ['empty-value', 'error', 'Endpoint ='] },
  },
  {
    name: 'an AllowedIPs prefix longer than the address',
    ref: '§3.2 AllowedIPs (I clamps), T "AllowedIP is not in the correct format"',
    peer: 'AllowedIPs = 10.0.9.0/40\n',
    expect: { apple: ['invalid-allowed-ip', 'warning', '10.0.9.0/40'], windows: ['invalid-allowed-ip', 'error', '10.0.9.0/40'], wg: ['invalid-allowed-ip', 'error', '10.0.9.0/40'] },
    fixed: 'AllowedIPs = 10.0.9.0/32',
    fixFor: ['apple'],
  },
  {
    name: 'an Address prefix longer than the address',
    ref: '§3.1 Address (I clamps)',
    iface: 'Address = fd00::2/200\n',
    expect: { apple: ['invalid-address', 'warning', 'fd00::2/200'], android: ['invalid-address', 'error', 'fd00::2/200'] },
    fixed: 'Address = fd00::2/128',
    fixFor: ['apple'],
  },
  {
    name: 'an Address prefix no UInt8 holds',
    ref: '§3.1 Address (I: the prefix must be a UInt8)',
    iface: 'Address = 10.0.1.2/300\n',
    expect: { apple: ['invalid-address', 'error', '10.0.1.2/300'] },
  },
  {
    name: 'an Address with a trailing comma',
    ref: '§4 trailing comma',
    iface: 'Address = 10.0.1.2/24,\n',
    expect: { windows: ['invalid-address', 'error', ','], android: ['invalid-address', 'warning', ','], apple: ['invalid-address', 'warning', ','], 'wg-quick': ['invalid-address', 'warning', ','] },
    fixed: 'Address = 10.0.1.2/24',
  },
  {
    name: 'a key whose 43rd character has spare bits set',
    ref: '§3.1 PrivateKey (W: Go base64 ignores the bits), §4',
    peer: `PresharedKey = ${PSK_BITS}\n`,
    expect: {
      windows: ['invalid-key', 'warning', PSK_BITS],
      android: ['invalid-key', 'error', PSK_BITS],
      apple: ['invalid-key', 'error', PSK_BITS],
      wg: ['invalid-key', 'error', PSK_BITS],
    },
    fixed: `PresharedKey = ${PSK}`,
  },
  {
    name: 'an endpoint host with an underscore',
    ref: '§3.2 Endpoint (W: hostnames not checked at parse time; I: urlHostAllowed; A: URI parse)',
    peer: 'Endpoint = host_name.example:51820\n',
    expect: {
      windows: ['endpoint-host', 'warning', 'host_name.example:51820'],
      apple: ['endpoint-host', 'warning', 'host_name.example:51820'],
      android: ['endpoint-host', 'error', 'host_name.example:51820'],
    },
  },
  {
    name: 'a legacy IPv4 endpoint',
    ref: '§3.2 Endpoint (glibc reads 1.2.3 as 1.2.0.3)',
    peer: 'Endpoint = 1.2.3:51820\n',
    expect: {
      windows: ['endpoint-host', 'warning', '1.2.3:51820'],
      android: ['endpoint-host', 'error', '1.2.3:51820'],
      wg: ['endpoint-host', 'warning', '1.2.3:51820'],
    },
    fixed: 'Endpoint = 1.2.0.3:51820',
  },
  {
    name: 'PersistentKeepalive = off',
    ref: '§3.2 PersistentKeepalive',
    peer: 'PersistentKeepalive = off\n',
    expect: {
      windows: null,
      android: ['keepalive-off-not-portable', 'error', 'off'],
      apple: ['keepalive-off-not-portable', 'error', 'off'],
      wg: null,
    },
  },
  {
    name: 'PersistentKeepalive = OFF',
    ref: '§3.2 PersistentKeepalive (W: lower case only)',
    peer: 'PersistentKeepalive = OFF\n',
    expect: { windows: ['keepalive-off-not-portable', 'error', 'OFF'], 'wg-quick': null },
  },
  {
    name: 'PersistentKeepalive = +25',
    ref: '§3.2 PersistentKeepalive (T: a digit first; W Atoi, A parseInt, I UInt16 take the sign)',
    peer: 'PersistentKeepalive = +25\n',
    expect: {
      windows: ['invalid-keepalive', 'hint', '+25'],
      android: ['invalid-keepalive', 'hint', '+25'],
      apple: ['invalid-keepalive', 'hint', '+25'],
      'wg-quick': ['invalid-keepalive', 'error', '+25'],
    },
    // (wg-quick too: an error, with the value every tool reads; a review asked why only the apps got it.)
    fixed: 'PersistentKeepalive = 25',
  },
  {
    name: 'MTU = +1420',
    ref: '§3.1 MTU (W Atoi, A parseInt, I UInt16; wg-quick: ip link set mtu +1420 sets 1420, tried)',
    iface: 'MTU = +1420\n',
    expect: {
      windows: ['invalid-mtu', 'hint', '+1420'],
      android: ['invalid-mtu', 'hint', '+1420'],
      apple: ['invalid-mtu', 'hint', '+1420'],
      'wg-quick': ['invalid-mtu', 'hint', '+1420'],
    },
    fixed: 'MTU = 1420',
  },
  {
    name: 'MTU = 01420',
    ref: '§3.1 MTU (the apps read decimal; ip reads octal: 784)',
    iface: 'MTU = 01420\n',
    expect: {
      windows: ['invalid-mtu', 'hint', '01420'],
      android: ['invalid-mtu', 'hint', '01420'],
      apple: ['invalid-mtu', 'hint', '01420'],
      'wg-quick': ['invalid-mtu', 'warning', '01420'],
    },
    fixed: 'MTU = 1420',
  },
  {
    name: 'MTU = 0 and 500 on Apple',
    ref: '§3.1 MTU (I parser: any UInt16; 0 = automatic; I UI: at least 576)',
    iface: 'MTU = 0\n',
    expect: { apple: null, android: null, windows: ['invalid-mtu', 'error', '0'] },
  },
  {
    name: 'MTU = 500',
    ref: '§3.1 MTU (W: 576–65535; I UI: at least 576; A and ip: any)',
    iface: 'MTU = 500\n',
    expect: { apple: ['invalid-mtu', 'warning', '500'], windows: ['invalid-mtu', 'error', '500'], android: ['invalid-mtu', 'warning', '500'] },
  },
  {
    name: 'an all-zero PresharedKey',
    ref: '§3.2 PresharedKey (W: a zero PSK is no PSK)',
    peer: `PresharedKey = ${'A'.repeat(43)}=\n`,
    expect: { windows: ['invalid-key', 'warning', `${'A'.repeat(43)}=`], wg: ['invalid-key', 'warning', `${'A'.repeat(43)}=`] },
  },
  {
    name: 'a no-break space after MTU',
    ref: '§1.3 (W: strings.TrimSpace on the value), §1.5 (I: trims whitespace); parity review',
    iface: 'MTU = 1400\u00a0\n',
    expect: {
      windows: ['invalid-mtu', 'warning', '1400\u00a0'],
      apple: ['invalid-mtu', 'warning', '1400\u00a0'],
      android: ['invalid-mtu', 'error', '1400\u00a0'],
      'wg-quick': ['invalid-mtu', 'error', '1400\u00a0'],
    },
    fixed: 'MTU = 1400',
    fixFor: ['windows', 'apple'],
  },
  {
    name: 'a control character after MTU',
    ref: '§1.4 (A: the line is trimmed: Java trim() takes every character up to U+0020 off its end); parity review',
    iface: 'MTU = 1400\u0001\n',
    expect: { android: ['invalid-mtu', 'warning', '1400\u0001'], windows: ['invalid-mtu', 'error', '1400\u0001'], 'wg-quick': ['invalid-mtu', 'error', '1400\u0001'] },
    fixed: 'MTU = 1400',
    fixFor: ['android'],
  },
  {
    name: 'an ideographic space before an Endpoint',
    ref: '§1.3 (W: strings.TrimSpace on the value), §1.5 (I: trims whitespace); parity review',
    peer: 'Endpoint = \u3000192.0.2.1:51820\n',
    expect: { windows: ['invalid-endpoint', 'warning', '\u3000192.0.2.1:51820'], apple: ['invalid-endpoint', 'warning', '\u3000192.0.2.1:51820'], 'wg-quick': ['endpoint-host', 'error', '\u3000192.0.2.1:51820'] },
    fixed: 'Endpoint = 192.0.2.1:51820',
    fixFor: ['windows', 'apple'],
  },
  {
    name: 'an international host name in an Endpoint',
    ref: '§3.2 Endpoint (I: host characters must be in urlHostAllowed; W: hosts unchecked); parity review',
    peer: 'Endpoint = münchen.example:51820\n',
    expect: { apple: ['endpoint-host', 'error', 'münchen.example:51820'], windows: ['endpoint-host', 'error', 'münchen.example:51820'] },
  },
  {
    name: 'a scoped IPv6 Endpoint',
    ref: '§3.2 Endpoint (I: urlHostAllowed has no %; W: an optional %zone is allowed); parity review',
    peer: 'Endpoint = [fe80::1%eth0]:51820\n',
    expect: { apple: ['invalid-endpoint', 'error', '%eth0'], windows: null, 'wg-quick': null },
    fixed: 'Endpoint = [fe80::1]:51820',
    fixFor: ['apple'],
  },
  {
    name: 'an all-zero PublicKey',
    ref: '§1.3 (W: "All peers must have public keys" also for a zero key: IsZero)',
    peer: `PublicKey = ${'A'.repeat(43)}=\n`,
    expect: { windows: ['invalid-key', 'error', `${'A'.repeat(43)}=`], android: ['invalid-key', 'warning', `${'A'.repeat(43)}=`], wg: ['invalid-key', 'warning', `${'A'.repeat(43)}=`] },
  },
  {
    name: 'a duplicated scalar key',
    ref: '§1.5 (I: multipleEntriesForKey), §4',
    iface: 'MTU = 1420\nMTU = 1380\n',
    expect: { apple: ['duplicate-key', 'error', 'MTU'], windows: ['duplicate-key', 'warning', 'MTU'] },
  },
];

/** Messages that must not send the user the wrong way. */
const MESSAGE_CASES: ReadonlyArray<{ name: string; target: Target; peer?: string; iface?: string; rule: RuleId; must: RegExp; mustNot?: RegExp }> = [
  { name: 'no "off" offered where off is rejected', target: 'android', peer: 'PersistentKeepalive = 0L\n', rule: 'invalid-keepalive', must: /seconds/, mustNot: /"off"/ },
  { name: 'no "off" offered where off is rejected', target: 'apple', peer: 'PersistentKeepalive = 0L\n', rule: 'invalid-keepalive', must: /seconds/, mustNot: /"off"/ },
  { name: '"off" offered where off is read', target: 'windows', peer: 'PersistentKeepalive = 0L\n', rule: 'invalid-keepalive', must: /"off"/ },
  { name: "Windows' own words for an empty value", target: 'windows', peer: 'Endpoint =\n', rule: 'empty-value', must: /Key must have a value/ },
  { name: "Android's reason for an empty value", target: 'android', peer: 'Endpoint =\n', rule: 'empty-value', must: /Android/, mustNot: /Line unrecognized/ },
  { name: 'the Apple apps refuse a host outside urlHostAllowed when they import (parity review)', target: 'apple', peer: 'Endpoint = münchen.example:51820\n', rule: 'endpoint-host', must: /reject the file.*xn--/, mustNot: /when they resolve/ },
  { name: 'the Apple apps refuse an @ in a host', target: 'apple', peer: 'Endpoint = a@b.example:51820\n', rule: 'endpoint-host', must: /reject the file/, mustNot: /xn--|when they resolve/ },
  { name: 'Windows checks no host when it reads an Endpoint: a blank fails it when resolved (parity review)', target: 'windows', peer: 'Endpoint = my host:51820\n', rule: 'value-whitespace', must: /Windows fails when it resolves the host/, mustNot: /the Windows, Android and Apple apps reject/ },
  { name: 'a blank in an unbracketed IPv6 host Windows refuses when it reads the file (diff review)', target: 'windows', peer: 'Endpoint = fd00 ::1:51820\n', rule: 'value-whitespace', must: /the Windows, Android and Apple apps reject the value/, mustNot: /resolves/ },
  { name: 'a blank in the port Windows refuses when it reads the file (diff review)', target: 'windows', peer: 'Endpoint = 192.0.2.1:518 20\n', rule: 'value-whitespace', must: /the Windows, Android and Apple apps reject the value/, mustNot: /resolves/ },
  { name: 'the Apple apps refuse a key they do not read, empty or not (parity review)', target: 'apple', iface: 'Table =\n', rule: 'empty-value', must: /they do not read Table, empty or not/, mustNot: /own parser/ },
  { name: 'the Apple apps reject a duplicate, not ignore it', target: 'apple', peer: 'PersistentKeepalive = 25\nPersistentKeepalive = 20\n', rule: 'duplicate-key', must: /reject the file/, mustNot: /is ignored/ },
];

for (const eol of ['\n', '\r\n']) {
  describe(`target parity (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    for (const c of CASES) {
      const rule = c.rule ?? Object.values(c.expect).find((x) => x)![0];
      for (const [target, want] of Object.entries(c.expect) as Array<[Target, Case['expect'][Target]]>) {
        it(`${c.name}: ${target} → ${want ? `${want[0]} ${want[1]}` : `no ${rule}`} (${c.ref})`, () => {
          const iface = c.iface ?? '';
          const text = config(iface, c.peer ?? '').replace(/\n/g, eol);
          const problems = validate(parse(text), { target });
          const got = problems.filter((p) => p.rule === (want ? want[0] : rule));
          if (!want) {
            assert.deepEqual(got.map((p) => p.message), [], `${target}: expected no ${rule}`);
            return;
          }
          const line = c.iface ? IFACE : PEER(iface);
          const lineText = text.split(/\r?\n/)[line]!;
          const [, severity, spanned] = want;
          const mine = got.filter((p) => p.range.start.line === line);
          assert.equal(mine.length, 1, `${target}: one ${want[0]} on line ${line}; got ${JSON.stringify(problems.map((p) => [p.rule, p.severity, p.range.start]))}`);
          const p = mine[0]!;
          assert.equal(p.severity, severity, `${target}: severity of ${want[0]}: ${p.message}`);
          // The exact span: the text (an empty item: the comma before it).
          assert.equal(p.range.end.line, line);
          const at = lineText.slice(p.range.start.character, p.range.end.character);
          if (spanned === ',') assert.equal(at, ',', `${target}: ${want[0]} spans the comma`);
          else assert.deepEqual([p.range.start.character, at], [lineText.indexOf(spanned), spanned], `${target}: span of ${want[0]}`);
          for (const secret of [PRIV, PSK, PSK_BITS]) assert.ok(!p.message.includes(secret), 'a message quotes a key');
          if (c.fixed && (!c.fixFor || c.fixFor.includes(target))) {
            const fix = p.fixes?.find((f) => f.preferred) ?? p.fixes?.[0];
            assert.ok(fix, `${target}: ${want[0]} offers a fix`);
            const after = applyTextEdits(text, fix.edits);
            assert.equal(after.split(/\r?\n/)[line], c.fixed);
          }
        });
      }
    }
    for (const m of MESSAGE_CASES) {
      it(`message: ${m.name} (${m.target})`, () => {
        const problems = validate(parse(config(m.iface ?? '', m.peer ?? '').replace(/\n/g, eol)), { target: m.target });
        const p = problems.find((x) => x.rule === m.rule);
        assert.ok(p, `${m.rule} reported`);
        assert.match(p.message, m.must);
        if (m.mustNot) assert.doesNotMatch(p.message, m.mustNot);
      });
    }
  });
}

// AmneziaWG 2.x/3.x keys (reference §9): awg reads them, stock tools reject the file.
describe('claims a fact-check of the messages corrected', () => {
  const at = (text: string, target: Target, rule: string) => validate(parse(text), { target }).filter((p) => p.rule === rule);
  it('-0 and other signed numbers where Atoi and parseInt read them (semantics review, run in Go and Java terms)', () => {
    const keepalive = config('', 'PersistentKeepalive = -0\n');
    assert.deepEqual((['windows', 'android', 'apple', 'wg-quick'] as Target[]).map((t) => at(keepalive, t, 'invalid-keepalive').map((p) => p.severity)), [['hint'], ['hint'], ['error'], ['error']]);
    assert.equal(at(keepalive, 'android', 'invalid-keepalive')[0]!.message, 'PersistentKeepalive -0: the Android app reads it as 0, wg rejects it. Write 0.');
    const port = config('').replace('ListenPort = 51820', 'ListenPort = -0');
    assert.deepEqual((['windows', 'android', 'apple', 'wg-quick'] as Target[]).map((t) => at(port, t, 'non-portable-port').map((p) => p.severity)), [['hint'], ['hint'], ['warning'], ['hint']]);
    assert.match(at(port, 'windows', 'non-portable-port')[0]!.message, /wg \(through getaddrinfo\), Windows and Android read it as 0, a random port; what the Apple apps make of it is not established/);
  });
  it('a dotted quad with a leading zero: Android\'s URI takes it as a host name (a warning); short forms it rejects', () => {
    const quad = config('', 'Endpoint = 01.2.3.4:51820\n');
    assert.deepEqual(at(quad, 'android', 'endpoint-host').map((p) => p.severity), ['warning']);
    assert.match(at(quad, 'android', 'endpoint-host')[0]!.message, /the apps take it as a host name to look up/);
    assert.deepEqual(at(config('', 'Endpoint = 1.2.3:51820\n'), 'android', 'endpoint-host').map((p) => p.severity), ['error']);
  });
  it('[ Peer ] works with wg-quick, which passes its lines to wg; [ Interface ] with wg-quick keys does not (docs review)', () => {
    const peer = `[Interface]\nPrivateKey = ${PRIV}\n[ Peer ]\nPublicKey = ${PUB}\n`;
    assert.match(at(peer, 'wg-quick', 'section-header-spacing')[0]!.message, /wg-quick passes the section on to wg as it is, so it works here; the apps do not recognise the section\.$/);
    assert.match(at(peer, 'windows', 'section-header-spacing')[0]!.message, /but Windows does not recognise the section\.$/);
    const iface = `[ Interface ]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.1/24\n`;
    assert.deepEqual(at(iface, 'wg-quick', 'section-header-spacing').map((p) => [p.severity, p.message]), [['error', '"[ Interface ]" has spaces inside the brackets: wg ignores them, but wg-quick does not recognise the section: its wg-quick keys reach wg and fail ("Line unrecognized").']]);
  });
  it('Windows and the apps in their own words: keepalive out of range, whitespace in MTU', () => {
    assert.match(at(config('', 'PersistentKeepalive = 65536\n'), 'windows', 'invalid-keepalive')[0]!.message, /\(Windows: "Invalid persistent keepalive"\)/);
    // Atoi takes a sign, then the range check speaks; Go quotes the value with strconv.Quote.
    assert.match(at(config('', 'PersistentKeepalive = -1\n'), 'windows', 'invalid-keepalive')[0]!.message, /\(Windows: "Invalid persistent keepalive"\)/);
    assert.match(at(config('', 'PersistentKeepalive = "x"\n'), 'windows', 'invalid-keepalive')[0]!.message, /\(Windows: strconv\.Atoi: parsing "\\"x\\"": invalid syntax\)/);
    assert.match(at(config('', 'PersistentKeepalive = 123456789012345678901\n'), 'windows', 'invalid-keepalive')[0]!.message, /value out of range\)/);
    assert.match(at(config('', 'PersistentKeepalive = 65536\n'), 'wg-quick', 'invalid-keepalive')[0]!.message, /\(wg: "Persistent keepalive interval/);
    assert.match(at(config('MTU = 14 20\n'), 'windows', 'value-whitespace')[0]!.message, /^MTU contains whitespace: Windows rejects "14 20"/);
    assert.match(at(config('MTU = 14 20\n'), 'wg-quick', 'value-whitespace')[0]!.message, /^MTU contains whitespace: wg-quick passes "14 20" on/);
  });
  it("each message speaks for the target's own tool (message sweep)", () => {
    const msg = (text: string, target: Target, rule: string) => at(text, target, rule).map((p) => p.message);
    // Value checks of a key the target rejects outright stay silent: key-not-supported-by-target speaks.
    const fw = config('FwMark = 0X1F\n');
    assert.deepEqual(at(fw, 'android', 'invalid-fwmark'), []);
    assert.equal(at(fw, 'android', 'key-not-supported-by-target').length, 1);
    assert.match(msg(fw, 'amneziawg', 'invalid-fwmark')[0]!, /\(awg: "Fwmark is neither/);
    assert.deepEqual(at(config('SaveConfig = yes\n'), 'windows', 'invalid-bool'), []);
    assert.match(msg(config('SaveConfig = yes\n'), 'amneziawg', 'invalid-bool')[0]!, /awg-quick stops with/);
    // Each tool's own refusal.
    assert.match(msg(config('', 'PersistentKeepalive: 25\n'), 'windows', 'invalid-line')[0]!, /no "=" after it: Windows rejects the file \("Config key is missing an equals separator"\)/);
    assert.match(msg(config('Add ress = 10.0.9.1/24\n'), 'windows', 'key-spacing')[0]!, /^"Add ress" is not Address \(spaces inside the key\): Windows rejects the file/);
    assert.match(msg(config('', 'Endpoint = [fe80::zz]:51820\n'), 'windows', 'endpoint-host')[0]!, /Windows rejects the file \("Brackets must contain an IPv6 address"\)/);
    assert.match(msg(config('Address = 10.0.0.256\n'), 'windows', 'invalid-address')[0]!, /\(Windows: "Invalid IP address"\)\.$/);
    assert.match(msg(config('Address = 10.0.0.256\n'), 'amneziawg', 'invalid-address')[0]!, /awg-quick fails at "ip address add"/);
    const twice = config('', `[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.8.0/24\n`);
    assert.match(msg(twice, 'android', 'duplicate-peer')[0]!, /the Android app accepts both sections, and which AllowedIPs win there is not established/);
    assert.match(msg(twice, 'wg-quick', 'duplicate-peer')[0]!, /wg merges the two sections/);
    // wg-quick's hooks and SaveConfig: not for Windows (cmd) or the targets that run none.
    const hook = config('PostUp = iptables -A FORWARD -i %i -j ACCEPT\n');
    assert.deepEqual((['windows', 'android', 'apple', 'wg'] as Target[]).map((t) => at(hook, t, 'postup-without-postdown').length), [0, 0, 0, 0]);
    assert.match(msg(hook, 'amneziawg', 'postup-without-postdown')[0]!, /every "awg-quick up" adds it again/);
    // Plain wg adds no routes and reads no DNS; the apps read no Table.
    const full = config('DNS = 192.0.2.53\nTable = off\n', 'AllowedIPs = 0.0.0.0/0\n');
    for (const rule of ['dns-not-routed', 'ipv6-leak', 'table-off-default-route', 'full-tunnel-without-dns']) assert.deepEqual(at(full, 'wg', rule), [], rule);
    assert.deepEqual(at(full, 'android', 'table-off-default-route'), []);
    assert.equal(at(full, 'wg-quick', 'table-off-default-route').length, 1);
    assert.match(msg(config('FwMark = 254\n', 'AllowedIPs = 0.0.0.0/0\n'), 'amneziawg', 'fwmark-routing-table')[0]!, /awg-quick uses FwMark 254 as its routing table too/);
    // Two peers claiming a /0 is wg's own business (the later takes it), routes or not (diff review).
    const two = config('', `AllowedIPs = 0.0.0.0/0\n[Peer]\nPublicKey = ${pubOf(PRIV.replace('M', 'N'))}\nAllowedIPs = 0.0.0.0/0\n`);
    assert.match(msg(two, 'wg', 'multiple-default-routes')[0]!, /wg gives it to the last, .*, and takes it from the others/);
    assert.match(msg(two, 'wg-quick', 'multiple-default-routes')[0]!, /gets the default route/);
    assert.match(msg(config('SaveConfig = true\n# a comment\n'), 'amneziawg', 'save-config-overwrites')[0]!, /"awg-quick down" rewrites this file/);
    assert.match(msg(config('', `[Peer]\nPublicKey = ${pubOf(PRIV)}\n`), 'windows', 'self-peer')[0]!, /WireGuard silently ignores this peer/);
  });
  it('[IPv4]:port: the Apple apps read it (a warning), Windows and Android refuse it', () => {
    const text = config('', 'Endpoint = [192.0.2.1]:51820\n');
    assert.deepEqual(['apple', 'windows', 'android', 'wg-quick'].map((t) => at(text, t as Target, 'endpoint-host')[0]?.severity), ['warning', 'error', 'error', 'warning']);
    assert.match(at(text, 'windows', 'endpoint-host')[0]!.message, /wg and the Apple apps read \[192\.0\.2\.1\] anyway, Windows rejects it/);
  });
  it('an Address listed twice: Windows drops the copy (a hint); wg-quick fails on it (an error)', () => {
    const text = config('Address = 10.0.5.1/24, 10.0.5.1/24\n');
    const line = text.split('\n').findIndex((l) => l.startsWith('Address = 10.0.5.1'));
    const dup = (t: Target) => at(text, t, 'invalid-address').filter((p) => p.range.start.line === line && /listed twice/.test(p.message));
    assert.deepEqual(dup('windows').map((p) => p.severity), ['hint']);
    assert.match(dup('windows')[0]!.message, /Windows drops the copy/);
    assert.deepEqual(dup('wg-quick').map((p) => p.severity), ['error']);
    assert.deepEqual(['android', 'apple'].map((t) => dup(t as Target).map((p) => p.severity)), [['warning'], ['warning']]);
  });
  it('no PrivateKey, set by a PostUp as wg-quick(8) shows: nothing to say for wg-quick; the message names both hooks', () => {
    const bare = `[Interface]\nAddress = 10.0.0.2/24\nListenPort = 51820\n`;
    assert.deepEqual(at(`${bare}PostUp = wg set %i private-key <(pass show wg)\n`, 'wg-quick', 'missing-private-key'), []);
    assert.match(at(bare, 'wg-quick', 'missing-private-key')[0]!.message, /PostUp = wg set %i private-key <\(…\), as wg-quick\(8\) shows; a PreUp only with wg-quick v1\.0\.20260223 or later/);
  });
  it('lone CR line breaks: the Apple and Android apps read them (a hint there), wg, wg-quick and Windows do not (an error)', () => {
    const text = `[Interface]\rPrivateKey = ${PRIV}\rListenPort = 51820\r`;
    const targets: Target[] = ['apple', 'android', 'wg-quick', 'windows', 'amneziawg'];
    assert.deepEqual(targets.map((t) => at(text, t, 'cr-line-ending')[0]?.severity), ['hint', 'hint', 'error', 'error', 'error']);
    // Each in its own tool's words (semantics review: Windows was told wg's error, Android an error).
    const [apple, android, quick, windows, awg] = targets.map((t) => at(text, t, 'cr-line-ending')[0]!.message);
    assert.match(apple!, /the Apple apps read it as a line break/);
    assert.match(android!, /the Android app reads it as a line break/);
    assert.match(quick!, /wg and wg-quick split lines on LF only/);
    assert.match(windows!, /Windows splits lines on LF only.*"Line must occur in a section"/);
    assert.match(awg!, /awg and awg-quick split lines on LF only/);
  });
  it('MTU 0 for wg-quick: below 68, and automatic only to android.c and the apps (no "any system")', () => {
    const m = at(config('MTU = 0\n'), 'wg-quick', 'invalid-mtu')[0]!.message;
    assert.match(m, /^MTU 0 is below 68, the smallest MTU IPv4 allows: "ip link set mtu" fails/);
    assert.ok(!m.includes('any system'), m);
    assert.match(at(config('MTU = 67\n'), 'windows', 'invalid-mtu')[0]!.message, /Windows rejects it \("Invalid MTU": 576–65535\)/);
  });
  it('missing-private-key in each tool family\'s words: awg set for amneziawg; plain wg runs no hooks', () => {
    const bare = `[Interface]\nAddress = 10.0.0.2/24\nListenPort = 51820\n`;
    assert.match(at(bare, 'amneziawg', 'missing-private-key')[0]!.message, /PostUp = awg set %i private-key/);
    const wg = at(`[Interface]\nListenPort = 51820\nPostUp = wg set %i private-key /k\n`, 'wg', 'missing-private-key');
    assert.match(wg[0]!.message, /until one is set \("wg set <interface> private-key <file>"\)/);
  });
  it('the other end\'s keepalive is read as its own target does (an awg range in an amneziawg spoke)', async () => {
    const { WorkspaceModel } = await import('../../server/src/core/workspace.ts');
    const { validateInWorkspace } = await import('../../server/src/core/validate.ts');
    const { generateKeyPair } = await import('../../server/src/core/keys.ts');
    const [hub, spoke] = [generateKeyPair(), generateKeyPair()];
    const ws = new WorkspaceModel();
    ws.setText('file:///w/spoke.conf', `# wgls-target amneziawg\n[Interface]\nPrivateKey = ${spoke.privateKey}\nAddress = 10.0.0.2/32\nJc = 4\n\n[Peer]\nPublicKey = ${hub.publicKey}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 20-30\n`);
    const h = ws.setText('file:///w/hub.conf', `[Interface]\nPrivateKey = ${hub.privateKey}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${spoke.publicKey}\nAllowedIPs = 10.0.0.2/32\nPersistentKeepalive = 25\n`);
    assert.deepEqual(validateInWorkspace(ws, h, { target: 'wg-quick' }).filter((p) => p.rule === 'keepalive-wrong-side'), []);
  });
});

describe('AmneziaWG 3.x keys', () => {
  const awg = (extra: string) =>
    `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.2/24\nListenPort = 51820\nJc = 4\nJmin = 40\nJmax = 70\nS1 = 16\nS2 = 24\nS3 = 12\nS4 = 12\n${extra}\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.0/24\nAdvancedSecurity = on\n`;
  const NEW = `HeaderProtectionKey = ${PSK}\nContentPaddingAddition = 0-16\nRekeyAfterTime = 120\nRekeyTimeout = 5\nRejectAfterTime = 180\nKeepaliveTimeout = 10\nMaxHandshakeAttempts = 18\nRandomTrailers = on\nDisableCookies = 0\n`;
  const line = (text: string, needle: string) => text.split('\n').findIndex((l) => l.startsWith(needle));

  it('a complete AmneziaWG 3.x interface raises nothing for amneziawg', () => {
    const problems = validate(parse(awg(NEW)), { target: 'amneziawg' });
    assert.deepEqual(problems.map((p) => `${p.rule}: ${p.message}`), []);
  });

  it('each new key is an AmneziaWG key to stock WireGuard', () => {
    const text = awg(NEW);
    const problems = validate(parse(text), { target: 'wg-quick' }).filter((p) => p.rule === 'amneziawg-key');
    for (const key of ['HeaderProtectionKey', 'ContentPaddingAddition', 'RekeyAfterTime', 'RekeyTimeout', 'RejectAfterTime', 'KeepaliveTimeout', 'MaxHandshakeAttempts', 'RandomTrailers', 'DisableCookies']) {
      assert.ok(problems.some((p) => p.range.start.line === line(text, key)), `${key} reported for wg-quick`);
    }
  });

  for (const [name, extra, needle, value] of [
    ['a range past 65535', 'RekeyTimeout = 70000\n', 'RekeyTimeout', '70000'],
    ['a reversed range', 'ContentPaddingAddition = 16-0\n', 'ContentPaddingAddition', '16-0'],
    ['a switch that is neither on/off nor 0/1', 'RandomTrailers = yes\n', 'RandomTrailers', 'yes'],
    ['a malformed header protection key', 'HeaderProtectionKey = abc\n', 'HeaderProtectionKey', 'abc'],
  ] as const) {
    it(`invalid: ${name}`, () => {
      const text = awg(extra);
      const problems = validate(parse(text), { target: 'amneziawg' });
      const at = line(text, needle);
      const mine = problems.filter((p) => p.range.start.line === at);
      assert.equal(mine.length, 1, JSON.stringify(problems.map((p) => [p.rule, p.range.start.line])));
      assert.equal(mine[0]!.severity, 'error');
      assert.equal(mine[0]!.range.start.character, text.split('\n')[at]!.indexOf(value));
    });
  }

  it("a switch read as awg-tools' parse_bool reads it: any decimal number (not 0 is on) is accepted, a hint past 0/1; a number with junk after it is an error (targets review)", () => {
    const of = (extra: string) => validate(parse(awg(extra)), { target: 'amneziawg' }).filter((p) => p.rule === 'invalid-amneziawg-value');
    for (const [value, fix] of [['2', 'on'], ['10', 'on'], ['00', 'off']] as const) {
      const p = of(`RandomTrailers = ${value}\n`);
      assert.deepEqual(p.map((x) => [x.severity, x.fixes?.[0]?.edits[0]?.newText]), [['hint', fix]], value);
    }
    for (const value of ['0', '1', 'ON', 'Off']) assert.deepEqual(of(`DisableCookies = ${value}\n`), [], value);
    // strtoul into a uint32_t: the low 32 bits (2^32 is 0: off); past 2^64 − 1 strtoul gives its maximum (on). Diff review.
    for (const [value, fix] of [['4294967296', 'off'], ['4294967297', 'on'], ['18446744073709551616', 'on']] as const) {
      assert.deepEqual(of(`RandomTrailers = ${value}\n`).map((x) => x.fixes?.[0]?.edits[0]?.newText), [fix], value);
    }
    assert.match(of('RandomTrailers = 4294967296\n')[0]!.message, /keeps the number's low 32 bits \(0\), so off/);
    assert.match(of('RandomTrailers = 00\n')[0]!.message, /reads it as 0: off\. Write off/);
    const bad = of('DisableCookies = 1x\n');
    assert.deepEqual(bad.map((x) => x.severity), ['error']);
    assert.match(bad[0]!.message, /Unable to parse DisableCookies/);
    assert.deepEqual(validate(parse(awg('').replace('AdvancedSecurity = on', 'AdvancedSecurity = 3')), { target: 'amneziawg' }).map((x) => x.severity), ['hint']);
  });

  it('a switch in [Peer] is checked too', () => {
    const text = awg('').replace('AdvancedSecurity = on', 'AdvancedSecurity = maybe');
    const p = validate(parse(text), { target: 'amneziawg' }).filter((x) => x.rule === 'invalid-amneziawg-value');
    assert.deepEqual(p.map((x) => x.range.start.line), [line(text, 'AdvancedSecurity')]);
  });

  it('HeaderProtectionKey needs each junk prefix of at least 12 bytes', () => {
    const text = awg(`HeaderProtectionKey = ${PSK}\n`).replace('S3 = 12', 'S3 = 8');
    const p = validate(parse(text), { target: 'amneziawg' }).filter((x) => x.rule === 'invalid-amneziawg-value');
    assert.deepEqual(p.map((x) => x.range.start.line), [line(text, 'S3')]);
    assert.match(p[0]!.message, /at least 12/);
    // Without the key, 8 is fine.
    assert.deepEqual(validate(parse(awg('').replace('S3 = 12', 'S3 = 8')), { target: 'amneziawg' }).map((x) => x.rule), []);
  });

  // From a review of the amneziawg target against reference §9.
  it('HeaderProtectionKey with S values not written: unset is 0, below 12 too', () => {
    const text = awg(`HeaderProtectionKey = ${PSK}\n`).replace('S3 = 12\nS4 = 12\n', '');
    const p = validate(parse(text), { target: 'amneziawg' }).filter((x) => x.rule === 'invalid-amneziawg-value');
    assert.deepEqual(p.map((x) => x.range.start.line), [line(text, 'HeaderProtectionKey')]);
    assert.match(p[0]!.message, /S3, S4 are not set \(0\)/);
  });

  it('PersistentKeepalive: awg reads a range (20-30), which sets a keepalive; off is rejected', () => {
    const client = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.2/24\nJc = 4\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 20-30\n`;
    assert.deepEqual(validate(parse(client), { target: 'amneziawg' }).map((p) => p.rule), []);
    const wrong = validate(parse(client.replace('20-30', '30-20')), { target: 'amneziawg' }).find((p) => p.rule === 'invalid-keepalive')!;
    assert.match(wrong.message, /or a range of them \(20-30\): awg reads a u16 range, no "off"/);
    // Not for wg-quick: a range is no number to wg.
    assert.ok(validate(parse(client), { target: 'wg-quick' }).some((p) => p.rule === 'invalid-keepalive'));
  });

  it('an AmneziaWG key checked for wg-quick offers to check the file for AmneziaWG; awg\'s own words for awg files', () => {
    const text = awg('');
    const p = validate(parse(text), { target: 'wg-quick' }).find((x) => x.rule === 'amneziawg-key')!;
    assert.match(p.message, /"# wgls-target amneziawg" comment \(--target amneziawg on the command line/);
    const fixed = applyTextEdits(text, p.fixes!.find((f) => f.preferred)!.edits);
    assert.ok(fixed.startsWith('# wgls-target amneziawg\n'));
    assert.deepEqual(validate(parse(fixed), { target: 'wg-quick' }).map((x) => x.rule), []);
    const spaced = validate(parse(awg('').replace('Jc = 4', 'Jc = 4 0')), { target: 'amneziawg' }).find((x) => x.rule === 'value-whitespace')!;
    assert.match(spaced.message, /awg removes it/);
    const modes = validate(parse(awg('')), { target: 'amneziawg', fileMode: 0o644, dirMode: 0o755 }).find((x) => x.rule === 'world-readable')!;
    assert.match(modes.message, /awg-quick warns "world accessible"/);
  });

  it('the header protection key is a secret: never in a message', () => {
    const text = awg(`HeaderProtectionKey = ${PSK_BITS}\n`);
    for (const p of validate(parse(text), { target: 'amneziawg' })) assert.ok(!p.message.includes(PSK_BITS.slice(0, 20)));
  });
});

describe('a [Peer] without PublicKey, in each tool’s words', () => {
  const text = `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.2/24\n\n[Peer]\nAllowedIPs = 10.0.0.0/24\n`;
  for (const [target, words] of [
    ['wg', /A peer is missing a public key/],
    ['windows', /All peers must have public keys/],
    ['apple', /public key is required/],
    ['android', /Android/],
  ] as const) {
    it(target, () => {
      const p = validate(parse(text), { target }).find((x) => x.rule === 'missing-public-key');
      assert.ok(p);
      assert.match(p.message, words);
    });
  }
});

describe('a port with a plus sign (reference §3.1 ListenPort, §3.2 Endpoint)', () => {
  const text = (port: string, endpoint = '192.0.2.1:51820') =>
    `[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.2/24\nListenPort = ${port}\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.0/24\nEndpoint = ${endpoint}\n`;
  for (const target of ['wg', 'wg-quick', 'windows', 'android', 'apple'] as const) {
    it(`ListenPort = +51820 is a hint for ${target}: every tool reads the sign`, () => {
      const p = validate(parse(text('+51820')), { target }).filter((x) => x.rule === 'non-portable-port');
      assert.deepEqual(p.map((x) => [x.severity, x.range.start.line]), [['hint', 3]]);
      assert.equal(applyTextEdits(text('+51820'), p[0]!.fixes![0]!.edits).split('\n')[3], 'ListenPort = 51820');
    });
  }
  it('an Endpoint port with a plus sign: the Android app rejects it, wg and Windows read it', () => {
    const t = text('51820', '192.0.2.1:+51820');
    const at = (target: Target) => validate(parse(t), { target }).filter((x) => x.rule === 'non-portable-port').map((x) => x.severity);
    assert.deepEqual(at('android'), ['error']);
    assert.deepEqual(at('windows'), ['hint']);
    assert.deepEqual(at('wg'), ['hint']);
  });
  it('above 65535 stays what only glibc reads', () => {
    const p = validate(parse(text('+70000')), { target: 'windows' }).filter((x) => x.rule === 'non-portable-port');
    assert.deepEqual(p.map((x) => x.severity), ['error']);
  });
});

describe('file-name per target (reference §2.1)', () => {
  const said = (target: Target, fileName: string) => validate(parse(config('')), { target, fileName }).filter((p) => p.rule === 'file-name').map((p) => p.message);
  it('Android: the tunnel name the app takes, in its own words', () => {
    assert.deepEqual(said('android', 'my phone.conf'), ['File name "my phone.conf": "my phone" is no tunnel name the Android app takes (1–15 of letters, digits and _=+.-): it refuses to import the file under this name.']);
    assert.deepEqual(said('android', 'phone.conf'), []);
  });
  it('awg-quick named for AmneziaWG', () => assert.match(said('amneziawg', 'a b.conf')[0]!, /awg-quick stops with/));
});

describe('messages quote the target (reference §5)', () => {
  const message = (target: Target, text: string, rule: RuleId) => validate(parse(text), { target }).find((p) => p.rule === rule)?.message ?? '';
  it('a key with padding bits set: the app\'s own words', () => {
    const text = config('', `PresharedKey = ${PSK_BITS}\n`);
    assert.match(message('android', text, 'invalid-key'), /the Android app rejects it \(INVALID_KEY: "Bad characters in key"\)/);
    assert.match(message('apple', text, 'invalid-key'), /the Apple apps reject it \("Preshared key is invalid"\)/);
    assert.match(message('wg-quick', text, 'invalid-key'), /wg rejects it/);
  });
  it('a line that is nothing (a ; comment): each target in its own words', () => {
    const text = config('; a comment in another syntax\n');
    assert.match(message('windows', text, 'invalid-line'), /Windows rejects the file \("Config key is missing an equals separator"\)/);
    assert.match(message('android', text, 'invalid-line'), /the Android app rejects the file \(SYNTAX_ERROR\)/);
    assert.match(message('apple', text, 'invalid-line'), /the Apple apps reject the file \("Invalid line"\)/);
    assert.match(message('wg-quick', text, 'invalid-line'), /wg rejects this line \("Line unrecognized"\)/);
  });
  it('a BOM: an error for wg-quick; for the apps (not established) a warning that says so', () => {
    const problem = (target: Target) => validate(parse(`\uFEFF${config('')}`), { target }).find((p) => p.rule === 'bom')!;
    assert.equal(problem('wg-quick').severity, 'error');
    assert.equal(problem('android').severity, 'warning');
    assert.match(problem('android').message, /whether this app skips it is not known/);
  });
  it('Endpoint problems: the app, not wg, is quoted', () => {
    const text = (endpoint: string) => config('', `Endpoint = ${endpoint}\n`);
    assert.match(message('android', text('192.0.2.1'), 'invalid-endpoint'), /\(the Android app rejects the file\)\.$/);
    assert.match(message('wg-quick', text('192.0.2.1'), 'invalid-endpoint'), /\(wg: "Unable to find port of endpoint"\)\.$/);
    assert.match(message('windows', text('bad!host:51820'), 'endpoint-host'), /; Windows fails when it resolves it\.$/);
    assert.match(message('android', text('bad!host:51820'), 'endpoint-host'), /; the Android app rejects the file\.$/);
  });
  it('Table = off on Windows: Windows adds no route', () => {
    const text = config('Table = off\n').replace('AllowedIPs = 10.0.0.0/24', 'AllowedIPs = 0.0.0.0/0');
    assert.match(message('windows', text, 'table-off-default-route'), /^Table = off: Windows adds no route/);
  });
});

describe('an empty key before any section (reference §1.5: the Apple apps drop such a line unread)', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = `ListenPort =\n${config('')}`.replace(/\n/g, eol);
    it(`apple: only key-outside-section, a warning; no "the Apple apps reject the file" (targets review, ${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
      const line0 = validate(parse(text), { target: 'apple' }).filter((p) => p.range.start.line === 0);
      assert.deepEqual(line0.map((p) => [p.rule, p.severity]), [['key-outside-section', 'warning']]);
    });
    it(`wg-quick: both, errors (wg rejects the line either way; ${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
      const line0 = validate(parse(text)).filter((p) => p.range.start.line === 0);
      assert.deepEqual(line0.map((p) => [p.rule, p.severity]).sort(), [['empty-value', 'error'], ['key-outside-section', 'error']]);
    });
  }
});

describe('each target is named for what it does (targets review)', () => {
  const said = (target: Target, iface: string, peer: string, rule: RuleId) => validate(parse(config(iface, peer)), { target }).find((p) => p.rule === rule)?.message ?? '';
  it('an app rejects a signed AllowedIPs item whatever wg is installed; a "-" item is not "remove the sign"', () => {
    assert.match(said('windows', '', 'AllowedIPs = +10.9.0.0/24\n', 'allowed-ip-sign'), /^"\+" before an AllowedIPs item: Windows rejects it \(only wg ≥ v1\.0\.20250521 reads it\)\. Remove the sign\.$/);
    assert.match(said('apple', '', 'AllowedIPs = -10.9.0.0/24\n', 'allowed-ip-sign'), /the Apple apps reject it .*Leave the prefix out of the list instead\.$/);
    assert.match(said('wg', '', 'AllowedIPs = +10.9.0.0/24\n', 'allowed-ip-sign'), /needs wg ≥ v1\.0\.20250521/);
  });
  it('an app, not wg-quick or getaddrinfo, for DNS items, ListenPort and an empty endpoint host', () => {
    assert.match(said('apple', 'DNS = a..b\n', '', 'invalid-dns'), /; the Apple apps take it for a search domain\.$/);
    assert.match(said('windows', 'DNS = a..b\n', '', 'invalid-dns'), /; Windows takes it for a search domain\.$/);
    assert.match(said('android', 'ListenPort = -1\n', '', 'invalid-port'), /^ListenPort: "-1" is not a port number \(0–65535\); the Android app rejects the file\.$/);
    assert.match(said('wg-quick', 'ListenPort = -1\n', '', 'invalid-port'), /getaddrinfo/);
    assert.match(said('windows', '', 'Endpoint = :51820\n', 'endpoint-host'), /Windows rejects the file \("Invalid endpoint host"\)/);
  });
  it('AmneziaWG: awg-quick and awg, not wg-quick and wg', () => {
    assert.match(said('amneziawg', 'Address = 10.0.1.2/24,\n', '', 'invalid-address'), /^Empty Address item \(a trailing comma\): awg-quick skips it/);
    assert.match(said('amneziawg', '', 'DNS = 10.0.0.53\n', 'key-in-wrong-section'), /awg-quick passes it to awg/);
    assert.match(validate(parse('[Interface]\nPrivateKey = ' + PRIV + '\n[Peer]\nAllowedIPs = 10.0.0.0/24\n'), { target: 'amneziawg' }).find((p) => p.rule === 'missing-public-key')!.message, /awg rejects the file/);
  });
  it('Windows: a second [Interface]\'s hook replaces the first\'s (reference §1.3); wg-quick runs both', () => {
    const text = `[Interface]\nPrivateKey = ${PRIV}\nPostUp = echo a\n[Interface]\nPostUp = echo b\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.0/24\n`;
    const message = (target: Target) => validate(parse(text), { target }).find((p) => p.rule === 'duplicate-interface')!.message;
    assert.match(message('windows'), /Windows merges it into the first, and its PostUp replaces the earlier section's/);
    assert.match(message('wg-quick'), /^A second \[Interface\] section: wg and wg-quick merge it into the first/);
    // No hook repeated: the usual words.
    assert.match(validate(parse(text.replace('PostUp = echo b', 'MTU = 1420')), { target: 'windows' }).find((p) => p.rule === 'duplicate-interface')!.message, /wg and wg-quick merge it/);
  });
  it('Apple: a duplicate key\'s fix does not call the earlier line ignored (the apps reject the file)', () => {
    const p = validate(parse(config('MTU = 1400\nMTU = 1420\n')), { target: 'apple' }).find((x) => x.rule === 'duplicate-key')!;
    assert.equal(p.fixes![0]!.title, `Remove this earlier MTU line (keep line ${IFACE + 2})`);
  });
});

describe('Table on Windows (targets review)', () => {
  it('a number other than 254 is read and ignored: information; off, auto, main and 254 say nothing', () => {
    const of = (v: string) => validate(parse(`[Interface]\nPrivateKey = ${PRIV}\nAddress = 10.0.0.2/24\nTable = ${v}\n\n[Peer]\nPublicKey = ${PUB}\nAllowedIPs = 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\n`), { target: 'windows' }).filter((p) => p.rule === 'invalid-table');
    assert.deepEqual(of('1234').map((p) => [p.severity, p.range.start.line]), [['information', 3]]);
    for (const v of ['off', 'auto', 'main', '254']) assert.deepEqual(of(v), [], v);
  });
});

describe('messages that name what the target does (targets review)', () => {
  const messages = (target: 'android' | 'amneziawg', body: string) => validate(parse(`[Interface]\nPrivateKey = ${PRIV}\n${body}`), { target }).map((p) => `${p.rule}: ${p.message}`);
  it("Android: a key its \\w+ regex cannot read is a SYNTAX_ERROR, a word it does not know UNKNOWN_ATTRIBUTE", () => {
    const m = messages('android', 'Foo-Bar = 1\nFooBar = 1\n');
    assert.ok(m.some((x) => /"Foo-Bar".*\(SYNTAX_ERROR\)/.test(x)), m.join('\n'));
    assert.ok(m.some((x) => /"FooBar".*\(UNKNOWN_ATTRIBUTE\)/.test(x)), m.join('\n'));
  });
  it('AmneziaWG: an all-zero HeaderProtectionKey is not explained by Windows and PresharedKey; blanks in H1 are not said to break the stock apps', () => {
    const m = messages('amneziawg', `HeaderProtectionKey = ${'A'.repeat(43)}=\nH1 = 10 - 20\n`);
    const zero = m.find((x) => x.startsWith('invalid-key:'))!;
    assert.match(zero, /all zeros/);
    assert.doesNotMatch(zero, /Windows|PresharedKey/);
    const blank = m.find((x) => x.startsWith('value-whitespace:'))!;
    assert.match(blank, /awg removes it/);
    assert.doesNotMatch(blank, /Windows|Android|Apple/);
  });
});

// Parity review: Windows' parser only notes that a PrivateKey line was there, so a zero one imports (the
// zero check, IsZero, is the peers' public keys'): a warning as elsewhere, not Windows rejecting the file.
describe('an all-zero PrivateKey', () => {
  it('a warning for every target, Windows included', () => {
    const text = config('').replace(PRIV, `${'A'.repeat(43)}=`);
    for (const target of ['windows', 'android', 'apple', 'wg-quick', 'wg'] as const) {
      const [p, ...rest] = validate(parse(text), { target }).filter((x) => x.rule === 'invalid-key');
      assert.deepEqual([p?.severity, p?.range.start.line, rest.length], ['warning', 1, 0], target);
    }
  });
});

// Parity review: the apps read no blank out of a key, so `Private Key` is a key they do not know (key-spacing),
// not a second PrivateKey; Apple's "only one entry per section" was quoted for it.
describe('a spelled-apart key next to its canonical one', () => {
  it('a duplicate for wg-quick (wg strips the blanks), none for the apps', () => {
    const text = config(`Private Key = ${PRIV}\n`);
    const rules = (target: Target) => validate(parse(text), { target }).filter((p) => p.rule === 'duplicate-key' || p.rule === 'key-spacing').map((p) => `${p.rule}:${p.severity}`);
    for (const target of ['windows', 'android', 'apple'] as const) assert.deepEqual(rules(target), ['key-spacing:error'], target);
    assert.deepEqual(rules('wg-quick'), ['duplicate-key:warning', 'key-spacing:warning']);
  });
});

// Diff review: a value valid once the blanks go, but with a warning of its own (an underscore in a host
// name), was an error saying Windows rejects the file.
describe('Unicode blanks at the ends of a value the app reads with a warning', () => {
  it("Windows and Apple: the blanks' warning and the value's own, no error", () => {
    const text = config('', 'Endpoint = vpn_1.example.com:51820\u00a0\n');
    for (const target of ['windows', 'apple'] as const) {
      const got = validate(parse(text), { target }).filter((p) => p.range.start.line === PEER('')).map((p) => `${p.rule}:${p.severity}`);
      assert.deepEqual(got, ['invalid-endpoint:warning', 'endpoint-host:warning'], target);
    }
    assert.ok(validate(parse(text), { target: 'wg-quick' }).some((p) => p.severity === 'error' && p.range.start.line === PEER('')));
  });
});

// Diff review: PersistentKeepalive = 25<U+00A0> got the warning that the app reads 25, and the hint that
// the peer has no keepalive: the keepalive rules read the value as the app does now.
describe('a keepalive the app reads once its blanks go', () => {
  it('no missing-keepalive beside the warning (Windows, Apple)', () => {
    const text = config('', 'Endpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\u00a0\n').replace('ListenPort = 51820\n', '');
    for (const target of ['windows', 'apple'] as const) {
      assert.deepEqual(validate(parse(text), { target }).filter((p) => p.rule.includes('keepalive')).map((p) => `${p.rule}:${p.severity}`), ['invalid-keepalive:warning'], target);
    }
  });
});

// The rule pages of invalid-port and invalid-table say the trim warning covers them too.
describe('Unicode blanks around ListenPort and Table', () => {
  it('a warning with the fix for Windows (and Apple for ListenPort); an error for wg-quick', () => {
    const port = config('').replace('ListenPort = 51820', 'ListenPort = 51820\u00a0');
    const table = config('Table = off\u3000\n');
    const found = (text: string, target: Target, rule: string) => validate(parse(text), { target }).filter((p) => p.rule === rule).map((p) => [p.severity, p.fixes?.[0]?.edits[0]?.newText]);
    assert.deepEqual(found(port, 'windows', 'invalid-port'), [['warning', '51820']]);
    assert.deepEqual(found(port, 'apple', 'invalid-port'), [['warning', '51820']]);
    assert.deepEqual(found(port, 'wg-quick', 'invalid-port').map(([s]) => s), ['error']);
    assert.deepEqual(found(table, 'windows', 'invalid-table'), [['warning', 'off']]);
  });
});
