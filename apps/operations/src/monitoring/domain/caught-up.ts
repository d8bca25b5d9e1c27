// "Caught up": everything recorded so far is reflected in the reports. A command's events travel
// from a service's event store through its outbox (commits appended, not yet published to Kafka), to
// the consumer groups that follow the topic (appeals following requests, reporting following every
// source topic) and into the statistics projection (events on a source topic it has not applied).
// Nothing may be waiting at any of the three — read from each service's `/metrics` and the projection's
// own lag — and that must hold in two samples a short interval apart (see CATCH_UP_INTERVAL_MS).
import { type Sample } from './pipeline-metrics.js';

/**
 * Why two samples: a consumer may append events of its own and so refill an outbox just read as empty
 * (appeals confirming the act an appeal is against, once it has read the request) — a single sample
 * can fall in that gap and see every figure at zero while an event is still on its way. 300 ms is
 * longer than a relay takes to notice a commit and a consumer to commit what it handled on loopback,
 * and short enough for a client that polls.
 */
export const CATCH_UP_INTERVAL_MS = 300;
export const CATCH_UP_SAMPLES = 2;

// The gauges read, by their names in libs/observability (METRIC_NAMES; not imported: domain code
// stays free of the metrics library).
const OUTBOX_BACKLOG = 'landbureau_outbox_backlog_commits';
const CONSUMER_LAG = 'landbureau_consumer_lag_messages';
const COLLECT_FAILURES = 'landbureau_metrics_collect_failures_total';

/** What one service's `/metrics` answered: its samples, or why they could not be read. */
export type MetricsReading =
  | { readonly service: string; readonly samples: readonly Sample[] }
  | { readonly service: string; readonly problem: string };

/** The projection's lag per source topic (GET /reporting/projection/lag), or why it could not be read. */
export type ProjectionReading =
  | { readonly topics: ReadonlyArray<{ readonly topic: string; readonly events: number }> }
  | { readonly problem: string };

/** What is in flight, by where it waits. */
export interface InFlight {
  /** Commits not yet published, per service. */
  readonly outboxes: Readonly<Record<string, number>>;
  /** Messages not yet committed, per `<consumer group>/<topic>` (summed over partitions). */
  readonly consumers: Readonly<Record<string, number>>;
  /** Events the statistics projection has not applied, per source topic. */
  readonly projection: Readonly<Record<string, number>>;
}

export interface CatchUpSample extends InFlight {
  readonly at: string;
  /** `landbureau_metrics_collect_failures_total` per service: a rise means gauges were left out. */
  readonly collectFailures: Readonly<Record<string, number>>;
  readonly problems: readonly string[];
}

export interface CaughtUpAnswer {
  /** True only when every sample showed nothing in flight and every service answered. */
  readonly caughtUp: boolean;
  /** When the last sample was taken. */
  readonly checkedAt: string;
  readonly samples: number;
  /** The most seen at each place over the samples: what was in flight during the check. */
  readonly inFlight: InFlight;
  readonly problems: readonly string[];
}

const sumBy = (samples: readonly Sample[], name: string, keyOf: (s: Sample) => string): Record<string, number> => {
  const sums: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== name) continue;
    const key = keyOf(s);
    sums[key] = (sums[key] ?? 0) + s.value;
  }
  return sums;
};

/**
 * One sample from every service's metrics and the projection's lag. Samples labelled with another
 * service are left out (in the embedded mode six services share one process). A service without an
 * outbox gauge is a problem, not a zero: the gauge is left out when its collector fails (an unknown
 * backlog must not read as an empty one), and every service has an outbox.
 */
export function catchUpSample(
  at: string,
  readings: readonly MetricsReading[],
  projection: ProjectionReading,
): CatchUpSample {
  const outboxes: Record<string, number> = {};
  const consumers: Record<string, number> = {};
  const collectFailures: Record<string, number> = {};
  const problems: string[] = [];
  for (const reading of readings) {
    const { service } = reading;
    if ('problem' in reading) {
      problems.push(`${service}: metrics: ${reading.problem}`);
      continue;
    }
    const own = reading.samples.filter((s) => s.labels.service === undefined || s.labels.service === service);
    const outbox = sumBy(own, OUTBOX_BACKLOG, () => service)[service];
    if (outbox === undefined) problems.push(`${service}: its metrics show no outbox backlog (its collector failed)`);
    else outboxes[service] = outbox;
    for (const [key, lag] of Object.entries(
      sumBy(own, CONSUMER_LAG, (s) => `${s.labels.group ?? '?'}/${s.labels.topic ?? '?'}`),
    )) {
      consumers[key] = (consumers[key] ?? 0) + lag;
    }
    collectFailures[service] = sumBy(own, COLLECT_FAILURES, () => service)[service] ?? 0;
  }
  const lag: Record<string, number> = {};
  if ('problem' in projection) problems.push(`projection lag: ${projection.problem}`);
  else for (const t of projection.topics) lag[t.topic] = (lag[t.topic] ?? 0) + t.events;
  return { at, outboxes, consumers, projection: lag, collectFailures, problems };
}

const maxOf = (records: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> => {
  const max: Record<string, number> = {};
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) max[key] = Math.max(max[key] ?? 0, value);
  }
  return max;
};

/** True when nothing is in flight in this sample and nothing went wrong reading it. */
export const quietSample = (sample: CatchUpSample): boolean =>
  sample.problems.length === 0 &&
  [sample.outboxes, sample.consumers, sample.projection].every((r) => Object.values(r).every((n) => n === 0));

/**
 * The answer from the samples taken, oldest first: caught up only with CATCH_UP_SAMPLES samples, each
 * quiet, and no metrics collector failing between them (its gauges would be missing, not zero).
 */
export function caughtUpFrom(samples: readonly CatchUpSample[]): CaughtUpAnswer {
  const last = samples.at(-1);
  if (last === undefined) throw new Error('caughtUpFrom needs a sample');
  const problems = [...new Set(samples.flatMap((s) => s.problems))];
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1]?.collectFailures ?? {};
    for (const [service, failures] of Object.entries(samples[i]?.collectFailures ?? {})) {
      const earlier = before[service];
      if (earlier !== undefined && failures > earlier) {
        problems.push(`${service}: a metrics collector failed during the check (its gauges were left out)`);
      }
    }
  }
  const answer = {
    checkedAt: last.at,
    samples: samples.length,
    inFlight: {
      outboxes: maxOf(samples.map((s) => s.outboxes)),
      consumers: maxOf(samples.map((s) => s.consumers)),
      projection: maxOf(samples.map((s) => s.projection)),
    },
    problems,
  };
  const caughtUp = samples.length >= CATCH_UP_SAMPLES && problems.length === 0 && samples.every(quietSample);
  return { caughtUp, ...answer };
}
