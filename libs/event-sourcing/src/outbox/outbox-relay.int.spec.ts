// The relay against real Kafka and a real MongoDB-protocol store (issue 3, must show):
//  - it fails after the broker acknowledged a batch but before marking it; after a restart every
//    event is on the topic at least once, each stream in order, and a consumer with dedup applies
//    each event exactly once;
//  - of two relays on one store only the lease holder publishes; killed without releasing its
//    lease, the other takes over within the lease time and nothing is lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose, { type Connection } from 'mongoose';
import { deadLetterTopic, fromWireValue, type EventEnvelope } from '#contracts';
import { KafkaTransport, MongoProcessedEvents, dedupHandler, type InboundMessage } from '#messaging';
import { eventually, integrationInfra, kafkaClient, uniqueName } from '#testing';
import { sampleEvents } from '../event-store.contract.js';
import { type EventStore } from '../event-store.js';
import { MongoEventStore } from '../mongo/mongo-event-store.js';
import { MongoLeaseStore } from '../mongo/mongo-lease-store.js';
import { OutboxRelay } from './outbox-relay.js';

const real = await integrationInfra();

/** Appends `streams` streams of 2–4 commits of 1–3 events each; returns the events appended. */
async function appendStreams(store: EventStore, prefix: string, streams: number): Promise<EventEnvelope[]> {
  const all: EventEnvelope[] = [];
  for (let s = 0; s < streams; s++) {
    const streamId = `${prefix}-${s}`;
    let version = 0;
    for (let c = 0; c < 2 + (s % 3); c++) {
      const events = sampleEvents(streamId, version + 1, version + 1 + ((s + c) % 3));
      await store.append(streamId, version, events);
      version += events.length;
      all.push(...events);
    }
  }
  return all;
}

const envelopeOf = (m: InboundMessage): EventEnvelope => fromWireValue(m.value) as EventEnvelope;

/** Per stream, the order in which versions first appear (what a dedup consumer applies). */
function firstSeenOrder(events: readonly EventEnvelope[]): Map<string, number[]> {
  const seen = new Set<string>();
  const out = new Map<string, number[]>();
  for (const e of events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.set(e.streamId, [...(out.get(e.streamId) ?? []), e.streamVersion]);
  }
  return out;
}

const inOrder = (versions: readonly number[]): boolean => versions.every((v, i) => v === i + 1);

