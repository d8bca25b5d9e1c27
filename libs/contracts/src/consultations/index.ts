// The public event contracts of the `consultations` service (topic `consultations.events`).
import { type EventContract } from '../registry.js';

export const consultationsContracts: readonly EventContract[] = [];
