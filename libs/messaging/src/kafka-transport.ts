// The Kafka adapter of the messaging port (kafkajs 2.2.4) — the only file that talks to the broker.
//
// Producer: idempotent (acks = all, one request in flight per connection, unlimited retries — the
// broker drops the duplicates a retry would create), many messages per request; a send the broker has
// not acknowledged within `publishTimeoutMs` is given up and its producer replaced (a frozen broker, or
// a producer left out of step by a broker restart, must not hold the outbox relay). Partitioner: kafkajs'
// DefaultPartitioner, which is the Java client's murmur2, so a stream lands on the same partition
// whichever client (ours, an integrator's Java or librdkafka-with-murmur2 one) publishes it, and the
// in-memory transport (partitioner.ts) reproduces it. Passing it explicitly is also what keeps kafkajs'
// "switched default partitioner" warning away, whether KAFKAJS_NO_PARTITIONER_WARNING is set or not.
//
// Consumer: one kafkajs consumer per `consume`, `eachBatch` with autoCommit off. A `handleBatch`
// consumer gets the whole fetched partition batch in one call; if that throws, or with `handle`, each
// message is delivered with retries and dead-lettering (delivery.ts), then resolved; the batch's resolved offsets
// are committed at its end (with autoCommit off kafkajs' argument-less commitOffsetsIfNecessary() is a
// no-op, so the offsets are passed explicitly). A rebalance or a stop between messages ends the batch
// early and commits what was resolved; a crashed process commits nothing and its uncommitted messages
// are delivered again to whoever gets the partition. A group also reads its retry topics, where the
// replays of its own dead letters go (retry-topics.ts, ADR 0007).
import { randomUUID } from 'node:crypto';
import {
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  Kafka,
  type KafkaMessage,
  type LogEntry,
  Partitioners,
  type Producer,
  logLevel,
} from 'kafkajs';
import { AssignmentGone, commitResolved, offsetCall } from './kafka-batch-offsets.js';
import { deadLetterTopic } from '#contracts';
import { type BrokerCredentials } from './broker-credentials.js';
import { DEFAULT_RETRY_POLICY, bothDeadLetterHooks, deliver, validateRetryPolicy } from './delivery.js';
import { GroupSubscription, retryTopicSpec } from './retry-topics.js';
import {
  type CommittedOffset,
  type ConsumerHandle,
  type ConsumerOptions,
  type InboundMessage,
  type MessageTransport,
  type OutgoingMessage,
  type PartitionOffsets,
  type ReadOptions,
  type TopicSpec,
  PublishTimeoutError,
  UnknownTopicError,
  singleMessageHandler,
} from './transport.js';

export interface KafkaTransportOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** SASL/SCRAM credentials of this process's principal; none: the broker must accept anonymous clients. */
  readonly sasl?: BrokerCredentials;
  /**
   * How long the group waits for a silent member before giving its partitions to others — the time
   * a crashed consumer's partitions stay unserved. Default 10 s (the broker's minimum is 6 s).
   */
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** Longest a fetch waits for data; also bounds how long stop() waits for an idle consumer. Default 1 s. */
  readonly maxWaitTimeMs?: number;
  /**
   * Most bytes one fetch brings per partition, and in all: what bounds a `handleBatch` batch (kafkajs
   * defaults 1 MiB and 10 MiB). A rebuild folds more events per case write with bigger batches.
   */
  readonly maxBytesPerPartition?: number;
  readonly maxBytes?: number;
  /** Partitions of a dead-letter topic created on first consume (when no one provisioned it). Default 1. */
  readonly deadLetterPartitions?: number;
  /** kafkajs log level; default WARN (kafkajs is chatty at INFO). */
  readonly logLevel?: 'error' | 'warn' | 'info' | 'debug' | 'nothing';
  /** Where kafkajs log lines go. Default: one line on stderr. */
  readonly log?: (entry: { level: string; namespace: string; message: string }) => void;
  readonly now?: () => Date;
  readonly onDeadLetter?: (message: InboundMessage, error: unknown, attempts: number) => void;
  /** A read() gives up after this long without reaching the end it saw at the start. Default 30 s. */
  readonly readTimeoutMs?: number;
  /**
   * A publish the broker has not acknowledged after this long is given up (PublishTimeoutError) and its
   * producer replaced; the caller sends again (the outbox relay on its next pass). Default 30 s.
   */
  readonly publishTimeoutMs?: number;
}

