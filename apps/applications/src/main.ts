// Starts the `applications` service: `node dist/apps/applications/src/main.js`.
import 'reflect-metadata';
import { asyncApiDocument, useAgencies } from '#contracts';
import { createServiceApp, listenService } from '#http';
import { AppModule } from './app.module.js';
import { loadConfig } from './config.js';

const config = loadConfig();
// The deployment's agencies (AGENCIES_FILE, ADR 0014) are in force before the first request.
useAgencies(config.agencies);
const app = await createServiceApp(
  AppModule.forRuntime(config.runtime, {
    auth: config.auth,
    topicPrefix: config.topicPrefix,
    workbench: config.workbench,
  }),
  {
    service: 'applications',
    asyncApi: asyncApiDocument('applications'),
    mode: config.runtime.mode,
    ...config.http,
    title: 'applications — 依申请公开',
    description:
      'Disclosure requests from receipt to their one outcome, with statutory reply deadlines (working days, ' +
      'official holidays and 调休). Events on the Kafka topic applications.events.',
  },
);
await listenService(app, config);
