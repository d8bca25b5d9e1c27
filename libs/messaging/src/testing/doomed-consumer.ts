// The consumer the crash scenario kills mid-batch: it applies each message once (dedup by event id)
// into an applied log, and at one chosen event stops dead, as a process that hangs and is then
// killed would. The same code runs in-process for the in-memory transport and in a child process
// (doomed-consumer-process.ts) for Kafka, where the kill is a real SIGKILL.
import { dedupHandler, eventIdFromHeaders, type ProcessedEvents } from '../dedup.js';
import { type ConsumerHandle, type InboundMessage, type MessageTransport, type RetryPolicy } from '../transport.js';

export interface DoomedConsumerScenario {
  readonly topic: string;
  readonly groupId: string;
  /** The event at which the consumer hangs (before applying it) until it is killed. */
  readonly blockAtEventId: string;
  readonly retry?: RetryPolicy;
  /** Consume with `handleBatch` (applying the batch's messages in order) instead of `handle`. */
  readonly batch?: boolean;
}

/** Where applied events are recorded — visible to the test across a process boundary. */
export interface AppliedLog {
  append(eventId: string): Promise<void>;
  entries(): Promise<string[]>;
}

export class InMemoryAppliedLog implements AppliedLog {
  private readonly applied: string[] = [];
  async append(eventId: string): Promise<void> {
    this.applied.push(eventId);
  }
  async entries(): Promise<string[]> {
    return [...this.applied];
  }
}

export function appliedLogHandler(processed: ProcessedEvents, log: AppliedLog, groupId: string) {
  return dedupHandler(processed, groupId, async (message) => {
    await log.append(eventIdFromHeaders(message));
  });
}

export function startDoomedConsumer(
  transport: MessageTransport,
  processed: ProcessedEvents,
  log: AppliedLog,
  scenario: DoomedConsumerScenario,
  onBlocked: () => void,
): Promise<ConsumerHandle> {
  const apply = appliedLogHandler(processed, log, scenario.groupId);
  const handle = async (message: InboundMessage): Promise<void> => {
    if (eventIdFromHeaders(message) === scenario.blockAtEventId) {
      onBlocked();
      await new Promise<never>(() => {});
    }
    await apply(message);
  };
  return transport.consume({
    groupId: scenario.groupId,
    topics: [scenario.topic],
    fromBeginning: true,
    ...(scenario.retry ? { retry: scenario.retry } : {}),
    ...(scenario.batch
      ? {
          handleBatch: async (messages: readonly InboundMessage[]) => {
            for (const message of messages) await handle(message);
          },
        }
      : { handle }),
  });
}
