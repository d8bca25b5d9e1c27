// HTTP: the bulk path. `PUT /consultations/batches/{batchId}?agencyId=…` with a CSV (text/csv) or
// NDJSON (application/x-ndjson) body. PUT because sending the same batch again is safe: it commits
// nothing twice and answers the same figures (200 instead of 201).
import { Controller, Get, Inject, Param, Put, Query, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyQuery, agencyWhere, canRead, principalOf, requireOwnAgency, requireReadable } from '#auth';
import { agencyIdSchema } from '#contracts';
import {
  commandContext,
  type HttpRequest,
  type Page,
  pagingQuery,
  parseWith,
  type ResponseLike,
  setVersionHeaders,
  toSkip,
  ApiZodQuery,
} from '#http';
import {
  ConsultationBatchesService,
  type BatchRecord,
  type BatchReport,
} from '../application/consultation-batches.service.js';
import { COLUMNS, type BatchFormat } from '../domain/batch-rows.js';
import { requestLines } from './request-lines.js';

/** 100,000 rows of CSV are about 4 MiB; this leaves room for NDJSON and long agency ids. */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;

const importQuery = z.strictObject({ agencyId: agencyIdSchema });
/** A batch id is the sending agency's: two agencies may each have a batch under one id. */
const getQuery = z.strictObject({ agencyId: agencyIdSchema.optional() });
const listQuery = z.strictObject({ ...agencyQuery, ...pagingQuery });

function formatOf(contentType: string | undefined): BatchFormat {
  const type = (contentType ?? '').split(';', 1).join('').trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (['application/x-ndjson', 'application/ndjson', 'application/jsonl'].includes(type)) return 'ndjson';
  throw new UnsupportedMediaTypeException({
    statusCode: 415,
    error: 'Unsupported Media Type',
    message: 'send the batch as text/csv or application/x-ndjson',
    violations: [
      { field: 'Content-Type', rule: 'batch.content-type', message: 'must be text/csv or application/x-ndjson' },
    ],
  });
}

@ApiTags('consultation batches')
@Controller('consultations/batches')
export class ConsultationBatchesHttpController {
  constructor(@Inject(ConsultationBatchesService) private readonly batches: ConsultationBatchesService) {}

  @Put(':batchId')
  @ApiOperation({
    summary: 'Import a batch of consultations (CSV or NDJSON); a re-sent batch commits nothing twice',
    description:
      `Columns / fields: ${COLUMNS.join(', ')} (receivedOn and channel required; agencyId defaults to the ` +
      'batch agency, contacts to 1). Each row with errors is listed with its row, line, field and rule; the ' +
      'valid rows are committed. The same batch id with other content is refused (409).',
  })
  @ApiConsumes('text/csv', 'application/x-ndjson')
  @ApiZodQuery(importQuery, { agencyId: 'zhuzhou-city' })
  @ApiBody({
    schema: { type: 'string', example: 'receivedOn,channel,contacts\n2024-03-04,phone,37\n2024-03-04,on-site,120\n' },
  })
  @ApiResponse({ status: 201, description: 'imported for the first time' })
  @ApiResponse({ status: 200, description: 'this batch was received before: nothing was committed twice' })
  async import(
    @Param('batchId') batchId: string,
    @Query() query: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<BatchReport> {
    const { agencyId } = parseWith(importQuery, query);
    const caller = principalOf(req);
    requireOwnAgency(caller, agencyId);
    const format = formatOf(req.header('content-type'));
    const ctx = commandContext(req);
    const body = typeof req.body === 'string' ? req.body : req;
    // A clerk records only their own agency's figures (ADR 0004), so rows may name no other.
    const rowAgencies = caller.authenticated ? [caller.agencyId] : undefined;
    const lines = requestLines(body, MAX_BATCH_BYTES);
    const report = await this.batches.import(batchId, agencyId, format, lines, ctx, rowAgencies);
    res.status(report.resent ? 200 : 201);
    setVersionHeaders(res, report.version, `/consultations/batches/${batchId}?agencyId=${agencyId}`);
    return report;
  }

  @Get(':batchId')
  @ApiOperation({
    summary: 'The report of a batch: counts and the row errors',
    description:
      'A batch id is scoped to the agency that sent the batch; without agencyId, the one batch under ' +
      'that id the caller may read (422 naming agencyId when there are several).',
  })
  @ApiZodQuery(getQuery, { agencyId: 'zhuzhou-city' })
  async get(
    @Param('batchId') batchId: string,
    @Query() query: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<BatchRecord> {
    const { agencyId } = parseWith(getQuery, query);
    const caller = principalOf(req);
    if (agencyId !== undefined) requireReadable(caller, agencyId);
    const record = await this.batches.get(batchId, agencyId, {
      mayRead: (agency) => canRead(caller, agency),
      ...(caller.authenticated ? { ownAgencyId: caller.agencyId } : {}),
    });
    requireReadable(caller, record.agencyId);
    setVersionHeaders(res, record.version);
    return record;
  }

  @Get()
  @ApiOperation({ summary: 'List batches (without their row errors), paged' })
  @ApiZodQuery(listQuery)
  async list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<Omit<BatchRecord, 'errors'>>> {
    const q = parseWith(listQuery, query);
    const { skip, limit } = toSkip(q);
    const found = await this.batches.list(agencyWhere(req, q), skip, limit);
    return {
      items: found.items.map(({ errors: _errors, ...rest }) => rest),
      total: found.total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }
}
