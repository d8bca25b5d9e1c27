// Legal dates as `YYYY-MM-DD` strings in the agency's calendar (Asia/Shanghai). Arithmetic runs on
// day numbers (days since 1970-01-01) with the proleptic Gregorian algorithm, so no clock and no
// time zone is involved: a legal date is a calendar day, not an instant.

export type CivilDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
export function dayNumber(date: CivilDate): number {
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
export function fromDayNumber(n: number): CivilDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for a real calendar date in `YYYY-MM-DD` form (rejects 2009-02-30). */
export function isCivilDate(value: string): boolean {
  return DATE.test(value) && fromDayNumber(dayNumber(value)) === value;
}

export const addDays = (date: CivilDate, days: number): CivilDate => fromDayNumber(dayNumber(date) + days);

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (date: CivilDate): number => (((dayNumber(date) + 4) % 7) + 7) % 7;

export const isWeekend = (date: CivilDate): boolean => {
  const d = weekday(date);
  return d === 0 || d === 6;
};

export const yearOf = (date: CivilDate): number => Number(date.slice(0, 4));

/** The legal date as the envelope's `occurredAt`: that day at 00:00 in Asia/Shanghai. */
export const legalInstant = (date: CivilDate): string => `${date}T00:00:00+08:00`;
