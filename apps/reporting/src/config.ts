// The reporting service's configuration, validated at boot (`loadServiceConfig` in #http: environment
// variables, embedded vs real mode, authentication, HTTP limits).
import { loadServiceConfig, type ServiceConfig } from '#http';

export type ReportingConfig = ServiceConfig;

export const DEFAULT_PORT = 3006;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ReportingConfig {
  return loadServiceConfig(env, DEFAULT_PORT);
}
