// Integration tier (ADR 0011): it boots a Nest application and waits for the relay and the
// subscriptions on the wall clock. Its adapters are the in-memory ones, so it needs no broker or store
// of its own.
// The kernel reports into a service's metrics once `observeEventSourcing` binds them (embedded mode,
// two services in one app): commands by result and events appended by the CommandRunner, publish
// latency by the relay, consumer and projection lag, dead letters and their backlog by the
// subscriptions — and a consumer's handler runs, and logs, under the correlation id of the command.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Inject, Injectable, Logger, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { ContractRegistry, EVENT_HEADERS, defineEvent, deadLetterTopic, type EventEnvelope } from '#contracts';
import { type MessageTransport } from '#messaging';
import {
  JsonLogger,
  METRIC_NAMES,
  SERVICE_METRICS,
  currentCorrelationId,
  type LogLine,
  type PrometheusServiceMetrics,
} from '#observability';
import { eventually } from '#testing';
import { type Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { CommandRunner } from './command-runner.js';
import { resetEmbeddedTransport } from './embedded.js';
import { EventSourcingModule } from './event-sourcing.module.js';
import { EventSubscriptions } from './event-subscriptions.js';
import { observeEventSourcing } from './observe-event-sourcing.js';
import { MESSAGE_TRANSPORT } from './tokens.js';

const noted = defineEvent({
  type: 'applications.NoteTaken',
  schemaVersion: 1,
  description: 'test only',
  schema: z.strictObject({ text: z.string().min(1) }),
  example: { text: 'x' },
});
const contracts = [noted];

type TakeNote = { type: 'TakeNote'; text: string };
type NoteEvent = { type: 'NoteTaken'; data: { text: string } };
const notes: Decider<TakeNote, NoteEvent, { count: number }> = {
  initialState: { count: 0 },
  decide: (c) => {
    if (c.text === 'shout') throw new DomainError('note.shouting', 'notes are not shouted', { field: 'text' });
    return [{ type: 'NoteTaken', data: { text: c.text } }];
  },
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
    @Inject(OutboxRelay) readonly relay: OutboxRelay,
    @Inject(MESSAGE_TRANSPORT) readonly transport: MessageTransport,
    @Inject(SERVICE_METRICS) readonly metrics: PrometheusServiceMetrics,
  ) {}
}

const applicationsEs = EventSourcingModule.forService({
  service: 'applications',
  contracts,
  runtime: { mode: 'embedded' },
});
@Module({
  imports: [applicationsEs, observeEventSourcing({ service: 'applications', eventSourcing: applicationsEs })],
  providers: [NotesService],
})
class ApplicationsTestModule {}

@Injectable()
class NoteCounter {
  private readonly logger = new Logger('NoteCounter');
  readonly seen: Array<{ event: EventEnvelope; correlationId: string | undefined }> = [];
  constructor(
    @Inject(EventSubscriptions) subscriptions: EventSubscriptions,
    @Inject(SERVICE_METRICS) readonly metrics: PrometheusServiceMetrics,
  ) {
    void subscriptions.subscribe({
      groupId: 'reporting.notes',
      topics: ['applications.events'],
      projection: 'notes',
      retry: { maxAttempts: 1, initialBackoffMs: 1, maxBackoffMs: 1 },
      handle: async (event) => {
        this.seen.push({ event, correlationId: currentCorrelationId() });
        this.logger.log(`counted ${event.streamId}`);
      },
    });
  }
}

const reportingEs = EventSourcingModule.forService({ service: 'reporting', contracts, runtime: { mode: 'embedded' } });
@Module({
  imports: [reportingEs, observeEventSourcing({ service: 'reporting', eventSourcing: reportingEs })],
  providers: [NoteCounter],
})
class ReportingTestModule {}

@Module({ imports: [ApplicationsTestModule, ReportingTestModule] })
class EmbeddedAppModule {}

let ids = 0;
const ctx = (correlationId: string) => ({
  now: new Date('2009-03-02T01:00:00.000Z'),
  actor: 'clerk-7',
  correlationId,
  newId: () => `0190f5c2-7b1e-7cc0-8a41-${(++ids).toString(16).padStart(12, '0')}`,
});

