// THE table of sections and keys. Validation, completion, hover, the grammar test
// and the docs all read this one table, so a key documented here is completed,
// hovered and validated the same way everywhere.
// Facts come from docs/reference/wireguard-config-semantics.md (§3 master key table).

import { ownCopy } from './strings.ts';

export type Target = 'wg' | 'wg-quick' | 'windows' | 'android' | 'apple' | 'amneziawg';

/** Every target, with what it stands for (used by the `wgls.target` setting and hover). */
export const TARGETS: ReadonlyArray<{ id: Target; label: string }> = [
  { id: 'wg-quick', label: 'wg-quick (Linux, BSD, macOS)' },
  { id: 'wg', label: 'wg setconf / addconf' },
  { id: 'windows', label: 'WireGuard for Windows' },
  { id: 'android', label: 'WireGuard for Android' },
  { id: 'apple', label: 'WireGuard for iOS / macOS' },
  { id: 'amneziawg', label: 'AmneziaWG (awg / awg-quick)' },
];

/**
 * The target a word names, in any case (`Android`), as the `# wgls-target` comment, the wgls.target
 * setting and the CLI's --target read it; undefined for anything else.
 */
export function targetNamed(word: unknown): Target | undefined {
  return typeof word === 'string' ? TARGETS.find((t) => t.id === word.toLowerCase())?.id : undefined;
}

export const DEFAULT_TARGET: Target = 'wg-quick';

export type SectionName = 'Interface' | 'Peer';

export type ValueKind =
  | 'private-key'
  | 'public-key'
  | 'preshared-key'
  | 'port'
  | 'fwmark'
  | 'address-list'
  | 'dns-list'
  | 'mtu'
  | 'table'
  | 'command'
  | 'bool'
  | 'app-list'
  | 'allowed-ips'
  | 'endpoint'
  | 'keepalive'
  | 'uint16'
  | 'uint32'
  | 'u32-range'
  | 'u16-range'
  | 'awg-bool'
  | 'awg-chain';

/** Values that are keys (44 characters of base64): PrivateKey, PublicKey, PresharedKey. */
export const isKeyKind = (kind: ValueKind): boolean => kind === 'private-key' || kind === 'public-key' || kind === 'preshared-key';

export type ManPage = 'wg' | 'wg-quick' | 'android' | 'amneziawg';

export interface KeyInfo {
  /** Canonical spelling, as `wg showconf` and the app writers emit it. */
  readonly name: string;
  readonly section: SectionName;
  /** Tools that accept the key; any other target rejects the whole file. */
  readonly targets: readonly Target[];
  readonly kind: ValueKind;
  /** Repeated lines accumulate (true) rather than the last one winning. */
  readonly repeatable: boolean;
  /** Required in its section by the given targets. */
  readonly requiredBy?: readonly Target[];
  /** A key of the same section that cannot be set with this one (completion offers only one of them). */
  readonly excludes?: string;
  /** Secret material: never echoed in hover, logs or messages. */
  readonly secret?: boolean;
  /** One line, for completion lists. */
  readonly summary: string;
  /** Markdown paragraphs for hover. */
  readonly doc: string;
  /** Value syntax, for hover. */
  readonly syntax: string;
  /** The syntax where a target reads the value otherwise (PersistentKeepalive: no `off` for the apps). */
  readonly targetSyntax?: Readonly<Partial<Record<Target, string>>>;
  /** The doc where a target reads the key otherwise (the hooks: Windows runs them with `cmd`, no `%i`). */
  readonly targetDoc?: Readonly<Partial<Record<Target, string>>>;
  readonly default?: string;
  /** A complete example line. */
  readonly example: string;
  /** The example where the usual one is wrong for a target (a hook with `%i` for Windows). */
  readonly targetExample?: Readonly<Partial<Record<Target, string>>>;
  readonly man: ManPage;
}

export interface SectionInfo {
  readonly name: SectionName;
  readonly summary: string;
  readonly doc: string;
  readonly repeatable: boolean;
  readonly example: string;
}

const ALL: readonly Target[] = ['wg', 'wg-quick', 'windows', 'android', 'apple', 'amneziawg'];
const QUICK_LIKE: readonly Target[] = ['wg-quick', 'windows', 'android', 'apple', 'amneziawg'];
const AWG: readonly Target[] = ['amneziawg'];

