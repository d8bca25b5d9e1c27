// The messaging port. libs/messaging is the only code that imports kafkajs (the Kafka transport);
// the in-memory transport has the same semantics for the embedded mode and for unit tests.

export interface OutgoingMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface InboundMessage {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offset as a decimal string. */
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  /** -1 keeps messages forever (event topics: projections are rebuilt from offset 0). */
  readonly retentionMs?: number;
}

export interface RetryPolicy {
  /** Attempts per message before it goes to the dead-letter topic (1 = no retry). */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export interface ConsumerOptions {
  /** Also names the group's retry topics (`<topic>.<groupId>.retry`): a valid topic name part. */
  readonly groupId: string;
  /**
   * The topics read. The group also reads each one's retry topic, where replays of its own dead
   * letters go (ADR 0007); the handler gets a replay as the original message (its topic, partition
   * and offset), i.e. like a redelivery.
   */
  readonly topics: readonly string[];
  /** Where a group with no committed offset starts. Default true (event topics are the record). */
  readonly fromBeginning?: boolean;
  /**
   * Handles one message. Throwing retries it with backoff; after `retry.maxAttempts` the message
   * goes to `<topic>.dlq` with the error and its original coordinates in headers, and the
   * partition moves on. Must be idempotent: after a crash, uncommitted messages are redelivered.
   * Exactly one of `handle` and `handleBatch` is given.
   */
  readonly handle?: (message: InboundMessage) => Promise<void>;
  /**
   * Handles every message fetched from one partition at once (in offset order, all of one
   * topic-partition); the batch's offsets are committed once it resolves. When it throws, the same
   * messages are delivered again one at a time, each as a batch of one, with the retries and
   * dead-lettering `handle` gets — so a poison message goes to the dead-letter topic alone and the
   * partition moves on. Must be idempotent, like `handle`: it may see a message again after a crash
   * or after its own failure.
   */
  readonly handleBatch?: (messages: readonly InboundMessage[]) => Promise<void>;
  readonly retry?: RetryPolicy;
  /**
   * Whether an error is worth another attempt. A message that can never succeed (invalid JSON, a
   * schema violation) goes to the dead-letter topic at once instead of waiting out the backoff.
   * Default: every error is retried.
   */
  readonly retryable?: (error: unknown) => boolean;
  /**
   * Told after a message of this consumer went to the dead-letter topic (metrics, alerts); runs
   * besides the transport's own `onDeadLetter`. Must not throw.
   */
  readonly onDeadLetter?: DeadLetterHook;
}

/** The one-message handler of a consumer: `handle`, or `handleBatch` with a batch of one. */
export function singleMessageHandler(options: ConsumerOptions): (message: InboundMessage) => Promise<void> {
  const { handle, handleBatch } = options;
  if (handle && !handleBatch) return handle;
  if (handleBatch && !handle) return (message) => handleBatch([message]);
  throw new RangeError('consume: give exactly one of handle and handleBatch');
}

export type DeadLetterHook = (message: InboundMessage, error: unknown, attempts: number) => void;

export interface ConsumerHandle {
  /** Finishes the batch in hand, commits it, and leaves the group. */
  stop(): Promise<void>;
  /** Stops fetching (the batch in hand still finishes); the group keeps the partitions. */
  pause(): void;
  resume(): void;
}

/** What a partition holds: offsets `low` (first still stored) up to `high` (next to be written). */
export interface PartitionOffsets {
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

/** A consumer group's position in one partition: the next offset it will read, null if none committed. */
export interface CommittedOffset {
  readonly partition: number;
  readonly offset: string | null;
}

export interface ReadOptions {
  /** Where to start per partition; a partition not listed (or with a null offset) starts at its beginning. */
  readonly from?: readonly CommittedOffset[];
  /** Stop after this many messages (all partitions together). Default: everything up to the end. */
  readonly limit?: number;
}

export interface MessageTransport {
  /** Creates missing topics; existing ones are left as they are. Idempotent. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Sends many messages per request; resolves once the broker acknowledged all (acks = all). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  consume(options: ConsumerOptions): Promise<ConsumerHandle>;
  /** Per partition, the first and the next offset (for lag, backlogs, and reading up to "now"). */
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Per partition of `topic`, where `groupId` has committed. */
  groupOffsets(groupId: string, topic: string): Promise<CommittedOffset[]>;
  /**
   * Sets where a group resumes in `topic` (offset = the next message it will read). Only for a group
   * with no running member — a tool's own group, or a stopped consumer group an operator moves.
   */
  commitOffsets(
    groupId: string,
    topic: string,
    offsets: readonly { partition: number; offset: string }[],
  ): Promise<void>;
  /**
   * Reads a topic from `from` (default: its beginning) up to its end at the time of the call,
   * without any consumer group (inspection and replay tools). Ordered by partition, then offset.
   */
  read(topic: string, options?: ReadOptions): Promise<InboundMessage[]>;
  /**
   * Resolves when the broker answers a metadata request (readiness probes); rejects when it cannot
   * be reached or the transport is closed. The caller bounds how long it waits.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The topic does not exist (the broker does not create topics on first use; see ensureTopics). */
/** A publish the broker did not acknowledge in time; nothing is known about what it delivered. */
export class PublishTimeoutError extends Error {
  override readonly name = 'PublishTimeoutError';
  constructor(
    readonly topic: string,
    readonly timeoutMs: number,
  ) {
    super(`publish to ${topic} not acknowledged within ${timeoutMs} ms (given up; send it again)`);
  }
}

export class UnknownTopicError extends Error {
  override readonly name = 'UnknownTopicError';
  constructor(readonly topic: string) {
    super(`topic ${topic} does not exist (create it with ensureTopics)`);
  }
}
