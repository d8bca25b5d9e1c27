// HTTP: demolitions of illegal buildings (拆除违法建设).
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { actingFor, agencyQuery, agencyWhere, principalOf, requireOwnAgency, requireReadable, Roles } from '#auth';
import { agencyIdSchema } from '#contracts';
import {
  CaseIdPipe,
  commandContext,
  type HttpRequest,
  idempotencyKey,
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
import { dateRange } from '#contracts/legal-time';
import { DemolitionsService, type DemolitionView } from '../application/demolitions.service.js';

export const demolitionBody = z.strictObject({
  agencyId: agencyIdSchema,
  completedOn: z.iso.date(),
  buildings: z.number().describe('栋(处), a whole number ≥ 1'),
  floorAreaM2: z.number().describe('floor area in m², > 0'),
  reference: z.string().trim().min(1).max(60).optional(),
});
const listQuery = z.strictObject({
  ...agencyQuery,
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  ...pagingQuery,
});

@ApiTags('demolitions')
@Controller('enforcement/demolitions')
export class DemolitionsHttpController {
  constructor(@Inject(DemolitionsService) private readonly demolitions: DemolitionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a completed demolition of illegal buildings (拆除违法建设)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({
    schema: zodOpenApi(demolitionBody, {
      agencyId: 'zhuzhou-city',
      completedOn: '2024-03-04',
      buildings: 2,
      floorAreaM2: 460,
      reference: '株拆〔2024〕5号',
    }),
  })
  async complete(
    @Body(new ZodValidationPipe(demolitionBody)) body: z.output<typeof demolitionBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<DemolitionView> {
    requireOwnAgency(principalOf(req), body.agencyId);
    const view = await this.demolitions.complete(body, commandContext(req), {
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash(body),
    });
    setVersionHeaders(res, view.version, `/enforcement/demolitions/${view.id}`);
    return view;
  }

  @Delete(':id/texts')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Erase the free text typed into a demolition (its reference) (personal data by default); the case and its figures stay',
  })
  async eraseTexts(@Param('id', CaseIdPipe) id: string, @Req() req: HttpRequest): Promise<DemolitionView> {
    return this.demolitions.eraseTexts(id, commandContext(req), actingFor(req));
  }

  @Get(':id')
  async get(
    @Param('id', CaseIdPipe) id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<DemolitionView> {
    const view = await this.demolitions.get(id);
    requireReadable(principalOf(req), view.agencyId);
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'List demolitions, filtered by agency and completion date, paged' })
  @ApiZodQuery(listQuery)
  async list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<DemolitionView>> {
    const q = parseWith(listQuery, query);
    const completedOn = dateRange(q.from, q.to);
    const found = await this.demolitions.list(
      { ...agencyWhere(req, q), ...(completedOn ? { completedOn } : {}) },
      toSkip(q).skip,
      toSkip(q).limit,
    );
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }
}
