// The bench's stand-in for a read model: one document per case (stream), holding the last version
// seen and the facts its events carried. Used by the store baselines (the upserts' key distribution)
// and by the reference rebuilds, so every store measurement writes the same shape. It is not the
// product's projection (apps/reporting); it has the same access pattern: one upsert per case,
// guarded by version so a replayed or duplicated event cannot move a case backwards.
import { createHash } from 'node:crypto';
import { type EventEnvelope, serviceOf } from '#contracts';
import { type PayloadGenerator } from './payload.js';

/**
 * Most update statements one request may carry. FerretDB 1.24 on SQLite keeps each statement's query
 * open until the whole `update` command ends (handler/msg_update.go defers the iterator's close inside
 * the loop) and its per-database SQLite pool holds 100 connections: a bulkWrite of more than ~100
 * updates wedges that database, and then FerretDB as a whole (ping, listDatabases). MongoDB has no
 * such limit; the bench stays well under it everywhere.
 */
export const UPDATES_PER_REQUEST = 50;

export type Patch = Record<string, string | number | boolean>;
export type CaseDoc = Record<string, unknown> & { _id: string };

/** What one event sets on its case's document (a flat `$set`: no dotted paths, no arrays). */
export function factPatch(e: EventEnvelope): Patch {
  const patch: Patch = { version: e.streamVersion, lastType: e.type, lastOn: e.occurredAt.slice(0, 10) };
  if (e.streamVersion === 1) {
    patch.service = serviceOf(e.type);
    patch.agencyId = e.agencyId;
    patch.openedOn = e.occurredAt.slice(0, 10);
  }
  for (const [k, v] of Object.entries(e.data as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') patch[k] = v;
    else if (Array.isArray(v)) patch[`${k}Count`] = v.length;
    else if (v && typeof v === 'object') {
      for (const [sk, sv] of Object.entries(v as Record<string, unknown>)) {
        if (typeof sv === 'string' || typeof sv === 'number' || typeof sv === 'boolean') patch[`${k}_${sk}`] = sv;
      }
    }
  }
  return patch;
}

/**
 * Folds the first `count` events of the generator in memory: the read model a rebuild must produce
 * (only the cases `keep` accepts are kept; `cases` counts them all).
 */
export function expectedReadModel(
  payload: PayloadGenerator,
  count: number,
  keep: (streamId: string) => boolean = () => true,
): { readonly docs: Map<string, CaseDoc>; readonly cases: number } {
  const docs = new Map<string, CaseDoc>();
  let cases = 0;
  for (const { envelope } of payload.events(count)) {
    if (envelope.streamVersion === 1) cases++;
    if (!keep(envelope.streamId)) continue;
    const doc = docs.get(envelope.streamId) ?? { _id: envelope.streamId };
    docs.set(envelope.streamId, Object.assign(doc, factPatch(envelope)));
  }
  return { docs, cases };
}

/** A sample of streams picked by their id alone, the same on both sides of a comparison. */
export const sampledStream =
  (oneIn: number) =>
  (streamId: string): boolean =>
    createHash('sha1').update(streamId).digest().readUInt32BE(0) % oneIn === 0;

const canonical = (value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.keys(value as Record<string, unknown>)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      )
    : value;

/** Order-independent content hash of case documents (sorted by id, keys sorted). */
export function contentHash(docs: Iterable<CaseDoc>): string {
  const sorted = [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  const h = createHash('sha256');
  for (const d of sorted) h.update(JSON.stringify(canonical(d))).update('\n');
  return `sha256:${h.digest('hex')}`;
}
