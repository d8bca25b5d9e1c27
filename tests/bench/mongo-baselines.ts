// Raw store baselines with the MongoDB driver mongoose is built on (mongoose.mongo), nothing of the
// product: appending event documents, and upserting case documents on the read model's keys.
import { type BenchContext, type Outcome } from './context.js';
import { contentHash, expectedReadModel, factPatch, type CaseDoc, UPDATES_PER_REQUEST } from './read-model.js';
import { Accumulator, perSecond } from './timing.js';

/**
 * insertMany of commit-shaped documents (one event per commit, as most appends are), into a
 * collection with the event store's indexes: unique (streamId, firstVersion), the outbox index and
 * the idempotency index — an index costs on every insert, so the baseline pays for the same ones.
 */
export async function rawInsertMany(ctx: BenchContext): Promise<Outcome> {
  const count = ctx.options.storeDocs;
  const db = ctx.resources.database('bench_insert');
  const commits = db.collection('commits');
  await commits.createIndexes([
    { key: { streamId: 1, firstVersion: 1 }, name: 'stream_version_unique', unique: true },
    { key: { published: 1, committedAt: 1 }, name: 'outbox' },
    { key: { streamId: 1, idempotencyKey: 1 }, name: 'idempotency' },
  ]);
  const inserts = new Accumulator();
  for (const chunk of ctx.payload.chunks(count, ctx.options.batch)) {
    const docs = chunk.map(({ envelope }) => ({
      _id: `${envelope.streamId}@${envelope.streamVersion}`,
      streamId: envelope.streamId,
      firstVersion: envelope.streamVersion,
      lastVersion: envelope.streamVersion,
      events: [envelope],
      committedAt: new Date(envelope.recordedAt),
      published: false,
    }));
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
