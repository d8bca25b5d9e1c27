// The registry this process works with (ADR 0014). It starts as the 2009 scenario's data — the six
// 株洲 bureaus of REPORTS §5 (`zhuzhou-2009.json`) — and is replaced at boot by the deployment's own
// list (AGENCIES_FILE, `npm start -- --agencies`) and afterwards by the changes reporting publishes
// (agency registered, renamed, ended). Reference data like the working-day calendar: the command path
// checks a case's agency against it before anything is appended.
import data from './zhuzhou-2009.json' with { type: 'json' };
import { AgencyRegistry } from './registry.js';

/** The 2009 scenario's agencies: the city bureau (市本级) and its five county-level bureaus. */
export const ZHUZHOU_AGENCIES = AgencyRegistry.parse(data);

/** The 2009 scenario's city bureau, at the top of its roll-up. */
export const CITY_AGENCY_ID = 'zhuzhou-city';

let current: AgencyRegistry = ZHUZHOU_AGENCIES;

/** The registry in force in this process. */
export const agencies = (): AgencyRegistry => current;

/** Makes `registry` the one in force (at boot, and when a change to the agencies arrives). */
export function useAgencies(registry: AgencyRegistry): void {
  current = registry;
}

export const isAgencyId = (id: string): boolean => current.isKnown(id);

/**
 * The condition a list puts on its records' `agencyId`: one agency, or with `withSubordinates` it and
 * every agency below it; nothing when no agency is asked for (all the caller may read).
 */
export function agencyCondition(
  agencyId: string | undefined,
  withSubordinates = false,
): { agencyId?: string | { $in: string[] } } {
  if (agencyId === undefined) return {};
  return { agencyId: withSubordinates ? { $in: agencyAndDescendants(agencyId) } : agencyId };
}

/** The agency itself and every agency below it (the city's roll-up is all six); empty if unknown. */
export const agencyAndDescendants = (id: string): string[] => current.descendants(id);

/** The official name of an agency in a year (or on a day); the id itself when the registry has none. */
export const agencyNameIn = (id: string, at: number | string): string => current.nameIn(id, at) ?? id;

/**
 * Why a case of `agencyId` with legal date `on` is refused — the agency is not in the registry, or
 * did not exist that day — with the field to name; undefined when it may be recorded. A service turns
 * a problem into its own refusal (a 422) before anything is appended, like `legalDateProblem`.
 */
export function agencyProblem(
  agencyId: string,
  on?: string,
): { readonly field: 'agencyId'; readonly rule: string; readonly message: string } | undefined {
  const problem = current.problemOn(agencyId, on);
  return problem && { field: 'agencyId', ...problem };
}
