// HTTP: receive a disclosure request, work it through to its one outcome, read it, list it.
// Who may: clerks and supervisors record and change their own agency's requests (an extension needs
// a supervisor: the law wants it approved); they and auditors read their agency's and, for the city,
// its counties' (the roll-up). The guard checks the role; each handler checks the case's agency.
import { Body, Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { type Outcome } from '#contracts/applications';
import { legalToday } from '#contracts/legal-time';
import { principalOf, requireOwnAgency, scopeAgencyFilter, type Principal } from '#auth';
import {
  CaseReadRoute,
  caseHistory,
  ChangeRoutes,
  changeRoute,
  createCase,
  CreateRoute,
  readCase,
  type CaseChanges,
} from '#event-sourcing/http';
import {
  commandContext,
  type HttpRequest,
  type Page,
  type ResponseLike,
  toSkip,
  ZodValidationPipe,
  ApiZodQuery,
} from '#http';
import { type DisclosureRequestView } from '../application/disclosure-request.stream.js';
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

/**
 * The commands on a received request, worked through to its one outcome (op: the route, named in
 * the request hash). Each is a `POST <request>/<step>` answering the request as it now stands.
 */
const requestChanges: CaseChanges<ChangeCommand> = {
  ifMatch: 'the ETag (version) the change is based on: 409 if the request changed since',
  id: requestIdParam,
  routes: [
    changeRoute({
      method: 'requestClarification',
      path: `${BASE}/:id/clarification-request`,
      op: 'clarification-request',
      summary: 'Ask the applicant, in one notice, to clarify the request (补正); the clock stops',
      body: requestClarificationBody,
      example: { requestedOn: '2024-03-05', dueOn: '2024-03-19' },
      command: (b): ChangeCommand => ({ type: 'RequestClarification', ...b }),
    }),
    changeRoute({
      method: 'receiveClarification',
      path: `${BASE}/:id/clarification`,
      op: 'clarification',
      summary: 'The clarified request arrived; the time limit runs afresh from that day',
      body: receiveClarificationBody,
      example: { receivedOn: '2024-03-11' },
      command: (b): ChangeCommand => ({ type: 'ReceiveClarification', ...b }),
    }),
    changeRoute({
      method: 'consult',
      path: `${BASE}/:id/consultations`,
      op: 'consultation',
      summary: 'Consult a third party or another agency; the clock pauses until the opinion',
      body: consultBody,
      example: { consultedOn: '2024-03-12', consultee: 'third-party' },
      command: (b): ChangeCommand => ({ type: 'ConsultThirdParty', ...b }),
    }),
    changeRoute({
      method: 'receiveOpinion',
      path: `${BASE}/:id/consultation-opinion`,
      op: 'consultation-opinion',
      summary: 'The consulted party answered; the clock runs again',
      body: consultationOpinionBody,
      example: { receivedOn: '2024-03-19' },
      command: (b): ChangeCommand => ({ type: 'ReceiveConsultationOpinion', ...b }),
    }),
    changeRoute({
      method: 'extend',
      path: `${BASE}/:id/extension`,
      op: 'extension',
      // An extension needs a supervisor: the law wants it approved.
      roles: ['supervisor'],
      summary: 'Extend the time limit, once, with a reason (at most 15 / 20 working days); supervisors only (approval)',
      body: extendBody,
      example: { extendedOn: '2024-03-25', workingDays: 20, reason: '需要调取多年度档案' },
      command: (b): ChangeCommand => ({ type: 'ExtendDeadline', ...b }),
    }),
    changeRoute({
      method: 'noticeFee',
      path: `${BASE}/:id/fee-notice`,
      op: 'fee-notice',
      summary: 'Send a fee notice (amount in fen)',
      body: noticeFeeBody,
      example: { noticedOn: '2024-03-26', amountFen: 5000 },
      command: (b): ChangeCommand => ({ type: 'NoticeFee', ...b }),
    }),
    changeRoute({
      method: 'payFee',
      path: `${BASE}/:id/fee-payment`,
      op: 'fee-payment',
      summary: 'The applicant paid the noticed fee',
      body: payFeeBody,
      example: { paidOn: '2024-03-28' },
      command: (b): ChangeCommand => ({ type: 'PayFee', ...b }),
    }),
    changeRoute({
      method: 'lapseFee',
      path: `${BASE}/:id/fee-lapse`,
      op: 'fee-lapse',
      summary: 'The fee notice lapsed unpaid after 20 working days: the request concludes as 其他处理 · 逾期未缴费',
      body: lapseFeeBody,
      example: { lapsedOn: '2024-05-10' },
      command: (b): ChangeCommand => ({ type: 'LapseFeeNotice', ...b }),
    }),
    changeRoute({
      method: 'reply',
      path: `${BASE}/:id/reply`,
      op: 'reply',
      summary: 'Reply with exactly one outcome of the national tree (its 2008-era name follows)',
      body: replyBody,
      example: {
        repliedOn: '2024-04-08',
        outcome: { category: 'withheld', reason: 'third-party-rights', thirdPartyInterest: 'trade-secret' },
      },
      command: (b): ChangeCommand => ({ type: 'Reply', repliedOn: b.repliedOn, outcome: b.outcome as Outcome }),
    }),
    changeRoute({
      method: 'withdraw',
      path: `${BASE}/:id/withdrawal`,
      op: 'withdrawal',
      summary: 'The applicant withdrew the request (counts under 其他处理 · 其他)',
      body: withdrawBody,
      example: { withdrawnOn: '2024-03-06' },
      command: (b): ChangeCommand => ({ type: 'Withdraw', ...b }),
    }),
  ],
};

@ApiTags('disclosure requests (依申请公开)')
@Controller()
@ChangeRoutes(
  requestChanges,
  (controller: DisclosureRequestsHttpController) => (id, command, ctx, options) =>
    controller.requests.change(id, command, ctx, options),
)
export class DisclosureRequestsHttpController {
  constructor(@Inject(DisclosureRequestsService) readonly requests: DisclosureRequestsService) {}

  @CreateRoute(BASE, {
    summary: 'Receive a request for government information',
    roles: ['clerk', 'supervisor'],
    idempotencyKey: 'a retry with the same key returns the first result and records nothing new',
    body: receiveRequestBody,
    example: {
      agencyId: 'zhuzhou-city',
      receiptDate: '2024-03-04',
      channel: 'online',
      applicantType: 'natural-person',
      informationRequested: '2023年度本市建设用地供应计划',
      applicant: { name: '张三', phone: '13800000000' },
    },
    created: 'received; ETag is the request version, Location its URL',
  })
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
    const kept = { op: 'receive', ...hashed, applicant: body.applicant !== undefined };
    return createCase(req, res, kept, BASE, (ctx, options) => this.requests.receive(body, ctx, options));
  }

  @CaseReadRoute(`${BASE}/:id`, 'A request at its current version, with its live deadline and every step')
  get(@Param('id') id: string, @Req() req: HttpRequest, @Res({ passthrough: true }) res: ResponseLike) {
    return readCase(this.requests, id, req, res, requestIdParam);
  }

  @CaseReadRoute(`${BASE}/:id/history`, 'The events of a request, as published on applications.events')
  history(@Param('id') id: string, @Req() req: HttpRequest) {
    return caseHistory(this.requests, id, req, requestIdParam);
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

  /** An applicant on file may be named again only by the agency that holds one of their requests. */
  private async requireApplicantOfOwnAgency(caller: Principal, applicantRef: string): Promise<void> {
    const agencies = await this.requests.agenciesOfApplicant(applicantRef);
    const holder = agencies.find((a) => a === caller.agencyId) ?? agencies[0];
    // None: the reference is unknown, which the service answers for (applicant.unknown).
    if (holder === undefined) return;
    requireOwnAgency(caller, holder);
  }
}
