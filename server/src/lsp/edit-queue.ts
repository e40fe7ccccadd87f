// Commands that edit files run one at a time, each from what the one before applied: two Add peer at
// once on a closed hub computed both from the same text, gave both spokes one address and the hub one
// route twice (the add-peer review). The next starts once the previous edit was answered (applied or
// refused). A client that never answers an edit would hold every later one for good, silently (edits
// review): after `waitMs` of waiting, the next command is refused with `late()`'s error, and the one
// after waits for that edit again.

export class EditQueue {
  #last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly waitMs: number,
    /** The error a command gets when the edit before it is still unanswered after waitMs. */
    private readonly late: () => Error,
  ) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.#last;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.waitMs)));
    const next = Promise.race([previous.then(() => 'done' as const), waited]).then((r) => {
      clearTimeout(timer);
      if (r === 'late') throw this.late();
      return work();
    });
    // The one after waits for this one; if this one gave up waiting, for the one before again.
    this.#last = next.then(
      () => undefined,
      () => previous,
    );
    return next;
  }
}
