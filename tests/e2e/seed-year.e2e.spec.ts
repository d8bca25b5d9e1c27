// The seed year, as a user runs it, both ways:
// - `npm start -- --exit`: the built platform as its own process (embedded mode, in-memory adapters);
// - the real stack: the six services as separate processes against the real broker and store (their
//   own topics and databases), fed by `npm run scenario` exactly as a user feeds `npm run stack:up`.
// Both reports must hold exactly the figures the 2009 scenario implies — computed from the scenario's
// commands by `expectedAppendix2008`, not copied from output — be equal to each other table for
// table in both templates, and reconciling the seed's hand-filed figures against the real stack's
// report must list exactly the seed's known inconsistencies (REPORTS §1).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { CITY_AGENCY_ID, SERVICES } from '#contracts';
import { integrationInfra, kafkaClient, repoRoot, startServiceStack, uniqueName, type ServiceStack } from '#testing';
import { type ReportJson } from '../../apps/platform/src/report-output.js';
import { expectedAppendix2008 } from '../../apps/platform/src/scenario/expected.js';
import { loadScenario } from '../../apps/platform/src/scenario/load.js';
import { chromiumPath } from '../../apps/reporting/src/annual-report/adapters/report-pdf.js';
import { seedFiling } from '../../apps/reporting/src/annual-report/testing/seed-2009.js';
import { assertReportEquals } from '../support/report-check.js';

const SCENARIO_FILE = path.join(repoRoot(), 'apps/platform/scenarios/zhuzhou-2009.json');
const scenario = loadScenario(SCENARIO_FILE);
const real = await integrationInfra();

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly seconds: number;
}

/** Runs a built entry point of the project as its own process, as `npm start`/`npm run` would. */
function runNode(entry: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: string[] = [];
    const child = spawn(process.execPath, [path.join(repoRoot(), entry), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    child.on('exit', (code) =>
      resolve({ code: code ?? 1, stdout: chunks.join(''), seconds: (Date.now() - started) / 1000 }),
    );
  });
}

/** The report files a run wrote, by template: `<agency>-<scope>-<year>-<template>.json`. */
async function reportsIn(dir: string): Promise<Record<'2008' | 'national-2021', ReportJson>> {
  const files = await readdir(dir);
  const read = async (template: string): Promise<ReportJson> => {
    const file = files.find((f) => f.endsWith(`-${template}.json`));
    assert.ok(file, `${dir} holds the ${template} report as JSON`);
    return JSON.parse(await readFile(path.join(dir, file), 'utf8')) as ReportJson;
  };
  return { '2008': await read('2008'), 'national-2021': await read('national-2021') };
}

const TITLES = ['附表一', '附表二', '附表三', '附表四', '附表五', '附 执法监察情况统计'];

