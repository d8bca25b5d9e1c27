// A disclosure request (依申请公开申请) from receipt to its one outcome: the decider.
//
// Dates in commands are legal dates (`YYYY-MM-DD`, Asia/Shanghai) given by the office; `today` is the
// office's current date, supplied by the caller — the domain never reads a clock. Steps are recorded
// in the order they happened: a step dated before the previous one is refused, so the reply clock
// (deadline.ts) can be folded from the events alone.
import { agencyProblem } from '#contracts';
import {
  concludesByReply,
  ORDINANCE_2007_IN_FORCE,
  REGIME_TIME_LIMITS,
  WITHDRAWAL_OUTCOME,
  legacyOutcomeOf,
  outcomeProblem,
  regimeForReceiptDate,
  type ApplicantType,
  type Channel,
  type ClarificationReceivedData,
  type ClarificationRequestedData,
  type Consultee,
  type ConsultationOpinionReceivedData,
  type DeadlineExtendedData,
  type DisclosureRequestReceivedData,
  type DisclosureRequestRepliedData,
  type DisclosureRequestWithdrawnData,
  type FeeNoticeLapsedData,
  type FeeNoticedData,
  type FeePaidData,
  type LegacyOutcome,
  type Outcome,
  type Regime,
  type ReplyDeadline,
  type ThirdPartyConsultedData,
} from '#contracts/applications';
import { DomainError, unreachable, type Decider, type DomainEvent } from '#event-sourcing';
import {
  isLegalDate,
  legalDateProblem,
  legalInstant,
  type LegalDate,
  OFFICIAL_CALENDAR,
  type WorkingCalendar,
} from '#contracts/legal-time';
import { deadlineOf, judgeReply, type ClockFacts, type ClockPause, type Deadline } from './deadline.js';

// ---- commands ---------------------------------------------------------------------------------

interface Dated {
  /** The office's current date: no step may be dated after it. */
  readonly today: LegalDate;
}

export type DisclosureRequestCommand =
  | (Dated & {
      readonly type: 'ReceiveRequest';
      readonly agencyId: string;
      readonly receiptDate: LegalDate;
      readonly channel: Channel;
      readonly applicantType: ApplicantType;
      readonly applicantRef: string;
      readonly informationRequested: string;
    })
  | (Dated & { readonly type: 'RequestClarification'; readonly requestedOn: LegalDate; readonly dueOn: LegalDate })
  | (Dated & { readonly type: 'ReceiveClarification'; readonly receivedOn: LegalDate })
  | (Dated & { readonly type: 'ConsultThirdParty'; readonly consultedOn: LegalDate; readonly consultee: Consultee })
  | (Dated & { readonly type: 'ReceiveConsultationOpinion'; readonly receivedOn: LegalDate })
  | (Dated & {
      readonly type: 'ExtendDeadline';
      readonly extendedOn: LegalDate;
      /** Defaults to the most the regime allows. */
      readonly workingDays?: number;
      readonly reason: string;
    })
  | (Dated & { readonly type: 'NoticeFee'; readonly noticedOn: LegalDate; readonly amountFen: number })
  | (Dated & { readonly type: 'PayFee'; readonly paidOn: LegalDate })
  | (Dated & { readonly type: 'LapseFeeNotice'; readonly lapsedOn: LegalDate })
  | (Dated & { readonly type: 'Reply'; readonly repliedOn: LegalDate; readonly outcome: Outcome })
  | (Dated & { readonly type: 'Withdraw'; readonly withdrawnOn: LegalDate });

/**
 * The free text a command carries (personal data by default, DESIGN §4): the service keeps it
 * beside the applicant's personal data, by request and field; no event carries it.
 */
export const REQUEST_TEXT_FIELDS = ['informationRequested', 'extensionReason'] as const;
export type RequestTextField = (typeof REQUEST_TEXT_FIELDS)[number];

