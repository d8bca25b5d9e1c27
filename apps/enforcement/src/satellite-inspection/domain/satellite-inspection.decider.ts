// A satellite-image law-enforcement campaign (卫片执法检查) of one agency and year: new satellite
// images are compared with the approved land use; every change patch (图斑) is inspected on the
// ground — the land parcels (宗地) and area (亩) it covers, and the illegal land uses (违法用地, 宗)
// found. The campaign of year Y is usually inspected into the spring of Y+1, in several rounds whose
// figures add up.
import { type PatchesInspectedData } from '#contracts/enforcement';
import { DomainError, unreachable, type Decider } from '#event-sourcing';
import { checkAgency, checkArea, checkCount, checkDate } from '../../shared/domain/checks.js';
import { legalInstant, yearOf } from '#contracts/legal-time';

/** The figures of one inspection round (the campaign's figures are their sums). */
export interface InspectionRound {
  readonly inspectedOn: string;
  readonly patches: number;
  readonly parcels: number;
  readonly areaMu: number;
  readonly violations: number;
}

export type SatelliteInspectionCommand =
  /** Opens a campaign with its first round (or adds a round naming its campaign). */
  | ({
      readonly type: 'InspectPatches';
      readonly agencyId: string;
      readonly campaignYear: number;
      readonly today: string;
    } & InspectionRound)
  /** Adds a round to the campaign on file: its agency and year are the campaign's. */
  | ({ readonly type: 'AddInspectionRound'; readonly today: string } & InspectionRound);

export type SatelliteInspectionEvent = {
  readonly type: 'PatchesInspected';
  readonly data: PatchesInspectedData;
  readonly occurredAt: string;
};

export type SatelliteInspectionState =
  | { readonly status: 'none' }
  | {
      readonly status: 'inspecting';
      readonly agencyId: string;
      readonly campaignYear: number;
      readonly rounds: number;
      readonly patches: number;
      readonly parcels: number;
      readonly areaMu: number;
      readonly violations: number;
    };

function decide(command: SatelliteInspectionCommand, state: SatelliteInspectionState): SatelliteInspectionEvent[] {
  switch (command.type) {
    case 'InspectPatches': {
      checkAgency(command.agencyId);
      if (
        state.status !== 'none' &&
        (state.agencyId !== command.agencyId || state.campaignYear !== command.campaignYear)
      ) {
        throw new DomainError(
          'inspection.other-campaign',
          `this campaign is ${state.agencyId} ${state.campaignYear}; record another campaign separately`,
          { field: 'campaignYear' },
        );
      }
      return [inspected(command.agencyId, command.campaignYear, command, command.today)];
    }
    case 'AddInspectionRound': {
      if (state.status === 'none') {
        throw new DomainError('inspection.unknown', 'no such satellite inspection campaign', { kind: 'not-found' });
      }
      return [inspected(state.agencyId, state.campaignYear, command, command.today)];
    }
    default:
      return unreachable(command);
  }
}

/** A round of the campaign of `agencyId` and `campaignYear`, its figures checked. */
function inspected(
  agencyId: string,
  campaignYear: number,
  round: InspectionRound,
  today: string,
): SatelliteInspectionEvent {
  checkDate('inspectedOn', round.inspectedOn, today);
  const year = yearOf(round.inspectedOn);
  if (year !== campaignYear && year !== campaignYear + 1) {
    throw new DomainError(
      'inspection.outside-campaign',
      `the ${campaignYear} campaign is inspected in ${campaignYear} or ${campaignYear + 1}`,
      { field: 'inspectedOn' },
    );
  }
  checkCount('patches', round.patches, 1);
  checkCount('parcels', round.parcels, 0);
  checkCount('violations', round.violations, 0);
  checkArea('areaMu', round.areaMu);
  if (round.violations > round.parcels) {
    throw new DomainError(
      'inspection.violations-exceed-parcels',
      `violations (${round.violations}) cannot exceed the parcels inspected (${round.parcels})`,
      { field: 'violations' },
    );
  }
  const data: PatchesInspectedData = {
    agencyId: agencyId as PatchesInspectedData['agencyId'],
    campaignYear,
    inspectedOn: round.inspectedOn,
    patches: round.patches,
    parcels: round.parcels,
    areaMu: round.areaMu,
    violations: round.violations,
  };
  return { type: 'PatchesInspected', data, occurredAt: legalInstant(round.inspectedOn) };
}

function evolve(state: SatelliteInspectionState, event: SatelliteInspectionEvent): SatelliteInspectionState {
  switch (event.type) {
    case 'PatchesInspected': {
      const d = event.data;
      const before = state.status === 'none' ? { rounds: 0, patches: 0, parcels: 0, areaMu: 0, violations: 0 } : state;
      return {
        status: 'inspecting',
        agencyId: d.agencyId,
        campaignYear: d.campaignYear,
        rounds: before.rounds + 1,
        patches: before.patches + d.patches,
        parcels: before.parcels + d.parcels,
        areaMu: before.areaMu + d.areaMu,
        violations: before.violations + d.violations,
      };
    }
    default:
      return unreachable(event.type);
  }
}

export const satelliteInspectionDecider: Decider<
  SatelliteInspectionCommand,
  SatelliteInspectionEvent,
  SatelliteInspectionState
> = { decide, evolve, initialState: { status: 'none' } };
