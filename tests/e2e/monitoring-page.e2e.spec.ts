// The monitoring page in a real browser: the embedded platform (all seven services in this process,
// over the in-memory transport) fed the 2009 scenario, the page opened in headless Debian chromium
// with playwright-core by a browser set to Chinese, its figures held to what the APIs answer, a
// screenshot saved; the page in English through its switch and for a browser preferring English
// (issue 18.6); an overdue request linked to its page in the workbench (issue 18.4); then one dead
// letter made by publishing a message the projection cannot read, seen in the dead-letter view
// (another screenshot) and discarded through the page with a reason that is recorded with who did it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { embeddedAuth, tokensPerAgency } from '#auth';
import { CITY_AGENCY_ID } from '#contracts';
import { embeddedTransport } from '#event-sourcing/nest';
import { eventually, repoRoot } from '#testing';
import { waitForCatchUp } from '../../apps/platform/src/catch-up.js';
import { createEmbeddedApp, loopbackUrl } from '../../apps/platform/src/embedded-app.js';
import { expandScenario } from '../../apps/platform/src/scenario/expand.js';
import { loadScenario } from '../../apps/platform/src/scenario/load.js';
import { feedScenario } from '../../apps/platform/src/scenario/runner.js';
import { CHROMIUM_ARGS } from '../../apps/reporting/src/annual-report/adapters/report-pdf.js';

const CHROMIUM = '/usr/bin/chromium';
const skip =
  !existsSync(CHROMIUM) && process.env.CI !== 'true'
    ? `${CHROMIUM} is missing (apt-get install chromium; CI installs it via .ci/run)`
    : false;

interface ReportRow {
  label: string;
  value?: number;
  children?: ReportRow[];
}

function figure(rows: readonly ReportRow[], label: string): number | undefined {
  for (const r of rows) {
    if (r.label.includes(label) && r.value !== undefined) return r.value;
    const inner = r.children ? figure(r.children, label) : undefined;
    if (inner !== undefined) return inner;
  }
  return undefined;
}

