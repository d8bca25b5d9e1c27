// DocumentCollection on MongoDB (and FerretDB): one document {_id, version, doc} per id. Writes never
// use upserts — FerretDB may answer a duplicate on an upsert with a generic error (DESIGN §5) — but a
// read by `_id`, then an update or an insert whose duplicate-key error means "someone else wrote
// first", then the read and update once more. FerretDB does not apply an update atomically with its
// filter, so writes to one id are also serialised within the process (see KeyedMutex). Per-event
// reads and writes filter on `_id` alone: FerretDB 1.24 scans in Go for any other filter (ADR 0006).
import { Schema, type Connection, type Model } from 'mongoose';
import { jsonCopy } from '../json.js';
import { KeyedMutex } from '../keyed-mutex.js';
import { RecentMap } from '../recent-map.js';
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
  type Scalar,
  type Versioned,
  type Where,
} from '../read-model/document-collection.js';

/** How many stored ids a collection remembers (see `stored`). */
const STORED_IDS_REMEMBERED = 50_000;

interface StoredDocument {
  _id: string;
  version: number;
  doc: unknown;
  /** Top-level copies of the indexed fields, `ix:<path>` (see `IndexedFields`). */
  [indexKey: `ix:${string}`]: unknown;
}

const storedSchema = (): Schema<StoredDocument> =>
  new Schema<StoredDocument>(
    { _id: { type: String, required: true }, version: { type: Number, required: true }, doc: Schema.Types.Mixed },
    { versionKey: false, minimize: false, autoIndex: false, autoCreate: false, strict: true },
  );

const inDoc = (path: string): string => `doc.${path}`;

/**
 * The indexed fields of a collection, each also stored at the top level of its document under
 * `ix:<path>` (the same value; dots as colons), where the indexes are made and the queries on them go. Why: FerretDB
 * hands a filter to PostgreSQL only when it is an equality on a top-level field; on `doc.<path>` it
 * reads the whole collection and filters in Go, so every list and every lookup by case cost more as
 * the collection grew (issue 15; ADR 0012's GIN twins index top-level fields). On MongoDB the copy is
 * an ordinary indexed field. The copies are written with every write and removed when the field is.
 */
class IndexedFields {
  constructor(readonly paths: readonly string[]) {}

  /** `ix:` and the path with its dots as colons (a stored field name may not hold a dot; a path has no colon). */
  static keyOf = (path: string): `ix:${string}` => `ix:${path.replaceAll('.', ':')}`;

  /** `{ 'ix:<path>': value }` for the indexed fields `doc` has. */
  copiesOf(doc: unknown): Record<string, unknown> {
    const copies: Record<string, unknown> = {};
    for (const path of this.paths) {
      const value = valueAt(doc, path);
      if (value !== undefined) copies[IndexedFields.keyOf(path)] = value;
    }
    return copies;
  }

  /** The update that stores `doc` (and `version`, when given) with its copies, removing stale ones. */
  updateOf(doc: unknown, version?: number): { $set: Record<string, unknown>; $unset?: Record<string, ''> } {
    const copies = this.copiesOf(doc);
    const stale = this.paths.map(IndexedFields.keyOf).filter((key) => !(key in copies));
    return {
      $set: { ...(version !== undefined ? { version } : {}), doc, ...copies },
      ...(stale.length > 0 ? { $unset: Object.fromEntries(stale.map((key) => [key, ''] as const)) } : {}),
    };
  }

  /** A stored document: id, version, the document and its copies. */
  stored(_id: string, version: number, doc: unknown): StoredDocument {
    return { _id, version, doc, ...this.copiesOf(doc) };
  }

  /** The store's filter for a query: an indexed field through its copy, any other inside `doc`. */
  filterOf(where: Where | undefined): Record<string, unknown> {
    const filter: Record<string, unknown> = {};
    for (const [path, condition] of Object.entries(where ?? {})) {
      filter[this.paths.includes(path) ? IndexedFields.keyOf(path) : inDoc(path)] = asEquality(condition);
    }
    return filter;
  }
}

/**
 * `{ $in: [v] }` as the equality `v` (the same documents match, arrays and null included). FerretDB
 * 1.24 hands only an equality to PostgreSQL: an `$in` is read in full and filtered in Go, however few
 * values it has. A roll-up of an agency without subordinates is such a one-value `$in` (measured on
 * 15,000 views, a count by one agency and `open`: 637 ms as `$in`, 83 ms as an equality).
 */
function asEquality(condition: Where[string]): Where[string] {
  if (condition === null || typeof condition !== 'object') return condition;
  const only = Object.keys(condition).length === 1 ? condition.$in : undefined;
  return only?.length === 1 ? (only[0] as Scalar) : condition;
}

