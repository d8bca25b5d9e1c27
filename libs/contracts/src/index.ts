export * from './envelope.js';
export * from './topics.js';
export * from './registry.js';
export * from './wire.js';
export * from './all.js';
export * from './service-urls.js';
export * from './compatibility.js';
export * from './asyncapi.js';
export * from './agencies/index.js';
// Service-specific contracts are imported by subpath, e.g. `#contracts/applications`.
export * from './free-text.js';
