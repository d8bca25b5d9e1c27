// DocumentCollection on MongoDB (and FerretDB): one document {_id, version, doc} per id. Writes never
// use upserts — FerretDB may answer a duplicate on an upsert with a generic error (DESIGN §5) — but a
// read by `_id`, then an update or an insert whose duplicate-key error means "someone else wrote
// first", then the read and update once more. FerretDB does not apply an update atomically with its
// filter, so writes to one id are also serialised within the process (see KeyedMutex). Per-event
// reads and writes filter on `_id` alone: FerretDB 1.24 scans in Go for any other filter (ADR 0006).
import { Schema, type Connection, type Model } from 'mongoose';
import { jsonCopy } from '../json.js';
import { KeyedMutex } from '../keyed-mutex.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { storeKind, type StoreKind } from './store-kind.js';
import { onceUnlessFailed } from '../once-unless-failed.js';
import {
  checkCollectionName,
  checkDistinct,
  checkFieldPath,
  checkFindQuery,
  checkVersion,
  checkWhere,
  type CollectionOptions,
  type DocumentCollection,
  type DocumentCollections,
  type FindQuery,
  type FindResult,
  type NewerWrite,
  type Versioned,
  type Where,
} from '../read-model/document-collection.js';

/** How many stored ids a collection remembers (see `stored`). */
const STORED_IDS_REMEMBERED = 50_000;

interface StoredDocument {
  _id: string;
  version: number;
  doc: unknown;
}

const storedSchema = (): Schema<StoredDocument> =>
  new Schema<StoredDocument>(
    { _id: { type: String, required: true }, version: { type: Number, required: true }, doc: Schema.Types.Mixed },
    { versionKey: false, minimize: false, autoIndex: false, autoCreate: false, strict: true },
  );

const inDoc = (path: string): string => `doc.${path}`;

function toFilter(where: Where | undefined): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const [path, condition] of Object.entries(where ?? {})) filter[inDoc(path)] = condition;
  return filter;
}

export class MongoDocumentCollection<T extends object> implements DocumentCollection<T> {
  private readonly model: Model<StoredDocument>;
  /** Makes the collection's indexes, once; a failure (the store away) is not remembered. */
  private readonly makeIndexes: () => Promise<void>;
  private readonly writes = new KeyedMutex();
  /** Ids this process has seen stored, most recent last (a hint: a wrong entry only costs a read). */
  private readonly stored = new Set<string>();

  constructor(
    private readonly connection: Connection,
    name: string,
    options: CollectionOptions = {},
  ) {
    checkCollectionName(name);
    const modelName = `documents:${name}`;
    this.model =
      (connection.models[modelName] as Model<StoredDocument> | undefined) ??
      connection.model<StoredDocument>(modelName, storedSchema(), name);
    const indexes = (options.indexes ?? []).map((spec) => (typeof spec === 'string' ? [spec] : [...spec]));
    indexes.flat().forEach(checkFieldPath);
    this.makeIndexes = onceUnlessFailed(() =>
      Promise.all(
        indexes.map((fields) =>
          this.model.collection.createIndex(Object.fromEntries(fields.map((f) => [inDoc(f), 1]))),
        ),
      ).then(() => undefined),
    );
    // Started now; a failure is surfaced by the first operation, never an unhandled rejection.
    this.ready.catch(() => {});
  }

  private get ready(): Promise<void> {
    return this.makeIndexes();
  }

  /** Which server this is (asked once per connection; asked again after a failure). */
  private get kind(): Promise<StoreKind> {
    return storeKind(this.connection);
  }

  async get(id: string): Promise<T | undefined> {
    return (await this.getVersioned(id))?.doc;
  }

  async getVersioned(id: string): Promise<Versioned<T> | undefined> {
    await this.ready;
    const found = await this.model.findById(id).lean<StoredDocument>().exec();
    return found ? { id, version: found.version, doc: found.doc as T } : undefined;
  }

