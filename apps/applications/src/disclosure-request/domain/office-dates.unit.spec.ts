import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkingCalendar } from '#contracts/legal-time';
import { type DisclosureRequestCommand } from './disclosure-request.js';
import { officeDateWarnings as nonWorkingDayWarnings } from './office-dates.js';

const reply = (repliedOn: string): DisclosureRequestCommand => ({
  type: 'Reply',
  today: '2023-12-01',
  repliedOn,
  outcome: { category: 'disclosed' },
});
const receive = (receiptDate: string, channel: 'in-person' | 'online'): DisclosureRequestCommand => ({
  type: 'ReceiveRequest',
  today: '2023-12-01',
  agencyId: 'a',
  receiptDate,
  channel,
  applicantType: 'natural-person',
  applicantRef: 'apl-1',
  informationRequested: 'x',
});

describe('warnings for legal dates on days off', () => {
  it('warns (names field, rule, day) for a reply dated on a public holiday', () => {
    assert.deepEqual(nonWorkingDayWarnings(reply('2023-10-02')), [
      {
        field: 'repliedOn',
        date: '2023-10-02',
        rule: 'legal-date.non-working-day',
        holiday: '中秋节、国庆节',
        message:
          'repliedOn 2023-10-02 不是工作日：中秋节、国庆节放假（国务院办公厅关于2023年部分节假日安排的通知）。' +
          '已按所填日期受理，请核对日期。',
      },
    ]);
  });

  it('warns for an ordinary weekend, not for a 调休 working Saturday nor a weekday', () => {
    assert.equal(nonWorkingDayWarnings(reply('2023-10-14'))[0]?.field, 'repliedOn');
    assert.deepEqual(nonWorkingDayWarnings(reply('2023-10-07')), []);
    assert.deepEqual(nonWorkingDayWarnings(reply('2023-10-09')), []);
  });

  it('where the calendar is unknown (the 2027 notice is not on file) judges weekends only', () => {
    assert.deepEqual(nonWorkingDayWarnings(reply('2027-10-04')), []); // a Monday
    assert.match(nonWorkingDayWarnings(reply('2027-10-02'))[0]!.message, /星期六.*2027年部分节假日安排的通知未收录/);
  });

  it('checks an in-person receipt (the office must be open), not an online one', () => {
    assert.equal(nonWorkingDayWarnings(receive('2023-10-03', 'in-person')).length, 1);
    assert.deepEqual(nonWorkingDayWarnings(receive('2023-10-03', 'online')), []);
  });

  it('checks both dates of a clarification request: the day it was sent and its due date', () => {
    const warnings = nonWorkingDayWarnings({
      type: 'RequestClarification',
      today: '2023-12-01',
      requestedOn: '2023-09-28',
      dueOn: '2023-10-01',
    });
    assert.deepEqual(
      warnings.map((w) => w.field),
      ['dueOn'],
    );
  });

  it('uses the calendar it is given', () => {
    const none = new WorkingCalendar([{ year: 2023, sources: [], holidays: [], makeUpWorkdays: [] }]);
    assert.deepEqual(nonWorkingDayWarnings(reply('2023-10-02'), none), []);
  });
});
