// The ratios the issue sets goals on, and reference ratios measured now. A ratio whose either side
// was not measured stays empty and says which side is missing.
import { type MeasurementResult } from './context.js';
import { ID, RAW_THROUGHPUT_BASELINES } from './registry.js';

export interface Ratio {
  readonly id: string;
  readonly label: string;
  /** `goal`: a target from issue 9; `reference`: measured for comparison, no target. */
  readonly kind: 'goal' | 'reference';
  readonly goal?: { readonly op: '>=' | '<='; readonly value: number; readonly text: string };
  readonly value?: number;
  readonly met?: boolean;
  /** What the value is computed from, or why there is none. */
  readonly basis: string;
}

type Results = ReadonlyMap<string, MeasurementResult>;

const measured = (results: Results, id: string) => {
  const r = results.get(id);
  return r?.status === 'measured' ? r.outcome : undefined;
};
const rateOf = (results: Results, id: string): number | undefined => measured(results, id)?.rate;
const p50Of = (results: Results, id: string): number | undefined => measured(results, id)?.latency?.p50Ms;

const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toPrecision(3));

function quotient(
  results: Results,
  def: Omit<Ratio, 'value' | 'met' | 'basis'>,
  num: { id: string; of: 'rate' | 'p50' },
  den: { id: string; of: 'rate' | 'p50' },
): Ratio {
  const get = (side: { id: string; of: 'rate' | 'p50' }) =>
    side.of === 'rate' ? rateOf(results, side.id) : p50Of(results, side.id);
  const a = get(num);
  const b = get(den);
  const missing = [a === undefined ? num.id : undefined, b === undefined ? den.id : undefined].filter(Boolean);
  if (a === undefined || b === undefined || !(b > 0)) {
    return { ...def, basis: `not measured yet: ${missing.join(', ') || `${den.id} is 0`}` };
  }
  const value = a / b;
  const unit = num.of === 'rate' ? '/s' : ' ms p50';
  return {
    ...def,
    value,
    ...(def.goal ? { met: def.goal.op === '>=' ? value >= def.goal.value : value <= def.goal.value } : {}),
    basis: `${num.id} ${fmt(a)}${unit} ÷ ${den.id} ${fmt(b)}${unit}`,
  };
}

export function computeRatios(results: Results, reportFacts: readonly number[]): Ratio[] {
  const ratios: Ratio[] = [
    quotient(
      results,
      {
        id: 'rebuild-vs-raw-consume',
        label: 'product rebuild ÷ raw consume',
        kind: 'goal',
        goal: { op: '>=', value: 0.7, text: '≥ 0.7' },
      },
      { id: ID.productRebuild, of: 'rate' },
      { id: ID.rawConsume, of: 'rate' },
    ),
    quotient(
      results,
      {
        id: 'rebuild-vs-naive',
        label: 'product rebuild ÷ naive rebuild',
        kind: 'goal',
        goal: { op: '>=', value: 20, text: '≥ 20' },
      },
      { id: ID.productRebuild, of: 'rate' },
      { id: ID.naiveRebuild, of: 'rate' },
    ),
  ];

  const baselines = RAW_THROUGHPUT_BASELINES.map((id: string) => ({ id, rate: rateOf(results, id) })).filter(
    (b): b is { id: string; rate: number } => b.rate !== undefined,
  );
  const slowest = baselines.sort((a, b) => a.rate - b.rate)[0];
  ratios.push(
    slowest
      ? quotient(
          results,
          {
            id: 'sustained-vs-slowest-baseline',
            label: `product sustained rate ÷ slowest raw baseline (${slowest.id})`,
            kind: 'goal',
            goal: { op: '>=', value: 0.5, text: '≥ 0.5' },
          },
          { id: ID.productSustained, of: 'rate' },
          { id: slowest.id, of: 'rate' },
        )
      : {
          id: 'sustained-vs-slowest-baseline',
          label: 'product sustained rate ÷ slowest raw baseline',
          kind: 'goal',
          goal: { op: '>=', value: 0.5, text: '≥ 0.5' },
          basis: 'not measured yet: no raw baseline',
        },
    quotient(
      results,
      {
        id: 'end-to-end-vs-round-trip',
        label: 'product p50 end-to-end latency ÷ raw round trip p50',
        kind: 'goal',
        goal: { op: '<=', value: 5, text: '≤ 5' },
      },
      { id: ID.productEndToEnd, of: 'p50' },
      { id: ID.rawRoundTrip, of: 'p50' },
    ),
  );

  // Growth exponent k in time ∝ facts^k between the smallest and the largest size: 1 is linear.
  const first = reportFacts[0];
  const last = reportFacts.at(-1);
  const t0 = first !== undefined ? measured(results, ID.reportAt(first))?.ms : undefined;
  const t1 = last !== undefined ? measured(results, ID.reportAt(last))?.ms : undefined;
  const growth: Omit<Ratio, 'basis'> = {
    id: 'report-growth',
    label: 'report generation growth exponent (time ∝ facts^k)',
    kind: 'goal',
    goal: { op: '<=', value: 1.1, text: '≤ 1.1 (linear = 1; +0.1 for timing noise)' },
  };
  if (first !== undefined && last !== undefined && last > first && t0 !== undefined && t1 !== undefined && t0 > 0) {
    const k = Math.log(t1 / t0) / Math.log(last / first);
    ratios.push({
      ...growth,
      value: k,
      met: k <= 1.1,
      basis: `${fmt(t0)} ms at ${first.toLocaleString('en')} → ${fmt(t1)} ms at ${last.toLocaleString('en')} facts`,
    });
  } else {
    ratios.push({ ...growth, basis: 'not measured yet: report generation' });
  }

  const reference = (
    id: string,
    label: string,
    num: { id: string; of: 'rate' | 'p50' },
    den: { id: string; of: 'rate' | 'p50' },
  ): Ratio => quotient(results, { id, label, kind: 'reference' }, num, den);
  ratios.push(
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
  );
  return ratios;
}