  async upsertIfNewer(id: string, version: number, doc: T): Promise<boolean> {
    checkVersion(version);
    await this.ready;
    const stored = jsonCopy(doc);
    const kind = await this.kind;
    // Read by `_id` first: a replayed or duplicate event (the common case for a projection that
    // re-reads) costs one point lookup and no write.
    const versionOf = async (): Promise<number | undefined> =>
      (
        (await this.model.collection.findOne({ _id: id } as never, { projection: { version: 1 } })) as {
          version: number;
        } | null
      )?.version;
    // MongoDB applies the guard atomically with the write. FerretDB does not (ADR 0003) and only
    // filters on `_id` alone in SQL; anything else it scans in Go (ADR 0006), so there the guard is
    // the read above, under the per-id lock.
    const update = async (): Promise<boolean> =>
      (
        await this.model
          .updateOne(kind === 'ferretdb' ? { _id: id } : { _id: id, version: { $lt: version } }, {
            $set: { version, doc: stored },
          })
          .exec()
      ).matchedCount === 1;
    return this.writes.run(id, async () => {
      // An id this process has not seen stored is most often new (a case's first view, a fact's
      // first event): insert it straight away — about 1 ms on FerretDB, where a read that misses
      // scans the whole collection (ADR 0006). A duplicate means it is there after all: read.
      if (!this.stored.has(id) && (await this.insert({ _id: id, version, doc: stored }))) {
        this.rememberStored(id);
        return true;
      }
      const current = await versionOf();
      if (current !== undefined) {
        this.rememberStored(id);
        return current < version && update();
      }
      if (await this.insert({ _id: id, version, doc: stored })) return true;
      // Another process inserted it between our read and insert: decide against what it wrote.
      const written = await versionOf();
      return written !== undefined && written < version && update();
    });
  }

  /**
   * Fresh ids go in one unordered insertMany per 1,000 (a duplicate refuses that one only). The
   * others: their stored versions in one read, then `_id`-equality updates in bulkWrites — at most
   * 25 per request on FerretDB, where an update command with ~100 matching statements wedges the
   * database (ADR 0006) — and inserts for the ones not stored. Under the per-id locks, like
   * `upsertIfNewer`; on MongoDB the updates keep the atomic version guard in their filter.
   */
  async upsertManyIfNewer(writes: readonly NewerWrite<T>[]): Promise<boolean[]> {
    checkDistinct(writes);
    if (writes.length === 0) return [];
    await this.ready;
    const kind = await this.kind;
    return this.writes.runAll(
      writes.map((w) => w.id),
      async () => {
        const written = new Map<string, boolean>();
        const inserts: StoredDocument[] = [];
        const others = writes.filter((w) => {
          if (!w.fresh) return true;
          inserts.push({ _id: w.id, version: w.version, doc: jsonCopy(w.doc) });
          return false;
        });
        if (others.length > 0) {
          const found = (await this.model.collection
            .find({ _id: { $in: others.map((w) => w.id) } } as never, { projection: { version: 1 } })
            .toArray()) as unknown as Array<{ _id: string; version: number }>;
          const stored = new Map(found.map((d) => [d._id, d.version]));
          const updates: NewerWrite<T>[] = [];
          for (const w of others) {
            const current = stored.get(w.id);
            if (current === undefined) inserts.push({ _id: w.id, version: w.version, doc: jsonCopy(w.doc) });
            else if (current < w.version) updates.push(w);
            else written.set(w.id, false);
          }
          const perRequest = kind === 'ferretdb' ? 25 : 500;
          for (let i = 0; i < updates.length; i += perRequest) {
            const chunk = updates.slice(i, i + perRequest);
            const result = await this.model.collection.bulkWrite(
              chunk.map((w) => ({
                updateOne: {
                  filter: (kind === 'ferretdb' ? { _id: w.id } : { _id: w.id, version: { $lt: w.version } }) as never,
                  update: { $set: { version: w.version, doc: jsonCopy(w.doc) } },
                },
              })),
              { ordered: false },
            );
            // All matched (the common case) or, on MongoDB only, a concurrent writer got ahead:
            // ask which ones hold our version now.
            if (result.matchedCount === chunk.length) for (const w of chunk) written.set(w.id, true);
            else {
              const after = (await this.model.collection
                .find({ _id: { $in: chunk.map((w) => w.id) } } as never, { projection: { version: 1 } })
                .toArray()) as unknown as Array<{ _id: string; version: number }>;
              const now = new Map(after.map((d) => [d._id, d.version]));
              for (const w of chunk) written.set(w.id, now.get(w.id) === w.version);
            }
          }
        }
        for (let i = 0; i < inserts.length; i += 1000) {
          const chunk = inserts.slice(i, i + 1000);
          const refused = await this.insertMany(chunk);
          for (const d of chunk) written.set(d._id, !refused.has(d._id));
        }
        return writes.map((w) => written.get(w.id) ?? false);
      },
    );
  }

