// Prometheus metrics of one service (issue 8): what operations watch — request latency, commands by
// result, events appended, the outbox backlog, publish latency, consumer and projection lag, dead
// letters. Each service has its own registry, served at `/<service>/metrics`, so six services in one
// embedded process keep their figures apart; the process's own metrics (CPU, memory, event loop, GC)
// are collected once per process and added to each. Gauges that describe the outside world (backlog,
// lag) are asked for at scrape time from collectors the service registers.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import {
  consumerLag,
  deadLetterBacklog,
  projectionLag,
  type OffsetSource,
  type PartitionLag,
  type ProjectionLag,
} from './lag.js';

/** The prefix of every metric of the product (the process metrics keep their standard names). */
export const METRIC_PREFIX = 'landbureau_';

export const METRIC_NAMES = {
  httpRequestDuration: `${METRIC_PREFIX}http_request_duration_seconds`,
  commands: `${METRIC_PREFIX}commands_total`,
  eventsAppended: `${METRIC_PREFIX}events_appended_total`,
  outboxBacklog: `${METRIC_PREFIX}outbox_backlog_commits`,
  outboxOldestAge: `${METRIC_PREFIX}outbox_oldest_unpublished_age_seconds`,
  publishDuration: `${METRIC_PREFIX}publish_duration_seconds`,
  publishedMessages: `${METRIC_PREFIX}published_messages_total`,
  consumerLag: `${METRIC_PREFIX}consumer_lag_messages`,
  projectionLagEvents: `${METRIC_PREFIX}projection_lag_events`,
  projectionLagSeconds: `${METRIC_PREFIX}projection_lag_seconds`,
  deadLetters: `${METRIC_PREFIX}dead_letters_total`,
  deadLetterBacklog: `${METRIC_PREFIX}dead_letter_backlog_messages`,
  collectFailures: `${METRIC_PREFIX}metrics_collect_failures_total`,
  overdueCases: `${METRIC_PREFIX}overdue_cases`,
} as const;

/**
 * What became of a command: `accepted` (events appended, or nothing to do), `rejected` (the user's
 * mistake: a broken rule, an invalid field — a 4xx), `conflict` (someone changed the case meanwhile,
 * or an idempotency key reused with another body — a 409/422 the client resolves by reloading), `failed`
 * (our fault — a 5xx).
 */
export type CommandResult = 'accepted' | 'rejected' | 'conflict' | 'failed';

/** Classifies what a command threw, by the kernel's error names and kinds (no import of the kernel). */
export function commandResultOf(error: unknown): CommandResult {
  if (error === undefined) return 'accepted';
  const e = error as { name?: unknown; kind?: unknown; getStatus?: unknown };
  if (e?.name === 'ConcurrencyError' || e?.name === 'IdempotencyKeyReusedError') return 'conflict';
  if (e?.name === 'DomainError') return e.kind === 'conflict' ? 'conflict' : 'rejected';
  if (e?.name === 'ContractViolation') return 'rejected';
  if (typeof e?.getStatus === 'function') {
    const status = (e.getStatus as () => unknown).call(error);
    if (status === 409) return 'conflict';
    if (typeof status === 'number' && status >= 400 && status < 500) return 'rejected';
  }
  return 'failed';
}

/** Gauges a collector reports at scrape time; every part is optional. */
export interface MetricsSnapshot {
  readonly outbox?: { readonly backlog: number; readonly oldestUnpublishedAgeMs: number | null };
  readonly consumerLag?: readonly PartitionLag[];
  readonly projections?: readonly ProjectionLag[];
  readonly deadLetterBacklog?: ReadonlyArray<{ readonly topic: string; readonly messages: number }>;
  /** Open cases past their statutory deadline, per kind of case and agency (as of the legal today). */
  readonly overdueCases?: ReadonlyArray<{ readonly kind: string; readonly agencyId: string; readonly cases: number }>;
}

export type Collector = () => Promise<MetricsSnapshot> | MetricsSnapshot;

export interface ConsumerTracking {
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly transport: OffsetSource;
  /** Also report this consumer as a projection (lag in events and seconds). */
  readonly projection?: string;
}

