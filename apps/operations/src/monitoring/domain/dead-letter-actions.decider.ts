// What operations did with the dead letters of one source topic (stream `dead-letters:<topic>`).
// A dead letter is a message a consumer group gave up on after its retries (libs/messaging). Each
// letter is handled at most once: replayed (sent back to its original topic) or discarded. Both are
// final — a replayed letter that fails again arrives as a new letter at a new offset — so a handled
// letter is no longer listed. Who acted is the event's actor; why is a required reason.
import { type DeadLetterActionData } from '#contracts/operations';
import { type Decider, type DomainEvent, DomainError, unreachable } from '#event-sourcing';

export type DeadLetterActionEvent =
  DomainEvent<'DeadLetterReplayed', DeadLetterActionData> | DomainEvent<'DeadLetterDiscarded', DeadLetterActionData>;

export type DeadLetterActionCommand =
  | { readonly type: 'ReplayDeadLetter'; readonly action: DeadLetterActionData }
  | { readonly type: 'DiscardDeadLetter'; readonly action: DeadLetterActionData };

export type DeadLetterOutcome = 'replayed' | 'discarded';

export interface DeadLetterActionsState {
  /** By letter key (`letterKey`): what was done with it. */
  readonly handled: Readonly<Record<string, DeadLetterOutcome>>;
}

export const deadLetterStreamId = (originalTopic: string): string => `dead-letters:${originalTopic}`;

export const letterKey = (at: {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}): string => `${at.topic}/${at.partition}@${at.offset}`;

const MIN_REASON = 5;

function decide(command: DeadLetterActionCommand, state: DeadLetterActionsState): DeadLetterActionEvent[] {
  const { action } = command;
  if (action.reason.trim().length < MIN_REASON) {
    throw new DomainError('dead-letter.reason-required', `a reason of at least ${MIN_REASON} characters is required`, {
      field: 'reason',
    });
  }
  const done = state.handled[letterKey(action.letter)];
  if (done !== undefined) {
    throw new DomainError(
      'dead-letter.already-handled',
      `dead letter ${letterKey(action.letter)} was already ${done}`,
      {
        kind: 'conflict',
      },
    );
  }
  switch (command.type) {
    case 'ReplayDeadLetter':
      return [{ type: 'DeadLetterReplayed', data: action }];
    case 'DiscardDeadLetter':
      return [{ type: 'DeadLetterDiscarded', data: action }];
    default:
      return unreachable(command);
  }
}

function evolve(state: DeadLetterActionsState, event: DeadLetterActionEvent): DeadLetterActionsState {
  const key = letterKey(event.data.letter);
  switch (event.type) {
    case 'DeadLetterReplayed':
      return { handled: { ...state.handled, [key]: 'replayed' } };
    case 'DeadLetterDiscarded':
      return { handled: { ...state.handled, [key]: 'discarded' } };
    default:
      return unreachable(event);
  }
}

export const deadLetterActionsDecider: Decider<DeadLetterActionCommand, DeadLetterActionEvent, DeadLetterActionsState> =
  { decide, evolve, initialState: { handled: {} } };
