// The list filters publications' views share: an agency (with or without its subordinates) and a
// range of legal dates.
import { agencyAndDescendants } from '#contracts';
import { type Where } from '#event-sourcing';

/** An agency filter: the agency alone, or with `withSubordinates` it and every agency below it. */
export function agencyWhere(agencyId: string | undefined, withSubordinates = false): Where {
  if (agencyId === undefined) return {};
  return { agencyId: withSubordinates ? { $in: agencyAndDescendants(agencyId) } : agencyId };
}

/** An inclusive range on a `YYYY-MM-DD` field, or nothing. */
export function dateRangeWhere(field: string, from: string | undefined, to: string | undefined): Where {
  if (from === undefined && to === undefined) return {};
  return { [field]: { ...(from === undefined ? {} : { $gte: from }), ...(to === undefined ? {} : { $lte: to }) } };
}
