// Server settings: one schema of defaults, mirrored by package.json's
// contributes.configuration (a test keeps the two in step).

import { TARGETS, type Target } from '../core/schema.ts';
import type { SeverityOverride } from '../core/rules/context.ts';

export interface Settings {
  target: Target;
  rules: Record<string, SeverityOverride>;
  inlayHints: {
    /** `→ pub: …` after a PrivateKey value. */
    derivedPublicKey: boolean;
    /** Who a peer's PublicKey belongs to (needs its config open, or the workspace model). */
    peerNames: boolean;
  };
  privacy: {
    /** Hide PrivateKey/PresharedKey values in the editor (client-side decorations). */
    hideKeys: boolean;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  target: 'wg-quick',
  rules: {},
  inlayHints: { derivedPublicKey: true, peerNames: false },
  privacy: { hideKeys: false },
};

export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Settings>;
  return {
    // An unknown target would make every key "unsupported": fall back to the default instead.
    target: TARGETS.some((t) => t.id === r.target) ? (r.target as Target) : DEFAULT_SETTINGS.target,
    rules: r.rules && typeof r.rules === 'object' ? { ...r.rules } : {},
    inlayHints: {
      derivedPublicKey: boolOr(r.inlayHints?.derivedPublicKey, DEFAULT_SETTINGS.inlayHints.derivedPublicKey),
      peerNames: boolOr(r.inlayHints?.peerNames, DEFAULT_SETTINGS.inlayHints.peerNames),
    },
    privacy: { hideKeys: boolOr(r.privacy?.hideKeys, DEFAULT_SETTINGS.privacy.hideKeys) },
  };
}

function boolOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
