// The event store on MongoDB 8 and FerretDB 1.24 (DESIGN §3, §5): one document per append.
//
// Only an insert into a unique index is atomic on both stores (FerretDB applies neither an upsert
// nor a conditional update atomically), so the append is: check the stream's current version (which
// refuses a stale expected version that falls inside an earlier multi-event commit), then insert
// `{streamId, firstVersion}`; of two appends with the same expected version the unique index lets
// exactly one in. The commit document is also the outbox entry (`published: false`).
import { Schema, type Connection, type Model } from 'mongoose';
import { type EventEnvelope } from '#contracts';
import { AppendNotifier, checkAppendable, commitTime, replayOf } from '../append-rules.js';
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
import { isDuplicateKeyError } from './duplicate-key.js';

export interface CommitDocument {
  /** `${streamId}@${firstVersion}` */
  _id: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  events: EventEnvelope[];
  committedAt: Date;
  published: boolean;
  publishedAt?: Date;
  idempotencyKey?: string;
  requestHash?: string;
}

export interface MongoEventStoreOptions {
  /** Default `commits`. */
  readonly collection?: string;
  /** The clock stamping `committedAt`; tests pass their own. */
  readonly now?: () => Date;
}

const commitSchema = (): Schema<CommitDocument> => {
  const schema = new Schema<CommitDocument>(
    {
      _id: { type: String, required: true },
      streamId: { type: String, required: true },
      firstVersion: { type: Number, required: true },
      lastVersion: { type: Number, required: true },
      events: { type: Schema.Types.Mixed, required: true },
      committedAt: { type: Date, required: true },
      published: { type: Boolean, required: true },
      publishedAt: Date,
      idempotencyKey: String,
      requestHash: String,
    },
    { versionKey: false, minimize: false, autoIndex: false, autoCreate: false, strict: true },
  );
  schema.index({ streamId: 1, firstVersion: 1 }, { unique: true, name: 'stream_version_unique' });
  schema.index({ published: 1, committedAt: 1 }, { name: 'outbox' });
  schema.index({ streamId: 1, idempotencyKey: 1 }, { name: 'idempotency' });
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

export class MongoEventStore implements EventStore {
  private readonly notifier = new AppendNotifier();
  private readonly now: () => Date;

  private constructor(
    private readonly model: Model<CommitDocument>,
    options: MongoEventStoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Opens the store on a connection and makes sure its indexes exist (the unique one above all). */
  static async open(connection: Connection, options: MongoEventStoreOptions = {}): Promise<MongoEventStore> {
    const collection = options.collection ?? 'commits';
    const modelName = `event-store:${collection}`;
    const model =
      (connection.models[modelName] as Model<CommitDocument> | undefined) ??
      connection.model<CommitDocument>(modelName, commitSchema(), collection);
    await model.createCollection().catch((err: unknown) => {
      // NamespaceExists: another process (or an earlier run) created it first.
      if ((err as { code?: unknown }).code !== 48) throw err;
    });
    await model.createIndexes();
    return new MongoEventStore(model, options);
  }

  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly EventEnvelope[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    checkAppendable(streamId, expectedVersion, events);
    if (options.idempotencyKey !== undefined) {
      const earlier = await this.findByIdempotencyKey(streamId, options.idempotencyKey);
      if (earlier) return replayOf(earlier, options);
    }
    const last = await this.lastCommit(streamId);
    if ((last?.lastVersion ?? 0) !== expectedVersion) return this.conflict(streamId, expectedVersion, options);

    const doc: CommitDocument = {
      _id: commitId({ streamId, firstVersion: expectedVersion + 1 }),
      streamId,
      firstVersion: expectedVersion + 1,
      lastVersion: expectedVersion + events.length,
      events: jsonCopy([...events]),
      committedAt: commitTime(this.now(), last?.committedAt),
      published: false,
      ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
      ...(options.requestHash !== undefined ? { requestHash: options.requestHash } : {}),
    };
    try {
      await this.model.collection.insertOne(doc as never);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return this.conflict(streamId, expectedVersion, options);
    }
    this.notifier.notify();
    return { status: 'appended', commit: toCommit(doc) };
  }

  async readStream(streamId: string): Promise<EventEnvelope[]> {
    const commits = await this.model
      .find({ streamId }, { events: 1, firstVersion: 1 })
      .sort({ firstVersion: 1 })
      .lean<Array<Pick<CommitDocument, 'events'>>>()
      .exec();
    return commits.flatMap((c) => c.events);
  }

  async findByIdempotencyKey(streamId: string, idempotencyKey: string): Promise<Commit | undefined> {
    const found = await this.model.findOne({ streamId, idempotencyKey }).lean<CommitDocument>().exec();
    return found ? toCommit(found) : undefined;
  }

  async readUnpublished(limit: number): Promise<Commit[]> {
    if (limit <= 0) return [];
    const found = await this.model
      .find({ published: false })
      .sort({ committedAt: 1, streamId: 1, firstVersion: 1 })
      .limit(limit)
      .lean<CommitDocument[]>()
      .exec();
    return found.map(toCommit);
  }

  async markPublished(commits: readonly CommitRef[], at: Date): Promise<void> {
    if (commits.length === 0) return;
    await this.model
      .updateMany(
        { _id: { $in: commits.map(commitId) }, published: false },
        { $set: { published: true, publishedAt: at } },
      )
      .exec();
  }

  async outboxStats(now: Date): Promise<OutboxStats> {
    const [backlog, oldest] = await Promise.all([
      this.model.countDocuments({ published: false }).exec(),
      this.model
        .findOne({ published: false }, { committedAt: 1 })
        .sort({ committedAt: 1 })
        .lean<Pick<CommitDocument, 'committedAt'>>()
        .exec(),
    ]);
    return {
      backlog,
      oldestUnpublishedAgeMs: oldest ? Math.max(0, now.getTime() - new Date(oldest.committedAt).getTime()) : null,
    };
  }

  onAppended(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }

  /**
   * Someone else committed at this version first. If that was the same idempotent request (a retry
   * racing the first attempt), the caller gets the first commit; anything else is a conflict.
   */
  private async conflict(streamId: string, expectedVersion: number, options: AppendOptions): Promise<AppendResult> {
    if (options.idempotencyKey !== undefined) {
      const earlier = await this.findByIdempotencyKey(streamId, options.idempotencyKey);
      if (earlier) return replayOf(earlier, options);
    }
    const now = await this.lastCommit(streamId);
    throw new ConcurrencyError(streamId, expectedVersion, now?.lastVersion ?? 0);
  }

  private async lastCommit(streamId: string): Promise<Pick<CommitDocument, 'lastVersion' | 'committedAt'> | null> {
    return this.model
      .findOne({ streamId }, { lastVersion: 1, committedAt: 1 })
      .sort({ firstVersion: -1 })
      .lean<Pick<CommitDocument, 'lastVersion' | 'committedAt'>>()
      .exec();
  }
}
