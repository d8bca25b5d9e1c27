// The official holiday arrangements, read from one data file (official-holidays.json: every year's
// blocks of days off and make-up working days, with the State Council notices they come from). To
// add a year: transcribe its notice there; the holiday-data spec checks every entry for consistency.
import data from './official-holidays.json' with { type: 'json' };
import { span, type HolidayYear } from './holiday-year.js';

export type { HolidayYear } from './holiday-year.js';

/** One entry of official-holidays.json, as transcribed (blocks of days off, not yet expanded). */
interface TranscribedYear {
  readonly year: number;
  readonly sources: HolidayYear['sources'];
  readonly daysOff: ReadonlyArray<{ readonly name: string; readonly from: string; readonly to: string }>;
  readonly makeUpWorkdays: readonly string[];
  readonly notes?: string;
}

/** Expands the blocks of days off into single dates. */
export function holidayYearOf(t: TranscribedYear): HolidayYear {
  return {
    year: t.year,
    sources: t.sources,
    holidays: t.daysOff.flatMap((b) => span(b.from, b.to)),
    daysOff: t.daysOff,
    makeUpWorkdays: t.makeUpWorkdays,
    ...(t.notes !== undefined ? { notes: t.notes } : {}),
  };
}

export const OFFICIAL_HOLIDAY_YEARS: readonly HolidayYear[] = (data.years as readonly TranscribedYear[]).map(
  holidayYearOf,
);