export function requestTextsOf(command: DisclosureRequestCommand): Partial<Record<RequestTextField, string>> {
  switch (command.type) {
    case 'ReceiveRequest':
      return { informationRequested: command.informationRequested.trim() };
    case 'ExtendDeadline':
      return { extensionReason: command.reason.trim() };
    // These type no free text.
    case 'RequestClarification':
    case 'ReceiveClarification':
    case 'ConsultThirdParty':
    case 'ReceiveConsultationOpinion':
    case 'NoticeFee':
    case 'PayFee':
    case 'LapseFeeNotice':
    case 'Reply':
    case 'Withdraw':
      return {};
    default:
      return unreachable(command);
  }
}

// ---- events -----------------------------------------------------------------------------------

export type DisclosureRequestEvent =
  | DomainEvent<'DisclosureRequestReceived', DisclosureRequestReceivedData>
  | DomainEvent<'ClarificationRequested', ClarificationRequestedData>
  | DomainEvent<'ClarificationReceived', ClarificationReceivedData>
  | DomainEvent<'ThirdPartyConsulted', ThirdPartyConsultedData>
  | DomainEvent<'ConsultationOpinionReceived', ConsultationOpinionReceivedData>
  | DomainEvent<'DeadlineExtended', DeadlineExtendedData>
  | DomainEvent<'FeeNoticed', FeeNoticedData>
  | DomainEvent<'FeePaid', FeePaidData>
  | DomainEvent<'FeeNoticeLapsed', FeeNoticeLapsedData>
  | DomainEvent<'DisclosureRequestReplied', DisclosureRequestRepliedData>
  | DomainEvent<'DisclosureRequestWithdrawn', DisclosureRequestWithdrawnData>;

// ---- state ------------------------------------------------------------------------------------

export interface Conclusion {
  readonly kind: 'replied' | 'withdrawn';
  readonly on: LegalDate;
  readonly outcome: Outcome;
  readonly legacyOutcome: LegacyOutcome | null;
}

export interface DisclosureRequest {
  readonly phase: 'open' | 'concluded';
  readonly agencyId: string;
  readonly receiptDate: LegalDate;
  readonly channel: Channel;
  readonly applicantType: ApplicantType;
  readonly applicantRef: string;
  readonly regime: Regime;
  /** Receipt date, or the day the awaited clarification arrived (the count restarts there). */
  readonly clockStartedOn: LegalDate;
  readonly pauses: readonly ClockPause[];
  readonly clarification?: {
    readonly requestedOn: LegalDate;
    readonly dueOn: LegalDate;
    readonly receivedOn?: LegalDate;
  };
  readonly consultations: ReadonlyArray<{
    readonly consultedOn: LegalDate;
    readonly consultee: Consultee;
    readonly opinionReceivedOn?: LegalDate;
  }>;
  readonly fee?: {
    readonly noticedOn: LegalDate;
    readonly amountFen: number;
    readonly paidOn?: LegalDate;
    readonly lapsedOn?: LegalDate;
  };
  readonly extension?: { readonly extendedOn: LegalDate; readonly workingDays: number };
  readonly conclusion?: Conclusion;
  /** The date of the latest recorded step. */
  readonly lastStepOn: LegalDate;
}

export type DisclosureRequestState = { readonly phase: 'none' } | DisclosureRequest;

export const initialState: DisclosureRequestState = { phase: 'none' };

/** The reply deadline now, or undefined for a concluded request. */
export function deadlineOfRequest(
  request: DisclosureRequest,
  calendar: WorkingCalendar = OFFICIAL_CALENDAR,
): Deadline | undefined {
  if (request.phase === 'concluded') return undefined;
  return deadlineOf(clockFactsOf(request), calendar);
}

const clockFactsOf = (request: DisclosureRequest): ClockFacts => ({
  regime: request.regime,
  startedOn: request.clockStartedOn,
  extensionWorkingDays: request.extension?.workingDays ?? 0,
  pauses: request.pauses,
});

