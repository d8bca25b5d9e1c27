// A bulk batch of consultations, identified by the client's batch id. Receiving it records what
// the batch held (its content hash and row counts); the same batch id with other content is refused,
// the same content again decides nothing. It completes once all its chunks are committed.
import { type ConsultationBatchCompletedData, type ConsultationBatchReceivedData } from '#contracts/consultations';
import { DomainError, unreachable, type Decider } from '#event-sourcing';

export type ConsultationBatchCommand =
  | { readonly type: 'ReceiveBatch'; readonly batch: ConsultationBatchReceivedData }
  | { readonly type: 'CompleteBatch'; readonly contacts: number };

export type ConsultationBatchEvent =
  | {
      readonly type: 'ConsultationBatchReceived';
      readonly data: ConsultationBatchReceivedData;
      readonly occurredAt?: string;
    }
  | {
      readonly type: 'ConsultationBatchCompleted';
      readonly data: ConsultationBatchCompletedData;
      readonly occurredAt?: string;
    };

export type ConsultationBatchState =
  | { readonly status: 'none' }
  | {
      readonly status: 'received' | 'completed';
      readonly batch: ConsultationBatchReceivedData;
      readonly contacts: number | undefined;
    };

function decide(command: ConsultationBatchCommand, state: ConsultationBatchState): ConsultationBatchEvent[] {
  switch (command.type) {
    case 'ReceiveBatch': {
      const b = command.batch;
      if (state.status !== 'none') {
        if (state.batch.contentHash === b.contentHash && state.batch.agencyId === b.agencyId) return [];
        throw new DomainError(
          'batch.id-reused',
          `batch ${b.batchId} was already received with other content or agency: choose a new batch id`,
          { field: 'batchId', kind: 'conflict' },
        );
      }
      if (b.acceptedRows + b.rejectedRows !== b.rows) {
        throw new DomainError('batch.counts-inconsistent', 'accepted + rejected rows must equal the rows read');
      }
      return [{ type: 'ConsultationBatchReceived', data: b }];
    }
    case 'CompleteBatch': {
      if (state.status === 'none') throw new DomainError('batch.unknown', 'no such batch', { kind: 'not-found' });
      if (state.status === 'completed') return [];
      return [
        {
          type: 'ConsultationBatchCompleted',
          data: { batchId: state.batch.batchId, acceptedRows: state.batch.acceptedRows, contacts: command.contacts },
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

function evolve(state: ConsultationBatchState, event: ConsultationBatchEvent): ConsultationBatchState {
  switch (event.type) {
    case 'ConsultationBatchReceived':
      return { status: 'received', batch: event.data, contacts: undefined };
    case 'ConsultationBatchCompleted':
      return state.status === 'none' ? state : { ...state, status: 'completed', contacts: event.data.contacts };
    default:
      return unreachable(event);
  }
}

export const consultationBatchDecider: Decider<
  ConsultationBatchCommand,
  ConsultationBatchEvent,
  ConsultationBatchState
> = { decide, evolve, initialState: { status: 'none' } };
