// A consultation (咨询): an enquiry received through a channel — online (网上咨询), on site (现场接待)
// or by telephone (咨询电话) — and answered. Each one is a contact (人次) in 附表三.
import {
  type ConsultationAnsweredData,
  type ConsultationChannel,
  type ConsultationReceivedData,
} from '#contracts/consultations';
import { isAgencyId } from '#contracts';
import { DomainError, unreachable, type Decider } from '#event-sourcing';
import { legalDateProblem, legalInstant } from '#contracts/legal-time';

export type ConsultationCommand =
  | {
      readonly type: 'ReceiveConsultation';
      readonly agencyId: string;
      readonly channel: ConsultationChannel;
      readonly receivedOn: string;
      readonly topic?: string;
      /** The legal date of today, to refuse dates in the future. */
      readonly today: string;
    }
  | { readonly type: 'AnswerConsultation'; readonly answeredOn: string; readonly today: string };

export type ConsultationEvent =
  | { readonly type: 'ConsultationReceived'; readonly data: ConsultationReceivedData; readonly occurredAt: string }
  | { readonly type: 'ConsultationAnswered'; readonly data: ConsultationAnsweredData; readonly occurredAt: string };

export type ConsultationState =
  | { readonly status: 'none' }
  | {
      readonly status: 'received' | 'answered';
      readonly agencyId: string;
      readonly channel: ConsultationChannel;
      readonly receivedOn: string;
      readonly topic: string | undefined;
      readonly answeredOn: string | undefined;
    };

const initialState: ConsultationState = { status: 'none' };

function checkDate(field: string, date: string, today: string): void {
  const problem = legalDateProblem(field, date, { today });
  if (problem) throw new DomainError(problem.rule, problem.message, { field });
}

function decide(command: ConsultationCommand, state: ConsultationState): ConsultationEvent[] {
  switch (command.type) {
    case 'ReceiveConsultation': {
      if (state.status !== 'none') {
        throw new DomainError('consultation.already-received', 'this consultation is already recorded', {
          kind: 'conflict',
        });
      }
      if (!isAgencyId(command.agencyId)) {
        throw new DomainError('agency.unknown', `unknown agency ${command.agencyId}`, { field: 'agencyId' });
      }
      checkDate('receivedOn', command.receivedOn, command.today);
      const data: ConsultationReceivedData = {
        agencyId: command.agencyId as ConsultationReceivedData['agencyId'],
        channel: command.channel,
        receivedOn: command.receivedOn,
        ...(command.topic === undefined ? {} : { topic: command.topic }),
      };
      return [{ type: 'ConsultationReceived', data, occurredAt: legalInstant(command.receivedOn) }];
    }
    case 'AnswerConsultation': {
      if (state.status === 'none') {
        throw new DomainError('consultation.unknown', 'no such consultation', { kind: 'not-found' });
      }
      if (state.status === 'answered') {
        throw new DomainError('consultation.already-answered', `already answered on ${state.answeredOn}`, {
          kind: 'conflict',
        });
      }
      checkDate('answeredOn', command.answeredOn, command.today);
      if (command.answeredOn < state.receivedOn) {
        throw new DomainError(
          'consultation.answered-before-received',
          `answeredOn ${command.answeredOn} is before the consultation was received (${state.receivedOn})`,
          { field: 'answeredOn' },
        );
      }
      return [
        {
          type: 'ConsultationAnswered',
          data: { answeredOn: command.answeredOn },
          occurredAt: legalInstant(command.answeredOn),
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

function evolve(state: ConsultationState, event: ConsultationEvent): ConsultationState {
  switch (event.type) {
    case 'ConsultationReceived':
      return {
        status: 'received',
        agencyId: event.data.agencyId,
        channel: event.data.channel,
        receivedOn: event.data.receivedOn,
        topic: event.data.topic,
        answeredOn: undefined,
      };
    case 'ConsultationAnswered':
      return state.status === 'none' ? state : { ...state, status: 'answered', answeredOn: event.data.answeredOn };
    default:
      return unreachable(event);
  }
}

export const consultationDecider: Decider<ConsultationCommand, ConsultationEvent, ConsultationState> = {
  decide,
  evolve,
  initialState,
};
