// `npm run scenario -- <file>`: feeds a scenario to the running real stack (`npm run stack:up`),
// each route to its service's port, with clerk tokens signed by the stack's secret; then, like
// `npm start`, waits until the stack has caught up and prints and writes the report it serves.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { embeddedAuth, infraHome, tokensPerAgency } from '#auth';
import { parseArgs, UsageError, type PlatformOptions } from './cli.js';
import { progressPrinter } from './progress.js';
import { catchUpAndReadReport } from './read-report.js';
import { templatesOf } from './templates.js';
import { expandScenario } from './scenario/expand.js';
import { type Scenario } from './scenario/format.js';
import { loadScenario, ScenarioFileError } from './scenario/load.js';
import { feedScenario } from './scenario/runner.js';
import { serviceUrl } from './stack-ports.js';

const [file, ...rest] = process.argv.slice(2);
if (!file || file.startsWith('--') || rest.includes('--exit') || rest.includes('--port')) {
  console.error(
    'usage: npm run scenario -- <scenario.json> [--agency <id>] [--year <yyyy>] [--template <name>] [--out <dir>]\n' +
      '  feeds a stack started with npm run stack:up, waits until it has caught up, prints and writes the report',
  );
  process.exit(2);
}
let options: PlatformOptions;
try {
  options = parseArgs(['--scenario', file, ...rest]);
  for (const note of options.notes) console.error(`[scenario] ${note}`);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(err.message);
  process.exit(2);
}
const secret = process.env.AUTH_JWT_SECRET ?? readFileSync(path.join(infraHome(), 'run', 'jwt-secret'), 'utf8').trim();
const { issuer } = embeddedAuth({ ...process.env, AUTH_JWT_SECRET: secret });
let scenario: Scenario;
try {
  scenario = loadScenario(path.resolve(options.scenarioFile));
} catch (err) {
  if (!(err instanceof ScenarioFileError)) throw err;
  console.error(err.message);
  process.exit(2);
}
const cases = expandScenario(scenario);
const started = Date.now();
const fed = await feedScenario(cases, {
  baseUrlFor: (route) => serviceUrl(route),
  concurrency: 8,
  tokenFor: tokensPerAgency(issuer, { sub: 'scenario-clerk', roles: ['clerk', 'supervisor'] }),
  defaultAgencyId: scenario.agencyId,
  onProgress: progressPrinter(`[scenario] ${scenario.name}`),
});
console.log(
  `[scenario] fed ${cases.length} cases (${fed.requests} requests, ${fed.retries} sent again after a 429/5xx) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
const agencyId = options.agencyId ?? scenario.agencyId;
const year = options.year ?? scenario.year;
const { reportUrl, publishedUrl } = await catchUpAndReadReport({
  baseUrlFor: (route) => serviceUrl(route),
  issuer,
  agencyId,
  year,
  templates: templatesOf(options.template),
  outDir: options.outDir || path.join('out', `stack-${scenario.name}-${agencyId}-${year}`),
  catchUpTimeoutMs: 1_800_000,
});
console.log(`[scenario] the report stays at ${reportUrl} (an auditor's token: npm run token)`);
console.log(`[scenario] once closed and published, anyone reads it at ${publishedUrl}`);
