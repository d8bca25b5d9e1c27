// Inclusive ranges of legal dates. Legal dates compare as strings, so a range is two strings and a
// store filter on a `YYYY-MM-DD` field is `{ $gte: from, $lte: to }`.
import { type LegalDate } from './legal-date.js';

export const minDate = (a: LegalDate, b: LegalDate): LegalDate => (a <= b ? a : b);
export const maxDate = (a: LegalDate, b: LegalDate): LegalDate => (a >= b ? a : b);

/** True when `date` lies in [from, to], both inclusive. */
export const within = (date: LegalDate | undefined, from: LegalDate, to: LegalDate): boolean =>
  date !== undefined && date >= from && date <= to;

/** The store's filter for an inclusive range on a `YYYY-MM-DD` field; undefined when neither end is given. */
export function dateRange(
  from: LegalDate | undefined,
  to: LegalDate | undefined,
): { $gte?: LegalDate; $lte?: LegalDate } | undefined {
  if (from === undefined && to === undefined) return undefined;
  return { ...(from === undefined ? {} : { $gte: from }), ...(to === undefined ? {} : { $lte: to }) };
}

/** `{ [field]: range }` for an inclusive range, or `{}` when neither end is given (spreads into a filter). */
export function dateRangeWhere(
  field: string,
  from: LegalDate | undefined,
  to: LegalDate | undefined,
): Record<string, { $gte?: LegalDate; $lte?: LegalDate }> {
  const range = dateRange(from, to);
  return range === undefined ? {} : { [field]: range };
}
