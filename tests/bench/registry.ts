// The registry of measurements, in the order one run takes them (issue 9): raw baselines, the
// product, the naive reference (with a good hand-written projection beside it), then scale.
import { type Measurement } from './context.js';
import { httpNoop } from './http-baseline.js';
import { rawConsume, rawProduce, rawRoundTrip } from './kafka-baselines.js';
import { rawBulkUpserts, rawInsertMany, rawInsertOne } from './mongo-baselines.js';
import { type BenchOptions } from './options.js';
import { type ProductHooks } from './product.js';
import { batchedRebuild, foldRebuild, naiveProduce, naiveRebuild } from './reference-rebuilds.js';

/** Ids the ratios refer to. */
export const ID = {
  rawProduce: 'raw-produce',
  rawConsume: 'raw-consume',
  rawInsertMany: 'raw-insert-many',
  rawBulkUpserts: 'raw-bulk-upserts',
  rawInsertOne: 'raw-insert-one',
  httpNoop: 'http-noop',
  rawRoundTrip: 'raw-round-trip',
  productCommands: 'product-commands',
  productEndToEnd: 'product-end-to-end',
  productSustained: 'product-sustained',
  productRebuild: 'product-rebuild',
  naiveProduce: 'naive-produce',
  naiveRebuild: 'naive-rebuild',
  batchedRebuild: 'batched-rebuild',
  foldRebuild: 'fold-rebuild',
  reportAt: (facts: number) => `report-generation-${facts}`,
  flatAt: (cases: number) => `flat-cost-${cases}`,
  yearEmbedded: 'year-embedded',
  yearStack: 'year-stack',
} as const;

/** The raw store baselines whose slowest one the sustained rate is compared with (issue 15). */
export const RAW_STORE_BASELINES: readonly string[] = [ID.rawInsertMany, ID.rawBulkUpserts, ID.rawInsertOne];

/**
 * Measurements that touch only the broker or the CPU, not the store (the embedded mode keeps
 * everything in memory, report generation is a pure function): with several backends in one run
 * they are taken once (on the first backend's pass) and shown for every backend.
 */
const STORE_FREE: readonly string[] = [
  ID.rawProduce,
  ID.rawConsume,
  ID.httpNoop,
  ID.rawRoundTrip,
  ID.naiveProduce,
  ID.yearEmbedded,
];
export const storeFree = (id: string): boolean => STORE_FREE.includes(id) || id.startsWith('report-generation-');

const NOT_YET = 'not measured yet: the product is not wired into the bench (tests/bench/product.ts)';

export function measurements(options: BenchOptions, hooks: ProductHooks): Measurement[] {
  const product = <K extends keyof ProductHooks>(hook: K) => hooks[hook];
  const commands = product('measureProductCommands');
  const endToEnd = product('measureEndToEndLatency');
  const sustained = product('measureSustainedRate');
  const rebuild = product('measureProductRebuild');
  const report = product('measureReportGeneration');
  const flat = product('measureFlatCost');
  const yearEmbedded = product('measureYearEmbedded');
  const yearStack = product('measureYearStack');
  const prepareYearStack = product('prepareYearStack');
  const yearTitle = options.yearCases ? `the 2009 year's first ${options.yearCases} cases` : 'the 2009 year';
  return [
    {
      id: ID.rawProduce,
      group: 'baseline',
      title: 'kafkajs producer, many messages per request (acks = all)',
      run: rawProduce,
    },
    { id: ID.rawConsume, group: 'baseline', title: 'kafkajs no-op eachBatch consumer from offset 0', run: rawConsume },
    {
      id: ID.rawInsertMany,
      group: 'baseline',
      title: 'MongoDB driver insertMany of event documents',
      run: rawInsertMany,
    },
    {
      id: ID.rawBulkUpserts,
      group: 'baseline',
      title: 'MongoDB driver bulkWrite of upserts on the read model’s keys',
      run: rawBulkUpserts,
    },
    {
      id: ID.rawInsertOne,
      group: 'baseline',
      title: `MongoDB driver insertOne of event documents, ${options.httpConcurrency} concurrent clients`,
      run: rawInsertOne,
    },
    { id: ID.httpNoop, group: 'baseline', title: 'no-op route on the NestJS express adapter', run: httpNoop },
    { id: ID.rawRoundTrip, group: 'baseline', title: 'kafkajs produce → consume round trip', run: rawRoundTrip },
    {
      id: ID.productCommands,
      group: 'product',
      title: 'product: commands through the HTTP API',
      ...(commands ? { run: commands } : { pending: NOT_YET }),
    },
    {
      id: ID.productEndToEnd,
      group: 'product',
      title: 'product: append → visible in the report',
      ...(endToEnd ? { run: endToEnd } : { pending: NOT_YET }),
    },
    {
      id: ID.productSustained,
      group: 'product',
      title: 'product: sustained end-to-end rate with projection lag p99 < 1 s for a minute',
      ...(sustained ? { run: sustained } : { pending: NOT_YET }),
    },
    {
      id: ID.productRebuild,
      group: 'product',
      title: `product: projection rebuild of ${options.productRebuildEvents.toLocaleString('en')} events from offset 0`,
      ...(rebuild ? { run: rebuild } : { pending: NOT_YET }),
    },
    {
      id: ID.naiveProduce,
      group: 'reference',
      title: 'naive: one awaited send per event',
      run: naiveProduce,
    },
    {
      id: ID.naiveRebuild,
      group: 'reference',
      title: 'naive rebuild: eachMessage, one write per event',
      run: naiveRebuild,
    },
    {
      id: ID.batchedRebuild,
      group: 'reference',
      title: 'good projection rebuild: eachBatch, folded per case, bulkWrite',
      run: batchedRebuild,
    },
    {
      id: ID.foldRebuild,
      group: 'reference',
      title: 'rebuild into a fresh collection: fold in memory, insertMany',
      run: foldRebuild,
    },
    ...options.flatCases.map((cases): Measurement => ({
      id: ID.flatAt(cases),
      group: 'scale',
      title: `product: command and projection batch, one command at a time, with ${cases.toLocaleString('en')} cases stored`,
      ...(flat ? { run: (ctx) => flat(ctx, cases) } : { pending: NOT_YET }),
    })),
    {
      id: ID.yearEmbedded,
      group: 'product',
      title: `${yearTitle}: feed + catch-up, embedded mode (six services in one process, in-memory adapters)`,
      ...(yearEmbedded ? { run: yearEmbedded } : { pending: NOT_YET }),
    },
    {
      id: ID.yearStack,
      group: 'product',
      title: `${yearTitle}: feed + catch-up, six service processes on the run's broker and store`,
      ...(yearStack ? { run: yearStack } : { pending: NOT_YET }),
      // --stack-ahead (--quick): the six processes start in the background once the goals' baselines
      // and product measurements are done, beside the reference rebuilds and the flat-cost measurements.
      ...(options.stackAhead && prepareYearStack ? { prepare: prepareYearStack, prepareBefore: ID.naiveProduce } : {}),
    },
    ...options.reportFacts.map((facts): Measurement => ({
      id: ID.reportAt(facts),
      group: 'scale',
      title: `report generation from ${facts.toLocaleString('en')} case facts`,
      ...(report ? { run: (ctx) => report(ctx, facts) } : { pending: NOT_YET }),
    })),
  ];
}
