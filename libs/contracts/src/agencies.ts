// The agencies a case can belong to (REPORTS §5). Reports exist per agency and rolled up for the
// city: the city bureau (市本级 cases) plus its county-level bureaus.

export interface Agency {
  readonly id: string;
  readonly name: string;
  /** The agency whose roll-up includes this one; undefined for the city (the top). */
  readonly parentId?: string;
}

export const CITY_AGENCY_ID = 'zhuzhou-city';

export const AGENCIES: readonly Agency[] = [
  { id: CITY_AGENCY_ID, name: '株洲市国土资源局' },
  { id: 'zhuzhou-county', name: '株洲县国土资源局', parentId: CITY_AGENCY_ID },
  { id: 'you-county', name: '攸县国土资源局', parentId: CITY_AGENCY_ID },
  { id: 'chaling-county', name: '茶陵县国土资源局', parentId: CITY_AGENCY_ID },
  { id: 'yanling-county', name: '炎陵县国土资源局', parentId: CITY_AGENCY_ID },
  { id: 'liling-city', name: '醴陵市国土资源局', parentId: CITY_AGENCY_ID },
];

export const AGENCY_IDS = AGENCIES.map((a) => a.id) as [string, ...string[]];

export const isAgencyId = (id: string): boolean => AGENCIES.some((a) => a.id === id);

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

/** The agency itself and every agency below it (the city's roll-up is all six). */
export function agencyAndDescendants(id: string): string[] {
  const below = AGENCIES.filter((a) => a.parentId === id).flatMap((a) => agencyAndDescendants(a.id));
  return [id, ...below];
}
