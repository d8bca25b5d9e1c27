// HTTP: proactive publications (主动公开) — record, retract, read, list, count a year. The kernel's
// route pieces parse, check the caller's agency, run and answer; this file names the routes.
import { Body, Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { principalOf, scopeAgencyFilter } from '#auth';
import { type WithDateWarnings } from '#contracts/legal-time';
import { CaseController, ChangeCaseRoute, listPage, listQueryOf, OpenCaseRoute } from '#event-sourcing/http';
import { ApiZodQuery, parseWith, ZodValidationPipe, type HttpRequest, type Page, type ResponseLike } from '#http';
import { PublicationsService, type PublicationView } from '../application/publications.service.js';
import { type PublicationCommand } from '../domain/publication.js';
import { RETRY_RETURNS_FIRST } from '../../shared/adapters/routes.js';
import {
  listPublicationsFilter,
  recordPublicationBody,
  retractPublicationBody,
  yearCountQuery,
} from './publication.dtos.js';

const BASE = 'publications/proactive-publications';

type Answer = Promise<WithDateWarnings<PublicationView>>;

@ApiTags('proactive publications (主动公开)')
@Controller()
export class PublicationsHttpController extends CaseController<PublicationCommand, PublicationView>(BASE, {
  eraseTexts:
    'Erase the free text typed into a publication (title, retraction reason) (personal data by default); the case and its figures stay',
  get: 'A publication at its current version',
  history: 'The events of a publication, as published on publications.events',
}) {
  constructor(@Inject(PublicationsService) private readonly publications: PublicationsService) {
    super(publications.cases);
  }

  @OpenCaseRoute(
    BASE,
    'Record a piece of information the agency published on its own initiative',
    {
      schema: recordPublicationBody,
      example: {
        agencyId: 'zhuzhou-city',
        title: '2024年度土地利用计划',
        category: 'planning',
        fullTextElectronic: true,
        publishedOn: '2024-03-04',
      },
    },
    RETRY_RETURNS_FIRST,
  )
  record(
    @Body(new ZodValidationPipe(recordPublicationBody)) body: z.output<typeof recordPublicationBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    return this.open('record', body, (today) => ({ type: 'RecordPublication', ...body, today }), req, res);
  }

  @ChangeCaseRoute(
    `${BASE}/:id/retraction`,
    'Retract a publication recorded in error; it no longer counts',
    { schema: retractPublicationBody, example: { retractedOn: '2024-03-11', reason: '已被新版替代' } },
    { documentId: true },
  )
  retract(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike): Answer {
    const b = parseWith(retractPublicationBody, req.body);
    return this.change('retract', id, (today) => ({ type: 'RetractPublication', ...b, today }), req, res);
  }

  @Get(`${BASE}/counts`)
  @ApiOperation({ summary: '主动公开信息数 and 其中：全文电子化 of a year (retracted ones excluded)' })
  @ApiZodQuery(yearCountQuery, { year: '2024' })
  counts(@Query(new ZodValidationPipe(yearCountQuery)) q: z.output<typeof yearCountQuery>, @Req() req: HttpRequest) {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return this.publications.countYear(scope.agencyId, scope.withSubordinates, q.year);
  }

  @Get(BASE)
  @ApiOperation({ summary: 'List publications, newest first, filtered and paged' })
  @ApiZodQuery(listQueryOf(listPublicationsFilter.query))
  list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<PublicationView>> {
    return listPage(this.views, req, query, listPublicationsFilter, { publishedOn: -1 });
  }
}
