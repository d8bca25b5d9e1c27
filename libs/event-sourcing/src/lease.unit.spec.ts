import { describe } from 'node:test';
import { InMemoryLeaseStore } from './lease.js';
import { leaseStoreContract } from './lease-store.contract.js';

describe('InMemoryLeaseStore (contract suite)', () => {
  leaseStoreContract(async () => new InMemoryLeaseStore());
});
