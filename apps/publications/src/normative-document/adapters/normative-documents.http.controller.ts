// HTTP: normative documents (规章, 行政规范性文件) — issue, repeal, read, list, the year's counts.
import { CaseReadRoute, caseHistory, eraseCaseTexts, EraseTextsRoute, readCase } from '#event-sourcing/http';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyIdSchema, type EventEnvelope, agencyCondition } from '#contracts';
import { NORMATIVE_DOCUMENT_KINDS } from '#contracts/publications';
import { actingFor, principalOf, requireOwnAgency, scopeAgencyFilter } from '#auth';
import {
  booleanParam,
  caseIdParam,
  commandContext,
  type HttpRequest,
  idempotencyKey,
  ifMatchVersion,
  legalDate,
  type Page,
  pagingQuery,
  parseWith,
  requestHash,
  type ResponseLike,
  setVersionHeaders,
  toSkip,
  zodOpenApi,
  ZodValidationPipe,
  ApiZodQuery,
} from '#http';
import { dateRangeWhere } from '#contracts/legal-time';
import {
  NormativeDocumentsService,
  type NormativeDocumentCounts,
  type NormativeDocumentView,
} from '../application/normative-documents.service.js';

const BASE = 'publications/normative-documents';

const issueBody = z.strictObject({
  agencyId: agencyIdSchema,
  kind: z.enum(NORMATIVE_DOCUMENT_KINDS).describe('rule 规章, normative-document 行政规范性文件'),
  title: z.string().trim().min(1).max(500),
  documentNumber: z.string().trim().min(1).max(100).optional().describe('文号'),
  issuedOn: legalDate,
});
const repealBody = z.strictObject({ repealedOn: legalDate, reason: z.string().min(1).max(500).optional() });
const listQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  withSubordinates: booleanParam.optional(),
  kind: z.enum(NORMATIVE_DOCUMENT_KINDS).optional(),
  status: z.enum(['in-force', 'repealed']).optional(),
  issuedFrom: legalDate.optional(),
  issuedTo: legalDate.optional(),
  ...pagingQuery,
});
const countsQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  withSubordinates: booleanParam.optional(),
  year: z.coerce.number().int().min(2000).max(2100),
});

@ApiTags('normative documents (规章, 行政规范性文件)')
@Controller()
export class NormativeDocumentsHttpController {
  constructor(@Inject(NormativeDocumentsService) private readonly documents: NormativeDocumentsService) {}

  @Post(BASE)
  @HttpCode(201)
  @ApiOperation({ summary: 'Record an issued 规章 or 行政规范性文件' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key returns the first result',
  })
  @ApiBody({
    schema: zodOpenApi(issueBody, {
      agencyId: 'zhuzhou-city',
      kind: 'normative-document',
      title: '关于加强闲置土地处置工作的通知',
      documentNumber: '株国土资发〔2024〕1号',
      issuedOn: '2024-03-04',
    }),
  })
  async issue(
    @Body(new ZodValidationPipe(issueBody)) body: z.output<typeof issueBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<NormativeDocumentView> {
    requireOwnAgency(principalOf(req), body.agencyId);
    const view = await this.documents.issue(body, commandContext(req), {
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash({ op: 'issue', ...body }),
    });
    setVersionHeaders(res, view.version, `/${BASE}/${view.id}`);
    return view;
  }

  @Post(`${BASE}/:id/repeal`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the repeal (废止) of a document' })
  @ApiParam({ name: 'id' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag (version) the change is based on' })
  @ApiBody({ schema: zodOpenApi(repealBody, { repealedOn: '2024-06-03', reason: '已被新文件替代' }) })
  async repeal(
    @Param('id') id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<NormativeDocumentView> {
    const b = parseWith(repealBody, req.body);
    const caseId = parseWith(caseIdParam, id, 'id');
    const view = await this.documents.repeal(caseId, b.repealedOn, b.reason, commandContext(req), {
      mayActFor: actingFor(req),
      expectedVersion: ifMatchVersion(req.header('if-match')),
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash({ op: 'repeal', ...b }),
    });
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get(`${BASE}/counts`)
  @ApiOperation({ summary: '本年制发件数, 本年废止件数, 现行有效件数 (at 31 December) per kind' })
  @ApiZodQuery(countsQuery, { year: '2024' })
  counts(
    @Query(new ZodValidationPipe(countsQuery)) q: z.output<typeof countsQuery>,
    @Req() req: HttpRequest,
  ): Promise<NormativeDocumentCounts> {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return this.documents.counts(scope.agencyId, scope.withSubordinates, q.year);
  }

  @EraseTextsRoute(
    `${BASE}/:id/texts`,
    'Erase the free text typed into a normative document (title, 文号, repeal reason) (personal data by default); the case and its figures stay',
  )
  eraseTexts(@Param('id') id: string, @Req() req: HttpRequest): Promise<NormativeDocumentView> {
    return eraseCaseTexts(this.documents.cases, id, req);
  }

  @CaseReadRoute(`${BASE}/:id`, 'A normative document at its current version')
  get(
    @Param('id') id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<NormativeDocumentView> {
    return readCase(this.documents.cases, id, req, res);
  }

  @CaseReadRoute(`${BASE}/:id/history`, 'The events of a normative document')
  history(@Param('id') id: string, @Req() req: HttpRequest): Promise<EventEnvelope[]> {
    return caseHistory(this.documents.cases, id, req);
  }

  @Get(BASE)
  @ApiOperation({ summary: 'List normative documents, newest first, filtered and paged' })
  @ApiZodQuery(listQuery)
  async list(
    @Query(new ZodValidationPipe(listQuery)) q: z.output<typeof listQuery>,
    @Req() req: HttpRequest,
  ): Promise<Page<NormativeDocumentView>> {
    const scope = scopeAgencyFilter(principalOf(req), q);
    const found = await this.documents.cases.find({
      where: {
        ...agencyCondition(scope.agencyId, scope.withSubordinates),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...dateRangeWhere('issuedOn', q.issuedFrom, q.issuedTo),
      },
      sort: { issuedOn: -1 },
      ...toSkip(q),
    });
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }
}
