// `npm run scenario -- <file>`: feeds a scenario to the running real stack (`npm run stack:up`),
// each route to its service's port, with clerk tokens signed by the stack's secret.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { embeddedAuth, tokensPerAgency } from '#auth';
import { repoRoot } from '#testing';
import { progressPrinter } from './progress.js';
import { expandScenario } from './scenario/expand.js';
import { loadScenario } from './scenario/load.js';
import { feedScenario } from './scenario/runner.js';
import { serviceUrl } from './stack-ports.js';

const file = process.argv[2];
if (!file || file.startsWith('--')) {
  console.error('usage: npm run scenario -- <scenario.json>   (feeds a stack started with npm run stack:up)');
  process.exit(2);
}
const secret =
  process.env.AUTH_JWT_SECRET ??
  readFileSync(
    path.join(process.env.INFRA_HOME ?? path.join(repoRoot(), '.infra'), 'run', 'jwt-secret'),
    'utf8',
  ).trim();
const scenario = loadScenario(path.resolve(file));
const cases = expandScenario(scenario);
const started = Date.now();
await feedScenario(cases, {
  baseUrlFor: (route) => serviceUrl(route),
  concurrency: 8,
  tokenFor: tokensPerAgency(embeddedAuth({ ...process.env, AUTH_JWT_SECRET: secret }).issuer, {
    sub: 'scenario-clerk',
    roles: ['clerk', 'supervisor'],
  }),
  defaultAgencyId: scenario.agencyId,
  onProgress: progressPrinter(`[scenario] ${scenario.name}`),
});
console.log(`[scenario] fed ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
