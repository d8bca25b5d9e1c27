import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryProcessedEvents, MissingEventIdError, dedupHandler } from './dedup.js';
import { type InboundMessage } from './transport.js';

const msg = (eventId: string | undefined, offset = 0): InboundMessage => ({
  topic: 't',
  partition: 0,
  offset: String(offset),
  key: 'k',
  value: '{}',
  headers: eventId === undefined ? {} : { 'event-id': eventId },
});

describe('dedupHandler', () => {
  it('applies each event id once per group, whatever the redeliveries', async () => {
    const processed = new InMemoryProcessedEvents();
    const applied: string[] = [];
    const handle = dedupHandler(processed, 'g1', async (m) => void applied.push(m.headers['event-id']!));
    for (const id of ['a', 'b', 'a', 'c', 'b', 'a']) await handle(msg(id));
    assert.deepEqual(applied, ['a', 'b', 'c']);
    // Another group keeps its own record.
    const other: string[] = [];
    await dedupHandler(processed, 'g2', async (m) => void other.push(m.headers['event-id']!))(msg('a'));
    assert.deepEqual(other, ['a']);
  });

  it('does not mark an event whose handling failed, so the retry applies it', async () => {
    const processed = new InMemoryProcessedEvents();
    let fail = true;
    const applied: string[] = [];
    const handle = dedupHandler(processed, 'g', async (m) => {
      if (fail) throw new Error('store down');
      applied.push(m.headers['event-id']!);
    });
    await assert.rejects(handle(msg('x')));
    fail = false;
    await handle(msg('x'));
    assert.deepEqual(applied, ['x']);
    assert.equal(await processed.mark('g', 'x'), false);
  });

  it('refuses a message without an event id', async () => {
    const handle = dedupHandler(new InMemoryProcessedEvents(), 'g', async () => {});
    await assert.rejects(handle(msg(undefined)), MissingEventIdError);
  });
});
