// The embedded twin of the Kafka transport (DESIGN §6): topics with partitions chosen by key hash
// (the same murmur2 as Kafka), per-partition order, consumer groups that split partitions among
// their members and commit offsets per batch, redelivery of whatever a crashed member had not
// committed, and the same retries and dead letters (delivery.ts). Everything lives in this object;
// nothing survives the process.
import { deadLetterTopic } from '#contracts';
import { DEFAULT_RETRY_POLICY, bothDeadLetterHooks, deliver, validateRetryPolicy } from './delivery.js';
import { partitionForKey } from './partitioner.js';
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
  type RetryPolicy,
  type TopicSpec,
  UnknownTopicError,
  singleMessageHandler,
} from './transport.js';

export interface InMemoryTransportOptions {
  /**
   * Create a topic on first publish or subscribe, with `defaultPartitions`. Default false, like the
   * project's brokers (`auto.create.topics.enable=false`): topics come from `ensureTopics`.
   */
  readonly autoCreateTopics?: boolean;
  /** Partitions of an auto-created topic (the broker's `num.partitions`). Default 3. */
  readonly defaultPartitions?: number;
  /** Most messages one batch hands a consumer from one partition. Default 100. */
  readonly maxBatchSize?: number;
  /** The clock stamped on dead letters (`dlq-failed-at`). */
  readonly now?: () => Date;
  readonly onDeadLetter?: (message: InboundMessage, error: unknown, attempts: number) => void;
}

export interface InMemoryConsumerHandle extends ConsumerHandle {
  /**
   * Simulates the consumer's process dying mid-batch: nothing more is handled or committed, and the
   * group reassigns its partitions at once (as after a session timeout), so a surviving or new
   * member gets every uncommitted message again.
   */
  kill(): void;
}

interface StoredMessage {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

interface TopicState {
  readonly partitions: StoredMessage[][];
  readonly retentionMs: number;
}

interface GroupState {
  readonly id: string;
  readonly members: Member[];
  /** `${topic}/${partition}` → the next offset the group reads. */
  readonly committed: Map<string, number>;
  /** A partition being processed by a member; nobody else takes it until that batch ends. */
  readonly inFlight: Map<string, Member>;
}

const DEAD_LETTER_TOPIC_SPEC = { partitions: 1, retentionMs: -1 };

const tpKey = (topic: string, partition: number): string => `${topic}/${partition}`;

export class InMemoryTransport implements MessageTransport {
  private readonly topics = new Map<string, TopicState>();
  private readonly groups = new Map<string, GroupState>();
  private waiters: Array<() => void> = [];
  private closed = false;
  private readonly autoCreate: boolean;
  private readonly defaultPartitions: number;
  readonly maxBatchSize: number;
  readonly now: () => Date;
  readonly onDeadLetter: InMemoryTransportOptions['onDeadLetter'];

  constructor(options: InMemoryTransportOptions = {}) {
    this.autoCreate = options.autoCreateTopics ?? false;
    this.defaultPartitions = options.defaultPartitions ?? 3;
    this.maxBatchSize = options.maxBatchSize ?? 100;
    this.now = options.now ?? (() => new Date());
    this.onDeadLetter = options.onDeadLetter;
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    for (const spec of specs) {
      if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
        throw new RangeError(`topic ${spec.topic}: partitions must be an integer ≥ 1`);
      }
      if (!this.topics.has(spec.topic)) this.createTopic(spec.topic, spec.partitions, spec.retentionMs ?? -1);
    }
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    const state = this.topicState(topic);
    for (const message of messages) {
      const partition = partitionForKey(message.key, state.partitions.length);
      const log = state.partitions[partition];
      if (!log) throw new RangeError(`${topic} has no partition ${partition}`);
      log.push({ key: message.key, value: message.value, headers: { ...message.headers } });
    }
    if (messages.length > 0) this.wake();
  }

