// Feeds an expanded scenario to running services over HTTP — the same APIs a clerk uses.
// Cases run concurrently; the steps of one case run in order, each change carrying the If-Match
// of the previous answer. Every step carries an Idempotency-Key, so a feed that is interrupted
// and run again completes without duplicating anything.
import { AGENCY_IDS } from '#contracts';
import { type ConcreteCase } from './expand.js';

export interface FeedOptions {
  /** Base URL of the services, e.g. http://127.0.0.1:3000 (embedded) — or one per service prefix. */
  readonly baseUrlFor: (path: string) => string;
  readonly concurrency?: number;
  readonly actor?: string;
  /** A bearer token for a clerk of the agency (clerks change only their own agency's cases). */
  readonly tokenFor?: (agencyId: string) => string;
  /** The agency when a case's first step does not name one. */
  readonly defaultAgencyId?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export class ScenarioStepError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${step} → ${status}: ${body.slice(0, 500)}`);
    this.name = 'ScenarioStepError';
  }
}

/** The agency a case belongs to: its first step's `agencyId`, or one named in its path. */
export function agencyOfCase(c: ConcreteCase, agencyIds: readonly string[], fallback?: string): string | undefined {
  const first = c.steps[0];
  const fromBody = (first?.body as { agencyId?: unknown } | undefined)?.agencyId;
  if (typeof fromBody === 'string') return fromBody;
  return first?.path.split('/').find((segment) => agencyIds.includes(segment)) ?? fallback;
}

async function runCase(c: ConcreteCase, options: FeedOptions): Promise<void> {
  const agencyId = agencyOfCase(c, AGENCY_IDS, options.defaultAgencyId);
  let id: string | undefined;
  let etag: string | undefined;
  for (const step of c.steps) {
    const path = id ? step.path.replaceAll('{{id}}', id) : step.path;
    const json = step.contentType === 'application/json';
    const text = json ? JSON.stringify(step.body) : String(step.body);
    const body = id ? text.replaceAll('{{id}}', id) : text;
    const headers: Record<string, string> = {
      'content-type': step.contentType,
      'idempotency-key': step.idempotencyKey,
      'x-actor': options.actor ?? 'scenario',
    };
    if (step.ifMatch && etag) headers['if-match'] = etag;
    if (options.tokenFor && agencyId) headers.authorization = `Bearer ${options.tokenFor(agencyId)}`;
    const res = await fetch(`${options.baseUrlFor(path)}${path}`, { method: step.method, headers, body });
    const answer = await res.text();
    if (!res.ok) throw new ScenarioStepError(`${step.method} ${path} (${c.template} #${c.n})`, res.status, answer);
    etag = res.headers.get('etag') ?? etag;
    if (id === undefined) {
      const parsed = answer ? (JSON.parse(answer) as { id?: unknown }) : {};
      if (typeof parsed.id === 'string') id = parsed.id;
    }
  }
}

export async function feedScenario(cases: readonly ConcreteCase[], options: FeedOptions): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++]!;
      await runCase(c, options);
      options.onProgress?.(++done, cases.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, cases.length) }, worker));
}
