// HTTP: proactive publications (主动公开) — record, retract, read, list, count a year.
import { CaseReadRoute, caseHistory, eraseCaseTexts, EraseTextsRoute, readCase } from '#event-sourcing/http';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { type EventEnvelope, agencyCondition } from '#contracts';
import { actingFor, principalOf, requireOwnAgency, scopeAgencyFilter } from '#auth';
import {
  caseIdParam,
  commandContext,
  type HttpRequest,
  idempotencyKey,
  ifMatchVersion,
  type Page,
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
import { PublicationsService, type PublicationView } from '../application/publications.service.js';
import {
  listPublicationsQuery,
  recordPublicationBody,
  retractPublicationBody,
  yearCountQuery,
} from './publication.dtos.js';

const BASE = 'publications/proactive-publications';

@ApiTags('proactive publications (主动公开)')
@Controller()
export class PublicationsHttpController {
  constructor(@Inject(PublicationsService) private readonly publications: PublicationsService) {}

  @Post(BASE)
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a piece of information the agency published on its own initiative' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key returns the first result',
  })
  @ApiBody({
    schema: zodOpenApi(recordPublicationBody, {
      agencyId: 'zhuzhou-city',
      title: '2024年度土地利用计划',
      category: 'planning',
      fullTextElectronic: true,
      publishedOn: '2024-03-04',
    }),
  })
  async record(
    @Body(new ZodValidationPipe(recordPublicationBody)) body: z.output<typeof recordPublicationBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PublicationView> {
    requireOwnAgency(principalOf(req), body.agencyId);
    const view = await this.publications.record(body, commandContext(req), {
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash({ op: 'record', ...body }),
    });
    setVersionHeaders(res, view.version, `/${BASE}/${view.id}`);
    return view;
  }

  @Post(`${BASE}/:id/retraction`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Retract a publication recorded in error; it no longer counts' })
  @ApiParam({ name: 'id' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag (version) the change is based on' })
  @ApiBody({ schema: zodOpenApi(retractPublicationBody, { retractedOn: '2024-03-11', reason: '已被新版替代' }) })
  async retract(
    @Param('id') id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PublicationView> {
    const b = parseWith(retractPublicationBody, req.body);
    const caseId = parseWith(caseIdParam, id, 'id');
    const view = await this.publications.retract(caseId, b.retractedOn, b.reason, commandContext(req), {
      mayActFor: actingFor(req),
      expectedVersion: ifMatchVersion(req.header('if-match')),
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash({ op: 'retract', ...b }),
    });
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get(`${BASE}/counts`)
  @ApiOperation({ summary: '主动公开信息数 and 其中：全文电子化 of a year (retracted ones excluded)' })
  @ApiZodQuery(yearCountQuery, { year: '2024' })
  counts(@Query(new ZodValidationPipe(yearCountQuery)) q: z.output<typeof yearCountQuery>, @Req() req: HttpRequest) {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return this.publications.countYear(scope.agencyId, scope.withSubordinates, q.year);
  }

  @EraseTextsRoute(
    `${BASE}/:id/texts`,
    'Erase the free text typed into a publication (title, retraction reason) (personal data by default); the case and its figures stay',
  )
  eraseTexts(@Param('id') id: string, @Req() req: HttpRequest): Promise<PublicationView> {
    return eraseCaseTexts(this.publications.cases, id, req);
  }

  @CaseReadRoute(`${BASE}/:id`, 'A publication at its current version')
  get(
    @Param('id') id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PublicationView> {
    return readCase(this.publications.cases, id, req, res);
  }

  @CaseReadRoute(`${BASE}/:id/history`, 'The events of a publication, as published on publications.events')
  history(@Param('id') id: string, @Req() req: HttpRequest): Promise<EventEnvelope[]> {
    return caseHistory(this.publications.cases, id, req);
  }

  @Get(BASE)
  @ApiOperation({ summary: 'List publications, newest first, filtered and paged' })
  @ApiZodQuery(listPublicationsQuery)
  async list(
    @Query(new ZodValidationPipe(listPublicationsQuery)) q: z.output<typeof listPublicationsQuery>,
    @Req() req: HttpRequest,
  ): Promise<Page<PublicationView>> {
    const scope = scopeAgencyFilter(principalOf(req), q);
    const found = await this.publications.cases.find({
      where: {
        ...agencyCondition(scope.agencyId, scope.withSubordinates),
        ...(q.category ? { category: q.category } : {}),
        ...(q.fullTextElectronic !== undefined ? { fullTextElectronic: q.fullTextElectronic } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...dateRangeWhere('publishedOn', q.publishedFrom, q.publishedTo),
      },
      sort: { publishedOn: -1 },
      ...toSkip(q),
    });
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }
}
