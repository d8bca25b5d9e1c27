// The applications service's configuration, validated at boot (`loadServiceConfig` in #http: environment
// variables, embedded vs real mode, authentication, HTTP limits), and SERVICE_URLS: where the
// workbench it serves finds the reporting service (its own origin when not named).
import { loadServiceConfig, type ServiceConfig } from '#http';
import { workbenchSettingsFrom, type WorkbenchSettings } from './workbench/workbench-settings.js';

export type { ServiceConfig };

export interface ApplicationsConfig extends ServiceConfig {
  readonly workbench: WorkbenchSettings;
}

export const DEFAULT_PORT = 3001;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApplicationsConfig {
  const config = loadServiceConfig(env, DEFAULT_PORT);
  try {
    return { ...config, workbench: workbenchSettingsFrom(config.runtime.mode, env.SERVICE_URLS) };
  } catch (err) {
    throw new Error(`invalid configuration: ${(err as Error).message}`);
  }
}
