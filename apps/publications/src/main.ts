// Starts the `publications` service: `node dist/apps/publications/src/main.js`.
import 'reflect-metadata';
import { asyncApiDocument, useAgencies } from '#contracts';
import { createServiceApp, listenService } from '#http';
import { AppModule } from './app.module.js';
import { loadConfig } from './config.js';

const config = loadConfig();
// The deployment's agencies (AGENCIES_FILE, ADR 0014) are in force before the first request.
useAgencies(config.agencies);
const app = await createServiceApp(
  AppModule.forRuntime(config.runtime, { auth: config.auth, topicPrefix: config.topicPrefix }),
  {
    service: 'publications',
    asyncApi: asyncApiDocument('publications'),
    mode: config.runtime.mode,
    ...config.http,
    title: 'publications — 主动公开',
    description:
      'Proactive publications, the catalogue of information available on request, normative documents, and the ' +
      'decision counts and fees declared per period. Events on the Kafka topic publications.events.',
  },
);
await listenService(app, config);