const LOG_LEVELS = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
} as const;

const LEVEL_NAMES: Record<number, string> = { 0: 'nothing', 1: 'error', 2: 'warn', 4: 'info', 5: 'debug' };

const defaultLog = (entry: { level: string; namespace: string; message: string }): void => {
  process.stderr.write(`[kafkajs ${entry.level} ${entry.namespace}] ${entry.message}\n`);
};

/**
 * A rebalance is routine (a member joins, leaves or is stopped), yet kafkajs reports the heartbeat
 * refused because of it as an error and the re-join as a warning; those lines are dropped.
 */
function isRoutineRebalanceNoise(namespace: string, entry: LogEntry['log']): boolean {
  const error = (entry as { error?: unknown }).error;
  if (namespace === 'Connection' && typeof error === 'string' && /rebalanc/i.test(error)) return true;
  return namespace === 'Runner' && /rebalancing, re-joining/.test(entry.message);
}

export class KafkaTransport implements MessageTransport {
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly knownTopics = new Set<string>();
  private readonly consumers = new Set<KafkaConsumerRunner>();
  private closed = false;

  constructor(readonly options: KafkaTransportOptions) {
    const log = options.log ?? defaultLog;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'land-bureau',
      brokers: [...options.brokers],
      ...(options.sasl ? { sasl: { ...options.sasl } } : {}),
      logLevel: LOG_LEVELS[options.logLevel ?? 'warn'],
      logCreator:
        () =>
        ({ namespace, level, log: entry }: LogEntry) => {
          if (isRoutineRebalanceNoise(namespace, entry)) return;
          const error = (entry as { error?: unknown }).error;
          const message = typeof error === 'string' ? `${entry.message}: ${error}` : entry.message;
          log({ level: LEVEL_NAMES[level] ?? String(level), namespace, message });
        },
    });
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    if (specs.length === 0) return;
    for (const s of specs) {
      if (!Number.isInteger(s.partitions) || s.partitions < 1) {
        throw new RangeError(`topic ${s.topic}: partitions must be an integer ≥ 1`);
      }
    }
    await whileSettling(
      async () => {
        const admin = await this.getAdmin();
        const existing = new Set(await admin.listTopics());
        const missing = specs.filter((s) => !existing.has(s.topic));
        if (missing.length > 0) {
          // Another process may create the same topics meanwhile: kafkajs answers false for "already exists".
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((s) => ({
              topic: s.topic,
              numPartitions: s.partitions,
              configEntries: [{ name: 'retention.ms', value: String(s.retentionMs ?? -1) }],
            })),
          });
        }
      },
      { transient: isTransientAtStartup, budgetMs: STARTUP_BUDGET_MS },
    );
    for (const s of specs) this.knownTopics.add(s.topic);
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    // The idempotent producer retries without end; an unknown topic would hang it, so fail fast.
    await this.assertTopicExists(topic);
    const timeoutMs = this.options.publishTimeoutMs ?? 30_000;
    const connecting = this.getProducer();
    // The deadline covers connecting too: a broker that accepts connections but answers nothing
    // holds a new producer's handshake as long as it holds a send.
    const sending = connecting.then((producer) =>
      producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
      }),
    );
    try {
      await withinDeadline(sending, timeoutMs, () => new PublishTimeoutError(topic, timeoutMs));
    } catch (err) {
      // kafkajs' idempotent producer keeps its producer id and sequence numbers across a failed or
      // unanswered send; after a broker restart they can stay out of step with the broker, and then
      // every later send on that producer fails or waits for ever (an outbox that never drains).
      // A new producer gets a new id; the caller's retry sends the whole batch again, and what the
      // abandoned send still delivers is a duplicate consumers drop.
      this.replaceProducer(connecting);
      throw err;
    }
  }

  async consume(options: ConsumerOptions): Promise<ConsumerHandle> {
    this.assertOpen();
    if (options.topics.length === 0) throw new RangeError('consume: at least one topic');
    const retry = validateRetryPolicy(options.retry ?? DEFAULT_RETRY_POLICY);
    singleMessageHandler(options);
    const subscription = new GroupSubscription(options.groupId, options.topics);
    for (const topic of options.topics) await this.assertTopicExists(topic);
    await this.ensureTopics([
      ...options.topics.map((t) => ({
        topic: deadLetterTopic(t),
        partitions: this.options.deadLetterPartitions ?? 1,
        retentionMs: -1,
      })),
      // Replays of this group's dead letters (ADR 0007).
      ...[...subscription.retries.keys()].map(retryTopicSpec),
    ]);
    const sessionTimeout = this.options.sessionTimeoutMs ?? 10_000;
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout,
      rebalanceTimeout: Math.max(sessionTimeout, 20_000),
      heartbeatInterval: this.options.heartbeatIntervalMs ?? Math.min(1_000, Math.floor(sessionTimeout / 3)),
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 1_000,
      ...(this.options.maxBytesPerPartition ? { maxBytesPerPartition: this.options.maxBytesPerPartition } : {}),
      ...(this.options.maxBytes ? { maxBytes: this.options.maxBytes } : {}),
      allowAutoTopicCreation: false,
    });
    const runner = new KafkaConsumerRunner(this, consumer, options, subscription, retry, () =>
      this.consumers.delete(runner),
    );
    this.consumers.add(runner);
    try {
      await runner.start();
    } catch (err) {
      this.consumers.delete(runner);
      await consumer.disconnect().catch(() => {});
      throw err;
    }
    return runner;
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    await this.assertTopicExists(topic);
    const admin = await this.getAdmin();
    const offsets = await whileSettling(() => admin.fetchTopicOffsets(topic));
    return offsets
      .map((o) => ({ partition: o.partition, low: o.low, high: o.high }))
      .sort((a, b) => a.partition - b.partition);
  }

  async groupOffsets(groupId: string, topic: string): Promise<CommittedOffset[]> {
    await this.assertTopicExists(topic);
    const admin = await this.getAdmin();
    const [forTopic] = await whileSettling(() => admin.fetchOffsets({ groupId, topics: [topic] }));
    return (forTopic?.partitions ?? [])
      .map((p) => ({ partition: p.partition, offset: Number(p.offset) < 0 ? null : p.offset }))
      .sort((a, b) => a.partition - b.partition);
  }

  async commitOffsets(
    groupId: string,
    topic: string,
    offsets: readonly { partition: number; offset: string }[],
  ): Promise<void> {
    await this.assertTopicExists(topic);
    if (offsets.length === 0) return;
    // kafkajs' admin.setOffsets does the same with a consumer that idles a full default fetch wait
    // (5 s) before it stops; a short fetch wait makes a commit cost one group join instead.
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 50, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const { state } = await consumer.describeGroup();
      if (state !== 'Empty' && state !== 'Dead') {
        throw new Error(`group ${groupId} has running members (${state}): stop them before moving its offsets`);
      }
      await new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.FETCH, () => resolve());
        // With autoCommit on, a seek is committed as soon as the member holds the partition.
        consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => {} }).catch(reject);
        consumer.pause([{ topic }]);
        for (const o of offsets) consumer.seek({ topic, partition: o.partition, offset: o.offset });
      });
    } finally {
      await consumer.disconnect();
    }
  }

  /**
   * Reads with a throw-away group whose start offsets are set beforehand, then deleted: no consumer
   * group of the product is touched, and nothing past the end seen at the start is returned.
   */
  async read(topic: string, options: ReadOptions = {}): Promise<InboundMessage[]> {
    this.assertOpen();
    const ends = await this.topicOffsets(topic);
    const starts = ends.map(({ partition, low, high }) => {
      const from = options.from?.find((f) => f.partition === partition)?.offset ?? null;
      const start = Math.max(Number(low), from === null ? 0 : Number(from));
      return { partition, start, end: Number(high) };
    });
    const wanted = starts.filter((s) => s.start < s.end);
    if (wanted.length === 0) return [];
    const admin = await this.getAdmin();
    const groupId = `reader.${topic}.${randomUUID()}`;
    await this.commitOffsets(
      groupId,
      topic,
      starts.map((s) => ({ partition: s.partition, offset: String(s.start) })),
    );
    const consumer = this.kafka.consumer({
      groupId,
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    const collected: InboundMessage[] = [];
    const remaining = new Map(wanted.map((s) => [s.partition, s.end]));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timeoutMs = this.options.readTimeoutMs ?? 30_000;
        const timer = setTimeout(
          () => reject(new Error(`read(${topic}) did not reach the end within ${timeoutMs} ms`)),
          timeoutMs,
        );
        consumer
          .run({
            autoCommit: false,
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, resolveOffset }) => {
              const end = remaining.get(batch.partition);
              for (const m of batch.messages) {
                if (end !== undefined && Number(m.offset) < end) {
                  collected.push(toInbound(batch.topic, batch.partition, m));
                }
                resolveOffset(m.offset);
              }
              const last = batch.messages.at(-1);
              if (end !== undefined && last && Number(last.offset) + 1 >= end) remaining.delete(batch.partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch((err: unknown) => {
            clearTimeout(timer);
            reject(err as Error);
          });
      });
    } finally {
      await consumer.disconnect().catch(() => {});
      await admin.deleteGroups([groupId]).catch(() => {});
    }
    collected.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
    return options.limit === undefined ? collected : collected.slice(0, options.limit);
  }

  async ping(): Promise<void> {
    this.assertOpen();
    const admin = await this.getAdmin();
    const { brokers } = await admin.describeCluster();
    if (brokers.length === 0) throw new Error('the cluster reports no brokers');
  }

  /** Stops every consumer (each finishes its batch in hand and commits), then the producer and admin. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((c) => c.stop()));
    const producer = this.producer;
    const admin = this.admin;
    this.producer = undefined;
    this.admin = undefined;
    await Promise.all([
      producer?.then((p) => p.disconnect()).catch(() => {}),
      admin?.then((a) => a.disconnect()).catch(() => {}),
    ]);
  }

  // ---- used by the consumer runner ----

  readonly now = (): Date => (this.options.now ?? (() => new Date()))();

  /** For tests and tools: deletes topics, their groups' retry topics, and consumer groups (missing ones are ignored). */
  async deleteTopicsAndGroups(topics: readonly string[], groups: readonly string[]): Promise<void> {
    const admin = await this.getAdmin();
    if (groups.length > 0) await admin.deleteGroups([...groups]).catch(() => {});
    const isRetryOf = (name: string): boolean =>
      name.endsWith('.retry') && topics.some((t) => name.startsWith(`${t}.`));
    const doomed = (await admin.listTopics()).filter((t) => topics.includes(t) || isRetryOf(t));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed });
    for (const t of [...topics, ...doomed]) this.knownTopics.delete(t);
  }

  private async assertTopicExists(topic: string): Promise<void> {
    if (this.knownTopics.has(topic)) return;
    const admin = await this.getAdmin();
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) throw new UnknownTopicError(topic);
    this.knownTopics.add(topic);
  }

  private getProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
        // Unlimited retries keep the idempotent producer's guarantee; the wait between them is capped.
        retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 10_000 },
      });
      await producer.connect();
      return producer;
    })();
    const p = this.producer;
    p.catch(() => {
      if (this.producer === p) this.producer = undefined;
    });
    return p;
  }

  /** Forgets `producer` (if it is still the current one) and disconnects it without waiting. */
  private replaceProducer(producer: Promise<Producer>): void {
    if (this.producer !== producer) return;
    this.producer = undefined;
    void producer.then((p) => p.disconnect()).catch(() => {});
  }

  private getAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    const a = this.admin;
    a.catch(() => {
      if (this.admin === a) this.admin = undefined;
    });
    return a;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('KafkaTransport is closed');
  }
}

