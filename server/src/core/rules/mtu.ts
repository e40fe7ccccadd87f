// MTU against the overhead WireGuard adds (80 bytes: IPv6 outer header 40 + UDP 8 +
// WireGuard 32; 60 over IPv4) and IPv6's minimum link MTU of 1280 (RFC 8200 §5).

import type { RuleContext } from './context.ts';
import { mtuFixes, valueRange } from './values.ts';
import { wgValue } from '../model.ts';

export function checkMtu(ctx: RuleContext): void {
  const e = ctx.model.iface.mtu;
  if (!e) return;
  const text = wgValue(e);
  if (!/^[0-9]+$/.test(text)) return; // invalid-mtu already said so
  // A leading zero: ip reads octal (01500 is 832), the apps decimal; invalid-mtu says so and which to
  // write. Judging either reading here would contradict it (the rule-docs review): once it is written
  // plainly, this checks it.
  if (/^0[0-9]/.test(text)) return;
  const mtu = Number(text);
  if (mtu < 576 || mtu > 65535) return;
  const usesIpv6 =
    ctx.model.iface.addresses.some((a) => a.cidr?.family === 6) ||
    ctx.model.peers.some((p) => p.allowedIps.some((i) => i.cidr?.family === 6));
  if (mtu < 1280 && usesIpv6) {
    ctx.report({
      rule: 'mtu-too-low-for-ipv6',
      range: valueRange(e),
      message: `MTU ${mtu} is below 1280, the minimum IPv6 requires on every link (RFC 8200): IPv6 through this tunnel will not work. Use 1280 or more.`,
      // 1280 first: the least change, for an MTU lowered on purpose (a tunnel inside a tunnel, a
      // cellular link), where 1420 would drop large packets (heuristics review).
      fixes: mtuFixes(e, 1280),
    });
  } else if (mtu > 1420) {
    // Over IPv4 the overhead is 60 bytes, so up to 1440 fits a 1500-byte path: known only when every
    // peer is reached at an IPv4 address (a host name may resolve to IPv6; a peer without Endpoint
    // may dial in over either).
    const v4Only = ctx.model.peers.length > 0 && ctx.model.peers.every((p) => p.endpoint?.parsed?.ip?.family === 4);
    if (v4Only && mtu <= 1440) {
      ctx.report({
        rule: 'mtu-too-high',
        range: valueRange(e),
        severity: 'information',
        // (Not "wg-quick's default" for every target: the Android app and iOS default to 1280, Windows and
        // macOS to the link's MTU minus 80 (reference 2.4). Cross-file review.)
        message: `MTU ${mtu} is above 1420, what fits a 1500-byte path with WireGuard's 80 bytes of overhead over IPv6: it fits here only because every Endpoint is an IPv4 address (60 bytes over IPv4). Use 1420 if an endpoint may move to IPv6.`,
        fixes: mtuFixes(e),
      });
      return;
    }
    const overhead = v4Only ? 60 : 80;
    ctx.report({
      rule: 'mtu-too-high',
      range: valueRange(e),
      message: `MTU ${mtu} is above ${1500 - overhead}: WireGuard adds up to ${overhead} bytes per packet${
        // (Both figures, and which applies: one value drew two explanations in two files, real-world review.)
        v4Only ? ' over IPv4, where every Endpoint here is (80 over IPv6)' : ' (80 over IPv6, 60 over IPv4: a peer here may use either)'
      }, so on a 1500-byte Ethernet path larger packets are fragmented or silently dropped (typically: ping works, web pages hang). Use 1420 (1412 over PPPoE, 1280 on cellular) unless the path's MTU is known to be ${mtu + overhead} or more.`,
      fixes: mtuFixes(e),
    });
  }
}
