// Idle land (闲置土地): land granted for construction and left unused beyond the statutory period is
// determined idle by the bureau — counted as parcels (宗) and area (亩). One finding per stream.
import { type IdleLandDeterminedData } from '#contracts/enforcement';
import { DomainError, unreachable, type Decider } from '#event-sourcing';
import { checkAgency, checkArea, checkCount, checkDate } from '../../shared/domain/checks.js';
import { legalInstant } from '#contracts/legal-time';

export type IdleLandCommand = {
  readonly type: 'DetermineIdleLand';
  readonly agencyId: string;
  readonly determinedOn: string;
  readonly parcels: number;
  readonly areaMu: number;
  readonly reference?: string;
  readonly today: string;
};

export type IdleLandEvent = {
  readonly type: 'IdleLandDetermined';
  readonly data: IdleLandDeterminedData;
  readonly occurredAt: string;
};

export type IdleLandState =
  { readonly status: 'none' } | { readonly status: 'determined'; readonly finding: IdleLandDeterminedData };

/** The free text a command typed (its reference): kept beside the case by the service, never in its events. */
export const idleLandTextsOf = (command: IdleLandCommand): Record<string, string | undefined> => ({
  reference: command.reference,
});

function decide(command: IdleLandCommand, state: IdleLandState): IdleLandEvent[] {
  switch (command.type) {
    case 'DetermineIdleLand': {
      if (state.status !== 'none') {
        throw new DomainError('idle-land.already-determined', 'this idle-land finding is already recorded', {
          kind: 'conflict',
        });
      }
      checkDate('determinedOn', command.determinedOn, command.today);
      checkAgency(command.agencyId, command.determinedOn);
      checkCount('parcels', command.parcels, 1);
      checkArea('areaMu', command.areaMu, { positive: true });
      const data: IdleLandDeterminedData = {
        agencyId: command.agencyId as IdleLandDeterminedData['agencyId'],
        determinedOn: command.determinedOn,
        parcels: command.parcels,
        areaMu: command.areaMu,
      };
      return [{ type: 'IdleLandDetermined', data, occurredAt: legalInstant(command.determinedOn) }];
    }
    default:
      return unreachable(command.type);
  }
}

function evolve(_state: IdleLandState, event: IdleLandEvent): IdleLandState {
  switch (event.type) {
    case 'IdleLandDetermined':
      return { status: 'determined', finding: event.data };
    default:
      return unreachable(event.type);
  }
}

export const idleLandDecider: Decider<IdleLandCommand, IdleLandEvent, IdleLandState> = {
  decide,
  evolve,
  initialState: { status: 'none' },
};
