import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '#testing';
import {
  violationCaseDecider,
  violationCaseTextsOf,
  type ViolationCaseCommand,
  type ViolationCaseEvent,
} from './violation-case.decider.js';

const today = '2009-12-31';
const at = (date: string): string => `${date}T00:00:00+08:00`;
const discovered: ViolationCaseEvent = {
  type: 'ViolationDiscovered',
  data: {
    agencyId: 'zhuzhou-city',
    level: 'city',
    kind: 'land',
    source: 'patrol',
    discoveredOn: '2009-04-07',
    areaMu: 2.5,
  },
  occurredAt: at('2009-04-07'),
};
const stopped: ViolationCaseEvent = {
  type: 'StoppedOnSite',
  data: { stoppedOn: '2009-04-08' },
  occurredAt: at('2009-04-08'),
};
const filed: ViolationCaseEvent = { type: 'CaseFiled', data: { filedOn: '2009-04-20' }, occurredAt: at('2009-04-20') };
const penalty: ViolationCaseEvent = {
  type: 'PenaltyDecided',
  data: { decidedOn: '2009-06-01', penalties: ['fine'], fineYuan: 12000 },
  occurredAt: at('2009-06-01'),
};
const closed: ViolationCaseEvent = {
  type: 'CaseClosed',
  data: { closedOn: '2009-09-30' },
  occurredAt: at('2009-09-30'),
};

const discover = (
  over: Partial<Extract<ViolationCaseCommand, { type: 'DiscoverViolation' }>> = {},
): ViolationCaseCommand => ({
  type: 'DiscoverViolation',
  agencyId: 'zhuzhou-city',
  kind: 'land',
  source: 'patrol',
  discoveredOn: '2009-04-07',
  areaMu: 2.5,
  today,
  ...over,
});

describe('violation case: discovery', () => {
  it('opens the case; the level is 市本级 for the city bureau and 县级 for a county bureau', () => {
    given(violationCaseDecider).when(discover()).then([discovered]);
    given(violationCaseDecider)
      .when(discover({ agencyId: 'chaling-county', kind: 'mining', source: 'report', areaMu: 0 }))
      .then([
        {
          type: 'ViolationDiscovered',
          data: {
            agencyId: 'chaling-county',
            level: 'county',
            kind: 'mining',
            source: 'report',
            discoveredOn: '2009-04-07',
            areaMu: 0,
          },
          occurredAt: at('2009-04-07'),
        },
      ]);
  });

  it('refuses a negative area, a future date, an unknown agency, and discovering the same case twice', () => {
    given(violationCaseDecider)
      .when(discover({ areaMu: -1 }))
      .thenThrows('area.negative', { field: 'areaMu' });
    given(violationCaseDecider)
      .when(discover({ areaMu: Number.NaN }))
      .thenThrows('area.negative', { field: 'areaMu' });
    given(violationCaseDecider)
      .when(discover({ discoveredOn: '2010-01-01' }))
      .thenThrows('date.in-future');
    given(violationCaseDecider)
      .when(discover({ agencyId: 'x' }))
      .thenThrows('agency.unknown', { field: 'agencyId' });
    given(violationCaseDecider, discovered)
      .when(discover())
      .thenThrows('case.already-discovered', { kind: 'conflict' });
  });
});

describe('violation case: stopped on site (现场制止)', () => {
  it('is recorded once, not before the discovery, and not once the case is filed', () => {
    given(violationCaseDecider, discovered)
      .when({ type: 'StopOnSite', stoppedOn: '2009-04-08', today })
      .then([stopped]);
    given(violationCaseDecider, discovered, stopped)
      .when({ type: 'StopOnSite', stoppedOn: '2009-04-09', today })
      .thenThrows('stop.already-stopped', { kind: 'conflict' });
    given(violationCaseDecider, discovered)
      .when({ type: 'StopOnSite', stoppedOn: '2009-04-06', today })
      .thenThrows('stop.before-discovery', { field: 'stoppedOn' });
    given(violationCaseDecider, discovered, filed)
      .when({ type: 'StopOnSite', stoppedOn: '2009-04-21', today })
      .thenThrows('stop.after-filing', { kind: 'conflict' });
    given(violationCaseDecider)
      .when({ type: 'StopOnSite', stoppedOn: '2009-04-21', today })
      .thenThrows('case.unknown', { kind: 'not-found' });
  });
});

describe('violation case: filing (立案查处)', () => {
  it('files once, after discovery and after a stop', () => {
    given(violationCaseDecider, discovered, stopped)
      .when({ type: 'FileCase', filedOn: '2009-04-20', caseNumber: '株国土资监〔2009〕12号', today })
      .then([
        {
          type: 'CaseFiled',
          data: { filedOn: '2009-04-20' },
          occurredAt: at('2009-04-20'),
        },
      ]);
    given(violationCaseDecider, discovered, filed)
      .when({ type: 'FileCase', filedOn: '2009-04-21', today })
      .thenThrows('file.already-filed', { kind: 'conflict' });
    given(violationCaseDecider, discovered)
      .when({ type: 'FileCase', filedOn: '2009-04-01', today })
      .thenThrows('file.before-discovery', { field: 'filedOn' });
    given(violationCaseDecider, discovered, stopped)
      .when({ type: 'FileCase', filedOn: '2009-04-07', today })
      .thenThrows('file.before-stop', { field: 'filedOn' });
  });
});

