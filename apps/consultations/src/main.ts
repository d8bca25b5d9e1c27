// Starts the consultations service (咨询): `node dist/apps/consultations/src/main.js`.
import 'reflect-metadata';
import { asyncApiDocument, useAgencies } from '#contracts';
import { createServiceApp, listenService } from '#http';
import { AppModule } from './app.module.js';
import { loadConfig } from './config.js';

const config = loadConfig();
// The deployment's agencies (AGENCIES_FILE, ADR 0014) are in force before the first request.
useAgencies(config.agencies);
const app = await createServiceApp(AppModule.forRoot(config), {
  service: 'consultations',
  asyncApi: asyncApiDocument('consultations'),
  mode: config.runtime.mode,
  ...config.http,
  title: 'consultations (咨询)',
  description:
    'Consultations received and answered, the bulk import of consultation batches, and the declared tallies of ' +
    'page views and service information (附表三). Events on the topic consultations.events.',
});
await listenService(app, config);
