// MTU against the overhead WireGuard adds (80 bytes: IPv6 outer header 40 + UDP 8 +
// WireGuard 32) and IPv6's minimum link MTU of 1280 (RFC 8200 §5).

import type { RuleContext } from './context.ts';
import { mtuFixes, valueRange } from './values.ts';
import { wgValue } from '../model.ts';

export function checkMtu(ctx: RuleContext): void {
  const e = ctx.model.iface.mtu;
  if (!e) return;
  const text = wgValue(e);
  if (!/^[0-9]+$/.test(text)) return; // invalid-mtu already said so
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
      fixes: mtuFixes(e),
    });
  } else if (mtu > 1420) {
    ctx.report({
      rule: 'mtu-too-high',
      range: valueRange(e),
      message: `MTU ${mtu} is above 1420: WireGuard adds up to 80 bytes per packet, so on a 1500-byte Ethernet path larger packets are fragmented or silently dropped (typically: ping works, web pages hang). Use 1420 (1412 over PPPoE, 1280 on cellular) unless the path's MTU is known to be ${mtu + 80} or more.`,
      fixes: mtuFixes(e),
    });
  }
}
