import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEAD_LETTER_HEADERS, type DeliveryContext, backoffMs, deliver, validateRetryPolicy } from './delivery.js';
import { type InboundMessage, type OutgoingMessage } from './transport.js';

const message: InboundMessage = {
  topic: 'applications.events',
  partition: 2,
  offset: '41',
  key: 'req-1',
  value: '{"id":"e-1"}',
  headers: { 'event-id': 'e-1' },
};

function context(overrides: Partial<DeliveryContext>) {
  const published: Array<{ topic: string; messages: readonly OutgoingMessage[] }> = [];
  const waits: number[] = [];
  const ctx: DeliveryContext = {
    groupId: 'reporting.projection',
    handle: async () => {},
    retry: { maxAttempts: 4, initialBackoffMs: 100, maxBackoffMs: 250 },
    retryable: () => true,
    wait: async (ms) => {
      waits.push(ms);
      return true;
    },
    active: () => true,
    publish: async (topic, messages) => void published.push({ topic, messages }),
    now: () => new Date('2025-03-01T08:00:00.000Z'),
    ...overrides,
  };
  return { ctx, published, waits };
}

describe('delivery', () => {
  it('doubles the backoff after each failure up to the cap', () => {
    const policy = { maxAttempts: 10, initialBackoffMs: 100, maxBackoffMs: 1000 };
    const waits = [1, 2, 3, 4, 5, 6].map((n) => backoffMs(policy, n));
    assert.deepEqual(waits, [100, 200, 400, 800, 1000, 1000]);
  });

  it('rejects a policy without attempts or with a cap below the start', () => {
    assert.throws(() => validateRetryPolicy({ maxAttempts: 0, initialBackoffMs: 1, maxBackoffMs: 1 }), RangeError);
    assert.throws(() => validateRetryPolicy({ maxAttempts: 1, initialBackoffMs: 10, maxBackoffMs: 1 }), RangeError);
  });

  it('retries until the handler succeeds', async () => {
    let calls = 0;
    const { ctx, published, waits } = context({
      handle: async () => {
        if (++calls < 3) throw new Error('not yet');
      },
    });
    assert.deepEqual(await deliver(message, ctx), { outcome: 'handled', attempts: 3 });
    assert.deepEqual(waits, [100, 200]);
    assert.deepEqual(published, []);
  });

  it('dead-letters after maxAttempts with the original coordinates and the error in headers', async () => {
    let calls = 0;
    const failure = new TypeError('cannot read agencyId');
    const { ctx, published, waits } = context({
      handle: async () => {
        calls++;
        throw failure;
      },
    });
    const d = await deliver(message, ctx);
    assert.equal(d.outcome, 'dead-lettered');
    assert.equal(calls, 4);
    assert.deepEqual(waits, [100, 200, 250]);
    assert.equal(published.length, 1);
    assert.equal(published[0]!.topic, 'applications.events.dlq');
    const [letter] = published[0]!.messages;
    assert.equal(letter!.key, message.key);
    assert.equal(letter!.value, message.value);
    assert.deepEqual(letter!.headers, {
      'event-id': 'e-1',
      [DEAD_LETTER_HEADERS.originalTopic]: 'applications.events',
      [DEAD_LETTER_HEADERS.originalPartition]: '2',
      [DEAD_LETTER_HEADERS.originalOffset]: '41',
      [DEAD_LETTER_HEADERS.originalKey]: 'req-1',
      [DEAD_LETTER_HEADERS.consumerGroup]: 'reporting.projection',
      [DEAD_LETTER_HEADERS.errorName]: 'TypeError',
      [DEAD_LETTER_HEADERS.errorMessage]: 'cannot read agencyId',
      [DEAD_LETTER_HEADERS.attempts]: '4',
      [DEAD_LETTER_HEADERS.failedAt]: '2025-03-01T08:00:00.000Z',
    });
  });

  it('dead-letters at once an error that is not retryable', async () => {
    const { ctx, published, waits } = context({
      handle: async () => void JSON.parse('{'),
      retryable: (e) => !(e instanceof SyntaxError),
    });
    const d = await deliver(message, ctx);
    assert.deepEqual([d.outcome, 'attempts' in d ? d.attempts : 0], ['dead-lettered', 1]);
    assert.deepEqual(waits, []);
    assert.equal(published[0]!.messages[0]!.headers[DEAD_LETTER_HEADERS.errorName], 'SyntaxError');
  });

  it('gives the message back uncommitted when the consumer stops during a backoff', async () => {
    const { ctx, published } = context({
      handle: async () => {
        throw new Error('down');
      },
      wait: async () => false,
    });
    assert.deepEqual(await deliver(message, ctx), { outcome: 'interrupted' });
    assert.deepEqual(published, []);
  });

  it('fails (so nothing is committed) when the dead letter cannot be published', async () => {
    const { ctx } = context({
      retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
      handle: async () => {
        throw new Error('poison');
      },
      publish: async () => {
        throw new Error('broker unavailable');
      },
    });
    await assert.rejects(deliver(message, ctx), /broker unavailable/);
  });
});
