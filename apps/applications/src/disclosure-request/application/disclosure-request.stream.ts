// How a disclosure request is stored (its decider, contracts and agency) and what its list view
// holds: the facts the office filters on, and the due date as of the last change.
import { type ContractRegistry } from '#contracts';
import { applicationsContracts, type LegacyOutcome, type Outcome } from '#contracts/applications';
import { type StreamType } from '#event-sourcing';
import {
  type CaseTexts,
  type CaseTextValues,
  type StreamViews,
  type StreamViewsSpec,
} from '#event-sourcing/read-model';
import { type Deadline } from '../domain/deadline.js';
import {
  deadlineOfRequest,
  disclosureRequestDecider,
  requestTextsOf,
  type DisclosureRequest,
  type DisclosureRequestCommand,
  type DisclosureRequestEvent,
  type DisclosureRequestState,
} from '../domain/disclosure-request.js';

export type DisclosureRequestStream = StreamType<
  DisclosureRequestCommand,
  DisclosureRequestEvent,
  DisclosureRequestState
>;

export const disclosureRequestStream = (registry: ContractRegistry): DisclosureRequestStream => ({
  service: 'applications',
  decider: disclosureRequestDecider,
  registry,
  agencyOf: (s) => (s.phase === 'none' ? '' : s.agencyId),
  isNew: (s) => s.phase === 'none',
});

/**
 * Where a request stands. Open: `in-progress` (the clock runs), `awaiting-clarification` (补正),
 * `consulting` (a third party or another agency), `awaiting-payment` (a fee notice is unpaid).
 * Concluded: `replied` or `withdrawn`.
 */
export const REQUEST_STATUSES = [
  'in-progress',
  'awaiting-clarification',
  'consulting',
  'awaiting-payment',
  'replied',
  'withdrawn',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export function statusOf(r: DisclosureRequest): RequestStatus {
  if (r.conclusion) return r.conclusion.kind;
  if (r.clarification && r.clarification.receivedOn === undefined) return 'awaiting-clarification';
  if (r.consultations.some((c) => c.opinionReceivedOn === undefined)) return 'consulting';
  if (r.fee && r.fee.paidOn === undefined && r.fee.lapsedOn === undefined) return 'awaiting-payment';
  return 'in-progress';
}

/**
 * The list view of a request (collection `disclosure_requests`). No personal data: the free text
 * (what is asked for) lives in the service's case texts and is added when the view is read.
 */
export interface DisclosureRequestView {
  readonly id: string;
  readonly version: number;
  readonly agencyId: string;
  readonly receiptDate: string;
  readonly channel: string;
  readonly applicantType: string;
  readonly applicantRef: string;
  readonly regime: string;
  readonly status: RequestStatus;
  readonly open: boolean;
  /** `running` (dueDate set), `paused`, `unknown` (holiday data missing) or `concluded`. */
  readonly deadlineStatus: 'running' | 'paused' | 'unknown' | 'concluded';
  /** Due by the end of this day; null unless the clock runs. */
  readonly dueDate: string | null;
  readonly extended: boolean;
  readonly concludedOn: string | null;
  readonly outcome: Outcome | null;
  readonly legacyOutcome: LegacyOutcome | null;
}

export const DISCLOSURE_REQUEST_VIEWS = 'disclosure_requests';

export function disclosureRequestView(
  id: string,
  version: number,
  state: DisclosureRequestState,
): DisclosureRequestView | undefined {
  if (state.phase === 'none') return undefined;
  const deadline = deadlineOfRequest(state);
  return {
    id,
    version,
    agencyId: state.agencyId,
    receiptDate: state.receiptDate,
    channel: state.channel,
    applicantType: state.applicantType,
    applicantRef: state.applicantRef,
    regime: state.regime,
    status: statusOf(state),
    open: state.phase === 'open',
    deadlineStatus: deadline?.status ?? 'concluded',
    dueDate: deadline?.status === 'running' ? deadline.dueDate : null,
    extended: state.extension !== undefined,
    concludedOn: state.conclusion?.on ?? null,
    outcome: state.conclusion?.outcome ?? null,
    legacyOutcome: state.conclusion?.legacyOutcome ?? null,
  };
}

/** One request in full: the view, the live deadline, and every step recorded. */
export interface DisclosureRequestDetail extends DisclosureRequestView {
  readonly deadline: Deadline | null;
  readonly clockStartedOn: string;
  readonly clarification: DisclosureRequest['clarification'] | null;
  readonly consultations: DisclosureRequest['consultations'];
  readonly fee: DisclosureRequest['fee'] | null;
  readonly extension: DisclosureRequest['extension'] | null;
}

export function disclosureRequestDetail(
  id: string,
  version: number,
  state: DisclosureRequestState,
): DisclosureRequestDetail | undefined {
  const view = disclosureRequestView(id, version, state);
  if (!view || state.phase === 'none') return undefined;
  return {
    ...view,
    deadline: deadlineOfRequest(state) ?? null,
    clockStartedOn: state.clockStartedOn,
    clarification: state.clarification ?? null,
    consultations: state.consultations,
    fee: state.fee ?? null,
    extension: state.extension ?? null,
  };
}

/** What a reader sees: the view with the texts typed into the request ('[erased]' once erased). */
export type ShownRequest<T extends DisclosureRequestView> = T & {
  /** What information is asked for; null when no text is on file (a request recorded before v2 events). */
  readonly informationRequested: string | null;
};

export function showRequest<T extends DisclosureRequestView>(view: T, texts: CaseTextValues): ShownRequest<T> {
  const shown = { ...view, informationRequested: texts['informationRequested'] ?? null };
  const extension = (view as Partial<DisclosureRequestDetail>).extension;
  if (extension) return { ...shown, extension: { ...extension, reason: texts['extensionReason'] ?? null } };
  return shown;
}

export type DisclosureRequestViews = StreamViews<
  DisclosureRequestCommand,
  DisclosureRequestEvent,
  DisclosureRequestState,
  DisclosureRequestView
>;

/**
 * The kind's declaration: its stream, its list view (indexed for the office's filters), the refusal of
 * an unknown id, and the text each command typed, kept about the request's applicant.
 */
export const disclosureRequestViews = (
  registry: ContractRegistry,
  texts: CaseTexts,
): StreamViewsSpec<
  DisclosureRequestCommand,
  DisclosureRequestEvent,
  DisclosureRequestState,
  DisclosureRequestView
> => ({
  stream: disclosureRequestStream(registry),
  collection: DISCLOSURE_REQUEST_VIEWS,
  indexes: ['agencyId', 'receiptDate', 'status', ['open', 'dueDate'], 'concludedOn', 'applicantRef'],
  eventTypes: new Set(applicationsContracts.map((c) => c.type)),
  view: disclosureRequestView,
  notFound: { rule: 'request.not-found', what: 'disclosure request' },
  texts: {
    store: texts,
    of: requestTextsOf,
    subjectOf: (s) => (s.phase === 'none' ? null : s.applicantRef),
    show: showRequest,
  },
});
