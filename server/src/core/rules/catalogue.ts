// The rule catalogue: one row per rule, with a stable kebab-case id (users put it in
// settings and suppression comments, so an id never changes meaning), a default
// severity and a one-line summary. Each id has a page at docs/rules/<id>.md.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RuleInfo {
  readonly severity: Severity;
  /** One line: what the rule catches (the docs page says why it matters). */
  readonly summary: string;
}

export const RULES = {
  // Syntax: lines no parser can read.
  'invalid-line': { severity: 'error', summary: 'A line that is neither a section header, `Key = Value`, a comment nor blank.' },
  'unknown-section': { severity: 'error', summary: 'A section header other than `[Interface]` or `[Peer]`.' },
  'malformed-section-header': { severity: 'error', summary: 'A section header with no closing `]` or text after it.' },
  'key-outside-section': { severity: 'error', summary: 'A `Key = Value` line before the first section header.' },
  'empty-value': { severity: 'error', summary: 'A key with nothing after `=`.' },
  bom: { severity: 'error', summary: 'The file starts with a UTF-8 byte order mark, which wg rejects.' },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, id);
}
