// The operations service's configuration, validated at boot (`loadServiceConfig` in #http: environment
// variables, embedded vs real mode, authentication, HTTP limits), plus
//   SERVICE_URLS   where every other service answers (required in real mode, see serviceUrlsFor);
//   WORKBENCH_URL  where the disclosure office's workbench is served (default `/workbench/`): the
//                  monitoring page links an overdue request to `<WORKBENCH_URL>#/requests/<caseId>`.
import { SERVICES } from '#contracts';
import { loadServiceConfig, type ServiceConfig } from '#http';
import { serviceUrlsFor } from './monitoring/domain/pipeline-metrics.js';
import { workbenchUrlFrom } from './monitoring/domain/workbench-links.js';

export interface OperationsConfig extends ServiceConfig {
  /** Base URL per service; in embedded mode a service not named answers at the caller's own origin. */
  readonly serviceUrls: Readonly<Record<string, string>>;
  readonly workbenchUrl: string;
}

export const DEFAULT_PORT = 3007;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): OperationsConfig {
  const config = loadServiceConfig(env, DEFAULT_PORT);
  try {
    return {
      ...config,
      serviceUrls: serviceUrlsFor(config.runtime.mode, env.SERVICE_URLS, SERVICES, 'operations'),
      workbenchUrl: workbenchUrlFrom(env.WORKBENCH_URL),
    };
  } catch (err) {
    throw new Error(`invalid configuration: ${(err as Error).message}`);
  }
}
