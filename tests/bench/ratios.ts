// The ratios issue 15 sets goals on (each against a raw baseline or another size of the same run),
// and reference ratios measured beside them. A ratio whose either side was not measured stays
// empty and says which side is missing. Pure: measurements in, ratios out.
import { type MeasurementResult } from './context.js';
import { ID, RAW_STORE_BASELINES } from './registry.js';

export interface Ratio {
  readonly id: string;
  readonly label: string;
  /** `goal`: a target of issue 15; `reference`: measured for comparison, no target. */
  readonly kind: 'goal' | 'reference';
  readonly goal?: { readonly op: '>=' | '<='; readonly value: number; readonly text: string };
  readonly value?: number;
  readonly met?: boolean;
  /** What the value is computed from, or why there is none. */
  readonly basis: string;
}

type Results = ReadonlyMap<string, MeasurementResult>;

/** The sizes some ratios are computed between (from the run's options). */
export interface RatioSizes {
  readonly reportFacts: readonly number[];
  readonly flatCases: readonly [number, number];
}

const measured = (results: Results, id: string) => {
  const r = results.get(id);
  return r?.status === 'measured' ? r.outcome : undefined;
};

/** Which figure of a measurement a ratio reads: its rate, p50, wall time, or one of its details. */
type Of = 'rate' | 'p50' | 'ms' | { readonly detail: string };
interface Side {
  readonly id: string;
  readonly of: Of;
}

function figureOf(results: Results, side: Side): number | undefined {
  const o = measured(results, side.id);
  if (!o) return undefined;
  if (side.of === 'rate') return o.rate;
  if (side.of === 'p50') return o.latency?.p50Ms;
  if (side.of === 'ms') return o.ms;
  const v = o.details?.[side.of.detail];
  return typeof v === 'number' ? v : undefined;
}

const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toPrecision(3));
const unitOf = (of: Of): string =>
  of === 'rate' ? '/s' : of === 'p50' ? ' ms p50' : of === 'ms' ? ' ms' : ` (${of.detail})`;
const describe = (side: Side, value: number): string => `${side.id} ${fmt(value)}${unitOf(side.of)}`;

type RatioDef = Omit<Ratio, 'value' | 'met' | 'basis'>;

/** Whether `value` meets `goal`; undefined for a reference ratio. */
export const meets = (goal: Ratio['goal'], value: number): boolean | undefined =>
  goal === undefined ? undefined : goal.op === '>=' ? value >= goal.value : value <= goal.value;

const goal = (op: '>=' | '<=', value: number): NonNullable<Ratio['goal']> => ({
  op,
  value,
  text: `${op === '>=' ? '≥' : '≤'} ${value}`,
});

/** num ÷ den, or the sides that were not measured. */
function quotient(results: Results, def: RatioDef, num: Side, den: Side): Ratio {
  const a = figureOf(results, num);
  const b = figureOf(results, den);
  if (a === undefined || b === undefined || !(b > 0)) {
    const missing = [a === undefined ? num.id : undefined, b === undefined ? den.id : undefined].filter(Boolean);
    return { ...def, basis: `not measured yet: ${missing.join(', ') || `${den.id} is 0`}` };
  }
  const value = a / b;
  const met = meets(def.goal, value);
  return { ...def, value, ...(met !== undefined ? { met } : {}), basis: `${describe(num, a)} ÷ ${describe(den, b)}` };
}

/**
 * The rebuild limit of the run, events/s: every event is consumed, and a rebuild writes each case
 * once, so at the raw rates an event costs 1/consume + (cases/events)/insertMany seconds.
 */
export const rebuildLimit = (consumeRate: number, insertManyRate: number, cases: number, events: number): number =>
  1 / (1 / consumeRate + cases / events / insertManyRate);

/**
 * The product's rebuild against the limit. `fromFirstBatch`: the goal, with the rebuild timed as raw
 * consume is — from its first batch to its last, so a start-up both pay once (bootstrap, group
 * join: 0.3–0.5 s, 15–20 % of a 10,000-event rebuild) is left out of both sides; otherwise the
 * reference, the rebuild timed from start-up against the same limit.
 */
