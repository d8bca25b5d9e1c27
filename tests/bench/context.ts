// What a measurement gets (the context) and gives back (its outcome), and the registry entry that
// names it. Measurements run in registry order, one at a time, on the same broker and store.
import type mongoose from 'mongoose';
import { type Infra } from '#testing';
import { type Checks } from './checks.js';
import { type BenchOptions } from './options.js';
import { type PayloadGenerator } from './payload.js';
import { type LatencySummary } from './timing.js';

/** baseline: raw clients, no product code; product: the product's own path; reference: the naive
 * build and a good hand-written projection, both measured; scale: cost against input size. */
export type MeasurementGroup = 'baseline' | 'product' | 'reference' | 'scale';

export interface Outcome {
  /** How much was processed, e.g. 1,000,000 events. */
  readonly count: number;
  /** events, docs, ops, requests, round trips, facts… */
  readonly unit: string;
  /** Wall time of the timed part. */
  readonly ms: number;
  /** Throughput in `unit`/s, when the measurement is about throughput. */
  readonly rate?: number;
  readonly latency?: LatencySummary;
  /** Other figures worth keeping (batch sizes, writes issued, join time…). */
  readonly details?: Readonly<Record<string, number | string>>;
  readonly note?: string;
}

export interface MeasurementResult {
  readonly id: string;
  readonly group: MeasurementGroup;
  readonly title: string;
  readonly status: 'measured' | 'not-measured' | 'failed';
  readonly outcome?: Outcome;
  /** Why not measured, or the error. */
  readonly reason?: string;
  /** 1-minute load average before and after: the machine is shared. */
  readonly load?: readonly [number, number];
  /** Taken once, on this store's pass, and shown for every store (it does not touch the store). */
  readonly sharedFrom?: string;
}

/** Topics and databases a measurement creates, removed at the end of the run unless --keep. */
export interface Resources {
  /** Creates a fresh topic (retention forever, like the product's event topics). */
  topic(prefix: string, partitions?: number): Promise<string>;
  /** Creates a topic with exactly this name (retention forever), removed at the end like the others. */
  named(topic: string, partitions?: number): Promise<string>;
  /** Removes at the end a topic something else created (a product's dead-letter topic). */
  track(topic: string): void;
  /** A fresh database on the store. */
  database(prefix: string): mongoose.mongo.Db;
  /** Drops at the end a database something else created on the store (a service process's). */
  trackDatabase(name: string): void;
}

export interface BenchContext {
  readonly options: BenchOptions;
  readonly infra: Infra;
  readonly payload: PayloadGenerator;
  readonly resources: Resources;
  readonly checks: Checks;
  /** Results so far, by measurement id (a later measurement may build on an earlier one's topic). */
  readonly results: ReadonlyMap<string, MeasurementResult>;
  /**
   * Topics filled with a prefix of the payload, by name: `events` is the one the raw producer filled
   * with the first `options.events` events (the raw consumer and the fold rebuild read it from offset
   * 0; a product measurement can read it too), `naive` the one the naive producer filled.
   */
  readonly topics: Map<string, { readonly topic: string; readonly events: number }>;
  log(message: string): void;
}

export interface Measurement {
  readonly id: string;
  readonly group: MeasurementGroup;
  readonly title: string;
  /** Absent: an extension point not built yet — reported as "not measured yet", never a number. */
  readonly run?: (ctx: BenchContext) => Promise<Outcome>;
  /** Started (not awaited) just before the measurement `prepareBefore`, for `run` to take over (slow start-ups in --quick). */
  readonly prepare?: (ctx: BenchContext) => void;
  readonly prepareBefore?: string;
  /** Shown when `run` is absent or returns nothing. */
  readonly pending?: string;
}
