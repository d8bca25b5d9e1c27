import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadLetterTopic } from '#contracts';
import { eventually } from '#testing';
import { listDeadLetters, parseDeadLetter, replayDeadLetters, republishDeadLetters } from './dead-letters.js';
import { InMemoryProcessedEvents, dedupHandler } from './dedup.js';
import { InMemoryTransport } from './in-memory-transport.js';
import { type InboundMessage } from './transport.js';

const RETRY = { maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 1 };

async function withDeadLetters() {
  const transport = new InMemoryTransport();
  await transport.ensureTopics([{ topic: 'orders', partitions: 2 }]);
  const processed = new InMemoryProcessedEvents();
  const applied: string[] = [];
  /** Every message the projection's handler was given, as it was given. */
  const seen: InboundMessage[] = [];
  const broken = new Set(['e2', 'e4']);
  const handle = dedupHandler(processed, 'projection', async (m: InboundMessage) => {
    seen.push(m);
    const id = m.headers['event-id']!;
    if (broken.has(id)) throw new Error(`cannot apply ${id}`);
    applied.push(id);
  });
  /** How often the audit group's handler was called, per event id. */
  const audited = new Map<string, number>();
  const consumer = await transport.consume({ groupId: 'projection', topics: ['orders'], retry: RETRY, handle });
  // A second group on the same topic that fails on e4 only.
  await transport.consume({
    groupId: 'audit',
    topics: ['orders'],
    retry: RETRY,
    handle: async (m) => {
      const id = m.headers['event-id']!;
      audited.set(id, (audited.get(id) ?? 0) + 1);
      if (id === 'e4') throw new Error('audit cannot');
    },
  });
  await transport.publish(
    'orders',
    ['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => ({ key: `k-${id}`, value: id, headers: { 'event-id': id } })),
  );
  await eventually(async () => (await listDeadLetters(transport, 'orders')).length === 3);
  return { transport, applied, seen, broken, consumer, audited };
}

describe('dead letters', () => {
  it('lists letters, by consumer group if asked', async () => {
    const { transport } = await withDeadLetters();
    const all = await listDeadLetters(transport, 'orders');
    assert.deepEqual(all.map((l) => [l.consumerGroup, l.message.headers['event-id']]).sort(), [
      ['audit', 'e4'],
      ['projection', 'e2'],
      ['projection', 'e4'],
    ]);
    const mine = await listDeadLetters(transport, 'orders', { consumerGroup: 'audit' });
    assert.deepEqual(
      mine.map((l) => l.message.headers['event-id']),
      ['e4'],
    );
    await transport.close();
  });

  it('replays the letters of one group to that group alone, as the original messages; it applies them once', async () => {
    const { transport, applied, seen, broken, audited } = await withDeadLetters();
    const auditedBefore = new Map(audited);
    const originals = new Map(seen.map((m) => [m.headers['event-id'], m]));
    broken.clear();
    const report = await republishDeadLetters({
      transport,
      topic: 'orders',
      replayGroup: 'projection.replay',
      select: (l) => l.consumerGroup === 'projection',
    });
    assert.equal(report.replayed.length, 2);
    assert.equal(report.skipped.length, 1);
    await eventually(() => applied.includes('e2') && applied.includes('e4'));
    assert.deepEqual([...applied].sort(), ['e1', 'e2', 'e3', 'e4', 'e5']);
    // The replays reached the handler as the messages it had failed on, counted as replays.
    const replays = seen.filter((m) => m.headers['dlq-replays'] === '1');
    assert.deepEqual(replays.map((m) => m.headers['event-id']).sort(), ['e2', 'e4']);
    for (const m of replays) {
      const original = originals.get(m.headers['event-id'])!;
      assert.deepEqual(
        [m.topic, m.partition, m.offset, m.key, m.value],
        [original.topic, original.partition, original.offset, original.key, original.value],
      );
      assert.equal(m.headers['retry-consumer-group'], undefined, 'the retry headers are the transport’s');
    }
    // The other group on the topic was not handed them again: after a message published later with
    // the same key (the same partition: it would come after a replay published there) it still has
    // each message as often as before.
    await transport.publish('orders', [
      { key: 'k-e2', value: 'e6', headers: { 'event-id': 'e6' } },
      { key: 'k-e4', value: 'e7', headers: { 'event-id': 'e7' } },
    ]);
    await eventually(() => audited.get('e6') === 1 && audited.get('e7') === 1);
    audited.delete('e6');
    audited.delete('e7');
    assert.deepEqual(audited, auditedBefore);
    assert.deepEqual(
      (await listDeadLetters(transport, 'orders', { consumerGroup: 'audit' })).length,
      1,
      'the audit group dead-lettered nothing new',
    );
    // A second run has nothing new to send.
    const again = await republishDeadLetters({ transport, topic: 'orders', replayGroup: 'projection.replay' });
    assert.deepEqual([again.replayed.length, again.skipped.length, again.failed.length], [0, 0, 0]);
    await transport.close();
  });

  it('puts a letter that fails again back at the end of the dead-letter topic, counting replays', async () => {
    const { transport } = await withDeadLetters();
    const before = Number((await transport.topicOffsets(deadLetterTopic('orders')))[0]!.high);
    const report = await replayDeadLetters({
      transport,
      topic: 'orders',
      replayGroup: 'r',
      retry: { maxAttempts: 2, initialBackoffMs: 0, maxBackoffMs: 0 },
      select: (l) => l.consumerGroup === 'audit',
      handle: async () => {
        throw new Error('still broken');
      },
    });
    assert.equal(report.failed.length, 1);
    const letters = await transport.read(deadLetterTopic('orders'));
    assert.equal(letters.length, before + 1);
    const again = parseDeadLetter(letters.at(-1)!);
    assert.equal(again.replays, 1);
    assert.equal(again.error.message, 'still broken');
    assert.equal(again.message.headers['event-id'], 'e4');
    assert.equal(again.consumerGroup, 'audit');
    await transport.close();
  });

  it('refuses to parse a message that is not a dead letter', () => {
    assert.throws(
      () => parseDeadLetter({ topic: 'x', partition: 0, offset: '0', key: null, value: null, headers: {} }),
      /not a dead letter/,
    );
  });
});
