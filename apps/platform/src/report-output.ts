// After the scenario: read the report from the reporting service (the same API an office head
// uses), print its tables in the terminal and write it in every format to a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Check, type ReportRow, type ReportTable } from '#contracts/reporting';
import { TEMPLATE_TITLES, type TemplateId } from './templates.js';

/** Every format the reporting service answers, each written to a file (PDF only where chromium is). */
export const FORMATS = ['json', 'csv', 'md', 'html', 'pdf', 'docx', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

/** A format the service could not make here (PDF without chromium): skipped, with the reason. */
export class FormatUnavailable extends Error {}

export interface ReportJson {
  readonly template: string;
  readonly agencyId: string;
  readonly scope?: string;
  readonly year: number;
  readonly tables: readonly ReportTable[];
  readonly checks: readonly Check[];
}

/**
 * Columns a terminal gives a string: CJK ideographs, fullwidth forms and CJK punctuation take two,
 * so Chinese labels line up with the figures after them.
 */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    // A character of a string always has a code point.
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

const padEnd = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
const padStart = (s: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(s))) + s;

function flatRows(rows: readonly ReportRow[], depth = 0): Array<{ row: ReportRow; depth: number }> {
  return rows.flatMap((row) => [{ row, depth }, ...(row.children ? flatRows(row.children, depth + 1) : [])]);
}

/** One table as text lines: its title, then one line per row (children indented under their parent). */
function tableAsText(table: ReportTable): string[] {
  const rows = flatRows(table.rows);
  const labelled = rows.map(({ row, depth }) => ({ row, label: `${'  '.repeat(depth)}${row.label}` }));
  const labelWidth = Math.max(displayWidth('指标'), ...labelled.map(({ label }) => displayWidth(label)));
  const lines = ['', table.title];
  if (table.columns) {
    // A matrix (national 三, 四): a heading line with the columns, each row's figures under them.
    const columns = table.columns;
    const sized = columns.map((c) => ({
      c,
      width: Math.max(displayWidth(c), ...rows.map(({ row }) => String(row.values?.[c] ?? '').length)),
    }));
    lines.push(`  ${padEnd('指标', labelWidth)}  ${sized.map(({ c, width }) => padStart(c, width)).join('  ')}`);
    labelled.forEach(({ row, label }) => {
      const cells = row.values ? sized.map(({ c, width }) => padStart(String(row.values?.[c] ?? ''), width)) : [];
      lines.push(`  ${padEnd(label, labelWidth)}  ${cells.join('  ')}`.trimEnd());
    });
    return lines;
  }
  const valueWidth = Math.max(0, ...rows.map(({ row }) => (row.value !== undefined ? String(row.value).length : 0)));
  labelled.forEach(({ row, label }) => {
    const figure =
      row.value !== undefined
        ? `${padStart(String(row.value), valueWidth)}${row.unit ? ` ${row.unit}` : ''}`
        : row.values
          ? // A block's own columns (national 二: 本年制发件数, 本年废止件数, …), each named.
            Object.entries(row.values)
              .map(([k, v]) => `${k} ${v}`)
              .join(' | ')
          : '';
    lines.push(`  ${padEnd(label, labelWidth)}  ${figure}`.trimEnd());
  });
  return lines;
}

/** The tables as aligned text lines, then how many balancing checks hold (and those that do not). */
export function tablesAsText(report: ReportJson): string[] {
  const lines = report.tables.flatMap(tableAsText);
  const failed = report.checks.filter((c) => !c.holds);
  lines.push('', `勾稽关系 (balancing checks): ${report.checks.length - failed.length}/${report.checks.length} hold`);
  for (const c of failed) lines.push(`  ✗ ${c.rule}: ${c.detail ?? ''}`);
  return lines;
}

/** A report as the terminal prints it: a heading naming the agency, year, template and scope, then the tables. */
export function reportAsText(report: ReportJson): string[] {
  const title = Object.hasOwn(TEMPLATE_TITLES, report.template)
    ? TEMPLATE_TITLES[report.template as TemplateId]
    : report.template;
  const scope = report.scope === 'rollup' ? '（含下级机关汇总）' : report.scope === 'agency' ? '（本机关）' : '';
  return [
    `${report.agencyId} ${report.year}年 ${title}${scope} — template ${report.template}`,
    ...tablesAsText(report),
  ];
}

/**
 * Reads a report in a format, as the bytes the service sent: a CSV keeps its byte-order mark (text
 * decoding would drop it, and spreadsheets then misread the Chinese), PDF, Word and Excel stay binary.
 * Rejects with FormatUnavailable when the service cannot make that format here.
 */
export interface FetchReport {
  (template: TemplateId, format: Format): Promise<Buffer>;
}

/**
 * Reads each chosen template's report (JSON) and prints its tables: the terminal shows what the files
 * hold, template by template. Returns the reports read.
 */
export async function printReports(
  templates: readonly TemplateId[],
  fetchReport: FetchReport,
  log: (line: string) => void,
): Promise<ReportJson[]> {
  const reports: ReportJson[] = [];
  for (const template of templates) {
    const report = JSON.parse((await fetchReport(template, 'json')).toString('utf8')) as ReportJson;
    log(`\n${reportAsText(report).join('\n')}`);
    reports.push(report);
  }
  return reports;
}

/**
 * Writes `<agency>-<scope>-<year>-<template>.<format>` for each template and format, byte for byte as
 * served; a format the service cannot make here is skipped and said once on `log`. Returns the paths.
 */
export async function writeReportFiles(
  outDir: string,
  prefix: string,
  templates: readonly TemplateId[],
  fetchReport: FetchReport,
  log: (line: string) => void = () => {},
): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const skipped = new Set<Format>();
  for (const template of templates) {
    for (const format of FORMATS) {
      if (skipped.has(format)) continue;
      let bytes: Buffer;
      try {
        bytes = await fetchReport(template, format);
      } catch (err) {
        if (!(err instanceof FormatUnavailable)) throw err;
        skipped.add(format);
        log(`[platform] no .${format} written: ${err.message}`);
        continue;
      }
      const file = path.join(outDir, `${prefix}-${template}.${format}`);
      writeFileSync(file, bytes);
      written.push(file);
    }
  }
  return written;
}
