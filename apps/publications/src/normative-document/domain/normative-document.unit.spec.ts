import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '#testing';
import { inForceOn, normativeDocumentDecider as decider, type NormativeDocumentEvent } from './normative-document.js';

const issued: NormativeDocumentEvent = {
  type: 'NormativeDocumentIssued',
  data: {
    agencyId: 'zhuzhou-city',
    kind: 'normative-document',
    issuedOn: '2009-06-01',
  },
  occurredAt: '2009-06-01T00:00:00+08:00',
};
const repealed: NormativeDocumentEvent = {
  type: 'NormativeDocumentRepealed',
  data: { repealedOn: '2019-12-31' },
  occurredAt: '2019-12-31T00:00:00+08:00',
};
const issue = {
  type: 'IssueDocument' as const,
  today: '2009-06-02',
  agencyId: 'zhuzhou-city',
  kind: 'normative-document' as const,
  title: '政府信息公开实施细则',
  documentNumber: ' 株国土资发〔2009〕12号 ',
  issuedOn: '2009-06-01',
};

describe('normative documents (规章, 行政规范性文件)', () => {
  it('records an issued document once', () => {
    given(decider).when(issue).then([issued]);
    given(decider, issued).when(issue).thenThrows('normative-document.already-issued', { kind: 'conflict' });
    given(decider)
      .when({ ...issue, issuedOn: '2009-06-03' })
      .thenThrows('date.in-future', { field: 'issuedOn' });
    given(decider)
      .when({ ...issue, title: '' })
      .thenThrows('normative-document.title-missing');
  });

  it('records a repeal once, not before the issue', () => {
    const repeal = {
      type: 'RepealDocument' as const,
      today: '2020-01-02',
      repealedOn: '2019-12-31',
      reason: '被新规定替代',
    };
    given(decider, issued).when(repeal).then([repealed]);
    given(decider, issued, repealed)
      .when(repeal)
      .thenThrows('normative-document.already-repealed', { kind: 'conflict' });
    given(decider, issued)
      .when({ ...repeal, repealedOn: '2009-05-31' })
      .thenThrows('date.before-previous-step');
    given(decider).when(repeal).thenThrows('normative-document.not-found', { kind: 'not-found' });
  });

  it('is in force from the day it is issued until the day it is repealed', () => {
    const state = given(decider, issued, repealed).state;
    assert.equal(inForceOn(state, '2009-05-31'), false);
    assert.equal(inForceOn(state, '2009-06-01'), true);
    assert.equal(inForceOn(state, '2019-12-30'), true);
    assert.equal(inForceOn(state, '2019-12-31'), false);
  });
});
