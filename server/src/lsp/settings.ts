// Server settings: one schema of defaults, mirrored by package.json's
// contributes.configuration (a test keeps the two in step).

import { TARGETS, targetNamed, type Target } from '../core/schema.ts';
import { SEVERITY_SETTINGS, type SeverityOverride } from '../core/rules/context.ts';

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

/** `warn`: told of a target setting that names no target (the default is used instead). */
export function normalizeSettings(raw: unknown, warn?: (message: string) => void): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Settings>;
  if (r.target !== undefined && targetNamed(r.target) === undefined) warn?.(`wgls: wgls.target ${JSON.stringify(r.target)} is no target (${TARGETS.map((t) => t.id).join(', ')}): checking for ${DEFAULT_SETTINGS.target}`);
  return {
    // Any case, as the `# wgls-target` comment reads it ("Android" fell back to wg-quick: settings review).
    // An unknown target would make every key "unsupported": the default instead.
    target: targetNamed(r.target) ?? DEFAULT_SETTINGS.target,
    rules: ruleSeverities(r.rules),
    inlayHints: {
      derivedPublicKey: boolOr(r.inlayHints?.derivedPublicKey, DEFAULT_SETTINGS.inlayHints.derivedPublicKey),
      peerNames: boolOr(r.inlayHints?.peerNames, DEFAULT_SETTINGS.inlayHints.peerNames),
    },
    privacy: { hideKeys: boolOr(r.privacy?.hideKeys, DEFAULT_SETTINGS.privacy.hideKeys) },
  };
}

/**
 * The rule severities that are severities: `"Off"` is read as `off` (settings.json is hand-written,
 * and VS Code only underlines it), anything else is dropped, so the rule keeps its default rather
 * than publishing a diagnostic without a severity, which editors show as an error.
 */
function ruleSeverities(raw: unknown): Record<string, SeverityOverride> {
  const out: Record<string, SeverityOverride> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [rule, value] of Object.entries(raw)) {
    const v = typeof value === 'string' ? value.toLowerCase() : undefined;
    if (v !== undefined && SEVERITY_SETTINGS.has(v)) out[rule] = v as SeverityOverride;
  }
  return out;
}

function boolOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
