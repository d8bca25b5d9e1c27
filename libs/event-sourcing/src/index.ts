// #event-sourcing — the kernel's pure core: deciders, domain errors, the command handler, the store
// ports (event store, lease, commit feed), stream ids and the in-memory store. Nothing here imports
// mongoose, kafkajs, NestJS or #messaging, directly or through another file, so a domain file that
// imports DomainError loads none of them (ADR 0011; checked by .dependency-cruiser.cjs and by
// tests/architecture/core-entry-loads.unit.spec.ts). The adapters live behind their own entries:
// #event-sourcing/read-model, #event-sourcing/mongo, #event-sourcing/outbox, #event-sourcing/nest.
export * from './decider.js';
export * from './domain-error.js';
export * from './event-store.js';
export * from './command-handler.js';
export * from './stream-ids.js';
export * from './text-keys.js';
export * from './json.js';
export * from './keyed-mutex.js';
export * from './once-unless-failed.js';
export * from './recent-map.js';
export * from './append-rules.js';
export * from './in-memory-event-store.js';
export * from './lease.js';
