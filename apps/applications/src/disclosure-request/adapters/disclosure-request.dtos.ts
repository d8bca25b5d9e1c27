// Request bodies and query strings of the disclosure-request API. Shapes and formats are checked
// here (400 naming each field); business rules — the outcome tree included — by the domain (422/409).
import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
import {
  APPLICANT_TYPES,
  CHANNELS,
  CONSULTEES,
  NOT_HELD_BECAUSE,
  OUTCOME_TREE,
  outcomeSchema,
  THIRD_PARTY_INTERESTS,
} from '#contracts/applications';
import { REQUEST_STATUSES } from '../application/disclosure-request.stream.js';
import { booleanParam, documentAs, legalDate, pagingQuery } from '#http';

export const requestIdParam = z.uuid({ message: 'must be a request id (UUID)' });

export const applicantBody = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('person, or organisation for 法人或其他组织'),
  contactPerson: z.string().trim().min(1).max(200).optional(),
  idNumber: z.string().trim().min(1).max(50).optional().describe('身份证号 or 统一社会信用代码'),
  phone: z.string().trim().min(1).max(50).optional(),
  email: z.email().max(200).optional(),
  address: z.string().trim().min(1).max(500).optional(),
});

export const receiveRequestBody = z
  .strictObject({
    agencyId: agencyIdSchema,
    receiptDate: legalDate.describe('the legal receipt date (国办公开办函〔2015〕207号), not the recording time'),
    channel: z
      .enum(CHANNELS)
      .describe('当面 in-person, 传真 fax, 电子邮件 email, 网上 online, 信函 letter, 其他 other'),
    applicantType: z
      .enum(APPLICANT_TYPES)
      .describe('自然人, or 法人或其他组织: 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他'),
    informationRequested: z.string().trim().min(1).max(2000),
    applicant: applicantBody.optional().describe('personal data of a new applicant (kept apart from the events)'),
    applicantRef: z.string().min(1).max(100).optional().describe('or: the reference of an applicant on file'),
  })
  .refine((b) => (b.applicant === undefined) !== (b.applicantRef === undefined), {
    path: ['applicant'],
    message: 'give either applicant (a new applicant) or applicantRef (one on file), not both',
  });

export const requestClarificationBody = z.strictObject({
  requestedOn: legalDate,
  dueOn: legalDate.describe('the date the notice gives the applicant to clarify by'),
});
export const receiveClarificationBody = z.strictObject({ receivedOn: legalDate });
export const consultBody = z.strictObject({ consultedOn: legalDate, consultee: z.enum(CONSULTEES) });
export const consultationOpinionBody = z.strictObject({ receivedOn: legalDate });
export const extendBody = z.strictObject({
  extendedOn: legalDate,
  workingDays: z.number().int().optional().describe('default: the most the regime allows (15 or 20)'),
  reason: z.string().min(1).max(500),
});
export const noticeFeeBody = z.strictObject({
  noticedOn: legalDate,
  amountFen: z.number().int().describe('in fen (0.01 yuan)'),
});
export const payFeeBody = z.strictObject({ paidOn: legalDate });
export const lapseFeeBody = z.strictObject({ lapsedOn: legalDate });

const treeText = Object.entries(OUTCOME_TREE)
  .map(([c, reasons]) => (reasons.length ? `${c}: ${reasons.join(' | ')}` : c))
  .join('; ');

export const replyBody = z.strictObject({
  repliedOn: legalDate,
  // Checked by the domain (422 naming the field and the tree's rule); documented as the tree itself.
  outcome: documentAs(
    z
      .strictObject({
        category: z.string().min(1).max(50),
        reason: z.string().min(1).max(80).optional(),
        thirdPartyInterest: z
          .string()
          .optional()
          .describe(`with withheld/third-party-rights: ${THIRD_PARTY_INTERESTS.join(' | ')}`),
        notHeldBecause: z
          .string()
          .optional()
          .describe(`with cannot-provide/not-held: ${NOT_HELD_BECAUSE.join(' | ')}`),
      })
      .describe(`exactly one outcome of the national tree — ${treeText}`),
    outcomeSchema,
  ),
});
export const withdrawBody = z.strictObject({ withdrawnOn: legalDate });

export const listRequestsQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  withSubordinates: booleanParam.optional().describe('with agencyId: include the county bureaus below it'),
  status: z.enum([...REQUEST_STATUSES, 'open', 'concluded']).optional(),
  receivedFrom: legalDate.optional(),
  receivedTo: legalDate.optional(),
  concludedFrom: legalDate.optional(),
  concludedTo: legalDate.optional(),
  overdue: booleanParam.optional().describe('true: open requests whose due date is before asOf'),
  dueWithinWorkingDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(40)
    .optional()
    .describe('open requests due from asOf to this many working days after it'),
  asOf: legalDate.optional().describe('the day overdue and due-soon are judged on (default today)'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('words of what information is asked for (each must occur; letter case ignored)'),
  sort: z.enum(['receiptDate', 'dueDate']).default('receiptDate'),
  ...pagingQuery,
});

export const deadlineSummaryQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  withSubordinates: booleanParam.optional(),
  asOf: legalDate.optional(),
  dueSoonWorkingDays: z.coerce.number().int().min(0).max(40).default(5),
});
