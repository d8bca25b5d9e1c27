// Looking a date up in the official calendar (official-holidays.json): the kind of day, with the
// holiday's name and notice, on dates where a weekday rule alone would be wrong.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OFFICIAL_CALENDAR, WEEKDAYS_ONLY, WorkingCalendar } from './working-calendar.js';

const NOTICE_2023 = '国务院办公厅关于2023年部分节假日安排的通知';

describe('the official working-day calendar', () => {
  it('knows a weekday of a holiday block as a holiday, with its name and notice', () => {
    assert.deepEqual(OFFICIAL_CALENDAR.dayKind('2023-10-02'), {
      kind: 'holiday',
      name: '中秋节、国庆节',
      notice: NOTICE_2023,
    });
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2023-10-02'), false); // a Monday
  });

  it('knows the weekend days a notice makes working days (调休上班), and ordinary weekends', () => {
    assert.deepEqual(OFFICIAL_CALENDAR.dayKind('2023-10-07'), { kind: 'working', makeUpWorkday: true }); // Saturday
    assert.deepEqual(OFFICIAL_CALENDAR.dayKind('2023-10-14'), { kind: 'weekend' });
    assert.deepEqual(OFFICIAL_CALENDAR.dayKind('2023-10-09'), { kind: 'working', makeUpWorkday: false });
  });

  it('covers every year from 2009 to 2026, including the years 2011–2017 added to the data file', () => {
    // 2011: 春节 2月2日至8日; 1月30日 (Sunday) 上班.
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2011-02-08'), false);
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2011-01-30'), true);
    // 2012's notice makes Saturday 2011-12-31 a working day, before its 元旦.
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2011-12-31'), true);
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2012-01-03'), false);
    // 2013: 中秋节 9月19日至21日, 9月22日 (Sunday) 上班.
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2013-09-20'), false);
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2013-09-22'), true);
    // 2014: 除夕 (1月30日) is worked; 春节 from 1月31日.
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2014-01-30'), true);
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2014-01-31'), false);
    // 2015: the one-off 抗战胜利70周年 holiday (国发明电〔2015〕1号), and its Sunday 9月6日 上班.
    assert.deepEqual(OFFICIAL_CALENDAR.dayKind('2015-09-04'), {
      kind: 'holiday',
      name: '抗战胜利70周年纪念日',
      notice: '国务院办公厅关于2015年部分节假日安排的通知',
    });
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2015-09-06'), true);
    // 2016: 劳动节 5月2日 (Monday) 补休.
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2016-05-02'), false);
    // 2017: 中秋节、国庆节 10月1日至8日, 9月30日 (Saturday) 上班.
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2017-10-06'), false);
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2017-09-30'), true);
    for (let y = 2009; y <= 2026; y++) assert.ok(OFFICIAL_CALENDAR.covers(`${y}-06-15`), `${y}`);
  });

  it('says a date is unknown when its notice is not on file (2027), never guessing', () => {
    assert.deepEqual(OFFICIAL_CALENDAR.dayKind('2027-10-04'), { kind: 'unknown', missingYear: 2027 });
    assert.deepEqual(OFFICIAL_CALENDAR.dayKind('2026-12-30'), { kind: 'unknown', missingYear: 2027 });
    assert.deepEqual(OFFICIAL_CALENDAR.dayKind('2008-10-01'), { kind: 'unknown', missingYear: 2008 });
  });

  it('given 2023-10-02 (国庆, a Monday), then it is no working day; 2023-10-07 (a Saturday, 调休上班) is one', () => {
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2023-10-02'), false);
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2023-10-07'), true);
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2023-10-08'), true); // Sunday, also 调休上班
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2023-10-14'), false); // an ordinary Saturday
  });

  it('when a deadline of 20 working days runs across 春节, then the days off do not count and 调休 weekends do', () => {
    // 2023 notice: 春节 1月21日至27日 off; Saturday 1月28日 and Sunday 1月29日 上班. Counting from the
    // day after Monday 2023-01-16: 17–20 Jan (4), 28–29 Jan (6), 30 Jan–3 Feb (11), 6–10 Feb (16),
    // 13–16 Feb (20).
    assert.equal(OFFICIAL_CALENDAR.addWorkingDays('2023-01-16', 20), '2023-02-16');
    // Monday–Friday alone would end three days earlier, inside the week the holiday pushes back.
    assert.equal(WEEKDAYS_ONLY.addWorkingDays('2023-01-16', 20), undefined, 'no notice on file: unknown');
    assert.equal(OFFICIAL_CALENDAR.workingDaysBetween('2023-01-16', '2023-02-16'), 20);
    assert.equal(OFFICIAL_CALENDAR.workingDaysBetween('2023-01-16', '2023-02-15'), 19);
    // 2024: 春节 2月10日至17日 off, Sundays 2月4日 and 2月18日 上班: two working days after 2月8日 are
    // 2月9日 (除夕, worked that year) and Sunday 2月18日.
    assert.equal(OFFICIAL_CALENDAR.addWorkingDays('2024-02-08', 2), '2024-02-18');
  });

  it('adds working days for estimates, weekdays alone outside the table', () => {
    assert.equal(OFFICIAL_CALENDAR.addWorkingDaysOrWeekdays('2023-09-28', 2), '2023-10-08'); // 国庆 from 29 Sep; 7–8 Oct 上班
    assert.equal(WEEKDAYS_ONLY.addWorkingDaysOrWeekdays('2023-09-28', 2), '2023-10-02');
    assert.equal(OFFICIAL_CALENDAR.addWorkingDaysOrWeekdays('2027-01-01', 1), '2027-01-04'); // a Friday, no notice
    assert.equal(OFFICIAL_CALENDAR.addWorkingDaysOrWeekdays('2023-09-28', 0), '2023-09-28');
  });

  it('counts working days in a span for estimates, weekdays alone outside the table', () => {
    // 2009-10-01 … 2009-10-08: 国庆节、中秋节 off; Saturday 2009-10-10 上班.
    assert.equal(WEEKDAYS_ONLY.countWorkingDays('2009-10-01', '2009-10-11'), 7);
    assert.equal(OFFICIAL_CALENDAR.countWorkingDays('2009-10-01', '2009-10-11'), 2);
    assert.equal(OFFICIAL_CALENDAR.countWorkingDays('2009-10-11', '2009-10-01'), 0);
    assert.equal(OFFICIAL_CALENDAR.countWorkingDays('2027-01-04', '2027-01-10'), 5);
    assert.match(WEEKDAYS_ONLY.name, /Monday–Friday/);
    assert.match(OFFICIAL_CALENDAR.name, /2009–2026/);
  });

  it('uses the table it is given', () => {
    const none = new WorkingCalendar([{ year: 2023, sources: [], holidays: [], makeUpWorkdays: [] }]);
    assert.equal(none.isWorkingDay('2023-10-02'), true);
    assert.equal(none.isWorkingDay('2023-10-07'), false);
  });
});
