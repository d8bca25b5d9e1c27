// Starts the reporting service: `node dist/apps/reporting/src/main.js`.
import 'reflect-metadata';
import { asyncApiDocument, useAgencies } from '#contracts';
import { createServiceApp, listenService } from '#http';
import { AppModule } from './app.module.js';
import { loadConfig } from './config.js';
import { workbenchCors } from './workbench-cors.js';

const config = loadConfig();
// The deployment's agencies (AGENCIES_FILE, ADR 0014) are in force before the first request.
useAgencies(config.agencies);
const app = await createServiceApp(AppModule.forRoot(config), {
  service: 'reporting',
  asyncApi: asyncApiDocument('reporting'),
  mode: config.runtime.mode,
  // A hand-filed report with every table and the body text stays well below this.
  bodyLimit: '1mb',
  ...config.http,
  title: 'reporting (政府信息公开工作年度报告)',
  description:
    'The annual statistics read model projected from every service topic, and the annual report of each agency-year ' +
    'in the 2008-era appendix and the national format (国办公开办函〔2021〕30号): live figures, declared facts, year close ' +
    'with a manifest, post-close adjustments, reconciliation of a hand-filed report, year-end forecast, projection lag ' +
    'and rebuild. Events on the topic reporting.events.',
});
// The workbench, served by the applications service, reads and closes reports from its own origin.
if (config.workbenchOrigin !== undefined) app.enableCors(workbenchCors(config.workbenchOrigin));
await listenService(app, config);
