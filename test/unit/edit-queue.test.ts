// The queue of commands that edit files (server/src/lsp/edit-queue.ts): one at a time, and a client that
// never answers an edit holds the next command only until the wait runs out (edits review). Timers are
// mocked: no test waits 30 s.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EditQueue } from '../../server/src/lsp/edit-queue.ts';

/** A promise and its resolver. */
function pending<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every settled promise run its callbacks. */
const flush = () => new Promise<void>((r) => setImmediate(r));

describe('EditQueue', () => {
  test('runs one command at a time, in order', async () => {
    const q = new EditQueue(30_000, () => new Error('late'));
    const order: string[] = [];
    const first = pending();
    const a = q.run(async () => {
      order.push('a starts');
      await first.promise;
      order.push('a ends');
    });
    const b = q.run(async () => void order.push('b runs'));
    await flush();
    assert.deepEqual(order, ['a starts']);
    first.resolve();
    await Promise.all([a, b]);
    assert.deepEqual(order, ['a starts', 'a ends', 'b runs']);
  });

  test('an edit never answered: the next command is refused after the wait, the one after waits again', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const q = new EditQueue(30_000, () => new Error('the editor has not answered'));
    const hung = pending();
    void q.run(() => hung.promise);
    let ran = false;
    const second = q.run(async () => void (ran = true));
    await flush();
    t.mock.timers.tick(29_999);
    await flush();
    assert.equal(ran, false);
    t.mock.timers.tick(1);
    // (Its state read after a flush, never awaited: a queue without the wait would hang the test.)
    let refused: unknown;
    second.catch((err: unknown) => (refused = err));
    await flush();
    assert.match(String(refused), /the editor has not answered/);
    assert.equal(ran, false);
    // The hung edit is answered at last: the next command runs.
    let third: unknown;
    void q.run(async () => 'done').then((v) => (third = v));
    await flush();
    assert.equal(third, undefined, 'the one after waits for the hung edit again');
    hung.resolve();
    await flush();
    await flush();
    assert.equal(third, 'done');
  });

  test('a command that fails does not hold the ones after it', async () => {
    const q = new EditQueue(30_000, () => new Error('late'));
    await assert.rejects(q.run(async () => Promise.reject(new Error('refused'))), /refused/);
    assert.equal(await q.run(async () => 7), 7);
  });
});
