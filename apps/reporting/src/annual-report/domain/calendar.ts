// Dates of the statistical year. The year is 1 January – 31 December of the agency's local calendar
// (Asia/Shanghai, UTC+08:00 all year: China has kept no daylight saving time since 1991), so a legal
// instant is first turned into its local date, `YYYY-MM-DD`. Dates compare as strings.

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === value;
}

/** The Asia/Shanghai calendar date of an ISO-8601 instant (or the date itself if given a date). */
export function localDateOf(instant: string): IsoDate {
  if (ISO_DATE.test(instant)) return instant;
  const t = Date.parse(instant);
  if (Number.isNaN(t)) throw new RangeError(`not an ISO-8601 instant: ${instant}`);
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));
export const monthOf = (date: IsoDate): number => Number(date.slice(5, 7));
export const yearStart = (year: number): IsoDate => `${pad4(year)}-01-01`;
export const yearEnd = (year: number): IsoDate => `${pad4(year)}-12-31`;
const pad4 = (n: number): string => String(n).padStart(4, '0');

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a >= b ? a : b);

/** True when `date` lies in [from, to], both inclusive. */
export const within = (date: IsoDate | undefined, from: IsoDate, to: IsoDate): boolean =>
  date !== undefined && date >= from && date <= to;

function toUtcMs(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export const addDays = (date: IsoDate, days: number): IsoDate =>
  new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);

/** Last day of a month (1–12). */
export function monthEnd(year: number, month: number): IsoDate {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (date: IsoDate): number => new Date(toUtcMs(date)).getUTCDay();

/**
 * Which days are working days. The default knows only weekends; an official holiday calendar
 * (holidays and the make-up working days, 调休, of the State Council's yearly notice) can be given
 * as data. `name` is stated in every output that used it.
 */
export interface WorkingDayCalendar {
  readonly name: string;
  isWorkingDay(date: IsoDate): boolean;
}

export function calendarWith(name: string, holidays: Iterable<IsoDate>, makeUpWorkdays: Iterable<IsoDate>) {
  const off = new Set(holidays);
  const on = new Set(makeUpWorkdays);
  return {
    name,
    isWorkingDay(date: IsoDate): boolean {
      if (on.has(date)) return true;
      if (off.has(date)) return false;
      const d = weekdayOf(date);
      return d !== 0 && d !== 6;
    },
  } satisfies WorkingDayCalendar;
}

export const WEEKDAYS_ONLY: WorkingDayCalendar = calendarWith('Monday–Friday (no holiday calendar)', [], []);

/** Working days in [from, to], both inclusive (0 when to < from). */
export function workingDaysBetween(calendar: WorkingDayCalendar, from: IsoDate, to: IsoDate): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) n++;
  return n;
}