/**
 * The deadline a conclusion is judged against (`replyDeadline` of the reply event): none for the
 * applicant abandoning the request (`concludesByReply`), else the due date in force on the reply day.
 */
export function replyDeadlineOf(
  request: DisclosureRequest,
  repliedOn: LegalDate,
  outcome: Outcome,
  calendar: WorkingCalendar = OFFICIAL_CALENDAR,
): ReplyDeadline {
  if (!concludesByReply(outcome)) return { status: 'not-applicable' };
  return judgeReply(clockFactsOf(request), repliedOn, calendar);
}

/** How many working days a fee notice leaves the applicant to pay (国办函〔2020〕109号). */
export const FEE_PAYMENT_WORKING_DAYS = 20;
/** Within how many working days of receipt a clarification must be asked for (2019 条例 第三十条). */
export const CLARIFICATION_WINDOW_WORKING_DAYS = 7;

// ---- decide -----------------------------------------------------------------------------------

const event = <E extends DisclosureRequestEvent>(type: E['type'], data: E['data'], on: LegalDate): E =>
  ({ type, data, occurredAt: legalInstant(on) }) as E;

function checkDate(field: string, value: LegalDate, today: LegalDate, after?: LegalDate): void {
  const problem = legalDateProblem(field, value, {
    today,
    ...(after === undefined ? {} : { after }),
    afterWhat: 'the previous step of this request; steps are recorded in order',
  });
  if (problem) throw new DomainError(problem.rule, problem.message, { field });
}

function existing(state: DisclosureRequestState): DisclosureRequest {
  if (state.phase === 'none') {
    throw new DomainError('request.not-found', 'no such disclosure request', { kind: 'not-found' });
  }
  return state;
}

function open(state: DisclosureRequestState): DisclosureRequest {
  const request = existing(state);
  if (request.phase === 'concluded') {
    throw new DomainError(
      'request.concluded',
      `the request was ${request.conclusion?.kind ?? 'concluded'} on ${request.conclusion?.on ?? '?'}; nothing more can be recorded`,
      { kind: 'conflict' },
    );
  }
  return request;
}

