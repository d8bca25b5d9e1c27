// HTTP: satellite-image inspection campaigns (卫片执法): open with the first round, add rounds. The
// kernel's route pieces parse, check the caller's agency (on the one load a command makes), run and
// answer; a round takes its campaign's agency and year from the decider, not from a read before it.
import { Body, Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
import { type WithDateWarnings } from '#contracts/legal-time';
import {
  changeCaseToday,
  ChangeCaseRoute,
  listPage,
  listQueryOf,
  openCase,
  OpenCaseRoute,
  readCase,
  type ListFilter,
} from '#event-sourcing/http';
import { ApiZodQuery, CaseIdPipe, ZodValidationPipe, type HttpRequest, type Page, type ResponseLike } from '#http';
import {
  SatelliteInspectionsService,
  type SatelliteInspectionView,
} from '../application/satellite-inspections.service.js';
import { type SatelliteInspectionCommand } from '../domain/satellite-inspection.decider.js';

const BASE = 'enforcement/satellite-inspections';

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
const yearFilter = { campaignYear: z.coerce.number().int().min(2000).max(2100).optional() };
const listFilter: ListFilter<typeof yearFilter> = {
  query: yearFilter,
  where: (q) => ({ ...(q.campaignYear ? { campaignYear: q.campaignYear } : {}) }),
};

type Answer = Promise<WithDateWarnings<SatelliteInspectionView>>;

@ApiTags('satellite inspections')
@Controller(BASE)
export class SatelliteInspectionsHttpController {
  constructor(@Inject(SatelliteInspectionsService) private readonly campaigns: SatelliteInspectionsService) {}

  @OpenCaseRoute(undefined, 'Open a satellite-image inspection campaign (卫片执法检查) with its first round', {
    schema: openBody,
    example: {
      agencyId: 'zhuzhou-city',
      campaignYear: 2024,
      inspectedOn: '2024-03-04',
      patches: 120,
      parcels: 80,
      areaMu: 310.5,
      violations: 12,
    },
  })
  open(
    @Body(new ZodValidationPipe(openBody)) body: z.output<typeof openBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    // expectedVersion 0: an open never adds to a campaign already on file (a retry's key aside).
    return openCase(
      this.campaigns.campaigns,
      BASE,
      body.agencyId,
      (today): SatelliteInspectionCommand => ({ type: 'InspectPatches', ...body, today }),
      req,
      res,
      { hashed: body, expectedVersion: 0 },
    );
  }

  @ChangeCaseRoute(
    ':id/rounds',
    'Add an inspection round to a campaign (its figures add up)',
    {
      schema: roundBody,
      example: { inspectedOn: '2024-06-03', patches: 40, parcels: 25, areaMu: 96, violations: 3 },
    },
    { header: { name: 'If-Match', required: false } },
  )
  addRound(
    @Param('id', CaseIdPipe) id: string,
    @Body(new ZodValidationPipe(roundBody)) body: z.output<typeof roundBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Answer {
    return changeCaseToday(
      this.campaigns.campaigns,
      id,
      'AddInspectionRound',
      (today): SatelliteInspectionCommand => ({ type: 'AddInspectionRound', ...body, today }),
      req,
      res,
    );
  }

  @Get(':id')
  get(
    @Param('id', CaseIdPipe) id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<SatelliteInspectionView> {
    return readCase(this.campaigns.campaigns, id, req, res);
  }

  @Get()
  @ApiOperation({ summary: 'List campaigns, filtered by agency and year, paged' })
  @ApiZodQuery(listQueryOf(yearFilter))
  list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<SatelliteInspectionView>> {
    return listPage(this.campaigns.campaigns, req, query, listFilter, { campaignYear: -1 });
  }
}
