// The event envelope (DESIGN §4): what every committed event looks like on the wire and in the
// store. `occurredAt` is the legal effective time (e.g. the receipt date that decides the
// statistical year); `recordedAt` is when the system recorded it. They differ on purpose.
import { z } from 'zod';

export interface EventEnvelope<TType extends string = string, TData = unknown> {
  /** UUID v7: unique per event, time-ordered; consumers deduplicate on it. */
  readonly id: string;
  /** Qualified type, `<service>.<PastTenseFact>`, e.g. `applications.DisclosureRequestReceived`. */
  readonly type: TType;
  readonly schemaVersion: number;
  /** The case (aggregate) id; also the Kafka message key, so one case stays on one partition. */
  readonly streamId: string;
  /** 1-based position of this event in its stream. */
  readonly streamVersion: number;
  /** The agency the case belongs to (city bureau or a county bureau). */
  readonly agencyId: string;
  /** ISO-8601: legal effective time, given with the command. */
  readonly occurredAt: string;
  /** ISO-8601: when the system recorded the event. */
  readonly recordedAt: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** Who did it: a user id or a system actor such as `system:relay`. Never personal data. */
  readonly actor: string;
  readonly data: TData;
}

const isoDateTime = z.iso.datetime({ offset: true });

/** Validates everything but `data`, which each event type's own schema validates. */
export const envelopeSchema = z.strictObject({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+\.[A-Z][A-Za-z]+$/, 'must be <service>.<PastTenseFact>'),
  schemaVersion: z.number().int().positive(),
  streamId: z.string().min(1).max(200),
  streamVersion: z.number().int().positive(),
  agencyId: z.string().min(1).max(100),
  occurredAt: isoDateTime,
  recordedAt: isoDateTime,
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200),
  actor: z.string().min(1).max(200),
  data: z.unknown(),
});

/** The service that owns an event type: the part before the dot. */
export function serviceOf(type: string): string {
  const dot = type.indexOf('.');
  return dot > 0 ? type.slice(0, dot) : '';
}
