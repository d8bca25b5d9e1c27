// Starts the operations service: `node dist/apps/operations/src/main.js`.
import 'reflect-metadata';
import { asyncApiDocument, useAgencies } from '#contracts';
import { createServiceApp, listenService } from '#http';
import { AppModule } from './app.module.js';
import { loadConfig } from './config.js';

const config = loadConfig();
// The deployment's agencies (AGENCIES_FILE, ADR 0014): the deadlines name each agency.
useAgencies(config.agencies);
const app = await createServiceApp(AppModule.forRoot(config), {
  service: 'operations',
  asyncApi: asyncApiDocument('operations'),
  mode: config.runtime.mode,
  ...config.http,
  title: 'operations (运行监控)',
  description:
    'The monitoring page and the operations API: every service’s readiness, outbox and consumer figures, the ' +
    'statistics projection’s lag (from reporting), whether everything recorded is in the reports (caught-up), dead ' +
    'letters (inspect, replay to the failing group, discard — each recorded with who and why), overdue and due-soon ' +
    'cases per agency, the monthly trend. Reads the other services only through their APIs and the broker. Events on ' +
    'the topic operations.events.',
});
await listenService(app, config);
