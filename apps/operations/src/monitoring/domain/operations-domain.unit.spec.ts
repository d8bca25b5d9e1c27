import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, fold } from '#event-sourcing';
import { type DeadLetterActionData } from '#contracts/operations';
import { deadLetterActionsDecider as decider, letterKey } from './dead-letter-actions.decider.js';
import { parseServiceUrls } from '#contracts';
import { parsePrometheus, serviceFigures } from './pipeline-metrics.js';

const action = (offset: string, reason = 'a test message, not an event'): DeadLetterActionData => ({
  letter: { topic: 'applications.events.dlq', partition: 0, offset },
  originalTopic: 'applications.events',
  consumerGroup: 'reporting.statistics.g1',
  error: 'SyntaxError: Unexpected token',
  reason,
});

describe('dead-letter actions', () => {
  it('records a replay or a discard once per letter; a handled letter is refused', () => {
    const replayed = decider.decide({ type: 'ReplayDeadLetter', action: action('1') }, decider.initialState);
    assert.deepEqual(
      replayed.map((e) => e.type),
      ['DeadLetterReplayed'],
    );
    const state = fold(decider, [...replayed, { type: 'DeadLetterDiscarded', data: action('2') }]);
    assert.equal(state.handled[letterKey(action('1').letter)], 'replayed');
    assert.equal(state.handled[letterKey(action('2').letter)], 'discarded');
    for (const offset of ['1', '2']) {
      assert.throws(
        () => decider.decide({ type: 'DiscardDeadLetter', action: action(offset) }, state),
        (e: unknown) => e instanceof DomainError && e.rule === 'dead-letter.already-handled',
      );
    }
    assert.equal(decider.decide({ type: 'DiscardDeadLetter', action: action('3') }, state).length, 1);
  });

  it('wants a reason', () => {
    assert.throws(
      () => decider.decide({ type: 'DiscardDeadLetter', action: action('1', '  ok ') }, decider.initialState),
      (e: unknown) => e instanceof DomainError && e.field === 'reason',
    );
  });
});

describe('pipeline figures from Prometheus text', () => {
  const text = [
    '# HELP landbureau_outbox_backlog_commits commits not yet published',
    '# TYPE landbureau_outbox_backlog_commits gauge',
    'landbureau_outbox_backlog_commits{service="applications"} 3',
    'landbureau_outbox_backlog_commits{service="appeals"} 7',
    'landbureau_outbox_oldest_unpublished_age_seconds{service="applications"} 1.5',
    'landbureau_consumer_lag_messages{service="applications",group="g",topic="t",partition="0"} 2',
    'landbureau_consumer_lag_messages{service="applications",group="g",topic="t",partition="1"} 5',
    'landbureau_dead_letters_total{service="applications",topic="t",group="g"} 1',
    'process_cpu_seconds_total 12.5',
    'not a sample',
  ].join('\n');

  it('keeps the service’s own samples and sums or takes the worst of them', () => {
    const samples = parsePrometheus(text);
    assert.equal(samples.length, 7);
    assert.deepEqual(serviceFigures(samples, 'applications'), {
      outboxBacklog: 3,
      outboxOldestAgeSeconds: 1.5,
      consumerLag: 7,
      deadLetters: 1,
    });
    assert.deepEqual(serviceFigures(samples, 'reporting'), {
      outboxBacklog: null,
      outboxOldestAgeSeconds: null,
      consumerLag: null,
      deadLetters: 0,
    });
  });

  it('reads SERVICE_URLS and refuses what is not <service>=http(s)://host:port', () => {
    assert.deepEqual(parseServiceUrls('applications=http://127.0.0.1:3001, appeals=http://127.0.0.1:3005/'), {
      applications: 'http://127.0.0.1:3001',
      appeals: 'http://127.0.0.1:3005',
    });
    assert.deepEqual(parseServiceUrls(undefined), {});
    assert.throws(() => parseServiceUrls('applications=file:///etc/passwd'), /SERVICE_URLS/);
  });
});
