// Feeds an expanded scenario to running services over HTTP — the same APIs a clerk uses.
// Cases run concurrently; the steps of one case run in order, each change carrying the If-Match
// of the previous answer. Every step carries an Idempotency-Key, so a feed that is interrupted
// and run again completes without duplicating anything.
//
// It also survives a service that is briefly unavailable, as the README tells every client to: a
// step answered 503, 429 or any other 5xx, or whose connection broke, is sent again with the SAME
// Idempotency-Key and If-Match — a first attempt that did commit answers the retry with its first
// result instead of recording anything twice — after the Retry-After the service asked for (else a
// backoff from 200 ms to 2 s), until the step's deadline. Any other 4xx is a real error.
import { agencies } from '#contracts';
import { type ConcreteCase } from './expand.js';

export interface FeedOptions {
  /**
   * Base URL of the services for a route, e.g. http://127.0.0.1:3000 (embedded) — or one per service
   * prefix; the case lets a caller spread cases over replicas (every step of a case goes to one).
   */
  readonly baseUrlFor: (path: string, c: ConcreteCase) => string;
  readonly concurrency?: number;
  readonly actor?: string;
  /** A bearer token for a clerk of the agency (clerks change only their own agency's cases), per base URL. */
  readonly tokenFor?: (agencyId: string, baseUrl: string) => string;
  /** The agency when a case's first step does not name one. */
  readonly defaultAgencyId?: string;
  readonly onProgress?: (done: number, total: number) => void;
  /** Give up on one step when it still fails this long after its first attempt. Default 180 s. */
  readonly stepDeadlineMs?: number;
  /** Bound on one attempt. Default 30 s. */
  readonly attemptTimeoutMs?: number;
}

export interface FeedStats {
  /** Steps answered (after their retries). */
  requests: number;
  /** Attempts that failed with a 5xx, a 429 or a broken connection and were sent again. */
  retries: number;
  /** Steps answered per base URL (which process took the write). */
  readonly byBaseUrl: Map<string, number>;
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

const DEFAULT_STEP_DEADLINE_MS = 180_000;
const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;
const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 2000;

/** Whether an answer means "not now" rather than "no": the same request may succeed later. */
export const retryableStatus = (status: number): boolean => status === 429 || status >= 500;

/**
 * Retry-After (RFC 9110 §10.2.3) in milliseconds from `nowMs`: delay-seconds or an HTTP date;
 * undefined when absent or unreadable (the caller's backoff applies).
 */
export function retryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its weekday (`Wed, 21 Oct 2015 07:28:00 GMT`); Date.parse reads '-1' as a year.
  if (!/^[A-Za-z]{3}, /.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The wait before the next attempt: what the service asked for, never less than the backoff. */
export const nextWaitMs = (backoffMs: number, askedMs: number | undefined): number => Math.max(backoffMs, askedMs ?? 0);

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly etag: string | null;
}

async function send(
  url: string,
  init: RequestInit,
  step: string,
  options: FeedOptions,
  stats: FeedStats,
): Promise<Answer> {
  const deadline = Date.now() + (options.stepDeadlineMs ?? DEFAULT_STEP_DEADLINE_MS);
  let backoff = FIRST_BACKOFF_MS;
  for (;;) {
    let failure: string;
    let asked: number | undefined;
    try {
      const res = await fetch(url, {
        ...init,
        signal: AbortSignal.timeout(options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS),
      });
      const text = await res.text();
      if (!retryableStatus(res.status)) return { status: res.status, text, etag: res.headers.get('etag') };
      failure = `${res.status} ${text.slice(0, 200)}`;
      asked = retryAfterMs(res.headers.get('retry-after'), Date.now());
    } catch (err) {
      failure = (err as Error).message;
    }
    const wait = nextWaitMs(backoff, asked);
    if (Date.now() + wait > deadline) {
      throw new Error(`${step} still failing at its deadline (${failure})`);
    }
    stats.retries++;
    await new Promise((resolve) => setTimeout(resolve, wait));
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
}

/** The agency a case belongs to: its first step's `agencyId`, or one named in its path. */
export function agencyOfCase(c: ConcreteCase, agencyIds: readonly string[], fallback?: string): string | undefined {
  const first = c.steps[0];
  const fromBody = (first?.body as { agencyId?: unknown } | undefined)?.agencyId;
  if (typeof fromBody === 'string') return fromBody;
  return first?.path.split('/').find((segment) => agencyIds.includes(segment)) ?? fallback;
}

async function runCase(c: ConcreteCase, options: FeedOptions, stats: FeedStats): Promise<void> {
  const agencyId = agencyOfCase(c, agencies().ids(), options.defaultAgencyId);
  let id: string | undefined;
  let etag: string | undefined;
  for (const step of c.steps) {
    const path = id ? step.path.replaceAll('{{id}}', id) : step.path;
    const json = step.contentType === 'application/json';
    const text = json ? JSON.stringify(step.body) : String(step.body);
    const body = id ? text.replaceAll('{{id}}', id) : text;
    const baseUrl = options.baseUrlFor(path, c);
    const headers: Record<string, string> = {
      'content-type': step.contentType,
      'idempotency-key': step.idempotencyKey,
      'x-actor': options.actor ?? 'scenario',
    };
    if (step.ifMatch && etag) headers['if-match'] = etag;
    if (options.tokenFor && agencyId) headers.authorization = `Bearer ${options.tokenFor(agencyId, baseUrl)}`;
    const name = `${step.method} ${path} (${c.template} #${c.n})`;
    const answer = await send(`${baseUrl}${path}`, { method: step.method, headers, body }, name, options, stats);
    stats.requests++;
    stats.byBaseUrl.set(baseUrl, (stats.byBaseUrl.get(baseUrl) ?? 0) + 1);
    if (answer.status < 200 || answer.status >= 300) throw new ScenarioStepError(name, answer.status, answer.text);
    etag = answer.etag ?? etag;
    if (id === undefined) {
      const parsed = answer.text ? (JSON.parse(answer.text) as { id?: unknown }) : {};
      if (typeof parsed.id === 'string') id = parsed.id;
    }
  }
}

export async function feedScenario(cases: readonly ConcreteCase[], options: FeedOptions): Promise<FeedStats> {
  const stats: FeedStats = { requests: 0, retries: 0, byBaseUrl: new Map() };
  // One iterator shared by the workers: each takes the next case not yet taken.
  const queue = cases.values();
  let done = 0;
  const worker = async (): Promise<void> => {
    for (const c of queue) {
      await runCase(c, options, stats);
      options.onProgress?.(++done, cases.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, cases.length) }, worker));
  return stats;
}
