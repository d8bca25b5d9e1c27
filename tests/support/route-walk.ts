// Walks every operation of an OpenAPI document as an attacker would (issue 13): no token, a token
// with none of the roles the operation names (`x-roles`), the path upper-cased, percent-encoded
// and with a trailing slash. What may come back: 401 without a token, 403 with a wrong role, 404 for
// every path variant (routing is exact) — never a 2xx where the caller may not, never a 5xx.
import { ROLES, type Role } from '#auth';

interface Operation {
  readonly 'x-roles'?: readonly Role[];
  readonly 'x-public'?: boolean;
}
export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
}

export interface Probe {
  readonly method: string;
  readonly path: string;
  readonly variant: string;
  /** The role set of the token sent; none for no token. */
  readonly roles?: readonly Role[];
  /** What the answer must be one of. */
  readonly expect: readonly number[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A value for a path parameter: well-formed enough that only access can stop the request. */
export function sampleParam(name: string): string {
  if (/agency/i.test(name)) return 'zhuzhou-city';
  if (/year/i.test(name)) return '2009';
  if (/partition|offset|version/i.test(name)) return '0';
  if (/topic/i.test(name)) return 'applications.events.dlq';
  return '0190b1a0-0000-7000-8000-000000000000';
}

export const fillPath = (template: string): string =>
  template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(sampleParam(name)));

/** The first letter of the path's first segment written as %XX: the same path to a lenient router. */
export function percentEncodeFirstLetter(path: string): string {
  return path.replace(/^\/([A-Za-z])/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The same for the path's last segment without a parameter. */
export function percentEncodeLastStaticSegment(template: string): string | undefined {
  const segments = template.split('/');
  for (let i = segments.length - 1; i > 1; i--) {
    const s = segments[i]!;
    if (/^[A-Za-z]/.test(s) && !s.includes('{')) {
      segments[i] = `%${s.charCodeAt(0).toString(16).toUpperCase()}${s.slice(1)}`;
      return fillPath(segments.join('/'));
    }
  }
  return undefined;
}

/** Whether a concrete path is another documented route's (one with a parameter where it differs). */
export function isRouteOf(templates: readonly string[], path: string): boolean {
  return templates.some((t) =>
    new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`).test(path),
  );
}

/** Every probe of every operation of a document. */
export function probesOf(document: OpenApiDocument): Probe[] {
  const probes: Probe[] = [];
  const templates = Object.keys(document.paths);
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const m = method.toUpperCase();
      const path = fillPath(template);
      const isPublic = operation['x-public'] === true;
      const allowed = operation['x-roles'] ?? [];
      if (!isPublic) {
        probes.push({ method: m, path, variant: 'no token', expect: [401] });
        const wrong = ROLES.filter((r) => !allowed.includes(r));
        if (wrong.length > 0) probes.push({ method: m, path, variant: 'wrong role', roles: wrong, expect: [403] });
      }
      const variants: [string, string | undefined][] = [
        ['upper case', path.toUpperCase()],
        ['service letter percent-encoded', percentEncodeFirstLetter(path)],
        ['last segment letter percent-encoded', percentEncodeLastStaticSegment(template)],
        ['trailing slash', `${path}/`],
      ];
      for (const [variant, p] of variants) {
        // A variant another route answers (`/x/%63ounts` is `/x/{id}`) is that route's business, not this one's.
        if (p === undefined || p === path || isRouteOf(templates, p)) continue;
        // Every role, so that only exact routing can stop it; and no token, so the 404 cannot be a 401.
        probes.push({ method: m, path: p, variant, roles: ROLES, expect: [404] });
        probes.push({ method: m, path: p, variant: `${variant}, no token`, expect: [404] });
      }
    }
  }
  return probes;
}

export interface ProbeResult extends Probe {
  readonly status: number;
}

/** Sends each probe (tokens from `tokenFor`); returns those whose answer was not one they allow. */
export async function walk(
  baseUrl: string,
  probes: readonly Probe[],
  tokenFor: (roles: readonly Role[]) => string,
): Promise<ProbeResult[]> {
  const wrong: ProbeResult[] = [];
  for (const probe of probes) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-actor': 'anyone' };
    if (probe.roles) headers.authorization = `Bearer ${tokenFor(probe.roles)}`;
    const res = await fetch(`${baseUrl}${probe.path}`, {
      method: probe.method,
      headers,
      ...(probe.method === 'GET' ? {} : { body: '{}' }),
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer();
    if (!probe.expect.includes(res.status)) wrong.push({ ...probe, status: res.status });
  }
  return wrong;
}
