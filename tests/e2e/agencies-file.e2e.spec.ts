// Agencies are data (issue 16 item 1, ADR 0014): a bureau that is not 株洲 runs the services with its
// own AGENCIES_FILE — 某市 with two districts' branches, renamed in 2019 — on the real broker and
// store. Its cases are accepted; a case for an agency the file does not list, or for one that had
// ended by the case's legal date, is refused with 422 naming agencyId and the rule, and nothing is
// appended; reporting's report of it carries the name the agency bore in the report's year, and a
// report of an agency that does not exist is a 404 naming it. An agency registered through
// reporting's API reaches the applications service through reporting.events.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Role } from '#auth';
import { agencies, readAgenciesFile, useAgencies, ZHUZHOU_AGENCIES } from '#contracts';
import { eventually, integrationInfra, startServiceStack, uniqueName, type ServiceStack } from '#testing';

const real = await integrationInfra();

/** 某省某市自然资源和规划局 and two districts' branches; the west one closed in mid-2020. */
const MOU_SHI = [
  {
    id: 'mou-city',
    name: '某市自然资源和规划局',
    level: 'city',
    names: [{ name: '某市国土资源局' }, { name: '某市自然资源和规划局', from: '2019-03-01' }],
  },
  { id: 'east-district', name: '某市自然资源和规划局东区分局', parentId: 'mou-city' },
  { id: 'west-district', name: '某市国土资源局西区分局', parentId: 'mou-city', validTo: '2020-06-30' },
];

interface Answer<T> {
  readonly status: number;
  readonly body: T;
}
interface Refusal {
  message: string;
  rule: string;
  violations?: Array<{ field: string; rule: string }>;
}
interface Report {
  document: { title: string };
  tables: Array<{ id: string; rows: Array<{ label: string; values?: Record<string, number> }> }>;
}

/** 一、本年新收政府信息公开申请数量 in the national table 三, all applicants (总计). */
const receivedIn = (report: Report): number | undefined =>
  report.tables.find((t) => t.id === 'national-3')?.rows.find((r) => r.label === '一、本年新收政府信息公开申请数量')
    ?.values?.['总计'];

