import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryTransport } from '#messaging';
import {
  METRIC_NAMES,
  METRIC_PREFIX,
  NOOP_SERVICE_METRICS,
  PrometheusServiceMetrics,
  commandResultOf,
  routeLabel,
} from './metrics.js';
import { parseExposition, sampleValue } from './testing/exposition.js';

describe('metric names', () => {
  it('follow the Prometheus conventions: prefix, snake case, unit suffix, _total on counters', async () => {
    const metrics = new PrometheusServiceMetrics({ service: 'applications', processMetrics: false });
    metrics.addCollector('outbox', () => ({ outbox: { backlog: 0, oldestUnpublishedAgeMs: null } }));
    const families = parseExposition(await metrics.scrape()).families;
    for (const name of Object.values(METRIC_NAMES)) {
      assert.match(name, /^[a-z][a-z0-9_]*$/, name);
      assert.ok(name.startsWith(METRIC_PREFIX), name);
      const type = families.get(name);
      assert.ok(type, `${name} is exposed`);
      if (type === 'counter') assert.ok(name.endsWith('_total'), name);
      if (type === 'histogram') assert.ok(name.endsWith('_seconds'), name);
      if (type === 'gauge') assert.ok(!name.endsWith('_total'), name);
    }
  });

  it('labels a route by its template, and what matched none as (unmatched)', () => {
    assert.equal(routeLabel('/applications/disclosure-requests/:id'), '/applications/disclosure-requests/:id');
    assert.equal(routeLabel('applications/health/ready/'), '/applications/health/ready');
    assert.equal(routeLabel('/'), '/');
    assert.equal(routeLabel(undefined), '(unmatched)');
    assert.equal(routeLabel(''), '(unmatched)');
    for (const catchAll of ['/{*path}', '{*path}', '*', '/*path', '(.*)']) {
      assert.equal(routeLabel(catchAll), '(unmatched)', catchAll);
    }
    assert.equal(routeLabel('/applications/files/{*path}'), '/applications/files/{*path}');
  });
});

describe('commandResultOf', () => {
  const named = (name: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(name), { name, ...extra });
  it('tells the user’s mistakes, conflicts and our failures apart', () => {
    assert.equal(commandResultOf(undefined), 'accepted');
    assert.equal(commandResultOf(named('DomainError', { kind: 'invalid' })), 'rejected');
    assert.equal(commandResultOf(named('DomainError', { kind: 'not-found' })), 'rejected');
    assert.equal(commandResultOf(named('DomainError', { kind: 'conflict' })), 'conflict');
    assert.equal(commandResultOf(named('ConcurrencyError')), 'conflict');
    assert.equal(commandResultOf(named('IdempotencyKeyReusedError')), 'conflict');
    assert.equal(commandResultOf(named('ContractViolation')), 'rejected');
    assert.equal(commandResultOf(named('BadRequestException', { getStatus: () => 400 })), 'rejected');
    assert.equal(commandResultOf(named('ConflictException', { getStatus: () => 409 })), 'conflict');
    assert.equal(commandResultOf(named('MongoServerError')), 'failed');
    assert.equal(commandResultOf('a string'), 'failed');
  });
});