function rebuildVsLimit(results: Results, fromFirstBatch: boolean): Ratio {
  const def: RatioDef = fromFirstBatch
    ? {
        id: 'rebuild-vs-limit',
        label: 'product rebuild ÷ rebuild limit 1/(1/raw consume + (cases/events)/raw insertMany)',
        kind: 'goal',
        goal: goal('>=', 0.8),
      }
    : {
        id: 'rebuild-from-start-vs-limit',
        label: 'product rebuild timed from start-up (bootstrap and group join included) ÷ rebuild limit',
        kind: 'reference',
      };
  const rebuild = measured(results, ID.productRebuild);
  const rate = fromFirstBatch ? rebuild?.details?.ratePerSFromFirstBatch : rebuild?.rate;
  const consume = figureOf(results, { id: ID.rawConsume, of: 'rate' });
  const insertMany = figureOf(results, { id: ID.rawInsertMany, of: 'rate' });
  const cases = rebuild?.details?.cases;
  const missing = [
    typeof rate !== 'number' || !(rate > 0) || typeof cases !== 'number' ? ID.productRebuild : undefined,
    consume === undefined ? ID.rawConsume : undefined,
    insertMany === undefined ? ID.rawInsertMany : undefined,
  ].filter(Boolean);
  if (
    missing.length > 0 ||
    !rebuild ||
    typeof rate !== 'number' ||
    typeof cases !== 'number' ||
    !consume ||
    !insertMany
  ) {
    return { ...def, basis: `not measured yet: ${missing.join(', ') || 'a rate is 0'}` };
  }
  const limit = rebuildLimit(consume, insertMany, cases, rebuild.count);
  const value = rate / limit;
  const met = meets(def.goal, value);
  const timed = fromFirstBatch ? 'from its first batch, as raw consume' : 'from start-up';
  return {
    ...def,
    value,
    ...(met !== undefined ? { met } : {}),
    basis:
      `${ID.productRebuild} ${fmt(rate)}/s (${timed}) ÷ limit ${fmt(limit)}/s = 1/(1/${fmt(consume)} + ` +
      `(${fmt(cases)} cases / ${fmt(rebuild.count)} events)/${fmt(insertMany)})`,
  };
}

/** The slowest of the given raw baselines that were measured, by rate. */
function slowestOf(results: Results, ids: readonly string[]): { id: string; rate: number } | undefined {
  return ids
    .map((id) => ({ id, rate: figureOf(results, { id, of: 'rate' }) }))
    .filter((b): b is { id: string; rate: number } => b.rate !== undefined)
    .sort((a, b) => a.rate - b.rate)[0];
}

/** Growth exponent k in time ∝ facts^k between the smallest and the largest size: 1 is linear. */
function reportGrowth(results: Results, reportFacts: readonly number[]): Ratio {
  const first = reportFacts[0];
  const last = reportFacts.at(-1);
  const t0 = first !== undefined ? measured(results, ID.reportAt(first))?.ms : undefined;
  const t1 = last !== undefined ? measured(results, ID.reportAt(last))?.ms : undefined;
  const def: RatioDef = {
    id: 'report-growth',
    label: 'report generation growth exponent (time ∝ facts^k; linear = 1)',
    kind: 'reference',
  };
  if (
    first === undefined ||
    last === undefined ||
    !(last > first) ||
    t0 === undefined ||
    t1 === undefined ||
    !(t0 > 0)
  ) {
    return { ...def, basis: 'not measured yet: report generation' };
  }
  return {
    ...def,
    value: Math.log(t1 / t0) / Math.log(last / first),
    basis: `${fmt(t0)} ms at ${first.toLocaleString('en')} → ${fmt(t1)} ms at ${last.toLocaleString('en')} facts`,
  };
}

