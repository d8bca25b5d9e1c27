// The one contract suite for LeaseStore, run against the in-memory adapter (unit) and the MongoDB
// one on real FerretDB/MongoDB (integration).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LeaseStore } from './lease.js';

const at = (ms: number): Date => new Date(Date.UTC(2009, 2, 2) + ms);

export function leaseStoreContract(factory: () => Promise<LeaseStore>): void {
  describe('lease store', () => {
    it('grants a free lease, renews it for its holder and refuses others until it expires', async () => {
      const leases = await factory();
      assert.equal(await leases.holder('relay', at(0)), undefined);
      assert.equal(await leases.acquire('relay', 'a', 3000, at(0)), true);
      assert.equal(await leases.acquire('relay', 'b', 3000, at(1000)), false);
      assert.equal(await leases.acquire('relay', 'a', 3000, at(2000)), true, 'renewed');
      assert.equal(await leases.acquire('relay', 'b', 3000, at(4000)), false, 'the renewal moved the expiry to 5000');
      assert.equal(await leases.holder('relay', at(4999)), 'a');
      assert.equal(await leases.acquire('other-lease', 'b', 3000, at(4000)), true, 'leases are independent');
      assert.equal(await leases.acquire('relay', 'b', 3000, at(5000)), true, 'taken over once expired');
      assert.equal(await leases.holder('relay', at(5001)), 'b');
      assert.equal(await leases.acquire('relay', 'a', 3000, at(5001)), false, 'the old holder lost it');
    });

    it('hands the lease over at once when its holder releases it; others cannot release it', async () => {
      const leases = await factory();
      assert.equal(await leases.acquire('relay', 'a', 3000, at(0)), true);
      await leases.release('relay', 'b');
      assert.equal(await leases.holder('relay', at(1)), 'a');
      await leases.release('relay', 'a');
      assert.equal(await leases.holder('relay', at(2)), undefined);
      assert.equal(await leases.acquire('relay', 'b', 3000, at(3)), true);
    });

    it('gives an expired lease to exactly one of 20 concurrent contenders', async () => {
      const leases = await factory();
      assert.equal(await leases.acquire('relay', 'old', 1000, at(0)), true);
      const won = await Promise.all(
        Array.from({ length: 20 }, (_, i) => leases.acquire('relay', `standby-${i}`, 3000, at(2000))),
      );
      assert.equal(won.filter(Boolean).length, 1);
      assert.equal(await leases.holder('relay', at(2001)), `standby-${won.indexOf(true)}`);
    });
  });
}
