// Raw store baselines with the MongoDB driver mongoose is built on (mongoose.mongo), nothing of the
// product: appending event documents, and upserting case documents on the read model's keys.
import { type BenchContext, type Outcome } from './context.js';
import { contentHash, expectedReadModel, factPatch, type CaseDoc, UPDATES_PER_REQUEST } from './read-model.js';
import { Accumulator, nowMs, perSecond, summarize } from './timing.js';

/** The event store's indexes on its commit documents: every baseline that writes commits pays for them. */
async function commitCollection(ctx: BenchContext, prefix: string) {
  const commits = ctx.resources.database(prefix).collection('commits');
  await commits.createIndexes([
    { key: { streamId: 1, firstVersion: 1 }, name: 'stream_version_unique', unique: true },
    { key: { published: 1, committedAt: 1 }, name: 'outbox' },
    { key: { streamId: 1, idempotencyKey: 1 }, name: 'idempotency' },
  ]);
  return commits;
}

/** A commit document holding one payload event, as the event store writes one. */
const commitOf = (envelope: { streamId: string; streamVersion: number; recordedAt: string }) => ({
  _id: `${envelope.streamId}@${envelope.streamVersion}`,
  streamId: envelope.streamId,
  firstVersion: envelope.streamVersion,
  lastVersion: envelope.streamVersion,
  events: [envelope],
  committedAt: new Date(envelope.recordedAt),
  published: false,
});

/**
 * insertMany of commit-shaped documents (one event per commit, as most appends are), into a
 * collection with the event store's indexes: unique (streamId, firstVersion), the outbox index and
 * the idempotency index — an index costs on every insert, so the baseline pays for the same ones.
 */
export async function rawInsertMany(ctx: BenchContext): Promise<Outcome> {
  const count = ctx.options.storeDocs;
  const commits = await commitCollection(ctx, 'bench_insert');
  const inserts = new Accumulator();
  for (const chunk of ctx.payload.chunks(count, ctx.options.batch)) {
    const docs = chunk.map(({ envelope }) => commitOf(envelope));
    await inserts.time(() => commits.insertMany(docs as never[], { ordered: true }));
  }
  ctx.checks.equal('raw-insert-many', 'documents stored = documents inserted', await commits.countDocuments(), count);
  return {
    count,
    unit: 'docs',
    ms: inserts.ms,
    rate: perSecond(count, inserts.ms),
    details: { docsPerRequest: ctx.options.batch },
    note: 'commit documents with the event store’s three indexes; ordered insertMany, one request in flight',
  };
}

/**
 * insertOne of one commit document per call from `httpConcurrency` concurrent clients (one
 * connection pool), into a collection with the event store's indexes: the floor for a command that
 * writes one commit, each client waiting for its answer before its next insert as an HTTP client does.
 */
export async function rawInsertOne(ctx: BenchContext): Promise<Outcome> {
  const count = ctx.options.insertOnes;
  const clients = ctx.options.httpConcurrency;
  const commits = await commitCollection(ctx, 'bench_insert_one');
  const docs = [...ctx.payload.events(count)].map(({ envelope }) => commitOf(envelope));
  // Warm-up: the pool's connections are opened, not timed (one document per client, removed after).
  await Promise.all(Array.from({ length: clients }, (_, i) => commits.insertOne({ _id: `warm-up-${i}` } as never)));
  await commits.deleteMany({ _id: { $in: Array.from({ length: clients }, (_, i) => `warm-up-${i}`) } } as never);
  const latencies: number[] = [];
  let next = 0;
  const started = nowMs();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = nowMs();
        await commits.insertOne(docs[i] as never);
        latencies.push(nowMs() - t0);
      }
    }),
  );
  const ms = nowMs() - started;
  ctx.checks.equal('raw-insert-one', 'documents stored = documents inserted', await commits.countDocuments(), count);
  return {
    count,
    unit: 'docs',
    ms,
    rate: perSecond(count, ms),
    latency: summarize(latencies),
    details: { clients },
    note: `insertOne of a commit document (the event store’s three indexes) from ${clients} concurrent clients, each awaiting its answer`,
  };
}

/**
 * bulkWrite of one version-guarded upsert per event on the event's case document — the write
 * pattern of a read model that is not batched by case. Ordered, because two events of one case can
 * sit in one request and the guard needs them in order.
 */
export async function rawBulkUpserts(ctx: BenchContext): Promise<Outcome> {
  const count = ctx.options.upserts;
  const db = ctx.resources.database('bench_upserts');
  const cases = db.collection<CaseDoc>('cases');
  const writes = new Accumulator();
  let requests = 0;
  const perRequest = Math.min(ctx.options.batch, UPDATES_PER_REQUEST);
  for (const chunk of ctx.payload.chunks(count, perRequest)) {
    const ops = chunk.map(({ envelope }) => ({
      updateOne: {
        filter: { _id: envelope.streamId, version: { $lt: envelope.streamVersion } },
        update: { $set: factPatch(envelope) },
        upsert: true,
      },
    }));
    await writes.time(() => cases.bulkWrite(ops, { ordered: true }));
    requests++;
  }
  const expected = expectedReadModel(ctx.payload, count);
  // Counted here, not with $group: FerretDB 1.24 fills only the first accumulator of a $group stage
  // (the others come back 0), so docs and versions cannot be summed in one stage there.
  const stored = await cases.find().toArray();
  const versions = stored.reduce((n, d) => n + Number(d.version), 0);
  ctx.checks.equal('raw-bulk-upserts', 'one document per case', stored.length, expected.cases);
  // Each case's last version is how many of its events were applied: they add up to all events.
  ctx.checks.equal('raw-bulk-upserts', 'sum of case versions = upserts issued', versions, count);
  ctx.checks.equal(
    'raw-bulk-upserts',
    'case documents = the in-memory fold of the same events',
    contentHash(stored),
    contentHash(expected.docs.values()),
  );
  return {
    count,
    unit: 'ops',
    ms: writes.ms,
    rate: perSecond(count, writes.ms),
    details: { opsPerRequest: perRequest, requests, cases: expected.cases },
    note: 'updateOne {_id, version < v} $set, upsert; ordered bulkWrite, one request in flight',
  };
}
