// The public event contracts of the `appeals` service (topic `appeals.events`).
import { type EventContract } from '../registry.js';

export const appealsContracts: readonly EventContract[] = [];
