// Request schemas of the violation-case routes (zod: 400 naming field and rule; shown in OpenAPI).
import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
import {
  CASE_LEVELS,
  COERCIVE_MEASURES,
  PENALTY_KINDS,
  VIOLATION_KINDS,
  VIOLATION_SOURCES,
} from '#contracts/enforcement';
import { dateRangeWhere } from '#contracts/legal-time';
import { type ListFilter } from '#event-sourcing/http';

const date = z.iso.date();
const reference = z.string().trim().min(1).max(60);

export const discoverBody = z.strictObject({
  agencyId: agencyIdSchema,
  kind: z.enum(VIOLATION_KINDS).describe('land = 违法用地, mining = 违法采矿'),
  source: z.enum(VIOLATION_SOURCES).describe('patrol = 动态巡查, satellite = 卫片, report = 举报, other = 其他'),
  discoveredOn: date,
  areaMu: z.number().describe('area concerned in mu (亩), ≥ 0'),
});
export const stopBody = z.strictObject({ stoppedOn: date });
export const fileBody = z.strictObject({ filedOn: date, caseNumber: reference.optional() });
export const penaltyBody = z.strictObject({
  decidedOn: date,
  decisionNumber: reference.optional(),
  penalties: z.array(z.enum(PENALTY_KINDS)).min(1).max(PENALTY_KINDS.length),
  fineYuan: z.number().optional(),
});
export const coerciveBody = z.strictObject({
  decidedOn: date,
  decisionNumber: reference.optional(),
  measure: z.enum(COERCIVE_MEASURES),
});
export const closeBody = z.strictObject({ closedOn: date });

const listCasesFields = {
  level: z.enum(CASE_LEVELS).optional(),
  kind: z.enum(VIOLATION_KINDS).optional(),
  source: z.enum(VIOLATION_SOURCES).optional(),
  status: z.enum(['discovered', 'filed', 'closed']).optional(),
  from: date.optional().describe('discoveredOn on or after'),
  to: date.optional().describe('discoveredOn on or before'),
};

/** The list's own filters (beyond agency and paging) and the `where` they make. */
export const listCasesFilter: ListFilter<typeof listCasesFields> = {
  query: listCasesFields,
  where: (q) => ({
    ...(q.level ? { level: q.level } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.source ? { source: q.source } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...dateRangeWhere('discoveredOn', q.from, q.to),
  }),
};