export function createDisclosureRequestDecider(
  calendar: WorkingCalendar = OFFICIAL_CALENDAR,
): Decider<DisclosureRequestCommand, DisclosureRequestEvent, DisclosureRequestState> {
  function decide(command: DisclosureRequestCommand, state: DisclosureRequestState): DisclosureRequestEvent[] {
    switch (command.type) {
      case 'ReceiveRequest': {
        if (state.phase !== 'none') {
          throw new DomainError('receipt.already-received', 'this request was already received', { kind: 'conflict' });
        }
        const { receiptDate, today } = command;
        if (typeof receiptDate !== 'string' || !isLegalDate(receiptDate)) {
          throw new DomainError('date.invalid', 'receiptDate must be a calendar date YYYY-MM-DD', {
            field: 'receiptDate',
          });
        }
        if (receiptDate > today) {
          throw new DomainError('receipt.date-in-future', `receiptDate ${receiptDate} is after today (${today})`, {
            field: 'receiptDate',
          });
        }
        if (receiptDate < ORDINANCE_2007_IN_FORCE) {
          throw new DomainError(
            'receipt.before-ordinance',
            `receiptDate ${receiptDate} is before the 政府信息公开条例 came into force (${ORDINANCE_2007_IN_FORCE})`,
            { field: 'receiptDate' },
          );
        }
        const agencyRefusal = agencyProblem(command.agencyId, receiptDate);
        if (agencyRefusal) throw new DomainError(agencyRefusal.rule, agencyRefusal.message, { field: 'agencyId' });
        if (command.informationRequested.trim() === '') {
          throw new DomainError('receipt.information-missing', 'say what information is asked for', {
            field: 'informationRequested',
          });
        }
        if (command.applicantRef.trim() === '') {
          throw new DomainError('receipt.applicant-missing', 'an applicant reference is required', {
            field: 'applicantRef',
          });
        }
        return [
          event(
            'DisclosureRequestReceived',
            {
              agencyId: command.agencyId,
              receiptDate,
              channel: command.channel,
              applicantType: command.applicantType,
              applicantRef: command.applicantRef,
              regime: regimeForReceiptDate(receiptDate),
            },
            receiptDate,
          ),
        ];
      }

      case 'RequestClarification': {
        const request = open(state);
        checkDate('requestedOn', command.requestedOn, command.today, request.lastStepOn);
        if (request.clarification) {
          throw new DomainError(
            'clarification.already-requested',
            `a clarification was already requested on ${request.clarification.requestedOn}: the 条例 requires one notice listing everything (一次性告知)`,
            { kind: 'conflict' },
          );
        }
        if (!isLegalDate(command.dueOn) || command.dueOn <= command.requestedOn) {
          throw new DomainError('clarification.due-not-after-request', 'dueOn must be a date after requestedOn', {
            field: 'dueOn',
          });
        }
        if (request.regime === 'ordinance-2019') {
          const used = calendar.workingDaysBetween(request.receiptDate, command.requestedOn);
          // Unknown calendar: the office cannot be shown to be late, so it is not refused.
          if (used !== undefined && used > CLARIFICATION_WINDOW_WORKING_DAYS) {
            throw new DomainError(
              'clarification.too-late',
              `a clarification must be requested within ${CLARIFICATION_WINDOW_WORKING_DAYS} working days of receipt ` +
                `(2019 条例 第三十条); ${command.requestedOn} is ${used} working days after ${request.receiptDate}`,
              { field: 'requestedOn' },
            );
          }
        }
        return [
          event(
            'ClarificationRequested',
            { requestedOn: command.requestedOn, dueOn: command.dueOn },
            command.requestedOn,
          ),
        ];
      }

      case 'ReceiveClarification': {
        const request = open(state);
        if (!request.clarification || request.clarification.receivedOn !== undefined) {
          throw new DomainError('clarification.not-awaited', 'no clarification is awaited on this request', {
            kind: 'conflict',
          });
        }
        checkDate('receivedOn', command.receivedOn, command.today, request.lastStepOn);
        return [event('ClarificationReceived', { receivedOn: command.receivedOn }, command.receivedOn)];
      }

      case 'ConsultThirdParty': {
        const request = open(state);
        checkDate('consultedOn', command.consultedOn, command.today, request.lastStepOn);
        const pending = request.consultations.find((c) => c.opinionReceivedOn === undefined);
        if (pending) {
          throw new DomainError(
            'consultation.already-open',
            `a consultation sent on ${pending.consultedOn} is still awaiting its opinion`,
            { kind: 'conflict' },
          );
        }
        return [
          event(
            'ThirdPartyConsulted',
            { consultedOn: command.consultedOn, consultee: command.consultee },
            command.consultedOn,
          ),
        ];
      }

      case 'ReceiveConsultationOpinion': {
        const request = open(state);
        if (!request.consultations.some((c) => c.opinionReceivedOn === undefined)) {
          throw new DomainError('consultation.not-open', 'no consultation is awaiting an opinion', {
            kind: 'conflict',
          });
        }
        checkDate('receivedOn', command.receivedOn, command.today, request.lastStepOn);
        return [event('ConsultationOpinionReceived', { receivedOn: command.receivedOn }, command.receivedOn)];
      }

      case 'ExtendDeadline': {
        const request = open(state);
        if (request.extension) {
          throw new DomainError(
            'extension.already-extended',
            `the deadline was already extended on ${request.extension.extendedOn}; it can be extended once`,
            { kind: 'conflict' },
          );
        }
        checkDate('extendedOn', command.extendedOn, command.today, request.lastStepOn);
        const max = REGIME_TIME_LIMITS[request.regime].maxExtensionWorkingDays;
        const workingDays = command.workingDays ?? max;
        if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > max) {
          throw new DomainError(
            'extension.too-long',
            `an extension is 1 to ${max} working days under the ${request.regime === 'ordinance-2007' ? '2007' : '2019'} 条例`,
            { field: 'workingDays' },
          );
        }
        if (command.reason.trim() === '') {
          throw new DomainError('extension.reason-missing', 'an extension needs a reason', { field: 'reason' });
        }
        const deadline = deadlineOfRequest(request, calendar);
        if (deadline?.status === 'running' && command.extendedOn > deadline.dueDate) {
          throw new DomainError(
            'extension.after-deadline',
            `the deadline ${deadline.dueDate} has passed; an extension must be decided before it`,
            { field: 'extendedOn' },
          );
        }
        return [event('DeadlineExtended', { extendedOn: command.extendedOn, workingDays }, command.extendedOn)];
      }

      case 'NoticeFee': {
        const request = open(state);
        checkDate('noticedOn', command.noticedOn, command.today, request.lastStepOn);
        if (request.fee) {
          throw new DomainError('fee.already-noticed', `a fee was already noticed on ${request.fee.noticedOn}`, {
            kind: 'conflict',
          });
        }
        if (!Number.isInteger(command.amountFen) || command.amountFen <= 0) {
          throw new DomainError('fee.invalid-amount', 'amountFen is a positive whole number of fen (0.01 yuan)', {
            field: 'amountFen',
          });
        }
        return [event('FeeNoticed', { noticedOn: command.noticedOn, amountFen: command.amountFen }, command.noticedOn)];
      }

      case 'PayFee': {
        const request = open(state);
        const fee = unpaidFee(request);
        checkDate('paidOn', command.paidOn, command.today, request.lastStepOn);
        return [event('FeePaid', { paidOn: command.paidOn, amountFen: fee.amountFen }, command.paidOn)];
      }

      case 'LapseFeeNotice': {
        const request = open(state);
        const fee = unpaidFee(request);
        checkDate('lapsedOn', command.lapsedOn, command.today, request.lastStepOn);
        const lastDay = calendar.nthWorkingDayAfter(fee.noticedOn, FEE_PAYMENT_WORKING_DAYS);
        if ('missingYear' in lastDay) {
          throw new DomainError(
            'calendar.year-missing',
            `the holiday arrangement of ${lastDay.missingYear} is not on file, so the payment period cannot be checked`,
            { field: 'lapsedOn' },
          );
        }
        if ('date' in lastDay && command.lapsedOn <= lastDay.date) {
          throw new DomainError(
            'fee.lapse-too-early',
            `the applicant may pay until ${lastDay.date} (${FEE_PAYMENT_WORKING_DAYS} working days after the notice)`,
            { field: 'lapsedOn' },
          );
        }
        const outcome: Outcome = { category: 'other-processing', reason: 'fee-unpaid' };
        return [
          event('FeeNoticeLapsed', { lapsedOn: command.lapsedOn }, command.lapsedOn),
          event(
            'DisclosureRequestReplied',
            {
              repliedOn: command.lapsedOn,
              outcome,
              legacyOutcome: legacyOutcomeOf(outcome),
              replyDeadline: replyDeadlineOf(request, command.lapsedOn, outcome, calendar),
            },
            command.lapsedOn,
          ),
        ];
      }

      case 'Reply': {
        const request = existing(state);
        if (request.conclusion?.kind === 'replied') {
          throw new DomainError(
            'reply.already-replied',
            `the request was already replied to on ${request.conclusion.on}`,
            {
              kind: 'conflict',
            },
          );
        }
        if (request.conclusion?.kind === 'withdrawn') {
          throw new DomainError('reply.request-withdrawn', `the request was withdrawn on ${request.conclusion.on}`, {
            kind: 'conflict',
          });
        }
        checkDate('repliedOn', command.repliedOn, command.today, request.lastStepOn);
        const problem = outcomeProblem(command.outcome as Parameters<typeof outcomeProblem>[0]);
        if (problem) {
          throw new DomainError('reply.outcome-outside-tree', `${problem.field} ${problem.message}`, {
            field: problem.field,
          });
        }
        checkOutcomeFitsHistory(command.outcome, command.repliedOn, request);
        return [
          event(
            'DisclosureRequestReplied',
            {
              repliedOn: command.repliedOn,
              outcome: command.outcome,
              legacyOutcome: legacyOutcomeOf(command.outcome),
              replyDeadline: replyDeadlineOf(request, command.repliedOn, command.outcome, calendar),
            },
            command.repliedOn,
          ),
        ];
      }

      case 'Withdraw': {
        const request = existing(state);
        if (request.conclusion) {
          throw new DomainError(
            'withdrawal.already-concluded',
            `the request was already ${request.conclusion.kind} on ${request.conclusion.on}`,
            { kind: 'conflict' },
          );
        }
        checkDate('withdrawnOn', command.withdrawnOn, command.today, request.lastStepOn);
        return [
          event(
            'DisclosureRequestWithdrawn',
            {
              withdrawnOn: command.withdrawnOn,
              outcome: WITHDRAWAL_OUTCOME,
              legacyOutcome: legacyOutcomeOf(WITHDRAWAL_OUTCOME),
            },
            command.withdrawnOn,
          ),
        ];
      }

      default:
        return unreachable(command);
    }
  }

  return { decide, evolve, initialState };
}

