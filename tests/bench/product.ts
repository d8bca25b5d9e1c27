// The product's own measurements: extension points, filled in by whoever wires the product into
// the bench (issue 9, part 2). Each hook gets the same context as the baselines — the infra, the
// payload generator, the topics already filled (`ctx.topics.get('events')` holds the first
// `options.events` payload events, valid against the published contracts, keyed by case id) — and
// returns what it measured. A hook left undefined is reported as "not measured yet", never a number.
import { type BenchContext, type Outcome } from './context.js';

export interface ProductRebuildOutcome extends Outcome {
  /**
   * The report's content hash from the live read model and from the rebuilt one: the run checks
   * they are equal (a rebuild that changes a figure is a failure, however fast).
   */
  readonly reportHash?: { readonly live: string; readonly rebuilt: string };
}

export interface SustainedOutcome extends Outcome {
  /** p99 of the projection lag (append → projected) during the sustained minute, in ms. */
  readonly lagP99Ms: number;
}

export interface ProductHooks {
  /** Commands through the HTTP API: throughput (`rate`, requests/s) and latency. */
  measureProductCommands?: (ctx: BenchContext) => Promise<Outcome>;
  /** Latency from append to visible in the report (`latency`). */
  measureEndToEndLatency?: (ctx: BenchContext) => Promise<Outcome>;
  /** Highest end-to-end rate (`rate`, events/s) at which projection lag p99 stays under 1 s for a minute. */
  measureSustainedRate?: (ctx: BenchContext) => Promise<SustainedOutcome>;
  /** Projection rebuild of `ctx.options.productRebuildEvents` events from offset 0 (`rate`, events/s). */
  measureProductRebuild?: (ctx: BenchContext) => Promise<ProductRebuildOutcome>;
  /**
   * Flat cost: with `cases` cases already in the event store and the read model, commands one at a
   * time (`latency`: the command's) and the projection's batch time (`details.batchP50Ms`).
   */
  measureFlatCost?: (ctx: BenchContext, cases: number) => Promise<Outcome>;
  /** The 2009 year fed to the embedded platform and caught up (`ms`; `details.firstTenthRate`, `lastTenthRate`). */
  measureYearEmbedded?: (ctx: BenchContext) => Promise<Outcome>;
  /** The same year fed to six service processes on the run's broker and store. */
  measureYearStack?: (ctx: BenchContext) => Promise<Outcome>;
  /** Starts those six processes ahead, in the background (--quick). */
  prepareYearStack?: (ctx: BenchContext) => void;
  /** Time to generate the annual report from `facts` case facts (`ms`; `count` = facts). */
  measureReportGeneration?: (ctx: BenchContext, facts: number) => Promise<Outcome>;
}