/**
 * Settles as `work` does, or rejects with `timedOut()` after `ms`; a later rejection of `work` is
 * then observed (never an unhandled rejection) and dropped.
 */
async function withinDeadline<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}

function toInbound(topic: string, partition: number, m: KafkaMessage): InboundMessage {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key === null ? null : m.key.toString(),
    value: m.value === null ? null : m.value.toString(),
    headers: headersToStrings(m.headers),
  };
}

/** The first wait before a consumer kafkajs stopped is started again, and the longest. */
const RESTART_BACKOFF_MS = 1_000;
const RESTART_BACKOFF_MAX_MS = 30_000;

class KafkaConsumerRunner implements ConsumerHandle {
  private stopping = false;
  private crashesInARow = 0;
  private stopped?: Promise<void>;
  private batchInHand?: Promise<void>;
  private readonly pendingWaits = new Set<{ timer: NodeJS.Timeout; resolve: (completed: boolean) => void }>();
  private readonly handleOne: (message: InboundMessage) => Promise<void>;

  constructor(
    private readonly transport: KafkaTransport,
    private readonly consumer: Consumer,
    private readonly options: ConsumerOptions,
    private readonly subscription: GroupSubscription,
    private readonly retry: NonNullable<ConsumerOptions['retry']>,
    private readonly onStopped: () => void,
  ) {
    this.handleOne = singleMessageHandler(options);
    // kafkajs restarts a consumer after a retriable crash, and leaves it stopped after any other —
    // its partitions would then stay unserved by this member for good.
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) void this.restartAfterCrash(payload.error);
    });
  }

  /** Starts again a consumer kafkajs gave up on, after a backoff that grows with each crash in a row. */
  private async restartAfterCrash(error: Error): Promise<void> {
    if (this.stopping) return;
    const delayMs = Math.min(RESTART_BACKOFF_MAX_MS, RESTART_BACKOFF_MS * 2 ** this.crashesInARow++);
    const log = this.transport.options.log ?? defaultLog;
    log({
      level: 'warn',
      namespace: 'Runner',
      message: `consumer of ${this.options.groupId} stopped after ${error.name}; restarting in ${delayMs} ms`,
    });
    if (!(await this.wait(delayMs, async () => {}))) return;
    try {
      await this.start();
    } catch (err) {
      if (!this.stopping) void this.restartAfterCrash(err instanceof Error ? err : new Error(String(err)));
    }
  }

  async start(): Promise<void> {
    // connect and subscribe ride out a broker still starting or too busy to answer in time; and
    // subscribe reads the topics' metadata and, unlike most kafkajs calls, gives up at once when the
    // broker does not know a topic another process has just created (UNKNOWN_TOPIC_OR_PARTITION).
    await whileSettling(
      async () => {
        await this.consumer.connect();
        await this.consumer.subscribe({
          topics: [...this.options.topics],
          fromBeginning: this.options.fromBeginning ?? true,
        });
        // A retry topic holds only replays meant for this group: all of it, whatever fromBeginning says.
        await this.consumer.subscribe({ topics: [...this.subscription.retries.keys()], fromBeginning: true });
      },
      { transient: isTransientAtStartup, budgetMs: STARTUP_BUDGET_MS },
    );
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => {
        const batch = this.processBatch(payload);
        this.batchInHand = batch;
        return batch;
      },
    });
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.cancelWaits();
      await this.batchInHand?.catch(() => {});
      await this.consumer.disconnect();
      this.onStopped();
    })();
    return this.stopped;
  }

  pause(): void {
    this.consumer.pause(this.subscription.all.map((topic) => ({ topic })));
  }

  resume(): void {
    this.consumer.resume(this.subscription.all.map((topic) => ({ topic })));
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    if (this.stopping) return;
    try {
      await this.handleBatch(payload);
    } catch (err) {
      if (err instanceof AssignmentGone) return; // uncommitted: the partition's new owner gets it again
      // Commit what was resolved, also when a dead-letter failure ends the batch early.
      await commitResolved(payload).catch(() => {});
      throw err;
    }
    // Commit what was resolved, also when a rebalance (heartbeat) ended the batch early; a commit
    // refused because of that rebalance only means a redelivery.
    await commitResolved(payload);
    this.crashesInARow = 0;
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale } = payload;
    const resolveOffset = (offset: string) => offsetCall(() => payload.resolveOffset(offset));
    // What the handler is given: a replay from the group's retry topic as its original message.
    const deliverable = (m: KafkaMessage) => this.subscription.deliverable(toInbound(batch.topic, batch.partition, m));
    const { handleBatch } = this.options;
    const last = batch.messages.at(-1);
    if (handleBatch && last && isRunning() && !isStale()) {
      try {
        const messages = batch.messages.map(deliverable).filter((m) => m !== undefined);
        if (messages.length > 0) await handleBatch(messages);
        resolveOffset(last.offset);
        await heartbeat();
        return;
      } catch (err) {
        if (err instanceof AssignmentGone) throw err;
        // Stopping: nothing of the batch is committed and it comes again. Otherwise each message
        // goes through the one-at-a-time delivery below (retries, dead letters).
        if (this.stopping || !isRunning()) return;
      }
    }
    for (const message of batch.messages) {
      // Not running: kafkajs is shutting the consumer down; stale: the partition was moved (seek).
      if (!isRunning() || isStale()) break;
      const inbound = deliverable(message);
      if (inbound === undefined) {
        // In a retry topic but no replay for this group (ADR 0007): passed over.
        resolveOffset(message.offset);
        continue;
      }
      const delivery = await deliver(inbound, {
        groupId: this.options.groupId,
        handle: this.handleOne,
        retry: this.retry,
        retryable: this.options.retryable ?? (() => true),
        wait: (ms) => this.wait(ms, heartbeat),
        active: () => !this.stopping && isRunning(),
        publish: (topic, messages) => this.transport.publish(topic, messages),
        now: this.transport.now,
        onDeadLetter: bothDeadLetterHooks(this.transport.options.onDeadLetter, this.options.onDeadLetter),
      });
      if (delivery.outcome === 'interrupted') break;
      resolveOffset(message.offset);
      await heartbeat();
    }
  }

  /** Backoff between attempts, heartbeating so a long backoff does not cost the partitions. */
  private wait(ms: number, heartbeat: () => Promise<void>): Promise<boolean> {
    if (this.stopping) return Promise.resolve(false);
    return new Promise((resolve) => {
      // Best effort while waiting: a missed heartbeat only risks a rebalance, which the retry survives.
      const beat = setInterval(() => void heartbeat().catch(() => {}), 1_000);
      const entry = {
        timer: setTimeout(() => {
          clearInterval(beat);
          this.pendingWaits.delete(entry);
          resolve(!this.stopping);
        }, ms),
        resolve: (completed: boolean) => {
          clearInterval(beat);
          resolve(completed);
        },
      };
      this.pendingWaits.add(entry);
    });
  }

  private cancelWaits(): void {
    for (const entry of this.pendingWaits) {
      clearTimeout(entry.timer);
      entry.resolve(false);
    }
    this.pendingWaits.clear();
  }
}

