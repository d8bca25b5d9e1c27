// Case ids. A create command that carries an Idempotency-Key gets a stream id derived from the key
// (UUID v5 in the service's namespace), so a retried create collides with the first on the unique
// (stream id, first version) index and returns the first result instead of opening a second case.
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { type ServiceName } from '#contracts';

// Fixed namespace for this product's derived ids; never change it (ids would change).
const NAMESPACE = '5b920e60-6f97-4b2b-9c6f-0d2a7e3c1a90';

export function streamIdForCreate(service: ServiceName, idempotencyKey: string | undefined): string {
  return idempotencyKey ? uuidv5(`${service}:${idempotencyKey}`, NAMESPACE) : uuidv7();
}

export const newEventId = (): string => uuidv7();
