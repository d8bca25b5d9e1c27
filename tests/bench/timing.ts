// Timing: monotonic clock, rates and latency percentiles. Percentiles use the nearest-rank method
// on every sample kept (no histogram buckets), so p99 of 1,000 samples is the 990th smallest.
import os from 'node:os';

export const nowMs = (): number => performance.now();

export interface LatencySummary {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/** Nearest-rank percentile of ascending `sorted` (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function summarize(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    samples: sorted.length,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    meanMs: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Items per second. */
export const perSecond = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : Number.NaN);

/** Adds up only the timed parts of a loop (e.g. sends, not generating what is sent). */
export class Accumulator {
  private totalMs = 0;
  async time<T>(work: () => Promise<T>): Promise<T> {
    const start = nowMs();
    try {
      return await work();
    } finally {
      this.totalMs += nowMs() - start;
    }
  }
  get ms(): number {
    return this.totalMs;
  }
}

/** The 1-minute load average: on a shared machine, what else was running shows here. */
export const load1 = (): number => Math.round(os.loadavg()[0]! * 100) / 100;

/**
 * Rate (items/s) over the first and the last tenth of a run's items, from the instant each item was
 * done (ascending, ms) and the run's start: does the run slow down as it goes? A tenth is at least one
 * item; the last tenth runs from the instant the item before it was done (or the start).
 */
export function tenthRates(doneAt: readonly number[], started: number): { first: number; last: number } {
  const n = doneAt.length;
  if (n === 0) return { first: Number.NaN, last: Number.NaN };
  const tenth = Math.max(1, Math.floor(n / 10));
  const lastStart = n - tenth - 1 >= 0 ? doneAt[n - tenth - 1]! : started;
  return {
    first: perSecond(tenth, doneAt[tenth - 1]! - started),
    last: perSecond(tenth, doneAt[n - 1]! - lastStart),
  };
}
