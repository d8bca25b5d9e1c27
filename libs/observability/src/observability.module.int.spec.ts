// The module in a small Nest app against the real store and broker: readiness up with both probes,
// 503 when a dependency sits behind a closed port, the metric families on /<service>/metrics, and the
// correlation id from the HTTP request into a Kafka header and a consumer's log line.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  Controller,
  Get,
  Inject,
  Logger,
  Module,
  Param,
  type DynamicModule,
  type INestApplication,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import mongoose, { type Connection } from 'mongoose';
import { EVENT_HEADERS } from '#contracts';
import { configureServiceApp } from '#http';
import { KafkaTransport, type ConsumerHandle, type MessageTransport } from '#messaging';
import { eventually, integrationInfra, kafkaClient, uniqueName } from '#testing';
import { correlatedHandler, currentCorrelationId } from './correlation.js';
import { JsonLogger, type LogLine } from './json-logger.js';
import { METRIC_NAMES, type ServiceMetrics } from './metrics.js';
import { ObservabilityModule, PROMETHEUS_CONTENT_TYPE, SERVICE_METRICS } from './observability.module.js';
import { mongoProbe, runProbe, transportProbe } from './probes.js';
import { parseExposition, sampleValue } from './testing/exposition.js';

const real = await integrationInfra();

const CONNECTION = Symbol('CONNECTION');
const TRANSPORT = Symbol('TRANSPORT');
const UNREACHABLE_CONNECTION = Symbol('UNREACHABLE_CONNECTION');

