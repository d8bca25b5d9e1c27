// The product's own projection (apps/reporting: StatisticsProjection → FactStore → the document
// collections, over KafkaTransport) rebuilding a generation from offset 0 of per-service topics,
// and the product's report derivation timed against the number of case facts.
import mongoose from 'mongoose';
import {
  ZHUZHOU_AGENCIES,
  CITY_AGENCY_ID,
  createContractRegistry,
  type EventEnvelope,
  type ServiceName,
} from '#contracts';
import { MongoDocumentCollections } from '#event-sourcing/mongo';
import {
  type CollectionOptions,
  type DocumentCollection,
  type DocumentCollections,
  type NewerWrite,
} from '#event-sourcing/read-model';
import { KafkaTransport } from '#messaging';
import { kafkaClient, uniqueName } from '../../libs/testing/src/infra.js';
import { translate } from '../../apps/reporting/src/annual-report/application/fact-translation.js';
import { StatisticsProjection } from '../../apps/reporting/src/annual-report/application/statistics-projection.js';
import {
  type FactStore,
  foldStored,
  type StoredFact,
} from '../../apps/reporting/src/annual-report/application/fact-store.js';
import { type AppliedEvent, type CaseFact, factOf } from '../../apps/reporting/src/annual-report/domain/case-facts.js';
import { deriveReport } from '../../apps/reporting/src/annual-report/domain/derive-report.js';
import { type Template } from '../../apps/reporting/src/annual-report/domain/vocabulary.js';
import { type BenchContext, type Outcome } from './context.js';
import { batchingProducer, rawKafka } from './kafka-client.js';
import { type ProductRebuildOutcome } from './product.js';
import { nowMs, perSecond } from './timing.js';

const SERVICES: readonly ServiceName[] = ['applications', 'publications', 'consultations', 'enforcement', 'appeals'];

/** The report every check compares: the city's roll-up (every agency) for the payload's year. */
export const REPORT_SUBJECT = {
  template: 'national-2021' as Template,
  agencyId: CITY_AGENCY_ID,
  scope: 'rollup' as const,
  agencyIds: [...ZHUZHOU_AGENCIES.ids()],
};

/** Kafka fetch sizes the product's rebuild runs with: a bigger batch folds more events per case write. */
export const REBUILD_FETCH = { maxBytesPerPartition: 50 * 1024 * 1024, maxBytes: 50 * 1024 * 1024 };

export interface ServiceTopics {
  /** `<prefix>.<service>.events` for each source service, as the product names them. */
  readonly prefix: string;
  readonly topics: readonly string[];
  readonly events: number;
}

/** Per-service topics holding the first `count` payload events, each on its service's topic (filled untimed). */
export async function serviceTopics(ctx: BenchContext, count: number): Promise<ServiceTopics> {
  const prefix = uniqueName('bench.product').replace(/-/g, '_');
  const topics = SERVICES.map((s) => `${prefix}.${s}.events`);
  for (const t of topics) await ctx.resources.named(t);
  if (count === 0) return { prefix, topics, events: 0 };
  ctx.log(`  filling ${prefix}.<service>.events with ${count.toLocaleString('en')} events (not timed)`);
  const producer = await batchingProducer(rawKafka(ctx.infra));
  try {
    for (const chunk of ctx.payload.chunks(count, 20_000)) {
      for (const service of SERVICES) {
        const messages = chunk.filter((e) => e.service === service).map((e) => e.message);
        for (let i = 0; i < messages.length; i += ctx.options.batch) {
          await producer.send({
            topic: `${prefix}.${service}.events`,
            acks: -1,
            messages: messages.slice(i, i + ctx.options.batch),
          });
        }
      }
    }
  } finally {
    await producer.disconnect();
  }
  return { prefix, topics, events: count };
}

/** Reads an envelope as the projection's consumer does: older schema versions upcast to the current one. */
const contracts = createContractRegistry();

