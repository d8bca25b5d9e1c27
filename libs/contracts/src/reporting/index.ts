// The public event contracts of the `reporting` service (topic `reporting.events`).
import { type EventContract } from '../registry.js';

export const reportingContracts: readonly EventContract[] = [];
