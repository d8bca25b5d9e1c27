// Warnings, not refusals: a legal date that falls on a day off (a weekend, or a day off of the State
// Council's holiday notice) is accepted — offices do work on some days off, and a date typed a day
// out is easier to see than to forbid — but the answer of the command says so, naming the field, the
// date and the holiday. The warning is part of the answer only, never of an event.
// Outside the calendar table (a year whose notice is not on file, e.g. 2027) only weekends can be
// judged: a Saturday or Sunday is warned about with a note that the year's arrangement is unknown; a
// weekday there gets no warning, since a holiday cannot be told from a working day without the notice.
import { isLegalDate, weekday, type LegalDate } from './legal-date.js';
import { OFFICIAL_CALENDAR, type WorkingCalendar } from './working-calendar.js';

export const NON_WORKING_DAY_RULE = 'legal-date.non-working-day';

/** One legal date of a command, by the field that holds it. */
export interface DatedField {
  readonly field: string;
  readonly date: LegalDate;
}

export interface LegalDateWarning {
  /** The command field holding the date, e.g. `repliedOn`. */
  readonly field: string;
  readonly date: LegalDate;
  readonly rule: typeof NON_WORKING_DAY_RULE;
  /** The holiday block's name as its notice gives it (元旦, 中秋节、国庆节, …), when the day is one. */
  readonly holiday?: string;
  /** What a clerk reads, in Chinese. */
  readonly message: string;
}

const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const ACCEPTED = '已按所填日期受理，请核对日期。';

/** One warning per date that falls on a day off; none for a working day. */
export function nonWorkingDayWarnings(
  dates: readonly DatedField[],
  calendar: WorkingCalendar = OFFICIAL_CALENDAR,
): LegalDateWarning[] {
  return dates.flatMap(({ field, date }): LegalDateWarning[] => {
    const day = calendar.dayKind(date);
    const base = { field, date, rule: NON_WORKING_DAY_RULE } as const;
    switch (day.kind) {
      case 'working':
        return [];
      case 'holiday': {
        const why = `${day.name ?? '节假日'}放假${day.notice ? `（${day.notice}）` : ''}`;
        const named = day.name === undefined ? {} : { holiday: day.name };
        return [{ ...base, ...named, message: `${field} ${date} 不是工作日：${why}。${ACCEPTED}` }];
      }
      case 'weekend':
        return [
          {
            ...base,
            message: `${field} ${date} 不是工作日：${WEEKDAY_NAMES[weekday(date)]}，且不是调休上班日。${ACCEPTED}`,
          },
        ];
      case 'unknown': {
        const d = weekday(date);
        if (d !== 0 && d !== 6) return [];
        const why = `${WEEKDAY_NAMES[d]}（${day.missingYear}年部分节假日安排的通知未收录，仅按周末判断）`;
        return [{ ...base, message: `${field} ${date} 不是工作日：${why}。${ACCEPTED}` }];
      }
    }
  });
}

/** Fields that hold a date but are no legal date of the act a command records. */
const NOT_AN_ACT_DATE = new Set(['today']);

/**
 * The legal dates of a command by the project's naming rule: a top-level field whose name ends in
 * `On` or `Date` (`repliedOn`, `receiptDate`) holding a `YYYY-MM-DD` date; `today` (the office's
 * clock) and the fields in `except` are left out.
 */
export function legalDatesOf(command: object, except: readonly string[] = []): DatedField[] {
  return Object.entries(command).flatMap(([field, value]) =>
    /(On|Date)$/.test(field) && !NOT_AN_ACT_DATE.has(field) && !except.includes(field) && isLegalDate(value)
      ? [{ field, date: value }]
      : [],
  );
}

/** What a command answers: the case as it now stands, and the warnings about its legal dates. */
export type WithDateWarnings<T> = T & { readonly warnings: readonly LegalDateWarning[] };

/** A command's answer with the warnings about its legal dates (an empty list when there are none). */
export const withDateWarnings = <T extends object>(
  answer: T,
  command: object,
  except: readonly string[] = [],
): WithDateWarnings<T> => ({
  ...answer,
  warnings: nonWorkingDayWarnings(legalDatesOf(command, except)),
});
