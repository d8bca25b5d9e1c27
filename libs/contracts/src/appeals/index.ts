// The public event contracts of the `appeals` service (topic `appeals.events`).
//
// An appeal contests an administrative act of an agency: a reply to a disclosure request (the act
// reference is the request's stream id in `applications.events`) or a decision on an enforcement
// case (the case's stream id in `enforcement.events`). What national format 四 counts:
// - 行政复议 = ReconsiderationFiled; 行政诉讼·未经复议直接起诉 = LawsuitFiled route `direct`;
//   行政诉讼·复议后起诉 = LawsuitFiled route `after-reconsideration`;
// - 结果维持 / 结果纠正 / 其他结果 = AppealDecided result `upheld` / `corrected` / `other`;
//   尚未审结 = not decided (yet).
// An appeal counts only once its act is confirmed — `actConfirmation: confirmed` on the filing, or a
// later ActConfirmed / ActReferenceCorrected(confirmed). A `pending` appeal references an act this
// service has not seen on the topics yet (see docs/adr/0005-appeals-against-acts-not-yet-seen.md):
// it is kept, never counted against an act that does not exist, and confirmed when the act arrives.
import { z } from 'zod';
import { agencyIdSchema } from '../agencies/index.js';
import { defineEvent, type EventContract, type EventDataOf } from '../registry.js';

/**
 * defineEvent with the data type taken from the schema alone: the example is checked against it
 * instead of widening it (defineEvent infers from both, turning enum values into plain strings).
 */
const event = <TType extends string, S extends z.ZodType>(
  contract: Omit<EventContract<TType, z.output<S>>, 'schema'> & { readonly schema: S },
): EventContract<TType, z.output<S>> => defineEvent<TType, z.output<S>>(contract as EventContract<TType, z.output<S>>);

/** What an appeal contests: the reply to a disclosure request, or a decision on an enforcement case. */
export const ACT_KINDS = ['disclosure-request', 'enforcement-case'] as const;
export type ActKind = (typeof ACT_KINDS)[number];

/** 维持, 纠正, 其他结果 (withdrawn, dismissed, other). Undecided is 尚未审结. */
export const APPEAL_RESULTS = ['upheld', 'corrected', 'other'] as const;
export const APPEAL_RESULT_LABELS = { upheld: '结果维持', corrected: '结果纠正', other: '其他结果' } as const;
export const APPEAL_PENDING_LABEL = '尚未审结';
export const OTHER_RESULTS = ['withdrawn', 'dismissed', 'other'] as const;

export const LAWSUIT_ROUTES = ['direct', 'after-reconsideration'] as const;
export const APPEAL_KIND_LABELS = {
  reconsideration: '行政复议',
  'lawsuit-direct': '行政诉讼·未经复议直接起诉',
  'lawsuit-after-reconsideration': '行政诉讼·复议后起诉',
} as const;

/** `confirmed`: the act is known on its topic with this appeal's agency; `pending`: not seen yet. */
export const ACT_CONFIRMATIONS = ['confirmed', 'pending'] as const;

const agencyId = agencyIdSchema;
const legalDate = z.iso.date();
const act = z.strictObject({
  kind: z.enum(ACT_KINDS),
  /** The stream id of the request or case on its service's topic. */
  ref: z.string().min(1).max(200),
});
const timers = {
  filedOn: legalDate,
  /** The date the reconsideration body or court accepted the case; the decision clock runs from it. */
  acceptedOn: legalDate,
  /** Last day of the statutory filing window (REPORTS §4). */
  filingDeadline: legalDate,
  /** Recorded, never refused: the deciding body may accept a late filing. */
  filedInTime: z.boolean(),
  decisionDueOn: legalDate,
  actConfirmation: z.enum(ACT_CONFIRMATIONS),
};

