// Learns which acts exist, and their agency, from the topics of the services that make them
// (applications.events: disclosure requests; enforcement.events: violation cases), and confirms the
// appeals that were waiting for them. It translates their contracts into this service's own facts
// and commands; it never imports their code.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { eventsTopic, type EventEnvelope } from '#contracts';
import { type ActKind, type ActReference } from '#contracts/appeals';
import { disclosureRequestReceived } from '#contracts/applications';
import { VIOLATION_CASE_EVENT_TYPES } from '#contracts/enforcement';
import { EventSubscriptions } from '#event-sourcing/nest';
import { ActConfirmationProcess } from '../application/act-confirmation.process.js';
import { KnownActs } from '../application/known-acts.js';

/** Injection token: the consumer group, `<topic prefix>appeals.acts` (see `actsConsumerGroup`). */
export const ACTS_CONSUMER_GROUP = Symbol('ACTS_CONSUMER_GROUP');

/** The kind of act an event proves to exist, or undefined for events that are not about such acts. */
export function actKindOf(event: Pick<EventEnvelope, 'type'>): ActKind | undefined {
  // A disclosure request exists once received; the reply the appeal contests is made on it.
  if (event.type === disclosureRequestReceived.type) return 'disclosure-request';
  // Any event of a violation case stream: the decisions an appeal contests are made on the case.
  if (VIOLATION_CASE_EVENT_TYPES.includes(event.type)) return 'enforcement-case';
  return undefined;
}

/** Records the act an event proves to exist (the `known-acts` projection); undefined for other events. */
export async function recordAct(acts: KnownActs, event: EventEnvelope): Promise<ActReference | undefined> {
  const kind = actKindOf(event);
  if (kind === undefined) return undefined;
  await acts.record(
    {
      kind,
      ref: event.streamId,
      agencyId: event.agencyId,
      eventType: event.type,
      eventId: event.id,
      recordedAt: event.recordedAt,
    },
    event.streamVersion,
  );
  return { kind, ref: event.streamId };
}

@Injectable()
export class ActsConsumer implements OnModuleInit {
  constructor(
    @Inject(EventSubscriptions) private readonly subscriptions: EventSubscriptions,
    @Inject(KnownActs) private readonly acts: KnownActs,
    @Inject(ActConfirmationProcess) private readonly confirmation: ActConfirmationProcess,
    @Inject(ACTS_CONSUMER_GROUP) private readonly groupId: string,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.subscriptions.subscribe({
      groupId: this.groupId,
      topics: [eventsTopic('applications'), eventsTopic('enforcement')],
      handle: (event) => this.handle(event),
    });
  }

  /**
   * Records the act, THEN wakes the appeals waiting for it (the filing registers, then looks the act
   * up: whichever runs second sees the other's write). Idempotent: recording is version-guarded and
   * confirming twice decides nothing.
   */
  async handle(event: EventEnvelope): Promise<void> {
    const act = await recordAct(this.acts, event);
    if (act !== undefined) await this.confirmation.actSeen(event, act);
  }
}
