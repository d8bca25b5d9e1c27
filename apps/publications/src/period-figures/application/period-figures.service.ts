// Figures declared per period: 行政许可 / 行政处罚 / 行政强制 decision counts and 行政事业性收费 amounts.
// One stream per agency, figure and year; declaring a period again replaces it. Where a decision
// count was taken from and the office's note are free text: kept apart (case texts), shown on read.
import { phasedStream } from '../../shared/application/phased-stream.js';
import { Inject, Injectable } from '@nestjs/common';
import { agencyCondition } from '#contracts';
import { type DecisionCountSource, type DecisionType } from '#contracts/publications';
import { type CommandContext, type CommandOptions } from '#event-sourcing';
import { CaseTexts, type CaseTextValues, StreamViews } from '#event-sourcing/read-model';
import { CaseKinds } from '#event-sourcing/nest';
import { legalToday } from '#contracts/legal-time';
import {
  parsePeriodField,
  periodFiguresDecider,
  periodFiguresTextsOf,
  periodFiguresStreamId,
  type FigureKind,
  type PeriodFiguresCommand,
  type PeriodFiguresEvent,
  type PeriodFiguresState,
} from '../domain/period-figures.js';

export interface PeriodFiguresView {
  readonly id: string;
  readonly version: number;
  readonly measure: FigureKind['measure'];
  /** `administrative-licensing` (a count of decisions) or `administrative-fees` (fen). */
  readonly type: string;
  readonly unit: 'decisions' | 'fen';
  readonly agencyId: string;
  readonly year: number;
  readonly periods: ReadonlyArray<{
    readonly period: string;
    readonly value: number;
    /** Decision counts: the system or register the count was taken from, and a note (free text). */
    readonly source?: string | null;
    readonly note?: string | null;
  }>;
  readonly yearTotal: number;
  /**
   * Decision counts: where the year's count comes from, as chosen (`declarations` or
   * `enforcement-cases`); null until chosen (declarations then count once any period is declared).
   */
  readonly countedFrom?: DecisionCountSource | null;
}

/** The view with the texts of each declared period put in (decision counts only). */
function showPeriodTexts(view: PeriodFiguresView, texts: CaseTextValues): PeriodFiguresView {
  if (view.measure !== 'decisions') return view;
  return {
    ...view,
    periods: view.periods.map((p) => ({
      ...p,
      source: texts[`source:${p.period}`] ?? null,
      note: texts[`note:${p.period}`] ?? null,
    })),
  };
}

export function periodFiguresView(id: string, version: number, s: PeriodFiguresState): PeriodFiguresView | undefined {
  if (s.phase === 'none') return undefined;
  return {
    id,
    version,
    measure: s.kind.measure,
    type: s.kind.type,
    unit: s.kind.measure === 'decisions' ? 'decisions' : 'fen',
    agencyId: s.agencyId,
    year: s.year,
    periods: Object.entries(s.periods)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([period, value]) => ({ period, value })),
    yearTotal: s.yearTotal,
    ...(s.kind.measure === 'decisions' ? { countedFrom: s.source ?? null } : {}),
  };
}

export const LICENSING: FigureKind = { measure: 'decisions', type: 'administrative-licensing' };
export const PENALTIES: FigureKind = { measure: 'decisions', type: 'administrative-penalty' };
export const COERCIONS: FigureKind = { measure: 'decisions', type: 'administrative-coercion' };
export const ADMINISTRATIVE_FEES: FigureKind = { measure: 'fees', type: 'administrative-fees' };

@Injectable()
export class PeriodFiguresService {
  readonly cases: StreamViews<PeriodFiguresCommand, PeriodFiguresEvent, PeriodFiguresState, PeriodFiguresView>;

  constructor(@Inject(CaseKinds) kinds: CaseKinds) {
    this.cases = kinds.of((registry, documents) => ({
      stream: phasedStream(periodFiguresDecider, registry),
      collection: 'period_figures',
      indexes: [['measure', 'agencyId', 'year']],
      eventTypes: new Set([
        'publications.DecisionCountDeclared',
        'publications.DecisionCountSourceChosen',
        'publications.FeesCollectedDeclared',
      ]),
      view: periodFiguresView,
      notFound: { rule: 'figures.not-found', what: 'declaration' },
      texts: { store: new CaseTexts(documents), of: periodFiguresTextsOf, show: showPeriodTexts },
    }));
  }

  /**
   * Declares a period's value. Without If-Match a conflict is retried: the new value replaces the
   * period whatever the caller saw, and the year total is recomputed on the fresh state.
   */
  declare(
    kind: FigureKind,
    agencyId: string,
    period: string,
    value: number,
    ctx: CommandContext,
    meta: CommandOptions,
    texts: { readonly source?: string; readonly note?: string } = {},
  ): Promise<PeriodFiguresView> {
    const year = parsePeriodField(period).year;
    const today = legalToday(ctx.now);
    const command: PeriodFiguresCommand =
      kind.measure === 'decisions'
        ? { type: 'DeclareDecisionCount', today, agencyId, decisionType: kind.type, period, count: value, ...texts }
        : { type: 'DeclareFeesCollected', today, agencyId, feeType: kind.type, period, amountFen: value };
    return this.cases.run(periodFiguresStreamId(kind, agencyId, year), command, ctx, {
      ...meta,
      ...(meta.expectedVersion === undefined ? { retryOnConflict: 5 } : {}),
    });
  }

  /** Chooses where a year's count of a decision type comes from (declarations or enforcement's cases). */
  chooseSource(
    decisionType: DecisionType,
    agencyId: string,
    year: number,
    source: DecisionCountSource,
    ctx: CommandContext,
    meta: CommandOptions,
  ): Promise<PeriodFiguresView> {
    const kind: FigureKind = { measure: 'decisions', type: decisionType };
    const command: PeriodFiguresCommand = {
      type: 'ChooseDecisionCountSource',
      today: legalToday(ctx.now),
      agencyId,
      decisionType,
      year,
      source,
    };
    return this.cases.run(periodFiguresStreamId(kind, agencyId, year), command, ctx, {
      ...meta,
      ...(meta.expectedVersion === undefined ? { retryOnConflict: 5 } : {}),
    });
  }

  get(kind: FigureKind, agencyId: string, year: number): Promise<PeriodFiguresView> {
    return this.cases.get(periodFiguresStreamId(kind, agencyId, year));
  }

  history(kind: FigureKind, agencyId: string, year: number) {
    return this.cases.history(periodFiguresStreamId(kind, agencyId, year));
  }

  find(kind: FigureKind, agencyId: string | undefined, withSubordinates: boolean, year: number | undefined) {
    return this.cases.find({
      where: {
        measure: kind.measure,
        type: kind.type,
        ...agencyCondition(agencyId, withSubordinates),
        ...(year !== undefined ? { year } : {}),
      },
      sort: { year: -1, agencyId: 1 },
      limit: 500,
    });
  }
}
