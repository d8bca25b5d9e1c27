import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerError, endsTheWait, sumGauges } from './catch-up.js';

describe('waiting for the projections to catch up', () => {
  it('waits out a rate limit (429) and server errors, but not a refusal that waiting cannot change', () => {
    assert.equal(endsTheWait(answerError('/applications/metrics', 429)), false, 'slow down: wait');
    assert.equal(endsTheWait(answerError('/applications/metrics', 503)), false);
    assert.equal(endsTheWait(answerError('/applications/metrics', 401)), true, 'a wrong token will not heal');
    assert.equal(endsTheWait(answerError('/reporting/projection/lag', 404)), true);
  });

  it('sums the backlog gauges of a Prometheus exposition, skipping NaN and other series', () => {
    const text = [
      '# HELP landbureau_outbox_backlog_commits x',
      'landbureau_outbox_backlog_commits{service="a"} 2',
      'landbureau_consumer_lag_messages{group="g"} 3',
      'landbureau_projection_lag_events NaN',
      'landbureau_http_requests_total 99',
    ].join('\n');
    assert.equal(sumGauges(text), 5);
  });
});
