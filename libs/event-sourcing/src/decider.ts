// A case's business logic as two pure functions (DESIGN §8.1): `decide` turns a command and the
// current state into new events (or refuses with a DomainError); `evolve` folds one event into the
// state. No I/O, no clock, no ids: those come in with the command.

/** A domain fact as the decider sees it: short type (no service prefix) and its data. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  /**
   * Legal effective time (ISO-8601) when it differs from the time of recording, e.g. the receipt
   * date of a request. Defaults to the command's time.
   */
  readonly occurredAt?: string;
}

export interface Decider<TCommand, TEvent extends DomainEvent, TState> {
  decide(command: TCommand, state: TState): TEvent[];
  evolve(state: TState, event: TEvent): TState;
  readonly initialState: TState;
}

export function fold<TEvent extends DomainEvent, TState>(
  decider: Pick<Decider<unknown, TEvent, TState>, 'evolve' | 'initialState'>,
  events: Iterable<TEvent>,
  from: TState = decider.initialState,
): TState {
  let state = from;
  for (const e of events) state = decider.evolve(state, e);
  return state;
}

/** Exhaustiveness guard for discriminated unions: every switch over a union ends here. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