/** A port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ObservabilityModule (real FerretDB/MongoDB and Kafka)', { skip: real.skip }, () => {
  const dbName = uniqueName('observability_int').replace(/-/g, '_');
  const topic = uniqueName('obs-events');
  const lagGroup = uniqueName('obs-lag');
  const consumerGroup = uniqueName('obs-consumer');
  const lines: LogLine[] = [];
  let connection: Connection;
  let unreachable: Connection;
  let transport: KafkaTransport;
  let consumer: ConsumerHandle | undefined;
  let app: INestApplication;
  let base: string;
  let perPartitionEnds: number[];

  @Controller('applications/echo')
  class EchoController {
    private readonly logger = new Logger('Echo');
    constructor(
      @Inject(TRANSPORT) private readonly kafka: MessageTransport,
      @Inject(SERVICE_METRICS) private readonly metrics: ServiceMetrics,
    ) {}

    /** Stands for a command: what it appends travels with the request's correlation id. */
    @Get(':id')
    async echo(@Param('id') id: string) {
      const correlationId = currentCorrelationId();
      await this.metrics.trackCommand('Echo', async () => {
        await this.kafka.publish(topic, [
          { key: id, value: JSON.stringify({ id }), headers: { [EVENT_HEADERS.correlationId]: correlationId ?? '' } },
        ]);
      });
      this.logger.log(`echoed ${id}`);
      return { id, correlationId };
    }
  }

  before(async () => {
    const { mongoUri } = real.infra!;
    connection = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
    unreachable = mongoose.createConnection(`mongodb://127.0.0.1:${await closedPort()}/${dbName}`, {
      serverSelectionTimeoutMS: 300,
    });
    await unreachable.asPromise().catch(() => {});
    transport = new KafkaTransport({ ...kafkaClient(real.infra!), clientId: 'observability-int' });
    await transport.ensureTopics([{ topic, partitions: 2, retentionMs: -1 }]);
    await transport.publish(
      topic,
      ['k1', 'k2', 'k3', 'k4', 'k5'].map((key) => ({ key, value: '{}', headers: {} })),
    );
    perPartitionEnds = (await transport.topicOffsets(topic)).map((o) => Number(o.high));

    const deps: DynamicModule = {
      module: class DepsModule {},
      providers: [
        { provide: CONNECTION, useValue: connection },
        { provide: TRANSPORT, useValue: transport },
        { provide: UNREACHABLE_CONNECTION, useValue: unreachable },
      ],
      exports: [CONNECTION, TRANSPORT, UNREACHABLE_CONNECTION],
    };
    const applications = ObservabilityModule.forService({
      service: 'applications',
      imports: [deps],
      inject: [CONNECTION, TRANSPORT],
      probes: (c: Connection, t: MessageTransport) => [mongoProbe(c), transportProbe(t)],
      metrics: (m: ServiceMetrics, _c: Connection, t: MessageTransport) => {
        m.addCollector('outbox', () => ({ outbox: { backlog: 2, oldestUnpublishedAgeMs: 1500 } }));
        m.trackConsumer({ groupId: lagGroup, topics: [topic], transport: t, projection: 'statistics' });
      },
    });
    // As a service module would: its own metrics and probes, beside its controllers.
    @Module({ imports: [deps, applications], controllers: [EchoController] })
    class ApplicationsTestModule {}
    @Module({
      imports: [
        ApplicationsTestModule,
        ObservabilityModule.forService({
          service: 'reporting',
          imports: [deps],
          inject: [UNREACHABLE_CONNECTION, TRANSPORT],
          probes: (c: Connection, t: MessageTransport) => [mongoProbe(c), transportProbe(t)],
          probeTimeoutMs: 1_500,
        }),
      ],
    })
    class TestAppModule {}

    const logger = new JsonLogger({ service: 'test-app', write: (line) => lines.push(JSON.parse(line) as LogLine) });
    app = await NestFactory.create(TestAppModule, { logger, bodyParser: false });
    configureServiceApp(app, { title: 'observability-int' });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    consumer = await transport.consume({
      groupId: consumerGroup,
      topics: [topic],
      handle: correlatedHandler(
        async (message) => {
          new Logger('StatisticsProjection').log(`applied ${message.key}`);
        },
        { service: 'reporting' },
      ),
    });
  });

  after(async () => {
    await consumer?.stop();
    await app?.close();
    await transport?.deleteTopicsAndGroups([topic, `${topic}.dlq`], [lagGroup, consumerGroup]);
    await transport?.close();
    await connection?.dropDatabase().catch(() => {});
    await connection?.close();
    await unreachable?.close();
  });

  it('is ready (200) when the store answers a ping and the broker serves metadata', async () => {
    const res = await fetch(`${base}/applications/health/ready`);
    const body = (await res.json()) as { status: string; details: Record<string, { status: string }> };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.details, { store: { status: 'up' }, messaging: { status: 'up' } });
    assert.equal(res.headers.get('cache-control'), 'no-cache, no-store, must-revalidate');
  });

  it('is not ready (503), naming the probe that failed, when the store sits behind a closed port — but is live', async () => {
    const res = await fetch(`${base}/reporting/health/ready`);
    const body = (await res.json()) as {
      status: string;
      details: Record<string, { status: string; message?: string }>;
    };
    assert.equal(res.status, 503, JSON.stringify(body));
    assert.equal(body.status, 'error');
    assert.equal(body.details.store?.status, 'down');
    assert.match(body.details.store?.message ?? '', /disconnected|connecting/);
    assert.equal(body.details.messaging?.status, 'up');
    const live = await fetch(`${base}/reporting/health/live`);
    assert.equal(live.status, 200);
  });

  it('a Kafka transport whose broker is behind a closed port fails its probe', async () => {
    const unreachableKafka = new KafkaTransport({
      brokers: [`127.0.0.1:${await closedPort()}`],
      clientId: 'observability-int-unreachable',
      logLevel: 'nothing',
    });
    const outcome = await runProbe(transportProbe(unreachableKafka), 1_500);
    assert.equal(outcome.status, 'down');
    await unreachableKafka.close();
  });

  it('round-trips the correlation id: response header, request, Kafka header, consumer log line', async () => {
    const sent = uniqueName('corr');
    const res = await fetch(`${base}/applications/echo/r1`, { headers: { 'X-Correlation-Id': sent } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-correlation-id'), sent);
    assert.deepEqual(await res.json(), { id: 'r1', correlationId: sent });

    const generated = await fetch(`${base}/applications/echo/r2`);
    const id = generated.headers.get('x-correlation-id');
    assert.match(id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    assert.equal(((await generated.json()) as { correlationId: string }).correlationId, id);

    // An id the caller sent but that is not usable is not echoed (nor logged): a new one replaces it.
    const refused = await fetch(`${base}/applications/echo/r0`, { headers: { 'X-Correlation-Id': 'has spaces' } });
    assert.match(refused.headers.get('x-correlation-id') ?? '', /^[0-9a-f]{8}-/);

    const echoLine = lines.find((l) => l.context === 'Echo' && l.message === 'echoed r1');
    assert.equal(echoLine?.correlationId, sent);
    assert.equal(echoLine?.service, 'applications');
    const applied = await eventually(
      () => lines.find((l) => l.context === 'StatisticsProjection' && l.message === 'applied r1'),
      { what: 'the consumer logs the message', timeoutMs: 30_000 },
    );
    assert.equal(applied.correlationId, sent);
    assert.equal(applied.service, 'reporting');
    assert.equal(applied.level, 'info');
  });

  it('serves each service’s metrics: requests by route template, commands, outbox, lag, process', async () => {
    await fetch(`${base}/applications/echo/r3`);
    const missing = await fetch(`${base}/applications/no-such-route/42`);
    assert.equal(missing.status, 404);
    assert.ok(missing.headers.get('x-correlation-id'));
    const res = await fetch(`${base}/applications/metrics`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), PROMETHEUS_CONTENT_TYPE);
    const { families, samples } = parseExposition(await res.text());
    for (const name of Object.values(METRIC_NAMES)) assert.ok(families.has(name), `${name} is exposed`);
    assert.ok(families.has('process_resident_memory_bytes'));

    const echoRequests = sampleValue(samples, `${METRIC_NAMES.httpRequestDuration}_count`, {
      service: 'applications',
      method: 'GET',
      route: '/applications/echo/:id',
      status_code: '200',
    });
    assert.ok(echoRequests !== undefined && echoRequests >= 3, `echo requests timed: ${echoRequests}`);
    // A path that matched no route is counted under one label, not one per path tried.
    assert.equal(
      sampleValue(samples, `${METRIC_NAMES.httpRequestDuration}_count`, { route: '(unmatched)', status_code: '404' }),
      1,
    );
    assert.ok((sampleValue(samples, METRIC_NAMES.commands, { command: 'Echo', result: 'accepted' }) ?? 0) >= 3);
    assert.equal(sampleValue(samples, METRIC_NAMES.outboxBacklog, {}), 2);
    assert.equal(sampleValue(samples, METRIC_NAMES.outboxOldestAge, {}), 1.5);
    // The lag group never committed: its lag is everything written to each partition so far.
    const ends = (await transport.topicOffsets(topic)).map((o) => Number(o.high));
    assert.ok(ends.reduce((a, b) => a + b, 0) >= perPartitionEnds.reduce((a, b) => a + b, 0) + 3);
    for (const [partition, end] of ends.entries()) {
      const lag = sampleValue(samples, METRIC_NAMES.consumerLag, {
        group: lagGroup,
        topic,
        partition: String(partition),
      });
      assert.equal(lag, end, `partition ${partition}`);
    }
    assert.equal(
      sampleValue(samples, METRIC_NAMES.projectionLagEvents, { projection: 'statistics' }),
      ends.reduce((a, b) => a + b, 0),
    );

    // The other service's page has its own registry: none of the applications requests.
    const other = parseExposition(await (await fetch(`${base}/reporting/metrics`)).text());
    assert.equal(
      other.samples.some(
        (s) => s.name.startsWith(METRIC_NAMES.httpRequestDuration) && s.labels.route?.startsWith('/applications'),
      ),
      false,
    );
    assert.ok(
      other.samples.some((s) => s.labels.service === 'reporting' && s.labels.route === '/reporting/health/ready'),
    );
  });
});
