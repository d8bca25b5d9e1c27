import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ContractRegistry, ContractViolation, defineEvent } from './registry.js';
import { fromWireValue, toWireMessage, EVENT_HEADERS } from './wire.js';
import { type EventEnvelope } from './envelope.js';

// A test-only contract with a history: v1 carried `date` as "YYYY-MM-DD"; v2 renamed it
// `receiptDate` and added the channel, defaulting old events to 'other'.
const received = defineEvent({
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

const envelope = (over: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a11',
  type: 'sample.ThingReceived',
  schemaVersion: 2,
  streamId: 'thing-1',
  streamVersion: 1,
  agencyId: 'zhuzhou-city',
  occurredAt: '2009-03-02T00:00:00+08:00',
  recordedAt: '2009-03-03T09:15:00.000Z',
  correlationId: 'c-1',
  causationId: 'c-1',
  actor: 'clerk-7',
  data: { receiptDate: '2009-03-02', channel: 'email' },
  ...over,
});

describe('ContractRegistry', () => {
  const registry = new ContractRegistry([received]);

  it('reads an event stored as version 1 as version 2 through its upcaster', () => {
    const v1 = envelope({ schemaVersion: 1, data: { date: '2009-05-06' } });
    const read = registry.read(v1);
    assert.equal(read.schemaVersion, 2);
    assert.deepEqual(read.data, { receiptDate: '2009-05-06', channel: 'other' });
  });

  it('names the field and the rule when data breaks the schema', () => {
    assert.throws(
      () => registry.validateData('sample.ThingReceived', { receiptDate: '2009-13-45', channel: 'fax' }),
      (err: unknown) =>
        err instanceof ContractViolation &&
        err.issues.some((i) => i.path === 'data.receiptDate') &&
        err.issues.some((i) => i.path === 'data.channel'),
    );
  });

  it('rejects unknown types, versions newer than known, and broken envelopes', () => {
    assert.throws(() => registry.read(envelope({ type: 'sample.Unknown' })), /unknown event type/);
    assert.throws(() => registry.read(envelope({ schemaVersion: 3 })), /newer than this reader knows/);
    assert.throws(() => registry.read({ ...envelope(), id: 'not-a-uuid' }), /id/);
  });

  it('refuses a contract whose versions do not run 1..n', () => {
    assert.throws(() => defineEvent({ ...received, history: [] }), /versions must run/);
  });
});

describe('wire mapping', () => {
  it('keys by stream id and carries type, version, correlation, causation and agency in headers', () => {
    const e = envelope();
    const msg = toWireMessage(e);
    assert.equal(msg.key, 'thing-1');
    assert.equal(msg.headers[EVENT_HEADERS.type], 'sample.ThingReceived');
    assert.equal(msg.headers[EVENT_HEADERS.schemaVersion], '2');
    assert.equal(msg.headers[EVENT_HEADERS.correlationId], 'c-1');
    assert.equal(msg.headers[EVENT_HEADERS.causationId], 'c-1');
    assert.equal(msg.headers[EVENT_HEADERS.agencyId], 'zhuzhou-city');
    assert.deepEqual(fromWireValue(Buffer.from(msg.value)), e);
  });
});
