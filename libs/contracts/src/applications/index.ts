// The public event contracts of the `applications` service (topic `applications.events`).
import { type EventContract } from '../registry.js';

export const applicationsContracts: readonly EventContract[] = [];
