// The bench's goals as ratios (issue 15): measurements in, ratio, met / not met and basis out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type MeasurementResult, type Outcome } from './context.js';
import { computeRatios, type Ratio, rebuildLimit } from './ratios.js';
import { ID } from './registry.js';
import { type BackendRun, ratioTable } from './report.js';
import { tenthRates } from './timing.js';

const SIZES = { reportFacts: [1_000, 100_000], flatCases: [1_000, 100_000] as const };

function result(id: string, outcome: Partial<Outcome>): [string, MeasurementResult] {
  return [
    id,
    {
      id,
      group: 'baseline',
      title: id,
      status: 'measured',
      outcome: { count: 1_000, unit: 'x', ms: 1_000, ...outcome },
    },
  ];
}
const latency = (p50Ms: number) => ({ samples: 10, p50Ms, p90Ms: p50Ms, p99Ms: p50Ms, maxMs: p50Ms, meanMs: p50Ms });

/** A run where every goal's sides were measured. */
function fullRun(): Map<string, MeasurementResult> {
  return new Map([
    result(ID.rawProduce, { rate: 50_000 }),
    result(ID.rawConsume, { rate: 40_000 }),
    result(ID.rawInsertMany, { rate: 5_000 }),
    result(ID.rawBulkUpserts, { rate: 40 }),
    result(ID.rawInsertOne, { rate: 400 }),
    result(ID.httpNoop, { rate: 3_000 }),
    result(ID.rawRoundTrip, { latency: latency(5) }),
    result(ID.productCommands, { rate: 150 }),
    result(ID.productEndToEnd, { latency: latency(30) }),
    result(ID.productSustained, { rate: 16 }),
    result(ID.productRebuild, {
      count: 100_000,
      rate: 6_000,
      details: { cases: 50_000, ratePerSFromFirstBatch: 7_000 },
    }),
    result(ID.naiveRebuild, { rate: 20 }),
    result(ID.flatAt(1_000), { latency: latency(10), details: { batchP50Ms: 4 } }),
    result(ID.flatAt(100_000), { latency: latency(20), details: { batchP50Ms: 5 } }),
    result(ID.yearEmbedded, { ms: 10_000 }),
    result(ID.yearStack, { ms: 30_000, details: { firstTenthRate: 20, lastTenthRate: 18 } }),
  ]);
}

const byId = (ratios: readonly Ratio[], id: string): Ratio => {
  const r = ratios.find((x) => x.id === id);
  assert.ok(r, `ratio ${id} is computed`);
  return r;
};

