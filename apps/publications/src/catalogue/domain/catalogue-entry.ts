// An entry of the catalogue of information available on request (依申请公开信息目录): what the
// public may ask for. The report counts the entries (依申请公开信息目录数).
import { type CatalogueEntryDelistedData, type CatalogueEntryListedData } from '#contracts/publications';
import { DomainError, unreachable, type Decider, type DomainEvent } from '#event-sourcing';
import { legalInstant, type LegalDate } from '#contracts/legal-time';
import { checkAgency, checkDate, checkText } from '../../shared/domain/checks.js';

export type CatalogueEntryCommand =
  | {
      readonly type: 'ListEntry';
      readonly today: LegalDate;
      readonly agencyId: string;
      readonly title: string;
      readonly listedOn: LegalDate;
    }
  | { readonly type: 'DelistEntry'; readonly today: LegalDate; readonly delistedOn: LegalDate };

export type CatalogueEntryEvent =
  | DomainEvent<'CatalogueEntryListed', CatalogueEntryListedData>
  | DomainEvent<'CatalogueEntryDelisted', CatalogueEntryDelistedData>;

export type CatalogueEntryState =
  | { readonly phase: 'none' }
  | (CatalogueEntryListedData & { readonly phase: 'listed' | 'delisted'; readonly delistedOn?: LegalDate });

/** The free text a command typed (personal data by default): kept beside the case, never in its events. */
export function catalogueEntryTextsOf(command: CatalogueEntryCommand): Record<string, string> {
  return command.type === 'ListEntry' ? { title: command.title.trim() } : {};
}

const initialState: CatalogueEntryState = { phase: 'none' };

function decide(command: CatalogueEntryCommand, state: CatalogueEntryState): CatalogueEntryEvent[] {
  switch (command.type) {
    case 'ListEntry': {
      if (state.phase !== 'none') {
        throw new DomainError('catalogue-entry.already-listed', 'this entry was already listed', { kind: 'conflict' });
      }
      checkDate('listedOn', command.listedOn, command.today);
      checkAgency(command.agencyId, command.listedOn);
      checkText('title', command.title, 'catalogue-entry.title-missing');
      return [
        {
          type: 'CatalogueEntryListed',
          data: { agencyId: command.agencyId, listedOn: command.listedOn },
          occurredAt: legalInstant(command.listedOn),
        },
      ];
    }
    case 'DelistEntry': {
      if (state.phase === 'none') {
        throw new DomainError('catalogue-entry.not-found', 'no such catalogue entry', { kind: 'not-found' });
      }
      if (state.phase === 'delisted') {
        throw new DomainError('catalogue-entry.already-delisted', `delisted on ${state.delistedOn}`, {
          kind: 'conflict',
        });
      }
      checkDate('delistedOn', command.delistedOn, command.today, state.listedOn);
      return [
        {
          type: 'CatalogueEntryDelisted',
          data: { delistedOn: command.delistedOn },
          occurredAt: legalInstant(command.delistedOn),
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

function evolve(state: CatalogueEntryState, event: CatalogueEntryEvent): CatalogueEntryState {
  switch (event.type) {
    case 'CatalogueEntryListed':
      return { phase: 'listed', ...event.data };
    case 'CatalogueEntryDelisted':
      return state.phase === 'none' ? state : { ...state, phase: 'delisted', delistedOn: event.data.delistedOn };
    default:
      return unreachable(event);
  }
}

export const catalogueEntryDecider: Decider<CatalogueEntryCommand, CatalogueEntryEvent, CatalogueEntryState> = {
  decide,
  evolve,
  initialState,
};
