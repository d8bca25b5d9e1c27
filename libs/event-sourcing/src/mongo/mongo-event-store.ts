// The event store on MongoDB 8 and FerretDB 1.24 (DESIGN §3, §5): one document per append.
//
// Only an insert into a unique index is atomic on both stores (FerretDB applies neither an upsert
// nor a conditional update atomically), so the append is: check the stream's current version (which
// refuses a stale expected version that falls inside an earlier multi-event commit), then insert the
// commit with `_id` = `${streamId}@${firstVersion}`; of two appends with the same expected version
// the unique `_id` lets exactly one in.
//
// Every read is shaped for FerretDB 1.24 on SQLite, where no query uses an index (ADR 0006): a query
// costs a scan of the collection it reads, so hot paths read only by `_id` (the scan stops at the
// match and runs in SQLite, not in FerretDB) and only small collections:
// - a stream is read by walking its commits: `@1`, then `@<lastVersion+1>`, … until none;
// - the stream's tail (last version, commit time, idempotency keys) is remembered after each walk
//   and append, so an append right after a load reads nothing — commits never change, and if the
//   stream moved on meanwhile the insert collides and the conflict path walks again;
// - the commits themselves are remembered for recent streams, so a walk starts after them: loading
//   a stream this process has seen costs one lookup ("no next commit"), however long it is;
// - commits may be spread over several collections by a hash of the stream id (`buckets`), so one
//   scan reads a fraction of the history;
// - the outbox is a small `pending` collection holding a marker per unpublished commit, written
//   before the commit, so the relay never scans the commits. The commit keeps its `published` flag.
import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { type EventEnvelope } from '#contracts';
import { AppendNotifier, checkAppendable, commitTime, compareOutboxOrder, replayOf } from '../append-rules.js';
import {
  ConcurrencyError,
  type AppendOptions,
  type AppendResult,
  type Commit,
  type CommitRef,
  type EventStore,
  type OutboxStats,
} from '../event-store.js';
import { jsonCopy } from '../json.js';
import { RecentMap } from '../recent-map.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { storeKind } from './store-kind.js';

export interface CommitDocument {
  /** `${streamId}@${firstVersion}` */
  _id: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  events: EventEnvelope[];
  committedAt: Date;
  /**
   * Only on commits written before the markers carried their events (ADR 0015): false until the
   * relay of that time published them. A commit written now has neither field and never changes.
   */
  published?: boolean;
  publishedAt?: Date;
  idempotencyKey?: string;
  requestHash?: string;
}

/**
 * An unpublished commit, as the relay finds it — the outbox entry (ADR 0015). One per append attempt
 * (`_id` = commit id + a random suffix): the attempt that loses the race deletes its own, and one
 * left by a process that died before inserting its commit is removed by the relay once it has seen
 * it for `orphanGraceMs`. It carries the commit's events, and `committed` once the commit is in, so
 * the relay publishes from the markers alone; removing the marker records the publication.
 */
export interface PendingMarker {
  _id: string;
  commitId: string;
  streamId: string;
  firstVersion: number;
  committedAt: Date;
  /** The commit's events and last version (absent on markers written before ADR 0015). */
  lastVersion?: number;
  events?: EventEnvelope[];
  /** Set by the append once its commit is in: the relay need not look the commit up. */
  committed?: boolean;
}

export interface MongoEventStoreOptions {
  /** Default `commits`; with `buckets` > 1 the commits live in `<collection>_b<n>`. */
  readonly collection?: string;
  /** Default `outbox_pending` (`<collection>_outbox_pending` for another `collection`). */
  readonly pendingCollection?: string;
  /**
   * How many collections the commits are spread over, by a hash of the stream id. On FerretDB each
   * read scans one collection, so N buckets make a read about N times cheaper. Default 1 on
   * MongoDB, FERRETDB_BUCKETS on FerretDB (1 if the unbucketed collection already holds commits).
   */
  readonly buckets?: number;
  /** The clock stamping `committedAt`; tests pass their own. */
  readonly now?: () => Date;
  /** How long the relay watches a marker without a commit before removing it. Default 60 000. */
  readonly orphanGraceMs?: number;
  /**
   * How long the relay waits for the marker vouching for a commit before it looks the commit up
   * itself (the vouching insert was lost, or the marker is from before ADR 0015). Default 5 000.
   */
  readonly vouchGraceMs?: number;
  /** A monotonic clock in ms for the grace period; tests pass their own. */
  readonly monotonicMs?: () => number;
  /** Streams whose tail is remembered. Default 10 000. */
  readonly tailCacheSize?: number;
  /** Streams whose commits (events included) are remembered, so a load reads only what is newer. Default 2 000. */
  readonly commitCacheSize?: number;
}

