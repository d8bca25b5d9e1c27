// The public event contracts of the `operations` service (topic `operations.events`): what operations
// did with a dead letter — a message a consumer group gave up on after its retries (libs/messaging).
// Stream id: `dead-letters:<topic>`, one per source topic. (Until operations became its own service,
// reporting wrote these as `reporting.DeadLetter*`; their published snapshots are kept as history.)
import { z } from 'zod';
import { defineEvent, type EventContract } from '../registry.js';

/** Where a dead letter sits: its dead-letter topic (`<topic>.dlq`), partition and offset. */
const deadLetterAt = z.strictObject({
  topic: z.string().min(1).max(249),
  partition: z.number().int().min(0),
  offset: z.string().regex(/^\d+$/),
});
const deadLetterAction = {
  letter: deadLetterAt,
  /** The topic the message came from, where a replay sends it back. */
  originalTopic: z.string().min(1).max(249),
  consumerGroup: z.string().max(249).nullable(),
  /** The error the consumer gave up with, as the dead letter recorded it (personal data masked). */
  error: z.string().max(2000),
  reason: z.string().trim().min(5).max(2000),
};

export const deadLetterReplayed = defineEvent({
  type: 'operations.DeadLetterReplayed',
  schemaVersion: 1,
  description:
    'Operations sent a dead letter (a message a consumer group gave up on) back to its original topic, for the group to ' +
    'process again once the cause was fixed; who did it is the actor, why is the reason. Stream `dead-letters:<topic>`.',
  schema: z.strictObject(deadLetterAction),
  example: {
    letter: { topic: 'applications.events.dlq', partition: 0, offset: '3' },
    originalTopic: 'applications.events',
    consumerGroup: 'reporting.statistics.g1',
    error: 'SchemaError: data.channel: invalid option',
    reason: 'the channel vocabulary was extended in facts-v2',
  },
});

export const deadLetterDiscarded = defineEvent({
  type: 'operations.DeadLetterDiscarded',
  schemaVersion: 1,
  description:
    'Operations discarded a dead letter: it will not be processed and is no longer listed; who did it is the actor, why ' +
    'is the reason. Stream `dead-letters:<topic>`.',
  schema: z.strictObject(deadLetterAction),
  example: {
    letter: { topic: 'applications.events.dlq', partition: 0, offset: '4' },
    originalTopic: 'applications.events',
    consumerGroup: 'reporting.statistics.g1',
    error: 'SyntaxError: Unexpected token',
    reason: 'a test message published by hand, not an event',
  },
});

export type DeadLetterActionData = z.infer<typeof deadLetterReplayed.schema>;

export const operationsContracts: readonly EventContract[] = [deadLetterReplayed, deadLetterDiscarded];
