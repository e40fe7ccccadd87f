// Single-document validation: build the model once, then run every rule group.
// Rules are grouped by what they look at; each group is one module in ./rules/.

import type { ConfigDocument } from './parser.ts';
import type { Problem } from './problem.ts';
import { DEFAULT_TARGET } from './schema.ts';
import { buildModel, type ConfigModel } from './model.ts';
import { createContext, type RuleContext, type ValidateOptions } from './rules/context.ts';
import { checkSyntax } from './rules/syntax.ts';
import { checkKeys } from './rules/keys.ts';
import { checkValues } from './rules/values.ts';
import { checkRouting } from './rules/routing.ts';
import { checkPeers } from './rules/peers.ts';
import { checkMtu } from './rules/mtu.ts';
import { checkKeepalive } from './rules/keepalive.ts';
import { checkHooks } from './rules/hooks.ts';
import { checkFile } from './rules/file.ts';
import { checkCrossFile } from './rules/cross-file.ts';
import type { WorkspaceFile, WorkspaceModel } from './workspace.ts';

export type { ValidateOptions } from './rules/context.ts';

const GROUPS: ReadonlyArray<(ctx: RuleContext) => void> = [
  checkSyntax,
  checkKeys,
  checkValues,
  checkRouting,
  checkPeers,
  checkMtu,
  checkKeepalive,
  checkHooks,
  checkFile,
];

export function validate(doc: ConfigDocument, options: ValidateOptions = {}, model: ConfigModel = buildModel(doc)): Problem[] {
  return run(doc, model, options);
}

/** Validation of a workspace file: the single-file rules plus the cross-file ones (counterparts). */
export function validateInWorkspace(ws: WorkspaceModel, file: WorkspaceFile, options: ValidateOptions = {}): Problem[] {
  return run(file.doc, file.model, options, { model: ws, file });
}

function run(doc: ConfigDocument, model: ConfigModel, options: ValidateOptions, workspace?: RuleContext['workspace']): Problem[] {
  const problems: Problem[] = [];
  const ctx = createContext(doc, model, options.target ?? DEFAULT_TARGET, options, problems, workspace);
  for (const check of GROUPS) check(ctx);
  if (workspace) checkCrossFile(ctx, workspace.model, workspace.file);
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return problems;
}
