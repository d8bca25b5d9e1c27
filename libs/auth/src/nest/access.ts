// What a route handler checks itself, once it knows a case's agency: the guard has already decided
// who may call the route at all. Each check answers 403 naming the rule.
import {
  ForbiddenException,
  InternalServerErrorException,
  UnprocessableEntityException,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import { agencyProblem } from '#contracts';
import {
  canRead,
  hasAnyRole,
  isOwnAgency,
  scopedFilter,
  type AgencyFilter,
  type Principal,
  type Role,
} from '../principal.js';

/** Where the guard leaves the caller on the request. */
export interface RequestWithPrincipal {
  principal?: Principal;
}

/** The caller of this request (set by the service's auth guard). */
export function principalOf(req: unknown): Principal {
  const principal = (req as RequestWithPrincipal | undefined)?.principal;
  // Only a route outside the guard's reach could get here without one: a wiring mistake, not the caller's.
  if (!principal) throw new InternalServerErrorException('no authenticated caller on this request');
  return principal;
}

/** `@CurrentPrincipal() principal: Principal` in a handler's parameters. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal =>
  principalOf(ctx.switchToHttp().getRequest()),
);

const forbidden = (rule: string, message: string): ForbiddenException =>
  new ForbiddenException({ statusCode: 403, error: 'Forbidden', message, rule });

export function requireRole(p: Principal, roles: readonly Role[], action = 'do this'): void {
  if (!hasAnyRole(p, roles)) throw forbidden('auth.role', `only ${roles.join(' or ')} may ${action}`);
}

/** Reading a case or report of `agencyId`: the caller's agency or one below it. */
export function requireReadable(p: Principal, agencyId: string): void {
  if (!canRead(p, agencyId)) {
    throw forbidden('auth.agency', `${p.sub} of ${p.agencyId} may not read the cases of ${agencyId}`);
  }
}

/** Changing a case of `agencyId`, or seeing its personal data: the caller's own agency only. */
export function requireOwnAgency(p: Principal, agencyId: string): void {
  // An agency the registry does not know is a bad request naming agencyId (ADR 0014), not a question
  // of whose it is: refused before any case is loaded or anything appended.
  const unknown = agencyProblem(agencyId);
  if (unknown) {
    throw new UnprocessableEntityException({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: unknown.message,
      rule: unknown.rule,
      violations: [{ field: unknown.field, rule: unknown.rule, message: unknown.message }],
    });
  }
  if (!isOwnAgency(p, agencyId)) {
    throw forbidden('auth.agency', `${p.sub} of ${p.agencyId} may not act on the cases of ${agencyId}`);
  }
}

/**
 * The agency check of a command on an existing case (`CommandOptions.mayActFor`): run on the
 * command's own load of the case, so the controller does not read the case first to check it.
 */
export function actingFor(req: unknown): (agencyId: string) => void {
  const caller = principalOf(req);
  return (agencyId) => requireOwnAgency(caller, agencyId);
}

/** A list or count filter narrowed to what the caller may read; 403 when it reaches outside. */
export function scopeAgencyFilter(
  p: Principal,
  asked: AgencyFilter,
): { agencyId: string | undefined; withSubordinates: boolean } {
  const scoped = scopedFilter(p, asked);
  if (!scoped) {
    throw forbidden('auth.agency', `${p.sub} of ${p.agencyId} may not read the cases of ${asked.agencyId ?? '(all)'}`);
  }
  return scoped;
}
