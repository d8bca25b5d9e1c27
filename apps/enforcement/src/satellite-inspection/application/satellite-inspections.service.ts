// Satellite-image inspection campaigns (卫片执法): open one with its first round, add rounds, read
// one, list many.
import { Inject, Injectable } from '@nestjs/common';
import { patchesInspected } from '#contracts/enforcement';
import { type CommandContext } from '#event-sourcing';
import { CaseKinds } from '#event-sourcing/nest';
import { type FindResult, StreamViews, type Where } from '#event-sourcing/read-model';
import { legalToday, withDateWarnings, type WithDateWarnings } from '#contracts/legal-time';
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

type RoundInput = Omit<SatelliteInspectionCommand, 'type' | 'today'>;

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
  private readonly campaigns: StreamViews<
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

  async open(
    input: RoundInput,
    ctx: CommandContext,
    meta: { idempotencyKey?: string; requestHash?: string },
  ): Promise<WithDateWarnings<SatelliteInspectionView>> {
    const command: SatelliteInspectionCommand = { type: 'InspectPatches', ...input, today: legalToday(ctx.now) };
    return withDateWarnings(
      await this.campaigns.run(await this.campaigns.idForCreate(input.agencyId, meta.idempotencyKey), command, ctx, {
        ...meta,
        expectedVersion: 0,
      }),
      command,
    );
  }

  async addRound(
    id: string,
    round: Omit<RoundInput, 'agencyId' | 'campaignYear'>,
    ctx: CommandContext,
    expectedVersion: number | undefined,
  ): Promise<WithDateWarnings<SatelliteInspectionView>> {
    const current = await this.campaigns.get(id);
    const command: SatelliteInspectionCommand = {
      type: 'InspectPatches',
      agencyId: current.agencyId,
      campaignYear: current.campaignYear,
      ...round,
      today: legalToday(ctx.now),
    };
    return withDateWarnings(
      await this.campaigns.run(id, command, ctx, { expectedVersion: expectedVersion ?? current.version }),
      command,
    );
  }

  get(id: string): Promise<SatelliteInspectionView> {
    return this.campaigns.get(id);
  }

  list(where: Where, skip: number, limit: number): Promise<FindResult<SatelliteInspectionView>> {
    return this.campaigns.list(where, { campaignYear: -1 }, skip, limit);
  }
}
