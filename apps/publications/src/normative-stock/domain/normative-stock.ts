// The stock of normative documents in force (现行有效件数) that the system did not record one by one:
// a bureau starting here already has hundreds of 规章 and 行政规范性文件 in force. The office declares
// the opening stock per agency and kind as of a date (documents in force at the end of that day), and
// corrects it when a stock-take finds documents expired, missing, or in force but not counted. The
// report's 现行有效件数 is then opening + issued since − repealed since ± corrections. One stream per
// agency and kind. The reason of a correction is free text: kept apart, never in the event (ADR 0008).
import {
  type NormativeDocumentKind,
  type NormativeStockCorrectedData,
  type NormativeStockCorrectionCause,
  type NormativeStockDeclaredData,
} from '#contracts/publications';
import { DomainError, textKeyAt, unreachable, type Decider, type DomainEvent } from '#event-sourcing';
import { legalInstant, type LegalDate } from '#contracts/legal-time';
import { checkAgency, checkDate, checkText } from '../../shared/domain/checks.js';

export const normativeStockStreamId = (kind: NormativeDocumentKind, agencyId: string): string =>
  `normative-stock.${kind}.${agencyId}`;

export type NormativeStockCommand =
  | {
      readonly type: 'DeclareOpeningStock';
      readonly today: LegalDate;
      readonly agencyId: string;
      readonly kind: NormativeDocumentKind;
      readonly asOf: LegalDate;
      readonly count: number;
    }
  | {
      readonly type: 'CorrectStock';
      readonly today: LegalDate;
      readonly agencyId: string;
      readonly kind: NormativeDocumentKind;
      readonly correctedOn: LegalDate;
      readonly change: number;
      readonly cause: NormativeStockCorrectionCause;
      /** Why, as typed: free text, kept beside the case. */
      readonly reason: string;
    };

export type NormativeStockEvent =
  | DomainEvent<'NormativeStockDeclared', NormativeStockDeclaredData>
  | DomainEvent<'NormativeStockCorrected', NormativeStockCorrectedData>;

export interface StockCorrection {
  readonly correctedOn: LegalDate;
  readonly change: number;
  readonly cause: NormativeStockCorrectionCause;
  /** The stream version of the correction: its reason is kept under `reason@<version>`. */
  readonly version: number;
}

export type NormativeStockState =
  | { readonly phase: 'none' }
  | {
      readonly phase: 'kept';
      readonly agencyId: string;
      readonly kind: NormativeDocumentKind;
      readonly version: number;
      readonly opening?: { readonly asOf: LegalDate; readonly count: number };
      readonly corrections: readonly StockCorrection[];
    };

/** The texts a command typed: a correction's reason, under the version of its event. */
export function normativeStockTextsOf(command: NormativeStockCommand, streamVersion: number) {
  return command.type === 'CorrectStock' ? { [textKeyAt('reason', streamVersion)]: command.reason.trim() } : {};
}

function checkStream(state: NormativeStockState, agencyId: string, kind: NormativeDocumentKind): void {
  if (state.phase === 'kept' && (state.agencyId !== agencyId || state.kind !== kind)) {
    throw new DomainError('normative-stock.wrong-stream', 'this stock stream holds another agency or kind', {
      kind: 'conflict',
    });
  }
}

function decide(command: NormativeStockCommand, state: NormativeStockState): NormativeStockEvent[] {
  checkAgency(command.agencyId);
  checkStream(state, command.agencyId, command.kind);
  const { agencyId, kind } = command;
  switch (command.type) {
    case 'DeclareOpeningStock': {
      checkDate('asOf', command.asOf, command.today);
      if (!Number.isInteger(command.count) || command.count < 0) {
        throw new DomainError('normative-stock.count-invalid', 'count must be a whole number ≥ 0', { field: 'count' });
      }
      const previous = state.phase === 'kept' ? state.opening : undefined;
      if (previous?.asOf === command.asOf && previous.count === command.count) return [];
      const early = state.phase === 'kept' ? state.corrections.find((c) => c.correctedOn <= command.asOf) : undefined;
      if (early) {
        throw new DomainError(
          'normative-stock.correction-before-opening',
          `a correction of ${early.correctedOn} would fall inside an opening stock counted as of ${command.asOf}`,
          { field: 'asOf' },
        );
      }
      return [
        {
          type: 'NormativeStockDeclared',
          data: { agencyId, kind, asOf: command.asOf, count: command.count, previous: previous ?? null },
          occurredAt: legalInstant(command.asOf),
        },
      ];
    }
    case 'CorrectStock': {
      checkDate('correctedOn', command.correctedOn, command.today);
      checkText('reason', command.reason, 'normative-stock.reason-required');
      const { change, cause } = command;
      if (!Number.isInteger(change) || change === 0 || Math.abs(change) > 100_000) {
        throw new DomainError('normative-stock.change-invalid', 'change must be a whole number, not 0', {
          field: 'change',
        });
      }
      // Expired and missing documents leave the stock; found ones join it.
      if ((cause === 'found') !== change > 0) {
        throw new DomainError(
          'normative-stock.change-against-cause',
          `change must be ${cause === 'found' ? 'positive for documents found' : `negative for documents ${cause}`}`,
          { field: 'change' },
        );
      }
      const opening = state.phase === 'kept' ? state.opening : undefined;
      if (opening && command.correctedOn <= opening.asOf) {
        throw new DomainError(
          'normative-stock.correction-before-opening',
          `correctedOn must be after the opening stock's date ${opening.asOf}: that count already includes it`,
          { field: 'correctedOn' },
        );
      }
      return [
        {
          type: 'NormativeStockCorrected',
          data: { agencyId, kind, correctedOn: command.correctedOn, change, cause },
          occurredAt: legalInstant(command.correctedOn),
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

function evolve(state: NormativeStockState, event: NormativeStockEvent): NormativeStockState {
  const base =
    state.phase === 'kept'
      ? state
      : { phase: 'kept' as const, agencyId: event.data.agencyId, kind: event.data.kind, version: 0, corrections: [] };
  const version = base.version + 1;
  switch (event.type) {
    case 'NormativeStockDeclared':
      return { ...base, version, opening: { asOf: event.data.asOf, count: event.data.count } };
    case 'NormativeStockCorrected': {
      const { correctedOn, change, cause } = event.data;
      return { ...base, version, corrections: [...base.corrections, { correctedOn, change, cause, version }] };
    }
    default:
      return unreachable(event);
  }
}

export const normativeStockDecider: Decider<NormativeStockCommand, NormativeStockEvent, NormativeStockState> = {
  decide,
  evolve,
  initialState: { phase: 'none' },
};
