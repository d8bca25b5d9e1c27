// Reporting periods and date ranges: the parser of `YYYY`, `YYYY-Qn`, `YYYY-MM` and the days each covers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dateRange,
  dateRangeWhere,
  maxDate,
  minDate,
  monthEnd,
  parsePeriod,
  periodEnd,
  periodStart,
  periodsOverlap,
  within,
  yearEnd,
  yearStart,
} from './index.js';

const p = (text: string) => {
  const range = parsePeriod(text);
  assert.ok(range, text);
  return range;
};

describe('reporting periods', () => {
  it('parses a year, a quarter and a month into the months they cover', () => {
    assert.deepEqual(parsePeriod('2009'), { kind: 'year', year: 2009, fromMonth: 1, toMonth: 12 });
    assert.deepEqual(parsePeriod('2009-Q3'), { kind: 'quarter', year: 2009, fromMonth: 7, toMonth: 9 });
    assert.deepEqual(parsePeriod('2009-02'), { kind: 'month', year: 2009, fromMonth: 2, toMonth: 2 });
  });

  it('refuses what is not a period', () => {
    for (const bad of ['09', '2009-Q5', '2009-Q0', '2009-13', '2009-00', '2009-1', '2009-02-01', ' 2009']) {
      assert.equal(parsePeriod(bad), undefined, bad);
    }
  });

  it('gives the first and last day, with leap Februaries and year ends', () => {
    assert.equal(periodStart(p('2009-Q4')), '2009-10-01');
    assert.equal(periodEnd(p('2009-Q4')), '2009-12-31');
    assert.equal(periodEnd(p('2024-02')), '2024-02-29');
    assert.equal(periodEnd(p('2023-02')), '2023-02-28');
    assert.equal(periodEnd(p('2100-Q1')), '2100-03-31');
    assert.equal(periodStart(p('2009')), yearStart(2009));
    assert.equal(periodEnd(p('2009')), yearEnd(2009));
    assert.equal(monthEnd(2000, 2), '2000-02-29');
  });

  it('given periods of one year, then a year overlaps its quarters and months, a quarter only its own months', () => {
    assert.equal(periodsOverlap(p('2009'), p('2009-05')), true);
    assert.equal(periodsOverlap(p('2009-Q2'), p('2009-05')), true);
    assert.equal(periodsOverlap(p('2009-Q2'), p('2009-07')), false);
    assert.equal(periodsOverlap(p('2009'), p('2010-01')), false);
  });
});

describe('date ranges', () => {
  it('builds an inclusive filter from either end, or none', () => {
    assert.deepEqual(dateRange('2009-01-01', '2009-12-31'), { $gte: '2009-01-01', $lte: '2009-12-31' });
    assert.deepEqual(dateRange(undefined, '2009-12-31'), { $lte: '2009-12-31' });
    assert.equal(dateRange(undefined, undefined), undefined);
    assert.deepEqual(dateRangeWhere('issuedOn', '2009-01-01', undefined), { issuedOn: { $gte: '2009-01-01' } });
    assert.deepEqual(dateRangeWhere('issuedOn', undefined, undefined), {});
  });

  it('compares and bounds dates', () => {
    assert.equal(minDate('2009-12-31', '2010-01-01'), '2009-12-31');
    assert.equal(maxDate('2009-12-31', '2010-01-01'), '2010-01-01');
    assert.equal(within('2009-12-31', '2009-01-01', '2009-12-31'), true);
    assert.equal(within('2010-01-01', '2009-01-01', '2009-12-31'), false);
    assert.equal(within(undefined, '2009-01-01', '2009-12-31'), false);
  });
});
