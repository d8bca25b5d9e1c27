// HTTP: figures declared per period — 行政许可 / 行政处罚 / 行政强制 decision counts and 行政事业性收费
// amounts. PUT a period's value: declaring it again replaces it (a correction), never adds to it.
// The three decision counts share one route shape, `publications/{licensing|penalty|coercion}-decisions/
// {agencyId}/{period}`, and `…/{agencyId}/{year}/counted-from` chooses where the year's count comes from.
import { Controller, Get, Inject, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
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
  ApiZodQuery,
} from '#http';
import { principalOf, requireOwnAgency, requireReadable, Roles, scopeAgencyFilter } from '#auth';
import { DECISION_COUNT_SOURCES } from '#contracts/publications';
import {
  ADMINISTRATIVE_FEES,
  COERCIONS,
  LICENSING,
  PENALTIES,
  PeriodFiguresService,
  type PeriodFiguresView,
} from '../application/period-figures.service.js';
import { type FigureKind } from '../domain/period-figures.js';

const agencyParam = agencyIdSchema;
const periodParam = z.string().regex(PERIOD_PATTERN, 'must be YYYY, YYYY-Qn or YYYY-MM');
const yearParam = z.coerce.number().int().min(2000).max(2100);
/** Free text typed by the office: kept apart from the events (ADR 0008). */
const officeText = (what: string) => z.string().trim().min(1).max(500).optional().describe(what);
const decisionsBody = z.strictObject({
  count: z.number().int().describe('decisions made in the period'),
  source: officeText('the system or register the count was taken from (e.g. the approval system)'),
  note: officeText('a note on the count'),
});
const countedFromBody = z.strictObject({
  source: z
    .enum(DECISION_COUNT_SOURCES)
    .describe("declarations: the periods declared here; enforcement-cases: enforcement's decided cases"),
});
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
const PENALTY_BASE = 'publications/penalty-decisions';
const COERCION_BASE = 'publications/coercion-decisions';
const FEES_BASE = 'publications/fees-collected';
const ifMatch = {
  name: 'If-Match',
  required: false,
  description: 'the ETag (version) of the year the change is based on',
};

@ApiTags('declared figures (行政许可, 行政处罚, 行政强制, 行政事业性收费)')
@Controller()
export class PeriodFiguresHttpController {
  constructor(@Inject(PeriodFiguresService) private readonly figures: PeriodFiguresService) {}

  @Put(`${LICENSING_BASE}/:agencyId/:period`)
  @ApiOperation({ summary: 'Declare the number of 行政许可 decisions of a period (replaces an earlier declaration)' })
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({ name: 'period', description: 'YYYY, YYYY-Qn or YYYY-MM', example: '2024-Q1' })
  @ApiHeader(ifMatch)
  @ApiBody({ schema: zodOpenApi(decisionsBody, { count: 42 }) })
  declareDecisions(
    @Param('agencyId') agencyId: string,
    @Param('period') period: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    return this.declareDecisionCount(LICENSING, agencyId, period, req, res);
  }

  @Put(`${PENALTY_BASE}/:agencyId/:period`)
  @Roles('clerk', 'supervisor')
  @ApiOperation({ summary: 'Declare the number of 行政处罚 decisions of a period (replaces an earlier declaration)' })
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({ name: 'period', description: 'YYYY, YYYY-Qn or YYYY-MM', example: '2024-Q1' })
  @ApiHeader(ifMatch)
  @ApiBody({ schema: zodOpenApi(decisionsBody, { count: 17, source: '行政执法监督平台', note: '一季度' }) })
  declarePenalties(
    @Param('agencyId') agencyId: string,
    @Param('period') period: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    return this.declareDecisionCount(PENALTIES, agencyId, period, req, res);
  }

