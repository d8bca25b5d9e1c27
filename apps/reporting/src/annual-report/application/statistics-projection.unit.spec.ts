import assert from 'node:assert/strict';
import { PrometheusServiceMetrics } from '#observability';
import { describe, it } from 'node:test';
import {
  agencyAndDescendants,
  ZHUZHOU_AGENCIES,
  CITY_AGENCY_ID,
  createContractRegistry,
  type EventEnvelope,
  eventsTopic,
  type ServiceName,
  serviceOf,
  toWireMessage,
} from '#contracts';
import { InMemoryDocumentCollections } from '#event-sourcing/read-model';
import { InMemoryTransport, partitionForKey } from '#messaging';
import { deliveries, eventually } from '#testing';
import { deriveReport } from '../domain/derive-report.js';
import { TEMPLATES } from '../domain/vocabulary.js';
import { mismatches } from '../testing/expected-figures.js';
import { SourceEventEmitter } from '../testing/source-events.js';
import { generateYear } from '../testing/year-generator.js';
import { translate } from './fact-translation.js';
import { FactStore } from './fact-store.js';
import { applyEnvelope, applyEnvelopes, factsDigest, StatisticsProjection } from './statistics-projection.js';

const YEAR = 2021;
const small = {
  requestsPerAgency: 25,
  sizes: {
    publications: 8,
    consultations: 6,
    violations: 8,
    normativeDocuments: 5,
    appeals: 6,
    enforcementMeasures: 2,
  },
};
const generated = generateYear({
  seed: 515,
  year: YEAR,
  agencyIds: ZHUZHOU_AGENCIES.ids(),
  cityAgencyId: CITY_AGENCY_ID,
  ...small,
});
const emitter = new SourceEventEmitter('0190aaaa');
const envelopes = generated.cases.flatMap((c) => emitter.eventsOf(c));

/** Where each event sits on its topic: partition by key, offsets in publishing order. */
function coordinatesOf(events: readonly EventEnvelope[]) {
  const next = new Map<string, number>();
  return new Map(
    events.map((e) => {
      const topic = eventsTopic(serviceOf(e.type) as ServiceName);
      const partition = partitionForKey(e.streamId, 3);
      const key = `${topic}/${partition}`;
      const offset = next.get(key) ?? 0;
      next.set(key, offset + 1);
      return [e.id, { topic, partition, offset: String(offset) }];
    }),
  );
}
const coordinates = coordinatesOf(envelopes);

const subjects = [
  ...ZHUZHOU_AGENCIES.ids().map((agencyId) => ({ agencyId, scope: 'agency' as const, agencyIds: [agencyId] })),
  { agencyId: CITY_AGENCY_ID, scope: 'rollup' as const, agencyIds: agencyAndDescendants(CITY_AGENCY_ID) },
];

async function hashesOf(store: FactStore): Promise<string[]> {
  const out: string[] = [];
  for (const s of subjects) {
    const facts = await store.factsFor(s.agencyIds, YEAR, YEAR);
    for (const template of TEMPLATES) {
      out.push(
        deriveReport({ template, agencyId: s.agencyId, scope: s.scope, year: YEAR, agencyIds: s.agencyIds, facts })
          .contentHash,
      );
    }
  }
  return out;
}

