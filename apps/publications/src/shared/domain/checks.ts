// The checks every step applies: its legal dates (`YYYY-MM-DD`, Asia/Shanghai calendar days, see
// `#contracts/legal-time`), agency and texts. The office's `today` comes with the command: the domain
// never reads a clock.
import { agencyProblem } from '#contracts';
import { legalDateProblem, type LegalDate } from '#contracts/legal-time';
import { DomainError } from '#event-sourcing';

/** Refuses a date that is not a calendar date, lies after today, or before the step it follows. */
export function checkDate(field: string, value: unknown, today: LegalDate, after?: LegalDate): asserts value is string {
  const problem = legalDateProblem(field, value, { today, ...(after === undefined ? {} : { after }) });
  if (problem) throw new DomainError(problem.rule, problem.message, { field });
}

/** The agency is in the registry and existed on the legal date `on` (ADR 0014). */
export function checkAgency(agencyId: string, on?: string): void {
  const problem = agencyProblem(agencyId, on);
  if (problem) throw new DomainError(problem.rule, problem.message, { field: problem.field });
}

export function checkText(field: string, value: string, rule: string): string {
  const text = value.trim();
  if (text === '') throw new DomainError(rule, `${field} must not be empty`, { field });
  return text;
}
