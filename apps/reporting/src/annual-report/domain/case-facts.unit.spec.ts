import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZHUZHOU_AGENCIES, CITY_AGENCY_ID } from '#contracts';
import { deliveries } from '#testing';
import { appliedEventsOf, generateYear } from '../testing/year-generator.js';
import { type AppliedEvent, factOf, OPEN_YEAR, yearSpan } from './case-facts.js';

const source = (v: number, agencyId = 'zhuzhou-city') => ({
  eventId: `e${v}`,
  eventType: 'test.Event',
  streamVersion: v,
  agencyId,
  recordedAt: '2009-01-01T00:00:00Z',
});

describe('a case fact', () => {
  const generated = generateYear({
    seed: 7,
    year: 2010,
    agencyIds: ZHUZHOU_AGENCIES.ids(),
    cityAgencyId: CITY_AGENCY_ID,
  });
  const events = generated.cases.flatMap((c) => appliedEventsOf(c).map((e) => ({ ...e, streamId: c.streamId })));
  const byStream = (list: typeof events): Map<string, unknown> => {
    const grouped = new Map<string, AppliedEvent[]>();
    for (const e of list) grouped.set(e.streamId, [...(grouped.get(e.streamId) ?? []), e]);
    return new Map([...grouped].map(([id, es]) => [id, factOf(id, es)]));
  };

  it('is the same whatever the delivery: in order, twice, interleaved, late redeliveries', () => {
    const expected = byStream(events);
    for (const delivery of deliveries(events)) {
      assert.deepEqual(byStream(delivery.events), expected, delivery.name);
    }
  });

  it('is the same when a later event of a case arrives before an earlier one', () => {
    for (const c of generated.cases.slice(0, 200)) {
      const es = appliedEventsOf(c);
      assert.deepEqual(factOf(c.streamId, [...es].reverse()), factOf(c.streamId, es));
    }
  });

  it('keeps a replacement: a period declared again replaces its figure; a retracted entry is gone', () => {
    const fact = factOf('tally', [
      {
        source: source(1),
        changes: [
          { kind: 'measures', type: 'measured', key: '2009-03', date: '2009-03-01', values: { 'page-views': 10 } },
        ],
      },
      {
        source: source(2),
        changes: [
          { kind: 'measures', type: 'measured', key: '2009-03', date: '2009-03-01', values: { 'page-views': 7 } },
        ],
      },
      {
        source: source(3),
        changes: [
          { kind: 'measures', type: 'measured', key: '2009-04', date: '2009-04-01', values: { 'page-views': 5 } },
        ],
      },
      { source: source(4), changes: [{ kind: 'measures', type: 'retracted', key: '2009-04' }] },
    ]);
    assert.ok(fact?.kind === 'measures');
    assert.deepEqual(Object.keys(fact.entries), ['2009-03']);
    assert.equal(fact.entries['2009-03']?.values['page-views'], 7);
    assert.equal(fact.version, 4);
  });

  it('notes a second conclusion and a change of another kind as anomalies', () => {
    const fact = factOf('r', [
      {
        source: source(1),
        changes: [
          {
            kind: 'disclosure-request',
            type: 'received',
            receiptDate: '2009-03-02',
            channel: 'email',
            applicantType: 'natural-person',
          },
        ],
      },
      {
        source: source(2),
        changes: [
          { kind: 'disclosure-request', type: 'concluded', date: '2009-03-10', national: { category: 'granted' } },
        ],
      },
      {
        source: source(3),
        changes: [
          {
            kind: 'disclosure-request',
            type: 'concluded',
            date: '2009-03-12',
            national: { category: 'partly-granted' },
          },
        ],
      },
      { source: source(4), changes: [{ kind: 'publication', type: 'retracted', date: '2009-03-12' }] },
    ]);
    assert.ok(fact?.kind === 'disclosure-request');
    assert.equal(fact.concluded?.national.category, 'partly-granted');
    assert.equal(fact.anomalies.length, 2);
  });

  it('knows the years it can change: open requests and documents in force reach every later year', () => {
    const open = factOf('r', [
      {
        source: source(1),
        changes: [
          {
            kind: 'disclosure-request',
            type: 'received',
            receiptDate: '2009-12-31',
            channel: 'fax',
            applicantType: 'natural-person',
          },
        ],
      },
    ])!;
    assert.deepEqual(yearSpan(open), { fromYear: 2009, toYear: OPEN_YEAR });
    const closed = factOf('r', [
      {
        source: source(1),
        changes: [
          {
            kind: 'disclosure-request',
            type: 'received',
            receiptDate: '2009-12-31',
            channel: 'fax',
            applicantType: 'natural-person',
          },
        ],
      },
      {
        source: source(2),
        changes: [
          { kind: 'disclosure-request', type: 'concluded', date: '2010-01-04', national: { category: 'granted' } },
        ],
      },
    ])!;
    assert.deepEqual(yearSpan(closed), { fromYear: 2009, toYear: 2010 });
    const doc = factOf('d', [
      {
        source: source(1),
        changes: [{ kind: 'normative-document', type: 'issued', date: '2008-05-01', documentKind: 'regulation' }],
      },
    ])!;
    assert.deepEqual(yearSpan(doc), { fromYear: 2008, toYear: OPEN_YEAR });
  });

  it('takes the agency of the latest event (an appeal whose act reference was corrected)', () => {
    const fact = factOf('a', [
      {
        source: source(1, 'you-county'),
        changes: [
          {
            kind: 'appeal',
            type: 'filed',
            date: '2009-05-20',
            appealKind: 'reconsideration',
            subject: 'disclosure',
            confirmed: false,
          },
        ],
      },
      { source: source(2, 'zhuzhou-city'), changes: [{ kind: 'appeal', type: 'act-confirmation', confirmed: true }] },
    ]);
    assert.equal(fact?.agencyId, 'zhuzhou-city');
    assert.ok(fact?.kind === 'appeal' && fact.confirmed);
  });
});
