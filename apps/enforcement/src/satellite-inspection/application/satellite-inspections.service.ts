// Satellite-image inspection campaigns (卫片执法): the kind's StreamViews — its stream, its list view
// and the refusal of an unknown campaign. Opening one and adding rounds are decider commands.
import { Inject, Injectable } from '@nestjs/common';
import { patchesInspected } from '#contracts/enforcement';
import { CaseKinds } from '#event-sourcing/nest';
import { StreamViews } from '#event-sourcing/read-model';
import {
  satelliteInspectionDecider,
  type SatelliteInspectionCommand,
  type SatelliteInspectionEvent,
  type SatelliteInspectionState,
} from '../domain/satellite-inspection.decider.js';

export interface SatelliteInspectionView {
  readonly id: string;
  readonly version: number;
  readonly agencyId: string;
  readonly campaignYear: number;
  readonly rounds: number;
  readonly patches: number;
  readonly parcels: number;
  readonly areaMu: number;
  readonly violations: number;
}

const toView = (id: string, version: number, s: SatelliteInspectionState): SatelliteInspectionView | undefined =>
  s.status === 'none'
    ? undefined
    : {
        id,
        version,
        agencyId: s.agencyId,
        campaignYear: s.campaignYear,
        rounds: s.rounds,
        patches: s.patches,
        parcels: s.parcels,
        areaMu: s.areaMu,
        violations: s.violations,
      };

@Injectable()
export class SatelliteInspectionsService {
  readonly campaigns: StreamViews<
    SatelliteInspectionCommand,
    SatelliteInspectionEvent,
    SatelliteInspectionState,
    SatelliteInspectionView
  >;

  constructor(@Inject(CaseKinds) kinds: CaseKinds) {
    this.campaigns = kinds.of((registry) => ({
      stream: {
        service: 'enforcement',
        decider: satelliteInspectionDecider,
        registry,
        agencyOf: (s) => (s.status === 'none' ? '' : s.agencyId),
      },
      collection: 'satellite-inspections',
      indexes: ['agencyId', 'campaignYear'],
      eventTypes: new Set([patchesInspected.type]),
      view: toView,
      notFound: { rule: 'inspection.unknown', what: 'satellite inspection campaign' },
    }));
  }
}
