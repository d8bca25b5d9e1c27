// Makes a service operable in one import (issue 8): readiness probes for its store and its broker,
// its metrics at /<service>/metrics with the kernel reporting into them (commands, events appended,
// publish latency, consumer and projection lag, dead letters) and the outbox backlog gauges.
//
//   const eventSourcing = EventSourcingModule.forService({ service: 'applications', runtime, … });
//   imports: [eventSourcing, observeEventSourcing({ service: 'applications', eventSourcing })]
import { type DynamicModule } from '@nestjs/common';
import { type Connection } from 'mongoose';
import { type MessageTransport } from '#messaging';
import { ObservabilityModule, mongoProbe, transportProbe, type ServiceMetrics } from '#observability';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { KernelMetrics } from './kernel-metrics.js';
import { MESSAGE_TRANSPORT, MONGO_CONNECTION } from './tokens.js';

export interface ObserveEventSourcingOptions {
  /** Also the path prefix of the health and metrics routes. */
  readonly service: string;
  /** The very DynamicModule object the service imports (so both use the same module instance). */
  readonly eventSourcing: DynamicModule;
  /** Registers more collectors or trackers of the service's own. */
  readonly metrics?: (metrics: ServiceMetrics) => void | Promise<void>;
  readonly probeTimeoutMs?: number;
}

export function observeEventSourcing(options: ObserveEventSourcingOptions): DynamicModule {
  return ObservabilityModule.forService({
    service: options.service,
    imports: [options.eventSourcing],
    inject: [MONGO_CONNECTION, MESSAGE_TRANSPORT, OutboxRelay, KernelMetrics],
    probes: (connection: Connection | null, transport: MessageTransport) => [
      mongoProbe(connection),
      transportProbe(transport),
    ],
    metrics: async (
      metrics: ServiceMetrics,
      _connection: Connection | null,
      _transport: MessageTransport,
      relay: OutboxRelay,
      kernel: KernelMetrics,
    ) => {
      kernel.bind(metrics);
      metrics.addCollector('outbox', async () => ({ outbox: await relay.stats() }));
      await options.metrics?.(metrics);
    },
    ...(options.probeTimeoutMs !== undefined ? { probeTimeoutMs: options.probeTimeoutMs } : {}),
  });
}
