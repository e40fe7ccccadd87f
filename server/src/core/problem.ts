// What a rule reports. A problem carries its own fixes (edits), so code actions,
// the CLI and the tests all apply the same edits.

import type { Range } from './span.ts';
import type { RuleId, Severity } from './rules/catalogue.ts';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
  /** Another document's URI (cross-file fixes); absent for the problem's own document. */
  readonly uri?: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The one fix an editor may apply with "auto fix". */
  readonly preferred?: boolean;
  /**
   * A guess, even for a rule whose fixes "Fix all" applies (catalogue `fixAll`): a case where the
   * text may mean something else than the fix says. Fix all leaves it to the user.
   */
  readonly ask?: true;
}

export interface RelatedInfo {
  readonly range: Range;
  readonly message: string;
  /** Another file's URI; absent for the same document. */
  readonly uri?: string;
}

export interface Problem {
  readonly rule: RuleId;
  readonly range: Range;
  readonly message: string;
  /** Set by the reporter from the catalogue and the user's settings. */
  readonly severity: Severity;
  readonly related?: readonly RelatedInfo[];
  readonly fixes?: readonly Fix[];
  /** Rendered faded (e.g. a duplicate line that has no effect). */
  readonly unnecessary?: boolean;
}
