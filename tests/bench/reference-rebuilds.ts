// The naive reference and a good hand-written projection, both measured in the same run, so the
// product's rebuild has something to be compared with on this machine:
// - naive: the usual NestJS + kafkajs build — one awaited `send` per event on the producer side;
//   `eachMessage` with one awaited write per event on the consumer side;
// - batched: `eachBatch`, the batch folded per case, one bulkWrite per batch (new cases inserted,
//   existing ones updated under a version guard) — what a good live projection does;
// - fold: a rebuild into a fresh collection — every event folded in memory, the cases written with
//   insertMany at the end (possible only because the target is new and nobody reads it yet).
// Each rebuild reads a topic holding an exact prefix of the payload, so its result is compared with
// the in-memory fold of the same events.
import { Partitioners } from 'kafkajs';
import type mongoose from 'mongoose';
import { type EventEnvelope } from '#contracts';
import { type BenchContext, type Outcome } from './context.js';
import { freshConsumer, rawKafka, topicSize } from './kafka-client.js';
import { MAIN_TOPIC, topicWithEvents } from './kafka-baselines.js';
import {
  contentHash,
  expectedReadModel,
  factPatch,
  type CaseDoc,
  type Patch,
  sampledStream,
  UPDATES_PER_REQUEST,
} from './read-model.js';
import { Accumulator, nowMs, perSecond, summarize } from './timing.js';

export const NAIVE_TOPIC = 'naive';

const parse = (value: Buffer | null): EventEnvelope => JSON.parse(value!.toString()) as EventEnvelope;

/** One awaited send per event, the kafkajs producer as most services configure it (defaults, acks = all). */
export async function naiveProduce(ctx: BenchContext): Promise<Outcome> {
  const count = ctx.options.naiveEvents;
  const kafka = rawKafka(ctx.infra);
  const topic = await ctx.resources.topic('bench.naive');
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const sends = new Accumulator();
  const latencies: number[] = [];
  try {
    for (const { message } of ctx.payload.events(count)) {
      const t0 = nowMs();
      await sends.time(() => producer.send({ topic, acks: -1, messages: [message] }));
      latencies.push(nowMs() - t0);
    }
  } finally {
    await producer.disconnect();
  }
  ctx.topics.set(NAIVE_TOPIC, { topic, events: count });
  ctx.checks.equal('naive-produce', 'messages in the topic = events sent', await topicSize(kafka, topic), count);
  return {
    count,
    unit: 'events',
    ms: sends.ms,
    rate: perSecond(count, sends.ms),
    latency: summarize(latencies),
    note: 'producer.send of one message, awaited, per event (kafkajs defaults, acks = all)',
  };
}

interface Consumed {
  readonly seen: number;
  /** From the first batch or message to the end of the last write. */
  readonly ms: number;
}

/** Reads the whole of `topic` in a new group, calling `handle` per batch; stops after `count` messages. */
async function consumeAll(
  ctx: BenchContext,
  topic: string,
  count: number,
  mode:
    | { eachMessage: (e: EventEnvelope) => Promise<void> }
    | { eachBatch: (events: EventEnvelope[], heartbeat: () => Promise<void>) => Promise<void> },
): Promise<Consumed> {
  const kafka = rawKafka(ctx.infra);
  const consumer = await freshConsumer(kafka, `${topic}.rebuild-${Date.now().toString(36)}`, topic);
  let seen = 0;
  let first = 0;
  let last = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        if (seen >= count) {
          last = nowMs();
          resolve();
        }
      };
      const run =
        'eachMessage' in mode
          ? consumer.run({
              eachMessage: async ({ message }) => {
                first ||= nowMs();
                await mode.eachMessage(parse(message.value));
                seen++;
                done();
              },
            })
          : consumer.run({
              eachBatch: async ({ batch, heartbeat }) => {
                first ||= nowMs();
                await mode.eachBatch(
                  batch.messages.map((m) => parse(m.value)),
                  heartbeat,
                );
                seen += batch.messages.length;
                done();
              },
            });
      run.catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return { seen, ms: last - first };
}

