// Year-end forecast during the year: for every figure, the value so far and a projection to 31
// December, with the method stated. A flow (requests received, replies, consultations …) is scaled
// by the prior year's monthly profile — what share of last year's total had happened by the same
// point — when last year has that figure; otherwise by a working-day run rate. Stocks and declared
// figures (上年结转, 现行有效件数, staff, the closure rate) are shown as they stand. Rows are
// projected independently, so a forecast need not balance the way a report does.
import { type CaseFact } from './case-facts.js';
import {
  type LegalDate,
  monthEnd,
  monthOf,
  WEEKDAYS_ONLY,
  type WorkingCalendar,
  yearEnd,
  yearOf,
  yearStart,
} from '#contracts/legal-time';
import { type ReportSubject } from './derive-report.js';
import { figuresOf } from './report-model.js';
import { type DeclaredFacts, L2008, LNAT, round, tablesFor } from './templates.js';
import { yearFigures } from './year-figures.js';

export type ForecastMethod = 'prior-year-monthly-profile' | 'working-day-run-rate' | 'as-is';

export interface ForecastRow {
  readonly table: string;
  readonly path: readonly string[];
  readonly column?: string;
  readonly yearToDate: number;
  readonly projected: number;
  readonly method: ForecastMethod;
}

export interface Forecast extends ReportSubject {
  readonly asOf: LegalDate;
  /** How the projections were made, in words, with the calendar used. */
  readonly method: string;
  readonly rows: readonly ForecastRow[];
}

export interface ForecastInput extends ReportSubject {
  readonly agencyIds: readonly string[];
  /** Facts covering this year and the one before. */
  readonly facts: readonly CaseFact[];
  readonly declared?: DeclaredFacts;
  readonly asOf: LegalDate;
  readonly calendar?: WorkingCalendar;
}

/** Figures that are not flows over the year: shown as they stand. */
const AS_IS_LABELS = new Set<string>([
  LNAT.carriedIn,
  LNAT.carriedOut,
  LNAT.inForce,
  L2008.closureRate,
  L2008.staff,
  L2008.fullTime,
  L2008.partTime,
  L2008.expenditure,
]);

const figureKey = (f: { table: string; path: readonly string[]; column?: string }): string =>
  `${f.table}\u0000${f.path.join('\u0000')}\u0000${f.column ?? ''}`;

export function forecast(input: ForecastInput): Forecast {
  const calendar = input.calendar ?? WEEKDAYS_ONLY;
  const { template, agencyId, scope, year } = input;
  const subject = { template, agencyId, scope, year };
  const asOf = input.asOf;
  const tablesAt = (y: number, cut: LegalDate) =>
    figuresOf(
      tablesFor(template, yearFigures(input.facts, { agencyIds: input.agencyIds, year: y, asOf: cut }), input.declared),
    );

  const current = tablesAt(year, asOf);
  const finished = asOf >= yearEnd(year);
  // The prior year's cumulative value of each figure at the end of each month (index 0 = before January).
  const prior = year - 1;
  const monthly: Array<Map<string, number>> = [new Map()];
  for (let m = 1; m <= 12; m++)
    monthly.push(new Map(tablesAt(prior, monthEnd(prior, m)).map((f) => [figureKey(f), f.value])));

  const month = yearOf(asOf) === year ? monthOf(asOf) : 1;
  const monthStart = `${asOf.slice(0, 7)}-01`;
  const monthFraction =
    calendar.countWorkingDays(monthStart, monthEnd(year, month)) > 0
      ? calendar.countWorkingDays(monthStart, asOf) / calendar.countWorkingDays(monthStart, monthEnd(year, month))
      : 1;
  const elapsed = calendar.countWorkingDays(yearStart(year), asOf);
  const total = calendar.countWorkingDays(yearStart(year), yearEnd(year));

  const rows: ForecastRow[] = current.map((f) => {
    const digits = Number.isInteger(f.value) ? 0 : 2;
    const base = {
      table: f.table,
      path: f.path,
      ...(f.column !== undefined ? { column: f.column } : {}),
      yearToDate: f.value,
    };
    if (finished || f.path.some((label) => AS_IS_LABELS.has(label))) {
      return { ...base, projected: f.value, method: 'as-is' as const };
    }
    const key = figureKey(f);
    // monthly[m] holds the prior year's figures at the end of month m (0: none yet), m = 0 … 12.
    const fullPrior = monthly[12]?.get(key) ?? 0;
    const before = monthly[month - 1]?.get(key) ?? 0;
    const during = (monthly[month]?.get(key) ?? 0) - before;
    const share = fullPrior > 0 ? (before + during * monthFraction) / fullPrior : 0;
    if (share > 0) {
      return { ...base, projected: round(f.value / share, digits), method: 'prior-year-monthly-profile' as const };
    }
    if (elapsed > 0) {
      return {
        ...base,
        projected: round((f.value * total) / elapsed, digits),
        method: 'working-day-run-rate' as const,
      };
    }
    return { ...base, projected: f.value, method: 'as-is' as const };
  });

  return {
    ...subject,
    asOf,
    method: finished
      ? `the year has ended: values as counted up to ${yearEnd(year)}`
      : `per figure: the prior year's (${prior}) monthly profile — year-to-date divided by the share of ${prior}'s ` +
        `total reached by the same point (months ${month > 1 ? `1–${month - 1}` : 'none'} in full, month ${month} by ` +
        `working days elapsed) — where ${prior} has the figure; otherwise a working-day run rate ` +
        `(year-to-date × ${total} / ${elapsed} working days). Stocks and declared figures as they stand. ` +
        `Working days: ${calendar.name}.`,
    rows,
  };
}
