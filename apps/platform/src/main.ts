// `npm start`: the product's main job with nothing configured. All six services in one process on
// in-memory adapters; the 2009 scenario fed through their HTTP APIs; the report printed and written.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { embeddedAuth, tokensPerAgency } from '#auth';
import { configureServiceApp } from '#http';
import { parseArgs, USAGE, UsageError, type PlatformOptions } from './cli.js';
import { PlatformModule } from './platform.module.js';
import { progressPrinter } from './progress.js';
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
    {
      bodyParser: false,
      logger: ['error', 'warn'],
    },
  );
  configureServiceApp(app, {
    title: 'Land bureau platform (embedded)',
    description: 'All six services in one process; every route is under /<service>/.',
    bodyLimit: '20mb',
  });
  await app.listen(options.port, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  console.log(`[platform] embedded mode: six services on ${baseUrl} (API documents at ${baseUrl}/docs)`);

  const cases = expandScenario(scenario);
  const started = Date.now();
  await feedScenario(cases, {
    baseUrlFor: () => baseUrl,
    concurrency: 8,
    tokenFor: tokensPerAgency(auth.issuer, { sub: 'scenario-clerk', roles: ['clerk', 'supervisor'] }),
    defaultAgencyId: scenario.agencyId,
    onProgress: progressPrinter(`[platform] scenario ${scenario.name}`),
  });
  console.log(`[platform] fed ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  if (options.exit) {
    await app.close();
    return;
  }
  console.log('[platform] serving until Ctrl-C');
}

try {
  const options = parseArgs(process.argv.slice(2));
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
