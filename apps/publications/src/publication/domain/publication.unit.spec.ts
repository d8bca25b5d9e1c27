import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '#testing';
import { publicationDecider as decider, publicationTextsOf, type PublicationEvent } from './publication.js';

const published: PublicationEvent = {
  type: 'InformationPublished',
  data: {
    agencyId: 'zhuzhou-city',
    category: 'planning',
    fullTextElectronic: true,
    publishedOn: '2009-04-15',
  },
  occurredAt: '2009-04-15T00:00:00+08:00',
};
const record = {
  type: 'RecordPublication' as const,
  today: '2009-04-20',
  agencyId: 'zhuzhou-city',
  title: ' 2009年度土地利用计划 ',
  category: 'planning' as const,
  fullTextElectronic: true,
  publishedOn: '2009-04-15',
};

describe('proactive publication', () => {
  it('records the publication with its date as the legal time', () => {
    given(decider).when(record).then([published]);
  });

  it('refuses a publication date in the future, an unknown agency, an empty title, a second recording', () => {
    given(decider)
      .when({ ...record, publishedOn: '2009-04-21' })
      .thenThrows('date.in-future', { field: 'publishedOn' });
    given(decider)
      .when({ ...record, agencyId: 'nowhere' })
      .thenThrows('agency.unknown', { field: 'agencyId' });
    given(decider)
      .when({ ...record, title: ' ' })
      .thenThrows('publication.title-missing', { field: 'title' });
    given(decider, published).when(record).thenThrows('publication.already-recorded', { kind: 'conflict' });
  });

  it('is retracted once, with a reason, not before it was published', () => {
    const retract = {
      type: 'RetractPublication' as const,
      today: '2009-05-02',
      retractedOn: '2009-05-02',
      reason: '重复录入',
    };
    const retracted: PublicationEvent = {
      type: 'PublicationRetracted',
      data: { retractedOn: '2009-05-02' },
      occurredAt: '2009-05-02T00:00:00+08:00',
    };
    given(decider, published).when(retract).then([retracted]);
    given(decider, published, retracted)
      .when(retract)
      .thenThrows('publication.already-retracted', { kind: 'conflict' });
    given(decider).when(retract).thenThrows('publication.not-found', { kind: 'not-found' });
    given(decider, published)
      .when({ ...retract, retractedOn: '2009-04-14' })
      .thenThrows('date.before-previous-step', { field: 'retractedOn' });
    given(decider, published)
      .when({ ...retract, reason: '' })
      .thenThrows('publication.reason-missing');
  });
});

describe('proactive publication: free text stays out of the events', () => {
  it('records neither the title nor the retraction reason in an event; publicationTextsOf returns them trimmed', () => {
    const typed = '张三丰测试 13912345678';
    const events = [
      ...given(decider)
        .when({ ...record, title: ` ${typed} ` })
        .then([published]),
      ...given(decider, published)
        .when({ type: 'RetractPublication', today: '2009-05-02', retractedOn: '2009-05-02', reason: typed })
        .then([
          {
            type: 'PublicationRetracted',
            data: { retractedOn: '2009-05-02' },
            occurredAt: '2009-05-02T00:00:00+08:00',
          },
        ]),
    ];
    assert.doesNotMatch(JSON.stringify(events), /张三丰测试|13912345678/);
    assert.deepEqual(publicationTextsOf({ ...record, title: ` ${typed} ` }), { title: typed });
    assert.deepEqual(
      publicationTextsOf({ type: 'RetractPublication', today: '2009-05-02', retractedOn: '2009-05-02', reason: typed }),
      { retractionReason: typed },
    );
  });
});
