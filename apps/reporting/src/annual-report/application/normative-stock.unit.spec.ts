// 现行有效件数 with an opening stock (issue 16.3): a bureau starts with documents in force that were
// never recorded one by one. Three years of one agency's history arrive as publications publishes
// them, go through the fact store (as the projection writes and reads them) and the report; each
// year's cells are computed here from the inputs: opening + issued since − repealed since ± corrections.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CITY_AGENCY_ID, type EventEnvelope } from '#contracts';
import { InMemoryDocumentCollections } from '#event-sourcing/read-model';
import { type AppliedEvent } from '../domain/case-facts.js';
import { deriveReport } from '../domain/derive-report.js';
import { rowAt } from '../domain/report-model.js';
import { translate } from './fact-translation.js';
import { FactStore } from './fact-store.js';

const AGENCY = CITY_AGENCY_ID;
const OPENING = { asOf: '2020-12-31', count: 468 };
/** Documents recorded here: the first was issued before the opening stock was counted (it is in it). */
const DOCUMENTS = [
  { id: 'doc-1', kind: 'normative-document', issuedOn: '2019-05-01', repealedOn: '2021-03-01' },
  { id: 'doc-2', kind: 'normative-document', issuedOn: '2021-06-01' },
  { id: 'doc-3', kind: 'normative-document', issuedOn: '2021-07-01', repealedOn: '2022-02-01' },
  { id: 'rule-1', kind: 'rule', issuedOn: '2021-01-10' },
] as const;
const CORRECTIONS = [
  { correctedOn: '2021-09-30', change: -3, cause: 'expired' },
  { correctedOn: '2022-05-01', change: 1, cause: 'found' },
] as const;

let offset = 0;
const envelope = (streamId: string, version: number, type: string, data: Record<string, unknown>): EventEnvelope => ({
  id: `01900000-0000-7000-8000-${(++offset).toString(16).padStart(12, '0')}`,
  type,
  schemaVersion: 1,
  streamId,
  streamVersion: version,
  agencyId: AGENCY,
  occurredAt: '2022-01-01T00:00:00+08:00',
  recordedAt: '2022-06-01T02:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  actor: 'office',
  data,
});
const applied = (e: EventEnvelope): { streamId: string; event: AppliedEvent } => ({
  streamId: e.streamId,
  event: {
    source: {
      eventId: e.id,
      eventType: e.type,
      streamVersion: e.streamVersion,
      agencyId: e.agencyId,
      recordedAt: e.recordedAt,
      topic: 'publications.events',
      partition: 0,
      offset: String(offset),
    },
    changes: translate(e),
  },
});

function history(): EventEnvelope[] {
  const stock = 'normative-stock.normative-document.' + AGENCY;
  const events = [
    // Declared first as 470, then corrected to the count the office stands behind.
    envelope(stock, 1, 'publications.NormativeStockDeclared', {
      agencyId: AGENCY,
      kind: 'normative-document',
      asOf: OPENING.asOf,
      count: 470,
      previous: null,
    }),
    envelope(stock, 2, 'publications.NormativeStockDeclared', {
      agencyId: AGENCY,
      kind: 'normative-document',
      ...OPENING,
      previous: { asOf: OPENING.asOf, count: 470 },
    }),
    ...CORRECTIONS.map((c, i) =>
      envelope(stock, 3 + i, 'publications.NormativeStockCorrected', {
        agencyId: AGENCY,
        kind: 'normative-document',
        ...c,
      }),
    ),
  ];
  for (const d of DOCUMENTS) {
    events.push(
      envelope(d.id, 1, 'publications.NormativeDocumentIssued', {
        agencyId: AGENCY,
        kind: d.kind,
        issuedOn: d.issuedOn,
      }),
    );
    if ('repealedOn' in d)
      events.push(envelope(d.id, 2, 'publications.NormativeDocumentRepealed', { repealedOn: d.repealedOn }));
  }
  return events;
}

/** The expected 现行有效件数 at the end of `year`, from the inputs. */
function expectedInForce(kind: 'rule' | 'normative-document', year: number): number {
  const end = `${year}-12-31`;
  const opening = kind === 'normative-document' && OPENING.asOf <= end ? OPENING : undefined;
  const since = (d: string | undefined) => d !== undefined && d <= end && (!opening || d > opening.asOf);
  const docs = DOCUMENTS.filter((d) => d.kind === kind);
  return (
    (opening?.count ?? 0) +
    docs.filter((d) => since(d.issuedOn)).length -
    docs.filter((d) => since('repealedOn' in d ? d.repealedOn : undefined)).length +
    (kind === 'normative-document'
      ? CORRECTIONS.filter((c) => since(c.correctedOn)).reduce((n, c) => n + c.change, 0)
      : 0)
  );
}

describe('现行有效件数 from an opening stock, documents issued and repealed since, and corrections', async () => {
  const store = new FactStore(new InMemoryDocumentCollections(), 1);
  await store.applyBatch(history().map(applied));

  for (const year of [2020, 2021, 2022, 2023]) {
    it(`${year}: each kind's cell, read through the fact store, and its parts in the explanation`, async () => {
      const report = deriveReport({
        template: 'national-2021',
        agencyId: AGENCY,
        scope: 'agency',
        year,
        agencyIds: [AGENCY],
        facts: await store.factsFor([AGENCY], year, year),
      });
      const table = report.tables.find((t) => t.id === 'national-2');
      for (const [kind, label] of [
        ['rule', '规章'],
        ['normative-document', '行政规范性文件'],
      ] as const) {
        const cell = rowAt(table, ['第二十条第（一）项', label])?.values?.['现行有效件数'];
        assert.equal(cell, expectedInForce(kind, year), `${label} ${year}`);
        const explained = report.explanation.find((x) => x.path.at(-1) === label && x.column === '现行有效件数')!;
        assert.equal(explained.value, cell);
        assert.equal(
          explained.parts.reduce((n, p) => n + p.value, 0),
          cell,
          'the parts add up to the figure',
        );
      }
      const parts = report.explanation.find(
        (x) => x.path.at(-1) === '行政规范性文件' && x.column === '现行有效件数',
      )!.parts;
      assert.deepEqual(
        parts.filter((p) => p.source === 'opening-stock'),
        [{ agencyId: AGENCY, source: 'opening-stock', value: OPENING.count, asOf: OPENING.asOf }],
      );
    });
  }
});