export const MAN_PAGES: Record<ManPage, string> = {
  wg: 'https://man7.org/linux/man-pages/man8/wg.8.html',
  'wg-quick': 'https://man7.org/linux/man-pages/man8/wg-quick.8.html',
  // No man page documents the Android-only keys: the app's config parser is their documentation (reference 3.1).
  android: 'https://git.zx2c4.com/wireguard-android/tree/tunnel/src/main/java/com/wireguard/config/Interface.java',
  amneziawg: 'https://docs.amnezia.org/documentation/amnezia-wg/',
};

/** A hook's doc, naming the tool that runs it (wg-quick, or its fork awg-quick). */
function hookDoc(name: 'PreUp' | 'PostUp' | 'PreDown' | 'PostDown', tool: 'wg-quick' | 'awg-quick'): string {
  const when = {
    PreUp: 'after the interface is created, before its configuration, addresses and routes are set',
    PostUp: 'after the interface is up, its addresses and routes set',
    PreDown: 'before the interface is taken down',
    PostDown: 'after the interface has been removed',
  }[name];
  return (
    `A shell command ${tool} runs with \`bash\` ${when}. Repeated lines run in order (Windows keeps only the last line of ` +
    'each kind); `%i` becomes the interface name (on macOS and OpenBSD the real one, `utunN`/`wgN`, with `%I` for the ' +
    'config name; Windows does not expand it and sets `WIREGUARD_TUNNEL_NAME` instead).\n\n' +
    'Typical uses on a hub or gateway: enable forwarding and NAT in `PostUp` and undo exactly the same in ' +
    '`PostDown` (`eth0` stands for the interface facing the internet or LAN; a host only forwards between ' +
    'peers, or to its LAN, with IP forwarding on):\n\n```\n' +
    'PostUp = sysctl -w net.ipv4.ip_forward=1\n' +
    'PostUp = iptables -A FORWARD -i %i -j ACCEPT; iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE\n' +
    'PostDown = iptables -D FORWARD -i %i -j ACCEPT; iptables -t nat -D POSTROUTING -o eth0 -j MASQUERADE\n```\n\n' +
    'With Docker on the host, its `DOCKER-USER` / FORWARD policy drops forwarded tunnel traffic: insert the rule ' +
    'instead (`iptables -I DOCKER-USER -i %i -j ACCEPT`). Windows runs these with `cmd` only when the ' +
    '`DangerousScriptExecution` registry switch is on. wgls never runs them.'
  );
}

export const SECTIONS: readonly SectionInfo[] = [
  {
    name: 'Interface',
    summary: 'This host: its private key, listening port and (for wg-quick) addresses, DNS, MTU and hooks.',
    doc:
      'Describes the local WireGuard interface. wg reads `PrivateKey`, `ListenPort` and `FwMark`. wg-quick adds ' +
      '`Address`, `DNS`, `MTU`, `Table`, the `PreUp`/`PostUp`/`PreDown`/`PostDown` hooks and `SaveConfig`; Windows ' +
      'all of those but `SaveConfig` (and `FwMark`); the Android and Apple apps only `Address`, `DNS` and `MTU` ' +
      '(Android also `ExcludedApplications`/`IncludedApplications`).\n\n' +
      'One per file. wg and wg-quick merge repeated `[Interface]` sections, but the Apple apps reject the file.',
    repeatable: false,
    example: '[Interface]\nPrivateKey = <base64>\nAddress = 10.0.0.1/24\nListenPort = 51820',
  },
  {
    name: 'Peer',
    summary: 'A remote end of the tunnel, identified by its public key.',
    doc:
      'Describes one remote peer: its `PublicKey` (required), the `AllowedIPs` routed to it and accepted from it, ' +
      'where to reach it (`Endpoint`), an optional `PresharedKey` and `PersistentKeepalive`.\n\n' +
      'Each `[Peer]` starts a new peer. Two sections with the same `PublicKey` are merged by the kernel (the later ' +
      "AllowedIPs replace the earlier ones) and rejected by the Apple apps.",
    repeatable: true,
    example: '[Peer]\nPublicKey = <base64>\nAllowedIPs = 10.0.0.2/32\nEndpoint = vpn.example.com:51820',
  },
];

