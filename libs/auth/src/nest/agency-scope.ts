// Who may see which agency's records in lists (ADR 0004): a filter narrowed to what the caller may
// read — their own agency and those below it — and 403 when it reaches outside.
import { z } from 'zod';
import { principalOf, scopeAgencyFilter } from './access.js';
import { agencyIdSchema, agencyCondition } from '#contracts';

export const agencyQuery = {
  agencyId: agencyIdSchema.optional(),
  withSubordinates: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('with agencyId: include the bureaus below it'),
};

/** The `where` fragment on `agencyId` for a list: what was asked, within what the caller may read. */
export function agencyWhere(
  req: unknown,
  asked: { agencyId?: string | undefined; withSubordinates?: boolean | undefined },
): { agencyId?: string | { $in: string[] } } {
  const scope = scopeAgencyFilter(principalOf(req), asked);
  return agencyCondition(scope.agencyId, scope.withSubordinates);
}
