// The year a period belongs to; a malformed period is refused with the rule the domain uses.
import { parsePeriod } from '#contracts/publications';
import { DomainError } from '#event-sourcing';

export function parsePeriodYear(period: string): number {
  const range = parsePeriod(period);
  if (!range) throw new DomainError('period.invalid', 'period must be YYYY, YYYY-Qn or YYYY-MM', { field: 'period' });
  return range.year;
}
