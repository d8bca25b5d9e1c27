import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Offsets } from 'kafkajs';
import { AssignmentGone, commitResolved, offsetCall } from './kafka-batch-offsets.js';

// kafkajs' offset manager after a rebalance replaced it under a running batch: the batch's topic is
// not in its tables, so reading partition 0 of it throws (tulios/kafkajs #1366).
const replacedManager = (): never => {
  const resolvedOffsets: Record<string, Record<string, string> | undefined> = {};
  return resolvedOffsets['applications.events']!['0'] as never;
};

describe('the offsets of a batch whose partition a rebalance took away', () => {
  it('tells a replaced offset manager (TypeError) apart from any other failure', () => {
    assert.throws(() => offsetCall(replacedManager), AssignmentGone);
    assert.throws(
      () =>
        offsetCall(() => {
          throw new RangeError('something else');
        }),
      RangeError,
    );
    assert.equal(
      offsetCall(() => 7),
      7,
    );
  });

  it('commits nothing when the assignment is gone, and commits the resolved offsets otherwise', async () => {
    const commits: (Offsets | undefined)[] = [];
    const gone = await commitResolved({
      uncommittedOffsets: replacedManager,
      commitOffsetsIfNecessary: async (offsets) => void commits.push(offsets),
    });
    assert.equal(gone, 'assignment-gone');
    assert.equal(commits.length, 0, 'nothing committed');
    const offsets = { topics: [{ topic: 'applications.events', partitions: [{ partition: 0, offset: '8' }] }] };
    const done = await commitResolved({
      uncommittedOffsets: () => offsets,
      commitOffsetsIfNecessary: async (o) => void commits.push(o),
    });
    assert.equal(done, 'committed');
    assert.deepEqual(commits, [offsets]);
  });

  it('lets a refused commit (not a replaced manager) reach the caller', async () => {
    await assert.rejects(
      commitResolved({
        uncommittedOffsets: () => ({ topics: [] }),
        commitOffsetsIfNecessary: async () => {
          throw new Error('REBALANCE_IN_PROGRESS');
        },
      }),
      /REBALANCE_IN_PROGRESS/,
    );
  });
});
