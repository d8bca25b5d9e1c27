// HTTP: violation cases (违法用地、采矿). Create with Idempotency-Key; every change takes If-Match and
// answers the new version as ETag.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { actingFor, agencyWhere, principalOf, requireOwnAgency, requireReadable, Roles } from '#auth';
import {
  CaseIdPipe,
  changeOptions,
  commandContext,
  type HttpRequest,
  idempotencyKey,
  type Page,
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
import {
  ViolationCasesService,
  type CaseCommandInput,
  type ViolationCaseView,
} from '../application/violation-cases.service.js';
import {
  closeBody,
  coerciveBody,
  discoverBody,
  fileBody,
  listCasesQuery,
  penaltyBody,
  stopBody,
} from './violation-case.dtos.js';

const IF_MATCH = { name: 'If-Match', required: false, description: 'the ETag (version) the change is based on' };

@ApiTags('violation cases')
@Controller('enforcement/violation-cases')
export class ViolationCasesHttpController {
  constructor(@Inject(ViolationCasesService) private readonly cases: ViolationCasesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a discovered violation (发现违法用地、采矿行为): opens a case' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({
    schema: zodOpenApi(discoverBody, {
      agencyId: 'zhuzhou-city',
      kind: 'land',
      source: 'patrol',
      discoveredOn: '2024-03-04',
      areaMu: 2.5,
    }),
  })
  async discover(
    @Body(new ZodValidationPipe(discoverBody)) body: z.output<typeof discoverBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<ViolationCaseView> {
    requireOwnAgency(principalOf(req), body.agencyId);
    const view = await this.cases.discover(body, commandContext(req), {
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash(body),
    });
    setVersionHeaders(res, view.version, `/enforcement/violation-cases/${view.id}`);
    return view;
  }

  @Post(':id/stop-on-site')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stopped on site (现场制止), before filing' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: zodOpenApi(stopBody, { stoppedOn: '2024-03-05' }) })
  stop(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.change(id, { type: 'StopOnSite', ...parseWith(stopBody, body) }, req, res);
  }

  @Post(':id/filing')
  @HttpCode(200)
  @ApiOperation({ summary: 'File the case for investigation (立案查处)' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: zodOpenApi(fileBody, { filedOn: '2024-03-11', caseNumber: '株国土资监〔2024〕12号' }) })
  file(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.change(id, { type: 'FileCase', ...parseWith(fileBody, body) }, req, res);
  }

  @Post(':id/penalty-decisions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an administrative penalty decision (行政处罚决定) on a filed case' })
  @ApiHeader(IF_MATCH)
  @ApiBody({
    schema: zodOpenApi(penaltyBody, {
      decidedOn: '2024-04-15',
      decisionNumber: '株国土资罚〔2024〕8号',
      penalties: ['fine', 'restore-land'],
      fineYuan: 50000,
    }),
  })
  penalty(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.change(id, { type: 'DecidePenalty', ...parseWith(penaltyBody, body) }, req, res);
  }

  @Post(':id/coercive-measures')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a coercive measure or enforcement (行政强制) on a filed case' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: zodOpenApi(coerciveBody, { decidedOn: '2024-05-06', measure: 'sealing' }) })
  coercive(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.change(id, { type: 'TakeCoerciveMeasure', ...parseWith(coerciveBody, body) }, req, res);
  }

  @Post(':id/closure')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a filed case (结案)' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: zodOpenApi(closeBody, { closedOn: '2024-06-03' }) })
  close(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.change(id, { type: 'CloseCase', ...parseWith(closeBody, body) }, req, res);
  }

  @Delete(':id/texts')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Erase the free text typed into a violation case (case and decision numbers) (personal data by default); the case and its figures stay',
  })
  async eraseTexts(@Param('id', CaseIdPipe) id: string, @Req() req: HttpRequest): Promise<ViolationCaseView> {
    return this.cases.eraseTexts(id, commandContext(req), actingFor(req));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A violation case at its current version' })
  async get(
    @Param('id', CaseIdPipe) id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<ViolationCaseView> {
    const view = await this.cases.get(id);
    requireReadable(principalOf(req), view.agencyId);
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'List violation cases, newest discovery first, filtered and paged' })
  @ApiZodQuery(listCasesQuery)
  async list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<ViolationCaseView>> {
    const q = parseWith(listCasesQuery, query);
    const discoveredOn = dateRange(q.from, q.to);
    const where = {
      ...agencyWhere(req, q),
      ...(q.level ? { level: q.level } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.source ? { source: q.source } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(discoveredOn ? { discoveredOn } : {}),
    };
    const found = await this.cases.list(where, toSkip(q).skip, toSkip(q).limit);
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }

  private async change(
    id: string,
    command: CaseCommandInput,
    req: HttpRequest,
    res: ResponseLike,
  ): Promise<ViolationCaseView> {
    const view = await this.cases.change(id, command, commandContext(req), {
      ...changeOptions(req, command.type),
      mayActFor: actingFor(req),
    });
    setVersionHeaders(res, view.version);
    return view;
  }
}
