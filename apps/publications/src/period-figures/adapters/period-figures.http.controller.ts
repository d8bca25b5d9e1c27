// HTTP: figures declared per period — 行政许可 / 行政处罚 / 行政强制 decision counts and 行政事业性收费
// amounts. PUT a period's value: declaring it again replaces it (a correction), never adds to it.
// The three decision counts share one route shape, `publications/{licensing|penalty|coercion}-decisions/
// {agencyId}/{period}`, and `…/{agencyId}/{year}/counted-from` chooses where the year's count comes from:
// one controller each, made by `decisionCountRoutes` from its declaration (decision-counts.ts).
import { applyDecorators, Controller, Get, Inject, Param, Put, Query, Req, Res, type Type } from '@nestjs/common';
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
import { principalOf, requireOwnAgency, requireReadable, Roles, scopeAgencyFilter, type Role } from '#auth';
import { DECISION_COUNT_SOURCES } from '#contracts/publications';
import {
  ADMINISTRATIVE_FEES,
  PeriodFiguresService,
  type PeriodFiguresView,
} from '../application/period-figures.service.js';
import { type FigureKind } from '../domain/period-figures.js';

const agencyParam = agencyIdSchema;
const periodParam = z.string().regex(PERIOD_PATTERN, 'must be YYYY, YYYY-Qn or YYYY-MM');
const yearParam = z.coerce.number().int().min(2000).max(2100);
/** Free text typed by the office: kept apart from the events (ADR 0008). */
const officeText = (what: string) => z.string().trim().min(1).max(500).optional().describe(what);
export const decisionsBody = z.strictObject({
  count: z.number().int().describe('decisions made in the period'),
  source: officeText('the system or register the count was taken from (e.g. the approval system)'),
  note: officeText('a note on the count'),
});
export const countedFromBody = z.strictObject({
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

const FEES_BASE = 'publications/fees-collected';
const ifMatch = {
  name: 'If-Match',
  required: false,
  description: 'the ETag (version) of the year the change is based on',
};
const agencyExample = { name: 'agencyId', example: 'zhuzhou-city' };
const periodExample = { name: 'period', description: 'YYYY, YYYY-Qn or YYYY-MM', example: '2024-Q1' };
const yearExample = { name: 'year', example: 2024 };

/** Declares the value of a period: the caller acts for the agency; If-Match, Idempotency-Key; ETag. */
async function declare(
  figures: PeriodFiguresService,
  kind: FigureKind,
  path: { agencyId: string; period: string },
  value: number,
  req: HttpRequest,
  res: ResponseLike,
  texts: { source?: string; note?: string } = {},
): Promise<PeriodFiguresView> {
  const agency = parseWith(agencyParam, path.agencyId, 'agencyId');
  requireOwnAgency(principalOf(req), agency);
  const p = parseWith(periodParam, path.period, 'period');
  const view = await figures.declare(
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

/** A year of one kind of figures, if the caller may read the agency's; its version as ETag. */
async function yearOf(
  figures: PeriodFiguresService,
  kind: FigureKind,
  agencyId: string,
  year: string,
  req: HttpRequest,
  res: ResponseLike,
): Promise<PeriodFiguresView> {
  const view = await figures.get(kind, readableAgency(req, agencyId), parseWith(yearParam, year, 'year'));
  setVersionHeaders(res, view.version);
  return view;
}

const historyOf = (figures: PeriodFiguresService, kind: FigureKind, agencyId: string, year: string, req: HttpRequest) =>
  figures.history(kind, readableAgency(req, agencyId), parseWith(yearParam, year, 'year'));

const listOf = (figures: PeriodFiguresService, kind: FigureKind, q: z.output<typeof listQuery>, req: HttpRequest) => {
  const scope = scopeAgencyFilter(principalOf(req), q);
  return figures.find(kind, scope.agencyId, scope.withSubordinates, q.year);
};

/** `@Roles(...)` when the route names roles, nothing (the service's default) when it does not. */
const rolesOf = (roles: readonly Role[] | undefined) => applyDecorators(...(roles ? [Roles(...roles)] : []));

/** What one kind of decision count (行政许可, 行政处罚, 行政强制) declares about its routes. */
export interface DecisionCountRoutes {
  /** The controller's class name (OpenAPI operation ids). */
  readonly name: string;
  readonly kind: FigureKind;
  /** `publications/<kind>-decisions`. */
  readonly base: string;
  /** Who may declare and who may read; undefined: the service's default. */
  readonly roles: { readonly declare?: readonly Role[]; readonly read?: readonly Role[] };
  /** Whether the year's read route documents its path parameters with examples. */
  readonly documentReadParams: boolean;
  readonly summaries: {
    readonly declare: string;
    readonly countedFrom: string;
    readonly get: string;
    readonly history: string;
    readonly list: string;
  };
  readonly examples: {
    readonly declare: z.input<typeof decisionsBody>;
    readonly countedFrom: z.input<typeof countedFromBody>;
  };
}

/** The routes of one kind of decision count: declare a period, choose the source, read, history, list. */
export function decisionCountRoutes(d: DecisionCountRoutes): Type {
  const { kind, summaries } = d;
  const readParams = applyDecorators(...(d.documentReadParams ? [ApiParam(agencyExample), ApiParam(yearExample)] : []));

  @ApiTags('declared figures (行政许可, 行政处罚, 行政强制, 行政事业性收费)')
  @Controller()
  class DecisionCountController {
    constructor(@Inject(PeriodFiguresService) readonly figures: PeriodFiguresService) {}

    @Put(`${d.base}/:agencyId/:period`)
    @rolesOf(d.roles.declare)
    @ApiOperation({ summary: summaries.declare })
    @ApiParam(agencyExample)
    @ApiParam(periodExample)
    @ApiHeader(ifMatch)
    @ApiBody({ schema: zodOpenApi(decisionsBody, d.examples.declare) })
    declare(
      @Param('agencyId') agencyId: string,
      @Param('period') period: string,
      @Req() req: HttpRequest,
      @Res({ passthrough: true }) res: ResponseLike,
    ): Promise<PeriodFiguresView> {
      const { count, source, note } = parseWith(decisionsBody, req.body);
      const texts = { ...(source !== undefined ? { source } : {}), ...(note !== undefined ? { note } : {}) };
      return declare(this.figures, kind, { agencyId, period }, count, req, res, texts);
    }

    @Put(`${d.base}/:agencyId/:year/counted-from`)
    @Roles('supervisor')
    @ApiOperation({ summary: summaries.countedFrom })
    @ApiParam(agencyExample)
    @ApiParam(yearExample)
    @ApiBody({ schema: zodOpenApi(countedFromBody, d.examples.countedFrom) })
    async countedFrom(
      @Param('agencyId') agencyId: string,
      @Param('year') year: string,
      @Req() req: HttpRequest,
      @Res({ passthrough: true }) res: ResponseLike,
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

    @Get(`${d.base}/:agencyId/:year`)
    @rolesOf(d.roles.read)
    @ApiOperation({ summary: summaries.get })
    @readParams
    get(
      @Param('agencyId') agencyId: string,
      @Param('year') year: string,
      @Req() req: HttpRequest,
      @Res({ passthrough: true }) res: ResponseLike,
    ): Promise<PeriodFiguresView> {
      return yearOf(this.figures, kind, agencyId, year, req, res);
    }

    @Get(`${d.base}/:agencyId/:year/history`)
    @rolesOf(d.roles.read)
    @ApiOperation({ summary: summaries.history })
    history(
      @Param('agencyId') agencyId: string,
      @Param('year') year: string,
      @Req() req: HttpRequest,
    ): Promise<EventEnvelope[]> {
      return historyOf(this.figures, kind, agencyId, year, req);
    }

    @Get(d.base)
    @rolesOf(d.roles.read)
    @ApiOperation({ summary: summaries.list })
    @ApiZodQuery(listQuery)
    list(@Query(new ZodValidationPipe(listQuery)) q: z.output<typeof listQuery>, @Req() req: HttpRequest) {
      return listOf(this.figures, kind, q, req);
    }
  }
  Object.defineProperty(DecisionCountController, 'name', { value: d.name });
  return DecisionCountController;
}

/** The 行政事业性收费 collected (fen), declared per period. */
@ApiTags('declared figures (行政许可, 行政处罚, 行政强制, 行政事业性收费)')
@Controller()
export class PeriodFiguresHttpController {
  constructor(@Inject(PeriodFiguresService) private readonly figures: PeriodFiguresService) {}

  @Put(`${FEES_BASE}/:agencyId/:period`)
  @ApiOperation({ summary: 'Declare the 行政事业性收费 collected in a period (replaces an earlier declaration)' })
  @ApiParam(agencyExample)
  @ApiParam(periodExample)
  @ApiHeader(ifMatch)
  @ApiBody({ schema: zodOpenApi(feesBody, { amountFen: 125000 }) })
  declareFees(
    @Param('agencyId') agencyId: string,
    @Param('period') period: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    const b = parseWith(feesBody, req.body);
    return declare(this.figures, ADMINISTRATIVE_FEES, { agencyId, period }, b.amountFen, req, res);
  }

  @Get(`${FEES_BASE}/:agencyId/:year`)
  @ApiOperation({ summary: "A year's declared 行政事业性收费: its periods and total (fen)" })
  @ApiParam(agencyExample)
  @ApiParam(yearExample)
  getFees(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<PeriodFiguresView> {
    return yearOf(this.figures, ADMINISTRATIVE_FEES, agencyId, year, req, res);
  }

  @Get(`${FEES_BASE}/:agencyId/:year/history`)
  @ApiOperation({ summary: 'Every declaration of a year, corrections included' })
  feesHistory(
    @Param('agencyId') agencyId: string,
    @Param('year') year: string,
    @Req() req: HttpRequest,
  ): Promise<EventEnvelope[]> {
    return historyOf(this.figures, ADMINISTRATIVE_FEES, agencyId, year, req);
  }

  @Get(FEES_BASE)
  @ApiOperation({ summary: 'Declared 行政事业性收费 by agency and year' })
  @ApiZodQuery(listQuery)
  listFees(@Query(new ZodValidationPipe(listQuery)) q: z.output<typeof listQuery>, @Req() req: HttpRequest) {
    return listOf(this.figures, ADMINISTRATIVE_FEES, q, req);
  }
}
