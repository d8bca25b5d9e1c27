// The stream type of a publications case: every kind's state has a phase, `none` before its first
// event, and the agency that owns it from then on.
import { type ContractRegistry } from '#contracts';
import { type Decider, type DomainEvent, type StreamType } from '#event-sourcing';

type Phased = { readonly phase: 'none' } | { readonly phase: string; readonly agencyId: string };

export function phasedStream<TCommand, TEvent extends DomainEvent, TState extends Phased>(
  decider: Decider<TCommand, TEvent, TState>,
  registry: ContractRegistry,
): StreamType<TCommand, TEvent, TState> {
  return {
    service: 'publications',
    decider,
    registry,
    agencyOf: (s) => ('agencyId' in s && s.phase !== 'none' ? s.agencyId : ''),
    isNew: (s) => s.phase === 'none',
  };
}