describe('the 2009 seed year', () => {
  let embedded: Record<'2008' | 'national-2021', ReportJson> | undefined;
  let stackReports: Record<'2008' | 'national-2021', ReportJson> | undefined;

  it('npm start -- --exit prints the tables and writes every format, with exactly the figures the scenario implies', async (t) => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'npm-start-'));
    const run = await runNode('dist/apps/platform/src/main.js', ['--exit', '--port', '0', '--out', out]);
    assert.equal(run.code, 0);
    t.diagnostic(`npm start -- --exit (built) took ${run.seconds.toFixed(1)} s`);
    for (const title of TITLES) assert.ok(run.stdout.includes(title), `the terminal shows ${title}`);
    const files = await readdir(out);
    // PDF where chromium is installed (else npm start says in one line why it wrote none).
    const pdf = existsSync(chromiumPath()) ? ['pdf'] : [];
    for (const template of ['2008', 'national-2021']) {
      for (const ext of ['json', 'csv', 'md', 'html', 'docx', 'xlsx', ...pdf]) {
        assert.ok(
          files.some((f) => f.endsWith(`-${template}.${ext}`)),
          `${template} as .${ext}`,
        );
      }
      // The CSV as served, with its UTF-8 byte-order mark (spreadsheets read the Chinese by it).
      const csv = await readFile(
        path.join(
          out,
          files.find((f) => f.endsWith(`-${template}.csv`))!,
        ),
      );
      assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${template}.csv starts with the BOM`);
    }
    if (pdf.length === 0) assert.match(run.stdout, /no \.pdf written: PDF needs chromium/);
    embedded = await reportsIn(out);
    assertReportEquals(embedded['2008'], expectedAppendix2008(scenario), 'embedded');
  });

  describe('on the real stack (seven processes, real Kafka and store)', { skip: real.skip }, () => {
    let stack: ServiceStack;
    const prefix = uniqueName('seed').replace(/-/g, '_');
    const topicPrefix = `${prefix.replace(/_/g, '-')}.`;

    before(async () => {
      stack = await startServiceStack({ infra: real.infra!, dbPrefix: prefix, env: { TOPIC_PREFIX: topicPrefix } });
    });

    after(async () => {
      await stack?.stopAll();
      const kafka = new Kafka({ ...kafkaClient(real.infra!), logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => {});
      await admin.disconnect();
      for (const service of SERVICES) {
        const conn = await mongoose
          .createConnection(real.infra!.mongoUri, { dbName: `${prefix}_${service}` })
          .asPromise();
        await conn.db?.dropDatabase().catch(() => {});
        await conn.close();
      }
    });

    it('npm run scenario feeds the year, waits for catch-up and writes the report the scenario implies', async (t) => {
      const out = await mkdtemp(path.join(os.tmpdir(), 'stack-scenario-'));
      const ports = Object.fromEntries(
        SERVICES.map((s) => [`${s.toUpperCase()}_PORT`, String(stack.services[s].port)]),
      );
      const run = await runNode('dist/apps/platform/src/feed.js', [SCENARIO_FILE, '--out', out], {
        ...process.env,
        ...ports,
        AUTH_JWT_SECRET: stack.secret,
      });
      assert.equal(run.code, 0, `npm run scenario exited ${run.code}; the service logs are in ${stack.logDir}`);
      t.diagnostic(`npm run scenario (feed, catch-up, report) took ${run.seconds.toFixed(1)} s`);
      for (const line of run.stdout.split('\n').filter((l) => /fed \d+ cases|caught up/.test(l))) t.diagnostic(line);
      for (const title of TITLES) assert.ok(run.stdout.includes(title), `the terminal shows ${title}`);
      stackReports = await reportsIn(out);
      assertReportEquals(stackReports['2008'], expectedAppendix2008(scenario), 'real stack');
    });

    it('gives the same report as the embedded platform, table for table, in both templates', (t) => {
      if (!embedded || !stackReports) return t.skip('needs both runs above');
      for (const template of ['2008', 'national-2021'] as const) {
        assert.deepEqual(stackReports[template].tables, embedded[template].tables, `${template}: the same tables`);
        assert.deepEqual(stackReports[template].checks, embedded[template].checks, `${template}: the same checks`);
      }
    });

    it('reconciling the seed’s hand-filed report lists exactly the seed’s known inconsistencies', async () => {
      const auditor = stack.issuer.mint({ sub: 'seed-auditor', roles: ['auditor'], agencyId: CITY_AGENCY_ID });
      const route = `/reporting/annual-reports/${CITY_AGENCY_ID}/rollup/2009/reconciliations`;
      const res = await fetch(`${stack.urlFor(route)}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auditor}`, 'content-type': 'application/json' },
        body: JSON.stringify({ template: '2008', ...seedFiling }),
      });
      const result = (await res.json()) as {
        consistent: boolean;
        discrepancies: Array<{ path: string[]; filed: number; derived: number }>;
        violations: Array<{ rule: string }>;
        unmatched: unknown[];
      };
      assert.equal(res.status, 200, JSON.stringify(result));
      // REPORTS §1: 答复总数 printed 0 for 14 replies; 同意部分公开 14 where each request has one
      // outcome; the body text says 12 requests where 附表二 says 14.
      assert.deepEqual(
        result.discrepancies.map((d) => [d.path.at(-1), d.filed, d.derived]),
        [
          ['对申请的答复总数', 0, 14],
          ['同意部分公开数', 14, 0],
          ['受理申请总数', 12, 14],
        ],
      );
      // … and the filing's own defects: 附表四 and 附表五 printed twice, the reply breakdown not
      // summing to its total, 28 outcomes for 14 requests, the text contradicting the table.
      assert.deepEqual(
        result.violations.map((v) => v.rule),
        [
          'filed.table-printed-more-than-once',
          'filed.table-printed-more-than-once',
          '2008-2.replies-equal-breakdown',
          '2008-2.one-outcome-per-request',
          'filed.text-contradicts-table',
        ],
      );
      assert.deepEqual(result.unmatched, []);
      assert.equal(result.consistent, false);
    });
  });
});
