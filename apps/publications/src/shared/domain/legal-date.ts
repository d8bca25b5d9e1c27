// Legal dates (`YYYY-MM-DD`, Asia/Shanghai calendar days) and the checks every step applies to them.
// The office's `today` comes with the command: the domain never reads a clock.
import { AGENCY_IDS } from '#contracts';
import { DomainError } from '#event-sourcing';

export type CivilDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** The legal date as the envelope's `occurredAt`: that day at 00:00 in Asia/Shanghai. */
export const legalInstant = (date: CivilDate): string => `${date}T00:00:00+08:00`;

/** Refuses a date that is not a calendar date, lies after today, or before the step it follows. */
export function checkDate(field: string, value: unknown, today: CivilDate, after?: CivilDate): asserts value is string {
  if (!isCivilDate(value)) {
    throw new DomainError('date.invalid', `${field} must be a calendar date YYYY-MM-DD`, { field });
  }
  if (value > today) throw new DomainError('date.in-future', `${field} ${value} is after today (${today})`, { field });
  if (after !== undefined && value < after) {
    throw new DomainError('date.before-previous-step', `${field} ${value} is before ${after}, the date it follows`, {
      field,
    });
  }
}

export function checkAgency(agencyId: string): void {
  if (!(AGENCY_IDS as readonly string[]).includes(agencyId)) {
    throw new DomainError('agency.unknown', `no agency ${agencyId}`, { field: 'agencyId' });
  }
}

export function checkText(field: string, value: string, rule: string): string {
  const text = value.trim();
  if (text === '') throw new DomainError(rule, `${field} must not be empty`, { field });
  return text;
}