function unpaidFee(request: DisclosureRequest): NonNullable<DisclosureRequest['fee']> {
  if (!request.fee)
    throw new DomainError('fee.not-noticed', 'no fee was noticed on this request', { kind: 'conflict' });
  if (request.fee.paidOn !== undefined) {
    throw new DomainError('fee.already-paid', `the fee was paid on ${request.fee.paidOn}`, { kind: 'conflict' });
  }
  return request.fee;
}

/** Outcomes that only make sense after certain steps. */
function checkOutcomeFitsHistory(outcome: Outcome, repliedOn: LegalDate, request: DisclosureRequest): void {
  if (outcome.category === 'other-processing' && outcome.reason === 'fee-unpaid') {
    throw new DomainError(
      'reply.fee-unpaid-needs-lapse',
      'an unpaid fee concludes the request by recording the lapse of the fee notice, not by a reply',
      { field: 'outcome.reason' },
    );
  }
  if (outcome.category === 'other-processing' && outcome.reason === 'no-clarification') {
    const c = request.clarification;
    if (!c || c.receivedOn !== undefined) {
      throw new DomainError(
        'reply.no-clarification-not-awaited',
        'other-processing/no-clarification needs a clarification requested and not received',
        { field: 'outcome.reason' },
      );
    }
    if (repliedOn <= c.dueOn) {
      throw new DomainError(
        'reply.no-clarification-before-due',
        `the applicant has until ${c.dueOn} to clarify the request`,
        { field: 'repliedOn' },
      );
    }
  }
  if (outcome.category === 'cannot-provide' && outcome.reason === 'still-unclear-after-clarification') {
    if (request.clarification?.receivedOn === undefined) {
      throw new DomainError(
        'reply.unclear-without-clarification',
        'still-unclear-after-clarification needs a clarification that was requested and received',
        { field: 'outcome.reason' },
      );
    }
  }
}