describe(
  `OutboxRelay on real Kafka and MongoDB protocol (${real.infra?.description ?? 'skipped'})`,
  { skip: real.skip },
  () => {
    let conn: Connection;
    let transport: KafkaTransport;
    const topics: string[] = [];
    const groups: string[] = [];

    before(async () => {
      const dbName = uniqueName('relay').replace(/-/g, '_');
      conn = await mongoose.createConnection(real.infra!.mongoUri, { dbName }).asPromise();
      transport = new KafkaTransport({ ...kafkaClient(real.infra!), clientId: 'relay-int' });
    });

    after(async () => {
      await transport?.deleteTopicsAndGroups([...topics, ...topics.map(deadLetterTopic)], groups).catch(() => {});
      await transport?.close();
      await conn?.dropDatabase().catch(() => {});
      await conn?.close();
    });

    async function newTopic(): Promise<string> {
      const topic = uniqueName('relay.events');
      await transport.ensureTopics([{ topic, partitions: 3, retentionMs: -1 }]);
      topics.push(topic);
      return topic;
    }

    it('after a crash between acknowledgement and mark, a restarted relay re-sends: every event at least once, in order per stream, applied once with dedup', async () => {
      const topic = await newTopic();
      const store = await MongoEventStore.open(conn, { collection: uniqueName('commits').replace(/-/g, '_') });
      const appended = await appendStreams(store, 'crash', 6);
      const commits = (await store.outboxStats(new Date())).backlog;

      let crashes = 0;
      const crashing = new OutboxRelay({
        service: 'applications',
        topic,
        store,
        transport,
        pollIntervalMs: 200,
        onError: () => {},
        afterPublishBeforeMark: () => {
          crashes++;
          throw new Error('process killed after the broker acknowledged');
        },
      });
      crashing.start();
      await eventually(() => crashes >= 1, {
        what: 'the relay crashed after an acknowledged publish',
        timeoutMs: 60_000,
      });
      await crashing.stop({ releaseLease: false });
      const beforeRestart = (await transport.read(topic)).map(envelopeOf);
      assert.ok(beforeRestart.length >= appended.length, 'the broker has the events');
      assert.equal((await store.outboxStats(new Date())).backlog, commits, 'yet no commit is marked');

      const restarted = new OutboxRelay({ service: 'applications', topic, store, transport, pollIntervalMs: 200 });
      restarted.start();
      await eventually(async () => (await store.outboxStats(new Date())).backlog === 0, {
        what: 'outbox empty after restart',
        timeoutMs: 60_000,
      });
      await restarted.stop();

      const onTopic = (await transport.read(topic)).map(envelopeOf);
      const ids = new Set(onTopic.map((e) => e.id));
      for (const e of appended) assert.ok(ids.has(e.id), `${e.streamId}@${e.streamVersion} is on the topic`);
      assert.ok(onTopic.length >= appended.length * 2, `duplicates were sent (${onTopic.length} messages)`);
      for (const [stream, versions] of firstSeenOrder(onTopic)) assert.ok(inOrder(versions), `${stream}: ${versions}`);

      // A consumer that deduplicates by event id (in the same MongoDB-protocol store) applies each once.
      const group = uniqueName('relay-consumer');
      groups.push(group);
      const processed = new MongoProcessedEvents(conn, uniqueName('processed').replace(/-/g, '_'));
      const applied: EventEnvelope[] = [];
      const consumer = await transport.consume({
        groupId: group,
        topics: [topic],
        handle: dedupHandler(processed, group, async (m) => {
          applied.push(envelopeOf(m));
        }),
      });
      try {
        await eventually(
          () => applied.length >= appended.length && applied.length === new Set(applied.map((e) => e.id)).size,
          {
            what: 'every event applied',
            timeoutMs: 60_000,
          },
        );
        // Wait until the group has committed the end of every partition: nothing more can arrive.
        const ends = await transport.topicOffsets(topic);
        await eventually(
          async () => {
            const committed = await transport.groupOffsets(group, topic);
            // An empty partition has nothing to commit.
            return ends.every((p) => (committed.find((c) => c.partition === p.partition)?.offset ?? p.low) === p.high);
          },
          { what: `consumer at the end of the topic ${JSON.stringify(ends)}`, timeoutMs: 60_000 },
        );
      } finally {
        await consumer.stop();
      }
      assert.equal(applied.length, appended.length, 'each event applied exactly once');
      assert.equal(new Set(applied.map((e) => e.id)).size, appended.length);
      for (const [stream, versions] of firstSeenOrder(applied)) assert.ok(inOrder(versions), `${stream}: ${versions}`);
    });

    it('two relays on one store: only the lease holder publishes; killed, the other takes over within the lease time and nothing is lost', async () => {
      const topic = await newTopic();
      const store = await MongoEventStore.open(conn, { collection: uniqueName('commits').replace(/-/g, '_') });
      const leases = await MongoLeaseStore.open(conn, { collection: uniqueName('leases').replace(/-/g, '_') });
      const lease = { store: leases, name: 'outbox-relay:applications', ttlMs: 3000, renewEveryMs: 1000 };
      const relay = (owner: string): OutboxRelay =>
        new OutboxRelay({
          service: 'applications',
          topic,
          store,
          transport,
          pollIntervalMs: 200,
          lease: { ...lease, owner },
          onError: () => {},
        });
      const first = relay('replica-1');
      const second = relay('replica-2');
      try {
        first.start();
        await eventually(() => first.active, { what: 'replica-1 holds the lease' });
        second.start();
        const early = await appendStreams(store, 'lease-a', 4);
        await eventually(async () => (await store.outboxStats(new Date())).backlog === 0, {
          what: 'published by the holder',
          timeoutMs: 60_000,
        });
        assert.equal(second.active, false);
        assert.equal((await leases.holder(lease.name, new Date())) ?? '', 'replica-1');
        assert.equal((await first.stats()).publishedEvents, early.length);
        assert.equal((await second.stats()).publishedEvents, 0, 'the standby published nothing');

        // Killed: stops renewing, never releases.
        await first.stop({ releaseLease: false });
        const killedAt = Date.now();
        const late = await appendStreams(store, 'lease-b', 3);
        assert.equal(second.active, false, 'the lease has not expired yet');
        // Lease 3 s after its last renewal (at most 1 s before the kill) + the standby's 1 s interval.
        await eventually(() => second.active, { what: 'replica-2 took over', timeoutMs: 3000 + 1000 + 2000 });
        const takeoverMs = Date.now() - killedAt;
        await eventually(async () => (await store.outboxStats(new Date())).backlog === 0, {
          what: 'published by the new holder',
          timeoutMs: 60_000,
        });
        console.log(
          `[relay lease] replica-2 took over ${takeoverMs} ms after replica-1 was killed (lease 3000 ms, renew 1000 ms)`,
        );
        assert.equal((await second.stats()).publishedEvents, late.length);
        const ids = new Set((await transport.read(topic)).map((m) => envelopeOf(m).id));
        for (const e of [...early, ...late]) assert.ok(ids.has(e.id), `${e.streamId}@${e.streamVersion} was lost`);
      } finally {
        await first.stop();
        await second.stop();
      }
    });
  },
);
