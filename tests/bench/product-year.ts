// The 2009 year (apps/platform/scenarios/zhuzhou-2009.json) fed as `npm start` and `npm run
// scenario` feed it — feedScenario, 8 cases at a time, clerks' tokens per agency — then waited for
// until the reporting service says the projections have caught up, both ways in one run:
// - embedded mode: the six services in one Nest app in this process, in-memory adapters (`npm start`);
// - the six services as separate processes on the run's broker and store (`npm run stack:up`),
//   started as the end-to-end tests start them (startServiceStack).
// Timed: the feed, the catch-up, and the feed's rate in its first and last tenth (does it slow as the
// year fills up?). Checked: the full year's 2008 report holds exactly the figures the scenario
// implies; a slice's report (--year-cases) is the same table for table in both modes.
import path from 'node:path';
import { embeddedAuth, type LocalIssuer, tokensPerAgency } from '#auth';
import { CITY_AGENCY_ID, SERVICES } from '#contracts';
import { repoRoot, startServiceStack, uniqueName } from '#testing';
import { waitForCatchUp } from '../../apps/platform/src/catch-up.js';
import { createEmbeddedApp, loopbackUrl } from '../../apps/platform/src/embedded-app.js';
import { reportAddresses } from '../../apps/platform/src/read-report.js';
import { type ReportJson } from '../../apps/platform/src/report-output.js';
import { type ConcreteCase, expandScenario } from '../../apps/platform/src/scenario/expand.js';
import { expectedAppendix2008 } from '../../apps/platform/src/scenario/expected.js';
import { loadScenario } from '../../apps/platform/src/scenario/load.js';
import { feedScenario } from '../../apps/platform/src/scenario/runner.js';
import { differences } from '../support/report-check.js';
import { type BenchContext, type Outcome } from './context.js';
import { rawKafka } from './kafka-client.js';
import { nowMs, perSecond, tenthRates } from './timing.js';

const SCENARIO_FILE = path.join(repoRoot(), 'apps/platform/scenarios/zhuzhou-2009.json');

interface YearRun {
  readonly feedMs: number;
  readonly catchUpMs: number;
  readonly cases: number;
  readonly requests: number;
  readonly retries: number;
  readonly tenths: { first: number; last: number };
  readonly report: ReportJson;
}

/** Feeds the cases, waits for catch-up, reads the 2008 report as JSON. */
async function feedAndCatchUp(
  ctx: BenchContext,
  target: { baseUrlFor: (route: string) => string; issuer: LocalIssuer },
  cases: readonly ConcreteCase[],
  scenario: { agencyId: string; year: number },
): Promise<YearRun> {
  const doneAt: number[] = [];
  const started = nowMs();
  const fed = await feedScenario(cases, {
    baseUrlFor: target.baseUrlFor,
    concurrency: 8,
    tokenFor: tokensPerAgency(target.issuer, { sub: 'scenario-clerk', roles: ['clerk', 'supervisor'] }),
    defaultAgencyId: scenario.agencyId,
    onProgress: () => doneAt.push(nowMs()),
  });
  const feedMs = nowMs() - started;
  const mint = (roles: Array<'operations' | 'auditor'>): string =>
    target.issuer.mint({ sub: 'bench', roles, agencyId: CITY_AGENCY_ID });
  await waitForCatchUp({
    baseUrlFor: target.baseUrlFor,
    operationsToken: mint(['operations']),
    timeoutMs: ctx.options.yearTimeoutS * 1000,
  });
  const catchUpMs = nowMs() - started - feedMs;
  const { reportUrl } = reportAddresses(target.baseUrlFor, scenario.agencyId, scenario.year);
  const res = await fetch(`${reportUrl}?template=2008&format=json`, {
    headers: { authorization: `Bearer ${mint(['auditor'])}` },
  });
  if (!res.ok) throw new Error(`the 2008 report answered ${res.status}`);
  return {
    feedMs,
    catchUpMs,
    cases: cases.length,
    requests: fed.requests,
    retries: fed.retries,
    tenths: tenthRates(doneAt, started),
    report: (await res.json()) as ReportJson,
  };
}

function scenarioCases(ctx: BenchContext) {
  const scenario = loadScenario(SCENARIO_FILE);
  const all = expandScenario(scenario);
  const cases = ctx.options.yearCases !== undefined ? all.slice(0, ctx.options.yearCases) : all;
  return { scenario, cases, whole: cases.length === all.length };
}

/** The embedded run's report, which the six-process run's must equal (same cases, same figures). */
let embeddedReport: ReportJson | undefined;

function checkReport(ctx: BenchContext, id: string, run: YearRun, whole: boolean, expected: () => unknown): void {
  const failing = run.report.checks.filter((c) => !c.holds).map((c) => c.rule);
  ctx.checks.equal(id, 'every balancing identity of the 2008 report holds', failing, []);
  if (whole) {
    ctx.checks.equal(
      id,
      'every figure equals the one the scenario implies',
      differences(run.report, expected() as never),
      [],
    );
  }
}