  @Put(`${COERCION_BASE}/:agencyId/:period`)
  @Roles('clerk', 'supervisor')
  @ApiOperation({ summary: 'Declare the number of 行政强制 decisions of a period (replaces an earlier declaration)' })
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({ name: 'period', description: 'YYYY, YYYY-Qn or YYYY-MM', example: '2024-Q1' })
  @ApiHeader(ifMatch)
  @ApiBody({ schema: zodOpenApi(decisionsBody, { count: 17, source: '行政执法监督平台', note: '一季度' }) })
  declareCoercions(
    @Param('agencyId') agencyId: string,
    @Param('period') period: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    return this.declareDecisionCount(COERCIONS, agencyId, period, req, res);
  }

  @Put(`${LICENSING_BASE}/:agencyId/:year/counted-from`)
  @Roles('supervisor')
  @ApiOperation({ summary: "Choose where a year's 行政许可 count comes from (declarations only)" })
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiBody({ schema: zodOpenApi(countedFromBody, { source: 'declarations' }) })
  licensingCountedFrom(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    return this.countedFrom(LICENSING, agencyId, year, req, res);
  }

  @Put(`${PENALTY_BASE}/:agencyId/:year/counted-from`)
  @Roles('supervisor')
  @ApiOperation({ summary: "Choose where a year's 行政处罚 count comes from: declarations or enforcement's cases" })
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiBody({ schema: zodOpenApi(countedFromBody, { source: 'enforcement-cases' }) })
  penaltiesCountedFrom(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    return this.countedFrom(PENALTIES, agencyId, year, req, res);
  }

  @Put(`${COERCION_BASE}/:agencyId/:year/counted-from`)
  @Roles('supervisor')
  @ApiOperation({ summary: "Choose where a year's 行政强制 count comes from: declarations or enforcement's cases" })
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({ name: 'year', example: 2024 })
  @ApiBody({ schema: zodOpenApi(countedFromBody, { source: 'enforcement-cases' }) })
  coercionsCountedFrom(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    return this.countedFrom(COERCIONS, agencyId, year, req, res);
  }

  @Put(`${FEES_BASE}/:agencyId/:period`)
  @ApiOperation({ summary: 'Declare the 行政事业性收费 collected in a period (replaces an earlier declaration)' })
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({ name: 'period', description: 'YYYY, YYYY-Qn or YYYY-MM', example: '2024-Q1' })
  @ApiHeader(ifMatch)
  @ApiBody({ schema: zodOpenApi(feesBody, { amountFen: 125000 }) })
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
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({ name: 'year', example: 2024 })
  getDecisions(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.get(LICENSING, agencyId, year, req, res);
  }

  @Get(`${PENALTY_BASE}/:agencyId/:year`)
  @Roles('clerk', 'supervisor', 'auditor')
  @ApiOperation({ summary: "A year's declared 行政处罚 counts: its periods, total and where the count comes from" })
  getPenalties(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.get(PENALTIES, agencyId, year, req, res);
  }

  @Get(`${COERCION_BASE}/:agencyId/:year`)
  @Roles('clerk', 'supervisor', 'auditor')
  @ApiOperation({ summary: "A year's declared 行政强制 counts: its periods, total and where the count comes from" })
  getCoercions(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.get(COERCIONS, agencyId, year, req, res);
  }

  @Get(`${FEES_BASE}/:agencyId/:year`)
  @ApiOperation({ summary: "A year's declared 行政事业性收费: its periods and total (fen)" })
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({ name: 'year', example: 2024 })
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

  @Get(`${PENALTY_BASE}/:agencyId/:year/history`)
  @Roles('clerk', 'supervisor', 'auditor')
  @ApiOperation({ summary: 'Every 行政处罚 declaration of a year, corrections and source choices included' })
  penaltiesHistory(@Param('agencyId') agencyId: string, @Param('year') year: string, @Req() req: HttpRequest) {
    return this.figures.history(PENALTIES, readableAgency(req, agencyId), parseWith(yearParam, year, 'year'));
  }

