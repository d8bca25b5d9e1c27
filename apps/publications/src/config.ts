// The publications service's configuration, validated at boot (`loadServiceConfig` in #http: environment
// variables, embedded vs real mode, authentication, HTTP limits).
import { loadServiceConfig, type ServiceConfig } from '#http';

export type { ServiceConfig };

export const DEFAULT_PORT = 3002;

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): ServiceConfig => loadServiceConfig(env, DEFAULT_PORT);
