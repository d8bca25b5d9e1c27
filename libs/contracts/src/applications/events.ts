// The events of a disclosure request (依申请公开), published on `applications.events` keyed by the
// request id (the stream id). Legal dates are `YYYY-MM-DD` in the agency's calendar (Asia/Shanghai);
// the envelope's `occurredAt` is that date at 00:00+08:00. No personal data: the applicant is a
// pseudonymous `applicantRef`, whose personal data the service keeps apart and can erase.
import { z } from 'zod';
import { defineEvent, type EventVersionHistory } from '../registry.js';
import { textFreeVersion, textNote } from '../free-text.js';
import { agencyIdSchema } from '../agencies/index.js';
import { APPLICANT_TYPES, CHANNELS, CONSULTEES, REGIMES } from './vocabulary.js';
import { concludesByReply, LEGACY_OUTCOMES, type Outcome, outcomeSchema } from './outcomes.js';

const legalDate = z.iso.date();
const agencyId = agencyIdSchema;

const receivedSchemaV1 = z.strictObject({
  agencyId,
  receiptDate: legalDate,
  channel: z.enum(CHANNELS),
  applicantType: z.enum(APPLICANT_TYPES),
  /** Pseudonymous reference to the applicant; personal data stays in the service. */
  applicantRef: z.string().min(1).max(100),
  /** What information is asked for, as the request describes it. */
  informationRequested: z.string().min(1).max(2000),
  regime: z.enum(REGIMES),
});
const received = textFreeVersion(receivedSchemaV1, ['informationRequested']);
const receivedSchema = received.schema;
const clarificationRequestedSchema = z.strictObject({ requestedOn: legalDate, dueOn: legalDate });
const clarificationReceivedSchema = z.strictObject({ receivedOn: legalDate });
const thirdPartyConsultedSchema = z.strictObject({ consultedOn: legalDate, consultee: z.enum(CONSULTEES) });
const consultationOpinionReceivedSchema = z.strictObject({ receivedOn: legalDate });
const deadlineExtendedSchemaV1 = z.strictObject({
  extendedOn: legalDate,
  workingDays: z.number().int().min(1).max(20),
  reason: z.string().min(1).max(500),
});
const extended = textFreeVersion(deadlineExtendedSchemaV1, ['reason']);
const deadlineExtendedSchema = extended.schema;
const feeNoticedSchema = z.strictObject({ noticedOn: legalDate, amountFen: z.number().int().positive() });
const feePaidSchema = z.strictObject({ paidOn: legalDate, amountFen: z.number().int().positive() });
const feeNoticeLapsedSchema = z.strictObject({ lapsedOn: legalDate });
const repliedSchemaV1 = z.strictObject({
  repliedOn: legalDate,
  outcome: outcomeSchema,
  legacyOutcome: z.enum(LEGACY_OUTCOMES).nullable(),
});

/**
 * The statutory reply deadline as it stood when the request was concluded (答复期限, REPORTS §3):
 * - `within` / `late`: the due date in force on repliedOn (time limit of the regime, the extension,
 *   clarification restarting the count, consultation and — 2019 regime — fee pauses; a pause still
 *   open on the reply day is taken to end that day), and whether repliedOn was on or before it;
 * - `unknown`: `calendar-not-on-file` — the holiday arrangement of a year the count runs through is
 *   not on file, so the due date is not guessed; `recorded-before-v2` — the reply was recorded
 *   under version 1, which carried no deadline;
 * - `not-applicable`: the conclusion is the applicant abandoning the request (no clarification,
 *   an unpaid fee: `concludesByReply`), which no time limit applies to.
 */
export const replyDeadlineSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('within'), dueOn: legalDate }),
  z.strictObject({ status: z.literal('late'), dueOn: legalDate }),
  z.strictObject({ status: z.literal('unknown'), reason: z.enum(['calendar-not-on-file', 'recorded-before-v2']) }),
  z.strictObject({ status: z.literal('not-applicable') }),
]);
export type ReplyDeadline = z.infer<typeof replyDeadlineSchema>;

/** Problems with a reply's deadline against its date and outcome (the producer's cross-field check). */
export function replyDeadlineProblems(data: {
  readonly repliedOn: string;
  readonly outcome: Outcome;
  readonly replyDeadline: ReplyDeadline;
}): string[] {
  const d = data.replyDeadline;
  const byReply = concludesByReply(data.outcome);
  if (!byReply)
    return d.status === 'not-applicable'
      ? []
      : ['an abandoned request (no clarification, unpaid fee) has no reply deadline: status not-applicable'];
  if (d.status === 'not-applicable') return ['a reply has a deadline: status within, late or unknown'];
  if (d.status === 'within' && data.repliedOn > d.dueOn)
    return [`repliedOn ${data.repliedOn} is after dueOn ${d.dueOn}: status late`];
  if (d.status === 'late' && data.repliedOn <= d.dueOn)
    return [`repliedOn ${data.repliedOn} is not after dueOn ${d.dueOn}: status within`];
  return [];
}

