export * from './jwt.js';
export * from './principal.js';
export * from './settings.js';
export * from './nest/decorators.js';
export * from './nest/access.js';
export * from './nest/auth.guard.js';
export * from './nest/auth.module.js';
export * from './nest/agency-scope.js';