/** `made`: the command whose output the value is (`wg genkey`, `wg pubkey`, `wg genpsk`). */
const keySyntax = (made: string) => `44 characters of base64 encoding 32 bytes, ending in \`=\` (e.g. the output of \`${made}\`)`;

export const KEYS: readonly KeyInfo[] = [
  // ---------------------------------------------------------------- [Interface]
  {
    name: 'PrivateKey',
    section: 'Interface',
    targets: ALL,
    kind: 'private-key',
    repeatable: false,
    requiredBy: ['windows', 'android', 'apple'],
    secret: true,
    summary: "This interface's private key (secret).",
    doc:
      'The X25519 private key of this interface, as made by `wg genkey`. Its public key (`wg pubkey`) is what the ' +
      "other end puts in its `[Peer]` `PublicKey`.\n\nKeep it secret: the file should be readable by root only " +
      '(`chmod 600`). wg itself does not require it: a hook may set it instead, `PostUp = wg set %i private-key ' +
      '<(pass WireGuard/private-keys/%i)` as wg-quick(8) shows (a `PreUp` only with wg-quick ≥ v1.0.20260223, which ' +
      'loads the file with `wg addconf`; older ones `setconf` and clear it again). Windows, Android and Apple require it.',
    syntax: keySyntax('wg genkey'),
    example: 'PrivateKey = <output of wg genkey>',
    man: 'wg',
  },
  {
    name: 'ListenPort',
    section: 'Interface',
    targets: ALL,
    kind: 'port',
    repeatable: false,
    summary: 'UDP port to listen on; random when absent.',
    doc:
      'The UDP port this interface listens on. Without it the port is chosen at random each time the interface comes ' +
      'up, so the other ends cannot use this host as their `Endpoint`: set it on servers and hubs, usually `51820`.\n\n' +
      '`0` means random as well.',
    syntax: 'integer 0–65535',
    default: 'random',
    example: 'ListenPort = 51820',
    man: 'wg',
  },
  {
    name: 'FwMark',
    section: 'Interface',
    targets: ['wg', 'wg-quick', 'amneziawg'],
    kind: 'fwmark',
    repeatable: false,
    summary: 'Firewall mark for outgoing encrypted packets.',
    doc:
      'A 32-bit firewall mark put on the encrypted UDP packets this interface sends, for policy routing. `0` or `off` ' +
      'disables it.\n\nWith a `0.0.0.0/0` or `::/0` route and `Table = auto`, Linux wg-quick uses the fwmark as the ' +
      'number of the routing table it creates. Not supported by the Windows, Android or Apple apps.',
    syntax: '`off`, a decimal number or lower-case `0x` hex, at most 0xffffffff',
    default: 'off',
    example: 'FwMark = 0x51820',
    man: 'wg',
  },
  {
    name: 'Address',
    section: 'Interface',
    targets: QUICK_LIKE,
    kind: 'address-list',
    repeatable: true,
    summary: "This interface's tunnel addresses (wg-quick).",
    doc:
      'The addresses of this host inside the tunnel, comma-separated, IPv4 and/or IPv6, usually with the tunnel ' +
      'subnet as prefix (`10.0.0.1/24`). On Linux (`ip address add`) and in the Apple apps the prefix also routes that ' +
      'whole subnet into the tunnel; the Android app routes only `AllowedIPs`.\n\nThe other end ' +
      "must include these addresses in its `AllowedIPs` for this peer, or it drops this host's packets. Repeated " +
      'lines add up.',
    syntax: 'comma-separated `IP[/prefix]`',
    example: 'Address = 10.0.0.2/24, fd00::2/64',
    man: 'wg-quick',
  },
  {
    name: 'DNS',
    section: 'Interface',
    targets: QUICK_LIKE,
    kind: 'dns-list',
    repeatable: true,
    summary: 'DNS servers (IPs) and search domains (names) while the tunnel is up (wg-quick).',
    doc:
      'Comma-separated DNS servers and search domains, set with `resolvconf` while the interface is up. Items that ' +
      'look like IP addresses are servers; anything else is a search domain.\n\nSearch domains without any server ' +
      'are silently ignored by wg-quick. A server inside the tunnel (a private address, such as the hub\'s) must be ' +
      "covered by some peer's `AllowedIPs`, or the queries go out of the tunnel and fail; with a full tunnel every " +
      'server is reached through it.',
    syntax: 'comma-separated IP addresses and/or domain names',
    example: 'DNS = 10.0.0.1, internal.example.com',
    man: 'wg-quick',
  },
  {
    name: 'MTU',
    section: 'Interface',
    targets: QUICK_LIKE,
    kind: 'mtu',
    repeatable: false,
    summary: "The tunnel interface's MTU; when absent, route MTU − 80 (wg-quick, Windows, macOS app) or 1280 (Android, iOS).",
    doc:
      'WireGuard adds 60 bytes to every packet sent to an IPv4 endpoint and 80 to an IPv6 one (outer IP header 20 or ' +
      '40 + UDP 8 + WireGuard 32), so the tunnel MTU must be at most the path MTU minus that; minus 80 is safe ' +
      'for both:\n\n' +
      '- **1420** on Ethernet and most broadband (1500 − 80; the wg-quick default);\n' +
      '- **1412** over PPPoE (DSL: 1492 − 80);\n' +
      '- **1280** on cellular networks or when unsure (the IPv6 minimum; the Android and iOS apps default to it);\n' +
      '- lower again when the path is itself tunnelled (IPsec, another WireGuard, …).\n\n' +
      'Probe the path with `ping -M do -s 1472 <endpoint host>` (the payload is the path MTU − 28 over IPv4): ' +
      'lower `-s` until it gets through, add 28, subtract 80. IPv6 needs an MTU of at least 1280.\n\n' +
      'Without `MTU`, Linux wg-quick takes the smallest MTU of the routes to the endpoints (or the default ' +
      'route) minus 80 (before v1.0.20260223, and on FreeBSD/OpenBSD still, the largest; macOS wg-quick the ' +
      'default route interface\'s); Windows the default route interface\'s minus 80 (at least 576, or 1280 with ' +
      'IPv6); the Android and iOS apps use 1280, the macOS app the link\'s minus 80.',
    syntax: 'an integer: 576–65535 for Windows (the Apple apps import any 0–65535, their editor wants ≥ 576; wg-quick checks nothing, Android takes any ≥ 0, 0 meaning automatic); at least 1280 when IPv6 is used',
    default: 'route MTU − 80 (1420 on a 1500 link) for wg-quick, Windows and the macOS app; 1280 for the Android and iOS apps',
    example: 'MTU = 1420',
    man: 'wg-quick',
  },
  {
    name: 'Table',
    section: 'Interface',
    targets: ['wg-quick', 'windows', 'amneziawg'],
    kind: 'table',
    repeatable: false,
    summary: 'Routing table for the AllowedIPs routes: `auto`, `off`, `main` or a table.',
    doc:
      'Which routing table wg-quick adds the `AllowedIPs` routes to. On Linux, `auto` (default) adds them to the main ' +
      'table and handles `0.0.0.0/0` and `::/0` with a separate table plus fwmark rules (macOS and the BSDs split ' +
      'a /0 into two /1 routes plus a host route to each endpoint instead); `off` adds no routes at all (for ' +
      'routing you manage yourself, e.g. with `PostUp`); `main` puts every route, a default route included, in the ' +
      'main table without the fwmark rules, so with a /0 `wg-quick up` fails with "File exists" where the host has ' +
      'a default route (or the tunnel takes its own packets); a number or name from `/etc/iproute2/rt_tables` puts the ' +
      'routes in that table (a /0 too) and adds no `ip rule` to look it up, so nothing reaches them unless a ' +
      '`PostUp` adds the rules.\n\nValues are case-sensitive in wg-quick: `Off` is not `off`. macOS wg-quick accepts only `auto`, ' +
      '`main` and `off`; Windows only `auto`, `main`, `off` and numbers (and only `off` changes anything there).',
    syntax: '`auto`, `off`, `main`, a table number or an rt_tables name',
    // Windows reads no rt_tables names (reference 3.1 Table), and only `off` changes anything there.
    targetSyntax: { windows: '`auto`, `off`, `main` or a table number (names are rejected); only `off` changes anything: no routes, no kill switch' },
    default: 'auto',
    example: 'Table = off',
    man: 'wg-quick',
  },
  ...(['PreUp', 'PostUp', 'PreDown', 'PostDown'] as const).map(
    (name): KeyInfo => ({
      name,
      section: 'Interface',
      targets: ['wg-quick', 'windows', 'amneziawg'],
      kind: 'command',
      repeatable: true,
      summary: {
        PreUp: 'Shell command run once the interface exists, before its keys, addresses and routes are set.',
        PostUp: 'Shell command run after the interface is up (forwarding, NAT rules).',
        PreDown: 'Shell command run before the interface is removed.',
        PostDown: 'Shell command run after the interface is removed (undo PostUp).',
      }[name],
      doc: hookDoc(name, 'wg-quick'),
      syntax: 'a shell command (the whole rest of the line)',
      // Windows' own reading (reference 2.8): the examples above carry `%i`, which it never expands.
      targetSyntax: { windows: 'a `cmd` command (the whole rest of the line); one line of each kind' },
      targetDoc: {
        // awg-quick is wg-quick's fork and runs the hooks alike (reference §9); the doc names the tool run.
        amneziawg: hookDoc(name, 'awg-quick'),
        windows:
          `A command WireGuard for Windows runs with \`cmd /c\`, as Local System, ${
            {
              PreUp: 'before the tunnel is configured',
              PostUp: 'after the tunnel is up',
              PreDown: 'before the tunnel is taken down',
              PostDown: 'after the tunnel has been removed',
            }[name]
          }, and only when the registry value \`HKLM\\Software\\WireGuard\\DangerousScriptExecution\` is 1 ` +
          '(otherwise it is skipped, "disabled, per policy"). Only the last line of each kind counts. `%i` is not ' +
          'expanded: the tunnel\'s name is in the environment variable `%WIREGUARD_TUNNEL_NAME%`. wgls never runs them.',
      },
      targetExample: { windows: `${name} = netsh interface ipv4 set interface "%WIREGUARD_TUNNEL_NAME%" metric=5` },
      example: `${name} = ${
        name === 'PostUp' || name === 'PreUp'
          ? 'iptables -A FORWARD -i %i -j ACCEPT'
          : 'iptables -D FORWARD -i %i -j ACCEPT'
      }`,
      man: 'wg-quick',
    }),
  ),
  {
    name: 'SaveConfig',
    section: 'Interface',
    targets: ['wg-quick', 'amneziawg'],
    kind: 'bool',
    repeatable: false,
    summary: 'Rewrite this file from the live interface on `wg-quick down`.',
    doc:
      'When `true`, `wg-quick down` overwrites this file with the running state (`wg-quick save` does so whatever ' +
      'this says): **all comments are lost**, hostname endpoints become resolved `IP:port`, list values are split ' +
      'onto separate lines, DNS search domains are dropped (only `nameserver` lines are read back) and `MTU` is ' +
      'kept only if it was set. Leave it `false` for hand-edited files.',
    syntax: '`true` or `false`',
    default: 'false',
    example: 'SaveConfig = false',
    man: 'wg-quick',
  },
  ...(['ExcludedApplications', 'IncludedApplications'] as const).map(
    (name): KeyInfo => ({
      name,
      section: 'Interface',
      targets: ['android'],
      kind: 'app-list',
      repeatable: true,
      excludes: name === 'ExcludedApplications' ? 'IncludedApplications' : 'ExcludedApplications',
      summary:
        name === 'ExcludedApplications'
          ? 'Android apps whose traffic bypasses the tunnel.'
          : 'Only these Android apps use the tunnel.',
      doc:
        'Comma-separated Android package names (Android app and its wg-quick only). ' +
        '`ExcludedApplications` and `IncludedApplications` cannot both be set.',
      syntax: 'comma-separated package names',
      example: `${name} = com.example.app`,
      man: 'android',
    }),
  ),
  // AmneziaWG obfuscation parameters (§9): the two ends must agree on all of them.
  ...awgInterfaceKeys(),
  // ---------------------------------------------------------------- [Peer]
  {
    name: 'PublicKey',
    section: 'Peer',
    targets: ALL,
    kind: 'public-key',
    repeatable: false,
    requiredBy: ALL,
    summary: "The peer's public key (required).",
    doc:
      "The peer's X25519 public key: `wg pubkey` of the private key in the peer's own `[Interface]`. It identifies " +
      'the peer: every `[Peer]` needs one, and it must differ from this interface\'s own public key (the kernel ' +
      'silently ignores such a peer).',
    syntax: keySyntax('wg pubkey'),
    example: 'PublicKey = <output of wg pubkey>',
    man: 'wg',
  },
  {
    name: 'PresharedKey',
    section: 'Peer',
    targets: ALL,
    kind: 'preshared-key',
    repeatable: false,
    secret: true,
    summary: 'Optional extra symmetric key (secret); must be identical on both ends.',
    doc:
      'An optional symmetric key mixed into the handshake for an additional layer of (post-quantum) protection, made ' +
      'by `wg genpsk`. Both ends must have **the same** key for each other, or neither: a mismatch means no ' +
      'handshake, silently.',
    syntax: keySyntax('wg genpsk'),
    example: 'PresharedKey = <output of wg genpsk>',
    man: 'wg',
  },
  {
    name: 'AllowedIPs',
    section: 'Peer',
    targets: ALL,
    kind: 'allowed-ips',
    repeatable: true,
    summary: 'Addresses routed to this peer and accepted from it.',
    doc:
      'Two jobs in one list: packets **to** these addresses are sent to this peer (the routing table), and packets ' +
      '**from** this peer are accepted only if their source is inside it (the filter). Typical values:\n\n' +
      '- `10.0.0.2/32`: just the peer itself (a hub listing a spoke);\n' +
      '- `10.0.0.0/24`: the whole tunnel subnet (a spoke reaching every spoke through the hub);\n' +
      '- `10.0.0.2/32, 192.168.1.0/24`: the peer plus the LAN behind it (site-to-site, a NAS at home);\n' +
      '- `0.0.0.0/0, ::/0`: all traffic (a full-tunnel VPN client).\n\n' +
      'Two peers of one interface must not claim the same prefix: the later peer silently takes it. Repeated lines ' +
      'add up.',
    syntax: 'comma-separated `IP[/prefix]`; a bare IP means /32 (IPv4) or /128 (IPv6)',
    example: 'AllowedIPs = 10.0.0.2/32, 192.168.1.0/24',
    man: 'wg',
  },
  {
    name: 'Endpoint',
    section: 'Peer',
    targets: ALL,
    kind: 'endpoint',
    repeatable: false,
    summary: "Where to reach the peer: `host:port` or `[IPv6]:port`.",
    doc:
      'The address and UDP port of the peer, usually its public IP or hostname and its `ListenPort`. Optional: ' +
      'without it this side waits for the peer to make contact, and then follows the peer as it roams. At least ' +
      'one of the two ends needs an Endpoint for the other.\n\nwg and wg-quick resolve a hostname once, when the ' +
      'interface comes up (the Android app looks it up again at most once a minute, preferring IPv4). IPv6 ' +
      'addresses need brackets: `[2001:db8::1]:51820`.',
    syntax: '`host:port`, `IPv4:port` or `[IPv6]:port`',
    example: 'Endpoint = vpn.example.com:51820',
    man: 'wg',
  },
  {
    name: 'PersistentKeepalive',
    section: 'Peer',
    targets: ALL,
    kind: 'keepalive',
    repeatable: false,
    summary: 'Send a keepalive every N seconds to hold NAT mappings open (25 is usual).',
    doc:
      'Seconds between authenticated empty packets sent to the peer to keep a NAT or stateful-firewall mapping ' +
      'open. Needed on the side that is **behind NAT** and must stay reachable (a home NAS, a phone that must ' +
      'receive traffic); **25** is the value WireGuard documents. The side that has no `Endpoint` for the peer ' +
      'cannot send keepalives to it until the peer has made contact.\n\n`0` or `off` disables it (the default). The Android, Apple and AmneziaWG ' +
      'parsers reject `off`: write `0`.',
    syntax: '`off` or seconds 0–65535',
    targetSyntax: {
      android: 'seconds 0–65535 (`off` is rejected)',
      apple: 'seconds 0–65535 (`off` is rejected)',
      // (Reference 3.2: Windows compares `off` case-sensitively; invalid-keepalive says so. Docs review.)
      windows: '`off` (lower case only) or seconds 0–65535',
      amneziawg: 'seconds 0–65535, or a range of them (`20-30`, awg-tools reads a u16 range); `off` is rejected',
    },
    default: '0 (no keepalive)',
    example: 'PersistentKeepalive = 25',
    man: 'wg',
  },
  {
    name: 'AdvancedSecurity',
    section: 'Peer',
    targets: AWG,
    kind: 'awg-bool',
    repeatable: false,
    summary: 'AmneziaWG: per-peer advanced security switch.',
    doc: 'AmneziaWG only. Stock WireGuard tools reject the whole file when it is present.',
    syntax: '`on`/`off` or `1`/`0`',
    example: 'AdvancedSecurity = on',
    man: 'amneziawg',
  },
];