const repliedSchema = repliedSchemaV1.extend({ replyDeadline: replyDeadlineSchema }).superRefine((data, ctx) => {
  for (const message of replyDeadlineProblems(data)) ctx.addIssue({ code: 'custom', path: ['replyDeadline'], message });
});

/** Version 1 carried no deadline: unknown, unless the outcome is an abandonment, which has none. */
const repliedV1: EventVersionHistory = {
  schemaVersion: 1,
  schema: repliedSchemaV1,
  upcast: (data) => {
    const v1 = data as z.infer<typeof repliedSchemaV1>;
    const replyDeadline: ReplyDeadline = concludesByReply(v1.outcome)
      ? { status: 'unknown', reason: 'recorded-before-v2' }
      : { status: 'not-applicable' };
    return { ...v1, replyDeadline };
  },
};
const withdrawnSchema = z.strictObject({
  withdrawnOn: legalDate,
  outcome: outcomeSchema,
  legacyOutcome: z.enum(LEGACY_OUTCOMES).nullable(),
});

export type DisclosureRequestReceivedData = z.infer<typeof receivedSchema>;
export type ClarificationRequestedData = z.infer<typeof clarificationRequestedSchema>;
export type ClarificationReceivedData = z.infer<typeof clarificationReceivedSchema>;
export type ThirdPartyConsultedData = z.infer<typeof thirdPartyConsultedSchema>;
export type ConsultationOpinionReceivedData = z.infer<typeof consultationOpinionReceivedSchema>;
export type DeadlineExtendedData = z.infer<typeof deadlineExtendedSchema>;
export type FeeNoticedData = z.infer<typeof feeNoticedSchema>;
export type FeePaidData = z.infer<typeof feePaidSchema>;
export type FeeNoticeLapsedData = z.infer<typeof feeNoticeLapsedSchema>;
export type DisclosureRequestRepliedData = z.infer<typeof repliedSchema>;
export type DisclosureRequestWithdrawnData = z.infer<typeof withdrawnSchema>;

export const disclosureRequestReceived = defineEvent<
  'applications.DisclosureRequestReceived',
  DisclosureRequestReceivedData
>({
  type: 'applications.DisclosureRequestReceived',
  schemaVersion: 2,
  history: received.history,
  description:
    'A request for government information was received (本年新收 in the year of receiptDate). ' +
    'receiptDate is the legal receipt date (国办公开办函〔2015〕207号 rules per channel), not when it was recorded. ' +
    'regime is the ordinance whose time limits apply, fixed by receiptDate (before 2019-05-15: 15+15 working days; from it: 20+20).' +
    textNote(['informationRequested']),
  schema: receivedSchema,
  example: {
    agencyId: 'zhuzhou-city',
    receiptDate: '2009-03-02',
    channel: 'email',
    applicantType: 'natural-person',
    applicantRef: 'apl-0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a11',
    regime: 'ordinance-2007',
  },
});

export const clarificationRequested = defineEvent<'applications.ClarificationRequested', ClarificationRequestedData>({
  type: 'applications.ClarificationRequested',
  schemaVersion: 1,
  description:
    'The agency asked the applicant, in one notice, to correct or complete the request (补正). The reply clock ' +
    'stops and restarts from the day the clarification arrives. dueOn is the deadline the notice gave the applicant.',
  schema: clarificationRequestedSchema,
  example: { requestedOn: '2019-06-03', dueOn: '2019-06-17' },
});

export const clarificationReceived = defineEvent<'applications.ClarificationReceived', ClarificationReceivedData>({
  type: 'applications.ClarificationReceived',
  schemaVersion: 1,
  description: 'The clarified request arrived; the reply time limit runs afresh from receivedOn.',
  schema: clarificationReceivedSchema,
  example: { receivedOn: '2019-06-10' },
});

export const thirdPartyConsulted = defineEvent<'applications.ThirdPartyConsulted', ThirdPartyConsultedData>({
  type: 'applications.ThirdPartyConsulted',
  schemaVersion: 1,
  description:
    'The agency asked a third party or another agency for its opinion; the time until the opinion comes back ' +
    'does not count towards the reply time limit.',
  schema: thirdPartyConsultedSchema,
  example: { consultedOn: '2019-06-12', consultee: 'third-party' },
});

