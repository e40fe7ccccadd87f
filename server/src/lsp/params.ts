// Requests arrive from any client, and their params are only as well-formed as that client. A
// handler reading `params.textDocument.uri` of a request without one threw a TypeError, which the
// connection answered as InternalError with JavaScript's text. Here each request's params are checked
// for the fields its handler reads, before the handler runs: a malformed request gets InvalidParams
// naming the field, and an InternalError stays what it should be, a bug of ours.
// (Positions out of range, past the end or negative, are well-formed: the handlers clamp them.)

import { ErrorCodes, ResponseError, type Connection, type Range } from 'vscode-languageserver/node';
import { redactKeys, redactSecretAssignments } from '../core/redact.ts';

type Field = 'textDocument' | 'position' | 'range' | 'positions' | 'context' | 'referenceContext' | 'query' | 'command' | 'title';

/** What each request's handler reads, by the connection method that registers it. */
const REQUIRED: Readonly<Record<string, readonly Field[]>> = {
  onHover: ['textDocument', 'position'],
  onCompletion: ['textDocument', 'position'],
  onDefinition: ['textDocument', 'position'],
  onReferences: ['textDocument', 'position', 'referenceContext'],
  onCodeAction: ['textDocument', 'range', 'context'],
  onCodeActionResolve: ['title'],
  onCodeLens: ['textDocument'],
  onDocumentFormatting: ['textDocument'],
  onDocumentRangeFormatting: ['textDocument', 'range'],
  onDocumentSymbol: ['textDocument'],
  onFoldingRanges: ['textDocument'],
  onSelectionRanges: ['textDocument', 'positions'],
  onWorkspaceSymbol: ['query'],
  onExecuteCommand: ['command'],
  inlayHint: ['textDocument', 'range'],
};

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// Any whole number: a negative or huge one is out of range, which handlers clamp (requests.test.ts);
// a fraction is no line or column at all (LSP positions are unsigned integers), and would index nothing.
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isPosition = (v: unknown) => isObject(v) && isNumber(v.line) && isNumber(v.character);
export const isRange = (v: unknown): v is Range => isObject(v) && isPosition(v.start) && isPosition(v.end);

function fieldProblem(params: Record<string, unknown>, field: Field): string | undefined {
  const v = params[field];
  switch (field) {
    case 'textDocument':
      return isObject(v) && typeof v.uri === 'string' ? undefined : 'textDocument.uri must be a string';
    case 'position':
      return isPosition(v) ? undefined : 'position must be { line, character } integers';
    case 'range':
      return isRange(v) ? undefined : 'range must be { start, end } positions';
    case 'positions':
      return Array.isArray(v) && v.every(isPosition) ? undefined : 'positions must be an array of positions';
    case 'context':
      return isObject(v) && Array.isArray(v.diagnostics) && (v.only === undefined || (Array.isArray(v.only) && v.only.every((k) => typeof k === 'string')))
        ? undefined
        : 'context must have a diagnostics array (and "only", if given, an array of kinds)';
    case 'referenceContext': {
      const c = params.context;
      return isObject(c) && typeof c.includeDeclaration === 'boolean' ? undefined : 'context must be { includeDeclaration: boolean }';
    }
    case 'query':
      return typeof v === 'string' ? undefined : 'query must be a string';
    case 'command':
      return typeof v === 'string' ? undefined : 'command must be a string';
    case 'title':
      return typeof v === 'string' ? undefined : 'title must be a string (the params of codeAction/resolve are a code action)';
  }
}

/** Why `params` cannot be what a handler registered with `method` reads, or undefined. */
export function paramsProblem(method: string, params: unknown): string | undefined {
  const fields = REQUIRED[method];
  if (!fields) return undefined;
  if (!isObject(params)) return 'params must be an object';
  for (const f of fields) {
    const problem = fieldProblem(params, f);
    if (problem) return problem;
  }
  return undefined;
}

type Handler = (params: unknown, ...rest: unknown[]) => unknown;

