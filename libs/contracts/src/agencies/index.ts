export * from './registry.js';
export * from './current.js';
export * from './file.js';
