export * from './infra.js';
export * from './probe.js';
export * from './given-when-then.js';
export * from './json-schema.js';
export * from './published-contracts.js';
export * from './service-processes.js';
export * from './service-under-test.js';
export * from './http-client.js';
