// The shape of one year's official holiday arrangement (国务院办公厅关于 YYYY 年部分节假日安排的通知),
// as read from official-holidays.json.
// A working day is a Monday–Friday that is not listed in `holidays`, or a Saturday/Sunday listed in
// `makeUpWorkdays` (调休: a weekend day worked to make a longer holiday).

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

/** Every day from `from` to `to` inclusive (both `YYYY-MM-DD`, same month or across months). */
export function span(from: string, to: string): string[] {
  const out: string[] = [];
  // Plain string stepping through the calendar; civil-date is not imported to keep data files standalone.
  let [y, m, d] = from.split('-').map(Number) as [number, number, number];
  // Day 0 of the next month is the last day of this one.
  const daysIn = (yy: number, mm: number): number => new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  for (;;) {
    const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    out.push(s);
    if (s === to) return out;
    if (out.length > 40) throw new RangeError(`span ${from}..${to} is not a holiday block`);
    d++;
    if (d > daysIn(y, m)) {
      d = 1;
      m++;
      if (m > 12) {
        m = 1;
        y++;
      }
    }
  }
}
