import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerError, describeAnswer, endsTheWait } from './catch-up.js';

describe('waiting for the projections to catch up', () => {
  it('waits out a rate limit (429) and server errors, but not a refusal that waiting cannot change', () => {
    assert.equal(endsTheWait(answerError('/operations/api/caught-up', 429)), false, 'slow down: wait');
    assert.equal(endsTheWait(answerError('/operations/api/caught-up', 503)), false);
    assert.equal(endsTheWait(answerError('/operations/api/caught-up', 401)), true, 'a wrong token will not heal');
    assert.equal(endsTheWait(answerError('/operations/api/caught-up', 404)), true);
  });

  it('says in the timeout message what is still in flight and what could not be read', () => {
    const answer = {
      caughtUp: false,
      inFlight: {
        outboxes: { applications: 2, appeals: 0 },
        consumers: { 'reporting.statistics.g1/applications.events': 3 },
        projection: { 'applications.events': 0 },
      },
      problems: ['appeals: fetch failed'],
    };
    assert.equal(
      describeAnswer(answer),
      'outbox applications: 2; consumer reporting.statistics.g1/applications.events: 3; appeals: fetch failed',
    );
    assert.match(
      describeAnswer({ caughtUp: false, inFlight: { outboxes: {}, consumers: {}, projection: {} }, problems: [] }),
      /second sample/,
    );
  });
});
