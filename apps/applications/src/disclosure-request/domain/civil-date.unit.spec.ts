import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dayNumber, fromDayNumber, isCivilDate, weekday } from './civil-date.js';

describe('civil dates', () => {
  it('counts days from 1970-01-01 and back, across leap days and centuries', () => {
    assert.equal(dayNumber('1970-01-01'), 0);
    for (const d of ['1999-12-31', '2000-02-29', '2009-01-25', '2019-05-15', '2024-02-29', '2100-03-01']) {
      assert.equal(fromDayNumber(dayNumber(d)), d);
    }
    // Date.UTC is a second, independent implementation of the same calendar.
    for (let n = dayNumber('2008-01-01'); n < dayNumber('2027-01-01'); n += 37) {
      const d = fromDayNumber(n);
      assert.equal(n, Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000);
    }
  });

  it('knows weekdays and real dates', () => {
    assert.equal(weekday('2009-01-01'), 4); // a Thursday (元旦 2009: 星期四)
    assert.equal(weekday('2019-05-15'), 3); // the 2019 条例 came into force on a Wednesday
    assert.equal(addDays('2009-02-28', 1), '2009-03-01');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(isCivilDate('2009-02-30'), false);
    assert.equal(isCivilDate('2009-2-3'), false);
    assert.equal(isCivilDate('2024-02-29'), true);
  });
});
