// The warning every service gives when a command's legal date falls on a day off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { legalDatesOf, nonWorkingDayWarnings, withDateWarnings } from './non-working-day.js';
import { WorkingCalendar } from './working-calendar.js';

describe('the non-working-day warning', () => {
  it('given a decision dated 2023-10-02 (国庆), then it warns naming the field, the date and the holiday', () => {
    assert.deepEqual(nonWorkingDayWarnings([{ field: 'decidedOn', date: '2023-10-02' }]), [
      {
        field: 'decidedOn',
        date: '2023-10-02',
        rule: 'legal-date.non-working-day',
        holiday: '中秋节、国庆节',
        message:
          'decidedOn 2023-10-02 不是工作日：中秋节、国庆节放假（国务院办公厅关于2023年部分节假日安排的通知）。' +
          '已按所填日期受理，请核对日期。',
      },
    ]);
  });

  it('given an ordinary Saturday, then it warns without a holiday; a 调休 Saturday and a weekday pass', () => {
    const [w] = nonWorkingDayWarnings([{ field: 'publishedOn', date: '2023-10-14' }]);
    assert.equal(w?.rule, 'legal-date.non-working-day');
    assert.equal(w?.holiday, undefined);
    assert.match(w!.message, /publishedOn 2023-10-14 不是工作日：星期六，且不是调休上班日/);
    assert.deepEqual(nonWorkingDayWarnings([{ field: 'publishedOn', date: '2023-10-07' }]), []);
    assert.deepEqual(nonWorkingDayWarnings([{ field: 'publishedOn', date: '2023-10-09' }]), []);
  });

  it('given a date outside the table (2027), then weekends alone are judged and the message says so', () => {
    const [w] = nonWorkingDayWarnings([{ field: 'filedOn', date: '2027-01-02' }]);
    assert.match(w!.message, /星期六（2027年部分节假日安排的通知未收录，仅按周末判断）/);
    assert.deepEqual(nonWorkingDayWarnings([{ field: 'filedOn', date: '2027-01-04' }]), []);
  });

  it('uses the calendar it is given', () => {
    const none = new WorkingCalendar([{ year: 2023, sources: [], holidays: [], makeUpWorkdays: [] }]);
    assert.deepEqual(nonWorkingDayWarnings([{ field: 'x', date: '2023-10-02' }], none), []);
  });

  it('finds the legal dates of a command by their names, leaving out today and the fields excepted', () => {
    const command = {
      type: 'Decide',
      today: '2023-10-02',
      decidedOn: '2023-10-02',
      receiptDate: '2023-09-27',
      knownOn: '2023-09-29',
      note: '2023-10-02',
      dueOn: 'soon',
    };
    assert.deepEqual(legalDatesOf(command, ['knownOn']), [
      { field: 'decidedOn', date: '2023-10-02' },
      { field: 'receiptDate', date: '2023-09-27' },
    ]);
    const answer = withDateWarnings({ id: 'a' }, command, ['knownOn']);
    assert.equal(answer.id, 'a');
    assert.deepEqual(
      answer.warnings.map((w) => w.field),
      ['decidedOn'],
    );
    assert.deepEqual(withDateWarnings({ id: 'b' }, { decidedOn: '2023-10-09' }).warnings, []);
  });
});