/** What the store needs to know about a stream to append to it. */
interface StreamTail {
  readonly lastVersion: number;
  readonly committedAt: Date;
  /** Idempotency key → first version of the commit that carried it. */
  readonly keys: ReadonlyMap<string, number>;
}

/**
 * Updates per bulkWrite. FerretDB 1.24 keeps one SQLite connection per update statement until the
 * whole request ends, out of 100 per database: a request of 100 matching updates waits forever for
 * a 101st and wedges that database (measured; ADR 0006). Two relays overlapping in a lease
 * take-over must stay far below that too.
 */
const MARK_PER_REQUEST = 25;

/** Commit lookups the relay runs at once (each holds one of FerretDB's 100 connections briefly). */
const LOADS_AT_ONCE = 4;

const EMPTY_TAIL: StreamTail = { lastVersion: 0, committedAt: new Date(0), keys: new Map() };

const commitSchema = (): Schema<CommitDocument> => {
  const schema = new Schema<CommitDocument>(
    {
      _id: { type: String, required: true },
      streamId: { type: String, required: true },
      firstVersion: { type: Number, required: true },
      lastVersion: { type: Number, required: true },
      events: { type: Schema.Types.Mixed, required: true },
      committedAt: { type: Date, required: true },
      published: Boolean,
      publishedAt: Date,
      idempotencyKey: String,
      requestHash: String,
    },
    { versionKey: false, minimize: false, autoIndex: false, autoCreate: false, strict: true },
  );
  // MongoDB uses these; nothing here relies on them (FerretDB 1.24 never reads through them).
  schema.index({ streamId: 1, firstVersion: 1 }, { unique: true, name: 'stream_version_unique' });
  schema.index({ published: 1, committedAt: 1 }, { name: 'outbox' });
  schema.index({ streamId: 1, idempotencyKey: 1 }, { name: 'idempotency' });
  return schema;
};

const pendingSchema = (): Schema<PendingMarker> => {
  const schema = new Schema<PendingMarker>(
    {
      _id: { type: String, required: true },
      commitId: { type: String, required: true },
      streamId: { type: String, required: true },
      firstVersion: { type: Number, required: true },
      committedAt: { type: Date, required: true },
      lastVersion: Number,
      events: Schema.Types.Mixed,
      committed: Boolean,
    },
    { versionKey: false, minimize: false, autoIndex: false, autoCreate: false, strict: true },
  );
  schema.index({ commitId: 1 }, { name: 'commit' });
  return schema;
};

const toCommit = (d: CommitDocument): Commit => ({
  streamId: d.streamId,
  firstVersion: d.firstVersion,
  lastVersion: d.lastVersion,
  events: d.events,
  committedAt: new Date(d.committedAt),
  ...(d.idempotencyKey !== undefined && d.idempotencyKey !== null ? { idempotencyKey: d.idempotencyKey } : {}),
  ...(d.requestHash !== undefined && d.requestHash !== null ? { requestHash: d.requestHash } : {}),
  ...(d.publishedAt !== undefined && d.publishedAt !== null ? { publishedAt: new Date(d.publishedAt) } : {}),
});

export const commitId = (ref: CommitRef): string => `${ref.streamId}@${ref.firstVersion}`;

/** FNV-1a: a stable, well-spread hash of the stream id that picks its bucket. */
export function bucketOf(streamId: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < streamId.length; i++) {
    h ^= streamId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}

/** The database of a connected connection. */
type Db = NonNullable<Connection['db']>;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Buckets on FerretDB, where every read scans its collection (ADR 0006); MongoDB reads indexes. */
export const FERRETDB_BUCKETS = 64;

