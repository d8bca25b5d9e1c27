import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '#testing';
import { pageViewTallyDecider, serviceInformationTallyDecider, type PageViewEvent } from './tally.decider.js';

const today = '2009-12-31';
const views = (
  period: string,
  source: string,
  v: number,
  previousViews: number | null,
  yearTotal: number,
): PageViewEvent => ({
  type: 'PageViewsRecorded',
  data: { agencyId: 'zhuzhou-city', year: 2009, period, source, views: v, previousViews, yearTotal },
  occurredAt: `${period.length === 4 ? `${period}-01-01` : `${period}-01`}T00:00:00+08:00`,
});
const record = (period: string, source: string, v: number) =>
  ({ type: 'RecordPageViews', agencyId: 'zhuzhou-city', period, source, views: v, today }) as const;

describe('page views (网站专栏页面访问量)', () => {
  it('records a period and carries the year total over all periods and sources', () => {
    given(pageViewTallyDecider)
      .when(record('2009-01', 'portal', 1200))
      .then([views('2009-01', 'portal', 1200, null, 1200)]);
    given(pageViewTallyDecider, views('2009-01', 'portal', 1200, null, 1200), views('2009', 'mobile', 300, null, 1500))
      .when(record('2009-02', 'portal', 800))
      .then([views('2009-02', 'portal', 800, null, 2300)]);
  });

  it('replaces a re-declared period instead of adding to it', () => {
    const state = given(pageViewTallyDecider, views('2009', 'portal', 30000, null, 30000))
      .when(record('2009', 'portal', 32800))
      .then([views('2009', 'portal', 32800, 30000, 32800)]);
    assert.equal(state.length, 1);
  });

  it('decides nothing when the same figure is declared again', () => {
    given(pageViewTallyDecider, views('2009', 'portal', 32800, null, 32800))
      .when(record('2009', 'portal', 32800))
      .thenNothing();
  });

  it('refuses a whole-year figure over declared months of the same source, and a month over a whole year', () => {
    given(pageViewTallyDecider, views('2009-01', 'portal', 1200, null, 1200))
      .when(record('2009', 'portal', 32800))
      .thenThrows('period.overlaps', { field: 'period' });
    given(pageViewTallyDecider, views('2009', 'portal', 32800, null, 32800))
      .when(record('2009-03', 'portal', 10))
      .thenThrows('period.overlaps', { field: 'period' });
  });

  it('refuses negative or fractional views, a malformed or future period, and an unknown agency', () => {
    given(pageViewTallyDecider)
      .when(record('2009', 'portal', -1))
      .thenThrows('views.invalid', { field: 'views' });
    given(pageViewTallyDecider)
      .when(record('2009', 'portal', 1.5))
      .thenThrows('views.invalid', { field: 'views' });
    given(pageViewTallyDecider)
      .when(record('2009-13', 'portal', 1))
      .thenThrows('period.invalid', { field: 'period' });
    given(pageViewTallyDecider)
      .when(record('2010-01', 'portal', 1))
      .thenThrows('period.in-future', { field: 'period' });
    given(pageViewTallyDecider)
      .when({ ...record('2009', 'portal', 1), agencyId: 'atlantis' })
      .thenThrows('agency.unknown', { field: 'agencyId' });
  });

  it('refuses a declaration for another agency-year than the stream holds', () => {
    given(pageViewTallyDecider, views('2009', 'portal', 1, null, 1))
      .when({ ...record('2008', 'portal', 1) })
      .thenThrows('tally.wrong-stream');
  });
});

describe('service information provided (提供服务类信息数)', () => {
  it('declares the year, then replaces it', () => {
    const first = given(serviceInformationTallyDecider)
      .when({ type: 'DeclareServiceInformation', agencyId: 'zhuzhou-city', period: '2009', items: 70000, today })
      .then([
        {
          type: 'ServiceInformationProvided',
          data: {
            agencyId: 'zhuzhou-city',
            year: 2009,
            period: '2009',
            items: 70000,
            previousItems: null,
            yearTotal: 70000,
          },
          occurredAt: '2009-01-01T00:00:00+08:00',
        },
      ]);
    given(serviceInformationTallyDecider, ...first)
      .when({ type: 'DeclareServiceInformation', agencyId: 'zhuzhou-city', period: '2009', items: 78810, today })
      .then([
        {
          type: 'ServiceInformationProvided',
          data: {
            agencyId: 'zhuzhou-city',
            year: 2009,
            period: '2009',
            items: 78810,
            previousItems: 70000,
            yearTotal: 78810,
          },
          occurredAt: '2009-01-01T00:00:00+08:00',
        },
      ]);
  });

  it('sums months and refuses a year over months', () => {
    const jan = given(serviceInformationTallyDecider)
      .when({ type: 'DeclareServiceInformation', agencyId: 'zhuzhou-city', period: '2009-01', items: 10, today })
      .then([
        {
          type: 'ServiceInformationProvided',
          data: {
            agencyId: 'zhuzhou-city',
            year: 2009,
            period: '2009-01',
            items: 10,
            previousItems: null,
            yearTotal: 10,
          },
          occurredAt: '2009-01-01T00:00:00+08:00',
        },
      ]);
    const feb = given(serviceInformationTallyDecider, ...jan)
      .when({ type: 'DeclareServiceInformation', agencyId: 'zhuzhou-city', period: '2009-02', items: 5, today })
      .then([
        {
          type: 'ServiceInformationProvided',
          data: {
            agencyId: 'zhuzhou-city',
            year: 2009,
            period: '2009-02',
            items: 5,
            previousItems: null,
            yearTotal: 15,
          },
          occurredAt: '2009-02-01T00:00:00+08:00',
        },
      ]);
    given(serviceInformationTallyDecider, ...jan, ...feb)
      .when({ type: 'DeclareServiceInformation', agencyId: 'zhuzhou-city', period: '2009', items: 15, today })
      .thenThrows('period.overlaps');
    given(serviceInformationTallyDecider)
      .when({ type: 'DeclareServiceInformation', agencyId: 'zhuzhou-city', period: '2009', items: -3, today })
      .thenThrows('items.invalid', { field: 'items' });
  });
});
