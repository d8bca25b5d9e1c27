// The decider of a declared tally of one agency-year (see declared-tally.ts for the replace-never-add
// rule). Each kind of tally is this decider with its own names: page views of the disclosure column
// (网站专栏页面访问量, 人次) declared per period and source, service information provided
// (提供服务类信息数, 条) declared per period under one source.
import { type PageViewsRecordedData, type ServiceInformationProvidedData } from '#contracts/consultations';
import { type Decider } from '#event-sourcing';
import { legalInstant } from '#contracts/legal-time';
import { declareFigure, periodStart, withFigure, type TallyFigures } from './declared-tally.js';

/** What a kind of tally calls its command, its event, its figure and the figure it replaced. */
export interface TallyKindNames {
  readonly command: string;
  readonly event: string;
  readonly value: string;
  readonly previous: string;
  /** A tally without sources keeps its figures under this one key and does not name it in events. */
  readonly oneSource?: string;
}

export type TallyCommand<K extends TallyKindNames> = {
  readonly type: K['command'];
  readonly agencyId: string;
  readonly period: string;
  readonly today: string;
} & (K['oneSource'] extends string ? unknown : { readonly source: string }) & { readonly [F in K['value']]: number };

export type TallyEvent<K extends TallyKindNames, TData> = {
  readonly type: K['event'];
  readonly data: TData;
  readonly occurredAt: string;
};

export type TallyState =
  | { readonly status: 'none' }
  | {
      readonly status: 'open';
      readonly agencyId: string;
      readonly year: number;
      readonly figures: TallyFigures;
      readonly yearTotal: number;
    };

/** The decider of a kind of tally whose events carry `TData` (its contract's data). */
export const declaredTally =
  <TData>() =>
  <const K extends TallyKindNames>(kind: K): Decider<TallyCommand<K>, TallyEvent<K, TData>, TallyState> => {
    const field = (o: object, name: string): unknown => (o as Record<string, unknown>)[name];
    const sourceOf = (o: object): string => kind.oneSource ?? (field(o, 'source') as string);
    return {
      decide(command, state) {
        const value = field(command, kind.value) as number;
        const source = sourceOf(command);
        const change = declareFigure(
          state.status === 'none' ? undefined : state,
          { ...command, source, value },
          kind.value,
        );
        if (!change) return [];
        const data = {
          agencyId: command.agencyId,
          year: change.year,
          period: command.period,
          ...(kind.oneSource === undefined ? { source } : {}),
          [kind.value]: value,
          [kind.previous]: change.previous,
          yearTotal: change.yearTotal,
        } as TData;
        return [{ type: kind.event, data, occurredAt: legalInstant(periodStart(command.period)) }];
      },
      evolve(state, event) {
        const data = event.data as { agencyId: string; year: number; period: string; yearTotal: number };
        const figures = withFigure(
          state.status === 'none' ? {} : state.figures,
          sourceOf(data),
          data.period,
          field(data, kind.value) as number,
        );
        return { status: 'open', agencyId: data.agencyId, year: data.year, figures, yearTotal: data.yearTotal };
      },
      initialState: { status: 'none' },
    };
  };

const pageViews = {
  command: 'RecordPageViews',
  event: 'PageViewsRecorded',
  value: 'views',
  previous: 'previousViews',
} as const;
const serviceInformation = {
  command: 'DeclareServiceInformation',
  event: 'ServiceInformationProvided',
  value: 'items',
  previous: 'previousItems',
  oneSource: 'all',
} as const;

export const pageViewTallyDecider = declaredTally<PageViewsRecordedData>()(pageViews);
export type PageViewCommand = TallyCommand<typeof pageViews>;
export type PageViewEvent = TallyEvent<typeof pageViews, PageViewsRecordedData>;

export const serviceInformationTallyDecider = declaredTally<ServiceInformationProvidedData>()(serviceInformation);
export type ServiceInformationCommand = TallyCommand<typeof serviceInformation>;
export type ServiceInformationEvent = TallyEvent<typeof serviceInformation, ServiceInformationProvidedData>;
