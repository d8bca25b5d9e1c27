// HTTP: administrative reconsiderations (行政复议) and lawsuits (行政诉讼) against acts of an agency.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { actingFor, agencyWhere, principalOf, requireOwnAgency, requireReadable, Roles } from '#auth';
import { DomainError } from '#event-sourcing';
import {
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
import { ActConfirmationProcess } from '../application/act-confirmation.process.js';
import { dateRange, legalToday } from '#contracts/legal-time';
import { AppealsService, type AppealView, type ChangeInput, type FileInput } from '../application/appeals.service.js';
import { KnownActs } from '../application/known-acts.js';
import {
  correctActBody,
  decideBody,
  extendBody,
  lawsuitBody,
  listAppealsQuery,
  reconsiderationBody,
} from './appeal.dtos.js';

const IF_MATCH = { name: 'If-Match', required: false, description: 'the ETag (version) the change is based on' };
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'a retry returns the first result' };
/**
 * The day the examples of the API document are dated: the day the service started. Dates may not lie
 * ahead of today, and a deadline may be extended only before it passes (60 days from acceptance,
 * judged on today), so an appeal dated on a fixed day would stop being one a reader can file and
 * extend as shown.
 */
const exampleDay = legalToday(Date.now());

@ApiTags('appeals')
@Controller('appeals')
export class AppealsHttpController {
  constructor(
    @Inject(AppealsService) private readonly appeals: AppealsService,
    @Inject(KnownActs) private readonly acts: KnownActs,
    @Inject(ActConfirmationProcess) private readonly confirmation: ActConfirmationProcess,
  ) {}

