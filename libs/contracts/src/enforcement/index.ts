// The public event contracts of the `enforcement` service (topic `enforcement.events`).
import { type EventContract } from '../registry.js';

export const enforcementContracts: readonly EventContract[] = [];