  @Get(`${COERCION_BASE}/:agencyId/:year/history`)
  @Roles('clerk', 'supervisor', 'auditor')
  @ApiOperation({ summary: 'Every 行政强制 declaration of a year, corrections and source choices included' })
  coercionsHistory(@Param('agencyId') agencyId: string, @Param('year') year: string, @Req() req: HttpRequest) {
    return this.figures.history(COERCIONS, readableAgency(req, agencyId), parseWith(yearParam, year, 'year'));
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
  @ApiZodQuery(listQuery)
  listDecisions(@Query(new ZodValidationPipe(listQuery)) q: z.output<typeof listQuery>, @Req() req: HttpRequest) {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return this.figures.find(LICENSING, scope.agencyId, scope.withSubordinates, q.year);
  }

  @Get(PENALTY_BASE)
  @Roles('clerk', 'supervisor', 'auditor')
  @ApiOperation({ summary: 'Declared 行政处罚 counts by agency and year' })
  @ApiZodQuery(listQuery)
  listPenalties(@Query(new ZodValidationPipe(listQuery)) q: z.output<typeof listQuery>, @Req() req: HttpRequest) {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return this.figures.find(PENALTIES, scope.agencyId, scope.withSubordinates, q.year);
  }

  @Get(COERCION_BASE)
  @Roles('clerk', 'supervisor', 'auditor')
  @ApiOperation({ summary: 'Declared 行政强制 counts by agency and year' })
  @ApiZodQuery(listQuery)
  listCoercions(@Query(new ZodValidationPipe(listQuery)) q: z.output<typeof listQuery>, @Req() req: HttpRequest) {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return this.figures.find(COERCIONS, scope.agencyId, scope.withSubordinates, q.year);
  }

  @Get(FEES_BASE)
  @ApiOperation({ summary: 'Declared 行政事业性收费 by agency and year' })
  @ApiZodQuery(listQuery)
  listFees(@Query(new ZodValidationPipe(listQuery)) q: z.output<typeof listQuery>, @Req() req: HttpRequest) {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return this.figures.find(ADMINISTRATIVE_FEES, scope.agencyId, scope.withSubordinates, q.year);
  }

  private declareDecisionCount(
    kind: FigureKind,
    agencyId: string,
    period: string,
    req: HttpRequest,
    res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    const { count, source, note } = parseWith(decisionsBody, req.body);
    const texts = { ...(source !== undefined ? { source } : {}), ...(note !== undefined ? { note } : {}) };
    return this.declare(kind, agencyId, period, count, req, res, texts);
  }

  private async declare(
    kind: FigureKind,
    agencyId: string,
    period: string,
    value: number,
    req: HttpRequest,
    res: ResponseLike,
    texts: { source?: string; note?: string } = {},
  ): Promise<PeriodFiguresView> {
    const agency = parseWith(agencyParam, agencyId, 'agencyId');
    requireOwnAgency(principalOf(req), agency);
    const p = parseWith(periodParam, period, 'period');
    const view = await this.figures.declare(
      kind,
      agency,
      p,
      value,
      commandContext(req),
      {
        expectedVersion: ifMatchVersion(req.header('if-match')),
        idempotencyKey: idempotencyKey(req.header('idempotency-key')),
        requestHash: requestHash({ op: `${kind.measure}:${kind.type}:${agency}:${p}`, value, ...texts }),
      },
      texts,
    );
    setVersionHeaders(res, view.version);
    return view;
  }

  private async countedFrom(
    kind: FigureKind,
    agencyId: string,
    year: string,
    req: HttpRequest,
    res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    const agency = parseWith(agencyParam, agencyId, 'agencyId');
    requireOwnAgency(principalOf(req), agency);
    const y = parseWith(yearParam, year, 'year');
    const { source } = parseWith(countedFromBody, req.body);
    if (kind.measure !== 'decisions') throw new Error('only decision counts have a source to choose');
    const view = await this.figures.chooseSource(kind.type, agency, y, source, commandContext(req), {
      expectedVersion: ifMatchVersion(req.header('if-match')),
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash({ op: `counted-from:${kind.type}:${agency}:${y}`, source }),
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
