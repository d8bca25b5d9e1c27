// How a consultation is stored (its decider, its contracts, the agency of its events) and its list
// view: the kind's StreamViews declaration.
import { type ContractRegistry } from '#contracts';
import { consultationAnswered, consultationReceived } from '#contracts/consultations';
import { type StreamType } from '#event-sourcing';
import { type StreamViewsSpec } from '#event-sourcing/read-model';
import {
  consultationDecider,
  type ConsultationCommand,
  type ConsultationEvent,
  type ConsultationState,
} from '../domain/consultation.decider.js';

export type ConsultationStream = StreamType<ConsultationCommand, ConsultationEvent, ConsultationState>;

export const consultationStream = (registry: ContractRegistry): ConsultationStream => ({
  service: 'consultations',
  decider: consultationDecider,
  registry,
  agencyOf: (s) => (s.status === 'none' ? '' : s.agencyId),
  isNew: (s) => s.status === 'none',
});

/** The list view of a consultation (collection `consultations`). */
export interface ConsultationView {
  readonly id: string;
  readonly version: number;
  readonly agencyId: string;
  readonly channel: string;
  readonly receivedOn: string;
  readonly topic: string | null;
  readonly status: 'received' | 'answered';
  readonly answeredOn: string | null;
}

export const CONSULTATION_VIEWS = 'consultations';

export function consultationView(id: string, version: number, s: ConsultationState): ConsultationView | undefined {
  if (s.status === 'none') return undefined;
  return {
    id,
    version,
    agencyId: s.agencyId,
    channel: s.channel,
    receivedOn: s.receivedOn,
    topic: s.topic ?? null,
    status: s.status,
    answeredOn: s.answeredOn ?? null,
  };
}

/** The injection token of the consultations' StreamViews. */
export const CONSULTATIONS = Symbol('consultations');

export const consultationViews = (
  registry: ContractRegistry,
): StreamViewsSpec<ConsultationCommand, ConsultationEvent, ConsultationState, ConsultationView> => ({
  stream: consultationStream(registry),
  collection: CONSULTATION_VIEWS,
  indexes: ['agencyId', 'receivedOn', 'channel', 'status'],
  eventTypes: new Set([consultationReceived.type, consultationAnswered.type]),
  view: consultationView,
  notFound: { rule: 'consultation.unknown', what: 'consultation' },
});
