import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EVENT_HEADERS } from '#contracts';
import { eventually } from '#testing';
import { InMemoryProcessedEvents } from './dedup.js';
import { InMemoryTransport } from './in-memory-transport.js';
import { InMemoryAppliedLog, startDoomedConsumer } from './testing/doomed-consumer.js';
import { type TransportContractFixture, transportContract } from './transport.contract.js';
import { UnknownTopicError } from './transport.js';

describe('InMemoryTransport — transport contract', () => {
  let fixture: TransportContractFixture;
  let n = 0;
  before(() => {
    const transport = new InMemoryTransport();
    const processed = new InMemoryProcessedEvents();
    fixture = {
      transport,
      retry: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 4 },
      topic: async (partitions) => {
        const topic = `topic-${++n}`;
        await transport.ensureTopics([{ topic, partitions }]);
        return topic;
      },
      group: () => `group-${++n}`,
      processed: () => processed,
      appliedLog: () => new InMemoryAppliedLog(),
      startDoomed: async (scenario, log) => {
        let blocked!: () => void;
        const isBlocked = new Promise<void>((r) => (blocked = r));
        const handle = await startDoomedConsumer(transport, processed, log, scenario, blocked);
        return {
          blocked: isBlocked,
          kill: async () => (handle as unknown as { kill(): void }).kill(),
        };
      },
      timeoutMs: 5_000,
    };
  });
  after(() => fixture.transport.close());
  transportContract(() => fixture);
});

describe('InMemoryTransport', () => {
  it('refuses unknown topics unless told to create them, like the project brokers', async () => {
    const strict = new InMemoryTransport();
    await assert.rejects(strict.publish('nope', [{ key: 'k', value: 'v', headers: {} }]), UnknownTopicError);
    await assert.rejects(strict.consume({ groupId: 'g', topics: ['nope'], handle: async () => {} }), UnknownTopicError);
    const lenient = new InMemoryTransport({ autoCreateTopics: true, defaultPartitions: 5 });
    await lenient.publish('yes', [{ key: 'k', value: 'v', headers: {} }]);
    assert.equal((await lenient.topicOffsets('yes')).length, 5);
  });

  it('ensureTopics is idempotent and leaves an existing topic as it is', async () => {
    const t = new InMemoryTransport();
    await t.ensureTopics([{ topic: 'a', partitions: 2 }]);
    await t.publish('a', [{ key: 'k', value: 'v', headers: {} }]);
    await t.ensureTopics([{ topic: 'a', partitions: 6 }]);
    const offsets = await t.topicOffsets('a');
    assert.equal(offsets.length, 2);
    assert.equal(
      offsets.reduce((s, o) => s + Number(o.high), 0),
      1,
    );
  });

  it('a group that starts at the end (fromBeginning false) sees only what comes after', async () => {
    const t = new InMemoryTransport();
    await t.ensureTopics([{ topic: 'late', partitions: 2 }]);
    await t.publish('late', [
      { key: 'a', value: 'old-a', headers: {} },
      { key: 'b', value: 'old-b', headers: {} },
    ]);
    const seen: string[] = [];
    await t.consume({
      groupId: 'g',
      topics: ['late'],
      fromBeginning: false,
      handle: async (m) => void seen.push(m.value ?? ''),
    });
    await t.publish('late', [{ key: 'a', value: 'new', headers: {} }]);
    await eventually(() => seen.includes('new'));
    await t.close();
    assert.deepEqual(seen, ['new']);
  });

  it('refuses to move the offsets of a group with running members', async () => {
    const t = new InMemoryTransport();
    await t.ensureTopics([{ topic: 'x', partitions: 1 }]);
    const c = await t.consume({ groupId: 'busy', topics: ['x'], handle: async () => {} });
    await assert.rejects(t.commitOffsets('busy', 'x', [{ partition: 0, offset: '0' }]), /running members/);
    await c.stop();
    await t.commitOffsets('busy', 'x', [{ partition: 0, offset: '0' }]);
    assert.deepEqual(await t.groupOffsets('busy', 'x'), [{ partition: 0, offset: '0' }]);
    await t.close();
  });

  it('reset() forgets topics and groups; close() leaves no timer behind', async () => {
    const t = new InMemoryTransport();
    await t.ensureTopics([{ topic: 'r', partitions: 1 }]);
    // A handler that always fails keeps a backoff timer pending; close must cancel it.
    await t.consume({
      groupId: 'g',
      topics: ['r'],
      retry: { maxAttempts: 10, initialBackoffMs: 60_000, maxBackoffMs: 60_000 },
      handle: async () => {
        throw new Error('always');
      },
    });
    await t.publish('r', [{ key: 'k', value: 'v', headers: { [EVENT_HEADERS.eventId]: 'e' } }]);
    await t.close();
    const fresh = new InMemoryTransport();
    await fresh.ensureTopics([{ topic: 'r', partitions: 1 }]);
    fresh.reset();
    await assert.rejects(fresh.topicOffsets('r'), UnknownTopicError);
  });
});
