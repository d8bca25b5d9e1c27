// The mapping between an event envelope and a Kafka message — framework-free, so any client can
// use it. Key = stream id (one case stays on one partition, in order). The value is the envelope
// as JSON; headers repeat what a consumer needs to route or trace without parsing the value.
import { type EventEnvelope } from './envelope.js';

export const EVENT_HEADERS = {
  eventId: 'event-id',
  type: 'event-type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  agencyId: 'agency-id',
} as const;

/**
 * Headers a dead letter (`<topic>.dlq`) carries besides the original message's own: where it came
 * from, which consumer group gave up on it, and why. Part of the topic contract, so integrators who
 * watch dead letters read the same names the consumers write.
 */
export const DEAD_LETTER_HEADERS = {
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  /** Absent when the original message had no key. */
  originalKey: 'dlq-original-key',
  /** The consumer group that gave up: a replay is usually meant for that group's handler. */
  consumerGroup: 'dlq-consumer-group',
  errorName: 'dlq-error-name',
  errorMessage: 'dlq-error-message',
  attempts: 'dlq-attempts',
  /** ISO-8601 instant of the last failed attempt. */
  failedAt: 'dlq-failed-at',
} as const;

/** How many times a dead letter has already been replayed without success. */
export const DEAD_LETTER_REPLAYS_HEADER = 'dlq-replays';

/** Headers a replay (on `<topic>.<group>.retry`, ADR 0007) carries besides the original message's own. */
export const RETRY_HEADERS = {
  originalTopic: 'retry-original-topic',
  originalPartition: 'retry-original-partition',
  originalOffset: 'retry-original-offset',
  /** The group the replay is for: the one that dead-lettered the message. */
  consumerGroup: 'retry-consumer-group',
  /** ISO-8601 instant of the replay. */
  replayedAt: 'retry-replayed-at',
} as const;

export interface WireMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export function toWireMessage(event: EventEnvelope): WireMessage {
  return {
    key: event.streamId,
    value: JSON.stringify(event),
    headers: {
      [EVENT_HEADERS.eventId]: event.id,
      [EVENT_HEADERS.type]: event.type,
      [EVENT_HEADERS.schemaVersion]: String(event.schemaVersion),
      [EVENT_HEADERS.correlationId]: event.correlationId,
      [EVENT_HEADERS.causationId]: event.causationId,
      [EVENT_HEADERS.agencyId]: event.agencyId,
    },
  };
}

/** Parses the value; validation against the contracts is the registry's job (`ContractRegistry.read`). */
export function fromWireValue(value: string | Uint8Array | null | undefined): unknown {
  if (value === null || value === undefined) throw new SyntaxError('message has no value');
  const text = typeof value === 'string' ? value : new TextDecoder().decode(value);
  return JSON.parse(text) as unknown;
}