function checked(method: string, handler: Handler, shutDown: () => boolean): Handler {
  return (params, ...rest) => {
    // LSP: requests after `shutdown` get InvalidRequest (the client is about to send `exit`).
    if (shutDown()) throw new ResponseError(ErrorCodes.InvalidRequest, 'the server is shutting down: no requests after shutdown');
    const problem = paramsProblem(method, params);
    if (problem) throw new ResponseError(ErrorCodes.InvalidParams, problem);
    // A failure's message reaches the client, which may show it in a notification its log redaction does
    // not see (client review): key-shaped text and secret assignments hidden in it, as in the server's log.
    try {
      const result = handler(params, ...rest);
      return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(redactedFailure(err))) : result;
    } catch (err) {
      throw redactedFailure(err);
    }
  };
}

/** `err` as a reply's error: a ResponseError (its own words) as it is, anything else an InternalError with its message redacted. */
function redactedFailure(err: unknown): ResponseError<unknown> {
  if (err instanceof ResponseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ResponseError(ErrorCodes.InternalError, `wgls failed: ${redactKeys(redactSecretAssignments(message))}`);
}

/**
 * `connection` whose request registrations (the methods in REQUIRED, and `languages.inlayHint.on`)
 * check params first, and refuse requests once `shutDown()`. Everything else is the connection itself.
 */
export function withCheckedParams(connection: Connection, shutDown: () => boolean = () => false): Connection {
  const inlayHint = new Proxy(connection.languages.inlayHint, {
    get(target, prop, receiver) {
      if (prop === 'on') return (handler: Handler) => target.on(checked('inlayHint', handler, shutDown) as never);
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const languages = new Proxy(connection.languages, {
    get(target, prop, receiver) {
      if (prop === 'inlayHint') return inlayHint;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return new Proxy(connection, {
    get(target, prop, receiver) {
      if (prop === 'languages') return languages;
      const v = Reflect.get(target, prop, receiver);
      if (typeof prop === 'string' && REQUIRED[prop] && typeof v === 'function') {
        return (handler: Handler, ...rest: unknown[]) => (v as (...a: unknown[]) => unknown).call(target, checked(prop, handler, shutDown), ...rest);
      }
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** What each text-document notification's handler (the library's TextDocuments) reads, by registration. */
const hasUri = (p: Record<string, unknown>) => fieldProblem(p, 'textDocument');
const NOTIFICATIONS: Readonly<Record<string, (p: Record<string, unknown>) => string | undefined>> = {
  onDidOpenTextDocument: (p) => hasUri(p) ?? (typeof (p.textDocument as { text?: unknown }).text === 'string' ? undefined : 'textDocument.text must be a string'),
  onDidChangeTextDocument: hasUri,
  onDidCloseTextDocument: hasUri,
  onDidSaveTextDocument: hasUri,
  onWillSaveTextDocument: hasUri,
};

/**
 * `connection` for `TextDocuments.listen`: a text-document notification whose params it cannot read is
 * dropped with one line in the log (the library's handlers threw a TypeError on it, logged with a stack:
 * robustness review). A didChange whose contentChanges is no array keeps going, as one malformed change:
 * the document is then marked lost and the user told (documents.ts), rather than silently out of step.
 * A didChange without a version (the library throws on one) is applied as the next version of the
 * document (`versionOf`: its current one): its changes are the editor's all the same (diff review).
 */
export function withCheckedNotifications(connection: Connection, versionOf: (uri: string) => number | undefined = () => undefined): Connection {
  return new Proxy(connection, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      const check = typeof prop === 'string' ? NOTIFICATIONS[prop] : undefined;
      if (!check || typeof v !== 'function') return typeof v === 'function' ? v.bind(target) : v;
      return (handler: Handler) =>
        (v as (h: Handler) => unknown).call(target, (params: unknown, ...rest: unknown[]) => {
          const problem = isObject(params) ? check(params) : 'params must be an object';
          if (problem) {
            target.console.warn(`wgls: ignored a malformed ${String(prop).replace(/^on/, '')} notification: ${problem}`);
            return;
          }
          let p = params as Record<string, unknown>;
          if (prop === 'onDidChangeTextDocument') {
            const td = p.textDocument as { uri: string; version?: unknown };
            if (!isNumber(td.version)) {
              const current = versionOf(td.uri);
              if (current === undefined) {
                target.console.warn('wgls: ignored a DidChangeTextDocument notification without a version for a document that is not open');
                return;
              }
              p = { ...p, textDocument: { ...td, version: current + 1 } };
            }
            if (!Array.isArray(p.contentChanges)) p = { ...p, contentChanges: [p.contentChanges] };
          }
          return handler(p, ...rest);
        });
    },
  });
}
