// A declared tally: a figure nobody records case by case (page views of the disclosure column,
// service information provided) is declared per period — a calendar month `YYYY-MM` or the whole
// year `YYYY` — and, for page views, per source. One stream holds an agency-year. Declaring a period
// again replaces its figure, never adds to it; a source's year is declared either as a whole or by
// months, never both (the two would overlap and count twice).
import { isAgencyId } from '#contracts';
import { parsePeriod, periodStart as startOf } from '#contracts/legal-time';
import { DomainError } from '#event-sourcing';

/** figures[source][period] = the declared value. */
export type TallyFigures = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface TallyDeclaration {
  readonly agencyId: string;
  readonly period: string;
  readonly source: string;
  readonly value: number;
  readonly today: string;
}

export interface TallyChange {
  readonly year: number;
  readonly previous: number | null;
  readonly yearTotal: number;
}

/** A tally's period: a year or a month (never a quarter: page views are counted by month). */
const tallyPeriod = (period: string) => {
  const range = parsePeriod(period);
  return range && range.kind !== 'quarter' ? range : undefined;
};

export const yearOfPeriod = (period: string): number => Number(period.slice(0, 4));

/** The first day of a tally's period (`YYYY` or `YYYY-MM`), `YYYY-MM-DD`. */
export const periodStart = (period: string): string => {
  const range = tallyPeriod(period);
  if (!range) throw new RangeError(`not a year or month: ${period}`);
  return startOf(range);
};

/**
 * Checks a declaration against the tally of its agency-year and returns the change, or undefined
 * when the period already holds this value (declaring it again changes nothing).
 */
export function declareFigure(
  current: { agencyId: string; year: number; figures: TallyFigures } | undefined,
  d: TallyDeclaration,
  valueField: string,
): TallyChange | undefined {
  if (!isAgencyId(d.agencyId)) {
    throw new DomainError('agency.unknown', `unknown agency ${d.agencyId}`, { field: 'agencyId' });
  }
  if (!tallyPeriod(d.period)) {
    throw new DomainError('period.invalid', 'period must be a year YYYY or a month YYYY-MM', { field: 'period' });
  }
  if (periodStart(d.period) > d.today) {
    throw new DomainError('period.in-future', `period ${d.period} has not begun (today is ${d.today})`, {
      field: 'period',
    });
  }
  if (!Number.isInteger(d.value) || d.value < 0) {
    throw new DomainError(`${valueField}.invalid`, `${valueField} must be a whole number ≥ 0`, { field: valueField });
  }
  const year = yearOfPeriod(d.period);
  if (current && (current.agencyId !== d.agencyId || current.year !== year)) {
    throw new DomainError('tally.wrong-stream', 'the declaration belongs to another agency-year tally');
  }
  const bySource = current?.figures[d.source] ?? {};
  const wholeYear = d.period.length === 4;
  const clash = Object.keys(bySource).find((p) => (p.length === 4) !== wholeYear);
  if (clash !== undefined) {
    throw new DomainError(
      'period.overlaps',
      wholeYear
        ? `months of ${year} are already declared for this source (e.g. ${clash}): declare months, not the year`
        : `the whole year ${year} is already declared for this source: re-declare the year, not a month`,
      { field: 'period' },
    );
  }
  const previous = bySource[d.period];
  if (previous === d.value) return undefined;
  const total = yearTotal(current?.figures ?? {}) - (previous ?? 0) + d.value;
  return { year, previous: previous ?? null, yearTotal: total };
}

export function yearTotal(figures: TallyFigures): number {
  let sum = 0;
  for (const periods of Object.values(figures)) for (const v of Object.values(periods)) sum += v;
  return sum;
}

export function withFigure(figures: TallyFigures, source: string, period: string, value: number): TallyFigures {
  return { ...figures, [source]: { ...(figures[source] ?? {}), [period]: value } };
}