function awgInterfaceKeys(): KeyInfo[] {
  /** AmneziaWG 2.x/3.x keys that set protocol timers and switches, not packet obfuscation. */
  const AWG_SETTINGS: ReadonlySet<string> = new Set(['ContentPaddingAddition', 'RekeyAfterTime', 'RekeyTimeout', 'RejectAfterTime', 'KeepaliveTimeout', 'MaxHandshakeAttempts', 'RandomTrailers', 'DisableCookies']);
  const awg = (name: string, kind: ValueKind, summary: string, syntax: string, example: string): KeyInfo => ({
    name,
    section: 'Interface',
    targets: AWG,
    kind,
    repeatable: false,
    summary: `AmneziaWG: ${summary}`,
    doc:
      // The newer protocol timers and switches (reference 9 lists them, no more) are no obfuscation, and
      // whether the two ends must agree on them is not established: said of neither (hover review).
      (AWG_SETTINGS.has(name)
        ? `AmneziaWG 2.x/3.x setting: ${summary}.`
        : `AmneziaWG obfuscation parameter: ${summary}. ${
            /^(S[1-4]|H[1-4]|HeaderProtectionKey)$/.test(name)
              ? 'Both ends of a tunnel must use the same value (each reads the other\'s packets with its own).'
              : 'It shapes only what this side sends, so the two ends may differ.'
          }`) + ' Stock WireGuard tools (wg, wg-quick and the official apps) reject the whole file when it is present.',
    syntax,
    example: `${name} = ${example}`,
    man: 'amneziawg',
  });
  return [
    awg('Jc', 'uint16', 'number of junk packets sent before the handshake', 'integer 0–65535', '4'),
    awg('Jmin', 'uint16', 'minimum junk packet size in bytes', 'integer 0–65535, at most Jmax', '40'),
    awg('Jmax', 'uint16', 'maximum junk packet size in bytes', 'integer 0–65535, at least Jmin', '70'),
    ...[1, 2, 3, 4].map((i) =>
      awg(
        `S${i}`,
        'uint16',
        `junk prefix size for ${['handshake initiation', 'handshake response', 'cookie', 'transport'][i - 1]} packets`,
        'integer 0–65535',
        String([15, 25, 0, 0][i - 1]),
      ),
    ),
    ...[1, 2, 3, 4].map((i) =>
      awg(
        `H${i}`,
        'u32-range',
        `magic header for ${['handshake initiation', 'handshake response', 'cookie', 'transport'][i - 1]} packets`,
        '`N` or `lo-hi`, 0–4294967295; the four ranges must not overlap',
        String(1020325451 + i),
      ),
    ),
    ...[1, 2, 3, 4, 5].map((i) =>
      awg(`I${i}`, 'awg-chain', `obfuscation chain ${i}`, 'tag chain such as `<b 0x…><c><t><r 10>`', '<r 16>'),
    ),
    // AmneziaWG 2.x/3.x (awg-tools config.c; reference §9).
    {
      ...awg('HeaderProtectionKey', 'preshared-key', 'key that encrypts packet headers (secret)', keySyntax('wg genpsk'), '<output of wg genpsk>'),
      secret: true,
      doc:
        'AmneziaWG 3.x: a base64 key (as `wg genpsk` makes) that encrypts packet headers; both ends need the same ' +
        'key, and with it each of S1–S4 must be at least 12 (amneziawg-go: "S1 must be more then 12 to use ' +
        'headerProtection"). Stock WireGuard tools reject the whole file when it is present.',
    },
    ...(
      [
        ['ContentPaddingAddition', 'bytes of padding added to transport packets', '0-16'],
        ['RekeyAfterTime', 'seconds before a new handshake is started', '120'],
        ['RekeyTimeout', 'seconds before a handshake is retried', '5'],
        ['RejectAfterTime', 'seconds after which a session key is no longer used', '180'],
        ['KeepaliveTimeout', 'seconds before a keepalive answers received data', '10'],
        ['MaxHandshakeAttempts', 'handshake attempts before giving up', '18'],
      ] as const
    ).map(([name, summary, example]) => awg(name, 'u16-range', summary, '`N` or `lo-hi`, 0–65535', example)),
    awg('RandomTrailers', 'awg-bool', 'random bytes appended to packets', '`on`/`off` or `1`/`0`', 'on'),
    awg('DisableCookies', 'awg-bool', 'turns the cookie (under-load) mechanism off', '`on`/`off` or `1`/`0`', 'off'),
  ];
}

