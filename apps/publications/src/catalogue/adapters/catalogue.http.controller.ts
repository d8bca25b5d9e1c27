// HTTP: the catalogue of information available on request (依申请公开信息目录).
import { CaseReadRoute, caseHistory, eraseCaseTexts, EraseTextsRoute, readCase } from '#event-sourcing/http';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyIdSchema, type EventEnvelope, agencyCondition } from '#contracts';
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
import { CatalogueService, type CatalogueEntryView } from '../application/catalogue.service.js';

const BASE = 'publications/catalogue-entries';

const listEntryBody = z.strictObject({
  agencyId: agencyIdSchema,
  title: z.string().trim().min(1).max(500),
  listedOn: legalDate,
});
const delistBody = z.strictObject({ delistedOn: legalDate });
const listQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  withSubordinates: booleanParam.optional(),
  status: z.enum(['listed', 'delisted']).optional(),
  listedFrom: legalDate.optional(),
  listedTo: legalDate.optional(),
  ...pagingQuery,
});
const countQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  withSubordinates: booleanParam.optional(),
  on: legalDate.describe('count the entries listed at the end of this day'),
});

@ApiTags('catalogue of information available on request (依申请公开信息目录)')
@Controller()
export class CatalogueHttpController {
  constructor(@Inject(CatalogueService) private readonly catalogue: CatalogueService) {}

  @Post(BASE)
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an entry to the catalogue' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key returns the first result',
  })
  @ApiBody({
    schema: zodOpenApi(listEntryBody, { agencyId: 'zhuzhou-city', title: '建设用地审批信息', listedOn: '2024-03-04' }),
  })
  async list(
    @Body(new ZodValidationPipe(listEntryBody)) body: z.output<typeof listEntryBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<CatalogueEntryView> {
    requireOwnAgency(principalOf(req), body.agencyId);
    const view = await this.catalogue.list(body, commandContext(req), {
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash({ op: 'list', ...body }),
    });
    setVersionHeaders(res, view.version, `/${BASE}/${view.id}`);
    return view;
  }

  @Post(`${BASE}/:id/delisting`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove an entry from the catalogue' })
  @ApiParam({ name: 'id' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag (version) the change is based on' })
  @ApiBody({ schema: zodOpenApi(delistBody, { delistedOn: '2024-03-11' }) })
  async delist(
    @Param('id') id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<CatalogueEntryView> {
    const b = parseWith(delistBody, req.body);
    const caseId = parseWith(caseIdParam, id, 'id');
    const view = await this.catalogue.delist(caseId, b.delistedOn, commandContext(req), {
      mayActFor: actingFor(req),
      expectedVersion: ifMatchVersion(req.header('if-match')),
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash({ op: 'delist', ...b }),
    });
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get(`${BASE}/count`)
  @ApiOperation({ summary: '依申请公开信息目录数: entries listed at the end of a day' })
  @ApiZodQuery(countQuery, { on: '2024-12-31' })
  async count(@Query(new ZodValidationPipe(countQuery)) q: z.output<typeof countQuery>, @Req() req: HttpRequest) {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return { on: q.on, entries: await this.catalogue.countListedOn(scope.agencyId, scope.withSubordinates, q.on) };
  }

  @EraseTextsRoute(
    `${BASE}/:id/texts`,
    'Erase the free text typed into a catalogue entry (its title) (personal data by default); the case and its figures stay',
  )
  eraseTexts(@Param('id') id: string, @Req() req: HttpRequest): Promise<CatalogueEntryView> {
    return eraseCaseTexts(this.catalogue.cases, id, req);
  }

  @CaseReadRoute(`${BASE}/:id`, 'A catalogue entry at its current version')
  get(
    @Param('id') id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<CatalogueEntryView> {
    return readCase(this.catalogue.cases, id, req, res);
  }

  @CaseReadRoute(`${BASE}/:id/history`, 'The events of a catalogue entry')
  history(@Param('id') id: string, @Req() req: HttpRequest): Promise<EventEnvelope[]> {
    return caseHistory(this.catalogue.cases, id, req);
  }

  @Get(BASE)
  @ApiOperation({ summary: 'List catalogue entries, filtered and paged' })
  @ApiZodQuery(listQuery)
  async find(
    @Query(new ZodValidationPipe(listQuery)) q: z.output<typeof listQuery>,
    @Req() req: HttpRequest,
  ): Promise<Page<CatalogueEntryView>> {
    const scope = scopeAgencyFilter(principalOf(req), q);
    const found = await this.catalogue.cases.find({
      where: {
        ...agencyCondition(scope.agencyId, scope.withSubordinates),
        ...(q.status ? { status: q.status } : {}),
        ...dateRangeWhere('listedOn', q.listedFrom, q.listedTo),
      },
      sort: { listedOn: -1 },
      ...toSkip(q),
    });
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }
}
