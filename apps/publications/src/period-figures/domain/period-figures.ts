// Figures the agency declares per period rather than case by case: the number of 行政许可 decisions
// it published, and the 行政事业性收费 it collected. One stream per agency, figure and year holds that
// year's periods. Declaring a period again replaces its value (a correction), never adds to it;
// periods of a year must not overlap (a month inside a declared quarter would be counted twice).
import {
  legalInstant,
  parsePeriod,
  periodStart,
  periodsOverlap,
  type LegalDate,
  type PeriodRange,
} from '#contracts/legal-time';
import {
  type DecisionCountDeclaredData,
  type DecisionType,
  type FeeType,
  type FeesCollectedDeclaredData,
} from '#contracts/publications';
import { DomainError, unreachable, type Decider, type DomainEvent } from '#event-sourcing';
import { checkAgency } from '../../shared/domain/checks.js';

export type FigureKind =
  { readonly measure: 'decisions'; readonly type: DecisionType } | { readonly measure: 'fees'; readonly type: FeeType };

/** The stream of one figure of one agency and year. */
export const periodFiguresStreamId = (kind: FigureKind, agencyId: string, year: number): string =>
  `${kind.measure === 'decisions' ? 'decision-count' : 'fees-collected'}.${kind.type}.${agencyId}.${year}`;

export type PeriodFiguresCommand =
  | {
      readonly type: 'DeclareDecisionCount';
      readonly today: LegalDate;
      readonly agencyId: string;
      readonly decisionType: DecisionType;
      readonly period: string;
      readonly count: number;
    }
  | {
      readonly type: 'DeclareFeesCollected';
      readonly today: LegalDate;
      readonly agencyId: string;
      readonly feeType: FeeType;
      readonly period: string;
      readonly amountFen: number;
    };

export type PeriodFiguresEvent =
  | DomainEvent<'DecisionCountDeclared', DecisionCountDeclaredData>
  | DomainEvent<'FeesCollectedDeclared', FeesCollectedDeclaredData>;

export type PeriodFiguresState =
  | { readonly phase: 'none' }
  | {
      readonly phase: 'declared';
      readonly kind: FigureKind;
      readonly agencyId: string;
      readonly year: number;
      /** Period → value (a count, or fen). */
      readonly periods: Readonly<Record<string, number>>;
      readonly yearTotal: number;
    };

const initialState: PeriodFiguresState = { phase: 'none' };

/** The period a command names, or a refusal naming the field `period`. */
export function parsePeriodField(period: string): PeriodRange {
  const range = parsePeriod(period);
  if (!range) {
    throw new DomainError('period.invalid', 'period must be YYYY, YYYY-Qn or YYYY-MM', { field: 'period' });
  }
  return range;
}

function checkPeriod(period: string, today: LegalDate): { year: number; start: LegalDate; range: PeriodRange } {
  const range = parsePeriodField(period);
  const start = periodStart(range);
  if (start > today) {
    throw new DomainError('period.not-started', `period ${period} has not started yet (today is ${today})`, {
      field: 'period',
    });
  }
  return { year: range.year, start, range };
}

/** A period already declared: it parsed when it was declared. */
function declaredRange(period: string): NonNullable<ReturnType<typeof parsePeriod>> {
  const range = parsePeriod(period);
  if (!range) throw new Error(`the declared period ${period} no longer parses`);
  return range;
}

function decide(command: PeriodFiguresCommand, state: PeriodFiguresState): PeriodFiguresEvent[] {
  checkAgency(command.agencyId);
  const { year, start, range } = checkPeriod(command.period, command.today);
  const kind: FigureKind =
    command.type === 'DeclareDecisionCount'
      ? { measure: 'decisions', type: command.decisionType }
      : { measure: 'fees', type: command.feeType };
  const value = command.type === 'DeclareDecisionCount' ? command.count : command.amountFen;
  const field = command.type === 'DeclareDecisionCount' ? 'count' : 'amountFen';
  if (!Number.isInteger(value) || value < 0) {
    throw new DomainError('figure.invalid', `${field} must be a whole number ≥ 0`, { field });
  }
  if (state.phase === 'declared') {
    if (
      state.agencyId !== command.agencyId ||
      state.year !== year ||
      state.kind.measure !== kind.measure ||
      state.kind.type !== kind.type
    ) {
      throw new DomainError('figure.wrong-stream', 'this figure stream holds another agency, year or figure', {
        kind: 'conflict',
      });
    }
  }
  const periods = state.phase === 'declared' ? state.periods : {};
  const previous = periods[command.period];
  const overlapping = Object.keys(periods).find((p) => p !== command.period && periodsOverlap(declaredRange(p), range));
  if (overlapping) {
    throw new DomainError(
      'period.overlaps',
      `${command.period} overlaps the declared period ${overlapping}: declare ${overlapping} again to correct it`,
      { field: 'period' },
    );
  }
  // Declaring the value a period already has changes nothing: nothing is appended.
  if (previous === value) return [];
  const yearTotal = Object.entries(periods).reduce((sum, [p, v]) => sum + (p === command.period ? 0 : v), value);
  switch (command.type) {
    case 'DeclareDecisionCount':
      return [
        {
          type: 'DecisionCountDeclared',
          data: {
            agencyId: command.agencyId,
            decisionType: command.decisionType,
            year,
            period: command.period,
            count: value,
            previousCount: previous ?? null,
            yearTotal,
          },
          occurredAt: legalInstant(start),
        },
      ];
    case 'DeclareFeesCollected':
      return [
        {
          type: 'FeesCollectedDeclared',
          data: {
            agencyId: command.agencyId,
            feeType: command.feeType,
            year,
            period: command.period,
            amountFen: value,
            previousAmountFen: previous ?? null,
            yearTotalFen: yearTotal,
          },
          occurredAt: legalInstant(start),
        },
      ];
    default:
      return unreachable(command);
  }
}

function evolve(state: PeriodFiguresState, event: PeriodFiguresEvent): PeriodFiguresState {
  const [kind, value, total]: [FigureKind, number, number] =
    event.type === 'DecisionCountDeclared'
      ? [{ measure: 'decisions', type: event.data.decisionType }, event.data.count, event.data.yearTotal]
      : event.type === 'FeesCollectedDeclared'
        ? [{ measure: 'fees', type: event.data.feeType }, event.data.amountFen, event.data.yearTotalFen]
        : unreachable(event);
  const periods = state.phase === 'declared' ? state.periods : {};
  return {
    phase: 'declared',
    kind,
    agencyId: event.data.agencyId,
    year: event.data.year,
    periods: { ...periods, [event.data.period]: value },
    yearTotal: total,
  };
}

export const periodFiguresDecider: Decider<PeriodFiguresCommand, PeriodFiguresEvent, PeriodFiguresState> = {
  decide,
  evolve,
  initialState,
};
