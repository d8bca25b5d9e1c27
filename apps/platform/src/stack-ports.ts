// Where each service listens in the real stack (infra/stack.mjs, docker-compose.yml): a route
// `/<service>/…` goes to that service's port; `<SERVICE>_PORT` overrides it.
import { SERVICES, type ServiceName } from '#contracts';

export const SERVICE_PORTS: Readonly<Record<ServiceName, number>> = {
  applications: 3001,
  publications: 3002,
  consultations: 3003,
  enforcement: 3004,
  appeals: 3005,
  reporting: 3006,
  operations: 3007,
};

export function serviceUrl(route: string, env: NodeJS.ProcessEnv = process.env, host = '127.0.0.1'): string {
  const service = route.split('/')[1] as ServiceName;
  if (!SERVICES.includes(service)) throw new Error(`no service serves ${route}`);
  const port = Number(env[`${service.toUpperCase()}_PORT`] ?? SERVICE_PORTS[service]);
  return `http://${host}:${port}`;
}
