// How a service consumes other services' topics: every message is read through the ContractRegistry
// (validated, upcast to the current schema version) before the handler sees it. A message that
// breaks its contract can never succeed, so it goes to `<topic>.dlq` at once; an error thrown by the
// handler is retried with backoff and then dead-lettered by the transport (DESIGN §3).
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ContractRegistry, ContractViolation, fromWireValue, type EventEnvelope } from '#contracts';
import {
  MissingEventIdError,
  dedupHandler,
  type ConsumerHandle,
  type InboundMessage,
  type MessageTransport,
  type ProcessedEvents,
  type RetryPolicy,
} from '#messaging';
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

  constructor(
    @Inject(MESSAGE_TRANSPORT) private readonly transport: MessageTransport,
    @Inject(ContractRegistry) private readonly registry: ContractRegistry,
    @Inject(PROCESSED_EVENTS) private readonly processed: ProcessedEvents,
    @Inject(EVENT_SOURCING_OPTIONS) private readonly options: { readonly topicPrefix?: string },
  ) {}

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
    const read = async (message: InboundMessage): Promise<void> => {
      const event = this.registry.read(fromWireValue(message.value));
      await subscription.handle(event, message);
    };
    const handle = subscription.dedup ? dedupHandler(this.processed, subscription.groupId, read) : read;
    const consumer = await this.transport.consume({
      groupId: subscription.groupId,
      topics: subscription.topics.map((t) => this.topicName(t)),
      handle,
      retryable: (error) => !isPermanentMessageError(error),
      ...(subscription.retry ? { retry: subscription.retry } : {}),
      ...(subscription.fromBeginning !== undefined ? { fromBeginning: subscription.fromBeginning } : {}),
    });
    this.running.push(consumer);
    this.logger.log(`${subscription.groupId} consumes ${subscription.topics.join(', ')}`);
  }
}
