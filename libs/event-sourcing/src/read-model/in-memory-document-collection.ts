// The in-memory twin of MongoDocumentCollection, for the embedded mode and unit tests: the same
// contract suite runs against both.
import { jsonCopy } from '../json.js';
import {
  checkCollectionName,
  checkDistinct,
  checkFindQuery,
  checkVersion,
  checkWhere,
  type DocumentCollection,
  type DocumentCollections,
  type FindQuery,
  type FindResult,
  type NewerWrite,
  type Versioned,
  type Where,
} from './document-collection.js';
import { matches, sortBy } from './query-semantics.js';

interface Entry {
  version: number;
  doc: unknown;
}

export class InMemoryDocumentCollection<T extends object> implements DocumentCollection<T> {
  private readonly entries = new Map<string, Entry>();

  async get(id: string): Promise<T | undefined> {
    return (await this.getVersioned(id))?.doc;
  }

  async getVersioned(id: string): Promise<Versioned<T> | undefined> {
    const entry = this.entries.get(id);
    return entry ? { id, version: entry.version, doc: jsonCopy(entry.doc) as T } : undefined;
  }

  async upsertIfNewer(id: string, version: number, doc: T): Promise<boolean> {
    checkVersion(version);
    const stored = this.entries.get(id);
    if (stored && stored.version >= version) return false;
    this.entries.set(id, { version, doc: jsonCopy(doc) });
    return true;
  }

  async upsertManyIfNewer(writes: readonly NewerWrite<T>[]): Promise<boolean[]> {
    checkDistinct(writes);
    const out: boolean[] = [];
    for (const w of writes) {
      if (w.fresh && this.entries.has(w.id)) out.push(false);
      else out.push(await this.upsertIfNewer(w.id, w.version, w.doc));
    }
    return out;
  }

  async put(id: string, doc: T): Promise<void> {
    this.entries.set(id, { version: this.entries.get(id)?.version ?? 0, doc: jsonCopy(doc) });
  }

  async insertIfAbsent(id: string, doc: T): Promise<boolean> {
    if (this.entries.has(id)) return false;
    this.entries.set(id, { version: 0, doc: jsonCopy(doc) });
    return true;
  }

  async delete(id: string): Promise<boolean> {
    return this.entries.delete(id);
  }

  async find(query: FindQuery = {}): Promise<FindResult<T>> {
    checkFindQuery(query);
    const matching = [...this.entries]
      .filter(([, e]) => matches(e.doc, query.where))
      .map(([id, e]) => ({ id, doc: e.doc }));
    const skip = query.skip ?? 0;
    const sorted = sortBy(matching, query.sort);
    const page = sorted.slice(skip, query.limit === undefined ? undefined : skip + query.limit);
    return {
      items: page.map((e) => jsonCopy(e.doc) as T),
      total: query.count === false ? page.length : matching.length,
    };
  }

  async count(where?: Where): Promise<number> {
    checkWhere(where);
    let n = 0;
    for (const e of this.entries.values()) if (matches(e.doc, where)) n++;
    return n;
  }
}

export class InMemoryDocumentCollections implements DocumentCollections {
  private readonly byName = new Map<string, InMemoryDocumentCollection<object>>();

  collection<T extends object>(name: string): DocumentCollection<T> {
    checkCollectionName(name);
    let c = this.byName.get(name);
    if (!c) {
      c = new InMemoryDocumentCollection<object>();
      this.byName.set(name, c);
    }
    return c as unknown as DocumentCollection<T>;
  }
}
