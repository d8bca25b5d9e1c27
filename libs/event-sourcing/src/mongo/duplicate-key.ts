// How a unique-index violation is recognised on every store the product runs on.
// MongoDB answers code 11000 (E11000). FerretDB 1.24 answers 11000 for inserts too, but a duplicate
// produced by an upsert may come back as a generic error (DESIGN §5): writes are designed so that
// only inserts rely on this check.

const DUPLICATE_KEY = 11000;

interface MaybeMongoError {
  code?: unknown;
  message?: unknown;
  writeErrors?: Array<{ code?: unknown; err?: { code?: unknown } }>;
  cause?: unknown;
}

export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as MaybeMongoError;
  if (e.code === DUPLICATE_KEY) return true;
  if (e.writeErrors?.some((w) => w.code === DUPLICATE_KEY || w.err?.code === DUPLICATE_KEY)) return true;
  if (typeof e.message === 'string' && /E11000 duplicate key/.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err && isDuplicateKeyError(e.cause);
}
