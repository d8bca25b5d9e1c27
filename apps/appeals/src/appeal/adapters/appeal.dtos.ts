// Request schemas of the appeal routes (zod: 400 naming field and rule; shown in OpenAPI).
import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
import { ACT_KINDS, APPEAL_RESULTS, OTHER_RESULTS } from '#contracts/appeals';
import { dateRangeWhere } from '#contracts/legal-time';
import { type Where } from '#event-sourcing/read-model';

const date = z.iso.date();
/**
 * A case is named by its id (a UUID), never by free text: whatever is typed here goes into the
 * appeal's events and onto the public topic, so a name or phone number must not fit (DESIGN §4).
 */
const caseId = (what: string) => z.uuid({ message: `must be the id (UUID) of ${what}` });
const act = z.strictObject({
  kind: z
    .enum(ACT_KINDS)
    .describe('disclosure-request: the reply to a request; enforcement-case: a decision on a case'),
  ref: caseId('the request or case').describe('the stream id of the request or case'),
});

export const reconsiderationBody = z.strictObject({
  agencyId: agencyIdSchema.describe('the agency whose act is contested'),
  act,
  knownOn: date.describe('when the applicant knew of the act: the 60-day window runs from it'),
  filedOn: date,
  acceptedOn: date.optional().describe('defaults to filedOn; the 60-day decision clock runs from it'),
});

export const lawsuitBody = z.discriminatedUnion('route', [
  z.strictObject({
    route: z.literal('direct').describe('未经复议直接起诉'),
    agencyId: agencyIdSchema,
    act,
    knownOn: date,
    filedOn: date,
    acceptedOn: date.optional(),
  }),
  z.strictObject({
    route: z.literal('after-reconsideration').describe('复议后起诉: same act and agency as the reconsideration'),
    reconsiderationId: caseId('the reconsideration'),
    filedOn: date,
    acceptedOn: date.optional(),
  }),
]);

export const extendBody = z.strictObject({ days: z.number().int().describe('1 to 30') });
export const decideBody = z.strictObject({
  decidedOn: date,
  result: z.enum(APPEAL_RESULTS).describe('upheld = 维持, corrected = 纠正, other = 其他结果'),
  otherResult: z.enum(OTHER_RESULTS).optional(),
});
export const correctActBody = z.strictObject({ agencyId: agencyIdSchema, act });

/** The list's own filters (the kernel adds the agency scope and paging around them). */
export const appealFilters = {
  kind: z.enum(['reconsideration', 'lawsuit-direct', 'lawsuit-after-reconsideration']).optional(),
  status: z.enum(['pending', 'decided']).optional().describe('pending = 尚未审结'),
  actStatus: z.enum(['confirmed', 'pending', 'disputed']).optional(),
  actOverdue: z.enum(['true', 'false']).optional().describe('flagged: the act was not seen within the bound'),
  actRef: caseId('the request or case').optional(),
  from: date.optional().describe('filedOn on or after'),
  to: date.optional().describe('filedOn on or before'),
};

/** The view fields the filters select on. */
export const appealsWhere = (q: z.output<z.ZodObject<typeof appealFilters>>): Where => ({
  ...(q.kind ? { kind: q.kind } : {}),
  ...(q.status ? { status: q.status } : {}),
  ...(q.actStatus ? { actStatus: q.actStatus } : {}),
  ...(q.actOverdue ? { actOverdue: q.actOverdue === 'true' } : {}),
  ...(q.actRef ? { actRef: q.actRef } : {}),
  ...dateRangeWhere('filedOn', q.from, q.to),
});
