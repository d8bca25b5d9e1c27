import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { directLawsuitTimers, lawsuitAfterReconsiderationTimers, reconsiderationTimers } from './timers.js';

describe('appeal timers (REPORTS §4)', () => {
  it('reconsideration: 60 days to apply from knowing the act, decision 60 days after acceptance', () => {
    assert.deepEqual(reconsiderationTimers('2009-05-04', '2009-07-03', '2009-07-06'), {
      filingDeadline: '2009-07-03',
      filedInTime: true,
      decisionDueOn: '2009-09-04',
    });
    assert.equal(reconsiderationTimers('2009-05-04', '2009-07-04', '2009-07-04').filedInTime, false);
  });

  it('direct lawsuit: 3 months to sue and to judge under the 1989 law, 6 months from 2015-05-01', () => {
    assert.deepEqual(directLawsuitTimers('2009-03-15', '2009-06-15', '2009-06-20'), {
      filingDeadline: '2009-06-15',
      filedInTime: true,
      decisionDueOn: '2009-09-20',
    });
    assert.equal(directLawsuitTimers('2009-03-15', '2009-06-16', '2009-06-20').filedInTime, false);
    assert.deepEqual(directLawsuitTimers('2019-03-15', '2019-09-15', '2019-09-20'), {
      filingDeadline: '2019-09-15',
      filedInTime: true,
      decisionDueOn: '2020-03-20',
    });
  });

  it('lawsuit after reconsideration: 15 days from its decision, or from the end of its decision period', () => {
    const decided = lawsuitAfterReconsiderationTimers(
      { decidedOn: '2009-07-21', decisionDueOn: '2009-08-01' },
      '2009-08-05',
      '2009-08-05',
    );
    assert.deepEqual(decided, { filingDeadline: '2009-08-05', filedInTime: true, decisionDueOn: '2009-11-05' });
    const undecided = lawsuitAfterReconsiderationTimers(
      { decidedOn: undefined, decisionDueOn: '2009-08-01' },
      '2009-08-17',
      '2009-08-17',
    );
    assert.deepEqual(undecided, { filingDeadline: '2009-08-16', filedInTime: false, decisionDueOn: '2009-11-17' });
  });
});
