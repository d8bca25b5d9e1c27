// Topic names are part of the public contract integrators consume.

export const SERVICES = [
  'applications',
  'publications',
  'consultations',
  'enforcement',
  'appeals',
  'reporting',
  'operations',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Every committed event of a service, keyed by stream id, kept forever (retention.ms=-1). */
export const eventsTopic = (service: ServiceName): string => `${service}.events`;

/** Dead letters of a topic: messages a consumer could not process after its retries. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/**
 * Replays of dead letters for one consumer group (ADR 0007): only that group reads it, so a replay
 * never reaches the groups that had processed the message.
 */
export const retryTopic = (topic: string, groupId: string): string => `${topic}.${groupId}.retry`;
