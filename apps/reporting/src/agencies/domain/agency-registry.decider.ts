// Changes to the agency registry (ADR 0014), one stream `agency-registry` over the list the service
// booted with (AGENCIES_FILE, or the 2009 scenario's): register an agency, rename it from a day on
// (the earlier names kept), end it (validTo: merged or abolished), or remove one registered in error —
// never one with cases: those are ended, so their cases and reports keep their agency.
import { type AgencyChange, type AgencyRegisteredData, withAgencyChange } from '#contracts/reporting';
import { AgencyListError, type AgencyRegistry } from '#contracts';
import { type Decider, type DomainEvent, DomainError, unreachable } from '#event-sourcing';

export { AGENCY_REGISTRY_STREAM } from '#contracts/reporting';

/** The published changes (#contracts/reporting), as the decider sees them. */
export type AgencyRegistryEvent = AgencyChange & DomainEvent;

export type AgencyRegistryCommand =
  | { readonly type: 'RegisterAgency'; readonly agency: AgencyRegisteredData }
  | { readonly type: 'RenameAgency'; readonly agencyId: string; readonly name: string; readonly from: string }
  | { readonly type: 'EndAgency'; readonly agencyId: string; readonly validTo: string }
  /** `hasCases`: whether any case of the agency is recorded (the reporting read model knows every case). */
  | { readonly type: 'RemoveAgency'; readonly agencyId: string; readonly hasCases: boolean };

export interface AgencyRegistryState {
  readonly registry: AgencyRegistry;
  /** The agency the last change concerned: the events' envelope agency. */
  readonly lastChanged: string | undefined;
}

/** Rules whose breach is a clash with what is already there (409) rather than a bad request (422). */
const CONFLICTS = new Set(['agency.id-duplicate', 'agency.has-subordinates', 'agency.name-history']);

/** The registry after `change`, or the refusal naming the first rule it breaks. */
function checked(change: () => AgencyRegistry, field: string): AgencyRegistry {
  try {
    return change();
  } catch (err) {
    if (!(err instanceof AgencyListError)) throw err;
    const first = err.problems[0];
    const rule = first?.rule ?? 'agency.invalid';
    throw new DomainError(rule, err.problems.map((p) => p.message).join('; '), {
      field: rule === 'agency.unknown' ? 'agencyId' : (first?.field ?? field),
      kind: rule === 'agency.unknown' ? 'not-found' : CONFLICTS.has(rule) ? 'conflict' : 'invalid',
    });
  }
}

function decide(command: AgencyRegistryCommand, state: AgencyRegistryState): AgencyRegistryEvent[] {
  const { registry } = state;
  switch (command.type) {
    case 'RegisterAgency': {
      const { agencyId, ...rest } = command.agency;
      checked(() => registry.register({ id: agencyId, ...rest }), 'agencyId');
      return [{ type: 'AgencyRegistered', data: command.agency }];
    }
    case 'RenameAgency': {
      checked(() => registry.rename(command.agencyId, command.name, command.from), 'from');
      return [{ type: 'AgencyRenamed', data: { agencyId: command.agencyId, name: command.name, from: command.from } }];
    }
    case 'EndAgency': {
      const ended = registry.get(command.agencyId)?.validTo;
      if (ended !== undefined) {
        throw new DomainError('agency.already-ended', `agency ${command.agencyId} ended on ${ended}`, {
          kind: 'conflict',
        });
      }
      const open = registry
        .descendants(command.agencyId)
        .slice(1)
        .filter((id) => (registry.get(id)?.validTo ?? '9999-12-31') > command.validTo);
      if (open.length > 0) {
        throw new DomainError(
          'agency.has-subordinates',
          `agencies ${open.join(', ')} below it exist after ${command.validTo}: end them first`,
          { kind: 'conflict' },
        );
      }
      checked(() => registry.end(command.agencyId, command.validTo), 'validTo');
      return [{ type: 'AgencyEnded', data: { agencyId: command.agencyId, validTo: command.validTo } }];
    }
    case 'RemoveAgency': {
      if (command.hasCases) {
        throw new DomainError(
          'agency.has-cases',
          `agency ${command.agencyId} has cases: it cannot be removed, only ended (POST …/end with validTo)`,
          { kind: 'conflict' },
        );
      }
      checked(() => registry.remove(command.agencyId), 'agencyId');
      return [{ type: 'AgencyRemoved', data: { agencyId: command.agencyId } }];
    }
    default:
      return unreachable(command);
  }
}

function evolve(state: AgencyRegistryState, event: AgencyRegistryEvent): AgencyRegistryState {
  return { registry: withAgencyChange(state.registry, event), lastChanged: event.data.agencyId };
}

/** The decider over the registry the service booted with. */
export const agencyRegistryDecider = (
  base: AgencyRegistry,
): Decider<AgencyRegistryCommand, AgencyRegistryEvent, AgencyRegistryState> => ({
  decide,
  evolve,
  initialState: { registry: base, lastChanged: undefined },
});
