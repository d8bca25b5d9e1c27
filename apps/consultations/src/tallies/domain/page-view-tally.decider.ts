// Page views of the disclosure column (网站专栏页面访问量, 人次) of one agency-year, declared per
// period and source (see declared-tally.ts for the replace-never-add rule).
import { type PageViewsRecordedData } from '#contracts/consultations';
import { unreachable, type Decider } from '#event-sourcing';
import { legalInstant } from '#contracts/legal-time';
import { declareFigure, periodStart, withFigure, type TallyFigures } from './declared-tally.js';

export type PageViewCommand = {
  readonly type: 'RecordPageViews';
  readonly agencyId: string;
  readonly period: string;
  readonly source: string;
  readonly views: number;
  readonly today: string;
};

export type PageViewEvent = {
  readonly type: 'PageViewsRecorded';
  readonly data: PageViewsRecordedData;
  readonly occurredAt: string;
};

export type PageViewTallyState =
  | { readonly status: 'none' }
  | {
      readonly status: 'open';
      readonly agencyId: string;
      readonly year: number;
      readonly figures: TallyFigures;
      readonly yearTotal: number;
    };

function decide(command: PageViewCommand, state: PageViewTallyState): PageViewEvent[] {
  switch (command.type) {
    case 'RecordPageViews': {
      const change = declareFigure(
        state.status === 'none' ? undefined : state,
        { ...command, value: command.views },
        'views',
      );
      if (!change) return [];
      const data: PageViewsRecordedData = {
        agencyId: command.agencyId as PageViewsRecordedData['agencyId'],
        year: change.year,
        period: command.period,
        source: command.source,
        views: command.views,
        previousViews: change.previous,
        yearTotal: change.yearTotal,
      };
      return [{ type: 'PageViewsRecorded', data, occurredAt: legalInstant(periodStart(command.period)) }];
    }
    default:
      return unreachable(command.type);
  }
}

function evolve(state: PageViewTallyState, event: PageViewEvent): PageViewTallyState {
  switch (event.type) {
    case 'PageViewsRecorded': {
      const figures = withFigure(
        state.status === 'none' ? {} : state.figures,
        event.data.source,
        event.data.period,
        event.data.views,
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

export const pageViewTallyDecider: Decider<PageViewCommand, PageViewEvent, PageViewTallyState> = {
  decide,
  evolve,
  initialState: { status: 'none' },
};
