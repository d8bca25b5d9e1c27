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
