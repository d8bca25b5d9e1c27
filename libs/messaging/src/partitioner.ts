// Which partition a key lands on. The same function as Kafka's Java client and kafkajs'
// DefaultPartitioner (murmur2 of the UTF-8 key, sign bit cleared, modulo the partition count), so
// a stream keeps the same partition in the embedded mode as on a real broker.

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

export function murmur2(key: string): number {
  const data = Buffer.from(key, 'utf8');
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const length4 = Math.floor(length / 4);
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    // Four bytes little-endian as a signed 32-bit int: the same as b0 | b1 << 8 | b2 << 16 | b3 << 24.
    let k = data.readInt32LE(i4);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= data.readUInt8(tail + 2) << 16;
  if (rest >= 2) h ^= data.readUInt8(tail + 1) << 8;
  if (rest >= 1) {
    h ^= data.readUInt8(tail);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

export function partitionForKey(key: string, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}
