import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  calendarWith,
  isIsoDate,
  localDateOf,
  monthEnd,
  WEEKDAYS_ONLY,
  workingDaysBetween,
} from './calendar.js';

describe('the statistical calendar (Asia/Shanghai)', () => {
  it('puts an instant in the local date of Shanghai, not of UTC', () => {
    // 31 December 2009, 17:00 UTC is already 1 January 2010 in Zhuzhou.
    assert.equal(localDateOf('2009-12-31T17:00:00Z'), '2010-01-01');
    assert.equal(localDateOf('2009-12-31T15:59:59Z'), '2009-12-31');
    assert.equal(localDateOf('2010-01-01T00:00:00+08:00'), '2010-01-01');
    assert.equal(localDateOf('2009-06-30'), '2009-06-30');
    assert.throws(() => localDateOf('not a date'), RangeError);
  });

  it('validates dates and counts days across month and year ends', () => {
    assert.equal(isIsoDate('2009-02-29'), false);
    assert.equal(isIsoDate('2008-02-29'), true);
    assert.equal(addDays('2009-12-31', 1), '2010-01-01');
    assert.equal(monthEnd(2008, 2), '2008-02-29');
  });

  it('counts working days, with holidays and make-up working days (调休) when given', () => {
    // 2009-10-01 (Thu) … 2009-10-08 (Thu): National Day holiday; Sunday 2009-10-10 a make-up day.
    assert.equal(workingDaysBetween(WEEKDAYS_ONLY, '2009-10-01', '2009-10-11'), 7);
    const cal = calendarWith(
      'test',
      ['2009-10-01', '2009-10-02', '2009-10-05', '2009-10-06', '2009-10-07', '2009-10-08'],
      ['2009-09-27', '2009-10-10'],
    );
    assert.equal(workingDaysBetween(cal, '2009-10-01', '2009-10-11'), 2);
    assert.equal(workingDaysBetween(cal, '2009-10-11', '2009-10-01'), 0);
  });
});
