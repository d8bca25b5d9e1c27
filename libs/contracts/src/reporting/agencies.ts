// Changes to the agency registry (ADR 0014), owned by reporting (which owns the reports per agency)
// and published on `reporting.events` like its other events, so every service keeps its registry
// current. Stream `agency-registry` (one stream: each change is decided against every agency). An
// agency's official name is a public body's name printed on its published reports, not personal data.
import { z } from 'zod';
import { AGENCY_LEVELS, AgencyListError, agencyIdSchema, type AgencyRegistry } from '../agencies/registry.js';
import { defineEvent } from '../registry.js';

/** The one stream the registry's changes are recorded on: each change is decided against every agency. */
export const AGENCY_REGISTRY_STREAM = 'agency-registry';

const isoDate = z.iso.date();
const officialName = z.string().trim().min(1).max(100).describe("the agency's official name (a public body's)");

export const agencyRegistered = defineEvent({
  type: 'reporting.AgencyRegistered',
  schemaVersion: 1,
  description:
    'An agency was added to the registry: cases may belong to it from validFrom (or at once), and its roll-up is ' +
    "parentId's. Stream `agency-registry`.",
  schema: z.strictObject({
    agencyId: agencyIdSchema,
    name: officialName,
    level: z.enum(AGENCY_LEVELS),
    parentId: agencyIdSchema.optional(),
    validFrom: isoDate.optional(),
  }),
  example: { agencyId: 'west-district', name: '某市自然资源和规划局西区分局', level: 'county', parentId: 'mou-city' },
});

export const agencyRenamed = defineEvent({
  type: 'reporting.AgencyRenamed',
  schemaVersion: 1,
  description:
    'An agency took a new official name from a day on (国土资源局 became 自然资源和规划局 in 2019); its earlier names ' +
    'stay in its history, and a report uses the name the agency bore in its year. Stream `agency-registry`.',
  schema: z.strictObject({ agencyId: agencyIdSchema, name: officialName, from: isoDate }),
  example: { agencyId: 'mou-city', name: '某市自然资源和规划局', from: '2019-03-01' },
});

export const agencyEnded = defineEvent({
  type: 'reporting.AgencyEnded',
  schemaVersion: 1,
  description:
    'An agency ceased to exist after validTo (merged or abolished): no case may be recorded for it with a later ' +
    'legal date; its cases, reports and names stay. Stream `agency-registry`.',
  schema: z.strictObject({ agencyId: agencyIdSchema, validTo: isoDate }),
  example: { agencyId: 'east-district', validTo: '2020-06-30' },
});

export const agencyRemoved = defineEvent({
  type: 'reporting.AgencyRemoved',
  schemaVersion: 1,
  description:
    'An agency registered in error was taken out of the registry: it had no case and no agency below it (an agency ' +
    'with cases is ended instead). Stream `agency-registry`.',
  schema: z.strictObject({ agencyId: agencyIdSchema }),
  example: { agencyId: 'west-district' },
});

export type AgencyRegisteredData = z.infer<typeof agencyRegistered.schema>;
export type AgencyRenamedData = z.infer<typeof agencyRenamed.schema>;
export type AgencyEndedData = z.infer<typeof agencyEnded.schema>;
export type AgencyRemovedData = z.infer<typeof agencyRemoved.schema>;

export const agencyRegistryContracts = [agencyRegistered, agencyRenamed, agencyEnded, agencyRemoved] as const;

export type AgencyChange =
  | { readonly type: 'AgencyRegistered'; readonly data: AgencyRegisteredData }
  | { readonly type: 'AgencyRenamed'; readonly data: AgencyRenamedData }
  | { readonly type: 'AgencyEnded'; readonly data: AgencyEndedData }
  | { readonly type: 'AgencyRemoved'; readonly data: AgencyRemovedData };

/**
 * A registry with a published change applied — how reporting folds its stream and how every other
 * service follows `reporting.events`. A change that no longer applies to the list a process booted
 * with (its AGENCIES_FILE already has the agency, or lacks the one renamed) leaves the registry as it
 * is: the file is the deployment's word, the events what changed since.
 */
export function withAgencyChange(registry: AgencyRegistry, change: AgencyChange): AgencyRegistry {
  try {
    switch (change.type) {
      case 'AgencyRegistered': {
        const { agencyId, ...rest } = change.data;
        return registry.register({ id: agencyId, ...rest });
      }
      case 'AgencyRenamed':
        return registry.rename(change.data.agencyId, change.data.name, change.data.from);
      case 'AgencyEnded':
        return registry.end(change.data.agencyId, change.data.validTo);
      case 'AgencyRemoved':
        return registry.remove(change.data.agencyId);
    }
  } catch (err) {
    if (err instanceof AgencyListError) return registry;
    throw err;
  }
}