/** Compares a rebuilt collection with the in-memory fold of the same events. */
async function checkRebuilt(
  ctx: BenchContext,
  id: string,
  cases: mongoose.mongo.Collection<CaseDoc>,
  count: number,
  sampleOneIn: number,
): Promise<number> {
  const keep = sampleOneIn > 1 ? sampledStream(sampleOneIn) : () => true;
  const expected = expectedReadModel(ctx.payload, count, keep);
  let docs = 0;
  let versions = 0;
  const sampled: CaseDoc[] = [];
  for await (const doc of cases.find()) {
    docs++;
    versions += Number(doc.version);
    if (keep(doc._id)) sampled.push(doc);
  }
  ctx.checks.equal(id, 'one document per case', docs, expected.cases);
  ctx.checks.equal(id, 'sum of case versions = events consumed', versions, count);
  ctx.checks.equal(
    id,
    sampleOneIn > 1
      ? `sampled cases (1 in ${sampleOneIn}, ${expected.docs.size}) = the in-memory fold`
      : 'case documents = the in-memory fold of the same events',
    contentHash(sampled),
    contentHash(expected.docs.values()),
  );
  return expected.cases;
}

/**
 * The naive and the batched rebuild read the same topic (the first `rebuildEvents` events): on
 * FerretDB a write by _id costs in proportion to the collection's size, so both sides must build a
 * collection of the same size for their ratio to mean anything.
 */
const rebuildTopic = (ctx: BenchContext): Promise<string> =>
  topicWithEvents(ctx, `rebuild-${ctx.options.rebuildEvents}`, ctx.options.rebuildEvents);

export async function naiveRebuild(ctx: BenchContext): Promise<Outcome> {
  const count = ctx.options.rebuildEvents;
  const topic = await rebuildTopic(ctx);
  const cases = ctx.resources.database('bench_naive').collection<CaseDoc>('cases');
  const { seen, ms } = await consumeAll(ctx, topic, count, {
    eachMessage: async (e) => {
      await cases.updateOne(
        { _id: e.streamId, version: { $lt: e.streamVersion } },
        { $set: factPatch(e) },
        { upsert: true },
      );
    },
  });
  ctx.checks.equal('naive-rebuild', 'events consumed = events in the topic', seen, count);
  const caseCount = await checkRebuilt(ctx, 'naive-rebuild', cases, count, 1);
  return {
    count: seen,
    unit: 'events',
    ms,
    rate: perSecond(seen, ms),
    details: { cases: caseCount, writes: seen },
    note: 'eachMessage, one awaited version-guarded upsert per event',
  };
}

interface Folded {
  readonly id: string;
  readonly from: number;
  readonly events: EventEnvelope[];
  readonly patch: Patch;
}

