// Legal dates (法定日期): calendar days `YYYY-MM-DD` of the agencies' calendar, Asia/Shanghai — UTC+08:00
// all year (China has kept no daylight saving time since 1991). A legal date is a day, not an instant:
// an event's `occurredAt` is the start of its legal day at +08:00, so the statistical year of a figure
// is the year of that date whatever the clock or time zone of the machine that recorded it.
// Arithmetic runs on day numbers (days since 1970-01-01, proleptic Gregorian — H. Hinnant's civil-date
// algorithms): integers only, so no clock and no time zone can shift a day.

/** A calendar day `YYYY-MM-DD` of the Asia/Shanghai calendar. Dates compare as strings. */
export type LegalDate = string;

/** The legal day's offset from UTC: +08:00, all year. */
export const LEGAL_OFFSET = '+08:00';
const LEGAL_OFFSET_MS = 8 * 3600_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYY-MM-DD` of a year, month (1–12) and day; no check that the day exists. */
export const formatLegalDate = (year: number, month: number, day: number): LegalDate =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Whether `value` is a real calendar day written YYYY-MM-DD (2009-02-29 and 2009-4-1 are not). */
export function isLegalDate(value: unknown): value is LegalDate {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(y, month);
}

/** Why a legal date given for `field` is refused: the rule broken and a message naming the field. */
export interface LegalDateProblem {
  readonly field: string;
  /** `date.invalid` (not a calendar date), `date.in-future`, `date.before-previous-step`. */
  readonly rule: 'date.invalid' | 'date.in-future' | 'date.before-previous-step';
  readonly message: string;
}

/**
 * The rules every step's legal date follows: a real calendar date, not after the office's `today`,
 * and not before `after` (the date of the step it follows, `afterWhat` saying what that is).
 * Undefined when the date passes; a service turns a problem into its own refusal (a 4xx).
 */
export function legalDateProblem(
  field: string,
  value: unknown,
  bounds: { readonly today?: LegalDate; readonly after?: LegalDate; readonly afterWhat?: string } = {},
): LegalDateProblem | undefined {
  if (!isLegalDate(value)) {
    return { field, rule: 'date.invalid', message: `${field} must be a calendar date YYYY-MM-DD` };
  }
  if (bounds.today !== undefined && value > bounds.today) {
    return { field, rule: 'date.in-future', message: `${field} ${value} is after today (${bounds.today})` };
  }
  if (bounds.after !== undefined && value < bounds.after) {
    const what = bounds.afterWhat ?? 'the date it follows';
    return {
      field,
      rule: 'date.before-previous-step',
      message: `${field} ${value} is before ${bounds.after}, ${what}`,
    };
  }
  return undefined;
}

export const yearOf = (date: LegalDate): number => Number(date.slice(0, 4));
export const monthOf = (date: LegalDate): number => Number(date.slice(5, 7));

/** Days since 1970-01-01 (days_from_civil). Throws on a string that is not YYYY-MM-DD. */
export function dayNumber(date: LegalDate): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  let y = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  y -= month <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (civil_from_days). */
export function dateOfDayNumber(n: number): LegalDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  return formatLegalDate(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

export const addDays = (date: LegalDate, days: number): LegalDate => dateOfDayNumber(dayNumber(date) + days);

/**
 * A period counted in months ends on the same day of the month that many months later; where that
 * month is shorter, on its last day (2009-08-31 + 6 months = 2010-02-28).
 */
export function addMonths(date: LegalDate, months: number): LegalDate {
  const index = yearOf(date) * 12 + (monthOf(date) - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatLegalDate(year, month, Math.min(Number(date.slice(8, 10)), daysInMonth(year, month)));
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (date: LegalDate): number => (((dayNumber(date) + 4) % 7) + 7) % 7;

export const isWeekend = (date: LegalDate): boolean => {
  const d = weekday(date);
  return d === 0 || d === 6;
};

/** The legal date as an event's `occurredAt`: that day at 00:00 at +08:00 (`2009-03-02T00:00:00+08:00`). */
export const legalInstant = (date: LegalDate): string => `${date}T00:00:00${LEGAL_OFFSET}`;

/** The legal date of an instant (milliseconds since the epoch): its calendar day at +08:00. */
const legalDateOfMs = (ms: number): LegalDate => new Date(ms + LEGAL_OFFSET_MS).toISOString().slice(0, 10);

/**
 * "Today" in the agencies' calendar at the instant `now` — the clock is injected, the function reads
 * none. The legal day turns at 16:00Z: 2023-10-01T15:59:59Z is still 2023-10-01, 16:00:00Z is 10-02.
 */
export const legalToday = (now: Date | number): LegalDate =>
  legalDateOfMs(typeof now === 'number' ? now : now.getTime());

/** The legal date of an ISO-8601 instant (a legal date given as such is returned as it is). */
export function legalDateOf(instant: string): LegalDate {
  if (DATE.test(instant)) return instant;
  const t = Date.parse(instant);
  if (Number.isNaN(t)) throw new RangeError(`not an ISO-8601 instant: ${instant}`);
  return legalDateOfMs(t);
}
