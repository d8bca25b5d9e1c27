// Service information provided (提供服务类信息数, 条) of one agency-year, declared per period (see
// declared-tally.ts for the replace-never-add rule).
import { type ServiceInformationProvidedData } from '#contracts/consultations';
import { unreachable, type Decider } from '#event-sourcing';
import { legalInstant } from '#contracts/legal-time';
import { declareFigure, periodStart, withFigure, type TallyFigures } from './declared-tally.js';

/** Service information has no source: its figures are kept under this one key. */
const ALL = 'all';

export type ServiceInformationCommand = {
  readonly type: 'DeclareServiceInformation';
  readonly agencyId: string;
  readonly period: string;
  readonly items: number;
  readonly today: string;
};

export type ServiceInformationEvent = {
  readonly type: 'ServiceInformationProvided';
  readonly data: ServiceInformationProvidedData;
  readonly occurredAt: string;
};

export type ServiceInformationTallyState =
  | { readonly status: 'none' }
  | {
      readonly status: 'open';
      readonly agencyId: string;
      readonly year: number;
      readonly figures: TallyFigures;
      readonly yearTotal: number;
    };

function decide(command: ServiceInformationCommand, state: ServiceInformationTallyState): ServiceInformationEvent[] {
  switch (command.type) {
    case 'DeclareServiceInformation': {
      const change = declareFigure(
        state.status === 'none' ? undefined : state,
        { ...command, source: ALL, value: command.items },
        'items',
      );
      if (!change) return [];
      const data: ServiceInformationProvidedData = {
        agencyId: command.agencyId as ServiceInformationProvidedData['agencyId'],
        year: change.year,
        period: command.period,
        items: command.items,
        previousItems: change.previous,
        yearTotal: change.yearTotal,
      };
      return [{ type: 'ServiceInformationProvided', data, occurredAt: legalInstant(periodStart(command.period)) }];
    }
    default:
      return unreachable(command.type);
  }
}

function evolve(state: ServiceInformationTallyState, event: ServiceInformationEvent): ServiceInformationTallyState {
  switch (event.type) {
    case 'ServiceInformationProvided': {
      const figures = withFigure(
        state.status === 'none' ? {} : state.figures,
        ALL,
        event.data.period,
        event.data.items,
      );
      return {
        status: 'open',
        agencyId: event.data.agencyId,
        year: event.data.year,
        figures,
        yearTotal: event.data.yearTotal,
      };
    }
    default:
      return unreachable(event.type);
  }
}

export const serviceInformationTallyDecider: Decider<
  ServiceInformationCommand,
  ServiceInformationEvent,
  ServiceInformationTallyState
> = { decide, evolve, initialState: { status: 'none' } };
