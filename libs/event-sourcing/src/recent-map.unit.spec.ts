import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentMap } from './recent-map.js';

describe('RecentMap', () => {
  it('keeps the keys set most recently, forgetting the oldest beyond its capacity', () => {
    const m = new RecentMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 3); // a is now the most recent
    m.set('c', 4); // b, set longest ago, goes
    assert.deepEqual([m.get('a'), m.get('b'), m.get('c'), m.size], [3, undefined, 4, 2]);
  });

  it('answers whether it has a key, and forgets one deleted', () => {
    const m = new RecentMap<string, true>(3);
    m.set('a', true);
    m.set('b', true);
    m.delete('a');
    m.delete('z'); // not there: nothing happens
    assert.deepEqual([m.has('a'), m.has('b'), m.size], [false, true, 1]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new RecentMap(0), /capacity must be an integer ≥ 1/);
    assert.throws(() => new RecentMap(1.5), /capacity must be an integer ≥ 1/);
  });
});
