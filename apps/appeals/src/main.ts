// Starts the appeals service (复议、诉讼): `node dist/apps/appeals/src/main.js`.
import 'reflect-metadata';
import { asyncApiDocument, useAgencies } from '#contracts';
import { createServiceApp, listenService } from '#http';
import { AppModule } from './app.module.js';
import { loadConfig } from './config.js';

const config = loadConfig();
// The deployment's agencies (AGENCIES_FILE, ADR 0014) are in force before the first request.
useAgencies(config.agencies);
const app = await createServiceApp(AppModule.forRoot(config), {
  service: 'appeals',
  asyncApi: asyncApiDocument('appeals'),
  mode: config.runtime.mode,
  ...config.http,
  title: 'appeals (复议、诉讼)',
  description:
    'Administrative reconsiderations and lawsuits against acts of an agency (a disclosure reply or an enforcement ' +
    'decision), their statutory timers and results. Reads applications.events and enforcement.events to confirm ' +
    'the contested acts; events on the topic appeals.events.',
});
await listenService(app, config);
