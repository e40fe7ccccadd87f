// Server settings: one schema of defaults, mirrored by package.json's
// contributes.configuration (a test keeps the two in step).

import type { Target } from '../core/schema.ts';
import type { SeverityOverride } from '../core/rules/context.ts';

export interface Settings {
  target: Target;
  rules: Record<string, SeverityOverride>;
}

export const DEFAULT_SETTINGS: Settings = {
  target: 'wg-quick',
  rules: {},
};

export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Settings>;
  return {
    target: typeof r.target === 'string' ? (r.target as Target) : DEFAULT_SETTINGS.target,
    rules: r.rules && typeof r.rules === 'object' ? { ...r.rules } : {},
  };
}
