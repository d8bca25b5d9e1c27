// The consultation use cases: a consultation case with its list view (the kernel's StreamViews).
import { Inject, Injectable } from '@nestjs/common';
import { type ConsultationChannel } from '#contracts/consultations';
import { type CommandContext, type CommandOptions } from '#event-sourcing';
import { StreamViews, type FindResult, type Where } from '#event-sourcing/read-model';
import { CaseKinds } from '#event-sourcing/nest';
import { legalToday, withDateWarnings, type WithDateWarnings } from '#contracts/legal-time';
import {
  type ConsultationCommand,
  type ConsultationEvent,
  type ConsultationState,
} from '../domain/consultation.decider.js';
import {
  CONSULTATION_VIEWS,
  consultationStream,
  consultationView,
  type ConsultationView,
} from './consultation.stream.js';

export interface ReceiveConsultationInput {
  readonly agencyId: string;
  readonly channel: ConsultationChannel;
  readonly receivedOn: string;
  readonly topic?: string;
}

const CONSULTATION_EVENT_TYPES = new Set(['consultations.ConsultationReceived', 'consultations.ConsultationAnswered']);

@Injectable()
export class ConsultationsService {
  private readonly consultations: StreamViews<
    ConsultationCommand,
    ConsultationEvent,
    ConsultationState,
    ConsultationView
  >;

  constructor(@Inject(CaseKinds) kinds: CaseKinds) {
    this.consultations = kinds.of((registry) => ({
      stream: consultationStream(registry),
      collection: CONSULTATION_VIEWS,
      indexes: ['agencyId', 'receivedOn', 'channel', 'status'],
      eventTypes: CONSULTATION_EVENT_TYPES,
      view: consultationView,
      notFound: { rule: 'consultation.unknown', what: 'consultation' },
    }));
  }

  async receive(
    input: ReceiveConsultationInput,
    ctx: CommandContext,
    meta: CommandOptions,
  ): Promise<WithDateWarnings<ConsultationView>> {
    const id = await this.consultations.idForCreate(input.agencyId, meta.idempotencyKey);
    const command: ConsultationCommand = { type: 'ReceiveConsultation', ...input, today: legalToday(ctx.now) };
    const view = await this.consultations.run(id, command, ctx, {
      idempotencyKey: meta.idempotencyKey,
      requestHash: meta.requestHash,
    });
    return withDateWarnings(view, command);
  }

  async answer(
    id: string,
    answeredOn: string,
    ctx: CommandContext,
    meta: CommandOptions,
  ): Promise<WithDateWarnings<ConsultationView>> {
    const command: ConsultationCommand = { type: 'AnswerConsultation', answeredOn, today: legalToday(ctx.now) };
    return withDateWarnings(await this.consultations.run(id, command, ctx, meta), command);
  }

  get(id: string): Promise<ConsultationView> {
    return this.consultations.get(id);
  }

  list(where: Where, skip: number, limit: number): Promise<FindResult<ConsultationView>> {
    return this.consultations.list(where, { receivedOn: -1 }, skip, limit);
  }
}
