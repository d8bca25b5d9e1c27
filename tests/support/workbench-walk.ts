// What a clerk and the office head do in the workbench (issue 18.1), in a real browser: the same
// walk on the embedded platform and on the six-process stack (tests/e2e/workbench*.e2e.spec.ts).
// The report's figures are read off the screen before and after, and held to the API's answer.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { eventually, repoRoot } from '#testing';
import { CHROMIUM_ARGS } from '../../apps/reporting/src/annual-report/adapters/report-pdf.js';

export const CHROMIUM = '/usr/bin/chromium';
export const skipWithoutChromium =
  !existsSync(CHROMIUM) && process.env.CI !== 'true'
    ? `${CHROMIUM} is missing (apt-get install chromium; CI installs it via .ci/run)`
    : false;

export const RESULTS = path.join(repoRoot(), 'test-results');

export interface Browser {
  readonly page: Page;
  /** Content-Security-Policy complaints and uncaught page errors seen so far. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'chromium-workbench-'));
  await mkdir(RESULTS, { recursive: true });
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    viewport: { width: 1400, height: 1000 },
    args: [...CHROMIUM_ARGS],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|CORS|Access-Control/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  return {
    page,
    problems,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the page has finished what the last click started. */
export async function settled(page: Page): Promise<void> {
  await page.waitForSelector('body[data-loaded=done]');
}

/** The status line, which must not say an API refused something. */
export async function assertNoError(page: Page, what: string): Promise<void> {
  const status = page.locator('#status');
  assert.notEqual(await status.getAttribute('class'), 'error', `${what}: ${await status.innerText()}`);
}

export interface ReportCell {
  readonly table: string;
  /** A row whose label includes this text. */
  readonly row: string;
  readonly column: string;
}
/** 三、收到和处理政府信息公开申请情况: new requests of the year, all applicants. */
export const RECEIVED: ReportCell = { table: 'national-3', row: '本年新收政府信息公开申请数量', column: '总计' };
/** …and those replied to as 予以公开. */
export const DISCLOSED: ReportCell = { table: 'national-3', row: '予以公开', column: '总计' };

/** A figure as the page shows it. */
export async function figureOnScreen(page: Page, cell: ReportCell): Promise<number> {
  const td = page
    .locator(`section[data-table="${cell.table}"] tr[data-row*="${cell.row}"] td[data-column="${cell.column}"]`)
    .first();
  return Number(await td.innerText());
}

interface ApiRow {
  label: string;
  values?: Record<string, number>;
  children?: ApiRow[];
}
/** The same figure from the reporting API's JSON (the page must show what the API computed). */
export function figureOfReport(tables: Array<{ id: string; rows: ApiRow[] }>, cell: ReportCell): number | undefined {
  const find = (rows: readonly ApiRow[]): number | undefined => {
    for (const r of rows) {
      if (r.label.includes(cell.row) && r.values?.[cell.column] !== undefined) return r.values[cell.column];
      const inner = r.children ? find(r.children) : undefined;
      if (inner !== undefined) return inner;
    }
    return undefined;
  };
  const table = tables.find((t) => t.id === cell.table);
  return table ? find(table.rows) : undefined;
}

/** Opens the report view for a year and scope `agency`, and waits for its tables. */
export async function showReport(page: Page, year: number): Promise<void> {
  await page.click('nav a[href="#/report"]');
  await settled(page);
  await page.fill('#r-year', String(year));
  await page.selectOption('#r-scope', 'agency');
  await page.click('#report-form button[type=submit]');
  await settled(page);
  await assertNoError(page, 'the report');
  await page.waitForSelector(`section[data-table="${RECEIVED.table}"]`);
}

export interface ClerkWalk {
  readonly requestId: string;
  readonly before: { received: number; disclosed: number };
  readonly after: { received: number; disclosed: number };
}

/**
 * A signed-in clerk reads the year's figures, records a request, finds it by words of what it asks
 * for, replies to it (予以公开), and reads the figures again once the report has caught up.
 */
export async function clerkRecordsAndReplies(
  page: Page,
  options: { readonly year: number; readonly words: string; readonly screenshots: string },
): Promise<ClerkWalk> {
  const { year, words } = options;
  await showReport(page, year);
  const before = { received: await figureOnScreen(page, RECEIVED), disclosed: await figureOnScreen(page, DISCLOSED) };

  await page.click('nav a[href="#/new"]');
  await settled(page);
  const form = page.locator('#receive-form');
  await form.locator('input[name=receiptDate]').fill(`${year}-11-02`);
  await form.locator('select[name=channel]').selectOption({ label: '网上' });
  await form.locator('select[name=applicantType]').selectOption({ label: '自然人' });
  await form.locator('textarea[name=informationRequested]').fill(`${words} 的土地出让合同`);
  await form.locator('input[name=applicantName]').fill('王测试');
  await page.screenshot({ path: path.join(RESULTS, `${options.screenshots}-record.png`), fullPage: true });
  await form.locator('button[type=submit]').click();
  await page.waitForURL(/#\/requests\/[0-9a-f-]{36}$/);
  await settled(page);
  await assertNoError(page, 'recording the request');
  const requestId = /#\/requests\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
  assert.equal(await page.locator('#case-id').innerText(), requestId);
  assert.match(await page.locator('#case-deadline').innerText(), /前答复（法定 20 个工作日）/);
  assert.equal(await page.locator('#case-history tbody tr').count(), 1);

  // The list, searched by words of what was asked for: this request alone.
  await page.click('nav a[href="#/requests"]');
  await settled(page);
  await page.fill('#f-q', words);
  await page.click('#filters button[type=submit]');
  await settled(page);
  await assertNoError(page, 'searching the list');
  const rows = page.locator('#requests tbody tr.request');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-request'))), [requestId]);
  await page.screenshot({ path: path.join(RESULTS, `${options.screenshots}-list.png`), fullPage: true });

  // The reply: an outcome of the national tree, chosen, never typed.
  await rows.first().locator('a').click();
  await settled(page);
  const reply = page.locator('form[data-action=reply]');
  await reply.locator('input[name=repliedOn]').fill(`${year}-11-16`);
  await reply.locator('select[name=category]').selectOption({ label: '予以公开' });
  assert.equal(await reply.locator('label.reason').isHidden(), true, '予以公开 has no reasons to choose');
  await reply.locator('button[type=submit]').click();
  await page.waitForSelector('#case-facts[data-status=replied]');
  await settled(page);
  await assertNoError(page, 'replying');
  assert.deepEqual(
    await page.locator('#case-history tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-type'))),
    ['applications.DisclosureRequestReceived', 'applications.DisclosureRequestReplied'],
  );
  await page.screenshot({ path: path.join(RESULTS, `${options.screenshots}-case.png`), fullPage: true });

