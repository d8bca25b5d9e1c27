import { describe } from 'node:test';
import { eventStoreContract } from './event-store.contract.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

describe('InMemoryEventStore (contract suite)', () => {
  eventStoreContract(async (clock) => new InMemoryEventStore({ now: clock.now }));
});
