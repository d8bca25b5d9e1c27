// Legal dates: validation with the field named, day arithmetic (leap years, year boundaries), and the
// legal day at +08:00 — the rule that decides which day, and so which statistical year, an act is in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  addMonths,
  dateOfDayNumber,
  dayNumber,
  daysInMonth,
  isLeapYear,
  isLegalDate,
  isWeekend,
  legalDateOf,
  legalDateProblem,
  legalInstant,
  legalToday,
  weekday,
} from './index.js';

describe('legal dates', () => {
  it('given a leap-year rule: every 4th year, not every 100th, but every 400th', () => {
    for (const y of [2008, 2012, 2024, 2000, 2400]) assert.equal(isLeapYear(y), true, String(y));
    for (const y of [2009, 2023, 1900, 2100]) assert.equal(isLeapYear(y), false, String(y));
    assert.equal(daysInMonth(2024, 2), 29);
    assert.equal(daysInMonth(2100, 2), 28);
    assert.equal(daysInMonth(2009, 4), 30);
  });

  it('when a date is checked, then only a real day written YYYY-MM-DD is one', () => {
    assert.equal(isLegalDate('2008-02-29'), true);
    assert.equal(isLegalDate('2000-02-29'), true);
    assert.equal(isLegalDate('2009-02-29'), false);
    assert.equal(isLegalDate('1900-02-29'), false);
    assert.equal(isLegalDate('2009-04-31'), false);
    assert.equal(isLegalDate('2009-4-1'), false);
    assert.equal(isLegalDate('2009-13-01'), false);
    assert.equal(isLegalDate(20090101), false);
  });

  it('given a step’s date, then it must be a real date, not after today, not before the step it follows', () => {
    const bounds = { today: '2023-10-09', after: '2023-09-28' };
    assert.equal(legalDateProblem('repliedOn', '2023-10-02', bounds), undefined);
    assert.equal(legalDateProblem('repliedOn', '2023-10-09', bounds), undefined, 'today itself is allowed');
    assert.deepEqual(legalDateProblem('repliedOn', '2023-02-29', bounds), {
      field: 'repliedOn',
      rule: 'date.invalid',
      message: 'repliedOn must be a calendar date YYYY-MM-DD',
    });
    assert.deepEqual(legalDateProblem('repliedOn', '2023-10-10', bounds), {
      field: 'repliedOn',
      rule: 'date.in-future',
      message: 'repliedOn 2023-10-10 is after today (2023-10-09)',
    });
    assert.equal(legalDateProblem('repliedOn', '2023-09-27', bounds)?.rule, 'date.before-previous-step');
    assert.match(
      legalDateProblem('repliedOn', '2023-09-27', { ...bounds, afterWhat: 'the receipt' })!.message,
      /repliedOn 2023-09-27 is before 2023-09-28, the receipt/,
    );
    assert.equal(legalDateProblem('repliedOn', '2099-01-01'), undefined, 'no today: any real date');
  });

  it('round-trips every day from 2000 to 2030 and agrees with the calendar of Date.UTC', () => {
    const start = Date.UTC(2000, 0, 1) / 86_400_000;
    for (let n = start; n < start + 31 * 366; n++) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      assert.equal(dateOfDayNumber(n), iso);
      assert.equal(dayNumber(iso), n);
      assert.equal(weekday(iso), new Date(n * 86_400_000).getUTCDay());
    }
    assert.equal(dayNumber('1970-01-01'), 0);
    assert.equal(dateOfDayNumber(dayNumber('2100-03-01')), '2100-03-01');
  });

  it('adds days across month, year and leap-day boundaries', () => {
    assert.equal(addDays('2009-05-04', 60), '2009-07-03');
    assert.equal(addDays('2008-02-28', 1), '2008-02-29');
    assert.equal(addDays('2009-02-28', 1), '2009-03-01');
    assert.equal(addDays('2009-12-31', 1), '2010-01-01');
    assert.equal(addDays('2010-01-01', -1), '2009-12-31');
  });

  it('adds months to the same day, or the last day of a shorter month', () => {
    assert.equal(addMonths('2009-03-15', 3), '2009-06-15');
    assert.equal(addMonths('2009-08-31', 6), '2010-02-28');
    assert.equal(addMonths('2011-08-31', 6), '2012-02-29');
    assert.equal(addMonths('2009-11-30', 3), '2010-02-28');
    assert.equal(addMonths('2010-01-31', -2), '2009-11-30');
  });

  it('knows weekdays and weekends', () => {
    assert.equal(weekday('2009-01-01'), 4); // 元旦 2009 was a Thursday
    assert.equal(isWeekend('2023-10-07'), true); // a Saturday (a 调休 working day, see the calendar)
    assert.equal(isWeekend('2023-10-09'), false);
  });
});

describe('the legal day at +08:00', () => {
  it('given an instant, when its legal date is taken, then the day turns at 16:00Z, not at midnight UTC', () => {
    assert.equal(legalToday(new Date('2023-10-01T15:59:59.999Z')), '2023-10-01');
    assert.equal(legalToday(new Date('2023-10-01T16:00:00.000Z')), '2023-10-02');
    assert.equal(legalToday(Date.parse('2023-10-01T16:00:00Z')), '2023-10-02');
  });

  it('given New Year’s Eve at 17:00Z, then the legal date — and the statistical year — is already the next', () => {
    assert.equal(legalToday(new Date('2009-12-31T17:00:00Z')), '2010-01-01');
    assert.equal(legalDateOf('2009-12-31T17:00:00Z'), '2010-01-01');
    assert.equal(legalDateOf('2009-12-31T15:59:59Z'), '2009-12-31');
    assert.equal(legalToday(new Date('2024-02-28T16:00:00Z')), '2024-02-29');
  });

  it('reads an instant with any offset, and a legal date as itself', () => {
    assert.equal(legalDateOf('2010-01-01T00:00:00+08:00'), '2010-01-01');
    assert.equal(legalDateOf('2009-12-31T23:30:00-05:00'), '2010-01-01');
    assert.equal(legalDateOf('2009-06-30'), '2009-06-30');
    assert.throws(() => legalDateOf('not a date'), RangeError);
  });

  it('makes a legal date the start of its day at +08:00, which reads back as the same date', () => {
    assert.equal(legalInstant('2009-03-02'), '2009-03-02T00:00:00+08:00');
    for (const d of ['2009-01-01', '2009-12-31', '2024-02-29']) assert.equal(legalDateOf(legalInstant(d)), d);
  });
});
