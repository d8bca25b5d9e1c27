// Flat cost (issue 15): what one command and one projection batch cost with N cases already stored.
// The stores are filled before the product starts, by bulk insert: the applications service's event
// store gets N streams (one published commit each, written into the collections the store itself
// names) and the texts typed into its disclosure requests, and the projection's read model gets the N cases' facts written by the product's own
// FactStore (fresh cases go in insertMany requests). Then commands are sent one at a time, each
// waited for until the projection has written its case, as in the end-to-end measurement.
import mongoose from 'mongoose';
import { type EventEnvelope } from '#contracts';
import { MongoDocumentCollections, MongoEventStore, type CommitDocument } from '#event-sourcing/mongo';
import { CaseTexts } from '#event-sourcing/read-model';
import { REQUEST_TEXTS } from '../../apps/applications/src/disclosure-request/application/disclosure-requests.service.js';
import { FactStore } from '../../apps/reporting/src/annual-report/application/fact-store.js';
import { type BenchContext, type Outcome } from './context.js';
import { type LiveSeed, round1, startLive, withTimeout } from './product-live.js';
import { appliedEventOf } from './product-rebuild.js';
import { nowMs, summarize } from './timing.js';

/** Documents per insert request while seeding. */
const SEED_CHUNK = 1_000;

/** The payload's events up to the first of case `cases + 1`: `cases` cases, each as far as it got by then. */
export function firstCases(events: Iterable<{ envelope: EventEnvelope }>, cases: number): EventEnvelope[] {
  const taken = new Set<string>();
  const out: EventEnvelope[] = [];
  for (const { envelope } of events) {
    if (!taken.has(envelope.streamId)) {
      if (taken.size >= cases) break;
      taken.add(envelope.streamId);
    }
    out.push(envelope);
  }
  return out;
}

/** Texts kept at once while seeding (each is one insert through the product's own CaseTexts). */
const TEXTS_IN_FLIGHT = 64;

/**
 * What each disclosure request received leaves beside its commit: the text typed into it (ADR 0008),
 * written by the product's own CaseTexts into the service's collection — so a command that reads
 * texts in a way that grows with the cases stored shows in the flat-cost ratio.
 */
async function seedRequestTexts(conn: mongoose.Connection, envelopes: readonly EventEnvelope[]): Promise<number> {
  const texts = new CaseTexts(new MongoDocumentCollections(conn), { collection: REQUEST_TEXTS });
  const received = envelopes.filter((e) => e.type === 'applications.DisclosureRequestReceived');
  for (let i = 0; i < received.length; i += TEXTS_IN_FLIGHT) {
    await Promise.all(
      received
        .slice(i, i + TEXTS_IN_FLIGHT)
        .map((e, j) => texts.keep(e.streamId, 1, { informationRequested: `土地出让合同 #seed-${i + j}` })),
    );
  }
  return received.length;
}

/** N streams of one published commit each (the stream's first event), in the store's own collections. */
async function seedEventStore(mongoUri: string, envelopes: readonly EventEnvelope[]): Promise<number> {
  const conn = await mongoose.createConnection(mongoUri).asPromise();
  try {
    await seedRequestTexts(conn, envelopes);
    const store = await MongoEventStore.open(conn);
    const byCollection = new Map<
      string,
      { collection: ReturnType<MongoEventStore['collectionFor']>; docs: CommitDocument[] }
    >();
    let streams = 0;
    for (const e of envelopes) {
      if (e.streamVersion !== 1) continue;
      const collection = store.collectionFor(e.streamId);
      const batch = byCollection.get(collection.collectionName) ?? { collection, docs: [] };
      byCollection.set(collection.collectionName, batch);
      const at = new Date(e.recordedAt);
      batch.docs.push({
        _id: `${e.streamId}@1`,
        streamId: e.streamId,
        firstVersion: 1,
        lastVersion: 1,
        events: [e],
        committedAt: at,
        published: true,
        publishedAt: at,
      });
      streams++;
      if (batch.docs.length >= SEED_CHUNK) {
        await batch.collection.insertMany(batch.docs as never[], { ordered: false });
        batch.docs = [];
      }
    }
    for (const batch of byCollection.values()) {
      if (batch.docs.length > 0) await batch.collection.insertMany(batch.docs as never[], { ordered: false });
    }
    return streams;
  } finally {
    await conn.close();
  }
}

