// Checks every enforcement command makes on what a clerk enters.
import { agencyProblem } from '#contracts';
import { DomainError } from '#event-sourcing';
import { legalDateProblem } from '#contracts/legal-time';

/** The agency is in the registry and existed on the case's legal date `on` (ADR 0014). */
export function checkAgency(agencyId: string, on?: string): void {
  const problem = agencyProblem(agencyId, on);
  if (problem) throw new DomainError(problem.rule, problem.message, { field: problem.field });
}

/** A real calendar date, not after today. */
export function checkDate(field: string, date: string, today: string): void {
  const problem = legalDateProblem(field, date, { today });
  if (problem) throw new DomainError(problem.rule, problem.message, { field });
}

/** `later` may not be before `earlier` (same day allowed). */
export function checkOrder(rule: string, field: string, later: string, earlierName: string, earlier: string): void {
  if (later < earlier) {
    throw new DomainError(rule, `${field} ${later} is before ${earlierName} (${earlier})`, { field });
  }
}

export function checkArea(field: string, value: number, { positive = false }: { positive?: boolean } = {}): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new DomainError('area.negative', `${field} must be a number ≥ 0`, { field });
  }
  if (positive && value === 0) throw new DomainError('area.zero', `${field} must be greater than 0`, { field });
}

export function checkCount(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new DomainError('count.invalid', `${field} must be a whole number ≥ ${min}`, { field });
  }
}
