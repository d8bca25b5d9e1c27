// HTTP: idle-land findings (认定闲置土地).
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
import { IdleLandService, type IdleLandView } from '../application/idle-land.service.js';

export const determineBody = z.strictObject({
  agencyId: agencyIdSchema,
  determinedOn: z.iso.date(),
  parcels: z.number().describe('宗, a whole number ≥ 1'),
  areaMu: z.number().describe('亩, > 0'),
  reference: z.string().trim().min(1).max(60).optional(),
});
const listQuery = z.strictObject({
  ...agencyQuery,
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  ...pagingQuery,
});

@ApiTags('idle land')
@Controller('enforcement/idle-land-findings')
export class IdleLandHttpController {
  constructor(@Inject(IdleLandService) private readonly findings: IdleLandService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Record land determined idle (认定闲置土地): parcels and area' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({
    schema: zodOpenApi(determineBody, {
      agencyId: 'zhuzhou-city',
      determinedOn: '2024-03-04',
      parcels: 3,
      areaMu: 41.5,
      reference: '株闲认〔2024〕2号',
    }),
  })
  async determine(
    @Body(new ZodValidationPipe(determineBody)) body: z.output<typeof determineBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<IdleLandView> {
    requireOwnAgency(principalOf(req), body.agencyId);
    const view = await this.findings.determine(body, commandContext(req), {
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash(body),
    });
    setVersionHeaders(res, view.version, `/enforcement/idle-land-findings/${view.id}`);
    return view;
  }

  @Delete(':id/texts')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Erase the free text typed into an idle-land finding (its reference) (personal data by default); the case and its figures stay',
  })
  async eraseTexts(@Param('id', CaseIdPipe) id: string, @Req() req: HttpRequest): Promise<IdleLandView> {
    return this.findings.eraseTexts(id, commandContext(req), actingFor(req));
  }

  @Get(':id')
  async get(
    @Param('id', CaseIdPipe) id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<IdleLandView> {
    const view = await this.findings.get(id);
    requireReadable(principalOf(req), view.agencyId);
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'List idle-land findings, filtered by agency and determination date, paged' })
  @ApiZodQuery(listQuery)
  async list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<IdleLandView>> {
    const q = parseWith(listQuery, query);
    const determinedOn = dateRange(q.from, q.to);
    const found = await this.findings.list(
      { ...agencyWhere(req, q), ...(determinedOn ? { determinedOn } : {}) },
      toSkip(q).skip,
      toSkip(q).limit,
    );
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }
}