describe(`an agencies file of another bureau (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  const name = uniqueName('agencies');
  const topicPrefix = `${name}.`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agencies-e2e-'));
  const file = path.join(dir, 'mou-shi.json');
  let stack: ServiceStack;

  const token = (agencyId: string, roles: readonly Role[]): string =>
    stack.issuer.mint({ sub: `${agencyId}-user`, roles, agencyId });
  const call = async <T>(route: string, bearer: string | undefined, init: RequestInit = {}): Promise<Answer<T>> => {
    const res = await fetch(`${stack.urlFor(route)}${route}`, {
      ...init,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        'content-type': 'application/json',
        ...init.headers,
      },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const receive = (agencyId: string, clerkOf: string, receiptDate: string, key: string) =>
    call<{ id: string } & Refusal>('/applications/disclosure-requests', token(clerkOf, ['clerk']), {
      method: 'POST',
      headers: { 'idempotency-key': `${name}-${key}` },
      body: JSON.stringify({
        agencyId,
        receiptDate,
        channel: 'online',
        applicantType: 'natural-person',
        informationRequested: '2020年度某地块出让合同',
        applicant: { name: '王五' },
      }),
    });
  /** The requests recorded in the city's roll-up, as the applications service lists them. */
  const recorded = async (): Promise<number> => {
    const list = await call<{ total: number }>(
      '/applications/disclosure-requests?agencyId=mou-city&withSubordinates=true',
      token('mou-city', ['auditor']),
    );
    assert.equal(list.status, 200, JSON.stringify(list.body));
    return list.body.total;
  };

  before(async () => {
    writeFileSync(file, JSON.stringify(MOU_SHI));
    // The test mints its users' tokens for the same agencies the services run with.
    useAgencies(readAgenciesFile(file));
    stack = await startServiceStack({
      infra: real.infra!,
      dbPrefix: name.replace(/-/g, '_'),
      services: ['applications', 'reporting'],
      env: { TOPIC_PREFIX: topicPrefix, AGENCIES_FILE: file, RATE_LIMIT_DISABLED: 'true' },
    });
  });

  after(async () => {
    await stack?.release();
    useAgencies(ZHUZHOU_AGENCIES);
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a case of its agency; refuses an unknown or ended agency with 422 naming agencyId, appending nothing', async () => {
    const accepted = await receive('east-district', 'east-district', '2021-03-01', 'east');
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    assert.equal(await recorded(), 1);

    const unknown = await receive('north-district', 'mou-city', '2021-03-01', 'north');
    assert.equal(unknown.status, 422, JSON.stringify(unknown.body));
    assert.equal(unknown.body.rule, 'agency.unknown');
    assert.deepEqual(
      unknown.body.violations?.map((v) => v.field),
      ['agencyId'],
    );
    assert.match(unknown.body.message, /north-district/);

    const ended = await receive('west-district', 'west-district', '2021-03-01', 'west-late');
    assert.equal(ended.status, 422, JSON.stringify(ended.body));
    assert.equal(ended.body.rule, 'agency.ended');
    assert.deepEqual(
      ended.body.violations?.map((v) => v.field),
      ['agencyId'],
    );
    // Before its end the west branch still records its cases.
    const inTime = await receive('west-district', 'west-district', '2020-06-30', 'west-in-time');
    assert.equal(inTime.status, 201, JSON.stringify(inTime.body));
    assert.equal(await recorded(), 2, 'the refused cases left nothing behind');
  });

  it("reporting's report carries the agency's name in its year, and 404 names an agency that does not exist", async () => {
    const auditor = token('mou-city', ['auditor']);
    const reportOf = (agencyId: string, scope: string, year: number) =>
      call<Report & Refusal>(`/reporting/annual-reports/${agencyId}/${scope}/${year}/report?format=json`, auditor);
    const east = await eventually(
      async () => {
        const r = await reportOf('east-district', 'agency', 2021);
        // The one request the first test recorded for the east branch in 2021.
        return r.status === 200 && receivedIn(r.body) === 1 ? r : undefined;
      },
      { timeoutMs: 60_000, what: "the east branch's 2021 report counting its request" },
    );
    const titleOf = async (agencyId: string, scope: string, year: number): Promise<string> =>
      (await reportOf(agencyId, scope, year)).body.document.title;
    assert.ok(east.body.document.title.startsWith('某市自然资源和规划局东区分局2021年'), east.body.document.title);
    // The city bureau was 某市国土资源局 until the 2019 reform: each year's report says which it was.
    assert.ok((await titleOf('mou-city', 'rollup', 2018)).startsWith('某市国土资源局2018年'));
    assert.ok((await titleOf('mou-city', 'rollup', 2021)).startsWith('某市自然资源和规划局2021年'));
    assert.ok((await titleOf('west-district', 'agency', 2020)).startsWith('某市国土资源局西区分局2020年'));
    // The roll-up counts the branches' requests: east's 2021 one (west's was in 2020).
    assert.equal(receivedIn((await reportOf('mou-city', 'rollup', 2021)).body), 1);

    const missing = await reportOf('north-district', 'agency', 2021);
    assert.equal(missing.status, 404, JSON.stringify(missing.body));
    assert.equal(missing.body.rule, 'agency.unknown');
    assert.match(missing.body.message, /north-district/);
    const published = await call<Refusal>('/reporting/published/north-district/2021?format=json', undefined);
    assert.equal(published.status, 404, JSON.stringify(published.body));
    assert.match(published.body.message, /north-district/);
  });

  it('an agency registered through reporting reaches applications through reporting.events', async () => {
    const north = { id: 'north-district', name: '某市自然资源和规划局北区分局', parentId: 'mou-city' };
    const byClerk = await call<Refusal>('/reporting/agencies', token('east-district', ['clerk']), {
      method: 'POST',
      body: JSON.stringify(north),
    });
    assert.equal(byClerk.status, 403, 'a clerk keeps no registry');
    const bySupervisorOfOther = await call<Refusal>('/reporting/agencies', token('east-district', ['supervisor']), {
      method: 'POST',
      body: JSON.stringify(north),
    });
    assert.equal(bySupervisorOfOther.status, 403, JSON.stringify(bySupervisorOfOther.body));
    const registered = await call<{ agency: { id: string; level: string } }>(
      '/reporting/agencies',
      token('mou-city', ['supervisor']),
      { method: 'POST', body: JSON.stringify(north) },
    );
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    assert.deepEqual([registered.body.agency.id, registered.body.agency.level], ['north-district', 'county']);
    const listed = await call<{ agencies: Array<{ id: string }> }>(
      '/reporting/agencies',
      token('mou-city', ['auditor']),
    );
    assert.deepEqual(
      listed.body.agencies.map((a) => a.id),
      ['mou-city', 'east-district', 'west-district', 'north-district'],
    );

    useAgencies(agencies().register(north));
    const accepted = await eventually(
      async () => {
        const r = await receive('north-district', 'north-district', '2021-04-01', 'north-registered');
        // 401 until applications knows the agency the token names.
        return r.status === 201 ? r : undefined;
      },
      { timeoutMs: 30_000, what: 'applications accepting a case of the agency registered through reporting' },
    );
    assert.equal(accepted.status, 201);
    assert.equal(await recorded(), 3);

    const removeWithCases = await call<Refusal>(
      '/reporting/agencies/east-district',
      token('mou-city', ['administrator']),
      {
        method: 'DELETE',
      },
    );
    assert.equal(removeWithCases.status, 409, JSON.stringify(removeWithCases.body));
    assert.equal(removeWithCases.body.rule, 'agency.has-cases');
  });
});
