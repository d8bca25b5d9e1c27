// HTTP: receive a disclosure request, work it through to its one outcome, read it, list it.
// Who may: clerks and supervisors record and change their own agency's requests (an extension needs
// a supervisor: the law wants it approved); they and auditors read their agency's and, for the city,
// its counties' (the roll-up). The guard checks the role; each handler checks the case's agency.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { type EventEnvelope } from '#contracts';
import { type Outcome } from '#contracts/applications';
import {
  actingFor,
  Roles,
  principalOf,
  requireOwnAgency,
  requireReadable,
  scopeAgencyFilter,
  type Principal,
} from '#auth';
import {
  commandContext,
  type HttpRequest,
  idempotencyKey,
  changeOptions,
  type Page,
  parseWith,
  requestHash,
  type ResponseLike,
  setVersionHeaders,
  toSkip,
  zodOpenApi,
  ZodValidationPipe,
  agencyOfHistory,
  ApiZodQuery,
} from '#http';
import { legalToday } from '#contracts/legal-time';
import { type DisclosureRequestDetail, type DisclosureRequestView } from '../application/disclosure-request.stream.js';
import {
  DisclosureRequestsService,
  type ChangeCommand,
  type CommandAnswer,
  type DeadlineSummary,
} from '../application/disclosure-requests.service.js';
import {
  consultBody,
  consultationOpinionBody,
  deadlineSummaryQuery,
  extendBody,
  lapseFeeBody,
  listRequestsQuery,
  noticeFeeBody,
  payFeeBody,
  receiveClarificationBody,
  receiveRequestBody,
  replyBody,
  requestClarificationBody,
  requestIdParam,
  withdrawBody,
} from './disclosure-request.dtos.js';

const BASE = 'applications/disclosure-requests';

const ifMatchHeader = {
  name: 'If-Match',
  required: false,
  description: 'the ETag (version) the change is based on: 409 if the request changed since',
};
const idempotencyHeader = {
  name: 'Idempotency-Key',
  required: false,
  description: 'a retry with the same key returns the first result and records nothing new',
};

@ApiTags('disclosure requests (依申请公开)')
@Controller()
export class DisclosureRequestsHttpController {
  constructor(@Inject(DisclosureRequestsService) private readonly requests: DisclosureRequestsService) {}

