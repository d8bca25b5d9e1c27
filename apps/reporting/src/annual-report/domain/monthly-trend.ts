// Monthly trend of cases per area (业务领域) for one year: how many cases each month brought, by the
// legal date that puts a case in the year's report, beside the year-end forecast of the report
// figure that counts those cases. Pure over the case facts and the forecast rows.
import { type CaseFact } from './case-facts.js';
import { type ForecastRow } from './forecast.js';
import { L2008 } from './templates.js';

export type TrendArea = 'disclosure-requests' | 'publications' | 'violations' | 'appeals';

export interface AreaTrend {
  readonly area: TrendArea;
  /** The 2008-era report figures this area's count is (their sum). */
  readonly figures: readonly string[];
  /** Cases per month, January first (12 entries). */
  readonly monthly: readonly number[];
  readonly yearToDate: number;
  /** The forecast's year-end projection of the same figures; null when the forecast has none. */
  readonly projected: number | null;
}

interface AreaRule {
  readonly area: TrendArea;
  readonly figures: readonly string[];
  /** The legal date that counts the case in a year, or undefined when it does not count. */
  readonly dateOf: (fact: CaseFact) => string | undefined;
}

const AREAS: readonly AreaRule[] = [
  {
    area: 'disclosure-requests',
    figures: [L2008.received],
    dateOf: (f) => (f.kind === 'disclosure-request' ? f.receiptDate : undefined),
  },
  {
    area: 'publications',
    figures: [L2008.published],
    dateOf: (f) => (f.kind === 'publication' && f.retractedDate === undefined ? f.publishedDate : undefined),
  },
  {
    area: 'violations',
    figures: [L2008.discovered],
    dateOf: (f) => (f.kind === 'violation' ? f.discoveredDate : undefined),
  },
  {
    // Only appeals against a disclosure act, once confirmed, are in the report (REPORTS §3).
    area: 'appeals',
    figures: [L2008.reconsiderations, L2008.lawsuits],
    dateOf: (f) => (f.kind === 'appeal' && f.subject === 'disclosure' && f.confirmed ? f.filedDate : undefined),
  },
];

export function monthlyTrend(input: {
  readonly year: number;
  readonly agencyIds: readonly string[];
  readonly facts: readonly CaseFact[];
  readonly forecastRows: readonly ForecastRow[];
  /** Count only what is dated up to this day (the page's "as of"); the whole year when absent. */
  readonly asOf?: string;
}): AreaTrend[] {
  const prefix = `${input.year}-`;
  // ISO dates compare as strings.
  const upTo = (date: string) => input.asOf === undefined || date <= input.asOf;
  return AREAS.map((rule) => {
    const monthly = Array.from({ length: 12 }, () => 0);
    for (const fact of input.facts) {
      if (!input.agencyIds.includes(fact.agencyId)) continue;
      const date = rule.dateOf(fact);
      if (date === undefined || !date.startsWith(prefix) || !upTo(date)) continue;
      const month = Number(date.slice(5, 7)) - 1;
      monthly[month] = (monthly[month] ?? 0) + 1;
    }
    const rows = rule.figures.map((label) =>
      input.forecastRows.find((r) => r.path[r.path.length - 1] === label && r.column === undefined),
    );
    const found = rows.filter((r) => r !== undefined);
    // Projected only when every figure of the rule has a forecast.
    const projected = found.length === rows.length ? found.reduce((n, r) => n + r.projected, 0) : null;
    return {
      area: rule.area,
      figures: rule.figures,
      monthly,
      yearToDate: monthly.reduce((a, b) => a + b, 0),
      projected,
    };
  });
}
