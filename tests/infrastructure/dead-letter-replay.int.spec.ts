// A dead-letter replay through the operations API on real Kafka (issue 13, item 7; ADR 0007): two
// consumer groups read one topic, the statistics projection (the reporting service) fails a message and
// dead-letters it; the operations service, a separate app with its own store, lists it and replays
// it; the replay reaches that group alone (it fails again: a new letter counting the replay), the other
// group's handler is not called again, and the letter shows who replayed it, when, to which group.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import mongoose from 'mongoose';
import { embeddedAuth } from '#auth';
import { deadLetterTopic, EVENT_HEADERS, retryTopic } from '#contracts';
import { configureServiceApp, strictExpressAdapter } from '#http';
import { type ConsumerHandle, KafkaTransport, listDeadLetters } from '#messaging';
import { eventually, integrationInfra, kafkaClient, realRuntime, type Json, uniqueName } from '#testing';
import { ReportingServiceModule } from '../../apps/reporting/src/reporting.module.js';
import { OperationsServiceModule } from '../../apps/operations/src/operations.module.js';

const real = await integrationInfra();
const TEST_AUTH = embeddedAuth({});
const OPERATOR = 'platform-operator';
const operator = `Bearer ${TEST_AUTH.issuer.mint({ sub: OPERATOR, roles: ['operations'], agencyId: 'zhuzhou-city' })}`;

