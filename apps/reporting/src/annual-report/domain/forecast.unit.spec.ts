import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AppliedEvent, type CaseFact, type FactChange, factOf } from './case-facts.js';
import { forecast } from './forecast.js';

let version = 0;
const fact = (id: string, changes: FactChange[]): CaseFact => {
  const events: AppliedEvent[] = changes.map((c, i) => ({
    source: { eventId: `${id}-${i}`, eventType: 't', streamVersion: i + 1, agencyId: 'zhuzhou-city', recordedAt: 'x' },
    changes: [c],
  }));
  version++;
  return factOf(id, events)!;
};
const monthly = (year: number, perMonth: number, months: number): CaseFact =>
  fact(
    `views-${year}-${version}`,
    Array.from({ length: months }, (_, i) => {
      const date = `${year}-${String(i + 1).padStart(2, '0')}-01`;
      return { kind: 'measures', type: 'measured', key: date, date, values: { 'page-views': perMonth } } as const;
    }),
  );
const subject = {
  template: '2008' as const,
  agencyId: 'zhuzhou-city',
  scope: 'agency' as const,
  agencyIds: ['zhuzhou-city'],
};
const row = (f: ReturnType<typeof forecast>, label: string) => f.rows.find((r) => r.path.at(-1) === label)!;

describe('year-end forecast', () => {
  it('scales by the prior year’s monthly profile when the prior year has the figure', () => {
    // 2020: 100 page views a month; 2021 so far: 150 a month, January to June.
    const f = forecast({
      ...subject,
      year: 2021,
      asOf: '2021-06-30',
      facts: [monthly(2020, 100, 12), monthly(2021, 150, 6)],
    });
    const views = row(f, '网站专栏页面访问量');
    assert.equal(views.yearToDate, 900);
    // By the end of June, 2020 had reached 600 of its 1200: half the year's views.
    assert.equal(views.method, 'prior-year-monthly-profile');
    assert.equal(views.projected, 1800);
    assert.match(f.method, /prior year's \(2020\) monthly profile/);
    assert.equal(f.asOf, '2021-06-30');
  });

  it('falls back to a working-day run rate without a prior year', () => {
    const publications = Array.from({ length: 40 }, (_, i) =>
      fact(`p${i}`, [{ kind: 'publication', type: 'published', date: '2021-02-01', fullTextElectronic: true }]),
    );
    const f = forecast({ ...subject, year: 2021, asOf: '2021-03-31', facts: publications });
    const published = row(f, '主动公开信息数');
    let elapsed = 0;
    let total = 0;
    for (let t = Date.UTC(2021, 0, 1); t <= Date.UTC(2021, 11, 31); t += 86_400_000) {
      const day = new Date(t).getUTCDay();
      if (day === 0 || day === 6) continue;
      total++;
      if (t <= Date.UTC(2021, 2, 31)) elapsed++;
    }
    assert.equal(published.method, 'working-day-run-rate');
    assert.equal(published.projected, Math.round((40 * total) / elapsed));
    assert.match(f.method, /Monday–Friday/);
  });

  it('shows stocks and declared figures as they stand, and everything as counted once the year is over', () => {
    const request = fact('r', [
      {
        kind: 'disclosure-request',
        type: 'received',
        receiptDate: '2020-12-30',
        channel: 'email',
        applicantType: 'natural-person',
      },
    ]);
    const national = forecast({
      ...subject,
      template: 'national-2021',
      year: 2021,
      asOf: '2021-05-10',
      facts: [request],
    });
    const carriedIn = national.rows.find(
      (r) => r.path[0] === '二、上年结转政府信息公开申请数量' && r.column === '总计',
    )!;
    assert.deepEqual([carriedIn.yearToDate, carriedIn.projected, carriedIn.method], [1, 1, 'as-is']);
    const over = forecast({
      ...subject,
      year: 2021,
      asOf: '2022-01-15',
      facts: [monthly(2020, 100, 12), monthly(2021, 150, 12)],
    });
    assert.ok(over.rows.every((r) => r.method === 'as-is' && r.projected === r.yearToDate));
    assert.equal(row(over, '网站专栏页面访问量').projected, 1800);
  });
});
