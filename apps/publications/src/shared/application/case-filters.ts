// The list filter publications' views share besides the agency (agencyCondition, #contracts): a
// range of legal dates.
import { type Where } from '#event-sourcing/read-model';

/** An inclusive range on a `YYYY-MM-DD` field, or nothing. */
export function dateRangeWhere(field: string, from: string | undefined, to: string | undefined): Where {
  if (from === undefined && to === undefined) return {};
  return { [field]: { ...(from === undefined ? {} : { $gte: from }), ...(to === undefined ? {} : { $lte: to }) } };
}
