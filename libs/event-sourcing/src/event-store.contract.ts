// The one contract suite for EventStore, run against the in-memory adapter (unit) and the MongoDB
// one on real FerretDB/MongoDB (integration): both must answer every case the same way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ContractRegistry, defineEvent, type EventEnvelope } from '#contracts';
import { loadStream } from './command-handler.js';
import { type Decider } from './decider.js';
import { ConcurrencyError, IdempotencyKeyReusedError, type EventStore } from './event-store.js';

/** A controllable clock: tests move time instead of waiting. */
export class TestClock {
  constructor(private t = Date.parse('2009-03-02T01:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.t);
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export type EventStoreFactory = (clock: TestClock) => Promise<EventStore>;

// A test-only contract with a history: v1 carried `date`; v2 renamed it `receiptDate` and added
// the channel, old events defaulting to 'other'.
const thingReceived = defineEvent({
  type: 'sample.ThingReceived',
  schemaVersion: 2,
  description: 'test only',
  schema: z.strictObject({ receiptDate: z.iso.date(), channel: z.enum(['email', 'online', 'other']) }),
  example: { receiptDate: '2009-03-02', channel: 'email' },
  history: [
    {
      schemaVersion: 1,
      schema: z.strictObject({ date: z.iso.date() }),
      upcast: (d) => ({ receiptDate: (d as { date: string }).date, channel: 'other' }),
    },
  ],
});
const thingNoted = defineEvent({
  type: 'sample.ThingNoted',
  schemaVersion: 1,
  description: 'test only',
  schema: z.strictObject({ note: z.string() }),
  example: { note: 'x' },
});
export const sampleRegistry = new ContractRegistry([thingReceived, thingNoted]);

type ThingEvent =
  | { type: 'ThingReceived'; data: { receiptDate: string; channel: string } }
  | { type: 'ThingNoted'; data: { note: string } };
interface ThingState {
  receiptDate?: string;
  channel?: string;
  notes: string[];
}
const thingDecider: Decider<never, ThingEvent, ThingState> = {
  initialState: { notes: [] },
  decide: () => [],
  evolve: (s, e) => (e.type === 'ThingReceived' ? { ...s, ...e.data } : { ...s, notes: [...s.notes, e.data.note] }),
};

let seq = 0;
/** A valid envelope; ids are UUID v7-shaped and unique within the run. */
export function sampleEvent(streamId: string, streamVersion: number, over: Partial<EventEnvelope> = {}): EventEnvelope {
  seq++;
  const hex = seq.toString(16).padStart(12, '0');
  return {
    id: `0190f5c2-7b1e-7cc0-8a41-${hex}`,
    type: 'sample.ThingNoted',
    schemaVersion: 1,
    streamId,
    streamVersion,
    agencyId: 'zhuzhou-city',
    occurredAt: '2009-03-02T00:00:00+08:00',
    recordedAt: '2009-03-03T09:15:00.000Z',
    correlationId: 'corr-1',
    causationId: 'corr-1',
    actor: 'clerk-7',
    data: { note: `${streamId}#${streamVersion}` },
    ...over,
  };
}

/** Events streamVersion from..to of a stream. */
export const sampleEvents = (streamId: string, from: number, to: number): EventEnvelope[] =>
  Array.from({ length: to - from + 1 }, (_, i) => sampleEvent(streamId, from + i));

export const versionsOf = (events: readonly EventEnvelope[]): number[] => events.map((e) => e.streamVersion);

export function eventStoreContract(factory: EventStoreFactory): void {
  describe('append and read', () => {
    it('appends commits to a new stream from expected version 0 and reads every event back in order', async () => {
      const store = await factory(new TestClock());
      const first = await store.append('s-1', 0, sampleEvents('s-1', 1, 2));
      assert.equal(first.status, 'appended');
      assert.deepEqual([first.commit.firstVersion, first.commit.lastVersion], [1, 2]);
      const second = await store.append('s-1', 2, sampleEvents('s-1', 3, 3));
      assert.deepEqual([second.commit.firstVersion, second.commit.lastVersion], [3, 3]);
      await store.append('other', 0, sampleEvents('other', 1, 1));
      const read = await store.readStream('s-1');
      assert.deepEqual(versionsOf(read), [1, 2, 3]);
      assert.deepEqual(read[2], second.commit.events[0]);
      assert.deepEqual(await store.readStream('never-written'), []);
    });

    it('refuses expected versions that are not the current one, including one inside a multi-event commit', async () => {
      const store = await factory(new TestClock());
      await assert.rejects(store.append('s-2', 1, sampleEvents('s-2', 2, 2)), ConcurrencyError, 'gap on a new stream');
      await store.append('s-2', 0, sampleEvents('s-2', 1, 3));
      for (const stale of [0, 1, 2, 4]) {
        await assert.rejects(
          store.append('s-2', stale, sampleEvents('s-2', stale + 1, stale + 1)),
          (err: unknown) => err instanceof ConcurrencyError && err.expectedVersion === stale && err.actualVersion === 3,
          `expected version ${stale}`,
        );
      }
      assert.deepEqual(versionsOf(await store.readStream('s-2')), [1, 2, 3]);
    });

    it('refuses events that do not continue the stream at the expected version', async () => {
      const store = await factory(new TestClock());
      await assert.rejects(store.append('s-3', 0, []), RangeError);
      await assert.rejects(store.append('s-3', 0, sampleEvents('s-3', 2, 2)), RangeError);
      await assert.rejects(store.append('s-3', 0, sampleEvents('elsewhere', 1, 1)), RangeError);
      assert.deepEqual(await store.readStream('s-3'), []);
    });

    it('lets exactly one of 50 concurrent appends with the same expected version in; the rest get ConcurrencyError', async () => {
      const store = await factory(new TestClock());
      await store.append('race', 0, sampleEvents('race', 1, 1));
      const attempts = Array.from({ length: 50 }, (_, i) =>
        store.append('race', 1, [sampleEvent('race', 2, { data: { note: `writer ${i}` } }), sampleEvent('race', 3)]),
      );
      const results = await Promise.allSettled(attempts);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      assert.equal(won.length, 1);
      assert.equal(lost.length, 49);
      for (const r of lost) assert.ok(r.reason instanceof ConcurrencyError, String(r.reason));
      const read = await store.readStream('race');
      assert.deepEqual(versionsOf(read), [1, 2, 3], 'no gap and no duplicate version');
      const winner = won[0]!.value;
      assert.deepEqual(read[1], winner.commit.events[0]);
    });
  });

  describe('idempotent commands', () => {
    it('returns the first commit for a retried request and appends nothing, even after the stream moved on', async () => {
      const store = await factory(new TestClock());
      const key = { idempotencyKey: 'key-1', requestHash: 'hash-a' };
      const first = await store.append('idem', 0, sampleEvents('idem', 1, 2), key);
      assert.equal(first.status, 'appended');
      const retry = await store.append('idem', 0, sampleEvents('idem', 1, 2), key);
      assert.equal(retry.status, 'duplicate');
      assert.deepEqual(retry.commit, first.commit);
      await store.append('idem', 2, sampleEvents('idem', 3, 3));
      const late = await store.append('idem', 0, sampleEvents('idem', 1, 2), key);
      assert.equal(late.status, 'duplicate');
      assert.deepEqual(late.commit.events, first.commit.events);
      assert.deepEqual(versionsOf(await store.readStream('idem')), [1, 2, 3]);
      assert.deepEqual(await store.findByIdempotencyKey('idem', 'key-1'), first.commit);
      assert.equal(await store.findByIdempotencyKey('idem', 'key-2'), undefined);
      assert.equal(await store.findByIdempotencyKey('other', 'key-1'), undefined);
      // One read gives the commits with their keys (what a command loads), in version order.
      const commits = await store.readCommits('idem');
      assert.deepEqual(
        commits.map((c) => [c.firstVersion, c.lastVersion, c.idempotencyKey]),
        [
          [1, 2, 'key-1'],
          [3, 3, undefined],
        ],
      );
      assert.deepEqual(commits[0], first.commit);
      assert.deepEqual(await store.readCommits('other'), []);
    });

    it('refuses the same key with another request', async () => {
      const store = await factory(new TestClock());
      await store.append('idem-2', 0, sampleEvents('idem-2', 1, 1), { idempotencyKey: 'k', requestHash: 'a' });
      await assert.rejects(
        store.append('idem-2', 0, sampleEvents('idem-2', 1, 1), { idempotencyKey: 'k', requestHash: 'b' }),
        (err: unknown) => err instanceof IdempotencyKeyReusedError && err.idempotencyKey === 'k',
      );
      assert.equal((await store.readStream('idem-2')).length, 1);
    });

    it('gives 20 concurrent retries of one idempotent create the same first commit', async () => {
      const store = await factory(new TestClock());
      const key = { idempotencyKey: 'create-1', requestHash: 'h' };
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.append('created', 0, sampleEvents('created', 1, 1), key)),
      );
      assert.equal(results.filter((r) => r.status === 'appended').length, 1);
      const ids = new Set(results.map((r) => r.commit.events[0]!.id));
      assert.equal(ids.size, 1, 'every caller sees the one stored event');
      assert.equal((await store.readStream('created')).length, 1);
    });
  });

  describe('outbox', () => {
    it('reads unpublished commits oldest first, each stream in version order, and marks them published', async () => {
      const clock = new TestClock();
      const store = await factory(clock);
      assert.deepEqual(await store.outboxStats(clock.now()), { backlog: 0, oldestUnpublishedAgeMs: null });
      clock.set('2009-03-02T01:00:00.000Z');
      await store.append('b', 0, sampleEvents('b', 1, 2));
      clock.set('2009-03-02T01:00:01.000Z');
      await store.append('a', 0, sampleEvents('a', 1, 1));
      // A replica whose clock is behind appends the next commit of `b`: it still sorts after b@1.
      clock.set('2009-03-02T00:59:00.000Z');
      await store.append('b', 2, sampleEvents('b', 3, 3));
      clock.set('2009-03-02T01:00:00.500Z');
      await store.append('c', 0, sampleEvents('c', 1, 1));
      // Same instant as a@1: stream then version decide.
      clock.set('2009-03-02T01:00:01.000Z');
      await store.append('a', 1, sampleEvents('a', 2, 2));

      const refs = (cs: Array<{ streamId: string; firstVersion: number }>): string[] =>
        cs.map((c) => `${c.streamId}@${c.firstVersion}`);
      const all = await store.readUnpublished(100);
      assert.deepEqual(refs(all), ['b@1', 'b@3', 'c@1', 'a@1', 'a@2']);
      assert.deepEqual(refs(await store.readUnpublished(2)), ['b@1', 'b@3']);
      assert.deepEqual(versionsOf(all[0]!.events), [1, 2]);

      clock.set('2009-03-02T01:00:10.000Z');
      assert.deepEqual(await store.outboxStats(clock.now()), { backlog: 5, oldestUnpublishedAgeMs: 10_000 });

      await store.markPublished(all.slice(0, 2), clock.now());
      assert.deepEqual(refs(await store.readUnpublished(100)), ['c@1', 'a@1', 'a@2']);
      assert.deepEqual(await store.outboxStats(clock.now()), { backlog: 3, oldestUnpublishedAgeMs: 9_500 });

      // Marking again (a re-send after a crash) keeps the first publication time.
      clock.advance(60_000);
      await store.markPublished(all, clock.now());
      assert.deepEqual(await store.readUnpublished(100), []);
      assert.deepEqual(await store.outboxStats(clock.now()), { backlog: 0, oldestUnpublishedAgeMs: null });
    });

    it('wakes listeners after an append, not after a refused or duplicate one, and stops after unsubscribing', async () => {
      const store = await factory(new TestClock());
      let wakes = 0;
      const unsubscribe = store.onAppended(() => wakes++);
      await store.append('w', 0, sampleEvents('w', 1, 1), { idempotencyKey: 'k' });
      await store.append('w', 0, sampleEvents('w', 1, 1), { idempotencyKey: 'k' });
      await assert.rejects(store.append('w', 0, sampleEvents('w', 1, 1)), ConcurrencyError);
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      assert.equal(wakes, 1);
      unsubscribe();
      await store.append('w', 1, sampleEvents('w', 2, 2));
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      assert.equal(wakes, 1);
    });
  });

  describe('reading through the contracts', () => {
    it('reads an event stored as schema version 1 as version 2 through its upcaster', async () => {
      const store = await factory(new TestClock());
      const v1 = sampleEvent('thing', 1, {
        type: 'sample.ThingReceived',
        schemaVersion: 1,
        data: { date: '2009-05-06' },
      });
      await store.append('thing', 0, [v1, sampleEvent('thing', 2)]);
      const stored = await store.readStream('thing');
      assert.equal(stored[0]!.schemaVersion, 1, 'the store keeps what was written');
      const loaded = await loadStream(store, { decider: thingDecider, registry: sampleRegistry }, 'thing');
      assert.equal(loaded.version, 2);
      assert.equal(loaded.events[0]!.schemaVersion, 2);
      assert.deepEqual(loaded.events[0]!.data, { receiptDate: '2009-05-06', channel: 'other' });
      assert.deepEqual(loaded.state, { receiptDate: '2009-05-06', channel: 'other', notes: ['thing#2'] });
    });
  });
}
