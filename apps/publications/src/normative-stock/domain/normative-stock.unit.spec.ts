import { describe, it } from 'node:test';
import { given } from '#testing';
import { normativeStockDecider as decider, type NormativeStockEvent } from './normative-stock.js';

const base = { agencyId: 'zhuzhou-city', kind: 'normative-document' as const, today: '2022-03-01' };
const declare = (asOf: string, count: number) => ({ type: 'DeclareOpeningStock' as const, ...base, asOf, count });
const correct = (correctedOn: string, change: number, cause: 'expired' | 'missing' | 'found', reason = '清理') => ({
  type: 'CorrectStock' as const,
  ...base,
  correctedOn,
  change,
  cause,
  reason,
});
const declared = (
  asOf: string,
  count: number,
  previous: { asOf: string; count: number } | null,
): NormativeStockEvent => ({
  type: 'NormativeStockDeclared',
  data: { agencyId: 'zhuzhou-city', kind: 'normative-document', asOf, count, previous },
  occurredAt: `${asOf}T00:00:00+08:00`,
});

describe('the opening stock of normative documents and its corrections', () => {
  it('declares an opening stock, and replaces it naming the one replaced', () => {
    given(decider)
      .when(declare('2020-12-31', 470))
      .then([declared('2020-12-31', 470, null)]);
    given(decider, declared('2020-12-31', 470, null))
      .when(declare('2020-12-31', 468))
      .then([declared('2020-12-31', 468, { asOf: '2020-12-31', count: 470 })]);
    given(decider, declared('2020-12-31', 470, null))
      .when(declare('2020-12-31', 470))
      .thenNothing();
  });

  it('records a stock-take’s correction without its reason', () => {
    given(decider, declared('2020-12-31', 470, null))
      .when(correct('2021-06-30', -3, 'expired', '张三 13912345678 清理发现失效'))
      .then([
        {
          type: 'NormativeStockCorrected',
          data: {
            agencyId: 'zhuzhou-city',
            kind: 'normative-document',
            correctedOn: '2021-06-30',
            change: -3,
            cause: 'expired',
          },
          occurredAt: '2021-06-30T00:00:00+08:00',
        },
      ]);
  });

  it('refuses a correction against its cause, of 0, before the opening, without reason, or in the future', () => {
    const opened = declared('2020-12-31', 470, null);
    given(decider, opened)
      .when(correct('2021-06-30', 3, 'missing'))
      .thenThrows('normative-stock.change-against-cause', { field: 'change' });
    given(decider, opened)
      .when(correct('2021-06-30', -1, 'found'))
      .thenThrows('normative-stock.change-against-cause', { field: 'change' });
    given(decider, opened)
      .when(correct('2021-06-30', 0, 'found'))
      .thenThrows('normative-stock.change-invalid', { field: 'change' });
    given(decider, opened)
      .when(correct('2020-12-31', -1, 'expired'))
      .thenThrows('normative-stock.correction-before-opening', { field: 'correctedOn' });
    given(decider, opened)
      .when(correct('2021-06-30', -1, 'expired', '  '))
      .thenThrows('normative-stock.reason-required', { field: 'reason' });
    given(decider).when(declare('2022-03-02', 1)).thenThrows('date.in-future', { field: 'asOf' });
  });
});
