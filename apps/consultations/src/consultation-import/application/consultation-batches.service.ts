// The bulk path for consultations: a batch (CSV or NDJSON) under a client-chosen batch id is read
// row by row, each row validated (errors reported per row), and the valid rows committed as a few
// chunk streams (see domain/import-chunks.ts). Sending the same batch again — even concurrently —
// commits nothing twice: every chunk stream can be created once only, and the batch stream refuses
// the same id with other content. A send interrupted half-way is completed by sending it again.
import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ContractRegistry } from '#contracts';
import { type ConsultationBatchReceivedData } from '#contracts/consultations';
import { DomainError, type CommandContext, type StreamType } from '#event-sourcing';
import { CommandRunner, DOCUMENTS } from '#event-sourcing/nest';
import {
  type DocumentCollection,
  type DocumentCollections,
  type FindResult,
  type Where,
} from '#event-sourcing/read-model';
import { legalToday } from '#contracts/legal-time';
import { BatchRowReader, type BatchFormat, type ImportRow, type RowError } from '../domain/batch-rows.js';
import {
  consultationBatchDecider,
  type ConsultationBatchCommand,
  type ConsultationBatchEvent,
  type ConsultationBatchState,
} from '../domain/consultation-batch.decider.js';
import {
  importChunkDecider,
  type ImportChunkCommand,
  type ImportChunkEvent,
  type ImportChunkState,
} from '../domain/import-chunk.decider.js';
import { batchIds, DEFAULT_CHUNK_ROWS, legacyBatchIds, planChunks, type BatchIds } from '../domain/import-chunks.js';

/** Row errors kept in the answer and in the batch record; the count is always complete. */
export const MAX_ERRORS_LISTED = 5000;
/** Chunks committed at the same time (each is one read and one insert). */
const CHUNK_CONCURRENCY = 8;
export const MAX_BATCH_ROWS = 1_000_000;
export const BATCH_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface BatchReport {
  readonly batchId: string;
  readonly agencyId: string;
  readonly format: BatchFormat;
  readonly status: 'received' | 'completed';
  readonly rows: number;
  readonly acceptedRows: number;
  readonly rejectedRows: number;
  /** Contacts (人次) of the accepted rows. */
  readonly contacts: number;
  readonly chunks: number;
  /** Chunks this request committed; the rest were committed by an earlier or concurrent send. */
  readonly chunksCommittedNow: number;
  /** True when the batch had been received before (this send only completed or confirmed it). */
  readonly resent: boolean;
  readonly errorCount: number;
  readonly errors: readonly RowError[];
  readonly version: number;
}

/**
 * The record of a batch (collection `consultation-batches`, keyed by `BatchIds.record`): its report
 * and first row errors. `id` is the client's batch id.
 */
export type BatchRecord = Omit<BatchReport, 'chunksCommittedNow' | 'resent'> & { readonly id: string };

/** Who asks for a batch by its id alone: which agencies they may read, and their own. */
export interface BatchReader {
  readonly mayRead: (agencyId: string) => boolean;
  readonly ownAgencyId?: string;
}

export const BATCH_RECORDS = 'consultation-batches';

/** Injection token: rows per chunk for new batches (default DEFAULT_CHUNK_ROWS). */
export const BATCH_CHUNK_ROWS = Symbol('BATCH_CHUNK_ROWS');

type BatchStream = StreamType<ConsultationBatchCommand, ConsultationBatchEvent, ConsultationBatchState>;
type ChunkStream = StreamType<ImportChunkCommand, ImportChunkEvent, ImportChunkState>;

