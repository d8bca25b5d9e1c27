import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '#testing';
import {
  annualReportDecider,
  type AnnualReportEvent,
  annualReportStreamId,
  publicationDeadline,
} from './annual-report.decider.js';

const report = { agencyId: 'zhuzhou-city', scope: 'rollup' as const, year: 2009 };
const declared: AnnualReportEvent = {
  type: 'FactsDeclared',
  data: { scope: 'rollup', year: 2009, fullTimeStaff: 2, partTimeStaff: 38, expenditureWanYuan: 32 },
};
const snapshot = {
  manifest: {
    projectionVersion: 'facts-v1',
    watermark: [{ topic: 'applications.events', partition: 0, offset: '14' }],
    eventCounts: [{ topic: 'applications.events', events: 28 }],
    factCount: 14,
    excludedFacts: 0,
  },
  reports: [
    {
      template: '2008' as const,
      asOf: '2009-12-31',
      contentHash: `sha256:${'a'.repeat(64)}`,
      figures: [{ table: '2008-2', path: ['受理申请总数'], value: 14 }],
    },
  ],
};
const closed: AnnualReportEvent = {
  type: 'YearClosed',
  data: { scope: 'rollup', year: 2009, closeNumber: 1, closedOn: '2010-01-15', ...snapshot },
};
const reopened: AnnualReportEvent = {
  type: 'YearReopened',
  data: { scope: 'rollup', year: 2009, reopenedCloseNumber: 1, reason: 'a reply dated 2009-12-30 was recorded late' },
};

