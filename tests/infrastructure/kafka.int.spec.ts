// Proves the broker is a real Kafka: a 3-partition topic, keyed messages, a consumer group that
// commits offsets, and a restarted consumer that resumes after the last committed offset.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel, type Consumer, type EachMessagePayload } from 'kafkajs';
import { eventually, integrationInfra, kafkaClient, uniqueName } from '#testing';

const real = await integrationInfra();

describe(`real Kafka (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  const topic = uniqueName('smoke.events');
  const groupId = uniqueName('smoke-group');
  let kafka: Kafka;

  before(async () => {
    kafka = new Kafka({ clientId: 'smoke', ...kafkaClient(real.infra!), logLevel: logLevel.WARN });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    assert.equal(meta?.partitions.length, 3);
    await admin.disconnect();
  });

  async function produce(from: number, to: number): Promise<void> {
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const messages = [];
    for (let i = from; i < to; i++) messages.push({ key: `case-${i % 7}`, value: String(i) });
    await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();
  }

  /** Consumes until `count` messages were seen, committing each, then stops. */
  async function consume(count: number): Promise<EachMessagePayload[]> {
    const seen: EachMessagePayload[] = [];
    const consumer: Consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async (payload) => {
        seen.push(payload);
        const { partition, message } = payload;
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
    await eventually(() => seen.length >= count, { what: `${count} messages consumed`, timeoutMs: 60_000 });
    await consumer.disconnect();
    return seen;
  }

  it('keeps one key on one partition, in order, across a consumer restart from the committed offset', async () => {
    await produce(0, 30);
    const first = await consume(30);
    assert.equal(first.length, 30);

    // Same key → same partition, in production order.
    const partitionsByKey = new Map<string, Set<number>>();
    for (const { partition, message } of first) {
      const key = message.key!.toString();
      partitionsByKey.set(key, (partitionsByKey.get(key) ?? new Set()).add(partition));
    }
    for (const [key, partitions] of partitionsByKey) assert.equal(partitions.size, 1, `key ${key} on one partition`);
    const usedPartitions = new Set(first.map((p) => p.partition));
    assert.ok(usedPartitions.size > 1, 'keys spread over more than one partition');

    // A restarted consumer in the same group resumes after what was committed: only new messages.
    await produce(30, 40);
    const second = await consume(10);
    const values = second.map((p) => Number(p.message.value!.toString())).sort((a, b) => a - b);
    assert.deepEqual(values, [30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
  });

  after(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });
});