  async consume(options: ConsumerOptions): Promise<InMemoryConsumerHandle> {
    this.assertOpen();
    if (options.topics.length === 0) throw new RangeError('consume: at least one topic');
    const retry = validateRetryPolicy(options.retry ?? DEFAULT_RETRY_POLICY);
    singleMessageHandler(options);
    const subscription = new GroupSubscription(options.groupId, options.topics);
    for (const topic of options.topics) {
      this.topicState(topic);
      const dlq = deadLetterTopic(topic);
      if (!this.topics.has(dlq))
        this.createTopic(dlq, DEAD_LETTER_TOPIC_SPEC.partitions, DEAD_LETTER_TOPIC_SPEC.retentionMs);
    }
    // Replays of this group's dead letters (ADR 0007), read from their beginning whatever fromBeginning says.
    await this.ensureTopics([...subscription.retries.keys()].map(retryTopicSpec));
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = { id: options.groupId, members: [], committed: new Map(), inFlight: new Map() };
      this.groups.set(options.groupId, group);
    }
    if (options.fromBeginning === false) {
      // A group with no committed offset starts at the end (Kafka's auto.offset.reset=latest).
      for (const topic of options.topics) {
        this.topicState(topic).partitions.forEach((messages, partition) => {
          const key = tpKey(topic, partition);
          if (!group.committed.has(key)) group.committed.set(key, messages.length);
        });
      }
    }
    const member = new Member(this, group, options, subscription, retry);
    group.members.push(member);
    this.rebalance(group);
    member.start();
    return member;
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const state = this.topics.get(topic);
    if (!state) throw new UnknownTopicError(topic);
    return state.partitions.map((messages, partition) => ({ partition, low: '0', high: String(messages.length) }));
  }

  async groupOffsets(groupId: string, topic: string): Promise<CommittedOffset[]> {
    const state = this.topics.get(topic);
    if (!state) throw new UnknownTopicError(topic);
    const committed = this.groups.get(groupId)?.committed;
    return state.partitions.map((_, partition) => {
      const offset = committed?.get(tpKey(topic, partition));
      return { partition, offset: offset === undefined ? null : String(offset) };
    });
  }

  async commitOffsets(
    groupId: string,
    topic: string,
    offsets: readonly { partition: number; offset: string }[],
  ): Promise<void> {
    const state = this.topics.get(topic);
    if (!state) throw new UnknownTopicError(topic);
    let group = this.groups.get(groupId);
    if (group && group.members.length > 0) {
      throw new Error(`group ${groupId} has running members: stop them before moving its offsets`);
    }
    if (!group) {
      group = { id: groupId, members: [], committed: new Map(), inFlight: new Map() };
      this.groups.set(groupId, group);
    }
    for (const { partition, offset } of offsets) {
      if (partition < 0 || partition >= state.partitions.length) {
        throw new RangeError(`topic ${topic} has no partition ${partition}`);
      }
      group.committed.set(tpKey(topic, partition), Number(offset));
    }
  }

  async read(topic: string, options: ReadOptions = {}): Promise<InboundMessage[]> {
    const state = this.topics.get(topic);
    if (!state) throw new UnknownTopicError(topic);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const out: InboundMessage[] = [];
    state.partitions.forEach((messages, partition) => {
      const start = Number(options.from?.find((f) => f.partition === partition)?.offset ?? 0);
      for (const [at, message] of messages.slice(start).entries()) {
        if (out.length >= limit) break;
        out.push(toInbound(topic, partition, start + at, message));
      }
    });
    return out;
  }

  /** Always answers while open: the "broker" is this object. */
  async ping(): Promise<void> {
    this.assertOpen();
  }

  /** Stops every consumer (finishing the batches in hand); later calls fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    const members = [...this.groups.values()].flatMap((g) => g.members);
    await Promise.all(members.map((m) => m.stop()));
    this.closed = true;
    this.wake();
  }

  /** For tests: kills every consumer and forgets all topics, messages and groups. */
  reset(): void {
    for (const group of this.groups.values()) for (const member of [...group.members]) member.kill();
    this.topics.clear();
    this.groups.clear();
    this.closed = false;
    this.wake();
  }

  // ---- used by Member ----

  /** Resolves at the next publish, commit, rebalance, pause/resume or stop. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  messagesAt(topic: string, partition: number): StoredMessage[] {
    return this.topics.get(topic)?.partitions[partition] ?? [];
  }

  /** Which member holds each partition: round-robin over members in join order, per topic. */
  rebalance(group: GroupState): void {
    for (const member of group.members) member.assignment = [];
    const topics = new Set(group.members.flatMap((m) => m.topics));
    for (const topic of topics) {
      const subscribers = group.members.filter((m) => m.topics.includes(topic));
      const partitions = this.topics.get(topic)?.partitions.length ?? 0;
      for (let p = 0; p < partitions; p++) subscribers[p % subscribers.length]?.assignment.push(tpKey(topic, p));
    }
    this.wake();
  }

  private createTopic(topic: string, partitions: number, retentionMs: number): TopicState {
    const state: TopicState = { partitions: Array.from({ length: partitions }, () => []), retentionMs };
    this.topics.set(topic, state);
    return state;
  }

  private topicState(topic: string): TopicState {
    const existing = this.topics.get(topic);
    if (existing) return existing;
    if (!this.autoCreate) throw new UnknownTopicError(topic);
    return this.createTopic(topic, this.defaultPartitions, -1);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('InMemoryTransport is closed');
  }
}

function toInbound(topic: string, partition: number, offset: number, m: StoredMessage): InboundMessage {
  return { topic, partition, offset: String(offset), key: m.key, value: m.value, headers: { ...m.headers } };
}

class Member implements InMemoryConsumerHandle {
  assignment: string[] = [];
  readonly topics: readonly string[];
  private state: 'running' | 'stopping' | 'stopped' | 'killed' = 'running';
  private paused = false;
  private cursor = 0;
  private loop: Promise<void> = Promise.resolve();
  private readonly pendingWaits = new Set<{ timer: NodeJS.Timeout; resolve: (completed: boolean) => void }>();
  private readonly handleOne: (message: InboundMessage) => Promise<void>;