describe('the statistics projection', () => {
  it('gives identical reports whatever the delivery: every event twice, streams interleaved, late redeliveries', async () => {
    let expected: string[] | undefined;
    for (const delivery of deliveries(envelopes, { seeds: [1, 2, 3] })) {
      const store = new FactStore(new InMemoryDocumentCollections(), 1);
      const results = { applied: 0, duplicate: 0, 'no-change': 0 };
      for (const e of delivery.events) results[await applyEnvelope(store, e, coordinates.get(e.id)!)]++;
      const hashes = await hashesOf(store);
      if (!expected) {
        expected = hashes;
        assert.equal(results.duplicate, 0);
      } else {
        assert.deepEqual(hashes, expected, delivery.name);
        assert.ok(results.duplicate > 0, `${delivery.name}: no duplicate was seen`);
      }
      // The watermark has passed every offset of every partition.
      const watermark = await store.watermark();
      assert.equal(
        watermark.reduce((n, w) => n + w.offset, 0),
        envelopes.length,
      );
    }
  });

  it('gives the same reports when the same deliveries come in batches (one fold and one write per case per batch)', async () => {
    const expected = await hashesOf(await completeStore());
    for (const size of [2, 7, 64, 1000]) {
      for (const delivery of deliveries(envelopes, { seeds: [4] })) {
        const store = new FactStore(new InMemoryDocumentCollections(), 1);
        const events = delivery.events;
        for (let i = 0; i < events.length; i += size) {
          await applyEnvelopes(
            store,
            events.slice(i, i + size).map((event) => ({ event, message: coordinates.get(event.id)! })),
          );
        }
        assert.deepEqual(await hashesOf(store), expected, `${delivery.name}, batches of ${size}`);
      }
    }
  });

  it('applies a batch holding the same event twice and two events of one case once each', async () => {
    const counted = new Map<string, EventEnvelope[]>();
    for (const e of envelopes) counted.set(e.streamId, [...(counted.get(e.streamId) ?? []), e]);
    const [first, second] = [...counted.values()].find(
      (events) => events.length >= 2 && events.slice(0, 2).every((e) => translate(e).length > 0),
    )!;
    const other = envelopes.find((e) => e.streamId !== first!.streamId)!;
    const batch = [first!, second!, first!, other].map((event) => ({ event, message: coordinates.get(event.id)! }));
    const batched = new FactStore(new InMemoryDocumentCollections(), 1);
    const results = await applyEnvelopes(batched, batch);
    assert.equal(results[2], 'duplicate', 'the second copy changes nothing');
    assert.deepEqual(results.slice(0, 2), ['applied', 'applied'], 'both events of the case applied');
    const oneByOne = new FactStore(new InMemoryDocumentCollections(), 2);
    const singles = [];
    for (const { event, message } of batch) singles.push(await applyEnvelope(oneByOne, event, message));
    assert.deepEqual(results, singles, 'the same outcome per event as one at a time');
    assert.equal(factsDigest(await batched.allFacts()), factsDigest(await oneByOne.allFacts()));
    // Delivered again whole (a redelivery after a crash): nothing changes.
    const before = factsDigest(await batched.allFacts());
    const again = await applyEnvelopes(batched, batch);
    assert.ok(
      again.every((r) => r !== 'applied'),
      `redelivered batch applied nothing (${again.join(',')})`,
    );
    assert.equal(factsDigest(await batched.allFacts()), before);
    // …also by a fresh store over the same collections (the cache lost, as after a restart).
    const documents = new InMemoryDocumentCollections();
    const first1 = new FactStore(documents, 3);
    await applyEnvelopes(first1, batch);
    const restarted = new FactStore(documents, 3);
    const afterRestart = await applyEnvelopes(restarted, batch);
    assert.ok(
      afterRestart.every((r) => r !== 'applied'),
      afterRestart.join(','),
    );
    assert.equal(factsDigest(await restarted.allFacts()), before);
  });

  it('projects the generated year to the generator’s own figures, per agency and rolled up', async () => {
    const store = new FactStore(new InMemoryDocumentCollections(), 1);
    for (const e of envelopes) await applyEnvelope(store, e, coordinates.get(e.id)!);
    for (const s of subjects) {
      const facts = await store.factsFor(s.agencyIds, YEAR, YEAR);
      for (const template of TEMPLATES) {
        const report = deriveReport({
          template,
          agencyId: s.agencyId,
          scope: s.scope,
          year: YEAR,
          agencyIds: s.agencyIds,
          facts,
        });
        const prefix = template === '2008' ? '2008-' : 'national-';
        assert.deepEqual(
          mismatches(report.tables, generated, s.agencyIds, undefined, prefix),
          [],
          `${s.agencyId} ${template}`,
        );
      }
    }
  });

  it('folds a case as of a watermark from the events below it only', async () => {
    const store = new FactStore(new InMemoryDocumentCollections(), 1);
    for (const e of envelopes) await applyEnvelope(store, e, coordinates.get(e.id)!);
    const half = (await store.watermark()).map((w) => ({ ...w, offset: Math.floor(w.offset / 2) }));
    const partial = new FactStore(new InMemoryDocumentCollections(), 2);
    for (const e of envelopes) {
      const c = coordinates.get(e.id)!;
      if (Number(c.offset) < half.find((w) => w.topic === c.topic && w.partition === c.partition)!.offset) {
        await applyEnvelope(partial, e, c);
      }
    }
    assert.equal(factsDigest(await store.allFacts(half)), factsDigest(await partial.allFacts()));
    assert.notEqual(factsDigest(await store.allFacts(half)), factsDigest(await store.allFacts()));
  });
});

