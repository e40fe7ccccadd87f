// A config as a QR code, the way the WireGuard apps for Android and iOS import one ("Scan from QR
// code"), like `qrencode -t ansiutf8 < wg0.conf`. Pure: no vscode, so the unit tests decode what it
// draws. The QR symbols come from qrcode-generator (no dependencies); the SVG is drawn here so the
// webview needs neither scripts nor images from anywhere.

import qrcode from 'qrcode-generator';
import { parse } from '../../server/src/core/parser.ts';
import { keySpans, redactSecretAssignments } from '../../server/src/core/redact.ts';

/** The most a QR code holds in byte mode (version 40, error correction L). */
export const QR_MAX_BYTES = 2953;

export interface QrCode {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  isDark(row: number, col: number): boolean;
  /** The bytes encoded (UTF-8). */
  readonly bytes: number;
}

/**
 * What the apps should read: the config without its comments (the apps ignore them; a commented-out
 * key would otherwise travel in the code unseen), LF line ends, no BOM. Every other line as written.
 */
export function qrText(config: string): string {
  const out: string[] = [];
  for (const line of parse(config).lines) {
    const node = line.node;
    if (node.kind === 'comment') continue;
    out.push(node.comment ? node.text.slice(0, node.comment.start).trimEnd() : node.text);
  }
  return out.join('\n');
}

/** A base64 key (44 characters ending in `=`), wherever it is written: private, preshared or public. */
const KEY_SHAPED = /[A-Za-z0-9+/]{43}=/;

/**
 * Whether showing `text` as a QR code needs the user's yes: it holds something shaped like a key, or a
 * value of a secret's name. Not only the PrivateKey and PresharedKey entries the parser finds: a key on
 * a line wg cannot read (`PrivateKey MDX…`) still travels in the code, and so does one split by a
 * blank, without its padding or cut short (the client review: those were shown without asking).
 */
export function needsConfirmation(text: string): boolean {
  return KEY_SHAPED.test(text) || redactSecretAssignments(text) !== text || keySpans(text).length > 0;
}

/**
 * The QR code of `text` (UTF-8, byte mode, the smallest version that holds it at error correction L:
 * a phone's config is a few hundred bytes, and L keeps its modules large enough to scan off a
 * screen), or how many bytes it has when no QR code holds them.
 */
export function qrCode(text: string): QrCode | { readonly tooLarge: number } {
  const utf8 = new TextEncoder().encode(text);
  if (utf8.length > QR_MAX_BYTES) return { tooLarge: utf8.length };
  // The library's byte mode takes a string of char codes 0–255: hand it the UTF-8 bytes that way.
  let binary = '';
  for (const b of utf8) binary += String.fromCharCode(b);
  const qr = qrcode(0, 'L');
  qr.addData(binary, 'Byte');
  qr.make();
  return { size: qr.getModuleCount(), isDark: (r, c) => qr.isDark(r, c), bytes: utf8.length };
}

/** An SVG of the code: one path of unit squares, with the 4-module quiet zone scanners need. */
export function qrSvg(code: QrCode, pixels = 320): string {
  const quiet = 4;
  const side = code.size + 2 * quiet;
  let d = '';
  for (let r = 0; r < code.size; r++) {
    for (let c = 0; c < code.size; c++) if (code.isDark(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${pixels}" height="${pixels}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