  // The report moves once the projection has the reply (the page asks again, as the office would).
  await showReport(page, year);
  const after = await eventually(
    async () => {
      await page.click('#report-form button[type=submit]');
      await settled(page);
      const now = { received: await figureOnScreen(page, RECEIVED), disclosed: await figureOnScreen(page, DISCLOSED) };
      return now.disclosed > before.disclosed ? now : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'the report counting the reply' },
  );
  await page.screenshot({ path: path.join(RESULTS, `${options.screenshots}-report.png`), fullPage: true });
  return { requestId, before, after };
}

/** The figures after the walk are those the reporting API computes for the same agency-year. */
export async function assertFiguresAsApiComputes(
  reportingUrl: string,
  token: string,
  key: { readonly agencyId: string; readonly year: number },
  shown: ClerkWalk['after'],
): Promise<void> {
  const res = await fetch(
    `${reportingUrl}/reporting/annual-reports/${key.agencyId}/agency/${key.year}/report?template=national-2021&format=json`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  assert.equal(res.status, 200);
  const report = (await res.json()) as { tables: Parameters<typeof figureOfReport>[0] };
  assert.equal(figureOfReport(report.tables, RECEIVED), shown.received);
  assert.equal(figureOfReport(report.tables, DISCLOSED), shown.disclosed);
}

/**
 * The office head, on the report view, closes the year and publishes its report (accepting the
 * page's confirmations); the figure shown before is the one the published report shows.
 */
export async function officeHeadClosesAndPublishes(page: Page, screenshot: string): Promise<void> {
  const shown = await figureOnScreen(page, RECEIVED);
  page.on('dialog', (dialog) => void dialog.accept());
  await page.click('#close-year');
  await page.waitForSelector('#report-status[data-status=closed]');
  await assertNoError(page, 'closing the year');
  await page.click('#publish-year');
  await page.waitForSelector('#report-status[data-status=published]');
  await assertNoError(page, 'publishing the report');
  assert.equal(await figureOnScreen(page, RECEIVED), shown);
  await page.screenshot({ path: path.join(RESULTS, `${screenshot}.png`), fullPage: true });
}
