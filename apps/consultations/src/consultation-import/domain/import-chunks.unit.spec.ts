import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '#testing';
import { type ConsultationBatchReceivedData, type ConsultationsImportedData } from '#contracts/consultations';
import { type ImportRow } from './batch-rows.js';
import { consultationBatchDecider } from './consultation-batch.decider.js';
import { importChunkDecider } from './import-chunk.decider.js';
import { batchIds, legacyBatchIds, planChunks } from './import-chunks.js';

const CHUNK_ROWS = 1000;

const channels = ['online', 'on-site', 'phone'] as const;
const agencies = ['zhuzhou-city', 'you-county'] as const;

/** Rows with a known mix: row n is on day (n mod 28)+1 of January, channel n mod 3, agency n mod 2. */
function rows(n: number, skip: (row: number) => boolean = () => false): ImportRow[] {
  const out: ImportRow[] = [];
  for (let row = 1; row <= n; row++) {
    if (skip(row)) continue;
    out.push({
      row,
      agencyId: agencies[row % 2]!,
      receivedOn: `2009-01-${String((row % 28) + 1).padStart(2, '0')}`,
      channel: channels[row % 3]!,
      contacts: (row % 5) + 1,
    });
  }
  return out;
}

describe('bulk import: where a batch lives', () => {
  it('scopes a batch id to the sending agency; legacy ids (the batch id alone) never coincide', () => {
    const city = batchIds('zhuzhou-city', 'q1');
    const county = batchIds('you-county', 'q1');
    const legacy = legacyBatchIds('q1');
    const all = [city, county, legacy];
    assert.equal(new Set(all.map((ids) => ids.batchStream)).size, 3);
    assert.equal(new Set(all.map((ids) => ids.record)).size, 3);
    // Rows naming another agency than the batch's (auth off): still one stream per sending agency.
    assert.equal(new Set(all.map((ids) => ids.chunkStream(0, 'you-county'))).size, 3);
  });
});

describe('bulk import: chunks', () => {
  it('puts every accepted row in exactly one (chunk, agency) stream and loses no contact', () => {
    const input = rows(2500, (r) => r % 97 === 0);
    const chunks = planChunks('b-1', input, CHUNK_ROWS);
    // 3 chunks of row numbers (1–1000, 1001–2000, 2001–2500) × 2 agencies.
    assert.equal(chunks.length, 6);
    assert.equal(new Set(chunks.map((c) => batchIds('zhuzhou-city', 'b-1').chunkStream(c.chunk, c.agencyId))).size, 6);
    assert.equal(
      chunks.reduce((n, c) => n + c.rows, 0),
      input.length,
    );
    for (const agency of agencies) {
      for (const channel of channels) {
        const expected = input
          .filter((r) => r.agencyId === agency && r.channel === channel)
          .reduce((n, r) => n + r.contacts, 0);
        const got = chunks
          .filter((c) => c.agencyId === agency)
          .flatMap((c) => c.days)
          .reduce((n, d) => n + d[channel], 0);
        assert.equal(got, expected, `${agency} ${channel}`);
      }
    }
    for (const c of chunks) {
      assert.ok(c.firstRow > c.chunk * CHUNK_ROWS && c.lastRow <= (c.chunk + 1) * CHUNK_ROWS);
      assert.equal(
        c.contacts,
        c.days.reduce((n, d) => n + d.online + d['on-site'] + d.phone, 0),
      );
      assert.deepEqual(
        c.days.map((d) => d.date),
        [...new Set(c.days.map((d) => d.date))].sort(),
        'one entry per day, by date',
      );
    }
  });

  it('gives the same chunks for the same rows (a re-sent batch maps onto the same streams)', () => {
    assert.deepEqual(planChunks('b-1', rows(1500), CHUNK_ROWS), planChunks('b-1', rows(1500), CHUNK_ROWS));
  });
});

const chunk: ConsultationsImportedData = {
  batchId: 'b-1',
  chunk: 1,
  chunkRows: 1000,
  agencyId: 'zhuzhou-city',
  firstRow: 1001,
  lastRow: 1003,
  rows: 2,
  contacts: 5,
  days: [
    { date: '2009-01-01', online: 2, 'on-site': 0, phone: 0 },
    { date: '2009-01-02', online: 0, 'on-site': 0, phone: 3 },
  ],
};

describe('bulk import: one chunk stream', () => {
  it('imports once, dated by its earliest day, and decides nothing the second time', () => {
    const events = given(importChunkDecider)
      .when({ type: 'ImportChunk', chunk })
      .then([{ type: 'ConsultationsImported', data: chunk, occurredAt: '2009-01-01T00:00:00+08:00' }]);
    given(importChunkDecider, ...events)
      .when({ type: 'ImportChunk', chunk })
      .thenNothing();
  });

  it('refuses a chunk whose days do not add up, repeat a day, or whose rows lie outside it', () => {
    given(importChunkDecider)
      .when({ type: 'ImportChunk', chunk: { ...chunk, contacts: 6 } })
      .thenThrows('import.chunk-inconsistent');
    given(importChunkDecider)
      .when({ type: 'ImportChunk', chunk: { ...chunk, lastRow: 2001 } })
      .thenThrows('import.chunk-inconsistent');
    given(importChunkDecider)
      .when({
        type: 'ImportChunk',
        chunk: { ...chunk, days: [chunk.days[0]!, { ...chunk.days[1]!, date: '2009-01-01' }] },
      })
      .thenThrows('import.chunk-inconsistent');
  });
});

const batch: ConsultationBatchReceivedData = {
  batchId: 'b-1',
  agencyId: 'zhuzhou-city',
  format: 'csv',
  contentHash: 'h1',
  rows: 10,
  acceptedRows: 8,
  rejectedRows: 2,
  chunkRows: 1000,
  chunks: 1,
};

describe('bulk import: the batch', () => {
  it('is received once; the same content again decides nothing; other content under its id is refused', () => {
    const received = given(consultationBatchDecider)
      .when({ type: 'ReceiveBatch', batch })
      .then([{ type: 'ConsultationBatchReceived', data: batch }]);
    given(consultationBatchDecider, ...received)
      .when({ type: 'ReceiveBatch', batch })
      .thenNothing();
    given(consultationBatchDecider, ...received)
      .when({ type: 'ReceiveBatch', batch: { ...batch, contentHash: 'h2' } })
      .thenThrows('batch.id-reused', { field: 'batchId', kind: 'conflict' });
  });

  it('refuses counts that do not add up', () => {
    given(consultationBatchDecider)
      .when({ type: 'ReceiveBatch', batch: { ...batch, rejectedRows: 3 } })
      .thenThrows('batch.counts-inconsistent');
  });

  it('completes once, and not before it was received', () => {
    const received = { type: 'ConsultationBatchReceived', data: batch } as const;
    const completed = given(consultationBatchDecider, received)
      .when({ type: 'CompleteBatch', contacts: 9 })
      .then([{ type: 'ConsultationBatchCompleted', data: { batchId: 'b-1', acceptedRows: 8, contacts: 9 } }]);
    given(consultationBatchDecider, received, ...completed)
      .when({ type: 'CompleteBatch', contacts: 9 })
      .thenNothing();
    given(consultationBatchDecider)
      .when({ type: 'CompleteBatch', contacts: 9 })
      .thenThrows('batch.unknown', { kind: 'not-found' });
  });
});
