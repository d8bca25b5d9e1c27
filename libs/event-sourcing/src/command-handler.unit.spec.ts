import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ServiceName } from '#contracts';
import { handleCommand, type CommandContext, type StreamType } from './command-handler.js';
import { type Decider } from './decider.js';
import { DomainError } from './domain-error.js';
import { sampleRegistry } from './event-store.contract.js';
import { ConcurrencyError, type EventStore } from './event-store.js';
import { InMemoryEventStore } from './in-memory-event-store.js';
import { createStreamId, legacyStreamIdForCreate, streamIdForCreate } from './stream-ids.js';

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
 * The store as a retried request sees it when its first attempt's write lands late: the request's
 * first read of the stream runs before that write is visible (it misses the last commit), everything
 * after sees it.
 */
function lookupBeforeTheWriteLanded(store: EventStore): EventStore {
  let first = true;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'readCommits') {
        return async (streamId: string) => {
          const commits = await target.readCommits(streamId);
          if (!first) return commits;
          first = false;
          return commits.slice(0, -1);
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

describe('handleCommand: events the stream type declares invisible to If-Match', () => {
  // The system's own marks (as the appeals service's act confirmation): appended by `system:marker`.
  const markedStream: StreamType<{ note: string }, NoteEvent, { notes: string[] }> = {
    ...noteStream,
    ifMatchIgnores: (e) => e.actor === 'system:marker',
  };
  const system: CommandContext = { ...ctx, actor: 'system:marker' };

  it('keeps a caller’s If-Match valid across the system’s marks, and appends after them', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, markedStream, 'm-1', { note: 'a' }, ctx);
    await handleCommand(store, markedStream, 'm-1', { note: 'mark' }, system);
    const result = await handleCommand(store, markedStream, 'm-1', { note: 'b' }, ctx, { expectedVersion: 1 });
    assert.equal(result.version, 3);
    assert.deepEqual(result.state, { notes: ['a', 'mark', 'b'] });
  });

  it('still refuses it once anyone else changed the case, before or after a mark', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, markedStream, 'm-2', { note: 'a' }, ctx);
    await handleCommand(store, markedStream, 'm-2', { note: 'mark' }, system);
    await handleCommand(store, markedStream, 'm-2', { note: 'other clerk' }, ctx);
    await assert.rejects(
      handleCommand(store, markedStream, 'm-2', { note: 'b' }, ctx, { expectedVersion: 1 }),
      (err: unknown) => err instanceof ConcurrencyError,
    );
    await assert.rejects(
      handleCommand(store, markedStream, 'm-2', { note: 'b' }, ctx, { expectedVersion: 7 }),
      (err: unknown) => err instanceof ConcurrencyError,
      'a version the case never had',
    );
    await assert.rejects(
      handleCommand(store, noteStream, 'm-2', { note: 'b' }, ctx, { expectedVersion: 2 }),
      (err: unknown) => err instanceof ConcurrencyError,
      'a stream type without the declaration ignores nothing',
    );
    assert.equal((await store.readStream('m-2')).length, 3);
  });

  it('keeps it valid when a mark lands between the command’s load and its append (appends after it)', async () => {
    // The race the fault suite met: the act confirmation commits while a clerk's decision is being
    // decided. The decision's append then collides at version 2; the caller saw version 1, and what
    // moved the case is invisible to them, so the command decides again rather than answering 409.
    const store = new InMemoryEventStore();
    await handleCommand(store, markedStream, 'm-3', { note: 'a' }, ctx);
    const result = await handleCommand(
      markLandsBeforeFirstAppend(store, markedStream),
      markedStream,
      'm-3',
      { note: 'b' },
      ctx,
      {
        expectedVersion: 1,
      },
    );
    assert.equal(result.version, 3);
    assert.deepEqual(result.state, { notes: ['a', 'mark', 'b'] });
  });

  it('still refuses it when what landed between load and append is a change a caller would see, and names it', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, markedStream, 'm-4', { note: 'a' }, ctx);
    const racing = markLandsBeforeFirstAppend(store, markedStream, ctx);
    await assert.rejects(
      handleCommand(racing, markedStream, 'm-4', { note: 'b' }, ctx, { expectedVersion: 1 }),
      (err: unknown) =>
        err instanceof ConcurrencyError &&
        err.actualVersion === 2 &&
        /since then: sample\.ThingNoted/.test(err.message),
    );
    assert.equal((await store.readStream('m-4')).length, 2);
  });
});

