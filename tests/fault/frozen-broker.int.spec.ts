// A broker that stops answering without closing its connections (a frozen process: SIGSTOP, a long
// GC pause, a stalled VM). kafkajs' idempotent producer retries without end, so a send in flight
// then waits for as long as the broker stays frozen, and after a broker restart its producer id and
// sequence numbers can stay out of step for good: an outbox relay waiting on such a send never
// publishes again (seen once in CI: one service's outbox stuck through three faults in a row).
// The transport gives a send up after `publishTimeoutMs` and replaces its producer; the relay sends
// the batch again on its next pass. On a broker of this file's own, frozen and thawed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fromWireValue, type EventEnvelope } from '#contracts';
import { InMemoryEventStore } from '#event-sourcing';
import { OutboxRelay } from '#event-sourcing/outbox';
import { KafkaTransport, PublishTimeoutError } from '#messaging';
import { eventually, integrationInfra, kafkaClient, uniqueName } from '#testing';
import { sampleEvents } from '../../libs/event-sourcing/src/event-store.contract.js';
import { startPrivateInfra, type PrivateInfra } from './private-infra.js';

const real = await integrationInfra();
const PUBLISH_TIMEOUT_MS = 3_000;

describe('a frozen broker: a publish is given up in time and the relay sends again after', { skip: real.skip }, () => {
  let own: PrivateInfra;
  let transport: KafkaTransport;
  const topic = uniqueName('frozen.events');

  before(async () => {
    own = await startPrivateInfra();
    transport = new KafkaTransport({
      ...kafkaClient(own.infra),
      clientId: 'frozen-broker-int',
      publishTimeoutMs: PUBLISH_TIMEOUT_MS,
      log: () => {},
    });
    await transport.ensureTopics([{ topic, partitions: 3, retentionMs: -1 }]);
    // The producer connects before the freeze: the send below is one on an established connection.
    await transport.publish(topic, [{ key: 'warm', value: '{}', headers: {} }]);
  });

  after(async () => {
    own?.thaw('kafka');
    await transport?.close();
    await own?.release();
  });

  it('rejects a send to a frozen broker with PublishTimeoutError after publishTimeoutMs', async () => {
    own.freeze('kafka');
    try {
      const started = Date.now();
      // Without a deadline this send waits as long as the broker stays frozen: the guard turns that into a failure.
      const guard = new Promise<'still waiting'>((resolve) =>
        setTimeout(() => resolve('still waiting'), 20_000).unref(),
      );
      const outcome = await Promise.race([
        transport.publish(topic, [{ key: 'k', value: '{"frozen":true}', headers: {} }]).then(
          () => 'acknowledged',
          (err: unknown) => err,
        ),
        guard,
      ]);
      assert.ok(outcome instanceof PublishTimeoutError, `the send should be given up, got ${String(outcome)}`);
      assert.equal(outcome.topic, topic);
      assert.match(outcome.message, new RegExp(`${PUBLISH_TIMEOUT_MS} ms`));
      const waited = Date.now() - started;
      assert.ok(waited >= PUBLISH_TIMEOUT_MS - 50 && waited < 15_000, `given up after ${waited} ms`);
    } finally {
      own.thaw('kafka');
    }
  });

  it('lets a relay whose pass hung on the frozen broker publish every event once it answers again', async () => {
    const store = new InMemoryEventStore();
    const errors: unknown[] = [];
    const relay = new OutboxRelay({
      service: 'applications',
      store,
      transport,
      topic,
      pollIntervalMs: 200,
      onError: (err) => errors.push(err),
    });
    const streamId = uniqueName('frozen-case');
    relay.start();
    try {
      own.freeze('kafka');
      const appended: EventEnvelope[] = [];
      try {
        for (let v = 1; v <= 6; v += 2) {
          const events = sampleEvents(streamId, v, v + 1);
          await store.append(streamId, v - 1, events);
          appended.push(...events);
        }
        await eventually(() => errors.some((e) => e instanceof PublishTimeoutError), {
          timeoutMs: 20_000,
          what: 'the relay reports the send it gave up',
        });
        assert.equal((await relay.stats()).backlog, 3, 'nothing is marked published while the broker is frozen');
      } finally {
        own.thaw('kafka');
      }
      await eventually(async () => (await relay.stats()).backlog === 0, {
        timeoutMs: 60_000,
        what: 'the relay drains after the thaw',
      });
      const onTopic = (await transport.read(topic))
        .filter((m) => m.key === streamId)
        .map((m) => fromWireValue(m.value) as EventEnvelope);
      const ids = new Set(onTopic.map((e) => e.id));
      assert.deepEqual(
        appended.filter((e) => !ids.has(e.id)).map((e) => e.streamVersion),
        [],
        'every appended event is on the topic',
      );
    } finally {
      await relay.stop();
    }
  });
});