  async put(id: string, doc: T): Promise<void> {
    await this.ready;
    const stored = jsonCopy(doc);
    const update = async (): Promise<boolean> =>
      (await this.model.updateOne({ _id: id }, { $set: { doc: stored } }).exec()).matchedCount === 1;
    await this.writes.run(id, async () => {
      if (await update()) return;
      if (await this.insert({ _id: id, version: 0, doc: stored })) return;
      if (!(await update())) throw new Error(`document ${id} could not be written (deleted concurrently?)`);
    });
  }

  async delete(id: string): Promise<boolean> {
    await this.ready;
    this.stored.delete(id);
    return this.writes.run(id, async () => (await this.model.deleteOne({ _id: id }).exec()).deletedCount === 1);
  }

  private rememberStored(id: string): void {
    this.stored.delete(id);
    this.stored.add(id);
    // Forget the oldest: a Set iterates in insertion order.
    for (const oldest of this.stored) {
      if (this.stored.size <= STORED_IDS_REMEMBERED) break;
      this.stored.delete(oldest);
    }
  }

  async find(query: FindQuery = {}): Promise<FindResult<T>> {
    checkFindQuery(query);
    await this.ready;
    const filter = toFilter(query.where);
    const total = await this.model.countDocuments(filter).exec();
    // MongoDB reads limit 0 as "no limit"; here it means an empty page (with the total).
    if (query.limit === 0) return { items: [], total };
    const sort: Record<string, 1 | -1> = {};
    for (const [path, dir] of Object.entries(query.sort ?? {})) sort[inDoc(path)] = dir;
    sort._id = 1;
    let cursor = this.model.find(filter).sort(sort);
    if (query.skip) cursor = cursor.skip(query.skip);
    if (query.limit !== undefined) cursor = cursor.limit(query.limit);
    const found = await cursor.lean<StoredDocument[]>().exec();
    return { items: found.map((d) => d.doc as T), total };
  }

  async count(where?: Where): Promise<number> {
    checkWhere(where);
    await this.ready;
    return this.model.countDocuments(toFilter(where)).exec();
  }

  /** Inserts what it can; returns the ids refused because they already exist. */
  private async insertMany(docs: readonly StoredDocument[]): Promise<Set<string>> {
    try {
      await this.model.collection.insertMany(docs as never[], { ordered: false });
      return new Set();
    } catch (err) {
      type WriteError = { index: number; code?: number };
      const raw = (err as { writeErrors?: WriteError | WriteError[] }).writeErrors;
      const writeErrors = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      if (!isDuplicateKeyError(err) || writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000)) {
        throw err;
      }
      return new Set(
        writeErrors.map((w) => {
          const doc = docs[w.index];
          if (!doc)
            throw new RangeError(`the store reported a duplicate at index ${w.index} of ${docs.length} documents`);
          return doc._id;
        }),
      );
    }
  }

  /** False when a document with this id already exists. */
  private async insert(doc: StoredDocument): Promise<boolean> {
    try {
      await this.model.collection.insertOne(doc as never);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }
}

export class MongoDocumentCollections implements DocumentCollections {
  private readonly byName = new Map<string, MongoDocumentCollection<object>>();

  constructor(private readonly connection: Connection) {}

  collection<T extends object>(name: string, options?: CollectionOptions): DocumentCollection<T> {
    let c = this.byName.get(name);
    if (!c) {
      c = new MongoDocumentCollection<object>(this.connection, name, options);
      this.byName.set(name, c);
    }
    return c as unknown as DocumentCollection<T>;
  }
}
