import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, addMonths, dateOfDayNumber, dayNumber, isLegalDate } from './legal-date.js';

describe('legal-date arithmetic', () => {
  it('round-trips every day from 2000 to 2030 and agrees with the calendar of Date.UTC', () => {
    const start = Date.UTC(2000, 0, 1) / 86_400_000;
    for (let n = start; n < start + 31 * 366; n++) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      assert.equal(dateOfDayNumber(n), iso);
      assert.equal(dayNumber(iso), n);
    }
  });

  it('adds days across month, year and leap-day boundaries', () => {
    assert.equal(addDays('2009-05-04', 60), '2009-07-03');
    assert.equal(addDays('2008-02-28', 1), '2008-02-29');
    assert.equal(addDays('2009-12-31', 1), '2010-01-01');
  });

  it('adds months to the same day, or the last day of a shorter month', () => {
    assert.equal(addMonths('2009-03-15', 3), '2009-06-15');
    assert.equal(addMonths('2009-08-31', 6), '2010-02-28');
    assert.equal(addMonths('2011-08-31', 6), '2012-02-29');
    assert.equal(addMonths('2009-11-30', 3), '2010-02-28');
  });

  it('knows real calendar days', () => {
    assert.equal(isLegalDate('2008-02-29'), true);
    assert.equal(isLegalDate('2009-02-29'), false);
    assert.equal(isLegalDate('2009-04-31'), false);
    assert.equal(isLegalDate('2009-4-1'), false);
  });
});
