// The projection from every source topic to the case facts, its generations and its lag.
//
// - One consumer group per generation (`reporting.statistics.g<n>`) reads the five source topics
//   from offset 0 and writes the generation's own collections (fact-store.ts).
// - A rebuild starts generation n+1 beside the live one, which keeps answering. The switch compares
//   both at the live watermark — every case folded from the events below it, and the report hashes —
//   and only when they are equal makes n+1 the live generation and stops the old consumer.
// - Lag: per source topic, the events beyond the live generation's progress, and the distinct cases
//   (message keys) among them.
import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  ContractRegistry,
  deadLetterTopic,
  eventsTopic,
  fromWireValue,
  type EventEnvelope,
  type ServiceName,
} from '#contracts';
import { DomainError } from '#event-sourcing';
import { DOCUMENTS, isPermanentMessageError, KernelMetrics, MESSAGE_TRANSPORT } from '#event-sourcing/nest';
import { type DocumentCollection, type DocumentCollections } from '#event-sourcing/read-model';
import {
  type ConsumerHandle,
  type InboundMessage,
  type MessageTransport,
  type RetryPolicy,
  UnknownTopicError,
} from '#messaging';
import { consumerLag, deadLetterBacklog, projectionLag } from '#observability';
import { canonicalJson } from '../domain/content-hash.js';
import { type CaseFact } from '../domain/case-facts.js';
import { translate, SOURCE_SERVICES } from './fact-translation.js';
import { type ApplyResult, FactStore, hasReached, PROJECTION_VERSION, type Watermark } from './fact-store.js';

export const SOURCE_TOPICS: readonly string[] = SOURCE_SERVICES.map((s) => eventsTopic(s as ServiceName));

export interface ProjectionState {
  readonly active: number;
  readonly lastGeneration: number;
  readonly rebuilding?: { readonly generation: number; readonly startedAt: string };
  readonly previous?: number;
}

export interface ProjectionOptions {
  /** The topics to read; default every source service's `<service>.events` (tests use their own). */
  readonly topics?: readonly string[];
  /** Consumer groups are `<groupPrefix>.g<generation>`; default `reporting.statistics`. */
  readonly groupPrefix?: string;
  readonly retry?: RetryPolicy;
  /** How often an instance looks for a switch made by another instance. Default 2000 ms. */
  readonly followEveryMs?: number;
  /** How often the progress of the partitions is written. Default 250 ms. */
  readonly flushEveryMs?: number;
}
export const PROJECTION_OPTIONS = Symbol('PROJECTION_OPTIONS');

export interface TopicLag {
  readonly topic: string;
  /** Events on the topic not yet reflected in the figures. */
  readonly events: number;
  /** Distinct cases (stream ids) among them. */
  readonly cases: number;
  /** Set when more events are behind than were read to count the cases: `cases` is a lower bound. */
  readonly casesAtLeast?: true;
  readonly deadLetters: number;
  readonly partitions: ReadonlyArray<{ partition: number; high: number; nextOffset: number; behind: number }>;
}

export interface LagReport {
  readonly generation: number;
  readonly projectionVersion: string;
  readonly topics: readonly TopicLag[];
}

export interface SwitchResult {
  readonly from: number;
  readonly to: number;
  readonly watermark: Watermark;
  /** sha256 over every case fact at the watermark, equal in both generations. */
  readonly factsDigest: string;
  readonly facts: number;
}

/** Most messages read to count the cases behind, per topic. */
const LAG_READ_LIMIT = 10_000;

const STATE_ID = 'state';

