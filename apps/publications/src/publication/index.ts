// The publication slice's public surface: what the other publication slices use of it.
export { type CommandMeta } from './application/publications.service.js';