@Injectable()
export class ConsultationBatchesService {
  private readonly batchStream: BatchStream;
  private readonly chunkStream: ChunkStream;
  private readonly records: DocumentCollection<BatchRecord>;
  private readonly chunkRows: number;

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(ContractRegistry) registry: ContractRegistry,
    @Inject(DOCUMENTS) documents: DocumentCollections,
    @Optional() @Inject(BATCH_CHUNK_ROWS) chunkRows: number | null,
  ) {
    this.chunkRows = chunkRows ?? DEFAULT_CHUNK_ROWS;
    this.batchStream = {
      service: 'consultations',
      decider: consultationBatchDecider,
      registry,
      agencyOf: (s) => (s.status === 'none' ? '' : s.batch.agencyId),
    };
    this.chunkStream = {
      service: 'consultations',
      decider: importChunkDecider,
      registry,
      agencyOf: (s) => (s.status === 'none' ? '' : s.chunk.agencyId),
    };
    this.records = documents.collection<BatchRecord>(BATCH_RECORDS, { indexes: ['agencyId', 'batchId'] });
  }

  /** Reads, validates and commits a batch; `lines` yields the batch content line by line. */
  async import(
    batchId: string,
    agencyId: string,
    format: BatchFormat,
    lines: AsyncIterable<string>,
    ctx: CommandContext,
    rowAgencies?: readonly string[],
  ): Promise<BatchReport> {
    if (!BATCH_ID.test(batchId)) {
      throw new DomainError('batch.id-invalid', 'a batch id is 1–100 characters of A–Z a–z 0–9 . _ -', {
        field: 'batchId',
      });
    }
    const reader = new BatchRowReader(format, {
      agencyId,
      today: legalToday(ctx.now),
      ...(rowAgencies ? { rowAgencies } : {}),
    });
    const rows: ImportRow[] = [];
    const errors: RowError[] = [];
    let errorCount = 0;
    let rejectedRows = 0;
    const hash = createHash('sha256');
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      const result = reader.read(line, lineNumber);
      if (result.kind === 'skipped') continue;
      hash.update(line.replace(/\r$/, '')).update('\n');
      if (result.kind === 'row') rows.push(result.row);
      else if (result.kind === 'errors') {
        rejectedRows++;
        errorCount += result.errors.length;
        for (const e of result.errors) if (errors.length < MAX_ERRORS_LISTED) errors.push(e);
      }
      if (reader.rowCount > MAX_BATCH_ROWS) {
        throw new DomainError('batch.too-large', `a batch holds at most ${MAX_BATCH_ROWS} rows: split it`, {
          field: '(body)',
        });
      }
    }
    if (reader.rowCount === 0) {
      throw new DomainError('batch.empty', 'the batch has no rows', { field: '(body)' });
    }

    const contacts = rows.reduce((n, r) => n + r.contacts, 0);
    const batch: ConsultationBatchReceivedData = {
      batchId,
      agencyId: agencyId as ConsultationBatchReceivedData['agencyId'],
      format,
      contentHash: hash.digest('base64url'),
      rows: reader.rowCount,
      acceptedRows: rows.length,
      rejectedRows,
      chunkRows: this.chunkRows,
      chunks: planChunks(batchId, rows, this.chunkRows).length,
    };
    const ids = await this.idsOf(agencyId, batchId);
    const id = ids.batchStream;
    const received = await this.runner.run(this.batchStream, id, { type: 'ReceiveBatch', batch }, ctx, {
      retryOnConflict: 3,
    });
    // A batch received before is cut as it was then, whatever the chunk size is now.
    const chunkRows = received.state.status === 'none' ? this.chunkRows : received.state.batch.chunkRows;
    const chunks = planChunks(batchId, rows, chunkRows);

    let chunksCommittedNow = 0;
    await inParallel(chunks, CHUNK_CONCURRENCY, async (chunk) => {
      const result = await this.runner.run(
        this.chunkStream,
        ids.chunkStream(chunk.chunk, chunk.agencyId),
        { type: 'ImportChunk', chunk },
        ctx,
        // A concurrent send of the same batch may create the chunk first: re-deciding then finds it
        // imported and decides nothing.
        { retryOnConflict: 2 },
      );
      if (result.events.length > 0) chunksCommittedNow++;
    });

    const completed = await this.runner.run(this.batchStream, id, { type: 'CompleteBatch', contacts }, ctx, {
      retryOnConflict: 3,
    });
    const record: BatchRecord = {
      id: batchId,
      batchId,
      agencyId,
      format,
      status: 'completed',
      rows: batch.rows,
      acceptedRows: batch.acceptedRows,
      rejectedRows,
      contacts,
      chunks: chunks.length,
      errorCount,
      errors,
      version: completed.version,
    };
    await this.records.upsertIfNewer(ids.record, completed.version, record);
    return { ...record, chunksCommittedNow, resent: received.events.length === 0 };
  }

  /**
   * Where a batch of `agencyId` lives: under the legacy ids when this agency sent it before batch
   * ids were scoped to the agency (its re-send must find it), else under the scoped ids.
   */
  private async idsOf(agencyId: string, batchId: string): Promise<BatchIds> {
    const legacy = legacyBatchIds(batchId);
    const { state } = await this.runner.load(this.batchStream, legacy.batchStream);
    return state.status !== 'none' && state.batch.agencyId === agencyId ? legacy : batchIds(agencyId, batchId);
  }

  /**
   * A batch by its id: of `agencyId` when given; else the one batch under that id the reader may
   * read (the id is the client's, so two agencies may each have one: then the agency must be named).
   */
  async get(batchId: string, agencyId: string | undefined, reader: BatchReader): Promise<BatchRecord> {
    if (agencyId !== undefined) return this.getOf(agencyId, batchId);
    const found = await this.records.find({ where: { batchId }, sort: { agencyId: 1 }, limit: 100 });
    const readable = found.items.filter((r) => reader.mayRead(r.agencyId));
    if (readable.length > 1) {
      throw new DomainError(
        'batch.agency-required',
        `batch id ${batchId} was used by ${readable.map((r) => r.agencyId).join(', ')}: name the agencyId`,
        { field: 'agencyId' },
      );
    }
    if (readable[0]) return readable[0];
    // Received but not completed: only its stream knows it — the reader's own agency's, or a legacy one.
    if (reader.ownAgencyId !== undefined) {
      const own = await this.getOf(reader.ownAgencyId, batchId).catch(() => undefined);
      if (own) return own;
    }
    const legacy = await this.fromStream(batchId, legacyBatchIds(batchId));
    if (legacy) return legacy;
    throw unknownBatch(batchId);
  }

  private async getOf(agencyId: string, batchId: string): Promise<BatchRecord> {
    const ids = await this.idsOf(agencyId, batchId);
    const record = (await this.records.get(ids.record)) ?? (await this.fromStream(batchId, ids));
    if (!record) throw unknownBatch(batchId);
    return record;
  }

  /** A batch received but not completed (a send was interrupted): the stream still tells what it held. */
  private async fromStream(batchId: string, ids: BatchIds): Promise<BatchRecord | undefined> {
    const loaded = await this.runner.load(this.batchStream, ids.batchStream);
    if (loaded.state.status === 'none') return undefined;
    const b = loaded.state.batch;
    return {
      id: batchId,
      batchId,
      agencyId: b.agencyId,
      format: b.format,
      status: loaded.state.status,
      rows: b.rows,
      acceptedRows: b.acceptedRows,
      rejectedRows: b.rejectedRows,
      contacts: loaded.state.contacts ?? 0,
      chunks: b.chunks,
      errorCount: 0,
      errors: [],
      version: loaded.version,
    };
  }

  list(where: Where, skip: number, limit: number): Promise<FindResult<BatchRecord>> {
    return this.records.find({ where, sort: { batchId: 1 }, skip, limit });
  }
}

const unknownBatch = (batchId: string): DomainError =>
  new DomainError('batch.unknown', `no batch ${batchId}`, { kind: 'not-found' });

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  // One iterator shared by the workers: each takes the next item not yet taken.
  const queue = items.values();
  const worker = async (): Promise<void> => {
    for (const item of queue) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
