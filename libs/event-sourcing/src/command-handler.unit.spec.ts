import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ServiceName } from '#contracts';
import { handleCommand, type CommandContext, type StreamType } from './command-handler.js';
import { type Decider } from './decider.js';
import { sampleRegistry } from './event-store.contract.js';
import { ConcurrencyError, type EventStore } from './event-store.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

type NoteEvent = { type: 'ThingNoted'; data: { note: string } };
const notes: Decider<{ note: string }, NoteEvent, { notes: string[] }> = {
  initialState: { notes: [] },
  decide: (c) => [{ type: 'ThingNoted', data: { note: c.note } }],
  evolve: (s, e) => ({ notes: [...s.notes, e.data.note] }),
};
const noteStream: StreamType<{ note: string }, NoteEvent, { notes: string[] }> = {
  // The sample contracts are qualified `sample.*`: a service of the tests only.
  service: 'sample' as ServiceName,
  decider: notes,
  registry: sampleRegistry,
  agencyOf: () => 'zhuzhou-city',
};
let ids = 0;
const ctx: CommandContext = {
  now: new Date('2009-03-02T01:00:00.000Z'),
  actor: 'clerk-7',
  correlationId: 'corr-1',
  newId: () => `0190f5c2-7b1e-7cc0-8b41-${(++ids).toString(16).padStart(12, '0')}`,
};

/**
 * The store as a retried request sees it when its first attempt's write lands late: the first
 * idempotency lookup runs before the write is visible, everything after sees it.
 */
function lookupBeforeTheWriteLanded(store: EventStore): EventStore {
  let first = true;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'findByIdempotencyKey') {
        return async (streamId: string, key: string) => {
          if (first) {
            first = false;
            return undefined;
          }
          return target.findByIdempotencyKey(streamId, key);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('handleCommand with If-Match and an Idempotency-Key', () => {
  it('answers a retry whose first attempt landed after its lookup with the first result, not 409', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, noteStream, 's-1', { note: 'a' }, ctx, { idempotencyKey: 'create' });
    // The first attempt of the request: written, but its answer was lost (the store went away).
    const first = await handleCommand(store, noteStream, 's-1', { note: 'b' }, ctx, {
      expectedVersion: 1,
      idempotencyKey: 'note-b',
      requestHash: 'h-b',
    });
    const retry = await handleCommand(lookupBeforeTheWriteLanded(store), noteStream, 's-1', { note: 'b' }, ctx, {
      expectedVersion: 1,
      idempotencyKey: 'note-b',
      requestHash: 'h-b',
    });
    assert.equal(retry.duplicate, true);
    assert.equal(retry.version, first.version);
    assert.deepEqual(retry.state, { notes: ['a', 'b'] });
    assert.equal((await store.readStream('s-1')).length, 2, 'nothing appended twice');
  });

  it('still refuses a stale If-Match from another request (another key)', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, noteStream, 's-2', { note: 'a' }, ctx, { idempotencyKey: 'create' });
    await handleCommand(store, noteStream, 's-2', { note: 'b' }, ctx, { expectedVersion: 1, idempotencyKey: 'k-b' });
    await assert.rejects(
      handleCommand(store, noteStream, 's-2', { note: 'c' }, ctx, { expectedVersion: 1, idempotencyKey: 'k-c' }),
      (err: unknown) => err instanceof ConcurrencyError,
    );
    assert.equal((await store.readStream('s-2')).length, 2);
  });
});
