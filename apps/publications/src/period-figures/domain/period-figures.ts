// Figures the agency declares per period rather than case by case: the number of 行政许可, 行政处罚
// and 行政强制 decisions it made (taken from the department's system that records them), and the
// 行政事业性收费 it collected. One stream per agency, figure and year holds that year's periods.
// Declaring a period again replaces its value (a correction), never adds to it; periods of a year
// must not overlap (a month inside a declared quarter would be counted twice). For 行政处罚 and
// 行政强制 the agency may choose instead that the enforcement service's decided cases count.
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
  type DecisionCountSource,
  type DecisionCountSourceChosenData,
  DECISION_TYPE_LABELS,
  type DecisionType,
  ENFORCEMENT_DECISION_TYPES,
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
      /** Which system or register the count was taken from, and a note: free text, kept apart. */
      readonly source?: string;
      readonly note?: string;
    }
  | {
      readonly type: 'ChooseDecisionCountSource';
      readonly today: LegalDate;
      readonly agencyId: string;
      readonly decisionType: DecisionType;
      readonly year: number;
      readonly source: DecisionCountSource;
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
  | DomainEvent<'DecisionCountSourceChosen', DecisionCountSourceChosenData>
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
      /** Where the year's count comes from, once the agency chose (decision counts only). */
      readonly source?: DecisionCountSource;
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

/** The texts a declaration typed, by period (a re-declaration of the period replaces them). */
export function periodFiguresTextsOf(command: PeriodFiguresCommand): Record<string, string | undefined> {
  return command.type === 'DeclareDecisionCount'
    ? { [`source:${command.period}`]: command.source?.trim(), [`note:${command.period}`]: command.note?.trim() }
    : {};
}

function checkStream(state: PeriodFiguresState, agencyId: string, year: number, kind: FigureKind): void {
  if (state.phase !== 'declared') return;
  if (
    state.agencyId !== agencyId ||
    state.year !== year ||
    state.kind.measure !== kind.measure ||
    state.kind.type !== kind.type
  ) {
    throw new DomainError('figure.wrong-stream', 'this figure stream holds another agency, year or figure', {
      kind: 'conflict',
    });
  }
}

function chooseSource(
  command: Extract<PeriodFiguresCommand, { type: 'ChooseDecisionCountSource' }>,
  state: PeriodFiguresState,
): PeriodFiguresEvent[] {
  const { agencyId, decisionType, year, source } = command;
  if (source === 'enforcement-cases' && !ENFORCEMENT_DECISION_TYPES.includes(decisionType)) {
    throw new DomainError(
      'decision-count.source-unavailable',
      `source enforcement-cases: enforcement decides no ${DECISION_TYPE_LABELS[decisionType]} on its cases (only 行政处罚 and 行政强制)`,
      { field: 'source' },
    );
  }
  if (year > Number(command.today.slice(0, 4))) {
    throw new DomainError('period.not-started', `year ${year} has not started yet (today is ${command.today})`, {
      field: 'year',
    });
  }
  checkStream(state, agencyId, year, { measure: 'decisions', type: decisionType });
  if (state.phase === 'declared' && state.source === source) return [];
  return [
    {
      type: 'DecisionCountSourceChosen',
      data: { agencyId, decisionType, year, source },
      occurredAt: legalInstant(`${year}-01-01`),
    },
  ];
}

function decide(command: PeriodFiguresCommand, state: PeriodFiguresState): PeriodFiguresEvent[] {
  checkAgency(command.agencyId);
  if (command.type === 'ChooseDecisionCountSource') return chooseSource(command, state);
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
  checkStream(state, command.agencyId, year, kind);
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
  if (event.type === 'DecisionCountSourceChosen') {
    const { agencyId, decisionType, year, source } = event.data;
    return state.phase === 'declared'
      ? { ...state, source }
      : {
          phase: 'declared',
          kind: { measure: 'decisions', type: decisionType },
          agencyId,
          year,
          periods: {},
          yearTotal: 0,
          source,
        };
  }
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
    ...(state.phase === 'declared' && state.source !== undefined ? { source: state.source } : {}),
  };
}

export const periodFiguresDecider: Decider<PeriodFiguresCommand, PeriodFiguresEvent, PeriodFiguresState> = {
  decide,
  evolve,
  initialState,
};
