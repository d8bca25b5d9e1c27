export * from './infra.js';
export * from './probe.js';