export const reconsiderationFiled = event({
  type: 'appeals.ReconsiderationFiled',
  schemaVersion: 1,
  description:
    'An application for administrative reconsideration (行政复议) against an act of agencyId was filed. ' +
    'Window: 60 days from knownOn; decision due 60 days after acceptedOn (extendable by 30). Counts in 行政复议 ' +
    'in the year of filedOn once the act is confirmed.',
  schema: z.strictObject({ agencyId, act, knownOn: legalDate, ...timers }),
  example: {
    agencyId: 'zhuzhou-city',
    act: { kind: 'disclosure-request', ref: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a11' },
    knownOn: '2009-05-04',
    filedOn: '2009-05-20',
    acceptedOn: '2009-05-22',
    filingDeadline: '2009-07-03',
    filedInTime: true,
    decisionDueOn: '2009-07-21',
    actConfirmation: 'confirmed',
  },
});

export const lawsuitFiled = event({
  type: 'appeals.LawsuitFiled',
  schemaVersion: 1,
  description:
    'An administrative lawsuit (行政诉讼) against an act of agencyId was filed, directly (未经复议直接起诉: ' +
    'within 6 months of knownOn, 3 months before 2015-05-01) or after reconsideration (复议后起诉, ' +
    'reconsiderationId: within 15 days of its decision, or of its decision deadline). First-instance judgment ' +
    'due 6 months after acceptedOn (3 months before 2015-05-01).',
  schema: z.strictObject({
    agencyId,
    route: z.enum(LAWSUIT_ROUTES),
    act,
    /** The appeal id of the reconsideration, for route `after-reconsideration`. */
    reconsiderationId: z.string().min(1).max(200).optional(),
    /** When the plaintiff knew of the act, for route `direct`. */
    knownOn: legalDate.optional(),
    ...timers,
  }),
  example: {
    agencyId: 'zhuzhou-city',
    route: 'after-reconsideration',
    act: { kind: 'disclosure-request', ref: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a11' },
    reconsiderationId: '0190f5d0-0000-7000-8000-000000000001',
    filedOn: '2009-08-01',
    acceptedOn: '2009-08-05',
    filingDeadline: '2009-08-05',
    filedInTime: true,
    decisionDueOn: '2009-11-05',
    actConfirmation: 'confirmed',
  },
});

export const decisionDeadlineExtended = event({
  type: 'appeals.DecisionDeadlineExtended',
  schemaVersion: 1,
  description: 'The reconsideration decision deadline was extended (at most once, by at most 30 days).',
  schema: z.strictObject({ extendedByDays: z.number().int().min(1).max(30), decisionDueOn: legalDate }),
  example: { extendedByDays: 30, decisionDueOn: '2009-08-20' },
});

export const actConfirmed = event({
  type: 'appeals.ActConfirmed',
  schemaVersion: 1,
  description:
    'The contested act of a pending appeal was seen on its topic, belonging to the appeal’s agency: from now ' +
    'the appeal counts (in the year of its filing).',
  schema: z.strictObject({ act }),
  example: { act: { kind: 'disclosure-request', ref: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a11' } },
});

export const actConfirmationOverdue = event({
  type: 'appeals.ActConfirmationOverdue',
  schemaVersion: 1,
  description:
    'The contested act has still not been seen after the bound: the appeal is flagged for a clerk to check ' +
    'the reference. It stays pending (not counted) and is still confirmed if the act arrives later.',
  schema: z.strictObject({
    act,
    pendingSince: z.iso.datetime({ offset: true }),
    boundSeconds: z.number().int().positive(),
  }),
  example: {
    act: { kind: 'enforcement-case', ref: 'case-404' },
    pendingSince: '2009-05-20T09:00:00.000Z',
    boundSeconds: 86400,
  },
});

export const actReferenceDisputed = event({
  type: 'appeals.ActReferenceDisputed',
  schemaVersion: 1,
  description:
    'The contested act exists but belongs to another agency than the appeal names, or is of another kind: ' +
    'the appeal stays unconfirmed (not counted) until its reference is corrected.',
  schema: z.strictObject({
    act,
    reason: z.enum(['agency-mismatch']),
    actAgencyId: agencyId,
  }),
  example: {
    act: { kind: 'disclosure-request', ref: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a11' },
    reason: 'agency-mismatch',
    actAgencyId: 'you-county',
  },
});

export const actReferenceCorrected = event({
  type: 'appeals.ActReferenceCorrected',
  schemaVersion: 1,
  description:
    'A clerk corrected the contested act (and with it the agency). actConfirmation says whether the ' +
    'corrected act is already known.',
  schema: z.strictObject({ act, agencyId, actConfirmation: z.enum(ACT_CONFIRMATIONS) }),
  example: {
    act: { kind: 'disclosure-request', ref: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a12' },
    agencyId: 'zhuzhou-city',
    actConfirmation: 'pending',
  },
});

export const appealDecided = event({
  type: 'appeals.AppealDecided',
  schemaVersion: 1,
  description:
    'The reconsideration body decided, or the court judged: 维持 (upheld), 纠正 (corrected/revoked) or ' +
    '其他结果 (other: withdrawn, dismissed, …). Once only; never before the filing.',
  schema: z.strictObject({
    decidedOn: legalDate,
    result: z.enum(APPEAL_RESULTS),
    /** For result `other`: what happened. */
    otherResult: z.enum(OTHER_RESULTS).optional(),
  }),
  example: { decidedOn: '2009-07-10', result: 'upheld' },
});

export type ActReference = z.infer<typeof act>;
export type ReconsiderationFiledData = EventDataOf<typeof reconsiderationFiled>;
export type LawsuitFiledData = EventDataOf<typeof lawsuitFiled>;
export type DecisionDeadlineExtendedData = EventDataOf<typeof decisionDeadlineExtended>;
export type ActConfirmedData = EventDataOf<typeof actConfirmed>;
export type ActConfirmationOverdueData = EventDataOf<typeof actConfirmationOverdue>;
export type ActReferenceDisputedData = EventDataOf<typeof actReferenceDisputed>;
export type ActReferenceCorrectedData = EventDataOf<typeof actReferenceCorrected>;
export type AppealDecidedData = EventDataOf<typeof appealDecided>;

export const appealsContracts: readonly EventContract[] = [
  reconsiderationFiled,
  lawsuitFiled,
  decisionDeadlineExtended,
  actConfirmed,
  actConfirmationOverdue,
  actReferenceDisputed,
  actReferenceCorrected,
  appealDecided,
] as readonly EventContract[];