/** What an event means to the statistics, by the product's own translation (as the projection applies it). */
export const appliedEventOf = (e: EventEnvelope): AppliedEvent => ({
  source: {
    eventId: e.id,
    eventType: e.type,
    streamVersion: e.streamVersion,
    agencyId: e.agencyId,
    recordedAt: e.recordedAt,
  },
  changes: translate(contracts.read(e)),
});

/** The reference: the same events folded in memory with the product's own translation and fold. */
export function foldedInMemory(ctx: Pick<BenchContext, 'payload'>, count: number): CaseFact[] {
  const byCase = new Map<string, Map<number, AppliedEvent>>();
  for (const { envelope: e } of ctx.payload.events(count)) {
    const applied = appliedEventOf(e);
    if (applied.changes.length === 0) continue;
    let events = byCase.get(e.streamId);
    if (!events) byCase.set(e.streamId, (events = new Map()));
    events.set(e.streamVersion, applied);
  }
  const facts: CaseFact[] = [];
  for (const [id, events] of byCase) {
    const fact = factOf(
      id,
      [...events.values()].sort((a, b) => a.source.streamVersion - b.source.streamVersion),
    );
    if (fact) facts.push(fact);
  }
  return facts;
}

export const reportHashOf = (facts: Iterable<CaseFact>, year: number): string =>
  deriveReport({ ...REPORT_SUBJECT, year, facts }).contentHash;

/** What the projection's bulk writes cost: wraps the collections the product is given (its code is unchanged). */
export class StoreTiming {
  calls = 0;
  inserts = 0;
  updates = 0;
  ms = 0;
  /** Duration of each upsertManyIfNewer call (one per projection batch that wrote), in ms. */
  readonly batchMs: number[] = [];
  /** Told of every case document written (the moment it is visible to the report). */
  onWritten: ((id: string) => void) | undefined;
  wrap(documents: DocumentCollections): DocumentCollections {
    return {
      collection: <T extends object>(name: string, options?: CollectionOptions): DocumentCollection<T> => {
        const inner = documents.collection<T>(name, options);
        return Object.assign(Object.create(inner) as DocumentCollection<T>, {
          upsertIfNewer: async (id: string, version: number, doc: T) => {
            const written = await inner.upsertIfNewer(id, version, doc);
            if (written) this.onWritten?.(id);
            return written;
          },
          upsertManyIfNewer: async (writes: readonly NewerWrite<T>[]) => {
            const t0 = nowMs();
            try {
              const written = await inner.upsertManyIfNewer(writes);
              if (this.onWritten) writes.forEach((w, i) => written[i] && this.onWritten!(w.id));
              return written;
            } finally {
              this.batchMs.push(nowMs() - t0);
              this.ms += nowMs() - t0;
              this.calls++;
              for (const w of writes) {
                if (w.fresh) this.inserts++;
                else this.updates++;
              }
            }
          },
        });
      },
    };
  }
}

/**
 * Where a rebuild's time goes besides the store writes: each `handleBatch` call the projection makes
 * (parse, translate, fold, then its writes) timed from outside, by wrapping the transport's `consume`
 * (the product's code is unchanged). `firstBatchAt`: when the first batch came (after the
 * bootstrap, group join and first fetch); `busyMs`: wall time with at least one batch in hand (batches
 * may overlap).
 */
export class HandlerTiming {
  calls = 0;
  messages = 0;
  /** Sum of every batch's handling time (more than the wall time when batches overlap). */
  ms = 0;
  busyMs = 0;
  firstBatchAt: number | undefined;
  /** When the last batch so far was handled (its writes done). */
  lastBatchEndAt: number | undefined;
  private inHand = 0;
  private busySince = 0;
  wrap(transport: KafkaTransport): KafkaTransport {
    const consume = transport.consume.bind(transport);
    transport.consume = (options) => {
      const { handleBatch } = options;
      if (!handleBatch) return consume(options);
      return consume({
        ...options,
        handleBatch: async (messages) => {
          const t0 = nowMs();
          this.firstBatchAt ??= t0;
          if (this.inHand++ === 0) this.busySince = t0;
          try {
            await handleBatch(messages);
          } finally {
            const t1 = nowMs();
            this.lastBatchEndAt = Math.max(this.lastBatchEndAt ?? t1, t1);
            if (--this.inHand === 0) this.busyMs += t1 - this.busySince;
            this.ms += t1 - t0;
            this.calls++;
            this.messages += messages.length;
          }
        },
      });
    };
    return transport;
  }
}

