// Deadline arithmetic. Each expected date is counted by hand in the comment next to it, working day
// by working day, from the notice of that year — the spec's oracle is that count, not the code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadlineOf, type ClockFacts } from './deadline.js';
import { OFFICIAL_CALENDAR, WorkingCalendar } from '#contracts/legal-time';

const facts = (over: Partial<ClockFacts>): ClockFacts => ({
  regime: 'ordinance-2019',
  startedOn: '2019-06-03',
  extensionWorkingDays: 0,
  pauses: [],
  ...over,
});
const due = (f: ClockFacts): string | undefined => {
  const d = deadlineOf(f, OFFICIAL_CALENDAR);
  return d.status === 'running' ? d.dueDate : undefined;
};

describe('working calendar', () => {
  it('treats 调休 weekend days as working days and holiday weekdays as days off', () => {
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2009-01-24'), true); // Saturday, 上班 before 春节
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2009-01-26'), false); // Monday, 春节
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2018-12-29'), true); // Saturday, 上班 (2019 notice)
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2018-12-31'), false); // Monday, 元旦 2019 block
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2020-02-01'), false); // announced 上班, cancelled by the extension
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2024-02-09'), true); // 除夕 2024: only encouraged off
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2025-01-28'), false); // 除夕 2025: a holiday from 2025
  });

  it('does not guess a year it has no notice for, nor late December before the next notice', () => {
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2008-03-03'), undefined); // no 2008 notice on file
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2027-03-03'), undefined); // nor the 2027 one yet
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2026-12-24'), true);
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2026-12-28'), undefined);
    assert.equal(OFFICIAL_CALENDAR.isWorkingDay('2009-12-31'), true); // 2010's notice is on file
  });
});