// ------------------------------------------------------------------ look-ups

const byLowerName = new Map<string, KeyInfo[]>();
for (const key of KEYS) {
  const list = byLowerName.get(key.name.toLowerCase()) ?? [];
  list.push(key);
  byLowerName.set(key.name.toLowerCase(), list);
}

export interface KeyMatch {
  readonly info: KeyInfo;
  /** The spelling only matches once wg strips inner whitespace (`Private Key`): fine for wg, not portable. */
  readonly needsSpaceStripping: boolean;
  /** Not the canonical spelling (case differs or inner spaces): every parser accepts the case, not the spaces. */
  readonly canonical: boolean;
}

/**
 * Resolves a key as written to its schema entry, case-insensitively (every parser ignores case) and, as wg
 * does, ignoring whitespace. `section` picks the entry when a name exists in both sections (none does today).
 */
export function lookupKey(written: string, section?: SectionName): KeyMatch | undefined {
  // Keys repeat thousands of times in a big hub: answer each spelling once, in a map per section
  // (a combined string key would be built and hashed anew on every call).
  const memo = section === 'Interface' ? interfaceMemo : section === 'Peer' ? peerMemo : anyMemo;
  let hit = memo.get(written);
  if (hit === undefined) {
    hit = computeLookup(written, section) ?? null;
    if (memo.size > 5_000) memo.clear();
    memo.set(ownCopy(written), hit); // not the cut itself: it would keep its document alive (strings.ts)
  }
  return hit ?? undefined;
}