describe('the annual report of an agency-year', () => {
  it('has one stream per agency, scope and year', () => {
    assert.equal(annualReportStreamId(report), 'annual-report:zhuzhou-city:rollup:2009');
  });

  it('records declared facts; declaring the same again changes nothing; new figures replace them', () => {
    given(annualReportDecider)
      .when({ type: 'DeclareFacts', report, fullTimeStaff: 2, partTimeStaff: 38, expenditureWanYuan: 32 })
      .then([declared]);
    given(annualReportDecider, declared)
      .when({ type: 'DeclareFacts', report, fullTimeStaff: 2, partTimeStaff: 38, expenditureWanYuan: 32 })
      .thenNothing();
    const state = given(annualReportDecider, declared, {
      type: 'FactsDeclared',
      data: { ...declared.data, partTimeStaff: 37 },
    } as AnnualReportEvent).state;
    assert.equal(state.declared?.partTimeStaff, 37);
  });

  it('refuses staff counts that are not whole numbers ≥ 0, naming the field', () => {
    given(annualReportDecider)
      .when({ type: 'DeclareFacts', report, fullTimeStaff: -1, partTimeStaff: 3, expenditureWanYuan: 1 })
      .thenThrows('declared.staff-count', { field: 'fullTimeStaff', kind: 'invalid' });
    given(annualReportDecider)
      .when({ type: 'DeclareFacts', report, fullTimeStaff: 1, partTimeStaff: 2.5, expenditureWanYuan: 1 })
      .thenThrows('declared.staff-count', { field: 'partTimeStaff' });
    given(annualReportDecider)
      .when({ type: 'DeclareFacts', report, fullTimeStaff: 1, partTimeStaff: 2, expenditureWanYuan: Number.NaN })
      .thenThrows('declared.expenditure', { field: 'expenditureWanYuan' });
  });

  it('takes expenditure to the fen (6 decimals of 万元), printed as declared, and refuses a fraction of a fen', () => {
    given(annualReportDecider)
      .when({ type: 'DeclareFacts', report, fullTimeStaff: 1, partTimeStaff: 2, expenditureWanYuan: 32.1234567 })
      .thenThrows('declared.expenditure-precision', { field: 'expenditureWanYuan', kind: 'invalid' });
    given(annualReportDecider)
      .when({ type: 'DeclareFacts', report, fullTimeStaff: 1, partTimeStaff: 2, expenditureWanYuan: 32.123456 })
      .then([
        { ...declared, data: { ...declared.data, fullTimeStaff: 1, partTimeStaff: 2, expenditureWanYuan: 32.123456 } },
      ]);
  });

  it('closes a year only once it is over, freezing the snapshot', () => {
    given(annualReportDecider, declared)
      .when({ type: 'CloseYear', report, today: '2009-12-31', snapshot })
      .thenThrows('annual-report.year-not-over', { field: 'year' });
    given(annualReportDecider, declared)
      .when({ type: 'CloseYear', report, today: '2010-01-15', snapshot })
      .then([closed]);
  });

  it('refuses to close twice, and to declare facts into a closed year', () => {
    given(annualReportDecider, closed)
      .when({ type: 'CloseYear', report, today: '2010-02-01', snapshot })
      .thenThrows('annual-report.already-closed', { kind: 'conflict' });
    given(annualReportDecider, closed)
      .when({ type: 'DeclareFacts', report, fullTimeStaff: 1, partTimeStaff: 1, expenditureWanYuan: 1 })
      .thenThrows('annual-report.closed', { kind: 'conflict' });
  });

  it('reopens only a closed year, and only with a reason; a second close is numbered 2', () => {
    given(annualReportDecider, declared)
      .when({ type: 'ReopenYear', report, reason: 'because' })
      .thenThrows('annual-report.not-closed', { kind: 'conflict' });
    given(annualReportDecider, closed)
      .when({ type: 'ReopenYear', report, reason: '  ok ' })
      .thenThrows('annual-report.reopen-reason-required', { field: 'reason' });
    given(annualReportDecider, closed)
      .when({ type: 'ReopenYear', report, reason: ' a reply dated 2009-12-30 was recorded late ' })
      .then([reopened]);
    const [again] = given(annualReportDecider, closed, reopened)
      .when({ type: 'CloseYear', report, today: '2010-02-01', snapshot })
      .then([{ ...closed, data: { ...closed.data, closeNumber: 2, closedOn: '2010-02-01' } } as AnnualReportEvent]);
    assert.equal(again?.type, 'YearClosed');
    const state = given(annualReportDecider, closed, reopened).state;
    assert.equal(state.status, 'open');
    assert.deepEqual(state.reopenings, [{ closeNumber: 1, reason: reopened.data.reason }]);
  });

  it('publishes a closed report, saying whether the statutory deadline was met', () => {
    given(annualReportDecider, declared)
      .when({ type: 'PublishReport', report, today: '2010-01-20' })
      .thenThrows('annual-report.not-closed', { kind: 'conflict' });
    // The seed was published on 2010-04-19; under the 2007 条例 the deadline was 31 March.
    given(annualReportDecider, closed)
      .when({ type: 'PublishReport', report, today: '2010-04-19' })
      .then([
        {
          type: 'ReportPublished',
          data: {
            scope: 'rollup',
            year: 2009,
            closeNumber: 1,
            publishedOn: '2010-04-19',
            deadline: '2010-03-31',
            onTime: false,
            contentHashes: [{ template: '2008', contentHash: `sha256:${'a'.repeat(64)}` }],
          },
        },
      ]);
    assert.equal(publicationDeadline(2019), '2020-01-31');
  });

  it('refuses to publish twice; a published report may be reopened for a correction', () => {
    const published: AnnualReportEvent = {
      type: 'ReportPublished',
      data: {
        scope: 'rollup',
        year: 2009,
        closeNumber: 1,
        publishedOn: '2010-03-01',
        deadline: '2010-03-31',
        onTime: true,
        contentHashes: [{ template: '2008', contentHash: `sha256:${'a'.repeat(64)}` }],
      },
    };
    given(annualReportDecider, closed, published)
      .when({ type: 'PublishReport', report, today: '2010-03-02' })
      .thenThrows('annual-report.already-published', { kind: 'conflict' });
    given(annualReportDecider, closed, published)
      .when({ type: 'ReopenYear', report, reason: 'correcting 附表二 after an audit' })
      .then([
        { ...reopened, data: { ...reopened.data, reason: 'correcting 附表二 after an audit' } } as AnnualReportEvent,
      ]);
  });

  it("records the office's text of a section while the year is open; refuses an unknown section and a closed year", () => {
    const edit = {
      type: 'EditNarrative' as const,
      report,
      template: 'national-2021' as const,
      sectionId: 's1',
      text: '  全年共受理政府信息公开申请14件。 ',
      bindings: [{ sentence: 0, literal: '14', address: '三.本年新收政府信息公开申请数量.总计' }],
    };
    // The text as recorded: trimmed.
    const edited = (template: '2008' | 'national-2021', sectionId: string): AnnualReportEvent => ({
      type: 'NarrativeEdited',
      data: {
        scope: 'rollup',
        year: 2009,
        template,
        sectionId,
        text: '全年共受理政府信息公开申请14件。',
        bindings: edit.bindings,
      },
    });
    given(annualReportDecider)
      .when(edit)
      .then([edited('national-2021', 's1')]);
    // The national format has six sections; 引言 (intro) is the 2008 format's.
    given(annualReportDecider)
      .when({ ...edit, sectionId: 's7' })
      .thenThrows('narrative.unknown-section', { field: 'sectionId' });
    given(annualReportDecider)
      .when({ ...edit, sectionId: 'intro' })
      .thenThrows('narrative.unknown-section');
    given(annualReportDecider)
      .when({ ...edit, template: '2008', sectionId: 'intro' })
      .then([edited('2008', 'intro')]);
    given(annualReportDecider)
      .when({ ...edit, text: '   ' })
      .thenThrows('narrative.text-required', { field: 'text' });
    // Closed: the text is frozen with the figures until the year is reopened.
    given(annualReportDecider, closed).when(edit).thenThrows('annual-report.closed', { kind: 'conflict' });
    given(annualReportDecider, closed, reopened)
      .when(edit)
      .then([edited('national-2021', 's1')]);
  });
});
