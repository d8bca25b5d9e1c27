// One chunk of a bulk batch for one agency (see import-chunks.ts). Created once; importing it again
// decides nothing — that is what makes a re-sent batch commit nothing twice.
import { type ConsultationsImportedData } from '#contracts/consultations';
import { DomainError, unreachable, type Decider } from '#event-sourcing';
import { legalInstant } from '#contracts/legal-time';
import { chunkOf } from './import-chunks.js';

export type ImportChunkCommand = { readonly type: 'ImportChunk'; readonly chunk: ConsultationsImportedData };

export type ImportChunkEvent = {
  readonly type: 'ConsultationsImported';
  readonly data: ConsultationsImportedData;
  readonly occurredAt: string;
};

export type ImportChunkState =
  { readonly status: 'none' } | { readonly status: 'imported'; readonly chunk: ConsultationsImportedData };

function decide(command: ImportChunkCommand, state: ImportChunkState): ImportChunkEvent[] {
  switch (command.type) {
    case 'ImportChunk': {
      if (state.status === 'imported') return [];
      const c = command.chunk;
      const sum = c.days.reduce((n, d) => n + d.online + d['on-site'] + d.phone, 0);
      if (
        c.days.length === 0 ||
        new Set(c.days.map((d) => d.date)).size !== c.days.length ||
        sum !== c.contacts ||
        c.rows < 1 ||
        c.rows > c.lastRow - c.firstRow + 1 ||
        chunkOf(c.firstRow, c.chunkRows) !== c.chunk ||
        chunkOf(c.lastRow, c.chunkRows) !== c.chunk
      ) {
        throw new DomainError('import.chunk-inconsistent', `chunk ${c.chunk} of batch ${c.batchId} does not add up`);
      }
      // Not empty (checked above).
      const earliest = c.days.map((d) => d.date).reduce((first, date) => (date < first ? date : first));
      return [{ type: 'ConsultationsImported', data: c, occurredAt: legalInstant(earliest) }];
    }
    default:
      return unreachable(command.type);
  }
}

function evolve(_state: ImportChunkState, event: ImportChunkEvent): ImportChunkState {
  switch (event.type) {
    case 'ConsultationsImported':
      return { status: 'imported', chunk: event.data };
    default:
      return unreachable(event.type);
  }
}

export const importChunkDecider: Decider<ImportChunkCommand, ImportChunkEvent, ImportChunkState> = {
  decide,
  evolve,
  initialState: { status: 'none' },
};