const outcomeOf = (run: YearRun, note: string): Outcome => ({
  count: run.cases,
  unit: 'cases',
  ms: run.feedMs + run.catchUpMs,
  rate: perSecond(run.cases, run.feedMs + run.catchUpMs),
  details: {
    feedS: Math.round(run.feedMs / 100) / 10,
    catchUpS: Math.round(run.catchUpMs / 100) / 10,
    requests: run.requests,
    retries: run.retries,
    firstTenthRate: Math.round(run.tenths.first * 10) / 10,
    lastTenthRate: Math.round(run.tenths.last * 10) / 10,
  },
  note,
});

export async function measureYearEmbedded(ctx: BenchContext): Promise<Outcome> {
  const { scenario, cases, whole } = scenarioCases(ctx);
  const auth = embeddedAuth();
  const app = await createEmbeddedApp(auth.settings);
  try {
    await app.listen(0, '127.0.0.1');
    const baseUrl = await loopbackUrl(app);
    const run = await feedAndCatchUp(ctx, { baseUrlFor: () => baseUrl, issuer: auth.issuer }, cases, scenario);
    checkReport(ctx, 'year-embedded', run, whole, () => expectedAppendix2008(scenario));
    embeddedReport = run.report;
    return outcomeOf(
      run,
      'npm start’s path in this process: six services in one Nest app, in-memory adapters, rate limit as shipped',
    );
  } finally {
    await app.close();
  }
}

interface Launched {
  readonly stack: Awaited<ReturnType<typeof startServiceStack>>;
  readonly topicPrefix: string;
  readonly startMs: number;
}

/** Starts the six processes with their own databases and topic prefix (removed at the end of the run). */
async function launch(ctx: BenchContext): Promise<Launched> {
  const prefix = uniqueName('benchyear').replace(/-/g, '_');
  const topicPrefix = `${prefix.replace(/_/g, '-')}.`;
  for (const service of SERVICES) ctx.resources.trackDatabase(`${prefix}_${service}`);
  const started = nowMs();
  const stack = await startServiceStack({ infra: ctx.infra, dbPrefix: prefix, env: { TOPIC_PREFIX: topicPrefix } });
  return { stack, topicPrefix, startMs: nowMs() - started };
}

/** Stacks being started ahead of their measurement, by store. */
const launching = new Map<string, Promise<Launched>>();

/**
 * Starts the six processes now, in the background, for the year-stack measurement to take over: on
 * this 2-core machine they need a minute to answer, which --quick cannot afford to wait for in line.
 * The measurements taken meanwhile share the CPU with that start-up.
 */
export function prepareYearStack(ctx: BenchContext): void {
  if (launching.has(ctx.infra.mongoUri)) return;
  const p = launch(ctx);
  p.catch(() => {}); // awaited (and its error reported) by the measurement
  launching.set(ctx.infra.mongoUri, p);
}

export async function measureYearStack(ctx: BenchContext): Promise<Outcome> {
  const { scenario, cases, whole } = scenarioCases(ctx);
  const ahead = launching.get(ctx.infra.mongoUri);
  launching.delete(ctx.infra.mongoUri);
  const { stack, topicPrefix, startMs } = await (ahead ?? launch(ctx));
  try {
    ctx.log(
      `  six processes answer after ${(startMs / 1000).toFixed(1)} s${ahead ? ' (started in the background)' : ''}; ` +
        `feeding ${cases.length} cases`,
    );
    const run = await feedAndCatchUp(
      ctx,
      { baseUrlFor: (r) => stack.urlFor(r), issuer: stack.issuer },
      cases,
      scenario,
    );
    checkReport(ctx, 'year-stack', run, whole, () => expectedAppendix2008(scenario));
    if (embeddedReport) {
      ctx.checks.equal(
        'year-stack',
        'the 2008 report = the embedded mode’s, table for table',
        run.report.tables,
        embeddedReport.tables,
      );
    }
    return outcomeOf(
      run,
      'npm run scenario’s path: six service processes (node dist/apps/<service>/src/main.js) on the run’s broker and store, ' +
        `each service its own database and principal; they answered ${(startMs / 1000).toFixed(1)} s after their start ` +
        `(not timed${ahead ? '; started in the background, beside the measurements before this one' : ''})`,
    );
  } finally {
    await stack.stopAll();
    const admin = rawKafka(ctx.infra).admin();
    await admin.connect();
    try {
      for (const topic of await admin.listTopics()) if (topic.startsWith(topicPrefix)) ctx.resources.track(topic);
    } finally {
      await admin.disconnect();
    }
  }
}
