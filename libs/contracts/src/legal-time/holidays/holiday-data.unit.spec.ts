// Consistency checks on the transcribed notices: they cannot prove a date right, but they catch the
// usual transcription slips (a make-up day that is not a weekend, a holiday listed as a working day,
// a date in the wrong year, a missing source).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLegalDate, isWeekend, yearOf } from '../legal-date.js';
import data from './official-holidays.json' with { type: 'json' };
import { OFFICIAL_HOLIDAY_YEARS } from './index.js';

describe('official holiday data', () => {
  it('has one entry for every year from 2009 to 2026, in one data file that names its source', () => {
    const years = OFFICIAL_HOLIDAY_YEARS.map((y) => y.year);
    assert.deepEqual(
      years,
      Array.from({ length: 2026 - 2009 + 1 }, (_, i) => 2009 + i),
    );
    assert.match(data.$comment.join(' '), /国务院办公厅关于YYYY年部分节假日安排的通知/);
    // The 2027 notice is not on file: 2027 is unknown, not guessed (see the data file's comment).
    assert.ok(!years.includes(2027));
  });

  for (const y of OFFICIAL_HOLIDAY_YEARS) {
    describe(String(y.year), () => {
      it('names the notice it transcribes', () => {
        assert.ok(y.sources.length > 0);
        for (const s of y.sources) {
          // 国务院办公厅's yearly notice, or a later one of 国务院 itself (2015's 9月3日 holiday).
          assert.match(s.title, /^国务院/);
          assert.ok(isLegalDate(s.issuedOn));
        }
        assert.match(y.sources[0]!.title, new RegExp(`^国务院办公厅关于${y.year}年部分节假日安排的通知`));
        assert.ok(y.sources[0]!.issuedOn < `${y.year}-01-01`, 'the yearly notice precedes its year');
      });

      it('lists real dates of its year (or the last days of the year before)', () => {
        for (const d of [...y.holidays, ...y.makeUpWorkdays]) {
          assert.ok(isLegalDate(d), d);
          assert.ok(yearOf(d) === y.year || d >= `${y.year - 1}-12-25`, `${d} outside ${y.year}`);
        }
      });

      it('makes only Saturdays and Sundays into make-up working days, never a listed holiday', () => {
        for (const d of y.makeUpWorkdays) {
          assert.ok(isWeekend(d), `${d} is a weekday: not a 调休 working day`);
          assert.ok(!y.holidays.includes(d), `${d} is both a holiday and a working day`);
        }
      });

      it('names every block of days off, each block a real span of its notice', () => {
        assert.ok((y.daysOff ?? []).length >= 6, 'at least 元旦, 春节, 清明节, 劳动节, 端午节, 国庆节');
        for (const b of y.daysOff ?? []) {
          assert.ok(b.name.length > 0 && b.from <= b.to, `${b.name} ${b.from}..${b.to}`);
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
