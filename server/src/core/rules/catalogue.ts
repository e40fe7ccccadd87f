// The rule catalogue: one row per rule, with a stable kebab-case id (users put it in
// settings and suppression comments, so an id never changes meaning), a default
// severity and a one-line summary. Each id has a page at docs/rules/<id>.md.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RuleInfo {
  readonly severity: Severity;
  /** One line: what the rule catches (the docs page says why it matters). */
  readonly summary: string;
  /**
   * Its preferred fix is mechanical: a spelling, or another form of the same value that every tool
   * reads alike. "Fix all" (and `source.fixAll` on save) applies it without asking, except where the
   * fix says `ask` (a guess in that case); a fix that is a choice (an MTU, a port, the other file) or
   * that deletes a line (which may hold a comment, a suppression or a secret) never is marked.
   */
  readonly fixAll?: true;
}

export const RULES = {
  // Syntax: lines no parser can read.
  'invalid-line': { severity: 'error', summary: 'A line that is neither a section header, `Key = Value`, a comment nor blank.' },
  'unknown-section': { severity: 'error', summary: 'A section header other than `[Interface]` or `[Peer]`.' },
  'malformed-section-header': { severity: 'error', summary: 'A section header with no closing `]` or text after it.' },
  'key-outside-section': { severity: 'error', summary: 'A `Key = Value` line before the first section header.' },
  'empty-value': { severity: 'error', summary: 'A key with nothing after `=` (a hint for wg-quick\'s own keys, which it skips).' },
  bom: { severity: 'error', summary: 'The file starts with a UTF-8 byte order mark, or is UTF-16: wg rejects either.' },
  'cr-line-ending': { severity: 'error', summary: 'Lines ended by a lone CR (old Mac style): wg reads the whole file as one line.' },

  // Keys and sections.
  'unknown-key': { severity: 'error', summary: 'A key no WireGuard tool knows.' },
  'key-in-wrong-section': { severity: 'error', summary: 'A key that belongs to the other section (e.g. `Address` under `[Peer]`).' },
  'key-not-supported-by-target': { severity: 'error', summary: 'A key the selected target tool does not accept (e.g. `PostUp` for Android).' },
  'amneziawg-key': { severity: 'error', summary: 'An AmneziaWG key in a file for stock WireGuard tools.' },
  'key-spacing': { severity: 'warning', summary: 'Whitespace inside a key (`Private Key`): only wg ignores it.', fixAll: true },
  'non-canonical-key': { severity: 'hint', summary: 'A key or section spelled in another case than the canonical one.', fixAll: true },
  'section-header-spacing': { severity: 'warning', summary: 'Whitespace inside a section header (`[ Interface ]`): wg-quick and the apps do not recognise it.', fixAll: true },
  'duplicate-key': { severity: 'warning', summary: 'A single-valued key set twice in a section: the last one silently wins.' },
  'duplicate-interface': { severity: 'warning', summary: 'A second `[Interface]` section: merged by wg, rejected by the Apple apps.' },
  'missing-interface': { severity: 'error', summary: 'No `[Interface]` section, which the apps require.' },
  'missing-public-key': { severity: 'error', summary: 'A `[Peer]` without `PublicKey`.' },
  'missing-private-key': { severity: 'information', summary: 'An `[Interface]` without `PrivateKey`.' },

  // Values.
  'invalid-key': { severity: 'error', summary: 'A key value that is not 44 characters of base64 encoding 32 bytes.', fixAll: true },
  'invalid-port': { severity: 'error', summary: 'A port that is not a number 0–65535.' },
  'non-portable-port': { severity: 'warning', summary: 'A port only glibc reads (`+5`, `-0`, above 65535, a service name).', fixAll: true },
  'invalid-fwmark': { severity: 'error', summary: 'An `FwMark` that is not `off`, decimal or `0x` hex up to 0xffffffff.' },
  'invalid-keepalive': { severity: 'error', summary: 'A `PersistentKeepalive` that is not `off` or 0–65535.' },
  'keepalive-off-not-portable': { severity: 'error', summary: '`PersistentKeepalive = off`, which Android, Apple and AmneziaWG reject (Windows: any case but `off`).', fixAll: true },
  'invalid-allowed-ip': { severity: 'error', summary: 'An `AllowedIPs` item that is not `IP[/prefix]`.' },
  'allowed-ip-host-bits': { severity: 'warning', summary: 'An `AllowedIPs` prefix with host bits set (`10.0.0.1/24`).' },
  'allowed-ip-sign': { severity: 'error', summary: 'A `+`/`-` prefix on an `AllowedIPs` item (wg ≥ v1.0.20250521 only).' },
  'duplicate-allowed-ip': { severity: 'information', summary: 'The same prefix twice in one peer (on one line or several).' },
  'invalid-endpoint': { severity: 'error', summary: 'An `Endpoint` that is not `host:port` or `[IPv6]:port`.' },
  'endpoint-unbracketed-ipv6': { severity: 'warning', summary: 'An IPv6 endpoint without brackets.', fixAll: true },
  'endpoint-host': { severity: 'error', summary: 'An endpoint host that can never resolve, or one only getaddrinfo reads (`1.2.3`, `[192.0.2.1]`).' },
  'invalid-address': { severity: 'error', summary: 'An `Address` item that is not `IP[/prefix]`, a short IPv4 form, or listed twice.' },
  'invalid-dns': { severity: 'warning', summary: 'A `DNS` item that is neither an IP address nor a domain name.' },
  'dns-search-only': { severity: 'warning', summary: '`DNS` lists only search domains, which wg-quick ignores without a server.' },
  'invalid-mtu': { severity: 'error', summary: 'An `MTU` that is not a number, outside 68–65535, below 576 (an error for Windows, a warning elsewhere: the Apple apps import it, their editor refuses it) or written in hex/octal.' },
  'mtu-too-low-for-ipv6': { severity: 'warning', summary: '`MTU` below 1280 while IPv6 is in use.' },
  'mtu-too-high': { severity: 'warning', summary: '`MTU` above 1420 (1500 − 80): fragmentation or black-holed packets.' },
  'invalid-table': { severity: 'error', summary: 'A `Table` value the target (or `ip route`) does not accept.' },
  'invalid-bool': { severity: 'error', summary: 'A `SaveConfig` value other than `true` or `false`.' },
  'value-whitespace': { severity: 'warning', summary: 'Whitespace (or a NUL byte) inside a single value: only wg removes it.', fixAll: true },
  'invalid-amneziawg-value': { severity: 'error', summary: 'An AmneziaWG parameter with an invalid value or combination.' },
  'invalid-applications': { severity: 'error', summary: 'Both `ExcludedApplications` and `IncludedApplications`.' },

  // Routing and peers.
  'allowed-ips-overlap': { severity: 'warning', summary: 'Two peers claim the same prefix: the later peer silently takes it.' },
  'allowed-ips-nested': { severity: 'information', summary: "A prefix inside another peer's prefix (longest match wins)." },
  'multiple-default-routes': { severity: 'warning', summary: '`0.0.0.0/0` or `::/0` on several peers: only the last gets it.' },
  'self-peer': { severity: 'warning', summary: "A peer whose PublicKey is this interface's own public key." },
  'duplicate-peer': { severity: 'warning', summary: 'Two `[Peer]` sections with the same PublicKey.' },
  'key-reuse': { severity: 'warning', summary: "A PresharedKey equal to a public or private key, or a peer's PublicKey equal to a PrivateKey of this or another config (an error)." },
  'ipv6-leak': { severity: 'warning', summary: 'A full tunnel for IPv4 (`0.0.0.0/0` or both `/1` halves) but not for IPv6: IPv6 traffic bypasses it.' },
  'full-tunnel-without-dns': { severity: 'warning', summary: 'A full IPv4 tunnel without a DNS server: lookups go to the local resolver, outside the tunnel.' },
  'dns-not-routed': { severity: 'warning', summary: "A DNS server no peer's AllowedIPs cover: queries leave outside the tunnel, or are dropped in it." },
  'endpoint-in-allowed-ips': { severity: 'warning', summary: "A peer's Endpoint inside AllowedIPs: encrypted packets would loop into the tunnel." },
  'windows-kill-switch-off': { severity: 'information', summary: 'Windows enables its kill-switch only for a single peer with a default route.' },
  'table-off-default-route': { severity: 'information', summary: '`Table = off` with a default route: no route is added.' },
  'allowed-ips-not-routed': { severity: 'information', summary: '`Table = off`, or a table of its own, and AllowedIPs outside the Address subnet with no PreUp/PostUp: nothing routes them into the tunnel.' },
  'table-route-exists': { severity: 'error', summary: 'With `Table = main` (or `local`), an AllowedIPs route the kernel already made for an IPv4 Address: `wg-quick up` fails ("File exists").' },
  'default-route-to-client': { severity: 'warning', summary: 'A server routes `0.0.0.0/0` or `::/0` to a client that dials in: once up, the host sends all its traffic into the tunnel and is cut off.' },
  'table-main-default-route': { severity: 'warning', summary: '`Table = main` with a default route: `wg-quick up` fails ("File exists") or the tunnel loops.' },
  'family-without-address': { severity: 'warning', summary: 'AllowedIPs route an IPv4 or IPv6 prefix, but `[Interface]` has no Address of that family: the other end drops the packets.' },
  'fwmark-routing-table': { severity: 'information', summary: 'An `FwMark` with a default route and no `Table`: wg-quick also uses it as its routing table number.' },
  'missing-keepalive': { severity: 'hint', summary: 'This side looks behind NAT and must stay reachable, but sends no keepalive.' },
  'keepalive-too-short': { severity: 'information', summary: 'A keepalive below 10 s: chatty, drains batteries.' },
  'keepalive-too-long': { severity: 'warning', summary: 'A keepalive above 120 s: many NATs forget UDP mappings sooner.' },
  'keepalive-without-endpoint': { severity: 'information', summary: 'A keepalive for a peer this side has no Endpoint for (when the peer\'s config is not in the workspace).' },
  'postup-without-postdown': { severity: 'warning', summary: 'A PostUp rule that no PostDown removes.' },
  'hook-delete-fails-up': { severity: 'warning', summary: 'A PreUp/PostUp command that deletes (`iptables -D`, `ip rule del`…) and may find nothing to delete: wg-quick then stops the `up`.' },
  'windows-hooks-policy': { severity: 'information', summary: 'Windows runs PreUp/PostUp/PreDown/PostDown only when the DangerousScriptExecution registry value is set.' },
  'windows-hook-placeholder': { severity: 'warning', summary: 'Windows: `%i` in a hook stays `%i` (the tunnel name is `%WIREGUARD_TUNNEL_NAME%` there).' },
  'save-config-overwrites': { severity: 'warning', summary: '`SaveConfig = true` in a hand-edited file: comments are lost at `wg-quick down`.' },

  // Across files: the two ends of each tunnel, matched by public key.
  'counterpart-missing-peer': { severity: 'warning', summary: 'The other end of a tunnel does not list this interface back.' },
  'preshared-key-mismatch': { severity: 'error', summary: 'The two ends of a tunnel have different PresharedKeys (or only one has one).' },
  'amneziawg-params-mismatch': { severity: 'error', summary: 'AmneziaWG: the two ends of a tunnel differ in S1–S4, H1–H4 or HeaderProtectionKey, so no handshake completes.' },
  'allowed-ips-both-ways': { severity: 'warning', summary: 'Both ends of a tunnel route the same prefix to each other (outside their own Address subnets): packets bounce between them.' },
  'allowed-ips-miss-address': { severity: 'warning', summary: "AllowedIPs for a peer do not cover the peer's own Address: its packets are dropped." },
  'no-endpoint-either-side': { severity: 'warning', summary: 'Neither end of a tunnel has an Endpoint for the other: no handshake can start.' },
  'endpoint-port-mismatch': { severity: 'warning', summary: "An Endpoint port that is not the other end's ListenPort." },
  'endpoint-in-tunnel': { severity: 'warning', summary: "An Endpoint that is the peer's own tunnel address, or (wg-quick) inside this interface's tunnel subnet: the handshake cannot reach it." },
  'keepalive-wrong-side': { severity: 'information', summary: 'PersistentKeepalive set on the side that cannot reach the peer, not on the side behind NAT.' },
  'gateway-without-forwarding': { severity: 'information', summary: 'Full-tunnel clients send all their traffic here (or peers route a LAN through here), but no PostUp turns on forwarding or NAT: connected, and nothing beyond this host.' },
  'unrouted-neighbor': { severity: 'information', summary: "Another config listing the same peer (the hub's other spoke) has an Address in this subnet, but no peer here routes it." },
  'reused-address': { severity: 'warning', summary: 'Two configs use the same tunnel Address.' },
  'reused-private-key': { severity: 'error', summary: 'Two configs share one PrivateKey.' },
  'reused-listen-port': { severity: 'warning', summary: 'Two configs in one folder (one host) listen on the same port.' },
  'windows-tunnel-conflict': { severity: 'warning', summary: 'Windows: two configs in one folder share an address or route exactly, so starting either stops the other.' },
  'near-miss-peer-key': { severity: 'warning', summary: "A peer key that matches no config but is one character away from one's public key." },

  // The file itself.
  'file-name': { severity: 'error', summary: 'A file name wg-quick (or the app) refuses as an interface name.' },
  'world-readable': { severity: 'warning', summary: 'A file holding secret keys that group or others can read.' },
  'ignored-target-comment': { severity: 'warning', summary: 'A `# wgls-target` comment that changes nothing (no known target, the word in another case, after the first `[Peer]`, or a second one).' },
  'unknown-rule-id': { severity: 'warning', summary: 'A `# wgls-disable` comment naming a rule wgls does not have: it suppresses nothing under that name.' },
  'unused-suppression': { severity: 'hint', summary: 'A `# wgls-disable` comment, or one id of it, that suppresses nothing: the problem it was written for is gone.' },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** Whether Fix all may apply the preferred fix of `rule`'s problems (its `fixAll` mark). */
export function isFixAllRule(rule: string): boolean {
  return isRuleId(rule) && (RULES[rule] as RuleInfo).fixAll === true;
}

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, id);
}
