// #event-sourcing/mongo — the MongoDB (and FerretDB) implementations of the core's ports: the event
// store with its outbox markers, the relay's lease and document collections.
export * from './duplicate-key.js';
export * from './mongo-event-store.js';
export * from './mongo-lease-store.js';
export * from './mongo-document-collection.js';