export interface TrackedConsumer {
  /** Call after applying an event: its `recordedAt` dates the projection's position. */
  applied(recordedAt: Date | string): void;
}

/** What the kernel and the services call. The no-op one (`NOOP_SERVICE_METRICS`) costs nothing. */
export interface ServiceMetrics {
  recordCommand(command: string, result: CommandResult): void;
  /** Runs a command and records its result (re-throwing what it throws). */
  trackCommand<T>(command: string, run: () => Promise<T>): Promise<T>;
  /** One call per append, with the types of the events it wrote. */
  recordAppended(eventTypes: readonly string[]): void;
  /** One call per send to the broker. */
  observePublish(topic: string, messages: number, seconds: number): void;
  /** One call per message a consumer group gave up on (the transport's `onDeadLetter`). */
  recordDeadLetter(topic: string, groupId: string): void;
  /** Adds gauges asked for at each scrape; a failing collector is counted, the others still report. */
  addCollector(name: string, collect: Collector): void;
  /** Reports a consumer group's lag per partition (and, with `projection`, the projection's lag). */
  trackConsumer(tracking: ConsumerTracking): TrackedConsumer;
  /** Reports the messages held in these dead-letter topics. */
  trackDeadLetterTopics(transport: Pick<OffsetSource, 'topicOffsets'>, topics: readonly string[]): void;
}

const NOOP_TRACKED: TrackedConsumer = { applied: () => {} };

export const NOOP_SERVICE_METRICS: ServiceMetrics = {
  recordCommand: () => {},
  trackCommand: (_command, run) => run(),
  recordAppended: () => {},
  observePublish: () => {},
  recordDeadLetter: () => {},
  addCollector: () => {},
  trackConsumer: () => NOOP_TRACKED,
  trackDeadLetterTopics: () => {},
};

// The catch-all the framework answers unknown paths with (`/{*path}` under Express 5): every path.
const CATCH_ALL = /^\/?(?:\{\*[A-Za-z0-9_]*\}|\*[A-Za-z0-9_]*|\(\.\*\))$/;

/**
 * A route's label: its template (`/applications/disclosure-requests/:id`), never the raw path, so
 * the number of series stays fixed whatever paths callers try; a path no route matched is `(unmatched)`.
 */
export function routeLabel(template: string | undefined): string {
  if (template === undefined || template === '' || CATCH_ALL.test(template)) return '(unmatched)';
  const trimmed = template.length > 1 ? template.replace(/\/+$/, '') : template;
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// The process metrics are the same for every service of a process: one registry, collected once.
const PROCESS_REGISTRY_KEY = Symbol.for('land-bureau.observability.process-registry');
const processSlot = globalThis as { [PROCESS_REGISTRY_KEY]?: Registry };

export function processMetricsRegistry(): Registry {
  let registry = processSlot[PROCESS_REGISTRY_KEY];
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
    processSlot[PROCESS_REGISTRY_KEY] = registry;
  }
  return registry;
}

export interface PrometheusServiceMetricsOptions {
  readonly service: string;
  /** Add the process metrics (CPU, memory, event loop, GC) to this service's page. Default true. */
  readonly processMetrics?: boolean;
  /** A collector that has not answered by then counts as failed for this scrape. Default 5000. */
  readonly collectTimeoutMs?: number;
  readonly now?: () => Date;
  /** Told about a failing collector (the module logs it). */
  readonly onCollectFailure?: (collector: string, error: unknown) => void;
}

