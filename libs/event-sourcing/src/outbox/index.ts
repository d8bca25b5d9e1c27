// #event-sourcing/outbox — the outbox relay: publishes each commit of an EventStore to the service's
// topic through a #messaging transport (Kafka or in-memory), then marks it published.
export * from './outbox-relay.js';
