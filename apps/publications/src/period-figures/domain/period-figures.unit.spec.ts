import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '#testing';
import { periodFiguresDecider as decider, periodFiguresStreamId, type PeriodFiguresEvent } from './period-figures.js';

const declare = (period: string, count: number, today = '2021-12-31') => ({
  type: 'DeclareDecisionCount' as const,
  today,
  agencyId: 'zhuzhou-city',
  decisionType: 'administrative-licensing' as const,
  period,
  count,
});
const declared = (
  period: string,
  count: number,
  previousCount: number | null,
  yearTotal: number,
  start: string,
): PeriodFiguresEvent => ({
  type: 'DecisionCountDeclared',
  data: {
    agencyId: 'zhuzhou-city',
    decisionType: 'administrative-licensing',
    year: 2021,
    period,
    count,
    previousCount,
    yearTotal,
  },
  occurredAt: `${start}T00:00:00+08:00`,
});

describe('decision counts per period (行政许可)', () => {
  it('adds periods up to the year total', () => {
    given(decider)
      .when(declare('2021-Q1', 118))
      .then([declared('2021-Q1', 118, null, 118, '2021-01-01')]);
    given(decider, declared('2021-Q1', 118, null, 118, '2021-01-01'))
      .when(declare('2021-Q2', 90))
      .then([declared('2021-Q2', 90, null, 208, '2021-04-01')]);
  });

  it('re-declaring a period replaces its count, it does not add to it', () => {
    const history = [
      declared('2021-Q1', 118, null, 118, '2021-01-01'),
      declared('2021-Q2', 90, null, 208, '2021-04-01'),
    ];
    given(decider, ...history)
      .when(declare('2021-Q1', 120))
      .then([declared('2021-Q1', 120, 118, 210, '2021-01-01')]);
    const state = given(decider, ...history, declared('2021-Q1', 120, 118, 210, '2021-01-01')).state;
    assert.equal(state.phase === 'declared' && state.yearTotal, 210);
  });

  it('declaring the same count again appends nothing', () => {
    given(decider, declared('2021-Q1', 118, null, 118, '2021-01-01'))
      .when(declare('2021-Q1', 118))
      .thenNothing();
  });

  it('refuses a period overlapping a declared one, naming the one to correct', () => {
    const err = given(decider, declared('2021-Q1', 118, null, 118, '2021-01-01'))
      .when(declare('2021-02', 40))
      .thenThrows('period.overlaps', { field: 'period' });
    assert.match(err.message, /2021-Q1/);
    given(decider, declared('2021-Q1', 118, null, 118, '2021-01-01'))
      .when(declare('2021', 400))
      .thenThrows('period.overlaps');
  });

  it('refuses a malformed period, one not started yet, and a negative or fractional count', () => {
    given(decider).when(declare('2021-13', 1)).thenThrows('period.invalid', { field: 'period' });
    given(decider).when(declare('2021-Q5', 1)).thenThrows('period.invalid');
    given(decider)
      .when(declare('2021-07', 1, '2021-06-30'))
      .thenThrows('period.not-started', { field: 'period' });
    given(decider).when(declare('2021-06', -1)).thenThrows('figure.invalid', { field: 'count' });
    given(decider).when(declare('2021-06', 1.5)).thenThrows('figure.invalid', { field: 'count' });
  });

  it('keeps fees in fen per period, with the same replace rule', () => {
    const fees = (period: string, amountFen: number) => ({
      type: 'DeclareFeesCollected' as const,
      today: '2021-12-31',
      agencyId: 'you-county',
      feeType: 'administrative-fees' as const,
      period,
      amountFen,
    });
    const [first] = given(decider)
      .when(fees('2021', 1_520_000_00))
      .then([
        {
          type: 'FeesCollectedDeclared',
          data: {
            agencyId: 'you-county',
            feeType: 'administrative-fees',
            year: 2021,
            period: '2021',
            amountFen: 1_520_000_00,
            previousAmountFen: null,
            yearTotalFen: 1_520_000_00,
          },
          occurredAt: '2021-01-01T00:00:00+08:00',
        },
      ]);
    given(decider, first!)
      .when(fees('2021', 1_500_000_00))
      .then([
        {
          type: 'FeesCollectedDeclared',
          data: {
            agencyId: 'you-county',
            feeType: 'administrative-fees',
            year: 2021,
            period: '2021',
            amountFen: 1_500_000_00,
            previousAmountFen: 1_520_000_00,
            yearTotalFen: 1_500_000_00,
          },
          occurredAt: '2021-01-01T00:00:00+08:00',
        },
      ]);
  });

  it('keeps one stream per agency, figure and year', () => {
    assert.equal(
      periodFiguresStreamId({ measure: 'decisions', type: 'administrative-licensing' }, 'zhuzhou-city', 2021),
      'decision-count.administrative-licensing.zhuzhou-city.2021',
    );
    given(decider, declared('2021-Q1', 118, null, 118, '2021-01-01'))
      .when({ ...declare('2022-Q1', 5, '2022-06-01') })
      .thenThrows('figure.wrong-stream', { kind: 'conflict' });
  });
});

describe('行政处罚 / 行政强制 counts and where a year’s count comes from', () => {
  const choose = (decisionType: 'administrative-licensing' | 'administrative-penalty', source: string) => ({
    type: 'ChooseDecisionCountSource' as const,
    today: '2022-03-01',
    agencyId: 'zhuzhou-city',
    decisionType,
    year: 2022,
    source: source as 'declarations' | 'enforcement-cases',
  });
  const chosen: PeriodFiguresEvent = {
    type: 'DecisionCountSourceChosen',
    data: { agencyId: 'zhuzhou-city', decisionType: 'administrative-penalty', year: 2022, source: 'enforcement-cases' },
    occurredAt: '2022-01-01T00:00:00+08:00',
  };

  it('declares 行政处罚 like 行政许可', () => {
    given(decider)
      .when({ ...declare('2022-Q1', 7, '2022-04-01'), decisionType: 'administrative-penalty' as const })
      .then([
        {
          type: 'DecisionCountDeclared',
          data: {
            agencyId: 'zhuzhou-city',
            decisionType: 'administrative-penalty',
            year: 2022,
            period: '2022-Q1',
            count: 7,
            previousCount: null,
            yearTotal: 7,
          },
          occurredAt: '2022-01-01T00:00:00+08:00',
        },
      ]);
  });

  it('lets an agency count enforcement’s decided cases for 行政处罚, once', () => {
    given(decider).when(choose('administrative-penalty', 'enforcement-cases')).then([chosen]);
    given(decider, chosen).when(choose('administrative-penalty', 'enforcement-cases')).thenNothing();
  });

  it('refuses enforcement’s cases as the source of 行政许可, naming the field', () => {
    given(decider)
      .when(choose('administrative-licensing', 'enforcement-cases'))
      .thenThrows('decision-count.source-unavailable', { field: 'source' });
  });

  it('refuses a year not yet begun', () => {
    given(decider)
      .when({ ...choose('administrative-penalty', 'declarations'), year: 2023 })
      .thenThrows('period.not-started', { field: 'year' });
  });
});
