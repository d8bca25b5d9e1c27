// Real mode: two services' modules in one Nest app, each with its own MongoDB database and Kafka
// client. A command in one reaches the other's subscription through the outbox relay and Kafka; the
// event topics are provisioned at start; shutdown stops and closes everything.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Inject, Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Connection } from 'mongoose';
import { z } from 'zod';
import { ContractRegistry, defineEvent, type EventEnvelope } from '#contracts';
import { KafkaTransport, type MessageTransport } from '#messaging';
import { eventually, integrationInfra, kafkaClient, realRuntime, uniqueName, type Infra } from '#testing';
import { type Decider } from '../decider.js';
import { type DocumentCollections } from '../read-model/document-collection.js';
import { type EventStore } from '../event-store.js';
import { MongoEventStore } from '../mongo/mongo-event-store.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { CommandRunner } from './command-runner.js';
import { EventSourcingModule } from './event-sourcing.module.js';
import { EventSubscriptions } from './event-subscriptions.js';
import { DOCUMENTS, EVENT_STORE, MESSAGE_TRANSPORT, MONGO_CONNECTION } from './tokens.js';

const real = await integrationInfra();

const noted = defineEvent({
  type: 'applications.NoteTaken',
  schemaVersion: 1,
  description: 'test only',
  schema: z.strictObject({ text: z.string().min(1) }),
  example: { text: 'x' },
});
const contracts = [noted];
type NoteEvent = { type: 'NoteTaken'; data: { text: string } };
const noteStream = {
  service: 'applications' as const,
  decider: {
    initialState: { count: 0 },
    decide: (c: { text: string }) => [{ type: 'NoteTaken', data: { text: c.text } }],
    evolve: (s: { count: number }) => ({ count: s.count + 1 }),
  } satisfies Decider<{ text: string }, NoteEvent, { count: number }>,
  registry: new ContractRegistry(contracts),
  agencyOf: () => 'zhuzhou-city',
};

const withDatabase = (uri: string, db: string): string => {
  const url = new URL(uri);
  url.pathname = `/${db}`;
  return url.toString();
};

const topicPrefix = `${uniqueName('k1')}.`;
const group = uniqueName('reporting.notes');
const databases = {
  applications: uniqueName('es_apps').replace(/-/g, '_'),
  reporting: uniqueName('es_rep').replace(/-/g, '_'),
};

function appModule(infra: Infra) {
  const runtime = (db: string) => realRuntime(infra, withDatabase(infra.mongoUri, db));
  const relay = { pollIntervalMs: 200, leaseTtlMs: 3000, leaseRenewEveryMs: 1000 };

  @Injectable()
  class Notes {
    constructor(
      @Inject(CommandRunner) readonly runner: CommandRunner,
      @Inject(EVENT_STORE) readonly store: EventStore,
      @Inject(DOCUMENTS) readonly documents: DocumentCollections,
      @Inject(OutboxRelay) readonly relay: OutboxRelay,
      @Inject(MESSAGE_TRANSPORT) readonly transport: MessageTransport,
      @Inject(MONGO_CONNECTION) readonly connection: Connection,
    ) {}
  }

  @Injectable()
  class NoteCounter {
    readonly seen: EventEnvelope[] = [];
    constructor(
      @Inject(EventSubscriptions) subscriptions: EventSubscriptions,
      @Inject(MONGO_CONNECTION) readonly connection: Connection,
      @Inject(MESSAGE_TRANSPORT) readonly transport: MessageTransport,
    ) {
      void subscriptions.subscribe({
        groupId: group,
        topics: ['applications.events'],
        dedup: true,
        handle: async (event) => {
          this.seen.push(event);
        },
      });
    }
  }

  @Module({
    imports: [
      EventSourcingModule.forService({
        service: 'applications',
        contracts,
        runtime: runtime(databases.applications),
        relay,
        topicPrefix,
      }),
    ],
    providers: [Notes],
  })
  class ApplicationsModule {}

  @Module({
    imports: [
      EventSourcingModule.forService({
        service: 'reporting',
        contracts,
        runtime: runtime(databases.reporting),
        relay,
        topicPrefix,
      }),
    ],
    providers: [NoteCounter],
  })
  class ReportingModule {}

  @Module({ imports: [ApplicationsModule, ReportingModule] })
  class RealAppModule {}

  return { RealAppModule, Notes, NoteCounter };
}

describe(`EventSourcingModule, real mode (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  let app: INestApplicationContext | undefined;

  after(async () => {
    await app?.close();
    const admin = new KafkaTransport({ ...kafkaClient(real.infra!), clientId: 'k1-cleanup' });
    const topics = ['applications', 'reporting'].flatMap((s) => [
      `${topicPrefix}${s}.events`,
      `${topicPrefix}${s}.events.dlq`,
    ]);
    await admin.deleteTopicsAndGroups(topics, [group]).catch(() => {});
    await admin.close();
  });

  it('publishes a command’s events through the relay and Kafka to another service’s subscription, each service on its own database', async () => {
    const { RealAppModule, Notes, NoteCounter } = appModule(real.infra!);
    app = await NestFactory.createApplicationContext(RealAppModule, { logger: ['error', 'warn'] });
    const notes = app.get(Notes);
    const counter = app.get(NoteCounter);
    assert.ok(notes.store instanceof MongoEventStore);
    assert.equal(notes.connection.db?.databaseName, databases.applications);
    assert.equal(counter.connection.db?.databaseName, databases.reporting);
    assert.notEqual(notes.transport, counter.transport, 'each service has its own Kafka client');

    // Provisioned at start: the service's topic and its dead letters, 3 partitions each.
    for (const topic of [`${topicPrefix}applications.events`, `${topicPrefix}applications.events.dlq`]) {
      assert.equal((await notes.transport.topicOffsets(topic)).length, 3, topic);
    }

    const ctx = {
      now: new Date(),
      actor: 'clerk-7',
      correlationId: 'corr-real',
      newId: (() => {
        let n = 0;
        return () => `0190f5c2-7b1e-7cc0-8a41-${(++n).toString(16).padStart(12, '0')}`;
      })(),
    };
    await notes.runner.run(noteStream, 'note-real-1', { text: 'first' }, ctx);
    await notes.runner.run(noteStream, 'note-real-1', { text: 'second' }, ctx);
    await eventually(() => notes.relay.active, { what: 'the relay holds its lease', timeoutMs: 10_000 });
    await eventually(() => counter.seen.length === 2, {
      what: 'reporting saw both events over Kafka',
      timeoutMs: 60_000,
    });
    assert.deepEqual(
      counter.seen.map((e) => [e.streamId, e.streamVersion, e.data]),
      [
        ['note-real-1', 1, { text: 'first' }],
        ['note-real-1', 2, { text: 'second' }],
      ],
    );
    // The relay marks a batch after the broker acknowledged it: the consumer may see it first.
    await eventually(async () => (await notes.relay.stats()).backlog === 0, { what: 'the outbox drained' });

    const list = notes.documents.collection<{ text: string }>('note_list');
    await list.put('note-real-1', { text: 'second' });
    assert.deepEqual(await list.get('note-real-1'), { text: 'second' });

    const connections = [notes.connection, counter.connection];
    await notes.connection.dropDatabase();
    await counter.connection.dropDatabase();
    await app.close();
    app = undefined;
    assert.deepEqual(
      connections.map((c) => c.readyState),
      [0, 0],
      'connections closed on shutdown',
    );
  });
});