const interfaceMemo = new Map<string, KeyMatch | null>();
const peerMemo = new Map<string, KeyMatch | null>();
const anyMemo = new Map<string, KeyMatch | null>();

/**
 * ASCII letters lowered, nothing else: wg compares key names with strncasecmp, byte by byte, so
 * `Public<U+212A>ey` (a Kelvin sign, which toLowerCase makes a `k`) is no key to it (structure review:
 * the formatter "fixed" it into PublicKey, a line wg rejects into one it reads). The Go, Java and Swift
 * parsers (Windows, Android, Apple) lower with Unicode and would read it: checked as wg reads it.
 */
function asciiLower(text: string): string {
  return /[^\x00-\x7f]/.test(text) ? text.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : text.toLowerCase();
}

function computeLookup(written: string, section?: SectionName): KeyMatch | undefined {
  const lower = asciiLower(written);
  let needsSpaceStripping = false;
  let candidates = byLowerName.get(lower);
  if (!candidates) {
    candidates = byLowerName.get(lower.replace(/[ \t\v\f\r\n]+/g, ''));
    needsSpaceStripping = candidates !== undefined;
  }
  if (!candidates) return undefined;
  const info = (section && candidates.find((k) => k.section === section)) || candidates[0]!;
  return { info, needsSpaceStripping, canonical: written === info.name };
}

export function keysOfSection(section: SectionName): KeyInfo[] {
  return KEYS.filter((k) => k.section === section);
}

export function sectionInfo(name: SectionName): SectionInfo {
  return SECTIONS.find((s) => s.name === name)!;
}

export function acceptedBy(info: KeyInfo, target: Target): boolean {
  return info.targets.includes(target);
}
