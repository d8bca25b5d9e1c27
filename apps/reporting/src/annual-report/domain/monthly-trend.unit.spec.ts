import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CaseFact, factOf, type FactChange } from './case-facts.js';
import { monthlyTrend } from './monthly-trend.js';

let n = 0;
const request = (receiptDate: string): CaseFact => {
  const change: FactChange = {
    kind: 'disclosure-request',
    type: 'received',
    receiptDate,
    channel: 'email',
    applicantType: 'natural-person',
  };
  const id = `r-${++n}`;
  return factOf(id, [
    {
      source: { eventId: `${id}-1`, eventType: 't', streamVersion: 1, agencyId: 'zhuzhou-city', recordedAt: 'x' },
      changes: [change],
    },
  ])!;
};

describe('the monthly trend of an area', () => {
  // Three requests a month of 2009, on the 5th, 15th and 25th.
  const facts = Array.from({ length: 12 }, (_, m) =>
    ['05', '15', '25'].map((d) => request(`2009-${String(m + 1).padStart(2, '0')}-${d}`)),
  ).flat();
  const requestsOf = (asOf?: string) =>
    monthlyTrend({ year: 2009, agencyIds: ['zhuzhou-city'], facts, forecastRows: [], ...(asOf ? { asOf } : {}) }).find(
      (a) => a.area === 'disclosure-requests',
    )!;

  it('counts the whole year when no day is named', () => {
    assert.equal(requestsOf().yearToDate, 36);
  });

  it('counts only what was dated up to the as-of day, months after it empty (as of 2009-04-10: Jan–Mar and 5 April)', () => {
    const asOf = requestsOf('2009-04-10');
    assert.equal(asOf.yearToDate, 3 * 3 + 1);
    assert.deepEqual(asOf.monthly, [3, 3, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
