// After a scenario has been fed: wait until every projection has caught up, then read the report
// from the reporting service, print the tables of each chosen template and write every format to a folder. The same
// steps for the embedded platform (`npm start`) and for a real stack (`npm run scenario`).
import path from 'node:path';
import { agencies } from '#contracts';
import { type LocalIssuer } from '#auth';
import { waitForCatchUp } from './catch-up.js';
import { type Format, FormatUnavailable, printReports, writeReportFiles, type ReportJson } from './report-output.js';
import { type TemplateId } from './templates.js';

export interface ReadReportOptions {
  /** Where a route `/<service>/…` is served. */
  readonly baseUrlFor: (route: string) => string;
  /** Mints the auditor and operations tokens the reads need (the city bureau's). */
  readonly issuer: LocalIssuer;
  readonly agencyId: string;
  readonly year: number;
  readonly templates: readonly TemplateId[];
  readonly outDir: string;
  readonly catchUpTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface ReadReportResult {
  /** The report's address (without the template and format parameters): a draft, behind a token. */
  readonly reportUrl: string;
  /** Where anyone reads the report without a token once the office has closed and published it. */
  readonly publishedUrl: string;
  /** The report of each chosen template, as printed. */
  readonly reports: readonly ReportJson[];
  readonly files: readonly string[];
  /** An auditor token of the city bureau (1 h), for whoever reads on. */
  readonly auditorToken: string;
}

/** Where an agency-year's report is read: its draft (behind a token) and, once published, by anyone. */
export function reportAddresses(
  baseUrlFor: (route: string) => string,
  agencyId: string,
  year: number,
): { scope: 'agency' | 'rollup'; reportUrl: string; publishedUrl: string } {
  // An agency with bureaus below it reports its roll-up (the city bureau with its county bureaus), as the seed's is.
  const scope = agencies().descendants(agencyId).length > 1 ? 'rollup' : 'agency';
  const route = `/reporting/annual-reports/${agencyId}/${scope}/${year}/report`;
  const publicRoute = `/reporting/published/${agencyId}/${year}`;
  return {
    scope,
    reportUrl: `${baseUrlFor(route)}${route}`,
    publishedUrl: `${baseUrlFor(publicRoute)}${publicRoute}`,
  };
}

export async function catchUpAndReadReport(options: ReadReportOptions): Promise<ReadReportResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const mint = (roles: Array<'operations' | 'auditor'>): string =>
    options.issuer.mint({ sub: 'platform', roles, agencyId: agencies().top() });
  const auditorToken = mint(['auditor']);
  const started = Date.now();
  await waitForCatchUp({
    baseUrlFor: options.baseUrlFor,
    operationsToken: mint(['operations']),
    ...(options.catchUpTimeoutMs !== undefined ? { timeoutMs: options.catchUpTimeoutMs } : {}),
  });
  log(`[platform] projections caught up (${((Date.now() - started) / 1000).toFixed(1)} s after the feed)`);

  const { scope, reportUrl, publishedUrl } = reportAddresses(options.baseUrlFor, options.agencyId, options.year);
  const fetchReport = async (template: TemplateId, format: Format): Promise<Buffer> => {
    const res = await fetch(`${reportUrl}?template=${template}&format=${format}`, {
      headers: { authorization: `Bearer ${auditorToken}` },
    });
    // The bytes as sent: res.text() would drop the CSV's byte-order mark.
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status === 503) {
      // The service says in one sentence why it cannot make this format here (PDF without chromium).
      const body = JSON.parse(bytes.toString('utf8')) as { message?: string };
      throw new FormatUnavailable(body.message ?? `the service cannot make ${format} here`);
    }
    if (!res.ok) throw new Error(`report ${template}/${format}: ${res.status} ${bytes.toString('utf8').slice(0, 300)}`);
    return bytes;
  };
  const reports = await printReports(options.templates, fetchReport, log);

  const files = await writeReportFiles(
    options.outDir,
    `${options.agencyId}-${scope}-${options.year}`,
    options.templates,
    fetchReport,
    log,
  );
  const kinds = [...new Set(files.map((f) => path.extname(f).slice(1).toUpperCase()))].join(', ');
  log(`\n[platform] report written to ${path.resolve(options.outDir)} (${files.length} files: ${kinds})`);
  return { reportUrl, publishedUrl, reports, files, auditorToken };
}