/** The cases' facts in the projection's first generation, written by the product's FactStore. */
async function seedReadModel(mongoUri: string, dbName: string, envelopes: readonly EventEnvelope[]): Promise<number> {
  const conn = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  try {
    const store = new FactStore(new MongoDocumentCollections(conn), 1);
    const items = envelopes.map((e) => ({ streamId: e.streamId, event: appliedEventOf(e) }));
    for (let i = 0; i < items.length; i += SEED_CHUNK * 2) await store.applyBatch(items.slice(i, i + SEED_CHUNK * 2));
    return await conn.db!.collection('stat_facts_g1').countDocuments();
  } finally {
    await conn.close();
  }
}

export async function measureFlatCost(ctx: BenchContext, cases: number): Promise<Outcome> {
  const id = `flat-cost-${cases}`;
  const envelopes = firstCases(ctx.payload.events(Number.MAX_SAFE_INTEGER), cases);
  let seedMs = 0;
  let streams = 0;
  let factDocs = 0;
  const seed: LiveSeed = {
    eventStore: async (uri) => {
      const t0 = nowMs();
      streams = await seedEventStore(uri, envelopes);
      seedMs += nowMs() - t0;
    },
    readModel: async (dbName) => {
      const t0 = nowMs();
      factDocs = await seedReadModel(ctx.infra.mongoUri, dbName, envelopes);
      seedMs += nowMs() - t0;
    },
  };
  ctx.log(`  seeding ${cases.toLocaleString('en')} cases (${envelopes.length.toLocaleString('en')} events)`);
  const live = await startLive(ctx, true, seed);
  try {
    ctx.log(`  seeded in ${(seedMs / 1000).toFixed(1)} s; timing ${ctx.options.flatCommands} commands`);
    // Warm-up: the projection's consumer has joined and the path is hot once a few cases came through.
    for (let i = 0; i < 5; i++) {
      const { id: caseId } = await live.command(-1 - i);
      if (caseId) await withTimeout(live.projected(caseId), 30_000, 'warm-up command projected');
    }
    const warmBatches = live.batchMs().length;
    const commandMs: number[] = [];
    const endToEnd: number[] = [];
    const started = nowMs();
    for (let i = 0; i < ctx.options.flatCommands; i++) {
      const t0 = nowMs();
      const { status, id: caseId } = await live.command(i);
      commandMs.push(nowMs() - t0);
      if (status !== 201 || !caseId) throw new Error(`command ${i} answered ${status}`);
      endToEnd.push((await withTimeout(live.projected(caseId), 10_000, `case ${caseId} projected`)) - t0);
    }
    const ms = nowMs() - started;
    const batches = summarize(live.batchMs().slice(warmBatches));
    ctx.checks.equal(id, 'cases in the event store before timing = cases seeded', streams, cases);
    // Every seeded case whose events change a figure has a fact; the others have none.
    ctx.checks.that(
      id,
      'cases in the read model before timing: some, at most the cases seeded',
      factDocs > 0 && factDocs <= cases,
      `${factDocs} facts for ${cases} cases`,
    );
    return {
      count: commandMs.length,
      unit: 'commands',
      ms,
      latency: summarize(commandMs),
      details: {
        casesStored: cases,
        factsStored: factDocs,
        batchP50Ms: round1(batches.p50Ms),
        batchP99Ms: round1(batches.p99Ms),
        batches: batches.samples,
        endToEndP50Ms: round1(summarize(endToEnd).p50Ms),
        seedS: round1(seedMs / 1000),
      },
      note:
        `one command at a time (POST receive, one event) with ${cases.toLocaleString('en')} cases stored beforehand ` +
        'in the event store (one commit each) and the read model (their facts); p50 is the command’s, ' +
        'batchP50Ms the projection’s write of a batch (FactStore → upsertManyIfNewer)',
    };
  } finally {
    await live.close();
  }
}