  @Post(BASE)
  @HttpCode(201)
  @Roles('clerk', 'supervisor')
  @ApiOperation({ summary: 'Receive a request for government information' })
  @ApiHeader(idempotencyHeader)
  @ApiBody({
    schema: zodOpenApi(receiveRequestBody, {
      agencyId: 'zhuzhou-city',
      receiptDate: '2024-03-04',
      channel: 'online',
      applicantType: 'natural-person',
      informationRequested: '2023年度本市建设用地供应计划',
      applicant: { name: '张三', phone: '13800000000' },
    }),
  })
  @ApiResponse({ status: 201, description: 'received; ETag is the request version, Location its URL' })
  async receive(
    @Body(new ZodValidationPipe(receiveRequestBody)) body: z.output<typeof receiveRequestBody>,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<CommandAnswer> {
    const caller = principalOf(req);
    requireOwnAgency(caller, body.agencyId);
    if (body.applicantRef !== undefined) await this.requireApplicantOfOwnAgency(caller, body.applicantRef);
    // The personal data is left out of the hash kept with the commit.
    const { applicant: _personal, ...hashed } = body;
    const view = await this.requests.receive(body, commandContext(req), {
      idempotencyKey: idempotencyKey(req.header('idempotency-key')),
      requestHash: requestHash({ op: 'receive', ...hashed, applicant: body.applicant !== undefined }),
    });
    setVersionHeaders(res, view.version, `/${BASE}/${view.id}`);
    return view;
  }

  @Post(`${BASE}/:id/clarification-request`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the applicant, in one notice, to clarify the request (补正); the clock stops' })
  @ApiParam({ name: 'id' })
  @ApiHeader(ifMatchHeader)
  @ApiBody({ schema: zodOpenApi(requestClarificationBody, { requestedOn: '2024-03-05', dueOn: '2024-03-19' }) })
  requestClarification(
    @Param('id') id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    const b = parseWith(requestClarificationBody, req.body);
    return this.change(id, { type: 'RequestClarification', ...b }, 'clarification-request', req, res);
  }

  @Post(`${BASE}/:id/clarification`)
  @HttpCode(200)
  @ApiOperation({ summary: 'The clarified request arrived; the time limit runs afresh from that day' })
  @ApiParam({ name: 'id' })
  @ApiHeader(ifMatchHeader)
  @ApiBody({ schema: zodOpenApi(receiveClarificationBody, { receivedOn: '2024-03-11' }) })
  receiveClarification(
    @Param('id') id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ) {
    const b = parseWith(receiveClarificationBody, req.body);
    return this.change(id, { type: 'ReceiveClarification', ...b }, 'clarification', req, res);
  }

  @Post(`${BASE}/:id/consultations`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Consult a third party or another agency; the clock pauses until the opinion' })
  @ApiParam({ name: 'id' })
  @ApiHeader(ifMatchHeader)
  @ApiBody({ schema: zodOpenApi(consultBody, { consultedOn: '2024-03-12', consultee: 'third-party' }) })
  consult(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike) {
    const b = parseWith(consultBody, req.body);
    return this.change(id, { type: 'ConsultThirdParty', ...b }, 'consultation', req, res);
  }

  @Post(`${BASE}/:id/consultation-opinion`)
  @HttpCode(200)
  @ApiOperation({ summary: 'The consulted party answered; the clock runs again' })
  @ApiParam({ name: 'id' })
  @ApiHeader(ifMatchHeader)
  @ApiBody({ schema: zodOpenApi(consultationOpinionBody, { receivedOn: '2024-03-19' }) })
  receiveOpinion(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike) {
    const b = parseWith(consultationOpinionBody, req.body);
    return this.change(id, { type: 'ReceiveConsultationOpinion', ...b }, 'consultation-opinion', req, res);
  }

  @Post(`${BASE}/:id/extension`)
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Extend the time limit, once, with a reason (at most 15 / 20 working days); supervisors only (approval)',
  })
  @ApiParam({ name: 'id' })
  @ApiHeader(ifMatchHeader)
  @ApiBody({
    schema: zodOpenApi(extendBody, { extendedOn: '2024-03-25', workingDays: 20, reason: '需要调取多年度档案' }),
  })
  extend(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike) {
    const b = parseWith(extendBody, req.body);
    return this.change(id, { type: 'ExtendDeadline', ...b }, 'extension', req, res);
  }

  @Post(`${BASE}/:id/fee-notice`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a fee notice (amount in fen)' })
  @ApiParam({ name: 'id' })
  @ApiHeader(ifMatchHeader)
  @ApiBody({ schema: zodOpenApi(noticeFeeBody, { noticedOn: '2024-03-26', amountFen: 5000 }) })
  noticeFee(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike) {
    const b = parseWith(noticeFeeBody, req.body);
    return this.change(id, { type: 'NoticeFee', ...b }, 'fee-notice', req, res);
  }

  @Post(`${BASE}/:id/fee-payment`)
  @HttpCode(200)
  @ApiOperation({ summary: 'The applicant paid the noticed fee' })
  @ApiParam({ name: 'id' })
  @ApiHeader(ifMatchHeader)
  @ApiBody({ schema: zodOpenApi(payFeeBody, { paidOn: '2024-03-28' }) })
  payFee(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike) {
    const b = parseWith(payFeeBody, req.body);
    return this.change(id, { type: 'PayFee', ...b }, 'fee-payment', req, res);
  }

  @Post(`${BASE}/:id/fee-lapse`)
  @HttpCode(200)
  @ApiOperation({
    summary: 'The fee notice lapsed unpaid after 20 working days: the request concludes as 其他处理 · 逾期未缴费',
  })
  @ApiParam({ name: 'id' })
  @ApiHeader(ifMatchHeader)
  @ApiBody({ schema: zodOpenApi(lapseFeeBody, { lapsedOn: '2024-05-10' }) })
  lapseFee(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike) {
    const b = parseWith(lapseFeeBody, req.body);
    return this.change(id, { type: 'LapseFeeNotice', ...b }, 'fee-lapse', req, res);
  }

  @Post(`${BASE}/:id/reply`)
  @HttpCode(200)
  @ApiOperation({ summary: 'Reply with exactly one outcome of the national tree (its 2008-era name follows)' })
  @ApiParam({ name: 'id' })
  @ApiHeader(ifMatchHeader)
  @ApiBody({
    schema: zodOpenApi(replyBody, {
      repliedOn: '2024-04-08',
      outcome: { category: 'withheld', reason: 'third-party-rights', thirdPartyInterest: 'trade-secret' },
    }),
  })
  reply(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike) {
    const b = parseWith(replyBody, req.body);
    return this.change(id, { type: 'Reply', repliedOn: b.repliedOn, outcome: b.outcome as Outcome }, 'reply', req, res);
  }

  @Post(`${BASE}/:id/withdrawal`)
  @HttpCode(200)
  @ApiOperation({ summary: 'The applicant withdrew the request (counts under 其他处理 · 其他)' })
  @ApiParam({ name: 'id' })
  @ApiHeader(ifMatchHeader)
  @ApiBody({ schema: zodOpenApi(withdrawBody, { withdrawnOn: '2024-03-06' }) })
  withdraw(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike) {
    const b = parseWith(withdrawBody, req.body);
    return this.change(id, { type: 'Withdraw', ...b }, 'withdrawal', req, res);
  }

  @Get(`${BASE}/:id`)
  @ApiOperation({ summary: 'A request at its current version, with its live deadline and every step' })
  @ApiParam({ name: 'id' })
  async get(
    @Param('id') id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ResponseLike,
  ): Promise<DisclosureRequestDetail> {
    const detail = await this.requests.get(parseWith(requestIdParam, id, 'id'));
    requireReadable(principalOf(req), detail.agencyId);
    setVersionHeaders(res, detail.version);
    return detail;
  }

  @Get(`${BASE}/:id/history`)
  @ApiOperation({ summary: 'The events of a request, as published on applications.events' })
  @ApiParam({ name: 'id' })
  async history(@Param('id') id: string, @Req() req: HttpRequest): Promise<EventEnvelope[]> {
    const events = await this.requests.history(parseWith(requestIdParam, id, 'id'));
    requireReadable(principalOf(req), agencyOfHistory(id, events));
    return events;
  }

  @Get(BASE)
  @ApiOperation({
    summary:
      'List requests: by agency, status, receipt or conclusion dates, overdue or due soon, words of what is asked for (q); paged',
  })
  @ApiZodQuery(listRequestsQuery)
  async list(
    @Query(new ZodValidationPipe(listRequestsQuery)) q: z.output<typeof listRequestsQuery>,
    @Req() req: HttpRequest,
  ): Promise<Page<DisclosureRequestView>> {
    const found = await this.requests.list({
      ...q,
      ...scopeAgencyFilter(principalOf(req), q),
      asOf: q.asOf ?? legalToday(commandContext(req).now),
      ...toSkip(q),
    });
    return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
  }

  @Get('applications/deadlines')
  @ApiOperation({ summary: 'Open, paused, due-soon and overdue request counts of an agency (or all)' })
  @ApiZodQuery(deadlineSummaryQuery)
  deadlines(
    @Query(new ZodValidationPipe(deadlineSummaryQuery)) q: z.output<typeof deadlineSummaryQuery>,
    @Req() req: HttpRequest,
  ): Promise<DeadlineSummary> {
    const scope = scopeAgencyFilter(principalOf(req), q);
    return this.requests.deadlineSummary(
      scope.agencyId,
      scope.withSubordinates,
      q.asOf ?? legalToday(commandContext(req).now),
      q.dueSoonWorkingDays,
    );
  }

  private async change(
    id: string,
    command: ChangeCommand,
    op: string,
    req: HttpRequest,
    res: ResponseLike,
  ): Promise<CommandAnswer> {
    const requestId = parseWith(requestIdParam, id, 'id');
    const view = await this.requests.change(requestId, command, commandContext(req), {
      ...changeOptions(req, op),
      mayActFor: actingFor(req),
    });
    setVersionHeaders(res, view.version);
    return view;
  }

  /** An applicant on file may be named again only by the agency that holds one of their requests. */
  private async requireApplicantOfOwnAgency(caller: Principal, applicantRef: string): Promise<void> {
    const agencies = await this.requests.agenciesOfApplicant(applicantRef);
    const holder = agencies.find((a) => a === caller.agencyId) ?? agencies[0];
    // None: the reference is unknown, which the service answers for (applicant.unknown).
    if (holder === undefined) return;
    requireOwnAgency(caller, holder);
  }
}
