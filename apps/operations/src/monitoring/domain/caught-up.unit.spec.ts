import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATCH_UP_SAMPLES, catchUpSample, caughtUpFrom, type MetricsReading, quietSample } from './caught-up.js';
import { parsePrometheus } from './pipeline-metrics.js';

/** A service's metrics page: its outbox backlog, its consumer groups' lag per partition, collector failures. */
function metrics(
  service: string,
  outbox: number | undefined,
  lags: ReadonlyArray<readonly [group: string, topic: string, partition: number, lag: number]> = [],
  collectFailures = 0,
): MetricsReading {
  const lines = [
    ...(outbox === undefined ? [] : [`landbureau_outbox_backlog_commits{service="${service}"} ${outbox}`]),
    ...lags.map(
      ([group, topic, partition, lag]) =>
        `landbureau_consumer_lag_messages{service="${service}",group="${group}",topic="${topic}",partition="${partition}"} ${lag}`,
    ),
    `landbureau_metrics_collect_failures_total{service="${service}",collector="outbox"} ${collectFailures}`,
    // Another service's figures on the same page (six services in one process): not this one's.
    `landbureau_outbox_backlog_commits{service="not-${service}"} 99`,
  ];
  return { service, samples: parsePrometheus(lines.join('\n')) };
}

const quietReadings = (): MetricsReading[] => [
  metrics('applications', 0),
  metrics('appeals', 0, [['appeals.acts', 'applications.events', 0, 0]]),
  metrics('reporting', 0, [
    ['reporting.statistics.g1', 'applications.events', 0, 0],
    ['reporting.statistics.g1', 'applications.events', 1, 0],
  ]),
];
const quietProjection = { topics: [{ topic: 'applications.events', events: 0 }] };

describe('caught up: every outbox, consumer and the projection at zero, twice, every service answering', () => {
  it('reads a sample per place: outbox per service, consumer lag per group/topic summed over partitions', () => {
    const sample = catchUpSample(
      '2026-01-01T00:00:00.000Z',
      [
        metrics('applications', 2),
        metrics('reporting', 0, [
          ['reporting.statistics.g1', 'applications.events', 0, 3],
          ['reporting.statistics.g1', 'applications.events', 1, 4],
          ['reporting.statistics.g1', 'appeals.events', 0, 0],
        ]),
      ],
      { topics: [{ topic: 'applications.events', events: 5 }] },
    );
    assert.deepEqual(sample.outboxes, { applications: 2, reporting: 0 });
    assert.deepEqual(sample.consumers, {
      'reporting.statistics.g1/applications.events': 7,
      'reporting.statistics.g1/appeals.events': 0,
    });
    assert.deepEqual(sample.projection, { 'applications.events': 5 });
    assert.deepEqual(sample.problems, []);
    assert.equal(quietSample(sample), false);
  });

  it('is caught up with two quiet samples, and not with one', () => {
    const quiet = (at: string) => catchUpSample(at, quietReadings(), quietProjection);
    const one = caughtUpFrom([quiet('2026-01-01T00:00:00.000Z')]);
    assert.equal(one.caughtUp, false, 'a single sample may fall between a consumer and the outbox it refills');
    const two = caughtUpFrom([quiet('2026-01-01T00:00:00.000Z'), quiet('2026-01-01T00:00:00.300Z')]);
    assert.equal(CATCH_UP_SAMPLES, 2);
    assert.deepEqual(two, {
      caughtUp: true,
      checkedAt: '2026-01-01T00:00:00.300Z',
      samples: 2,
      inFlight: {
        outboxes: { applications: 0, appeals: 0, reporting: 0 },
        consumers: { 'appeals.acts/applications.events': 0, 'reporting.statistics.g1/applications.events': 0 },
        projection: { 'applications.events': 0 },
      },
      problems: [],
    });
  });

  it('is not caught up when either sample has something in flight, and shows the most seen at each place', () => {
    // The consumer appended and refilled its outbox between the samples: the first was quiet.
    const refilled = quietReadings().map((r) => (r.service === 'appeals' ? metrics('appeals', 1) : r));
    const answer = caughtUpFrom([
      catchUpSample('t0', quietReadings(), quietProjection),
      catchUpSample('t1', refilled, quietProjection),
    ]);
    assert.equal(answer.caughtUp, false);
    assert.equal(answer.inFlight.outboxes.appeals, 1);
    // And the other way round: what the first sample saw is not forgotten by a quiet second one.
    const lagging = { topics: [{ topic: 'applications.events', events: 4 }] };
    const first = caughtUpFrom([
      catchUpSample('t0', quietReadings(), lagging),
      catchUpSample('t1', quietReadings(), quietProjection),
    ]);
    assert.equal(first.caughtUp, false);
    assert.deepEqual(first.inFlight.projection, { 'applications.events': 4 });
  });

  it('is not caught up when a service or the lag could not be read, or shows no outbox gauge, naming it', () => {
    const cases: Array<
      [MetricsReading[], { topics: { topic: string; events: number }[] } | { problem: string }, RegExp]
    > = [
      [
        [...quietReadings(), { service: 'consultations', problem: 'fetch failed' }],
        quietProjection,
        /^consultations: metrics: fetch failed$/,
      ],
      [[...quietReadings(), metrics('publications', undefined)], quietProjection, /^publications: .*no outbox/],
      [quietReadings(), { problem: 'broker unreachable' }, /^projection lag: broker unreachable$/],
    ];
    for (const [readings, projection, problem] of cases) {
      const answer = caughtUpFrom([
        catchUpSample('t0', readings, projection),
        catchUpSample('t1', readings, projection),
      ]);
      assert.equal(answer.caughtUp, false, String(problem));
      assert.equal(answer.problems.length, 1, JSON.stringify(answer.problems));
      assert.match(answer.problems[0] ?? '', problem);
    }
  });

  it('is not caught up when a metrics collector failed between the samples (its gauges were left out)', () => {
    const failedLater = quietReadings().map((r) => (r.service === 'reporting' ? metrics('reporting', 0, [], 1) : r));
    const answer = caughtUpFrom([
      catchUpSample('t0', quietReadings(), quietProjection),
      catchUpSample('t1', failedLater, quietProjection),
    ]);
    assert.equal(answer.caughtUp, false);
    assert.match(answer.problems.join('\n'), /^reporting: a metrics collector failed/);
  });
});
