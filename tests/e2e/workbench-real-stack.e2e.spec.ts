// The disclosure office's workbench on the real stack (issue 18.1): six service processes on their own
// ports against the real broker and store. The page is served by the applications service and calls
// the reporting service on its other origin — allowed by CORS for the workbench's origin alone, with
// the bearer token and no cookies. A clerk pastes a token (no development sign-in here: that is the
// embedded platform's), records a request, replies to it, and the report's figures on screen move.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CITY_AGENCY_ID } from '#contracts';
import { integrationInfra, startServiceStack, uniqueName, type ServiceStack } from '#testing';
import {
  assertFiguresAsApiComputes,
  type Browser,
  clerkRecordsAndReplies,
  officeHeadClosesAndPublishes,
  openBrowser,
  settled,
  showReport,
  skipWithoutChromium,
} from '../support/workbench-walk.js';

const real = await integrationInfra();
const YEAR = 2025;

describe(
  `the workbench in headless chromium on the six-process stack (${real.infra?.description ?? 'skipped'})`,
  { skip: real.skip || skipWithoutChromium },
  () => {
    const name = uniqueName('workbench');
    const topicPrefix = `${name}.`;
    let stack: ServiceStack;
    let browser: Browser;
    let applications: string;
    let reporting: string;

    before(async () => {
      stack = await startServiceStack({
        infra: real.infra!,
        dbPrefix: name.replace(/-/g, '_'),
        env: { TOPIC_PREFIX: topicPrefix },
      });
      applications = stack.services.applications.baseUrl;
      reporting = stack.services.reporting.baseUrl;
      browser = await openBrowser();
    });
    after(async () => {
      await browser?.close();
      await stack?.release();
    });

    it('names the reporting service’s origin in its configuration, and offers no development sign-in', async () => {
      const config = (await (await fetch(`${applications}/workbench/config.json`)).json()) as {
        serviceUrls: Record<string, string>;
      };
      assert.deepEqual(config.serviceUrls, { reporting });
      for (const base of [applications, reporting]) {
        assert.equal((await fetch(`${base}/platform/dev-sign-in`)).status, 404, `${base}: no dev sign-in`);
      }
    });

    it('allows the workbench’s origin, and no other, to call reporting across origins (bearer, no cookies)', async () => {
      const preflight = (origin: string) =>
        fetch(`${reporting}/reporting/annual-reports/${CITY_AGENCY_ID}/agency/${YEAR}/close`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,if-match,idempotency-key',
          },
        });
      const allowed = await preflight(applications);
      assert.equal(allowed.headers.get('access-control-allow-origin'), applications);
      assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
      assert.equal(allowed.headers.get('access-control-allow-credentials'), null, 'no credentials mode');
      const other = await preflight('http://evil.example');
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      // The applications service itself allows no other origin (the page is on its own).
      const toApplications = await fetch(`${applications}/applications/disclosure-requests`, {
        method: 'OPTIONS',
        headers: { origin: reporting, 'access-control-request-method': 'GET' },
      });
      assert.equal(toApplications.headers.get('access-control-allow-origin'), null);
    });

    it('lets a clerk paste a token, record a request, reply to it, and see the report’s figures move', async () => {
      const { page } = browser;
      const clerk = stack.issuer.mint({ sub: 'clerk-e2e', roles: ['clerk'], agencyId: CITY_AGENCY_ID });
      await page.goto(`${applications}/workbench/`);
      await settled(page);
      assert.equal(await page.locator('#dev-sign-in').isHidden(), true);
      await page.fill('#token', clerk);
      await page.click('#token-form button[type=submit]');
      await page.waitForSelector('#nav:not([hidden])');
      await settled(page);

      const walk = await clerkRecordsAndReplies(page, {
        year: YEAR,
        words: '实栈检索词',
        screenshots: 'workbench-real-stack',
      });
      assert.deepEqual(walk.after, { received: walk.before.received + 1, disclosed: walk.before.disclosed + 1 });
      const auditor = stack.issuer.mint({ sub: 'auditor-e2e', roles: ['auditor'], agencyId: CITY_AGENCY_ID });
      await assertFiguresAsApiComputes(reporting, auditor, { agencyId: CITY_AGENCY_ID, year: YEAR }, walk.after);
      assert.deepEqual(browser.problems, []);
    });

    it('lets the office head close and publish the year on reporting’s origin (If-Match from the exposed ETag)', async () => {
      const { page } = browser;
      const supervisor = stack.issuer.mint({ sub: 'head-e2e', roles: ['supervisor'], agencyId: CITY_AGENCY_ID });
      await page.click('#sign-out');
      await page.fill('#token', supervisor);
      await page.click('#token-form button[type=submit]');
      await page.waitForSelector('#nav:not([hidden])');
      await settled(page);
      await showReport(page, YEAR);
      await officeHeadClosesAndPublishes(page, 'workbench-real-stack-published');
      // Published: anyone reads it, without a token.
      assert.equal((await fetch(`${reporting}/reporting/published/${CITY_AGENCY_ID}/${YEAR}`)).status, 200);
      assert.deepEqual(browser.problems, []);
    });
  },
);