/**
 * The bucket collections already there, if any: the count is part of where a commit lives. Else
 * one collection on MongoDB, and FERRETDB_BUCKETS on FerretDB unless the unbucketed collection
 * already holds commits (written before buckets).
 */
async function defaultBuckets(
  connection: Connection,
  db: Db,
  collection: string,
  existingNames: readonly string[],
): Promise<number> {
  const bucketName = new RegExp(`^${escapeRegExp(collection)}_b\\d{3}$`);
  const existing = existingNames.filter((name) => bucketName.test(name)).length;
  if (existing > 0) return existing;
  if ((await storeKind(connection)) !== 'ferretdb') return 1;
  const legacy = await db.collection(collection).findOne({}, { projection: { _id: 1 } });
  return legacy ? 1 : FERRETDB_BUCKETS;
}

/** The document in `<collection>_meta` a database gets when its commits begin with scoped create ids. */
const SCOPED_CREATE_IDS = 'create-ids-scoped';

/**
 * Whether the database may hold cases opened under unscoped create ids (before issue 13): only when
 * its commit collections were there before this check was — a database whose commits begin now
 * gets the meta document saying they never can, written before any commit collection exists.
 */
async function unscopedCreateIdsPossible(
  db: Db,
  collection: string,
  existingNames: readonly string[],
): Promise<boolean> {
  const meta = db.collection<{ _id: string; since: string }>(`${collection}_meta`);
  if (await meta.findOne({ _id: SCOPED_CREATE_IDS })) return false;
  const commitName = new RegExp(`^${escapeRegExp(collection)}(_b\\d{3})?$`);
  if (existingNames.some((name) => commitName.test(name))) return true;
  await meta.insertOne({ _id: SCOPED_CREATE_IDS, since: new Date().toISOString() }).catch((err: unknown) => {
    // Another process opening the same new database wrote it first.
    if (!isDuplicateKeyError(err)) throw err;
  });
  return false;
}

async function openModel<T>(connection: Connection, prefix: string, name: string, schema: () => Schema<T>) {
  const modelName = `${prefix}:${name}`;
  const model =
    (connection.models[modelName] as Model<T> | undefined) ?? connection.model<T>(modelName, schema(), name);
  await model.createCollection().catch((err: unknown) => {
    // NamespaceExists: another process (or an earlier run) created it first.
    if ((err as { code?: unknown }).code !== 48) throw err;
  });
  await model.createIndexes();
  return model;
}

export class MongoEventStore implements EventStore {
  private readonly notifier = new AppendNotifier();
  private readonly now: () => Date;
  private readonly monotonicMs: () => number;
  private readonly graceMs: number;
  private readonly vouchGraceMs: number;
  /**
   * The commits of recently used streams, a prefix of each (commits never change): a walk starts
   * after them, so loading a stream this process has seen costs one lookup — "no next commit" —
   * however many commits it has. Another process's appends are after the prefix: the walk finds them.
   */
  private readonly commitCache: RecentMap<string, readonly CommitDocument[]>;
  private readonly tails: RecentMap<string, StreamTail>;
  /** Marker id → when this process first saw it with nobody vouching for its commit (monotonic ms). */
  private readonly unvouchedSeen = new Map<string, number>();
  /** Commits written before ADR 0015 that the relay was handed: their flag is set when published. */
  private readonly flaggedUnpublished = new Set<string>();

  private constructor(
    private readonly buckets: readonly Model<CommitDocument>[],
    private readonly pending: Model<PendingMarker>,
    options: MongoEventStoreOptions,
    readonly mayHoldUnscopedCreateIds: boolean,
  ) {
    this.now = options.now ?? (() => new Date());
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.graceMs = options.orphanGraceMs ?? 60_000;
    this.vouchGraceMs = options.vouchGraceMs ?? 5_000;
    this.tails = new RecentMap(options.tailCacheSize ?? 10_000);
    this.commitCache = new RecentMap(options.commitCacheSize ?? 2_000);
  }

