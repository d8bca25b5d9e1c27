// What a command and the relay cost on the store with a realistic history (ADR 0006):
//   npm run build && node dist/libs/event-sourcing/src/mongo/store-bench.js [streams] [commands] [backlog]
// MONGODB_URI (default the native FerretDB) and BUCKETS (default: the store's own choice) apply.
// Seeds `streams` streams of 2 published commits straight into the store's collections, then times
// `commands` loads and appends spread from the oldest stream to the newest, `commands` new cases,
// and the relay draining `backlog` commits into the in-memory transport (so only the store counts).
// It drops its database at the end. Do not point it at a database that matters.
import mongoose from 'mongoose';
import { type EventEnvelope } from '#contracts';
import { InMemoryTransport } from '#messaging';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { MongoEventStore, type CommitDocument } from './mongo-event-store.js';

const [streams = 20_000, commands = 8, backlog = 200] = process.argv.slice(2).map(Number);
const uri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27018/';

let seq = 0;
const event = (streamId: string, streamVersion: number): EventEnvelope => ({
  id: `0190f5c2-7b1e-7cc0-8a41-${(++seq).toString(16).padStart(12, '0')}`,
  type: 'applications.DisclosureRequestReceived',
  schemaVersion: 1,
  streamId,
  streamVersion,
  agencyId: 'zhuzhou-city',
  occurredAt: '2009-03-02T00:00:00+08:00',
  recordedAt: '2009-03-03T09:15:00.000Z',
  correlationId: 'corr-0190f5c2-7b1e-7cc0',
  causationId: 'corr-0190f5c2-7b1e-7cc0',
  actor: 'clerk-7',
  data: { channel: 'online', applicantType: 'citizen', applicantRef: 'a-123456', subject: 'x'.repeat(120) },
});

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function summary(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return `median ${median.toFixed(1)} ms, mean ${mean.toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`;
}

const conn = await mongoose.createConnection(uri, { dbName: `store_bench_${Date.now().toString(36)}` }).asPromise();
try {
  const store = await MongoEventStore.open(conn, process.env.BUCKETS ? { buckets: Number(process.env.BUCKETS) } : {});
  const seeded = await timed(async () => {
    const pending = new Map<string, { collection: ReturnType<MongoEventStore['collectionFor']>; docs: unknown[] }>();
    const flush = async (batch: { collection: ReturnType<MongoEventStore['collectionFor']>; docs: unknown[] }) => {
      if (batch.docs.length > 0) await batch.collection.insertMany(batch.docs as never[]);
      batch.docs = [];
    };
    for (let i = 0; i < streams; i++) {
      const streamId = `case-${i}`;
      const collection = store.collectionFor(streamId);
      const batch = pending.get(collection.collectionName) ?? { collection, docs: [] };
      pending.set(collection.collectionName, batch);
      for (const v of [1, 2]) {
        const doc: CommitDocument = {
          _id: `${streamId}@${v}`,
          streamId,
          firstVersion: v,
          lastVersion: v,
          events: [event(streamId, v)],
          committedAt: new Date(Date.UTC(2009, 2, 3) + seq),
          published: true,
          publishedAt: new Date(Date.UTC(2009, 2, 3) + seq),
        };
        batch.docs.push(doc);
      }
      if (batch.docs.length >= 1000) await flush(batch);
    }
    for (const batch of pending.values()) await flush(batch);
  });
  console.log(`seeded ${streams} streams × 2 commits in ${seeded.toFixed(0)} ms (${uri})`);

  const reads: number[] = [];
  const appends: number[] = [];
  const creates: number[] = [];
  for (let k = 0; k < commands; k++) {
    const streamId = `case-${Math.floor(((k + 0.5) / commands) * streams)}`;
    reads.push(await timed(() => store.readStream(streamId)));
    appends.push(await timed(() => store.append(streamId, 2, [event(streamId, 3)])));
    const fresh = `new-${k}`;
    creates.push(
      await timed(async () => store.append(fresh, (await store.readStream(fresh)).length, [event(fresh, 1)])),
    );
  }
  console.log(`readStream of a 2-commit stream: ${summary(reads)}`);
  console.log(`append right after it: ${summary(appends)}`);
  console.log(`new case (readStream + append): ${summary(creates)}`);

  for (let k = 2 * commands; k < backlog; k++) await store.append(`more-${k}`, 0, [event(`more-${k}`, 1)]);
  const before = await store.outboxStats(new Date());
  const relay = new OutboxRelay({
    service: 'applications',
    store,
    transport: new InMemoryTransport({ autoCreateTopics: true }),
    pollIntervalMs: 3_600_000,
  });
  const drained = await timed(async () => {
    relay.start();
    await relay.flush();
  });
  await relay.stop();
  const after = await store.outboxStats(new Date());
  const rate = before.backlog / (drained / 1000);
  console.log(
    `relay: backlog ${before.backlog} → ${after.backlog} in ${drained.toFixed(0)} ms (${rate.toFixed(1)} commits/s)`,
  );
  console.log(`outboxStats: ${(await timed(() => store.outboxStats(new Date()))).toFixed(1)} ms`);
} finally {
  await conn.dropDatabase().catch(() => {});
  await conn.close();
}
