// A demolition of illegal buildings (拆除违法建设): buildings (栋(处)) and floor area (m²). One
// completed demolition per stream.
import { type DemolitionCompletedData } from '#contracts/enforcement';
import { DomainError, unreachable, type Decider } from '#event-sourcing';
import { checkAgency, checkArea, checkCount, checkDate } from '../../shared/domain/checks.js';
import { legalInstant } from '#contracts/legal-time';

export type DemolitionCommand = {
  readonly type: 'CompleteDemolition';
  readonly agencyId: string;
  readonly completedOn: string;
  readonly buildings: number;
  readonly floorAreaM2: number;
  readonly reference?: string;
  readonly today: string;
};

export type DemolitionEvent = {
  readonly type: 'DemolitionCompleted';
  readonly data: DemolitionCompletedData;
  readonly occurredAt: string;
};

export type DemolitionState =
  { readonly status: 'none' } | { readonly status: 'completed'; readonly demolition: DemolitionCompletedData };

/** The free text a command typed (its reference): kept beside the case by the service, never in its events. */
export const demolitionTextsOf = (command: DemolitionCommand): Record<string, string | undefined> => ({
  reference: command.reference,
});

function decide(command: DemolitionCommand, state: DemolitionState): DemolitionEvent[] {
  switch (command.type) {
    case 'CompleteDemolition': {
      if (state.status !== 'none') {
        throw new DomainError('demolition.already-recorded', 'this demolition is already recorded', {
          kind: 'conflict',
        });
      }
      checkDate('completedOn', command.completedOn, command.today);
      checkAgency(command.agencyId, command.completedOn);
      checkCount('buildings', command.buildings, 1);
      checkArea('floorAreaM2', command.floorAreaM2, { positive: true });
      const data: DemolitionCompletedData = {
        agencyId: command.agencyId as DemolitionCompletedData['agencyId'],
        completedOn: command.completedOn,
        buildings: command.buildings,
        floorAreaM2: command.floorAreaM2,
      };
      return [{ type: 'DemolitionCompleted', data, occurredAt: legalInstant(command.completedOn) }];
    }
    default:
      return unreachable(command.type);
  }
}

function evolve(_state: DemolitionState, event: DemolitionEvent): DemolitionState {
  switch (event.type) {
    case 'DemolitionCompleted':
      return { status: 'completed', demolition: event.data };
    default:
      return unreachable(event.type);
  }
}

export const demolitionDecider: Decider<DemolitionCommand, DemolitionEvent, DemolitionState> = {
  decide,
  evolve,
  initialState: { status: 'none' },
};
