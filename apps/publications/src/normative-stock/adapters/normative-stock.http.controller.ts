// HTTP: the opening stock of normative documents in force, per agency and kind (rule 规章,
// normative-document 行政规范性文件), and its corrections after a stock-take.
//   PUT    publications/normative-stock/{agencyId}/{kind}               the opening stock { asOf, count }
//   POST   publications/normative-stock/{agencyId}/{kind}/corrections   { correctedOn, change, cause, reason }
//   GET    publications/normative-stock/{agencyId}/{kind}[/history]
//   DELETE publications/normative-stock/{agencyId}/{kind}/texts         erase the corrections' reasons
import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agencyIdSchema, type EventEnvelope } from '#contracts';
import { NORMATIVE_DOCUMENT_KINDS, NORMATIVE_STOCK_CORRECTION_CAUSES } from '#contracts/publications';
import { actingFor, principalOf, requireOwnAgency, requireReadable, Roles } from '#auth';
import {
  commandContext,
  type HttpRequest,
  idempotencyKey,
  ifMatchVersion,
  legalDate,
  parseWith,
  requestHash,
  type ResponseLike,
  setVersionHeaders,
  zodOpenApi,
} from '#http';
import { NormativeStockService, type NormativeStockView } from '../application/normative-stock.service.js';
import { normativeStockStreamId } from '../domain/normative-stock.js';

const BASE = 'publications/normative-stock/:agencyId/:kind';
const agencyParam = agencyIdSchema;
const kindParam = z.enum(NORMATIVE_DOCUMENT_KINDS);
const openingBody = z.strictObject({
  asOf: legalDate.describe('the day the documents in force were counted (in force at its end)'),
  count: z.number().int().min(0).max(100_000).describe('documents in force at the end of asOf'),
});
const correctionBody = z.strictObject({
  correctedOn: legalDate.describe('from when the correction applies (the stock-take)'),
  change: z.number().int().min(-100_000).max(100_000).describe('negative: expired or missing; positive: found'),
  cause: z.enum(NORMATIVE_STOCK_CORRECTION_CAUSES),
  reason: z.string().trim().min(1).max(500).describe('why (free text, kept apart from the events)'),
});
const ifMatch = { name: 'If-Match', required: false, description: 'the ETag (version) the change is based on' };

@ApiTags('normative documents (规章, 行政规范性文件)')
@Controller()
export class NormativeStockHttpController {
  constructor(@Inject(NormativeStockService) private readonly stock: NormativeStockService) {}

  private path(req: HttpRequest, agencyId: string, kind: string, write: boolean) {
    const agency = parseWith(agencyParam, agencyId, 'agencyId');
    const k = parseWith(kindParam, kind, 'kind');
    if (write) requireOwnAgency(principalOf(req), agency);
    else requireReadable(principalOf(req), agency);
    return { agency, kind: k };
  }

  private options(req: HttpRequest, op: string, body: unknown) {
    return {
      expectedVersion: ifMatchVersion(req.header('if-match')),
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash({ op, body }),
    };
  }

  @Put(BASE)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Declare the opening stock of documents in force as of a date (replaces an earlier one)' })
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({
    name: 'kind',
    description: 'rule 规章, normative-document 行政规范性文件',
    example: 'normative-document',
  })
  @ApiHeader(ifMatch)
  @ApiBody({ schema: zodOpenApi(openingBody, { asOf: '2023-12-31', count: 470 }) })
  async declareOpening(
    @Param('agencyId') agencyId: string,
    @Param('kind') kind: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<NormativeStockView> {
    const p = this.path(req, agencyId, kind, true);
    const body = parseWith(openingBody, req.body);
    const view = await this.stock.declareOpening(
      p.agency,
      p.kind,
      body.asOf,
      body.count,
      commandContext(req),
      this.options(req, `opening:${p.agency}:${p.kind}`, body),
    );
    setVersionHeaders(res, view.version);
    return view;
  }

  @Post(`${BASE}/corrections`)
  @HttpCode(200)
  @Roles('clerk', 'supervisor')
  @ApiOperation({ summary: 'Correct the stock after a stock-take: documents expired, missing, or found' })
  @ApiHeader(ifMatch)
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({
    name: 'kind',
    description: 'rule 规章, normative-document 行政规范性文件',
    example: 'normative-document',
  })
  @ApiBody({
    schema: zodOpenApi(correctionBody, {
      correctedOn: '2024-06-28',
      change: -3,
      cause: 'expired',
      reason: '清理发现已失效',
    }),
  })
  async correct(
    @Param('agencyId') agencyId: string,
    @Param('kind') kind: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<NormativeStockView> {
    const p = this.path(req, agencyId, kind, true);
    const body = parseWith(correctionBody, req.body);
    const view = await this.stock.correct(
      p.agency,
      p.kind,
      body,
      commandContext(req),
      this.options(req, `correction:${p.agency}:${p.kind}`, body),
    );
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get(BASE)
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({
    name: 'kind',
    description: 'rule 规章, normative-document 行政规范性文件',
    example: 'normative-document',
  })
  @Roles('clerk', 'supervisor', 'auditor')
  @ApiOperation({ summary: 'The opening stock of a kind and its corrections' })
  async get(
    @Param('agencyId') agencyId: string,
    @Param('kind') kind: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<NormativeStockView> {
    const p = this.path(req, agencyId, kind, false);
    const view = await this.stock.get(p.agency, p.kind);
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get(`${BASE}/history`)
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({
    name: 'kind',
    description: 'rule 规章, normative-document 行政规范性文件',
    example: 'normative-document',
  })
  @Roles('clerk', 'supervisor', 'auditor')
  @ApiOperation({ summary: 'Every declaration and correction of the stock (without their free text)' })
  history(
    @Param('agencyId') agencyId: string,
    @Param('kind') kind: string,
    @Req() req: HttpRequest,
  ): Promise<EventEnvelope[]> {
    const p = this.path(req, agencyId, kind, false);
    return this.stock.history(p.agency, p.kind);
  }

  @Delete(`${BASE}/texts`)
  @ApiParam({ name: 'agencyId', example: 'zhuzhou-city' })
  @ApiParam({
    name: 'kind',
    description: 'rule 规章, normative-document 行政规范性文件',
    example: 'normative-document',
  })
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Erase the reasons typed into the corrections (personal data by default); figures stay' })
  async eraseTexts(
    @Param('agencyId') agencyId: string,
    @Param('kind') kind: string,
    @Req() req: HttpRequest,
  ): Promise<NormativeStockView> {
    const p = this.path(req, agencyId, kind, true);
    const { correctionVersions: _, ...view } = await this.stock.cases.eraseTexts(
      normativeStockStreamId(p.kind, p.agency),
      commandContext(req),
      actingFor(req),
    );
    return view;
  }
}
