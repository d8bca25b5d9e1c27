// Legal dates (法定日期) are calendar days `YYYY-MM-DD` of the agency's local calendar
// (Asia/Shanghai). An event's `occurredAt` is the start of its legal day there, so the statistical
// year of a figure is the year of that date whatever the clock of the machine that recorded it.

/** `2009-03-02` → `2009-03-02T00:00:00+08:00`. */
export const legalTime = (date: string): string => `${date}T00:00:00+08:00`;

export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** Whether `date` is a real calendar day in the form YYYY-MM-DD (2009-02-29 is not). */
export function isLegalDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
