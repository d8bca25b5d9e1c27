// How a batch's accepted rows become events without one stream per row: the rows are cut into
// chunks of `chunkRows` consecutive row numbers, and each chunk's rows of one agency become ONE
// stream holding ONE ConsultationsImported event with the contacts summed per day and channel.
// The chunk stream id is derived from (batch id, chunk, agency), and a stream can be created only
// once (expected version 0), so a row — identified by its number in the batch — is counted exactly
// once however often, and however concurrently, the batch is sent. An event holds one entry per
// receipt day, so its size is bounded by the days its rows span, not by their number.
import { type ConsultationsImportedData } from '#contracts/consultations';
import { type ImportRow } from './batch-rows.js';

// The chunk size a batch is cut with is recorded on the batch when it is first received, and a
// re-sent batch is cut with the recorded size: changing this default never re-cuts an old batch.
// Bigger chunks mean fewer streams and commits — what the store pays for — and events covering
// more days (one entry per day: a year is about 20 KB). 100,000 rows make 2 chunks per agency.
export const DEFAULT_CHUNK_ROWS = 50_000;

export const chunkOf = (row: number, chunkRows: number): number => Math.floor((row - 1) / chunkRows);

/**
 * Where a batch and its chunks live. A batch id is the client's and is scoped to the agency that
 * sends the batch: the county's `2009-q1` and the city's `2009-q1` are two batches. Batches received
 * before that (issue 13) live under ids of the batch id alone and keep them (`legacyBatchIds`).
 */
export interface BatchIds {
  readonly batchStream: string;
  /** The stream of a chunk's rows of one agency. */
  readonly chunkStream: (chunk: number, rowAgencyId: string) => string;
  /** The batch's record in `consultation-batches`. */
  readonly record: string;
}

// A batch id and an agency id never hold ':', so the scoped ids (one segment more) never equal a legacy one.
export const batchIds = (agencyId: string, batchId: string): BatchIds => ({
  batchStream: `consultation-batch:${agencyId}:${batchId}`,
  chunkStream: (chunk, rowAgencyId) => `consultation-import:${agencyId}:${batchId}:${chunk}:${rowAgencyId}`,
  record: `${agencyId}:${batchId}`,
});

export const legacyBatchIds = (batchId: string): BatchIds => ({
  batchStream: `consultation-batch:${batchId}`,
  chunkStream: (chunk, rowAgencyId) => `consultation-import:${batchId}:${chunk}:${rowAgencyId}`,
  record: batchId,
});

/** The ConsultationsImported data of every (chunk, agency) with accepted rows, in chunk order. */
export function planChunks(
  batchId: string,
  rows: readonly ImportRow[],
  chunkRows: number,
): ConsultationsImportedData[] {
  const byKey = new Map<string, ImportRow[]>();
  for (const r of rows) {
    const key = `${String(chunkOf(r.row, chunkRows)).padStart(9, '0')}|${r.agencyId}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, inChunk]) => {
      // Every group was opened by a row; the chunk and the agency are part of its key.
      const [first] = inChunk;
      if (!first) throw new Error('an empty group of import rows');
      const days = new Map<string, Record<ImportRow['channel'], number>>();
      let contacts = 0;
      let firstRow = Infinity;
      let lastRow = 0;
      for (const r of inChunk) {
        const day = days.get(r.receivedOn) ?? { online: 0, 'on-site': 0, phone: 0 };
        day[r.channel] += r.contacts;
        days.set(r.receivedOn, day);
        contacts += r.contacts;
        firstRow = Math.min(firstRow, r.row);
        lastRow = Math.max(lastRow, r.row);
      }
      return {
        batchId,
        chunk: chunkOf(first.row, chunkRows),
        chunkRows,
        agencyId: first.agencyId as ConsultationsImportedData['agencyId'],
        firstRow,
        lastRow,
        rows: inChunk.length,
        contacts,
        days: [...days.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([date, perChannel]) => ({ date, ...perChannel })),
      };
    });
}
