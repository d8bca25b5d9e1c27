export * from './validation.js';
export * from './headers.js';
export * from './error-filter.js';
export * from './service-app.js';
export * from './security.js';
export * from './service-config.js';
export * from './controller-kit.js';
export * from './openapi.js';
