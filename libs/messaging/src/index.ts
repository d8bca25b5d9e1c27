export * from './transport.js';
export * from './partitioner.js';
export * from './delivery.js';
export * from './in-memory-transport.js';
export * from './kafka-transport.js';
export * from './dedup.js';
export * from './dead-letters.js';
export * from './retry-topics.js';
