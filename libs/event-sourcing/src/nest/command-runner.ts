// What application handlers call: load → decide → append against the service's store. Each command
// is counted by its result, and each append by the types of the events it wrote (issue 8).
import { Inject, Injectable, Optional } from '@nestjs/common';
import { type EventEnvelope, type ServiceName } from '#contracts';
import {
  handleCommand,
  loadStream,
  type CommandContext,
  type CommandOptions,
  type CommandResult,
  type StreamCommands,
  type StreamType,
} from '../command-handler.js';
import { type DomainEvent } from '../decider.js';
import { type EventStore } from '../event-store.js';
import { createStreamId } from '../stream-ids.js';
import { KernelMetrics } from './kernel-metrics.js';
import { EVENT_STORE } from './tokens.js';

/** The label a command is counted under: its `type` (`ReceiveRequest`), else the stream's service. */
export function commandLabel(streamType: { readonly service: string }, command: unknown): string {
  const type = (command as { type?: unknown } | null)?.type;
  return typeof type === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(type) ? type : `${streamType.service}.command`;
}

@Injectable()
export class CommandRunner implements StreamCommands {
  private readonly metrics: KernelMetrics;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Optional() @Inject(KernelMetrics) metrics?: KernelMetrics,
  ) {
    this.metrics = metrics ?? new KernelMetrics();
  }

  run<TCommand, TEvent extends DomainEvent, TState>(
    streamType: StreamType<TCommand, TEvent, TState>,
    streamId: string,
    command: TCommand,
    ctx: CommandContext,
    options?: CommandOptions,
  ): Promise<CommandResult<TState>> {
    return this.metrics.trackCommand(commandLabel(streamType, command), async () => {
      const result = await handleCommand(this.store, streamType, streamId, command, ctx, options);
      // A retried command that appended nothing new is still accepted, but wrote no events.
      if (!result.duplicate && result.events.length > 0) this.metrics.recordAppended(result.events.map((e) => e.type));
      return result;
    });
  }

  /** The id of the case a create opens in `agencyId` under `idempotencyKey` (stream-ids.ts). */
  idForCreate(service: ServiceName, agencyId: string, idempotencyKey: string | undefined): Promise<string> {
    return createStreamId(this.store, service, agencyId, idempotencyKey);
  }

  load<TEvent extends DomainEvent, TState>(
    streamType: Pick<StreamType<unknown, TEvent, TState>, 'decider' | 'registry'>,
    streamId: string,
  ): Promise<{ state: TState; version: number; events: EventEnvelope[] }> {
    return loadStream(this.store, streamType, streamId);
  }
}
