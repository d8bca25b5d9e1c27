// HTTP: the catalogue of information available on request (依申请公开信息目录). The kernel's route
// pieces parse, check the caller's agency, run and answer; this file names the routes and commands.
import { Controller, Get, Inject, Param, Query, Req, Res, Body } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
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
import { CatalogueService, type CatalogueEntryView } from '../application/catalogue.service.js';
import { type CatalogueEntryCommand } from '../domain/catalogue-entry.js';
import { RETRY_RETURNS_FIRST } from '../../shared/adapters/routes.js';

const BASE = 'publications/catalogue-entries';

const listEntryBody = z.strictObject({
  agencyId: agencyIdSchema,
  title: z.string().trim().min(1).max(500),
  listedOn: legalDate,
});
const delistBody = z.strictObject({ delistedOn: legalDate });
const listFields = {
  status: z.enum(['listed', 'delisted']).optional(),
  listedFrom: legalDate.optional(),
  listedTo: legalDate.optional(),
};
const listFilter: ListFilter<typeof listFields> = {
  query: listFields,
  where: (q) => ({
    ...(q.status ? { status: q.status } : {}),
    ...dateRangeWhere('listedOn', q.listedFrom, q.listedTo),
  }),
};
const countQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  withSubordinates: booleanParam.optional(),
  on: legalDate.describe('count the entries listed at the end of this day'),
});

type Answer = Promise<WithDateWarnings<CatalogueEntryView>>;

@ApiTags('catalogue of information available on request (依申请公开信息目录)')
@Controller()
export class CatalogueHttpController extends CaseController<CatalogueEntryCommand, CatalogueEntryView>(BASE, {
  eraseTexts:
    'Erase the free text typed into a catalogue entry (its title) (personal data by default); the case and its figures stay',
  get: 'A catalogue entry at its current version',
  history: 'The events of a catalogue entry',
}) {
  constructor(@Inject(CatalogueService) private readonly catalogue: CatalogueService) {
    super(catalogue.cases);
  }

  @OpenCaseRoute(
    BASE,
    'Add an entry to the catalogue',
    {
      schema: listEntryBody,
      example: { agencyId: 'zhuzhou-city', title: '建设用地审批信息', listedOn: '2024-03-04' },
    },
    RETRY_RETURNS_FIRST,
  )
  list(
    @Body(new ZodValidationPipe(listEntryBody)) body: z.output<typeof listEntryBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    return this.open('list', body, (today) => ({ type: 'ListEntry', ...body, today }), req, res);
  }

  @ChangeCaseRoute(
    `${BASE}/:id/delisting`,
    'Remove an entry from the catalogue',
    { schema: delistBody, example: { delistedOn: '2024-03-11' } },
    { documentId: true },
  )
  delist(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike): Answer {
    const b = parseWith(delistBody, req.body);
    return this.change('delist', id, (today) => ({ type: 'DelistEntry', delistedOn: b.delistedOn, today }), req, res);
  }

  @Get(`${BASE}/count`)
  @ApiOperation({ summary: '依申请公开信息目录数: entries listed at the end of a day' })
  @ApiZodQuery(countQuery, { on: '2024-12-31' })
  async count(@Query(new ZodValidationPipe(countQuery)) q: z.output<typeof countQuery>, @Req() req: HttpRequest) {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return { on: q.on, entries: await this.catalogue.countListedOn(scope.agencyId, scope.withSubordinates, q.on) };
  }

  @Get(BASE)
  @ApiOperation({ summary: 'List catalogue entries, filtered and paged' })
  @ApiZodQuery(listQueryOf(listFields))
  find(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<CatalogueEntryView>> {
    return listPage(this.views, req, query, listFilter, { listedOn: -1 });
  }
}
