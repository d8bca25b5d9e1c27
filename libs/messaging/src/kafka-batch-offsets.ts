// The offsets of a batch a KafkaConsumerRunner is handling, through kafkajs' eachBatch payload.
//
// kafkajs 2.2.4 replaces its offset manager when the group rebalances, also while a batch of the
// old assignment is still being handled (its fetcher runs beside the batch and re-joins the group on
// its own). resolveOffset and uncommittedOffsets then read the new manager, which has no entry for
// a topic or partition the new assignment lacks, and throw a TypeError ("Cannot read properties of
// undefined (reading '0')" — tulios/kafkajs #558, #1366, #1535). Left alone, that TypeError leaves
// eachBatch, kafkajs counts it as not retriable and stops the consumer for good. The partition is
// someone else's now: the batch ends with nothing more committed, and the partition's new owner gets
// its uncommitted messages again, which every consumer tolerates (dedup, version guards).
import { type EachBatchPayload } from 'kafkajs';

/** The batch's partition left this member's assignment while the batch was being handled. */
export class AssignmentGone extends Error {
  constructor(cause: unknown) {
    super('the partition of this batch was assigned elsewhere during a rebalance', { cause });
    this.name = 'AssignmentGone';
  }
}

/** Runs one of kafkajs' offset calls, telling a replaced offset manager (TypeError) apart. */
export function offsetCall<T>(call: () => T): T {
  try {
    return call();
  } catch (err) {
    if (err instanceof TypeError) throw new AssignmentGone(err);
    throw err;
  }
}

/**
 * Commits what the batch resolved (with autoCommit off, kafkajs' argument-less
 * commitOffsetsIfNecessary() is a no-op, so the offsets are passed explicitly). Nothing is committed
 * when the assignment was replaced under the batch: those offsets are not this member's to commit.
 */
export async function commitResolved(
  payload: Pick<EachBatchPayload, 'commitOffsetsIfNecessary' | 'uncommittedOffsets'>,
): Promise<'committed' | 'assignment-gone'> {
  try {
    await payload.commitOffsetsIfNecessary(offsetCall(() => payload.uncommittedOffsets()));
    return 'committed';
  } catch (err) {
    if (err instanceof AssignmentGone || err instanceof TypeError) return 'assignment-gone';
    throw err;
  }
}
