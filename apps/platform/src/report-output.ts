// After the scenario: read the report from the reporting service (the same API an office head
// uses), print its tables in the terminal and write it in every format to a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const TEMPLATES = { 'appendix-2008': '2008', 'national-2021': 'national-2021' } as const;
export type TemplateOption = keyof typeof TEMPLATES | 'all';
export type TemplateId = (typeof TEMPLATES)[keyof typeof TEMPLATES];

/** The reporting service's template ids for a `--template` option. */
export function templatesOf(option: TemplateOption): TemplateId[] {
  return option === 'all' ? Object.values(TEMPLATES) : [TEMPLATES[option]];
}
export const FORMATS = ['json', 'csv', 'md', 'html'] as const;

export interface ReportRow {
  readonly label: string;
  readonly unit?: string;
  readonly value?: number;
  readonly values?: Readonly<Record<string, number>>;
  readonly children?: readonly ReportRow[];
}

export interface ReportJson {
  readonly template: string;
  readonly agencyId: string;
  readonly year: number;
  readonly tables: ReadonlyArray<{ readonly id: string; readonly title: string; readonly rows: readonly ReportRow[] }>;
  readonly checks: ReadonlyArray<{ readonly rule: string; readonly holds: boolean; readonly detail?: string }>;
}

/** The tables as aligned text lines: label, value, unit; children indented under their parent. */
export function tablesAsText(report: ReportJson): string[] {
  const lines: string[] = [];
  const walk = (rows: readonly ReportRow[], depth: number): void => {
    for (const r of rows) {
      const value =
        r.value !== undefined
          ? String(r.value)
          : r.values
            ? Object.entries(r.values)
                .map(([k, v]) => `${k} ${v}`)
                .join(' | ')
            : '';
      lines.push(`  ${'  '.repeat(depth)}${r.label}  ${value}${r.unit && value ? ` ${r.unit}` : ''}`.trimEnd());
      if (r.children) walk(r.children, depth + 1);
    }
  };
  for (const table of report.tables) {
    lines.push('', table.title);
    walk(table.rows, 0);
  }
  const failed = report.checks.filter((c) => !c.holds);
  lines.push('', `勾稽关系 (balancing checks): ${report.checks.length - failed.length}/${report.checks.length} hold`);
  for (const c of failed) lines.push(`  ✗ ${c.rule}: ${c.detail ?? ''}`);
  return lines;
}

export interface FetchReport {
  (template: string, format: (typeof FORMATS)[number]): Promise<string>;
}

/** Writes `<agency>-<scope>-<year>-<template>.<format>` for each template and format; returns the paths. */
export async function writeReportFiles(
  outDir: string,
  prefix: string,
  templates: readonly string[],
  fetchReport: FetchReport,
): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const template of templates) {
    for (const format of FORMATS) {
      const file = path.join(outDir, `${prefix}-${template}.${format}`);
      writeFileSync(file, await fetchReport(template, format));
      written.push(file);
    }
  }
  return written;
}
