// DisclosureRequestReplied v2 carries the statutory reply deadline (issue 17.1). A reader of the topic
// gets every reply at v2: one recorded under v1 reads as "deadline unknown" (or "none owed" for an
// abandonment); a producer cannot write a deadline that contradicts the reply's date or outcome.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createContractRegistry } from '../all.js';
import { type EventEnvelope } from '../envelope.js';
import { ContractViolation } from '../registry.js';

const registry = createContractRegistry();
const TYPE = 'applications.DisclosureRequestReplied';

const stored = (schemaVersion: number, data: Record<string, unknown>): EventEnvelope => ({
  id: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a11',
  type: TYPE,
  schemaVersion,
  streamId: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a12',
  streamVersion: 2,
  agencyId: 'zhuzhou-city',
  occurredAt: '2009-03-20T00:00:00+08:00',
  recordedAt: '2009-03-20T02:00:00.000Z',
  correlationId: 'c-1',
  causationId: 'c-1',
  actor: 'clerk-7',
  data,
});

describe('DisclosureRequestReplied v2: the reply deadline', () => {
  it('reads a v1 reply with its deadline unknown (recorded before v2), an abandonment with none owed', () => {
    const v1 = registry.read(
      stored(1, { repliedOn: '2009-03-20', outcome: { category: 'disclosed' }, legacyOutcome: 'agreed' }),
    );
    assert.equal(v1.schemaVersion, 2);
    assert.deepEqual((v1.data as { replyDeadline: unknown }).replyDeadline, {
      status: 'unknown',
      reason: 'recorded-before-v2',
    });
    const lapsed = registry.read(
      stored(1, {
        repliedOn: '2021-03-30',
        outcome: { category: 'other-processing', reason: 'fee-unpaid' },
        legacyOutcome: null,
      }),
    );
    assert.deepEqual((lapsed.data as { replyDeadline: unknown }).replyDeadline, { status: 'not-applicable' });
  });

  it('refuses a deadline that contradicts the reply: within after the due date, late on time, none for a reply', () => {
    const reply = (replyDeadline: unknown) => ({
      repliedOn: '2009-03-24',
      outcome: { category: 'disclosed' },
      legacyOutcome: 'agreed',
      replyDeadline,
    });
    const refusal = (data: unknown): string[] => {
      try {
        registry.validateData(TYPE, data);
        return [];
      } catch (e) {
        assert.ok(e instanceof ContractViolation);
        return e.issues.map((i) => i.path);
      }
    };
    assert.deepEqual(refusal(reply({ status: 'late', dueOn: '2009-03-23' })), []);
    assert.deepEqual(refusal(reply({ status: 'within', dueOn: '2009-03-23' })), ['data.replyDeadline']);
    assert.deepEqual(refusal(reply({ status: 'late', dueOn: '2009-03-24' })), ['data.replyDeadline']);
    assert.deepEqual(refusal(reply({ status: 'not-applicable' })), ['data.replyDeadline']);
    assert.deepEqual(
      refusal({
        repliedOn: '2021-03-30',
        outcome: { category: 'other-processing', reason: 'no-clarification' },
        legacyOutcome: 'unclear-request',
        replyDeadline: { status: 'within', dueOn: '2021-04-30' },
      }),
      ['data.replyDeadline'],
    );
    // v2 without the deadline is refused: the producer must state it.
    assert.deepEqual(refusal({ ...reply(undefined), replyDeadline: undefined }), ['data.replyDeadline']);
  });
});
