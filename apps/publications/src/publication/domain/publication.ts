// A proactive publication (主动公开信息): one piece of government information the agency published
// on its own initiative. The report counts them by year of publication, and how many had their full
// text available electronically (全文电子化). A retraction takes back a publication recorded in error.
import {
  type InformationPublishedData,
  type PublicationCategory,
  type PublicationRetractedData,
} from '#contracts/publications';
import { DomainError, unreachable, type Decider, type DomainEvent } from '#event-sourcing';
import { legalInstant, type LegalDate } from '#contracts/legal-time';
import { checkAgency, checkDate, checkText } from '../../shared/domain/checks.js';

export type PublicationCommand =
  | {
      readonly type: 'RecordPublication';
      readonly today: LegalDate;
      readonly agencyId: string;
      readonly title: string;
      readonly category: PublicationCategory;
      readonly fullTextElectronic: boolean;
      readonly publishedOn: LegalDate;
    }
  | {
      readonly type: 'RetractPublication';
      readonly today: LegalDate;
      readonly retractedOn: LegalDate;
      readonly reason: string;
    };

export type PublicationEvent =
  | DomainEvent<'InformationPublished', InformationPublishedData>
  | DomainEvent<'PublicationRetracted', PublicationRetractedData>;

export type PublicationState =
  | { readonly phase: 'none' }
  | (InformationPublishedData & {
      readonly phase: 'published' | 'retracted';
      readonly retraction?: PublicationRetractedData;
    });

/**
 * The free text a command typed (personal data by default, DESIGN §4): kept by the service beside
 * the case, never in its events.
 */
export function publicationTextsOf(command: PublicationCommand): Record<string, string> {
  return command.type === 'RecordPublication'
    ? { title: command.title.trim() }
    : { retractionReason: command.reason.trim() };
}

const initialState: PublicationState = { phase: 'none' };

function decide(command: PublicationCommand, state: PublicationState): PublicationEvent[] {
  switch (command.type) {
    case 'RecordPublication': {
      if (state.phase !== 'none') {
        throw new DomainError('publication.already-recorded', 'this publication was already recorded', {
          kind: 'conflict',
        });
      }
      checkDate('publishedOn', command.publishedOn, command.today);
      checkAgency(command.agencyId, command.publishedOn);
      checkText('title', command.title, 'publication.title-missing');
      return [
        {
          type: 'InformationPublished',
          data: {
            agencyId: command.agencyId,
            category: command.category,
            fullTextElectronic: command.fullTextElectronic,
            publishedOn: command.publishedOn,
          },
          occurredAt: legalInstant(command.publishedOn),
        },
      ];
    }
    case 'RetractPublication': {
      if (state.phase === 'none') {
        throw new DomainError('publication.not-found', 'no such publication', { kind: 'not-found' });
      }
      if (state.phase === 'retracted') {
        throw new DomainError('publication.already-retracted', `retracted on ${state.retraction?.retractedOn}`, {
          kind: 'conflict',
        });
      }
      checkDate('retractedOn', command.retractedOn, command.today, state.publishedOn);
      checkText('reason', command.reason, 'publication.reason-missing');
      return [
        {
          type: 'PublicationRetracted',
          data: { retractedOn: command.retractedOn },
          occurredAt: legalInstant(command.retractedOn),
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

function evolve(state: PublicationState, event: PublicationEvent): PublicationState {
  switch (event.type) {
    case 'InformationPublished':
      return { phase: 'published', ...event.data };
    case 'PublicationRetracted':
      return state.phase === 'none' ? state : { ...state, phase: 'retracted', retraction: event.data };
    default:
      return unreachable(event);
  }
}

export const publicationDecider: Decider<PublicationCommand, PublicationEvent, PublicationState> = {
  decide,
  evolve,
  initialState,
};
