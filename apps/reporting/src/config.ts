// The reporting service's configuration, validated at boot (`loadServiceConfig` in #http: environment
// variables, embedded vs real mode, authentication, HTTP limits).
import { loadServiceConfig, type ServiceConfig } from '#http';
import { parseServiceUrls } from '#contracts';
import { workbenchOriginFrom } from './workbench-cors.js';

export interface ReportingConfig extends ServiceConfig {
  /** The one origin allowed to call across origins (the workbench's); none: no cross-origin call is allowed. */
  readonly workbenchOrigin: string | undefined;
}

export const DEFAULT_PORT = 3006;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ReportingConfig {
  const config = loadServiceConfig(env, DEFAULT_PORT);
  try {
    // The workbench is served by applications: its SERVICE_URLS entry is its origin unless configured.
    const workbenchOrigin = workbenchOriginFrom(
      config.runtime.mode,
      env.WORKBENCH_ORIGIN,
      parseServiceUrls(env.SERVICE_URLS),
    );
    return { ...config, workbenchOrigin };
  } catch (err) {
    throw new Error(`invalid configuration: ${(err as Error).message}`);
  }
}
