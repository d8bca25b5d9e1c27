// Starts the enforcement service (执法监察): `node dist/apps/enforcement/src/main.js`.
import 'reflect-metadata';
import { asyncApiDocument, useAgencies } from '#contracts';
import { createServiceApp, listenService } from '#http';
import { AppModule } from './app.module.js';
import { loadConfig } from './config.js';

const config = loadConfig();
// The deployment's agencies (AGENCIES_FILE, ADR 0014) are in force before the first request.
useAgencies(config.agencies);
const app = await createServiceApp(AppModule.forRoot(config), {
  service: 'enforcement',
  asyncApi: asyncApiDocument('enforcement'),
  mode: config.runtime.mode,
  ...config.http,
  title: 'enforcement (执法监察)',
  description:
    'Violation cases (违法用地、采矿: discovered, stopped on site, filed, penalty and coercive decisions, closed), ' +
    'idle land, satellite-image inspections and demolitions. Events on the topic enforcement.events.',
});
await listenService(app, config);
