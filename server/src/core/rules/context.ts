// The context every rule module receives: the parsed document, the options and
// a `report` that applies the catalogue's severity, the user's overrides and the
// suppression comments in one place, so no rule has to.

import type { ConfigDocument } from '../parser.ts';
import type { Problem } from '../problem.ts';
import type { Target } from '../schema.ts';
import type { ConfigModel } from '../model.ts';
import type { WorkspaceFile, WorkspaceModel } from '../workspace.ts';
import { RULES, type RuleId, type Severity } from './catalogue.ts';
import { suppressions } from './suppressions.ts';

export type SeverityOverride = Severity | 'off';

export interface ValidateOptions {
  /** Which tool must accept the file (default wg-quick). */
  readonly target?: Target;
  /** Per-rule severity, or 'off'. */
  readonly severities?: Readonly<Partial<Record<string, SeverityOverride>>>;
  /** The file's base name (`wg0.conf`), when known: wg-quick derives the interface name from it. */
  readonly fileName?: string;
  /** POSIX permission bits of the file and of its folder, when known (the glue stats them). */
  readonly fileMode?: number;
  readonly dirMode?: number;
  /** The file on disk starts with a UTF-8 BOM although the text given has none (editors strip it). */
  readonly fileHasBom?: boolean;
}

export type Report = Omit<Problem, 'severity'> & { readonly severity?: Severity };

export interface RuleContext {
  readonly doc: ConfigDocument;
  readonly model: ConfigModel;
  readonly target: Target;
  readonly options: ValidateOptions;
  /** Present when validating inside a workspace: cross-file rules judge what they know better. */
  readonly workspace?: { readonly model: WorkspaceModel; readonly file: WorkspaceFile };
  report(problem: Report): void;
}

export function createContext(
  doc: ConfigDocument,
  model: ConfigModel,
  target: Target,
  options: ValidateOptions,
  sink: Problem[],
  workspace?: RuleContext['workspace'],
): RuleContext {
  const suppressed = suppressions(doc);
  return {
    doc,
    model,
    target,
    options,
    ...(workspace ? { workspace } : {}),
    report(p) {
      const override = options.severities?.[p.rule];
      if (override === 'off') return;
      if (suppressed.has(p.range.start.line, p.rule)) return;
      const severity = override ?? p.severity ?? RULES[p.rule as RuleId].severity;
      sink.push({ ...p, severity });
    },
  };
}