describe('violation case: decisions (行政处罚, 行政强制)', () => {
  it('records penalty decisions and coercive measures on a filed case, each one counted', () => {
    given(violationCaseDecider, discovered, filed)
      .when({
        type: 'DecidePenalty',
        decidedOn: '2009-06-01',
        decisionNumber: 'P-5',
        penalties: ['fine'],
        fineYuan: 12000,
        today,
      })
      .then([penalty]);
    given(violationCaseDecider, discovered, filed, penalty)
      .when({ type: 'TakeCoerciveMeasure', decidedOn: '2009-06-15', measure: 'enforced-demolition', today })
      .then([
        {
          type: 'CoerciveMeasureTaken',
          data: { decidedOn: '2009-06-15', measure: 'enforced-demolition' },
          occurredAt: at('2009-06-15'),
        },
      ]);
  });

  it('refuses decisions on a case not filed, before the filing, twice under one number, or on a closed case', () => {
    given(violationCaseDecider, discovered)
      .when({ type: 'DecidePenalty', decidedOn: '2009-06-01', penalties: ['warning'], today })
      .thenThrows('penalty.case-not-filed', { kind: 'conflict' });
    given(violationCaseDecider, discovered)
      .when({ type: 'TakeCoerciveMeasure', decidedOn: '2009-06-01', measure: 'sealing', today })
      .thenThrows('coercive.case-not-filed', { kind: 'conflict' });
    given(violationCaseDecider, discovered, filed)
      .when({ type: 'DecidePenalty', decidedOn: '2009-04-19', penalties: ['warning'], today })
      .thenThrows('decision.before-filing', { field: 'decidedOn' });
    given(violationCaseDecider, discovered, filed, penalty)
      .when({
        type: 'TakeCoerciveMeasure',
        decidedOn: '2009-06-02',
        decisionNumber: 'P-5',
        decisionNumbersOnFile: ['P-5'],
        measure: 'sealing',
        today,
      })
      .thenThrows('decision.number-repeated', { field: 'decisionNumber' });
    given(violationCaseDecider, discovered, filed, closed)
      .when({ type: 'DecidePenalty', decidedOn: '2009-10-01', penalties: ['warning'], today })
      .thenThrows('case.closed', { kind: 'conflict' });
  });

  it('requires the amount of a fine, and no amount without a fine; each penalty kind once', () => {
    given(violationCaseDecider, discovered, filed)
      .when({ type: 'DecidePenalty', decidedOn: '2009-06-01', penalties: ['fine'], today })
      .thenThrows('penalty.fine-amount-missing', { field: 'fineYuan' });
    given(violationCaseDecider, discovered, filed)
      .when({ type: 'DecidePenalty', decidedOn: '2009-06-01', penalties: ['warning'], fineYuan: 10, today })
      .thenThrows('penalty.amount-without-fine', { field: 'fineYuan' });
    given(violationCaseDecider, discovered, filed)
      .when({ type: 'DecidePenalty', decidedOn: '2009-06-01', penalties: ['warning', 'warning'], today })
      .thenThrows('penalty.kinds-invalid', { field: 'penalties' });
    given(violationCaseDecider, discovered, filed)
      .when({ type: 'DecidePenalty', decidedOn: '2009-06-01', penalties: [], today })
      .thenThrows('penalty.kinds-invalid', { field: 'penalties' });
  });
});

describe('violation case: closing (结案)', () => {
  it('closes a filed case once, not before the filing or its last decision', () => {
    given(violationCaseDecider, discovered, filed, penalty)
      .when({ type: 'CloseCase', closedOn: '2009-09-30', today })
      .then([closed]);
    given(violationCaseDecider, discovered)
      .when({ type: 'CloseCase', closedOn: '2009-09-30', today })
      .thenThrows('close.case-not-filed', { kind: 'conflict' });
    given(violationCaseDecider, discovered, filed, closed)
      .when({ type: 'CloseCase', closedOn: '2009-10-30', today })
      .thenThrows('case.closed', { kind: 'conflict' });
    given(violationCaseDecider, discovered, filed)
      .when({ type: 'CloseCase', closedOn: '2009-04-19', today })
      .thenThrows('close.before-filing', { field: 'closedOn' });
    given(violationCaseDecider, discovered, filed, penalty)
      .when({ type: 'CloseCase', closedOn: '2009-05-30', today })
      .thenThrows('close.before-decision', { field: 'closedOn' });
    given(violationCaseDecider, discovered, stopped, filed, closed)
      .when({ type: 'StopOnSite', stoppedOn: '2009-10-01', today })
      .thenThrows('case.closed', { kind: 'conflict' });
  });
});

describe('violation case: free text stays out of the events', () => {
  it('carries no case or decision number in its events; violationCaseTextsOf keys a decision number by its version', () => {
    const typed = '张三丰测试 11010519491231002X';
    const events = [
      ...given(violationCaseDecider, discovered)
        .when({ type: 'FileCase', filedOn: '2009-04-20', caseNumber: typed, today })
        .then([filed]),
      ...given(violationCaseDecider, discovered, filed)
        .when({
          type: 'DecidePenalty',
          decidedOn: '2009-06-01',
          decisionNumber: typed,
          penalties: ['fine'],
          fineYuan: 12000,
          today,
        })
        .then([penalty]),
    ];
    assert.doesNotMatch(JSON.stringify(events), /张三丰测试|11010519491231002X/);
    assert.deepEqual(violationCaseTextsOf({ type: 'FileCase', filedOn: '2009-04-20', caseNumber: typed, today }, 3), {
      caseNumber: typed,
    });
    assert.deepEqual(
      violationCaseTextsOf(
        { type: 'TakeCoerciveMeasure', decidedOn: '2009-06-02', decisionNumber: typed, measure: 'sealing', today },
        5,
      ),
      { 'decisionNumber@5': typed },
    );
    assert.deepEqual(violationCaseTextsOf({ type: 'CloseCase', closedOn: '2009-09-30', today }, 6), {});
  });
});
