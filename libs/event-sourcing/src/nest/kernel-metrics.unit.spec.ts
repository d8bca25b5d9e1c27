import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryTransport } from '#messaging';
import { METRIC_NAMES, PrometheusServiceMetrics } from '#observability';
import { KernelMetrics } from './kernel-metrics.js';

const NOW = new Date('2025-03-01T08:00:10.000Z');

async function gauge(metrics: PrometheusServiceMetrics, name: string, labels: Record<string, string>) {
  await metrics.scrape();
  const family = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (family?.values ?? []) as Array<{ labels: Record<string, string | number>; value: number }>;
  return values.find((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))?.value;
}

describe('KernelMetrics', () => {
  it('costs nothing unbound, then hands collectors, trackers and their positions registered earlier to the bound metrics', async () => {
    const transport = new InMemoryTransport();
    await transport.ensureTopics([{ topic: 'applications.events', partitions: 1 }]);
    await transport.publish('applications.events', [{ key: 'k', value: '{}', headers: {} }]);

    const kernel = new KernelMetrics();
    kernel.recordAppended(['applications.NoteTaken']); // before bind: dropped, nothing to report to
    const tracked = kernel.trackConsumer({
      groupId: 'reporting.notes',
      topics: ['applications.events'],
      transport,
      projection: 'notes',
    });
    tracked.applied('2025-03-01T08:00:04.000Z');
    tracked.applied('2025-03-01T08:00:02.000Z'); // an older one does not move the position back
    kernel.addCollector('outbox', () => ({ outbox: { backlog: 3, oldestUnpublishedAgeMs: 2500 } }));

    const metrics = new PrometheusServiceMetrics({ service: 'reporting', processMetrics: false, now: () => NOW });
    kernel.bind(metrics);
    assert.throws(() => kernel.bind(metrics), /already bound/);
    kernel.recordAppended(['applications.NoteTaken']);

    assert.equal(await gauge(metrics, METRIC_NAMES.eventsAppended, { event_type: 'applications.NoteTaken' }), 1);
    assert.equal(await gauge(metrics, METRIC_NAMES.outboxBacklog, {}), 3);
    assert.equal(await gauge(metrics, METRIC_NAMES.consumerLag, { group: 'reporting.notes', partition: '0' }), 1);
    assert.equal(await gauge(metrics, METRIC_NAMES.projectionLagEvents, { projection: 'notes' }), 1);
    // Six seconds since the newest event the projection applied before the metrics existed.
    assert.equal(await gauge(metrics, METRIC_NAMES.projectionLagSeconds, { projection: 'notes' }), 6);
    await transport.close();
  });
});
