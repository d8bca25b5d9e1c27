// HTTP: satellite-image inspection campaigns (卫片执法): open with the first round, add rounds.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyQuery, agencyWhere, principalOf, requireOwnAgency, requireReadable } from '#auth';
import { agencyIdSchema } from '#contracts';
import {
  CaseIdPipe,
  commandContext,
  type HttpRequest,
  idempotencyKey,
  ifMatchVersion,
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
import {
  SatelliteInspectionsService,
  type SatelliteInspectionView,
} from '../application/satellite-inspections.service.js';

const round = {
  inspectedOn: z.iso.date(),
  patches: z.number().describe('图斑, a whole number ≥ 1'),
  parcels: z.number().describe('宗地, a whole number ≥ 0'),
  areaMu: z.number().describe('亩, ≥ 0'),
  violations: z.number().describe('违法用地 found (宗), ≤ parcels'),
};
export const openBody = z.strictObject({
  agencyId: agencyIdSchema,
  campaignYear: z.number().int().min(2000).max(2100),
  ...round,
});
export const roundBody = z.strictObject(round);
const listQuery = z.strictObject({
  ...agencyQuery,
  campaignYear: z.coerce.number().int().min(2000).max(2100).optional(),
  ...pagingQuery,
});

@ApiTags('satellite inspections')
@Controller('enforcement/satellite-inspections')
export class SatelliteInspectionsHttpController {
  constructor(@Inject(SatelliteInspectionsService) private readonly campaigns: SatelliteInspectionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a satellite-image inspection campaign (卫片执法检查) with its first round' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({
    schema: zodOpenApi(openBody, {
      agencyId: 'zhuzhou-city',
      campaignYear: 2024,
      inspectedOn: '2024-03-04',
      patches: 120,
      parcels: 80,
      areaMu: 310.5,
      violations: 12,
    }),
  })
  async open(
    @Body(new ZodValidationPipe(openBody)) body: z.output<typeof openBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<SatelliteInspectionView> {
    requireOwnAgency(principalOf(req), body.agencyId);
    const view = await this.campaigns.open(body, commandContext(req), {
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash(body),
    });
    setVersionHeaders(res, view.version, `/enforcement/satellite-inspections/${view.id}`);
    return view;
  }

  @Post(':id/rounds')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add an inspection round to a campaign (its figures add up)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiBody({
    schema: zodOpenApi(roundBody, { inspectedOn: '2024-06-03', patches: 40, parcels: 25, areaMu: 96, violations: 3 }),
  })
  async addRound(
    @Param('id', CaseIdPipe) id: string,
    @Body(new ZodValidationPipe(roundBody)) body: z.output<typeof roundBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<SatelliteInspectionView> {
    requireOwnAgency(principalOf(req), (await this.campaigns.get(id)).agencyId);
    const view = await this.campaigns.addRound(id, body, commandContext(req), ifMatchVersion(req.header('if-match')));
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get(':id')
  async get(
    @Param('id', CaseIdPipe) id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<SatelliteInspectionView> {
    const view = await this.campaigns.get(id);
    requireReadable(principalOf(req), view.agencyId);
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'List campaigns, filtered by agency and year, paged' })
  @ApiZodQuery(listQuery)
  async list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<SatelliteInspectionView>> {
    const q = parseWith(listQuery, query);
    const found = await this.campaigns.list(
      { ...agencyWhere(req, q), ...(q.campaignYear ? { campaignYear: q.campaignYear } : {}) },
      toSkip(q).skip,
      toSkip(q).limit,
    );
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }
}
