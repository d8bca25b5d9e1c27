export * from './decider.js';
export * from './domain-error.js';
export * from './event-store.js';
export * from './command-handler.js';
export * from './stream-ids.js';
export * from './mongo/duplicate-key.js';
