// A small repository for read models and service-private data (e.g. the personal data behind an
// `applicantRef`, which must stay out of events and be erasable). One document per id, JSON-shaped.
//
// `upsertIfNewer` is the version guard projections need: a document built from a case's events up
// to version n replaces the stored one only if that was built from fewer events, so duplicates and
// late redeliveries cannot change a figure.

export type Scalar = string | number | boolean | null;

export interface FieldCondition {
  readonly $in?: readonly Scalar[];
  readonly $gt?: string | number;
  readonly $gte?: string | number;
  readonly $lt?: string | number;
  readonly $lte?: string | number;
  /** true: the field is present (even null); false: it is absent. */
  readonly $exists?: boolean;
}

/**
 * Field path (dots for nested fields) → a value to equal, or conditions that must all hold.
 * Equality with an array field matches when the array contains the value; `null` also matches an
 * absent field — as MongoDB does.
 */
export type Where = Readonly<Record<string, Scalar | FieldCondition>>;

export type SortOrder = 1 | -1;

export interface FindQuery {
  readonly where?: Where;
  /** Field path → direction, in priority order. Ties are broken by id, so pages are stable. */
  readonly sort?: Readonly<Record<string, SortOrder>>;
  readonly skip?: number;
  readonly limit?: number;
  /**
   * `false`: the matching documents are not counted — a round trip less on the Mongo store, for a
   * reader that wants the items only; `total` is then the number of items returned.
   */
  readonly count?: false;
}

export interface FindResult<T> {
  readonly items: T[];
  /** Every document matching `where`, regardless of skip and limit. */
  readonly total: number;
}

export interface Versioned<T> {
  readonly id: string;
  /** The stream version the document was built from; 0 when written with `put`. */
  readonly version: number;
  readonly doc: T;
}

/** One write of `upsertManyIfNewer`. */
export interface NewerWrite<T> {
  readonly id: string;
  readonly version: number;
  readonly doc: T;
  /**
   * The writer has never seen this id stored: the document is inserted, and refused (never
   * overwritten) if the id exists after all. Otherwise the write is `upsertIfNewer`'s.
   */
  readonly fresh: boolean;
}

export interface DocumentCollection<T extends object> {
  get(id: string): Promise<T | undefined>;
  getVersioned(id: string): Promise<Versioned<T> | undefined>;
  /** Writes `doc` only if the stored version is lower than `version` (or there is none). True if written. */
  upsertIfNewer(id: string, version: number, doc: T): Promise<boolean>;
  /**
   * Many writes in few requests (inserts together, updates in bulk): for each, true if written.
   * Ids must be distinct.
   */
  upsertManyIfNewer(writes: readonly NewerWrite<T>[]): Promise<boolean[]>;
  /** Writes `doc` whatever is stored (the version is kept, 0 for a new document). */
  put(id: string, doc: T): Promise<void>;
  /**
   * Writes `doc` (at version 0) only if no document has this id; true if written. One insert, no
   * read: a duplicate-key refusal is the answer "it exists" (DESIGN §5: the command path inserts).
   */
  insertIfAbsent(id: string, doc: T): Promise<boolean>;
  /** True if there was a document to delete. */
  delete(id: string): Promise<boolean>;
  find(query?: FindQuery): Promise<FindResult<T>>;
  count(where?: Where): Promise<number>;
}

/** Gives a service its named collections (one MongoDB collection each, in the service's database). */
export interface DocumentCollections {
  collection<T extends object>(name: string, options?: CollectionOptions): DocumentCollection<T>;
}

export interface CollectionOptions {
  /** Field paths to index (ascending), one index per entry; an array is a compound index. */
  readonly indexes?: ReadonlyArray<string | readonly string[]>;
}

/** A query that is not one of the supported shapes; refused before it reaches a store. */
export class InvalidQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidQueryError';
  }
}

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const OPERATORS = new Set(['$in', '$gt', '$gte', '$lt', '$lte', '$exists']);

const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

export function checkFieldPath(path: string): void {
  if (!FIELD_PATH.test(path)) {
    throw new InvalidQueryError(path, 'a field path is letters, digits and _ separated by dots');
  }
}

export function checkCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) {
    throw new InvalidQueryError(name, 'a collection name is a letter then letters, digits, _ or -');
  }
}

/**
 * Refuses anything but the supported shapes, so a value taken from a request (e.g. an object with
 * `$where` or `$regex`, or a nested document) can never become a query operator.
 */
export function checkWhere(where: Where | undefined): void {
  if (where === undefined) return;
  if (!isPlainObject(where)) throw new InvalidQueryError('where', 'must be an object');
  for (const [field, value] of Object.entries(where)) {
    checkFieldPath(field);
    if (isScalar(value)) continue;
    if (!isPlainObject(value))
      throw new InvalidQueryError(field, 'must be a string, number, boolean, null or conditions');
    const ops = Object.keys(value);
    if (ops.length === 0) throw new InvalidQueryError(field, 'conditions must not be empty');
    for (const op of ops) {
      if (!OPERATORS.has(op)) throw new InvalidQueryError(field, `unsupported operator ${op}`);
      const operand = value[op];
      if (op === '$in') {
        if (!Array.isArray(operand) || !operand.every(isScalar)) {
          throw new InvalidQueryError(field, '$in takes an array of strings, numbers, booleans or null');
        }
      } else if (op === '$exists') {
        if (typeof operand !== 'boolean') throw new InvalidQueryError(field, '$exists takes true or false');
      } else if (!(typeof operand === 'string' || (typeof operand === 'number' && Number.isFinite(operand)))) {
        throw new InvalidQueryError(field, `${op} takes a string or a number`);
      }
    }
  }
}

export function checkFindQuery(query: FindQuery): void {
  checkWhere(query.where);
  for (const [field, dir] of Object.entries(query.sort ?? {})) {
    checkFieldPath(field);
    if (dir !== 1 && dir !== -1) throw new InvalidQueryError(field, 'sort direction is 1 or -1');
  }
  for (const key of ['skip', 'limit'] as const) {
    const n = query[key];
    if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
      throw new InvalidQueryError(key, 'must be a non-negative integer');
    }
  }
}

export function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 0) {
    throw new InvalidQueryError('version', 'must be a non-negative integer');
  }
}

export function checkDistinct(writes: readonly { id: string; version: number }[]): void {
  const seen = new Set<string>();
  for (const w of writes) {
    checkVersion(w.version);
    if (seen.has(w.id)) throw new InvalidQueryError('id', `${w.id} appears twice in one bulk write`);
    seen.add(w.id);
  }
}
