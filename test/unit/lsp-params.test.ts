// The request guard every handler is registered through (server/src/lsp/params.ts): what a failure
// inside a handler sends back to the client. Its message may quote a document's text, and the client
// may show it in a notification that its log redaction never sees (client review).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { withCheckedParams } from '../../server/src/lsp/params.ts';

const KEY = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const PARAMS = { textDocument: { uri: 'file:///x/wg0.conf' }, position: { line: 0, character: 0 } };

/** A connection that keeps the hover handler it is given, as the library would call it. */
function registered(handler: (params: unknown) => unknown): (params: unknown) => unknown {
  let kept: ((params: unknown) => unknown) | undefined;
  const fake = { onHover: (h: (params: unknown) => unknown) => void (kept = h), languages: { inlayHint: { on: () => undefined } } };
  withCheckedParams(fake as unknown as Connection).onHover(handler as never);
  return kept!;
}

describe('request handlers: a failure is answered with its message redacted', () => {
  test('thrown, or rejected: an InternalError without the key; a ResponseError of its own as it is', async () => {
    const failing = new Error(`cannot read PrivateKey = ${KEY} at line 3`);
    const sync = registered(() => {
      throw failing;
    });
    let caught: unknown;
    try {
      sync(PARAMS);
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof ResponseError);
    assert.equal(caught.code, ErrorCodes.InternalError);
    assert.ok(!caught.message.includes(KEY.slice(0, 12)), caught.message);
    assert.match(caught.message, /^wgls failed: cannot read PrivateKey/);

    const rejected = await (registered(async () => Promise.reject(failing))(PARAMS) as Promise<unknown>).catch((err: unknown) => err);
    assert.ok(rejected instanceof ResponseError && !rejected.message.includes(KEY.slice(0, 12)), String(rejected));

    const own = new ResponseError(ErrorCodes.InvalidParams, 'position must be a position');
    const mine = await (registered(async () => Promise.reject(own))(PARAMS) as Promise<unknown>).catch((err: unknown) => err);
    assert.equal(mine, own);
    assert.deepEqual(await registered(async () => 'fine')(PARAMS), 'fine');
  });
});