/** The value of the sample of `name` with these labels, after a scrape (undefined when absent). */
async function sample(
  metrics: PrometheusServiceMetrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  await metrics.scrape();
  const family = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (family?.values ?? []) as Array<{ labels: Record<string, string | number>; value: number }>;
  const found = values.find((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want));
  return found?.value;
}

describe('observeEventSourcing: the kernel reports into the service metrics (embedded mode)', () => {
  let app: INestApplicationContext | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
    resetEmbeddedTransport();
  });

  it('counts commands by result, appended events, published messages, consumer lag, dead letters; consumers log under the correlation id', async () => {
    const lines: LogLine[] = [];
    const logger = new JsonLogger({ service: 'platform', write: (l) => lines.push(JSON.parse(l) as LogLine) });
    app = await NestFactory.createApplicationContext(EmbeddedAppModule, { logger });
    await app.init();
    const notesService = app.get(NotesService);
    const counter = app.get(NoteCounter);
    assert.notEqual(notesService.metrics, counter.metrics, 'each service has its own metrics');

    await notesService.runner.run(noteStream, 'note-1', { type: 'TakeNote', text: 'first' }, ctx('corr-obs-1'));
    await assert.rejects(
      notesService.runner.run(noteStream, 'note-2', { type: 'TakeNote', text: 'shout' }, ctx('corr-obs-2')),
      DomainError,
    );
    await eventually(() => counter.seen.length === 1, { what: 'the note reached reporting' });

    const apps = notesService.metrics;
    assert.equal(await sample(apps, METRIC_NAMES.commands, { command: 'TakeNote', result: 'accepted' }), 1);
    assert.equal(await sample(apps, METRIC_NAMES.commands, { command: 'TakeNote', result: 'rejected' }), 1);
    assert.equal(await sample(apps, METRIC_NAMES.eventsAppended, { event_type: 'applications.NoteTaken' }), 1);
    assert.equal(await sample(apps, METRIC_NAMES.publishedMessages, { topic: 'applications.events' }), 1);
    const publishes = (await apps.registry.getMetricsAsJSON()).find((m) => m.name === METRIC_NAMES.publishDuration);
    const timed = (publishes?.values ?? []) as Array<{ metricName?: string; value: number }>;
    assert.equal(
      timed.find((v) => v.metricName === `${METRIC_NAMES.publishDuration}_count`)?.value,
      1,
      'one send timed',
    );
    assert.equal(await sample(apps, METRIC_NAMES.outboxBacklog), 0);

    // The consumer ran — and logged — under the command's correlation id, as the reporting service.
    assert.equal(counter.seen[0]!.correlationId, 'corr-obs-1');
    const counted = lines.find((l) => l.message === 'counted note-1');
    assert.equal(counted?.correlationId, 'corr-obs-1');
    assert.equal(counted?.service, 'reporting');

    const rep = counter.metrics;
    await eventually(
      async () =>
        (await sample(rep, METRIC_NAMES.projectionLagEvents, { projection: 'notes' })) === 0 &&
        (await sample(rep, METRIC_NAMES.consumerLag, { group: 'reporting.notes', topic: 'applications.events' })) === 0,
      { what: 'reporting reports its group and projection caught up' },
    );

    // A message that breaks its contract goes to the dead letters, counted and held.
    await notesService.transport.publish('applications.events', [
      { key: 'note-9', value: '{"not":"an event"}', headers: { [EVENT_HEADERS.correlationId]: 'corr-broken' } },
    ]);
    await eventually(
      async () =>
        (await sample(rep, METRIC_NAMES.deadLetters, { topic: 'applications.events', group: 'reporting.notes' })) === 1,
      { what: 'the dead letter counted' },
    );
    assert.equal(
      await sample(rep, METRIC_NAMES.deadLetterBacklog, { topic: deadLetterTopic('applications.events') }),
      1,
    );
    const dead = lines.find((l) => l.message.startsWith('reporting.notes dead-lettered applications.events/'));
    assert.equal(dead?.errorName, 'ContractViolation');
    assert.equal(dead?.service, 'reporting');
    assert.equal(dead?.correlationId, 'corr-broken', "logged under the letter's correlation id");
    assert.equal(
      await sample(apps, METRIC_NAMES.deadLetters, { topic: 'applications.events' }),
      undefined,
      'the producing service counts no dead letter of the consumer',
    );
  });
});
