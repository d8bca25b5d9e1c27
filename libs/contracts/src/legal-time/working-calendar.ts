// Working days (工作日) under the official holiday arrangements: Monday–Friday, minus the days off a
// notice lists, plus the weekend days it makes working days (调休). A date whose year has no notice
// on file is unknown — never guessed — so a deadline is either right or shown as unknown.
import { addDays, isWeekend, yearOf, type LegalDate } from './legal-date.js';
import { OFFICIAL_HOLIDAY_YEARS, type HolidayYear } from './holidays/index.js';

/** From this day of December on, a date also depends on the next year's notice. */
const LATE_DECEMBER = '12-25';

/** What kind of day a date is under the official arrangements. */
export type DayKind =
  | { readonly kind: 'working'; readonly makeUpWorkday: boolean }
  | { readonly kind: 'weekend' }
  /** A day off of a holiday block: its name (元旦, 春节, …) and the notice that fixed it. */
  | { readonly kind: 'holiday'; readonly name?: string; readonly notice?: string }
  /** The notice that decides the date is not on file. */
  | { readonly kind: 'unknown'; readonly missingYear: number };

export class WorkingCalendar {
  private readonly holidays = new Set<string>();
  private readonly makeUpWorkdays = new Set<string>();
  private readonly years = new Set<number>();
  private readonly holidayNames = new Map<string, { name: string; notice: string }>();

  constructor(
    readonly data: readonly HolidayYear[],
    /** Said wherever a figure depends on the calendar (e.g. a forecast's method). */
    readonly name = `the State Council's holiday notices (国务院办公厅关于部分节假日安排的通知) on file, ${yearsOf(data)}`,
  ) {
    for (const y of data) {
      this.years.add(y.year);
      y.holidays.forEach((d) => this.holidays.add(d));
      y.makeUpWorkdays.forEach((d) => this.makeUpWorkdays.add(d));
      const notice = y.sources[0]?.title ?? `${y.year}`;
      for (const block of y.daysOff ?? []) {
        for (const d of y.holidays.filter((h) => h >= block.from && h <= block.to)) {
          this.holidayNames.set(d, { name: block.name, notice });
        }
      }
    }
  }

  /** The kind of day `date` is: a working day (perhaps a 调休 weekend), a weekend, a holiday, or unknown. */
  dayKind(date: LegalDate): DayKind {
    const working = this.isWorkingDay(date);
    if (working === undefined) return { kind: 'unknown', missingYear: this.missingYearFor(date) };
    if (working) return { kind: 'working', makeUpWorkday: this.makeUpWorkdays.has(date) };
    if (this.holidays.has(date)) return { kind: 'holiday', ...this.holidayNames.get(date) };
    return { kind: 'weekend' };
  }

  /**
   * True when the arrangement of `date` is known: its year's notice is on file and, for the last
   * week of December, the next year's too — that notice may move 元旦 days into late December (the
   * 2019 notice did so from 12-29, the 2023 one on 12-31).
   */
  covers(date: LegalDate): boolean {
    const y = yearOf(date);
    return this.years.has(y) && (date.slice(5) < LATE_DECEMBER || this.years.has(y + 1));
  }

  /** The year whose notice is needed to know `date` (its own, or the next for late December). */
  missingYearFor(date: LegalDate): number {
    const y = yearOf(date);
    return this.years.has(y) ? y + 1 : y;
  }

  /** Undefined when the date is not covered. */
  isWorkingDay(date: LegalDate): boolean | undefined {
    if (!this.covers(date)) return undefined;
    if (this.makeUpWorkdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    return !isWeekend(date);
  }

  /**
   * The date on which the `n`-th working day after `start` falls (the start day itself does not
   * count: 期间开始的当日不计入), skipping days for which `skip(day)` is true (a paused clock).
   * `stopAt`: give up at the first day after it (a clock that stops there). Returns
   * `{ missingYear }` when a day on the way is not covered.
   */
  nthWorkingDayAfter(
    start: LegalDate,
    n: number,
    skip: (day: LegalDate) => boolean = () => false,
    stopAfter?: LegalDate,
  ): { date: LegalDate } | { missingYear: number } | { stoppedWithCounted: number } {
    let counted = 0;
    let day = start;
    // 10 years of days is far more than any time limit plus pauses; it bounds a broken input.
    for (let i = 0; i < 3660; i++) {
      day = addDays(day, 1);
      if (stopAfter !== undefined && day > stopAfter) return { stoppedWithCounted: counted };
      if (skip(day)) continue;
      const working = this.isWorkingDay(day);
      if (working === undefined) return { missingYear: this.missingYearFor(day) };
      if (working && ++counted === n) return { date: day };
    }
    throw new RangeError(`no ${n}th working day within 10 years after ${start}`);
  }

  /**
   * The date `n` working days after `start` (a time limit of n 工作日 counted from the day after
   * `start`); undefined when a day on the way is not covered by a notice on file.
   */
  addWorkingDays(start: LegalDate, n: number): LegalDate | undefined {
    if (n === 0) return start;
    const r = this.nthWorkingDayAfter(start, n);
    return 'date' in r ? r.date : undefined;
  }

  /**
   * The date `n` working days after `start` for estimates (a "due soon" window): a day outside the
   * table counts by Monday–Friday alone, so there is always an answer.
   */
  addWorkingDaysOrWeekdays(start: LegalDate, n: number): LegalDate {
    let day = start;
    for (let counted = 0; counted < n;) {
      day = addDays(day, 1);
      if (this.isWorkingDayOrWeekday(day)) counted++;
    }
    return day;
  }

  /** Whether `date` is a working day, judging a date outside the table by Monday–Friday alone. */
  isWorkingDayOrWeekday(date: LegalDate): boolean {
    return this.isWorkingDay(date) ?? !isWeekend(date);
  }

  /**
   * Working days in [from, to], both inclusive (0 when to < from), for estimates: a day outside the
   * table counts by Monday–Friday alone. A time limit counts with `workingDaysBetween` instead.
   */
  countWorkingDays(from: LegalDate, to: LegalDate): number {
    let n = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.isWorkingDayOrWeekday(d)) n++;
    return n;
  }

  /** Working days d with from < d ≤ to; undefined if a day on the way is not covered. */
  workingDaysBetween(from: LegalDate, to: LegalDate): number | undefined {
    let counted = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      const working = this.isWorkingDay(day);
      if (working === undefined) return undefined;
      if (working) counted++;
    }
    return counted;
  }
}

function yearsOf(data: readonly HolidayYear[]): string {
  const years = data.map((y) => y.year).sort((a, b) => a - b);
  return years.length === 0 ? 'none' : `${years[0]}–${years[years.length - 1]}`;
}

/** The calendar of every official notice on file. */
export const OFFICIAL_CALENDAR = new WorkingCalendar(OFFICIAL_HOLIDAY_YEARS);

/** No notice at all: Monday–Friday are the working days. */
export const WEEKDAYS_ONLY = new WorkingCalendar([], 'Monday–Friday (no holiday calendar)');