/** A projection of the product on its own database and consumer group, over KafkaTransport. */
export async function productProjection(
  ctx: BenchContext,
  topics: readonly string[],
  transportOptions: Partial<ConstructorParameters<typeof KafkaTransport>[0]> = {},
  /** Remove the dead-letter topics the projection creates at the end of the run (false: someone else does). */
  trackDeadLetters = true,
): Promise<{
  projection: StatisticsProjection;
  transport: KafkaTransport;
  timing: StoreTiming;
  handlers: HandlerTiming;
  db: mongoose.mongo.Db;
  close: () => Promise<void>;
}> {
  const db = ctx.resources.database('bench_product');
  const connection = await mongoose.createConnection(ctx.infra.mongoUri, { dbName: db.databaseName }).asPromise();
  const transport = new KafkaTransport({
    ...kafkaClient(ctx.infra),
    clientId: 'bench-product',
    ...transportOptions,
  });
  const groupPrefix = uniqueName('bench.product.statistics');
  const timing = new StoreTiming();
  const handlers = new HandlerTiming();
  const projection = new StatisticsProjection(
    handlers.wrap(transport),
    createContractRegistry(),
    timing.wrap(new MongoDocumentCollections(connection)),
    { topics, groupPrefix, followEveryMs: 60_000 },
  );
  if (trackDeadLetters) for (const t of topics) ctx.resources.track(`${t}.dlq`);
  return {
    projection,
    transport,
    timing,
    handlers,
    db,
    close: async () => {
      await projection.onApplicationShutdown().catch(() => {});
      await transport.close().catch(() => {});
      await connection.close().catch(() => {});
    },
  };
}

/** Sum over partitions of what the generation has handled, and whether it reached `count`. */
async function handled(store: FactStore): Promise<number> {
  return (await store.progressByPartition()).reduce((n, p) => n + p.events, 0);
}

