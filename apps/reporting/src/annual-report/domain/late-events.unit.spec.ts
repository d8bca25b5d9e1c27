import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AppliedEvent, type FactChange } from './case-facts.js';
import { eventsChangingYear } from './late-events.js';

const AGENCY = 'late-events-agency';
const event = (streamId: string, v: number, change: FactChange): AppliedEvent => ({
  source: {
    eventId: `${streamId}#${v}`,
    eventType: 'test.Event',
    streamVersion: v,
    agencyId: AGENCY,
    recordedAt: '2023-02-01T09:00:00+08:00',
  },
  changes: [change],
});
const scope = (year: number) => ({ agencyIds: [AGENCY], year });
const issued = event('doc', 1, {
  kind: 'normative-document',
  type: 'issued',
  date: '2019-03-01',
  documentKind: 'normative-document',
});
const repealedOn = (date: string) => event('doc', 2, { kind: 'normative-document', type: 'repealed', date });

describe('late events: the ones that change a closed year’s figures, either way', () => {
  it('a repeal dated in 2020 lowers 现行有效件数 of 2020 and 2021: listed for both, not for 2019', () => {
    const repeal = repealedOn('2020-06-01');
    assert.deepEqual(eventsChangingYear('doc', [issued], [repeal], scope(2020)), [repeal]);
    assert.deepEqual(eventsChangingYear('doc', [issued], [repeal], scope(2021)), [repeal]);
    assert.deepEqual(eventsChangingYear('doc', [issued], [repeal], scope(2019)), []);
  });

  it('a repeal dated after the year leaves it alone', () => {
    assert.deepEqual(eventsChangingYear('doc', [issued], [repealedOn('2022-01-05')], scope(2021)), []);
  });

  it('a case recorded entirely late raises the year it counts in', () => {
    const received = event('req', 1, {
      kind: 'disclosure-request',
      type: 'received',
      receiptDate: '2021-06-01',
      channel: 'letter',
      applicantType: 'natural-person',
    });
    assert.deepEqual(eventsChangingYear('req', [], [received], scope(2021)), [received]);
    assert.deepEqual(eventsChangingYear('req', [], [received], scope(2020)), []);
  });
});
