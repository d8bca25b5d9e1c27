// The disclosure office's workbench in a real browser on the embedded platform (issue 18.1): a clerk
// signs in through the development sign-in, records a request, finds it by what it asks for,
// replies to it, and the report's figures on screen move by one — the same figures the reporting
// API computes. Then the office head (supervisor) sees the failed checks, closes and publishes the
// year; English is a click away. Screenshots are kept under test-results/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { embeddedAuth } from '#auth';
import { CITY_AGENCY_ID } from '#contracts';
import { createEmbeddedApp, loopbackUrl } from '../../apps/platform/src/embedded-app.js';
import {
  assertFiguresAsApiComputes,
  assertNoError,
  type Browser,
  clerkRecordsAndReplies,
  officeHeadClosesAndPublishes,
  openBrowser,
  RESULTS,
  settled,
  showReport,
  skipWithoutChromium,
} from '../support/workbench-walk.js';

/** A past year: the office head can close it (a year is closed from the next 1 January). */
const YEAR = 2025;

describe('the workbench in headless chromium on the embedded platform', { skip: skipWithoutChromium }, () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let browser: Browser;
  const auth = embeddedAuth({});
  const auditor = auth.issuer.mint({ sub: 'auditor-e2e', roles: ['auditor'], agencyId: CITY_AGENCY_ID });

  before(async () => {
    app = await createEmbeddedApp(auth.settings, { logger: ['error'], devSignInAgencyId: CITY_AGENCY_ID });
    await app.listen(0, '127.0.0.1');
    baseUrl = await loopbackUrl(app);
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('answers at /workbench/ with its own Content-Security-Policy; /workbench leads there; no other file', async () => {
    const page = await fetch(`${baseUrl}/workbench/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(
      page.headers.get('content-security-policy') ?? '',
      /script-src 'self'; style-src 'self'; connect-src 'self';/,
    );
    const bare = await fetch(`${baseUrl}/workbench`, { redirect: 'manual' });
    assert.deepEqual([bare.status, bare.headers.get('location')], [301, '/workbench/']);
    for (const name of ['__proto__', 'toString', 'monitoring.js']) {
      const res = await fetch(`${baseUrl}/workbench/assets/${name}`);
      assert.equal(res.status, 404, name);
      assert.equal(((await res.json()) as { rule: string }).rule, 'page.unknown-file');
    }
  });

  it('lets a clerk sign in, record a request, reply to it, and see the report’s figures move', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/workbench/`);
    await settled(page);
    assert.equal(await page.locator('h1').innerText(), '政府信息公开申请工作台');
    await page.click('#dev-sign-in button[data-role=clerk]');
    await page.waitForSelector('#nav:not([hidden])');
    await settled(page);
    assert.match(await page.locator('#whoami-text').innerText(), /platform-clerk（clerk，zhuzhou-city）/);

    const walk = await clerkRecordsAndReplies(page, { year: YEAR, words: '检索词甲乙', screenshots: 'workbench' });
    assert.deepEqual(walk.after, { received: walk.before.received + 1, disclosed: walk.before.disclosed + 1 });
    // What the screen shows is what the reporting API computes.
    await assertFiguresAsApiComputes(baseUrl, auditor, { agencyId: CITY_AGENCY_ID, year: YEAR }, walk.after);
    assert.deepEqual(browser.problems, []);
  });

  it('opens a case at #/requests/<id> (the monitoring page links there) and shows it in English on request', async () => {
    const { page } = browser;
    const listed = await fetch(`${baseUrl}/applications/disclosure-requests?agencyId=${CITY_AGENCY_ID}`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    const id = ((await listed.json()) as { items: Array<{ id: string }> }).items[0]!.id;
    await page.goto(`${baseUrl}/workbench/#/requests/${id}`);
    await page.waitForSelector('#view-case:not([hidden])');
    await settled(page);
    assert.equal(await page.locator('#case-id').innerText(), id);
    await page.click('#lang-switch button[data-lang=en]');
    await settled(page);
    assert.equal(await page.locator('h1').innerText(), 'Disclosure requests workbench');
    assert.match(await page.locator('#case-facts').innerText(), /disclosed \(予以公开\)/);
    await page.screenshot({ path: path.join(RESULTS, 'workbench-case-en.png'), fullPage: true });
    await page.click('#lang-switch button[data-lang=zh-CN]');
    await settled(page);
  });

  it('records a clarification, an extension and a fee notice, and names the field and rule of a refused step', async () => {
    const { page } = browser;
    assert.equal(await page.locator('form[data-action=extension]').isHidden(), true, 'a clerk does not extend');
    await page.click('#sign-out');
    await page.click('#dev-sign-in button[data-role=supervisor]');
    await page.waitForSelector('#nav:not([hidden])');
    await settled(page);
    await page.click('nav a[href="#/new"]');
    await settled(page);
    const form = page.locator('#receive-form');
    await form.locator('input[name=receiptDate]').fill(`${YEAR}-12-01`);
    await form.locator('textarea[name=informationRequested]').fill('2025年度征地补偿标准');
    await form.locator('input[name=applicantName]').fill('李测试');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/#\/requests\/[0-9a-f-]{36}$/);
    await settled(page);
    const act = async (action: string, fields: Record<string, string>) => {
      const step = page.locator(`form[data-action="${action}"]`);
      for (const [name, value] of Object.entries(fields)) await step.locator(`[name=${name}]`).fill(value);
      await step.locator('button[type=submit]').click();
      await settled(page);
    };
    // A clarification asked before the request arrived: refused, the field and the rule on screen.
    await act('clarification-request', { requestedOn: `${YEAR}-11-01`, dueOn: `${YEAR}-11-20` });
    assert.equal(await page.locator('#status').getAttribute('class'), 'error');
    assert.match(await page.locator('#status').innerText(), /^422 .*requestedOn/);
    await act('clarification-request', { requestedOn: `${YEAR}-12-02`, dueOn: `${YEAR}-12-16` });
    await assertNoError(page, 'asking for a clarification');
    assert.equal(await page.locator('#case-facts').getAttribute('data-status'), 'awaiting-clarification');
    await act('clarification', { receivedOn: `${YEAR}-12-08` });
    await assertNoError(page, 'the clarification');
    await act('extension', { extendedOn: `${YEAR}-12-10`, reason: '需要调取多年度档案' });
    await assertNoError(page, 'the extension');
    await act('fee-notice', { noticedOn: `${YEAR}-12-11`, amountYuan: '50' });
    await assertNoError(page, 'the fee notice');
    assert.deepEqual(
      await page.locator('#case-history tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-type'))),
      [
        'applications.DisclosureRequestReceived',
        'applications.ClarificationRequested',
        'applications.ClarificationReceived',
        'applications.DeadlineExtended',
        'applications.FeeNoticed',
      ],
    );
    const id = /#\/requests\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    const res = await fetch(`${baseUrl}/applications/disclosure-requests/${id}`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    const detail = (await res.json()) as { fee: { amountFen: number }; extension: { workingDays: number } };
    assert.equal(detail.fee.amountFen, 5000, '50 yuan is 5000 fen');
    assert.equal(await page.locator('#case-facts').getAttribute('data-status'), 'awaiting-payment');
    await page.screenshot({ path: path.join(RESULTS, 'workbench-case-steps.png'), fullPage: true });
  });

  it('shows the office head the failed checks, and lets them close and publish the year', async () => {
    const { page } = browser;
    await showReport(page, YEAR);
    assert.equal(await page.locator('#report-status').getAttribute('data-status'), 'live');
    // Every failed check the API names is listed on screen, by its rule.
    const res = await fetch(
      `${baseUrl}/reporting/annual-reports/${CITY_AGENCY_ID}/agency/${YEAR}/report?template=national-2021&format=json`,
      { headers: { authorization: `Bearer ${auditor}` } },
    );
    const { checks } = (await res.json()) as { checks: Array<{ rule: string; holds: boolean }> };
    const failed = checks.filter((c) => !c.holds).map((c) => c.rule);
    assert.deepEqual(
      await page
        .locator('#report-checks li.failed-check')
        .evaluateAll((lis) => lis.map((l) => l.getAttribute('data-rule'))),
      failed,
    );
    await officeHeadClosesAndPublishes(page, 'workbench-report-published');
    assert.deepEqual(browser.problems, []);
  });
});
