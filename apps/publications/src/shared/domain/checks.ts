// The checks every step applies: its legal dates (`YYYY-MM-DD`, Asia/Shanghai calendar days, see
// `#contracts/legal-time`), agency and texts. The office's `today` comes with the command: the domain
// never reads a clock.
import { AGENCY_IDS } from '#contracts';
import { legalDateProblem, type LegalDate } from '#contracts/legal-time';
import { DomainError } from '#event-sourcing';

/** Refuses a date that is not a calendar date, lies after today, or before the step it follows. */
export function checkDate(field: string, value: unknown, today: LegalDate, after?: LegalDate): asserts value is string {
  const problem = legalDateProblem(field, value, { today, ...(after === undefined ? {} : { after }) });
  if (problem) throw new DomainError(problem.rule, problem.message, { field });
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
