export * from './correlation.js';
export * from './redaction.js';
export * from './json-logger.js';
export * from './lag.js';
export * from './metrics.js';
export * from './probes.js';
export * from './http.js';
export * from './observability.module.js';