  /** Opens the store on a connection and makes sure its collections and indexes exist. */
  static async open(connection: Connection, options: MongoEventStoreOptions = {}): Promise<MongoEventStore> {
    const collection = options.collection ?? 'commits';
    const db = connection.db;
    if (!db) throw new Error(`the store connection has no database yet: connect before opening ${collection}`);
    // The collections there before this store creates any of its own (one listing for both questions).
    const existingNames = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const mayHoldUnscopedCreateIds = await unscopedCreateIdsPossible(db, collection, existingNames);
    const buckets = options.buckets ?? (await defaultBuckets(connection, db, collection, existingNames));
    if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`buckets must be a positive integer`);
    const names =
      buckets === 1
        ? [collection]
        : Array.from({ length: buckets }, (_, i) => `${collection}_b${String(i).padStart(3, '0')}`);
    const models = [];
    for (const name of names) models.push(await openModel(connection, 'event-store', name, commitSchema));
    const pendingName =
      options.pendingCollection ?? (collection === 'commits' ? 'outbox_pending' : `${collection}_outbox_pending`);
    const pending = await openModel(connection, 'event-store-pending', pendingName, pendingSchema);
    const store = new MongoEventStore(models, pending, options, mayHoldUnscopedCreateIds);
    await store.adoptUnmarked();
    return store;
  }

  /** The collection holding a stream's commits (benchmarks and tools that seed or inspect it). */
  collectionFor(streamId: string): Model<CommitDocument>['collection'] {
    return this.bucket(streamId).collection;
  }

  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly EventEnvelope[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    checkAppendable(streamId, expectedVersion, events);
    // A tail remembered at this very version needs no walk: the insert below decides.
    const known = this.tails.get(streamId);
    const tail = known?.lastVersion === expectedVersion ? known : await this.walkTail(streamId);
    if (options.idempotencyKey !== undefined) {
      const earlier = await this.commitWithKey(streamId, tail, options.idempotencyKey);
      if (earlier) return replayOf(earlier, options);
    }
    if (tail.lastVersion !== expectedVersion) {
      throw new ConcurrencyError(streamId, expectedVersion, tail.lastVersion);
    }

    const firstVersion = expectedVersion + 1;
    const doc: CommitDocument = {
      _id: commitId({ streamId, firstVersion }),
      streamId,
      firstVersion,
      lastVersion: expectedVersion + events.length,
      events: jsonCopy([...events]),
      committedAt: commitTime(this.now(), tail.committedAt),
      ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
      ...(options.requestHash !== undefined ? { requestHash: options.requestHash } : {}),
    };
    // The intent marker goes first: a crash after it leaves a marker without a commit (the relay
    // removes it), never a commit without a marker (which no relay would find).
    const intent: PendingMarker = {
      _id: `${doc._id}#${randomUUID()}`,
      commitId: doc._id,
      streamId,
      firstVersion,
      committedAt: doc.committedAt,
    };
    await this.pending.collection.insertOne(intent as never);
    try {
      await this.bucket(streamId).collection.insertOne(doc as never);
    } catch (err) {
      // Anything but a duplicate may have written the commit after all: the marker stays for the
      // relay, which publishes the commit if it exists and removes the marker if it never does.
      if (!isDuplicateKeyError(err)) throw err;
      await this.pending.collection.deleteOne({ _id: intent._id } as never);
      return this.conflict(streamId, expectedVersion, options);
    }
    // The commit is in: a second marker vouches for it and carries its events, so the relay
    // publishes from the markers alone (ADR 0015) — an insert, like everything a command writes. It
    // also stands in for the intent marker if a relay removed that one as an orphan meanwhile (an
    // append slower than the grace period). If it is lost (a crash, the store going away), the
    // command still succeeded: the relay looks the commit up, as for any marker nobody vouched for.
    const vouched: PendingMarker = {
      ...intent,
      _id: `${doc._id}#in`,
      lastVersion: doc.lastVersion,
      events: doc.events,
      committed: true,
    };
    await this.pending.collection.insertOne(vouched as never).catch(() => undefined);
    const before = this.commitCache.get(streamId) ?? [];
    if ((before.at(-1)?.lastVersion ?? 0) === expectedVersion) this.cacheCommits(streamId, [...before, doc]);
    const keys = new Map(tail.keys);
    if (options.idempotencyKey !== undefined) keys.set(options.idempotencyKey, firstVersion);
    this.remember(streamId, { lastVersion: doc.lastVersion, committedAt: doc.committedAt, keys });
    this.notifier.notify();
    return { status: 'appended', commit: toCommit(doc) };
  }

  async readStream(streamId: string): Promise<EventEnvelope[]> {
    return (await this.walk(streamId, true)).flatMap((c) => c.events);
  }

  async readCommits(streamId: string): Promise<Commit[]> {
    return (await this.walk(streamId, true)).map(toCommit);
  }

  async findByIdempotencyKey(streamId: string, idempotencyKey: string): Promise<Commit | undefined> {
    const found = (await this.walk(streamId, true)).find((c) => c.idempotencyKey === idempotencyKey);
    return found ? toCommit(found) : undefined;
  }

  async readUnpublished(limit: number): Promise<Commit[]> {
    if (limit <= 0) return [];
    const markers = await this.markers();
    // Each stream's markers in version order: an attempt stamps its commit no earlier than the
    // stream's previous commit (commitTime), and ties go by stream, then version.
    markers.sort((a, b) => compareOutboxOrder(asRef(a), asRef(b)));
    const chosen = new Map<string, PendingMarker[]>();
    for (const m of markers) {
      const same = chosen.get(m.commitId);
      if (same) same.push(m);
      else if (chosen.size < limit) chosen.set(m.commitId, [m]);
    }
    const seen = new Set(markers.map((m) => m._id));
    for (const id of this.unvouchedSeen.keys()) if (!seen.has(id)) this.unvouchedSeen.delete(id);

    const out: Commit[] = [];
    const done: string[] = [];
    const groups: [string, PendingMarker[]][] = [];
    // A stream whose earlier commit waits for its vouching marker waits whole: versions go in order.
    const waiting = new Set<string>();
    const now = this.monotonicMs();
    for (const [id, ms] of chosen) {
      const streamId = ms[0]?.streamId ?? '';
      if (waiting.has(streamId)) continue;
      // A marker whose append saw its commit in is the commit: nothing to read.
      const vouched = ms.find(isVouchedFor);
      if (vouched) {
        out.push(commitOfMarker(vouched));
        continue;
      }
      // Only an intent so far: its append is most likely between its commit and the vouching insert.
      // Publishing from a lookup now would publish it twice once that marker lands; so wait a while.
      const since = this.firstSeenUnvouched(ms, now);
      if (ms.some((m) => m.committed === true) || now - since >= this.vouchGraceMs) groups.push([id, ms]);
      else waiting.add(streamId);
    }
    // The others (an append in flight or dead, or a marker from before ADR 0015) are looked up, a
    // few at a time: each is a point read of one bucket.
    for (let i = 0; i < groups.length; i += LOADS_AT_ONCE) {
      const slice = groups.slice(i, i + LOADS_AT_ONCE);
      // Every group holds at least the marker that opened it, and all its markers name one stream.
      const loaded = await Promise.all(
        slice.map(async ([id, ms]) => {
          const streamId = ms[0]?.streamId ?? '';
          const commit = (await this.bucket(streamId).collection.findOne({
            _id: id,
          } as never)) as CommitDocument | null;
          return { ms, commit };
        }),
      );
      for (const { ms, commit } of loaded) {
        if (!commit) await this.orphans(ms);
        else if (commit.published === true) done.push(...ms.map((m) => m._id));
        else {
          if (commit.published === false) this.flaggedUnpublished.add(commit._id);
          out.push(toCommit(commit));
        }
      }
    }
    // Published by the older relay, which stopped before removing the marker: nothing left to do.
    if (done.length > 0) await this.pending.collection.deleteMany({ _id: { $in: done } } as never);
    return out.sort(compareOutboxOrder);
  }

  async markPublished(commits: readonly CommitRef[], at: Date): Promise<void> {
    if (commits.length === 0) return;
    const ids = new Set(commits.map(commitId));
    const markers = (await this.markers()).filter((m) => ids.has(m.commitId));
    // Only a commit written before ADR 0015 carries a flag, which must be set or the next open
    // would adopt it again; marking again keeps the first time.
    const flagged = new Map<string, string>();
    for (const m of markers) if (this.flaggedUnpublished.has(m.commitId)) flagged.set(m.commitId, m.streamId);
    const byBucket = new Map<Model<CommitDocument>, string[]>();
    for (const [id, streamId] of flagged) {
      this.flaggedUnpublished.delete(id);
      const bucket = this.bucket(streamId);
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), id]);
    }
    for (const [bucket, bucketIds] of byBucket) {
      for (let i = 0; i < bucketIds.length; i += MARK_PER_REQUEST) {
        // One update per commit by `_id` equality: `_id: { $in }` is a scan in FerretDB itself.
        await bucket.collection.bulkWrite(
          bucketIds.slice(i, i + MARK_PER_REQUEST).map((id) => ({
            updateOne: { filter: { _id: id } as never, update: { $set: { published: true, publishedAt: at } } },
          })),
          { ordered: false },
        );
      }
    }
    // The marker's removal records the publication. A crash before it sends the commit again, which
    // every consumer tolerates (DESIGN §3).
    if (markers.length > 0) {
      await this.pending.collection.deleteMany({ _id: { $in: markers.map((m) => m._id) } } as never);
    }
  }

  async outboxStats(now: Date): Promise<OutboxStats> {
    const markers = await this.markers();
    const backlog = new Set(markers.map((m) => m.commitId)).size;
    const oldest = markers.reduce<number | null>(
      (min, m) => (min === null || m.committedAt.getTime() < min ? m.committedAt.getTime() : min),
      null,
    );
    return { backlog, oldestUnpublishedAgeMs: oldest === null ? null : Math.max(0, now.getTime() - oldest) };
  }

  onAppended(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }

  /**
   * Someone else committed at this version first. If that was the same idempotent request (a retry
   * racing the first attempt), the caller gets the first commit; anything else is a conflict.
   */
  private async conflict(streamId: string, expectedVersion: number, options: AppendOptions): Promise<AppendResult> {
    const tail = await this.walkTail(streamId);
    if (options.idempotencyKey !== undefined) {
      const earlier = await this.commitWithKey(streamId, tail, options.idempotencyKey);
      if (earlier) return replayOf(earlier, options);
    }
    throw new ConcurrencyError(streamId, expectedVersion, tail.lastVersion);
  }

  private async commitWithKey(streamId: string, tail: StreamTail, key: string): Promise<Commit | undefined> {
    const firstVersion = tail.keys.get(key);
    if (firstVersion === undefined) return undefined;
    const found = await this.bucket(streamId).collection.findOne({
      _id: commitId({ streamId, firstVersion }),
    } as never);
    return found ? toCommit(found as unknown as CommitDocument) : undefined;
  }

  /**
   * The stream's commits in version order, by `_id` point lookups after the ones remembered;
   * remembers its tail, and its commits when read with their events.
   */
  private async walk(streamId: string, withEvents: boolean): Promise<CommitDocument[]> {
    const collection = this.bucket(streamId).collection;
    const known = this.commitCache.get(streamId) ?? [];
    const commits: CommitDocument[] = [...known];
    for (let next = (known.at(-1)?.lastVersion ?? 0) + 1; ;) {
      const found = (await collection.findOne(
        { _id: commitId({ streamId, firstVersion: next }) } as never,
        withEvents ? {} : { projection: { events: 0 } },
      )) as CommitDocument | null;
      if (!found) break;
      commits.push(found);
      next = found.lastVersion + 1;
    }
    const last = commits.at(-1);
    const keys = new Map<string, number>();
    for (const c of commits) if (typeof c.idempotencyKey === 'string') keys.set(c.idempotencyKey, c.firstVersion);
    if (withEvents && commits.length > known.length) this.cacheCommits(streamId, commits);
    // An empty stream is remembered too: creating a case right after finding none reads nothing more.
    this.remember(
      streamId,
      last ? { lastVersion: last.lastVersion, committedAt: new Date(last.committedAt), keys } : EMPTY_TAIL,
    );
    return commits;
  }

  private async walkTail(streamId: string): Promise<StreamTail> {
    await this.walk(streamId, false);
    return this.tails.get(streamId) ?? EMPTY_TAIL;
  }

  private cacheCommits(streamId: string, commits: readonly CommitDocument[]): void {
    const known = this.commitCache.get(streamId);
    // Concurrent walks may finish out of order: the longer prefix stays.
    if (known && (known.at(-1)?.lastVersion ?? 0) >= (commits.at(-1)?.lastVersion ?? 0)) return;
    this.commitCache.set(streamId, commits);
  }

  private remember(streamId: string, tail: StreamTail): void {
    const known = this.tails.get(streamId);
    // Concurrent walks may finish out of order: a tail never goes back.
    if (known && known.lastVersion > tail.lastVersion) return;
    this.tails.set(streamId, tail);
  }

  /**
   * Markers whose commit does not exist. Most belong to an append in flight; one this process has
   * watched for the grace period belongs to an append that died before its commit: it is removed,
   * and put back if the commit turns up after all (an append slower than the grace period).
   */
  private async orphans(markers: readonly PendingMarker[]): Promise<void> {
    const now = this.monotonicMs();
    for (const m of markers) {
      const since = this.unvouchedSeen.get(m._id) ?? now;
      this.unvouchedSeen.set(m._id, since);
      if (now - since < this.graceMs) continue;
      await this.pending.collection.deleteOne({ _id: m._id } as never);
      this.unvouchedSeen.delete(m._id);
      const late = await this.bucket(m.streamId).collection.findOne({ _id: m.commitId } as never);
      if (late && (late as unknown as CommitDocument).published !== true) {
        await this.pending.collection.insertOne(m as never).catch((err: unknown) => {
          if (!isDuplicateKeyError(err)) throw err;
        });
      }
    }
  }

  /**
   * Commits written before the outbox had markers (or by a process that lost its marker in a way
   * this code does not produce) get one, so the relay finds them. Runs once per open: one read of
   * `{ published: false }` per bucket — a scan on FerretDB, the outbox index on MongoDB.
   */
  private async adoptUnmarked(): Promise<void> {
    for (const bucket of this.buckets) {
      const unpublished = (await bucket.collection
        .find({ published: false } as never, { projection: { events: 0 } })
        .toArray()) as unknown as CommitDocument[];
      for (const c of unpublished) {
        const marker: PendingMarker = {
          _id: `${c._id}#adopted`,
          commitId: c._id,
          streamId: c.streamId,
          firstVersion: c.firstVersion,
          committedAt: new Date(c.committedAt),
          // Read just now: the relay looks it up at once rather than wait for a vouching marker.
          committed: true,
        };
        await this.pending.collection.insertOne(marker as never).catch((err: unknown) => {
          if (!isDuplicateKeyError(err)) throw err;
        });
      }
    }
  }

  /** When this process first saw any of these markers (one commit's) with nobody vouching for it. */
  private firstSeenUnvouched(markers: readonly PendingMarker[], now: number): number {
    let first = now;
    for (const m of markers) {
      const since = this.unvouchedSeen.get(m._id);
      if (since === undefined) this.unvouchedSeen.set(m._id, now);
      else first = Math.min(first, since);
    }
    return first;
  }

  private async markers(): Promise<PendingMarker[]> {
    const found = (await this.pending.collection.find({}).toArray()) as unknown as PendingMarker[];
    return found.map((m) => ({ ...m, committedAt: new Date(m.committedAt) }));
  }

  private bucket(streamId: string): Model<CommitDocument> {
    const at = this.buckets.length === 1 ? 0 : bucketOf(streamId, this.buckets.length);
    const bucket = this.buckets[at];
    if (!bucket) throw new RangeError(`no commit bucket ${at} of ${this.buckets.length} for stream ${streamId}`);
    return bucket;
  }
}

/** A marker whose append saw its commit in, carrying the commit's events (ADR 0015). */
const isVouchedFor = (m: PendingMarker): m is PendingMarker & { events: EventEnvelope[] } =>
  m.committed === true && Array.isArray(m.events);

/** The commit a vouched-for marker stands for. */
const commitOfMarker = (m: PendingMarker & { events: EventEnvelope[] }): Commit => ({
  streamId: m.streamId,
  firstVersion: m.firstVersion,
  lastVersion: m.lastVersion ?? m.firstVersion + m.events.length - 1,
  events: m.events,
  committedAt: m.committedAt,
});

const asRef = (m: PendingMarker): Commit => ({
  streamId: m.streamId,
  firstVersion: m.firstVersion,
  lastVersion: m.firstVersion,
  events: [],
  committedAt: m.committedAt,
});
