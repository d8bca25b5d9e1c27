// The query semantics of the in-memory collections, written to agree with MongoDB's for the
// supported subset: equality with an array field matches an element, null matches an absent field,
// range operators compare only values of the same type (numbers with numbers, strings with strings,
// strings by code point), and sorting orders types as MongoDB does (absent/null < numbers < strings
// < objects < arrays < booleans).
import { type FieldCondition, type Scalar, type SortOrder, type Where } from './document-collection.js';

export function valueAt(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

const equals = (value: unknown, target: Scalar): boolean => {
  if (target === null) return value === null || value === undefined;
  if (Array.isArray(value)) return value.some((v) => v === target);
  return value === target;
};

const compareCodePoints = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Negative, zero or positive when both are numbers or both strings; undefined otherwise. */
const compareSameType = (a: unknown, b: string | number): number | undefined => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return undefined;
};

const inRange = (value: unknown, op: '$gt' | '$gte' | '$lt' | '$lte', operand: string | number): boolean => {
  if (Array.isArray(value)) return value.some((v) => inRange(v, op, operand));
  const c = compareSameType(value, operand);
  if (c === undefined) return false;
  switch (op) {
    case '$gt':
      return c > 0;
    case '$gte':
      return c >= 0;
    case '$lt':
      return c < 0;
    case '$lte':
      return c <= 0;
  }
};

const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'] as const;

function satisfies(value: unknown, condition: Scalar | FieldCondition): boolean {
  if (condition === null || typeof condition !== 'object') return equals(value, condition);
  if (condition.$exists !== undefined && (value !== undefined) !== condition.$exists) return false;
  if (condition.$in !== undefined && !condition.$in.some((t) => equals(value, t))) return false;
  for (const op of RANGE_OPS) {
    const operand = condition[op];
    if (operand !== undefined && !inRange(value, op, operand)) return false;
  }
  return true;
}

export function matches(doc: unknown, where: Where | undefined): boolean {
  if (!where) return true;
  return Object.entries(where).every(([path, condition]) => satisfies(valueAt(doc, path), condition));
}

const typeRank = (v: unknown): number => {
  if (v === undefined || v === null) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 5;
  if (typeof v === 'object') return 4;
  if (typeof v === 'boolean') return 8;
  return 9;
};

export function compareForSort(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}

export function sortBy<T>(
  entries: Array<{ id: string; doc: T }>,
  sort: Readonly<Record<string, SortOrder>> | undefined,
): Array<{ id: string; doc: T }> {
  const keys = Object.entries(sort ?? {});
  return [...entries].sort((x, y) => {
    for (const [path, dir] of keys) {
      const c = compareForSort(valueAt(x.doc, path), valueAt(y.doc, path));
      if (c !== 0) return c * dir;
    }
    return compareCodePoints(x.id, y.id);
  });
}