  constructor(
    private readonly transport: InMemoryTransport,
    private readonly group: GroupState,
    private readonly options: ConsumerOptions,
    private readonly subscription: GroupSubscription,
    private readonly retry: RetryPolicy,
  ) {
    this.topics = subscription.all;
    this.handleOne = singleMessageHandler(options);
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (this.state === 'running') {
      this.state = 'stopping';
      this.cancelWaits();
      this.transport.wake();
      await this.loop;
      this.state = 'stopped';
      this.leave();
    } else if (this.state === 'stopping') {
      await this.loop;
    }
  }

  kill(): void {
    if (this.state === 'killed' || this.state === 'stopped') return;
    this.state = 'killed';
    this.cancelWaits();
    for (const [key, holder] of this.group.inFlight) if (holder === this) this.group.inFlight.delete(key);
    this.leave();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.transport.wake();
  }

  private leave(): void {
    const at = this.group.members.indexOf(this);
    if (at >= 0) this.group.members.splice(at, 1);
    this.transport.rebalance(this.group);
  }

  private async run(): Promise<void> {
    while (this.state === 'running') {
      const work = this.paused ? undefined : this.nextWork();
      if (!work) {
        await this.transport.changed();
        continue;
      }
      try {
        await this.processBatch(work.topic, work.partition, work.from);
      } catch {
        // A dead letter could not be published: the message stays uncommitted and is tried again.
        await this.wait(this.retry.maxBackoffMs);
      }
    }
  }

  /** The next assigned partition (round-robin) with messages past the group's committed offset. */
  private nextWork(): { topic: string; partition: number; from: number } | undefined {
    const n = this.assignment.length;
    for (let i = 0; i < n; i++) {
      const key = this.assignment[(this.cursor + i) % n];
      if (key === undefined || this.group.inFlight.has(key)) continue;
      const slash = key.lastIndexOf('/');
      const topic = key.slice(0, slash);
      const partition = Number(key.slice(slash + 1));
      const from = this.group.committed.get(key) ?? 0;
      if (this.transport.messagesAt(topic, partition).length > from) {
        this.cursor = (this.cursor + i + 1) % n;
        return { topic, partition, from };
      }
    }
    return undefined;
  }

  private async processBatch(topic: string, partition: number, from: number): Promise<void> {
    const key = tpKey(topic, partition);
    const batch = this.transport.messagesAt(topic, partition).slice(from, from + this.transport.maxBatchSize);
    this.group.inFlight.set(key, this);
    let next = from;
    // What the handler is given: a replay from the group's retry topic as its original message.
    const deliverable = (stored: StoredMessage, i: number) =>
      this.subscription.deliverable(toInbound(topic, partition, from + i, stored));
    try {
      const { handleBatch } = this.options;
      if (handleBatch && batch.length > 0) {
        try {
          const messages = batch.map(deliverable).filter((m) => m !== undefined);
          if (messages.length > 0) await handleBatch(messages);
          if (!this.killed()) next = from + batch.length;
          return;
        } catch {
          // Stopping or killed: nothing of the batch is committed. Otherwise each message goes
          // through the one-at-a-time delivery below (retries, dead letters), as on Kafka.
          if (this.state !== 'running') return;
        }
      }
      for (const [i, stored] of batch.entries()) {
        if (this.killed()) return;
        const inbound = deliverable(stored, i);
        if (inbound === undefined) {
          // In a retry topic but no replay for this group (ADR 0007): passed over.
          next = from + i + 1;
          continue;
        }
        const delivery = await deliver(inbound, {
          groupId: this.group.id,
          handle: this.handleOne,
          retry: this.retry,
          retryable: this.options.retryable ?? (() => true),
          wait: (ms) => this.wait(ms),
          active: () => this.state === 'running',
          publish: (t, messages) => this.transport.publish(t, messages),
          now: this.transport.now,
          onDeadLetter: bothDeadLetterHooks(this.transport.onDeadLetter, this.options.onDeadLetter),
        });
        // A killed process commits nothing: what it handled since the last commit comes again.
        if (this.killed() || delivery.outcome === 'interrupted') break;
        next = from + i + 1;
      }
    } finally {
      if (!this.killed()) {
        if (next > from) this.group.committed.set(key, next);
        this.group.inFlight.delete(key);
        this.transport.wake();
      }
    }
  }

  /** A method, not a field test: the state changes while a handler is awaited. */
  private killed(): boolean {
    return this.state === 'killed';
  }

  private wait(ms: number): Promise<boolean> {
    if (this.state !== 'running') return Promise.resolve(false);
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pendingWaits.delete(entry);
          resolve(this.state === 'running');
        }, ms),
        resolve,
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
