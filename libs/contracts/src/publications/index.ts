// The public event contracts of the `publications` service (topic `publications.events`).
import { type EventContract } from '../registry.js';

export const publicationsContracts: readonly EventContract[] = [];
