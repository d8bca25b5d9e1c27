// Request schemas of the consultation routes: validated with zod (400 naming field and rule) and
// shown in the OpenAPI document.
import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
import { CONSULTATION_CHANNELS } from '#contracts/consultations';

export const receiveConsultationBody = z.strictObject({
  agencyId: agencyIdSchema,
  channel: z.enum(CONSULTATION_CHANNELS).describe('online = 网上咨询, on-site = 现场接待, phone = 咨询电话'),
  receivedOn: z.iso.date().describe('legal receipt date, YYYY-MM-DD (Asia/Shanghai)'),
  topic: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
    .optional()
    .describe('a topic code such as land-registration; free text is not kept'),
});

export const answerConsultationBody = z.strictObject({ answeredOn: z.iso.date() });

/** The list's own filters (the kernel adds the agency scope and paging around them). */
export const consultationFilters = {
  channel: z.enum(CONSULTATION_CHANNELS).optional(),
  status: z.enum(['received', 'answered']).optional(),
  from: z.iso.date().optional().describe('receivedOn on or after'),
  to: z.iso.date().optional().describe('receivedOn on or before'),
};