describe('PrometheusServiceMetrics', () => {
  it('counts commands by result, appended events by type, publishes, dead letters, and times requests', async () => {
    const metrics = new PrometheusServiceMetrics({ service: 'applications', processMetrics: false });
    metrics.recordCommand('ReplyToRequest', 'accepted');
    await metrics.trackCommand('ReplyToRequest', async () => 'ok');
    await assert.rejects(
      metrics.trackCommand('ReplyToRequest', async () => {
        throw Object.assign(new Error('stale'), { name: 'ConcurrencyError' });
      }),
      /stale/,
    );
    metrics.recordAppended(['applications.DisclosureRequestReceived', 'applications.DeadlineExtended']);
    metrics.recordAppended(['applications.DeadlineExtended']);
    metrics.observePublish('applications.events', 3, 0.02);
    metrics.observePublish('applications.events', 2, 0.2);
    metrics.recordDeadLetter('publications.events', 'reporting.statistics');
    metrics.observeHttp('POST', '/applications/disclosure-requests', 201, 0.03);
    const text = await metrics.scrape();
    const samples = parseExposition(text).samples;
    const v = (name: string, labels: Record<string, string>) => sampleValue(samples, name, labels);
    assert.equal(v(METRIC_NAMES.commands, { command: 'ReplyToRequest', result: 'accepted' }), 2);
    assert.equal(v(METRIC_NAMES.commands, { command: 'ReplyToRequest', result: 'conflict' }), 1);
    assert.equal(v(METRIC_NAMES.eventsAppended, { event_type: 'applications.DeadlineExtended' }), 2);
    assert.equal(v(METRIC_NAMES.eventsAppended, { event_type: 'applications.DisclosureRequestReceived' }), 1);
    assert.equal(v(`${METRIC_NAMES.publishDuration}_count`, { topic: 'applications.events' }), 2);
    assert.equal(v(`${METRIC_NAMES.publishDuration}_bucket`, { topic: 'applications.events', le: '0.025' }), 1);
    assert.equal(v(METRIC_NAMES.publishedMessages, { topic: 'applications.events' }), 5);
    assert.equal(v(METRIC_NAMES.deadLetters, { topic: 'publications.events', group: 'reporting.statistics' }), 1);
    assert.equal(
      v(`${METRIC_NAMES.httpRequestDuration}_count`, {
        method: 'POST',
        route: '/applications/disclosure-requests',
        status_code: '201',
      }),
      1,
    );
    // Every sample names its service (six share one process in the embedded mode).
    for (const s of samples) assert.equal(s.labels.service, 'applications', s.name);
  });

  it('reports consumer lag per partition and projection lag from the transport at scrape time', async () => {
    const transport = new InMemoryTransport();
    await transport.ensureTopics([{ topic: 'applications.events', partitions: 2 }]);
    await transport.publish(
      'applications.events',
      ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => ({ key, value: '{}', headers: {} })),
    );
    const perPartition = (await transport.topicOffsets('applications.events')).map((o) => Number(o.high));
    await transport.commitOffsets('reporting.statistics', 'applications.events', [{ partition: 0, offset: '1' }]);
    let now = new Date('2009-03-01T00:00:10Z');
    const metrics = new PrometheusServiceMetrics({ service: 'reporting', processMetrics: false, now: () => now });
    const tracked = metrics.trackConsumer({
      groupId: 'reporting.statistics',
      topics: ['applications.events'],
      transport,
      projection: 'statistics',
    });
    tracked.applied('2009-03-01T00:00:04Z');
    const samples = parseExposition(await metrics.scrape()).samples;
    const lag0 = perPartition[0]! - 1;
    const lag1 = perPartition[1]!;
    const labels = (partition: number) => ({
      group: 'reporting.statistics',
      topic: 'applications.events',
      partition: String(partition),
    });
    assert.equal(sampleValue(samples, METRIC_NAMES.consumerLag, labels(0)), lag0);
    assert.equal(sampleValue(samples, METRIC_NAMES.consumerLag, labels(1)), lag1);
    assert.equal(sampleValue(samples, METRIC_NAMES.projectionLagEvents, { projection: 'statistics' }), lag0 + lag1);
    assert.equal(sampleValue(samples, METRIC_NAMES.projectionLagSeconds, { projection: 'statistics' }), 6);

    // Caught up: no lag, in events or in seconds.
    await transport.commitOffsets('reporting.statistics', 'applications.events', [
      { partition: 0, offset: String(perPartition[0]) },
      { partition: 1, offset: String(perPartition[1]) },
    ]);
    now = new Date('2009-03-01T00:01:00Z');
    const after = parseExposition(await metrics.scrape()).samples;
    assert.equal(sampleValue(after, METRIC_NAMES.projectionLagEvents, { projection: 'statistics' }), 0);
    assert.equal(sampleValue(after, METRIC_NAMES.projectionLagSeconds, { projection: 'statistics' }), 0);
    await transport.close();
  });

  it('leaves out what a failing collector reports, counts the failure, and keeps the others', async () => {
    let outboxUp = true;
    const metrics = new PrometheusServiceMetrics({ service: 'applications', processMetrics: false });
    metrics.addCollector('outbox', () => {
      if (!outboxUp) throw new Error('store unreachable');
      return { outbox: { backlog: 4, oldestUnpublishedAgeMs: 2500 } };
    });
    metrics.addCollector('dlq', () => ({ deadLetterBacklog: [{ topic: 'applications.events.dlq', messages: 2 }] }));
    const first = parseExposition(await metrics.scrape()).samples;
    assert.equal(sampleValue(first, METRIC_NAMES.outboxBacklog, {}), 4);
    assert.equal(sampleValue(first, METRIC_NAMES.outboxOldestAge, {}), 2.5);
    outboxUp = false;
    const second = parseExposition(await metrics.scrape()).samples;
    assert.equal(sampleValue(second, METRIC_NAMES.outboxBacklog, {}), undefined);
    assert.equal(sampleValue(second, METRIC_NAMES.collectFailures, { collector: 'outbox' }), 1);
    assert.equal(sampleValue(second, METRIC_NAMES.deadLetterBacklog, { topic: 'applications.events.dlq' }), 2);
    assert.throws(() => metrics.addCollector('dlq', () => ({})), /already registered/);
  });

  it('adds the process metrics once per process, to every service that wants them', async () => {
    const a = new PrometheusServiceMetrics({ service: 'applications' });
    const b = new PrometheusServiceMetrics({ service: 'appeals' });
    const c = new PrometheusServiceMetrics({ service: 'enforcement', processMetrics: false });
    const [ta, tb, tc] = await Promise.all([a.scrape(), b.scrape(), c.scrape()]);
    for (const text of [ta, tb]) {
      assert.equal(parseExposition(text).families.get('process_cpu_user_seconds_total'), 'counter');
      // Declared once per page: the process registry was not filled twice.
      assert.equal(text.split('\n').filter((l) => l === '# TYPE process_cpu_user_seconds_total counter').length, 1);
    }
    assert.equal(parseExposition(tc).families.has('process_cpu_user_seconds_total'), false);
  });
});

describe('NOOP_SERVICE_METRICS', () => {
  it('runs tracked commands and passes their results and errors through', async () => {
    assert.equal(await NOOP_SERVICE_METRICS.trackCommand('X', async () => 7), 7);
    await assert.rejects(
      NOOP_SERVICE_METRICS.trackCommand('X', async () => {
        throw new Error('no');
      }),
      /no/,
    );
    NOOP_SERVICE_METRICS.trackConsumer({ groupId: 'g', topics: [], transport: new InMemoryTransport() }).applied(
      new Date(),
    );
  });
});