export const consultationOpinionReceived = defineEvent<
  'applications.ConsultationOpinionReceived',
  ConsultationOpinionReceivedData
>({
  type: 'applications.ConsultationOpinionReceived',
  schemaVersion: 1,
  description: 'The consulted party answered (or the consultation ended); the reply clock runs again.',
  schema: consultationOpinionReceivedSchema,
  example: { receivedOn: '2019-06-26' },
});

export const deadlineExtended = defineEvent<'applications.DeadlineExtended', DeadlineExtendedData>({
  type: 'applications.DeadlineExtended',
  schemaVersion: 2,
  history: extended.history,
  description:
    'The reply time limit was extended, once, with the approval of the head of the disclosure office and notice ' +
    'to the applicant, by workingDays (at most 15 under the 2007 ordinance, 20 under the 2019 one).' +
    textNote(['reason']),
  schema: deadlineExtendedSchema,
  example: { extendedOn: '2019-07-01', workingDays: 20 },
});

export const feeNoticed = defineEvent<'applications.FeeNoticed', FeeNoticedData>({
  type: 'applications.FeeNoticed',
  schemaVersion: 1,
  description:
    'A fee notice went to the applicant (2007 ordinance: search, copy and postage costs; 2019 ordinance: ' +
    '信息处理费, 国办函〔2020〕109号). amountFen is in fen (0.01 yuan). Under the 2019 ordinance the reply clock ' +
    'pauses until payment.',
  schema: feeNoticedSchema,
  example: { noticedOn: '2021-03-01', amountFen: 10000 },
});

export const feePaid = defineEvent<'applications.FeePaid', FeePaidData>({
  type: 'applications.FeePaid',
  schemaVersion: 1,
  description: 'The applicant paid the noticed fee (counts in 收取费用总数 of the year of paidOn).',
  schema: feePaidSchema,
  example: { paidOn: '2021-03-05', amountFen: 10000 },
});

export const feeNoticeLapsed = defineEvent<'applications.FeeNoticeLapsed', FeeNoticeLapsedData>({
  type: 'applications.FeeNoticeLapsed',
  schemaVersion: 1,
  description:
    'The fee was not paid within 20 working days of the notice: the request is deemed abandoned. It is always ' +
    'followed, in the same commit, by DisclosureRequestReplied with outcome other-processing / fee-unpaid.',
  schema: feeNoticeLapsedSchema,
  example: { lapsedOn: '2021-03-30' },
});

export const disclosureRequestReplied = defineEvent<
  'applications.DisclosureRequestReplied',
  DisclosureRequestRepliedData
>({
  type: 'applications.DisclosureRequestReplied',
  schemaVersion: 2,
  history: [repliedV1],
  description:
    'The request was concluded with exactly one outcome of the national tree (国办公开办函〔2021〕30号), counted ' +
    'in the year of repliedOn. legacyOutcome is what the 2008-era appendix calls it (legacyOutcomeOf in ' +
    '#contracts/applications; null: no 2008-era row, not one of 对申请的答复总数). Version 2 adds replyDeadline: ' +
    'the statutory due date in force on repliedOn and whether the reply was within it (within / late), unknown ' +
    'when the holiday calendar of a year it runs through is not on file, not-applicable when the outcome is the ' +
    'applicant abandoning the request (other-processing / no-clarification or fee-unpaid). Reading a version-1 ' +
    'event gives unknown (recorded-before-v2), or not-applicable for those two outcomes.',
  schema: repliedSchema,
  example: {
    repliedOn: '2009-03-20',
    outcome: { category: 'withheld', reason: 'third-party-rights', thirdPartyInterest: 'trade-secret' },
    legacyOutcome: 'withheld-trade-secret',
    replyDeadline: { status: 'within', dueOn: '2009-03-23' },
  },
});

export const disclosureRequestWithdrawn = defineEvent<
  'applications.DisclosureRequestWithdrawn',
  DisclosureRequestWithdrawnData
>({
  type: 'applications.DisclosureRequestWithdrawn',
  schemaVersion: 1,
  description:
    'The applicant withdrew the request; it is concluded on withdrawnOn. outcome is where it counts in the ' +
    'national table (其他处理 · 其他, WITHDRAWAL_OUTCOME); legacyOutcome is null (no 2008-era row).',
  schema: withdrawnSchema,
  example: {
    withdrawnOn: '2019-06-20',
    outcome: { category: 'other-processing', reason: 'other' },
    legacyOutcome: null,
  },
});
