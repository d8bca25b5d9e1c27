// The published annual report in a real browser (issue 17.4): the embedded platform (all six services
// in this process, in-memory transport) fed a smaller 2009 scenario; the city's office head closes
// the year and publishes its roll-up; the public address is opened in headless Debian chromium
// WITHOUT a token, and the page's own stylesheet is shown to apply (computed styles, not markup) under
// the page's Content-Security-Policy; a screenshot is kept in test-results/. Drafts stay behind roles.
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
import { repoRoot } from '#testing';
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

const YEAR = 2009;
const DRAFT = `/reporting/annual-reports/${CITY_AGENCY_ID}/rollup/${YEAR}`;
const PUBLIC = `/reporting/published/${CITY_AGENCY_ID}/${YEAR}`;

interface ReportJson {
  readonly status: string;
  readonly scope: string;
  readonly contentHash: string;
  readonly tables: ReadonlyArray<{ readonly id: string; readonly title: string }>;
  readonly published?: { readonly publishedOn: string };
  readonly manifest?: unknown;
}

describe('the published report, opened in headless chromium without a token', { skip }, () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let browser: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const cspViolations: string[] = [];
  const auth = embeddedAuth({});
  const mint = (roles: Array<'clerk' | 'supervisor' | 'auditor' | 'operations'>) =>
    auth.issuer.mint({ sub: 'office-head-e2e', roles, agencyId: CITY_AGENCY_ID });
  const results = path.join(repoRoot(), 'test-results');
  const call = (route: string, init: { method?: string; token?: string } = {}) =>
    fetch(`${baseUrl}${route}`, {
      method: init.method ?? 'GET',
      headers: init.token ? { authorization: `Bearer ${init.token}` } : {},
    });

  before(async () => {
    app = await createEmbeddedApp(auth.settings, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = await loopbackUrl(app);
    // The seed year with its large counts cut to five cases each: every kind of case and table is
    // there (requests, appeals, consultations, enforcement), in seconds rather than minutes.
    const seed = loadScenario(path.join(repoRoot(), 'apps/platform/scenarios/zhuzhou-2009.json'));
    const scenario = { ...seed, cases: seed.cases.map((c) => (c.count > 20 ? { ...c, count: 5 } : c)) };
    await feedScenario(expandScenario(scenario), {
      baseUrlFor: () => baseUrl,
      concurrency: 8,
      tokenFor: tokensPerAgency(auth.issuer, { sub: 'scenario-clerk', roles: ['clerk', 'supervisor'] }),
      defaultAgencyId: scenario.agencyId,
    });
    await waitForCatchUp({
      baseUrlFor: () => baseUrl,
      operationsToken: mint(['operations']),
    });

    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'chromium-profile-'));
    await mkdir(results, { recursive: true });
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      viewport: { width: 1200, height: 900 },
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

  it('answers 404 naming the agency and year until the report is published; the draft needs a token', async () => {
    const missing = await call(PUBLIC);
    assert.equal(missing.status, 404);
    const body = (await missing.json()) as { message: string; rule: string };
    assert.equal(body.rule, 'annual-report.not-published');
    assert.ok(body.message.includes(CITY_AGENCY_ID) && body.message.includes(String(YEAR)), body.message);
    assert.equal((await call(`${DRAFT}/report?format=html`)).status, 401, 'the draft is not public');

    // Closed is not published: still 404 for the public.
    const supervisor = mint(['supervisor']);
    assert.equal((await call(`${DRAFT}/close`, { method: 'POST', token: supervisor })).status, 200);
    assert.equal((await call(PUBLIC)).status, 404);
    assert.equal((await call(`${DRAFT}/publish`, { method: 'POST', token: supervisor })).status, 200);
  });

  it('serves the published report to anyone: its stylesheet applies under the page policy, no CSP violation', async () => {
    const response = await page.goto(`${baseUrl}${PUBLIC}?template=national-2021`);
    assert.equal(response?.status(), 200);

    // What the stylesheet says, as the browser applied it: collapsed ruled tables, figures to the
    // right, breakdown rows indented. Without the stylesheet each would be the browser's default.
    // Evaluated in the page (as text: these sources are compiled without the DOM's types).
    const styles = await page.evaluate<{
      borderCollapse: string;
      tableWidth: number;
      bodyWidth: number;
      cellBorder: string;
      figureAlign: string;
      nestedIndent: string;
    }>(`(() => {
      const table = document.querySelector('table');
      const td = document.querySelector('td');
      const nested = document.querySelector('th.l1');
      return {
        borderCollapse: getComputedStyle(table).borderCollapse,
        tableWidth: table.getBoundingClientRect().width,
        bodyWidth: document.body.getBoundingClientRect().width,
        cellBorder: getComputedStyle(td).borderTopWidth + ' ' + getComputedStyle(td).borderTopStyle,
        figureAlign: getComputedStyle(td).textAlign,
        nestedIndent: getComputedStyle(nested).paddingLeft,
      };
    })()`);
    assert.equal(styles.borderCollapse, 'collapse');
    assert.equal(styles.cellBorder, '1px solid');
    assert.equal(styles.figureAlign, 'right');
    assert.equal(styles.nestedIndent, `${1.5 * 16}px`);
    assert.equal(styles.tableWidth, styles.bodyWidth, 'tables span the page');
    // Allowed by the stylesheet's hash, not by allowing any inline style.
    const policy = (await response?.headerValue('content-security-policy')) ?? '';
    assert.match(policy, /style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    assert.doesNotMatch(policy, /unsafe-inline/);
    assert.match(await page.locator('h1').innerText(), new RegExp(`${YEAR}年`));
    await mkdir(results, { recursive: true });
    await page.screenshot({ path: path.join(results, 'published-report.png'), fullPage: true });
    assert.deepEqual(cspViolations, []);
  });

  it('serves the same frozen figures as the office reads, in every format, without the working manifest', async () => {
    for (const template of ['2008', 'national-2021']) {
      const office = (await (
        await call(`${DRAFT}/report?template=${template}&format=json`, { token: mint(['auditor']) })
      ).json()) as ReportJson;
      const res = await call(`${PUBLIC}?template=${template}&format=json`);
      assert.equal(res.status, 200);
      const published = (await res.json()) as ReportJson;
      assert.equal(published.status, 'published');
      assert.equal(published.scope, 'rollup', "the city's published report is its roll-up");
      assert.equal(published.contentHash, office.contentHash, template);
      assert.deepEqual(published.tables, office.tables, template);
      assert.equal(published.manifest, undefined, 'offsets and late events are not part of the document');
      assert.ok(published.published?.publishedOn, 'when it was published');

      const csv = await call(`${PUBLIC}?template=${template}&format=csv`);
      assert.equal(csv.status, 200);
      assert.match(
        csv.headers.get('content-disposition') ?? '',
        new RegExp(`${CITY_AGENCY_ID}-rollup-${YEAR}-${template}\\.csv`),
      );
      const md = await (await call(`${PUBLIC}?template=${template}&format=md`)).text();
      for (const t of office.tables) assert.ok(md.includes(t.title), `${template}: ${t.title} in the Markdown`);
    }
    // The page of the office's own route gets the same policy: its styles apply there too.
    const draftPage = await call(`${DRAFT}/report?format=html`, { token: mint(['auditor']) });
    assert.match(draftPage.headers.get('content-security-policy') ?? '', /style-src 'sha256-/);
  });

  it('refuses what is not a published report: another year, an unknown agency, an unknown format', async () => {
    const other = await call(`/reporting/published/${CITY_AGENCY_ID}/${YEAR + 1}`);
    assert.equal(other.status, 404);
    assert.match(((await other.json()) as { message: string }).message, new RegExp(`${YEAR + 1}`));
    const county = await call(`/reporting/published/you-county/${YEAR}`);
    assert.equal(county.status, 404, 'the county has published nothing');
    // An agency the registry does not know: a 404 naming it (issue 16.1; agencies are data).
    const unknown = await call(`/reporting/published/atlantis/${YEAR}`);
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /atlantis/);
    const format = await call(`${PUBLIC}?format=pdfx`);
    assert.equal(format.status, 400);
    assert.match(await format.text(), /format/);
  });
});