  @Post('reconsiderations')
  @HttpCode(201)
  @ApiOperation({
    summary: 'File an administrative reconsideration (行政复议) against an act',
    description:
      'An act this service has not seen yet is accepted as pending confirmation (actStatus pending) and ' +
      'confirmed when it arrives; a late filing is recorded (filedInTime false), never refused.',
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiBody({
    schema: zodOpenApi(reconsiderationBody, {
      agencyId: 'zhuzhou-city',
      act: { kind: 'disclosure-request', ref: '0190b1a0-0000-7000-8000-000000000001' },
      knownOn: exampleDay,
      filedOn: exampleDay,
    }),
  })
  async fileReconsideration(
    @Body(new ZodValidationPipe(reconsiderationBody)) body: z.output<typeof reconsiderationBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<AppealView> {
    return this.file({ type: 'FileReconsideration', ...body }, body, req, res);
  }

  @Post('lawsuits')
  @HttpCode(201)
  @ApiOperation({ summary: 'File an administrative lawsuit (行政诉讼), direct or after a reconsideration' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiBody({
    schema: zodOpenApi(lawsuitBody, {
      route: 'direct',
      agencyId: 'zhuzhou-city',
      act: { kind: 'disclosure-request', ref: '0190b1a0-0000-7000-8000-000000000001' },
      knownOn: exampleDay,
      filedOn: exampleDay,
    }),
  })
  async fileLawsuit(
    @Body(new ZodValidationPipe(lawsuitBody)) body: z.output<typeof lawsuitBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<AppealView> {
    const input: FileInput =
      body.route === 'direct'
        ? {
            type: 'FileDirectLawsuit',
            agencyId: body.agencyId,
            act: body.act,
            knownOn: body.knownOn,
            filedOn: body.filedOn,
            ...(body.acceptedOn ? { acceptedOn: body.acceptedOn } : {}),
          }
        : {
            type: 'FileLawsuitAfterReconsideration',
            reconsiderationId: body.reconsiderationId,
            filedOn: body.filedOn,
            ...(body.acceptedOn ? { acceptedOn: body.acceptedOn } : {}),
          };
    return this.file(input, body, req, res);
  }

  @Post('appeals/:id/deadline-extension')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Extend a reconsideration decision deadline (once, by at most 30 days); supervisors only (approval)',
  })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: zodOpenApi(extendBody, { days: 30 }) })
  extend(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.change(id, { type: 'ExtendDecisionDeadline', ...parseWith(extendBody, body) }, req, res);
  }

  @Post('appeals/:id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the decision or judgment: 维持, 纠正 or 其他结果' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: zodOpenApi(decideBody, { decidedOn: exampleDay, result: 'upheld' }) })
  decide(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.change(id, { type: 'DecideAppeal', ...parseWith(decideBody, body) }, req, res);
  }

  @Post('appeals/:id/act-reference')
  @HttpCode(200)
  @ApiOperation({ summary: 'Correct the contested act (and agency) of an appeal, e.g. one flagged as overdue' })
  @ApiHeader(IF_MATCH)
  @ApiBody({
    schema: zodOpenApi(correctActBody, {
      agencyId: 'zhuzhou-city',
      act: { kind: 'disclosure-request', ref: '0190b1a0-0000-7000-8000-000000000002' },
    }),
  })
  correct(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    return this.change(id, { type: 'CorrectActReference', ...parseWith(correctActBody, body) }, req, res);
  }

  @Get('known-acts/:ref')
  @ApiOperation({ summary: 'Whether an act (request or case id) has been seen on its topic, and its agency' })
  async knownAct(
    @Param('ref') ref: string,
    @Req() req: HttpRequest,
  ): Promise<{ ref: string; kind: string; agencyId: string }> {
    const known = await this.acts.lookup(ref);
    if (!known) throw new DomainError('act.unknown', `act ${ref} has not been seen yet`, { kind: 'not-found' });
    requireReadable(principalOf(req), known.agencyId);
    return { ref, ...known };
  }

  @Get('appeals/:id')
  @ApiOperation({ summary: 'An appeal at its current version' })
  async get(
    @Param('id') id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<AppealView> {
    const view = await this.appeals.get(id);
    requireReadable(principalOf(req), view.agencyId);
    setVersionHeaders(res, view.version);
    return view;
  }

  @Get('appeals')
  @ApiOperation({ summary: 'List appeals, newest filing first, filtered and paged' })
  @ApiZodQuery(listAppealsQuery)
  async list(@Query() query: unknown, @Req() req: HttpRequest): Promise<Page<AppealView>> {
    const q = parseWith(listAppealsQuery, query);
    const filedOn = dateRange(q.from, q.to);
    const where = {
      ...agencyWhere(req, q),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.actStatus ? { actStatus: q.actStatus } : {}),
      ...(q.actOverdue ? { actOverdue: q.actOverdue === 'true' } : {}),
      ...(q.actRef ? { actRef: q.actRef } : {}),
      ...(filedOn ? { filedOn } : {}),
    };
    const found = await this.appeals.list(where, toSkip(q).skip, toSkip(q).limit);
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }

  private async file(input: FileInput, body: unknown, req: HttpRequest, res: ResponseLike): Promise<AppealView> {
    // A suit after reconsideration is against the reconsideration's agency.
    const agencyId =
      input.type === 'FileLawsuitAfterReconsideration'
        ? (await this.appeals.get(input.reconsiderationId).catch(() => undefined))?.agencyId
        : input.agencyId;
    if (agencyId !== undefined) requireOwnAgency(principalOf(req), agencyId);
    const ctx = commandContext(req);
    const filed = await this.appeals.file(input, ctx, {
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash(body),
    });
    const view = await this.confirmation.afterCommand(filed, ctx);
    setVersionHeaders(res, view.version, `/appeals/appeals/${view.id}`);
    return view;
  }

  private async change(id: string, input: ChangeInput, req: HttpRequest, res: ResponseLike): Promise<AppealView> {
    // A correction may move the appeal to another agency: the caller must act for that one too.
    if (input.type === 'CorrectActReference') requireOwnAgency(principalOf(req), input.agencyId);
    const ctx = commandContext(req);
    const changed = await this.appeals.change(id, input, ctx, {
      ...changeOptions(req, input.type),
      mayActFor: actingFor(req),
    });
    const view = input.type === 'CorrectActReference' ? await this.confirmation.afterCommand(changed, ctx) : changed;
    setVersionHeaders(res, view.version);
    return view;
  }
}
