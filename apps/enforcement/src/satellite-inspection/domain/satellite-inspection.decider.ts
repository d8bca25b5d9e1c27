// A satellite-image law-enforcement campaign (卫片执法检查) of one agency and year: new satellite
// images are compared with the approved land use; every change patch (图斑) is inspected on the
// ground — the land parcels (宗地) and area (亩) it covers, and the illegal land uses (违法用地, 宗)
// found. The campaign of year Y is usually inspected into the spring of Y+1, in several rounds whose
// figures add up.
import { type PatchesInspectedData } from '#contracts/enforcement';
import { DomainError, unreachable, type Decider } from '#event-sourcing';
import { checkAgency, checkArea, checkCount, checkDate } from '../../shared/domain/checks.js';
import { legalInstant, yearOf } from '#contracts/legal-time';

export type SatelliteInspectionCommand = {
  readonly type: 'InspectPatches';
  readonly agencyId: string;
  readonly campaignYear: number;
  readonly inspectedOn: string;
  readonly patches: number;
  readonly parcels: number;
  readonly areaMu: number;
  readonly violations: number;
  readonly today: string;
};

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
      checkDate('inspectedOn', command.inspectedOn, command.today);
      const year = yearOf(command.inspectedOn);
      if (year !== command.campaignYear && year !== command.campaignYear + 1) {
        throw new DomainError(
          'inspection.outside-campaign',
          `the ${command.campaignYear} campaign is inspected in ${command.campaignYear} or ${command.campaignYear + 1}`,
          { field: 'inspectedOn' },
        );
      }
      checkCount('patches', command.patches, 1);
      checkCount('parcels', command.parcels, 0);
      checkCount('violations', command.violations, 0);
      checkArea('areaMu', command.areaMu);
      if (command.violations > command.parcels) {
        throw new DomainError(
          'inspection.violations-exceed-parcels',
          `violations (${command.violations}) cannot exceed the parcels inspected (${command.parcels})`,
          { field: 'violations' },
        );
      }
      const data: PatchesInspectedData = {
        agencyId: command.agencyId as PatchesInspectedData['agencyId'],
        campaignYear: command.campaignYear,
        inspectedOn: command.inspectedOn,
        patches: command.patches,
        parcels: command.parcels,
        areaMu: command.areaMu,
        violations: command.violations,
      };
      return [{ type: 'PatchesInspected', data, occurredAt: legalInstant(command.inspectedOn) }];
    }
    default:
      return unreachable(command.type);
  }
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