export class PrometheusServiceMetrics implements ServiceMetrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly collectors = new Map<string, Collector>();
  private lastScrape: Promise<void> = Promise.resolve();
  private readonly now: () => Date;

  private readonly httpDuration = new Histogram({
    name: METRIC_NAMES.httpRequestDuration,
    help: 'HTTP request latency by route template, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly commands = new Counter({
    name: METRIC_NAMES.commands,
    help: 'Commands handled, by command and result (accepted, rejected, conflict, failed)',
    labelNames: ['command', 'result'] as const,
    registers: [this.registry],
  });
  private readonly appended = new Counter({
    name: METRIC_NAMES.eventsAppended,
    help: 'Events appended to the event store, by event type',
    labelNames: ['event_type'] as const,
    registers: [this.registry],
  });
  // Unlabelled gauges cannot be emptied, only left out: these two join the registry while a collector
  // reports the outbox, so an unknown backlog is absent rather than a reassuring 0.
  private readonly outboxBacklog = new Gauge({
    name: METRIC_NAMES.outboxBacklog,
    help: 'Commits appended but not yet acknowledged by the broker',
    registers: [],
  });
  private readonly outboxOldestAge = new Gauge({
    name: METRIC_NAMES.outboxOldestAge,
    help: 'Age of the oldest unpublished commit (0 when the outbox is empty)',
    registers: [],
  });
  private readonly publishDuration = new Histogram({
    name: METRIC_NAMES.publishDuration,
    help: 'Time from sending a batch to the broker until it acknowledged all of it, by topic',
    labelNames: ['topic'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly published = new Counter({
    name: METRIC_NAMES.publishedMessages,
    help: 'Messages acknowledged by the broker, by topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });
  private readonly consumerLagGauge = new Gauge({
    name: METRIC_NAMES.consumerLag,
    help: 'Messages in a partition that a consumer group has not committed yet',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [this.registry],
  });
  private readonly projectionLagEvents = new Gauge({
    name: METRIC_NAMES.projectionLagEvents,
    help: 'Events a projection has not applied yet',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  private readonly projectionLagSeconds = new Gauge({
    name: METRIC_NAMES.projectionLagSeconds,
    help: 'How stale a projection is: 0 when caught up, else the time since the last event it applied was recorded',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  private readonly deadLetters = new Counter({
    name: METRIC_NAMES.deadLetters,
    help: 'Messages a consumer group gave up on and sent to the dead-letter topic, by source topic and group',
    labelNames: ['topic', 'group'] as const,
    registers: [this.registry],
  });
  private readonly deadLetterBacklogGauge = new Gauge({
    name: METRIC_NAMES.deadLetterBacklog,
    help: 'Dead letters held in a dead-letter topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });
  private readonly overdueCasesGauge = new Gauge({
    name: METRIC_NAMES.overdueCases,
    help: 'Open cases past their statutory deadline (working days, official holiday calendar), by kind and agency',
    labelNames: ['kind', 'agency'] as const,
    registers: [this.registry],
  });
  private readonly collectFailures = new Counter({
    name: METRIC_NAMES.collectFailures,
    help: 'Scrapes at which a collector failed or timed out (its gauges are left out of that scrape)',
    labelNames: ['collector'] as const,
    registers: [this.registry],
  });

  constructor(private readonly options: PrometheusServiceMetricsOptions) {
    this.registry.setDefaultLabels({ service: options.service });
    this.now = options.now ?? (() => new Date());
    if (options.processMetrics ?? true) processMetricsRegistry();
  }

  get service(): string {
    return this.options.service;
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  recordCommand(command: string, result: CommandResult): void {
    this.commands.inc({ command, result });
  }

  async trackCommand<T>(command: string, run: () => Promise<T>): Promise<T> {
    try {
      const value = await run();
      this.recordCommand(command, 'accepted');
      return value;
    } catch (err) {
      this.recordCommand(command, commandResultOf(err));
      throw err;
    }
  }

  recordAppended(eventTypes: readonly string[]): void {
    for (const eventType of eventTypes) this.appended.inc({ event_type: eventType });
  }

  observePublish(topic: string, messages: number, seconds: number): void {
    this.publishDuration.observe({ topic }, seconds);
    this.published.inc({ topic }, messages);
  }

  recordDeadLetter(topic: string, groupId: string): void {
    this.deadLetters.inc({ topic, group: groupId });
  }

  addCollector(name: string, collect: Collector): void {
    if (this.collectors.has(name)) throw new Error(`a metrics collector named ${name} is already registered`);
    this.collectors.set(name, collect);
  }

  trackConsumer(tracking: ConsumerTracking): TrackedConsumer {
    const since = this.now();
    let lastApplied: Date | undefined;
    this.addCollector(`consumer:${tracking.groupId}`, async () => {
      const lags = await consumerLag(tracking.transport, tracking.groupId, tracking.topics);
      if (tracking.projection === undefined) return { consumerLag: lags };
      const projection = projectionLag({
        projection: tracking.projection,
        lags,
        lastAppliedRecordedAt: lastApplied,
        since,
        now: this.now(),
      });
      return { consumerLag: lags, projections: [projection] };
    });
    return {
      applied: (recordedAt) => {
        const at = typeof recordedAt === 'string' ? new Date(recordedAt) : recordedAt;
        if (Number.isNaN(at.getTime())) return;
        if (lastApplied === undefined || at > lastApplied) lastApplied = at;
      },
    };
  }

  trackDeadLetterTopics(transport: Pick<OffsetSource, 'topicOffsets'>, topics: readonly string[]): void {
    this.addCollector(`dead-letters:${topics.join(',')}`, async () => ({
      deadLetterBacklog: await deadLetterBacklog(transport, topics),
    }));
  }

  /** Asks every collector, then renders this service's metrics (and the process's) as Prometheus text. */
  async scrape(): Promise<string> {
    // Scrapes run one after the other: gauges are rebuilt by each, and must not interleave.
    const turn = this.lastScrape.then(() => this.collect());
    this.lastScrape = turn.catch(() => {});
    await turn;
    const own = await this.registry.metrics();
    if (!(this.options.processMetrics ?? true)) return own;
    return `${own}\n${await processMetricsRegistry().metrics()}`;
  }

  private async collect(): Promise<void> {
    const timeoutMs = this.options.collectTimeoutMs ?? 5_000;
    const results = await Promise.all(
      [...this.collectors].map(async ([name, collect]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const snapshot = await Promise.race([
            Promise.resolve().then(collect),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          return snapshot;
        } catch (err) {
          this.collectFailures.inc({ collector: name });
          this.options.onCollectFailure?.(name, err);
          return undefined;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    // Gauges are rebuilt from scratch at each scrape: a partition or topic that went away, or whose
    // collector failed this time, disappears instead of showing a stale figure.
    const outboxReported = results.some((r) => r?.outbox !== undefined);
    for (const [gauge, name] of [
      [this.outboxBacklog, METRIC_NAMES.outboxBacklog],
      [this.outboxOldestAge, METRIC_NAMES.outboxOldestAge],
    ] as const) {
      const registered = this.registry.getSingleMetric(name) !== undefined;
      if (outboxReported && !registered) this.registry.registerMetric(gauge);
      if (!outboxReported && registered) this.registry.removeSingleMetric(name);
    }
    for (const gauge of [
      this.consumerLagGauge,
      this.projectionLagEvents,
      this.projectionLagSeconds,
      this.deadLetterBacklogGauge,
      this.overdueCasesGauge,
    ]) {
      gauge.reset();
    }
    for (const snapshot of results) if (snapshot) this.apply(snapshot);
  }

  private apply(snapshot: MetricsSnapshot): void {
    if (snapshot.outbox) {
      this.outboxBacklog.set(snapshot.outbox.backlog);
      this.outboxOldestAge.set((snapshot.outbox.oldestUnpublishedAgeMs ?? 0) / 1000);
    }
    for (const l of snapshot.consumerLag ?? []) {
      this.consumerLagGauge.set({ group: l.groupId, topic: l.topic, partition: String(l.partition) }, l.lag);
    }
    for (const p of snapshot.projections ?? []) {
      this.projectionLagEvents.set({ projection: p.projection }, p.lagEvents);
      this.projectionLagSeconds.set({ projection: p.projection }, p.lagSeconds);
    }
    for (const d of snapshot.deadLetterBacklog ?? []) {
      this.deadLetterBacklogGauge.set({ topic: d.topic }, d.messages);
    }
    for (const o of snapshot.overdueCases ?? []) {
      this.overdueCasesGauge.set({ kind: o.kind, agency: o.agencyId }, o.cases);
    }
  }
}
