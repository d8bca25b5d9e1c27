// Integration tier (ADR 0011): it runs the relay on its own timers and waits on the wall clock (polls,
// lease expiry, stop timeout). Its adapters are the in-memory ones, so it needs no broker or store of
// its own.
// The relay over the in-memory store, transport and lease store: what it publishes, in which
// order, when it marks, and what happens when the publish, the mark or a listener fails.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { fromWireValue, type EventEnvelope } from '#contracts';
import { InMemoryProcessedEvents, InMemoryTransport, dedupHandler, type OutgoingMessage } from '#messaging';
import { eventually } from '#testing';
import { sampleEvents } from '../event-store.contract.js';
import { type Commit } from '../event-store.js';
import { InMemoryEventStore } from '../in-memory-event-store.js';
import { InMemoryLeaseStore } from '../lease.js';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';

const TOPIC = 'applications.events';

/** Counts publish requests and can fail the next ones, like a broker that is down. */
class CountingTransport extends InMemoryTransport {
  requests: number[] = [];
  failNext = 0;
  hang = false;

  override async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.hang) return new Promise<void>(() => {});
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('broker unavailable');
    }
    this.requests.push(messages.length);
    await super.publish(topic, messages);
  }
}

type SetupOptions = Partial<Omit<OutboxRelayOptions, 'store' | 'transport'>> & {
  store?: InMemoryEventStore;
  transport?: CountingTransport;
};

async function setup(options: SetupOptions = {}) {
  const store = options.store ?? new InMemoryEventStore();
  const transport = options.transport ?? new CountingTransport();
  await transport.ensureTopics([{ topic: TOPIC, partitions: 3 }]);
  const errors: unknown[] = [];
  const relay = new OutboxRelay({
    service: 'applications',
    pollIntervalMs: 20,
    onError: (e) => errors.push(e),
    ...options,
    store,
    transport,
  });
  relays.push(relay);
  return { store, transport, relay, errors };
}

const relays: OutboxRelay[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
});

const onTopic = async (transport: InMemoryTransport): Promise<EventEnvelope[]> =>
  (await transport.read(TOPIC)).map((m) => fromWireValue(m.value) as EventEnvelope);

/** Per stream, the versions in the order they arrive on the topic. */
function versionsByStream(events: readonly EventEnvelope[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const e of events) out.set(e.streamId, [...(out.get(e.streamId) ?? []), e.streamVersion]);
  return out;
}

/** Five streams, 1–3 commits each, 1–4 events per commit; returns how many events. */
async function appendSample(store: InMemoryEventStore): Promise<number> {
  let total = 0;
  for (let s = 0; s < 5; s++) {
    let version = 0;
    for (let c = 0; c <= s % 3; c++) {
      const size = 1 + ((s + c) % 4);
      await store.append(`case-${s}`, version, sampleEvents(`case-${s}`, version + 1, version + size));
      version += size;
      total += size;
    }
  }
  return total;
}

