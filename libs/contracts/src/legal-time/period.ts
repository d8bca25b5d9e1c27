// Reporting periods of the statistical year: a whole year `YYYY`, a quarter `YYYY-Qn` or a month
// `YYYY-MM`, each a range of legal dates. Periods of one agency and year never overlap where a figure
// is declared per period (a year excludes its quarters and months, a quarter its months).
import { daysInMonth, formatLegalDate, type LegalDate } from './legal-date.js';

export const PERIOD_PATTERN = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

export type PeriodKind = 'year' | 'quarter' | 'month';

export interface PeriodRange {
  readonly kind: PeriodKind;
  readonly year: number;
  /** First and last month of the period, 1..12. */
  readonly fromMonth: number;
  readonly toMonth: number;
}

/** The period a text names, or undefined when it is not `YYYY`, `YYYY-Qn` or `YYYY-MM`. */
export function parsePeriod(period: string): PeriodRange | undefined {
  const m = PERIOD_PATTERN.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2]) {
    const q = Number(m[2]);
    return { kind: 'quarter', year, fromMonth: q * 3 - 2, toMonth: q * 3 };
  }
  if (m[3]) {
    const month = Number(m[3]);
    return { kind: 'month', year, fromMonth: month, toMonth: month };
  }
  return { kind: 'year', year, fromMonth: 1, toMonth: 12 };
}

export const periodsOverlap = (a: PeriodRange, b: PeriodRange): boolean =>
  a.year === b.year && a.fromMonth <= b.toMonth && b.fromMonth <= a.toMonth;

/** First day of a period. */
export const periodStart = (p: PeriodRange): LegalDate => formatLegalDate(p.year, p.fromMonth, 1);

/** Last day of a period. */
export const periodEnd = (p: PeriodRange): LegalDate =>
  formatLegalDate(p.year, p.toMonth, daysInMonth(p.year, p.toMonth));

export const yearStart = (year: number): LegalDate => formatLegalDate(year, 1, 1);
export const yearEnd = (year: number): LegalDate => formatLegalDate(year, 12, 31);
export const monthEnd = (year: number, month: number): LegalDate =>
  formatLegalDate(year, month, daysInMonth(year, month));
