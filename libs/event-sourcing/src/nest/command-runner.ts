// What application handlers call: load → decide → append against the service's store.
import { Inject, Injectable } from '@nestjs/common';
import { type EventEnvelope } from '#contracts';
import {
  handleCommand,
  loadStream,
  type CommandContext,
  type CommandOptions,
  type CommandResult,
  type StreamType,
} from '../command-handler.js';
import { type DomainEvent } from '../decider.js';
import { type EventStore } from '../event-store.js';
import { EVENT_STORE } from './tokens.js';

@Injectable()
export class CommandRunner {
  constructor(@Inject(EVENT_STORE) readonly store: EventStore) {}

  run<TCommand, TEvent extends DomainEvent, TState>(
    streamType: StreamType<TCommand, TEvent, TState>,
    streamId: string,
    command: TCommand,
    ctx: CommandContext,
    options?: CommandOptions,
  ): Promise<CommandResult<TState>> {
    return handleCommand(this.store, streamType, streamId, command, ctx, options);
  }

  load<TEvent extends DomainEvent, TState>(
    streamType: Pick<StreamType<unknown, TEvent, TState>, 'decider' | 'registry'>,
    streamId: string,
  ): Promise<{ state: TState; version: number; events: EventEnvelope[] }> {
    return loadStream(this.store, streamType, streamId);
  }
}
