// HTTP: administrative reconsiderations (行政复议) and lawsuits (行政诉讼) against acts of an agency.
import { Body, Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { principalOf, requireOwnAgency, requireReadable } from '#auth';
import { DomainError, type CommandContext, type CommandOptions } from '#event-sourcing';
import {
  CaseReadRoute,
  ChangeRoutes,
  CreateRoute,
  changeRoute,
  createCase,
  listPage,
  listQueryOf,
  readCase,
  type CaseChanges,
} from '#event-sourcing/http';
import { type HttpRequest, type ResponseLike, ZodValidationPipe, ApiZodQuery } from '#http';
import { legalToday } from '#contracts/legal-time';
import { ActConfirmationProcess } from '../application/act-confirmation.process.js';
import { AppealsService, type AppealView, type ChangeInput, type FileInput } from '../application/appeals.service.js';
import { KnownActs } from '../application/known-acts.js';
import {
  appealFilters,
  appealsWhere,
  correctActBody,
  decideBody,
  extendBody,
  lawsuitBody,
  reconsiderationBody,
} from './appeal.dtos.js';

const IDEMPOTENCY_KEY = 'a retry returns the first result';
/**
 * The day the examples of the API document are dated: the day the service started. Dates may not lie
 * ahead of today, and a deadline may be extended only before it passes (60 days from acceptance,
 * judged on today), so an appeal dated on a fixed day would stop being one a reader can file and
 * extend as shown.
 */
const exampleDay = legalToday(Date.now());

/** An appeal's id in a path is looked up as given: an unknown one, well-formed or not, is a 404. */
const anyId = z.string();

const IF_MATCH = 'the ETag (version) the change is based on';

/** The commands on a filed appeal (op: the command, named in the request hash). */
const appealChanges: CaseChanges<ChangeInput> = {
  ifMatch: IF_MATCH,
  id: anyId,
  routes: [
    changeRoute({
      method: 'extend',
      path: 'appeals/:id/deadline-extension',
      op: 'ExtendDecisionDeadline',
      roles: ['supervisor'],
      summary: 'Extend a reconsideration decision deadline (once, by at most 30 days); supervisors only (approval)',
      body: extendBody,
      example: { days: 30 },
      command: (body): ChangeInput => ({ type: 'ExtendDecisionDeadline', ...body }),
    }),
    changeRoute({
      method: 'decide',
      path: 'appeals/:id/decision',
      op: 'DecideAppeal',
      summary: 'Record the decision or judgment: 维持, 纠正 or 其他结果',
      body: decideBody,
      example: { decidedOn: exampleDay, result: 'upheld' },
      command: (body): ChangeInput => ({ type: 'DecideAppeal', ...body }),
    }),
    changeRoute({
      method: 'correct',
      path: 'appeals/:id/act-reference',
      op: 'CorrectActReference',
      summary: 'Correct the contested act (and agency) of an appeal, e.g. one flagged as overdue',
      body: correctActBody,
      example: {
        agencyId: 'zhuzhou-city',
        act: { kind: 'disclosure-request', ref: '0190b1a0-0000-7000-8000-000000000002' },
      },
      command: (body): ChangeInput => ({ type: 'CorrectActReference', ...body }),
    }),
  ],
};

@ApiTags('appeals')
@Controller('appeals')
@ChangeRoutes(appealChanges, (controller: AppealsHttpController) => controller.change.bind(controller))
export class AppealsHttpController {
  constructor(
    @Inject(AppealsService) private readonly appeals: AppealsService,
    @Inject(KnownActs) private readonly acts: KnownActs,
    @Inject(ActConfirmationProcess) private readonly confirmation: ActConfirmationProcess,
  ) {}

  @CreateRoute('reconsiderations', {
    summary: 'File an administrative reconsideration (行政复议) against an act',
    description:
      'An act this service has not seen yet is accepted as pending confirmation (actStatus pending) and ' +
      'confirmed when it arrives; a late filing is recorded (filedInTime false), never refused.',
    idempotencyKey: IDEMPOTENCY_KEY,
    body: reconsiderationBody,
    example: {
      agencyId: 'zhuzhou-city',
      act: { kind: 'disclosure-request', ref: '0190b1a0-0000-7000-8000-000000000001' },
      knownOn: exampleDay,
      filedOn: exampleDay,
    },
  })
  async fileReconsideration(
    @Body(new ZodValidationPipe(reconsiderationBody)) body: z.output<typeof reconsiderationBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<AppealView> {
    return this.file({ type: 'FileReconsideration', ...body }, body, req, res);
  }

  @CreateRoute('lawsuits', {
    summary: 'File an administrative lawsuit (行政诉讼), direct or after a reconsideration',
    idempotencyKey: IDEMPOTENCY_KEY,
    body: lawsuitBody,
    example: {
      route: 'direct',
      agencyId: 'zhuzhou-city',
      act: { kind: 'disclosure-request', ref: '0190b1a0-0000-7000-8000-000000000001' },
      knownOn: exampleDay,
      filedOn: exampleDay,
    },
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

  @CaseReadRoute('appeals/:id', 'An appeal at its current version')
  get(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike) {
    return readCase(this.appeals.views, id, req, res, anyId);
  }

  @Get('appeals')
  @ApiOperation({ summary: 'List appeals, newest filing first, filtered and paged' })
  @ApiZodQuery(listQueryOf(appealFilters))
  list(@Query() query: unknown, @Req() req: HttpRequest) {
    return listPage(this.appeals.views, req, query, { query: appealFilters, where: appealsWhere }, { filedOn: -1 });
  }

  private async file(input: FileInput, body: unknown, req: HttpRequest, res: ResponseLike): Promise<AppealView> {
    // A suit after reconsideration is against the reconsideration's agency.
    const agencyId =
      input.type === 'FileLawsuitAfterReconsideration'
        ? (await this.appeals.views.get(input.reconsiderationId).catch(() => undefined))?.agencyId
        : input.agencyId;
    if (agencyId !== undefined) requireOwnAgency(principalOf(req), agencyId);
    return createCase(req, res, body, 'appeals/appeals', async (ctx, options) =>
      this.confirmation.afterCommand(await this.appeals.file(input, ctx, options), ctx),
    );
  }

  /** A declared command on an appeal; a correction of its act looks for the act again at once. */
  async change(id: string, input: ChangeInput, ctx: CommandContext, options: CommandOptions): Promise<AppealView> {
    // A correction may move the appeal to another agency: the caller must act for that one too.
    if (input.type === 'CorrectActReference') options.mayActFor?.(input.agencyId);
    const changed = await this.appeals.change(id, input, ctx, options);
    return input.type === 'CorrectActReference' ? this.confirmation.afterCommand(changed, ctx) : changed;
  }
}
