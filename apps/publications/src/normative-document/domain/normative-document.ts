// A normative document: a 规章 (rule) or a 行政规范性文件. The national report (第二十条第（一）项)
// counts those issued this year (本年制发), repealed this year (本年废止) and in force (现行有效):
// issued on or before the day and not repealed on or before it.
import {
  type NormativeDocumentIssuedData,
  type NormativeDocumentKind,
  type NormativeDocumentRepealedData,
} from '#contracts/publications';
import { DomainError, unreachable, type Decider, type DomainEvent } from '#event-sourcing';
import { legalInstant, type LegalDate } from '#contracts/legal-time';
import { checkAgency, checkDate, checkText } from '../../shared/domain/checks.js';

export type NormativeDocumentCommand =
  | {
      readonly type: 'IssueDocument';
      readonly today: LegalDate;
      readonly agencyId: string;
      readonly kind: NormativeDocumentKind;
      readonly title: string;
      readonly documentNumber?: string;
      readonly issuedOn: LegalDate;
    }
  | {
      readonly type: 'RepealDocument';
      readonly today: LegalDate;
      readonly repealedOn: LegalDate;
      readonly reason?: string;
    };

export type NormativeDocumentEvent =
  | DomainEvent<'NormativeDocumentIssued', NormativeDocumentIssuedData>
  | DomainEvent<'NormativeDocumentRepealed', NormativeDocumentRepealedData>;

export type NormativeDocumentState =
  | { readonly phase: 'none' }
  | (NormativeDocumentIssuedData & {
      readonly phase: 'in-force' | 'repealed';
      readonly repeal?: NormativeDocumentRepealedData;
    });

/** The free text a command typed (personal data by default): kept beside the case, never in its events. */
export function normativeDocumentTextsOf(command: NormativeDocumentCommand): Record<string, string | undefined> {
  return command.type === 'IssueDocument'
    ? { title: command.title.trim(), documentNumber: command.documentNumber?.trim() }
    : { repealReason: command.reason?.trim() };
}

const initialState: NormativeDocumentState = { phase: 'none' };

/** In force at the end of `date`: issued on or before it and not repealed on or before it. */
export const inForceOn = (state: NormativeDocumentState, date: LegalDate): boolean =>
  state.phase !== 'none' && state.issuedOn <= date && !(state.repeal && state.repeal.repealedOn <= date);

function decide(command: NormativeDocumentCommand, state: NormativeDocumentState): NormativeDocumentEvent[] {
  switch (command.type) {
    case 'IssueDocument': {
      if (state.phase !== 'none') {
        throw new DomainError('normative-document.already-issued', 'this document was already recorded as issued', {
          kind: 'conflict',
        });
      }
      checkDate('issuedOn', command.issuedOn, command.today);
      checkAgency(command.agencyId, command.issuedOn);
      checkText('title', command.title, 'normative-document.title-missing');
      return [
        {
          type: 'NormativeDocumentIssued',
          data: {
            agencyId: command.agencyId,
            kind: command.kind,
            issuedOn: command.issuedOn,
          },
          occurredAt: legalInstant(command.issuedOn),
        },
      ];
    }
    case 'RepealDocument': {
      if (state.phase === 'none') {
        throw new DomainError('normative-document.not-found', 'no such normative document', { kind: 'not-found' });
      }
      if (state.phase === 'repealed') {
        throw new DomainError('normative-document.already-repealed', `repealed on ${state.repeal?.repealedOn}`, {
          kind: 'conflict',
        });
      }
      checkDate('repealedOn', command.repealedOn, command.today, state.issuedOn);
      return [
        {
          type: 'NormativeDocumentRepealed',
          data: { repealedOn: command.repealedOn },
          occurredAt: legalInstant(command.repealedOn),
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

function evolve(state: NormativeDocumentState, event: NormativeDocumentEvent): NormativeDocumentState {
  switch (event.type) {
    case 'NormativeDocumentIssued':
      return { phase: 'in-force', ...event.data };
    case 'NormativeDocumentRepealed':
      return state.phase === 'none' ? state : { ...state, phase: 'repealed', repeal: event.data };
    default:
      return unreachable(event);
  }
}

export const normativeDocumentDecider: Decider<
  NormativeDocumentCommand,
  NormativeDocumentEvent,
  NormativeDocumentState
> = { decide, evolve, initialState };