@Injectable()
export class StatisticsProjection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StatisticsProjection.name);
  private readonly stateDocs: DocumentCollection<ProjectionState>;
  private readonly stores = new Map<number, FactStore>();
  private readonly consumers = new Map<number, ConsumerHandle>();
  private state: ProjectionState = { active: 1, lastGeneration: 1 };
  private follower: NodeJS.Timeout | undefined;
  private flusher: NodeJS.Timeout | undefined;
  private stopped = false;
  /** `recordedAt` of the latest event each generation applied (the projection lag's clock). */
  private readonly lastApplied = new Map<number, Date>();
  private readonly startedAt = new Date();

  constructor(
    @Inject(MESSAGE_TRANSPORT) private readonly transport: MessageTransport,
    @Inject(ContractRegistry) private readonly registry: ContractRegistry,
    @Inject(DOCUMENTS) private readonly documents: DocumentCollections,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionOptions,
    @Optional() @Inject(KernelMetrics) metrics: Pick<KernelMetrics, 'addCollector'> = new KernelMetrics(),
  ) {
    this.stateDocs = documents.collection<ProjectionState>('stat_projection');
    // The lag of the generation that serves the reports (it changes at a rebuild's switch), in
    // /reporting/metrics: what the alert rules and the dashboard of infra/monitoring read.
    metrics.addCollector('statistics-projection', async () => {
      const generation = this.state.active;
      const lags = await consumerLag(this.transport, this.groupOf(generation), this.topics);
      return {
        consumerLag: lags,
        projections: [
          projectionLag({
            projection: 'statistics',
            lags,
            lastAppliedRecordedAt: this.lastApplied.get(generation),
            since: this.startedAt,
            now: new Date(),
          }),
        ],
      };
    });
    // Apart, so that dead-letter topics not provisioned yet leave the lag reported.
    metrics.addCollector('statistics-dead-letters', async () => ({
      deadLetterBacklog: await deadLetterBacklog(this.transport, this.topics.map(deadLetterTopic)),
    }));
  }

  async onApplicationBootstrap(): Promise<void> {
    // The source topics may not be provisioned yet by their owners; consuming needs them (and
    // dead-lettering needs their .dlq).
    await this.transport.ensureTopics(
      this.topics.flatMap((topic) => [
        { topic, partitions: 3, retentionMs: -1 },
        { topic: deadLetterTopic(topic), partitions: 3, retentionMs: -1 },
      ]),
    );
    this.state = (await this.stateDocs.get(STATE_ID)) ?? this.state;
    await this.startConsumer(this.state.active);
    if (this.state.rebuilding) await this.startConsumer(this.state.rebuilding.generation);
    // Timer work runs on its own; follow() and flushAll() log their own failures and never reject.
    this.follower = setInterval(() => void this.follow(), this.options.followEveryMs ?? 2000);
    this.follower.unref();
    this.flusher = setInterval(() => void this.flushAll(), this.options.flushEveryMs ?? 250);
    this.flusher.unref();
  }

  private async flushAll(): Promise<void> {
    try {
      await Promise.all([...this.stores.values()].map((s) => s.flush()));
    } catch (err) {
      this.logger.warn(`could not write the projection progress: ${(err as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.follower) clearInterval(this.follower);
    if (this.flusher) clearInterval(this.flusher);
    await Promise.all([...this.consumers.values()].map((c) => c.stop()));
    this.consumers.clear();
    await this.flushAll();
  }

  get projectionState(): ProjectionState {
    return this.state;
  }

  /** The generation that answers queries. */
  activeStore(): FactStore {
    return this.storeOf(this.state.active);
  }

  storeOf(generation: number): FactStore {
    let store = this.stores.get(generation);
    if (!store) {
      store = new FactStore(this.documents, generation);
      this.stores.set(generation, store);
    }
    return store;
  }

  private groupOf(generation: number): string {
    return `${this.options.groupPrefix ?? 'reporting.statistics'}.g${generation}`;
  }

  private get topics(): readonly string[] {
    return this.options.topics ?? SOURCE_TOPICS;
  }

  private async startConsumer(generation: number): Promise<void> {
    if (this.consumers.has(generation) || this.stopped) return;
    const store = this.storeOf(generation);
    const handle = await this.transport.consume({
      groupId: this.groupOf(generation),
      topics: this.topics,
      fromBeginning: true,
      retryable: (error) => !isPermanentMessageError(error),
      ...(this.options.retry ? { retry: this.options.retry } : {}),
      // A whole fetched partition batch per call; a batch holding a message that cannot be read
      // fails whole and the transport hands its messages over one at a time, so that one alone is
      // dead-lettered.
      handleBatch: async (messages) => {
        const events = messages.map((message) => ({
          event: this.registry.read(fromWireValue(message.value)),
          message,
        }));
        await applyEnvelopes(store, events);
        this.noteApplied(
          generation,
          events.map(({ event }) => event.recordedAt),
        );
      },
    });
    this.consumers.set(generation, handle);
    this.logger.log(`generation ${generation} consumes ${this.topics.join(', ')} as ${this.groupOf(generation)}`);
  }

  private noteApplied(generation: number, recordedAt: readonly string[]): void {
    for (const at of recordedAt) {
      const date = new Date(at);
      const last = this.lastApplied.get(generation);
      if (!Number.isNaN(date.getTime()) && (last === undefined || date > last)) this.lastApplied.set(generation, date);
    }
  }

  private async stopConsumer(generation: number): Promise<void> {
    const handle = this.consumers.get(generation);
    this.consumers.delete(generation);
    await handle?.stop();
  }

  /** Picks up a rebuild or a switch another instance made. */
  private async follow(): Promise<void> {
    try {
      const latest = await this.stateDocs.get(STATE_ID);
      if (!latest || this.stopped) return;
      const before = this.state;
      this.state = latest;
      if (latest.rebuilding) await this.startConsumer(latest.rebuilding.generation);
      await this.startConsumer(latest.active);
      if (before.active !== latest.active) await this.stopConsumer(before.active);
    } catch (err) {
      this.logger.warn(`could not read the projection state: ${(err as Error).message}`);
    }
  }

  // ---------------------------------------------------------------- rebuild

  async startRebuild(now: Date): Promise<ProjectionState> {
    if (this.state.rebuilding) {
      throw new DomainError(
        'projection.rebuild-running',
        `generation ${this.state.rebuilding.generation} is already being rebuilt`,
        { kind: 'conflict' },
      );
    }
    const generation = this.state.lastGeneration + 1;
    this.state = {
      ...this.state,
      lastGeneration: generation,
      rebuilding: { generation, startedAt: now.toISOString() },
    };
    await this.stateDocs.put(STATE_ID, this.state);
    await this.startConsumer(generation);
    return this.state;
  }

  async rebuildStatus(): Promise<{
    state: ProjectionState;
    live: Watermark;
    rebuilding?: { generation: number; watermark: Watermark; caughtUp: boolean };
  }> {
    const live = await this.activeStore().watermark();
    const r = this.state.rebuilding;
    if (!r) return { state: this.state, live };
    const watermark = await this.storeOf(r.generation).watermark();
    return {
      state: this.state,
      live,
      rebuilding: { generation: r.generation, watermark, caughtUp: hasReached(watermark, live) },
    };
  }

  /**
   * Makes the rebuilt generation the live one, once it has applied everything the live one had
   * when the switch began and both hold the same facts there. `verify` may compare more (report hashes).
   */
  async switchToRebuilt(
    options: {
      timeoutMs?: number;
      verify?: (live: readonly CaseFact[], rebuilt: readonly CaseFact[]) => string[];
    } = {},
  ): Promise<SwitchResult> {
    const r = this.state.rebuilding;
    if (!r) throw new DomainError('projection.no-rebuild', 'no rebuild is running', { kind: 'conflict' });
    const from = this.state.active;
    const live = this.storeOf(from);
    const next = this.storeOf(r.generation);
    const target = await live.watermark();
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    while (!hasReached(await next.watermark(), target)) {
      if (Date.now() > deadline) {
        throw new DomainError(
          'projection.rebuild-behind',
          `generation ${r.generation} has not yet applied everything generation ${from} had; try again`,
          { kind: 'conflict' },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [liveFacts, nextFacts] = await Promise.all([live.allFacts(target), next.allFacts(target)]);
    const a = factsDigest(liveFacts);
    const b = factsDigest(nextFacts);
    const problems = [
      ...(a === b ? [] : [`facts differ at the watermark: live ${a}, rebuilt ${b}`]),
      ...(options.verify?.(liveFacts, nextFacts) ?? []),
    ];
    if (problems.length > 0) {
      throw new DomainError('projection.rebuild-differs', problems.join('; '), { kind: 'conflict' });
    }
    this.state = { active: r.generation, lastGeneration: this.state.lastGeneration, previous: from };
    await this.stateDocs.put(STATE_ID, this.state);
    await this.stopConsumer(from);
    this.logger.log(`switched from generation ${from} to ${r.generation} at ${JSON.stringify(target)}`);
    return { from, to: r.generation, watermark: target, factsDigest: a, facts: liveFacts.length };
  }

  // ---------------------------------------------------------------- lag

  private lastLag: { at: number; result: Promise<LagReport> } | undefined;

  /**
   * Lag per source topic; answers asked within a second of each other share one computation, but for
   * a `fresh` one (each sample of the catch-up check must see the lag as it is then).
   */
  lag(options: { readonly fresh?: boolean } = {}): Promise<LagReport> {
    const now = Date.now();
    if (!this.lastLag || options.fresh === true || now - this.lastLag.at > 1000) {
      const result = this.computeLag();
      this.lastLag = { at: now, result };
      result.catch(() => (this.lastLag = undefined));
    }
    return this.lastLag.result;
  }

  private async computeLag(): Promise<LagReport> {
    const progress = await this.activeStore().progressByPartition();
    const topics: TopicLag[] = [];
    for (const topic of this.topics) {
      const offsets = await this.transport.topicOffsets(topic);
      // The group commits after handling: after a crash its commits may be ahead of the progress
      // written behind, and everything below them was handled.
      const committed = await this.transport.groupOffsets(this.groupOf(this.state.active), topic);
      const partitions = offsets.map(({ partition, low, high }) => {
        const next = Math.max(
          progress.find((p) => p.topic === topic && p.partition === partition)?.nextOffset ?? 0,
          Number(committed.find((c) => c.partition === partition)?.offset ?? 0),
          Number(low),
        );
        return { partition, high: Number(high), nextOffset: next, behind: Math.max(0, Number(high) - next) };
      });
      const events = partitions.reduce((n, p) => n + p.behind, 0);
      let cases = 0;
      if (events > 0) {
        // Reading the tail is the only way to see its keys; bounded, so a huge backlog stays cheap
        // to ask about (the count is then a lower bound, flagged).
        const tail = await this.transport.read(topic, {
          from: partitions.map((p) => ({ partition: p.partition, offset: String(p.nextOffset) })),
          limit: LAG_READ_LIMIT,
        });
        cases = new Set(tail.map((m) => m.key)).size;
      }
      topics.push({
        topic,
        events,
        cases,
        ...(events > LAG_READ_LIMIT ? { casesAtLeast: true } : {}),
        deadLetters: await this.deadLetters(topic),
        partitions,
      });
    }
    return { generation: this.state.active, projectionVersion: PROJECTION_VERSION, topics };
  }

  private async deadLetters(topic: string): Promise<number> {
    try {
      const offsets = await this.transport.topicOffsets(deadLetterTopic(topic));
      return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
    } catch (err) {
      if (err instanceof UnknownTopicError) return 0;
      throw err;
    }
  }
}

type Coordinates = Pick<InboundMessage, 'topic' | 'partition' | 'offset'>;

/**
 * Applies a batch of events (in delivery order) to a generation: each translated, grouped by case
 * and folded once per case, one version-guarded write per case (FactStore.applyBatch), then the
 * progress of every message's partition.
 */
export async function applyEnvelopes(
  store: FactStore,
  batch: readonly { readonly event: EventEnvelope; readonly message: Coordinates }[],
): Promise<ApplyResult[]> {
  const results = await store.applyBatch(
    batch.map(({ event, message }) => ({
      streamId: event.streamId,
      event: {
        source: {
          eventId: event.id,
          eventType: event.type,
          streamVersion: event.streamVersion,
          agencyId: event.agencyId,
          recordedAt: event.recordedAt,
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
        },
        changes: translate(event),
      },
    })),
  );
  for (const { message } of batch) {
    await store.recordProgress(message.topic, message.partition, Number(message.offset));
  }
  return results;
}

/** One event: a batch of one. */
export async function applyEnvelope(
  store: FactStore,
  event: EventEnvelope,
  message: Coordinates,
): Promise<ApplyResult> {
  const [result] = await applyEnvelopes(store, [{ event, message }]);
  if (result === undefined) throw new Error(`no result for event ${event.id}: a batch of one answers one result`);
  return result;
}

/** sha256 over the canonical JSON of every fact, by case id: equal facts, equal digest. */
export function factsDigest(facts: readonly CaseFact[]): string {
  const sorted = [...facts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return `sha256:${createHash('sha256').update(canonicalJson(sorted)).digest('hex')}`;
}
