import { describe, it } from 'node:test';
import { given } from '#testing';
import { catalogueEntryDecider as decider, type CatalogueEntryEvent } from './catalogue-entry.js';

const listed: CatalogueEntryEvent = {
  type: 'CatalogueEntryListed',
  data: { agencyId: 'liling-city', listedOn: '2009-02-01' },
  occurredAt: '2009-02-01T00:00:00+08:00',
};

describe('catalogue of information available on request (依申请公开信息目录)', () => {
  it('lists an entry once', () => {
    const list = {
      type: 'ListEntry' as const,
      today: '2009-02-02',
      agencyId: 'liling-city',
      title: '建设用地批准书存档',
      listedOn: '2009-02-01',
    };
    given(decider).when(list).then([listed]);
    given(decider, listed).when(list).thenThrows('catalogue-entry.already-listed', { kind: 'conflict' });
    given(decider)
      .when({ ...list, listedOn: '2009-02-03' })
      .thenThrows('date.in-future');
  });

  it('delists it once, not before it was listed', () => {
    const delist = { type: 'DelistEntry' as const, today: '2010-01-15', delistedOn: '2010-01-15' };
    const delisted: CatalogueEntryEvent = {
      type: 'CatalogueEntryDelisted',
      data: { delistedOn: '2010-01-15' },
      occurredAt: '2010-01-15T00:00:00+08:00',
    };
    given(decider, listed).when(delist).then([delisted]);
    given(decider, listed, delisted).when(delist).thenThrows('catalogue-entry.already-delisted', { kind: 'conflict' });
    given(decider, listed)
      .when({ ...delist, delistedOn: '2009-01-31' })
      .thenThrows('date.before-previous-step');
    given(decider).when(delist).thenThrows('catalogue-entry.not-found', { kind: 'not-found' });
  });
});