describe('reply deadline', () => {
  it('2007 regime: 15 working days across 春节 2009 with its two make-up days', () => {
    // Received Tue 2009-01-20. 1-21(1) 1-22(2) 1-23(3) Sat 1-24 上班(4) | 1-25..1-31 春节 |
    // Sun 2-1 上班(5) 2-2(6) 2-3(7) 2-4(8) 2-5(9) 2-6(10) 2-9(11) 2-10(12) 2-11(13) 2-12(14) 2-13(15).
    assert.equal(due(facts({ regime: 'ordinance-2007', startedOn: '2009-01-20' })), '2009-02-13');
    // Extended by 15: 2-16(16) … 2-20(20) 2-23(21) … 2-27(25) 3-2(26) … 3-6(30).
    assert.equal(
      due(facts({ regime: 'ordinance-2007', startedOn: '2009-01-20', extensionWorkingDays: 15 })),
      '2009-03-06',
    );
  });

  it('2019 regime: 20 working days across 国庆 2019 with make-up days 9-29 and 10-12', () => {
    // Received Wed 2019-09-25. 9-26(1) 9-27(2) Sun 9-29 上班(3) 9-30(4) | 10-1..10-7 国庆 |
    // 10-8(5) 10-9(6) 10-10(7) 10-11(8) Sat 10-12 上班(9) 10-14(10) … 10-18(14) 10-21(15) … 10-25(19) 10-28(20).
    assert.equal(due(facts({ startedOn: '2019-09-25' })), '2019-10-28');
  });

  it('the day before and the day the 2019 条例 came into force (15 vs 20 working days)', () => {
    // Tue 2019-05-14, 15 days: 5-15(1) 5-16 5-17 5-20 … 5-24(8) 5-27 … 5-31(13) 6-3(14) 6-4(15).
    assert.equal(due(facts({ regime: 'ordinance-2007', startedOn: '2019-05-14' })), '2019-06-04');
    // Wed 2019-05-15, 20 days: 5-16(1) 5-17(2) 5-20 … 5-24(7) 5-27 … 5-31(12) 6-3 … 6-6(16)
    // | Fri 6-7 端午 | 6-10(17) 6-11(18) 6-12(19) 6-13(20).
    assert.equal(due(facts({ regime: 'ordinance-2019', startedOn: '2019-05-15' })), '2019-06-13');
  });

  it('a consultation pauses the clock: the days after it went out up to the opinion do not count', () => {
    // Received Mon 2019-06-03; consulted Wed 6-05 after 6-04(1) 6-05(2); opinion Fri 6-14.
    // Resume: 6-17(3) … 6-21(7) 6-24 … 6-28(12) 7-1 … 7-5(17) 7-8(18) 7-9(19) 7-10(20).
    const paused = facts({ pauses: [{ reason: 'consultation', from: '2019-06-05', to: '2019-06-14' }] });
    assert.equal(due(paused), '2019-07-10');
    // Without the pause: … 6-6(3) | 6-7 端午 | 6-10(4) … 6-28(18) 7-1(19) 7-2(20).
    assert.equal(due(facts({})), '2019-07-02');
  });

  it('while a consultation lasts there is no due date, only the working days left', () => {
    const d = deadlineOf(facts({ pauses: [{ reason: 'consultation', from: '2019-06-05' }] }), OFFICIAL_CALENDAR);
    assert.deepEqual(d, { status: 'paused', reason: 'consultation', since: '2019-06-05', remainingWorkingDays: 18 });
  });

  it('a deadline that ran out before a pause began stays overdue', () => {
    const d = deadlineOf(facts({ pauses: [{ reason: 'consultation', from: '2019-07-15' }] }), OFFICIAL_CALENDAR);
    assert.deepEqual(d, { status: 'running', dueDate: '2019-07-02', allowedWorkingDays: 20 });
  });

  it('awaiting a clarification: paused with nothing left to count — the count restarts on arrival', () => {
    const d = deadlineOf(facts({ pauses: [{ reason: 'clarification', from: '2019-06-05' }] }), OFFICIAL_CALENDAR);
    assert.deepEqual(d, { status: 'paused', reason: 'clarification', since: '2019-06-05', remainingWorkingDays: null });
  });

  it('knows December up to the 24th from the year’s own notice', () => {
    // Wed 2026-11-25: 11-26(1) 11-27(2) 11-30 … 12-4(7) 12-7 … 12-11(12) 12-14 … 12-18(17) 12-21 12-22 12-23(20).
    assert.equal(due(facts({ startedOn: '2026-11-25' })), '2026-12-23');
  });

  it('is unknown, naming the year, when a notice is not on file', () => {
    assert.deepEqual(deadlineOf(facts({ startedOn: '2008-03-03' }), OFFICIAL_CALENDAR), {
      status: 'unknown',
      missingYear: 2008,
    });
    // From 2026-12-01 the count reaches 12-25 (12-2..4, 7..11, 14..18, 21..24 are 17 days): the 2027
    // notice is needed, it may move late-December days.
    assert.deepEqual(deadlineOf(facts({ startedOn: '2026-12-01' }), OFFICIAL_CALENDAR), {
      status: 'unknown',
      missingYear: 2027,
    });
  });

  it('with no holidays at all, only weekends are skipped (a synthetic calendar)', () => {
    const bare = new WorkingCalendar([
      {
        year: 2031,
        sources: [{ title: '国务院办公厅 test', issuedOn: '2030-11-01' }],
        holidays: [],
        makeUpWorkdays: [],
      },
      {
        year: 2032,
        sources: [{ title: '国务院办公厅 test', issuedOn: '2031-11-01' }],
        holidays: [],
        makeUpWorkdays: [],
      },
    ]);
    // Mon 2031-03-03 + 20 working days = four weeks later, Mon 2031-03-31.
    const d = deadlineOf(facts({ startedOn: '2031-03-03' }), bare);
    assert.deepEqual(d, { status: 'running', dueDate: '2031-03-31', allowedWorkingDays: 20 });
  });
});
