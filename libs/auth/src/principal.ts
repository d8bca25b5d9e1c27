// Who is calling, and what they may do (issue 8).
//
// Roles: a `clerk` records and works the cases of their agency; a `supervisor` does too and approves
// what the law wants approved (a deadline extension needs the head of the disclosure office's
// consent, 2019 条例第三十三条) and erases personal data; an `auditor` reads cases and reports but
// changes nothing; `operations` runs the services (health, metrics, dead letters) and sees no case;
// an `administrator` keeps the agency registry (registers, renames, ends agencies: ADR 0014) and sees
// no case either.
//
// Agency scope: every user belongs to one agency (REPORTS §5). They change only their own agency's
// cases; they read their own agency's and those of the agencies below it — a county bureau sees its
// own, the city bureau the roll-up of all six.
import { agencies, agencyAndDescendants, isAgencyId } from '#contracts';
import { TokenRejected, type JwtClaims } from './jwt.js';

export const ROLES = ['clerk', 'supervisor', 'auditor', 'operations', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** Who may read cases and reports. */
export const READ_ROLES: readonly Role[] = ['clerk', 'supervisor', 'auditor'];
/** Who may record and change cases. */
export const WRITE_ROLES: readonly Role[] = ['clerk', 'supervisor'];

/** A user id as events carry it in `actor` (the command protocol's X-Actor rule). */
export const SUBJECT_PATTERN = /^[A-Za-z0-9._:@-]{1,100}$/;

export interface Principal {
  /** The user id, recorded as the `actor` of what they do. */
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly agencyId: string;
  /**
   * False only when authentication is switched off (AUTH_DISABLED=true, development): nobody was
   * authenticated and every check lets the caller through.
   */
  readonly authenticated: boolean;
}

/**
 * The caller when authentication is switched off: anyone, allowed everything; their agency is the
 * top of the registry in force (a registry is never empty).
 */
export const UNAUTHENTICATED: Principal = Object.freeze({
  sub: 'anonymous',
  roles: ROLES,
  get agencyId(): string {
    return agencies().top();
  },
  authenticated: false,
});

/** The claims a token must carry: `sub`, `roles` (a non-empty list of known roles), `agencyId`. */
export function principalFromClaims(claims: JwtClaims): Principal {
  const { sub, roles, agencyId } = claims;
  if (typeof sub !== 'string' || !SUBJECT_PATTERN.test(sub)) {
    throw new TokenRejected('claims', 'the token names no valid user (sub)');
  }
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
    throw new TokenRejected('claims', `the token's roles must be a non-empty list of ${ROLES.join(', ')}`);
  }
  if (typeof agencyId !== 'string' || !isAgencyId(agencyId)) {
    throw new TokenRejected('claims', 'the token names no known agency (agencyId)');
  }
  return { sub, roles: [...new Set(roles)], agencyId, authenticated: true };
}

export const hasAnyRole = (p: Principal, roles: readonly Role[]): boolean =>
  !p.authenticated || p.roles.some((r) => roles.includes(r));

/** The agencies whose cases and reports `p` may read: their own and those below it. */
export const readableAgencies = (p: Principal): string[] =>
  p.authenticated ? agencyAndDescendants(p.agencyId) : agencies().ids();

export const canRead = (p: Principal, agencyId: string): boolean => readableAgencies(p).includes(agencyId);

/** Changing a case, or seeing its applicant's personal data, is for the case's own agency. */
export const isOwnAgency = (p: Principal, agencyId: string): boolean => !p.authenticated || p.agencyId === agencyId;

export interface AgencyFilter {
  readonly agencyId?: string | undefined;
  readonly withSubordinates?: boolean | undefined;
}

/**
 * A list or count filter narrowed to what `p` may read: the agency asked for must be readable (its
 * subordinates then are too); none asked for means all `p` may read — everything for the city, the
 * county's own for a county bureau. Undefined when the filter reaches outside.
 */
export function scopedFilter(
  p: Principal,
  asked: AgencyFilter,
): { agencyId: string | undefined; withSubordinates: boolean } | undefined {
  const withSubordinates = asked.withSubordinates ?? false;
  if (asked.agencyId !== undefined)
    return canRead(p, asked.agencyId) ? { agencyId: asked.agencyId, withSubordinates } : undefined;
  const all = agencies().ids();
  const readable = readableAgencies(p);
  if (readable.length === all.length) return { agencyId: undefined, withSubordinates };
  return { agencyId: p.agencyId, withSubordinates: true };
}
