// The consultation use cases: load → decide → append through the CommandRunner, then the list view.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ContractRegistry } from '#contracts';
import { type ConsultationChannel } from '#contracts/consultations';
import {
  CommandRunner,
  DOCUMENTS,
  DomainError,
  OutboxRelay,
  type CommandContext,
  type Commit,
  type DocumentCollection,
  type DocumentCollections,
  type FindResult,
  type Where,
} from '#event-sourcing';
import { legalToday, withDateWarnings, type WithDateWarnings } from '#contracts/legal-time';
import {
  CONSULTATION_VIEWS,
  consultationStream,
  consultationView,
  type ConsultationStream,
  type ConsultationView,
} from './consultation.stream.js';
import { type ConsultationCommand } from '../domain/consultation.decider.js';

export interface ReceiveConsultationInput {
  readonly agencyId: string;
  readonly channel: ConsultationChannel;
  readonly receivedOn: string;
  readonly topic?: string;
}

export interface CommandMeta {
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
  readonly expectedVersion?: number;
}

const CONSULTATION_EVENT_TYPES = new Set(['consultations.ConsultationReceived', 'consultations.ConsultationAnswered']);

@Injectable()
export class ConsultationsService implements OnModuleInit {
  private readonly stream: ConsultationStream;
  private readonly views: DocumentCollection<ConsultationView>;

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(ContractRegistry) registry: ContractRegistry,
    @Inject(DOCUMENTS) documents: DocumentCollections,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {
    this.stream = consultationStream(registry);
    this.views = documents.collection<ConsultationView>(CONSULTATION_VIEWS, {
      indexes: ['agencyId', 'receivedOn', 'channel', 'status'],
    });
  }

  onModuleInit(): void {
    // The list view is written after each command; this keeps it converged when a process died in
    // between (the relay calls it for every commit, at least once).
    this.relay.addCommitListener((commit) => this.onCommit(commit));
  }

  async receive(
    input: ReceiveConsultationInput,
    ctx: CommandContext,
    meta: CommandMeta,
  ): Promise<WithDateWarnings<ConsultationView>> {
    const id = await this.runner.idForCreate('consultations', input.agencyId, meta.idempotencyKey);
    const command: ConsultationCommand = { type: 'ReceiveConsultation', ...input, today: legalToday(ctx.now) };
    const result = await this.runner.run(this.stream, id, command, ctx, {
      idempotencyKey: meta.idempotencyKey,
      requestHash: meta.requestHash,
    });
    return withDateWarnings(await this.refreshView(id, result.version, result.state), command);
  }

  async answer(
    id: string,
    answeredOn: string,
    ctx: CommandContext,
    meta: CommandMeta,
  ): Promise<WithDateWarnings<ConsultationView>> {
    const command: ConsultationCommand = { type: 'AnswerConsultation', answeredOn, today: legalToday(ctx.now) };
    const result = await this.runner.run(this.stream, id, command, ctx, meta);
    return withDateWarnings(await this.refreshView(id, result.version, result.state), command);
  }

  async get(id: string): Promise<ConsultationView> {
    const loaded = await this.runner.load(this.stream, id);
    const view = consultationView(id, loaded.version, loaded.state);
    if (!view) throw new DomainError('consultation.unknown', `no consultation ${id}`, { kind: 'not-found' });
    return view;
  }

  list(where: Where, skip: number, limit: number): Promise<FindResult<ConsultationView>> {
    return this.views.find({ where, sort: { receivedOn: -1 }, skip, limit });
  }

  private async refreshView(
    id: string,
    version: number,
    state: Parameters<typeof consultationView>[2],
  ): Promise<ConsultationView> {
    const view = consultationView(id, version, state);
    if (!view) throw new Error(`consultation ${id} has no state after a command`);
    await this.views.upsertIfNewer(id, version, view);
    return view;
  }

  private async onCommit(commit: Commit): Promise<void> {
    if (!commit.events.some((e) => CONSULTATION_EVENT_TYPES.has(e.type))) return;
    const loaded = await this.runner.load(this.stream, commit.streamId);
    const view = consultationView(commit.streamId, loaded.version, loaded.state);
    if (view) await this.views.upsertIfNewer(commit.streamId, loaded.version, view);
  }
}