describe('the bench goals as ratios', () => {
  it('computes each goal from the run’s own measurements, says whether it is met, and on what basis', () => {
    const ratios = computeRatios(fullRun(), SIZES);
    const goals = ratios.filter((r) => r.kind === 'goal');
    assert.deepEqual(
      goals.map((r) => [r.id, r.value, r.met]),
      [
        // 16 commands/s sustained against the slowest store baseline, bulk upserts at 40/s.
        ['sustained-vs-slowest-store-baseline', 16 / 40, false],
        ['commands-vs-insert-one', 150 / 400, false],
        ['flat-command-p50', 20 / 10, false],
        ['flat-projection-batch', 5 / 4, true],
        ['rebuild-vs-limit', 7_000 / rebuildLimit(40_000, 5_000, 50_000, 100_000), true],
        ['rebuild-vs-naive', 6_000 / 20, true],
        ['end-to-end-vs-round-trip', 30 / 5, false],
        ['year-stack-vs-embedded', 30_000 / 10_000, false],
        ['year-feed-last-vs-first-tenth', 18 / 20, true],
      ],
    );
    const sustained = byId(ratios, 'sustained-vs-slowest-store-baseline');
    assert.equal(sustained.basis, 'product-sustained 16.0/s ÷ raw-bulk-upserts 40.0/s');
    assert.equal(
      byId(ratios, 'flat-projection-batch').basis,
      'flat-cost-100000 5.00 (batchP50Ms) ÷ flat-cost-1000 4.00 (batchP50Ms)',
    );
    assert.match(
      byId(ratios, 'rebuild-vs-limit').basis,
      /^product-rebuild 7,000\/s \(from its first batch, as raw consume\) ÷ limit 8,000\/s = 1\/\(1\/40,000 \+ \(50,000 cases \/ 100,000 events\)\/5,000\)$/,
    );
    // The same rebuild timed from start-up, beside it as a reference.
    const fromStart = byId(ratios, 'rebuild-from-start-vs-limit');
    assert.deepEqual([fromStart.kind, fromStart.value, fromStart.met], ['reference', 6_000 / 8_000, undefined]);
  });

  it('leaves the rebuild goal empty when the rebuild has no rate from its first batch', () => {
    const results = fullRun();
    results.set(...result(ID.productRebuild, { count: 100_000, rate: 6_000, details: { cases: 50_000 } }));
    const r = byId(computeRatios(results, SIZES), 'rebuild-vs-limit');
    assert.equal(r.value, undefined);
    assert.equal(r.basis, `not measured yet: ${ID.productRebuild}`);
  });

  it('compares the sustained rate with the slowest STORE baseline, however slow a broker baseline is', () => {
    const results = fullRun();
    results.set(...result(ID.rawProduce, { rate: 1 }));
    results.set(...result(ID.rawBulkUpserts, { rate: 1_000 }));
    const r = byId(computeRatios(results, SIZES), 'sustained-vs-slowest-store-baseline');
    assert.equal(r.value, 16 / 400, 'insertOne at 400/s is now the slowest store baseline');
    assert.equal(r.basis, 'product-sustained 16.0/s ÷ raw-insert-one 400/s');
  });

  it('the rebuild limit: an event costs its consume plus its share of one case insert', () => {
    // 1/40,000 s to consume + (50,000 / 100,000) × 1/5,000 s to insert = 0.000125 s → 8,000 events/s.
    assert.equal(rebuildLimit(40_000, 5_000, 50_000, 100_000), 8_000);
    // Every event its own case: the insert rate dominates; no case write at all: raw consume.
    assert.ok(rebuildLimit(40_000, 5_000, 100_000, 100_000) < 5_000);
    assert.equal(rebuildLimit(40_000, 5_000, 0, 100_000), 40_000);
  });

  it('leaves a goal empty when a side was not measured or failed, and names the missing side', () => {
    const results = fullRun();
    results.delete(ID.rawInsertOne);
    results.set(ID.yearStack, { id: ID.yearStack, group: 'product', title: 'x', status: 'failed', reason: 'boom' });
    const ratios = computeRatios(results, SIZES);
    const commands = byId(ratios, 'commands-vs-insert-one');
    assert.equal(commands.value, undefined);
    assert.equal(commands.met, undefined);
    assert.equal(commands.basis, `not measured yet: ${ID.rawInsertOne}`);
    assert.equal(byId(ratios, 'year-stack-vs-embedded').basis, `not measured yet: ${ID.yearStack}`);
    assert.equal(byId(ratios, 'year-feed-last-vs-first-tenth').value, undefined);
  });

  it('keeps the replaced issue-9 goals as references, without a goal', () => {
    const ratios = computeRatios(fullRun(), SIZES);
    for (const id of ['rebuild-vs-raw-consume', 'report-growth']) {
      assert.equal(byId(ratios, id).kind, 'reference');
      assert.equal(byId(ratios, id).goal, undefined);
      assert.equal(byId(ratios, id).met, undefined);
    }
    assert.ok(!ratios.some((r) => r.id === 'sustained-vs-slowest-baseline'), 'the old all-baselines goal is gone');
  });

  it('shows the stores side by side, one column pair per backend', () => {
    const pg = fullRun();
    const lite = fullRun();
    lite.set(...result(ID.productSustained, { rate: 30 }));
    const run = (label: string, results: Map<string, MeasurementResult>): BackendRun => ({
      label,
      store: label,
      infra: label,
      results: [...results.values()],
      ratios: computeRatios(results, SIZES),
    });
    const table = ratioTable([run('postgresql', pg), run('sqlite', lite)]);
    assert.equal(table[0], '| ratio | goal | postgresql: value | status | sqlite: value | status |');
    const sustained = table.find((l) => l.includes('sustained rate'))!;
    assert.match(sustained, /\| ≥ 0\.5 \| 0\.40× \| \*\*not met\*\* \| 0\.75× \| met \|$/);
  });
});

describe('feed rate by tenths', () => {
  it('is the rate of the first and of the last tenth of the items', () => {
    // 20 items, one every 100 ms from the start, then the last two 400 ms apart: a tenth is 2 items.
    const doneAt = [...Array.from({ length: 18 }, (_, i) => 100 * (i + 1)), 2_200, 2_600];
    const { first, last } = tenthRates(doneAt, 0);
    assert.equal(first, 2 / 0.2);
    // The last tenth runs from the 18th item (1,800 ms) to the 20th (2,600 ms).
    assert.equal(last, 2 / 0.8);
  });

  it('treats fewer than ten items as tenths of one item', () => {
    assert.deepEqual(tenthRates([500, 1_000], 0), { first: 2, last: 2 });
    assert.deepEqual(tenthRates([1_000], 0), { first: 1, last: 1 });
  });
});
