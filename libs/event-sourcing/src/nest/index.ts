// #event-sourcing/nest — the kernel wired into NestJS: EventSourcingModule.forService (real or
// embedded runtime), the injection tokens, CommandRunner, EventSubscriptions, the kernel's metrics and
// observeEventSourcing.
export * from './tokens.js';
export * from './embedded.js';
export * from './mongo-uri.js';
export * from './command-runner.js';
export * from './event-subscriptions.js';
export * from './event-sourcing.module.js';
export * from './kernel-metrics.js';
export * from './observe-event-sourcing.js';
export * from './agency-registry-follower.js';
export * from './stream-views.provider.js';
