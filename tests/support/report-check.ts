// Holds a report to the figures a scenario implies (expectedAppendix2008, computed from the
// scenario's commands), row by row, and every balancing identity of the report to hold.
import assert from 'node:assert/strict';
import { CHANNEL_ROW_LABELS, type Channel } from '../../apps/reporting/src/annual-report/domain/vocabulary.js';
import { type ReportRow } from '#contracts/reporting';
import { type ReportJson } from '../../apps/platform/src/report-output.js';
import { type ExpectedFigure } from '../../apps/platform/src/scenario/expected.js';

/** Every row of a report, flattened, its label stripped of numbering and quotes. */
export function rowsOf(report: ReportJson): Map<string, number> {
  const rows = new Map<string, number>();
  const clean = (label: string): string =>
    label.replace(/^(其中[:：]\s*)?(\d+\.|（\d+）|\(\d+\))\s*/, '').replace(/[“”"]/g, '');
  const walk = (list: readonly ReportRow[]): void => {
    for (const r of list) {
      if (r.value !== undefined) rows.set(clean(r.label), r.value);
      if (r.children) walk(r.children);
    }
  };
  for (const t of report.tables) walk(t.rows);
  return rows;
}

/** The figures of the report that differ from the expected ones, as `label: got ≠ expected`. */
export function differences(report: ReportJson, expected: readonly ExpectedFigure[]): string[] {
  const rows = rowsOf(report);
  const out: string[] = [];
  for (const { label, value } of expected) {
    const rowLabel = label.startsWith('channel:')
      ? CHANNEL_ROW_LABELS[label.slice('channel:'.length) as Channel]
      : label;
    const got = rows.get(rowLabel);
    if (got !== value) out.push(`${rowLabel}: ${got} ≠ ${value}`);
  }
  return out;
}

export function assertReportEquals(report: ReportJson, expected: readonly ExpectedFigure[], when: string): void {
  assert.deepEqual(differences(report, expected), [], `${when}: every figure equals the one the scenario implies`);
  assert.deepEqual(
    report.checks.filter((c) => !c.holds),
    [],
    `${when}: every balancing identity holds`,
  );
}
