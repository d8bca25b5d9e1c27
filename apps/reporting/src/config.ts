// The reporting service's configuration, validated at boot (`loadServiceConfig` in #http: environment
// variables, embedded vs real mode, authentication, HTTP limits), and SERVICE_URLS: where the
// operations API finds the other services (required in real mode, see serviceUrlsFor).
import { SERVICES } from '#contracts';
import { loadServiceConfig, type ServiceConfig } from '#http';
import { serviceUrlsFor } from './operations/domain/pipeline-metrics.js';

export interface ReportingConfig extends ServiceConfig {
  /** Base URL per service; in embedded mode a service not named answers at the caller's own origin. */
  readonly serviceUrls: Readonly<Record<string, string>>;
}

export const DEFAULT_PORT = 3006;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ReportingConfig {
  const config = loadServiceConfig(env, DEFAULT_PORT);
  try {
    return { ...config, serviceUrls: serviceUrlsFor(config.runtime.mode, env.SERVICE_URLS, SERVICES, 'reporting') };
  } catch (err) {
    throw new Error(`invalid configuration: ${(err as Error).message}`);
  }
}