export async function measureProductRebuild(ctx: BenchContext): Promise<ProductRebuildOutcome> {
  const count = ctx.options.productRebuildEvents;
  const { topics } = await serviceTopics(ctx, count);
  const { projection, timing, handlers, db, close } = await productProjection(ctx, topics, REBUILD_FETCH);
  ctx.log('  topics filled; rebuilding');
  const timeoutMs = ctx.options.productRebuildTimeoutS * 1000;
  let ms: number;
  let started = 0;
  let done = 0;
  let reread: CaseFact[];
  try {
    const t0 = nowMs();
    started = t0;
    await projection.onApplicationBootstrap();
    const store = projection.activeStore();
    for (;;) {
      done = await handled(store);
      if (done >= count) break;
      if (nowMs() - t0 > timeoutMs) {
        throw new Error(
          `the product projection handled ${done.toLocaleString('en')} of ${count.toLocaleString('en')} events ` +
            `in ${ctx.options.productRebuildTimeoutS} s (${Math.round(perSecond(done, nowMs() - t0))} events/s): ` +
            'give a smaller --product-rebuild-events',
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    ms = nowMs() - t0;
    await projection.onApplicationShutdown();
    ctx.log(`  rebuilt in ${(ms / 1000).toFixed(1)} s; reading the rebuilt cases back`);
    // Every case the rebuilt generation holds, read back from the store without a filter (a filtered
    // find makes FerretDB 1.24 fetch and filter every document in Go: ~1,000 documents/s here) and
    // folded by the product's foldStored.
    const stored = await db
      .collection<{ doc: StoredFact }>(`stat_facts_g${projection.projectionState.active}`)
      .find({}, { batchSize: 5_000 })
      .toArray();
    reread = foldStored(stored.map((d) => d.doc));
  } finally {
    await close();
  }
  ctx.checks.equal('product-rebuild', 'events consumed = events appended', done, count);
  const year = ctx.payload.options.year;
  ctx.log(`  read ${reread.length.toLocaleString('en')} cases back; folding the same events in memory`);
  const expected = foldedInMemory(ctx, count);
  ctx.checks.equal(
    'product-rebuild',
    'cases in the rebuilt read model = cases folded in memory',
    reread.length,
    expected.length,
  );
  return {
    count,
    unit: 'events',
    ms,
    rate: perSecond(count, ms),
    reportHash: { live: reportHashOf(expected, year), rebuilt: reportHashOf(reread, year) },
    details: {
      cases: expected.length,
      topics: topics.length,
      batches: timing.calls,
      eventsPerBatch: Math.round(count / Math.max(1, timing.calls)),
      caseInserts: timing.inserts,
      caseUpdates: timing.updates,
      storeWriteMs: Math.round(timing.ms),
      // handled (parse, translate, fold, write) − written: the consumer's own CPU per rebuild;
      // ms − firstBatchAtMs − busyMs: waiting on fetches between batches (and the 100-ms poll).
      handlerMs: Math.round(handlers.ms),
      handlerBusyMs: Math.round(handlers.busyMs),
      firstBatchAtMs: Math.round((handlers.firstBatchAt ?? Number.NaN) - started),
      // On raw consume's basis — from the first batch to the last one handled, the bootstrap, group
      // join and the 100-ms completion poll left out — the rate the rebuild limit is compared with.
      ratePerSFromFirstBatch: Math.round(
        perSecond(count, (handlers.lastBatchEndAt ?? Number.NaN) - (handlers.firstBatchAt ?? Number.NaN)),
      ),
    },
    note:
      'StatisticsProjection (handleBatch → FactStore.applyBatch) on KafkaTransport + FerretDB/MongoDB, one generation ' +
      `from offset 0 of ${topics.length} per-service topics, timed from start to every event handled; ` +
      'report hash compared with the same events folded in memory',
  };
}

/** deriveReport (the product's report function) over `facts` case facts, cloned from the payload's folded cases. */
export async function measureReportGeneration(ctx: BenchContext, facts: number): Promise<Outcome> {
  const base = baseFacts(ctx);
  const year = ctx.payload.options.year;
  const input: CaseFact[] = [];
  for (let i = 0; input.length < facts; i++) {
    const f = base[i % base.length]!;
    input.push(i < base.length ? f : { ...f, id: `${f.id}~${Math.floor(i / base.length)}` });
  }
  // One warm-up on a small slice (JIT), then the timed derivation.
  reportHashOf(input.slice(0, 1000), year);
  const t0 = nowMs();
  const report = deriveReport({ ...REPORT_SUBJECT, year, facts: input });
  const ms = nowMs() - t0;
  ctx.checks.that(
    `report-generation-${facts}`,
    'the report counted or excluded facts (not empty)',
    report.tables.length > 0,
    `${report.tables.length} tables, ${report.excluded.length} excluded`,
  );
  return {
    count: facts,
    unit: 'facts',
    ms,
    rate: perSecond(facts, ms),
    details: { distinctCases: Math.min(facts, base.length), tables: report.tables.length },
    note: `deriveReport (${REPORT_SUBJECT.template}, city roll-up, ${year}) over case facts folded from the payload${
      facts > base.length ? `; the ${base.length.toLocaleString('en')} folded cases repeated under new ids` : ''
    }`,
  };
}

let cachedBase: CaseFact[] | undefined;
/** Facts of the payload's first 200,000 events (about 107,000 cases); in --quick of its `events` only (folding costs). */
function baseFacts(ctx: BenchContext): CaseFact[] {
  cachedBase ??= foldedInMemory(ctx, ctx.options.quick ? Math.min(200_000, ctx.options.events) : 200_000);
  return cachedBase;
}
