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
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a group with no committed offset starts. Default true (event topics are the record). */
  readonly fromBeginning?: boolean;
  /**
   * Handles one message. Throwing retries it with backoff; after `retry.maxAttempts` the message
   * goes to `<topic>.dlq` with the error and its original coordinates in headers, and the
   * partition moves on. Must be idempotent: after a crash, uncommitted messages are redelivered.
   */
  readonly handle: (message: InboundMessage) => Promise<void>;
  readonly retry?: RetryPolicy;
}

export interface ConsumerHandle {
  /** Finishes the batch in hand, commits it, and leaves the group. */
  stop(): Promise<void>;
}

export interface MessageTransport {
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Sends many messages per request; resolves once the broker acknowledged all (acks = all). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  consume(options: ConsumerOptions): Promise<ConsumerHandle>;
  close(): Promise<void>;
}
