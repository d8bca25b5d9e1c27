import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_HEADERS } from '#contracts';
import { InMemoryTransport, type InboundMessage } from '#messaging';
import { eventually } from '#testing';
import {
  acceptedCorrelationId,
  correlatedHandler,
  currentCorrelationId,
  newCorrelationId,
  withCorrelation,
} from './correlation.js';

describe('correlation context', () => {
  it('is readable through awaits and timers inside withCorrelation, and absent outside', async () => {
    assert.equal(currentCorrelationId(), undefined);
    const seen = await withCorrelation('corr-1', async () => {
      await Promise.resolve();
      const inTimer = await new Promise<string | undefined>((resolve) =>
        setImmediate(() => resolve(currentCorrelationId())),
      );
      const nested = withCorrelation('corr-2', () => currentCorrelationId());
      return [currentCorrelationId(), inTimer, nested, currentCorrelationId()];
    });
    assert.deepEqual(seen, ['corr-1', 'corr-1', 'corr-2', 'corr-1']);
    assert.equal(currentCorrelationId(), undefined);
  });

  it('accepts only ids of the command protocol’s shape', () => {
    assert.equal(acceptedCorrelationId('req-2009.03:01_a'), 'req-2009.03:01_a');
    assert.equal(acceptedCorrelationId(['first', 'second']), 'first');
    for (const bad of [undefined, '', 'a b', 'x'.repeat(201), 'line\nbreak', '{"$gt":""}']) {
      assert.equal(acceptedCorrelationId(bad), undefined, String(bad));
    }
    const id = newCorrelationId();
    assert.equal(acceptedCorrelationId(id), id);
    assert.notEqual(newCorrelationId(), id);
  });
});

describe('correlatedHandler', () => {
  it('runs each consumed message under the correlation id of its headers', async () => {
    const transport = new InMemoryTransport();
    await transport.ensureTopics([{ topic: 'applications.events', partitions: 1 }]);
    const seen: Array<[string | null, string | undefined]> = [];
    const consumer = await transport.consume({
      groupId: 'reporting.statistics',
      topics: ['applications.events'],
      handle: correlatedHandler(async (m: InboundMessage) => {
        await Promise.resolve();
        seen.push([m.key, currentCorrelationId()]);
      }),
    });
    await transport.publish('applications.events', [
      { key: 'a', value: '{}', headers: { [EVENT_HEADERS.correlationId]: 'corr-from-http' } },
      { key: 'b', value: '{}', headers: {} },
    ]);
    await eventually(() => seen.length === 2, { what: 'both messages handled' });
    await consumer.stop();
    await transport.close();
    assert.deepEqual(seen[0], ['a', 'corr-from-http']);
    // No id in the message: a new one, so the handler's log lines still belong together.
    assert.equal(seen[1]![0], 'b');
    assert.ok(acceptedCorrelationId(seen[1]![1]));
  });
});
