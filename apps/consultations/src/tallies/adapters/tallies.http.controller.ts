// HTTP: declared tallies. `PUT /consultations/page-views/{agencyId}/{period}/{source}` with
// `{ views }` and `PUT /consultations/service-information/{agencyId}/{period}` with `{ items }`:
// PUT because the figure of a period is replaced, never added to.
import { Body, Controller, Get, Inject, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyQuery, agencyWhere, principalOf, requireOwnAgency, requireReadable } from '#auth';
import { agencyIdSchema } from '#contracts';
import {
  commandContext,
  type HttpRequest,
  changeOptions,
  type Page,
  pagingQuery,
  parseWith,
  type ResponseLike,
  setVersionHeaders,
  toSkip,
  zodOpenApi,
  ZodValidationPipe,
  ApiZodQuery,
} from '#http';
import { TalliesService, type TallyKind, type TallyView } from '../application/tallies.service.js';

const period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'must be YYYY or YYYY-MM');
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a lower-case code (a-z, 0-9, -)');
const count = z.number().int().min(0).max(100_000_000);
const pageViewsPath = z.strictObject({ agencyId: agencyIdSchema, period, source: code });
const serviceInformationPath = z.strictObject({ agencyId: agencyIdSchema, period });
const yearPath = z.strictObject({ agencyId: agencyIdSchema, year: z.coerce.number().int().min(2000).max(2100) });
export const pageViewsBody = z.strictObject({ views: count });
export const serviceInformationBody = z.strictObject({ items: count });
const listQuery = z.strictObject({
  ...agencyQuery,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  ...pagingQuery,
});

@ApiTags('declared tallies')
@Controller('consultations')
export class TalliesHttpController {
  constructor(@Inject(TalliesService) private readonly tallies: TalliesService) {}

  @Put('page-views/:agencyId/:period/:source')
  @ApiOperation({ summary: 'Declare the page views (网站专栏页面访问量) of a month or a year from a source' })
  @ApiParam({ name: 'period', description: 'YYYY (whole year) or YYYY-MM', example: '2024-03' })
  @ApiParam({ name: 'source', description: 'where the views were counted, e.g. portal', example: 'portal' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiBody({ schema: zodOpenApi(pageViewsBody, { views: 18250 }) })
  async recordPageViews(
    @Param() params: unknown,
    @Body(new ZodValidationPipe(pageViewsBody)) body: z.output<typeof pageViewsBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<TallyView> {
    const path = parseWith(pageViewsPath, params);
    requireOwnAgency(principalOf(req), path.agencyId);
    const view = await this.tallies.recordPageViews(
      { ...path, views: body.views },
      commandContext(req),
      changeOptions(req, 'page-views'),
    );
    setVersionHeaders(res, view.version);
    return view;
  }

  @Put('service-information/:agencyId/:period')
  @ApiOperation({ summary: 'Declare the service information provided (提供服务类信息数) in a month or a year' })
  @ApiParam({ name: 'period', description: 'YYYY (whole year) or YYYY-MM', example: '2024-03' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiBody({ schema: zodOpenApi(serviceInformationBody, { items: 36 }) })
  async declareServiceInformation(
    @Param() params: unknown,
    @Body(new ZodValidationPipe(serviceInformationBody)) body: z.output<typeof serviceInformationBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<TallyView> {
    const path = parseWith(serviceInformationPath, params);
    requireOwnAgency(principalOf(req), path.agencyId);
    const view = await this.tallies.declareServiceInformation(
      { ...path, items: body.items },
      commandContext(req),
      changeOptions(req, 'service-information'),
    );
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get('page-views/:agencyId/:year')
  @ApiOperation({ summary: 'The page-view tally of an agency-year' })
  getPageViews(
    @Param() params: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<TallyView> {
    return this.getTally('page-views', params, req, res);
  }

  @Get('service-information/:agencyId/:year')
  @ApiOperation({ summary: 'The service-information tally of an agency-year' })
  getServiceInformation(
    @Param() params: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<TallyView> {
    return this.getTally('service-information', params, req, res);
  }

  @Get('tallies')
  @ApiOperation({ summary: 'List declared tallies, filtered by agency and year, paged' })
  @ApiZodQuery(listQuery)
  async list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<TallyView>> {
    const q = parseWith(listQuery, query);
    const { skip, limit } = toSkip(q);
    const found = await this.tallies.list({ ...agencyWhere(req, q), ...(q.year ? { year: q.year } : {}) }, skip, limit);
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }

  private async getTally(kind: TallyKind, params: unknown, req: HttpRequest, res: ResponseLike): Promise<TallyView> {
    const { agencyId, year } = parseWith(yearPath, params);
    requireReadable(principalOf(req), agencyId);
    const view = await this.tallies.get(kind, agencyId, year);
    setVersionHeaders(res, view.version);
    return view;
  }
}
