// HTTP: normative documents (规章, 行政规范性文件) — issue, repeal, read, list, the year's counts. The
// kernel's route pieces parse, check the caller's agency, run and answer; this file names the routes.
import { Body, Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
import { NORMATIVE_DOCUMENT_KINDS } from '#contracts/publications';
import { principalOf, scopeAgencyFilter } from '#auth';
import { dateRangeWhere, type WithDateWarnings } from '#contracts/legal-time';
import {
  CaseController,
  ChangeCaseRoute,
  listPage,
  listQueryOf,
  OpenCaseRoute,
  type ListFilter,
} from '#event-sourcing/http';
import {
  ApiZodQuery,
  booleanParam,
  legalDate,
  parseWith,
  ZodValidationPipe,
  type HttpRequest,
  type Page,
  type ResponseLike,
} from '#http';
import {
  NormativeDocumentsService,
  type NormativeDocumentCounts,
  type NormativeDocumentView,
} from '../application/normative-documents.service.js';
import { type NormativeDocumentCommand } from '../domain/normative-document.js';
import { RETRY_RETURNS_FIRST } from '../../shared/adapters/routes.js';

const BASE = 'publications/normative-documents';

const issueBody = z.strictObject({
  agencyId: agencyIdSchema,
  kind: z.enum(NORMATIVE_DOCUMENT_KINDS).describe('rule 规章, normative-document 行政规范性文件'),
  title: z.string().trim().min(1).max(500),
  documentNumber: z.string().trim().min(1).max(100).optional().describe('文号'),
  issuedOn: legalDate,
});
const repealBody = z.strictObject({ repealedOn: legalDate, reason: z.string().min(1).max(500).optional() });
const listFields = {
  kind: z.enum(NORMATIVE_DOCUMENT_KINDS).optional(),
  status: z.enum(['in-force', 'repealed']).optional(),
  issuedFrom: legalDate.optional(),
  issuedTo: legalDate.optional(),
};
const listFilter: ListFilter<typeof listFields> = {
  query: listFields,
  where: (q) => ({
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...dateRangeWhere('issuedOn', q.issuedFrom, q.issuedTo),
  }),
};
const countsQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  withSubordinates: booleanParam.optional(),
  year: z.coerce.number().int().min(2000).max(2100),
});

type Answer = Promise<WithDateWarnings<NormativeDocumentView>>;

@ApiTags('normative documents (规章, 行政规范性文件)')
@Controller()
export class NormativeDocumentsHttpController extends CaseController<NormativeDocumentCommand, NormativeDocumentView>(
  BASE,
  {
    eraseTexts:
      'Erase the free text typed into a normative document (title, 文号, repeal reason) (personal data by default); the case and its figures stay',
    get: 'A normative document at its current version',
    history: 'The events of a normative document',
  },
) {
  constructor(@Inject(NormativeDocumentsService) private readonly documents: NormativeDocumentsService) {
    super(documents.cases);
  }

  @OpenCaseRoute(
    BASE,
    'Record an issued 规章 or 行政规范性文件',
    {
      schema: issueBody,
      example: {
        agencyId: 'zhuzhou-city',
        kind: 'normative-document',
        title: '关于加强闲置土地处置工作的通知',
        documentNumber: '株国土资发〔2024〕1号',
        issuedOn: '2024-03-04',
      },
    },
    RETRY_RETURNS_FIRST,
  )
  issue(
    @Body(new ZodValidationPipe(issueBody)) body: z.output<typeof issueBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    return this.open('issue', body, (today) => ({ type: 'IssueDocument', ...body, today }), req, res);
  }

  @ChangeCaseRoute(
    `${BASE}/:id/repeal`,
    'Record the repeal (废止) of a document',
    { schema: repealBody, example: { repealedOn: '2024-06-03', reason: '已被新文件替代' } },
    { documentId: true },
  )
  repeal(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike): Answer {
    const b = parseWith(repealBody, req.body);
    return this.change(
      'repeal',
      id,
      (today) => ({
        type: 'RepealDocument',
        repealedOn: b.repealedOn,
        ...(b.reason ? { reason: b.reason } : {}),
        today,
      }),
      req,
      res,
    );
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

  @Get(BASE)
  @ApiOperation({ summary: 'List normative documents, newest first, filtered and paged' })
  @ApiZodQuery(listQueryOf(listFields))
  list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<NormativeDocumentView>> {
    return listPage(this.views, req, query, listFilter, { issuedOn: -1 });
  }
}
