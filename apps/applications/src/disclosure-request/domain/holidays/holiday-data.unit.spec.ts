// Consistency checks on the transcribed notices: they cannot prove a date right, but they catch the
// usual transcription slips (a make-up day that is not a weekend, a holiday listed as a working day,
// a date in the wrong year, a missing source).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCivilDate, isWeekend, yearOf } from '../civil-date.js';
import { OFFICIAL_HOLIDAY_YEARS } from './index.js';

describe('official holiday data', () => {
  it('has a file for 2009 and for every year from 2019 to 2026', () => {
    const years = new Set(OFFICIAL_HOLIDAY_YEARS.map((y) => y.year));
    for (const y of [2009, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]) assert.ok(years.has(y), `no ${y}`);
    assert.equal(years.size, OFFICIAL_HOLIDAY_YEARS.length, 'one file per year');
  });

  for (const y of OFFICIAL_HOLIDAY_YEARS) {
    describe(String(y.year), () => {
      it('names the notice it transcribes', () => {
        assert.ok(y.sources.length > 0);
        for (const s of y.sources) {
          assert.match(s.title, /国务院办公厅/);
          assert.ok(isCivilDate(s.issuedOn));
          assert.ok(s.issuedOn < `${y.year}-04-01`, 'a notice precedes the holidays it arranges');
        }
      });

      it('lists real dates of its year (or the last days of the year before)', () => {
        for (const d of [...y.holidays, ...y.makeUpWorkdays]) {
          assert.ok(isCivilDate(d), d);
          assert.ok(yearOf(d) === y.year || d >= `${y.year - 1}-12-25`, `${d} outside ${y.year}`);
        }
      });

      it('makes only Saturdays and Sundays into make-up working days, never a listed holiday', () => {
        for (const d of y.makeUpWorkdays) {
          assert.ok(isWeekend(d), `${d} is a weekday: not a 调休 working day`);
          assert.ok(!y.holidays.includes(d), `${d} is both a holiday and a working day`);
        }
      });

      it('gives at least the statutory holidays as weekdays off or weekend days', () => {
        // 全国年节及纪念日放假办法: 11 statutory days until 2024, 13 from 2025 — each block of the
        // notice contains at least one; a block of days off is at least 1 long and at most 9.
        const days = [...new Set(y.holidays)].sort();
        assert.ok(days.length >= (y.year >= 2025 ? 13 : 11), `${days.length} days off`);
        assert.equal(days.length, y.holidays.length, 'no day listed twice');
      });
    });
  }
});
