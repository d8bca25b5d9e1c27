// DocumentCollection on MongoDB (and FerretDB): one document {_id, version, doc} per id. Writes never
// use upserts — FerretDB may answer a duplicate on an upsert with a generic error (DESIGN §5) — but a
// read by `_id`, then an update or an insert whose duplicate-key error means "someone else wrote
// first", then the read and update once more. FerretDB does not apply an update atomically with its
// filter, so writes to one id are also serialised within the process (see KeyedMutex). Per-event
// reads and writes filter on `_id` alone: FerretDB 1.24 scans in Go for any other filter (ADR 0006).
import { Schema, type Connection, type Model } from 'mongoose';
import { jsonCopy } from '../json.js';
import { KeyedMutex } from '../keyed-mutex.js';
import { isDuplicateKeyError } from '../mongo/duplicate-key.js';
import { storeKind, type StoreKind } from '../mongo/store-kind.js';
import {
  checkCollectionName,
  checkFieldPath,
  checkFindQuery,
  checkVersion,
  checkWhere,
  type CollectionOptions,
  type DocumentCollection,
  type DocumentCollections,
  type FindQuery,
  type FindResult,
  type Versioned,
  type Where,
} from './document-collection.js';

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
  private readonly ready: Promise<void>;
  private readonly kind: Promise<StoreKind>;
  private readonly writes = new KeyedMutex();

  constructor(connection: Connection, name: string, options: CollectionOptions = {}) {
    checkCollectionName(name);
    const modelName = `documents:${name}`;
    this.model =
      (connection.models[modelName] as Model<StoredDocument> | undefined) ??
      connection.model<StoredDocument>(modelName, storedSchema(), name);
    const indexes = (options.indexes ?? []).map((spec) => (typeof spec === 'string' ? [spec] : [...spec]));
    indexes.flat().forEach(checkFieldPath);
    this.ready = Promise.all(
      indexes.map((fields) => this.model.collection.createIndex(Object.fromEntries(fields.map((f) => [inDoc(f), 1])))),
    ).then(() => undefined);
    this.kind = storeKind(connection);
    // Surfaced by the first operation; never an unhandled rejection.
    this.ready.catch(() => {});
    this.kind.catch(() => {});
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
      const current = await versionOf();
      if (current !== undefined) return current < version && update();
      if (await this.insert({ _id: id, version, doc: stored })) return true;
      // Another process inserted it between our read and insert: decide against what it wrote.
      const written = await versionOf();
      return written !== undefined && written < version && update();
    });
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
    return this.writes.run(id, async () => (await this.model.deleteOne({ _id: id }).exec()).deletedCount === 1);
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
