// Figures declared per period: 行政许可 decision counts and 行政事业性收费 amounts. One stream per
// agency, figure and year; declaring a period again replaces it.
import { Inject, Injectable } from '@nestjs/common';
import { ContractRegistry, agencyCondition } from '#contracts';
import { type CommandContext, type CommandOptions } from '#event-sourcing';
import { type DocumentCollections, StreamViews } from '#event-sourcing/read-model';
import { OutboxRelay } from '#event-sourcing/outbox';
import { CommandRunner, DOCUMENTS } from '#event-sourcing/nest';
import { legalToday } from '#contracts/legal-time';
import { parsePeriodField } from '../domain/period-figures.js';
import {
  periodFiguresDecider,
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
  readonly periods: ReadonlyArray<{ readonly period: string; readonly value: number }>;
  readonly yearTotal: number;
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
  };
}

export const LICENSING: FigureKind = { measure: 'decisions', type: 'administrative-licensing' };
export const ADMINISTRATIVE_FEES: FigureKind = { measure: 'fees', type: 'administrative-fees' };

@Injectable()
export class PeriodFiguresService {
  readonly cases: StreamViews<PeriodFiguresCommand, PeriodFiguresEvent, PeriodFiguresState, PeriodFiguresView>;

  constructor(
    @Inject(CommandRunner) runner: CommandRunner,
    @Inject(ContractRegistry) registry: ContractRegistry,
    @Inject(DOCUMENTS) documents: DocumentCollections,
    @Inject(OutboxRelay) relay: OutboxRelay,
  ) {
    this.cases = new StreamViews(runner, documents, {
      stream: {
        service: 'publications',
        decider: periodFiguresDecider,
        registry,
        agencyOf: (s) => (s.phase === 'none' ? '' : s.agencyId),
        isNew: (s) => s.phase === 'none',
      },
      collection: 'period_figures',
      indexes: [['measure', 'agencyId', 'year']],
      eventTypes: new Set(['publications.DecisionCountDeclared', 'publications.FeesCollectedDeclared']),
      view: periodFiguresView,
      notFound: { rule: 'figures.not-found', what: 'declaration' },
    });
    this.cases.listenTo(relay);
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
  ): Promise<PeriodFiguresView> {
    const year = parsePeriodField(period).year;
    const today = legalToday(ctx.now);
    const command: PeriodFiguresCommand =
      kind.measure === 'decisions'
        ? { type: 'DeclareDecisionCount', today, agencyId, decisionType: kind.type, period, count: value }
        : { type: 'DeclareFeesCollected', today, agencyId, feeType: kind.type, period, amountFen: value };
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
