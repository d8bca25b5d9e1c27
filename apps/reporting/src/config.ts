// The reporting service's configuration, validated at boot (`loadServiceConfig` in #http: environment
// variables, embedded vs real mode, authentication, HTTP limits), and SERVICE_URLS: where the
// operations API finds the other services (required in real mode, see serviceUrlsFor).
import { SERVICES } from '#contracts';
import { loadServiceConfig, type ServiceConfig } from '#http';
import { serviceUrlsFor } from './operations/domain/pipeline-metrics.js';
import { workbenchOriginFrom } from './workbench-cors.js';

export interface ReportingConfig extends ServiceConfig {
  /** Base URL per service; in embedded mode a service not named answers at the caller's own origin. */
  readonly serviceUrls: Readonly<Record<string, string>>;
  /** The one origin allowed to call across origins (the workbench's); none: no cross-origin call is allowed. */
  readonly workbenchOrigin: string | undefined;
}

export const DEFAULT_PORT = 3006;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ReportingConfig {
  const config = loadServiceConfig(env, DEFAULT_PORT);
  try {
    const serviceUrls = serviceUrlsFor(config.runtime.mode, env.SERVICE_URLS, SERVICES, 'reporting');
    const workbenchOrigin = workbenchOriginFrom(config.runtime.mode, env.WORKBENCH_ORIGIN, serviceUrls);
    return { ...config, serviceUrls, workbenchOrigin };
  } catch (err) {
    throw new Error(`invalid configuration: ${(err as Error).message}`);
  }
}