// ---- evolve -----------------------------------------------------------------------------------

const closePause = (pauses: readonly ClockPause[], reason: ClockPause['reason'], on: LegalDate): ClockPause[] =>
  pauses.map((p) => (p.reason === reason && p.to === undefined ? { ...p, to: on } : p));

export function evolve(state: DisclosureRequestState, e: DisclosureRequestEvent): DisclosureRequestState {
  if (e.type === 'DisclosureRequestReceived') {
    return {
      phase: 'open',
      ...e.data,
      clockStartedOn: e.data.receiptDate,
      pauses: [],
      consultations: [],
      lastStepOn: e.data.receiptDate,
    };
  }
  // Events of a stream always follow its DisclosureRequestReceived.
  if (state.phase === 'none') return state;
  switch (e.type) {
    case 'ClarificationRequested':
      return {
        ...state,
        clarification: { requestedOn: e.data.requestedOn, dueOn: e.data.dueOn },
        pauses: [...state.pauses, { reason: 'clarification', from: e.data.requestedOn }],
        lastStepOn: e.data.requestedOn,
      };
    case 'ClarificationReceived':
      return {
        ...state,
        clarification: state.clarification && { ...state.clarification, receivedOn: e.data.receivedOn },
        clockStartedOn: e.data.receivedOn,
        pauses: closePause(state.pauses, 'clarification', e.data.receivedOn),
        lastStepOn: e.data.receivedOn,
      };
    case 'ThirdPartyConsulted':
      return {
        ...state,
        consultations: [...state.consultations, { consultedOn: e.data.consultedOn, consultee: e.data.consultee }],
        pauses: [...state.pauses, { reason: 'consultation', from: e.data.consultedOn }],
        lastStepOn: e.data.consultedOn,
      };
    case 'ConsultationOpinionReceived':
      return {
        ...state,
        consultations: state.consultations.map((c) =>
          c.opinionReceivedOn === undefined ? { ...c, opinionReceivedOn: e.data.receivedOn } : c,
        ),
        pauses: closePause(state.pauses, 'consultation', e.data.receivedOn),
        lastStepOn: e.data.receivedOn,
      };
    case 'DeadlineExtended':
      return { ...state, extension: { ...e.data }, lastStepOn: e.data.extendedOn };
    case 'FeeNoticed':
      return {
        ...state,
        fee: { noticedOn: e.data.noticedOn, amountFen: e.data.amountFen },
        // Under the 2019 regime the time between a fee notice and payment does not count
        // (国办函〔2020〕109号); the 2007 条例 has no such rule.
        pauses:
          state.regime === 'ordinance-2019'
            ? [...state.pauses, { reason: 'fee', from: e.data.noticedOn }]
            : state.pauses,
        lastStepOn: e.data.noticedOn,
      };
    case 'FeePaid':
      return {
        ...state,
        fee: state.fee && { ...state.fee, paidOn: e.data.paidOn },
        pauses: closePause(state.pauses, 'fee', e.data.paidOn),
        lastStepOn: e.data.paidOn,
      };
    case 'FeeNoticeLapsed':
      return {
        ...state,
        fee: state.fee && { ...state.fee, lapsedOn: e.data.lapsedOn },
        pauses: closePause(state.pauses, 'fee', e.data.lapsedOn),
        lastStepOn: e.data.lapsedOn,
      };
    case 'DisclosureRequestReplied':
      return {
        ...state,
        phase: 'concluded',
        conclusion: {
          kind: 'replied',
          on: e.data.repliedOn,
          outcome: e.data.outcome,
          legacyOutcome: e.data.legacyOutcome,
        },
        lastStepOn: e.data.repliedOn,
      };
    case 'DisclosureRequestWithdrawn':
      return {
        ...state,
        phase: 'concluded',
        conclusion: {
          kind: 'withdrawn',
          on: e.data.withdrawnOn,
          outcome: e.data.outcome,
          legacyOutcome: e.data.legacyOutcome,
        },
        lastStepOn: e.data.withdrawnOn,
      };
    default:
      return unreachable(e);
  }
}

export const disclosureRequestDecider = createDisclosureRequestDecider();