const SETTLING_ERRORS = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'INVALID_REPLICATION_FACTOR',
]);

interface SettlingOptions {
  /** Which errors are worth another try. Default: the metadata-settling ones. */
  readonly transient?: (err: unknown) => boolean;
  /** How long to keep trying, in ms. Default 15 000. */
  readonly budgetMs?: number;
}

/** Provisioning at start-up (topics, subscriptions) rides out a busy or just-started broker this long. */
const STARTUP_BUDGET_MS = 90_000;

/**
 * A broker that has just started, or a topic just created, answers UNKNOWN_TOPIC_OR_PARTITION,
 * LEADER_NOT_AVAILABLE, NOT_LEADER_FOR_PARTITION or INVALID_REPLICATION_FACTOR while its metadata
 * settles (kafkajs' admin does not retry all of them): retried with backoff for a bounded time.
 */
async function whileSettling<T>(work: () => Promise<T>, options: SettlingOptions = {}): Promise<T> {
  const { transient = isSettlingError, budgetMs = 15_000 } = options;
  const deadline = Date.now() + budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const pause = Math.min(250 * 2 ** (attempt - 1), 3000);
      if (Date.now() + pause >= deadline || !transient(err)) throw err;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/** Errors a broker gives while its metadata is still settling (fresh start, new topics, load). */
export function isSettlingError(err: unknown): boolean {
  const e = err as { type?: unknown; errors?: unknown } | undefined;
  if (typeof e?.type === 'string' && SETTLING_ERRORS.has(e.type)) return true;
  // createTopics reports per-topic failures in `errors`.
  return Array.isArray(e?.errors) && e.errors.some((x: { type?: unknown }) => SETTLING_ERRORS.has(String(x?.type)));
}

/**
 * What a starting service should wait out rather than die of: metadata settling, and a broker too
 * busy or not yet up to answer — requests timing out (CI once lost a service at boot to "Request
 * CreateTopics timed out" under load), "timed out while waiting for topic leaders", refused
 * connections, and any error kafkajs marks retriable, also after its own retries ran out.
 */
export function isTransientAtStartup(err: unknown): boolean {
  if (isSettlingError(err)) return true;
  const e = err as { name?: unknown; retriable?: unknown; cause?: unknown } | undefined;
  if (typeof e?.name !== 'string' || !e.name.startsWith('KafkaJS')) return false;
  if (e.retriable === true || e.name === 'KafkaJSTimeout') return true;
  return e.name === 'KafkaJSNumberOfRetriesExceeded' && isTransientAtStartup(e.cause);
}
