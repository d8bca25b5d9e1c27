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
  const broken = new Set(['e2', 'e4']);
  const handle = dedupHandler(processed, 'projection', async (m: InboundMessage) => {
    const id = m.headers['event-id']!;
    if (broken.has(id)) throw new Error(`cannot apply ${id}`);
    applied.push(id);
  });
  const consumer = await transport.consume({ groupId: 'projection', topics: ['orders'], retry: RETRY, handle });
  // A second group on the same topic that fails on e4 only.
  await transport.consume({
    groupId: 'audit',
    topics: ['orders'],
    retry: RETRY,
    handle: async (m) => {
      if (m.headers['event-id'] === 'e4') throw new Error('audit cannot');
    },
  });
  await transport.publish(
    'orders',
    ['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => ({ key: `k-${id}`, value: id, headers: { 'event-id': id } })),
  );
  await eventually(async () => (await listDeadLetters(transport, 'orders')).length === 3);
  return { transport, applied, broken, consumer };
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

  it('republishes the letters of one group to the original topic; that group applies them once', async () => {
    const { transport, applied, broken } = await withDeadLetters();
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
