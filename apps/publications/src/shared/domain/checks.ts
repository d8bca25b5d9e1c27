// The checks every step applies: its legal dates (`YYYY-MM-DD`, Asia/Shanghai calendar days, see
// `#contracts/legal-time`), agency and texts. The office's `today` comes with the command: the domain
// never reads a clock.
import { AGENCY_IDS } from '#contracts';
import { isLegalDate, type LegalDate } from '#contracts/legal-time';
import { DomainError } from '#event-sourcing';

/** Refuses a date that is not a calendar date, lies after today, or before the step it follows. */
export function checkDate(field: string, value: unknown, today: LegalDate, after?: LegalDate): asserts value is string {
  if (!isLegalDate(value)) {
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
