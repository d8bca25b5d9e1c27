// The report as PDF: the print page (render.ts) printed by Debian's chromium through playwright-core,
// launched as the project's browser tests launch it (a throw-away profile, headless, no sandbox, no
// network services). A4 comes from the page's own `@page` rule. Without chromium there is no PDF:
// the caller is told in one sentence what to install (503), never a stack.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ServiceUnavailableException } from '@nestjs/common';

/** Debian's chromium; another binary with CHROMIUM_PATH. */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string => env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags the browser tests start chromium with: headless, and nothing that reaches the network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PDF_UNAVAILABLE = 'report.pdf-unavailable';

/** Why no PDF can be made here, or undefined when chromium is installed. */
export function pdfUnavailable(executablePath = chromiumPath()): string | undefined {
  return existsSync(executablePath)
    ? undefined
    : `PDF needs chromium at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH`;
}

// Page numbers centred at the foot, as official documents number their pages: — 1 —.
const FOOTER =
  '<div style="width:100%;text-align:center;font-size:10px;font-family:serif">— <span class="pageNumber"></span> —</div>';

/** Prints the page to PDF (A4, the page's margins, page numbers). */
export async function pdfOf(html: string, executablePath = chromiumPath()): Promise<Buffer> {
  const missing = pdfUnavailable(executablePath);
  if (missing) {
    throw new ServiceUnavailableException({
      statusCode: 503,
      error: 'Service Unavailable',
      message: missing,
      rule: PDF_UNAVAILABLE,
    });
  }
  // Loaded when a PDF is asked for: the service starts, and serves every other format, without it.
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(path.join(os.tmpdir(), 'report-pdf-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath, args: [...CHROMIUM_ARGS] });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: FOOTER,
    });
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}