export async function batchedRebuild(ctx: BenchContext): Promise<Outcome> {
  const count = ctx.options.rebuildEvents;
  const topic = await rebuildTopic(ctx);
  const cases = ctx.resources.database('bench_batched').collection<CaseDoc>('cases');
  let writes = 0;
  let requests = 0;
  let catchUps = 0;
  const perRequest = UPDATES_PER_REQUEST;

  // The slow path after a write did not apply everywhere (a redelivered batch, a case created by an
  // earlier attempt): per case, apply only the events after the version stored, one at a time.
  const catchUp = async (folded: readonly Folded[]): Promise<void> => {
    const stored = new Map<string, number>();
    for await (const d of cases.find({ _id: { $in: folded.map((f) => f.id) } })) stored.set(d._id, Number(d.version));
    for (const f of folded) {
      for (const e of f.events) {
        const at = stored.get(f.id) ?? 0;
        if (e.streamVersion <= at) continue;
        catchUps++;
        if (e.streamVersion === 1) await cases.insertOne({ _id: e.streamId, ...factPatch(e) });
        else await cases.updateOne({ _id: e.streamId, version: e.streamVersion - 1 }, { $set: factPatch(e) });
        stored.set(f.id, e.streamVersion);
      }
    }
  };

  const { seen, ms } = await consumeAll(ctx, topic, count, {
    eachBatch: async (events, heartbeat) => {
      const byCase = new Map<string, Folded>();
      for (const e of events) {
        const f = byCase.get(e.streamId);
        if (f) {
          f.events.push(e);
          Object.assign(f.patch, factPatch(e));
        } else byCase.set(e.streamId, { id: e.streamId, from: e.streamVersion, events: [e], patch: factPatch(e) });
      }
      const folded = [...byCase.values()];
      for (let i = 0; i < folded.length; i += perRequest) {
        const part = folded.slice(i, i + perRequest);
        // A case that starts in this batch is new: an insert. Otherwise the update applies only on
        // the version just before this batch's first event (a replay or a gap matches nothing).
        const ops = part.map((f) =>
          f.from === 1
            ? { insertOne: { document: { _id: f.id, ...f.patch } } }
            : { updateOne: { filter: { _id: f.id, version: f.from - 1 }, update: { $set: f.patch } } },
        );
        let applied = 0;
        try {
          const r = await cases.bulkWrite(ops, { ordered: false });
          applied = r.insertedCount + r.matchedCount;
        } catch {
          // A duplicate insert, reported either as E11000 or (FerretDB) a generic error: catch up below.
        }
        writes += ops.length;
        requests++;
        if (applied < ops.length) await catchUp(part);
        await heartbeat();
      }
    },
  });
  ctx.checks.equal('batched-rebuild', 'events consumed = events in the topic', seen, count);
  const caseCount = await checkRebuilt(ctx, 'batched-rebuild', cases, count, 1);
  return {
    count: seen,
    unit: 'events',
    ms,
    rate: perSecond(seen, ms),
    details: { cases: caseCount, writes, requests, catchUpWrites: catchUps, eventsPerWrite: round2(seen / writes) },
    note: `eachBatch, folded per case, bulkWrite of ≤ ${perRequest} (insert new cases, version-guarded update others)`,
  };
}

export async function foldRebuild(ctx: BenchContext): Promise<Outcome> {
  const known = ctx.topics.get(MAIN_TOPIC);
  const count = known?.events ?? ctx.options.events;
  const topic = known?.topic ?? (await topicWithEvents(ctx, MAIN_TOPIC, count));
  const cases = ctx.resources.database('bench_fold').collection<CaseDoc>('cases');
  const docs = new Map<string, CaseDoc>();
  const consumed = await consumeAll(ctx, topic, count, {
    eachBatch: async (events, heartbeat) => {
      for (const e of events) {
        const doc = docs.get(e.streamId) ?? { _id: e.streamId };
        docs.set(e.streamId, Object.assign(doc, factPatch(e)));
      }
      await heartbeat();
    },
  });
  const writeStart = nowMs();
  const all = [...docs.values()];
  for (let i = 0; i < all.length; i += ctx.options.batch) {
    await cases.insertMany(all.slice(i, i + ctx.options.batch), { ordered: false });
  }
  const writeMs = nowMs() - writeStart;
  const ms = consumed.ms + writeMs;
  ctx.checks.equal('fold-rebuild', 'events consumed = events in the topic', consumed.seen, count);
  const sampleOneIn = count > 50_000 ? 50 : 1;
  await checkRebuilt(ctx, 'fold-rebuild', cases, count, sampleOneIn);
  return {
    count: consumed.seen,
    unit: 'events',
    ms,
    rate: perSecond(consumed.seen, ms),
    details: {
      cases: docs.size,
      consumeAndFoldMs: Math.round(consumed.ms),
      insertMs: Math.round(writeMs),
      docsPerRequest: ctx.options.batch,
    },
    note: 'rebuild into a fresh collection: eachBatch folds every case in memory, then insertMany',
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