/** The goals of issue 15 (each with its basis and met / not met), then reference ratios without a goal. */
export function computeRatios(results: Results, sizes: RatioSizes): Ratio[] {
  const [small, large] = sizes.flatCases;
  const slowestStore = slowestOf(results, RAW_STORE_BASELINES);
  const reference = (id: string, label: string, num: Side, den: Side): Ratio =>
    quotient(results, { id, label, kind: 'reference' }, num, den);
  return [
    slowestStore
      ? quotient(
          results,
          {
            id: 'sustained-vs-slowest-store-baseline',
            label: 'product sustained rate ÷ slowest raw store baseline',
            kind: 'goal',
            goal: goal('>=', 0.5),
          },
          { id: ID.productSustained, of: 'rate' },
          { id: slowestStore.id, of: 'rate' },
        )
      : {
          id: 'sustained-vs-slowest-store-baseline',
          label: 'product sustained rate ÷ slowest raw store baseline',
          kind: 'goal',
          goal: goal('>=', 0.5),
          basis: `not measured yet: ${RAW_STORE_BASELINES.join(', ')}`,
        },
    quotient(
      results,
      {
        id: 'commands-vs-insert-one',
        label: 'commands through the HTTP API (16 clients) ÷ raw insertOne (16 clients)',
        kind: 'goal',
        goal: goal('>=', 0.5),
      },
      { id: ID.productCommands, of: 'rate' },
      { id: ID.rawInsertOne, of: 'rate' },
    ),
    quotient(
      results,
      {
        id: 'flat-command-p50',
        label: `command p50 with ${large.toLocaleString('en')} cases stored ÷ with ${small.toLocaleString('en')}`,
        kind: 'goal',
        goal: goal('<=', 1.5),
      },
      { id: ID.flatAt(large), of: 'p50' },
      { id: ID.flatAt(small), of: 'p50' },
    ),
    quotient(
      results,
      {
        id: 'flat-projection-batch',
        label: `projection batch time (p50) with ${large.toLocaleString('en')} cases stored ÷ with ${small.toLocaleString('en')}`,
        kind: 'goal',
        goal: goal('<=', 1.5),
      },
      { id: ID.flatAt(large), of: { detail: 'batchP50Ms' } },
      { id: ID.flatAt(small), of: { detail: 'batchP50Ms' } },
    ),
    rebuildVsLimit(results, true),
    quotient(
      results,
      { id: 'rebuild-vs-naive', label: 'product rebuild ÷ naive rebuild', kind: 'goal', goal: goal('>=', 20) },
      { id: ID.productRebuild, of: 'rate' },
      { id: ID.naiveRebuild, of: 'rate' },
    ),
    quotient(
      results,
      {
        id: 'end-to-end-vs-round-trip',
        label: 'product p50 end-to-end latency ÷ raw round trip p50',
        kind: 'goal',
        goal: goal('<=', 5),
      },
      { id: ID.productEndToEnd, of: 'p50' },
      { id: ID.rawRoundTrip, of: 'p50' },
    ),
    quotient(
      results,
      {
        id: 'year-stack-vs-embedded',
        label: 'the 2009 year, feed + catch-up: six processes on the native stack ÷ embedded mode',
        kind: 'goal',
        goal: goal('<=', 2),
      },
      { id: ID.yearStack, of: 'ms' },
      { id: ID.yearEmbedded, of: 'ms' },
    ),
    quotient(
      results,
      {
        id: 'year-feed-last-vs-first-tenth',
        label: 'the 2009 year on six processes: feed rate of the last tenth ÷ the first tenth',
        kind: 'goal',
        goal: goal('>=', 0.8),
      },
      { id: ID.yearStack, of: { detail: 'lastTenthRate' } },
      { id: ID.yearStack, of: { detail: 'firstTenthRate' } },
    ),
    rebuildVsLimit(results, false),
    reference(
      'rebuild-vs-raw-consume',
      'product rebuild ÷ raw consume (issue 9 goal ≥ 0.7, replaced by the rebuild limit)',
      { id: ID.productRebuild, of: 'rate' },
      { id: ID.rawConsume, of: 'rate' },
    ),
    reportGrowth(results, sizes.reportFacts),
    reference(
      'commands-vs-http-noop',
      'commands through the HTTP API ÷ no-op route',
      { id: ID.productCommands, of: 'rate' },
      { id: ID.httpNoop, of: 'rate' },
    ),
    reference(
      'year-embedded-last-vs-first-tenth',
      'the 2009 year embedded: feed rate of the last tenth ÷ the first tenth',
      { id: ID.yearEmbedded, of: { detail: 'lastTenthRate' } },
      { id: ID.yearEmbedded, of: { detail: 'firstTenthRate' } },
    ),
    reference(
      'batched-vs-naive-rebuild',
      'good projection (eachBatch + bulkWrite) ÷ naive rebuild',
      { id: ID.batchedRebuild, of: 'rate' },
      { id: ID.naiveRebuild, of: 'rate' },
    ),
    reference(
      'fold-vs-naive-rebuild',
      'fold-in-memory rebuild ÷ naive rebuild',
      { id: ID.foldRebuild, of: 'rate' },
      { id: ID.naiveRebuild, of: 'rate' },
    ),
    reference(
      'fold-vs-raw-consume',
      'fold-in-memory rebuild ÷ raw consume',
      { id: ID.foldRebuild, of: 'rate' },
      { id: ID.rawConsume, of: 'rate' },
    ),
    reference(
      'batched-vs-raw-consume',
      'good projection (eachBatch + bulkWrite) ÷ raw consume',
      { id: ID.batchedRebuild, of: 'rate' },
      { id: ID.rawConsume, of: 'rate' },
    ),
    reference(
      'batched-vs-naive-produce',
      'batched produce ÷ one awaited send per event',
      { id: ID.rawProduce, of: 'rate' },
      { id: ID.naiveProduce, of: 'rate' },
    ),
    reference(
      'upserts-vs-inserts',
      'bulkWrite upserts ÷ insertMany (store write cost of an update)',
      { id: ID.rawBulkUpserts, of: 'rate' },
      { id: ID.rawInsertMany, of: 'rate' },
    ),
    reference(
      'consume-vs-produce',
      'raw consume ÷ raw produce',
      { id: ID.rawConsume, of: 'rate' },
      { id: ID.rawProduce, of: 'rate' },
    ),
  ];
}
