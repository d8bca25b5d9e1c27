import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
import { PUBLICATION_CATEGORIES } from '#contracts/publications';
import { dateRangeWhere } from '#contracts/legal-time';
import { type ListFilter } from '#event-sourcing/http';
import { booleanParam, legalDate } from '#http';

export const recordPublicationBody = z.strictObject({
  agencyId: agencyIdSchema,
  title: z.string().trim().min(1).max(500),
  category: z.enum(PUBLICATION_CATEGORIES),
  fullTextElectronic: z.boolean().describe('全文电子化: the full text is available electronically'),
  publishedOn: legalDate,
});

export const retractPublicationBody = z.strictObject({ retractedOn: legalDate, reason: z.string().min(1).max(500) });

const listFields = {
  category: z.enum(PUBLICATION_CATEGORIES).optional(),
  fullTextElectronic: booleanParam.optional(),
  status: z.enum(['published', 'retracted']).optional(),
  publishedFrom: legalDate.optional(),
  publishedTo: legalDate.optional(),
};

/** The list's own filters (beyond agency and paging) and the `where` they make. */
export const listPublicationsFilter: ListFilter<typeof listFields> = {
  query: listFields,
  where: (q) => ({
    ...(q.category ? { category: q.category } : {}),
    ...(q.fullTextElectronic !== undefined ? { fullTextElectronic: q.fullTextElectronic } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...dateRangeWhere('publishedOn', q.publishedFrom, q.publishedTo),
  }),
};

export const yearCountQuery = z.strictObject({
  agencyId: agencyIdSchema.optional(),
  withSubordinates: booleanParam.optional(),
  year: z.coerce.number().int().min(2000).max(2100),
});
