// `npm start`: the product's main job with nothing configured. All six services in one process on
// in-memory adapters; the 2009 scenario fed through their HTTP APIs; the report printed and written.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import path from 'node:path';
import { CITY_AGENCY_ID, SERVICES } from '#contracts';
import { embeddedAuth, tokensPerAgency } from '#auth';
import { configureServiceApp, DEFAULT_RATE_LIMIT, strictExpressAdapter } from '#http';
import { parseArgs, USAGE, UsageError, type PlatformOptions } from './cli.js';
import { PlatformModule } from './platform.module.js';
import { progressPrinter } from './progress.js';
import { catchUpAndReadReport } from './read-report.js';
import { templatesOf } from './templates.js';
import { expandScenario } from './scenario/expand.js';
import { loadScenario, ScenarioFileError } from './scenario/load.js';
import { feedScenario } from './scenario/runner.js';

async function run(options: PlatformOptions): Promise<void> {
  const scenario = loadScenario(options.scenarioFile);
  // Authentication stays on in the embedded mode: with no AUTH_JWT_SECRET the platform makes a secret
  // for this process and mints its own clerks' tokens to feed the scenario.
  const auth = embeddedAuth();
  const app = await NestFactory.create<NestExpressApplication>(
    PlatformModule.register({ mode: 'embedded' }, auth.settings),
    strictExpressAdapter(),
    {
      bodyParser: false,
      logger: ['error', 'warn'],
    },
  );
  configureServiceApp(app, {
    title: 'Land bureau platform (embedded)',
    description: 'All six services in one process; every route is under /<service>/.',
    bodyLimit: '20mb',
    // Six services share this process and so one per-client bucket; run apart, each would have its own.
    rateLimit: {
      burst: DEFAULT_RATE_LIMIT.burst * SERVICES.length,
      perSecond: DEFAULT_RATE_LIMIT.perSecond * SERVICES.length,
    },
  });
  await app.listen(options.port, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  console.log(`[platform] embedded mode: six services on ${baseUrl} (API documents at ${baseUrl}/docs)`);

  const cases = expandScenario(scenario);
  const started = Date.now();
  const fed = await feedScenario(cases, {
    baseUrlFor: () => baseUrl,
    concurrency: 8,
    tokenFor: tokensPerAgency(auth.issuer, { sub: 'scenario-clerk', roles: ['clerk', 'supervisor'] }),
    defaultAgencyId: scenario.agencyId,
    onProgress: progressPrinter(`[platform] scenario ${scenario.name}`),
  });
  console.log(
    `[platform] fed ${cases.length} cases (${fed.requests} requests, ${fed.retries} sent again after a 429/5xx) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const agencyId = options.agencyId ?? scenario.agencyId;
  const year = options.year ?? scenario.year;
  const { reportUrl, publishedUrl, auditorToken } = await catchUpAndReadReport({
    baseUrlFor: () => baseUrl,
    issuer: auth.issuer,
    agencyId,
    year,
    templates: templatesOf(options.template),
    outDir: options.outDir || path.join('out', `${scenario.name}-${agencyId}-${year}`),
  });

  if (options.exit) {
    await app.close();
    return;
  }
  // The draft needs a token (a browser opening it gets 401); the published report is public.
  console.log(
    `[platform] serving until Ctrl-C: the draft report at ${reportUrl}?format=html (with the auditor token below ` +
      `as "Authorization: Bearer …"), API documents at ${baseUrl}/docs`,
  );
  console.log(
    `[platform] once a supervisor closes and publishes the year (POST …/close, then …/publish), anyone opens it at ${publishedUrl}`,
  );
  console.log(`[platform] a token for these APIs (an auditor of the city bureau, 1 h): ${auditorToken}`);
  console.log(`[platform] monitoring page: ${baseUrl}/reporting/operations — paste this operations token (1 h):`);
  console.log(`  ${auth.issuer.mint({ sub: 'platform', roles: ['operations', 'auditor'], agencyId: CITY_AGENCY_ID })}`);
}

try {
  const options = parseArgs(process.argv.slice(2));
  for (const note of options.notes) console.error(`[platform] ${note}`);
  if (options.help) {
    console.log(USAGE);
  } else {
    await run(options);
  }
} catch (err) {
  if (err instanceof UsageError || err instanceof ScenarioFileError) {
    console.error(err.message);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
