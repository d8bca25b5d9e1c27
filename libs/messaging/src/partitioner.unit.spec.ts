import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Partitioners } from 'kafkajs';
import { partitionForKey } from './partitioner.js';

describe('partitionForKey', () => {
  // The in-memory transport must place a key where the Kafka producer (kafkajs DefaultPartitioner,
  // the Java client's murmur2) places it; compared on keys of every length remainder and non-ASCII.
  const kafkajs = Partitioners.DefaultPartitioner();
  const keys = [
    '',
    'a',
    'ab',
    'abc',
    'abcd',
    'applications:DisclosureRequest:0190a3c2-7d1e-7c8e-9f00-000000000001',
    '国土资源局-依申请公开-2024-0001',
    'ü€𝄞',
    ...Array.from({ length: 500 }, (_, i) => `stream-${i}-${'x'.repeat(i % 7)}`),
  ];

  for (const partitions of [1, 3, 6, 12, 50]) {
    it(`agrees with kafkajs' DefaultPartitioner for ${partitions} partition(s)`, () => {
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionId,
        leader: 1,
        partitionErrorCode: 0,
        replicas: [1],
        isr: [1],
      }));
      for (const key of keys) {
        const expected = kafkajs({ topic: 't', partitionMetadata, message: { key, value: null } });
        assert.equal(partitionForKey(key, partitions), expected, `key ${JSON.stringify(key)}`);
      }
    });
  }

  it('spreads stream ids over the partitions', () => {
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[partitionForKey(`case-${i}`, 6)]! += 1;
    assert.ok(Math.min(...counts) > 800, `roughly even: ${counts.join(', ')}`);
  });
});