describe('the projection over a transport (embedded mode)', () => {
  it('reports its lag per topic, catches up, rebuilds beside the live generation under traffic, and switches', async () => {
    const transport = new InMemoryTransport();
    const documents = new InMemoryDocumentCollections();
    const metrics = new PrometheusServiceMetrics({ service: 'reporting', processMetrics: false });
    const projection = new StatisticsProjection(
      transport,
      createContractRegistry(),
      documents,
      { followEveryMs: 60_000, retry: { maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 1 } },
      metrics,
    );
    const topics = [...new Set([...coordinates.values()].map((c) => c.topic))];
    await transport.ensureTopics(topics.map((topic) => ({ topic, partitions: 3, retentionMs: -1 })));
    const publish = async (events: readonly EventEnvelope[]) => {
      for (const topic of topics) {
        const batch = events.filter((e) => eventsTopic(serviceOf(e.type) as ServiceName) === topic).map(toWireMessage);
        if (batch.length) await transport.publish(topic, batch);
      }
    };
    const [first, second] = [envelopes.slice(0, 1000), envelopes.slice(1000)];
    await publish(first);
    try {
      // Before the projection runs, everything published is lag: events, and the cases they belong to.
      const before = await projection.lag();
      assert.equal(
        before.topics.reduce((n, t) => n + t.events, 0),
        first.length,
      );
      assert.equal(
        before.topics.reduce((n, t) => n + t.cases, 0),
        new Set(first.map((e) => e.streamId)).size,
      );

      // Its lag is in the service's metrics too, for the alert rules: all of it before it runs.
      const lagBefore = /^landbureau_projection_lag_events\{projection="statistics",service="reporting"\} (\d+)$/m;
      assert.equal(Number(lagBefore.exec(await metrics.scrape())?.[1]), first.length);

      await projection.onApplicationBootstrap();
      await eventually(async () => (await projection.lag()).topics.every((t) => t.events === 0), { what: 'caught up' });
      const caughtUp = await metrics.scrape();
      assert.match(caughtUp, /^landbureau_projection_lag_seconds\{projection="statistics",service="reporting"\} 0$/m);
      assert.match(caughtUp, /^landbureau_consumer_lag_messages\{group="reporting\.statistics\.g1",[^}]*\} 0$/m);
      assert.match(caughtUp, /^landbureau_dead_letter_backlog_messages\{topic="applications\.events\.dlq",[^}]*\} 0$/m);

      await projection.startRebuild(new Date('2026-01-01T00:00:00Z'));
      // Live traffic while the rebuild runs.
      const traffic = publish(second);
      const switched = await projection.switchToRebuilt({ timeoutMs: 20_000 });
      await traffic;
      assert.deepEqual([switched.from, switched.to], [1, 2]);
      assert.ok(switched.facts > 0);
      assert.equal(projection.projectionState.active, 2);

      await eventually(async () => (await projection.lag()).topics.every((t) => t.events === 0), { what: 'caught up' });
      assert.deepEqual(await hashesOf(projection.activeStore()), await hashesOf(await completeStore()));
    } finally {
      await projection.onApplicationShutdown();
      await transport.close();
    }
  });
});

async function completeStore(): Promise<FactStore> {
  const store = new FactStore(new InMemoryDocumentCollections(), 9);
  for (const e of envelopes) await applyEnvelope(store, e, coordinates.get(e.id)!);
  return store;
}
