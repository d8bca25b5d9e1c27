// Command-line options of `npm run bench`. Sizes default to a full run; --quick picks sizes that
// finish in under three minutes on a 2-core machine. Every size can be set on its own.
import { parseArgs } from 'node:util';

/** FerretDB's storage backends the harness can start a native store on (infra/native.mjs). */
export const BACKENDS = ['postgresql', 'sqlite'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface BenchOptions {
  readonly quick: boolean;
  /** Events in the main topic: raw produce, raw consume and the in-memory-fold rebuild read all of them. */
  readonly events: number;
  /** Event documents written with insertMany. */
  readonly storeDocs: number;
  /** Upserts written with bulkWrite (one per event, on the read model's keys). */
  readonly upserts: number;
  /** Events rebuilt by the naive build and by the good projection (the same topic for both). */
  readonly rebuildEvents: number;
  /** Events the product's projection rebuilds from offset 0 (default: `events`). */
  readonly productRebuildEvents: number;
  /** Bound on the product rebuild; past it the measurement fails with what it reached. */
  readonly productRebuildTimeoutS: number;
  /** Events sent one awaited send at a time (the naive producer). */
  readonly naiveEvents: number;
  readonly httpRequests: number;
  /** Bound on commands sent through the product's HTTP API (also bounded by httpSeconds). */
  readonly productCommands: number;
  /** Commands sent one at a time for the end-to-end latency. */
  readonly endToEndSamples: number;
  /** Sustained rate search: first rate (commands/s), seconds per search step, seconds the best rate is held, overall bound. */
  readonly sustainedStartRate: number;
  readonly sustainedStepSeconds: number;
  readonly sustainedSeconds: number;
  /** How many holds the sustained search may try: the best rate, then half of it, and so on. */
  readonly sustainedHolds: number;
  readonly httpSeconds: number;
  readonly httpConcurrency: number;
  /** Single-document inserts (insertOne) sent by `httpConcurrency` concurrent clients: the floor of a command. */
  readonly insertOnes: number;
  /** Flat cost: cases stored before timing, the small and the large size (command p50 and projection batch time at each). */
  readonly flatCases: readonly [number, number];
  /** Flat cost: commands timed one at a time at each size. */
  readonly flatCommands: number;
  /** The 2009 year: how many of its concrete cases are fed (default: all). */
  readonly yearCases?: number;
  /** Start the year's six processes in the background during the reference rebuilds (default in --quick). */
  readonly stackAhead: boolean;
  /** Bound on the year's feed + catch-up in each mode. */
  readonly yearTimeoutS: number;
  /**
   * FerretDB backends to measure, each on its own native store the harness starts (the broker is
   * shared); absent: the one store the infrastructure resolves to (environment, testcontainers or native).
   */
  readonly backends?: readonly Backend[];
  readonly roundTrips: number;
  /** Case-fact counts the report generation is timed at (how its cost grows with the year's size). */
  readonly reportFacts: readonly number[];
  readonly partitions: number;
  /** Messages per produce request. */
  readonly batch: number;
  readonly seed: number;
  /** Output path without extension: writes `<out>.json` and `<out>.md`. */
  readonly out: string;
  /** Run only these measurement ids (the others are reported as skipped). */
  readonly only?: readonly string[];
  /** Keep the topics and databases the run created. */
  readonly keep: boolean;
}

const FULL = {
  events: 1_000_000,
  storeDocs: 100_000,
  upserts: 1_000,
  rebuildEvents: 2_000,
  naiveEvents: 2_000,
  httpRequests: 20_000,
  productCommands: 5_000,
  endToEndSamples: 300,
  sustainedStepSeconds: 10,
  sustainedSeconds: 60,
  sustainedHolds: 3,
  httpSeconds: 30,
  roundTrips: 1_000,
  reportFacts: [10_000, 100_000, 1_000_000] as readonly number[],
  insertOnes: 5_000,
  flatCases: [1_000, 100_000] as readonly [number, number],
  flatCommands: 200,
  yearCases: undefined as number | undefined,
  yearTimeoutS: 900,
  out: 'docs/benchmarks',
};

// Sized for the 3-minute bound on a shared 2-core machine under load (measured: docs/benchmarks.md).
const QUICK: typeof FULL = {
  events: 10_000,
  storeDocs: 2_000,
  upserts: 100,
  rebuildEvents: 300,
  naiveEvents: 200,
  httpRequests: 1_000,
  productCommands: 200,
  endToEndSamples: 20,
  sustainedStepSeconds: 2,
  sustainedSeconds: 5,
  sustainedHolds: 3,
  httpSeconds: 4,
  roundTrips: 100,
  reportFacts: [1_000, 10_000, 100_000],
  insertOnes: 500,
  flatCases: [100, 1_000],
  flatCommands: 20,
  yearCases: 40,
  yearTimeoutS: 90,
  out: 'out/bench/quick',
};

export const USAGE = `npm run bench -- [options]

  --quick                 small sizes, under three minutes (writes out/bench/quick.{json,md})
  --backends a,b          FerretDB backends (${BACKENDS.join(', ')}), each on a native store the harness starts
                          (the broker is shared); default: the one store the infrastructure resolves to
                          (with KAFKA_BROKERS/MONGODB_URI set, only that store is measured)
  --events N              events in the main topic (default ${FULL.events})
  --store-docs N          documents for insertMany (default ${FULL.storeDocs})
  --upserts N             upserts for bulkWrite (default ${FULL.upserts})
  --rebuild-events N      events for the naive and the eachBatch + bulkWrite rebuilds (default ${FULL.rebuildEvents})
  --product-rebuild-events N   events the product's projection rebuilds (default: --events)
  --product-rebuild-timeout-s S  bound on that rebuild (default 600, quick 60)
  --naive-events N        events sent one awaited send at a time (default ${FULL.naiveEvents})
  --http-requests N       bound on requests of the HTTP load loop (default ${FULL.httpRequests})
  --http-seconds S        bound on its duration (default ${FULL.httpSeconds})
  --product-commands N    bound on commands through the product's HTTP API (default ${FULL.productCommands})
  --end-to-end-samples N  commands timed one at a time to the read model (default ${FULL.endToEndSamples})
  --sustained-start-rate R   first rate of the sustained search, commands/s (default 4)
  --sustained-step-seconds S length of a search step (default ${FULL.sustainedStepSeconds}, quick ${QUICK.sustainedStepSeconds})
  --sustained-seconds S   how long the best rate is held (default ${FULL.sustainedSeconds}, quick ${QUICK.sustainedSeconds})
  --sustained-holds N     holds tried: the best rate of the search, then half of it after a failed hold, … (default ${FULL.sustainedHolds})
  --http-concurrency C    requests in flight (default 16)
  --round-trips N         produce→consume round trips (default ${FULL.roundTrips})
  --insert-ones N         insertOne calls from --http-concurrency clients (default ${FULL.insertOnes}, quick ${QUICK.insertOnes})
  --flat-cases a,b        cases stored before the flat-cost timing, small and large (default ${FULL.flatCases.join(',')}, quick ${QUICK.flatCases.join(',')})
  --flat-commands N       commands timed one at a time at each size (default ${FULL.flatCommands}, quick ${QUICK.flatCommands})
  --year-cases N          the 2009 year's first N cases (default all, quick ${QUICK.yearCases})
  --stack-ahead           start the year's six processes in the background beside the reference and flat-cost
                          measurements (they share the CPU with that start-up; default in --quick)
  --year-timeout-s S      bound on the year's feed + catch-up per mode (default ${FULL.yearTimeoutS}, quick ${QUICK.yearTimeoutS})
  --report-facts a,b,c    case facts the report generation is timed at (default ${FULL.reportFacts.join(',')})
  --partitions P          partitions of every topic (default 3, as the product's event topics)
  --batch B               messages per produce request (default 1000)
  --seed S                payload seed (default 2009)
  --out PATH              writes PATH.json and PATH.md (default ${FULL.out})
  --only a,b              run only these measurement ids
  --keep                  keep the topics and databases created
  --help`;

const positive = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer (got ${raw})`);
  return n;
};

/** `--flat-cases small,large`: two positive sizes, the first smaller. */
function flatCasesOf(raw: string | undefined, fallback: readonly [number, number]): readonly [number, number] {
  if (raw === undefined) return fallback;
  const sizes = raw.split(',').map((x) => positive('flat-cases', x.trim(), 0));
  if (sizes.length !== 2 || !(sizes[0]! < sizes[1]!)) {
    throw new Error(`--flat-cases must be two sizes, the smaller first (got ${raw})`);
  }
  return [sizes[0]!, sizes[1]!];
}

/** `--backends postgresql,sqlite`: known backends, each once. */
function backendsOf(raw: string): readonly Backend[] {
  const names = raw.split(',').map((x) => x.trim());
  for (const n of names) {
    if (!(BACKENDS as readonly string[]).includes(n)) {
      throw new Error(`--backends must name ${BACKENDS.join(' or ')} (got ${n || 'an empty name'})`);
    }
  }
  if (new Set(names).size !== names.length) throw new Error(`--backends names a backend twice (got ${raw})`);
  return names as Backend[];
}

/** Parses argv (without node and script); throws with a message naming the bad option. */
export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      events: { type: 'string' },
      'store-docs': { type: 'string' },
      upserts: { type: 'string' },
      'rebuild-events': { type: 'string' },
      'naive-events': { type: 'string' },
      'product-rebuild-events': { type: 'string' },
      'product-rebuild-timeout-s': { type: 'string' },
      'http-requests': { type: 'string' },
      'http-seconds': { type: 'string' },
      'http-concurrency': { type: 'string' },
      'product-commands': { type: 'string' },
      'end-to-end-samples': { type: 'string' },
      'sustained-start-rate': { type: 'string' },
      'sustained-step-seconds': { type: 'string' },
      'sustained-seconds': { type: 'string' },
      'sustained-holds': { type: 'string' },
      'round-trips': { type: 'string' },
      'insert-ones': { type: 'string' },
      'flat-cases': { type: 'string' },
      'flat-commands': { type: 'string' },
      'year-cases': { type: 'string' },
      'year-timeout-s': { type: 'string' },
      'stack-ahead': { type: 'boolean' },
      backends: { type: 'string' },
      'report-facts': { type: 'string' },
      partitions: { type: 'string' },
      batch: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const d = values.quick ? QUICK : FULL;
  const events = positive('events', values.events, d.events);
  return {
    quick: values.quick === true,
    events,
    storeDocs: positive('store-docs', values['store-docs'], d.storeDocs),
    upserts: positive('upserts', values.upserts, d.upserts),
    rebuildEvents: positive('rebuild-events', values['rebuild-events'], d.rebuildEvents),
    productRebuildEvents: positive('product-rebuild-events', values['product-rebuild-events'], events),
    productRebuildTimeoutS: positive(
      'product-rebuild-timeout-s',
      values['product-rebuild-timeout-s'],
      values.quick ? 60 : 600,
    ),
    naiveEvents: positive('naive-events', values['naive-events'], d.naiveEvents),
    httpRequests: positive('http-requests', values['http-requests'], d.httpRequests),
    httpSeconds: positive('http-seconds', values['http-seconds'], d.httpSeconds),
    productCommands: positive('product-commands', values['product-commands'], d.productCommands),
    endToEndSamples: positive('end-to-end-samples', values['end-to-end-samples'], d.endToEndSamples),
    sustainedStartRate: positive('sustained-start-rate', values['sustained-start-rate'], 4),
    sustainedStepSeconds: positive('sustained-step-seconds', values['sustained-step-seconds'], d.sustainedStepSeconds),
    sustainedSeconds: positive('sustained-seconds', values['sustained-seconds'], d.sustainedSeconds),
    sustainedHolds: positive('sustained-holds', values['sustained-holds'], d.sustainedHolds),
    httpConcurrency: positive('http-concurrency', values['http-concurrency'], 16),
    roundTrips: positive('round-trips', values['round-trips'], d.roundTrips),
    insertOnes: positive('insert-ones', values['insert-ones'], d.insertOnes),
    flatCases: flatCasesOf(values['flat-cases'], d.flatCases),
    flatCommands: positive('flat-commands', values['flat-commands'], d.flatCommands),
    ...(values['year-cases'] !== undefined || d.yearCases !== undefined
      ? { yearCases: positive('year-cases', values['year-cases'], d.yearCases ?? 0) }
      : {}),
    stackAhead: values['stack-ahead'] ?? values.quick === true,
    yearTimeoutS: positive('year-timeout-s', values['year-timeout-s'], d.yearTimeoutS),
    ...(values.backends !== undefined ? { backends: backendsOf(values.backends) } : {}),
    reportFacts: values['report-facts']
      ? values['report-facts'].split(',').map((x) => positive('report-facts', x.trim(), 0))
      : d.reportFacts,
    partitions: positive('partitions', values.partitions, 3),
    batch: positive('batch', values.batch, 1000),
    seed: positive('seed', values.seed, 2009),
    out: values.out ?? d.out,
    ...(values.only ? { only: values.only.split(',').map((s) => s.trim()) } : {}),
    keep: values.keep === true,
  };
}