/** The value at a dotted path of a JSON document (undefined when a step is missing). */
function valueAt(doc: unknown, path: string): unknown {
  let at: unknown = doc;
  for (const step of path.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}

export class MongoDocumentCollection<T extends object> implements DocumentCollection<T> {
  private readonly model: Model<StoredDocument>;
  /** Makes the collection's indexes, once; a failure (the store away) is not remembered. */
  private readonly makeIndexes: () => Promise<void>;
  private readonly writes = new KeyedMutex();
  private readonly indexed: IndexedFields;
  /** Ids this process has seen stored, most recent last (a hint: a wrong entry only costs a read). */
  private readonly stored = new RecentMap<string, true>(STORED_IDS_REMEMBERED);

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
    this.indexed = new IndexedFields([...new Set(indexes.flat())]);
    this.makeIndexes = onceUnlessFailed(() => this.prepareIndexes(indexes));
    // Started now; a failure is surfaced by the first operation, never an unhandled rejection.
    this.ready.catch(() => {});
  }

  private get ready(): Promise<void> {
    return this.makeIndexes();
  }

  /**
   * Makes the indexes on the top-level copies. A collection written before the copies existed
   * (its indexes were on `doc.<path>`) gets its copies first, in one pass, then the new indexes, and
   * loses the old ones: an index on the copies means every document has them.
   */
  private async prepareIndexes(indexes: readonly (readonly string[])[]): Promise<void> {
    const collection = this.model.collection;
    const keyOf = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [IndexedFields.keyOf(f), 1]));
    const existing: Array<{ name: string; key: Record<string, unknown> }> = await collection
      .listIndexes()
      .toArray()
      .catch(() => []); // no collection yet
    const names = new Set(existing.map((i) => i.name));
    const missing = indexes.filter((fields) => !names.has(indexName(keyOf(fields))));
    const old = existing.filter((i) => Object.keys(i.key).some((k) => k.startsWith('doc.')));
    if (missing.length > 0 && old.length > 0) await this.addCopies();
    await Promise.all(indexes.map((fields) => collection.createIndex(keyOf(fields))));
    await Promise.all(old.map((i) => collection.dropIndex(i.name).catch(() => undefined)));
  }

  /** Writes the top-level copies into every stored document (once, for data written before them). */
  private async addCopies(): Promise<void> {
    const cursor = this.model.collection.find({}, { projection: { doc: 1 } });
    for await (const d of cursor as AsyncIterable<{ _id: string; doc: unknown }>) {
      // Written before the copies existed: it has none, so there is nothing stale to remove.
      const copies = this.indexed.copiesOf(d.doc);
      if (Object.keys(copies).length > 0) {
        await this.model.collection.updateOne({ _id: d._id } as never, { $set: copies } as never);
      }
    }
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
        await this.model.collection.updateOne(
          (kind === 'ferretdb' ? { _id: id } : { _id: id, version: { $lt: version } }) as never,
          this.indexed.updateOf(stored, version) as never,
        )
      ).matchedCount === 1;
    return this.writes.run(id, async () => {
      // An id this process has not seen stored is most often new (a case's first view, a fact's
      // first event): insert it straight away — about 1 ms on FerretDB, where a read that misses
      // scans the whole collection (ADR 0006). A duplicate means it is there after all: read.
      if (!this.stored.has(id) && (await this.insert(this.indexed.stored(id, version, stored)))) {
        this.rememberStored(id);
        return true;
      }
      const current = await versionOf();
      if (current !== undefined) {
        this.rememberStored(id);
        return current < version && update();
      }
      if (await this.insert(this.indexed.stored(id, version, stored))) return true;
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
          inserts.push(this.indexed.stored(w.id, w.version, jsonCopy(w.doc)));
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
            if (current === undefined) inserts.push(this.indexed.stored(w.id, w.version, jsonCopy(w.doc)));
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
                  update: this.indexed.updateOf(jsonCopy(w.doc), w.version) as never,
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
      (await this.model.collection.updateOne({ _id: id } as never, this.indexed.updateOf(stored) as never))
        .matchedCount === 1;
    await this.writes.run(id, async () => {
      if (await update()) return;
      if (await this.insert(this.indexed.stored(id, 0, stored))) return;
      if (!(await update())) throw new Error(`document ${id} could not be written (deleted concurrently?)`);
    });
  }

  async insertIfAbsent(id: string, doc: T): Promise<boolean> {
    await this.ready;
    const stored = jsonCopy(doc);
    return this.writes.run(id, async () => {
      const written = await this.insert(this.indexed.stored(id, 0, stored));
      this.rememberStored(id);
      return written;
    });
  }

  async delete(id: string): Promise<boolean> {
    await this.ready;
    this.stored.delete(id);
    return this.writes.run(id, async () => (await this.model.deleteOne({ _id: id }).exec()).deletedCount === 1);
  }

  private rememberStored(id: string): void {
    this.stored.set(id, true);
  }

  async find(query: FindQuery = {}): Promise<FindResult<T>> {
    checkFindQuery(query);
    await this.ready;
    const filter = this.indexed.filterOf(query.where);
    const counted = query.count === false ? undefined : await this.model.collection.countDocuments(filter);
    // MongoDB reads limit 0 as "no limit"; here it means an empty page (with the total).
    if (query.limit === 0) return { items: [], total: counted ?? 0 };
    const sort: Record<string, 1 | -1> = {};
    for (const [path, dir] of Object.entries(query.sort ?? {})) sort[inDoc(path)] = dir;
    sort._id = 1;
    const found = (await this.model.collection
      .find(filter, {
        sort,
        projection: { doc: 1 },
        ...(query.skip ? { skip: query.skip } : {}),
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
      })
      .toArray()) as unknown as Array<{ doc: unknown }>;
    return { items: found.map((d) => d.doc as T), total: counted ?? found.length };
  }

  async count(where?: Where): Promise<number> {
    checkWhere(where);
    await this.ready;
    return this.model.collection.countDocuments(this.indexed.filterOf(where));
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

/** The name MongoDB (and FerretDB) give an index by default: `<field>_1_<field>_1`. */
const indexName = (key: Record<string, unknown>): string =>
  Object.entries(key)
    .map(([field, dir]) => `${field}_${String(dir)}`)
    .join('_');

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
