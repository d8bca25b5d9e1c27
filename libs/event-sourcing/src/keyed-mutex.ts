// Runs async work one at a time per key, in arrival order, within this process.
//
// Why: FerretDB 1.24 does not apply an update atomically with its filter — measured on the native
// stack, 50 concurrent `$inc` of one document left it at 5, and concurrent `{version: {$lt: v}}`
// updates let a lower version overwrite a higher one. Writes whose condition matters are therefore
// serialised per document here; across processes they rely on a single writer per document (one
// consumer per partition, one active relay), and on MongoDB the update is atomic anyway.
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.runAll([key], work);
  }

  /** Runs `work` once everything queued before on any of `keys` is done; later work on them waits for it. */
  runAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const previous = keys.map((key) => this.tails.get(key)).filter((p) => p !== undefined);
    const result = (previous.length === 0 ? Promise.resolve() : Promise.all(previous)).then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    for (const key of keys) this.tails.set(key, tail);
    // Cleanup once the queue drains; `tail` never rejects (both outcomes map to undefined).
    void tail.then(() => {
      for (const key of keys) if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
