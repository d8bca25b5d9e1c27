// Replays addressed to one consumer group (ADR 0007). A dead letter is a message one group gave up
// on; replaying it sends it to that group's retry topic (`<topic>.<group>.retry`), which only that
// group reads, instead of the public topic every group reads. Both transports subscribe a group to
// its retry topics and hand a replayed message to the handler as the original message (its topic,
// partition and offset), so a replay is, to the handler, a redelivery.
import { RETRY_HEADERS, retryTopic } from '#contracts';
import { type InboundMessage, type TopicSpec } from './transport.js';

/** Defined with the topic contract (libs/contracts wire.ts); exported here for the transports' users. */
export { RETRY_HEADERS };

const RETRY_HEADER_NAMES = new Set<string>(Object.values(RETRY_HEADERS));

/** Kafka's rule for topic names: what a group id must fit to name a retry topic. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/** Retry topic → the topic whose messages it replays, for a group consuming `topics`. */
export function retryTopicsOf(groupId: string, topics: readonly string[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const topic of topics) {
    const retry = retryTopic(topic, groupId);
    if (!TOPIC_NAME.test(retry)) {
      throw new RangeError(
        `consumer group ${JSON.stringify(groupId)} on ${topic}: its retry topic ${retry} is not a valid topic name ` +
          '(1–249 characters of A–Z a–z 0–9 . _ -)',
      );
    }
    out.set(retry, topic);
  }
  return out;
}

/** How retry topics are created: like dead-letter topics, small and kept forever. */
export const retryTopicSpec = (topic: string): TopicSpec => ({ topic, partitions: 1, retentionMs: -1 });

/**
 * A message read from the retry topic of `originalTopic` for `groupId`, as the handler gets it: the
 * original coordinates, without the retry headers (the replay count `dlq-replays` stays, so a replay
 * that fails again is dead-lettered with it). Undefined when it is not a replay for this group — no
 * coordinates, or another group's — which is then passed over.
 */
export function asReplayed(
  message: InboundMessage,
  originalTopic: string,
  groupId: string,
): InboundMessage | undefined {
  const h = message.headers;
  const partition = Number(h[RETRY_HEADERS.originalPartition]);
  const offset = h[RETRY_HEADERS.originalOffset];
  if (
    h[RETRY_HEADERS.originalTopic] !== originalTopic ||
    h[RETRY_HEADERS.consumerGroup] !== groupId ||
    !Number.isInteger(partition) ||
    partition < 0 ||
    offset === undefined ||
    !/^\d+$/.test(offset)
  ) {
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(h)) if (!RETRY_HEADER_NAMES.has(name)) headers[name] = value;
  return { topic: originalTopic, partition, offset, key: message.key, value: message.value, headers };
}

/**
 * What a consumer of `topics` as `groupId` reads: each topic, and each one's retry topic for the
 * group, mapped back (`deliverable`) to what its handler is given.
 */
export class GroupSubscription {
  readonly retries: ReadonlyMap<string, string>;

  constructor(
    readonly groupId: string,
    readonly topics: readonly string[],
  ) {
    this.retries = retryTopicsOf(groupId, topics);
  }

  /** Every topic read: the topics, then their retry topics. */
  get all(): string[] {
    return [...this.topics, ...this.retries.keys()];
  }

  /** The message as the handler gets it; undefined for a message of a retry topic that is no replay for this group. */
  deliverable(message: InboundMessage): InboundMessage | undefined {
    const original = this.retries.get(message.topic);
    return original === undefined ? message : asReplayed(message, original, this.groupId);
  }
}
