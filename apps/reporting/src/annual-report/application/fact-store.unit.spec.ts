// FactStore's progress (the next offset per partition) written behind: a flush that fails while
// the store restarts must neither poison the later flushes nor lose the progress it was writing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type DocumentCollection,
  type DocumentCollections,
  InMemoryDocumentCollections,
} from '#event-sourcing/read-model';
import { FactStore } from './fact-store.js';

/** In-memory collections whose progress writes fail while `down` is set (a store restarting). */
function flakyCollections(): { documents: DocumentCollections; setDown(down: boolean): void } {
  const real = new InMemoryDocumentCollections();
  let down = false;
  const documents: DocumentCollections = {
    collection<T extends object>(name: string) {
      const inner = real.collection<T>(name);
      if (!name.startsWith('stat_progress_')) return inner;
      return new Proxy(inner, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (prop !== 'upsertIfNewer' || typeof value !== 'function') return value;
          return (...args: unknown[]) =>
            down
              ? Promise.reject(new Error('connection 3 to 127.0.0.1:27018 closed'))
              : (value as (...a: unknown[]) => Promise<boolean>).apply(target, args);
        },
      }) as DocumentCollection<T>;
    },
  };
  return { documents, setDown: (d) => (down = d) };
}

describe('FactStore progress', () => {
  it('writes the progress a failed flush could not, on the next flush, which a failure does not block', async () => {
    const { documents, setDown } = flakyCollections();
    const store = new FactStore(documents, 1);
    await store.recordProgress('applications.events', 0, 41);
    setDown(true);
    await assert.rejects(store.flush(), /connection 3/);
    setDown(false);
    await store.flush();
    // A second store on the same collections reads what was written.
    const reread = await new FactStore(documents, 1).progressByPartition();
    assert.deepEqual(
      reread.map((p) => [p.topic, p.partition, p.nextOffset]),
      [['applications.events', 0, 42]],
    );
  });
});