describe('OutboxRelay', () => {
  it('publishes every event keyed by stream, in per-stream order, many per request, then marks the commits', async () => {
    const { store, transport, relay } = await setup({ maxMessagesPerPublish: 8 });
    const total = await appendSample(store);
    relay.start();
    await eventually(async () => (await store.outboxStats(new Date())).backlog === 0, { what: 'outbox empty' });
    const events = await onTopic(transport);
    assert.equal(events.length, total);
    for (const [stream, versions] of versionsByStream(events)) {
      assert.deepEqual(
        versions,
        versions.map((_, i) => i + 1),
        stream,
      );
    }
    const messages = await transport.read(TOPIC);
    assert.ok(messages.every((m) => m.key === (fromWireValue(m.value) as EventEnvelope).streamId));
    assert.ok(total > 16, 'enough events for several requests');
    assert.equal(transport.requests.length, Math.ceil(total / 8), `requests: ${transport.requests}`);
    assert.ok(transport.requests.every((n) => n <= 8));
    const stats = await relay.stats();
    assert.deepEqual(
      { backlog: stats.backlog, oldest: stats.oldestUnpublishedAgeMs, published: stats.publishedEvents },
      { backlog: 0, oldest: null, published: total },
    );
  });

  it('wakes on an append without waiting for its interval', async () => {
    const { store, transport, relay } = await setup({ pollIntervalMs: 3_600_000 });
    relay.start();
    await relay.flush();
    await store.append('case-x', 0, sampleEvents('case-x', 1, 2));
    await eventually(async () => (await onTopic(transport)).length === 2, { what: 'two events published' });
  });

  it('reports backlog and the age of the oldest unpublished commit while the broker is down, and catches up', async () => {
    let now = Date.parse('2009-03-02T00:00:00Z');
    const store = new InMemoryEventStore({ now: () => new Date(now) });
    const { transport, relay, errors } = await setup({ store, now: () => new Date(now) });
    transport.failNext = Number.MAX_SAFE_INTEGER;
    await store.append('a', 0, sampleEvents('a', 1, 1));
    now += 1500;
    await store.append('b', 0, sampleEvents('b', 1, 1));
    now += 500;
    relay.start();
    await eventually(() => errors.length >= 2, { what: 'two failed attempts' });
    const down = await relay.stats();
    assert.deepEqual([down.backlog, down.oldestUnpublishedAgeMs, down.publishedEvents], [2, 2000, 0]);
    assert.equal(down.lastError, 'broker unavailable');
    transport.failNext = 0;
    await eventually(async () => (await relay.stats()).backlog === 0, { what: 'caught up' });
    assert.equal((await onTopic(transport)).length, 2);
  });

  it('re-sends after a failure between acknowledgement and mark; a dedup consumer applies each event once, in order', async () => {
    let faults = 2;
    const { store, transport, relay, errors } = await setup({
      afterPublishBeforeMark: () => {
        if (faults-- > 0) throw new Error('crash between ack and mark');
      },
    });
    const total = await appendSample(store);
    relay.start();
    await eventually(async () => (await store.outboxStats(new Date())).backlog === 0, { what: 'outbox empty' });
    assert.equal(errors.length, 2);
    const onWire = await onTopic(transport);
    assert.equal(onWire.length, total * 3, 'each event sent three times: twice before a failed mark, once more');

    const applied: EventEnvelope[] = [];
    const processed = new InMemoryProcessedEvents();
    const consumer = await transport.consume({
      groupId: 'projection',
      topics: [TOPIC],
      handle: dedupHandler(processed, 'projection', async (m) => {
        applied.push(fromWireValue(m.value) as EventEnvelope);
      }),
    });
    await eventually(async () => {
      const committed = await transport.groupOffsets('projection', TOPIC);
      const ends = await transport.topicOffsets(TOPIC);
      return ends.every((p) => committed.find((c) => c.partition === p.partition)?.offset === p.high);
    });
    await consumer.stop();
    assert.equal(applied.length, total);
    assert.equal(new Set(applied.map((e) => e.id)).size, total);
    for (const [stream, versions] of versionsByStream(applied)) {
      assert.deepEqual(
        versions,
        versions.map((_, i) => i + 1),
        stream,
      );
    }
  });

  it('calls commit listeners in per-stream order before marking; a failing listener leaves the commit unpublished', async () => {
    const seen: string[] = [];
    let failOnce = true;
    // A clock that moves 1 ms per commit, so the three commits have a known outbox order.
    let t = Date.parse('2009-03-02T00:00:00Z');
    const ordered = new InMemoryEventStore({ now: () => new Date(t++) });
    const { store, relay, errors } = await setup({ store: ordered });
    relay.addCommitListener(async (c: Commit) => {
      if (c.streamId === 'b' && failOnce) {
        failOnce = false;
        assert.equal((await store.outboxStats(new Date())).backlog, 3, 'nothing marked yet');
        throw new Error('list view store down');
      }
      seen.push(`${c.streamId}@${c.firstVersion}`);
    });
    await store.append('a', 0, sampleEvents('a', 1, 2));
    await store.append('b', 0, sampleEvents('b', 1, 1));
    await store.append('a', 2, sampleEvents('a', 3, 3));
    relay.start();
    await eventually(async () => (await store.outboxStats(new Date())).backlog === 0, { what: 'outbox empty' });
    assert.equal(errors.length, 1);
    // First pass: a@1 then the failure at b; the retry sees the batch again, at least once.
    assert.deepEqual(seen, ['a@1', 'a@1', 'b@1', 'a@3']);
  });

  it('with a lease: one of two relays publishes; stopped without releasing, the other takes over after the lease expires', async () => {
    const leases = new InMemoryLeaseStore();
    const store = new InMemoryEventStore();
    const lease = { store: leases, ttlMs: 300, renewEveryMs: 50 };
    const first = await setup({ store, lease: { ...lease, owner: 'first' } });
    const second = await setup({ store, transport: first.transport, lease: { ...lease, owner: 'second' } });
    first.relay.start();
    await eventually(() => first.relay.active, { what: 'first active' });
    second.relay.start();
    await store.append('a', 0, sampleEvents('a', 1, 3));
    await eventually(async () => (await store.outboxStats(new Date())).backlog === 0, { what: 'published' });
    assert.equal(second.relay.active, false);
    assert.equal((await first.relay.stats()).publishedEvents, 3);
    assert.equal((await second.relay.stats()).publishedEvents, 0);

    await first.relay.stop({ releaseLease: false });
    const stoppedAt = Date.now();
    await store.append('a', 3, sampleEvents('a', 4, 5));
    // The lease runs out at most 300 ms after its last renewal and the standby asks every 50 ms;
    // the bound leaves room for a loaded machine.
    await eventually(() => second.relay.active, { what: 'standby took over', timeoutMs: 3000 });
    const takeoverMs = Date.now() - stoppedAt;
    await eventually(async () => (await store.outboxStats(new Date())).backlog === 0, { what: 'published by standby' });
    assert.equal((await second.relay.stats()).publishedEvents, 2);
    const versions = versionsByStream(await onTopic(first.transport)).get('a');
    assert.deepEqual(versions, [1, 2, 3, 4, 5], `no event lost (take-over after ${takeoverMs} ms)`);
  });

  it('hands over at once when the holder stops normally (releasing its lease)', async () => {
    const leases = new InMemoryLeaseStore();
    const store = new InMemoryEventStore();
    const lease = { store: leases, ttlMs: 60_000, renewEveryMs: 50 };
    const first = await setup({ store, lease: { ...lease, owner: 'first' } });
    const second = await setup({ store, transport: first.transport, lease: { ...lease, owner: 'second' } });
    first.relay.start();
    await eventually(() => first.relay.active);
    second.relay.start();
    await first.relay.stop();
    // Far sooner than the 60 s lease: only the release lets the standby in.
    await eventually(() => second.relay.active, { what: 'standby took over', timeoutMs: 5000 });
    await store.append('a', 0, sampleEvents('a', 1, 1));
    await eventually(async () => (await onTopic(first.transport)).length === 1);
  });

  it('stops within its stop timeout even when a publish hangs, leaving the commits unpublished', async () => {
    const { store, transport, relay } = await setup({ stopTimeoutMs: 50 });
    transport.hang = true;
    await store.append('a', 0, sampleEvents('a', 1, 1));
    relay.start();
    await eventually(() => transport.hang && relay.active);
    await relay.stop();
    assert.equal(relay.active, false);
    assert.equal((await store.outboxStats(new Date())).backlog, 1);
  });

  it('reports a pass that runs too long once, naming the step it waits on', async () => {
    const { store, transport, relay, errors } = await setup({ slowPassAfterMs: 200, stopTimeoutMs: 50 });
    transport.hang = true;
    await store.append('a', 0, sampleEvents('a', 1, 2));
    relay.start();
    await eventually(() => errors.length > 0, { timeoutMs: 5_000, what: 'the slow pass is reported' });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(errors.length, 1, 'reported once per pass, not on every poll');
    assert.match(
      (errors[0] as Error).message,
      /has run for \d+\.\d s; it is publishing 2 messages to applications\.events/,
    );
    assert.equal((await relay.stats()).lastError, (errors[0] as Error).message);
  });
});
