// Integration tier (ADR 0011): it boots a Nest application and waits for the relay and the
// subscriptions on the wall clock. Its adapters are the in-memory ones, so it needs no broker or store
// of its own.
// Two services' modules in one Nest app, embedded mode: each has its own store and documents, they
// share one transport, a command in one reaches the other's subscription through the relay, and a
// message that breaks its contract is dead-lettered without blocking the ones after it.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Inject, Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { ContractRegistry, deadLetterTopic, defineEvent, toWireMessage, type EventEnvelope } from '#contracts';
import { type InMemoryTransport, type MessageTransport } from '#messaging';
import { eventually } from '#testing';
import { type Decider } from '../decider.js';
import { type DocumentCollections } from '../read-model/document-collection.js';
import { type EventStore } from '../event-store.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { CommandRunner } from './command-runner.js';
import { resetEmbeddedTransport } from './embedded.js';
import { EventSourcingModule } from './event-sourcing.module.js';
import { EventSubscriptions } from './event-subscriptions.js';
import { DOCUMENTS, EVENT_STORE, MESSAGE_TRANSPORT } from './tokens.js';

const noted = defineEvent({
  type: 'applications.NoteTaken',
  schemaVersion: 1,
  description: 'test only',
  schema: z.strictObject({ text: z.string().min(1) }),
  example: { text: 'x' },
});
const contracts = [noted];

type NoteEvent = { type: 'NoteTaken'; data: { text: string } };
const notes: Decider<{ text: string }, NoteEvent, { count: number }> = {
  initialState: { count: 0 },
  decide: (c) => [{ type: 'NoteTaken', data: { text: c.text } }],
  evolve: (s) => ({ count: s.count + 1 }),
};
const noteStream = {
  service: 'applications' as const,
  decider: notes,
  registry: new ContractRegistry(contracts),
  agencyOf: () => 'zhuzhou-city',
};

@Injectable()
class NotesService {
  constructor(
    @Inject(CommandRunner) readonly runner: CommandRunner,
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(DOCUMENTS) readonly documents: DocumentCollections,
    @Inject(MESSAGE_TRANSPORT) readonly transport: MessageTransport,
    @Inject(OutboxRelay) readonly relay: OutboxRelay,
  ) {}
}

@Module({
  imports: [EventSourcingModule.forService({ service: 'applications', contracts, runtime: { mode: 'embedded' } })],
  providers: [NotesService],
})
class ApplicationsTestModule {}

@Injectable()
class NoteCounter {
  readonly seen: EventEnvelope[] = [];
  constructor(
    @Inject(EventSubscriptions) subscriptions: EventSubscriptions,
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(DOCUMENTS) readonly documents: DocumentCollections,
    @Inject(MESSAGE_TRANSPORT) readonly transport: MessageTransport,
  ) {
    void subscriptions.subscribe({
      groupId: 'reporting.notes',
      topics: ['applications.events'],
      dedup: true,
      retry: { maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 1 },
      handle: async (event) => {
        this.seen.push(event);
      },
    });
  }
}

@Module({
  imports: [EventSourcingModule.forService({ service: 'reporting', contracts, runtime: { mode: 'embedded' } })],
  providers: [NoteCounter],
})
class ReportingTestModule {}

@Module({ imports: [ApplicationsTestModule, ReportingTestModule] })
class EmbeddedAppModule {}

const ctx = {
  now: new Date('2009-03-02T01:00:00.000Z'),
  actor: 'clerk-7',
  correlationId: 'corr-1',
  newId: (() => {
    let n = 0;
    return () => `0190f5c2-7b1e-7cc0-8a41-${(++n).toString(16).padStart(12, '0')}`;
  })(),
};

describe('EventSourcingModule (embedded mode, two services in one app)', () => {
  let app: INestApplicationContext | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
    resetEmbeddedTransport();
  });

  it('gives each service its own store and documents over one shared transport, and delivers through the relay', async () => {
    app = await NestFactory.createApplicationContext(EmbeddedAppModule, { logger: false });
    const notesService = app.get(NotesService);
    const counter = app.get(NoteCounter);
    assert.notEqual(notesService.store, counter.store);
    assert.notEqual(notesService.documents, counter.documents);
    assert.equal(notesService.transport, counter.transport);

    const result = await notesService.runner.run(noteStream, 'note-1', { text: 'first' }, ctx);
    assert.equal(result.version, 1);
    await notesService.runner.run(noteStream, 'note-1', { text: 'second' }, ctx);
    assert.deepEqual((await notesService.runner.load(noteStream, 'note-1')).state, { count: 2 });
    assert.equal((await counter.store.readStream('note-1')).length, 0, 'the other service has its own store');

    await eventually(() => counter.seen.length === 2, { what: 'reporting saw both events' });
    assert.deepEqual(
      counter.seen.map((e) => [e.type, e.streamVersion, e.data]),
      [
        ['applications.NoteTaken', 1, { text: 'first' }],
        ['applications.NoteTaken', 2, { text: 'second' }],
      ],
    );
    await eventually(async () => (await notesService.relay.stats()).backlog === 0);
  });

  it('dead-letters a message that breaks its contract at once, and goes on with the next one', async () => {
    app = await NestFactory.createApplicationContext(EmbeddedAppModule, { logger: false });
    const counter = app.get(NoteCounter);
    const transport = counter.transport as InMemoryTransport;
    const valid = (await app.get(NotesService).runner.run(noteStream, 'note-2', { text: 'ok' }, ctx)).events[0]!;
    const broken = { ...valid, id: '0190f5c2-7b1e-7cc0-8a41-0000000000ff', streamVersion: 2, data: { text: '' } };
    const after = { ...valid, id: '0190f5c2-7b1e-7cc0-8a41-0000000000fe', streamVersion: 3 };
    await eventually(() => counter.seen.length === 1, { what: 'the relayed event applied' });
    await transport.publish('applications.events', [toWireMessage(broken), toWireMessage(after)]);
    await eventually(() => counter.seen.length === 2, { what: 'valid events applied' });
    assert.deepEqual(
      counter.seen.map((e) => e.streamVersion),
      [1, 3],
    );
    const dead = await eventually(async () => {
      const d = await transport.read(deadLetterTopic('applications.events'));
      return d.length === 1 ? d : undefined;
    });
    assert.equal(dead[0]!.key, 'note-2');
  });
});
