// `npm start`: the product's main job with nothing configured. All seven services in one process on
// in-memory adapters; the 2009 scenario fed through their HTTP APIs; the report printed and written.
import 'reflect-metadata';
import path from 'node:path';
import { embeddedAuth, embeddedIssuerFilePath, tokensPerAgency } from '#auth';
import { AgenciesFileError, agencies, isAgencyId, readAgenciesFile, useAgencies } from '#contracts';
import { listenError, parseArgs, USAGE, UsageError, type PlatformOptions } from './cli.js';
import { createEmbeddedApp, loopbackUrl } from './embedded-app.js';
import { checkPortFree } from './port-check.js';
import { progressPrinter } from './progress.js';
import { CAUGHT_UP_ROUTE } from './catch-up.js';
import { catchUpAndReadReport, reportAddresses } from './read-report.js';
import { templatesOf } from './templates.js';
import { expandScenario } from './scenario/expand.js';
import { loadScenario, ScenarioFileError } from './scenario/load.js';
import { feedScenario } from './scenario/runner.js';
import { leaveIssuerFileWhileRunning, servingTokenLines } from './serving-tokens.js';

/** This year in the bureau's time zone (legal dates are Asia/Shanghai): the year `--empty` points at. */
const thisYear = (): number =>
  Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

async function run(options: PlatformOptions): Promise<void> {
  // The deployment's agencies (ADR 0014): --agencies, else AGENCIES_FILE, else the 2009 scenario's.
  const agenciesFile = options.agenciesFile ?? (process.env.AGENCIES_FILE || undefined);
  if (agenciesFile !== undefined) useAgencies(readAgenciesFile(agenciesFile));
  // `--empty`: no scenario, nothing recorded — the services wait for an integrator's own cases.
  const scenario = options.empty ? undefined : loadScenario(options.scenarioFile);
  const unknown = [scenario?.agencyId, options.agencyId].find((id) => id !== undefined && !isAgencyId(id));
  if (unknown !== undefined) {
    throw new UsageError(
      `agency ${unknown} is not among the agencies (${agencies().ids().join(', ')}): name one of them with --agency, ` +
        `or with --agencies feed a scenario of those agencies (--scenario) or none (--empty)`,
    );
  }
  await checkPortFree(options.port);
  // Authentication stays on in the embedded mode: with no AUTH_JWT_SECRET the platform makes a secret
  // for this process and mints its own clerks' tokens to feed the scenario.
  const auth = embeddedAuth();
  // The workbench's development sign-in offers the users whose tokens the banner prints.
  const app = await createEmbeddedApp(auth.settings, {
    devSignInAgencyId: scenario?.agencyId ?? options.agencyId ?? agencies().top(),
  });
  try {
    await app.listen(options.port, '127.0.0.1');
  } catch (err) {
    // Taken since checkPortFree looked (Nest has logged it too).
    const problem = listenError(err, options.port);
    if (problem === undefined) throw err;
    await app.close();
    throw problem;
  }
  const baseUrl = await loopbackUrl(app);
  console.log(`[platform] embedded mode: seven services on ${baseUrl} (API documents at ${baseUrl}/docs)`);
  // While it serves, `npm run token` can sign for this process's own secret (never printed).
  const issuerFile = !options.exit && auth.generatedSecret ? embeddedIssuerFilePath(process.env) : undefined;
  if (issuerFile !== undefined) leaveIssuerFileWhileRunning(auth, issuerFile, baseUrl);

  const agencyId = options.agencyId ?? scenario?.agencyId ?? agencies().top();
  const year = options.year ?? scenario?.year ?? thisYear();
  let addresses: { readonly reportUrl: string; readonly publishedUrl: string } = reportAddresses(
    () => baseUrl,
    agencyId,
    year,
  );
  if (scenario === undefined) {
    console.log(
      `[platform] started empty (--empty): nothing recorded, every report is an empty year until cases are ` +
        `recorded through the APIs; GET ${baseUrl}${CAUGHT_UP_ROUTE} (operations token) says when the reports reflect them`,
    );
  } else {
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
    addresses = await catchUpAndReadReport({
      baseUrlFor: () => baseUrl,
      issuer: auth.issuer,
      agencyId,
      year,
      templates: templatesOf(options.template),
      outDir: options.outDir || path.join('out', `${scenario.name}-${agencyId}-${year}`),
    });
  }
  const { reportUrl, publishedUrl } = addresses;

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
  console.log(`[platform] monitoring page: ${baseUrl}/operations (paste the operations token below)`);
  console.log(
    `[platform] workbench for the disclosure office: ${baseUrl}/workbench/ (sign in as the clerk or supervisor ` +
      `below: "开发登录" picks one, or paste a token)`,
  );
  // The clerk's and supervisor's tokens are for the scenario's agency (its cases), else the report's.
  for (const line of servingTokenLines(auth, scenario?.agencyId ?? agencyId, issuerFile)) console.log(line);
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
  // What the user can put right (an option, a file, a port) is said in one sentence, exit code 2, no stack.
  if (err instanceof UsageError || err instanceof ScenarioFileError || err instanceof AgenciesFileError) {
    console.error(err.message);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
