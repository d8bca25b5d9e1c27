import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose, { type Connection } from 'mongoose';
import { integrationInfra, uniqueName } from '#testing';
import { eventStoreContract, sampleEvents, TestClock, versionsOf } from '../event-store.contract.js';
import { ConcurrencyError } from '../event-store.js';
import {
  bucketOf,
  FERRETDB_BUCKETS,
  MongoEventStore,
  type MongoEventStoreOptions,
  type PendingMarker,
} from './mongo-event-store.js';
import { storeKind } from './store-kind.js';

const real = await integrationInfra();

describe(`MongoEventStore (contract suite, ${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  let conn: Connection;
  let n = 0;

  before(async () => {
    const dbName = uniqueName('event_store').replace(/-/g, '_');
    conn = await mongoose.createConnection(real.infra!.mongoUri, { dbName }).asPromise();
  });

  after(async () => {
    await conn?.dropDatabase().catch(() => {});
    await conn?.close();
  });

  // A collection per test: the outbox is store-wide, so tests must not see each other's commits.
  // The layout the server gets by default (buckets on FerretDB, one collection on MongoDB) …
  eventStoreContract((clock) => MongoEventStore.open(conn, { collection: `commits_${++n}`, now: clock.now }));

  // … and the other one.
  describe('with every commit in one collection', () => {
    eventStoreContract((clock) =>
      MongoEventStore.open(conn, { collection: `single_${++n}`, buckets: 1, now: clock.now }),
    );
  });
});

describe(`MongoEventStore outbox markers (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  let conn: Connection;
  let n = 0;

  before(async () => {
    const dbName = uniqueName('event_store_pending').replace(/-/g, '_');
    conn = await mongoose.createConnection(real.infra!.mongoUri, { dbName, monitorCommands: true }).asPromise();
  });

  after(async () => {
    await conn?.dropDatabase().catch(() => {});
    await conn?.close();
  });

  /** A store on fresh collections, with a monotonic clock the test moves. */
  async function open(options: MongoEventStoreOptions = {}) {
    const collection = `commits_${++n}`;
    let monotonic = 0;
    const clock = new TestClock();
    const store = await MongoEventStore.open(conn, {
      collection,
      now: clock.now,
      monotonicMs: () => monotonic,
      orphanGraceMs: 60_000,
      // One collection, so that the test can look at the commits; the buckets have their own test.
      buckets: 1,
      ...options,
    });
    const pending = conn.db!.collection<PendingMarker>(`${collection}_outbox_pending`);
    const commits = conn.db!.collection(collection);
    return {
      store,
      clock,
      pending,
      commits,
      advance: (ms: number) => (monotonic += ms),
      /** What an append that died after writing its marker leaves behind. */
      orphan: (streamId: string, firstVersion: number) =>
        pending.insertOne({
          _id: `${streamId}@${firstVersion}#dead`,
          commitId: `${streamId}@${firstVersion}`,
          streamId,
          firstVersion,
          committedAt: clock.now(),
        }),
    };
  }

  const refs = (cs: ReadonlyArray<{ streamId: string; firstVersion: number }>): string[] =>
    cs.map((c) => `${c.streamId}@${c.firstVersion}`);

  it('keeps markers for every unpublished commit (its intent, and the one vouching for it), none for a refused append, and none once published', async () => {
    const { store, pending, commits } = await open();
    await store.append('race', 0, sampleEvents('race', 1, 1));
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, () => store.append('race', 1, sampleEvents('race', 2, 2))),
    );
    assert.equal(attempts.filter((a) => a.status === 'fulfilled').length, 1);
    await assert.rejects(store.append('race', 0, sampleEvents('race', 1, 1)), ConcurrencyError);
    const markers = await pending.find().toArray();
    assert.deepEqual(markers.map((m) => `${m.commitId} ${m.committed === true}`).sort(), [
      'race@1 false',
      'race@1 true',
      'race@2 false',
      'race@2 true',
    ]);

    const unpublished = await store.readUnpublished(10);
    assert.deepEqual(refs(unpublished), ['race@1', 'race@2']);
    await store.markPublished(unpublished, new Date('2009-03-02T02:00:00Z'));
    assert.equal(await pending.countDocuments(), 0);
    // A commit is written once and never changed: its marker's removal is what says it went out.
    const flags = await commits.find({}, { projection: { published: 1, publishedAt: 1 } }).toArray();
    assert.deepEqual(
      flags.map((c) => Object.keys(c).sort()),
      [['_id'], ['_id']],
    );
  });

  it('skips the marker of an append that died before its commit, removes it after the grace period, and does not block the stream', async () => {
    const { store, pending, orphan, advance } = await open();
    await store.append('ok', 0, sampleEvents('ok', 1, 1));
    await orphan('dead', 1);
    assert.deepEqual(refs(await store.readUnpublished(10)), ['ok@1'], 'first seen');
    assert.equal((await store.outboxStats(new Date())).backlog, 2, 'counted until removed');
    advance(59_999);
    assert.deepEqual(refs(await store.readUnpublished(10)), ['ok@1']);
    assert.equal(await pending.countDocuments({ commitId: 'dead@1' }), 1, 'still inside the grace period');
    advance(1);
    assert.deepEqual(refs(await store.readUnpublished(10)), ['ok@1']);
    assert.equal(await pending.countDocuments({ commitId: 'dead@1' }), 0, 'removed after the grace period');

    // Meanwhile the stream was never blocked: an append at that version goes in and is published.
    await orphan('dead', 1);
    await store.append('dead', 0, sampleEvents('dead', 1, 1));
    const unpublished = await store.readUnpublished(10);
    assert.deepEqual(refs(unpublished), ['dead@1', 'ok@1'], 'same instant: by stream');
    await store.markPublished(unpublished, new Date());
    assert.equal(await pending.countDocuments(), 0, 'both markers of dead@1 went with its publication');
  });

  it('publishes from the markers alone: a relay pass neither reads nor writes a commit collection', async () => {
    // Issue 15.2: the commit collections grow with every case; the pending one holds only what is
    // unpublished. On FerretDB a read or an update of a growing collection costs more each day.
    const { store, pending, commits } = await open();
    await store.append('quiet', 0, sampleEvents('quiet', 1, 2));
    await store.append('quiet', 2, sampleEvents('quiet', 3, 3));
    await store.append('other', 0, sampleEvents('other', 1, 1));
    const commands: string[] = [];
    const client = conn.getClient();
    const listen = (e: { commandName: string; command: Record<string, unknown> }) => {
      const target = e.command[e.commandName];
      if (typeof target === 'string') commands.push(`${e.commandName} ${target}`);
    };
    client.on('commandStarted', listen);
    try {
      const unpublished = await store.readUnpublished(10);
      // One commit time (the test's clock): stream, then version decide.
      assert.deepEqual(refs(unpublished), ['other@1', 'quiet@1', 'quiet@3']);
      assert.deepEqual(versionsOf(unpublished[1]!.events), [1, 2], 'the events come with the marker');
      await store.markPublished(unpublished, new Date());
    } finally {
      client.off('commandStarted', listen);
    }
    assert.ok(
      commands.some((c) => c.endsWith(` ${pending.collectionName}`)),
      `the pass was watched: ${commands.join('; ')}`,
    );
    assert.deepEqual(
      commands.filter((c) => c.endsWith(` ${commits.collectionName}`)),
      [],
      `commands on the commits: ${commands.join('; ')}`,
    );
    assert.equal(await pending.countDocuments(), 0);
    assert.deepEqual(await store.readUnpublished(10), []);
  });

  it('publishes a commit whose vouching marker is not in yet once, from that marker, and keeps its stream in order', async () => {
    // The race the two-relay test met under load: a relay pass between an append's commit insert and
    // its vouching marker. Looked up at once, the commit went out, then again from the late marker.
    const { store, pending, advance } = await open();
    await store.append('slow', 0, sampleEvents('slow', 1, 1));
    await store.append('slow', 1, sampleEvents('slow', 2, 2));
    // As if the first append were still between its commit and its vouching marker.
    const vouching = await pending.findOne({ _id: 'slow@1#in' });
    await pending.deleteOne({ _id: 'slow@1#in' });
    assert.deepEqual(refs(await store.readUnpublished(10)), [], 'waits, and holds the later version back too');
    await pending.insertOne(vouching!);
    const once = await store.readUnpublished(10);
    assert.deepEqual(refs(once), ['slow@1', 'slow@2']);
    await store.markPublished(once, new Date());
    advance(10_000);
    assert.deepEqual(await store.readUnpublished(10), [], 'nothing left to send again');
  });

  it('removes, without returning its commit again, a marker of a commit written before markers carried events and already published', async () => {
    const { store, pending, commits, advance } = await open();
    await commits.insertOne({
      _id: 'old@1',
      streamId: 'old',
      firstVersion: 1,
      lastVersion: 1,
      events: sampleEvents('old', 1, 1),
      committedAt: new Date(),
      published: true,
      publishedAt: new Date(),
    } as never);
    // The relay of the older code stopped between setting the flag and deleting the marker.
    await pending.insertOne({
      _id: 'old@1#x',
      commitId: 'old@1',
      streamId: 'old',
      firstVersion: 1,
      committedAt: new Date(),
    });
    // Nobody vouches for it: the relay waits for a vouching marker (vouchGraceMs), then looks it up.
    assert.deepEqual(await store.readUnpublished(10), []);
    assert.equal(await pending.countDocuments(), 1, 'waiting for a vouching marker');
    advance(5_000);
    assert.deepEqual(await store.readUnpublished(10), []);
    assert.equal(await pending.countDocuments(), 0);
    assert.deepEqual(await store.outboxStats(new Date()), { backlog: 0, oldestUnpublishedAgeMs: null });
  });

  it('puts the marker back when a relay removed it during an append slower than half the grace period', async () => {
    let monotonic = 0;
    const collection = `commits_${++n}`;
    const pending = conn.db!.collection<PendingMarker>(`${collection}_outbox_pending`);
    const store = await MongoEventStore.open(conn, {
      collection,
      buckets: 1,
      orphanGraceMs: 60_000,
      // Every reading of the clock is 30 s after the previous one: the append looks that slow.
      monotonicMs: () => (monotonic += 30_000),
    });
    // While the commit is being inserted, a relay takes the marker for an orphan and removes it.
    const commits = conn.models[`event-store:${collection}`]!.collection;
    const insertOne = commits.insertOne.bind(commits);
    commits.insertOne = (async (...args: Parameters<typeof insertOne>) => {
      await pending.deleteMany({});
      return insertOne(...args);
    }) as typeof insertOne;
    await store.append('slow', 0, sampleEvents('slow', 1, 1));
    assert.deepEqual(
      (await pending.find().toArray()).map((m) => m.commitId),
      ['slow@1'],
      'the marker vouching for the commit',
    );
    assert.deepEqual(refs(await store.readUnpublished(10)), ['slow@1']);
  });

  it('reads and appends without walking again when the tail is known, and walks when another process moved the stream', async () => {
    const a = await open();
    const b = await MongoEventStore.open(conn, { collection: `commits_${n}`, buckets: 1, now: a.clock.now });
    await a.store.append('shared', 0, sampleEvents('shared', 1, 2));
    assert.equal((await b.readStream('shared')).length, 2);
    await b.append('shared', 2, sampleEvents('shared', 3, 3));
    // `a` still remembers version 2: its insert collides and the conflict names the real version.
    await assert.rejects(
      a.store.append('shared', 2, sampleEvents('shared', 3, 3)),
      (err: unknown) => err instanceof ConcurrencyError && err.actualVersion === 3,
    );
    await a.store.append('shared', 3, sampleEvents('shared', 4, 4));
    assert.deepEqual(
      (await b.readStream('shared')).map((e) => e.streamVersion),
      [1, 2, 3, 4],
    );
  });

  it('loads a stream it has seen with one lookup however many commits it has, and sees what another process appended', async () => {
    const a = await open();
    const b = await MongoEventStore.open(conn, { collection: `commits_${n}`, buckets: 1, now: a.clock.now });
    for (let v = 1; v <= 5; v++) await a.store.append('long', v - 1, sampleEvents('long', v, v));
    const finds: unknown[] = [];
    const watch = (e: { commandName: string; command: Record<string, unknown> }): void => {
      if (e.commandName === 'find') finds.push(e.command.filter);
    };
    conn.getClient().on('commandStarted', watch);
    try {
      const versions = (await a.store.readCommits('long')).map((c) => c.lastVersion);
      assert.deepEqual(versions, [1, 2, 3, 4, 5]);
      assert.deepEqual(finds, [{ _id: 'long@6' }], 'only "is there a commit after the ones remembered"');
    } finally {
      conn.getClient().off('commandStarted', watch);
    }
    await b.append('long', 5, sampleEvents('long', 6, 7));
    assert.deepEqual(
      (await a.store.readStream('long')).map((e) => e.streamVersion),
      [1, 2, 3, 4, 5, 6, 7],
    );
    await assert.rejects(
      a.store.append('long', 5, sampleEvents('long', 6, 6)),
      (err: unknown) => err instanceof ConcurrencyError && err.actualVersion === 7,
    );
  });

  it(
    'marks 150 commits published in one call (FerretDB wedges on a request of 100 updates)',
    { timeout: 120_000 },
    async () => {
      const { store, pending } = await open({ buckets: 2 });
      for (let i = 0; i < 150; i++) await store.append(`many-${i}`, 0, sampleEvents(`many-${i}`, 1, 1));
      const unpublished = await store.readUnpublished(200);
      assert.equal(unpublished.length, 150);
      await store.markPublished(unpublished, new Date());
      assert.equal(await pending.countDocuments(), 0);
      assert.deepEqual(await store.readUnpublished(200), []);
    },
  );

  it('keeps a database written before buckets in its one collection and gives its unpublished commits markers', async () => {
    const collection = `legacy_${++n}`;
    const commit = (streamId: string, firstVersion: number, published: boolean) => ({
      _id: `${streamId}@${firstVersion}`,
      streamId,
      firstVersion,
      lastVersion: firstVersion,
      events: sampleEvents(streamId, firstVersion, firstVersion),
      committedAt: new Date(Date.UTC(2009, 2, 2, 1, 0, firstVersion)),
      published,
    });
    await conn.db!.collection(collection).insertMany([commit('old', 1, true), commit('old', 2, false)] as never[]);
    const store = await MongoEventStore.open(conn, { collection });
    assert.equal(store.collectionFor('old').collectionName, collection);
    assert.deepEqual(
      (await store.readStream('old')).map((e) => e.streamVersion),
      [1, 2],
    );
    assert.deepEqual(refs(await store.readUnpublished(10)), ['old@2']);
    await store.append('old', 2, sampleEvents('old', 3, 3));
    assert.deepEqual(refs(await store.readUnpublished(10)), ['old@2', 'old@3']);
  });

  it('spreads a new store over FERRETDB_BUCKETS collections on FerretDB and keeps one on MongoDB', async () => {
    const collection = `fresh_${++n}`;
    const store = await MongoEventStore.open(conn, { collection });
    const name = store.collectionFor('case-1').collectionName;
    if ((await storeKind(conn)) === 'ferretdb') {
      assert.equal(name, `${collection}_b${String(bucketOf('case-1', FERRETDB_BUCKETS)).padStart(3, '0')}`);
    } else {
      assert.equal(name, collection);
    }
  });

  it('opens a bucketed store again with the bucket count it was created with', async () => {
    const collection = `reopened_${++n}`;
    const first = await MongoEventStore.open(conn, { collection, buckets: 5 });
    for (let i = 0; i < 10; i++) await first.append(`r-${i}`, 0, sampleEvents(`r-${i}`, 1, 2));
    const again = await MongoEventStore.open(conn, { collection });
    for (let i = 0; i < 10; i++) {
      assert.equal(again.collectionFor(`r-${i}`).collectionName, first.collectionFor(`r-${i}`).collectionName);
      assert.equal((await again.readStream(`r-${i}`)).length, 2);
    }
  });

  it('knows a store begun since create ids were scoped (issue 13) holds no unscoped one, and one begun before may', async () => {
    // Begun now: no unscoped create id can be in it, now or after it is opened again.
    const fresh = `scoped_${++n}`;
    assert.equal((await MongoEventStore.open(conn, { collection: fresh })).mayHoldUnscopedCreateIds, false);
    await (await MongoEventStore.open(conn, { collection: fresh })).append('s-1', 0, sampleEvents('s-1', 1, 1));
    assert.equal((await MongoEventStore.open(conn, { collection: fresh })).mayHoldUnscopedCreateIds, false);
    // Begun before: its commits were there when the first store of this version opened it.
    const older = `older_${++n}`;
    await conn.db!.collection(older).insertOne({ _id: 'o-1:1', streamId: 'o-1' } as never);
    assert.equal((await MongoEventStore.open(conn, { collection: older, buckets: 1 })).mayHoldUnscopedCreateIds, true);
    assert.equal((await MongoEventStore.open(conn, { collection: older, buckets: 1 })).mayHoldUnscopedCreateIds, true);
  });

  it('spreads streams over the buckets by a stable hash', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[bucketOf(`case-${i}`, 4)]!++;
    for (const c of counts) assert.ok(c > 800 && c < 1200, `bucket sizes ${counts.join(', ')}`);
    assert.equal(bucketOf('zhuzhou-2009-0001', 64), bucketOf('zhuzhou-2009-0001', 64));
  });
});
