// The shape of one year's official holiday arrangement (国务院办公厅关于 YYYY 年部分节假日安排的通知),
// as read from official-holidays.json.
// A working day is a Monday–Friday that is not listed in `holidays`, or a Saturday/Sunday listed in
// `makeUpWorkdays` (调休: a weekend day worked to make a longer holiday).
import { addDays, type LegalDate } from '../legal-date.js';

export interface HolidayYear {
  readonly year: number;
  /** The notice(s) the dates come from, with where the text was read. */
  readonly sources: ReadonlyArray<{
    readonly title: string;
    readonly documentNumber?: string;
    readonly issuedOn: string;
    readonly url?: string;
  }>;
  /**
   * Days off by the arrangement, as `YYYY-MM-DD`, including weekend days inside a holiday block
   * (harmless: they are not working days anyway). May include days of the previous year when the
   * notice fixes them (e.g. 2018-12-30/31 in the 2019 notice).
   */
  readonly holidays: readonly string[];
  /** The blocks of `holidays` as the notice names them (元旦, 春节, …), for messages. */
  readonly daysOff?: ReadonlyArray<{ readonly name: string; readonly from: string; readonly to: string }>;
  /** Saturdays and Sundays that are working days (上班). */
  readonly makeUpWorkdays: readonly string[];
  /** Anything the reader should know about the accuracy of this file. */
  readonly notes?: string;
}

/** Every day from `from` to `to` inclusive: one block of days off (never more than 40 days). */
export function span(from: LegalDate, to: LegalDate): LegalDate[] {
  const out: LegalDate[] = [];
  for (let d = from; ; d = addDays(d, 1)) {
    out.push(d);
    if (d === to) return out;
    if (out.length > 40) throw new RangeError(`span ${from}..${to} is not a holiday block`);
  }
}
