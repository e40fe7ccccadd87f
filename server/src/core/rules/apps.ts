// How the apps' own parsers (Windows, Android, Apple) read the comma lists and prefixes that wg and
// wg-quick read differently (reference §1.3–1.5, §3, §4):
//  - they split Address, DNS and AllowedIPs on commas only (wg-quick also splits on whitespace, wg
//    removes whitespace first), so `10.0.0.1/24 10.0.0.2/24` is one item to them;
//  - an empty item (a doubled or trailing comma) is "Two commas in a row" on Windows; Android's
//    Java split drops trailing empty items and keeps the others (then fails on them); Apple's split
//    drops every empty item;
//  - Apple clamps a prefix longer than the address (`/40`) to /32 or /128 where everyone else
//    rejects it.
// The value rules (values.ts) ask here; the rest of each rule stays as wg and wg-quick read the value.

import type { Target } from '../schema.ts';
import { cidrOrReason, isDnsServer, parseIp, zonedIpv6 } from '../values.ts';

export type App = 'windows' | 'android' | 'apple';

export function appOf(target: Target): App | undefined {
  return target === 'windows' || target === 'android' || target === 'apple' ? target : undefined;
}

/** The app as a message names it. */
export const APP_NAME: Readonly<Record<App, string>> = { windows: 'Windows', android: 'the Android app', apple: 'the Apple apps' };

/** The app doing something, the verb agreeing: `appDoes('apple', 'read')` is "the Apple apps read". */
export function appDoes(app: App, verb: string): string {
  return `${APP_NAME[app]} ${app === 'apple' ? verb : `${verb}s`}`;
}

/** Whether `app` reads past an empty list item (drops it) rather than rejecting the file. */
export function dropsEmptyItem(app: App, trailing: boolean): boolean {
  return app === 'apple' || (app === 'android' && trailing);
}

/** What `app` does with an empty item, for a message. */
export function emptyItemFate(app: App, trailing: boolean): string {
  if (dropsEmptyItem(app, trailing)) return `${appDoes(app, 'drop')} it`;
  return app === 'windows' ? 'Windows rejects it ("Two commas in a row")' : `${APP_NAME[app]} rejects it`;
}

/** Whitespace inside an item as the apps split it (commas only, each item trimmed). */
export const INNER_BLANK = /\S\s+\S/;

/** Whether column `at` of a list value falls in an item an app reads as one with blanks inside. */
export function inBlankItem(value: string, at: number): boolean {
  const start = value.lastIndexOf(',', at - 1) + 1;
  const comma = value.indexOf(',', at);
  return INNER_BLANK.test(value.slice(start, comma < 0 ? value.length : comma).trim());
}

/** `text` with each run of blanks inside it made a comma: the list the user most likely meant. */
export function commaSeparated(text: string): string {
  return text.trim().replace(/\s*,\s*|\s+/g, ', ');
}

/**
 * Apple's reading of an IP prefix longer than its address (`10.0.0.0/40`): clamped to the full
 * length (the prefix is read as a UInt8, so only up to /255). The clamped text, or undefined when
 * the item is not such a prefix.
 */
export function appleClamped(text: string): string | undefined {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return undefined;
  const bits = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bits) || Number(bits) > 255) return undefined;
  const ip = text.slice(0, slash);
  const full = ip.includes(':') ? 128 : 32;
  if (Number(bits) <= full) return undefined;
  const clamped = `${ip}/${full}`;
  return typeof cidrOrReason(clamped) === 'string' ? undefined : clamped;
}

/** The Android app's hostname pattern for a DNS item that is no IP address (Attribute / InetAddresses). */
export const ANDROID_HOSTNAME = /^(?=.{1,255}$)[0-9A-Za-z](?:(?:[0-9A-Za-z]|-){0,61}[0-9A-Za-z])?(?:\.[0-9A-Za-z](?:(?:[0-9A-Za-z]|-){0,61}[0-9A-Za-z])?)*\.?$/;

/** Whether the file goes through wg-quick's reading: wg-quick itself, or AmneziaWG's awg-quick. */
export const readByQuick = (target: Target): boolean => target === 'wg-quick' || target === 'amneziawg';
/**
 * Whether `target` takes the DNS item `item` for a server (else for a search domain, or Android refuses
 * it): wg-quick by its look (digits and dots, or a colon; resolvconf gets it even when it is no valid IP,
 * which invalid-dns says), the apps when it parses as an IP address, a zoned IPv6 one on Windows
 * (netip.ParseAddr takes it; what Android and Apple make of it is not established). One answer for the
 * hover, invalid-dns and full-tunnel-without-dns, which once disagreed on `fe80::1%eth0` on Windows.
 */
export function dnsServerFor(target: Target, item: string): boolean {
  if (readByQuick(target)) return isDnsServer(item);
  return parseIp(item) !== undefined || (target === 'windows' && zonedIpv6(item));
}
/** The target family's tools, as messages name them: wg or awg; wg-quick or awg-quick. */
export const wgName = (target: Target): string => (target === 'amneziawg' ? 'awg' : 'wg');
export const quickName = (target: Target): string => (target === 'amneziawg' ? 'awg-quick' : 'wg-quick');

/** What the target does with a line that is no header, entry or comment, in its own words (reference §5). */
export function lineFate(target: Target): string {
  switch (target) {
    case 'windows':
      return 'Windows rejects the file ("Config key is missing an equals separator")';
    case 'android':
      return 'the Android app rejects the file (SYNTAX_ERROR)';
    case 'apple':
      return 'the Apple apps reject the file ("Invalid line")';
    case 'amneziawg':
      return 'awg rejects this line ("Line unrecognized")';
    default:
      return 'wg rejects this line ("Line unrecognized")';
  }
}
