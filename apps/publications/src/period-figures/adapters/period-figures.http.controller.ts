// HTTP: figures declared per period — 行政许可 decision counts and 行政事业性收费 amounts.
// PUT a period's value: declaring it again replaces it (a correction), never adds to it.
import { Controller, Get, Inject, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyIdSchema, type EventEnvelope } from '#contracts';
import { PERIOD_PATTERN } from '#contracts/legal-time';
import {
  booleanParam,
  commandContext,
  type HttpRequest,
  idempotencyKey,
  ifMatchVersion,
  parseWith,
  requestHash,
  type ResponseLike,
  setVersionHeaders,
  zodOpenApi,
  ZodValidationPipe,
} from '#http';
import { principalOf, requireOwnAgency, requireReadable, scopeAgencyFilter } from '#auth';
import {
  ADMINISTRATIVE_FEES,
  LICENSING,
  PeriodFiguresService,
  type PeriodFiguresView,
} from '../application/period-figures.service.js';
import { type FigureKind } from '../domain/period-figures.js';

const agencyParam = agencyIdSchema;
const periodParam = z.string().regex(PERIOD_PATTERN, 'must be YYYY, YYYY-Qn or YYYY-MM');
const yearParam = z.coerce.number().int().min(2000).max(2100);
const decisionsBody = z.strictObject({ count: z.number().int().describe('decisions made in the period') });
const feesBody = z.strictObject({
  amountFen: z.number().int().describe('collected in the period, in fen (0.01 yuan)'),
});
const listQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  withSubordinates: booleanParam.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

/** The agency of the path, once the caller may read its figures (its own, or below it). */
function readableAgency(req: HttpRequest, agencyId: string): string {
  const agency = parseWith(agencyParam, agencyId, 'agencyId');
  requireReadable(principalOf(req), agency);
  return agency;
}

const LICENSING_BASE = 'publications/licensing-decisions';
const FEES_BASE = 'publications/fees-collected';
const ifMatch = {
  name: 'If-Match',
  required: false,
  description: 'the ETag (version) of the year the change is based on',
};

@ApiTags('declared figures (行政许可, 行政事业性收费)')
@Controller()
export class PeriodFiguresHttpController {
  constructor(@Inject(PeriodFiguresService) private readonly figures: PeriodFiguresService) {}

  @Put(`${LICENSING_BASE}/:agencyId/:period`)
  @ApiOperation({ summary: 'Declare the number of 行政许可 decisions of a period (replaces an earlier declaration)' })
  @ApiParam({ name: 'agencyId' })
  @ApiParam({ name: 'period', description: 'YYYY, YYYY-Qn or YYYY-MM' })
  @ApiHeader(ifMatch)
  @ApiBody({ schema: zodOpenApi(decisionsBody) })
  declareDecisions(
    @Param('agencyId') agencyId: string,
    @Param('period') period: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    const b = parseWith(decisionsBody, req.body);
    return this.declare(LICENSING, agencyId, period, b.count, req, res);
  }

  @Put(`${FEES_BASE}/:agencyId/:period`)
  @ApiOperation({ summary: 'Declare the 行政事业性收费 collected in a period (replaces an earlier declaration)' })
  @ApiParam({ name: 'agencyId' })
  @ApiParam({ name: 'period', description: 'YYYY, YYYY-Qn or YYYY-MM' })
  @ApiHeader(ifMatch)
  @ApiBody({ schema: zodOpenApi(feesBody) })
  declareFees(
    @Param('agencyId') agencyId: string,
    @Param('period') period: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    const b = parseWith(feesBody, req.body);
    return this.declare(ADMINISTRATIVE_FEES, agencyId, period, b.amountFen, req, res);
  }

  @Get(`${LICENSING_BASE}/:agencyId/:year`)
  @ApiOperation({ summary: "A year's declared 行政许可 counts: its periods and total (本年处理决定数量)" })
  @ApiParam({ name: 'agencyId' })
  @ApiParam({ name: 'year' })
  getDecisions(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.get(LICENSING, agencyId, year, req, res);
  }

  @Get(`${FEES_BASE}/:agencyId/:year`)
  @ApiOperation({ summary: "A year's declared 行政事业性收费: its periods and total (fen)" })
  @ApiParam({ name: 'agencyId' })
  @ApiParam({ name: 'year' })
  getFees(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.get(ADMINISTRATIVE_FEES, agencyId, year, req, res);
  }

  @Get(`${LICENSING_BASE}/:agencyId/:year/history`)
  @ApiOperation({ summary: 'Every declaration of a year, corrections included' })
  decisionsHistory(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
  ): Promise<EventEnvelope[]> {
    return this.figures.history(LICENSING, readableAgency(req, agencyId), parseWith(yearParam, year, 'year'));
  }

  @Get(`${FEES_BASE}/:agencyId/:year/history`)
  @ApiOperation({ summary: 'Every declaration of a year, corrections included' })
  feesHistory(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
  ): Promise<EventEnvelope[]> {
    return this.figures.history(ADMINISTRATIVE_FEES, readableAgency(req, agencyId), parseWith(yearParam, year, 'year'));
  }

  @Get(LICENSING_BASE)
  @ApiOperation({ summary: 'Declared 行政许可 counts by agency and year' })
  @ApiQuery({ name: 'query', required: false, schema: zodOpenApi(listQuery), style: 'form', explode: true })
  listDecisions(@Query(new ZodValidationPipe(listQuery)) q: z.output<typeof listQuery>, @Req() req: HttpRequest) {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return this.figures.find(LICENSING, scope.agencyId, scope.withSubordinates, q.year);
  }

  @Get(FEES_BASE)
  @ApiOperation({ summary: 'Declared 行政事业性收费 by agency and year' })
  @ApiQuery({ name: 'query', required: false, schema: zodOpenApi(listQuery), style: 'form', explode: true })
  listFees(@Query(new ZodValidationPipe(listQuery)) q: z.output<typeof listQuery>, @Req() req: HttpRequest) {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return this.figures.find(ADMINISTRATIVE_FEES, scope.agencyId, scope.withSubordinates, q.year);
  }

  private async declare(
    kind: FigureKind,
    agencyId: string,
    period: string,
    value: number,
    req: HttpRequest,
    res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    const agency = parseWith(agencyParam, agencyId, 'agencyId');
    requireOwnAgency(principalOf(req), agency);
    const p = parseWith(periodParam, period, 'period');
    const view = await this.figures.declare(kind, agency, p, value, commandContext(req), {
      expectedVersion: ifMatchVersion(req.header('if-match')),
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash({ op: `${kind.measure}:${agency}:${p}`, value }),
    });
    setVersionHeaders(res, view.version);
    return view;
  }

  private async get(
    kind: FigureKind,
    agencyId: string,
    year: string,
    req: HttpRequest,
    res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    const view = await this.figures.get(kind, readableAgency(req, agencyId), parseWith(yearParam, year, 'year'));
    setVersionHeaders(res, view.version);
    return view;
  }
}
