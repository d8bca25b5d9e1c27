// Case ids. A create command that carries an Idempotency-Key gets a stream id derived from the key
// (UUID v5 in the product's namespace), so a retried create collides with the first on the unique
// (stream id, first version) index and returns the first result instead of opening a second case.
//
// The key is the caller's, and callers of different agencies choose keys independently: the id is
// derived from (service handling the request, agency the command acts for, key), so the county's
// key `2019-001` and the city's `2019-001` are two cases. Ids derived before issue 13 came from
// (service, key) alone; a retry of such a create, in the agency that made it, still finds it
// (`createStreamId`).
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { type ServiceName } from '#contracts';
import { type EventStore } from './event-store.js';

// Fixed namespace for this product's derived ids; never change it (ids would change).
const NAMESPACE = '5b920e60-6f97-4b2b-9c6f-0d2a7e3c1a90';

/**
 * The id a create with `idempotencyKey` gets in `agencyId`; a fresh UUID v7 without a key. `|`
 * cannot occur in a key or an agency id, so no (agency, key) pair names what another pair, or a
 * legacy (service, key) id, names.
 */
export function streamIdForCreate(service: ServiceName, agencyId: string, idempotencyKey: string | undefined): string {
  return idempotencyKey ? uuidv5(`${service}|${agencyId}|${idempotencyKey}`, NAMESPACE) : uuidv7();
}

/** The id a keyed create got before ids were scoped to the agency: (service, key) alone. */
export function legacyStreamIdForCreate(service: ServiceName, idempotencyKey: string): string {
  return uuidv5(`${service}:${idempotencyKey}`, NAMESPACE);
}

/**
 * The id of the case a keyed create opens — or opened, when it is a retry: the legacy id when a
 * case was created there under this key for this very agency (before ids were scoped), else the
 * scoped id. The legacy id costs one more lookup per keyed create, and only in a store that held
 * commits before ids were scoped (`mayHoldUnscopedCreateIds`).
 */
export async function createStreamId(
  store: Pick<EventStore, 'findByIdempotencyKey' | 'mayHoldUnscopedCreateIds'>,
  service: ServiceName,
  agencyId: string,
  idempotencyKey: string | undefined,
): Promise<string> {
  if (!idempotencyKey) return streamIdForCreate(service, agencyId, undefined);
  if (!store.mayHoldUnscopedCreateIds) return streamIdForCreate(service, agencyId, idempotencyKey);
  const legacy = legacyStreamIdForCreate(service, idempotencyKey);
  const earlier = await store.findByIdempotencyKey(legacy, idempotencyKey);
  if (earlier !== undefined && earlier.events[0]?.agencyId === agencyId) return legacy;
  return streamIdForCreate(service, agencyId, idempotencyKey);
}

export const newEventId = (): string => uuidv7();