/** A store on which another command (by default the system's mark) commits just before the first append. */
function markLandsBeforeFirstAppend(
  store: EventStore,
  type: StreamType<{ note: string }, NoteEvent, { notes: string[] }>,
  by: CommandContext = { ...ctx, actor: 'system:marker' },
): EventStore {
  let raced = false;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'append') {
        return async (...args: Parameters<EventStore['append']>) => {
          if (!raced) {
            raced = true;
            await handleCommand(target, type, args[0], { note: 'mark' }, by);
          }
          return target.append(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

// A case that can be received once: a second ReceiveThing is refused, as `receipt.already-received` is.
type ReceiveThing = { receiptDate: string };
type Received = { type: 'ThingReceived'; data: { receiptDate: string; channel: 'email' } };
const receiving: Decider<ReceiveThing, Received, { receivedOn?: string }> = {
  initialState: {},
  decide: (c, s) => {
    if (s.receivedOn !== undefined) throw new DomainError('thing.already-received', 'already', { kind: 'conflict' });
    return [{ type: 'ThingReceived', data: { receiptDate: c.receiptDate, channel: 'email' } }];
  },
  evolve: (_s, e) => ({ receivedOn: e.data.receiptDate }),
};
const thingStream: StreamType<ReceiveThing, Received, { receivedOn?: string }> = {
  service: 'sample' as ServiceName,
  decider: receiving,
  registry: sampleRegistry,
  agencyOf: () => 'you-county',
};

/**
 * The interleaving of N copies of one create sent at once, made certain: half of the copies read the
 * stream before the first append (and append too, losing to it), the other half after it.
 */
function racingCopies(store: EventStore, copies: number): EventStore {
  const early = Math.ceil(copies / 2);
  let reads = 0;
  let earlyRead!: () => void;
  const earlyDone = new Promise<void>((resolve) => (earlyRead = resolve));
  let firstAppended!: () => void;
  const appended = new Promise<void>((resolve) => (firstAppended = resolve));
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'readCommits') {
        return async (streamId: string) => {
          const n = ++reads;
          if (n > early) await appended;
          const commits = await target.readCommits(streamId);
          if (n === early) earlyRead();
          return commits;
        };
      }
      if (prop === 'append') {
        return async (...args: Parameters<EventStore['append']>) => {
          await earlyDone;
          try {
            return await target.append(...args);
          } finally {
            firstAppended();
          }
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('handleCommand: concurrent copies of one keyed create', () => {
  it('answers a copy whose read missed the first create, and whose append lost to it, with the first result', async () => {
    const store = new InMemoryEventStore();
    const options = { idempotencyKey: 'create-1', requestHash: 'h-1' };
    const first = await handleCommand(store, thingStream, 't-1', { receiptDate: '2019-06-03' }, ctx, options);
    const copy = await handleCommand(
      lookupBeforeTheWriteLanded(store),
      thingStream,
      't-1',
      { receiptDate: '2019-06-03' },
      ctx,
      options,
    );
    assert.equal(copy.duplicate, true);
    assert.equal(copy.version, first.version);
    assert.deepEqual(copy.state, first.state);
    assert.deepEqual(copy.events, first.events);
  });

  it('still refuses that copy when it is another request under the key (422), or carries no key (409)', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, thingStream, 't-2', { receiptDate: '2019-06-03' }, ctx, {
      idempotencyKey: 'create-2',
      requestHash: 'h-2',
    });
    await assert.rejects(
      handleCommand(lookupBeforeTheWriteLanded(store), thingStream, 't-2', { receiptDate: '2019-06-04' }, ctx, {
        idempotencyKey: 'create-2',
        requestHash: 'h-other',
      }),
      (err: unknown) => err instanceof Error && err.name === 'IdempotencyKeyReusedError',
    );
    await assert.rejects(
      handleCommand(store, thingStream, 't-2', { receiptDate: '2019-06-03' }, ctx),
      (err: unknown) => err instanceof DomainError && err.rule === 'thing.already-received',
    );
  });

  it('gives 50 copies racing each other the first result, and appends once', async () => {
    const store = new InMemoryEventStore();
    const options = { idempotencyKey: 'create-3', requestHash: 'h-3' };
    const racing = racingCopies(store, 50);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        handleCommand(racing, thingStream, 't-3', { receiptDate: '2019-06-03' }, ctx, options),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
    assert.deepEqual(refused, [], 'no copy refused');
    const answers = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    for (const a of answers) assert.deepEqual(a?.events, answers[0]?.events);
    assert.equal(answers.filter((a) => a?.duplicate === false).length, 1, 'one copy appended');
    assert.equal((await store.readStream('t-3')).length, 1);
  });
});

describe('createStreamId: keyed creates are scoped to the agency', () => {
  it('gives two agencies using one key two cases, and one agency one case', () => {
    const city = streamIdForCreate('applications', 'zhuzhou-city', 'k-1');
    assert.notEqual(city, streamIdForCreate('applications', 'you-county', 'k-1'));
    assert.equal(city, streamIdForCreate('applications', 'zhuzhou-city', 'k-1'));
    assert.notEqual(city, streamIdForCreate('publications', 'zhuzhou-city', 'k-1'), 'and per service');
    // A key may hold ':' — no (agency, key) pair names a legacy (service, key) id.
    assert.notEqual(
      streamIdForCreate('applications', 'zhuzhou-city', 'k-1'),
      legacyStreamIdForCreate('applications', 'zhuzhou-city:k-1'),
    );
  });

  it('answers a retry of a create made before the change (legacy id) in its agency, not in another', async () => {
    const store = new InMemoryEventStore({ mayHoldUnscopedCreateIds: true });
    const legacy = legacyStreamIdForCreate('sample' as ServiceName, 'old-key');
    await handleCommand(store, thingStream, legacy, { receiptDate: '2019-06-03' }, ctx, {
      idempotencyKey: 'old-key',
    });
    // thingStream's cases belong to you-county.
    assert.equal(await createStreamId(store, 'sample' as ServiceName, 'you-county', 'old-key'), legacy);
    assert.equal(
      await createStreamId(store, 'sample' as ServiceName, 'zhuzhou-city', 'old-key'),
      streamIdForCreate('sample' as ServiceName, 'zhuzhou-city', 'old-key'),
    );
    assert.equal(
      await createStreamId(store, 'sample' as ServiceName, 'you-county', 'new-key'),
      streamIdForCreate('sample' as ServiceName, 'you-county', 'new-key'),
    );
  });

  it('does not look the legacy id up in a store begun after the change (it cannot hold one)', async () => {
    const lookups: string[] = [];
    const store = {
      mayHoldUnscopedCreateIds: false,
      findByIdempotencyKey: async (streamId: string) => (lookups.push(streamId), undefined),
    };
    assert.equal(
      await createStreamId(store, 'applications', 'you-county', 'k-9'),
      streamIdForCreate('applications', 'you-county', 'k-9'),
    );
    assert.deepEqual(lookups, []);
    assert.equal(new InMemoryEventStore().mayHoldUnscopedCreateIds, false, 'the embedded store begins empty');
  });
});