describe('the monitoring page in headless chromium after the 2009 scenario', { skip }, () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let browser: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const cspViolations: string[] = [];
  const auth = embeddedAuth({});
  const opsToken = auth.issuer.mint({ sub: 'ops-e2e', roles: ['operations', 'auditor'], agencyId: CITY_AGENCY_ID });
  const auditor = auth.issuer.mint({ sub: 'auditor-e2e', roles: ['auditor'], agencyId: CITY_AGENCY_ID });
  const results = path.join(repoRoot(), 'test-results');
  const get = async <T>(route: string, token = opsToken): Promise<T> => {
    const res = await fetch(`${baseUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, `${route}: ${res.status} ${await res.clone().text()}`);
    return (await res.json()) as T;
  };

  before(async () => {
    app = await createEmbeddedApp(auth.settings, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = await loopbackUrl(app);
    const scenario = loadScenario(path.join(repoRoot(), 'apps/platform/scenarios/zhuzhou-2009.json'));
    await feedScenario(expandScenario(scenario), {
      baseUrlFor: () => baseUrl,
      concurrency: 8,
      tokenFor: tokensPerAgency(auth.issuer, { sub: 'scenario-clerk', roles: ['clerk', 'supervisor'] }),
      defaultAgencyId: scenario.agencyId,
    });
    await waitForCatchUp({ baseUrlFor: () => baseUrl, operationsToken: opsToken });

    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'chromium-profile-'));
    await mkdir(results, { recursive: true });
    // A fresh profile: playwright takes the user-data-dir as the persistent context's directory.
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      viewport: { width: 1400, height: 1000 },
      // A Chinese browser (Accept-Language: zh-CN), as the bureau's staff use.
      locale: 'zh-CN',
      args: [...CHROMIUM_ARGS],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it('shows health, lag, deadlines and the trend as the APIs give them, with the pasted token', async () => {
    await page.goto(`${baseUrl}/operations?year=2009&asOf=2009-12-31`);
    await page.fill('#token', opsToken);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('body[data-loaded=done]');
    assert.equal(await page.locator('#status').getAttribute('class'), '', await page.locator('#status').innerText());

    // Every service answers ready (就绪), and the projection has nothing left to apply.
    assert.equal(await page.locator('#pipeline tbody tr').count(), 7);
    assert.deepEqual(await page.locator('#pipeline tbody td.ready').allInnerTexts(), Array(7).fill('就绪'));
    for (const behind of await page.locator('#lag .events-behind').allInnerTexts()) assert.equal(behind, '0');

    // 受理申请总数 of the city roll-up report equals the year to date the trend shows, and the sum of its months.
    const report = await get<{ tables: Array<{ rows: ReportRow[] }> }>(
      `/reporting/annual-reports/${CITY_AGENCY_ID}/rollup/2009/report?template=2008&format=json`,
      auditor,
    );
    const received = report.tables.map((t) => figure(t.rows, '受理申请总数')).find((v) => v !== undefined);
    assert.ok(received !== undefined && received > 0, 'the report counts requests received');
    const area = page.locator('.chart[data-area=disclosure-requests]');
    assert.equal(Number(await area.locator('.year-to-date').innerText()), received);
    const bars = await area.locator('rect.bar title').allTextContents();
    assert.equal(
      // Each bar's title: its month and count (`3月：12`).
      bars.reduce((n, t) => n + Number(t.split('：')[1]), 0),
      received,
    );
    // At the year end the forecast is the figure as it stands.
    assert.equal(Number(await area.locator('.projected').innerText()), received);

    // The deadlines per agency are those the applications service answers for the same day.
    const summary = await get<{ overdue: number }>(
      `/applications/deadlines?agencyId=${CITY_AGENCY_ID}&asOf=2009-12-31&dueSoonWorkingDays=5`,
    );
    const cityOverdue = page.locator(`#deadlines tr[data-agency=${CITY_AGENCY_ID}] .requests-overdue`);
    assert.equal(Number(await cityOverdue.innerText()), summary.overdue);
    assert.equal(await page.locator('#deadlines tbody tr').count(), 6);

    assert.equal(await page.locator('#dead-letters tbody tr').count(), 0);
    await page.screenshot({ path: path.join(results, 'monitoring-page.png'), fullPage: true });
    assert.deepEqual(cspViolations, []);
  });

  it('refreshes by itself and draws the recent backlog and lag of every service as sparklines', async () => {
    await page.goto(`${baseUrl}/operations?year=2009&refresh=1`);
    // Three loads without a click: the first and two refreshes.
    await eventually(async () => Number((await page.locator('body').getAttribute('data-refreshes')) ?? 0) >= 3, {
      timeoutMs: 30_000,
      what: 'two refreshes after the first load',
    });
    const sparks = page.locator('#pipeline tbody td.history svg.spark');
    assert.equal(await sparks.count(), 7, 'one per service');
    for (const samples of await sparks.evaluateAll((nodes) =>
      nodes.map((n) => Number(n.getAttribute('data-samples'))),
    )) {
      assert.ok(samples >= 3, `each sparkline holds the samples of every refresh (${samples})`);
    }
    // Caught up: every sample of the projection's events behind is 0, and its title says so.
    assert.match((await page.locator('#lag-history svg.spark title').textContent()) ?? '', /^最新 0，最高 0（/);
    await page.screenshot({ path: path.join(results, 'monitoring-page-refreshing.png'), fullPage: false });
    await page.uncheck('#auto-refresh');
    assert.deepEqual(cspViolations, []);
  });

  it('is in Chinese by default, and in English through its switch (kept in the URL) or for an English browser', async () => {
    await page.goto(`${baseUrl}/operations?year=2009&asOf=2009-12-31&refresh=0`);
    await page.waitForSelector('body[data-loaded=done]');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.locator('h1 [data-i18n=title]').innerText(), '运行监控');
    assert.equal(await page.locator('#pipeline th').first().innerText(), '服务');
    assert.equal(await page.title(), '运行监控');

    // The switch keeps the page's other parameters and puts the language in the URL.
    await page.click('#lang-switch');
    await page.waitForSelector('html[lang=en] body[data-loaded=done]');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('lang'), 'en');
    assert.equal(url.searchParams.get('year'), '2009');
    assert.equal(await page.locator('h1 [data-i18n=title]').innerText(), 'Operations monitoring');
    assert.deepEqual(await page.locator('#pipeline tbody td.ready').allInnerTexts(), Array(7).fill('ready'));
    assert.match(await page.locator('#trend-subject').innerText(), / rollup 2009, as of 2009-12-31$/);
    assert.equal(await page.locator('#lang-switch').innerText(), '中文');
    await page.screenshot({ path: path.join(results, 'monitoring-page-en.png'), fullPage: true });
    // And back: the switch names Chinese, and the URL says so.
    await page.click('#lang-switch');
    await page.waitForSelector('html[lang=zh-CN] body[data-loaded=done]');
    assert.equal(new URL(page.url()).searchParams.get('lang'), 'zh-CN');

    // A browser that prefers English gets English without asking; one that names neither, Chinese.
    const english = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    try {
      const englishPage = await (await english.newContext({ locale: 'en-GB' })).newPage();
      await englishPage.goto(`${baseUrl}/operations?year=2009&refresh=0`);
      assert.equal(await englishPage.locator('html').getAttribute('lang'), 'en');
      assert.equal(await englishPage.locator('#deadlines th').first().innerText(), 'Agency');
      assert.equal(await englishPage.locator('#lang-switch').getAttribute('href'), '?year=2009&refresh=0&lang=zh-CN');
    } finally {
      await english.close();
    }
    for (const [acceptLanguage, expected] of [
      [undefined, 'zh-CN'],
      ['fr-FR', 'zh-CN'],
      ['en-US', 'en'],
    ] as const) {
      const res = await fetch(`${baseUrl}/operations`, {
        headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
      });
      assert.equal(res.headers.get('content-language'), expected, String(acceptLanguage));
      assert.match(await res.text(), new RegExp(`<html lang="${expected}">`));
    }
    const refused = await fetch(`${baseUrl}/operations?lang=fr`);
    assert.equal(refused.status, 400, 'a language the page does not have, named');
    assert.match(await refused.text(), /lang/);
    assert.deepEqual(cspViolations, []);
  });

  it('links an overdue disclosure request to its page in the workbench', async () => {
    const clerk = auth.issuer.mint({ sub: 'clerk-e2e', roles: ['clerk'], agencyId: CITY_AGENCY_ID });
    const res = await fetch(`${baseUrl}/applications/disclosure-requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${clerk}`,
        'content-type': 'application/json',
        'idempotency-key': 'monitoring-page-overdue',
      },
      body: JSON.stringify({
        agencyId: CITY_AGENCY_ID,
        receiptDate: '2009-11-02',
        channel: 'email',
        applicantType: 'natural-person',
        informationRequested: '2009年度土地出让合同',
        applicant: { name: '王五', phone: '13800000000' },
      }),
    });
    const received = (await res.json()) as { id: string };
    assert.equal(res.status, 201, JSON.stringify(received));

    await page.goto(`${baseUrl}/operations?year=2009&asOf=2009-12-31&refresh=0`);
    await page.waitForSelector('body[data-loaded=done]');
    const item = page.locator(`#deadline-cases li[data-case="${received.id}"]`);
    assert.equal(await item.count(), 1, 'the request is listed');
    const link = item.locator('a');
    assert.equal(await link.getAttribute('href'), `/workbench/#/requests/${received.id}`);
    assert.match((await link.textContent()) ?? '', /逾期/);
    // Every request listed is a link; an appeal, which the workbench has no page for, is text.
    const deadlines = await get<{
      agencies: Array<{ requests: { overdueCases?: Array<{ id: string; link: string | null }> } }>;
    }>('/operations/api/deadlines?asOf=2009-12-31');
    const listed = deadlines.agencies.flatMap((a) => a.requests.overdueCases ?? []);
    assert.ok(listed.some((c) => c.id === received.id));
    for (const c of listed) assert.equal(c.link, `/workbench/#/requests/${c.id}`);
    await page.locator('#deadlines-section details summary').click();
    await page.screenshot({ path: path.join(results, 'monitoring-page-overdue-links.png'), fullPage: true });
    // Followed, it goes where the workbench will be (another page of the product; here not built yet).
    await link.click();
    assert.equal(new URL(page.url()).hash, `#/requests/${received.id}`);
    assert.equal(new URL(page.url()).pathname, '/workbench/');
    assert.deepEqual(cspViolations, []);
  });

  it('opens on the latest year with cases, not the machine’s year, when no year is asked for', async () => {
    // The token pasted above is kept for the session: the page loads at once.
    await page.goto(`${baseUrl}/operations`);
    await page.waitForSelector('body[data-loaded=done]');
    assert.equal(await page.locator('#year').inputValue(), '2009');
    assert.match(await page.locator('#trend-subject').innerText(), / 2009 年，截至 2009-12-31$/);
    const area = page.locator('.chart[data-area=disclosure-requests]');
    assert.ok(Number(await area.locator('.year-to-date').innerText()) > 0, 'the 2009 requests, not an empty year');
  });

  it('lists a dead letter, inspects it, and discards it with a reason recorded with who did it', async () => {
    // Not an event at all: the projection's consumer cannot read it and gives up on it at once.
    await embeddedTransport().publish('applications.events', [
      { key: 'broken-by-test', value: '{"not": "an event envelope", "phone": "13812345678"}', headers: {} },
    ]);
    const listed = await eventually(
      async () => {
        const groups =
          await get<Array<{ topic: string; letters: Array<{ id: string; key: string | null }> }>>(
            '/operations/api/dead-letters',
          );
        return groups.flatMap((g) => g.letters).find((l) => l.key === 'broken-by-test');
      },
      { what: 'the dead letter listed by the operations API' },
    );

    await page.click('#token-form button[type=submit]'); // reload with the token kept in sessionStorage
    await page.waitForSelector('body[data-loaded=done]');
    const row = page.locator(`tr.dead-letter[data-letter="${listed.id}"]`);
    assert.equal(await row.count(), 1);
    await row.locator('button.inspect').click();
    const detail = await page.locator('#dead-letter-detail').innerText();
    assert.match(detail, /an event envelope/);
    assert.doesNotMatch(detail, /13812345678/, 'personal data is redacted in the payload');
    await page.screenshot({ path: path.join(results, 'dead-letters.png'), fullPage: true });

    page.once('dialog', (dialog) => void dialog.accept('a hand-made test message, not an event'));
    await row.locator('button.discard').click();
    await page.waitForSelector(`tr.dead-letter[data-letter="${listed.id}"]`, { state: 'detached' });

    const actions = await get<Array<{ type: string; actor: string; reason: string; letter: { offset: string } }>>(
      '/operations/api/dead-letters/applications.events/actions',
    );
    assert.deepEqual(
      actions.map((a) => [a.type, a.actor, a.reason]),
      [['operations.DeadLetterDiscarded', 'ops-e2e', 'a hand-made test message, not an event']],
    );
    assert.deepEqual(cspViolations, []);
  });
  it('refuses callers outside their role or agency (403)', async () => {
    const mint = (roles: Array<'clerk' | 'supervisor' | 'auditor' | 'operations'>, agencyId: string) =>
      auth.issuer.mint({ sub: 'access-e2e', roles, agencyId });
    const call = async (method: string, route: string, token: string, body?: unknown) =>
      (
        await fetch(`${baseUrl}${route}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
      ).status;
    const report = (agency: string, scope: string) => `/reporting/annual-reports/${agency}/${scope}/2009`;
    const countyClerk = mint(['clerk'], 'you-county');
    assert.equal(await call('GET', `${report('you-county', 'agency')}/report`, countyClerk), 200);
    assert.equal(await call('GET', `${report(CITY_AGENCY_ID, 'rollup')}/report`, countyClerk), 403);
    assert.equal(await call('GET', `${report('liling-city', 'agency')}/forecast`, countyClerk), 403);
    assert.equal(await call('GET', `${report('you-county', 'rollup')}/report`, countyClerk), 403);
    assert.equal(await call('GET', `${report('you-county', 'agency')}/report`, mint(['auditor'], CITY_AGENCY_ID)), 200);
    // Changing a report: a supervisor of the agency itself.
    assert.equal(
      await call('POST', `${report(CITY_AGENCY_ID, 'rollup')}/close`, mint(['auditor'], CITY_AGENCY_ID)),
      403,
    );
    assert.equal(await call('POST', `${report(CITY_AGENCY_ID, 'rollup')}/close`, mint(['clerk'], CITY_AGENCY_ID)), 403);
    assert.equal(
      await call('POST', `${report('you-county', 'agency')}/close`, mint(['supervisor'], CITY_AGENCY_ID)),
      403,
    );
    const facts = { fullTimeStaff: 1, partTimeStaff: 2, expenditureWanYuan: 3 };
    assert.equal(
      await call('PUT', `${report('you-county', 'agency')}/declared-facts`, mint(['supervisor'], 'liling-city'), facts),
      403,
    );
    // The projection's rebuild and the operations API: operations only.
    assert.equal(await call('POST', '/reporting/projection/rebuilds', mint(['supervisor'], CITY_AGENCY_ID)), 403);
    assert.equal(await call('GET', '/reporting/projection/lag', mint(['auditor'], CITY_AGENCY_ID)), 200);
    assert.equal(await call('GET', '/operations/api/dead-letters', mint(['auditor'], CITY_AGENCY_ID)), 403);
    assert.equal(
      await call('GET', '/operations/api/trend?agencyId=liling-city', mint(['operations'], 'you-county')),
      403,
    );
    assert.equal(await call('GET', '/operations', 'no-token'), 200, 'the page itself holds no data');
  });
});