describe('dead-letter replay to the failing consumer group (real Kafka + store)', { skip: real.skip }, () => {
  const prefix = uniqueName('dlr');
  const topic = `${prefix}.applications.events`;
  const projectionGroup = `${prefix}.statistics.g1`;
  const otherGroup = `${prefix}.audit`;
  const dbName = uniqueName('dlr').replace(/-/g, '_');
  let reporting: INestApplication;
  let operations: INestApplication;
  let transport: KafkaTransport;
  let other: ConsumerHandle;
  let base: string;
  /** How often the other group's handler was given each event id. */
  const otherSaw = new Map<string, number>();

  const http = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: operator },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  before(async () => {
    const infra = real.infra!;
    transport = new KafkaTransport({ clientId: 'dlr-int-test', ...kafkaClient(infra) });
    await transport.ensureTopics([{ topic, partitions: 3, retentionMs: -1 }]);
    const runtimeFor = (db: string) => {
      const url = new URL(infra.mongoUri);
      url.pathname = `/${db}`;
      return realRuntime(infra, url.toString());
    };
    const serve = async (module: DynamicModule, title: string): Promise<INestApplication> => {
      const app = await NestFactory.create(module, strictExpressAdapter(), {
        bodyParser: false,
        logger: ['error', 'warn'],
      });
      configureServiceApp(app, { title, bodyLimit: '1mb' });
      await app.listen(0, '127.0.0.1');
      return app;
    };
    reporting = await serve(
      ReportingServiceModule.register(runtimeFor(`${dbName}_reporting`), {
        topics: [topic],
        groupPrefix: `${prefix}.statistics`,
        retry: { maxAttempts: 2, initialBackoffMs: 50, maxBackoffMs: 100 },
        auth: TEST_AUTH.settings,
        topicPrefix: `${prefix}.`,
      }),
      'reporting',
    );
    operations = await serve(
      OperationsServiceModule.register(runtimeFor(`${dbName}_operations`), {
        topics: [topic],
        auth: TEST_AUTH.settings,
        topicPrefix: `${prefix}.`,
        serviceUrls: { reporting: await reporting.getUrl() },
      }),
      'operations',
    );
    base = await operations.getUrl();
    // A second consumer group on the same topic (an integrator, another service): it takes anything.
    other = await transport.consume({
      groupId: otherGroup,
      topics: [topic],
      handle: async (m) => {
        const id = m.headers[EVENT_HEADERS.eventId] ?? '?';
        otherSaw.set(id, (otherSaw.get(id) ?? 0) + 1);
      },
    });
  });

  after(async () => {
    await other?.stop();
    await operations?.close();
    await reporting?.close();
    await transport
      ?.deleteTopicsAndGroups([topic, deadLetterTopic(topic)], [projectionGroup, otherGroup])
      .catch(() => {});
    await transport?.close();
    for (const db of [`${dbName}_reporting`, `${dbName}_operations`]) {
      const connection = await mongoose.createConnection(real.infra!.mongoUri, { dbName: db }).asPromise();
      await connection.dropDatabase().catch(() => {});
      await connection.close();
    }
  });

  it('replays a letter to the group that failed it only, and the letter shows the replay', async () => {
    const key = 'case-unreadable';
    // Not an event envelope: the projection can never read it, the other group takes it.
    await transport.publish(topic, [{ key, value: '{not json', headers: { [EVENT_HEADERS.eventId]: 'bad-1' } }]);
    const listed = await eventually(
      async () => {
        const { body } = await http('GET', '/operations/api/dead-letters');
        return (body as Json[]).find((t) => t.topic === topic)?.letters[0] as Json;
      },
      { what: 'the letter listed by the operations API', timeoutMs: 60_000 },
    );
    assert.equal(listed.consumerGroup, projectionGroup);
    assert.equal(listed.handled, null);
    await eventually(() => otherSaw.get('bad-1') === 1, { what: 'the other group read it', timeoutMs: 60_000 });

    const at = `${encodeURIComponent(topic)}/${listed.at.partition}/${listed.at.offset}`;
    const replayed = await http('POST', `/operations/api/dead-letters/${at}/replay`, {
      reason: 'the reader was fixed; try again',
    });
    assert.ok(replayed.status === 200 || replayed.status === 201, JSON.stringify(replayed.body));
    const expectedHandling = {
      outcome: 'replayed',
      by: OPERATOR,
      consumerGroup: projectionGroup,
      retryTopic: retryTopic(topic, projectionGroup),
    };
    assert.deepEqual({ ...replayed.body.letter.handled, at: undefined }, { ...expectedHandling, at: undefined });

    // The projection group read the replay — and, the message being as unreadable as before, gave up
    // on it again: a new letter, for the same group, counting the replay.
    const again = await eventually(async () => (await listDeadLetters(transport, topic)).find((l) => l.replays === 1), {
      what: 'the replay dead-lettered again by the projection group',
      timeoutMs: 60_000,
    });
    assert.equal(again.consumerGroup, projectionGroup);
    assert.equal(again.message.topic, topic);
    assert.equal(again.message.offset, listed.originalOffset, 'the replay came as the original message');
    assert.equal((await listDeadLetters(transport, topic)).length, 2, 'the other group dead-lettered nothing');

    // The other group was not handed it again: a message published later under the same key (the
    // same partition, after any copy published there) reaches it, and bad-1 still counts once.
    await transport.publish(topic, [{ key, value: '{}', headers: { [EVENT_HEADERS.eventId]: 'later-1' } }]);
    await eventually(() => otherSaw.get('later-1') === 1, { what: 'the other group read the later message' });
    assert.equal(otherSaw.get('bad-1'), 1);

    // The letter records the replay: who, when, to which group.
    const letter = await http('GET', `/operations/api/dead-letters/${at}`);
    assert.equal(letter.status, 200);
    assert.deepEqual({ ...letter.body.handled, at: undefined }, { ...expectedHandling, at: undefined });
    assert.ok(!Number.isNaN(Date.parse(letter.body.handled.at)), 'when, as an instant');
    const actions = await http('GET', `/operations/api/dead-letters/${encodeURIComponent(topic)}/actions`);
    assert.deepEqual(
      (actions.body as Json[]).map((a) => [a.type, a.actor, a.consumerGroup]),
      [['operations.DeadLetterReplayed', OPERATOR, projectionGroup]],
    );
  });
});
