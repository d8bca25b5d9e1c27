// How far behind a consumer group is: per partition, the messages between where the group will read
// next (its committed offset) and the partition's end. A group that never committed starts at the
// partition's first stored offset, so all of it counts as lag.
import { type CommittedOffset, type MessageTransport, type PartitionOffsets } from '#messaging';

export interface PartitionLag {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  /** Messages written to the partition that the group has not committed yet. */
  readonly lag: number;
}

export function partitionLags(
  groupId: string,
  topic: string,
  ends: readonly PartitionOffsets[],
  committed: readonly CommittedOffset[],
): PartitionLag[] {
  const byPartition = new Map(committed.map((c) => [c.partition, c.offset]));
  return ends.map(({ partition, low, high }) => {
    const position = byPartition.get(partition) ?? null;
    const from = position === null ? Number(low) : Math.max(Number(low), Number(position));
    return { groupId, topic, partition, lag: Math.max(0, Number(high) - from) };
  });
}

/** The two questions lag asks of a transport (both transports answer them). */
export type OffsetSource = Pick<MessageTransport, 'topicOffsets' | 'groupOffsets'>;

/** Lag of `groupId` in each partition of each of `topics`, asked of the broker now. */
export async function consumerLag(
  transport: OffsetSource,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionLag[]> {
  const perTopic = await Promise.all(
    topics.map(async (topic) => {
      const [ends, committed] = await Promise.all([
        transport.topicOffsets(topic),
        transport.groupOffsets(groupId, topic),
      ]);
      return partitionLags(groupId, topic, ends, committed);
    }),
  );
  return perTopic.flat();
}

export interface ProjectionLag {
  readonly projection: string;
  /** Events in its topics the projection has not applied yet. */
  readonly lagEvents: number;
  /**
   * How stale the projection is: 0 when it has applied everything; otherwise the time since the
   * last event it applied was recorded (the waiting events are at least that much newer), or since
   * it started waiting when it has applied none yet.
   */
  readonly lagSeconds: number;
}

export function projectionLag(input: {
  readonly projection: string;
  readonly lags: readonly PartitionLag[];
  /** `recordedAt` of the last event the projection applied, if any. */
  readonly lastAppliedRecordedAt: Date | undefined;
  /** When the projection began (the lag clock's start while nothing was applied). */
  readonly since: Date;
  readonly now: Date;
}): ProjectionLag {
  const lagEvents = input.lags.reduce((sum, l) => sum + l.lag, 0);
  if (lagEvents === 0) return { projection: input.projection, lagEvents, lagSeconds: 0 };
  const reference = input.lastAppliedRecordedAt ?? input.since;
  const lagSeconds = Math.max(0, (input.now.getTime() - reference.getTime()) / 1000);
  return { projection: input.projection, lagEvents, lagSeconds };
}

/** Messages held in each dead-letter topic (letters are kept until replayed or discarded). */
export async function deadLetterBacklog(
  transport: Pick<MessageTransport, 'topicOffsets'>,
  deadLetterTopics: readonly string[],
): Promise<Array<{ topic: string; messages: number }>> {
  return Promise.all(
    deadLetterTopics.map(async (topic) => {
      const offsets = await transport.topicOffsets(topic);
      return { topic, messages: offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0) };
    }),
  );
}
