// How a service consumes other services' topics: every message is read through the ContractRegistry
// (validated, upcast to the current schema version) before the handler sees it. A message that
// breaks its contract can never succeed, so it goes to `<topic>.dlq` at once; an error thrown by the
// handler is retried with backoff and then dead-lettered by the transport (DESIGN §3).
//
// Every handler runs under the correlation id its message carries, so what it logs (and any command
// it runs) belongs to the user action that started it; its group's lag, its projection's lag and its
// dead letters are reported to the service's metrics (KernelMetrics).
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ContractRegistry, ContractViolation, deadLetterTopic, fromWireValue, type EventEnvelope } from '#contracts';
import {
  MissingEventIdError,
  dedupHandler,
  type ConsumerHandle,
  type InboundMessage,
  type MessageTransport,
  type ProcessedEvents,
  type RetryPolicy,
} from '#messaging';
import { correlatedHandler, deadLetterBacklog } from '#observability';
import { KernelMetrics } from './kernel-metrics.js';
import { EVENT_SOURCING_OPTIONS, MESSAGE_TRANSPORT, PROCESSED_EVENTS } from './tokens.js';

export interface Subscription {
  /** The consumer group, e.g. `reporting.statistics`: its offsets are the projection's progress. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Applies one event, at the current schema version. Must be idempotent (at-least-once delivery). */
  readonly handle: (event: EventEnvelope, message: InboundMessage) => Promise<void>;
  /** Skip events this group already applied (by event id, in the service's store). Default false. */
  readonly dedup?: boolean;
  readonly retry?: RetryPolicy;
  /** Where a group with no committed offset starts. Default true. */
  readonly fromBeginning?: boolean;
  /**
   * Names the read model this subscription builds, to report its lag in events and seconds
   * (`landbureau_projection_lag_*`). Every subscription's consumer lag is reported anyway.
   */
  readonly projection?: string;
}

/** Errors no retry can fix: the message itself is wrong. */
export const isPermanentMessageError = (error: unknown): boolean =>
  error instanceof ContractViolation || error instanceof SyntaxError || error instanceof MissingEventIdError;

@Injectable()
export class EventSubscriptions {
  private readonly logger = new Logger(EventSubscriptions.name);
  private readonly pending: Subscription[] = [];
  private readonly running: ConsumerHandle[] = [];
  private started = false;
  private stopped = false;
  /** The dead-letter topics of what this service consumes, whose backlog its metrics report. */
  private readonly deadLetterTopics = new Set<string>();
  private readonly metrics: KernelMetrics;

  constructor(
    @Inject(MESSAGE_TRANSPORT) private readonly transport: MessageTransport,
    @Inject(ContractRegistry) private readonly registry: ContractRegistry,
    @Inject(PROCESSED_EVENTS) private readonly processed: ProcessedEvents,
    @Inject(EVENT_SOURCING_OPTIONS)
    private readonly options: { readonly topicPrefix?: string; readonly service?: string },
    @Optional() @Inject(KernelMetrics) metrics?: KernelMetrics,
  ) {
    this.metrics = metrics ?? new KernelMetrics();
  }

  private topicName(topic: string): string {
    return `${this.options.topicPrefix ?? ''}${topic}`;
  }

  /** Registers a consumer; it starts on application bootstrap (at once if that already happened). */
  async subscribe(subscription: Subscription): Promise<void> {
    if (this.stopped) throw new Error('EventSubscriptions: the application is shutting down');
    if (this.started) await this.startOne(subscription);
    else this.pending.push(subscription);
  }

  /** The topics the registered subscriptions read (provisioned before they start), prefix included. */
  topics(): string[] {
    return [...new Set(this.pending.flatMap((s) => s.topics.map((t) => this.topicName(t))))];
  }

  async start(): Promise<void> {
    this.started = true;
    for (const s of this.pending.splice(0)) await this.startOne(s);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running.splice(0).map((h) => h.stop()));
  }

  private async startOne(subscription: Subscription): Promise<void> {
    const { groupId } = subscription;
    const topics = subscription.topics.map((t) => this.topicName(t));
    const tracked = this.metrics.trackConsumer({
      groupId,
      topics,
      transport: this.transport,
      ...(subscription.projection !== undefined ? { projection: subscription.projection } : {}),
    });
    this.trackDeadLetters(topics);
    const read = async (message: InboundMessage): Promise<void> => {
      const event = this.registry.read(fromWireValue(message.value));
      await subscription.handle(event, message);
      tracked.applied(event.recordedAt);
    };
    const deduped = subscription.dedup ? dedupHandler(this.processed, groupId, read) : read;
    const correlation = this.options.service !== undefined ? { service: this.options.service } : {};
    const handle = correlatedHandler(deduped, correlation);
    // Logged under the letter's correlation id, like the handler's own lines.
    const reportDeadLetter = correlatedHandler(async (message: InboundMessage & { error: unknown }) => {
      this.logger.warn(`${groupId} dead-lettered ${message.topic}/${message.partition}@${message.offset}`, {
        errorName: message.error instanceof Error ? message.error.name : 'NonError',
      });
    }, correlation);
    const consumer = await this.transport.consume({
      groupId,
      topics,
      handle,
      retryable: (error) => !isPermanentMessageError(error),
      onDeadLetter: (message, error) => {
        this.metrics.recordDeadLetter(message.topic, groupId);
        // Only a log line; the dead letter itself is already on its topic, so it need not be awaited.
        void reportDeadLetter({ ...message, error });
      },
      ...(subscription.retry ? { retry: subscription.retry } : {}),
      ...(subscription.fromBeginning !== undefined ? { fromBeginning: subscription.fromBeginning } : {}),
    });
    this.running.push(consumer);
    this.logger.log(`${groupId} consumes ${subscription.topics.join(', ')}`);
  }

  /** One collector for the service: the backlog of every dead-letter topic its subscriptions feed. */
  private trackDeadLetters(topics: readonly string[]): void {
    const first = this.deadLetterTopics.size === 0;
    for (const t of topics) this.deadLetterTopics.add(deadLetterTopic(t));
    if (!first) return;
    this.metrics.addCollector('dead-letters', async () => ({
      deadLetterBacklog: await deadLetterBacklog(this.transport, [...this.deadLetterTopics]),
    }));
  }
}
