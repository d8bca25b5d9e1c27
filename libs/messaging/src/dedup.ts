// Consumer-side duplicate suppression. Kafka delivers at least once (a relay re-sends after a crash
// between send and mark; a consumer re-reads what it had not committed), so a consumer remembers
// which event ids its group has applied and skips them.
//
// The guarantee, precisely: `dedupHandler` checks, applies, then marks. A redelivered event that was
// applied AND marked is skipped. A crash after applying but before marking re-applies that one event
// once more — the window is one event per partition, but it exists. Where that matters (a projection
// counting things) make the write itself idempotent too: a version guard (`streamVersion` greater than
// the one stored) or an upsert keyed by event id, so re-applying cannot change a figure.
import mongoose, { type Connection, type Model } from 'mongoose';
import { EVENT_HEADERS } from '#contracts';
// The Mongo entry, not '#event-sourcing/outbox': the relay imports this library.
import { isDuplicateKeyError } from '#event-sourcing/mongo';
import { type InboundMessage } from './transport.js';

/** Which events a consumer group has applied. */
export interface ProcessedEvents {
  has(group: string, eventId: string): Promise<boolean>;
  /** Records `eventId` as applied by `group`; false if it already was. */
  mark(group: string, eventId: string): Promise<boolean>;
}

export class InMemoryProcessedEvents implements ProcessedEvents {
  private readonly seen = new Set<string>();

  async has(group: string, eventId: string): Promise<boolean> {
    return this.seen.has(processedId(group, eventId));
  }

  async mark(group: string, eventId: string): Promise<boolean> {
    const id = processedId(group, eventId);
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }

  clear(): void {
    this.seen.clear();
  }
}

interface ProcessedEventDoc {
  _id: string;
  group: string;
  eventId: string;
  processedAt: Date;
}

const processedEventSchema = new mongoose.Schema<ProcessedEventDoc>(
  {
    _id: { type: String, required: true },
    group: { type: String, required: true },
    eventId: { type: String, required: true },
    processedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * One document per (group, event), `_id` = `${group}:${eventId}`. Plain inserts against the unique
 * `_id`: the duplicate-key answer is reliable on MongoDB and FerretDB alike (DESIGN §5).
 */
export class MongoProcessedEvents implements ProcessedEvents {
  private readonly model: Model<ProcessedEventDoc>;

  constructor(
    connection: Connection,
    collection = 'processed_events',
    private readonly now: () => Date = () => new Date(),
  ) {
    const modelName = `ProcessedEvent:${collection}`;
    this.model =
      (connection.models[modelName] as Model<ProcessedEventDoc> | undefined) ??
      connection.model<ProcessedEventDoc>(modelName, processedEventSchema, collection);
  }

  async has(group: string, eventId: string): Promise<boolean> {
    return (await this.model.exists({ _id: processedId(group, eventId) })) !== null;
  }

  async mark(group: string, eventId: string): Promise<boolean> {
    try {
      await this.model.create({ _id: processedId(group, eventId), group, eventId, processedAt: this.now() });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }
}

export const processedId = (group: string, eventId: string): string => `${group}:${eventId}`;

/** A message without an event id cannot be deduplicated: it is a contract violation (dead-lettered). */
export class MissingEventIdError extends Error {
  override readonly name = 'MissingEventIdError';
  constructor(message: InboundMessage) {
    super(`message ${message.topic}/${message.partition}@${message.offset} has no ${EVENT_HEADERS.eventId} header`);
  }
}

/** The event id from the `event-id` header the wire mapping writes (`toWireMessage`). */
export function eventIdFromHeaders(message: InboundMessage): string {
  const id = message.headers[EVENT_HEADERS.eventId];
  if (!id) throw new MissingEventIdError(message);
  return id;
}

/** Wraps `handle` so each event id is applied at most once per group (see the guarantee above). */
export function dedupHandler(
  processed: ProcessedEvents,
  group: string,
  handle: (message: InboundMessage) => Promise<void>,
  eventIdOf: (message: InboundMessage) => string = eventIdFromHeaders,
): (message: InboundMessage) => Promise<void> {
  return async (message) => {
    const eventId = eventIdOf(message);
    if (await processed.has(group, eventId)) return;
    await handle(message);
    await processed.mark(group, eventId);
  };
}
